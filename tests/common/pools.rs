//! Helpers of the session tests: pools of the example image on a test
//! daemon, executor tokens, the data plane's URLs, and what a sandbox leaves
//! on the machine (dirs, mounts, cgroups, processes).

use super::daemon::Daemon;
use super::http::{Http, read_head};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::{BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

pub const RG: &str = "rg";

/// Create a pool of the example image (port 8080) and wait until it is provisioned.
pub fn create_pool(d: &Daemon, name: &str, extra: &[&str]) {
    create_pool_of(d, name, &d.image(), 8080, extra);
}

/// Create a pool of `image` (in the daemon's registry) forwarding to
/// `target_port`, and wait until it is provisioned.
pub fn create_pool_of(d: &Daemon, name: &str, image: &str, target_port: u16, extra: &[&str]) {
    d.cli()
        .args(["create", "-n", name, "-g", RG, "--environment", "test-env"])
        .args(["--image", image])
        .args(["--registry-server", &d.registry.host])
        .args(["--container-type", "CustomContainer"])
        .args(["--target-port", &target_port.to_string()])
        .args(["--network-status", "EgressDisabled", "-o", "none"])
        .args(extra)
        .assert()
        .success();
}

pub fn executor(d: &Daemon, pool: &str) -> Http {
    let out = d
        .cli()
        .args([
            "token", "create", "--role", "executor", "-n", pool, "-g", RG,
        ])
        .args(["--query", "token", "-o", "tsv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    Http {
        port: d.port,
        token: Some(String::from_utf8(out).unwrap().trim().to_string()),
    }
}

pub fn admin(d: &Daemon) -> Http {
    Http {
        port: d.port,
        token: Some(d.admin_token()),
    }
}

/// The data-plane URL of `path` in session `id`.
pub fn url(pool: &str, path: &str, id: &str) -> String {
    format!("/pools/{RG}/{pool}/{path}?identifier={id}")
}

pub fn whoami(h: &Http, pool: &str, id: &str) -> String {
    let a = h.get(&url(pool, "whoami", id));
    assert_eq!(a.status, 200, "whoami of {id}: {}", a.text());
    a.json()["token"].as_str().unwrap().to_string()
}

pub fn session_ids(h: &Http, pool: &str) -> Vec<String> {
    let a = h.get(&format!("/pools/{RG}/{pool}/.management/listSessions"));
    assert_eq!(a.status, 200, "listSessions: {}", a.text());
    a.json()["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["identifier"].as_str().unwrap().to_string())
        .collect()
}

pub fn show(d: &Daemon, pool: &str) -> Value {
    let out = d
        .cli()
        .args(["show", "-n", pool, "-g", RG])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

pub fn ready_count(d: &Daemon, pool: &str) -> i64 {
    show(d, pool)["properties"]["templateUpdateStatus"]["readyCount"]
        .as_i64()
        .unwrap()
}

pub fn wait_until(what: &str, timeout: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn wait_ready(d: &Daemon, pool: &str, n: i64) {
    wait_until(
        &format!("{pool} has {n} ready sandboxes"),
        Duration::from_secs(30),
        || ready_count(d, pool) == n,
    );
}

/// A sample of the daemon's Prometheus exposition, e.g.
/// `sessionpool_allocation_seconds_count{kind="warm"}`.
pub fn metric(d: &Daemon, series: &str) -> f64 {
    let a = admin(d).get("/metrics");
    assert_eq!(a.status, 200);
    a.text()
        .lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no {series} in /metrics:\n{}", a.text()))
}

/// Sandbox ids with a directory under DATA_DIR/sandboxes.
pub fn sandbox_dirs(d: &Daemon) -> BTreeSet<String> {
    std::fs::read_dir(d.data_dir().join("sandboxes"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The sandbox the daemon gave `identifier` last, from its "session allocated" log line.
pub fn allocated_sandbox(d: &Daemon, identifier: &str) -> (String, bool) {
    let log = d.log();
    let line = log
        .lines()
        .rev()
        .find(|l| {
            l.contains("session allocated") && l.contains(&format!("identifier=\"{identifier}\""))
        })
        .unwrap_or_else(|| panic!("no allocation of {identifier} in the daemon log:\n{log}"));
    let field = |name: &str| {
        line.split_whitespace()
            .find_map(|w| w.strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name} in {line}"))
            .to_string()
    };
    (field("sandbox="), field("warm=") == "true")
}

/// Mount points under the daemon's data dir that mention `needle`.
pub fn mounts_with(d: &Daemon, needle: &str) -> Vec<String> {
    let data = d.data_dir().display().to_string();
    std::fs::read_to_string("/proc/self/mountinfo")
        .unwrap()
        .lines()
        .filter(|l| l.contains(&data) && l.contains(needle))
        .map(str::to_string)
        .collect()
}

/// Cgroup dirs of sandbox `id` in any hierarchy.
pub fn cgroups_of(id: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut roots = vec![Path::new("/sys/fs/cgroup").to_path_buf()];
    if let Ok(rd) = std::fs::read_dir("/sys/fs/cgroup") {
        roots.extend(rd.filter_map(|e| e.ok()).map(|e| e.path()));
    }
    for r in roots {
        let p = r.join("sessionpool").join(id);
        if p.is_dir() {
            found.push(p.display().to_string());
        }
    }
    found
}

/// Everything of sandbox `id` is gone: dir, mounts, cgroups.
pub fn assert_torn_down(d: &Daemon, id: &str) {
    wait_until(
        &format!("sandbox {id} is torn down"),
        Duration::from_secs(10),
        || {
            !sandbox_dirs(d).contains(id)
                && mounts_with(d, id).is_empty()
                && cgroups_of(id).is_empty()
        },
    );
}

/// A WebSocket to the session's `/ws` echo, through the data plane.
pub fn open_ws(h: &Http, pool: &str, id: &str) -> (TcpStream, BufReader<TcpStream>) {
    let mut s = h.connect();
    let mut head = h.head(
        "GET",
        &url(pool, "ws", id),
        &[
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
            ("Sec-WebSocket-Version", "13"),
        ],
    );
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    let mut r = BufReader::new(s.try_clone().unwrap());
    let (status, headers) = read_head(&mut r);
    assert_eq!(status, 101, "{headers:?}");
    let accept = headers
        .iter()
        .find(|(k, _)| k == "sec-websocket-accept")
        .map(|(_, v)| v.as_str());
    // RFC 6455's worked example of the key and its accept value.
    assert_eq!(accept, Some("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    (s, r)
}

/// The start time of a live (not zombie) process, to tell it from a reused PID.
pub fn process_start(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the parenthesised command: state is the first, starttime the 20th.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    (fields.first() != Some(&"Z")).then(|| fields.get(19).map(|s| s.to_string()))?
}

/// `sessionpool invoke` of the example server's `/api/execute` (runs
/// `command` with /bin/sh in session `identifier`); the CLI's output.
pub fn invoke_execute(
    d: &Daemon,
    pool: &str,
    identifier: &str,
    command: &str,
) -> std::process::Output {
    let body = serde_json::json!({ "command": command }).to_string();
    d.cli()
        .args(["invoke", "-n", pool, "-g", RG, "--identifier", identifier])
        .args(["--path", "/api/execute", "--data", &body])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run the CLI")
}
