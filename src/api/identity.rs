//! Identity DTOs: the OpenID discovery document and token answers (as Entra
//! ID shapes them), role assignments and definitions (as ARM does), and the
//! daemon's own principal and signing-key APIs.

use serde::{Deserialize, Serialize};

pub const PRINCIPALS_PATH: &str = "/sessionpool/v1/principals";
pub const SIGNING_KEYS_PATH: &str = "/sessionpool/v1/signing-keys";
pub const ROLE_ASSIGNMENTS: &str = "providers/Microsoft.Authorization/roleAssignments";
pub const ROLE_DEFINITIONS: &str = "providers/Microsoft.Authorization/roleDefinitions";
/// The api-version az sends for role assignments.
pub const AUTHORIZATION_API_VERSION: &str = "2022-04-01";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenIdConfiguration {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    pub response_types_supported: Vec<String>,
    pub subject_types_supported: Vec<String>,
    pub id_token_signing_alg_values_supported: Vec<String>,
    pub token_endpoint_auth_methods_supported: Vec<String>,
    pub grant_types_supported: Vec<String>,
    pub scopes_supported: Vec<String>,
    pub tenant_region_scope: Option<String>,
    pub cloud_instance_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenResponse {
    pub token_type: String,
    pub expires_in: i64,
    pub ext_expires_in: i64,
    pub access_token: String,
}

/// Entra's error answer from the token endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OAuthError {
    pub error: String,
    pub error_description: String,
    pub error_codes: Vec<u32>,
    pub timestamp: String,
    pub trace_id: String,
    pub correlation_id: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalCreateRequest {
    pub display_name: String,
    /// PEM of an X.509 certificate (public part) to log in with instead of
    /// (or as well as) a secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    /// Make a client secret (the default when no certificate is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_secret: Option<bool>,
}

/// What `principal create` prints, as `az ad sp create-for-rbac` does; the
/// password is shown this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalCreated {
    pub app_id: String,
    pub object_id: String,
    pub display_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    pub tenant: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificate_thumbprints: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalInfo {
    pub app_id: String,
    pub object_id: String,
    pub display_name: String,
    pub has_secret: bool,
    pub certificate_thumbprints: Vec<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrincipalList {
    pub value: Vec<PrincipalInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SigningKeyInfo {
    pub kid: String,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired_at: Option<String>,
    pub signing: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SigningKeyList {
    pub value: Vec<SigningKeyInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleAssignmentProperties {
    pub role_definition_id: String,
    pub principal_id: String,
    #[serde(default)]
    pub principal_type: Option<String>,
    #[serde(default, skip_deserializing)]
    pub scope: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub condition: Option<String>,
    #[serde(default)]
    pub condition_version: Option<String>,
    #[serde(default, skip_deserializing)]
    pub created_on: Option<String>,
    #[serde(default, skip_deserializing)]
    pub updated_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleAssignment {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub properties: RoleAssignmentProperties,
}

/// The body of a PUT: only `properties` counts.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RoleAssignmentCreate {
    pub properties: RoleAssignmentProperties,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleAssignmentList {
    pub value: Vec<RoleAssignment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Permission {
    pub actions: Vec<String>,
    pub not_actions: Vec<String>,
    pub data_actions: Vec<String>,
    pub not_data_actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleDefinitionProperties {
    pub role_name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub description: String,
    pub assignable_scopes: Vec<String>,
    pub permissions: Vec<Permission>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleDefinitionResource {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub properties: RoleDefinitionProperties,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleDefinitionList {
    pub value: Vec<RoleDefinitionResource>,
}
