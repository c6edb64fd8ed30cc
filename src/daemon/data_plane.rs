//! The data plane's way in: a request to a pool endpoint
//! (`/pools/{rg}/{name}[/path]`) goes from the connection straight to the
//! forwarder, authenticated as the router would, without the router's
//! matching, middleware and per-request state clones. It is the daemon's
//! hottest path: every request of every session takes it. Anything else
//! (`.management/` calls, names with percent-escapes, the control plane)
//! goes through the router.

use super::auth::{node_caller, principal_of};
use super::routes::forward_request;
use super::state::{AppState, Listener};
use axum::body::Body;
use axum::response::{IntoResponse, Response};
use hyper::Request;
use std::time::Duration;
use tower_http::timeout::TimeoutBody;

/// What a connection's data-plane requests need; one per listener.
pub struct DataPlane {
    pub state: AppState,
    pub listener: Listener,
    /// A request body that pauses this long fails (as `RequestBodyTimeout`
    /// does on the router's path).
    pub body_timeout: Duration,
}

/// `(rg, name)` when `path` is a pool endpoint whose request is forwarded.
pub fn pool_route(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("/pools/")?;
    let mut parts = rest.splitn(3, '/');
    let (rg, name) = (parts.next()?, parts.next()?);
    let plain = |s: &str| !s.is_empty() && !s.contains('%');
    if !plain(rg) || !plain(name) {
        return None;
    }
    match parts.next() {
        Some(tail) if tail.starts_with(".management/") => None,
        _ => Some((rg, name)),
    }
}

impl DataPlane {
    /// Forward `req` to pool `rg`/`name`, as `pool_route` read them off
    /// its path (the caller keeps them: the request moves on).
    pub async fn serve<B>(
        &self,
        req: Request<B>,
        rg: &str,
        name: &str,
        peer: Option<std::net::IpAddr>,
    ) -> Response
    where
        B: hyper::body::Body<Data = bytes::Bytes> + Send + 'static,
        B::Error: Into<axum::BoxError>,
    {
        let from_node = match node_caller(&self.state, req.headers()) {
            Ok(n) => n,
            Err(e) => return e.into_response(),
        };
        // Another node checked its caller; the credential stands for that.
        let principal = match &from_node {
            Some(_) => crate::auth::Principal::Admin,
            None => match principal_of(&self.state, self.listener, req.headers()) {
                Ok(p) => p,
                Err(e) => return e.into_response(),
            },
        };
        let mut req = req.map(|b| Body::new(TimeoutBody::new(self.body_timeout, b)));
        if let Some(f) = from_node {
            req.extensions_mut().insert(f);
        }
        forward_request(&self.state, &principal, self.listener, peer, rg, name, req)
            .await
            .unwrap_or_else(IntoResponse::into_response)
    }
}

#[cfg(test)]
mod tests {
    use super::pool_route;

    #[test]
    fn pool_endpoints_are_recognised() {
        assert_eq!(pool_route("/pools/rg/p"), Some(("rg", "p")));
        assert_eq!(pool_route("/pools/rg/p/"), Some(("rg", "p")));
        assert_eq!(pool_route("/pools/rg/p/a/b?x"), Some(("rg", "p")));
        assert_eq!(pool_route("/pools/rg/p/.managementx"), Some(("rg", "p")));
        for other in [
            "/pools/rg",
            "/pools//p",
            "/pools/rg/",
            "/pools/r%20g/p",
            "/pools/rg/p/.management/listSessions",
            "/subscriptions/x",
            "/poolsx/rg/p",
        ] {
            assert_eq!(pool_route(other), None, "{other}");
        }
    }
}
