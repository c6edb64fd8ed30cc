//! Session management (`.management/`) in a cluster: a session another node
//! owns is read or stopped there, and a pool's list is every node's.

use crate::cluster::{Cluster, ForwardedBy};
use crate::daemon::error::ApiError;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use http_body_util::BodyExt;

/// Longest a peer's list of sessions may be (bytes).
const LIST_LIMIT: usize = 16 << 20;

/// A request with the same method, target, headers and version, and no body
/// (to send a bodyless request again, or to several nodes).
pub(super) fn copy(parts: &axum::http::request::Parts) -> Request<Body> {
    let mut out = Request::new(Body::empty());
    *out.method_mut() = parts.method.clone();
    *out.uri_mut() = parts.uri.clone();
    *out.headers_mut() = parts.headers.clone();
    *out.version_mut() = parts.version;
    out
}

/// The owner's answer for `identifier`, when another node owns it (and this
/// request did not come from a node already).
pub(super) async fn at_owner(
    cluster: &Cluster,
    pool: &str,
    identifier: &str,
    req: Request<Body>,
) -> Result<Option<Response>, ApiError> {
    if req.extensions().get::<ForwardedBy>().is_some() {
        return Ok(None);
    }
    let Some((node, url)) = cluster.owner_of(pool, identifier).await? else {
        return Ok(None);
    };
    Ok(Some(cluster.forward(&node, &url, req, None).await?))
}

/// The sessions of the pool on every other live node.
pub(super) async fn list_elsewhere(
    cluster: &Cluster,
    req: Request<Body>,
) -> Result<Vec<serde_json::Value>, ApiError> {
    if req.extensions().get::<ForwardedBy>().is_some() {
        return Ok(Vec::new());
    }
    let (parts, _) = req.into_parts();
    let parts = &parts;
    let asks = cluster
        .live_nodes()
        .into_iter()
        .filter(|n| n.name != cluster.node)
        .map(|n| async move {
            let res = cluster.forward(&n.name, &n.url, copy(parts), None).await?;
            // A node that has not applied the pool yet (it was just made
            // through another node) has no sessions of it.
            if matches!(
                res.status(),
                StatusCode::NOT_FOUND | StatusCode::SERVICE_UNAVAILABLE
            ) {
                return Ok(Vec::new());
            }
            if res.status() != StatusCode::OK {
                return Err(crate::cluster::ClusterError::Peer {
                    node: n.name.clone(),
                    message: format!("listing sessions answered {}", res.status()),
                });
            }
            let body = http_body_util::Limited::new(res.into_body(), LIST_LIMIT)
                .collect()
                .await
                .map_err(|e| crate::cluster::ClusterError::Peer {
                    node: n.name.clone(),
                    message: format!("reading its list of sessions: {e}"),
                })?
                .to_bytes();
            let v: serde_json::Value = serde_json::from_slice(&body).map_err(|source| {
                crate::cluster::ClusterError::Decode {
                    what: "a node's list of sessions",
                    source,
                }
            })?;
            Ok::<_, crate::cluster::ClusterError>(
                v["value"].as_array().cloned().unwrap_or_default(),
            )
        });
    let mut out = Vec::new();
    for listed in futures_util::future::join_all(asks).await {
        out.extend(listed?);
    }
    Ok(out)
}
