//! A sandbox's root file system: a size-capped tmpfs holding the overlay's
//! upper and work dirs, the overlay of the image over it, the directories
//! the image lacks, and (user-namespaced backends) a read-only sysfs of the
//! sandbox's network namespace.
//!
//! Where these mounts live decides how sandbox starts scale. Made in the
//! daemon's mount namespace, every live sandbox adds its mounts there, and a
//! container's `CLONE_NEWNS` copies all of them, its runtime parses them all
//! from mountinfo and detaches them all again after pivot_root: each start
//! costs time in the number of sandboxes already running (0 → 1,000 ran at a
//! quarter of the rate of 0 → 50). So the embedded backend makes them in its
//! shim, in a private mount namespace of its own that the container's is
//! copied from: the daemon's mount table does not grow with sandboxes (one
//! netns bind mount each), nothing propagates to the host, and the mounts go
//! away with the container's last process. OCI CLI backends (runc, runsc)
//! look the rootfs up themselves, so for them the daemon mounts it as before.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::runtime::rootfs_dirs::{self, DirSpec};
use crate::runtime::{idmap, mounts, netns};

/// Everything needed to mount one sandbox's root file system.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RootfsPlan {
    /// The shared, read-only unpacked image (overlay lower layer).
    pub lower: PathBuf,
    /// Mount point of the tmpfs holding `upper` and `work`.
    pub layer: PathBuf,
    pub disk_bytes: u64,
    /// The overlay's mount point (config.json's `root.path`).
    pub rootfs: PathBuf,
    pub user_namespace: bool,
    pub make_dirs: Vec<DirSpec>,
    /// Where to mount the sandbox's sysfs, if the backend binds one onto /sys.
    pub sysfs: Option<PathBuf>,
}

/// A failed step, named as the daemon reports it.
#[derive(Debug, thiserror::Error)]
#[error("{step}: {message}")]
pub struct MountError {
    pub step: &'static str,
    pub message: String,
    /// The image asked for something impossible (its working dir or a
    /// volume), rather than the host failing a step.
    pub image_config: bool,
}

fn step(step: &'static str) -> impl FnOnce(std::io::Error) -> MountError {
    move |e| MountError {
        step,
        message: e.to_string(),
        image_config: false,
    }
}

/// Where sysfs is mounted from: the daemon enters the sandbox's network
/// namespace on a helper thread; the shim has joined it already.
pub enum SysfsFrom<'a> {
    Netns(&'a Path),
    CurrentNetns,
}

impl RootfsPlan {
    /// Mount it all in the calling process's mount namespace.
    pub fn mount(&self, sysfs_from: SysfsFrom<'_>) -> Result<(), MountError> {
        mounts::tmpfs(&self.layer, self.disk_bytes).map_err(step("mount the layer tmpfs"))?;
        let (upper, work) = (self.layer.join("upper"), self.layer.join("work"));
        std::fs::create_dir(&upper).map_err(step("create the upper dir"))?;
        std::fs::create_dir(&work).map_err(step("create the work dir"))?;
        if self.user_namespace {
            idmap::own_by_mapped_root(&upper).map_err(step("chown the upper dir"))?;
            idmap::own_by_mapped_root(&work).map_err(step("chown the work dir"))?;
        }
        mounts::overlay(&self.lower, &upper, &work, &self.rootfs)
            .map_err(step("mount the overlay rootfs"))?;
        rootfs_dirs::make(&self.rootfs, &self.make_dirs, self.user_namespace).map_err(
            |message| MountError {
                step: "the working dir or a volume",
                message,
                image_config: true,
            },
        )?;
        if let Some(target) = &self.sysfs {
            std::fs::create_dir(target).map_err(step("create the sysfs dir"))?;
            match sysfs_from {
                SysfsFrom::Netns(path) => netns::mount_sysfs(path, target),
                SysfsFrom::CurrentNetns => netns::mount_sysfs_here(target),
            }
            .map_err(step("mount sysfs in the network namespace"))?;
        }
        Ok(())
    }

    pub fn save(&self, path: &Path) -> Result<(), MountError> {
        let text = serde_json::to_vec(self).map_err(|e| MountError {
            step: "write the rootfs plan",
            message: e.to_string(),
            image_config: false,
        })?;
        std::fs::write(path, text).map_err(step("write the rootfs plan"))
    }

    pub fn load(path: &Path) -> Result<Self, MountError> {
        let text = std::fs::read(path).map_err(step("read the rootfs plan"))?;
        serde_json::from_slice(&text).map_err(|e| MountError {
            step: "read the rootfs plan",
            message: e.to_string(),
            image_config: false,
        })
    }
}

/// Give the calling (single-threaded) process a mount namespace of its own
/// whose mounts neither reach the host nor receive from it.
pub fn private_mount_namespace() -> std::io::Result<()> {
    // SAFETY: plain syscalls; the shim is single-threaded, so the whole
    // process moves to the new namespace.
    if unsafe { libc::unshare(libc::CLONE_NEWNS) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let root = c"/";
    // SAFETY: valid NUL-terminated path; null source/fstype/data are allowed
    // for a propagation change.
    let rc = unsafe {
        libc::mount(
            std::ptr::null(),
            root.as_ptr(),
            std::ptr::null(),
            libc::MS_REC | libc::MS_PRIVATE,
            std::ptr::null(),
        )
    };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}
