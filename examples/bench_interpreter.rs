//! Benchmark of code interpreter (PythonLTS) pools, side by side:
//! - first `code/execute` (`1+1`) of a new identifier from a warm pool (ready
//!   sessions, refilled between samples) against a cold one (ready 0);
//! - a trivial call (`1+1`) in a live session through the data plane against
//!   the time the interpreter itself reports for it.
//!
//!   cargo test --test code_interpreter      # builds the Debian python image once
//!   cargo build --release && cargo run --release --example bench_interpreter
//!
//! Root; docker-registry, skopeo. The image is the OCI layout the test built
//! (target/test-images/debian-*/oci, tag `python`), or `BENCH_PYTHON_LAYOUT`.
//! Everything runs on loopback in a temporary directory.

#[path = "bench_common/mod.rs"]
mod bench_common;
use bench_common::{free_port, run};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const RG: &str = "bench";

struct Env {
    repo: PathBuf,
    dir: PathBuf,
    sp: PathBuf,
    socket: PathBuf,
    port: u16,
    daemon: Option<Child>,
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(mut child) = self.daemon.take() {
            // SAFETY: a plain signal to a child we started and have not reaped.
            unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
            let _ = child.wait();
        }
        let _ = Command::new(self.repo.join("examples/registry.sh"))
            .arg("stop")
            .arg(self.dir.join("registry"))
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn python_layout(repo: &Path) -> PathBuf {
    if let Some(p) = std::env::var_os("BENCH_PYTHON_LAYOUT") {
        return PathBuf::from(p);
    }
    let images = repo.join("target/test-images");
    std::fs::read_dir(&images)
        .ok()
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("oci"))
        .find(|oci| {
            std::fs::read_to_string(oci.join("index.json"))
                .is_ok_and(|i| i.contains("\"org.opencontainers.image.ref.name\":\"python\""))
        })
        .expect("no python image under target/test-images: run `cargo test --test code_interpreter` first, or set BENCH_PYTHON_LAYOUT")
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

    fn create(&self, pool: &str, ready: usize) -> String {
        run(self.cli().args(["create", "-n", pool, "-g", RG]).args([
            "--ready-sessions",
            &ready.to_string(),
            "--max-sessions",
            "60",
            "-o",
            "none",
        ]));
        run(self.cli().args([
            "token", "create", "--role", "executor", "-n", pool, "-g", RG, "--query", "token",
            "-o", "tsv",
        ]))
    }

    fn ready(&self, pool: &str) -> usize {
        let admin = std::fs::read_to_string(self.dir.join("data/admin.token")).unwrap();
        let (_, body) = http(self.port, "GET", "/metrics", admin.trim(), b"");
        let want = format!("sessionpool_ready_sessions{{pool=\"{RG}/{pool}\"}} ");
        body.lines()
            .find_map(|l| l.strip_prefix(&want)?.parse().ok())
            .unwrap_or(0)
    }

    fn wait_ready(&self, pool: &str, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(180);
        while self.ready(pool) < n {
            assert!(
                Instant::now() < deadline,
                "{pool}: {n} ready sessions never came"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// One HTTP/1.1 exchange (Connection: close); status and body.
fn http(port: u16, method: &str, path: &str, token: &str, body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(300))).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text[9..12].parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// `1+1` in `id`'s session: wall time, and the interpreter's own time (ms).
fn execute(env: &Env, pool: &str, token: &str, id: &str) -> (f64, f64) {
    let path =
        format!("/pools/{RG}/{pool}/code/execute?identifier={id}&api-version=2024-02-02-preview");
    let body =
        br#"{"properties":{"codeInputType":"inline","executionType":"synchronous","code":"1+1"}}"#;
    let t = Instant::now();
    let (status, answer) = http(env.port, "POST", &path, token, body);
    let wall = t.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(status, 200, "{answer}");
    let v: serde_json::Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(v["properties"]["result"], 2, "{answer}");
    let own = v["properties"]["executionTimeInMilliseconds"]
        .as_f64()
        .unwrap();
    (wall, own)
}

fn quantile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[((v.len() - 1) as f64 * q).round() as usize]
}

fn main() {
    // SAFETY: getuid has no preconditions.
    assert_eq!(unsafe { libc::getuid() }, 0, "run as root");
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let sp = std::env::var_os("SESSIONPOOL_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let exe = std::env::current_exe().unwrap();
            exe.parent().unwrap().parent().unwrap().join("sessionpool")
        });
    let layout = python_layout(&repo);
    let dir = tempfile::Builder::new()
        .prefix("bench-interpreter")
        .tempdir()
        .unwrap()
        .keep();
    std::fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o711)).unwrap();
    let mut env = Env {
        repo: repo.clone(),
        socket: dir.join("sessionpool.sock"),
        dir,
        sp,
        port: free_port(),
        daemon: None,
    };
    let reg_port = free_port();
    run(Command::new(repo.join("examples/registry.sh"))
        .arg("start")
        .arg(env.dir.join("registry"))
        .arg(reg_port.to_string())
        .stdout(Stdio::null()));
    let image = format!("127.0.0.1:{reg_port}/python:1");
    run(Command::new("skopeo")
        .args(["copy", "--quiet", "--dest-tls-verify=false"])
        .arg(format!("oci:{}:python", layout.display()))
        .arg(format!("docker://{image}")));
    let log = std::fs::File::create(env.dir.join("daemon.log")).unwrap();
    env.daemon = Some(
        Command::new(&env.sp)
            .arg("daemon")
            .arg("--data-dir")
            .arg(env.dir.join("data"))
            .arg("--socket")
            .arg(&env.socket)
            .args(["--listen", &format!("127.0.0.1:{}", env.port)])
            .args(["--insecure-registry", &format!("127.0.0.1:{reg_port}")])
            .args(["--python-image", &image])
            .stderr(log)
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", env.port)).is_err() {
        assert!(Instant::now() < deadline, "the daemon did not start");
        std::thread::sleep(Duration::from_millis(50));
    }

    // Warm: 5 ready; each sample waits for the pool to be full again.
    let token = env.create("warm", 5);
    env.wait_ready("warm", 5);
    let mut warm = Vec::new();
    for i in 0..30 {
        env.wait_ready("warm", 5);
        warm.push(execute(&env, "warm", &token, &format!("warm-{i:04}")).0);
    }
    // Cold: no ready session; the sandbox and the kernel start on the request.
    let cold_token = env.create("cold", 0);
    let mut cold = Vec::new();
    for i in 0..10 {
        cold.push(execute(&env, "cold", &cold_token, &format!("cold-{i:04}")).0);
    }
    // A live session: 200 trivial calls.
    let (mut wall, mut own) = (Vec::new(), Vec::new());
    for _ in 0..200 {
        let (w, o) = execute(&env, "warm", &token, "warm-0000");
        wall.push(w);
        own.push(o);
    }
    println!("| metric | sessionpool | baseline |");
    println!("|---|---|---|");
    println!(
        "| first `code/execute` of a new identifier, p50 / p99 (warm pool vs cold) | {:.1} / {:.1} ms | cold: {:.1} / {:.1} ms |",
        quantile(&mut warm, 0.5),
        quantile(&mut warm, 0.99),
        quantile(&mut cold, 0.5),
        quantile(&mut cold, 0.99)
    );
    println!(
        "| `1+1` in a live session through the data plane, p50 / p99 (vs the interpreter's own time) | {:.2} / {:.2} ms | {:.0} / {:.0} ms |",
        quantile(&mut wall, 0.5),
        quantile(&mut wall, 0.99),
        quantile(&mut own, 0.5),
        quantile(&mut own, 0.99)
    );
}
