//! Authentication per listener: the socket is trusted, TCP needs a Bearer token.

use super::error::ApiError;
use super::state::{AppState, Listener};
use crate::auth::{AuthError, Principal, bearer, hash_token};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

pub async fn authenticate(
    State((state, listener)): State<(AppState, Listener)>,
    mut req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let principal = match listener {
        Listener::Unix => Principal::Admin,
        Listener::Tcp { .. } => {
            let header = req
                .headers()
                .get(axum::http::header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok());
            let token = bearer(header)?;
            principal_for(&state, token)?
        }
    };
    req.extensions_mut().insert(principal);
    req.extensions_mut().insert(listener);
    Ok(next.run(req).await)
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
