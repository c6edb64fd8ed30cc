//! Where a sandbox's files live under the runtime's state dir. Everything a
//! sandbox owns on disk sits below `<state_dir>/<id>/`, so teardown and
//! leftover cleanup never need to look elsewhere.

use std::path::{Path, PathBuf};

/// Paths of one sandbox.
#[derive(Debug, Clone)]
pub struct Layout {
    pub dir: PathBuf,
}

impl Layout {
    pub fn new(state_dir: &Path, id: &str) -> Self {
        Layout {
            dir: state_dir.join(id),
        }
    }
    pub fn bundle(&self) -> PathBuf {
        self.dir.join("bundle")
    }
    /// Overlay mountpoint; config.json's `root.path`.
    pub fn rootfs(&self) -> PathBuf {
        self.dir.join("bundle/rootfs")
    }
    /// The size-capped tmpfs holding the overlay's upper and work dirs.
    pub fn layer(&self) -> PathBuf {
        self.dir.join("layer")
    }
    /// What the engine mounts as the rootfs when it does so itself.
    pub fn rootfs_plan(&self) -> PathBuf {
        self.dir.join("rootfs.json")
    }
    /// Where earlier versions bind-mounted the network namespace (now
    /// held open instead, see `netns`); teardown still removes one left there.
    pub fn netns(&self) -> PathBuf {
        self.dir.join("netns")
    }
    /// A read-only sysfs mounted inside the sandbox's network namespace,
    /// bound onto the container's /sys (user-namespaced backends).
    pub fn sysfs(&self) -> PathBuf {
        self.dir.join("sys")
    }
    /// Generated /etc/hosts, /etc/hostname, /etc/resolv.conf.
    pub fn etc(&self) -> PathBuf {
        self.dir.join("etc")
    }
    pub fn log(&self) -> PathBuf {
        self.dir.join("console.log")
    }
    /// The runtime's pid file (`--pid-file`): the init's host PID.
    pub fn init_pid_file(&self) -> PathBuf {
        self.dir.join("init.pid")
    }
    /// `PID START_TIME` of the init, written by us once it runs; the start
    /// time guards against PID reuse.
    pub fn pid_file(&self) -> PathBuf {
        self.dir.join("pid")
    }
    /// The signal number to stop the container with (the image's StopSignal).
    pub fn stop_signal_file(&self) -> PathBuf {
        self.dir.join("stop-signal")
    }
    /// The backend's own state root (`runc --root`, libcontainer root path).
    pub fn runtime_root(&self) -> PathBuf {
        self.dir.join("runtime")
    }
}

/// Sandbox ids with a directory under `state_dir`.
pub fn list_ids(state_dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(state_dir) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().map(|t| t.is_dir()).unwrap_or(false))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|id| crate::runtime::sandbox::validate_id(id).is_ok())
        .collect();
    ids.sort();
    ids
}
