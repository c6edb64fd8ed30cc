//! Authentication per listener: the socket is trusted, TCP needs a Bearer
//! token: one of the daemon's opaque tokens, or a JWT of its own authority.

use super::error::ApiError;
use super::state::{AppState, Listener};
use crate::auth::{AuthError, Identity, Principal, bearer, hash_token};
use crate::identity::{Claims, IdentityError};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

pub async fn authenticate(
    State((state, listener)): State<(AppState, Listener)>,
    mut req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let principal = match node_caller(&state, req.headers())? {
        Some(node) => {
            req.extensions_mut().insert(node);
            Principal::Admin
        }
        None => principal_of(&state, listener, req.headers())?,
    };
    req.extensions_mut().insert(principal);
    req.extensions_mut().insert(listener);
    Ok(next.run(req).await)
}

/// In a cluster, a request another node forwarded: it carries the cluster
/// credential (checked here; a wrong one is refused) and that node checked
/// its caller. None for every other request.
pub fn node_caller(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<Option<crate::cluster::ForwardedBy>, ApiError> {
    let (Some(cluster), Some(credential)) =
        (&state.cluster, headers.get(crate::cluster::NODE_AUTH))
    else {
        return Ok(None);
    };
    if !cluster.verify_peer(credential) {
        return Err(ApiError::Auth(AuthError::Token(
            "the cluster credential is not valid".into(),
        )));
    }
    let node = headers
        .get(crate::cluster::FORWARDED_BY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    Ok(Some(crate::cluster::ForwardedBy(node.to_string())))
}

/// Who is calling: the socket is the admin; TCP callers by their token.
pub fn principal_of(
    state: &AppState,
    listener: Listener,
    headers: &axum::http::HeaderMap,
) -> Result<Principal, ApiError> {
    Ok(match listener {
        Listener::Unix => Principal::Admin,
        Listener::Tcp { .. } => {
            let header = headers
                .get(axum::http::header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok());
            let token = bearer(header)?;
            if looks_like_jwt(token) {
                let origin = state.request_base(listener, headers);
                principal_for_jwt(state, token, &origin)?
            } else {
                principal_for(state, token)?
            }
        }
    })
}

/// Opaque tokens are `sp_` + hex; a JWT is three base64url parts.
fn looks_like_jwt(token: &str) -> bool {
    token.starts_with("eyJ") && token.matches('.').count() == 2
}

fn principal_for_jwt(state: &AppState, token: &str, origin: &str) -> Result<Principal, ApiError> {
    let ring = state.keys.read().unwrap_or_else(|p| p.into_inner()).clone();
    let (claims, audience) = Claims::verify(token, &ring, origin).map_err(|e| match e {
        IdentityError::Expired => AuthError::Expired,
        other => AuthError::Token(other.to_string()),
    })?;
    // A deleted principal's (or pool's) tokens stop working at once, as a
    // revoked token does.
    let alive = match &claims.xms_mirid {
        None => state.store.principal_by_app_id(&claims.appid)?.is_some(),
        Some(pool_id) => managed_identity_alive(state, pool_id, &claims.oid)?,
    };
    if !alive {
        return Err(AuthError::Token("the identity no longer exists".into()).into());
    }
    let assignments = state.store.assignments_of(&claims.oid)?;
    Ok(Principal::Identity(Identity {
        object_id: claims.oid,
        app_id: claims.appid,
        audience,
        assignments,
    }))
}

fn principal_for(state: &AppState, token: &str) -> Result<Principal, ApiError> {
    let record = state
        .store
        .token_by_hash(&hash_token(token))?
        .ok_or(AuthError::Invalid)?;
    if let Some(expires) = &record.expires_at
        && crate::spec::parse_rfc3339(expires).is_none_or(|t| t <= time::OffsetDateTime::now_utc())
    {
        return Err(AuthError::Expired.into());
    }
    Ok(match (record.role.as_str(), record.rg_key, record.pool) {
        ("admin", _, _) => Principal::Admin,
        ("executor", Some(rg_key), Some(pool)) => Principal::Executor { rg_key, pool },
        _ => return Err(AuthError::Invalid.into()),
    })
}

/// A managed identity's token: its pool still exists with that identity.
fn managed_identity_alive(state: &AppState, pool_id: &str, oid: &str) -> Result<bool, ApiError> {
    let Some((rg, name)) = crate::api::pool_key(pool_id) else {
        return Ok(false);
    };
    Ok(state
        .store
        .get_pool(&rg, &name)?
        .and_then(|p| crate::identity::pool_identity(&p))
        .is_some_and(|id| id == oid))
}
