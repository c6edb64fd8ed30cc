//! The OCI runtime CLI engine: `runc`, `crun`, `runsc` or any binary speaking
//! the same commands (`create --bundle --pid-file`, `start`, `delete --force`),
//! each with its state root under the sandbox dir.

use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::runtime::engine::{Engine, run_tool};
use crate::runtime::layout::Layout;
use crate::runtime::oci_config::ConfigOptions;

pub struct OciCli {
    pub binary: PathBuf,
    name: String,
    /// Global flags put before every subcommand.
    pub extra_args: Vec<String>,
    is_gvisor: bool,
}

impl OciCli {
    pub fn new(binary: PathBuf, extra_args: Vec<String>) -> Self {
        let name = binary
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| binary.display().to_string());
        let is_gvisor = name == "runsc";
        OciCli {
            binary,
            name,
            extra_args,
            is_gvisor,
        }
    }

    /// runsc as it works on these hosts: the ptrace platform (systrap and kvm
    /// do not) and `--network=host`, which here means the sandbox's own netns
    /// from config.json (the default `sandbox` network fails on this kernel).
    /// `--oci-seccomp` makes gVisor enforce config.json's profile inside the
    /// sandbox too (it ignores it otherwise).
    pub fn runsc(binary: PathBuf) -> Self {
        OciCli::new(
            binary,
            vec![
                "--platform=ptrace".into(),
                "--network=host".into(),
                "--oci-seccomp".into(),
            ],
        )
    }

    fn command(&self, layout: &Layout) -> Command {
        let mut cmd = Command::new(&self.binary);
        cmd.arg("--root")
            .arg(layout.runtime_root())
            .arg("--log")
            .arg(layout.dir.join("runtime.log"))
            .args(&self.extra_args);
        cmd
    }
}

/// runc/runsc write their errors to `--log` as JSON lines: keep the messages.
fn log_errors(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let msgs: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["level"] == "error" || v["level"] == "fatal")
        .filter_map(|v| v["msg"].as_str().map(str::to_string))
        .collect();
    if msgs.is_empty() {
        text.lines().rev().take(5).collect::<Vec<_>>().join(" | ")
    } else {
        msgs.join("; ")
    }
}

impl Engine for OciCli {
    fn name(&self) -> &str {
        &self.name
    }

    fn config_options(&self) -> ConfigOptions {
        ConfigOptions {
            gvisor: self.is_gvisor,
            user_namespace: !self.is_gvisor,
            inherit_netns: false,
        }
    }

    /// (config.json names the network namespace.)
    fn create_start(
        &self,
        layout: &Layout,
        id: &str,
        _netns: &Path,
        stdio: OwnedFd,
    ) -> Result<(), String> {
        let with_log = |e: String| {
            let log = log_errors(&layout.dir.join("runtime.log"));
            if log.is_empty() {
                e
            } else {
                format!("{e} ({log})")
            }
        };
        let mut create = self.command(layout);
        create
            .arg("create")
            .arg("--bundle")
            .arg(layout.bundle())
            .arg("--pid-file")
            .arg(layout.init_pid_file())
            .arg(id);
        // Detached: the container inherits create's stdio, so it gets the log pipe.
        run_tool(&mut create, layout, Some(stdio)).map_err(with_log)?;
        let mut start = self.command(layout);
        start.arg("start").arg(id);
        run_tool(&mut start, layout, None).map_err(with_log)
    }

    /// gVisor's processes live inside its sentry: only `runsc kill` reaches
    /// the container's init, and whether it catches the signal is not visible
    /// from here, so the caller waits out its grace period.
    fn signal(&self, layout: &Layout, id: &str, pid: i32, signal: i32) -> Result<bool, String> {
        if !self.is_gvisor {
            return crate::runtime::engine::default_signal(pid, signal);
        }
        let mut kill = self.command(layout);
        kill.arg("kill").arg(id).arg(signal.to_string());
        run_tool(&mut kill, layout, None).map(|()| true)
    }

    fn delete(&self, layout: &Layout, id: &str) -> Result<(), String> {
        if !layout.runtime_root().exists() {
            return Ok(()); // the runtime never ran for this sandbox
        }
        let mut delete = self.command(layout);
        delete.arg("delete").arg("--force").arg(id);
        match run_tool(&mut delete, layout, None) {
            // Already gone (or create failed before the runtime saved state).
            Err(e) if e.contains("not exist") || e.contains("not found") => Ok(()),
            other => other,
        }
    }
}
