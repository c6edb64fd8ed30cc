//! The daemon's HTTP surface: ARM pool routes, operations and tokens.

mod cloud;
mod cluster;
mod cluster_forward;
mod cluster_sessions;
mod environments;
mod interpreter;
mod logs;
mod oauth;
mod operations;
mod pools;
mod principals;
mod provider;
mod role_assignments;
mod sessions;
mod tokens;
mod usage;

pub(crate) use sessions::forward_request;
pub use tokens::mint as mint_token;

use super::auth::authenticate;
use super::state::{AppState, Listener};
use crate::api::{
    LOGS_PATH, METADATA_ENDPOINTS_PATH, PRINCIPALS_PATH, ROLE_ASSIGNMENTS, ROLE_DEFINITIONS,
    SIGNING_KEYS_PATH, TOKENS_PATH,
};
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

/// Where role assignments can be made: the subscription, a resource group, a pool.
const AUTHORIZATION_SCOPES: [&str; 3] = [
    "/subscriptions/{sub}",
    "/subscriptions/{sub}/resourceGroups/{rg}",
    "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.App/sessionPools/{name}",
];

/// All routes of one listener; `listener` decides how callers authenticate.
pub fn app(state: AppState, listener: Listener) -> Router {
    // Read before any login (`az cloud register`), so outside authentication.
    // So is the authority: discovery, keys and the token endpoint.
    let anonymous = Router::new()
        .route(METADATA_ENDPOINTS_PATH, get(cloud::metadata_endpoints))
        .route(
            "/{tenant}/v2.0/.well-known/openid-configuration",
            get(oauth::openid_configuration),
        )
        .route("/{tenant}/discovery/v2.0/keys", get(oauth::jwks))
        .route("/{tenant}/oauth2/v2.0/token", post(oauth::token))
        .route("/common/discovery/instance", get(oauth::instance_discovery))
        .layer(Extension(listener));
    let mut authorization = Router::new();
    for scope in AUTHORIZATION_SCOPES {
        authorization = authorization
            .route(
                &format!("{scope}/{ROLE_ASSIGNMENTS}"),
                get(role_assignments::list),
            )
            .route(
                &format!("{scope}/{ROLE_ASSIGNMENTS}/{{id}}"),
                get(role_assignments::get)
                    .put(role_assignments::put)
                    .delete(role_assignments::delete),
            )
            .route(
                &format!("{scope}/{ROLE_DEFINITIONS}"),
                get(role_assignments::list_definitions),
            )
            .route(
                &format!("{scope}/{ROLE_DEFINITIONS}/{{id}}"),
                get(role_assignments::get_definition),
            );
    }
    Router::new()
        .merge(authorization)
        .route(
            PRINCIPALS_PATH,
            get(principals::list).post(principals::create),
        )
        .route(
            &format!("{PRINCIPALS_PATH}/{{id}}"),
            delete(principals::delete),
        )
        .route(SIGNING_KEYS_PATH, get(principals::list_keys))
        .route(
            &format!("{SIGNING_KEYS_PATH}/rotate"),
            post(principals::rotate_keys),
        )
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
        .route(cluster::STATUS_PATH, get(cluster::status))
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
