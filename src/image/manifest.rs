//! `ManifestPlan`: a manifest reduced to what a pull needs (digests, config,
//! layers), validated the same way whether it came from a registry or a layout.

use super::config::ImageConfig;
use super::digest::{sha256_hex, sha256_of};
use super::error::ImageError;

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
