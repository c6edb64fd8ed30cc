//! Sandbox runtimes: the `SandboxRuntime` trait, the OCI bundle and its
//! config.json, the embedded backend (youki's libcontainer in a re-executed
//! single-threaded shim) and OCI runtime CLIs (runc, crun, runsc), per-sandbox
//! network namespaces, console logs, child reaping, and a fake for unit tests.
//!
//! Daemon wiring: call `reaper::start()` once at daemon start (it makes the
//! daemon a child subreaper and reaps every child; afterwards wait for children
//! with `reaper::wait_for`/`reaper::run`, not `Child::wait`), then
//! `RuntimeKind::parse(flag)?.build(data_dir.join("sandboxes"), None)?`, and on
//! start-up `destroy` every id `list()` returns that the store does not know.
//! With a user-namespaced backend (`RuntimeKind::user_namespace`), every
//! directory above the state dir must let host uid/gid 1000000000 through:
//! nothing here changes them; `RuntimeError::check_reachable` names the one
//! that does not (the daemon checks at start, each sandbox start again).
//!
//! ```no_run
//! # async fn wire() -> Result<(), sessionpool::runtime::RuntimeError> {
//! use sessionpool::runtime::{RuntimeKind, connect_in_netns_async, reaper};
//! reaper::start().expect("subreaper");
//! let rt = RuntimeKind::parse("embedded")?.build("/var/lib/sessionpool/sandboxes".into(), None)?;
//! for leftover in rt.list().await {
//!     rt.destroy(&leftover).await?;
//! }
//! # let spec: sessionpool::runtime::SandboxSpec = todo!();
//! let sandbox = rt.create_and_start(&spec).await?;
//! let _stream = connect_in_netns_async(&sandbox.netns_path, 8080).await;
//! # Ok(()) }
//! ```

mod bundle_runtime;
mod cgroups;
mod egress;
mod embedded;
mod engine;
mod error;
mod fake;
mod idmap;
mod kind;
mod layout;
mod logs;
mod mounts;
mod netns;
mod oci_cli;
mod oci_config;
mod process_spec;
pub mod reaper;
mod rootfs_dirs;
mod sandbox;
mod seccomp;
mod seccomp_allowed;
mod shim;
mod signal;
mod writable_rootfs;

pub use bundle_runtime::BundleRuntime;
pub use cgroups::dirs_of as cgroup_dirs_of;
pub use egress::{Egress, EgressConfig, remove_router as remove_egress_router};
pub use embedded::Embedded;
pub use error::RuntimeError;
pub use fake::FakeRuntime;
pub use idmap::{HOST_BASE as USERNS_HOST_BASE, SIZE as USERNS_SIZE, open_data_dir};
pub use kind::RuntimeKind;
pub use logs::{MAX_LOG_BYTES, follow_logs, read_logs};
pub use netns::{
    connect_in_netns, connect_in_netns_async, connect_in_netns_file_async, create as create_netns,
    interfaces_in_netns, listen_in_netns, remove as remove_netns,
};
pub use oci_cli::OciCli;
pub use oci_config::{CPU_PERIOD_US, cgroups_path};
pub use process_spec::{ImageProcess, PoolProcess};
pub use reaper::become_subreaper;
pub use rootfs_dirs::DirSpec;
pub use sandbox::{ProcessSpec, ReadOnlyBind, Sandbox, SandboxRuntime, SandboxSpec, SandboxState};
pub use shim::shim_entry;
pub use signal::parse_signal;
