//! What a client needs to treat the daemon as an Azure cloud: the
//! `/metadata/endpoints` document `az cloud register` reads, and the one
//! subscription the daemon shows.

use serde::{Deserialize, Serialize};

pub const METADATA_ENDPOINTS_PATH: &str = "/metadata/endpoints";

/// The audiences clients ask tokens for when they manage Azure (az's, with
/// its trailing slash, and the SDKs'); the daemon's own origin is added.
pub const MANAGEMENT_AUDIENCES: [&str; 2] = [
    "https://management.core.windows.net/",
    "https://management.azure.com/",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataEndpoints {
    pub name: String,
    pub resource_manager: String,
    pub authentication: MetadataAuthentication,
    /// az requires the key; the daemon serves no storage, key vault or SQL.
    pub suffixes: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataAuthentication {
    pub login_endpoint: String,
    pub audiences: Vec<String>,
    pub tenant: String,
    pub identity_provider: String,
}

impl MetadataEndpoints {
    /// `origin` is how the caller reached the daemon (no trailing slash).
    pub fn for_origin(origin: &str) -> Self {
        let mut audiences: Vec<String> =
            MANAGEMENT_AUDIENCES.iter().map(|a| a.to_string()).collect();
        audiences.push(format!("{origin}/"));
        Self {
            name: "sessionpool".into(),
            resource_manager: format!("{origin}/"),
            authentication: MetadataAuthentication {
                login_endpoint: format!("{origin}/"),
                audiences,
                tenant: "common".into(),
                identity_provider: "AAD".into(),
            },
            suffixes: serde_json::Map::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    pub id: String,
    pub subscription_id: String,
    pub tenant_id: String,
    pub display_name: String,
    pub state: String,
    pub authorization_source: String,
    pub subscription_policies: SubscriptionPolicies,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionPolicies {
    pub location_placement_id: String,
    pub quota_id: String,
    pub spending_limit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionList {
    pub value: Vec<Subscription>,
}

/// The tenant the daemon's subscription names (it has no directory of its own).
pub const DEFAULT_TENANT: &str = "00000000-0000-0000-0000-000000000000";

impl Subscription {
    pub fn new(id: &str) -> Self {
        Self {
            id: format!("/subscriptions/{id}"),
            subscription_id: id.into(),
            tenant_id: DEFAULT_TENANT.into(),
            display_name: "sessionpool".into(),
            state: "Enabled".into(),
            authorization_source: "RoleBased".into(),
            subscription_policies: SubscriptionPolicies {
                location_placement_id: "Public_2014-09-01".into(),
                quota_id: "Internal_2014-09-01".into(),
                spending_limit: "Off".into(),
            },
        }
    }
}
