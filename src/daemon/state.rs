//! What every handler shares.

use crate::metrics::Metrics;
use crate::pool::PoolManager;
use crate::proxy::{Dial, Dialer, Forwarder};
use crate::store::Store;
use axum::http::HeaderMap;
use std::sync::Arc;

/// Default of `--proxy-idle-timeout`.
pub const DEFAULT_PROXY_IDLE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<Store>,
    pub pools: PoolManager,
    /// `--public-url`, else the TCP listener's URL: the base of pool endpoints.
    pub public_url: Option<String>,
    pub forwarder: Forwarder,
    pub metrics: Arc<Metrics>,
    /// `--location`: where the provider document offers `sessionPools`.
    pub configured_locations: Vec<String>,
    /// The authority's signing keys (see `signing`).
    pub keys: Arc<std::sync::RwLock<crate::identity::KeyRing>>,
    /// Cluster mode (`--cluster`); None for a daemon on its own.
    pub cluster: Option<Arc<crate::cluster::Cluster>>,
}

impl AppState {
    pub fn new(store: Arc<Store>, pools: PoolManager, public_url: Option<String>) -> Self {
        Self::with_proxy_idle_timeout(store, pools, public_url, DEFAULT_PROXY_IDLE_TIMEOUT)
    }

    /// `proxy_idle`: how long a forwarded exchange or tunnel may move no data.
    pub fn with_proxy_idle_timeout(
        store: Arc<Store>,
        pools: PoolManager,
        public_url: Option<String>,
        proxy_idle: std::time::Duration,
    ) -> Self {
        let issuer = pools.identity_issuer();
        *issuer.origin.write().unwrap_or_else(|p| p.into_inner()) = public_url
            .clone()
            .unwrap_or_else(|| "http://localhost".into());
        let keys = issuer.keys.clone();
        let netns = pools.netns_map();
        let metrics = pools.metrics();
        let dial = move |sandbox: &str, port: u16| -> Dial {
            let link = netns
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .get(sandbox)
                .cloned();
            Box::pin(async move {
                let link = link.ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::NotFound, "the sandbox is gone")
                })?;
                match link.take_preopened(port) {
                    Some(stream) => tokio::net::TcpStream::from_std(stream),
                    None => crate::runtime::connect_in_netns_file_async(&link.netns, port).await,
                }
            })
        };
        Self {
            store,
            pools,
            public_url,
            forwarder: Forwarder::new(Dialer::new(Arc::new(dial), proxy_idle)),
            metrics,
            configured_locations: vec![crate::spec::defaults::LOCATION.into()],
            keys,
            cluster: None,
        }
    }
}

/// Which listener a request came in on: it decides authentication and URL scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listener {
    Unix,
    Tcp { tls: bool },
}

impl AppState {
    /// Absolute base URL for links in answers (operation URLs, nextLink): the
    /// origin the caller used, since clients such as az send their token only
    /// to the origin they were configured with. A reverse proxy's
    /// X-Forwarded-Host/-Proto win over Host; the public URL (else
    /// `http://localhost`) is the fallback when a request names no host.
    pub fn request_base(&self, listener: Listener, headers: &HeaderMap) -> String {
        let first = |name: &str| {
            headers
                .get(name)
                .and_then(|h| h.to_str().ok())
                .and_then(|v| v.split(',').next())
                .map(str::trim)
                .filter(|v| valid_authority(v))
        };
        let scheme = first("x-forwarded-proto")
            .filter(|p| matches!(*p, "http" | "https"))
            .unwrap_or(if listener == (Listener::Tcp { tls: true }) {
                "https"
            } else {
                "http"
            });
        match first("x-forwarded-host").or_else(|| first("host")) {
            Some(host) => format!("{scheme}://{host}"),
            None => self
                .public_url
                .clone()
                .unwrap_or_else(|| "http://localhost".into()),
        }
    }

    /// The locations offered: `--location`, then any other a pool was
    /// created in (a pool's location is not checked against the list).
    pub fn locations(&self) -> Result<Vec<String>, crate::store::StoreError> {
        let mut all = self.configured_locations.clone();
        for pool in self.store.list_pools(None)? {
            if !all.iter().any(|l| l.eq_ignore_ascii_case(&pool.location)) {
                all.push(pool.location);
            }
        }
        Ok(all)
    }

    /// Base of `poolManagementEndpoint`s; without TCP, the socket's `http://localhost`.
    pub fn endpoint_base(&self) -> &str {
        self.public_url.as_deref().unwrap_or("http://localhost")
    }
}

/// The caller's address (TCP only), put on each request by the listener.
#[derive(Clone, Copy, Debug)]
pub struct Peer(pub Option<std::net::IpAddr>);

/// A Host-like value that is safe to put in a URL: host (name, IPv4 or
/// bracketed IPv6) and optional port, nothing that would add a path or user.
fn valid_authority(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 255
        && v.parse::<axum::http::uri::Authority>()
            .is_ok_and(|a| a.as_str() == v && !v.contains('@'))
}
