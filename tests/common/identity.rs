//! Service principals and the ids the identity tests share.

use super::daemon::Daemon;
use super::http::{Answer, Http};

/// The daemon's tenant and the subscription our CLI addresses.
pub const TENANT: &str = "00000000-0000-0000-0000-000000000000";
pub const SUB: &str = "00000000-0000-0000-0000-000000000000";
/// Azure's built-in role GUIDs.
pub const EXECUTOR: &str = "0fb8eba5-a2bb-4abe-b1c1-49dfad359bb0";
pub const CONTRIBUTOR: &str = "b24988ac-6180-42a0-ab88-20f7382dd24c";
pub const OWNER: &str = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

/// `sessionpool principal create ARGS` over the socket; its JSON.
pub fn create_principal(d: &Daemon, args: &[&str]) -> serde_json::Value {
    let out = d
        .cli()
        .args(["principal", "create"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["tenant"], TENANT);
    v
}

/// A string field of a JSON answer.
pub fn field(v: &serde_json::Value, k: &str) -> String {
    v[k].as_str()
        .unwrap_or_else(|| panic!("no {k} in {v}"))
        .to_string()
}

/// `PUT {scope}/providers/Microsoft.Authorization/roleAssignments/{new guid}`
/// as `http`'s caller: `role` (a built-in role's GUID) for `principal`.
pub fn assign_as(http: &Http, scope: &str, role: &str, principal: &str) -> Answer {
    let body = serde_json::json!({"properties": {
        "roleDefinitionId": format!("/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/{role}"),
        "principalId": principal, "principalType": "ServicePrincipal"}});
    http.request(
        "PUT",
        &format!(
            "{scope}/providers/Microsoft.Authorization/roleAssignments/{}?api-version=2022-04-01",
            uuid::Uuid::new_v4()
        ),
        &[("Content-Type", "application/json")],
        body.to_string().as_bytes(),
    )
}
