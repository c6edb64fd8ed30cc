//! `sessionpool daemon`: wiring, configuration, listeners and shutdown.

mod auth;
mod data_plane;
mod error;
mod listen;
mod resource;
mod routes;
mod signing;
mod state;

pub use error::ApiError;
pub use routes::app;
pub use state::{AppState, Listener};

use crate::pool::{PoolManager, PoolSettings};
use crate::store::Store;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Flags of `sessionpool daemon` (documented in the README and the man page).
#[derive(Debug, Clone, clap::Args)]
pub struct DaemonArgs {
    /// Where state, images and sandboxes live.
    #[arg(
        long,
        default_value = "/var/lib/sessionpool",
        env = "SESSIONPOOL_DATA_DIR"
    )]
    pub data_dir: PathBuf,
    /// Where sandboxes' working state lives (bundles, runtime state, pid
    /// files, console logs), one directory per daemon [default:
    /// DATA_DIR/sandboxes]. A tmpfs (say /run/sessionpool/sandboxes, as runc
    /// keeps its state under /run) makes starts and ends cheaper where the
    /// data dir's file system is slow at creating and deleting many small
    /// files; sandboxes never outlive a reboot anyway.
    #[arg(long, value_name = "DIR")]
    pub run_dir: Option<PathBuf>,
    /// Unix socket for local, root-only access (no token needed).
    #[arg(long, default_value = "/run/sessionpool/sessionpool.sock")]
    pub socket: PathBuf,
    /// Also listen on TCP (every request then needs a Bearer token), e.g. 127.0.0.1:8443.
    #[arg(long, value_name = "HOST:PORT")]
    pub listen: Option<String>,
    /// Public base URL of this daemon, used in poolManagementEndpoint (default: the TCP listener's URL).
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// Locations the Microsoft.App provider document offers `sessionPools`
    /// in (repeatable; az checks `--location` against it before a create).
    /// Pools may use any location; those in use are offered too.
    #[arg(long = "location", value_name = "NAME", default_value = "local")]
    pub locations: Vec<String>,
    /// Sandbox runtime: embedded, runc, crun, runsc, or a path to an OCI runtime.
    #[arg(long, default_value = "embedded")]
    pub runtime: String,
    /// Base image of PythonLTS (code interpreter) sessions: any image with
    /// python3 on its PATH, e.g. python:3.12-slim from your registry;
    /// sessionpool supplies the interpreter server. Without it, PythonLTS
    /// pools fail to provision, saying so.
    #[arg(long, value_name = "IMAGE")]
    pub python_image: Option<String>,
    /// Base image of NodeLTS (code interpreter) sessions: any image with
    /// node on its PATH; sessionpool supplies the interpreter server.
    #[arg(long, value_name = "IMAGE")]
    pub node_image: Option<String>,
    /// Base image of Shell sessions: any image with bash and python3 on its
    /// PATH (python3 runs the server sessionpool supplies); default: the
    /// --python-image.
    #[arg(long, value_name = "IMAGE")]
    pub shell_image: Option<String>,
    /// Registries to reach over plain HTTP (HOST:PORT); all others need HTTPS.
    #[arg(long, value_name = "HOST:PORT")]
    pub insecure_registry: Vec<String>,
    /// TLS certificate (PEM) for the TCP listener.
    #[arg(long, requires = "tls_key", value_name = "FILE")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM) for the TCP listener.
    #[arg(long, requires = "tls_cert", value_name = "FILE")]
    pub tls_key: Option<PathBuf>,
    /// Most processes in one sandbox.
    #[arg(long, default_value_t = 512)]
    pub pids_limit: i64,
    /// Size cap of each sandbox's writable layer, in MiB.
    #[arg(long, default_value_t = 256, value_name = "MIB")]
    pub sandbox_disk_mib: u64,
    /// Interface dedicated to EgressEnabled sessions' traffic (a spare NIC, or
    /// a macvlan/ipvlan of the real uplink). The daemon moves it, with its IPv4
    /// addresses and default route, into a router namespace of its own; the
    /// host's firewall and routing are not touched. Without it, EgressEnabled
    /// sessions fail to start. See SECURITY.md.
    #[arg(long, value_name = "IFACE")]
    pub egress_uplink: Option<String>,
    /// Nameserver written into EgressEnabled sessions' /etc/resolv.conf (repeatable).
    #[arg(long, value_name = "IPV4", requires = "egress_uplink")]
    pub egress_nameserver: Vec<std::net::Ipv4Addr>,
    /// Let EgressEnabled sessions reach private ranges (10/8, 172.16/12, 192.168/16, 100.64/10).
    #[arg(long, requires = "egress_uplink")]
    pub egress_allow_private: bool,
    /// Seconds a session's container has to exit after its stop signal (the
    /// image's StopSignal, else SIGTERM) before it is killed, as `docker stop -t`.
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub stop_timeout: u64,
    /// Seconds a client has to send a request's headers, from connecting or
    /// from the end of its previous request (so also how long a kept-alive
    /// connection may wait idle); also the longest pause inside a request
    /// body, and the bound on TLS handshakes.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS", value_parser = positive_seconds)]
    pub header_read_timeout: f64,
    /// Seconds without progress before a wait is cut: a forwarded request or
    /// WebSocket tunnel where no data moves either way, an answer the client
    /// stops reading. (A quiet response stream, like `logs --follow`, is not cut.)
    #[arg(long, default_value_t = 300.0, value_name = "SECONDS", value_parser = positive_seconds)]
    pub idle_timeout: f64,
    /// Most TCP connections served at once; more are closed on accept (the
    /// unix socket is not capped).
    #[arg(long, default_value_t = 1024, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,
    /// Seconds a registry may send nothing (headers or body) before the
    /// request fails; failed requests are retried with backoff.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS", value_parser = positive_seconds)]
    pub pull_stall_timeout: f64,
    /// Seconds the downloads of one image pull may take in all, retries
    /// included; past it the pool ends Failed.
    #[arg(long, default_value_t = 600.0, value_name = "SECONDS", value_parser = positive_seconds)]
    pub pull_deadline: f64,
    /// Retries of a registry request that failed transiently (unreachable,
    /// stalled, HTTP 429 or 5xx), waiting 0.5 s, 1 s, 2 s... (at most 8 s) between.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub pull_retries: u32,
    /// Seconds any helper subprocess (ip, nft, nsenter, the runtime's CLI or
    /// shim) may run before it is killed and its step fails.
    #[arg(long, default_value_t = 120.0, value_name = "SECONDS", value_parser = positive_seconds)]
    pub subprocess_timeout: f64,
    /// Sandboxes being created at once across the daemon (the rest wait):
    /// about twice the cores suits starts, which alternate CPU and waiting.
    #[arg(long, default_value_t = 4, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub start_parallelism: u16,
    /// Seconds shutdown may take in all; sessions get at most half of it (and
    /// at most --stop-timeout) for their stop signal before they are killed.
    #[arg(long, default_value_t = 5.0, value_name = "SECONDS", value_parser = positive_seconds)]
    pub shutdown_timeout: f64,
    #[command(flatten)]
    pub cluster: crate::cluster::ClusterArgs,
    /// Tests only: every Timed pool's cooldown, in seconds (the API keeps it ≥ 300).
    #[arg(long, hide = true, value_name = "SECONDS")]
    pub test_cooldown_seconds: Option<f64>,
}

fn positive_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() && v <= 1e9 => Ok(v),
        _ => Err(format!("expected a number of seconds above 0, got {s:?}")),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    #[error("prepare {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
    #[error("{0}")]
    Pool(#[from] crate::pool::PoolError),
    #[error("listen: {0}")]
    Listen(String),
    #[error("load TLS material: {0}")]
    Tls(String),
    #[error("{0}")]
    Runtime(#[from] crate::runtime::RuntimeError),
    #[error("{0}")]
    Image(#[from] crate::image::ImageError),
    #[error("join the cluster: {0}")]
    Cluster(#[from] crate::cluster::ClusterError),
}

fn io_err(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> DaemonError + '_ {
    move |source| DaemonError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Run the daemon in the foreground until SIGINT or SIGTERM.
pub async fn run(args: DaemonArgs) -> Result<(), DaemonError> {
    std::fs::create_dir_all(&args.data_dir).map_err(io_err(&args.data_dir))?;
    let kind = crate::runtime::RuntimeKind::parse(&args.runtime)?;
    let sandboxes = args
        .run_dir
        .clone()
        .unwrap_or_else(|| args.data_dir.join("sandboxes"));
    prepare_data_dir(&args.data_dir, &sandboxes, kind.user_namespace())?;
    let store = Arc::new(Store::open(&args.data_dir.join("state.db"))?);
    // Subreaper + reaping thread: every process the daemon starts is reaped here.
    crate::runtime::reaper::start().map_err(io_err(&args.data_dir))?;
    crate::runtime::reaper::set_subprocess_timeout(Duration::from_secs_f64(
        args.subprocess_timeout,
    ));
    let egress = match &args.egress_uplink {
        Some(uplink) => {
            let config = crate::runtime::EgressConfig {
                uplink: uplink.clone(),
                nameservers: args.egress_nameserver.clone(),
                allow_private: args.egress_allow_private,
            };
            let router = args.data_dir.join("egress-router.netns");
            let made = crate::runtime::Egress::setup(router.clone(), &sandboxes, config)
                .map_err(io_err(&router))?;
            Some(Arc::new(made))
        }
        None => None,
    };
    let runtime = kind.build_with_egress(sandboxes, None, egress)?;
    let images = Arc::new(
        crate::image::ImageStore::open(&args.data_dir, args.insecure_registry.clone())?
            .with_limits(crate::image::PullLimits {
                stall_timeout: Duration::from_secs_f64(args.pull_stall_timeout),
                deadline: Duration::from_secs_f64(args.pull_deadline),
                retries: args.pull_retries,
                ..crate::image::PullLimits::default()
            }),
    );
    let shutdown_timeout = Duration::from_secs_f64(args.shutdown_timeout);
    let interpreters_dir = args.data_dir.join("interpreters");
    let settings = PoolSettings {
        pids_limit: args.pids_limit,
        disk_bytes: args.sandbox_disk_mib << 20,
        start_parallelism: args.start_parallelism.into(),
        stop_grace: Duration::from_secs(args.stop_timeout),
        shutdown_grace: shutdown_timeout / 2,
        cooldown_override: args
            .test_cooldown_seconds
            .map(std::time::Duration::from_secs_f64),
        interpreters: Some(
            crate::pool::InterpreterSettings::install(
                &args.data_dir,
                [
                    args.python_image.clone(),
                    args.node_image.clone(),
                    args.shell_image.clone(),
                ],
            )
            .map_err(io_err(&interpreters_dir))?,
        ),
        ..PoolSettings::default()
    };
    tracing::info!(runtime = runtime.name(), data_dir = %args.data_dir.display(), "starting");
    let pools = PoolManager::new(store.clone(), images, runtime, settings);
    let tls = listen::tls_config(&args)?;
    let public_url = args
        .public_url
        .clone()
        .map(|u| u.trim_end_matches('/').to_string())
        .or_else(|| {
            args.listen
                .as_ref()
                .map(|l| format!("{}://{l}", if tls.is_some() { "https" } else { "http" }))
        });
    let mut state = AppState::with_proxy_idle_timeout(
        store,
        pools.clone(),
        public_url,
        Duration::from_secs_f64(args.idle_timeout),
    );
    state.configured_locations = args.locations.clone();
    if args.cluster.cluster.is_some() {
        let config = crate::cluster::JoinConfig {
            args: &args.cluster,
            data_dir: &args.data_dir,
            default_url: state.public_url.clone(),
            idle: Duration::from_secs_f64(args.idle_timeout),
            keys: state.keys.clone(),
        };
        state.cluster =
            Some(crate::cluster::Cluster::join(config, pools.clone(), state.store.clone()).await?);
    }
    signing::load(&state)?;
    write_admin_token(&state, &args.data_dir)?;
    pools.recover().await?;
    let cluster = state.cluster.clone();
    if let Some(c) = &cluster {
        c.start();
    }
    let served = listen::serve(state, &args, tls).await;
    // Out of the cluster first: the other nodes take over this node's
    // identifiers and ready share at once, not after the lease's TTL.
    if let Some(c) = cluster {
        c.leave().await;
    }
    // Bounded: what is not torn down by then (a runtime call that hangs) is
    // cleaned up by the next start's recovery, as after a crash.
    if tokio::time::timeout(shutdown_timeout, pools.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            timeout = ?shutdown_timeout,
            "shutdown did not finish in time; the next start cleans up what is left"
        );
    }
    served
}

/// The data dir is the daemon's: nothing above it is ever changed. With a
/// user-namespaced runtime its group becomes the mapped root's, mode 0710
/// (search, never list), and every directory above it must already let the
/// mapped root through, else the daemon refuses to start naming the one that
/// does not (rather than every sandbox failing later). Otherwise it is 0700.
fn prepare_data_dir(
    data_dir: &std::path::Path,
    sandboxes: &std::path::Path,
    user_namespace: bool,
) -> Result<(), DaemonError> {
    if !user_namespace {
        // SAFETY: getegid has no preconditions.
        let gid = unsafe { libc::getegid() };
        std::os::unix::fs::chown(data_dir, None, Some(gid)).map_err(io_err(data_dir))?;
        std::fs::create_dir_all(sandboxes).map_err(io_err(sandboxes))?;
        restrict(sandboxes, 0o700)?;
        return restrict(data_dir, 0o700);
    }
    crate::runtime::open_data_dir(data_dir).map_err(io_err(data_dir))?;
    std::fs::create_dir_all(sandboxes).map_err(io_err(sandboxes))?;
    Ok(crate::runtime::RuntimeError::check_reachable(sandboxes)?)
}

fn restrict(path: &std::path::Path, mode: u32) -> Result<(), DaemonError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(io_err(path))
}

/// At first start, mint an admin token into DATA_DIR/admin.token (0600).
fn write_admin_token(state: &AppState, data_dir: &std::path::Path) -> Result<(), DaemonError> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let path = data_dir.join("admin.token");
    if path.exists() {
        // Also for a file an older version or an operator left wider.
        return restrict(&path, 0o600);
    }
    let req = crate::api::TokenCreateRequest {
        role: crate::api::TokenRole::Admin,
        label: Some("admin.token".into()),
        resource_group: None,
        pool: None,
        expires_in_seconds: None,
    };
    let created =
        routes::mint_token(state, &req).map_err(|e| DaemonError::Listen(e.to_string()))?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .map_err(io_err(&path))?;
    writeln!(file, "{}", created.token).map_err(io_err(&path))?;
    tracing::info!(path = %path.display(), "wrote the admin token");
    Ok(())
}
