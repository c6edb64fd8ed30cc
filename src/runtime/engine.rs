//! The part that differs between backends: how a prepared bundle becomes a
//! running container and how it is deleted. Everything around it (dirs,
//! overlay, netns, config.json, logs, teardown checks) is shared in
//! `bundle_runtime`.

use std::os::fd::OwnedFd;
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
    /// Create and start container `id` from `layout.bundle()` with stdout and
    /// stderr on `stdio`; the init PID ends up in `layout.init_pid_file()`.
    fn create_start(&self, layout: &Layout, id: &str, stdio: OwnedFd) -> Result<(), String>;
    /// Kill every process of container `id` and delete it; a container the
    /// runtime never made is not an error.
    fn delete(&self, layout: &Layout, id: &str) -> Result<(), String>;
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
    let code = reaper::run(cmd).map_err(|e| format!("spawn {:?}: {e}", cmd.get_program()))?;
    // Drop the Command's copies of the log pipe now, or the drainer never sees EOF.
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
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
