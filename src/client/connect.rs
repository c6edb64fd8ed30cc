//! Where the daemon is and how to open a connection to it.

use super::ClientError;
use bytes::Bytes;
use http_body_util::Full;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncWrite};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    Unix(PathBuf),
    Tcp { tls: bool, host: String, port: u16 },
}

pub const DEFAULT_SOCKET: &str = "/run/sessionpool/sessionpool.sock";

impl Endpoint {
    pub fn default_socket() -> Self {
        Endpoint::Unix(PathBuf::from(DEFAULT_SOCKET))
    }

    /// `unix:///path`, `http://host[:port]` or `https://host[:port]` (a trailing path is ignored).
    pub fn parse(s: &str) -> Result<Self, ClientError> {
        let bad = || ClientError::BadEndpoint(s.to_string());
        if let Some(path) = s.strip_prefix("unix://") {
            if !path.starts_with('/') {
                return Err(bad());
            }
            return Ok(Endpoint::Unix(PathBuf::from(path)));
        }
        let (tls, rest) = match s.split_once("://") {
            Some(("http", rest)) => (false, rest),
            Some(("https", rest)) => (true, rest),
            _ => return Err(bad()),
        };
        let authority = rest.split('/').next().unwrap_or("");
        let uri: hyper::http::uri::Authority = authority.parse().map_err(|_| bad())?;
        let host = uri
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        if host.is_empty() {
            return Err(bad());
        }
        let port = uri.port_u16().unwrap_or(if tls { 443 } else { 80 });
        Ok(Endpoint::Tcp { tls, host, port })
    }

    pub fn host_header(&self) -> String {
        match self {
            Endpoint::Unix(_) => "localhost".into(),
            Endpoint::Tcp { host, port, .. } => format!("{host}:{port}"),
        }
    }

    /// The daemon answers with absolute URLs (Location, nextLink); we only
    /// follow their path and query over our own connection.
    pub fn relative(&self, url: &str) -> String {
        match url.split_once("://") {
            Some((_, rest)) => rest
                .find('/')
                .map_or("/".to_string(), |i| rest[i..].to_string()),
            None => url.to_string(),
        }
    }

    pub(super) async fn connect(&self) -> Result<SendRequest<Full<Bytes>>, ClientError> {
        let fail = |reason: String| ClientError::Connect {
            endpoint: self.to_string(),
            reason,
        };
        match self {
            Endpoint::Unix(path) => {
                let io = tokio::net::UnixStream::connect(path)
                    .await
                    .map_err(|e| fail(e.to_string()))?;
                handshake(io).await.map_err(fail)
            }
            Endpoint::Tcp { tls, host, port } => {
                let io = tokio::net::TcpStream::connect((host.as_str(), *port))
                    .await
                    .map_err(|e| fail(e.to_string()))?;
                let _ = io.set_nodelay(true);
                if !tls {
                    return handshake(io).await.map_err(fail);
                }
                let connector = tokio_rustls::TlsConnector::from(tls_config()?);
                let name = rustls::pki_types::ServerName::try_from(host.clone())
                    .map_err(|e| fail(e.to_string()))?;
                let io = connector
                    .connect(name, io)
                    .await
                    .map_err(|e| fail(format!("TLS: {e}")))?;
                handshake(io).await.map_err(fail)
            }
        }
    }
}

async fn handshake<S>(io: S) -> Result<SendRequest<Full<Bytes>>, String>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

/// System roots, plus `SESSIONPOOL_CA_CERT` (a PEM file) for self-signed daemons.
fn tls_config() -> Result<Arc<rustls::ClientConfig>, ClientError> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    if let Ok(path) = std::env::var("SESSIONPOOL_CA_CERT") {
        let file =
            std::fs::File::open(&path).map_err(|e| ClientError::Tls(format!("{path}: {e}")))?;
        for cert in rustls_pemfile::certs(&mut std::io::BufReader::new(file)) {
            let cert = cert.map_err(|e| ClientError::Tls(format!("{path}: {e}")))?;
            roots
                .add(cert)
                .map_err(|e| ClientError::Tls(format!("{path}: {e}")))?;
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| ClientError::Tls(e.to_string()))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(Arc::new(config))
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Endpoint::Unix(p) => write!(f, "unix://{}", p.display()),
            Endpoint::Tcp { tls, host, port } => {
                write!(f, "{}://{host}:{port}", if *tls { "https" } else { "http" })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_endpoints() {
        assert_eq!(
            Endpoint::parse("unix:///run/x.sock").unwrap(),
            Endpoint::Unix("/run/x.sock".into())
        );
        assert_eq!(
            Endpoint::parse("https://example.com").unwrap(),
            Endpoint::Tcp {
                tls: true,
                host: "example.com".into(),
                port: 443
            }
        );
        assert_eq!(
            Endpoint::parse("http://127.0.0.1:8080/pools/x").unwrap(),
            Endpoint::Tcp {
                tls: false,
                host: "127.0.0.1".into(),
                port: 8080
            }
        );
        assert!(Endpoint::parse("ftp://x").is_err());
        assert!(Endpoint::parse("unix://relative").is_err());
    }

    #[test]
    fn follows_only_path_of_absolute_urls() {
        let e = Endpoint::default_socket();
        assert_eq!(e.relative("http://localhost/a/b?x=1"), "/a/b?x=1");
        assert_eq!(e.relative("/a"), "/a");
    }
}
