//! Writes one non-whiteout tar entry (file, directory, symlink, hard link) into
//! the rootfs, replacing whatever the lower layers had at that path. The leaf is
//! never followed: an existing symlink there is removed, and files are created
//! with `O_CREAT|O_EXCL|O_NOFOLLOW`.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs::{DirBuilder, OpenOptions, Permissions};
use std::io::{ErrorKind, Read};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::safe_root::{SafeRoot, archive_components};
use super::whiteout::remove_any;
use super::xattrs;
use crate::image::error::ImageError;

/// Directory modes are applied after the last layer: a read-only directory
/// (`dr-xr-xr-x`) set early would block writing its children when not root.
/// Keyed by the archive path, re-resolved safely when applied.
pub(crate) type DirModes = HashMap<Vec<OsString>, u32>;

pub(crate) struct EntryMeta {
    pub(crate) mode: u32,
    pub(crate) uid: u64,
    pub(crate) gid: u64,
    /// From PAX `SCHILY.xattr.*` records; filtered when applied.
    pub(crate) xattrs: Vec<(String, Vec<u8>)>,
}

/// What kind of entry to write; the rest (devices, FIFOs) is skipped by the caller.
pub(crate) enum Kind {
    File,
    Dir,
    Symlink(PathBuf),
    HardLink(PathBuf),
}

/// Writes the entry at `components` (non-empty, already validated).
pub(crate) fn write_entry(
    root: &SafeRoot,
    components: &[OsString],
    kind: Kind,
    meta: &EntryMeta,
    data: &mut dyn Read,
    dir_modes: &mut DirModes,
    entry: &str,
) -> Result<(), ImageError> {
    let (leaf, parents) = components
        .split_last()
        .expect("caller passes a non-empty path");
    let parent = root
        .resolve_dir(parents, true, entry)?
        .expect("resolve_dir with create always yields a directory");
    let path = parent.join(leaf);
    match kind {
        Kind::File => {
            clear_leaf(&path, false)?;
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
                .open(&path)
                .map_err(ImageError::io("create", &path))?;
            std::io::copy(data, &mut file).map_err(ImageError::io("write", &path))?;
            chown(&path, meta)?;
            // After chown, which clears set-uid/set-gid bits.
            file.set_permissions(Permissions::from_mode(meta.mode & 0o7777))
                .map_err(ImageError::io("set mode of", &path))?;
            xattrs::apply(&path, &meta.xattrs, entry);
        }
        Kind::Dir => {
            if !clear_leaf(&path, true)? {
                DirBuilder::new()
                    .mode(0o700)
                    .create(&path)
                    .map_err(ImageError::io("create directory", &path))?;
            }
            chown(&path, meta)?;
            xattrs::apply(&path, &meta.xattrs, entry);
            dir_modes.insert(components.to_vec(), meta.mode & 0o7777);
        }
        Kind::Symlink(target) => {
            clear_leaf(&path, false)?;
            // The target is stored verbatim: it is resolved by the container's
            // own root at run time, and by SafeRoot during unpacking.
            std::os::unix::fs::symlink(&target, &path)
                .map_err(ImageError::io("create symlink", &path))?;
            chown(&path, meta)?;
            xattrs::apply(&path, &meta.xattrs, entry);
        }
        Kind::HardLink(target) => {
            let source = resolve_link_source(root, &target, entry)?;
            if source == path {
                return Ok(());
            }
            clear_leaf(&path, false)?;
            // linkat without AT_SYMLINK_FOLLOW: a link to a symlink links the
            // symlink itself, never what it points to.
            std::fs::hard_link(&source, &path)
                .map_err(ImageError::io("create hard link", &path))?;
        }
    }
    Ok(())
}

/// Finds the existing, non-directory file a hard link entry points to.
fn resolve_link_source(root: &SafeRoot, target: &Path, entry: &str) -> Result<PathBuf, ImageError> {
    let components = archive_components(target)?;
    let Some((leaf, parents)) = components.split_last() else {
        return Err(ImageError::unsafe_layer(
            entry,
            "hard link to the rootfs itself",
        ));
    };
    let missing =
        || ImageError::unsafe_layer(entry, format!("hard link target {target:?} does not exist"));
    let dir = root
        .resolve_dir(parents, false, entry)?
        .ok_or_else(missing)?;
    let source = dir.join(leaf);
    match std::fs::symlink_metadata(&source) {
        Ok(meta) if meta.is_dir() => {
            Err(ImageError::unsafe_layer(entry, "hard link to a directory"))
        }
        Ok(_) => Ok(source),
        Err(e) if e.kind() == ErrorKind::NotFound => Err(missing()),
        Err(e) => Err(ImageError::io("inspect", &source)(e)),
    }
}

/// Removes what lower layers left at `path`, except an existing real directory
/// when `keep_dir` (a directory entry over a directory merges). Returns whether
/// such a directory was kept.
fn clear_leaf(path: &Path, keep_dir: bool) -> Result<bool, ImageError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() && keep_dir => Ok(true),
        Ok(_) => remove_any(path).map(|()| false),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
        Err(e) => Err(ImageError::io("inspect", path)(e)),
    }
}

/// Preserves the entry's owner (lchown: never through a symlink). Unprivileged
/// unpacking (tests, rootless) cannot chown, and keeps the caller's ownership.
fn chown(path: &Path, meta: &EntryMeta) -> Result<(), ImageError> {
    let (Ok(uid), Ok(gid)) = (u32::try_from(meta.uid), u32::try_from(meta.gid)) else {
        return Err(ImageError::unsafe_layer(
            path.display().to_string(),
            "uid or gid out of range",
        ));
    };
    match std::os::unix::fs::lchown(path, Some(uid), Some(gid)) {
        Err(e) if e.kind() == ErrorKind::PermissionDenied => Ok(()),
        other => other.map_err(ImageError::io("change owner of", path)),
    }
}

/// Applies the recorded directory modes, deepest first so a parent never loses
/// its search permission before its children are done.
pub(crate) fn apply_dir_modes(root: &SafeRoot, modes: DirModes) -> Result<(), ImageError> {
    let mut modes: Vec<_> = modes.into_iter().collect();
    modes.sort_by_key(|(components, _)| std::cmp::Reverse(components.len()));
    for (components, mode) in modes {
        let entry = components.iter().collect::<PathBuf>().display().to_string();
        // A later layer may have removed it or put a symlink in its path:
        // resolve again, inside the root, and skip what is no longer a directory.
        let Some(dir) = root.resolve_dir(&components, false, &entry).ok().flatten() else {
            continue;
        };
        let is_real_dir = std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir());
        if is_real_dir && dir.starts_with(root.root()) {
            std::fs::set_permissions(&dir, Permissions::from_mode(mode))
                .map_err(ImageError::io("set mode of", &dir))?;
        }
    }
    Ok(())
}
