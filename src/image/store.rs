//! `ImageStore`: the on-disk image cache (open, cached lookup) and the record
//! kept per pulled manifest so lookups and `gc` need no network.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::config::ImageConfig;
use super::digest::sha256_hex;
use super::error::ImageError;
use super::layout::{Layout, temp_in};
use super::pull::PulledImage;

/// The image cache under `DATA_DIR/images`. Cheap to share behind an `Arc`;
/// concurrent pulls (threads or processes) coordinate through file locks.
#[derive(Debug, Clone)]
pub struct ImageStore {
    pub(crate) layout: Layout,
    pub(crate) insecure_registries: Vec<String>,
    pub(crate) limits: super::limits::PullLimits,
}

/// What `manifests/<hex>.json` holds about a pulled image.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ImageRecord {
    pub(crate) digest: String,
    pub(crate) config_digest: String,
    pub(crate) layers: Vec<String>,
    pub(crate) config: ImageConfig,
}

impl ImageStore {
    /// Opens (creating if needed) the cache under `data_dir/images`.
    /// `insecure_registries` (`host:port`) are the only ones reached over plain HTTP.
    pub fn open(
        data_dir: &Path,
        insecure_registries: Vec<String>,
    ) -> Result<ImageStore, ImageError> {
        let layout = Layout::new(data_dir);
        for dir in layout.all_dirs() {
            std::fs::create_dir_all(&dir).map_err(ImageError::io("create directory", &dir))?;
        }
        Ok(ImageStore {
            layout,
            insecure_registries,
            limits: super::limits::PullLimits::default(),
        })
    }

    /// The same store with other bounds on registry reads.
    pub fn with_limits(mut self, limits: super::limits::PullLimits) -> ImageStore {
        self.limits = limits;
        self
    }

    /// The cached image for a manifest digest (`sha256:<hex>`), if it was pulled
    /// and unpacked; never touches the network.
    pub fn lookup(&self, digest: &str) -> Option<PulledImage> {
        let hex = sha256_hex(digest)?;
        let record = self.read_record(hex).ok()?;
        let rootfs = self.layout.rootfs(hex);
        rootfs.is_dir().then_some(PulledImage {
            digest: record.digest,
            rootfs,
            config: record.config,
        })
    }

    pub(crate) fn read_record(&self, hex: &str) -> Result<ImageRecord, ImageError> {
        let path = self.layout.manifest(hex);
        let bytes = std::fs::read(&path).map_err(ImageError::io("read", &path))?;
        serde_json::from_slice(&bytes).map_err(|e| {
            ImageError::io("parse", &path)(std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        })
    }

    /// Writes the record atomically (temp file, fsync, rename).
    pub(crate) fn write_record(
        &self,
        hex: &str,
        record: &ImageRecord,
    ) -> Result<PathBuf, ImageError> {
        let path = self.layout.manifest(hex);
        let temp = temp_in(&self.layout.manifests_dir());
        let json = serde_json::to_vec_pretty(record).expect("records always serialise");
        let written = std::fs::File::create_new(&temp).and_then(|mut f| {
            f.write_all(&json)?;
            f.sync_all()
        });
        if let Err(e) = written.and_then(|()| std::fs::rename(&temp, &path)) {
            let _ = std::fs::remove_file(&temp);
            return Err(ImageError::io("write", &path)(e));
        }
        Ok(path)
    }
}
