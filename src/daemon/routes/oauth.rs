//! The OAuth 2.0 / OpenID Connect authority, unauthenticated as Entra's is:
//! discovery, the JWKS, the token endpoint (client-credentials grant with a
//! secret or a certificate assertion) and instance discovery for MSAL apps
//! configured with `instance_discovery=URL`.

use crate::api::{OAuthError, OpenIdConfiguration, TokenResponse};
use crate::auth::hash_token;
use crate::daemon::state::{AppState, Listener};
use crate::identity::{
    ACCESS_TOKEN_LIFETIME, Claims, TENANT_ID, audience_for_scope, is_our_tenant,
    verify_client_assertion,
};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use bytes::Bytes;
use std::collections::HashMap;

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

/// An answer in Entra's error shape; the description never holds a secret.
fn oauth_error(status: StatusCode, error: &str, code: u32, message: &str) -> Response {
    let trace = uuid::Uuid::new_v4().to_string();
    let timestamp = crate::spec::now_rfc3339();
    let body = OAuthError {
        error: error.into(),
        error_description: format!(
            "AADSTS{code}: {message} Trace ID: {trace} Timestamp: {timestamp}"
        ),
        error_codes: vec![code],
        timestamp,
        trace_id: trace.clone(),
        correlation_id: trace,
    };
    (status, no_store(), Json(body)).into_response()
}

fn no_store() -> [(header::HeaderName, HeaderValue); 2] {
    [
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (header::PRAGMA, HeaderValue::from_static("no-cache")),
    ]
}

fn unknown_tenant(tenant: &str) -> Response {
    oauth_error(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        90002,
        &format!(
            "Tenant '{}' not found. This authority's tenant is {TENANT_ID}.",
            tenant.chars().take(64).collect::<String>()
        ),
    )
}

pub async fn openid_configuration(
    State(state): State<AppState>,
    Extension(listener): Extension<Listener>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
) -> Response {
    if !is_our_tenant(&tenant) {
        return unknown_tenant(&tenant);
    }
    let origin = state.request_base(listener, &headers);
    let base = format!("{origin}/{TENANT_ID}");
    Json(OpenIdConfiguration {
        issuer: crate::identity::issuer(&origin),
        authorization_endpoint: format!("{base}/oauth2/v2.0/authorize"),
        token_endpoint: format!("{base}/oauth2/v2.0/token"),
        jwks_uri: format!("{base}/discovery/v2.0/keys"),
        response_types_supported: vec!["token".into()],
        subject_types_supported: vec!["pairwise".into()],
        id_token_signing_alg_values_supported: vec!["ES256".into()],
        token_endpoint_auth_methods_supported: vec![
            "client_secret_post".into(),
            "private_key_jwt".into(),
        ],
        grant_types_supported: vec!["client_credentials".into()],
        scopes_supported: vec![
            format!("{}/.default", crate::identity::DATA_PLANE_AUDIENCE),
            "https://management.azure.com/.default".into(),
        ],
        tenant_region_scope: None,
        cloud_instance_name: "sessionpool".into(),
    })
    .into_response()
}

pub async fn jwks(State(state): State<AppState>, Path(tenant): Path<String>) -> Response {
    if !is_our_tenant(&tenant) {
        return unknown_tenant(&tenant);
    }
    let jwks = state.keys.read().unwrap_or_else(|p| p.into_inner()).jwks();
    Json(jwks).into_response()
}

/// `GET /common/discovery/instance?authorization_endpoint=...`: MSAL's
/// instance discovery, for apps pointed at this URL instead of Microsoft's.
pub async fn instance_discovery(
    State(state): State<AppState>,
    Extension(listener): Extension<Listener>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let origin = state.request_base(listener, &headers);
    let host = origin.split("://").nth(1).unwrap_or(&origin).to_string();
    // MSAL names the authority by host name only (no port).
    let our_host = host
        .parse::<axum::http::uri::Authority>()
        .map(|a| a.host().to_string())
        .unwrap_or_default();
    let named_here = q
        .get("authorization_endpoint")
        .and_then(|u| u.parse::<axum::http::Uri>().ok())
        .is_some_and(|u| u.host().is_some_and(|h| h.eq_ignore_ascii_case(&our_host)));
    if !named_here {
        return (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({
                "error": "invalid_instance",
                "error_description": "AADSTS50049: Unknown or invalid instance: authorization_endpoint must name this authority",
            })),
        )
            .into_response();
    }
    Json(serde_json::json!({
        "tenant_discovery_endpoint": format!("{origin}/{TENANT_ID}/v2.0/.well-known/openid-configuration"),
        "api-version": "1.1",
        "metadata": [{ "preferred_network": host, "preferred_cache": host, "aliases": [host] }],
    }))
    .into_response()
}

/// `POST /{tenant}/oauth2/v2.0/token`: the client-credentials grant.
pub async fn token(
    State(state): State<AppState>,
    Extension(listener): Extension<Listener>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
    body: Bytes,
) -> Response {
    if !is_our_tenant(&tenant) {
        return unknown_tenant(&tenant);
    }
    let Ok(form) = serde_urlencoded::from_bytes::<HashMap<String, String>>(&body) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            900144,
            "The request body must be application/x-www-form-urlencoded.",
        );
    };
    let missing = |name: &str| {
        oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            900144,
            &format!("The request body must contain the following parameter: '{name}'."),
        )
    };
    let Some(grant) = form.get("grant_type") else {
        return missing("grant_type");
    };
    if grant != "client_credentials" {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            70003,
            "The app requested an unsupported grant type; this authority issues tokens for the 'client_credentials' grant only.",
        );
    }
    let Some(client_id) = form.get("client_id") else {
        return missing("client_id");
    };
    let Some(scope) = form.get("scope") else {
        return missing("scope");
    };
    let principal = match state.store.principal_by_app_id(client_id) {
        Ok(Some(p)) => p,
        Ok(None) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unauthorized_client",
                700016,
                &format!(
                    "Application with identifier '{}' was not found in the directory '{TENANT_ID}'.",
                    client_id.chars().take(64).collect::<String>()
                ),
            );
        }
        Err(e) => return internal(e),
    };
    let client_id = principal.app_id.clone();
    if let Some(secret) = form.get("client_secret") {
        // Digests are compared, so timing reveals nothing about the secret.
        let ok = principal
            .secret_hash
            .as_deref()
            .is_some_and(|h| h == hash_token(secret));
        if !ok {
            tracing::info!(client_id, "token request refused: wrong client secret");
            return oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                7000215,
                &format!(
                    "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{client_id}'."
                ),
            );
        }
    } else if let Some(assertion) = form.get("client_assertion") {
        if form.get("client_assertion_type").map(String::as_str) != Some(JWT_BEARER) {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                50027,
                &format!("client_assertion_type must be '{JWT_BEARER}'."),
            );
        }
        let certs = match state.store.principal_certificates(&client_id) {
            Ok(c) => c,
            Err(e) => return internal(e),
        };
        if let Err(e) =
            verify_client_assertion(assertion, &client_id, &certs, now().unix_timestamp())
        {
            tracing::info!(client_id, reason = %e, "token request refused: bad client assertion");
            return oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                700027,
                &format!("Client assertion failed validation: {e}."),
            );
        }
    } else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            7000216,
            "'client_assertion' or 'client_secret' is required for the 'client_credentials' grant type.",
        );
    }
    let origin = state.request_base(listener, &headers);
    let Some((resource, audience)) = audience_for_scope(scope, &origin) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            1002012,
            &format!(
                "The provided value for scope '{}' is not valid. Client credential flows must have one scope value with /.default suffixed to the resource identifier: https://dynamicsessions.io/.default for the data plane, https://management.azure.com/.default (or this daemon's URL) for management.",
                scope.chars().take(200).collect::<String>()
            ),
        );
    };
    let ring = state.keys.read().unwrap_or_else(|p| p.into_inner()).clone();
    let claims = Claims::new(
        &origin,
        &resource,
        &principal.object_id,
        &client_id,
        now().unix_timestamp(),
    );
    let access_token = match claims.sign(&ring) {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %e, "cannot sign a token");
            return oauth_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "temporarily_unavailable",
                50000,
                "The authority could not sign a token; see the daemon's log.",
            );
        }
    };
    tracing::info!(client_id, ?audience, "issued an access token");
    (
        no_store(),
        Json(TokenResponse {
            token_type: "Bearer".into(),
            expires_in: ACCESS_TOKEN_LIFETIME - 1,
            ext_expires_in: ACCESS_TOKEN_LIFETIME - 1,
            access_token,
        }),
    )
        .into_response()
}

fn internal(e: crate::store::StoreError) -> Response {
    let reference = crate::daemon::error::incident_reference();
    tracing::error!(error = %e, reference, "token endpoint failed");
    oauth_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "temporarily_unavailable",
        50000,
        &format!("The authority failed (reference {reference}); see the daemon's log."),
    )
}
