//! ARM's resource provider document (`GET /subscriptions/{sub}/providers/Microsoft.App`),
//! which az reads before a create to check a resource type is offered in a location.

use serde::{Deserialize, Serialize};

pub const PROVIDER_NAMESPACE: &str = "Microsoft.App";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Provider {
    pub id: String,
    pub namespace: String,
    pub registration_state: String,
    pub registration_policy: String,
    pub resource_types: Vec<ProviderResourceType>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderResourceType {
    pub resource_type: String,
    pub locations: Vec<String>,
    pub api_versions: Vec<String>,
    pub capabilities: String,
}

impl Provider {
    /// Microsoft.App as this daemon offers it: always registered, with
    /// `sessionPools` and `managedEnvironments` in `locations`.
    pub fn microsoft_app(sub: &str, locations: &[String]) -> Self {
        let api_versions: Vec<String> = super::API_VERSIONS.iter().map(|v| v.to_string()).collect();
        let kind = |resource_type: &str, capabilities: &str| ProviderResourceType {
            resource_type: resource_type.into(),
            locations: locations.to_vec(),
            api_versions: api_versions.clone(),
            capabilities: capabilities.into(),
        };
        Self {
            id: format!("/subscriptions/{sub}/providers/{PROVIDER_NAMESPACE}"),
            namespace: PROVIDER_NAMESPACE.into(),
            registration_state: "Registered".into(),
            registration_policy: "RegistrationRequired".into(),
            resource_types: vec![
                kind("sessionPools", "SupportsTags, SupportsLocation"),
                kind("managedEnvironments", "SupportsTags, SupportsLocation"),
            ],
        }
    }
}
