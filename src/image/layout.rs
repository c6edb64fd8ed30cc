//! Where things live under `DATA_DIR/images/`, and unique temp names next to
//! their final place so that publishing is a same-file-system `rename`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Prefix of in-progress files and directories; `gc` removes those whose
/// owning process is gone.
pub(crate) const TEMP_PREFIX: &str = ".tmp-";

#[derive(Debug, Clone)]
pub(crate) struct Layout {
    root: PathBuf,
}

impl Layout {
    pub(crate) fn new(data_dir: &Path) -> Layout {
        Layout {
            root: data_dir.join("images"),
        }
    }

    pub(crate) fn all_dirs(&self) -> [PathBuf; 4] {
        [
            self.blobs_dir(),
            self.rootfs_dir(),
            self.manifests_dir(),
            self.locks_dir(),
        ]
    }

    pub(crate) fn blobs_dir(&self) -> PathBuf {
        self.root.join("blobs").join("sha256")
    }

    pub(crate) fn blob(&self, hex: &str) -> PathBuf {
        self.blobs_dir().join(hex)
    }

    pub(crate) fn rootfs_dir(&self) -> PathBuf {
        self.root.join("rootfs")
    }

    pub(crate) fn rootfs(&self, hex: &str) -> PathBuf {
        self.rootfs_dir().join(hex)
    }

    pub(crate) fn manifests_dir(&self) -> PathBuf {
        self.root.join("manifests")
    }

    pub(crate) fn manifest(&self, hex: &str) -> PathBuf {
        self.manifests_dir().join(format!("{hex}.json"))
    }

    pub(crate) fn locks_dir(&self) -> PathBuf {
        self.root.join("locks")
    }

    pub(crate) fn digest_lock(&self, hex: &str) -> PathBuf {
        self.locks_dir().join(format!("{hex}.lock"))
    }

    /// Pulls hold this shared and `gc` exclusive, so `gc` never deletes blobs a
    /// pull is about to unpack.
    pub(crate) fn gc_lock(&self) -> PathBuf {
        self.locks_dir().join("gc.lock")
    }
}

/// A fresh name in `dir` for in-progress work: `.tmp-<pid>-<counter>`. The pid
/// lets `gc` tell abandoned temps (dead process) from live ones.
pub(crate) fn temp_in(dir: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!("{TEMP_PREFIX}{}-{n}", std::process::id()))
}

/// The pid encoded in a temp name, if `name` is one.
pub(crate) fn temp_owner(name: &str) -> Option<u32> {
    name.strip_prefix(TEMP_PREFIX)?
        .split('-')
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_carry_the_pid_and_are_unique() {
        let a = temp_in(Path::new("/x"));
        let b = temp_in(Path::new("/x"));
        assert_ne!(a, b);
        let name = a.file_name().unwrap().to_str().unwrap();
        assert_eq!(temp_owner(name), Some(std::process::id()));
        assert_eq!(temp_owner("0123abcd"), None);
    }
}
