//! The pool configuration in ARM's `properties` shape.
//!
//! Every user-settable field is optional so one type serves PUT bodies (where
//! omitted means "server default"), JSON merge patches and stored pools.
//! Values stay raw (`f64`, `String`) and `validate` names the broken field.

use serde::{Deserialize, Serialize};

/// `secretref:NAME` in an env var or registry password takes the secret NAME.
pub const SECRET_REF_PREFIX: &str = "secretref:";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContainerType {
    CustomContainer,
    PythonLTS,
    NodeLTS,
    Shell,
}

impl ContainerType {
    pub const ALL: [&'static str; 4] = ["CustomContainer", "PythonLTS", "NodeLTS", "Shell"];

    /// A code interpreter pool: sessionpool supplies the runtime.
    pub fn is_interpreter(self) -> bool {
        self != ContainerType::CustomContainer
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LifecycleType {
    Timed,
    OnContainerExit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NetworkStatus {
    EgressEnabled,
    EgressDisabled,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PoolProperties {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_type: Option<ContainerType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pool_management_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_configuration: Option<ScaleConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secrets: Option<Vec<Secret>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dynamic_pool_configuration: Option<DynamicPoolConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_container_template: Option<CustomContainerTemplate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_network_configuration: Option<SessionNetworkConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_identity_settings: Option<Vec<ManagedIdentitySetting>>,
    /// Accepted and echoed so Azure clients round-trip; no local behaviour yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mcp_server_settings: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScaleConfiguration {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_int"
    )]
    pub max_concurrent_sessions: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_int"
    )]
    pub ready_session_instances: Option<i64>,
}

/// A secret; `value` is write-only: the daemon never returns it.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Secret {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secret")
            .field("name", &self.name)
            .field("value", &self.value.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DynamicPoolConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifecycle_configuration: Option<LifecycleConfiguration>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LifecycleConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifecycle_type: Option<LifecycleType>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_int"
    )]
    pub cooldown_period_in_seconds: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_int"
    )]
    pub max_alive_period_in_seconds: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomContainerTemplate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registry_credentials: Option<RegistryCredentials>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub containers: Option<Vec<PoolContainer>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ingress: Option<Ingress>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistryCredentials {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_secret_ref: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PoolContainer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<Vec<EnvVar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resources: Option<ContainerResources>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probes: Option<Vec<super::Probe>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerResources {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
}

/// An environment variable: a literal `value` or a `secretRef` to a pool secret.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvVar {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ingress {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_int"
    )]
    pub target_port: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionNetworkConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<NetworkStatus>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedIdentitySetting {
    pub identity: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<String>,
}

impl PoolProperties {
    /// The (single) session container of a custom-container pool.
    pub fn container(&self) -> Option<&PoolContainer> {
        self.custom_container_template
            .as_ref()?
            .containers
            .as_ref()?
            .first()
    }

    pub fn container_mut(&mut self) -> &mut PoolContainer {
        let template = self
            .custom_container_template
            .get_or_insert_with(Default::default);
        let containers = template.containers.get_or_insert_with(Default::default);
        if containers.is_empty() {
            containers.push(PoolContainer::default());
        }
        &mut containers[0]
    }

    pub fn lifecycle(&self) -> Option<&LifecycleConfiguration> {
        self.dynamic_pool_configuration
            .as_ref()?
            .lifecycle_configuration
            .as_ref()
    }

    pub fn target_port(&self) -> Option<i64> {
        self.custom_container_template
            .as_ref()?
            .ingress
            .as_ref()?
            .target_port
    }

    pub fn scale(&self) -> (i64, i64) {
        let s = self.scale_configuration.clone().unwrap_or_default();
        (
            s.max_concurrent_sessions
                .unwrap_or(super::defaults::MAX_SESSIONS as i64),
            s.ready_session_instances
                .unwrap_or(super::defaults::READY_SESSIONS as i64),
        )
    }

    pub fn network_status(&self) -> NetworkStatus {
        self.session_network_configuration
            .as_ref()
            .and_then(|n| n.status)
            .unwrap_or(NetworkStatus::EgressDisabled)
    }
}
