//! The one mapping from every failure to an HTTP status and ARM error body.

use crate::api::ErrorBody;
use crate::auth::AuthError;
use crate::pool::PoolError;
use crate::spec::ValidationError;
use crate::store::StoreError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Validation(#[from] ValidationError),
    #[error("{0}")]
    BadRequest(ErrorBody),
    #[error("{message}")]
    NotFound { code: &'static str, message: String },
    #[error("{0}")]
    Conflict(String),
    #[error("{message}")]
    ConflictCode { code: &'static str, message: String },
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Pool(#[from] PoolError),
    #[error(transparent)]
    Cluster(crate::cluster::ClusterError),
}

impl From<crate::cluster::ClusterError> for ApiError {
    fn from(e: crate::cluster::ClusterError) -> Self {
        match e {
            // The same answer as a full pool on one host.
            crate::cluster::ClusterError::Capacity { max } => {
                ApiError::Pool(PoolError::Capacity { max })
            }
            e => ApiError::Cluster(e),
        }
    }
}

impl ApiError {
    pub fn invalid_body(message: impl Into<String>) -> Self {
        ApiError::BadRequest(ErrorBody::new(
            "InvalidRequestContent",
            message,
            Some("body"),
        ))
    }

    pub fn pool_not_found(rg: &str, name: &str) -> Self {
        ApiError::NotFound {
            code: "ResourceNotFound",
            message: format!(
                "The Resource 'Microsoft.App/sessionPools/{name}' under resource group '{rg}' was not found."
            ),
        }
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        self.status_and_body().0
    }

    fn status_and_body(&self) -> (StatusCode, ErrorBody) {
        match self {
            ApiError::Validation(e) => (
                StatusCode::BAD_REQUEST,
                ErrorBody::new("InvalidParameterValue", e.to_string(), Some(&e.target)),
            ),
            ApiError::BadRequest(body) => (StatusCode::BAD_REQUEST, body.clone()),
            ApiError::NotFound { code, message } => {
                (StatusCode::NOT_FOUND, ErrorBody::new(code, message, None))
            }
            ApiError::Conflict(m) => (StatusCode::CONFLICT, ErrorBody::new("Conflict", m, None)),
            ApiError::ConflictCode { code, message } => {
                (StatusCode::CONFLICT, ErrorBody::new(code, message, None))
            }
            ApiError::Auth(e @ AuthError::Forbidden(_)) => (
                StatusCode::FORBIDDEN,
                ErrorBody::new("AuthorizationFailed", e.to_string(), None),
            ),
            ApiError::Auth(e @ AuthError::Token(_)) => (
                StatusCode::UNAUTHORIZED,
                ErrorBody::new("InvalidAuthenticationToken", e.to_string(), None),
            ),
            ApiError::Auth(e @ AuthError::Expired) => (
                StatusCode::UNAUTHORIZED,
                ErrorBody::new("ExpiredAuthenticationToken", e.to_string(), None),
            ),
            ApiError::Auth(e) => (
                StatusCode::UNAUTHORIZED,
                ErrorBody::new("AuthenticationFailed", e.to_string(), None),
            ),
            ApiError::Pool(PoolError::Capacity { max }) => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorBody::new(
                    "SessionPoolCapacityExceeded",
                    format!(
                        "the pool has reached its maximum of {max} concurrent sessions; retry when a session ends"
                    ),
                    None,
                ),
            ),
            ApiError::Pool(e @ PoolError::BackingOff { .. }) => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorBody::new("SessionStartBackingOff", e.to_string(), None),
            ),
            ApiError::Pool(e @ PoolError::NotRunning { .. }) => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorBody::new("SessionPoolNotReady", e.to_string(), None),
            ),
            ApiError::Pool(e @ (PoolError::SandboxStart(_) | PoolError::Runtime(_))) => {
                // Runtime errors name host paths and runtime internals: they
                // go to the log, the caller gets a reference to quote.
                let reference = incident_reference();
                tracing::warn!(error = %e, reference, "a session could not start");
                (
                    StatusCode::BAD_GATEWAY,
                    ErrorBody::new(
                        "SessionStartFailed",
                        format!(
                            "the session's container failed to start (reference {reference}); the daemon's log has the details"
                        ),
                        None,
                    ),
                )
            }
            ApiError::Cluster(e) => cluster_status(e),
            ApiError::Store(_) | ApiError::Pool(_) => {
                // Internal details go to the log, not to callers.
                let reference = incident_reference();
                tracing::error!(error = %self, reference, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorBody::new(
                        "InternalServerError",
                        format!(
                            "the daemon failed to complete the request (reference {reference}); see its log"
                        ),
                        None,
                    ),
                )
            }
        }
    }
}

fn cluster_status(e: &crate::cluster::ClusterError) -> (StatusCode, ErrorBody) {
    use crate::cluster::ClusterError as E;
    let unavailable = |code: &str, message: String| {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorBody::new(code, message, None),
        )
    };
    match e {
        E::Fenced => unavailable("NodeNotServing", e.to_string()),
        E::OwnerGone { .. } | E::Contended => unavailable("SessionNodeUnavailable", e.to_string()),
        E::Misdirected { .. } => (
            StatusCode::MISDIRECTED_REQUEST,
            ErrorBody::new("SessionOnAnotherNode", e.to_string(), None),
        ),
        _ => {
            // etcd and peer details (addresses, TLS) are the operator's.
            let reference = incident_reference();
            tracing::warn!(error = %e, reference, "cluster error");
            let (status, code) = match e {
                E::Peer { .. } => (StatusCode::BAD_GATEWAY, "SessionNodeUnreachable"),
                E::Etcd(_) | E::Timeout(_) => {
                    (StatusCode::SERVICE_UNAVAILABLE, "ClusterUnavailable")
                }
                _ => (StatusCode::INTERNAL_SERVER_ERROR, "InternalServerError"),
            };
            (
                status,
                ErrorBody::new(
                    code,
                    format!(
                        "the cluster could not serve the request (reference {reference}); see the daemon's log"
                    ),
                    None,
                ),
            )
        }
    }
}

/// A short id put both in a generic error answer and in the log line with the
/// details, so an operator can find what a caller saw.
pub(crate) fn incident_reference() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_string()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = self.status_and_body();
        let mut response = (status, axum::Json(body)).into_response();
        if matches!(
            status,
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
        ) {
            // Whole seconds, rounded up: retrying earlier only meets the backoff again.
            let seconds = match &self {
                ApiError::Pool(PoolError::BackingOff { retry_after, .. }) => {
                    retry_after.as_millis().div_ceil(1000).max(1) as u64
                }
                _ => 1,
            };
            response
                .headers_mut()
                .insert("retry-after", axum::http::HeaderValue::from(seconds));
        }
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                "www-authenticate",
                axum::http::HeaderValue::from_static(
                    "Bearer error=\"invalid_token\", error_description=\"The access token is missing, invalid or expired\"",
                ),
            );
        }
        response
    }
}
