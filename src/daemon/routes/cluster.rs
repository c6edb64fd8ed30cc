//! `GET /.cluster/status`: this daemon's cluster (or itself alone).

use crate::api::ClusterStatus;
use crate::auth::Principal;
use crate::daemon::{ApiError, AppState};
use axum::Json;
use axum::extract::{Extension, State};

pub use crate::api::CLUSTER_STATUS_PATH as STATUS_PATH;

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
