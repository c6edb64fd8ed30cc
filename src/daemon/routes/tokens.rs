//! Token management (admin only): mint, list, revoke.

use crate::api::{TokenCreateRequest, TokenCreated, TokenInfo, TokenList, TokenRole};
use crate::auth::{Principal, generate_token, hash_token};
use crate::daemon::error::ApiError;
use crate::daemon::state::AppState;
use crate::spec::{PoolName, ResourceGroup, ValidationError, now_rfc3339};
use crate::store::TokenRecord;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use bytes::Bytes;

fn info(t: &TokenRecord) -> TokenInfo {
    TokenInfo {
        id: t.id.clone(),
        label: t.label.clone(),
        role: if t.role == "admin" {
            TokenRole::Admin
        } else {
            TokenRole::Executor
        },
        resource_group: t.rg_key.clone(),
        pool: t.pool.clone(),
        created_at: t.created_at.clone(),
        expires_at: t.expires_at.clone(),
    }
}

/// Mint a token and store its hash; an admin token may be created at first start too.
pub fn mint(state: &AppState, req: &TokenCreateRequest) -> Result<TokenCreated, ApiError> {
    let (rg_key, pool) = match (req.role, &req.resource_group, &req.pool) {
        (TokenRole::Admin, None, None) => (None, None),
        (TokenRole::Admin, _, _) => {
            return Err(ValidationError::new(
                "pool",
                "admin tokens are not bound to a pool; leave out --name and --resource-group",
            )
            .into());
        }
        (TokenRole::Executor, Some(rg), Some(name)) => {
            let (rg, name) = (ResourceGroup::parse(rg)?, PoolName::parse(name)?);
            if state.store.get_pool(&rg, &name)?.is_none() {
                return Err(ApiError::pool_not_found(rg.as_str(), name.as_str()));
            }
            (Some(rg.key()), Some(name.to_string()))
        }
        (TokenRole::Executor, _, _) => {
            return Err(ValidationError::new(
                "pool",
                "executor tokens need the pool: give --name and --resource-group",
            )
            .into());
        }
    };
    let expires_at = match req.expires_in_seconds {
        Some(0) => {
            return Err(ValidationError::new("expiresIn", "must be a positive duration").into());
        }
        Some(secs) => {
            let t = time::OffsetDateTime::now_utc()
                + time::Duration::seconds(secs.min(100 * 365 * 86400) as i64);
            Some(
                t.format(&time::format_description::well_known::Rfc3339)
                    .expect("UTC time formats"),
            )
        }
        None => None,
    };
    let token = generate_token();
    let record = TokenRecord {
        id: uuid::Uuid::new_v4().simple().to_string()[..12].to_string(),
        hash: hash_token(&token),
        label: req.label.clone(),
        role: match req.role {
            TokenRole::Admin => "admin",
            TokenRole::Executor => "executor",
        }
        .into(),
        rg_key,
        pool,
        created_at: now_rfc3339(),
        expires_at,
    };
    state.store.put_token(&record)?;
    Ok(TokenCreated {
        token,
        info: info(&record),
    })
}

pub async fn create(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    body: Bytes,
) -> Result<(StatusCode, Json<TokenCreated>), ApiError> {
    principal.require_admin()?;
    let req: TokenCreateRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::invalid_body(format!("the token request is not valid: {e}")))?;
    Ok((StatusCode::CREATED, Json(mint(&state, &req)?)))
}

pub async fn list(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> Result<Json<TokenList>, ApiError> {
    principal.require_admin()?;
    Ok(Json(TokenList {
        value: state.store.list_tokens()?.iter().map(info).collect(),
    }))
}

pub async fn revoke(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    principal.require_admin()?;
    if state.store.delete_token(&id)? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound {
            code: "TokenNotFound",
            message: format!("token '{id}' was not found"),
        })
    }
}
