//! The bench's environment: the tools it needs, the processes it starts (a
//! registry, the example image, the daemon, later nginx and HAProxy), the CLI
//! and `/metrics` as the phases use them. Dropping the `Env` ends every process
//! it started, by PID, also when a phase panics.

use crate::bench_common::{free_port, run};
use crate::client::{Client, Target, body_text};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fs::File;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const RG: &str = "bench-rg";
/// The daemon's keep-alive as the bench starts it (`--header-read-timeout`:
/// how long a kept-alive client connection may sit idle).
pub const DAEMON_KEEPALIVE_IDLE_S: u32 = 10;

/// The daemon's tokio worker threads (TOKIO_WORKER_THREADS): one per core.
pub fn daemon_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Tools the bench runs, each with the Debian package that has it.
const TOOLS: &[(&str, &str)] = &[
    ("docker-registry", "docker-registry"),
    ("skopeo", "skopeo"),
    ("umoci", "umoci"),
    ("curl", "curl"),
    ("file", "file"),
    ("nsenter", "util-linux"),
    ("nginx", "nginx-light"),
    ("haproxy", "haproxy"),
    ("wrk", "wrk"),
    // The cluster part: etcd members, the nodes' CA and certificates.
    ("etcd", "etcd-server"),
    ("openssl", "openssl"),
];

fn on_path(tool: &str) -> bool {
    let path = std::env::var("PATH").unwrap_or_default();
    // Root's tools (nginx, haproxy) live in sbin, which some PATHs lack.
    path.split(':')
        .chain(["/usr/sbin", "/sbin"])
        .any(|d| Path::new(d).join(tool).is_file())
}

/// Exit with one message naming every missing tool and its Debian package.
pub fn require_tools() {
    let mut missing: Vec<String> = TOOLS
        .iter()
        .filter(|(t, _)| !on_path(t))
        .map(|(t, p)| format!("{t} (apt-get install {p})"))
        .collect();
    if !Path::new("/bin/busybox").exists() {
        missing.push("/bin/busybox (apt-get install busybox-static)".into());
    }
    if !missing.is_empty() {
        eprintln!(
            "bench_sessions: missing tools: {}.\nInstall them all with: apt-get install \
             docker-registry skopeo umoci busybox-static nginx-light haproxy wrk etcd-server openssl",
            missing.join(", ")
        );
        std::process::exit(1);
    }
}

/// The absolute path of a tool (nginx and haproxy may be in sbin, off PATH).
pub fn tool(name: &str) -> PathBuf {
    let path = std::env::var("PATH").unwrap_or_default();
    path.split(':')
        .chain(["/usr/sbin", "/sbin"])
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from(name))
}

/// VmRSS of `pid` in KiB, from /proc/PID/status.
pub fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

pub struct Env {
    repo: PathBuf,
    pub dir: PathBuf,
    sp: PathBuf,
    socket: PathBuf,
    pub data_dir: PathBuf,
    /// The daemon's `--run-dir`: under `$BENCH_RUN_DIR` if set (say a
    /// tmpfs such as /dev/shm), else its default, DATA_DIR/sandboxes.
    run_dir: PathBuf,
    pub listen: SocketAddr,
    registry: String,
    admin: String,
    daemon: Option<Child>,
    /// nginx, HAProxy: (name, child), ended first, in reverse order.
    helpers: Vec<(&'static str, Child)>,
    /// Pools created and not yet deleted: deleted before the daemon is stopped.
    pools: RefCell<BTreeSet<String>>,
}

/// SIGTERM, then up to `grace` for the child to exit, then SIGKILL.
pub fn stop_child(name: &str, child: &mut Child, grace: Duration) {
    // SAFETY: a plain signal to a child we started and have not reaped yet.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    eprintln!(
        "bench_sessions: {name} (pid {}) still running after {grace:?}: SIGKILL",
        child.id()
    );
    let _ = child.kill();
    let _ = child.wait();
}

impl Drop for Env {
    fn drop(&mut self) {
        while let Some((name, mut child)) = self.helpers.pop() {
            // SIGTERM is a fast shutdown for both nginx and HAProxy.
            stop_child(name, &mut child, Duration::from_secs(5));
        }
        if let Some(mut daemon) = self.daemon.take() {
            // Pools a failed phase left: their sandboxes go before the daemon does.
            let left: Vec<String> = self.pools.borrow().iter().cloned().collect();
            for pool in left {
                eprintln!("bench_sessions: deleting the pool {pool} left behind");
                let mut c = self.cli();
                c.args(["delete", "-n", &pool, "-g", RG, "--yes"])
                    .stdout(Stdio::null());
                if let Ok(mut child) = c.spawn() {
                    let deadline = Instant::now() + Duration::from_secs(120);
                    while Instant::now() < deadline && matches!(child.try_wait(), Ok(None)) {
                        std::thread::sleep(Duration::from_millis(50));
                    }
                    let _ = child.kill();
                    let _ = child.wait();
                }
            }
            stop_child("the daemon", &mut daemon, Duration::from_secs(40));
        }
        let _ = Command::new(self.repo.join("examples/registry.sh"))
            .arg("stop")
            .arg(self.dir.join("registry"))
            .status();
        if std::env::var_os("BENCH_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&self.dir);
            let _ = std::fs::remove_dir_all(&self.run_dir);
        }
    }
}

impl Env {
    /// Start the registry, push the example image, start the daemon.
    pub fn setup() -> Env {
        // SAFETY: getuid has no preconditions.
        assert_eq!(unsafe { libc::getuid() }, 0, "run as root");
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let sp = std::env::var_os("SESSIONPOOL_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                let exe = std::env::current_exe().unwrap();
                exe.parent().unwrap().parent().unwrap().join("sessionpool")
            });
        assert!(
            sp.exists(),
            "{} missing: cargo build --release first, or set SESSIONPOOL_BIN",
            sp.display()
        );
        let dir = PathBuf::from(format!("/tmp/bench-sessions-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let reg_port = free_port();
        let registry = format!("127.0.0.1:{reg_port}");
        let listen: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        let run_dir = match std::env::var_os("BENCH_RUN_DIR") {
            Some(base) => {
                PathBuf::from(base).join(format!("bench-sessions-{}", std::process::id()))
            }
            None => dir.join("data/sandboxes"),
        };
        let mut env = Env {
            repo: repo.clone(),
            dir: dir.clone(),
            sp,
            socket: dir.join("sessionpool.sock"),
            data_dir: dir.join("data"),
            run_dir,
            listen,
            registry: registry.clone(),
            admin: String::new(),
            daemon: None,
            helpers: Vec::new(),
            pools: RefCell::new(BTreeSet::new()),
        };
        eprintln!("== registry on {registry}");
        run(Command::new(repo.join("examples/registry.sh"))
            .arg("start")
            .arg(dir.join("registry"))
            .arg(reg_port.to_string())
            .stdout(Stdio::null()));
        eprintln!("== image");
        run(Command::new(repo.join("examples/build-image.sh"))
            .arg("--out")
            .arg(dir.join("image"))
            .arg(format!("{registry}/session-server:1.0")));
        eprintln!("== daemon on {listen}");
        let log = File::create(dir.join("daemon.log")).unwrap();
        env.daemon = Some(
            Command::new(&env.sp)
                .arg("daemon")
                .arg("--data-dir")
                .arg(&env.data_dir)
                .arg("--socket")
                .arg(&env.socket)
                .arg("--run-dir")
                .arg(&env.run_dir)
                .args(["--listen", &listen.to_string()])
                .args(["--insecure-registry", &registry])
                .args([
                    "--header-read-timeout",
                    &DAEMON_KEEPALIVE_IDLE_S.to_string(),
                ])
                // Room to stop 1,000 sandboxes if a phase fails mid-fill.
                .args(["--shutdown-timeout", "30"])
                // tokio's own default, one worker per core, made explicit.
                .env("TOKIO_WORKER_THREADS", daemon_workers().to_string())
                .stdin(Stdio::null())
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .spawn()
                .expect("start the daemon"),
        );
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let token =
                std::fs::read_to_string(env.data_dir.join("admin.token")).unwrap_or_default();
            if !token.trim().is_empty() && TcpStream::connect(listen).is_ok() && env.socket.exists()
            {
                env.admin = token.trim().to_string();
                break;
            }
            assert!(Instant::now() < deadline, "the daemon did not come up");
            std::thread::sleep(Duration::from_millis(20));
        }
        env
    }

    /// The `sessionpool` binary the bench runs.
    pub fn binary(&self) -> &Path {
        &self.sp
    }

    /// The local registry, `127.0.0.1:PORT`.
    pub fn registry(&self) -> &str {
        &self.registry
    }

    /// The single-host daemon's unix socket.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    pub fn daemon_pid(&self) -> u32 {
        self.daemon.as_ref().expect("the daemon runs").id()
    }

    pub fn daemon_rss_kib(&self) -> u64 {
        rss_kib(self.daemon_pid())
    }

    /// Keep `child` to be ended (SIGTERM by PID) when the bench ends.
    pub fn adopt(&mut self, name: &'static str, child: Child) -> u32 {
        let pid = child.id();
        self.helpers.push((name, child));
        pid
    }

    /// Whether the helper `name` is still running (false: it exited early).
    pub fn helper_running(&mut self, name: &str) -> bool {
        self.helpers
            .iter_mut()
            .find(|(n, _)| *n == name)
            .is_some_and(|(_, c)| matches!(c.try_wait(), Ok(None)))
    }

    /// The CLI, talking to our daemon over its unix socket.
    pub fn cli(&self) -> Command {
        let mut c = Command::new(&self.sp);
        c.env(
            "SESSIONPOOL_ENDPOINT",
            format!("unix://{}", self.socket.display()),
        )
        .env_remove("SESSIONPOOL_TOKEN");
        c
    }

    pub fn create_pool_cmd(&self, name: &str, ready: usize, max: usize) -> Command {
        self.pools.borrow_mut().insert(name.to_string());
        self.create_pool_at(&self.socket, name, ready, max)
    }

    /// `sessionpool create` of the bench's pool shape through the daemon
    /// listening on `socket` (not recorded for the Drop's clean-up).
    pub fn create_pool_at(&self, socket: &Path, name: &str, ready: usize, max: usize) -> Command {
        let mut c = self.cli();
        c.env(
            "SESSIONPOOL_ENDPOINT",
            format!("unix://{}", socket.display()),
        );
        c.args(["create", "--name", name, "--resource-group", RG])
            .args(["--container-type", "CustomContainer", "--location", "local"])
            // An unsaved name: SESSIONPOOL_ENDPOINT (our socket) applies.
            .args(["--environment", "bench-sessions"])
            .args(["--image", &format!("{}/session-server:1.0", self.registry)])
            .args(["--registry-server", &self.registry])
            .args(["--cpu", "2", "--memory", "4Gi", "--target-port", "8080"])
            .args([
                "--cooldown-period",
                "300",
                "--network-status",
                "EgressDisabled",
            ])
            .args(["--max-sessions", &max.to_string()])
            .args(["--ready-sessions", &ready.to_string()])
            .args(["-o", "none"])
            .stdout(Stdio::null());
        c
    }

    pub fn create_pool(&self, name: &str, ready: usize, max: usize) {
        run(&mut self.create_pool_cmd(name, ready, max));
    }

    pub fn delete_pool_cmd(&self, name: &str) -> Command {
        let mut c = self.cli();
        c.args(["delete", "-n", name, "-g", RG, "--yes"])
            .stdout(Stdio::null());
        c
    }

    /// Mark pools deleted by the caller (after its delete commands succeeded).
    pub fn forget_pool(&self, name: &str) {
        self.pools.borrow_mut().remove(name);
    }

    pub fn delete_pool(&self, name: &str) {
        run(&mut self.delete_pool_cmd(name));
        self.forget_pool(name);
    }

    pub fn executor_token(&self, name: &str) -> String {
        run(self.cli().args([
            "token", "create", "--role", "executor", "-n", name, "-g", RG, "--query", "token",
            "-o", "tsv",
        ]))
    }

    /// The data plane of `pool` as the blocking client and wrk see it.
    pub fn daemon_target(&self, pool: &str, token: &str) -> Target {
        Target {
            name: "sessionpool",
            netns: None,
            addr: self.listen,
            prefix: format!("/pools/{RG}/{pool}"),
            query: String::new(),
            auth: format!("Authorization: Bearer {token}\r\n"),
            unix: None,
        }
    }

    /// A client for `/metrics` (admin token).
    pub fn metrics_client(&self) -> Client {
        Client::new(&Target::host("metrics", self.listen))
    }

    pub fn metrics(&self, client: &mut Client) -> String {
        let req = format!(
            "GET /metrics HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\n\r\n",
            self.listen, self.admin
        );
        let (_, ans) = client.call(req.as_bytes()).expect("GET /metrics");
        assert_eq!(ans.status, 200, "GET /metrics");
        body_text(&client.buf)
    }

    /// Sandbox directories in the data dir (one per live sandbox).
    /// The file system type of the run dir (`findmnt -T`), e.g. "ext4".
    pub fn run_dir_fs(&self) -> String {
        let out = Command::new("findmnt")
            .args(["-n", "-o", "FSTYPE", "-T"])
            .arg(&self.run_dir)
            .output();
        match out {
            Ok(o) if o.status.success() => {
                let fs = String::from_utf8_lossy(&o.stdout).trim().to_string();
                // ext4 without a journal allocates inodes differently (see the README).
                if fs == "ext4" && !has_journal(&self.run_dir) {
                    format!("{fs} (no journal)")
                } else {
                    fs
                }
            }
            _ => "an unknown file system".into(),
        }
    }

    pub fn sandboxes(&self) -> BTreeSet<String> {
        std::fs::read_dir(&self.run_dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Wait (at most `limit`) until no sandbox is left, so that teardowns of
    /// an earlier phase do not run beside the next one.
    pub fn wait_no_sandboxes(&self, limit: Duration) {
        let deadline = Instant::now() + limit;
        while !self.sandboxes().is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let left = self.sandboxes().len();
        if left > 0 {
            eprintln!("   {left} sandboxes still torn down after {limit:?}");
        }
    }

    /// The netns of the one sandbox in `after` that is not in `before`: its
    /// init's (the daemon holds each namespace open, without a file of its
    /// own; the init's PID is the first field of the sandbox's `pid` file).
    pub fn new_sandbox_netns(&self, before: &BTreeSet<String>) -> PathBuf {
        let new: Vec<String> = self.sandboxes().difference(before).cloned().collect();
        assert_eq!(new.len(), 1, "expected one new sandbox, got {new:?}");
        let pid_file = self.run_dir.join(&new[0]).join("pid");
        let text = std::fs::read_to_string(&pid_file)
            .unwrap_or_else(|e| panic!("{}: {e}", pid_file.display()));
        let pid: u32 = text
            .split_whitespace()
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("{}: no PID in {text:?}", pid_file.display()));
        PathBuf::from(format!("/proc/{pid}/ns/net"))
    }
}

/// A sample's value from Prometheus text: the first line starting with
/// `name` and containing `label`.
pub fn metric(text: &str, name: &str, label: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(name) && l.contains(label))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

/// `sessionpool_ready_sessions` of `pool` in a `/metrics` text.
pub fn ready_in(text: &str, pool: &str) -> Option<usize> {
    metric(text, "sessionpool_ready_sessions{", &format!("/{pool}\"")).map(|v| v as usize)
}

pub fn ready_count(env: &Env, c: &mut Client, pool: &str) -> Option<usize> {
    ready_in(&env.metrics(c), pool)
}

/// (warm count, cold count, warm seconds summed) from the daemon's histogram.
pub fn alloc_counts(env: &Env, c: &mut Client) -> (u64, u64, f64) {
    let m = env.metrics(c);
    let get = |what: &str, kind: &str| {
        metric(
            &m,
            &format!("sessionpool_allocation_seconds_{what}{{"),
            &format!("kind=\"{kind}\""),
        )
        .unwrap_or(0.0)
    };
    (
        get("count", "warm") as u64,
        get("count", "cold") as u64,
        get("sum", "warm"),
    )
}

pub fn wait_ready(env: &Env, c: &mut Client, pool: &str, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while ready_count(env, c, pool) != Some(n) {
        assert!(
            Instant::now() < deadline,
            "{pool}: {n} ready sessions never came"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Whether the ext4 file system holding `path` has a journal: jbd2 lists
/// each journal it runs under /proc/fs/jbd2 as `<device>-<inode>`.
fn has_journal(path: &Path) -> bool {
    let dev = Command::new("findmnt")
        .args(["-n", "-o", "SOURCE", "-T"])
        .arg(path)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let name = dev.rsplit('/').next().unwrap_or_default().to_string();
    std::fs::read_dir("/proc/fs/jbd2")
        .map(|d| {
            d.filter_map(|e| e.ok()).any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(&format!("{name}-"))
            })
        })
        .unwrap_or(false)
}
