//! `ImageReference`: where an image comes from, parsed from the user's string.
//!
//! Accepted forms:
//! - `host[:port]/repo[/more]...[:tag][@sha256:<hex>]` (a registry; the host is
//!   required because a self-hosted pool must not silently default to Docker Hub),
//! - `oci:PATH[:TAG]`, a local OCI image layout for air-gapped hosts.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use super::digest::sha256_hex;
use super::error::ImageError;

/// A parsed image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageReference {
    /// An image in an OCI distribution registry.
    Registry {
        /// `host` or `host:port`, as used for TLS and `--insecure-registry` matching.
        registry: String,
        /// Repository path, e.g. `team/session-server`.
        repository: String,
        /// Tag; `latest` when neither tag nor digest was given.
        tag: Option<String>,
        /// `sha256:<hex>` pin; wins over the tag when both are given.
        digest: Option<String>,
    },
    /// A local OCI image layout directory (`oci:PATH[:TAG]`).
    Layout {
        path: PathBuf,
        /// Matched against `org.opencontainers.image.ref.name`; optional when the
        /// layout holds a single manifest.
        tag: Option<String>,
    },
}

const MAX_TAG_LEN: usize = 128;

fn invalid(reference: &str, reason: impl Into<String>) -> ImageError {
    ImageError::InvalidReference {
        reference: reference.to_owned(),
        reason: reason.into(),
    }
}

impl ImageReference {
    /// Parses a reference; errors name the rule that was broken.
    pub fn parse(input: &str) -> Result<ImageReference, ImageError> {
        if input.is_empty() {
            return Err(invalid(input, "the reference is empty"));
        }
        if input.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid(
                input,
                "whitespace and control characters are not allowed",
            ));
        }
        match input.strip_prefix("oci:") {
            Some(rest) => parse_layout(input, rest),
            None => parse_registry(input),
        }
    }

    /// The registry host (`host[:port]`), or `None` for a local layout.
    pub fn registry(&self) -> Option<&str> {
        match self {
            ImageReference::Registry { registry, .. } => Some(registry),
            ImageReference::Layout { .. } => None,
        }
    }
}

fn parse_layout(input: &str, rest: &str) -> Result<ImageReference, ImageError> {
    // Like skopeo: the tag is what follows the last ':' unless that part holds a
    // '/', in which case the ':' belonged to the path.
    let (path, tag) = match rest.rsplit_once(':') {
        Some((path, tag)) if !tag.contains('/') => (path, Some(tag)),
        _ => (rest, None),
    };
    if path.is_empty() {
        return Err(invalid(
            input,
            "oci: needs a layout directory, as in oci:PATH[:TAG]",
        ));
    }
    if let Some(tag) = tag {
        check_tag(input, tag)?;
    }
    Ok(ImageReference::Layout {
        path: PathBuf::from(path),
        tag: tag.map(str::to_owned),
    })
}

fn parse_registry(input: &str) -> Result<ImageReference, ImageError> {
    let (name, digest) = match input.split_once('@') {
        Some((name, digest)) => {
            if sha256_hex(digest).is_none() {
                return Err(invalid(
                    input,
                    "a digest must be sha256: followed by 64 lowercase hex characters",
                ));
            }
            (name, Some(digest.to_owned()))
        }
        None => (input, None),
    };
    let Some((registry, path)) = name.split_once('/') else {
        return Err(invalid(
            input,
            "a registry host is required, as in host[:port]/repository[:tag]",
        ));
    };
    check_registry(input, registry)?;
    // A ':' after the last '/' starts the tag; earlier ones cannot occur since the
    // host (the only place with a port) was split off above.
    let (repository, tag) = match path.rsplit_once(':') {
        Some((repo, tag)) => (repo, Some(tag)),
        None => (path, None),
    };
    check_repository(input, repository)?;
    if let Some(tag) = tag {
        check_tag(input, tag)?;
    }
    let tag = match (tag, &digest) {
        (None, None) => Some("latest".to_owned()),
        (tag, _) => tag.map(str::to_owned),
    };
    Ok(ImageReference::Registry {
        registry: registry.to_owned(),
        repository: repository.to_owned(),
        tag,
        digest,
    })
}

fn check_registry(input: &str, registry: &str) -> Result<(), ImageError> {
    let (host, port) = match registry.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (registry, None),
    };
    let host_ok = !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    // Without a '.', a port or "localhost" the first segment is a repository
    // namespace (`library/busybox`), which would mean an implicit Docker Hub.
    let looks_like_host = host.contains('.') || port.is_some() || host == "localhost";
    if !host_ok || !looks_like_host {
        return Err(invalid(
            input,
            "the first segment must be a registry host (with a '.', a :port or localhost), \
             as in host[:port]/repository[:tag]",
        ));
    }
    if let Some(port) = port
        && port.parse::<u16>().map_or(true, |p| p == 0)
    {
        return Err(invalid(
            input,
            "the registry port must be a number from 1 to 65535",
        ));
    }
    Ok(())
}

fn check_repository(input: &str, repository: &str) -> Result<(), ImageError> {
    // Distribution's grammar: lowercase alphanumeric components joined by '/',
    // each possibly separated internally by '.', '_', '__' or runs of '-'.
    let component_ok = |c: &str| {
        let bytes = c.as_bytes();
        !c.is_empty()
            && bytes[0].is_ascii_alphanumeric()
            && bytes[bytes.len() - 1].is_ascii_alphanumeric()
            && bytes
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(b))
            && !c.contains("..")
            && !c.contains("___")
    };
    if !repository.split('/').all(component_ok) {
        return Err(invalid(
            input,
            "the repository must be lowercase letters, digits and separators (. _ -) \
             in '/'-separated components that start and end with a letter or digit",
        ));
    }
    Ok(())
}

fn check_tag(input: &str, tag: &str) -> Result<(), ImageError> {
    let bytes = tag.as_bytes();
    let ok = !tag.is_empty()
        && tag.len() <= MAX_TAG_LEN
        && (bytes[0].is_ascii_alphanumeric() || bytes[0] == b'_')
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(b));
    if !ok {
        return Err(invalid(
            input,
            "a tag must be 1 to 128 of [A-Za-z0-9_.-] and not start with '.' or '-'",
        ));
    }
    Ok(())
}

impl FromStr for ImageReference {
    type Err = ImageError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ImageReference::parse(s)
    }
}

impl fmt::Display for ImageReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageReference::Registry {
                registry,
                repository,
                tag,
                digest,
            } => {
                write!(f, "{registry}/{repository}")?;
                if let Some(tag) = tag {
                    write!(f, ":{tag}")?;
                }
                if let Some(digest) = digest {
                    write!(f, "@{digest}")?;
                }
                Ok(())
            }
            ImageReference::Layout { path, tag } => {
                write!(f, "oci:{}", path.display())?;
                match tag {
                    Some(tag) => write!(f, ":{tag}"),
                    None => Ok(()),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn reg(s: &str) -> (String, String, Option<String>, Option<String>) {
        match ImageReference::parse(s).unwrap() {
            ImageReference::Registry {
                registry,
                repository,
                tag,
                digest,
            } => (registry, repository, tag, digest),
            other => panic!("expected a registry reference, got {other:?}"),
        }
    }

    fn reason(s: &str) -> String {
        match ImageReference::parse(s) {
            Err(ImageError::InvalidReference { reason, .. }) => reason,
            other => panic!("expected InvalidReference for {s:?}, got {other:?}"),
        }
    }

    #[test]
    fn host_port_repo_tag() {
        let (r, repo, tag, digest) = reg("127.0.0.1:5000/session-server:1.0");
        assert_eq!(
            (r.as_str(), repo.as_str()),
            ("127.0.0.1:5000", "session-server")
        );
        assert_eq!((tag.as_deref(), digest), (Some("1.0"), None));
    }

    #[test]
    fn default_tag_is_latest_and_nested_repos() {
        let (r, repo, tag, _) = reg("registry.example.com/team/app/server");
        assert_eq!(
            (r.as_str(), repo.as_str()),
            ("registry.example.com", "team/app/server")
        );
        assert_eq!(tag.as_deref(), Some("latest"));
        let (r, ..) = reg("localhost/app");
        assert_eq!(r, "localhost");
    }

    #[test]
    fn digest_with_and_without_tag() {
        let (_, _, tag, digest) = reg(&format!("ghcr.io/a/b@{D}"));
        assert_eq!((tag, digest.as_deref()), (None, Some(D)));
        let (_, _, tag, digest) = reg(&format!("ghcr.io/a/b:v1@{D}"));
        assert_eq!((tag.as_deref(), digest.as_deref()), (Some("v1"), Some(D)));
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "127.0.0.1:5000/a/b:1.0",
            "oci:/srv/layout:v2",
            "oci:rel/dir",
        ] {
            assert_eq!(ImageReference::parse(s).unwrap().to_string(), s);
        }
        let pinned = format!("h.io/a:t@{D}");
        assert_eq!(ImageReference::parse(&pinned).unwrap().to_string(), pinned);
    }

    #[test]
    fn oci_layouts() {
        let r = ImageReference::parse("oci:/tmp/layout:1.0").unwrap();
        assert_eq!(
            r,
            ImageReference::Layout {
                path: "/tmp/layout".into(),
                tag: Some("1.0".into())
            }
        );
        let r = ImageReference::parse("oci:/tmp/lay:out/dir").unwrap();
        assert_eq!(
            r,
            ImageReference::Layout {
                path: "/tmp/lay:out/dir".into(),
                tag: None
            }
        );
        assert!(reason("oci:").contains("layout directory"));
        assert!(reason("oci::tag").contains("layout directory"));
    }

    #[test]
    fn rejects_bad_input_naming_the_rule() {
        assert!(reason("").contains("empty"));
        assert!(reason("busybox").contains("registry host"));
        assert!(reason("library/busybox:1").contains("registry host"));
        assert!(reason("host.io/Upper").contains("lowercase"));
        assert!(reason("host.io/a//b").contains("lowercase"));
        assert!(reason("host.io/a/../b").contains("lowercase"));
        assert!(reason("host.io/a:").contains("tag"));
        assert!(reason("host.io/a:-x").contains("tag"));
        assert!(reason(&format!("host.io/a:{}", "x".repeat(129))).contains("tag"));
        assert!(reason("host.io/a@sha256:abc").contains("64 lowercase hex"));
        assert!(reason("host.io/a@md5:abc").contains("digest"));
        assert!(reason("host.io:0/a").contains("port"));
        assert!(reason("host.io:99999/a").contains("port"));
        assert!(reason("host.io:http/a").contains("port"));
        assert!(reason("-bad.io/a").contains("registry host"));
        assert!(reason("host.io/a b").contains("whitespace"));
        assert!(reason("/abs/path").contains("registry host"));
    }
}
