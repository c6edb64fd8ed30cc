//! Console logs: a sandbox's stdout and stderr share one pipe, drained by a
//! daemon-side tokio task that prefixes each line with an RFC 3339 timestamp and
//! appends it to `console.log`, rotating to `console.log.1` past
//! `MAX_LOG_BYTES` so a chatty sandbox costs at most twice that on disk.
//! A pipe (not a file handed to the container) is what makes both the
//! timestamps and the bound possible; it is always drained, so writers never block.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::time::Duration;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::io::AsyncReadExt;

use crate::runtime::error::RuntimeError;

/// Size at which console.log rotates to console.log.1.
pub const MAX_LOG_BYTES: u64 = 1 << 20;
/// A line longer than this is cut and written in pieces.
const MAX_LINE: usize = 16 * 1024;

/// A pipe for the container's stdout/stderr: (read end, write end), both CLOEXEC.
pub fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: fds is a valid 2-int array.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: pipe2 returned two fresh descriptors we now own.
    unsafe {
        use std::os::fd::FromRawFd;
        Ok((OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])))
    }
}

struct LogFile {
    path: PathBuf,
    file: File,
    size: u64,
}

impl LogFile {
    fn open(path: &Path) -> io::Result<Self> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        let size = file.metadata()?.len();
        Ok(LogFile {
            path: path.to_path_buf(),
            file,
            size,
        })
    }

    fn write_line(&mut self, line: &[u8]) -> io::Result<()> {
        let stamp = OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .unwrap_or_default();
        let len = (stamp.len() + 2 + line.len()) as u64;
        if self.size > 0 && self.size + len > MAX_LOG_BYTES {
            std::fs::rename(&self.path, rotated(&self.path))?;
            *self = LogFile::open(&self.path)?;
        }
        let mut buf = Vec::with_capacity(len as usize);
        buf.extend_from_slice(stamp.as_bytes());
        buf.push(b' ');
        buf.extend_from_slice(line);
        buf.push(b'\n');
        self.file.write_all(&buf)?;
        self.size += len;
        Ok(())
    }
}

fn rotated(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".1");
    PathBuf::from(p)
}

/// Drain `read` into `log_path` until every writer has closed the pipe.
/// Must be called inside a tokio runtime. Small appends to a local file are
/// done inline: they cost microseconds and keep lines in order.
pub fn spawn_drainer(read: OwnedFd, log_path: PathBuf) -> io::Result<tokio::task::JoinHandle<()>> {
    let mut rx = tokio::net::unix::pipe::Receiver::from_owned_fd(read)?;
    let mut log = LogFile::open(&log_path)?;
    Ok(tokio::spawn(async move {
        let mut pending: Vec<u8> = Vec::new();
        let mut chunk = vec![0u8; 8192];
        loop {
            let n = match rx.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            pending.extend_from_slice(&chunk[..n]);
            while let Some(pos) = pending.iter().position(|b| *b == b'\n') {
                let line: Vec<u8> = pending.drain(..=pos).collect();
                if log.write_line(&line[..line.len() - 1]).is_err() {
                    return; // the sandbox dir is gone: teardown won the race.
                }
            }
            if pending.len() > MAX_LINE {
                let line: Vec<u8> = std::mem::take(&mut pending);
                if log.write_line(&line).is_err() {
                    return;
                }
            }
        }
        if !pending.is_empty() {
            let _ = log.write_line(&pending);
        }
    }))
}

/// The log's lines (rotated part first), or only the last `tail` of them.
pub fn read_logs(log_path: &Path, tail: Option<usize>) -> Result<Vec<String>, RuntimeError> {
    let read = |p: &Path| match std::fs::read(p) {
        Ok(b) => Ok(String::from_utf8_lossy(&b).into_owned()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(String::new()),
        Err(source) => Err(RuntimeError::Logs {
            path: p.to_path_buf(),
            source,
        }),
    };
    if !log_path.exists() {
        return Err(RuntimeError::Logs {
            path: log_path.to_path_buf(),
            source: io::ErrorKind::NotFound.into(),
        });
    }
    let text = read(&rotated(log_path))? + &read(log_path)?;
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let skip = tail.map_or(0, |t| lines.len().saturating_sub(t));
    Ok(lines.into_iter().skip(skip).collect())
}

/// Follow the log: existing lines then new ones as they are written, until
/// the log file goes away (sandbox destroyed) or the receiver is dropped.
pub fn follow_logs(log_path: PathBuf, poll: Duration) -> tokio::sync::mpsc::Receiver<String> {
    let (tx, rx) = tokio::sync::mpsc::channel(256);
    tokio::spawn(async move {
        let mut offset = 0u64;
        let mut partial = String::new();
        loop {
            let Ok(bytes) = tokio::fs::read(&log_path).await else {
                return;
            };
            if (bytes.len() as u64) < offset {
                offset = 0; // rotated
            }
            partial.push_str(&String::from_utf8_lossy(&bytes[offset as usize..]));
            offset = bytes.len() as u64;
            while let Some(pos) = partial.find('\n') {
                let line: String = partial.drain(..=pos).collect();
                if tx
                    .send(line.trim_end_matches('\n').to_string())
                    .await
                    .is_err()
                {
                    return;
                }
            }
            tokio::time::sleep(poll).await;
        }
    });
    rx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn lines_get_timestamps_and_rotate() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("console.log");
        let (r, w) = pipe().unwrap();
        let task = spawn_drainer(r, path.clone()).unwrap();
        // Write from another thread: the drainer runs on this test's runtime.
        let writer = std::thread::spawn(move || {
            let mut w = File::from(w);
            let line = "x".repeat(1000);
            for _ in 0..(2 * MAX_LOG_BYTES as usize / 1000) {
                writeln!(w, "{line}").unwrap();
            }
            write!(w, "hello\nunterminated").unwrap();
        });
        task.await.unwrap();
        writer.join().unwrap();
        let size = std::fs::metadata(&path).unwrap().len();
        assert!(size <= MAX_LOG_BYTES, "{size}");
        assert!(rotated(&path).exists());
        let lines = read_logs(&path, Some(2)).unwrap();
        assert!(lines[0].ends_with(" hello"), "{lines:?}");
        assert!(lines[1].ends_with(" unterminated"));
        let stamp = lines[0].split(' ').next().unwrap();
        assert!(OffsetDateTime::parse(stamp, &Rfc3339).is_ok(), "{stamp}");
    }

    #[tokio::test]
    async fn follow_sees_old_and_new_lines_and_ends_with_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("console.log");
        std::fs::write(&path, "t1 old\n").unwrap();
        let mut rx = follow_logs(path.clone(), Duration::from_millis(10));
        assert_eq!(rx.recv().await.unwrap(), "t1 old");
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        writeln!(f, "t2 new").unwrap();
        assert_eq!(rx.recv().await.unwrap(), "t2 new");
        std::fs::remove_file(&path).unwrap();
        assert_eq!(rx.recv().await, None);
    }
}
