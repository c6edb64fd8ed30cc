//! What every handler shares.

use crate::pool::PoolManager;
use crate::store::Store;
use axum::http::HeaderMap;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<Store>,
    pub pools: PoolManager,
    /// `--public-url`, else the TCP listener's URL: the base of pool endpoints.
    pub public_url: Option<String>,
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
