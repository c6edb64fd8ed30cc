//! ARM resource paths and the daemon's own (non-ARM) routes.

use crate::spec::{PoolName, ResourceGroup};

pub fn pool_path(sub: &str, rg: &ResourceGroup, name: &PoolName) -> String {
    format!("{}/{name}", rg_pools_path(sub, rg))
}

pub fn rg_pools_path(sub: &str, rg: &ResourceGroup) -> String {
    format!("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.App/sessionPools")
}

pub fn sub_pools_path(sub: &str) -> String {
    format!("/subscriptions/{sub}/providers/Microsoft.App/sessionPools")
}

pub fn environment_id(sub: &str, rg: &ResourceGroup, env: &str) -> String {
    format!(
        "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.App/managedEnvironments/{env}"
    )
}

/// Azure-AsyncOperation status resource of a long-running operation.
pub fn operation_status_path(sub: &str, location: &str, id: &str) -> String {
    format!(
        "/subscriptions/{sub}/providers/Microsoft.App/locations/{location}/containerappOperationStatuses/{id}"
    )
}

/// `Location` of a long-running operation: 202 while running, then 200/204.
pub fn operation_result_path(sub: &str, location: &str, id: &str) -> String {
    format!(
        "/subscriptions/{sub}/providers/Microsoft.App/locations/{location}/containerappOperationResults/{id}"
    )
}

/// The data plane (and session management) of one pool, relative to the base URL.
pub fn pool_endpoint_path(rg: &ResourceGroup, name: &PoolName) -> String {
    format!("/pools/{}/{name}", rg.key())
}

pub const TOKENS_PATH: &str = "/sessionpool/v1/tokens";
/// Console logs of a pool's sandboxes (the daemon's own API, admin only).
pub const LOGS_PATH: &str = "/sessionpool/v1/logs";

/// (resource group, name) of `/subscriptions/S/resourceGroups/RG/providers/Microsoft.App/{kind}/NAME`,
/// segments compared without regard to case, as ARM does.
pub fn resource_key(id: &str, kind: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = id.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        [s, _, g, rg, p, ns, t, name]
            if s.eq_ignore_ascii_case("subscriptions")
                && g.eq_ignore_ascii_case("resourceGroups")
                && p.eq_ignore_ascii_case("providers")
                && ns.eq_ignore_ascii_case(super::PROVIDER_NAMESPACE)
                && t.eq_ignore_ascii_case(kind)
                && !name.is_empty() =>
        {
            Some((rg.to_string(), name.to_string()))
        }
        _ => None,
    }
}

/// (resource group, name) of a pool's ARM id, both checked.
pub fn pool_key(id: &str) -> Option<(ResourceGroup, PoolName)> {
    let (rg, name) = resource_key(id, "sessionPools")?;
    Some((
        ResourceGroup::parse(&rg).ok()?,
        PoolName::parse(&name).ok()?,
    ))
}

/// The ARM id of a role assignment at `scope`.
pub fn role_assignment_path(scope: &str, name: &str) -> String {
    format!(
        "{}/providers/Microsoft.Authorization/roleAssignments/{name}",
        scope.trim_end_matches('/')
    )
}
