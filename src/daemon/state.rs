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
        let netns = pools.netns_map();
        let metrics = pools.metrics();
        let dial = move |sandbox: &str, port: u16| -> Dial {
            let path = netns
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .get(sandbox)
                .cloned();
            Box::pin(async move {
                let path = path.ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::NotFound, "the sandbox is gone")
                })?;
                crate::runtime::connect_in_netns_async(&path, port).await
            })
        };
        Self {
            store,
            pools,
            public_url,
            forwarder: Forwarder::new(Dialer::new(Arc::new(dial), proxy_idle)),
            metrics,
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
    /// Absolute base URL for links in answers (operation URLs, nextLink):
    /// the public URL when configured, else what the caller used to reach us.
    pub fn request_base(&self, listener: Listener, headers: &HeaderMap) -> String {
        if let Some(url) = &self.public_url {
            return url.clone();
        }
        let host = headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        let scheme = if listener == (Listener::Tcp { tls: true }) {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{host}")
    }

    /// Base of `poolManagementEndpoint`s; without TCP, the socket's `http://localhost`.
    pub fn endpoint_base(&self) -> &str {
        self.public_url.as_deref().unwrap_or("http://localhost")
    }
}

/// The caller's address (TCP only), put on each request by the listener.
#[derive(Clone, Copy, Debug)]
pub struct Peer(pub Option<std::net::IpAddr>);
