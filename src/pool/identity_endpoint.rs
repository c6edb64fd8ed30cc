//! The managed-identity endpoint of one session: an HTTP server the daemon
//! runs on the session's own loopback (a socket made inside its network
//! namespace), speaking the Container Apps / App Service contract that
//! azure-identity's ManagedIdentityCredential uses:
//! `GET /msi/token?api-version=2019-08-01&resource=R` with `X-IDENTITY-HEADER`.
//! Nothing else is served; it lives as long as the sandbox.

use crate::identity::{Claims, IDENTITY_PATH, KeyRing, classify};
use axum::body::Body;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// What issues tokens for managed identities: the authority's keys and the
/// origin named in the issuer (the daemon's public URL).
#[derive(Default)]
pub struct IdentityIssuer {
    pub keys: Arc<RwLock<KeyRing>>,
    pub origin: RwLock<String>,
}

/// One session's identity: who the token names and the header it must show.
#[derive(Clone)]
pub struct Grant {
    pub principal_id: String,
    /// The pool's ARM id (the token's `xms_mirid`).
    pub resource_id: String,
    pub header: String,
}

/// Connections served at once; more wait in the listen backlog.
const CONNECTIONS: usize = 8;
/// Whole-connection bound: a token request is one small exchange.
const CONNECTION_TIME: Duration = Duration::from_secs(30);

pub fn serve(
    listener: std::net::TcpListener,
    issuer: Arc<IdentityIssuer>,
    grant: Grant,
) -> std::io::Result<tokio::task::JoinHandle<()>> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    Ok(tokio::spawn(async move {
        let slots = Arc::new(tokio::sync::Semaphore::new(CONNECTIONS));
        loop {
            let Ok(permit) = slots.clone().acquire_owned().await else {
                return;
            };
            let Ok((stream, _)) = listener.accept().await else {
                // Out of descriptors and the like: do not spin on it.
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            };
            let (issuer, grant) = (issuer.clone(), grant.clone());
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| {
                    let answer = answer(&issuer, &grant, &req);
                    async move { Ok::<_, std::convert::Infallible>(answer) }
                });
                let conn = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(Duration::from_secs(5))
                    // A client that shuts its write side after the request
                    // (nc, some scripts) still gets the answer.
                    .half_close(true)
                    .serve_connection(TokioIo::new(stream), service);
                let _ = tokio::time::timeout(CONNECTION_TIME, conn).await;
                drop(permit);
            });
        }
    }))
}

fn json(status: StatusCode, v: serde_json::Value) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(v.to_string()))
        .expect("static response parts")
}

fn refuse(status: StatusCode, error: &str, description: &str) -> Response<Body> {
    json(
        status,
        serde_json::json!({"error": error, "error_description": description}),
    )
}

fn answer<B>(issuer: &IdentityIssuer, grant: &Grant, req: &Request<B>) -> Response<Body> {
    if req.method() != hyper::Method::GET || req.uri().path() != IDENTITY_PATH {
        return refuse(
            StatusCode::NOT_FOUND,
            "not_found",
            "only GET /msi/token is served here",
        );
    }
    let shown = req
        .headers()
        .get("x-identity-header")
        .and_then(|v| v.to_str().ok());
    if shown != Some(grant.header.as_str()) {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "invalid_request",
            "the X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER",
        );
    }
    let q: HashMap<String, String> =
        serde_urlencoded::from_str(req.uri().query().unwrap_or("")).unwrap_or_default();
    if q.get("api-version").map(String::as_str) != Some("2019-08-01") {
        return refuse(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "api-version must be 2019-08-01",
        );
    }
    let origin = issuer
        .origin
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let Some(resource) = q.get("resource").or_else(|| q.get("scope")) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "resource is required",
        );
    };
    let resource = resource.strip_suffix("/.default").unwrap_or(resource);
    if classify(resource, &origin).is_none() {
        return refuse(
            StatusCode::BAD_REQUEST,
            "invalid_resource",
            "tokens are issued for https://dynamicsessions.io and the management API only",
        );
    }
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut claims = Claims::new(
        &origin,
        resource,
        &grant.principal_id,
        &grant.principal_id,
        now,
    );
    claims.xms_mirid = Some(grant.resource_id.clone());
    let ring = issuer
        .keys
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    match claims.sign(&ring) {
        Ok(token) => json(
            StatusCode::OK,
            serde_json::json!({
                "access_token": token,
                // Epoch seconds as a string, as App Service answers.
                "expires_on": claims.exp.to_string(),
                "resource": resource,
                "token_type": "Bearer",
                "client_id": grant.principal_id,
            }),
        ),
        Err(e) => {
            tracing::error!(error = %e, "cannot sign a managed identity token");
            refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "the daemon could not sign a token",
            )
        }
    }
}
