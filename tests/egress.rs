//! EgressEnabled and EgressDisabled, end to end, with no packet able to leave
//! the machine: the test makes a "daemon" network namespace D whose only way
//! out is a veth `up0` to a fake-internet namespace F (198.18.0.0/30; F also
//! holds 198.19.0.10 and addresses in every forbidden range on its `lo`). The
//! daemon runs inside D (`nsenter --net`) with `--egress-uplink up0` and moves
//! up0 into its router namespace. Sessions of an EgressEnabled pool must reach
//! a canary on 198.19.0.10 and nothing forbidden; an EgressDisabled session
//! reaches nothing. Everything made is removed at the end (namespaces,
//! processes by PID); the router's nftables table lives and dies with the
//! router namespace.

mod common;

use serde_json::Value;
use std::io::Write;
use std::net::{Ipv4Addr, TcpListener};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::daemon::BIN;
use common::registry::{require_tool, run, session_image};

/// Addresses on F's lo that sessions must never reach: private ranges,
/// carrier-grade NAT and the metadata address.
const FORBIDDEN: &[&str] = &[
    "10.99.0.1",
    "172.16.5.5",
    "192.168.77.1",
    "100.64.1.1",
    "169.254.169.254",
];
const INTERNET: &str = "198.19.0.10";
const NAMESERVER: &str = "198.19.0.53";
/// A non-private address of D itself (a "host address" of the daemon's namespace).
const HOST_ADDR: &str = "203.0.113.7";

fn ip(args: &[&str]) {
    run(Command::new("ip").args(args));
}

/// Test-made namespaces D and F, deleted on drop.
struct Lab {
    d: String,
    f: String,
}

impl Lab {
    fn new(tag: &str) -> Lab {
        for (tool, pkg) in [
            ("ip", "iproute2"),
            ("nft", "nftables"),
            ("nsenter", "util-linux"),
        ] {
            require_tool(tool, pkg);
        }
        let id = std::process::id();
        let lab = Lab {
            d: format!("spt{id}{tag}d"),
            f: format!("spt{id}{tag}f"),
        };
        ip(&["netns", "add", &lab.d]);
        ip(&["netns", "add", &lab.f]);
        let (d, f) = (lab.d.as_str(), lab.f.as_str());
        ip(&[
            "link", "add", "up0", "netns", d, "type", "veth", "peer", "name", "f0", "netns", f,
        ]);
        ip(&["-n", d, "link", "set", "lo", "up"]);
        ip(&["-n", d, "addr", "add", "198.18.0.2/30", "dev", "up0"]);
        ip(&["-n", d, "link", "set", "up0", "up"]);
        ip(&["-n", d, "route", "add", "default", "via", "198.18.0.1"]);
        ip(&[
            "-n",
            d,
            "addr",
            "add",
            &format!("{HOST_ADDR}/32"),
            "dev",
            "lo",
        ]);
        ip(&["-n", f, "link", "set", "lo", "up"]);
        ip(&["-n", f, "addr", "add", "198.18.0.1/30", "dev", "f0"]);
        ip(&["-n", f, "link", "set", "f0", "up"]);
        for a in FORBIDDEN.iter().chain([&INTERNET, &NAMESERVER]) {
            ip(&["-n", f, "addr", "add", &format!("{a}/32"), "dev", "lo"]);
        }
        lab
    }

    fn path(name: &str) -> PathBuf {
        Path::new("/run/netns").join(name)
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        for n in [&self.d, &self.f] {
            let _ = Command::new("ip").args(["netns", "del", n]).status();
        }
    }
}

/// A TCP server inside namespace `ns` that counts connections.
struct Canary {
    port: u16,
    hits: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Canary {
    fn bind_in(ns: &Path, ip: Ipv4Addr) -> Canary {
        let ns = std::fs::File::open(ns).unwrap();
        let listener = std::thread::spawn(move || {
            // SAFETY: setns on this short-lived thread only.
            assert_eq!(
                unsafe { libc::setns(ns.as_raw_fd(), libc::CLONE_NEWNET) },
                0
            );
            TcpListener::bind((ip, 0)).unwrap()
        })
        .join()
        .unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let (hits, stop) = (
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicBool::new(false)),
        );
        let (h, s) = (hits.clone(), stop.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((mut c, _)) => {
                        h.fetch_add(1, Ordering::SeqCst);
                        let _ = c.write_all(b"CANARY-REACHED\n");
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Canary { port, hits, stop }
    }
    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for Canary {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// A one-name DNS server on `addr:53` inside namespace `ns`: answers an A
/// record `answer` for every query (enough to prove resolv.conf works).
struct FakeDns {
    stop: Arc<AtomicBool>,
    queries: Arc<AtomicUsize>,
}

impl FakeDns {
    fn start(ns: &Path, addr: Ipv4Addr, answer: Ipv4Addr) -> FakeDns {
        let ns = std::fs::File::open(ns).unwrap();
        let socket = std::thread::spawn(move || {
            // SAFETY: setns on this short-lived thread only.
            assert_eq!(
                unsafe { libc::setns(ns.as_raw_fd(), libc::CLONE_NEWNET) },
                0
            );
            std::net::UdpSocket::bind((addr, 53)).unwrap()
        })
        .join()
        .unwrap();
        socket
            .set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        let (stop, queries) = (
            Arc::new(AtomicBool::new(false)),
            Arc::new(AtomicUsize::new(0)),
        );
        let (s, q) = (stop.clone(), queries.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 512];
            while !s.load(Ordering::Relaxed) {
                let Ok((n, peer)) = socket.recv_from(&mut buf) else {
                    continue;
                };
                if n < 12 {
                    continue;
                }
                q.fetch_add(1, Ordering::SeqCst);
                // Header: same id, response + recursion available, 1 question, 1 answer.
                let mut out = buf[..2].to_vec();
                out.extend([0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]);
                out.extend(&buf[12..n]); // the question as asked
                out.extend([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4]);
                out.extend(answer.octets());
                let _ = socket.send_to(&out, peer);
            }
        });
        FakeDns { stop, queries }
    }
}

impl Drop for FakeDns {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// The daemon inside namespace D, killed by PID on drop.
struct InnerDaemon {
    dir: tempfile::TempDir,
    child: Option<Child>,
    port: u16,
}

impl InnerDaemon {
    fn start(d_ns: &Path, runtime: &str) -> InnerDaemon {
        let dir = common::daemon::traversable_tempdir();
        let port = common::daemon::free_port();
        let log = std::fs::File::create(dir.path().join("daemon.log")).unwrap();
        let child = Command::new("nsenter")
            .arg(format!("--net={}", d_ns.display()))
            .arg(BIN)
            .args(["daemon", "--data-dir"])
            .arg(dir.path().join("data"))
            .arg("--socket")
            .arg(dir.path().join("sessionpool.sock"))
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(["--runtime", runtime, "--egress-uplink", "up0"])
            .args(["--egress-nameserver", NAMESERVER])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        let d = InnerDaemon {
            dir,
            child: Some(child),
            port,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::os::unix::net::UnixStream::connect(d.socket()).is_err() {
            assert!(
                Instant::now() < deadline,
                "the daemon did not start:\n{}",
                d.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        d
    }
    fn socket(&self) -> PathBuf {
        self.dir.path().join("sessionpool.sock")
    }
    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("daemon.log")).unwrap_or_default()
    }
    fn cli(&self) -> assert_cmd::Command {
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
    fn create_pool(&self, name: &str, network: &str) {
        self.cli()
            .args(["create", "-n", name, "-g", "rg", "--environment", "test"])
            .args(["--image", &session_image().reference()])
            .args(["--target-port", "8080", "--ready-sessions", "1"])
            .args(["--network-status", network])
            .assert()
            .success();
    }
    fn execute(&self, pool: &str, identifier: &str, command: &str) -> String {
        let body = serde_json::json!({ "command": command }).to_string();
        let out = self
            .cli()
            .args(["invoke", "-n", pool, "-g", "rg", "--identifier", identifier])
            .args(["--path", "/api/execute", "--data", &body])
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "invoke in {pool}/{identifier} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            self.log()
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        format!(
            "{}{}",
            v["stdout"].as_str().unwrap_or(""),
            v["stderr"].as_str().unwrap_or("")
        )
    }
}

impl Drop for InnerDaemon {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // SAFETY: signalling our own child by PID.
            unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
            let deadline = Instant::now() + Duration::from_secs(15);
            while Instant::now() < deadline && child.try_wait().unwrap().is_none() {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = sessionpool::runtime::remove_egress_router(
            &self.dir.path().join("data/egress-router.netns"),
        );
    }
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '|'], " ")
        .trim()
        .chars()
        .take(120)
        .collect()
}

fn connect(target: &str, port: u16) -> String {
    format!("echo x | timeout 6 nc -w 3 {target} {port} 2>&1; echo rc=$?")
}

fn suite(runtime: &str, tag: &str) {
    if runtime != "embedded" {
        require_tool(runtime, runtime);
    }
    let lab = Lab::new(tag);
    let (d_ns, f_ns) = (Lab::path(&lab.d), Lab::path(&lab.f));
    let internet = Canary::bind_in(&f_ns, INTERNET.parse().unwrap());
    let forbidden = Canary::bind_in(&f_ns, Ipv4Addr::UNSPECIFIED);
    let host = Canary::bind_in(&d_ns, Ipv4Addr::UNSPECIFIED);
    let dns = FakeDns::start(
        &f_ns,
        NAMESERVER.parse().unwrap(),
        INTERNET.parse().unwrap(),
    );
    let d = InnerDaemon::start(&d_ns, runtime);
    d.create_pool("open", "EgressEnabled");
    d.create_pool("closed", "EgressDisabled");

    // Allowed: the fake internet.
    let out = d.execute("open", "sess-a", &connect(INTERNET, internet.port));
    assert!(
        out.contains("CANARY-REACHED"),
        "the internet canary: {out}\n{}",
        d.log()
    );
    assert_eq!(internet.hits(), 1);
    let resolv = d.execute("open", "sess-a", "cat /etc/resolv.conf");
    assert!(
        resolv.contains(&format!("nameserver {NAMESERVER}")),
        "{resolv}"
    );
    // Name resolution through resolv.conf, the router and the fake internet.
    let lookup = d.execute("open", "sess-a", "nslookup canary.test 2>&1");
    assert!(
        lookup.contains(INTERNET) && dns.queries.load(Ordering::SeqCst) > 0,
        "nslookup through {NAMESERVER}: {lookup}"
    );
    let view = d.execute("open", "sess-a", "ip -o -4 addr; ip route");
    assert!(
        view.contains("eth0") && view.contains("default via 10.213.255.254"),
        "{view}"
    );

    // Forbidden: private ranges, link-local metadata, the daemon's own
    // addresses and API, the router, and the other session.
    let b_addr = d
        .execute(
            "open",
            "sess-b",
            "ip -o -4 addr show eth0 | awk '{print $4}' | cut -d/ -f1",
        )
        .trim()
        .to_string();
    assert!(
        b_addr.starts_with("10.213."),
        "session b's address: {b_addr}"
    );
    let mut targets: Vec<(String, u16)> = FORBIDDEN
        .iter()
        .map(|a| (a.to_string(), forbidden.port))
        .collect();
    targets.extend([
        (HOST_ADDR.to_string(), host.port),
        ("198.18.0.2".to_string(), host.port),
        ("127.0.0.1".to_string(), host.port),
        ("127.0.0.1".to_string(), d.port),
        (HOST_ADDR.to_string(), d.port),
        ("10.213.255.254".to_string(), 22),
        (b_addr.clone(), 8080),
    ]);
    let mut table = format!(
        "| target ({runtime}) | expected | observed |\n|---|---|---|\n| {INTERNET}:{} (fake internet) | reached | {} |\n| `nslookup canary.test` via resolv.conf ({NAMESERVER} in the fake internet) | resolves to {INTERNET} | {} |\n",
        internet.port,
        one_line(&out),
        one_line(&lookup)
    );
    let api = d.port;
    let what = |addr: &str, port: u16| match addr {
        _ if port == api => "the daemon's TCP API",
        a if a == b_addr => "the other session",
        "10.213.255.254" => "the router",
        "198.18.0.2" => "the daemon namespace's uplink address",
        HOST_ADDR => "a host address of the daemon's namespace",
        "127.0.0.1" => "loopback",
        "169.254.169.254" => "metadata (link-local)",
        _ => "a private / CGNAT range",
    };
    for (addr, port) in &targets {
        let out = d.execute("open", "sess-a", &connect(addr, *port));
        table += &format!(
            "| {addr}:{port} ({}) | refused or unreachable | {} |\n",
            what(addr, *port),
            one_line(&out)
        );
        assert!(
            !out.contains("rc=0") && !out.contains("CANARY-REACHED"),
            "session a reached {addr}:{port}: {out}"
        );
    }
    assert_eq!(forbidden.hits(), 0, "a forbidden address was reached");
    assert_eq!(host.hits(), 0, "the daemon's namespace was reached");

    // EgressDisabled: loopback only, nothing reachable.
    let view = d.execute(
        "closed",
        "sess-c",
        "cat /proc/net/dev | tail -n +3 | cut -d: -f1; tail -n +2 /proc/net/route | wc -l",
    );
    let lines: Vec<&str> = view.lines().map(str::trim).collect();
    assert_eq!(lines, ["lo", "0"], "EgressDisabled view: {view}");
    let out = d.execute("closed", "sess-c", &connect(INTERNET, internet.port));
    assert!(
        !out.contains("rc=0"),
        "EgressDisabled reached the internet: {out}"
    );
    assert_eq!(
        internet.hits(),
        1,
        "only the EgressEnabled attempt reached the internet"
    );

    table += &format!(
        "| EgressDisabled session: interfaces, routes, {INTERNET}:{} | lo only, nothing reachable | {} |\n",
        internet.port,
        one_line(&format!("{view} {out}"))
    );
    table += &format!(
        "\nCanary connections: fake internet {} (the one allowed attempt), forbidden addresses {}, daemon namespace {}\n",
        internet.hits(),
        forbidden.hits(),
        host.hits()
    );
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("egress-{runtime}.md"));
    std::fs::write(&path, table).unwrap();

    // Everyone still answers.
    assert!(d.execute("open", "sess-b", "echo alive").contains("alive"));
}

#[test]
fn egress_enabled_reaches_only_the_internet_embedded() {
    suite("embedded", "e");
}

#[test]
fn egress_enabled_reaches_only_the_internet_runsc() {
    suite("runsc", "g");
}

#[test]
fn egress_enabled_reaches_only_the_internet_runc() {
    suite("runc", "r");
}
