//! The embedded engine: youki's libcontainer, run in our own binary
//! re-executed as a short-lived single-threaded shim per operation (see `shim`).

use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::runtime::engine::{Engine, run_tool};
use crate::runtime::layout::Layout;
use crate::runtime::oci_config::ConfigOptions;
use crate::runtime::shim::SHIM_ARG;

pub struct Embedded {
    /// The binary whose `shim_entry` handles `__runtime-shim` (normally ourselves).
    shim_exe: PathBuf,
}

impl Embedded {
    pub fn new(shim_exe: PathBuf) -> Self {
        Embedded { shim_exe }
    }
}

impl Engine for Embedded {
    fn name(&self) -> &str {
        "embedded"
    }

    /// A user namespace, with the network namespace joined by the shim
    /// itself (see `shim::join_netns`).
    fn config_options(&self) -> ConfigOptions {
        ConfigOptions {
            gvisor: false,
            user_namespace: true,
            inherit_netns: true,
        }
    }

    /// In the shim's own mount namespace: the daemon's mount table then does
    /// not grow with every sandbox (see `writable_rootfs`).
    fn mounts_rootfs_itself(&self) -> bool {
        true
    }

    fn create_start(
        &self,
        layout: &Layout,
        id: &str,
        netns: &Path,
        stdio: OwnedFd,
    ) -> Result<(), String> {
        let root = layout.runtime_root();
        std::fs::create_dir_all(&root).map_err(|e| format!("create {root:?}: {e}"))?;
        let mut cmd = Command::new(&self.shim_exe);
        cmd.arg(SHIM_ARG)
            .arg("create")
            .arg(&root)
            .arg(id)
            .arg(layout.bundle())
            .arg(layout.init_pid_file())
            .arg(netns)
            .arg(layout.rootfs_plan());
        // The shim's stderr carries its own error; the container's stdio is its stdout.
        let err_path = layout.dir.join("shim.err");
        let err = std::fs::File::create(&err_path).map_err(|e| e.to_string())?;
        cmd.stderr(err);
        let res = run_shim(&mut cmd, stdio);
        let text = std::fs::read_to_string(&err_path).unwrap_or_default();
        let _ = std::fs::remove_file(&err_path);
        res.map_err(|e| format!("{e}: {}", text.trim()))
    }

    /// A container that started has the daemon's pid record: teardown kills
    /// its init (checked by start time), which ends its whole pid namespace,
    /// and removes its cgroups, killing anything still in them. Only a start
    /// that failed half-way needs libcontainer's own delete (a shim run),
    /// which finds the processes from its state. Mass teardowns (a pool of
    /// hundreds deleted) then cost no process per sandbox.
    fn delete(&self, layout: &Layout, id: &str) -> Result<(), String> {
        if layout.pid_file().exists() {
            return Ok(());
        }
        let mut cmd = Command::new(&self.shim_exe);
        cmd.arg(SHIM_ARG)
            .arg("delete")
            .arg(layout.runtime_root())
            .arg(id);
        run_tool(&mut cmd, layout, None)
    }
}

fn run_shim(cmd: &mut Command, stdio: OwnedFd) -> Result<(), String> {
    cmd.stdin(std::process::Stdio::null()).stdout(stdio);
    let result = crate::runtime::reaper::run(cmd);
    // Drop the Command's copy of the log pipe so the drainer sees EOF later.
    cmd.stdout(std::process::Stdio::null());
    match result {
        Ok(0) => Ok(()),
        Ok(code) => Err(format!("shim exited with {code}")),
        Err(e) => Err(e.to_string()),
    }
}
