//! Extended attributes carried in PAX records (`SCHILY.xattr.NAME=VALUE`, as
//! Docker, buildkit and GNU tar write them): file capabilities and `user.*`.
//! Only namespaces that mean something inside a container are applied, and a
//! value the host refuses is logged and skipped: an image never fails to
//! unpack because of an xattr.

use std::io::{ErrorKind, Read};
use std::path::Path;

use crate::image::error::ImageError;

const PAX_XATTR_PREFIX: &str = "SCHILY.xattr.";
/// File capabilities (`setcap`). Written as found; the user-namespace shift
/// later rewrites them for the sandbox's root (see `runtime::idmap`).
const CAPABILITY: &str = "security.capability";

/// The xattrs of a tar entry, as (name, value) pairs in archive order.
pub(crate) fn from_pax<R: Read>(
    entry: &mut tar::Entry<'_, R>,
    name: &str,
) -> Result<Vec<(String, Vec<u8>)>, ImageError> {
    let bad = |e: &dyn std::fmt::Display| ImageError::unsafe_layer(name, e.to_string());
    let Some(extensions) = entry.pax_extensions().map_err(|e| bad(&e))? else {
        return Ok(Vec::new());
    };
    let mut xattrs = Vec::new();
    for extension in extensions {
        let extension = extension.map_err(|e| bad(&e))?;
        // Non-UTF-8 keys cannot be xattrs we apply anyway.
        let Ok(key) = extension.key() else { continue };
        if let Some(attr) = key.strip_prefix(PAX_XATTR_PREFIX) {
            xattrs.push((attr.to_owned(), extension.value_bytes().to_owned()));
        }
    }
    Ok(xattrs)
}

/// Whether an xattr from an untrusted image may be set on the host file.
/// `trusted.*` and the other `security.*` (SELinux labels, IMA/EVM) would be
/// interpreted by the host kernel with host meaning; `system.*` (POSIX ACLs)
/// holds uids that the user-namespace shift does not translate.
fn allowed(name: &str) -> bool {
    name == CAPABILITY || name.starts_with("user.")
}

/// Sets `xattrs` on `path` without following a symlink there. Call after
/// chown: changing the owner drops `security.capability`.
pub(crate) fn apply(path: &Path, xattrs: &[(String, Vec<u8>)], entry: &str) {
    for (name, value) in xattrs {
        if !allowed(name) {
            tracing::debug!(entry, xattr = %name, "skipping xattr outside the user and capability namespaces");
            continue;
        }
        match xattr::set(path, name, value) {
            Ok(()) => {}
            // Symlinks cannot hold user.* xattrs, and some file systems none at all.
            Err(e)
                if e.kind() == ErrorKind::PermissionDenied
                    || e.raw_os_error() == Some(libc::EOPNOTSUPP) =>
            {
                tracing::debug!(entry, xattr = %name, error = %e, "xattr not supported here, skipped");
            }
            Err(e) => {
                tracing::warn!(entry, xattr = %name, error = %e, "could not set xattr, skipped");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_user_and_capability_xattrs_are_allowed() {
        assert!(allowed("security.capability"));
        assert!(allowed("user.mime_type"));
        for refused in [
            "trusted.overlay.opaque",
            "security.selinux",
            "security.ima",
            "system.posix_acl_access",
        ] {
            assert!(!allowed(refused), "{refused}");
        }
    }
}
