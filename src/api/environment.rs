//! `Microsoft.App/managedEnvironments` as ARM shows them. The daemon has no
//! environments of its own: it knows the ones its pools' `environmentId`s name.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const ENVIRONMENT_TYPE: &str = "Microsoft.App/managedEnvironments";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentResource {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    pub location: String,
    pub tags: BTreeMap<String, String>,
    pub properties: EnvironmentProperties,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentProperties {
    pub provisioning_state: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnvironmentList {
    pub value: Vec<EnvironmentResource>,
}

/// The resource group and name an `environmentId` names: a full resource ID
/// `/subscriptions/S/resourceGroups/RG/providers/Microsoft.App/managedEnvironments/NAME`
/// (case-insensitive, as ARM), or a bare name, which lives in `pool_rg`.
pub fn environment_key(environment_id: &str, pool_rg: &str) -> Option<(String, String)> {
    match environment_id
        .trim_matches('/')
        .split('/')
        .collect::<Vec<_>>()
        .as_slice()
    {
        [name] if !name.is_empty() => Some((pool_rg.to_string(), name.to_string())),
        _ => super::resource_key(environment_id, "managedEnvironments"),
    }
}

#[cfg(test)]
mod tests {
    use super::environment_key;

    #[test]
    fn ids_and_bare_names() {
        let id = "/subscriptions/s/resourceGroups/Env-RG/providers/microsoft.app/managedEnvironments/env1";
        assert_eq!(
            environment_key(id, "pool-rg"),
            Some(("Env-RG".into(), "env1".into()))
        );
        assert_eq!(
            environment_key("env2", "pool-rg"),
            Some(("pool-rg".into(), "env2".into()))
        );
        assert_eq!(environment_key("/subscriptions/s/other", "rg"), None);
    }
}
