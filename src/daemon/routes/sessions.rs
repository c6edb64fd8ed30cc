//! The data plane: `{poolManagementEndpoint}/{path}?identifier=ID` forwarded
//! into the identifier's session, and `.management/` session calls.

use crate::auth::Principal;
use crate::daemon::error::ApiError;
use crate::daemon::state::{AppState, Listener, Peer};
use crate::pool::{PoolError, PoolRuntime, Session};
use crate::proxy::{ForwardError, Target};
use crate::spec::{PoolName, ResourceGroup, SessionIdentifier};
use axum::Extension;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;
use std::time::Instant;

pub(super) fn identifier_of(query: Option<&str>) -> Result<(SessionIdentifier, String), ApiError> {
    let mut identifier = None;
    let mut rest = Vec::new();
    for part in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        if k == "identifier" {
            let v = percent_decode(v).ok_or_else(|| {
                ApiError::BadRequest(bad_identifier("identifier is not valid percent-encoding"))
            })?;
            identifier = Some(v);
        } else {
            rest.push(part);
        }
    }
    let id = identifier.ok_or_else(|| {
        ApiError::BadRequest(bad_identifier(
            "the 'identifier' query parameter is required",
        ))
    })?;
    let id = SessionIdentifier::parse(&id)
        .map_err(|e| ApiError::BadRequest(bad_identifier(&e.message)))?;
    Ok((id, rest.join("&")))
}

fn bad_identifier(message: &str) -> crate::api::ErrorBody {
    crate::api::ErrorBody::new("InvalidSessionIdentifier", message, Some("identifier"))
}

pub(super) fn percent_decode(s: &str) -> Option<String> {
    let s = s.replace('+', " ");
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub(super) fn pool_of(
    state: &AppState,
    principal: &Principal,
    rg: &str,
    name: &str,
) -> Result<Arc<PoolRuntime>, ApiError> {
    let (rg, name) = (ResourceGroup::parse(rg)?, PoolName::parse(name)?);
    principal.require_pool(&rg, &name)?;
    match state.pools.pool(&rg, &name) {
        Some(pool) => Ok(pool),
        None => match state.store.get_pool(&rg, &name)? {
            Some(p) => Err(PoolError::NotRunning {
                state: p.provisioning_state,
            }
            .into()),
            None => Err(ApiError::pool_not_found(rg.as_str(), name.as_str())),
        },
    }
}

pub async fn forward_root(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(listener): Extension<Listener>,
    Path((rg, name)): Path<(String, String)>,
    req: Request<Body>,
) -> Result<Response, ApiError> {
    let peer = req.extensions().get::<Peer>().and_then(|p| p.0);
    forward_request(&state, &principal, listener, peer, &rg, &name, req).await
}

/// `/pools/{rg}/{name}/{*path}` reached through the router (a name with
/// percent-escapes; see `daemon::data_plane` for the usual way in).
pub async fn forward(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(listener): Extension<Listener>,
    // The decoded path is not used: the container gets the raw one.
    Path((rg, name, _path)): Path<(String, String, String)>,
    req: Request<Body>,
) -> Result<Response, ApiError> {
    let peer = req.extensions().get::<Peer>().and_then(|p| p.0);
    forward_request(&state, &principal, listener, peer, &rg, &name, req).await
}

/// What follows `/pools/{rg}/{name}/` in the request's path, exactly as the
/// client sent it: no percent-decoding, so `%2F` and `%3F` stay escaped and
/// cannot turn into path separators or a query.
pub(super) fn container_path(raw: &str) -> &str {
    raw.splitn(5, '/').nth(4).unwrap_or("")
}

/// Forward a request for pool `rg`/`name` (already decoded) to the
/// identifier's session, on this node or, in a cluster, the node that owns
/// it; `peer` is the client's address, if on TCP.
pub(crate) async fn forward_request(
    state: &AppState,
    principal: &Principal,
    listener: Listener,
    peer: Option<std::net::IpAddr>,
    rg: &str,
    name: &str,
    req: Request<Body>,
) -> Result<Response, ApiError> {
    match &state.cluster {
        None => forward_local(state, principal, listener, peer, rg, name, req).await,
        Some(cluster) => {
            super::cluster_forward::forward(
                state, cluster, principal, listener, peer, rg, name, req,
            )
            .await
        }
    }
}

/// Forward a request for pool `rg`/`name` into the identifier's session on
/// this node.
pub(super) async fn forward_local(
    state: &AppState,
    principal: &Principal,
    listener: Listener,
    peer: Option<std::net::IpAddr>,
    rg: &str,
    name: &str,
    mut req: Request<Body>,
) -> Result<Response, ApiError> {
    let arrived = Instant::now();
    let pool = pool_of(state, principal, rg, name)?;
    if pool.interpreter.is_some() {
        return super::interpreter::handle(state, pool, req).await;
    }
    let label = pool.label.as_str();
    // Refused requests (a bad identifier, a full pool) count as the pool's too.
    let refused = |e: ApiError| {
        pool.metrics
            .forwarded(e.status().as_u16(), arrived.elapsed());
        e
    };
    let (identifier, query) = identifier_of(req.uri().query()).map_err(refused)?;
    let started = Instant::now();
    let (session, fresh) = pool
        .allocate(identifier.as_str())
        .await
        .map_err(|e| refused(e.into()))?;
    if fresh {
        let h = if session.warm {
            &state.metrics.allocation_warm
        } else {
            &state.metrics.allocation_cold
        };
        h.observe(started.elapsed());
    }
    let guard = session.activity();
    // Everything after the endpoint is the container's path; `identifier` is ours.
    let path = container_path(req.uri().path());
    let path_and_query = if query.is_empty() {
        format!("/{path}")
    } else {
        format!("/{path}?{query}")
    };
    *req.uri_mut() = path_and_query
        .parse()
        .map_err(|_| ApiError::invalid_body("the request path is not valid"))?;
    let proto = if listener == (Listener::Tcp { tls: true }) {
        "https"
    } else {
        "http"
    };
    let target = Target {
        sandbox: session.sandbox.id.clone(),
        port: session.port,
        identifier: identifier.to_string(),
    };
    match state
        .forwarder
        .forward(req, &target, peer, proto, guard)
        .await
    {
        Ok(mut res) => {
            pool.metrics
                .forwarded(res.status().as_u16(), started.elapsed());
            if fresh {
                mark_new_session(&mut res, &session);
            }
            Ok(res)
        }
        Err(e @ ForwardError::ClientBody(_)) => {
            pool.metrics.forwarded(400, arrived.elapsed());
            tracing::info!(pool = %label, identifier = %identifier, error = %e, "bad request body");
            Err(ApiError::invalid_body(
                "the request body is malformed or was cut short",
            ))
        }
        Err(e) => {
            pool.metrics.forwarded(502, arrived.elapsed());
            // The details (sandbox ids, namespaces, runtime errors) are the
            // operator's: logged with a reference the caller can quote.
            let reference = crate::daemon::error::incident_reference();
            tracing::warn!(pool = %label, identifier = %identifier, reference, error = %e, "forwarding failed");
            Ok((
                StatusCode::BAD_GATEWAY,
                Json(crate::api::ErrorBody::new(
                    "SessionUnreachable",
                    format!("the session's container did not answer (reference {reference})"),
                    None,
                )),
            )
                .into_response())
        }
    }
}

/// The first reply of a new session says so (`X-Session-New: true`), so a
/// client can tell the state it kept in an earlier session is gone; when the
/// identifier's previous session ended abnormally, `X-Session-Previous-End`
/// says why.
pub(super) fn mark_new_session(res: &mut Response, session: &Session) {
    use axum::http::HeaderValue;
    let headers = res.headers_mut();
    headers.insert("x-session-new", HeaderValue::from_static("true"));
    if let Some(end) = &session.previous_end
        && let Ok(v) = HeaderValue::from_str(&end.reason)
    {
        headers.insert("x-session-previous-end", v);
    }
}

fn session_json(pool: &PoolRuntime, s: &Session) -> serde_json::Value {
    let fmt = |t: std::time::SystemTime| {
        time::OffsetDateTime::from(t)
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    };
    let expire = pool
        .expires_in(s)
        .map(|d| fmt(std::time::SystemTime::now() + d));
    let mut out = json!({
        "identifier": s.identifier,
        "state": "Allocated",
        "createdAt": fmt(s.created_at),
        "lastAccessedAt": fmt(s.last_accessed_at()),
        "expireAt": expire,
    });
    if let Some((cpu, memory)) = super::usage::of_pid(s.sandbox.pid) {
        out["usage"] = json!({ "cpuSeconds": cpu, "memoryBytes": memory });
    }
    if let Some(end) = &s.previous_end {
        out["lastError"] = json!({
            "code": "PreviousSessionEnded",
            "message": format!(
                "the previous session of this identifier ended abnormally: {}; this is a new session",
                end.reason
            ),
            "time": fmt(end.time),
        });
    }
    out
}

pub async fn list_sessions(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path((rg, name)): Path<(String, String)>,
    req: Request<Body>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let pool = pool_of(&state, &principal, &rg, &name)?;
    let mut sessions = pool.sessions();
    sessions.sort_by(|a, b| a.identifier.cmp(&b.identifier));
    let mut value: Vec<serde_json::Value> =
        sessions.iter().map(|s| session_json(&pool, s)).collect();
    // In a cluster: every node's sessions.
    if let Some(cluster) = &state.cluster {
        value.extend(super::cluster_sessions::list_elsewhere(cluster, req).await?);
        value.sort_by(|a, b| a["identifier"].as_str().cmp(&b["identifier"].as_str()));
    }
    Ok(Json(json!({ "value": value })))
}

pub async fn get_session(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path((rg, name)): Path<(String, String)>,
    req: Request<Body>,
) -> Result<Response, ApiError> {
    let pool = pool_of(&state, &principal, &rg, &name)?;
    let (identifier, _) = identifier_of(req.uri().query())?;
    match pool.session(identifier.as_str()) {
        Some(session) => Ok(Json(session_json(&pool, &session)).into_response()),
        None => elsewhere_or_not_found(&state, &pool, identifier.as_str(), req).await,
    }
}

pub async fn stop_session(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path((rg, name)): Path<(String, String)>,
    req: Request<Body>,
) -> Result<Response, ApiError> {
    let pool = pool_of(&state, &principal, &rg, &name)?;
    let (identifier, _) = identifier_of(req.uri().query())?;
    if pool.stop_session(identifier.as_str()).await {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        elsewhere_or_not_found(&state, &pool, identifier.as_str(), req).await
    }
}

/// A session this node does not have: in a cluster, the node that owns it
/// answers; else (or if none does) not found.
async fn elsewhere_or_not_found(
    state: &AppState,
    pool: &PoolRuntime,
    identifier: &str,
    req: Request<Body>,
) -> Result<Response, ApiError> {
    if let Some(cluster) = &state.cluster
        && let Some(res) =
            super::cluster_sessions::at_owner(cluster, &pool.label, identifier, req).await?
    {
        return Ok(res);
    }
    Err(ApiError::NotFound {
        code: "SessionNotFound",
        message: format!("no session has identifier '{identifier}'"),
    })
}

pub async fn metrics(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> Result<([(axum::http::header::HeaderName, &'static str); 1], String), ApiError> {
    principal.require_admin()?;
    let pools: Vec<(String, usize, usize, usize)> = state
        .pools
        .all_counts()
        .into_iter()
        .map(|(label, c)| (label, c.ready, c.pending, c.allocated))
        .collect();
    Ok((
        [(
            axum::http::header::CONTENT_TYPE,
            crate::metrics::CONTENT_TYPE,
        )],
        state
            .metrics
            .render_with(&pools, state.cluster.as_ref().map(|c| c.gauges())),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_container_path_is_the_raw_rest_of_the_path() {
        assert_eq!(
            container_path("/pools/rg/p/a%2Fb%3Fc%20d/e"),
            "a%2Fb%3Fc%20d/e"
        );
        assert_eq!(container_path("/pools/rg/p/"), "");
        assert_eq!(container_path("/pools/rg/p"), "");
        assert_eq!(container_path("/pools/rg/p//x"), "/x");
    }

    #[test]
    fn identifier_is_taken_out_of_the_query() {
        let (id, rest) = identifier_of(Some("a=1&identifier=user-1&b=2")).unwrap();
        assert_eq!((id.as_str(), rest.as_str()), ("user-1", "a=1&b=2"));
        assert!(
            identifier_of(Some("identifier=a%7Cb%20c")).is_err(),
            "spaces are not allowed"
        );
        assert!(identifier_of(Some("a=1")).is_err());
        assert!(identifier_of(Some("identifier=abc")).is_err(), "too short");
        let (id, _) = identifier_of(Some("identifier=t%7Cx%24y")).unwrap();
        assert_eq!(id.as_str(), "t|x$y");
    }
}
