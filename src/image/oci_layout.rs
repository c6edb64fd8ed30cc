//! Reading images from a local OCI image layout (`oci:PATH[:TAG]`), for hosts
//! without registry access. Every blob read from the layout is verified against
//! its digest, exactly like registry downloads.

use std::fs::File;
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::blobs::PendingBlob;
use super::digest::{sha256_hex, sha256_of};
use super::error::ImageError;
use super::manifest::{Descriptor, Document, LayerDesc, MAX_INDEX_DEPTH, ManifestPlan};
use super::platform::{self, Platform};

const REF_NAME: &str = "org.opencontainers.image.ref.name";

#[derive(Deserialize)]
struct Index {
    #[serde(default)]
    manifests: Vec<Descriptor>,
}

pub(crate) struct LayoutSource {
    dir: PathBuf,
    tag: Option<String>,
    display: String,
}

impl LayoutSource {
    pub(crate) fn new(dir: &Path, tag: Option<&str>, display: String) -> LayoutSource {
        LayoutSource {
            dir: dir.to_owned(),
            tag: tag.map(str::to_owned),
            display,
        }
    }

    pub(crate) fn display(&self) -> &str {
        &self.display
    }

    pub(crate) fn manifest(&self) -> Result<ManifestPlan, ImageError> {
        let index_path = self.dir.join("index.json");
        let index_bytes = std::fs::read(&index_path).map_err(|e| match e.kind() {
            ErrorKind::NotFound => {
                self.not_found(format!("{} does not exist", index_path.display()))
            }
            _ => ImageError::io("read", &index_path)(e),
        })?;
        let index: Index = self.parse(&index_bytes, "index.json")?;
        let mut descriptor = self.select_tagged(index)?;
        let host = Platform::host();
        for _ in 0..MAX_INDEX_DEPTH {
            let bytes = self.read_blob(&descriptor.digest)?;
            match Document::parse(&bytes, &self.display)? {
                Document::Index(entries) => {
                    descriptor = platform::select(&entries, &host, &self.display)?.clone();
                }
                Document::Image { config, layers } => {
                    let config_blob = self.read_blob(&config.digest)?;
                    return ManifestPlan::new(
                        &self.display,
                        descriptor.digest,
                        config.digest,
                        config_blob,
                        layers.into_iter().map(LayerDesc::from).collect(),
                    );
                }
            }
        }
        Err(self.invalid("image indexes are nested too deeply"))
    }

    fn select_tagged(&self, index: Index) -> Result<Descriptor, ImageError> {
        let mut manifests = index.manifests;
        match &self.tag {
            Some(tag) => manifests
                .into_iter()
                .find(|d| d.annotations.get(REF_NAME) == Some(tag))
                .ok_or_else(|| self.not_found(format!("the layout has no tag {tag:?}"))),
            None if manifests.len() == 1 => Ok(manifests.remove(0)),
            None => Err(ImageError::InvalidReference {
                reference: self.display.clone(),
                reason: format!(
                    "the layout holds {} images: name one with oci:PATH:TAG",
                    manifests.len()
                ),
            }),
        }
    }

    fn blob_path(&self, digest: &str) -> Result<PathBuf, ImageError> {
        let hex = sha256_hex(digest)
            .ok_or_else(|| self.invalid(format!("unsupported digest {digest:?}")))?;
        Ok(self.dir.join("blobs").join("sha256").join(hex))
    }

    /// Reads a small blob (index, manifest, config) and checks its digest.
    fn read_blob(&self, digest: &str) -> Result<Vec<u8>, ImageError> {
        let path = self.blob_path(digest)?;
        let data = std::fs::read(&path).map_err(|e| match e.kind() {
            ErrorKind::NotFound => {
                self.not_found(format!("blob {digest} is missing from the layout"))
            }
            _ => ImageError::io("read", &path)(e),
        })?;
        let actual = sha256_of(&data);
        if actual != digest {
            return Err(ImageError::DigestMismatch {
                expected: digest.to_owned(),
                actual,
            });
        }
        Ok(data)
    }

    /// Copies a layer into the cache through `pending` (verified on commit).
    /// Blocking: call from a blocking thread.
    pub(crate) fn fetch_blob(
        &self,
        layer: &LayerDesc,
        mut pending: PendingBlob,
        on_bytes: &mut dyn FnMut(u64),
    ) -> Result<PathBuf, ImageError> {
        let source_path = self.blob_path(&layer.digest)?;
        let mut source = File::open(&source_path).map_err(|e| match e.kind() {
            ErrorKind::NotFound => {
                self.not_found(format!("blob {} is missing from the layout", layer.digest))
            }
            _ => ImageError::io("open", &source_path)(e),
        })?;
        let temp = pending.temp_path().to_owned();
        let mut out = File::create_new(&temp).map_err(ImageError::io("create", &temp))?;
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = source
                .read(&mut buf)
                .map_err(ImageError::io("read", &source_path))?;
            if n == 0 {
                break;
            }
            out.write_all(&buf[..n])
                .map_err(ImageError::io("write", &temp))?;
            pending.update(&buf[..n]);
            on_bytes(n as u64);
        }
        out.sync_all().map_err(ImageError::io("sync", &temp))?;
        pending.commit()
    }

    fn parse<T: for<'de> Deserialize<'de>>(
        &self,
        bytes: &[u8],
        what: &str,
    ) -> Result<T, ImageError> {
        serde_json::from_slice(bytes).map_err(|e| self.invalid(format!("{what} is not valid: {e}")))
    }

    fn not_found(&self, detail: String) -> ImageError {
        ImageError::NotFound {
            reference: self.display.clone(),
            detail,
        }
    }

    fn invalid(&self, reason: impl Into<String>) -> ImageError {
        ImageError::InvalidImage {
            reference: self.display.clone(),
            reason: reason.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Writes a blob into the layout and returns its digest.
    fn put(layout: &Path, data: &[u8]) -> String {
        let digest = sha256_of(data);
        let dir = layout.join("blobs/sha256");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(&digest["sha256:".len()..]), data).unwrap();
        digest
    }

    fn manifest(layout: &Path, env: &str) -> (String, usize) {
        let config = json!({"config": {"Env": [env]}}).to_string();
        let config_digest = put(layout, config.as_bytes());
        let layer_digest = put(layout, b"not really a tar");
        let m = json!({
            "schemaVersion": 2,
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                       "digest": config_digest, "size": config.len()},
            "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                        "digest": layer_digest, "size": 16}],
        })
        .to_string();
        (put(layout, m.as_bytes()), m.len())
    }

    /// An architecture that is not the host's.
    fn foreign_arch() -> &'static str {
        if Platform::host().architecture == "s390x" {
            "ppc64le"
        } else {
            "s390x"
        }
    }

    /// Writes an index of (architecture, env) manifests, tagged `multi` in index.json.
    fn tagged_index(layout: &Path, arches: &[(&str, &str)]) -> Vec<String> {
        let mut digests = Vec::new();
        let mut entries = Vec::new();
        for (arch, env) in arches {
            let (digest, len) = manifest(layout, env);
            entries.push(
                json!({"mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": digest, "size": len, "platform": {"architecture": arch, "os": "linux"}}),
            );
            digests.push(digest);
        }
        let index = json!({"schemaVersion": 2, "manifests": entries}).to_string();
        let index_digest = put(layout, index.as_bytes());
        let top = json!({"schemaVersion": 2, "manifests": [
            {"mediaType": "application/vnd.oci.image.index.v1+json", "digest": index_digest,
             "size": index.len(), "annotations": {REF_NAME: "multi"}},
        ]});
        std::fs::write(layout.join("index.json"), top.to_string()).unwrap();
        digests
    }

    #[test]
    fn picks_the_host_platform_from_a_tagged_index() {
        let dir = tempfile::tempdir().unwrap();
        let layout = dir.path();
        let host = Platform::host().architecture;
        let digests = tagged_index(
            layout,
            &[(foreign_arch(), "ARCH=other"), (&host, "ARCH=host")],
        );

        let source = LayoutSource::new(layout, Some("multi"), "test".into());
        let plan = source.manifest().unwrap();
        assert_eq!(plan.digest, digests[1]);
        assert_eq!(plan.config.env, ["ARCH=host"]);
        assert_eq!(plan.layers.len(), 1);

        let untagged = LayoutSource::new(layout, Some("other"), "test".into());
        assert!(matches!(
            untagged.manifest(),
            Err(ImageError::NotFound { .. })
        ));
    }

    #[test]
    fn an_index_without_the_host_platform_names_its_platforms() {
        let dir = tempfile::tempdir().unwrap();
        let layout = dir.path();
        tagged_index(layout, &[(foreign_arch(), "A=1")]);
        let err = LayoutSource::new(layout, Some("multi"), "oci:x:multi".into())
            .manifest()
            .unwrap_err();
        match err {
            ImageError::NoMatchingPlatform { offered, .. } => {
                assert_eq!(offered, [format!("linux/{}", foreign_arch())]);
            }
            other => panic!("expected NoMatchingPlatform, got {other:?}"),
        }
    }

    #[test]
    fn tampered_layout_blob_is_a_digest_mismatch() {
        let dir = tempfile::tempdir().unwrap();
        let layout = dir.path();
        let (digest, len) = manifest(layout, "A=1");
        let top = json!({"schemaVersion": 2, "manifests": [
            {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": digest,
             "size": len},
        ]});
        std::fs::write(layout.join("index.json"), top.to_string()).unwrap();
        let path = layout.join("blobs/sha256").join(&digest["sha256:".len()..]);
        std::fs::write(&path, b"{}").unwrap();
        let err = LayoutSource::new(layout, None, "test".into()).manifest();
        assert!(
            matches!(err, Err(ImageError::DigestMismatch { .. })),
            "{err:?}"
        );
    }
}
