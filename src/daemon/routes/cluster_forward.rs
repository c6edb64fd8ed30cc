//! The data plane in a cluster: serve the identifier's session here, or
//! forward the request to the node that owns it.

use super::sessions::{forward_local, identifier_of, pool_of};
use crate::auth::Principal;
use crate::cluster::{ANSWERED_BY, Cluster, ClusterError, ForwardedBy, Route};
use crate::daemon::error::ApiError;
use crate::daemon::state::{AppState, Listener};
use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode};
use axum::response::Response;
use std::sync::Arc;

#[allow(clippy::too_many_arguments)]
pub(super) async fn forward(
    state: &AppState,
    cluster: &Arc<Cluster>,
    principal: &Principal,
    listener: Listener,
    peer: Option<std::net::IpAddr>,
    rg: &str,
    name: &str,
    mut req: Request<Body>,
) -> Result<Response, ApiError> {
    let forwarded = req.extensions().get::<ForwardedBy>().is_some();
    let pool = match pool_of(state, principal, rg, name) {
        Ok(pool) => pool,
        Err(not_here) => {
            let query = req.uri().query().map(str::to_owned);
            return match elsewhere(state, cluster, forwarded, rg, name, query).await? {
                Some((node, url)) => Ok(cluster.forward(&node, &url, req, peer).await?),
                None => Err(not_here),
            };
        }
    };
    let Ok((identifier, _)) = identifier_of(req.uri().query()) else {
        // The local path answers a missing or bad identifier.
        return forward_local(state, principal, listener, peer, rg, name, req).await;
    };
    let identifier = identifier.as_str();
    // A forwarded request's client address is in its X-Forwarded-For already.
    let peer = if forwarded { None } else { peer };
    let mut replayed = false;
    loop {
        match cluster.route(&pool, identifier, forwarded).await? {
            Route::Local => {
                let answer = forward_local(state, principal, listener, peer, rg, name, req).await;
                if answer.is_err() && pool.session(identifier).is_none() {
                    // No session came of the claim: free the identifier.
                    cluster.release(&pool.label, identifier);
                }
                return answer.map(|mut res| {
                    if let Ok(v) = HeaderValue::from_str(&cluster.node) {
                        res.headers_mut().insert(ANSWERED_BY, v);
                    }
                    res
                });
            }
            Route::Peer { node, url } => {
                // A request without a body can go again if the node we
                // thought owned the session no longer does.
                // Not an upgrade: its handshake cannot be copied.
                let replay = if !replayed && bodiless(&req) && !upgrade(&req) {
                    let (parts, body) = req.into_parts();
                    let again = super::cluster_sessions::copy(&parts);
                    req = Request::from_parts(parts, body);
                    Some(again)
                } else {
                    None
                };
                let answer = cluster.forward(&node, &url, req, peer).await;
                match answer {
                    Ok(res) if res.status() == StatusCode::MISDIRECTED_REQUEST => {
                        cluster.forget_owner(&pool.label, identifier);
                        match replay {
                            Some(again) => {
                                req = again;
                                replayed = true;
                            }
                            None => return Err(ClusterError::OwnerGone { node }.into()),
                        }
                    }
                    Ok(res) => return Ok(res),
                    Err(e) => {
                        cluster.forget_owner(&pool.label, identifier);
                        return Err(e.into());
                    }
                }
            }
        }
    }
}

/// The node to send a request to when this node does not run the pool (it
/// could not provision it, or has not yet) but the pool exists: another node
/// that runs it. Not for a request another node sent here already.
async fn elsewhere(
    state: &AppState,
    cluster: &Cluster,
    forwarded: bool,
    rg: &str,
    name: &str,
    query: Option<String>,
) -> Result<Option<(String, String)>, ApiError> {
    use crate::spec::{PoolName, ResourceGroup};
    if forwarded {
        return Ok(None);
    }
    let (Ok(rg), Ok(name)) = (ResourceGroup::parse(rg), PoolName::parse(name)) else {
        return Ok(None);
    };
    let Some(record) = state.store.get_pool(&rg, &name)? else {
        return Ok(None);
    };
    if record.provisioning_state == "Deleting" {
        return Ok(None);
    }
    let Ok((identifier, _)) = identifier_of(query.as_deref()) else {
        return Ok(None);
    };
    let label = format!("{}/{}", rg.key(), name);
    let max = record.properties.scale().0.max(0) as usize;
    Ok(cluster
        .route_elsewhere(&label, identifier.as_str(), max)
        .await?)
}

fn bodiless(req: &Request<Body>) -> bool {
    use axum::http::header::{CONTENT_LENGTH, TRANSFER_ENCODING};
    let h = req.headers();
    !h.contains_key(TRANSFER_ENCODING) && h.get(CONTENT_LENGTH).is_none_or(|v| v.as_bytes() == b"0")
}

fn upgrade(req: &Request<Body>) -> bool {
    req.headers().contains_key(axum::http::header::UPGRADE)
}
