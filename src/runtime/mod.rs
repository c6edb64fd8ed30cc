//! Sandbox runtimes: the `SandboxRuntime` trait, the OCI bundle and its
//! config.json, the embedded backend (youki's libcontainer in a re-executed
//! single-threaded shim) and OCI runtime CLIs (runc, crun, runsc), per-sandbox
//! network namespaces, console logs, child reaping, and a fake for unit tests.

mod bundle_runtime;
mod cgroups;
mod embedded;
mod engine;
mod error;
mod fake;
mod kind;
mod layout;
mod logs;
mod mounts;
mod netns;
mod oci_cli;
mod oci_config;
mod process_spec;
pub mod reaper;
mod sandbox;
mod seccomp;
mod shim;

pub use bundle_runtime::BundleRuntime;
pub use cgroups::dirs_of as cgroup_dirs_of;
pub use embedded::Embedded;
pub use error::RuntimeError;
pub use fake::FakeRuntime;
pub use kind::RuntimeKind;
pub use logs::{MAX_LOG_BYTES, follow_logs, read_logs};
pub use netns::{
    connect_in_netns, connect_in_netns_async, create as create_netns, interfaces_in_netns,
    remove as remove_netns,
};
pub use oci_cli::OciCli;
pub use oci_config::{CPU_PERIOD_US, cgroups_path};
pub use process_spec::{ImageProcess, PoolProcess};
pub use reaper::become_subreaper;
pub use sandbox::{ProcessSpec, Sandbox, SandboxRuntime, SandboxSpec, SandboxState};
pub use shim::shim_entry;
