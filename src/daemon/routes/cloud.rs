//! The daemon as an Azure cloud: `/metadata/endpoints` (read before any
//! login, so without a token) and the subscription clients list after login.

use super::pools::Query;
use crate::api::{DEFAULT_SUBSCRIPTION, MetadataEndpoints, Subscription, SubscriptionList};
use crate::auth::Principal;
use crate::daemon::error::ApiError;
use crate::daemon::state::{AppState, Listener};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::{Extension, Json};

/// Unauthenticated: the endpoints name this daemon as the caller reached it.
pub async fn metadata_endpoints(
    State(state): State<AppState>,
    Extension(listener): Extension<Listener>,
    headers: HeaderMap,
    q: Query,
) -> Result<Json<MetadataEndpoints>, ApiError> {
    q.require_api_version()?;
    Ok(Json(MetadataEndpoints::for_origin(
        &state.request_base(listener, &headers),
    )))
}

/// The one subscription: the daemon accepts any id in paths, and lists the
/// one its own CLI addresses.
pub async fn list(
    Extension(principal): Extension<Principal>,
    q: Query,
) -> Result<Json<SubscriptionList>, ApiError> {
    principal.require_management()?;
    q.require_api_version()?;
    Ok(Json(SubscriptionList {
        value: vec![Subscription::new(DEFAULT_SUBSCRIPTION)],
    }))
}

pub async fn get(
    Extension(principal): Extension<Principal>,
    Path(sub): Path<String>,
    q: Query,
) -> Result<Json<Subscription>, ApiError> {
    principal.require_management()?;
    q.require_api_version()?;
    Ok(Json(Subscription::new(&sub)))
}
