//! Writes small OCI image layouts from layer tars made in the test: images
//! with content umoci cannot produce (PAX xattrs such as file capabilities, it
//! drops them), multi-platform indexes, and many-layer images. Push them with
//! `Registry::push` like any other layout.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::{Compression, write::GzEncoder};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tar::{EntryType, Header};

use super::registry::OciImage;

const REF_NAME: &str = "org.opencontainers.image.ref.name";

/// The host architecture as OCI (Go) names it.
pub fn host_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => panic!("these tests know no OCI name for {other}"),
    }
}

/// A layer tar built entry by entry (uncompressed; `OciLayout` gzips it).
pub struct LayerTar {
    builder: tar::Builder<Vec<u8>>,
}

impl Default for LayerTar {
    fn default() -> Self {
        LayerTar {
            builder: tar::Builder::new(Vec::new()),
        }
    }
}

impl LayerTar {
    fn header(kind: EntryType, mode: u32, size: u64) -> Header {
        let mut h = Header::new_ustar();
        h.set_entry_type(kind);
        h.set_mode(mode);
        h.set_uid(0);
        h.set_gid(0);
        h.set_mtime(0);
        h.set_size(size);
        h
    }

    pub fn dir(mut self, path: &str) -> Self {
        let mut h = Self::header(EntryType::Directory, 0o755, 0);
        self.builder.append_data(&mut h, path, &[][..]).unwrap();
        self
    }

    pub fn file(mut self, path: &str, mode: u32, body: &[u8]) -> Self {
        let mut h = Self::header(EntryType::Regular, mode, body.len() as u64);
        self.builder.append_data(&mut h, path, body).unwrap();
        self
    }

    pub fn hardlink(mut self, path: &str, target: &str) -> Self {
        let mut h = Self::header(EntryType::Link, 0o644, 0);
        self.builder.append_link(&mut h, path, target).unwrap();
        self
    }

    /// PAX `SCHILY.xattr.NAME` records for the next entry, as GNU tar and
    /// Docker write them.
    pub fn xattrs(mut self, xattrs: &[(&str, &[u8])]) -> Self {
        let keys: Vec<String> = xattrs
            .iter()
            .map(|(name, _)| format!("SCHILY.xattr.{name}"))
            .collect();
        let records = keys
            .iter()
            .map(String::as_str)
            .zip(xattrs.iter().map(|x| x.1));
        self.builder.append_pax_extensions(records).unwrap();
        self
    }

    pub fn finish(self) -> Vec<u8> {
        self.builder.into_inner().unwrap()
    }
}

/// `len` bytes that gzip cannot shrink much (xorshift), so that a layer's
/// download takes many reads.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// An OCI layout being written.
pub struct OciLayout {
    pub dir: PathBuf,
    tags: Vec<Value>,
}

impl OciLayout {
    pub fn new(dir: &Path) -> OciLayout {
        std::fs::create_dir_all(dir.join("blobs/sha256")).unwrap();
        std::fs::write(dir.join("oci-layout"), r#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
        OciLayout {
            dir: dir.to_owned(),
            tags: Vec::new(),
        }
    }

    /// Stores a blob; returns its descriptor.
    fn blob(&self, media_type: &str, data: &[u8]) -> Value {
        let hex = hex::encode(Sha256::digest(data));
        std::fs::write(self.dir.join("blobs/sha256").join(&hex), data).unwrap();
        json!({"mediaType": media_type, "digest": format!("sha256:{hex}"), "size": data.len()})
    }

    /// Writes an image manifest for `arch` with gzip layers made from
    /// `layers` (uncompressed tars); returns its descriptor with the platform.
    pub fn image(&self, arch: &str, env: &str, layers: &[Vec<u8>]) -> Value {
        let mut diff_ids = Vec::new();
        let mut descriptors = Vec::new();
        for layer in layers {
            diff_ids.push(format!("sha256:{}", hex::encode(Sha256::digest(layer))));
            let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
            gz.write_all(layer).unwrap();
            descriptors.push(self.blob(
                "application/vnd.oci.image.layer.v1.tar+gzip",
                &gz.finish().unwrap(),
            ));
        }
        let config = json!({
            "architecture": arch, "os": "linux",
            "config": {"Env": [env], "Cmd": ["/bin/true"]},
            "rootfs": {"type": "layers", "diff_ids": diff_ids},
        });
        let config = self.blob(
            "application/vnd.oci.image.config.v1+json",
            config.to_string().as_bytes(),
        );
        let manifest = json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": config, "layers": descriptors,
        });
        let mut descriptor = self.blob(
            "application/vnd.oci.image.manifest.v1+json",
            manifest.to_string().as_bytes(),
        );
        descriptor["platform"] = json!({"architecture": arch, "os": "linux"});
        descriptor
    }

    /// Writes an image index of `manifests`; returns its descriptor.
    pub fn index(&self, manifests: Vec<Value>) -> Value {
        let index = json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": manifests,
        });
        self.blob(
            "application/vnd.oci.image.index.v1+json",
            index.to_string().as_bytes(),
        )
    }

    /// Tags `descriptor` (a manifest or an index) in index.json.
    pub fn tag(&mut self, tag: &str, mut descriptor: Value) -> OciImage {
        descriptor.as_object_mut().unwrap().remove("platform");
        descriptor["annotations"] = json!({REF_NAME: tag});
        self.tags.push(descriptor);
        let index = json!({"schemaVersion": 2, "manifests": self.tags});
        std::fs::write(self.dir.join("index.json"), index.to_string()).unwrap();
        OciImage {
            layout: self.dir.clone(),
            tag: tag.to_owned(),
        }
    }
}
