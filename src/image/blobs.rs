//! The content-addressed blob cache: a blob is written to a temp file, hashed
//! while written, and renamed to `blobs/sha256/<hex>` only once its sha256
//! matches. A mismatch or an abandoned write leaves nothing behind.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::digest::sha256_hex;
use super::error::ImageError;
use super::layout::{Layout, temp_in};

/// A blob being written. Feed every byte to `update` as it is written to the
/// file at `temp_path`, then `commit`. Dropping it uncommitted deletes the temp.
pub(crate) struct PendingBlob {
    expected: String,
    temp: PathBuf,
    final_path: PathBuf,
    hasher: Sha256,
    committed: bool,
}

impl PendingBlob {
    /// `expected` must already be a validated `sha256:` digest.
    pub(crate) fn new(layout: &Layout, expected: &str) -> Result<PendingBlob, ImageError> {
        let hex = sha256_hex(expected).ok_or_else(|| ImageError::InvalidImage {
            reference: expected.to_owned(),
            reason: "only sha256 digests are supported".into(),
        })?;
        Ok(PendingBlob {
            expected: expected.to_owned(),
            temp: temp_in(&layout.blobs_dir()),
            final_path: layout.blob(hex),
            hasher: Sha256::new(),
            committed: false,
        })
    }

    pub(crate) fn temp_path(&self) -> &Path {
        &self.temp
    }

    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
    }

    /// Digest of what was written so far, for error messages.
    pub(crate) fn actual_digest(&self) -> String {
        format!("sha256:{}", hex::encode(self.hasher.clone().finalize()))
    }

    /// Verifies the digest and publishes the blob. The caller must have flushed
    /// and synced the temp file.
    pub(crate) fn commit(mut self) -> Result<PathBuf, ImageError> {
        let actual = self.actual_digest();
        if actual != self.expected {
            // Drop removes the temp file.
            return Err(ImageError::DigestMismatch {
                expected: self.expected.clone(),
                actual,
            });
        }
        // Another pull may have published the same content meanwhile; rename
        // replaces it atomically with identical bytes, so that race is harmless.
        std::fs::rename(&self.temp, &self.final_path)
            .map_err(ImageError::io("publish blob", &self.final_path))?;
        self.committed = true;
        Ok(self.final_path.clone())
    }
}

impl Drop for PendingBlob {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// Writes an in-memory blob (configs) through the same verify-then-rename path.
pub(crate) fn store_bytes(
    layout: &Layout,
    digest: &str,
    data: &[u8],
) -> Result<PathBuf, ImageError> {
    let mut pending = PendingBlob::new(layout, digest)?;
    let temp = pending.temp_path().to_owned();
    let mut file = std::fs::File::create_new(&temp).map_err(ImageError::io("create", &temp))?;
    file.write_all(data)
        .and_then(|()| file.sync_all())
        .map_err(ImageError::io("write", &temp))?;
    pending.update(data);
    pending.commit()
}

#[cfg(test)]
mod tests {
    use super::super::digest::sha256_of;
    use super::*;

    #[test]
    fn verified_blob_is_published_and_mismatch_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        std::fs::create_dir_all(layout.blobs_dir()).unwrap();

        let digest = sha256_of(b"hello");
        let path = store_bytes(&layout, &digest, b"hello").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"hello");

        let wrong = sha256_of(b"other");
        let err = store_bytes(&layout, &wrong, b"hello").unwrap_err();
        assert!(matches!(err, ImageError::DigestMismatch { .. }), "{err}");
        let names: Vec<_> = std::fs::read_dir(layout.blobs_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [path.file_name().unwrap().to_owned()]);
    }
}
