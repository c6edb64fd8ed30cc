//! Finding and removing a sandbox's cgroup directories, on cgroup v1 (one
//! hierarchy per controller, as on these hybrid hosts) and v2. The runtimes
//! remove them on delete; this is the check that nothing was left behind,
//! because an orphan cgroup per destroyed sandbox would pile up forever.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::runtime::oci_config::cgroups_path;

const CGROUP_ROOT: &str = "/sys/fs/cgroup";

/// Every existing cgroup directory of sandbox `id`, in any hierarchy.
pub fn dirs_of(id: &str) -> Vec<PathBuf> {
    let rel = cgroups_path(id);
    let rel = rel.trim_start_matches('/');
    let mut roots = vec![PathBuf::from(CGROUP_ROOT)];
    if let Ok(entries) = std::fs::read_dir(CGROUP_ROOT) {
        roots.extend(
            entries
                .filter_map(|e| e.ok())
                // Symlinks like cpu -> cpu,cpuacct would list one dir twice.
                .filter(|e| e.file_type().map(|t| t.is_dir()).unwrap_or(false))
                .map(|e| e.path()),
        );
    }
    roots
        .into_iter()
        .map(|r| r.join(rel))
        .filter(|p| p.is_dir())
        .collect()
}

/// rmdir every cgroup dir of `id` (children first), retrying while processes
/// that were just killed leave. Processes still in them after the first try
/// are killed: only the sandbox's own can be there, and the runtime's state
/// that would have found them may be gone (a crash mid-teardown, a data dir
/// damaged by hand). Returns what could not be removed.
pub fn remove(id: &str) -> Vec<PathBuf> {
    let mut left = Vec::new();
    for attempt in 0..50 {
        left.clear();
        for dir in dirs_of(id) {
            if let Err(e) = rmdir_tree(&dir) {
                tracing::debug!(?dir, %e, attempt, "cgroup not removable yet");
                left.push(dir);
            }
        }
        if left.is_empty() {
            break;
        }
        if attempt == 0 {
            for dir in &left {
                kill_members(dir);
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    left
}

/// SIGKILL every process in `dir` and the cgroups below it.
fn kill_members(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_type().map(|t| t.is_dir()).unwrap_or(false) {
                kill_members(&entry.path());
            }
        }
    }
    let procs = std::fs::read_to_string(dir.join("cgroup.procs")).unwrap_or_default();
    for pid in procs.lines().filter_map(|l| l.trim().parse::<i32>().ok()) {
        if pid > 1 {
            // SAFETY: plain kill of a process in the sandbox's own cgroup.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    }
}

/// cgroupfs dirs hold only virtual files: rmdir them bottom-up, never unlink.
fn rmdir_tree(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)?.flatten() {
        if entry.file_type().map(|t| t.is_dir()).unwrap_or(false) {
            rmdir_tree(&entry.path())?;
        }
    }
    match std::fs::remove_dir(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}
