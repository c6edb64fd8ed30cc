//! Pools at run time: provisioning (image pull, template), the per-pool actor
//! that keeps sandboxes warm and hands one to each session identifier, idle
//! reaping, and the long-running operation records that report it all.

mod actor;
mod identity_endpoint;
pub mod interpreter;
mod journal;
mod manager;
mod owners;
mod pins;
mod probe;
mod session;
mod settings;
mod template;

pub use actor::{LastError, PoolCounts, PoolRuntime};
pub use identity_endpoint::IdentityIssuer;
pub use interpreter::InterpreterSettings;
pub use manager::PoolManager;
pub use owners::WriteLock;
pub use session::{ActivityGuard, Ended, Session};
pub use settings::PoolSettings;
pub use template::Template;

/// What cluster mode (`crate::cluster`) hears from and decides for this
/// node's pools; without a cluster nothing is installed.
pub trait ClusterHooks: Send + Sync {
    /// An identifier's session ended on this node (its claim can go).
    fn session_closed(&self, pool: &str, identifier: &str);
    /// A long-running operation ended (its record is final).
    fn operation_ended(&self, op: &crate::store::OperationRecord);
    /// This node's share of pool `pool`'s (label) cluster-wide ready target.
    fn ready_share(&self, pool: &str, ready: usize) -> usize;
}

#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
    #[error("{0}")]
    Image(#[from] crate::image::ImageError),
    #[error("{0}")]
    Runtime(#[from] crate::runtime::RuntimeError),
    #[error("build the session template: {0}")]
    Template(String),
    #[error("allocate a session: the pool is at its maximum of {max} concurrent sessions")]
    Capacity { max: usize },
    #[error("start a session container: {0}")]
    SandboxStart(String),
    #[error("allocate a session: the pool is not running (provisioning state {state})")]
    NotRunning { state: String },
    #[error(
        "start a session container: sandbox starts are backing off after repeated failures ({reason}); retry in {}s",
        retry_after.as_secs().max(1)
    )]
    BackingOff {
        retry_after: std::time::Duration,
        reason: String,
    },
}
