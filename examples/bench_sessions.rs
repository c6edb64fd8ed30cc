//! Sessions benchmark: warm and cold allocation, forwarding against a direct
//! connection and nginx, and the fill rate of a new pool, side by side in one
//! run against the real daemon.
//!
//! Run as root (needs docker-registry, skopeo, umoci, busybox-static, nginx-light):
//!
//! ```sh
//! cargo build --release && cargo run --release --example bench_sessions
//! ```
//!
//! The daemon is the `sessionpool` binary next to this example's directory
//! (`target/release/sessionpool`), or `$SESSIONPOOL_BIN`. Everything runs on
//! loopback: a registry (`examples/registry.sh`) on a free port, the example
//! image (`examples/build-image.sh`), the daemon with a temporary
//! `--data-dir`/`--socket` and `--listen` on a free port, the embedded runtime.
//! Every process it starts is stopped by PID at the end. Nothing is asserted:
//! it prints a markdown table (metric, sessionpool, baseline, target, met?).
//!
//! How each figure is taken (one blocking HTTP/1.1 client, hand-written
//! requests, identical for every target; only how the socket is obtained differs):
//! - warm allocation: new identifier → first byte of `GET /` through the
//!   daemon, over a keep-alive connection opened beforehand; pool with
//!   `--ready-sessions 20`, 10 identifiers per batch, then the batch's sessions
//!   are stopped and the pool refills before the next one. `/metrics` warm/cold
//!   counters confirm every allocation was warm.
//! - cold allocation: the same with `--ready-sessions 0` (a sandbox start each).
//! - forwarding: one session; `GET /` through the daemon (keep-alive to the
//!   daemon), DIRECT to the container (the client thread joins the sandbox's
//!   network namespace once with setns and connects to 127.0.0.1:8080 there),
//!   and through nginx started inside the same namespace (`nsenter --net`,
//!   listening on 127.0.0.1:18080 there, `proxy_pass http://127.0.0.1:8080`;
//!   the client joins the namespace the same way). The example session server
//!   answers `Connection: close`, so direct and both proxies open one upstream
//!   connection per request; the daemon and nginx keep the client leg alive.
//! - bulk: the example server has no upload route, so a download: `POST
//!   /api/execute` running `head -c 32M /dev/zero | tr '\0' a`, the ~32 MiB
//!   JSON answer timed to its last byte (this includes the command's run time,
//!   identical for all three).
//! - fill: a pool with `--ready-sessions 50 --max-sessions 100`; from the pool's
//!   actor appearing in `/metrics` (image pulled, provisioning about to report
//!   Succeeded) to `sessionpool_ready_sessions` = 50.

#[path = "bench_common/mod.rs"]
mod bench_common;
use bench_common::{free_port, run};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const RG: &str = "bench-rg";
const WARM_POOL: &str = "bench-warm";
const COLD_POOL: &str = "bench-cold";
const FILL_POOL: &str = "bench-fill";
const WARM_READY: usize = 20;
const WARM_BATCH: usize = 10;
const WARM_SAMPLES: usize = 200;
const COLD_SAMPLES: usize = 20;
const FILL_READY: usize = 50;
const LATENCY_REQUESTS: usize = 2000;
const CONCURRENCY: usize = 16;
const THROUGHPUT_FOR: Duration = Duration::from_secs(5);
const BULK_BYTES: usize = 32 << 20;
const BULK_RUNS: usize = 3;
const NGINX_PORT: u16 = 18080;

// ---------------------------------------------------------------- HTTP client

/// One HTTP/1.1 answer as the client saw it.
struct Answer {
    status: u16,
    first_byte: Duration,
    body: usize,
    close: bool,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Write `req` on `s` and read one whole answer (Content-Length or chunked).
fn exchange(s: &mut TcpStream, req: &[u8], buf: &mut Vec<u8>) -> io::Result<Answer> {
    let t0 = Instant::now();
    s.write_all(req)?;
    buf.clear();
    let mut chunk = [0u8; 64 * 1024];
    let mut first_byte = None;
    let head_end = loop {
        let n = s.read(&mut chunk)?;
        if n == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "closed"));
        }
        first_byte.get_or_insert_with(|| t0.elapsed());
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = find(buf, b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let status = head
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_default();
    let header = |name: &str| {
        head.lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(n, _)| n.trim() == name)
            .map(|(_, v)| v.trim().to_string())
    };
    let close = header("connection").is_some_and(|v| v.contains("close"));
    if status == 204 || status == 304 {
        return Ok(Answer {
            status,
            first_byte: first_byte.unwrap_or_default(),
            body: 0,
            close,
        });
    }
    let body = if let Some(len) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        let mut have = buf.len() - head_end;
        while have < len {
            let n = s.read(&mut chunk)?;
            if n == 0 {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "short body"));
            }
            have += n;
        }
        len
    } else if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        while !buf.ends_with(b"\r\n0\r\n\r\n") && !buf[head_end..].starts_with(b"0\r\n\r\n") {
            let n = s.read(&mut chunk)?;
            if n == 0 {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "short body"));
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        buf.len() - head_end
    } else {
        // Delimited by close.
        let mut have = buf.len() - head_end;
        loop {
            let n = s.read(&mut chunk)?;
            if n == 0 {
                break;
            }
            have += n;
        }
        return Ok(Answer {
            status,
            first_byte: first_byte.unwrap_or_default(),
            body: have,
            close: true,
        });
    };
    Ok(Answer {
        status,
        first_byte: first_byte.unwrap_or_default(),
        body,
        close,
    })
}

/// Join the network namespace at `path` for the rest of this thread's life.
fn enter_netns(path: &Path) -> io::Result<()> {
    let ns = File::open(path)?;
    // SAFETY: valid fd; setns(CLONE_NEWNET) changes only the calling thread,
    // which is one of ours and used for nothing else.
    if unsafe { libc::setns(ns.as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Where a request goes: a TCP address, seen from inside `netns` if set.
#[derive(Clone)]
struct Target {
    name: &'static str,
    netns: Option<PathBuf>,
    addr: SocketAddr,
    /// Host header and path prefix plus auth: the request bytes before/after the path.
    prefix: String,
    query: String,
    auth: String,
}

impl Target {
    fn request(&self, method: &str, path: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "{method} {}{path}{} HTTP/1.1\r\nHost: {}\r\n{}",
            self.prefix, self.query, self.addr, self.auth
        );
        if !body.is_empty() || method == "POST" {
            let _ = write!(
                r,
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            );
        }
        r.push_str("\r\n");
        let mut r = r.into_bytes();
        r.extend_from_slice(body);
        r
    }
}

/// A client bound to one target: reconnects when the server closes.
struct Client {
    addr: SocketAddr,
    conn: Option<TcpStream>,
    buf: Vec<u8>,
}

impl Client {
    /// Call from the thread that will use it: it joins the target's namespace.
    fn new(t: &Target) -> Self {
        if let Some(ns) = &t.netns {
            enter_netns(ns).expect("join the sandbox's network namespace");
        }
        Client {
            addr: t.addr,
            conn: None,
            buf: Vec::with_capacity(64 * 1024),
        }
    }

    /// Time one exchange including a connect when there is no open connection;
    /// the answer's first byte is counted from the same start.
    fn call(&mut self, req: &[u8]) -> io::Result<(Duration, Answer)> {
        let t0 = Instant::now();
        let mut s = match self.conn.take() {
            Some(s) => s,
            None => {
                let s = TcpStream::connect(self.addr)?;
                s.set_nodelay(true)?;
                s
            }
        };
        let connect = t0.elapsed();
        let mut ans = exchange(&mut s, req, &mut self.buf)?;
        let total = t0.elapsed();
        ans.first_byte += connect;
        if !ans.close {
            self.conn = Some(s);
        }
        Ok((total, ans))
    }
}

// ---------------------------------------------------------------- statistics

fn quantile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return f64::NAN;
    }
    v[((v.len() - 1) as f64 * q).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

// ---------------------------------------------------------------- processes

struct Env {
    repo: PathBuf,
    dir: PathBuf,
    sp: PathBuf,
    socket: PathBuf,
    data_dir: PathBuf,
    listen: SocketAddr,
    registry: String,
    admin: String,
    daemon: Option<Child>,
    nginx: Option<Child>,
}

impl Drop for Env {
    fn drop(&mut self) {
        for child in [self.nginx.take(), self.daemon.take()]
            .into_iter()
            .flatten()
        {
            let mut child = child;
            // SIGTERM: nginx's fast shutdown; the daemon tears its sandboxes down.
            // SAFETY: a plain signal to a child we started and have not reaped.
            unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
            let _ = child.wait();
        }
        let _ = Command::new(self.repo.join("examples/registry.sh"))
            .arg("stop")
            .arg(self.dir.join("registry"))
            .status();
        if std::env::var_os("BENCH_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Env {
    fn cli(&self) -> Command {
        let mut c = Command::new(&self.sp);
        c.env(
            "SESSIONPOOL_ENDPOINT",
            format!("unix://{}", self.socket.display()),
        )
        .env_remove("SESSIONPOOL_TOKEN");
        c
    }

    fn create_pool_cmd(&self, name: &str, ready: usize, max: usize) -> Command {
        let mut c = self.cli();
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

    fn create_pool(&self, name: &str, ready: usize, max: usize) {
        run(&mut self.create_pool_cmd(name, ready, max));
    }

    fn delete_pool(&self, name: &str) {
        run(self
            .cli()
            .args(["delete", "-n", name, "-g", RG, "--yes"])
            .stdout(Stdio::null()));
    }

    fn executor_token(&self, name: &str) -> String {
        run(self.cli().args([
            "token", "create", "--role", "executor", "-n", name, "-g", RG, "--query", "token",
            "-o", "tsv",
        ]))
    }

    fn daemon_target(&self, pool: &str, token: &str) -> Target {
        Target {
            name: "sessionpool",
            netns: None,
            addr: self.listen,
            prefix: format!("/pools/{RG}/{pool}"),
            query: String::new(),
            auth: format!("Authorization: Bearer {token}\r\n"),
        }
    }

    fn metrics(&self, client: &mut Client) -> String {
        let req = format!(
            "GET /metrics HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\n\r\n",
            self.listen, self.admin
        );
        let (_, ans) = client.call(req.as_bytes()).expect("GET /metrics");
        assert_eq!(ans.status, 200, "GET /metrics");
        let head_end = find(&client.buf, b"\r\n\r\n").unwrap() + 4;
        String::from_utf8_lossy(&client.buf[head_end..]).into_owned()
    }

    fn sandboxes(&self) -> BTreeSet<String> {
        std::fs::read_dir(self.data_dir.join("sandboxes"))
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn metric(text: &str, name: &str, label: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(name) && l.contains(label))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

fn ready_count(env: &Env, c: &mut Client, pool: &str) -> Option<usize> {
    metric(
        &env.metrics(c),
        "sessionpool_ready_sessions{",
        &format!("/{pool}\""),
    )
    .map(|v| v as usize)
}

/// (warm count, cold count, warm seconds summed) from the daemon's histogram.
fn alloc_counts(env: &Env, c: &mut Client) -> (u64, u64, f64) {
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

fn wait_ready(env: &Env, c: &mut Client, pool: &str, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while ready_count(env, c, pool) != Some(n) {
        assert!(
            Instant::now() < deadline,
            "{pool}: {n} ready sessions never came"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn setup() -> Env {
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
    assert!(
        Command::new("nginx").arg("-v").output().is_ok(),
        "nginx is required (apt-get install nginx-light)"
    );
    let dir = PathBuf::from(format!("/tmp/bench-sessions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let reg_port = free_port();
    let registry = format!("127.0.0.1:{reg_port}");
    let listen: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let data_dir = dir.join("data");
    let socket = dir.join("sessionpool.sock");
    let mut env = Env {
        repo: repo.clone(),
        dir: dir.clone(),
        sp,
        socket,
        data_dir,
        listen,
        registry: registry.clone(),
        admin: String::new(),
        daemon: None,
        nginx: None,
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
            .args(["--listen", &listen.to_string()])
            .args(["--insecure-registry", &registry])
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start the daemon"),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let token = std::fs::read_to_string(env.data_dir.join("admin.token")).unwrap_or_default();
        if !token.trim().is_empty() && TcpStream::connect(listen).is_ok() && env.socket.exists() {
            env.admin = token.trim().to_string();
            break;
        }
        assert!(Instant::now() < deadline, "the daemon did not come up");
        std::thread::sleep(Duration::from_millis(20));
    }
    env
}

// ---------------------------------------------------------------- phases

struct Fill {
    provision: Duration,
    fill: Duration,
    ready_at_start: usize,
}

fn bench_fill(env: &Env, mc: &mut Client) -> Fill {
    eprintln!("== fill: {FILL_POOL} 0 → {FILL_READY} ready");
    let t0 = Instant::now();
    let mut create = env
        .create_pool_cmd(FILL_POOL, FILL_READY, 100)
        .spawn()
        .expect("sessionpool create");
    let (start, ready_at_start) = loop {
        if let Some(n) = ready_count(env, mc, FILL_POOL) {
            break (Instant::now(), n);
        }
        if let Some(status) = create.try_wait().unwrap() {
            assert!(status.success(), "sessionpool create failed");
        }
        assert!(t0.elapsed() < Duration::from_secs(120), "no pool actor");
        std::thread::sleep(Duration::from_millis(2));
    };
    wait_ready(env, mc, FILL_POOL, FILL_READY);
    let fill = start.elapsed();
    assert!(create.wait().unwrap().success(), "sessionpool create");
    env.delete_pool(FILL_POOL);
    Fill {
        provision: start - t0,
        fill,
        ready_at_start,
    }
}

/// What one allocation phase measured.
struct Allocation {
    /// New identifier → first byte, ms.
    first: Vec<f64>,
    /// The same identifier's next `GET /` right after, ms.
    again: Vec<f64>,
    warm: u64,
    cold: u64,
    /// The daemon's own mean warm allocation time (its histogram), ms.
    daemon_warm_mean: f64,
}

/// New identifiers → first byte of `GET /`.
fn bench_allocation(
    env: &Env,
    mc: &mut Client,
    pool: &str,
    ready: usize,
    batch: usize,
    samples: usize,
) -> Allocation {
    let token = env.executor_token(pool);
    let target = env.daemon_target(pool, &token);
    let mut client = Client::new(&target);
    // Open the keep-alive connection outside the timings.
    let probe = target.request("GET", "/.management/listSessions?identifier=warmup-x", b"");
    client.call(&probe).unwrap();
    let (w0, c0, s0) = alloc_counts(env, mc);
    let mut times = Vec::new();
    let mut again = Vec::new();
    let mut n = 0;
    while times.len() < samples {
        if ready > 0 {
            wait_ready(env, mc, pool, ready);
            // Let the last refill's processes settle.
            std::thread::sleep(Duration::from_millis(50));
        }
        let ids: Vec<String> = (0..batch)
            .map(|_| {
                n += 1;
                format!("{pool}-user-{n}")
            })
            .collect();
        for id in &ids {
            let req = target.request("GET", &format!("/?identifier={id}"), b"");
            let (_, ans) = client.call(&req).expect("allocate");
            assert_eq!(ans.status, 200, "allocate {id}");
            times.push(ms(ans.first_byte));
            let (_, ans) = client.call(&req).expect("second request");
            assert_eq!(ans.status, 200, "second request {id}");
            again.push(ms(ans.first_byte));
        }
        for id in &ids {
            let req = target.request(
                "POST",
                &format!("/.management/stopSession?identifier={id}"),
                b"",
            );
            let (_, ans) = client.call(&req).expect("stopSession");
            assert_eq!(ans.status, 204, "stopSession {id}");
        }
    }
    let (w1, c1, s1) = alloc_counts(env, mc);
    Allocation {
        first: times,
        again,
        warm: w1 - w0,
        cold: c1 - c0,
        daemon_warm_mean: if w1 > w0 {
            (s1 - s0) * 1e3 / (w1 - w0) as f64
        } else {
            f64::NAN
        },
    }
}

fn latencies(t: &Target, n: usize) -> Vec<f64> {
    let t = t.clone();
    std::thread::spawn(move || {
        let mut c = Client::new(&t);
        let req = t.request("GET", "/", b"");
        for _ in 0..200 {
            c.call(&req).unwrap();
        }
        (0..n)
            .map(|_| {
                let (d, ans) = c.call(&req).unwrap();
                assert_eq!(ans.status, 200, "{}", t.name);
                d.as_secs_f64() * 1e6
            })
            .collect()
    })
    .join()
    .unwrap()
}

/// Requests/s over CONCURRENCY connections for THROUGHPUT_FOR (errors counted apart).
fn throughput(t: &Target) -> (f64, u64) {
    let stop = Arc::new(AtomicBool::new(false));
    let (ok, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (t, stop, ok, failed) = (t.clone(), stop.clone(), ok.clone(), failed.clone());
            std::thread::spawn(move || {
                let mut c = Client::new(&t);
                let req = t.request("GET", "/", b"");
                while !stop.load(Ordering::Relaxed) {
                    match c.call(&req) {
                        Ok((_, a)) if a.status == 200 => ok.fetch_add(1, Ordering::Relaxed),
                        _ => failed.fetch_add(1, Ordering::Relaxed),
                    };
                }
            })
        })
        .collect();
    let t0 = Instant::now();
    std::thread::sleep(THROUGHPUT_FOR);
    stop.store(true, Ordering::Relaxed);
    let n_ok = ok.load(Ordering::Relaxed);
    let elapsed = t0.elapsed();
    for w in workers {
        w.join().unwrap();
    }
    (
        n_ok as f64 / elapsed.as_secs_f64(),
        failed.load(Ordering::Relaxed),
    )
}

/// MB/s of the ~BULK_BYTES `/api/execute` download, median of BULK_RUNS.
fn bulk(t: &Target) -> f64 {
    let t = t.clone();
    std::thread::spawn(move || {
        let mut c = Client::new(&t);
        let body = format!(r#"{{"command": "head -c {BULK_BYTES} /dev/zero | tr '\\0' a"}}"#);
        let req = t.request("POST", "/api/execute", body.as_bytes());
        let mut rates: Vec<f64> = (0..BULK_RUNS)
            .map(|_| {
                let (d, ans) = c.call(&req).unwrap();
                assert_eq!(ans.status, 200, "{} bulk", t.name);
                assert!(ans.body >= BULK_BYTES, "{} bulk: short answer", t.name);
                ans.body as f64 / 1e6 / d.as_secs_f64()
            })
            .collect();
        quantile(&mut rates, 0.5)
    })
    .join()
    .unwrap()
}

fn start_nginx(env: &mut Env, netns: &Path) {
    let dir = env.dir.join("nginx");
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.display();
    let conf = format!(
        "worker_processes 2;\ndaemon off;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
         fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
         keepalive_requests 1000000;\n\
         server {{\n    listen 127.0.0.1:{NGINX_PORT};\n    location / {{\n\
         proxy_pass http://127.0.0.1:8080;\n      proxy_http_version 1.1;\n\
         proxy_max_temp_file_size 0;\n    }}\n  }}\n}}\n"
    );
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let log = File::create(dir.join("stderr.log")).unwrap();
    env.nginx = Some(
        Command::new("nsenter")
            .arg(format!("--net={}", netns.display()))
            .arg("nginx")
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .arg("-p")
            .arg(&dir)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start nginx"),
    );
}

/// Wait until `t` answers `GET /` with 200.
fn wait_serving(t: &Target) {
    let t = t.clone();
    std::thread::spawn(move || {
        let mut c = Client::new(&t);
        let req = t.request("GET", "/", b"");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok((_, a)) = c.call(&req)
                && a.status == 200
            {
                return;
            }
            assert!(Instant::now() < deadline, "{} does not answer", t.name);
            std::thread::sleep(Duration::from_millis(10));
        }
    })
    .join()
    .unwrap()
}

// ---------------------------------------------------------------- report

struct Row {
    metric: String,
    ours: String,
    baseline: String,
    target: String,
    met: Option<bool>,
}

fn row(metric: &str, ours: String, baseline: &str, target: &str, met: Option<bool>) -> Row {
    Row {
        metric: metric.into(),
        ours,
        baseline: baseline.into(),
        target: target.into(),
        met,
    }
}

fn main() {
    let mut env = setup();
    let mut mc = Client::new(&Target {
        name: "metrics",
        netns: None,
        addr: env.listen,
        prefix: String::new(),
        query: String::new(),
        auth: String::new(),
    });
    let load_at_start = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();

    // Fill first, on a quiet daemon.
    let fill = bench_fill(&env, &mut mc);

    eprintln!("== warm allocation ({WARM_SAMPLES} identifiers, ready {WARM_READY})");
    env.create_pool(WARM_POOL, WARM_READY, 100);
    let warm_phase = bench_allocation(
        &env,
        &mut mc,
        WARM_POOL,
        WARM_READY,
        WARM_BATCH,
        WARM_SAMPLES,
    );
    env.delete_pool(WARM_POOL);

    eprintln!("== cold allocation ({COLD_SAMPLES} identifiers, ready 0)");
    env.create_pool(COLD_POOL, 0, 5);
    let cold_phase = bench_allocation(&env, &mut mc, COLD_POOL, 0, 1, COLD_SAMPLES);

    eprintln!("== forwarding");
    let token = env.executor_token(COLD_POOL);
    let mut daemon = env.daemon_target(COLD_POOL, &token);
    daemon.query = "?identifier=bench-forward-1".into();
    let before = env.sandboxes();
    wait_serving(&daemon);
    let new: Vec<String> = env.sandboxes().difference(&before).cloned().collect();
    assert_eq!(new.len(), 1, "expected one new sandbox, got {new:?}");
    let netns = env.data_dir.join("sandboxes").join(&new[0]).join("netns");
    let direct = Target {
        name: "direct",
        netns: Some(netns.clone()),
        addr: "127.0.0.1:8080".parse().unwrap(),
        prefix: String::new(),
        query: String::new(),
        auth: String::new(),
    };
    let nginx = Target {
        name: "nginx",
        addr: format!("127.0.0.1:{NGINX_PORT}").parse().unwrap(),
        ..direct.clone()
    };
    start_nginx(&mut env, &netns);
    wait_serving(&nginx);
    let targets = [&daemon, &direct, &nginx];
    let mut lat: Vec<Vec<f64>> = targets
        .iter()
        .map(|t| {
            eprintln!("   latency {}", t.name);
            latencies(t, LATENCY_REQUESTS)
        })
        .collect();
    let rps: Vec<(f64, u64)> = targets
        .iter()
        .map(|t| {
            eprintln!("   throughput {}", t.name);
            throughput(t)
        })
        .collect();
    let mbs: Vec<f64> = targets
        .iter()
        .map(|t| {
            eprintln!("   bulk {}", t.name);
            bulk(t)
        })
        .collect();
    env.delete_pool(COLD_POOL);

    // ------------------------------------------------------------ table
    // Every batch's first allocation meets a quiet pool; the rest run beside
    // the refill starts the earlier ones triggered.
    let (mut warm, warm_ok, warm_cold) = (warm_phase.first, warm_phase.warm, warm_phase.cold);
    let mut warm_again = warm_phase.again;
    let (mut cold, cold_warm, cold_cold) = (cold_phase.first, cold_phase.warm, cold_phase.cold);
    let mut warm_first: Vec<f64> = warm.iter().step_by(WARM_BATCH).copied().collect();
    let (wp50, wp99) = (quantile(&mut warm, 0.5), quantile(&mut warm, 0.99));
    let (cp50, cp99) = (quantile(&mut cold, 0.5), quantile(&mut cold, 0.99));
    let p = |v: &mut Vec<f64>, q| quantile(v, q);
    let (dp50, dp99) = (p(&mut lat[0], 0.5), p(&mut lat[0], 0.99));
    let (xp50, xp99) = (p(&mut lat[1], 0.5), p(&mut lat[1], 0.99));
    let (np50, np99) = (p(&mut lat[2], 0.5), p(&mut lat[2], 0.99));
    let fill_rate = (FILL_READY - fill.ready_at_start) as f64 / fill.fill.as_secs_f64();
    let rows = vec![
        row(
            &format!(
                "warm allocation p50 (new id → first byte, n={})",
                warm.len()
            ),
            format!("{wp50:.2} ms"),
            "—",
            "≤ 1 ms",
            Some(wp50 <= 1.0),
        ),
        row(
            &format!(
                "warm allocation p50, first of each batch (no refill running yet, n={})",
                warm_first.len()
            ),
            format!("{:.2} ms", quantile(&mut warm_first, 0.5)),
            "—",
            "—",
            None,
        ),
        row(
            "  same identifier's next GET / right after: p50",
            format!("{:.2} ms", quantile(&mut warm_again, 0.5)),
            "—",
            "—",
            None,
        ),
        row(
            "  daemon-side warm allocation (its histogram, mean)",
            format!("{:.3} ms", warm_phase.daemon_warm_mean),
            "—",
            "—",
            None,
        ),
        row(
            "warm allocation p99",
            format!("{wp99:.2} ms"),
            "—",
            "≤ 5 ms",
            Some(wp99 <= 5.0),
        ),
        row(
            "warm allocations that were warm (/metrics)",
            format!("{warm_ok} warm, {warm_cold} cold"),
            "—",
            "all warm",
            Some(warm_cold == 0),
        ),
        row(
            &format!("cold allocation p50 (embedded runtime, n={})", cold.len()),
            format!("{cp50:.1} ms"),
            "—",
            "≤ 40 ms",
            Some(cp50 <= 40.0),
        ),
        row(
            "cold allocation p99",
            format!("{cp99:.1} ms ({cold_cold} cold, {cold_warm} warm)"),
            "—",
            "—",
            None,
        ),
        row(
            &format!("forwarding GET / p50 (n={LATENCY_REQUESTS}, sequential)"),
            format!("{dp50:.0} µs"),
            &format!("direct {xp50:.0} µs; nginx {np50:.0} µs"),
            "≤ direct + 100 µs",
            Some(dp50 <= xp50 + 100.0),
        ),
        row(
            "forwarding GET / p99",
            format!("{dp99:.0} µs"),
            &format!("direct {xp99:.0} µs; nginx {np99:.0} µs"),
            "—",
            None,
        ),
        row(
            &format!(
                "throughput GET / ({CONCURRENCY} conns, {}s)",
                THROUGHPUT_FOR.as_secs()
            ),
            format!("{:.0} req/s ({} errors)", rps[0].0, rps[0].1),
            &format!(
                "direct {:.0} req/s ({} err); nginx {:.0} req/s ({} err)",
                rps[1].0, rps[1].1, rps[2].0, rps[2].1
            ),
            "≥ 0.9× direct",
            Some(rps[0].0 >= 0.9 * rps[1].0),
        ),
        row(
            &format!(
                "bulk download /api/execute {} MiB (median of {BULK_RUNS})",
                BULK_BYTES >> 20
            ),
            format!("{:.0} MB/s", mbs[0]),
            &format!("direct {:.0} MB/s; nginx {:.0} MB/s", mbs[1], mbs[2]),
            "≥ 0.9× direct",
            Some(mbs[0] >= 0.9 * mbs[1]),
        ),
        row(
            &format!("fill 0 → {FILL_READY} ready"),
            format!(
                "{fill_rate:.1} sessions/s ({:.2} s; {} ready at start)",
                fill.fill.as_secs_f64(),
                fill.ready_at_start
            ),
            &format!("provisioning {:.2} s before", fill.provision.as_secs_f64()),
            "≥ 50 sessions/s",
            Some(fill_rate >= 50.0),
        ),
    ];

    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, m)| m.trim().to_string())
        .unwrap_or_default();
    println!(
        "\nEnvironment: {cores} cores ({cpu}), kernel {}, runtime embedded, sessionpool {}, \
         loadavg at start {}",
        kernel.trim(),
        env!("CARGO_PKG_VERSION"),
        load_at_start
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!();
    println!("| metric | sessionpool | baseline | target | met? |");
    println!("|---|---|---|---|---|");
    for r in rows {
        let met = match r.met {
            Some(true) => "yes",
            Some(false) => "no",
            None => "—",
        };
        println!(
            "| {} | {} | {} | {} | {met} |",
            r.metric, r.ours, r.baseline, r.target
        );
    }
}
