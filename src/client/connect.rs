//! Where the daemon is and how to open a connection to it.

use super::ClientError;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

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

    /// The scheme and authority requests are addressed to; over a unix
    /// socket the host is only what the Host header says.
    pub(super) fn base_url(&self) -> String {
        match self {
            Endpoint::Unix(_) => "http://localhost".into(),
            Endpoint::Tcp { tls, host, port } => {
                let host = if host.contains(':') {
                    format!("[{host}]")
                } else {
                    host.clone()
                };
                format!("{}://{host}:{port}", if *tls { "https" } else { "http" })
            }
        }
    }

    /// One HTTP client for this endpoint: connection reuse, a connect
    /// timeout, proxy variables (TCP only), system roots plus
    /// `SESSIONPOOL_CA_CERT` (a PEM file) for daemons with a private CA.
    pub(super) fn http_client(&self) -> Result<reqwest::Client, ClientError> {
        let builder = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .pool_idle_timeout(Duration::from_secs(30))
            .user_agent(concat!("sessionpool/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .http1_only();
        // Without TLS no root store is needed: loading the system's (a file
        // per certificate) was most of a CLI call's run time.
        let builder = match self {
            Endpoint::Unix(path) => builder.unix_socket(path.clone()).tls_certs_only(Vec::new()),
            Endpoint::Tcp { tls: true, .. } => builder.tls_certs_merge(extra_roots()?),
            Endpoint::Tcp { .. } => builder.tls_certs_only(Vec::new()),
        };
        builder
            .build()
            .map_err(|e| ClientError::Tls(error_chain(&e)))
    }
}

/// How long opening a connection (TCP, TLS handshake) may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

fn extra_roots() -> Result<Vec<reqwest::Certificate>, ClientError> {
    let Some(path) = std::env::var_os("SESSIONPOOL_CA_CERT").filter(|p| !p.is_empty()) else {
        return Ok(Vec::new());
    };
    let shown = PathBuf::from(&path).display().to_string();
    let pem = std::fs::read(&path).map_err(|e| ClientError::Tls(format!("{shown}: {e}")))?;
    let certs = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|e| ClientError::Tls(format!("{shown}: {}", error_chain(&e))))?;
    if certs.is_empty() {
        return Err(ClientError::Tls(format!(
            "{shown}: no PEM certificate in SESSIONPOOL_CA_CERT"
        )));
    }
    Ok(certs)
}

/// Whether a rustls error is among an error's causes (a refused certificate,
/// a failed handshake). io::Error hides what it wraps from `source()`, so
/// wrapped errors are unpacked too.
pub(super) fn is_tls(e: &(dyn std::error::Error + 'static)) -> bool {
    if e.is::<rustls::Error>() {
        return true;
    }
    if let Some(inner) = e
        .downcast_ref::<std::io::Error>()
        .and_then(|io| io.get_ref())
        && is_tls(inner)
    {
        return true;
    }
    e.source().is_some_and(is_tls)
}

/// An error's causes on one line, without reqwest's and hyper's generic
/// wrappers ("error sending request", "client error (Connect)").
pub(super) fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cause = Some(e);
    while let Some(c) = cause {
        let text = c.to_string();
        let generic = text.starts_with("error sending request")
            || text.starts_with("client error (")
            || text.starts_with("error decoding response body")
            || text.starts_with("request or response body error");
        if !generic && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cause = c.source();
    }
    if parts.is_empty() {
        e.to_string()
    } else {
        parts.join(": ")
    }
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
