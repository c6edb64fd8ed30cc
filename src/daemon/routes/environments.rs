//! `Microsoft.App/managedEnvironments`, read-only: the environments the
//! pools' `environmentId`s name (az GETs the one `--environment` names).

use super::pools::Query;
use crate::api::{
    ENVIRONMENT_TYPE, EnvironmentList, EnvironmentProperties, EnvironmentResource, environment_key,
};
use crate::auth::Principal;
use crate::daemon::error::ApiError;
use crate::daemon::state::AppState;
use crate::spec::ResourceGroup;
use axum::extract::{Path, State};
use axum::{Extension, Json};
use std::collections::BTreeMap;

/// Every environment a pool names, keyed by lowercased (rg, name) as ARM
/// compares them; the first pool's location is the environment's.
fn known(state: &AppState, sub: &str) -> Result<Vec<EnvironmentResource>, ApiError> {
    let mut found: BTreeMap<(String, String), EnvironmentResource> = BTreeMap::new();
    for pool in state.store.list_pools(None)? {
        let Some(id) = pool.properties.environment_id.as_deref() else {
            continue;
        };
        let Some((rg, name)) = environment_key(id, pool.resource_group.as_str()) else {
            continue;
        };
        let key = (rg.to_ascii_lowercase(), name.to_ascii_lowercase());
        found.entry(key).or_insert_with(|| EnvironmentResource {
            id: format!(
                "/subscriptions/{sub}/resourceGroups/{rg}/providers/{ENVIRONMENT_TYPE}/{name}"
            ),
            name,
            resource_type: ENVIRONMENT_TYPE.into(),
            location: pool.location.clone(),
            tags: BTreeMap::new(),
            properties: EnvironmentProperties {
                provisioning_state: "Succeeded".into(),
            },
        });
    }
    Ok(found.into_values().collect())
}

fn in_group(e: &EnvironmentResource, rg: &str) -> bool {
    environment_key(&e.id, "").is_some_and(|(g, _)| g.eq_ignore_ascii_case(rg))
}

pub async fn get(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path((sub, rg, name)): Path<(String, String, String)>,
    q: Query,
) -> Result<Json<EnvironmentResource>, ApiError> {
    principal.require_management()?;
    q.check()?;
    let rg = ResourceGroup::parse(&rg)?;
    known(&state, &sub)?
        .into_iter()
        .find(|e| in_group(e, rg.as_str()) && e.name.eq_ignore_ascii_case(&name))
        .map(Json)
        .ok_or_else(|| ApiError::NotFound {
            code: "ResourceNotFound",
            message: format!(
                "The Resource '{ENVIRONMENT_TYPE}/{name}' under resource group '{rg}' was not found."
            ),
        })
}

pub async fn list_group(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path((sub, rg)): Path<(String, String)>,
    q: Query,
) -> Result<Json<EnvironmentList>, ApiError> {
    principal.require_management()?;
    q.check()?;
    let rg = ResourceGroup::parse(&rg)?;
    let value = known(&state, &sub)?
        .into_iter()
        .filter(|e| in_group(e, rg.as_str()))
        .collect();
    Ok(Json(EnvironmentList { value }))
}

pub async fn list_subscription(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(sub): Path<String>,
    q: Query,
) -> Result<Json<EnvironmentList>, ApiError> {
    principal.require_management()?;
    q.check()?;
    Ok(Json(EnvironmentList {
        value: known(&state, &sub)?,
    }))
}
