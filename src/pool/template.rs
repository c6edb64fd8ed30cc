//! A pool's session template: the resolved process, limits, port and lifecycle
//! that every sandbox of one generation shares.

use super::PoolError;
use super::interpreter::{self, InterpreterSettings};
use crate::image::PulledImage;
use crate::runtime::{DirSpec, ImageProcess, PoolProcess, ProcessSpec, ReadOnlyBind, parse_signal};
use crate::spec::{LifecycleType, Memory, Probe, ProbeType, defaults};
use crate::store::PoolRecord;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub enum Lifecycle {
    /// Ends after this much idle time.
    Timed { cooldown: Duration },
    /// Ends when the container exits, or after this long.
    OnContainerExit { max_alive: Duration },
}

#[derive(Debug, Clone)]
pub struct Template {
    /// Identifies the template's content: a change means a new generation.
    pub key: String,
    pub image_digest: String,
    pub image_rootfs: PathBuf,
    pub process: ProcessSpec,
    pub cpu: f64,
    pub memory_bytes: u64,
    pub port: u16,
    pub lifecycle: Lifecycle,
    pub startup: Option<Probe>,
    pub liveness: Option<Probe>,
    /// The pool's network status is EgressEnabled.
    pub egress: bool,
    /// The working dir and the image's volumes, made when the image lacks them.
    pub make_dirs: Vec<DirSpec>,
    /// Sent to the container before the kill when a session ends.
    pub stop_signal: i32,
    /// (object id, pool ARM id) of the pool's managed identity, when its
    /// sessions may get tokens for it.
    pub identity: Option<(String, String)>,
    /// Host directories the sandbox sees read-only (the code interpreter).
    pub read_only_binds: Vec<ReadOnlyBind>,
    /// A code interpreter pool's type: its data plane is the interpreter
    /// API, not forwarding.
    pub interpreter: Option<crate::spec::ContainerType>,
}

impl Template {
    pub fn build(
        record: &PoolRecord,
        secrets: &BTreeMap<String, String>,
        image: &PulledImage,
        interpreters: Option<&InterpreterSettings>,
    ) -> Result<Self, PoolError> {
        let p = &record.properties;
        if let Some(t) = p.container_type.filter(|t| t.is_interpreter()) {
            let i = interpreters.ok_or_else(|| {
                PoolError::Template(format!("this daemon does not run {t:?} pools"))
            })?;
            return Self::interpreter(record, image, i, t);
        }
        let c = p
            .container()
            .ok_or_else(|| PoolError::Template("the pool has no container".into()))?;
        let mut env = Vec::new();
        for e in c.env.iter().flatten() {
            let value = match (&e.value, &e.secret_ref) {
                (_, Some(r)) => secrets.get(r).cloned().ok_or_else(|| {
                    PoolError::Template(format!("env {} refers to unknown secret '{r}'", e.name))
                })?,
                (Some(v), None) => v.clone(),
                (None, None) => String::new(),
            };
            env.push((e.name.clone(), value));
        }
        // An empty list ("" on the CLI) means: the image's own.
        let non_empty = |v: &Option<Vec<String>>| v.clone().filter(|v| !v.is_empty());
        let image_process = ImageProcess {
            entrypoint: image.config.entrypoint.clone(),
            cmd: image.config.cmd.clone(),
            env: image.config.env.clone(),
            working_dir: image.config.working_dir.clone().unwrap_or_default(),
            user: image.config.user.clone().unwrap_or_default(),
        };
        let pool_process = PoolProcess {
            command: non_empty(&c.command),
            args: non_empty(&c.args),
            env,
        };
        let process = ProcessSpec::from_image(&image_process, &pool_process, &image.rootfs)?;
        let make_dirs = dirs_to_make(&process, &image.config.volumes);
        let stop_signal = match image.config.stop_signal.as_deref() {
            None => libc::SIGTERM,
            Some(name) => parse_signal(name).ok_or_else(|| {
                PoolError::Template(format!(
                    "the image's StopSignal {name:?} is not a signal name or number"
                ))
            })?,
        };
        let resources = c.resources.clone().unwrap_or_default();
        let memory = Memory::parse(resources.memory.as_deref().unwrap_or(defaults::MEMORY))
            .map_err(|e| PoolError::Template(e.to_string()))?;
        let port = p
            .target_port()
            .and_then(|p| u16::try_from(p).ok())
            .ok_or_else(|| PoolError::Template("the pool has no target port".into()))?;
        let l = p.lifecycle().cloned().unwrap_or_default();
        let lifecycle = match l.lifecycle_type.unwrap_or(LifecycleType::Timed) {
            LifecycleType::Timed => Lifecycle::Timed {
                cooldown: Duration::from_secs(
                    l.cooldown_period_in_seconds
                        .unwrap_or(defaults::COOLDOWN_SECONDS as i64)
                        .max(1) as u64,
                ),
            },
            LifecycleType::OnContainerExit => Lifecycle::OnContainerExit {
                max_alive: Duration::from_secs(
                    l.max_alive_period_in_seconds
                        .unwrap_or(defaults::MAX_ALIVE_SECONDS as i64)
                        .max(1) as u64,
                ),
            },
        };
        let probe = |t: ProbeType| {
            c.probes
                .iter()
                .flatten()
                .find(|p| p.probe_type == Some(t))
                .cloned()
        };
        let egress = p.network_status() == crate::spec::NetworkStatus::EgressEnabled;
        let mut key = serde_json::to_string(&(c, &image.digest, port, &secrets_used(c, secrets)))
            .expect("plain data serializes");
        if egress {
            // Only when on, so keys of existing EgressDisabled pools stay the same.
            key += "|egress";
        }
        let identity = managed_identity(record);
        if identity.is_some() {
            key += "|identity";
        }
        Ok(Template {
            key,
            image_digest: image.digest.clone(),
            image_rootfs: image.rootfs.clone(),
            process,
            cpu: resources.cpu.unwrap_or(defaults::CPU),
            memory_bytes: memory.bytes(),
            port,
            lifecycle,
            startup: probe(ProbeType::Startup),
            liveness: probe(ProbeType::Liveness),
            egress,
            make_dirs,
            stop_signal,
            identity,
            read_only_binds: Vec::new(),
            interpreter: None,
        })
    }

    /// A code interpreter pool's template: the base image runs sessionpool's
    /// interpreter server, bound read-only at `interpreter::MOUNT`.
    fn interpreter(
        record: &PoolRecord,
        image: &PulledImage,
        settings: &InterpreterSettings,
        t: crate::spec::ContainerType,
    ) -> Result<Self, PoolError> {
        let p = &record.properties;
        let image_process = ImageProcess {
            entrypoint: Vec::new(),
            cmd: Vec::new(),
            env: image.config.env.clone(),
            working_dir: interpreter::FILES_DIR.into(),
            user: image.config.user.clone().unwrap_or_default(),
        };
        let pool_process = PoolProcess {
            command: settings.command(t),
            args: None,
            env: vec![
                (
                    "SESSIONPOOL_INTERPRETER_PORT".into(),
                    interpreter::PORT.to_string(),
                ),
                ("PYTHONUNBUFFERED".into(), "1".into()),
            ],
        };
        let process = ProcessSpec::from_image(&image_process, &pool_process, &image.rootfs)?;
        let dir = |path: &str, uid, gid, mode| DirSpec {
            path: path.to_string(),
            uid,
            gid,
            mode,
        };
        let make_dirs = vec![
            dir("/tmp", 0, 0, 0o1777),
            dir("/mnt", 0, 0, 0o755),
            dir(interpreter::FILES_DIR, process.uid, process.gid, 0o755),
            dir(interpreter::MOUNT, 0, 0, 0o755),
        ];
        let l = p.lifecycle().cloned().unwrap_or_default();
        let cooldown = l
            .cooldown_period_in_seconds
            .unwrap_or(defaults::COOLDOWN_SECONDS as i64)
            .max(1) as u64;
        let egress = p.network_status() == crate::spec::NetworkStatus::EgressEnabled;
        let memory =
            Memory::parse(defaults::MEMORY).map_err(|e| PoolError::Template(e.to_string()))?;
        let identity = managed_identity(record);
        let key = format!(
            "{t:?}|{}|{}{}{}",
            image.digest,
            settings.version,
            if egress { "|egress" } else { "" },
            if identity.is_some() { "|identity" } else { "" }
        );
        Ok(Template {
            key,
            image_digest: image.digest.clone(),
            image_rootfs: image.rootfs.clone(),
            process,
            cpu: defaults::CPU,
            memory_bytes: memory.bytes(),
            port: interpreter::PORT,
            lifecycle: Lifecycle::Timed {
                cooldown: Duration::from_secs(cooldown),
            },
            startup: None,
            liveness: None,
            egress,
            make_dirs,
            stop_signal: libc::SIGTERM,
            identity,
            read_only_binds: vec![ReadOnlyBind {
                source: settings.dir.clone(),
                destination: interpreter::MOUNT.into(),
            }],
            interpreter: Some(t),
        })
    }
}

/// (object id, pool ARM id) of the pool's managed identity, when its
/// sessions may get tokens for it (see `identity::managed`).
fn managed_identity(record: &PoolRecord) -> Option<(String, String)> {
    if !crate::identity::sessions_get_tokens(record.properties.managed_identity_settings.as_deref())
    {
        return None;
    }
    Some((
        crate::identity::pool_identity(record)?,
        crate::api::pool_path(
            crate::api::DEFAULT_SUBSCRIPTION,
            &record.resource_group,
            &record.name,
        ),
    ))
}

/// A writable /tmp (images built FROM scratch often lack one), the working
/// dir (owned by the process's user, as BuildKit makes a WORKDIR) and the
/// image's volumes (owned by root, as Docker makes them). Each only if missing.
fn dirs_to_make(process: &ProcessSpec, volumes: &[String]) -> Vec<DirSpec> {
    let dir = |path: &str, uid, gid, mode| DirSpec {
        path: path.to_string(),
        uid,
        gid,
        mode,
    };
    let mut dirs = vec![dir("/tmp", 0, 0, 0o1777)];
    if process.cwd != "/" {
        dirs.push(dir(&process.cwd, process.uid, process.gid, 0o755));
    }
    for v in volumes.iter().filter(|v| v.starts_with('/')) {
        dirs.push(dir(v, 0, 0, 0o755));
    }
    dirs
}

/// Secret values the container sees: changing one is a template change. Hashed
/// so the key, which may be logged, never holds a value.
fn secrets_used(c: &crate::spec::PoolContainer, secrets: &BTreeMap<String, String>) -> Vec<String> {
    use sha2::{Digest, Sha256};
    c.env
        .iter()
        .flatten()
        .filter_map(|e| e.secret_ref.as_ref())
        .map(|r| {
            hex::encode(Sha256::digest(
                secrets.get(r).map(String::as_bytes).unwrap_or_default(),
            ))
        })
        .collect()
}
