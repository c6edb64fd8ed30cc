//! Cold sandbox benchmark: from a ready image rootfs to the first HTTP response
//! of busybox httpd inside the sandbox (netns, overlay and config included),
//! for the embedded backend, runc through our backend, and a baseline of the
//! same config.json started by hand with `runc run -d` on the bare rootfs.
//!
//! Run as root: `cargo run --release --example bench_cold_sandbox [RUNS]`
//! (default 20). The embedded shim is the `sessionpool` binary next to this
//! example's directory, or `$SESSIONPOOL_SHIM`.

#[path = "../tests/common/rootfs.rs"]
mod rootfs;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sessionpool::runtime::{
    ProcessSpec, RuntimeKind, SandboxSpec, connect_in_netns, create_netns, reaper, remove_netns,
};

const HTTPD: &[&str] = &["httpd", "-f", "-p", "8080", "-h", "/www"];

fn spec(id: &str, rootfs: &Path) -> SandboxSpec {
    SandboxSpec {
        id: id.into(),
        image_rootfs: rootfs.into(),
        process: ProcessSpec {
            args: HTTPD.iter().map(|s| s.to_string()).collect(),
            env: vec!["PATH=/bin".into()],
            cwd: "/".into(),
            uid: 0,
            gid: 0,
            additional_gids: vec![0],
        },
        cpu_cores: 1.0,
        memory_bytes: 128 << 20,
        pids_limit: 64,
        disk_bytes: 64 << 20,
        hostname: id.into(),
        egress: false,
        make_dirs: Vec::new(),
        stop_signal: libc::SIGTERM,
        read_only_binds: Vec::new(),
    }
}

/// Poll until httpd answers a GET inside the namespace.
fn first_response(netns: &Path) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let ok = connect_in_netns(netns, 8080).and_then(|mut s| {
            s.write_all(b"GET / HTTP/1.0\r\n\r\n")?;
            let mut buf = [0u8; 12];
            s.read_exact(&mut buf)?;
            Ok(buf.starts_with(b"HTTP/1.0 200") || buf.starts_with(b"HTTP/1.1 200"))
        });
        if let Ok(true) = ok {
            return;
        }
        assert!(Instant::now() < deadline, "no HTTP answer within 10 s");
        std::thread::sleep(Duration::from_micros(500));
    }
}

fn stats(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.9))
}

async fn bench_backend(
    kind: RuntimeKind,
    shim: &Path,
    base: &Path,
    rootfs: &Path,
    runs: usize,
) -> (Vec<f64>, Vec<f64>) {
    let rt = kind
        .build(base.join("sandboxes"), Some(shim.into()))
        .unwrap();
    let (mut start, mut stop) = (Vec::new(), Vec::new());
    for i in 0..runs {
        let id = format!("bench-{}-{i}", rt.name());
        let t0 = Instant::now();
        let sbx = rt
            .create_and_start(&spec(&id, rootfs))
            .await
            .unwrap_or_else(|e| panic!("failed to {e}"));
        let netns = sbx.netns_path.clone();
        tokio::task::spawn_blocking(move || first_response(&netns))
            .await
            .unwrap();
        start.push(t0.elapsed().as_secs_f64() * 1e3);
        let t1 = Instant::now();
        rt.destroy(&id)
            .await
            .unwrap_or_else(|e| panic!("failed to {e}"));
        stop.push(t1.elapsed().as_secs_f64() * 1e3);
    }
    (start, stop)
}

fn runc(args: &[&str], out: &Path) -> i32 {
    let log = std::fs::File::create(out).unwrap();
    let mut cmd = Command::new("runc");
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log);
    reaper::run(&mut cmd).unwrap()
}

/// `runc run -d` on a bundle whose config.json is the one our backend writes,
/// pointed at the bare rootfs (no overlay) and a netns made per run.
async fn bench_baseline(base: &Path, rootfs: &Path, runs: usize) -> (Vec<f64>, Vec<f64>) {
    // Borrow our backend's config.json once, from a live runc sandbox.
    let rt = RuntimeKind::parse("runc")
        .unwrap()
        .build(base.join("template"), None)
        .unwrap();
    let sbx = rt
        .create_and_start(&spec("template", rootfs))
        .await
        .unwrap();
    let config: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sbx.bundle.join("config.json")).unwrap()).unwrap();
    rt.destroy("template").await.unwrap();

    let bundle = base.join("baseline");
    std::fs::create_dir_all(&bundle).unwrap();
    let etc = base.join("baseline-etc");
    std::fs::create_dir_all(&etc).unwrap();
    for f in ["hosts", "hostname", "resolv.conf"] {
        std::fs::write(etc.join(f), "\n").unwrap();
    }
    let root_dir = base.join("baseline-runc");
    let (mut start, mut stop) = (Vec::new(), Vec::new());
    for i in 0..runs {
        let id = format!("baseline-{i}");
        let netns = base.join(format!("netns-{i}"));
        let mut cfg = config.clone();
        cfg["root"]["path"] = rootfs.to_str().unwrap().into();
        cfg["linux"]["cgroupsPath"] = format!("/sessionpool/{id}").into();
        for ns in cfg["linux"]["namespaces"].as_array_mut().unwrap() {
            if ns["type"] == "network" {
                ns["path"] = netns.to_str().unwrap().into();
            }
        }
        for m in cfg["mounts"].as_array_mut().unwrap() {
            // Our /sys is a sysfs the daemon mounts in the sandbox's netns;
            // by hand there is none, so the baseline gets an empty tmpfs.
            if m["destination"] == "/sys" {
                *m = serde_json::json!({"destination": "/sys", "type": "tmpfs",
                    "source": "tmpfs", "options": ["nosuid", "noexec", "nodev", "ro"]});
            } else if m["type"] == "bind" {
                let name = Path::new(m["destination"].as_str().unwrap())
                    .file_name()
                    .unwrap()
                    .to_owned();
                m["source"] = etc.join(name).to_str().unwrap().into();
            }
        }
        let t0 = Instant::now();
        std::fs::write(
            bundle.join("config.json"),
            serde_json::to_vec(&cfg).unwrap(),
        )
        .unwrap();
        create_netns(&netns).unwrap();
        let out = base.join("baseline.out");
        let root = root_dir.to_str().unwrap();
        assert_eq!(
            runc(
                &[
                    "--root",
                    root,
                    "run",
                    "-d",
                    "--bundle",
                    bundle.to_str().unwrap(),
                    &id
                ],
                &out
            ),
            0,
            "runc run: {}",
            std::fs::read_to_string(&out).unwrap_or_default()
        );
        let ns = netns.clone();
        tokio::task::spawn_blocking(move || first_response(&ns))
            .await
            .unwrap();
        start.push(t0.elapsed().as_secs_f64() * 1e3);
        let t1 = Instant::now();
        assert_eq!(runc(&["--root", root, "delete", "--force", &id], &out), 0);
        remove_netns(&netns).unwrap();
        stop.push(t1.elapsed().as_secs_f64() * 1e3);
    }
    (start, stop)
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    reaper::start().expect("must run as root: become a subreaper");
    let shim = std::env::var_os("SESSIONPOOL_SHIM")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let exe = std::env::current_exe().unwrap();
            exe.parent().unwrap().parent().unwrap().join("sessionpool")
        });
    assert!(
        shim.exists(),
        "{} missing: cargo build --release first, or set SESSIONPOOL_SHIM",
        shim.display()
    );
    let base = PathBuf::from(format!("/tmp/runtime-bench-{}", std::process::id()));
    std::fs::create_dir_all(&base).unwrap();
    let rootfs = rootfs::busybox_rootfs(&base);

    let mut rows = Vec::new();
    let runc = RuntimeKind::parse("runc").expect("runc must be installed");
    rows.push((
        "embedded (libcontainer shim)",
        bench_backend(RuntimeKind::Embedded, &shim, &base, &rootfs, runs).await,
    ));
    rows.push((
        "runc via OciCli backend",
        bench_backend(runc, &shim, &base, &rootfs, runs).await,
    ));
    rows.push((
        "baseline: runc run -d by hand",
        bench_baseline(&base, &rootfs, runs).await,
    ));

    let connect = connect_cost(&shim, &base, &rootfs).await;

    println!("cold sandbox → first HTTP 200 (busybox httpd), {runs} runs each");
    println!(
        "{:<32} {:>11} {:>11} {:>15} {:>15}",
        "backend", "median ms", "p90 ms", "teardown med", "teardown p90"
    );
    for (name, (start, stop)) in rows {
        let ((m, p), (tm, tp)) = (stats(start), stats(stop));
        println!("{name:<32} {m:>11.1} {p:>11.1} {tm:>15.1} {tp:>15.1}");
    }
    let (m, p) = stats(connect);
    println!(
        "connect_in_netns (setns thread + TCP connect to lo): median {m:.3} ms, p90 {p:.3} ms"
    );
    std::fs::remove_dir_all(&base).unwrap();
}

/// The hot-path cost of reaching a sandbox port: 500 connects to a live httpd.
async fn connect_cost(shim: &Path, base: &Path, rootfs: &Path) -> Vec<f64> {
    let rt = RuntimeKind::Embedded
        .build(base.join("connect"), Some(shim.into()))
        .unwrap();
    let sbx = rt.create_and_start(&spec("connect", rootfs)).await.unwrap();
    let netns = sbx.netns_path.clone();
    let times = tokio::task::spawn_blocking(move || {
        first_response(&netns);
        (0..500)
            .map(|_| {
                let t = Instant::now();
                drop(connect_in_netns(&netns, 8080).unwrap());
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect()
    })
    .await
    .unwrap();
    rt.destroy("connect").await.unwrap();
    times
}
