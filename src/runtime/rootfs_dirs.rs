//! Directories a container expects that its image may lack: the working dir
//! and the image's `Volumes`. They are made in the sandbox's writable layer
//! (through the mounted overlay) before the start, resolving every path inside
//! the rootfs with libpathrs: the image is untrusted, and a symlink in it must
//! never lead a mkdir out onto the host.

use std::os::fd::{AsFd, AsRawFd};
use std::os::unix::fs::PermissionsExt;
use std::path::{Component, Path, PathBuf};

use crate::runtime::idmap;

/// A directory to make, owned by container ids `uid:gid` (mapped to host ids
/// when the sandbox has a user namespace), with `mode` (e.g. 0o1777 for /tmp).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DirSpec {
    pub path: String,
    pub uid: u32,
    pub gid: u32,
    pub mode: u32,
}

/// Makes each missing directory (and missing parents) under `rootfs`; what
/// exists already is left as the image has it. New parents belong to
/// container root with mode 0755, the leaf to the spec's owner and mode.
pub fn make(rootfs: &Path, dirs: &[DirSpec], user_namespace: bool) -> Result<(), String> {
    if dirs.is_empty() {
        return Ok(());
    }
    let root = pathrs::Root::open(rootfs).map_err(|e| format!("open the rootfs: {e}"))?;
    let host = |id: u32| {
        if user_namespace {
            idmap::HOST_BASE + id.min(idmap::SIZE - 1)
        } else {
            id
        }
    };
    for dir in dirs {
        let components = relative_components(&dir.path)
            .ok_or_else(|| format!("{:?} is not an absolute path", dir.path))?;
        let mut prefix = PathBuf::from("/");
        for (i, name) in components.iter().enumerate() {
            prefix.push(name);
            if root.resolve(&prefix).is_ok() {
                continue;
            }
            let made = root
                .mkdir_all(&prefix, &std::fs::Permissions::from_mode(0o755))
                .map_err(|e| format!("make {}: {e}", prefix.display()))?;
            let (uid, gid, mode) = if i + 1 == components.len() {
                (dir.uid, dir.gid, dir.mode)
            } else {
                (0, 0, 0o755)
            };
            chown_handle(&made, host(uid), host(gid))
                .map_err(|e| format!("chown {}: {e}", prefix.display()))?;
            // After the chown, which would clear a set-gid bit; through
            // /proc/self/fd since an O_PATH handle takes no fchmod.
            let fd_path = format!("/proc/self/fd/{}", made.as_fd().as_raw_fd());
            std::fs::set_permissions(&fd_path, std::fs::Permissions::from_mode(mode))
                .map_err(|e| format!("chmod {}: {e}", prefix.display()))?;
        }
    }
    Ok(())
}

/// The normal components of an absolute path; `..` is dropped at the root, as
/// the kernel does. None for a relative path.
fn relative_components(path: &str) -> Option<Vec<String>> {
    let path = Path::new(path);
    if !path.is_absolute() {
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(n) => out.push(n.to_string_lossy().into_owned()),
            Component::ParentDir => {
                out.pop();
            }
            _ => {}
        }
    }
    Some(out)
}

/// fchownat on an O_PATH handle (AT_EMPTY_PATH): the handle is the resolved
/// directory itself, so no path is looked up again.
fn chown_handle(handle: &pathrs::Handle, uid: u32, gid: u32) -> std::io::Result<()> {
    // SAFETY: a valid fd and an empty C string with AT_EMPTY_PATH.
    let rc = unsafe {
        libc::fchownat(
            handle.as_fd().as_raw_fd(),
            c"".as_ptr(),
            uid,
            gid,
            libc::AT_EMPTY_PATH | libc::AT_SYMLINK_NOFOLLOW,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    fn spec(path: &str, uid: u32) -> DirSpec {
        DirSpec {
            path: path.into(),
            uid,
            gid: uid,
            mode: 0o755,
        }
    }

    #[test]
    fn makes_missing_dirs_with_owners_and_keeps_existing_ones() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("rootfs");
        std::fs::create_dir_all(root.join("srv")).unwrap();
        std::fs::set_permissions(root.join("srv"), std::fs::Permissions::from_mode(0o711)).unwrap();
        let tmp = DirSpec {
            mode: 0o1777,
            ..spec("/tmp", 0)
        };
        make(
            &root,
            &[spec("/srv/app/work", 1000), spec("/data", 0), tmp],
            true,
        )
        .unwrap();
        let m = |p: &str| std::fs::metadata(root.join(p)).unwrap();
        assert_eq!(
            m("srv").mode() & 0o777,
            0o711,
            "existing dirs keep their mode"
        );
        assert_eq!(
            m("srv/app").uid(),
            idmap::HOST_BASE,
            "new parents: container root"
        );
        assert_eq!(m("srv/app/work").uid(), idmap::HOST_BASE + 1000);
        assert_eq!(m("srv/app/work").mode() & 0o777, 0o755);
        assert_eq!(m("data").uid(), idmap::HOST_BASE);
        assert_eq!(m("tmp").mode() & 0o7777, 0o1777);
    }

    #[test]
    fn symlinks_resolve_inside_the_rootfs_never_outside() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("rootfs");
        let outside = dir.path().join("outside");
        let outside_in_root = root.join(outside.strip_prefix("/").unwrap());
        std::fs::create_dir_all(&outside_in_root).unwrap();
        std::fs::create_dir_all(root.join("outside")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        // An image's symlinks naming a host path, absolute and relative.
        std::os::unix::fs::symlink(&outside, root.join("abs")).unwrap();
        std::os::unix::fs::symlink("../../outside", root.join("rel")).unwrap();
        make(&root, &[spec("/abs/x", 0), spec("/rel/y", 0)], false).unwrap();
        assert_eq!(
            std::fs::read_dir(&outside).unwrap().count(),
            0,
            "nothing made on the host"
        );
        assert!(
            outside_in_root.join("x").is_dir(),
            "the absolute link resolved in the root"
        );
        assert!(
            root.join("outside/y").is_dir(),
            "the relative link stopped at the root"
        );
        // A dangling link is refused, and still nothing appears outside.
        std::os::unix::fs::symlink(dir.path().join("gone"), root.join("dangling")).unwrap();
        let err = make(&root, &[spec("/dangling/z", 0)], false).unwrap_err();
        assert!(err.contains("/dangling"), "{err}");
        assert!(!dir.path().join("gone").exists());
    }

    #[test]
    fn relative_paths_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(make(dir.path(), &[spec("work", 0)], false).is_err());
    }
}
