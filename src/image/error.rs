//! `ImageError`, the one error type of the image module. Messages read after
//! "failed to" and never contain registry passwords.

use std::path::PathBuf;

/// Why an image operation failed. The pool surfaces these to users, so each
/// variant names what went wrong and where, never a credential.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// The registry answered 401/403 (wrong or missing credentials, or no access).
    #[error(
        "pull from registry {registry}: unauthorized: access denied (check the registry credentials)"
    )]
    Unauthorized { registry: String },
    /// The repository, tag, digest or local layout does not exist.
    #[error("find image {reference}: not found: {detail}")]
    NotFound { reference: String, detail: String },
    /// The registry could not be reached (connection refused, DNS, TLS, timeout).
    #[error("reach registry {host}: {reason}")]
    Unreachable { host: String, reason: String },
    /// The registry said it is overloaded or failing (HTTP 429 or 5xx).
    #[error("pull from registry {registry}: temporarily unavailable: {message}")]
    Unavailable { registry: String, message: String },
    /// The pull's downloads did not finish within its deadline.
    #[error(
        "pull image {reference}: the download did not finish within {}s (the registry is stalled or too slow)",
        after.as_secs()
    )]
    TimedOut {
        reference: String,
        after: std::time::Duration,
    },
    /// Content did not hash to the digest it was fetched under.
    #[error("verify blob: expected digest {expected}, got {actual}")]
    DigestMismatch { expected: String, actual: String },
    /// A layer tried to write outside the rootfs or held an otherwise unsafe entry.
    #[error("unpack layer: unsafe entry {path:?}: {reason}")]
    UnsafeLayer { path: String, reason: String },
    /// The image reference does not follow the accepted syntax.
    #[error("parse image reference {reference:?}: {reason}")]
    InvalidReference { reference: String, reason: String },
    /// An image index or manifest list has no entry this host can run.
    #[error(
        "use image {reference}: it has no {wanted} variant; it offers {}",
        offered_list(offered)
    )]
    NoMatchingPlatform {
        reference: String,
        /// The host platform, `os/architecture[/variant]`.
        wanted: String,
        /// The platforms the index lists, in its order, without duplicates.
        offered: Vec<String>,
    },
    /// The image is well-formed OCI but not something we can run (unsupported
    /// manifest or layer type, malformed manifest or config).
    #[error("use image {reference}: {reason}")]
    InvalidImage { reference: String, reason: String },
    /// The registry answered with an error we do not map to a more precise variant.
    #[error("pull from registry {registry}: {message}")]
    Registry { registry: String, message: String },
    /// Local file system failure, with the path involved.
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn offered_list(offered: &[String]) -> String {
    if offered.is_empty() {
        "no platform".into()
    } else {
        offered.join(", ")
    }
}

impl ImageError {
    /// Shorthand for `Io` errors: `ImageError::io("create", path)(err)`.
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> ImageError {
        let path = path.into();
        move |source| ImageError::Io {
            action,
            path,
            source,
        }
    }

    pub(crate) fn unsafe_layer(path: impl Into<String>, reason: impl Into<String>) -> ImageError {
        ImageError::UnsafeLayer {
            path: path.into(),
            reason: reason.into(),
        }
    }
}
