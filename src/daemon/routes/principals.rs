//! Service principals and the authority's signing keys (the daemon's own
//! API, admin only). A principal's secret is shown once, then only its hash
//! exists; certificates are stored as their public DER.

use crate::api::{
    PrincipalCreateRequest, PrincipalCreated, PrincipalInfo, PrincipalList, SigningKeyInfo,
    SigningKeyList,
};
use crate::auth::{Principal, hash_token};
use crate::daemon::error::ApiError;
use crate::daemon::state::AppState;
use crate::identity::{CertificateInfo, TENANT_ID};
use crate::spec::{ValidationError, now_rfc3339};
use crate::store::PrincipalRecord;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use base64::Engine as _;
use bytes::Bytes;

/// A client secret as Entra makes them: 40 URL-safe characters (240 bits).
fn generate_secret() -> String {
    let bytes: [u8; 30] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn info(state: &AppState, p: &PrincipalRecord) -> Result<PrincipalInfo, ApiError> {
    Ok(PrincipalInfo {
        app_id: p.app_id.clone(),
        object_id: p.object_id.clone(),
        display_name: p.display_name.clone(),
        has_secret: p.secret_hash.is_some(),
        certificate_thumbprints: state
            .store
            .principal_certificates(&p.app_id)?
            .into_iter()
            .map(|c| c.thumbprint)
            .collect(),
        created_at: p.created_at.clone(),
    })
}

pub async fn create(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    body: Bytes,
) -> Result<(StatusCode, Json<PrincipalCreated>), ApiError> {
    principal.require_admin()?;
    let req: PrincipalCreateRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::invalid_body(format!("the principal request is not valid: {e}")))?;
    let name = req.display_name.trim();
    if name.is_empty() || name.len() > 120 || name.chars().any(char::is_control) {
        return Err(ValidationError::new(
            "displayName",
            "must be 1 to 120 characters without control characters",
        )
        .into());
    }
    let certs = match &req.certificate {
        Some(pem) => vec![
            CertificateInfo::from_pem(pem)
                .map_err(|e| ValidationError::new("certificate", e.to_string()))?,
        ],
        None => Vec::new(),
    };
    let with_secret = req.create_secret.unwrap_or(certs.is_empty());
    if !with_secret && certs.is_empty() {
        return Err(ValidationError::new(
            "certificate",
            "a principal needs a secret or a certificate to log in with",
        )
        .into());
    }
    let password = with_secret.then(generate_secret);
    let record = PrincipalRecord {
        app_id: uuid::Uuid::new_v4().to_string(),
        object_id: uuid::Uuid::new_v4().to_string(),
        display_name: name.to_string(),
        secret_hash: password.as_deref().map(hash_token),
        created_at: now_rfc3339(),
    };
    state.store.put_principal(&record, &certs)?;
    tracing::info!(
        app_id = record.app_id,
        display_name = name,
        "service principal created"
    );
    Ok((
        StatusCode::CREATED,
        Json(PrincipalCreated {
            app_id: record.app_id,
            object_id: record.object_id,
            display_name: record.display_name,
            password,
            tenant: TENANT_ID.into(),
            certificate_thumbprints: certs.into_iter().map(|c| c.thumbprint).collect(),
        }),
    ))
}

pub async fn list(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> Result<Json<PrincipalList>, ApiError> {
    principal.require_admin()?;
    let value = state
        .store
        .list_principals()?
        .iter()
        .map(|p| info(&state, p))
        .collect::<Result<_, _>>()?;
    Ok(Json(PrincipalList { value }))
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    principal.require_admin()?;
    if state.store.delete_principal(&id)? {
        tracing::info!(id, "service principal deleted with its role assignments");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound {
            code: "PrincipalNotFound",
            message: format!("no service principal has the app or object id '{id}'"),
        })
    }
}

fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .format(&time::format_description::well_known::Rfc3339)
        .expect("UTC time formats")
}

fn key_list(state: &AppState) -> SigningKeyList {
    let ring = state.keys.read().unwrap_or_else(|p| p.into_inner()).clone();
    let signer = ring.signer().map(|k| k.kid.clone());
    SigningKeyList {
        value: ring
            .keys()
            .iter()
            .map(|k| SigningKeyInfo {
                kid: k.kid.clone(),
                created_at: rfc3339(k.created_at),
                retired_at: k.retired_at.map(rfc3339),
                signing: Some(&k.kid) == signer.as_ref(),
            })
            .collect(),
    }
}

pub async fn list_keys(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> Result<Json<SigningKeyList>, ApiError> {
    principal.require_admin()?;
    Ok(Json(key_list(&state)))
}

/// A new key signs from now on; tokens signed by the old one stay valid.
pub async fn rotate_keys(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> Result<Json<SigningKeyList>, ApiError> {
    principal.require_admin()?;
    let kid = crate::daemon::signing::rotate(&state)?;
    tracing::info!(kid, "signing key rotated");
    Ok(Json(key_list(&state)))
}
