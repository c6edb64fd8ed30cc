//! OCI whiteouts: `.wh.NAME` deletes NAME from lower layers and
//! `.wh..wh..opq` empties its directory of lower-layer content. They are applied
//! in a first pass over a layer, before its content is written, because they
//! concern lower layers only and may appear anywhere in the tar stream.

use std::ffi::OsString;
use std::io::ErrorKind;
use std::path::Path;

use super::safe_root::SafeRoot;
use crate::image::error::ImageError;

pub(crate) const WHITEOUT_PREFIX: &str = ".wh.";
const OPAQUE: &str = ".wh..wh..opq";
/// AUFS bookkeeping entries (`.wh..wh.plnk` and friends) carry no meaning here.
const AUFS_META_PREFIX: &str = ".wh..wh.";

pub(crate) fn is_whiteout(leaf: &OsString) -> bool {
    leaf.to_str()
        .is_some_and(|l| l.starts_with(WHITEOUT_PREFIX))
}

/// Applies one whiteout entry, already split into parent components and leaf.
pub(crate) fn apply(
    root: &SafeRoot,
    parents: &[OsString],
    leaf: &str,
    entry: &str,
) -> Result<(), ImageError> {
    // Nothing to delete when the parent does not exist in lower layers.
    let Some(dir) = root.resolve_dir(parents, false, entry)? else {
        return Ok(());
    };
    if leaf == OPAQUE {
        let children = std::fs::read_dir(&dir).map_err(ImageError::io("list", &dir))?;
        for child in children {
            let child = child.map_err(ImageError::io("list", &dir))?;
            remove_any(&child.path())?;
        }
        return Ok(());
    }
    if leaf.starts_with(AUFS_META_PREFIX) {
        return Ok(());
    }
    let name = &leaf[WHITEOUT_PREFIX.len()..];
    if name.is_empty() || name == "." || name == ".." {
        return Err(ImageError::unsafe_layer(entry, "whiteout names no file"));
    }
    remove_any(&dir.join(name))
}

/// Removes a file, symlink or whole directory tree at `path` without following
/// a symlink at `path` (`remove_dir_all` does not follow symlinks inside either).
pub(crate) fn remove_any(path: &Path) -> Result<(), ImageError> {
    let result = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) => Err(e),
    };
    match result {
        Err(e) if e.kind() != ErrorKind::NotFound => Err(ImageError::io("remove", path)(e)),
        _ => Ok(()),
    }
}
