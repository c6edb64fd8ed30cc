//! `Microsoft.App`'s provider document and its `register` action: az checks
//! it before a create. The daemon always has the provider registered.

use super::pools::Query;
use crate::api::Provider;
use crate::auth::Principal;
use crate::daemon::error::ApiError;
use crate::daemon::state::AppState;
use axum::extract::{Path, State};
use axum::{Extension, Json};

pub async fn get(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(sub): Path<String>,
    q: Query,
) -> Result<Json<Provider>, ApiError> {
    principal.require_management()?;
    // Microsoft.Resources' api-versions (az sends 2024-11-01), not ours.
    q.require_api_version()?;
    Ok(Json(Provider::microsoft_app(&sub, &state.locations()?)))
}

/// `POST .../providers/Microsoft.App/register`: already registered, so this
/// answers the document as Azure does for a registered provider.
pub async fn register(
    state: State<AppState>,
    principal: Extension<Principal>,
    sub: Path<String>,
    q: Query,
) -> Result<Json<Provider>, ApiError> {
    principal.require(
        crate::identity::Action::Write,
        &crate::identity::Scope::subscription(&sub),
    )?;
    get(state, principal, sub, q).await
}
