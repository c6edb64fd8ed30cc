//! Fetching from OCI distribution registries with `oci-client`: the manifest
//! (OCI or Docker schema 2; the host's platform picked from an index or
//! manifest list by `platform::select`), the config and layer blobs, and the
//! mapping of its errors onto `ImageError`.

use std::path::PathBuf;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use oci_client::client::{ClientConfig, ClientProtocol};
use oci_client::errors::{OciDistributionError, OciErrorCode};
use oci_client::manifest::OciDescriptor;
use oci_client::secrets::RegistryAuth;
use oci_client::{Client, Reference};
use tokio::io::AsyncWrite;

use super::blobs::PendingBlob;
use super::credentials::RegistryCredentials;
use super::digest::sha256_of;
use super::error::ImageError;
use super::manifest::{ACCEPTED, Descriptor, Document, LayerDesc, MAX_INDEX_DEPTH, ManifestPlan};
use super::platform::{self, Platform};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Image configs are small JSON documents; anything larger is not one, and is
/// held in memory, so it is refused before download.
const MAX_CONFIG_BYTES: u64 = 8 << 20;

pub(crate) struct RegistrySource {
    client: Client,
    reference: Reference,
    auth: RegistryAuth,
    registry: String,
    display: String,
    stall_timeout: Duration,
}

impl RegistrySource {
    /// One client per pull: `oci-client` remembers the first credentials it saw
    /// per registry, so a shared client would keep using old (or someone
    /// else's) credentials.
    pub(crate) fn new(
        registry: &str,
        repository: &str,
        tag: Option<&str>,
        digest: Option<&str>,
        credentials: Option<RegistryCredentials>,
        insecure_registries: &[String],
        stall_timeout: Duration,
    ) -> RegistrySource {
        let reference = match (digest, tag) {
            (Some(digest), _) => {
                Reference::with_digest(registry.into(), repository.into(), digest.into())
            }
            (None, tag) => Reference::with_tag(
                registry.into(),
                repository.into(),
                tag.unwrap_or("latest").into(),
            ),
        };
        let config = ClientConfig {
            // Plain HTTP only for registries the operator listed; all others
            // use HTTPS verified against the system roots.
            protocol: ClientProtocol::HttpsExcept(insecure_registries.to_vec()),
            // Indexes are resolved by `platform::select`, never by the client.
            platform_resolver: None,
            connect_timeout: Some(CONNECT_TIMEOUT.min(stall_timeout)),
            // Per read, reset by every arrival: a registry that stops sending
            // (headers or body) fails the request instead of hanging it.
            read_timeout: Some(stall_timeout),
            ..ClientConfig::default()
        };
        let auth = match credentials {
            Some(c) => RegistryAuth::Basic(c.username, c.password),
            None => RegistryAuth::Anonymous,
        };
        RegistrySource {
            client: Client::new(config),
            display: reference.whole(),
            reference,
            auth,
            registry: registry.to_owned(),
            stall_timeout,
        }
    }

    pub(crate) fn display(&self) -> &str {
        &self.display
    }

    /// Resolves the reference to one image manifest, following indexes and
    /// manifest lists to the host's platform, and fetches its config.
    pub(crate) async fn manifest(&self) -> Result<ManifestPlan, ImageError> {
        let host = Platform::host();
        let mut reference = self.reference.clone();
        for _ in 0..MAX_INDEX_DEPTH {
            let (bytes, _) = self
                .client
                .pull_manifest_raw(&reference, &self.auth, &ACCEPTED)
                .await
                .map_err(|e| self.map_error(e))?;
            match Document::parse(&bytes, &self.display)? {
                Document::Index(entries) => {
                    let chosen = platform::select(&entries, &host, &self.display)?;
                    // By digest: oci-client then verifies the body against it.
                    reference = Reference::with_digest(
                        self.reference.registry().into(),
                        self.reference.repository().into(),
                        chosen.digest.clone(),
                    );
                }
                Document::Image { config, layers } => {
                    let config_blob = self.fetch_config(&config).await?;
                    return ManifestPlan::new(
                        &self.display,
                        sha256_of(&bytes),
                        config.digest,
                        config_blob,
                        layers.into_iter().map(LayerDesc::from).collect(),
                    );
                }
            }
        }
        Err(ImageError::InvalidImage {
            reference: self.display.clone(),
            reason: "image indexes are nested too deeply".into(),
        })
    }

    async fn fetch_config(&self, config: &Descriptor) -> Result<Vec<u8>, ImageError> {
        if config.size > MAX_CONFIG_BYTES {
            return Err(ImageError::InvalidImage {
                reference: self.display.clone(),
                reason: format!(
                    "the image config is {} bytes, more than the {MAX_CONFIG_BYTES} accepted",
                    config.size
                ),
            });
        }
        let descriptor = OciDescriptor {
            digest: config.digest.clone(),
            size: i64::try_from(config.size).unwrap_or(i64::MAX),
            media_type: config.media_type.clone(),
            ..OciDescriptor::default()
        };
        let mut blob = CappedBuffer(Vec::with_capacity(
            usize::try_from(config.size).unwrap_or(0),
        ));
        match self
            .client
            .pull_blob(&self.reference, &descriptor, &mut blob)
            .await
        {
            Ok(()) => Ok(blob.0),
            Err(OciDistributionError::DigestError(_)) => Err(ImageError::DigestMismatch {
                expected: config.digest.clone(),
                actual: sha256_of(&blob.0),
            }),
            Err(e) => Err(self.map_error(e)),
        }
    }

    /// Downloads one blob into `pending`, reporting bytes as they arrive, and
    /// publishes it once verified.
    pub(crate) async fn fetch_blob(
        &self,
        layer: &LayerDesc,
        mut pending: PendingBlob,
        on_bytes: &mut (dyn FnMut(u64) + Send),
    ) -> Result<PathBuf, ImageError> {
        let temp = pending.temp_path().to_owned();
        let file = tokio::fs::File::create_new(&temp)
            .await
            .map_err(ImageError::io("create", &temp))?;
        let descriptor = OciDescriptor {
            digest: layer.digest.clone(),
            size: i64::try_from(layer.size).unwrap_or(i64::MAX),
            media_type: layer.media_type.clone(),
            ..OciDescriptor::default()
        };
        let writer = HashingWriter {
            file,
            pending: &mut pending,
            on_bytes,
        };
        match self
            .client
            .pull_blob(&self.reference, &descriptor, writer)
            .await
        {
            Ok(()) => {}
            Err(OciDistributionError::DigestError(_)) => {
                return Err(ImageError::DigestMismatch {
                    expected: layer.digest.clone(),
                    actual: pending.actual_digest(),
                });
            }
            Err(e) => return Err(self.map_error(e)),
        }
        // pull_blob flushed; fsync so a published blob survives a crash intact.
        let file = tokio::fs::File::open(&temp)
            .await
            .map_err(ImageError::io("open", &temp))?;
        file.sync_all()
            .await
            .map_err(ImageError::io("sync", &temp))?;
        pending.commit()
    }

    fn map_error(&self, error: OciDistributionError) -> ImageError {
        let registry = self.registry.clone();
        let not_found = |detail: String| ImageError::NotFound {
            reference: self.display.clone(),
            detail,
        };
        match error {
            OciDistributionError::UnauthorizedError { .. }
            | OciDistributionError::AuthenticationFailure(_) => {
                ImageError::Unauthorized { registry }
            }
            OciDistributionError::RegistryError { envelope, .. } => {
                let codes: Vec<&OciErrorCode> = envelope.errors.iter().map(|e| &e.code).collect();
                let any = |wanted: &[OciErrorCode]| codes.iter().any(|c| wanted.contains(c));
                if any(&[OciErrorCode::Unauthorized, OciErrorCode::Denied]) {
                    ImageError::Unauthorized { registry }
                } else if any(&[
                    OciErrorCode::ManifestUnknown,
                    OciErrorCode::NameUnknown,
                    OciErrorCode::BlobUnknown,
                    OciErrorCode::NotFound,
                ]) {
                    not_found("the repository or tag does not exist".into())
                } else {
                    ImageError::Registry {
                        registry,
                        message: envelope.to_string(),
                    }
                }
            }
            OciDistributionError::ServerError {
                code: 401 | 403, ..
            } => ImageError::Unauthorized { registry },
            OciDistributionError::ServerError { code: 404, .. } => {
                not_found("the repository or tag does not exist".into())
            }
            OciDistributionError::ServerError {
                code: code @ (429 | 500..=599),
                message,
                ..
            } => ImageError::Unavailable {
                registry,
                message: format!("HTTP {code}: {}", message.trim()),
            },
            OciDistributionError::ServerError { code, message, .. } => ImageError::Registry {
                registry,
                message: format!("HTTP {code}: {}", message.trim()),
            },
            OciDistributionError::ImageManifestNotFoundError(detail) => not_found(detail),
            OciDistributionError::RequestError(e) if e.is_timeout() => ImageError::Unreachable {
                host: registry,
                reason: format!(
                    "no data for {}s (the registry stalled): {}",
                    self.stall_timeout.as_secs_f64(),
                    error_chain(&e)
                ),
            },
            // Connect failures and connections cut mid-response alike.
            OciDistributionError::RequestError(e) if !e.is_builder() => ImageError::Unreachable {
                host: registry,
                reason: error_chain(&e),
            },
            e @ (OciDistributionError::UnsupportedMediaTypeError(_)
            | OciDistributionError::ManifestParsingError(_)
            | OciDistributionError::VersionedParsingError(_)
            | OciDistributionError::UnsupportedSchemaVersionError(_)
            | OciDistributionError::IncompatibleLayerMediaTypeError(_)
            | OciDistributionError::PullNoLayersError
            | OciDistributionError::SpecViolationError(_)) => ImageError::InvalidImage {
                reference: self.display.clone(),
                reason: e.to_string(),
            },
            e => ImageError::Registry {
                registry,
                message: error_chain(&e),
            },
        }
    }
}

/// "outer: cause: root cause", since reqwest hides the useful part ("Connection
/// refused") in its sources.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// An in-memory blob that refuses to grow past `MAX_CONFIG_BYTES`, whatever
/// size the registry claimed.
struct CappedBuffer(Vec<u8>);

impl AsyncWrite for CappedBuffer {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        if (self.0.len() + buf.len()) as u64 > MAX_CONFIG_BYTES {
            return Poll::Ready(Err(std::io::Error::other(format!(
                "the image config is larger than {MAX_CONFIG_BYTES} bytes"
            ))));
        }
        self.0.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// Writes the download to the temp file while hashing it and counting bytes.
struct HashingWriter<'a> {
    file: tokio::fs::File,
    pending: &'a mut PendingBlob,
    on_bytes: &'a mut (dyn FnMut(u64) + Send),
}

impl AsyncWrite for HashingWriter<'_> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = &mut *self;
        let result = Pin::new(&mut this.file).poll_write(cx, buf);
        if let Poll::Ready(Ok(written)) = result {
            this.pending.update(&buf[..written]);
            (this.on_bytes)(written as u64);
        }
        result
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.file).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.file).poll_shutdown(cx)
    }
}
