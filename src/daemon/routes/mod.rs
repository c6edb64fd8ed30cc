//! The daemon's HTTP surface: ARM pool routes, operations and tokens.

mod cloud;
mod environments;
mod interpreter;
mod logs;
mod operations;
mod pools;
mod provider;
mod sessions;
mod tokens;

pub use tokens::mint as mint_token;

use super::auth::authenticate;
use super::state::{AppState, Listener};
use crate::api::{LOGS_PATH, METADATA_ENDPOINTS_PATH, TOKENS_PATH};
use axum::routing::{any, delete, get, post};
use axum::{Extension, Router};

const RG_POOLS: &str =
    "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.App/sessionPools";
const SUB_POOLS: &str = "/subscriptions/{sub}/providers/Microsoft.App/sessionPools";
const PROVIDER: &str = "/subscriptions/{sub}/providers/Microsoft.App";
const RG_ENVS: &str =
    "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.App/managedEnvironments";
const SUB_ENVS: &str = "/subscriptions/{sub}/providers/Microsoft.App/managedEnvironments";
const POOL_ENDPOINT: &str = "/pools/{rg}/{name}";
const OP_STATUS: &str = "/subscriptions/{sub}/providers/Microsoft.App/locations/{loc}/containerappOperationStatuses/{id}";
const OP_RESULT: &str = "/subscriptions/{sub}/providers/Microsoft.App/locations/{loc}/containerappOperationResults/{id}";

/// All routes of one listener; `listener` decides how callers authenticate.
pub fn app(state: AppState, listener: Listener) -> Router {
    // Read before any login (`az cloud register`), so outside authentication.
    let anonymous = Router::new()
        .route(METADATA_ENDPOINTS_PATH, get(cloud::metadata_endpoints))
        .layer(Extension(listener));
    Router::new()
        .route("/subscriptions", get(cloud::list))
        .route("/subscriptions/{sub}", get(cloud::get))
        .route(PROVIDER, get(provider::get))
        .route(&format!("{PROVIDER}/register"), post(provider::register))
        .route(SUB_ENVS, get(environments::list_subscription))
        .route(RG_ENVS, get(environments::list_group))
        .route(&format!("{RG_ENVS}/{{name}}"), get(environments::get))
        .route(SUB_POOLS, get(pools::list_subscription))
        .route(RG_POOLS, get(pools::list_group))
        .route(
            &format!("{RG_POOLS}/{{name}}"),
            get(pools::get)
                .put(pools::put)
                .patch(pools::patch)
                .delete(pools::delete),
        )
        .route(OP_STATUS, get(operations::status))
        .route(OP_RESULT, get(operations::result))
        .route(TOKENS_PATH, get(tokens::list).post(tokens::create))
        .route("/metrics", get(sessions::metrics))
        .route(&format!("{LOGS_PATH}/{{rg}}/{{name}}"), get(logs::logs))
        .route(
            &format!("{POOL_ENDPOINT}/.management/listSessions"),
            get(sessions::list_sessions),
        )
        .route(
            &format!("{POOL_ENDPOINT}/.management/getSession"),
            get(sessions::get_session),
        )
        .route(
            &format!("{POOL_ENDPOINT}/.management/stopSession"),
            post(sessions::stop_session),
        )
        .route(POOL_ENDPOINT, any(sessions::forward_root))
        .route(&format!("{POOL_ENDPOINT}/"), any(sessions::forward_root))
        .route(
            &format!("{POOL_ENDPOINT}/{{*path}}"),
            any(sessions::forward),
        )
        .route(&format!("{TOKENS_PATH}/{{id}}"), delete(tokens::revoke))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            (state.clone(), listener),
            authenticate,
        ))
        .merge(anonymous)
        .with_state(state)
}

async fn not_found(uri: axum::http::Uri) -> super::error::ApiError {
    super::error::ApiError::NotFound {
        code: "NotFound",
        message: format!("no route for '{}'", uri.path()),
    }
}
