//! The few mounts the daemon makes itself (tmpfs for the writable layer, the
//! overlay rootfs, the netns bind mount) and finding what is still mounted
//! under a sandbox dir, so teardown never deletes through a live mount.

use std::ffi::CString;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

fn cstr(p: &Path) -> io::Result<CString> {
    CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other)
}

fn mount(
    src: &str,
    target: &Path,
    fstype: &str,
    flags: libc::c_ulong,
    data: &str,
) -> io::Result<()> {
    let (src, target) = (CString::new(src)?, cstr(target)?);
    let (fstype, data) = (CString::new(fstype)?, CString::new(data)?);
    // SAFETY: all pointers are valid NUL-terminated strings for the call's duration.
    let rc = unsafe {
        libc::mount(
            src.as_ptr(),
            target.as_ptr(),
            fstype.as_ptr(),
            flags,
            data.as_ptr().cast(),
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

pub fn bind(src: &Path, target: &Path) -> io::Result<()> {
    let src = src
        .to_str()
        .ok_or_else(|| io::Error::other("non-UTF-8 path"))?;
    mount(src, target, "none", libc::MS_BIND, "")
}

/// A pseudo file system (`sysfs`, ...) with `flags` and no data.
pub fn mount_fs(src: &str, target: &Path, fstype: &str, flags: libc::c_ulong) -> io::Result<()> {
    mount(src, target, fstype, flags, "")
}

/// A tmpfs capped at `bytes` (the sandbox's disk limit).
pub fn tmpfs(target: &Path, bytes: u64) -> io::Result<()> {
    let flags = libc::MS_NOSUID | libc::MS_NODEV;
    mount(
        "tmpfs",
        target,
        "tmpfs",
        flags,
        &format!("size={bytes},mode=0700"),
    )
}

pub fn overlay(lower: &Path, upper: &Path, work: &Path, target: &Path) -> io::Result<()> {
    for p in [lower, upper, work] {
        // Commas and colons would be parsed as option separators.
        if p.as_os_str()
            .as_bytes()
            .iter()
            .any(|b| matches!(b, b',' | b':'))
        {
            return Err(io::Error::other(format!("path {p:?} has ',' or ':'")));
        }
    }
    let data = format!(
        "lowerdir={},upperdir={},workdir={}",
        lower.display(),
        upper.display(),
        work.display()
    );
    mount("overlay", target, "overlay", libc::MS_NODEV, &data)
}

/// Detach-unmount `target` if something is mounted exactly there.
pub fn unmount_if_mounted(target: &Path) -> io::Result<()> {
    let c = cstr(target)?;
    // SAFETY: valid path string. MNT_DETACH so a busy mount still goes away.
    if unsafe { libc::umount2(c.as_ptr(), libc::MNT_DETACH | libc::UMOUNT_NOFOLLOW) } != 0 {
        let err = io::Error::last_os_error();
        // EINVAL: not a mount point; ENOENT: gone already.
        if !matches!(err.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOENT)) {
            return Err(err);
        }
    }
    Ok(())
}

/// Mount points at or below `dir` in this process's mount namespace, deepest first.
pub fn mounts_under(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let text = std::fs::read_to_string("/proc/self/mountinfo")?;
    let mut found: Vec<PathBuf> = text
        .lines()
        .filter_map(|l| l.split(' ').nth(4))
        .map(|p| PathBuf::from(unescape(p)))
        .filter(|p| p.starts_with(dir))
        .collect();
    found.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    found.dedup();
    Ok(found)
}

/// mountinfo escapes space, tab, newline and backslash as `\ooo`.
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 3 < b.len()
            && b[i + 1..i + 4].iter().all(|c| (b'0'..=b'7').contains(c))
        {
            out.push((b[i + 1] - b'0') * 64 + (b[i + 2] - b'0') * 8 + (b[i + 3] - b'0'));
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn mountinfo_escapes_are_decoded() {
        assert_eq!(super::unescape(r"/a\040b\134c"), r"/a b\c");
        assert_eq!(super::unescape("/plain"), "/plain");
    }
}
