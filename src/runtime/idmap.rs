//! The user namespace of embedded and runc/crun sandboxes: container ids
//! 0..65535 map to host ids `HOST_BASE..HOST_BASE+65535`, so container root
//! is an unprivileged, unnamed uid on the host.
//!
//! The shared image rootfs (the overlay's lower dir) is shifted into that
//! range once per image by a recursive chown (setuid/setgid bits and file
//! capabilities put back, the latter for the mapped root), and each sandbox's upper/work dirs are made for the mapped root. Every
//! sandbox shares the same range: sessions are kept apart by their own
//! namespaces, cgroups and overlays, not by distinct uids. gVisor runs the
//! workload under its own sentry and gets no user namespace from us.

use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Host uid/gid of container id 0.
pub const HOST_BASE: u32 = 1_000_000_000;
/// How many ids are mapped.
pub const SIZE: u32 = 65_536;

static SHIFTING: Mutex<()> = Mutex::new(());

const CAPABILITY_XATTR: &str = "security.capability";
/// `struct vfs_cap_data` (linux/capability.h): a little-endian `magic_etc`
/// (revision | flags), then permitted/inheritable pairs, then (v3) the rootid.
const VFS_CAP_REVISION_MASK: u32 = 0xFF00_0000;
const VFS_CAP_REVISION_1: u32 = 0x0100_0000;
const VFS_CAP_REVISION_2: u32 = 0x0200_0000;
const VFS_CAP_REVISION_3: u32 = 0x0300_0000;
const VFS_CAP_FLAGS_EFFECTIVE: u32 = 0x0000_0001;

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
    // chown drops file capabilities: read them before, write them back after.
    let caps = match meta.is_file() {
        true => match xattr::get(path, CAPABILITY_XATTR) {
            Err(e) if e.raw_os_error() == Some(libc::EOPNOTSUPP) => None,
            other => other?,
        },
        false => None,
    };
    std::os::unix::fs::lchown(path, Some(map(uid)), Some(map(gid)))?;
    // chown clears setuid/setgid: put the mode back (symlinks have none).
    if !meta.file_type().is_symlink() {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(meta.mode() & 0o7777))?;
    }
    if let Some(caps) = caps {
        match caps_for_mapped_root(&caps) {
            Some(v3) => xattr::set(path, CAPABILITY_XATTR, &v3)?,
            None => tracing::warn!(path = %path.display(), "dropping malformed file capabilities"),
        }
    }
    Ok(())
}

/// Rewrites file capabilities (any revision) as revision 3 owned by the
/// mapped root. The kernel ignores v2 capabilities (and v3 ones of another
/// rootid) when executing inside a user namespace whose root is not host
/// root, so without this `setcap` binaries lose their capabilities.
fn caps_for_mapped_root(value: &[u8]) -> Option<[u8; 24]> {
    let word = |i: usize| -> Option<u32> {
        Some(u32::from_le_bytes(
            value.get(i * 4..i * 4 + 4)?.try_into().ok()?,
        ))
    };
    let magic = word(0)?;
    // Permitted and inheritable of the low word, then of the high word (v2+).
    let sets = match (magic & VFS_CAP_REVISION_MASK, value.len()) {
        (VFS_CAP_REVISION_1, 12) => [word(1)?, word(2)?, 0, 0],
        (VFS_CAP_REVISION_2, 20) | (VFS_CAP_REVISION_3, 24) => {
            [word(1)?, word(2)?, word(3)?, word(4)?]
        }
        _ => return None,
    };
    let mut out = [0u8; 24];
    let magic = VFS_CAP_REVISION_3 | (magic & VFS_CAP_FLAGS_EFFECTIVE);
    for (i, w) in std::iter::once(magic)
        .chain(sets)
        .chain([HOST_BASE])
        .enumerate()
    {
        out[i * 4..i * 4 + 4].copy_from_slice(&w.to_le_bytes());
    }
    Some(out)
}

/// A directory the mapped root cannot search, with what was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closed {
    pub dir: PathBuf,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
}

/// Whether the mapped root (uid and gid `HOST_BASE`, no supplementary
/// groups, no capability over host-owned inodes) may search `meta`'s dir.
fn mapped_root_may_search(meta: &std::fs::Metadata) -> bool {
    let mode = meta.mode();
    if meta.uid() == HOST_BASE {
        mode & 0o100 != 0
    } else if meta.gid() == HOST_BASE {
        mode & 0o010 != 0
    } else {
        mode & 0o001 != 0
    }
}

/// runc and libcontainer bind-mount the rootfs from inside the user
/// namespace, so the mapped root must be able to traverse (never list) every
/// ancestor of the bundle. Nothing outside the data dir is ever changed to
/// allow it: this finds the first ancestor of `dir` that blocks the way, so
/// the daemon can refuse to start naming it.
pub fn first_closed_ancestor(dir: &Path) -> io::Result<Option<Closed>> {
    for dir in dir.ancestors() {
        let meta = std::fs::metadata(dir)?;
        if !mapped_root_may_search(&meta) {
            return Ok(Some(Closed {
                dir: dir.to_path_buf(),
                mode: meta.mode() & 0o7777,
                uid: meta.uid(),
                gid: meta.gid(),
            }));
        }
    }
    Ok(None)
}

/// Make the daemon's own data dir searchable, never listable, by the mapped
/// root's group alone: owner unchanged, group `HOST_BASE`, mode 0710. What
/// it holds that is secret is 0600 regardless.
pub fn open_data_dir(dir: &Path) -> io::Result<()> {
    std::os::unix::fs::chown(dir, None, Some(HOST_BASE))?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o710))
}

/// Make `dir` (an overlay upper or work dir) belong to the mapped root.
pub fn own_by_mapped_root(dir: &Path) -> io::Result<()> {
    std::os::unix::fs::lchown(dir, Some(HOST_BASE), Some(HOST_BASE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_closed_ancestor_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let parent = dir.path().join("parent");
        let data = parent.join("data");
        std::fs::create_dir_all(data.join("sandboxes/x")).unwrap();
        std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o700)).unwrap();
        // The tempdir itself is 0700 too: open it so `parent` is the first.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
        open_data_dir(&data).unwrap();
        let closed = first_closed_ancestor(&data.join("sandboxes/x"))
            .unwrap()
            .expect("parent is closed");
        assert_eq!(closed.dir, parent);
        assert_eq!(closed.mode, 0o700);
        let m = std::fs::metadata(&parent).unwrap();
        assert_eq!((m.mode() & 0o7777, m.gid()), (0o700, 0));
        std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o711)).unwrap();
        assert_eq!(
            first_closed_ancestor(&data.join("sandboxes/x")).unwrap(),
            None
        );
        let d = std::fs::metadata(&data).unwrap();
        assert_eq!((d.mode() & 0o7777, d.gid()), (0o710, HOST_BASE));
    }

    #[test]
    fn file_capabilities_become_v3_for_the_mapped_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("rootfs");
        std::fs::create_dir_all(&root).unwrap();
        let tool = root.join("ping");
        std::fs::write(&tool, "x").unwrap();
        // What `setcap cap_net_bind_service+ep` writes: v2, effective, bit 10 permitted.
        let mut v2 = Vec::new();
        for w in [
            VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE,
            1 << 10,
            0,
            0,
            0,
        ] {
            v2.extend_from_slice(&u32::to_le_bytes(w));
        }
        xattr::set(&tool, CAPABILITY_XATTR, &v2).unwrap();
        shift_rootfs(&root).unwrap();
        let caps = xattr::get(&tool, CAPABILITY_XATTR)
            .unwrap()
            .expect("caps kept");
        let mut v3 = v2.clone();
        v3[..4].copy_from_slice(&u32::to_le_bytes(
            VFS_CAP_REVISION_3 | VFS_CAP_FLAGS_EFFECTIVE,
        ));
        v3.extend_from_slice(&HOST_BASE.to_le_bytes());
        assert_eq!(caps, v3);
        assert_eq!(std::fs::metadata(&tool).unwrap().uid(), HOST_BASE);
        assert_eq!(caps_for_mapped_root(&v3), Some(v3.try_into().unwrap()));
        assert_eq!(caps_for_mapped_root(b"junk"), None);
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
