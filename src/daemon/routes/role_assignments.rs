//! `Microsoft.Authorization` as ARM serves it, for the scopes the daemon has
//! (subscription, resource group, pool): role assignments (PUT, GET, DELETE,
//! list) and the built-in role definitions az resolves `--role NAME` with.

use super::pools::Query;
use crate::api::{
    Permission, ROLE_ASSIGNMENTS, ROLE_DEFINITIONS, RoleAssignment, RoleAssignmentCreate,
    RoleAssignmentList, RoleAssignmentProperties, RoleDefinitionList, RoleDefinitionProperties,
    RoleDefinitionResource, role_assignment_path,
};
use crate::auth::Principal;
use crate::daemon::error::ApiError;
use crate::daemon::state::AppState;
use crate::identity::{Action, BUILT_IN_ROLES, RoleDefinition, Scope, role_by_id};
use crate::spec::{ValidationError, now_rfc3339};
use crate::store::{AssignmentInsert, RoleAssignmentRecord};
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use bytes::Bytes;

/// The scope part of a path: everything before `/providers/Microsoft.Authorization/`.
fn scope_of(uri: &Uri, kind: &str) -> String {
    let path = uri.path();
    let marker = format!("/{kind}");
    let lower = path.to_ascii_lowercase();
    match lower.find(&marker.to_ascii_lowercase()) {
        Some(i) => path[..i].to_string(),
        None => path.to_string(),
    }
}

/// The subscription id in a scope (for role definition ids).
fn subscription_of(scope: &str) -> &str {
    scope
        .strip_prefix("/subscriptions/")
        .map(|r| r.split('/').next().unwrap_or(r))
        .unwrap_or("")
}

/// A pool scope must name an existing pool, as ARM requires of any scope.
fn check_scope_exists(state: &AppState, scope: &str) -> Result<(), ApiError> {
    if let Some((rg, name)) = crate::api::pool_key(scope)
        && state.store.get_pool(&rg, &name)?.is_none()
    {
        return Err(ApiError::pool_not_found(rg.as_str(), name.as_str()));
    }
    Ok(())
}

fn definition_id(sub: &str, role: &RoleDefinition) -> String {
    format!("/subscriptions/{sub}/{ROLE_DEFINITIONS}/{}", role.id)
}

fn to_wire(a: &RoleAssignmentRecord) -> RoleAssignment {
    let sub = subscription_of(&a.scope);
    RoleAssignment {
        id: role_assignment_path(&a.scope, &a.name),
        kind: "Microsoft.Authorization/roleAssignments".into(),
        name: a.name.clone(),
        properties: RoleAssignmentProperties {
            role_definition_id: format!("/subscriptions/{sub}/{ROLE_DEFINITIONS}/{}", a.role_id),
            principal_id: a.principal_id.clone(),
            principal_type: Some(a.principal_type.clone()),
            scope: a.scope.clone(),
            description: None,
            condition: None,
            condition_version: None,
            created_on: Some(a.created_at.clone()),
            updated_on: Some(a.created_at.clone()),
        },
    }
}

fn not_found(name: &str) -> ApiError {
    ApiError::NotFound {
        code: "RoleAssignmentNotFound",
        message: format!("The role assignment '{name}' is not found."),
    }
}

fn assignment_name(uri: &Uri) -> Result<String, ApiError> {
    let name = uri.path().rsplit('/').next().unwrap_or_default();
    uuid::Uuid::parse_str(name)
        .map(|u| u.to_string())
        .map_err(|_| {
            ApiError::BadRequest(crate::api::ErrorBody::new(
                "InvalidRoleAssignmentId",
                format!("The role assignment ID '{name}' is not valid. The role assignment ID must be a GUID."),
                Some("name"),
            ))
        })
}

pub async fn put(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    uri: Uri,
    q: Query,
    body: Bytes,
) -> Result<Response, ApiError> {
    q.require_api_version()?;
    let scope = scope_of(&uri, ROLE_ASSIGNMENTS);
    principal.require(Action::AssignRoles, &Scope::parse(&scope))?;
    let name = assignment_name(&uri)?;
    let req: RoleAssignmentCreate = serde_json::from_slice(&body)
        .map_err(|e| ApiError::invalid_body(format!("the role assignment is not valid: {e}")))?;
    let p = req.properties;
    let role = role_by_id(&p.role_definition_id).ok_or_else(|| {
        ApiError::BadRequest(crate::api::ErrorBody::new(
            "RoleDefinitionDoesNotExist",
            format!(
                "The specified role definition with ID '{}' does not exist. Built-in roles here: {}.",
                p.role_definition_id.rsplit('/').next().unwrap_or_default(),
                BUILT_IN_ROLES.map(|r| r.name).join(", ")
            ),
            Some("properties.roleDefinitionId"),
        ))
    })?;
    let principal_id = uuid::Uuid::parse_str(&p.principal_id)
        .map_err(|_| {
            ValidationError::new("properties.principalId", "must be a GUID (an object id)")
        })?
        .to_string();
    let principal_type = p
        .principal_type
        .unwrap_or_else(|| "ServicePrincipal".into());
    if !matches!(
        principal_type.as_str(),
        "ServicePrincipal" | "User" | "Group" | "ForeignGroup" | "Device"
    ) {
        return Err(ValidationError::new(
            "properties.principalType",
            "must be one of ServicePrincipal, User, Group, ForeignGroup, Device",
        )
        .into());
    }
    let known = state
        .store
        .list_principals()?
        .iter()
        .any(|x| x.object_id.eq_ignore_ascii_case(&principal_id))
        || state
            .store
            .list_pools(None)?
            .iter()
            .any(|p| crate::identity::pool_identity(p).is_some_and(|id| id == principal_id));
    if !known {
        return Err(ApiError::BadRequest(crate::api::ErrorBody::new(
            "PrincipalNotFound",
            format!(
                "Principal {} does not exist in the directory {}.",
                principal_id.replace('-', ""),
                crate::identity::TENANT_ID
            ),
            Some("properties.principalId"),
        )));
    }
    check_scope_exists(&state, &scope)?;
    let record = RoleAssignmentRecord {
        name: name.clone(),
        scope: scope.clone(),
        role_id: role.id.to_string(),
        principal_id,
        principal_type,
        created_at: now_rfc3339(),
    };
    match state.store.put_role_assignment(&record)? {
        AssignmentInsert::Created | AssignmentInsert::Unchanged => {
            tracing::info!(
                scope,
                role = role.name,
                principal = record.principal_id,
                "role assigned"
            );
            let stored = state
                .store
                .role_assignment(&scope, &name)?
                .unwrap_or(record);
            Ok((StatusCode::CREATED, Json(to_wire(&stored))).into_response())
        }
        AssignmentInsert::Duplicate(existing) => Err(ApiError::ConflictCode {
            code: "RoleAssignmentExists",
            message: format!(
                "The role assignment already exists. The ID of the existing role assignment is {}.",
                existing.replace('-', "")
            ),
        }),
        AssignmentInsert::NameTaken => Err(ApiError::ConflictCode {
            code: "RoleAssignmentUpdateNotPermitted",
            message:
                "Tenant ID, application ID, principal ID, and scope are not allowed to be updated."
                    .into(),
        }),
    }
}

pub async fn get(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    uri: Uri,
    q: Query,
) -> Result<Json<RoleAssignment>, ApiError> {
    q.require_api_version()?;
    let scope = scope_of(&uri, ROLE_ASSIGNMENTS);
    principal.require(Action::Read, &Scope::parse(&scope))?;
    let name = assignment_name(&uri)?;
    let found = state
        .store
        .role_assignment(&scope, &name)?
        .ok_or_else(|| not_found(&name))?;
    Ok(Json(to_wire(&found)))
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    uri: Uri,
    q: Query,
) -> Result<Response, ApiError> {
    q.require_api_version()?;
    let scope = scope_of(&uri, ROLE_ASSIGNMENTS);
    principal.require(Action::AssignRoles, &Scope::parse(&scope))?;
    let name = assignment_name(&uri)?;
    match state.store.role_assignment(&scope, &name)? {
        Some(found) => {
            state.store.delete_role_assignment(&name)?;
            tracing::info!(scope, name, "role assignment deleted");
            Ok(Json(to_wire(&found)).into_response())
        }
        None => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}

/// `$filter`: `atScope()` (at or above the scope), `principalId eq 'ID'`,
/// or both joined by `and`; without one, also what lies below the scope.
pub async fn list(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    uri: Uri,
    q: Query,
) -> Result<Json<RoleAssignmentList>, ApiError> {
    q.require_api_version()?;
    let scope = scope_of(&uri, ROLE_ASSIGNMENTS);
    let here = Scope::parse(&scope);
    principal.require(Action::Read, &here)?;
    let filter = q.0.get("$filter").map(String::as_str).unwrap_or("");
    let at_scope = filter.contains("atScope()");
    let principal_id = filter
        .split("principalId eq '")
        .nth(1)
        .and_then(|r| r.split('\'').next())
        .map(str::to_ascii_lowercase);
    let value = state
        .store
        .list_role_assignments()?
        .iter()
        .filter(|a| {
            let s = Scope::parse(&a.scope);
            s.covers(&here) || (!at_scope && here.covers(&s))
        })
        .filter(|a| {
            principal_id
                .as_ref()
                .is_none_or(|p| a.principal_id.eq_ignore_ascii_case(p))
        })
        .map(to_wire)
        .collect();
    Ok(Json(RoleAssignmentList { value }))
}

fn definition(sub: &str, role: &RoleDefinition) -> RoleDefinitionResource {
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
    RoleDefinitionResource {
        id: definition_id(sub, role),
        kind: "Microsoft.Authorization/roleDefinitions".into(),
        name: role.id.into(),
        properties: RoleDefinitionProperties {
            role_name: role.name.into(),
            kind: "BuiltInRole".into(),
            description: role.description.into(),
            assignable_scopes: vec!["/".into()],
            permissions: vec![Permission {
                actions: strings(role.actions),
                not_actions: strings(role.not_actions),
                data_actions: strings(role.data_actions),
                not_data_actions: Vec::new(),
            }],
        },
    }
}

/// `$filter=roleName eq 'NAME'` (az's `--role NAME`) or `type eq 'BuiltInRole'`.
pub async fn list_definitions(
    Extension(principal): Extension<Principal>,
    uri: Uri,
    q: Query,
) -> Result<Json<RoleDefinitionList>, ApiError> {
    q.require_api_version()?;
    principal.require_management()?;
    let scope = scope_of(&uri, ROLE_DEFINITIONS);
    let sub = subscription_of(&scope).to_string();
    let filter = q.0.get("$filter").map(String::as_str).unwrap_or("");
    let wanted = filter
        .split("roleName eq '")
        .nth(1)
        .and_then(|r| r.split('\'').next());
    let value = BUILT_IN_ROLES
        .iter()
        .filter(|r| wanted.is_none_or(|w| r.name.eq_ignore_ascii_case(w)))
        .map(|r| definition(&sub, r))
        .collect();
    Ok(Json(RoleDefinitionList { value }))
}

pub async fn get_definition(
    Extension(principal): Extension<Principal>,
    uri: Uri,
    q: Query,
) -> Result<Json<RoleDefinitionResource>, ApiError> {
    q.require_api_version()?;
    principal.require_management()?;
    let scope = scope_of(&uri, ROLE_DEFINITIONS);
    let id = uri.path().rsplit('/').next().unwrap_or_default();
    let role = role_by_id(id).ok_or_else(|| ApiError::NotFound {
        code: "RoleDefinitionDoesNotExist",
        message: format!("The specified role definition with ID '{id}' does not exist."),
    })?;
    Ok(Json(definition(subscription_of(&scope), role)))
}
