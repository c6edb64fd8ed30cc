//! `ImageStore::gc`: removes rootfs directories, records and blobs that the kept
//! images do not use, plus temp files left by crashed pulls.

use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::Path;

use super::digest::sha256_hex;
use super::error::ImageError;
use super::layout::temp_owner;
use super::lock::{FileLock, Mode};
use super::store::ImageStore;
use super::unpack::remove_any;

/// What `gc` removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GcReport {
    /// Manifest digests whose rootfs and record were removed.
    pub images_removed: Vec<String>,
    pub blobs_removed: usize,
    /// Bytes of blobs removed (rootfs sizes are not counted).
    pub blob_bytes_removed: u64,
    /// Leftovers of interrupted pulls.
    pub temps_removed: usize,
}

impl ImageStore {
    /// Removes every image not in `keep_digests` (`sha256:<hex>` manifest
    /// digests) and the blobs only they used. The caller must keep every digest
    /// a sandbox still runs on: its rootfs is the sandbox's overlay lower dir.
    /// Blocking: it waits for running pulls to finish (they hold the gc lock
    /// shared), so call it from a blocking thread (`spawn_blocking`), never on
    /// an async worker a pull may need.
    pub fn gc(&self, keep_digests: &[String]) -> Result<GcReport, ImageError> {
        self.gc_with(|| Some(keep_digests.to_vec()))
            .map(Option::unwrap_or_default)
    }

    /// `gc` with the kept digests asked for once the gc lock is held, so an
    /// image pulled while gc waited for the lock is known to the caller by
    /// then. `keep` answers None when it cannot tell yet (a pull finished but
    /// its digest is not pinned): nothing is removed and this returns None.
    pub fn gc_with(
        &self,
        keep: impl FnOnce() -> Option<Vec<String>>,
    ) -> Result<Option<GcReport>, ImageError> {
        let _guard = FileLock::acquire(&self.layout.gc_lock(), Mode::Exclusive)?;
        let Some(keep_digests) = keep() else {
            return Ok(None);
        };
        let mut keep = HashSet::new();
        for digest in &keep_digests {
            let hex = sha256_hex(digest).ok_or_else(|| ImageError::InvalidReference {
                reference: digest.clone(),
                reason: "gc keeps manifest digests of the form sha256:<64 hex>".into(),
            })?;
            keep.insert(hex.to_owned());
        }
        let mut report = GcReport::default();

        let mut used_blobs = HashSet::new();
        for hex in &keep {
            // A kept digest that was never pulled simply protects nothing.
            if let Ok(record) = self.read_record(hex) {
                used_blobs.insert(record.config_digest);
                used_blobs.extend(record.layers);
            }
        }

        let mut images = HashSet::new();
        let rootfs_dir = self.layout.rootfs_dir();
        for name in list(&rootfs_dir)? {
            if !sweep_temp(&rootfs_dir, &name, &mut report)? {
                images.insert(name);
            }
        }
        let manifests_dir = self.layout.manifests_dir();
        for name in list(&manifests_dir)? {
            if sweep_temp(&manifests_dir, &name, &mut report)? {
                continue;
            }
            if let Some(hex) = name.strip_suffix(".json") {
                images.insert(hex.to_owned());
            }
        }
        let unknown = |hex: &String| sha256_hex(&format!("sha256:{hex}")).is_none();
        for hex in images
            .into_iter()
            .filter(|h| !keep.contains(h) && !unknown(h))
        {
            // Rootfs first: a record without a rootfs is never served.
            remove_any(&self.layout.rootfs(&hex))?;
            remove_any(&self.layout.manifest(&hex))?;
            // Safe while we hold the gc lock: digest locks are only taken by
            // pulls, which hold the gc lock shared.
            remove_any(&self.layout.digest_lock(&hex))?;
            report.images_removed.push(format!("sha256:{hex}"));
        }
        report.images_removed.sort();

        let blobs_dir = self.layout.blobs_dir();
        for name in list(&blobs_dir)? {
            if sweep_temp(&blobs_dir, &name, &mut report)?
                || used_blobs.contains(&format!("sha256:{name}"))
            {
                continue;
            }
            let path = blobs_dir.join(&name);
            let size = std::fs::symlink_metadata(&path)
                .map(|m| m.len())
                .unwrap_or(0);
            remove_any(&path)?;
            report.blobs_removed += 1;
            report.blob_bytes_removed += size;
        }
        tracing::info!(?report, "image garbage collection done");
        Ok(Some(report))
    }
}

/// Names in `dir` (UTF-8 only: everything we create is).
fn list(dir: &Path) -> Result<Vec<String>, ImageError> {
    let mut names = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(names),
        other => other.map_err(ImageError::io("list", dir))?,
    };
    for entry in entries {
        let entry = entry.map_err(ImageError::io("list", dir))?;
        if let Ok(name) = entry.file_name().into_string() {
            names.push(name);
        }
    }
    Ok(names)
}

/// Whether `dir/name` is a temp entry; removes it when its process is gone.
/// Temps of live processes (ours included: a cancelled pull's unpack may still
/// be running on a blocking thread) are left alone.
fn sweep_temp(dir: &Path, name: &str, report: &mut GcReport) -> Result<bool, ImageError> {
    let Some(pid) = temp_owner(name) else {
        return Ok(false);
    };
    if !process_alive(pid) {
        remove_any(&dir.join(name))?;
        report.temps_removed += 1;
    }
    Ok(true)
}

fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks for existence and permission.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}
