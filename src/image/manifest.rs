//! Manifest documents (OCI image manifest and index, Docker schema 2 manifest
//! and manifest list) and `ManifestPlan`: a manifest reduced to what a pull
//! needs (digests, config, layers), validated the same way whether it came from
//! a registry or a layout.

use std::collections::HashMap;

use serde::Deserialize;

use super::config::ImageConfig;
use super::digest::{sha256_hex, sha256_of};
use super::error::ImageError;
use super::platform::Platform;

pub(crate) const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub(crate) const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub(crate) const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
pub(crate) const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
/// What we ask registries for, in their `Accept` header.
pub(crate) const ACCEPTED: [&str; 4] = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST];
/// Index -> index -> manifest nesting beyond this is treated as malformed.
pub(crate) const MAX_INDEX_DEPTH: usize = 4;
/// Layer types we can unpack; the compression itself is read from the content.
const LAYER_TYPES: [&str; 9] = [
    "application/vnd.oci.image.layer.v1.tar",
    "application/vnd.oci.image.layer.v1.tar+gzip",
    "application/vnd.oci.image.layer.v1.tar+zstd",
    "application/vnd.oci.image.layer.nondistributable.v1.tar",
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
    "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
    "application/vnd.docker.image.rootfs.diff.tar",
    "application/vnd.docker.image.rootfs.diff.tar.gzip",
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
];

/// A content descriptor, as found in manifests and indexes.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Descriptor {
    #[serde(default)]
    pub(crate) media_type: String,
    pub(crate) digest: String,
    #[serde(default)]
    pub(crate) size: u64,
    #[serde(default)]
    pub(crate) annotations: HashMap<String, String>,
    pub(crate) platform: Option<Platform>,
}

/// A parsed manifest document: either a list of per-platform manifests or an image.
#[derive(Debug)]
pub(crate) enum Document {
    Index(Vec<Descriptor>),
    Image {
        config: Descriptor,
        layers: Vec<Descriptor>,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawDocument {
    schema_version: Option<u32>,
    media_type: Option<String>,
    manifests: Option<Vec<Descriptor>>,
    config: Option<Descriptor>,
    layers: Option<Vec<Descriptor>>,
}

impl Document {
    /// Parses any of the four manifest kinds. OCI makes `mediaType` optional,
    /// so the shape (`manifests` or `config`) decides when it is absent.
    pub(crate) fn parse(bytes: &[u8], reference: &str) -> Result<Document, ImageError> {
        let invalid = |reason: String| ImageError::InvalidImage {
            reference: reference.to_owned(),
            reason,
        };
        let raw: RawDocument = serde_json::from_slice(bytes)
            .map_err(|e| invalid(format!("the manifest is not valid JSON: {e}")))?;
        if raw.schema_version == Some(1) {
            return Err(invalid(
                "Docker schema 1 manifests are not supported; push the image again with a current tool (schema 2 or OCI)".into(),
            ));
        }
        match (raw.media_type.as_deref(), raw.manifests, raw.config) {
            (Some(OCI_INDEX | DOCKER_LIST) | None, Some(manifests), _) => {
                Ok(Document::Index(manifests))
            }
            (Some(OCI_MANIFEST | DOCKER_MANIFEST) | None, None, Some(config)) => {
                let layers = raw.layers.unwrap_or_default();
                if let Some(l) = layers.iter().find(|l| {
                    !l.media_type.is_empty() && !LAYER_TYPES.contains(&l.media_type.as_str())
                }) {
                    return Err(invalid(format!(
                        "layer {} has media type {}, which is not a container filesystem layer",
                        l.digest, l.media_type
                    )));
                }
                Ok(Document::Image { config, layers })
            }
            (Some(other), _, _) => Err(invalid(format!("unsupported manifest media type {other}"))),
            (None, _, _) => Err(invalid(
                "the manifest is neither an image manifest nor an index".into(),
            )),
        }
    }
}

impl From<Descriptor> for LayerDesc {
    fn from(d: Descriptor) -> LayerDesc {
        LayerDesc {
            digest: d.digest,
            size: d.size,
            media_type: d.media_type,
        }
    }
}

/// One layer as listed in the manifest.
#[derive(Debug, Clone)]
pub(crate) struct LayerDesc {
    pub(crate) digest: String,
    pub(crate) size: u64,
    pub(crate) media_type: String,
}

/// A validated manifest: every digest is a sha256 one (they become file names)
/// and the config blob matches its digest.
#[derive(Debug)]
pub(crate) struct ManifestPlan {
    pub(crate) digest: String,
    pub(crate) config_digest: String,
    pub(crate) config_blob: Vec<u8>,
    pub(crate) config: ImageConfig,
    pub(crate) layers: Vec<LayerDesc>,
}

impl ManifestPlan {
    pub(crate) fn new(
        display: &str,
        digest: String,
        config_digest: String,
        config_blob: Vec<u8>,
        layers: Vec<LayerDesc>,
    ) -> Result<ManifestPlan, ImageError> {
        let invalid = |reason: String| ImageError::InvalidImage {
            reference: display.to_owned(),
            reason,
        };
        for d in std::iter::once(&digest)
            .chain([&config_digest])
            .chain(layers.iter().map(|l| &l.digest))
        {
            if sha256_hex(d).is_none() {
                return Err(invalid(format!(
                    "unsupported digest {d:?} (only sha256 is accepted)"
                )));
            }
        }
        let actual = sha256_of(&config_blob);
        if actual != config_digest {
            return Err(ImageError::DigestMismatch {
                expected: config_digest,
                actual,
            });
        }
        let config = ImageConfig::from_blob(&config_blob).map_err(invalid)?;
        Ok(ManifestPlan {
            digest,
            config_digest,
            config_blob,
            config,
            layers,
        })
    }

    pub(crate) fn hex(&self) -> &str {
        sha256_hex(&self.digest).expect("validated in new")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(doc: serde_json::Value) -> Result<Document, ImageError> {
        Document::parse(doc.to_string().as_bytes(), "r")
    }

    fn descriptor(media_type: &str) -> serde_json::Value {
        json!({"mediaType": media_type, "digest": format!("sha256:{}", "a".repeat(64)), "size": 1})
    }

    #[test]
    fn docker_schema2_manifests_and_lists_parse() {
        let manifest = parse(json!({"schemaVersion": 2, "mediaType": DOCKER_MANIFEST,
            "config": descriptor("application/vnd.docker.container.image.v1+json"),
            "layers": [descriptor("application/vnd.docker.image.rootfs.diff.tar.gzip")]}));
        assert!(
            matches!(&manifest, Ok(Document::Image { layers, .. }) if layers.len() == 1),
            "{manifest:?}"
        );
        let list = parse(json!({"schemaVersion": 2, "mediaType": DOCKER_LIST,
            "manifests": [descriptor(DOCKER_MANIFEST)]}));
        assert!(matches!(list, Ok(Document::Index(m)) if m.len() == 1));
        // OCI leaves mediaType optional: the shape decides.
        let bare = parse(json!({"schemaVersion": 2, "config": descriptor(""), "layers": []}));
        assert!(matches!(bare, Ok(Document::Image { .. })));
    }

    #[test]
    fn schema1_foreign_types_and_non_filesystem_layers_are_refused() {
        let refused = [
            json!({"schemaVersion": 1, "name": "x", "fsLayers": []}),
            json!({"schemaVersion": 2, "mediaType": "application/vnd.example+json", "config": descriptor("")}),
            json!({"schemaVersion": 2, "mediaType": OCI_MANIFEST, "config": descriptor(""),
                   "layers": [descriptor("application/vnd.oci.image.layer.v1.tar+gzip+encrypted")]}),
        ];
        for doc in refused {
            let result = parse(doc.clone());
            assert!(
                matches!(result, Err(ImageError::InvalidImage { .. })),
                "{doc}: {result:?}"
            );
        }
    }
}
