//! `ImageStore::pull`: resolve the manifest, fetch missing blobs into the cache,
//! and unpack each manifest digest once into its shared read-only rootfs.

use std::os::unix::fs::DirBuilderExt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::{StreamExt, TryStreamExt};

use super::blobs::{self, PendingBlob};
use super::config::ImageConfig;
use super::credentials::RegistryCredentials;
use super::digest::sha256_hex;
use super::error::ImageError;
use super::layout::temp_in;
use super::lock::{FileLock, Mode};
use super::manifest::{LayerDesc, ManifestPlan};
use super::oci_layout::LayoutSource;
use super::reference::ImageReference;
use super::registry::RegistrySource;
use super::store::{ImageRecord, ImageStore};
use super::unpack::unpack_layers;

/// Layers downloaded at once: enough to hide per-request latency, few enough
/// not to starve other pulls or open many files.
const PARALLEL_LAYERS: usize = 3;

/// Download progress, reported as blobs arrive (from several layers at once;
/// `bytes_done` only grows). Layers already cached count as done at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PullProgress {
    pub layers_total: usize,
    pub layers_done: usize,
    pub bytes_total: u64,
    pub bytes_done: u64,
}

/// A pulled, unpacked image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PulledImage {
    /// Manifest digest, `sha256:<hex>` (for an index: the host platform's manifest's).
    pub digest: String,
    /// Unpacked rootfs, shared read-only by every sandbox of this image (use it
    /// as an overlay lower directory; never write to it).
    pub rootfs: PathBuf,
    pub config: ImageConfig,
}

enum Source {
    Registry(Box<RegistrySource>),
    Layout(Arc<LayoutSource>),
}

impl Source {
    fn display(&self) -> &str {
        match self {
            Source::Registry(r) => r.display(),
            Source::Layout(l) => l.display(),
        }
    }

    async fn manifest(&self) -> Result<ManifestPlan, ImageError> {
        match self {
            Source::Registry(r) => r.manifest().await,
            Source::Layout(l) => {
                let l = Arc::clone(l);
                blocking(move || l.manifest()).await
            }
        }
    }
}

/// Runs blocking file system work off the async threads, re-raising panics.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
}

impl ImageStore {
    /// Pulls `reference` (see [`ImageReference`]) and returns its unpacked
    /// rootfs. The manifest is always fetched, so credentials are checked even
    /// when the image is cached; blobs and the rootfs are reused when present.
    /// `progress` must be `Send + Sync` so that the pull can run in a spawned task.
    pub async fn pull(
        &self,
        reference: &str,
        auth: Option<RegistryCredentials>,
        progress: &(dyn Fn(PullProgress) + Send + Sync),
    ) -> Result<PulledImage, ImageError> {
        let parsed = ImageReference::parse(reference)?;
        let display = parsed.to_string();
        let source = match parsed {
            ImageReference::Registry {
                registry,
                repository,
                tag,
                digest,
            } => Source::Registry(Box::new(RegistrySource::new(
                &registry,
                &repository,
                tag.as_deref(),
                digest.as_deref(),
                auth,
                &self.insecure_registries,
                self.limits.stall_timeout,
            ))),
            ImageReference::Layout { path, tag } => {
                Source::Layout(Arc::new(LayoutSource::new(&path, tag.as_deref(), display)))
            }
        };
        // The network part of the pull (not the lock waits nor the unpack,
        // which a timeout could not stop) must end by this deadline.
        let deadline = tokio::time::Instant::now() + self.limits.deadline;
        let timed_out = || ImageError::TimedOut {
            reference: source.display().to_owned(),
            after: self.limits.deadline,
        };
        let plan = tokio::time::timeout_at(
            deadline,
            self.limits
                .retry("fetch the manifest", || source.manifest()),
        )
        .await
        .map_err(|_| timed_out())??;
        let mut state = PullProgress {
            layers_total: plan.layers.len(),
            bytes_total: plan.layers.iter().map(|l| l.size).sum(),
            ..PullProgress::default()
        };
        let done = |state: &mut PullProgress| {
            state.layers_done = state.layers_total;
            state.bytes_done = state.bytes_total;
            progress(*state);
        };

        // Shared: gc (exclusive) must not delete blobs between fetch and unpack.
        let _gc_guard = FileLock::acquire_async(self.layout.gc_lock(), Mode::Shared).await?;
        if let Some(image) = self.lookup(&plan.digest) {
            done(&mut state);
            return Ok(image);
        }
        // One puller per digest; whoever waited here finds the work done.
        let _digest_guard =
            FileLock::acquire_async(self.layout.digest_lock(plan.hex()), Mode::Exclusive).await?;
        if let Some(image) = self.lookup(&plan.digest) {
            done(&mut state);
            return Ok(image);
        }
        tracing::info!(image = source.display(), digest = %plan.digest, "pulling image");

        let layout = self.layout.clone();
        let (config_digest, config_blob) = (plan.config_digest.clone(), plan.config_blob.clone());
        blocking(move || blobs::store_bytes(&layout, &config_digest, &config_blob)).await?;

        let tracker = Tracker {
            state: Mutex::new(state),
            report: progress,
        };
        tracker.update(|_| {});
        // Collected first: a closure inside the stream type trips rustc's
        // higher-ranked lifetime check once the pull runs in a spawned task.
        let fetches: Vec<_> = plan
            .layers
            .iter()
            .map(|layer| self.layer_blob(&source, layer, &tracker))
            .collect();
        // `buffered` keeps the manifest's order, which unpacking needs; on an
        // error the other downloads are dropped and their temp files removed.
        let layer_paths: Vec<PathBuf> = tokio::time::timeout_at(
            deadline,
            futures_util::stream::iter(fetches)
                .buffered(PARALLEL_LAYERS)
                .try_collect(),
        )
        .await
        .map_err(|_| timed_out())??;
        self.unpack(plan, layer_paths).await
    }

    /// The cached blob of `layer`, downloading it first when missing.
    async fn layer_blob(
        &self,
        source: &Source,
        layer: &LayerDesc,
        tracker: &Tracker<'_>,
    ) -> Result<PathBuf, ImageError> {
        let hex = sha256_hex(&layer.digest).expect("validated in ManifestPlan::new");
        let cached = self.layout.blob(hex);
        let path = if cached.is_file() {
            tracker.update(|s| s.bytes_done += layer.size);
            cached
        } else {
            self.fetch_layer(source, layer, tracker).await?
        };
        tracker.update(|s| s.layers_done += 1);
        Ok(path)
    }

    async fn fetch_layer(
        &self,
        source: &Source,
        layer: &LayerDesc,
        tracker: &Tracker<'_>,
    ) -> Result<PathBuf, ImageError> {
        match source {
            Source::Registry(registry) => {
                // A retry downloads again from the start: report only bytes
                // beyond what earlier attempts reported, so progress stays
                // monotone and never passes the total.
                let reported = AtomicU64::new(0);
                self.limits
                    .retry("download a layer", || async {
                        let pending = PendingBlob::new(&self.layout, &layer.digest)?;
                        let mut this_attempt = 0u64;
                        let mut on_bytes = |n: u64| {
                            this_attempt += n;
                            let before = reported.fetch_max(this_attempt, Ordering::Relaxed);
                            if this_attempt > before {
                                tracker.update(|s| s.bytes_done += this_attempt - before);
                            }
                        };
                        registry.fetch_blob(layer, pending, &mut on_bytes).await
                    })
                    .await
            }
            Source::Layout(local) => {
                let pending = PendingBlob::new(&self.layout, &layer.digest)?;
                // Local copies are fast: report once the layer is in.
                let (local, layer_owned) = (Arc::clone(local), layer.clone());
                let path =
                    blocking(move || local.fetch_blob(&layer_owned, pending, &mut |_| {})).await?;
                tracker.update(|s| s.bytes_done += layer.size);
                Ok(path)
            }
        }
    }

    /// Unpacks into a temp directory, writes the record, then renames the
    /// rootfs into place, so a rootfs is only ever visible complete.
    async fn unpack(
        &self,
        plan: ManifestPlan,
        layer_paths: Vec<PathBuf>,
    ) -> Result<PulledImage, ImageError> {
        let store = self.clone();
        blocking(move || {
            let hex = plan.hex().to_owned();
            let temp = temp_in(&store.layout.rootfs_dir());
            std::fs::DirBuilder::new()
                .mode(0o755)
                .create(&temp)
                .map_err(ImageError::io("create directory", &temp))?;
            let result = unpack_layers(&temp, &layer_paths).and_then(|()| {
                let record = ImageRecord {
                    digest: plan.digest.clone(),
                    config_digest: plan.config_digest.clone(),
                    layers: plan.layers.iter().map(|l| l.digest.clone()).collect(),
                    config: plan.config.clone(),
                };
                store.write_record(&hex, &record)?;
                let target = store.layout.rootfs(&hex);
                match std::fs::rename(&temp, &target) {
                    Ok(()) => Ok(()),
                    // A pull whose caller gave up may still have finished first:
                    // its rootfs is identical, keep it.
                    Err(_) if target.is_dir() => {
                        let _ = std::fs::remove_dir_all(&temp);
                        Ok(())
                    }
                    Err(e) => Err(ImageError::io("publish rootfs", &target)(e)),
                }
            });
            if result.is_err() {
                let _ = std::fs::remove_dir_all(&temp);
            }
            result?;
            Ok(PulledImage {
                rootfs: store.layout.rootfs(&hex),
                digest: plan.digest,
                config: plan.config,
            })
        })
        .await
    }
}

/// The progress of concurrent downloads: every change is applied and reported
/// under one lock, so the caller sees a monotone sequence.
struct Tracker<'a> {
    state: Mutex<PullProgress>,
    report: &'a (dyn Fn(PullProgress) + Send + Sync),
}

impl Tracker<'_> {
    fn update(&self, change: impl FnOnce(&mut PullProgress)) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        change(&mut state);
        (self.report)(*state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_future_is_send() {
        fn assert_send<T: Send>(_: &T) {}
        let store = ImageStore::open(tempfile::tempdir().unwrap().path(), vec![]).unwrap();
        let future = store.pull("h.io/a:b", None, &|_| {});
        assert_send(&future);
    }
}
