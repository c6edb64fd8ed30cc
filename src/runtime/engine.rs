//! The part that differs between backends: how a prepared bundle becomes a
//! running container and how it is deleted. Everything around it (dirs,
//! overlay, netns, config.json, logs, teardown checks) is shared in
//! `bundle_runtime`.

use std::os::fd::OwnedFd;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::runtime::layout::Layout;
use crate::runtime::oci_config::ConfigOptions;
use crate::runtime::reaper;

/// One way to run OCI bundles. Methods block: call them off the async runtime.
pub trait Engine: Send + Sync + 'static {
    fn name(&self) -> &str;
    fn config_options(&self) -> ConfigOptions {
        ConfigOptions::default()
    }
    /// Whether `create_start` mounts the sandbox's root file system itself,
    /// from `layout.rootfs_plan()`, in a mount namespace of its own (see
    /// `writable_rootfs`); otherwise the daemon mounts it before.
    fn mounts_rootfs_itself(&self) -> bool {
        false
    }
    /// Create and start container `id` from `layout.bundle()` in the network
    /// namespace open at `netns`, with stdout and stderr on `stdio`; the init
    /// PID ends up in `layout.init_pid_file()`.
    fn create_start(
        &self,
        layout: &Layout,
        id: &str,
        netns: &Path,
        stdio: OwnedFd,
    ) -> Result<(), String>;
    /// Send `signal` to container `id`, whose init is host process `pid`.
    /// Returns false when the signal cannot end it, so nobody waits for it:
    /// the kernel drops signals that a namespace's init does not catch.
    fn signal(&self, _layout: &Layout, _id: &str, pid: i32, signal: i32) -> Result<bool, String> {
        default_signal(pid, signal)
    }
    /// Kill every process of container `id` and delete it; a container the
    /// runtime never made is not an error.
    fn delete(&self, layout: &Layout, id: &str) -> Result<(), String>;
}

/// `kill(pid, signal)` when the process catches it; false when it does not.
pub fn default_signal(pid: i32, signal: i32) -> Result<bool, String> {
    if !catches(pid, signal) {
        return Ok(false);
    }
    // SAFETY: plain kill; the caller checked the pid against its start time.
    if unsafe { libc::kill(pid, signal) } != 0 {
        return Err(std::io::Error::last_os_error().to_string());
    }
    Ok(true)
}

/// Whether `pid` has a handler for `signal` (`SigCgt` in /proc/PID/status).
pub fn catches(pid: i32, signal: i32) -> bool {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
        return false;
    };
    status
        .lines()
        .find_map(|l| l.strip_prefix("SigCgt:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .is_some_and(|mask| (1..=64).contains(&signal) && mask & (1u64 << (signal - 1)) != 0)
}

/// Run a runtime command, its stdout/stderr going to `stdio` (or a file read
/// back on failure when `None`). Waits through the reaper, which may be the
/// one collecting the child.
pub fn run_tool(cmd: &mut Command, layout: &Layout, stdio: Option<OwnedFd>) -> Result<(), String> {
    let err_path = layout.dir.join("runtime.err");
    let err_file =
        std::fs::File::create(&err_path).map_err(|e| format!("create {err_path:?}: {e}"))?;
    cmd.stdin(Stdio::null());
    match stdio {
        Some(fd) => {
            let copy = fd
                .try_clone()
                .map_err(|e| format!("dup the log pipe: {e}"))?;
            cmd.stdout(Stdio::from(fd)).stderr(Stdio::from(copy));
        }
        None => {
            let copy = err_file.try_clone().map_err(|e| e.to_string())?;
            cmd.stdout(Stdio::from(copy)).stderr(Stdio::from(err_file));
        }
    }
    let result = reaper::run(cmd);
    // Drop the Command's copies of the log pipe now, or the drainer never sees EOF.
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    let code = result.map_err(|e| e.to_string())?;
    if code == 0 {
        let _ = std::fs::remove_file(&err_path);
        return Ok(());
    }
    let text = std::fs::read_to_string(&err_path).unwrap_or_default();
    let _ = std::fs::remove_file(&err_path);
    Err(format!(
        "{:?} exited with {code}: {}",
        cmd.get_program(),
        text.trim()
    ))
}
