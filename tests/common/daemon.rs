//! A real `sessionpool daemon` on a temp data dir, its socket and a loopback
//! TCP port (or, with a `Launch`, inside a network namespace on its own
//! address); killed by PID when dropped.

use super::registry::{Registry, session_image};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_sessionpool");

pub struct Daemon {
    /// A registry on loopback holding the example session image (shared by
    /// the daemons of one cluster).
    pub registry: Arc<Registry>,
    pub dir: tempfile::TempDir,
    pub port: u16,
    /// How the process starts and where its TCP listener is.
    pub launch: Launch,
    pub extra_args: Vec<String>,
    /// The data dir's parent: `dir` unless `start_under` picked another.
    pub data_parent: PathBuf,
    child: Option<Child>,
}

/// A temp dir others may traverse (0711, as /var/lib): embedded and runc
/// sandboxes' mapped root must reach the data dir inside, and the daemon
/// changes nothing above its data dir.
pub fn traversable_tempdir() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
    dir
}

/// How a daemon is started: a command put before the binary (as `nsenter
/// --net=/run/netns/NS --`, to run it in a network namespace: the same
/// process, so its PID is the daemon's) and the IP its TCP listener binds.
#[derive(Clone, Debug)]
pub struct Launch {
    pub prefix: Vec<String>,
    pub ip: String,
}

impl Default for Launch {
    fn default() -> Self {
        Launch {
            prefix: Vec::new(),
            ip: "127.0.0.1".to_string(),
        }
    }
}

impl Launch {
    /// Loopback of the test's own namespace: reachable from here over TCP.
    fn is_local(&self) -> bool {
        self.prefix.is_empty()
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Daemon {
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// Start with extra `sessionpool daemon` flags.
    pub fn start_with(extra: &[&str]) -> Self {
        Self::start_with_registry(Registry::start(), extra)
    }

    /// Start against `registry`, after pushing the example image to it.
    pub fn start_with_registry(registry: Registry, extra: &[&str]) -> Self {
        Self::start_under(registry, None, extra)
    }

    /// As `start_with_registry`, the data dir in `<dir>/parent/data` where
    /// `parent` is made first with `parent_mode` when given.
    pub fn start_under(registry: Registry, parent_mode: Option<u32>, extra: &[&str]) -> Self {
        registry.push(session_image(), "session-server", "1.0");
        Self::start_launched(
            Launch::default(),
            Arc::new(registry),
            parent_mode,
            free_port(),
            extra,
        )
    }

    /// The general start: `launch` says how the process starts (a network
    /// namespace, say), its TCP listener on `launch.ip:port`; `registry`
    /// (already holding what the test needs) may be shared between daemons.
    pub fn start_launched(
        launch: Launch,
        registry: Arc<Registry>,
        parent_mode: Option<u32>,
        port: u16,
        extra: &[&str],
    ) -> Self {
        let mut extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        // SESSIONPOOL_TEST_RUNTIME=runsc runs every daemon-based test under that
        // runtime (unless the test picks one itself).
        if let Ok(runtime) = std::env::var("SESSIONPOOL_TEST_RUNTIME")
            && !extra.iter().any(|a| a == "--runtime")
        {
            extra.extend(["--runtime".to_string(), runtime]);
        }
        extra.extend(["--insecure-registry".to_string(), registry.host.clone()]);
        let dir = traversable_tempdir();
        let data_parent = match parent_mode {
            None => dir.path().to_path_buf(),
            Some(mode) => {
                use std::os::unix::fs::PermissionsExt;
                let parent = dir.path().join("parent");
                std::fs::create_dir(&parent).unwrap();
                std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(mode)).unwrap();
                parent
            }
        };
        let mut d = Daemon {
            registry,
            dir,
            port,
            launch,
            extra_args: extra,
            data_parent,
            child: None,
        };
        d.spawn();
        d
    }

    pub fn data_dir(&self) -> PathBuf {
        self.data_parent.join("data")
    }

    pub fn socket(&self) -> PathBuf {
        self.dir.path().join("sessionpool.sock")
    }

    /// The example session image in this daemon's registry.
    pub fn image(&self) -> String {
        format!("{}/session-server:1.0", self.registry.host)
    }

    pub fn tcp_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn admin_token(&self) -> String {
        std::fs::read_to_string(self.data_dir().join("admin.token"))
            .unwrap()
            .trim()
            .to_string()
    }

    fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.path().join("daemon.log"))
            .unwrap();
        let (program, prefix) = match self.launch.prefix.split_first() {
            Some((first, rest)) => (first.as_str(), rest),
            None => (BIN, &[][..]),
        };
        let mut command = Command::new(program);
        if !self.launch.prefix.is_empty() {
            command.args(prefix).arg(BIN);
        }
        let child = command
            .arg("daemon")
            .arg("--data-dir")
            .arg(self.data_dir())
            .arg("--socket")
            .arg(self.socket())
            .arg("--listen")
            .arg(format!("{}:{}", self.launch.ip, self.port))
            .args(&self.extra_args)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("the sessionpool binary starts");
        self.child = Some(child);
        // A daemon in another network namespace is reached through its
        // socket only (its TCP address is not routed from here).
        let port = self.launch.is_local().then_some(self.port);
        if let Err(why) = wait_for(&self.socket(), port, self.child.as_mut().unwrap()) {
            panic!("{why}\n{}", self.log());
        }
    }

    /// Stop with SIGTERM (as an operator would) and start again on the same data dir.
    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
    }

    /// Kill with SIGKILL (a crash: no cleanup runs) and start again on the same data dir.
    pub fn crash_and_restart(&mut self) {
        self.kill_9();
        self.spawn();
    }

    /// Kill with SIGKILL (a crash: no cleanup runs), left dead.
    pub fn kill_9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Start again on the same data dir after `stop` or `kill_9`.
    pub fn start_again(&mut self) {
        assert!(self.child.is_none(), "the daemon still runs");
        self.spawn();
    }

    /// The daemon process's PID.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("the daemon runs").id()
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if child.try_wait().unwrap().is_some() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("daemon.log")).unwrap_or_default()
    }

    /// The CLI talking to this daemon over its socket.
    pub fn cli(&self) -> assert_cmd::Command {
        let mut c = assert_cmd::Command::new(BIN);
        c.env(
            "SESSIONPOOL_ENDPOINT",
            format!("unix://{}", self.socket().display()),
        )
        .env_remove("SESSIONPOOL_TOKEN")
        .env_remove("SESSIONPOOL_ENVIRONMENT")
        .env("SESSIONPOOL_CONFIG_DIR", self.dir.path().join("config"));
        c
    }

    /// The CLI talking to this daemon over TCP with `token`.
    pub fn cli_tcp(&self, token: Option<&str>) -> assert_cmd::Command {
        let mut c = self.cli();
        c.env("SESSIONPOOL_ENDPOINT", self.tcp_url());
        match token {
            Some(t) => c.env("SESSIONPOOL_TOKEN", t),
            None => c.env_remove("SESSIONPOOL_TOKEN"),
        };
        c
    }
}

/// Wait until the daemon answers on its socket (and loopback `port`).
fn wait_for(socket: &Path, port: Option<u16>, child: &mut Child) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if std::os::unix::net::UnixStream::connect(socket).is_ok()
            && port.is_none_or(|p| std::net::TcpStream::connect(("127.0.0.1", p)).is_ok())
        {
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("the daemon exited ({status}) before listening"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Err(format!(
        "the daemon did not start listening on {} and port {port:?}",
        socket.display()
    ))
}

impl Drop for Daemon {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The reference walkthrough's create command, placeholders filled.
/// (The example image listens on 8080, so that is the target port.)
pub fn walkthrough_create(d: &Daemon, name: &str, rg: &str) -> assert_cmd::Command {
    let mut c = d.cli();
    let (server, image) = (d.registry.host.clone(), d.image());
    c.args([
        "create",
        "--name",
        name,
        "--resource-group",
        rg,
        "--environment",
        "test-env",
        "--registry-server",
        &server,
        "--registry-username",
        "user",
        "--registry-password",
        "s3cret-pass",
        "--container-type",
        "CustomContainer",
        "--image",
        &image,
        "--cpu",
        "0.25",
        "--memory",
        "0.5Gi",
        "--target-port",
        "8080",
        "--cooldown-period",
        "300",
        "--network-status",
        "EgressDisabled",
        "--max-sessions",
        "10",
        "--ready-sessions",
        "5",
        "--env-vars",
        "key1=value1",
        "key2=value2",
        "--location",
        "westus",
    ]);
    c
}
