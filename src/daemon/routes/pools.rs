//! ARM `Microsoft.App/sessionPools`: GET, PUT (long-running), PATCH (merge
//! patch), DELETE and the two lists.

use crate::api::{self, PoolList, PoolResource, merge_patch};
use crate::auth::Principal;
use crate::daemon::error::ApiError;
use crate::daemon::resource::to_resource;
use crate::daemon::state::{AppState, Listener};
use crate::identity::{Action, Scope};
use crate::pool::WriteLock;
use crate::spec::{self, PoolName, PoolProperties, ResourceGroup, now_rfc3339};
use crate::store::PoolRecord;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use bytes::Bytes;
use std::collections::HashMap;

const PAGE_SIZE: usize = 100;

/// Query parameters, with `api-version` checked by `check`.
pub struct Query(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Query {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let q = parts.uri.query().unwrap_or("");
        let map = serde_urlencoded::from_str(q).map_err(|e| {
            ApiError::BadRequest(api::ErrorBody::new(
                "InvalidQueryString",
                format!("query string is malformed: {e}"),
                None,
            ))
        })?;
        Ok(Query(map))
    }
}

impl Query {
    pub fn check(&self) -> Result<(), ApiError> {
        api::check_api_version(self.0.get("api-version").map(String::as_str))
            .map_err(ApiError::BadRequest)
    }

    /// Routes of other providers (Microsoft.Resources, the cloud metadata)
    /// have api-versions of their own: require one, accept any.
    pub fn require_api_version(&self) -> Result<(), ApiError> {
        match self.0.get("api-version") {
            Some(v) if !v.is_empty() => Ok(()),
            _ => api::check_api_version(None).map_err(ApiError::BadRequest),
        }
    }
}

fn parse_key(rg: &str, name: &str) -> Result<(ResourceGroup, PoolName), ApiError> {
    Ok((ResourceGroup::parse(rg)?, PoolName::parse(name)?))
}

fn load(state: &AppState, rg: &ResourceGroup, name: &PoolName) -> Result<PoolRecord, ApiError> {
    state
        .store
        .get_pool(rg, name)?
        .ok_or_else(|| ApiError::pool_not_found(rg.as_str(), name.as_str()))
}

/// The resource of a pool addressed by stored keys (used by operation results).
pub fn resource_for(
    state: &AppState,
    sub: &str,
    rg_key: &str,
    name: &str,
) -> Result<PoolResource, ApiError> {
    let (rg, name) = parse_key(rg_key, name)?;
    Ok(to_resource(state, sub, &load(state, &rg, &name)?))
}

pub async fn get(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path((sub, rg, name)): Path<(String, String, String)>,
    q: Query,
) -> Result<Json<PoolResource>, ApiError> {
    principal.require(
        Action::Read,
        &Scope::parse(&format!(
            "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.App/sessionPools/{name}"
        )),
    )?;
    q.check()?;
    let (rg, name) = parse_key(&rg, &name)?;
    Ok(Json(to_resource(&state, &sub, &load(&state, &rg, &name)?)))
}

pub async fn list_group(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(listener): Extension<Listener>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    Path((sub, rg)): Path<(String, String)>,
    q: Query,
) -> Result<Json<PoolList>, ApiError> {
    principal.require_management()?;
    q.check()?;
    let rg = ResourceGroup::parse(&rg)?;
    let pools = readable(&principal, state.store.list_pools(Some(&rg))?);
    page(&state, &sub, pools, &q, listener, &headers, &uri)
}

pub async fn list_subscription(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(listener): Extension<Listener>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    Path(sub): Path<String>,
    q: Query,
) -> Result<Json<PoolList>, ApiError> {
    principal.require_management()?;
    q.check()?;
    let pools = readable(&principal, state.store.list_pools(None)?);
    page(&state, &sub, pools, &q, listener, &headers, &uri)
}

/// What the caller may read, as ARM lists only those.
fn readable(principal: &Principal, pools: Vec<PoolRecord>) -> Vec<PoolRecord> {
    pools
        .into_iter()
        .filter(|p| {
            principal.can(
                Action::Read,
                &Scope::pool_key(&p.resource_group.key(), p.name.as_str()),
            )
        })
        .collect()
}

/// ARM paging: `$top` sizes a page, `$skipToken` (an offset) continues one.
fn page(
    state: &AppState,
    sub: &str,
    pools: Vec<PoolRecord>,
    q: &Query,
    listener: Listener,
    headers: &HeaderMap,
    uri: &axum::http::Uri,
) -> Result<Json<PoolList>, ApiError> {
    let number = |key: &str, default: usize| -> Result<usize, ApiError> {
        q.0.get(key).map_or(Ok(default), |v| {
            v.parse().map_err(|_| {
                ApiError::BadRequest(api::ErrorBody::new(
                    "InvalidQueryParameterValue",
                    format!("{key} must be a non-negative integer"),
                    Some(key),
                ))
            })
        })
    };
    let top = number("$top", PAGE_SIZE)?.clamp(1, PAGE_SIZE);
    let skip = number("$skipToken", 0)?;
    let total = pools.len();
    let value = pools
        .iter()
        .skip(skip)
        .take(top)
        .map(|p| to_resource(state, sub, p))
        .collect();
    let next_link = (skip + top < total).then(|| {
        let mut query = q.0.clone();
        query.insert("$skipToken".into(), (skip + top).to_string());
        let query = serde_urlencoded::to_string(&query).unwrap_or_default();
        format!(
            "{}{}?{query}",
            state.request_base(listener, headers),
            uri.path()
        )
    });
    Ok(Json(PoolList { value, next_link }))
}

fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if body.is_empty() {
        return Err(ApiError::invalid_body(
            "the request body is empty; send the pool resource as JSON",
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        ApiError::invalid_body(format!(
            "the request body is not a valid session pool resource: {e}"
        ))
    })
}

/// The pool resource in `value`; an error names the property that is wrong
/// (as ARM's `target`), e.g. `properties.scaleConfiguration.maxConcurrentSessions`.
fn to_pool_resource(value: serde_json::Value, what: &str) -> Result<PoolResource, ApiError> {
    let e = match serde_path_to_error::deserialize::<_, PoolResource>(&value) {
        Ok(resource) => return Ok(resource),
        Err(e) => e,
    };
    // `properties` is flattened into the status fields, which hides the
    // path below it: read the configuration alone to find it.
    let inner = value
        .get("properties")
        .map(serde_path_to_error::deserialize::<_, spec::PoolProperties>);
    let (path, message) = match inner {
        Some(Err(inner)) => (
            format!("properties.{}", inner.path()),
            inner.into_inner().to_string(),
        ),
        _ => (e.path().to_string(), e.into_inner().to_string()),
    };
    Err(if path == "." {
        ApiError::invalid_body(format!("{what}: {message}"))
    } else {
        ApiError::BadRequest(api::ErrorBody::new(
            "InvalidRequestContent",
            format!("{what}: property '{path}': {message}"),
            Some(&path),
        ))
    })
}

/// The configuration to store and the secret values to keep, after defaults
/// and every rule; nothing is written unless this succeeds.
fn prepare(
    name: &PoolName,
    mut props: PoolProperties,
    existing: Option<&PoolRecord>,
    stored_secrets: &std::collections::BTreeMap<String, String>,
) -> Result<(PoolProperties, Vec<(String, String)>), ApiError> {
    let mut secrets = Vec::new();
    for (i, s) in props.secrets.iter_mut().flatten().enumerate() {
        // A GET-then-PUT round trip sends secrets back without values (GET
        // never shows them): keep the stored value then.
        let value = match s.value.take() {
            Some(v) => v,
            None => stored_secrets.get(&s.name).cloned().ok_or_else(|| {
                spec::ValidationError::new(
                    format!("properties.secrets[{i}].value"),
                    format!("secret '{}' needs a value", s.name),
                )
            })?,
        };
        secrets.push((s.name.clone(), value));
    }
    let props = props.with_defaults(name);
    props.validate()?;
    if let Some(old) = existing {
        spec::validate_update(&old.properties, &props)?;
    }
    Ok((props, secrets))
}

fn lro_headers(
    state: &AppState,
    listener: Listener,
    headers: &HeaderMap,
    sub: &str,
    location: &str,
    op: &str,
) -> [(header::HeaderName, HeaderValue); 3] {
    let base = state.request_base(listener, headers);
    let v = api::CLIENT_API_VERSION;
    let value = |path: String| {
        HeaderValue::from_str(&format!("{base}{path}?api-version={v}"))
            .unwrap_or(HeaderValue::from_static(""))
    };
    [
        (
            header::HeaderName::from_static("azure-asyncoperation"),
            value(api::operation_status_path(sub, location, op)),
        ),
        (
            header::LOCATION,
            value(api::operation_result_path(sub, location, op)),
        ),
        (header::RETRY_AFTER, HeaderValue::from_static("1")),
    ]
}

fn reject_while_deleting(p: Option<&PoolRecord>) -> Result<(), ApiError> {
    match p {
        Some(p) if p.provisioning_state == "Deleting" => Err(ApiError::Conflict(format!(
            "pool '{}' is being deleted",
            p.name
        ))),
        _ => Ok(()),
    }
}

/// In a cluster, make operation `id` pollable through every node. The pool
/// write is in etcd already: a failure here is logged, not answered (polls
/// through this node still work).
async fn publish_operation(state: &AppState, id: &str) {
    let Some(cluster) = &state.cluster else {
        return;
    };
    let published = match state.store.get_operation(id) {
        Ok(Some(op)) => cluster.publish_operation(&op).await,
        Ok(None) => return,
        Err(e) => {
            tracing::warn!(operation = id, error = %e, "could not read an operation back");
            return;
        }
    };
    if let Err(e) = published {
        tracing::warn!(operation = id, error = %e, "could not publish an operation to the cluster; only this node can report it");
    }
}

/// Store (in a cluster, in etcd first), start provisioning and answer as
/// ARM's async contract says.
#[allow(clippy::too_many_arguments)]
async fn save_and_provision(
    state: &AppState,
    lock: &WriteLock,
    listener: Listener,
    headers: &HeaderMap,
    sub: &str,
    kind: &str,
    record: PoolRecord,
    secrets: Vec<(String, String)>,
    status: StatusCode,
) -> Result<Response, ApiError> {
    if let Some(cluster) = &state.cluster {
        cluster.publish_pool(&record, &secrets).await?;
    }
    state.store.put_pool(&record, Some(&secrets))?;
    let op = state
        .pools
        .start_operation(kind, &record.resource_group, &record.name)?;
    publish_operation(state, &op).await;
    let hdrs = lro_headers(state, listener, headers, sub, &record.location, &op);
    let body = to_resource(state, sub, &record);
    state
        .pools
        .provision(lock, record.resource_group, record.name, op);
    Ok((status, hdrs, Json(body)).into_response())
}

pub async fn put(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(listener): Extension<Listener>,
    headers: HeaderMap,
    Path((sub, rg, name)): Path<(String, String, String)>,
    q: Query,
    body: Bytes,
) -> Result<Response, ApiError> {
    principal.require(
        Action::Write,
        &Scope::parse(&format!(
            "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.App/sessionPools/{name}"
        )),
    )?;
    q.check()?;
    let (rg, name) = parse_key(&rg, &name)?;
    let resource = to_pool_resource(
        parse_body(&body)?,
        "the request body is not a valid session pool resource",
    )?;
    // Held until provisioning is started: the last accepted write is what runs.
    let lock = state.pools.write_lock(&rg, &name).await;
    let existing = state.store.get_pool(&rg, &name)?;
    reject_while_deleting(existing.as_ref())?;
    let stored = state.store.pool_secrets(&rg, &name)?;
    let (properties, secrets) = prepare(
        &name,
        resource.properties.config,
        existing.as_ref(),
        &stored,
    )?;
    let record = PoolRecord {
        location: resource
            .location
            .or(existing.as_ref().map(|e| e.location.clone()))
            .unwrap_or_else(|| spec::defaults::LOCATION.into()),
        tags: resource.tags.unwrap_or_default(),
        properties,
        provisioning_state: "InProgress".into(),
        provisioning_error: None,
        image_digest: existing.as_ref().and_then(|e| e.image_digest.clone()),
        created_at: existing
            .as_ref()
            .map_or_else(now_rfc3339, |e| e.created_at.clone()),
        resource_group: rg,
        name,
    };
    let status = if existing.is_some() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    save_and_provision(
        &state, &lock, listener, &headers, &sub, "put", record, secrets, status,
    )
    .await
}

pub async fn patch(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(listener): Extension<Listener>,
    headers: HeaderMap,
    Path((sub, rg, name)): Path<(String, String, String)>,
    q: Query,
    body: Bytes,
) -> Result<Response, ApiError> {
    principal.require(
        Action::Write,
        &Scope::parse(&format!(
            "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.App/sessionPools/{name}"
        )),
    )?;
    q.check()?;
    let (rg, name) = parse_key(&rg, &name)?;
    let patch: serde_json::Value = parse_body(&body)?;
    if !patch.is_object() {
        return Err(ApiError::invalid_body(
            "a PATCH body must be a JSON object (a JSON merge patch of the pool resource)",
        ));
    }
    // Held from the read the patch merges into until provisioning is started.
    let lock = state.pools.write_lock(&rg, &name).await;
    let existing = load(&state, &rg, &name)?;
    reject_while_deleting(Some(&existing))?;
    let mut current =
        serde_json::json!({ "tags": existing.tags, "properties": existing.properties });
    merge_patch(&mut current, &patch);
    let merged = to_pool_resource(current, "the patched session pool is not valid")?;
    let stored = state.store.pool_secrets(&rg, &name)?;
    let (properties, secrets) = prepare(&name, merged.properties.config, Some(&existing), &stored)?;
    let record = PoolRecord {
        tags: merged.tags.unwrap_or_default(),
        properties,
        provisioning_state: "InProgress".into(),
        provisioning_error: None,
        ..existing
    };
    save_and_provision(
        &state,
        &lock,
        listener,
        &headers,
        &sub,
        "patch",
        record,
        secrets,
        StatusCode::ACCEPTED,
    )
    .await
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(listener): Extension<Listener>,
    headers: HeaderMap,
    Path((sub, rg, name)): Path<(String, String, String)>,
    q: Query,
) -> Result<Response, ApiError> {
    principal.require(
        Action::Write,
        &Scope::parse(&format!(
            "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.App/sessionPools/{name}"
        )),
    )?;
    q.check()?;
    let (rg, name) = parse_key(&rg, &name)?;
    // A delete of a pool being deleted answers 202 again; of a deleted one, 204.
    let lock = state.pools.write_lock(&rg, &name).await;
    let Some(existing) = state.store.get_pool(&rg, &name)? else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    if let Some(cluster) = &state.cluster {
        cluster.publish_pool_delete(&rg, &name).await?;
    }
    state
        .store
        .set_provisioning(&rg, &name, "Deleting", None, None)?;
    let op = state.pools.start_operation("delete", &rg, &name)?;
    publish_operation(&state, &op).await;
    let hdrs = lro_headers(&state, listener, &headers, &sub, &existing.location, &op);
    state.pools.delete(&lock, rg, name, op);
    Ok((StatusCode::ACCEPTED, hdrs).into_response())
}
