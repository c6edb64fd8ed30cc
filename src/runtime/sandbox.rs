//! What a sandbox is: the spec the pool asks for, the handle it gets back, its
//! state, and the `SandboxRuntime` trait every backend implements.

use std::path::PathBuf;

use crate::runtime::error::RuntimeError;

/// The process a sandbox runs, already resolved from image config + pool overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessSpec {
    pub args: Vec<String>,
    /// `K=V` entries.
    pub env: Vec<String>,
    pub cwd: String,
    pub uid: u32,
    pub gid: u32,
    /// Supplementary groups (from the image's /etc/group, as Docker resolves them).
    pub additional_gids: Vec<u32>,
}

/// Everything needed to start one sandbox.
#[derive(Debug, Clone)]
pub struct SandboxSpec {
    /// Unique, `[a-z0-9-]`, at most 64 characters (it names directories and cgroups).
    pub id: String,
    /// Read-only unpacked image rootfs; shared between sandboxes (overlay lower layer).
    pub image_rootfs: PathBuf,
    pub process: ProcessSpec,
    pub cpu_cores: f64,
    pub memory_bytes: u64,
    pub pids_limit: i64,
    /// Size cap of the writable layer (a tmpfs holding overlay upper/work).
    pub disk_bytes: u64,
    pub hostname: String,
    /// EgressEnabled: wire the sandbox to the daemon's egress router (the
    /// runtime must have one, see `egress`); otherwise loopback only.
    pub egress: bool,
    /// Directories made (if missing) in the writable layer before the start:
    /// the working dir and the image's `Volumes`.
    pub make_dirs: Vec<crate::runtime::DirSpec>,
    /// Signal number sent to the container's init at teardown before the kill
    /// (the image's `StopSignal`, else SIGTERM).
    pub stop_signal: i32,
    /// Host directories the sandbox sees read-only (say, the code interpreter
    /// sessionpool supplies), at their destination paths.
    pub read_only_binds: Vec<ReadOnlyBind>,
}

/// A host directory bound read-only (nosuid, nodev) into a sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOnlyBind {
    pub source: PathBuf,
    /// An absolute path inside the sandbox.
    pub destination: String,
}

/// A running sandbox as returned by `create_and_start`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sandbox {
    pub id: String,
    /// Host PID of the container's init process.
    pub pid: i32,
    /// Bind-mounted network namespace; pass to `connect_in_netns`.
    pub netns_path: PathBuf,
    pub log_path: PathBuf,
    pub bundle: PathBuf,
}

/// What a backend knows about a sandbox id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SandboxState {
    Running,
    /// Exit code, or 128+signal when killed by a signal; -1 when the status was
    /// reaped by someone else and is unknown.
    Exited(i32),
    Missing,
}

/// A sandbox runtime backend.
#[async_trait::async_trait]
pub trait SandboxRuntime: Send + Sync {
    /// Create and start a sandbox; returns once its process is running.
    /// On error nothing of the sandbox is left behind.
    async fn create_and_start(&self, spec: &SandboxSpec) -> Result<Sandbox, RuntimeError>;
    async fn state(&self, id: &str) -> Result<SandboxState, RuntimeError>;
    /// Ask the container to end: its stop signal, then up to `grace` for it
    /// to exit. It may still be running afterwards; `destroy` kills it.
    async fn stop(&self, _id: &str, _grace: std::time::Duration) -> Result<(), RuntimeError> {
        Ok(())
    }
    /// Kill and remove everything of the sandbox. Idempotent.
    async fn destroy(&self, id: &str) -> Result<(), RuntimeError>;
    /// Sandboxes present on disk (so a restarted daemon can remove leftovers).
    async fn list(&self) -> Vec<String>;
    fn name(&self) -> &str;
}

/// Ids name directories, cgroups and runtime state: keep them boring.
pub fn validate_id(id: &str) -> Result<(), RuntimeError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(RuntimeError::InvalidId(id.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked() {
        assert!(validate_id("abc-123").is_ok());
        for bad in ["", "-a", "A", "a/b", "a.b", "..", &"a".repeat(65)] {
            assert!(validate_id(bad).is_err(), "{bad}");
        }
    }
}
