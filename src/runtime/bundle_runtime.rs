//! `SandboxRuntime` over an `Engine`: the shared life cycle of a sandbox.
//!
//! create: dir → netns with lo up → rootfs (tmpfs with a size cap, overlay,
//! sysfs; mounted here or by the engine, see `writable_rootfs`) → /etc files →
//! config.json → log pipe + drainer → engine create+start → pid.
//! destroy: engine delete → kill leftovers → cgroup dirs → netns → overlay →
//! tmpfs → check nothing is mounted below the dir → remove the dir.
//! Any failure during create runs destroy, so nothing half-made stays.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::runtime::egress::Egress;
use crate::runtime::engine::Engine;
use crate::runtime::error::RuntimeError;
use crate::runtime::layout::{Layout, list_ids};
use crate::runtime::netns::HeldNetns;
use crate::runtime::sandbox::{Sandbox, SandboxRuntime, SandboxSpec, SandboxState, validate_id};
use crate::runtime::writable_rootfs::{RootfsPlan, SysfsFrom};
use crate::runtime::{cgroups, idmap, logs, mounts, netns, oci_config, reaper};

pub struct BundleRuntime<E: Engine> {
    engine: Arc<E>,
    state_dir: PathBuf,
    egress: Option<Arc<Egress>>,
    /// Each live sandbox's network namespace, held open (see `netns`).
    netns: Arc<Mutex<HashMap<String, HeldNetns>>>,
    /// Bounds teardowns running at once: deleting a pool of hundreds must
    /// not fork hundreds of runtime processes (or block as many threads).
    teardowns: Arc<tokio::sync::Semaphore>,
}

/// Teardowns at once (see `BundleRuntime::teardowns`).
const TEARDOWNS: usize = 8;

impl<E: Engine> BundleRuntime<E> {
    /// `state_dir` holds one directory per sandbox; it is created if missing.
    pub fn new(engine: E, state_dir: PathBuf) -> Self {
        BundleRuntime {
            engine: Arc::new(engine),
            state_dir,
            egress: None,
            netns: Arc::default(),
            teardowns: Arc::new(tokio::sync::Semaphore::new(TEARDOWNS)),
        }
    }

    /// Wire EgressEnabled sandboxes to this router.
    pub fn with_egress(mut self, egress: Option<Arc<Egress>>) -> Self {
        self.egress = egress;
        self
    }

    pub fn state_dir(&self) -> &Path {
        &self.state_dir
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, RuntimeError> + Send + 'static,
) -> Result<T, RuntimeError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| RuntimeError::Join(e.to_string()))?
}

/// Dirs, writable layer, overlay, /etc files and config.json, for a sandbox
/// whose network namespace is open at `netns`.
fn prepare(
    spec: &SandboxSpec,
    layout: &Layout,
    netns: &Path,
    engine: &dyn Engine,
    egress: Option<&Egress>,
) -> Result<(), RuntimeError> {
    let id = spec.id.as_str();
    let io = |step| RuntimeError::io(id, step);
    if !spec.image_rootfs.is_dir() {
        return Err(RuntimeError::Io {
            id: id.into(),
            step: "find the image rootfs",
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{} is not a directory", spec.image_rootfs.display()),
            ),
        });
    }
    std::fs::create_dir_all(layout.rootfs()).map_err(io("create the bundle dirs"))?;
    std::fs::create_dir_all(layout.layer()).map_err(io("create the layer dir"))?;
    let user_namespace = engine.config_options().user_namespace;
    if user_namespace {
        idmap::shift_rootfs(&spec.image_rootfs)
            .map_err(io("shift the image rootfs into the user namespace's range"))?;
        RuntimeError::check_reachable(&layout.dir)?;
    }
    let plan = RootfsPlan {
        lower: spec.image_rootfs.clone(),
        layer: layout.layer(),
        disk_bytes: spec.disk_bytes,
        rootfs: layout.rootfs(),
        user_namespace,
        make_dirs: spec.make_dirs.clone(),
        sysfs: user_namespace.then(|| layout.sysfs()),
    };
    let mounted = if engine.mounts_rootfs_itself() {
        plan.save(&layout.rootfs_plan())
    } else {
        plan.mount(SysfsFrom::Netns(netns))
    };
    mounted.map_err(|e| match e.image_config {
        true => RuntimeError::Config {
            id: id.into(),
            message: e.to_string(),
        },
        false => RuntimeError::Io {
            id: id.into(),
            step: e.step,
            source: std::io::Error::other(e.message),
        },
    })?;
    std::fs::create_dir(layout.etc()).map_err(io("create the etc dir"))?;
    for (name, text) in oci_config::etc_files(&spec.hostname) {
        std::fs::write(layout.etc().join(name), text).map_err(io("write /etc files"))?;
    }
    if spec.egress {
        let egress = egress.ok_or_else(|| RuntimeError::Config {
            id: id.into(),
            message: "EgressEnabled needs the daemon to run with --egress-uplink".into(),
        })?;
        egress
            .attach(netns, &layout.dir)
            .map_err(io("wire the sandbox to the egress router"))?;
        std::fs::write(layout.etc().join("resolv.conf"), egress.resolv_conf())
            .map_err(io("write /etc/resolv.conf"))?;
    }
    std::fs::write(layout.stop_signal_file(), spec.stop_signal.to_string())
        .map_err(io("write the stop signal"))?;
    let config = oci_config::build(
        spec,
        &layout.etc(),
        netns,
        plan.sysfs.as_deref(),
        engine.config_options(),
    )?;
    config
        .save(layout.bundle().join("config.json"))
        .map_err(|e| RuntimeError::Config {
            id: id.into(),
            message: e.to_string(),
        })
}

/// Read the runtime's pid file and record `PID START_TIME` for later checks.
fn record_pid(layout: &Layout, id: &str) -> Result<(i32, Option<u64>), RuntimeError> {
    let text = std::fs::read_to_string(layout.init_pid_file())
        .map_err(RuntimeError::io(id, "read the runtime's pid file"))?;
    let pid: i32 = text.trim().parse().map_err(|_| RuntimeError::State {
        id: id.into(),
        message: format!("bad pid file content {text:?}"),
    })?;
    let start = reaper::proc_start_time(pid)
        .filter(|(state, _)| *state != 'Z')
        .map(|(_, st)| st);
    std::fs::write(layout.pid_file(), format!("{pid} {}", start.unwrap_or(0)))
        .map_err(RuntimeError::io(id, "write the pid file"))?;
    Ok((pid, start))
}

fn read_pid(layout: &Layout) -> Option<(i32, u64)> {
    let text = std::fs::read_to_string(layout.pid_file()).ok()?;
    let mut it = text.split_whitespace();
    Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
}

fn state_of(layout: &Layout) -> SandboxState {
    if !layout.dir.exists() {
        return SandboxState::Missing;
    }
    match read_pid(layout) {
        Some((pid, start)) if start != 0 && reaper::is_alive(pid, start) => SandboxState::Running,
        Some((pid, _)) => SandboxState::Exited(reaper::exit_status(pid).unwrap_or(-1)),
        // Still being created, or creation failed before the process existed.
        None => SandboxState::Missing,
    }
}

/// The stop signal, then a bounded wait for the init to exit.
fn graceful_stop(
    layout: &Layout,
    id: &str,
    engine: &dyn Engine,
    grace: Duration,
) -> Result<(), RuntimeError> {
    let Some((pid, start)) = read_pid(layout).filter(|(_, start)| *start != 0) else {
        return Ok(());
    };
    let signal: i32 = std::fs::read_to_string(layout.stop_signal_file())
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(libc::SIGTERM);
    if !reaper::is_alive(pid, start) {
        return Ok(());
    }
    let sent = engine
        .signal(layout, id, pid, signal)
        .map_err(|message| RuntimeError::State {
            id: id.into(),
            message: format!("send the stop signal: {message}"),
        })?;
    let deadline = Instant::now() + grace;
    while sent && Instant::now() < deadline && reaper::is_alive(pid, start) {
        std::thread::sleep(Duration::from_millis(10));
    }
    Ok(())
}

/// The whole teardown; collects every failure instead of stopping at the first.
fn teardown(
    layout: &Layout,
    id: &str,
    engine: &dyn Engine,
    egress: Option<&Egress>,
) -> Result<(), RuntimeError> {
    if !layout.dir.exists() {
        return Ok(());
    }
    let mut problems: Vec<String> = Vec::new();
    if let Err(e) = engine.delete(layout, id) {
        problems.push(format!("{} delete: {e}", engine.name()));
    }
    // The runtime should have killed it; make sure, guarding against PID reuse.
    if let Some((pid, start)) = read_pid(layout)
        && start != 0
        && reaper::is_alive(pid, start)
    {
        // SAFETY: plain kill of a process we verified by start time.
        unsafe { libc::kill(pid, libc::SIGKILL) };
    }
    let left = cgroups::remove(id);
    if !left.is_empty() {
        problems.push(format!("cgroups left: {left:?}"));
    }
    if let Err(e) = netns::remove(&layout.netns()) {
        problems.push(format!("netns: {e}"));
    }
    if let Some(egress) = egress {
        egress.detach(&layout.dir);
    }
    for m in [layout.sysfs(), layout.rootfs(), layout.layer()] {
        if let Err(e) = mounts::unmount_if_mounted(&m) {
            problems.push(format!("unmount {}: {e}", m.display()));
        }
    }
    // Never delete through a mount: anything still mounted below stops us here.
    match mounts::mounts_under(&layout.dir) {
        Ok(left) if left.is_empty() => {
            if let Err(e) = std::fs::remove_dir_all(&layout.dir) {
                problems.push(format!("remove {}: {e}", layout.dir.display()));
            }
        }
        Ok(left) => problems.push(format!("still mounted, dir kept: {left:?}")),
        Err(e) => problems.push(format!("read mountinfo: {e}")),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(RuntimeError::Destroy {
            id: id.into(),
            message: problems.join("; "),
        })
    }
}

#[async_trait::async_trait]
impl<E: Engine> SandboxRuntime for BundleRuntime<E> {
    async fn create_and_start(&self, spec: &SandboxSpec) -> Result<Sandbox, RuntimeError> {
        validate_id(&spec.id)?;
        let layout = Layout::new(&self.state_dir, &spec.id);
        std::fs::create_dir_all(&self.state_dir)
            .map_err(RuntimeError::io(&spec.id, "create the state dir"))?;
        // create_dir (not _all) claims the id atomically.
        std::fs::create_dir(&layout.dir)
            .map_err(RuntimeError::io(&spec.id, "claim the sandbox dir"))?;

        let netns_path = blocking({
            let (held, id) = (self.netns.clone(), spec.id.clone());
            move || {
                let ns =
                    netns::hold().map_err(RuntimeError::io(&id, "create the network namespace"))?;
                let path = ns.path();
                held.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(id, ns);
                Ok(path)
            }
        })
        .await;
        let made = async {
            let netns_path = netns_path?;
            let (engine, spec2, layout2) = (self.engine.clone(), spec.clone(), layout.clone());
            let (egress, ns) = (self.egress.clone(), netns_path.clone());
            blocking(move || prepare(&spec2, &layout2, &ns, engine.as_ref(), egress.as_deref()))
                .await?;
            let (read, write) =
                logs::pipe().map_err(RuntimeError::io(&spec.id, "make the log pipe"))?;
            logs::spawn_drainer(read, layout.log())
                .map_err(RuntimeError::io(&spec.id, "start the log drainer"))?;
            let (engine, id, layout2) = (self.engine.clone(), spec.id.clone(), layout.clone());
            let ns = netns_path.clone();
            blocking(move || {
                engine
                    .create_start(&layout2, &id, &ns, write)
                    .map_err(|message| RuntimeError::Start {
                        id: id.clone(),
                        runtime: engine.name().to_string(),
                        message,
                    })?;
                record_pid(&layout2, &id)
            })
            .await
            .map(|pid| (pid, netns_path))
        }
        .await;

        let failure = match made {
            Ok(((pid, Some(_)), netns_path)) => {
                return Ok(Sandbox {
                    id: spec.id.clone(),
                    pid,
                    netns_path,
                    log_path: layout.log(),
                    bundle: layout.bundle(),
                });
            }
            Ok(((pid, None), _)) => {
                // Gone before we could look: give its status and last words.
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                let output = logs::read_logs(&layout.log(), Some(5))
                    .map(|l| l.join(" | "))
                    .unwrap_or_default();
                let status = reaper::exit_status(pid)
                    .map_or("an unknown status".to_string(), |c| format!("code {c}"));
                RuntimeError::ExitedAtOnce {
                    id: spec.id.clone(),
                    status,
                    output,
                }
            }
            Err(e) => e,
        };
        if let Err(cleanup) = self.destroy(&spec.id).await {
            tracing::error!(%cleanup, "cleanup after a failed start");
        }
        Err(failure)
    }

    async fn state(&self, id: &str) -> Result<SandboxState, RuntimeError> {
        validate_id(id)?;
        Ok(state_of(&Layout::new(&self.state_dir, id)))
    }

    async fn stop(&self, id: &str, grace: Duration) -> Result<(), RuntimeError> {
        validate_id(id)?;
        let layout = Layout::new(&self.state_dir, id);
        let (engine, id) = (self.engine.clone(), id.to_string());
        blocking(move || graceful_stop(&layout, &id, engine.as_ref(), grace)).await
    }

    async fn destroy(&self, id: &str) -> Result<(), RuntimeError> {
        validate_id(id)?;
        let layout = Layout::new(&self.state_dir, id);
        let (engine, id, egress) = (self.engine.clone(), id.to_string(), self.egress.clone());
        let held = self.netns.clone();
        let _slot = self.teardowns.acquire().await;
        blocking(move || {
            let done = teardown(&layout, &id, engine.as_ref(), egress.as_deref());
            // Released last: until the container is gone, its namespace stays ours.
            held.lock().unwrap_or_else(|p| p.into_inner()).remove(&id);
            done
        })
        .await
    }

    async fn list(&self) -> Vec<String> {
        list_ids(&self.state_dir)
    }

    fn name(&self) -> &str {
        self.engine.name()
    }
}
