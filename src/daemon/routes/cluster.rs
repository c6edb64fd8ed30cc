//! `GET /.cluster/status`: this daemon's cluster (or itself alone).

use crate::auth::Principal;
use crate::cluster::ClusterStatus;
use crate::daemon::{ApiError, AppState};
use axum::Json;
use axum::extract::{Extension, State};

pub const STATUS_PATH: &str = "/.cluster/status";

pub async fn status(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> Result<Json<ClusterStatus>, ApiError> {
    principal.require_admin()?;
    Ok(Json(match &state.cluster {
        Some(c) => c.status(),
        None => crate::cluster::single_status(&state.pools, state.public_url.as_deref()),
    }))
}
