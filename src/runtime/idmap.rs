//! The user namespace of embedded and runc/crun sandboxes: container ids
//! 0..65535 map to host ids `HOST_BASE..HOST_BASE+65535`, so container root
//! is an unprivileged, unnamed uid on the host.
//!
//! The shared image rootfs (the overlay's lower dir) is shifted into that
//! range once per image by a recursive chown (setuid/setgid bits put back),
//! and each sandbox's upper/work dirs are made for the mapped root. Every
//! sandbox shares the same range: sessions are kept apart by their own
//! namespaces, cgroups and overlays, not by distinct uids. gVisor runs the
//! workload under its own sentry and gets no user namespace from us.

use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::sync::Mutex;

/// Host uid/gid of container id 0.
pub const HOST_BASE: u32 = 1_000_000_000;
/// How many ids are mapped.
pub const SIZE: u32 = 65_536;

static SHIFTING: Mutex<()> = Mutex::new(());

/// Shift `rootfs` into the mapped range unless already done. The rootfs dir
/// itself is chowned last, so its owner says whether the whole tree is done.
pub fn shift_rootfs(rootfs: &Path) -> io::Result<()> {
    let _one_at_a_time = SHIFTING.lock().unwrap_or_else(|p| p.into_inner());
    if std::fs::symlink_metadata(rootfs)?.uid() >= HOST_BASE {
        return Ok(());
    }
    for entry in std::fs::read_dir(rootfs)? {
        shift_tree(&entry?.path())?;
    }
    shift_one(rootfs)
}

fn shift_tree(path: &Path) -> io::Result<()> {
    let meta = std::fs::symlink_metadata(path)?;
    if meta.is_dir() {
        for entry in std::fs::read_dir(path)? {
            shift_tree(&entry?.path())?;
        }
    }
    shift_one(path)
}

fn shift_one(path: &Path) -> io::Result<()> {
    let meta = std::fs::symlink_metadata(path)?;
    let (uid, gid) = (meta.uid(), meta.gid());
    if uid >= HOST_BASE {
        return Ok(());
    }
    let map = |id: u32| {
        if id < SIZE {
            HOST_BASE + id
        } else {
            HOST_BASE + SIZE - 2
        }
    };
    std::os::unix::fs::lchown(path, Some(map(uid)), Some(map(gid)))?;
    // chown clears setuid/setgid: put the mode back (symlinks have none).
    if !meta.file_type().is_symlink() {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(meta.mode() & 0o7777))?;
    }
    Ok(())
}

/// runc bind-mounts the rootfs from inside the user namespace, so the mapped
/// root must be able to traverse (never list) every ancestor of `dir`. An
/// ancestor closed to others (the daemon's 0700 data dir) is opened to the
/// mapped root's group only: group `HOST_BASE`, g+x. Ancestors with another
/// group than root are left alone (and the start then fails, loudly).
/// Runs before every sandbox start: the daemon makes its data dir 0700 again
/// at each start.
pub fn allow_traversal(dir: &Path) -> io::Result<()> {
    for dir in dir.ancestors() {
        let meta = std::fs::metadata(dir)?;
        if meta.mode() & 0o001 != 0 || (meta.gid() == HOST_BASE && meta.mode() & 0o010 != 0) {
            continue;
        }
        // Also HOST_BASE without g+x: the daemon resets its data dir to 0700 at start.
        if meta.gid() == 0 || meta.gid() == HOST_BASE {
            std::os::unix::fs::chown(dir, None, Some(HOST_BASE))?;
            std::fs::set_permissions(
                dir,
                std::fs::Permissions::from_mode((meta.mode() & 0o7777) | 0o010),
            )?;
        }
    }
    Ok(())
}

/// Make `dir` (an overlay upper or work dir) belong to the mapped root.
pub fn own_by_mapped_root(dir: &Path) -> io::Result<()> {
    std::os::unix::fs::lchown(dir, Some(HOST_BASE), Some(HOST_BASE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_ancestors_open_to_the_mapped_group_only() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(data.join("sandboxes/x")).unwrap();
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
        allow_traversal(&data.join("sandboxes/x")).unwrap();
        let m = std::fs::metadata(&data).unwrap();
        assert_eq!((m.gid(), m.mode() & 0o777), (HOST_BASE, 0o710));
        // As after a daemon restart: 0700 again, group kept.
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
        allow_traversal(&data.join("sandboxes/x")).unwrap();
        assert_eq!(std::fs::metadata(&data).unwrap().mode() & 0o777, 0o710);
    }

    #[test]
    fn shifts_a_tree_once_keeping_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("rootfs");
        std::fs::create_dir_all(root.join("bin")).unwrap();
        std::fs::write(root.join("bin/tool"), "x").unwrap();
        std::fs::set_permissions(
            root.join("bin/tool"),
            std::fs::Permissions::from_mode(0o4755),
        )
        .unwrap();
        std::os::unix::fs::symlink("tool", root.join("bin/link")).unwrap();
        std::os::unix::fs::lchown(root.join("bin/tool"), Some(33), Some(44)).unwrap();
        shift_rootfs(&root).unwrap();
        let tool = std::fs::metadata(root.join("bin/tool")).unwrap();
        assert_eq!((tool.uid(), tool.gid()), (HOST_BASE + 33, HOST_BASE + 44));
        assert_eq!(tool.mode() & 0o777, 0o755);
        let link = std::fs::symlink_metadata(root.join("bin/link")).unwrap();
        assert_eq!(link.uid(), HOST_BASE);
        assert_eq!(std::fs::metadata(&root).unwrap().uid(), HOST_BASE);
        shift_rootfs(&root).unwrap(); // idempotent
        assert_eq!(
            std::fs::metadata(root.join("bin/tool")).unwrap().uid(),
            HOST_BASE + 33
        );
    }
}
