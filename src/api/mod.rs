//! The wire contract shared by the client and the daemon: ARM paths and
//! api-versions, the pool resource envelope, long-running operation status,
//! the error body, token and session DTOs, and JSON merge patch.

mod cloud;
mod cluster;
mod environment;
mod error;
mod identity;
mod merge;
mod paths;
mod provider;
mod resource;
mod tokens;

pub use cloud::{
    DEFAULT_TENANT, MANAGEMENT_AUDIENCES, METADATA_ENDPOINTS_PATH, MetadataEndpoints, Subscription,
    SubscriptionList,
};
pub use cluster::{
    CLUSTER_STATUS_PATH, ClusterMode, ClusterNode, ClusterStatus, NodeCapacity, NodePool,
};
pub use environment::{
    ENVIRONMENT_TYPE, EnvironmentList, EnvironmentProperties, EnvironmentResource, environment_key,
};
pub use error::{ErrorBody, ErrorDetail};
pub use identity::*;
pub use merge::merge_patch;
pub use paths::*;
pub use provider::{PROVIDER_NAMESPACE, Provider, ProviderResourceType};
pub use resource::{
    LastError, OperationStatus, PoolList, PoolResource, ResourceIdentity, ResourceProperties,
    TemplatePoolStatus, TemplateStatus, TemplateUpdateStatus,
};
pub use tokens::{TokenCreateRequest, TokenCreated, TokenInfo, TokenList, TokenRole};

/// Every api-version the daemon accepts: what current Azure SDKs send.
pub const API_VERSIONS: [&str; 6] = [
    "2025-01-01",
    "2025-07-01",
    "2026-01-01",
    "2026-07-01",
    "2025-02-02-preview",
    "2025-10-02-preview",
];

/// The api-version our own client sends (the reference's).
pub const CLIENT_API_VERSION: &str = "2025-10-02-preview";

/// The subscription our CLI addresses; the daemon accepts any and echoes it.
pub const DEFAULT_SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000000";

pub const RESOURCE_TYPE: &str = "Microsoft.App/sessionPools";

/// Check `api-version`; the error text names the supported ones.
pub fn check_api_version(v: Option<&str>) -> Result<(), ErrorBody> {
    match v {
        Some(v) if API_VERSIONS.contains(&v) => Ok(()),
        Some(v) => Err(ErrorBody::new(
            "InvalidApiVersionParameter",
            format!(
                "The api-version '{v}' is invalid. The supported versions are '{}'.",
                API_VERSIONS.join(",")
            ),
            Some("api-version"),
        )),
        None => Err(ErrorBody::new(
            "MissingApiVersionParameter",
            format!(
                "The api-version query parameter (?api-version=) is required for all requests. The supported versions are '{}'.",
                API_VERSIONS.join(",")
            ),
            Some("api-version"),
        )),
    }
}
