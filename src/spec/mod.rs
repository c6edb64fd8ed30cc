//! Pool and session domain types, their newtypes and every validation rule.
//!
//! The pool's configuration is Azure's `Microsoft.App/sessionPools` properties
//! object, so these types serialize in ARM's camelCase shape directly; `api`
//! wraps them in the resource envelope. Validation lives here so the CLI and
//! the daemon apply exactly the same rules.

mod error;
mod lenient;
mod names;
mod pool;
mod probe;
mod resources;
mod validate;

pub use error::ValidationError;
pub use names::{PoolName, ResourceGroup, SessionIdentifier};
pub use pool::{
    ContainerType, CustomContainerTemplate, DynamicPoolConfiguration, EnvVar, Ingress,
    LifecycleConfiguration, LifecycleType, ManagedIdentitySetting, NetworkStatus, PoolContainer,
    PoolProperties, RegistryCredentials, SECRET_REF_PREFIX, ScaleConfiguration, Secret,
    SessionNetworkConfiguration,
};
pub use probe::{
    Probe, ProbeHttpGet, ProbeHttpHeader, ProbeTcpSocket, ProbeType, parse_probe_yaml,
};
pub use resources::{Cpu, Memory};
pub use validate::{validate_env_name, validate_secret_name, validate_update};

/// Defaults shared by the CLI and the daemon (see the reference's flag table).
pub mod defaults {
    pub const CPU: f64 = 0.25;
    pub const MEMORY: &str = "0.5Gi";
    pub const COOLDOWN_SECONDS: u32 = 300;
    pub const MAX_ALIVE_SECONDS: u32 = 3600;
    pub const MAX_SESSIONS: u32 = 10;
    pub const READY_SESSIONS: u32 = 5;
    pub const LOCATION: &str = "local";
}

/// Now, as RFC 3339 UTC (ARM's timestamps).
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .expect("UTC time always formats")
}

pub fn parse_rfc3339(s: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}
