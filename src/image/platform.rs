//! Picking the host's manifest from an OCI image index or a Docker manifest
//! list, the way containerd does: os `linux`, the host architecture under its
//! OCI (Go) name, and a variant compatible with the host's. The registry and the
//! OCI layout source both go through `select`, so they never disagree.

use std::fmt;

use serde::Deserialize;

use super::error::ImageError;
use super::manifest::Descriptor;

/// One index entry's `platform` (extra fields such as `os.features` are ignored).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct Platform {
    pub(crate) os: String,
    pub(crate) architecture: String,
    #[serde(default)]
    pub(crate) variant: Option<String>,
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        match &self.variant {
            Some(v) if !v.is_empty() => write!(f, "/{v}"),
            _ => Ok(()),
        }
    }
}

impl Platform {
    /// The platform this binary runs on, as OCI names it.
    pub(crate) fn host() -> Platform {
        Platform::for_rust_arch(std::env::consts::ARCH)
    }

    /// Maps Rust's `target_arch` names onto the GOARCH names OCI indexes use.
    fn for_rust_arch(arch: &str) -> Platform {
        let little = cfg!(target_endian = "little");
        let (architecture, variant) = match arch {
            "x86_64" => ("amd64", None),
            "x86" => ("386", None),
            "aarch64" => ("arm64", Some("v8")),
            // Debian's armhf baseline; armel hosts are too rare to guess better.
            "arm" => ("arm", Some("v7")),
            "powerpc64" if little => ("ppc64le", None),
            "mips64" if little => ("mips64le", None),
            "mips" if little => ("mipsle", None),
            "loongarch64" => ("loong64", None),
            other => (other, None),
        };
        Platform {
            os: "linux".into(),
            architecture: architecture.into(),
            variant: variant.map(str::to_owned),
        }
    }

    /// Attestation and signature entries (buildx writes `unknown/unknown`)
    /// are not runnable images and are never offered or chosen.
    fn is_unknown(&self) -> bool {
        self.os == "unknown" || self.architecture == "unknown"
    }

    /// How well an entry of platform `self` suits `host`: `None` when it cannot
    /// run there; higher is better (exact variant, then unspecified, then an
    /// older ARM variant, newest first).
    fn score_for(&self, host: &Platform) -> Option<u32> {
        if self.os != host.os || self.architecture != host.architecture {
            return None;
        }
        let theirs = normalized_variant(&self.architecture, self.variant.as_deref());
        let ours = normalized_variant(&host.architecture, host.variant.as_deref());
        match (theirs, ours) {
            (None, _) => Some(100),
            (Some(t), Some(o)) if t == o => Some(200),
            // An ARMv7 host runs v6 and v5 binaries too.
            (Some(t), Some(o)) if self.architecture == "arm" => {
                let level = |v: &str| v.strip_prefix('v').and_then(|n| n.parse::<u32>().ok());
                match (level(t), level(o)) {
                    (Some(t), Some(o)) if t < o => Some(t),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// Variants that mean "the baseline" are treated as no variant, as containerd
/// does: `arm64/v8` and `amd64/v1`.
fn normalized_variant<'a>(architecture: &str, variant: Option<&'a str>) -> Option<&'a str> {
    match (architecture, variant) {
        (_, None | Some("")) => None,
        ("arm64", Some("v8")) | ("amd64", Some("v1")) => None,
        (_, Some(v)) => Some(v),
    }
}

/// Chooses the entry of an index to pull on `host`. Entries without a platform
/// are accepted only when no entry names a suitable one (containerd takes them
/// too). When nothing fits, the error names what the index offers.
pub(crate) fn select<'a>(
    entries: &'a [Descriptor],
    host: &Platform,
    reference: &str,
) -> Result<&'a Descriptor, ImageError> {
    let mut best: Option<(u32, &Descriptor)> = None;
    for entry in entries {
        let score = match &entry.platform {
            Some(p) => p.score_for(host),
            None => Some(0),
        };
        if let Some(score) = score
            && best.is_none_or(|(b, _)| score > b)
        {
            best = Some((score, entry));
        }
    }
    if let Some((_, entry)) = best {
        return Ok(entry);
    }
    let mut offered: Vec<String> = Vec::new();
    for p in entries.iter().filter_map(|e| e.platform.as_ref()) {
        let name = p.to_string();
        if !p.is_unknown() && !offered.contains(&name) {
            offered.push(name);
        }
    }
    Err(ImageError::NoMatchingPlatform {
        reference: reference.to_owned(),
        wanted: Platform {
            os: host.os.clone(),
            architecture: host.architecture.clone(),
            // "no linux/arm64 variant" reads better than ".../v8" for the baseline.
            variant: normalized_variant(&host.architecture, host.variant.as_deref())
                .map(str::to_owned),
        }
        .to_string(),
        offered,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(digest: &str, platform: Option<(&str, &str, Option<&str>)>) -> Descriptor {
        Descriptor {
            media_type: String::new(),
            digest: digest.into(),
            size: 0,
            annotations: Default::default(),
            platform: platform.map(|(os, architecture, variant)| Platform {
                os: os.into(),
                architecture: architecture.into(),
                variant: variant.map(str::to_owned),
            }),
        }
    }

    #[test]
    fn host_architecture_uses_oci_names() {
        assert_eq!(Platform::for_rust_arch("x86_64").to_string(), "linux/amd64");
        assert_eq!(
            Platform::for_rust_arch("aarch64").to_string(),
            "linux/arm64/v8"
        );
        assert_eq!(Platform::for_rust_arch("s390x").to_string(), "linux/s390x");
        assert_eq!(Platform::host().os, "linux");
    }

    #[test]
    fn picks_the_host_entry_and_prefers_the_exact_variant() {
        let entries = [
            entry("a", Some(("unknown", "unknown", None))),
            entry("b", Some(("linux", "arm", Some("v6")))),
            entry("c", Some(("linux", "arm64", None))),
            entry("d", Some(("linux", "arm64", Some("v8")))),
            entry("e", Some(("linux", "amd64", None))),
            entry("f", Some(("windows", "amd64", None))),
        ];
        let pick = |arch| select(&entries, &Platform::for_rust_arch(arch), "r").unwrap();
        assert_eq!(pick("x86_64").digest, "e");
        // v8 is arm64's baseline: "c" and "d" tie, the first wins.
        assert_eq!(pick("aarch64").digest, "c");
        assert_eq!(pick("arm").digest, "b");
    }

    #[test]
    fn no_suitable_entry_names_what_the_index_offers() {
        let entries = [
            entry("a", Some(("linux", "arm64", None))),
            entry("b", Some(("linux", "s390x", None))),
            entry("c", Some(("unknown", "unknown", None))),
            entry("d", Some(("linux", "arm64", None))),
        ];
        let err = select(&entries, &Platform::for_rust_arch("x86_64"), "h:5000/x:1").unwrap_err();
        assert_eq!(
            err.to_string(),
            "use image h:5000/x:1: it has no linux/amd64 variant; it offers linux/arm64, linux/s390x"
        );
    }

    #[test]
    fn entries_without_platform_are_a_fallback() {
        let entries = [entry("a", None), entry("b", Some(("linux", "amd64", None)))];
        let host = Platform::for_rust_arch("x86_64");
        assert_eq!(select(&entries, &host, "r").unwrap().digest, "b");
        assert_eq!(select(&entries[..1], &host, "r").unwrap().digest, "a");
    }
}
