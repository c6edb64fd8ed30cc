//! ARM long-running operation polling: Azure-AsyncOperation status and Location result.

use super::pools::{Query, resource_for};
use crate::api::{ErrorDetail, OperationStatus, operation_status_path};
use crate::daemon::error::ApiError;
use crate::daemon::state::{AppState, Listener};
use crate::store::OperationRecord;
use axum::Extension;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The operation, from this node's store or (in a cluster) from etcd, when
/// it was started through another node.
async fn load(state: &AppState, id: &str) -> Result<OperationRecord, ApiError> {
    let mut op = state.store.get_operation(id)?;
    if op.is_none()
        && let Some(cluster) = &state.cluster
    {
        op = cluster.operation(id).await?;
    }
    op.ok_or_else(|| ApiError::NotFound {
        code: "OperationNotFound",
        message: format!("operation '{id}' was not found"),
    })
}

fn error_detail(op: &OperationRecord) -> Option<ErrorDetail> {
    op.error.as_ref().map(|(code, message)| ErrorDetail {
        code: code.clone(),
        message: message.clone(),
        target: None,
        details: vec![],
    })
}

pub async fn status(
    State(state): State<AppState>,
    Extension(principal): Extension<crate::auth::Principal>,
    Path((sub, loc, id)): Path<(String, String, String)>,
    q: Query,
) -> Result<Json<OperationStatus>, ApiError> {
    principal.require_management()?;
    q.check()?;
    let op = load(&state, &id).await?;
    principal.require(
        crate::identity::Action::Read,
        &crate::identity::Scope::pool_key(&op.rg_key, &op.pool),
    )?;
    let progress = state.pools.progress(&id);
    Ok(Json(OperationStatus {
        id: operation_status_path(&sub, &loc, &id),
        name: op.id.clone(),
        status: op.status.clone(),
        start_time: Some(op.start_time.clone()),
        end_time: op.end_time.clone(),
        error: error_detail(&op),
        percent_complete: progress.map(|p| {
            if p.bytes_total == 0 {
                0.0
            } else {
                100.0 * p.bytes_done as f64 / p.bytes_total as f64
            }
        }),
        properties: progress.map(|p| {
            serde_json::json!({
                "layersTotal": p.layers_total,
                "layersDone": p.layers_done,
                "bytesTotal": p.bytes_total,
                "bytesDone": p.bytes_done,
            })
        }),
    }))
}

/// 202 while running; then the resource (put/patch), 204 (delete), or the error.
pub async fn result(
    State(state): State<AppState>,
    Extension(principal): Extension<crate::auth::Principal>,
    Extension(listener): Extension<Listener>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    Path((sub, _loc, id)): Path<(String, String, String)>,
    q: Query,
) -> Result<Response, ApiError> {
    principal.require_management()?;
    q.check()?;
    let op = load(&state, &id).await?;
    principal.require(
        crate::identity::Action::Read,
        &crate::identity::Scope::pool_key(&op.rg_key, &op.pool),
    )?;
    match op.status.as_str() {
        "InProgress" => {
            let uri = format!("{}{}", state.request_base(listener, &headers), uri);
            Ok((
                StatusCode::ACCEPTED,
                [(header::LOCATION, uri), (header::RETRY_AFTER, "1".into())],
            )
                .into_response())
        }
        "Failed" => {
            let e = error_detail(&op).unwrap_or(ErrorDetail {
                code: "OperationFailed".into(),
                message: "the operation failed".into(),
                target: None,
                details: vec![],
            });
            Ok((
                StatusCode::BAD_REQUEST,
                Json(crate::api::ErrorBody { error: e }),
            )
                .into_response())
        }
        _ if op.kind == "delete" => Ok(StatusCode::NO_CONTENT.into_response()),
        _ => Ok(Json(resource_for(&state, &sub, &op.rg_key, &op.pool)?).into_response()),
    }
}
