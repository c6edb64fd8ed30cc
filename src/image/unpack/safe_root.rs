//! `SafeRoot`: resolves archive paths inside a rootfs the way the container will
//! see them, as if the rootfs were `/`. Symlinks met on the way (absolute or
//! relative) are resolved relative to the rootfs and never followed on the host;
//! `..` stops at the rootfs root. Every parent returned was checked with `lstat`
//! to be a real directory, so later path-based operations on `parent/leaf` stay
//! inside the rootfs. This relies on the rootfs being private to the unpacking
//! thread (a temp directory nobody else writes), so nothing changes between the
//! check and the use.

use std::ffi::{OsStr, OsString};
use std::io::ErrorKind;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Component, Path, PathBuf};

use crate::image::error::ImageError;

/// Linux's own limit on symlinks followed in one lookup.
const MAX_SYMLINKS: usize = 40;

pub(crate) struct SafeRoot {
    root: PathBuf,
}

/// Splits an archive path into its normal components, rejecting absolute paths
/// and `..`, which only a malicious or broken layer contains. An empty result is
/// the rootfs itself (`./`).
pub(crate) fn archive_components(raw: &Path) -> Result<Vec<OsString>, ImageError> {
    let mut out = Vec::new();
    for component in raw.components() {
        match component {
            Component::Normal(name) => out.push(name.to_owned()),
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => {
                return Err(ImageError::unsafe_layer(
                    raw.display().to_string(),
                    "absolute paths are not allowed in layers",
                ));
            }
            Component::ParentDir => {
                return Err(ImageError::unsafe_layer(
                    raw.display().to_string(),
                    "'..' is not allowed in layer paths",
                ));
            }
        }
    }
    Ok(out)
}

impl SafeRoot {
    pub(crate) fn new(root: &Path) -> SafeRoot {
        SafeRoot {
            root: root.to_owned(),
        }
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// Resolves `components` to a real directory inside the root and returns its
    /// host path. Missing directories are created (mode 0755, like Docker's
    /// implicit parents) when `create`; otherwise a missing one yields `None`.
    /// `entry` names the archive entry in errors.
    pub(crate) fn resolve_dir(
        &self,
        components: &[OsString],
        create: bool,
        entry: &str,
    ) -> Result<Option<PathBuf>, ImageError> {
        let mut real: Vec<OsString> = Vec::new();
        let mut pending: Vec<OsString> = components.iter().rev().cloned().collect();
        let mut links = 0;
        while let Some(name) = pending.pop() {
            if name == OsStr::new(".") || name.is_empty() {
                continue;
            }
            if name == OsStr::new("..") {
                // Clamped at the root, exactly like `..` at `/` in the container.
                real.pop();
                continue;
            }
            let host = self.host_path(&real).join(&name);
            match std::fs::symlink_metadata(&host) {
                Ok(meta) if meta.is_dir() => real.push(name),
                Ok(meta) if meta.file_type().is_symlink() => {
                    links += 1;
                    if links > MAX_SYMLINKS {
                        return Err(ImageError::unsafe_layer(
                            entry,
                            "too many levels of symbolic links in its parents",
                        ));
                    }
                    let target =
                        std::fs::read_link(&host).map_err(ImageError::io("read symlink", &host))?;
                    if target.is_absolute() {
                        real.clear();
                    }
                    // Splice the target's components in front of what is left.
                    for part in target.components().rev() {
                        match part {
                            Component::Normal(n) => pending.push(n.to_owned()),
                            Component::ParentDir => pending.push("..".into()),
                            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
                        }
                    }
                }
                Ok(_) => {
                    return Err(ImageError::unsafe_layer(
                        entry,
                        format!("parent {:?} is not a directory", name),
                    ));
                }
                Err(e) if e.kind() == ErrorKind::NotFound => {
                    if !create {
                        return Ok(None);
                    }
                    std::fs::DirBuilder::new()
                        .mode(0o755)
                        .create(&host)
                        .map_err(ImageError::io("create directory", &host))?;
                    real.push(name);
                }
                Err(e) => return Err(ImageError::io("inspect", &host)(e)),
            }
        }
        Ok(Some(self.host_path(&real)))
    }

    fn host_path(&self, real: &[OsString]) -> PathBuf {
        let mut path = self.root.clone();
        path.extend(real);
        path
    }
}
