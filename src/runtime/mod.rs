//! Sandbox runtimes: the `SandboxRuntime` trait, OCI bundles, the embedded
//! libcontainer shim and OCI runtime CLIs (runc, crun, runsc).

/// When this process was started as the embedded runtime's shim, run it and
/// return its exit code; otherwise `None`.
pub fn shim_entry() -> Option<i32> {
    None
}
