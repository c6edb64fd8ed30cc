//! Advisory file locks (`flock`) that serialise pulls of one digest and keep
//! `gc` away from running pulls, across threads and processes alike (each
//! acquisition opens its own file description, so threads of one process
//! exclude each other too).

use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

use super::error::ImageError;

/// Held lock; released when dropped (closing the file releases the flock).
#[derive(Debug)]
pub(crate) struct FileLock {
    _file: File,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Mode {
    Shared,
    Exclusive,
}

impl FileLock {
    /// Blocks until the lock is held.
    pub(crate) fn acquire(path: &Path, mode: Mode) -> Result<FileLock, ImageError> {
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(ImageError::io("open lock file", path))?;
        let op = match mode {
            Mode::Shared => libc::LOCK_SH,
            Mode::Exclusive => libc::LOCK_EX,
        };
        loop {
            // SAFETY: flock on a file descriptor we own; no memory is passed.
            let rc = unsafe { libc::flock(file.as_raw_fd(), op) };
            if rc == 0 {
                return Ok(FileLock { _file: file });
            }
            let err = std::io::Error::last_os_error();
            if err.kind() != std::io::ErrorKind::Interrupted {
                return Err(ImageError::io("lock", path)(err));
            }
        }
    }

    /// `acquire` on a blocking thread, so waiting never stalls the async runtime.
    pub(crate) async fn acquire_async(path: PathBuf, mode: Mode) -> Result<FileLock, ImageError> {
        let join = tokio::task::spawn_blocking(move || FileLock::acquire(&path, mode)).await;
        join.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
    }
}
