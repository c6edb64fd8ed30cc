//! Pools pull their image and run real sandboxes: through the daemon and CLI,
//! with a real registry (htpasswd), under the embedded runtime and runc.

mod common;

use common::daemon::Daemon;
use common::registry::Registry;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

fn create(d: &Daemon, name: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    d.cli()
        .args([
            "create",
            "-n",
            name,
            "-g",
            "rg",
            "--environment",
            "test",
            "--image",
            &d.image(),
            "--target-port",
            "8080",
        ])
        .args(extra)
        .assert()
}

fn show(d: &Daemon, name: &str) -> Value {
    serde_json::from_slice(
        &d.cli()
            .args(["show", "-n", name, "-g", "rg"])
            .assert()
            .success()
            .get_output()
            .stdout,
    )
    .unwrap()
}

fn wait_ready(d: &Daemon, name: &str, n: i64) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let status = show(d, name)["properties"]["templateUpdateStatus"].clone();
        if status["readyCount"].as_i64() == Some(n) && status["pendingCount"].as_i64() == Some(0) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "pool {name} never had {n} ready sandboxes: {status}\n{}",
            d.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Everything a sandbox leaves on the host, as paths.
fn leftovers(d: &Daemon) -> Vec<String> {
    let mut found = Vec::new();
    let sandboxes = d.data_dir().join("sandboxes");
    if let Ok(entries) = std::fs::read_dir(&sandboxes) {
        found.extend(entries.map(|e| e.unwrap().path().display().to_string()));
    }
    let data = d.data_dir().display().to_string();
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
    found.extend(
        mounts
            .lines()
            .filter(|l| l.contains(&data))
            .map(String::from),
    );
    for controller in std::fs::read_dir("/sys/fs/cgroup").unwrap() {
        let dir = controller.unwrap().path().join("sessionpool");
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with("sp-"))
            {
                // Sandboxes of other daemons (parallel tests) have ids this daemon never made.
                if d.log().contains(&*e.file_name().to_string_lossy()) {
                    found.push(e.path().display().to_string());
                }
            }
        }
    }
    found
}

fn execute(d: &Daemon, pool: &str, identifier: &str, command: &str) -> Value {
    let body = serde_json::json!({ "command": command }).to_string();
    let out = d
        .cli()
        .args([
            "invoke",
            "-n",
            pool,
            "-g",
            "rg",
            "--identifier",
            identifier,
            "--path",
            "/api/execute",
            "--data",
            &body,
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn pull_with_credentials_runs_sandboxes_with_limits_and_logs() {
    let d = Daemon::start_with_registry(Registry::start_with_auth("puller", "pull-pass"), &[]);
    let host = d.registry.host.clone();
    let creds = [
        "--registry-server",
        &host,
        "--registry-username",
        "puller",
        "--registry-password",
        "pull-pass",
    ];
    let pool = serde_json::from_slice::<Value>(
        &create(&d, "authed", &creds).success().get_output().stdout,
    )
    .unwrap();
    assert_eq!(pool["properties"]["provisioningState"], "Succeeded");
    assert!(
        pool["properties"]["imageDigest"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    d.cli()
        .args([
            "update",
            "-n",
            "authed",
            "-g",
            "rg",
            "--ready-sessions",
            "2",
            "--memory",
            "1Gi",
            "--cpu",
            "0.5",
        ])
        .assert()
        .success();
    wait_ready(&d, "authed", 2);
    // A real container: its own pid namespace, our limits in its cgroups
    // (read from the host: sandboxes get no cgroupfs, see tests/hostile.rs).
    let out = execute(&d, "authed", "user-1", "echo pid $$");
    let mut stdout = out["stdout"].as_str().unwrap().to_string();
    for (controller, file) in [
        ("memory", "memory.limit_in_bytes"),
        ("cpu", "cpu.cfs_quota_us"),
    ] {
        for e in std::fs::read_dir(
            Path::new("/sys/fs/cgroup")
                .join(controller)
                .join("sessionpool"),
        )
        .unwrap()
        .flatten()
        .filter(|e| d.log().contains(&*e.file_name().to_string_lossy()))
        {
            stdout += &std::fs::read_to_string(e.path().join(file)).unwrap_or_default();
        }
    }
    assert!(
        stdout.contains(&(1u64 << 30).to_string()),
        "memory limit 1Gi: {stdout}"
    );
    assert!(stdout.contains("50000"), "cpu quota 0.5 core: {stdout}");
    // Console output of every sandbox is kept.
    let logs = String::from_utf8(
        d.cli()
            .args(["logs", "-n", "authed", "-g", "rg"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    assert!(
        logs.contains("session-server: listening on 0.0.0.0:8080"),
        "{logs}"
    );
    let one = String::from_utf8(
        d.cli()
            .args([
                "logs",
                "-n",
                "authed",
                "-g",
                "rg",
                "--identifier",
                "user-1",
                "--tail",
                "1",
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    assert_eq!(one.lines().count(), 1, "{one}");
    assert!(
        !d.log().contains("pull-pass"),
        "the daemon logged the registry password"
    );
}

#[test]
fn registry_failures_fail_the_pool_with_the_reason() {
    let d = Daemon::start_with_registry(Registry::start_with_auth("puller", "pull-pass"), &[]);
    let host = d.registry.host.clone();
    create(
        &d,
        "wrong-pass",
        &[
            "--registry-server",
            &host,
            "--registry-username",
            "puller",
            "--registry-password",
            "nope",
        ],
    )
    .code(1)
    .stderr(predicate::str::contains("unauthorized").or(predicate::str::contains("Unauthorized")));
    let p = show(&d, "wrong-pass");
    assert_eq!(p["properties"]["provisioningState"], "Failed");
    assert!(
        p["properties"]["provisioningError"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("unauthorized"),
        "{p}"
    );
    assert_eq!(
        p["properties"]["templateUpdateStatus"]["imagePullFailCount"],
        1
    );
    assert!(!d.log().contains("\"nope\""));

    // Fixing the credentials with update (az cannot) brings the pool up.
    d.cli()
        .args([
            "update",
            "-n",
            "wrong-pass",
            "-g",
            "rg",
            "--registry-password",
            "pull-pass",
        ])
        .assert()
        .success();
    assert_eq!(
        show(&d, "wrong-pass")["properties"]["provisioningState"],
        "Succeeded"
    );

    let missing = format!("{host}/session-server:no-such-tag");
    d.cli()
        .args([
            "create",
            "-n",
            "no-tag",
            "-g",
            "rg",
            "--environment",
            "test",
            "--image",
            &missing,
            "--target-port",
            "8080",
        ])
        .args([
            "--registry-server",
            &host,
            "--registry-username",
            "puller",
            "--registry-password",
            "pull-pass",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not found"));
    d.cli()
        .args([
            "create",
            "-n",
            "unreachable",
            "-g",
            "rg",
            "--environment",
            "test",
            "--image",
            "127.0.0.1:9/x:1",
            "--target-port",
            "8080",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("127.0.0.1:9"));
}

#[test]
fn delete_leaves_nothing_behind() {
    let d = Daemon::start();
    create(&d, "doomed", &["--ready-sessions", "2"]).success();
    wait_ready(&d, "doomed", 2);
    execute(&d, "doomed", "user-1", "echo hi > /tmp/file");
    assert!(
        !leftovers(&d).is_empty(),
        "sandboxes exist while the pool does"
    );
    d.cli()
        .args(["delete", "-n", "doomed", "-g", "rg", "--yes"])
        .assert()
        .success();
    assert_eq!(leftovers(&d), Vec::<String>::new());
    let rootfs = d.data_dir().join("images/rootfs");
    let images: Vec<_> = std::fs::read_dir(&rootfs)
        .map(|r| r.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(
        images.is_empty(),
        "an image no pool uses was kept: {images:?}"
    );
}

#[test]
fn runc_runs_the_same_pool() {
    let d = Daemon::start_with(&["--runtime", "runc"]);
    create(&d, "on-runc", &["--ready-sessions", "1"]).success();
    wait_ready(&d, "on-runc", 1);
    let out = execute(&d, "on-runc", "user-1", "echo 'Hello, world!'");
    assert_eq!(out["stdout"], "Hello, world!\n");
    d.cli()
        .args(["delete", "-n", "on-runc", "-g", "rg", "--yes"])
        .assert()
        .success();
    assert_eq!(leftovers(&d), Vec::<String>::new());
}

#[test]
fn missing_runtime_binary_is_a_clear_error() {
    let out = std::process::Command::new(common::daemon::BIN)
        .args(["daemon", "--runtime", "no-such-runtime", "--data-dir"])
        .arg(Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-runtime"))
        .args(["--socket", "/tmp/sessionpool-no-runtime.sock"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no-such-runtime"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn probes_gate_readiness_and_replace_failing_sandboxes() {
    let d = Daemon::start();
    let healthy = d.dir.path().join("healthy.yaml");
    std::fs::write(
        &healthy,
        "probes:\n- type: Startup\n  httpGet: {path: /, port: 8080}\n- type: Liveness\n  httpGet: {path: /, port: 8080}\n  periodSeconds: 1\n  failureThreshold: 1\n",
    )
    .unwrap();
    create(
        &d,
        "healthy",
        &[
            "--ready-sessions",
            "1",
            "--probe-yaml",
            healthy.to_str().unwrap(),
        ],
    )
    .success();
    wait_ready(&d, "healthy", 1);
    let before = show(&d, "healthy")["properties"]["templateUpdateStatus"]["crashCount"].clone();
    std::thread::sleep(Duration::from_secs(3));
    assert!(
        !d.log().contains("liveness probe failed"),
        "a passing liveness probe removed a sandbox"
    );
    assert_eq!(
        show(&d, "healthy")["properties"]["templateUpdateStatus"]["crashCount"],
        before
    );

    let failing = d.dir.path().join("failing.yaml");
    std::fs::write(&failing, "probes:\n- type: Liveness\n  httpGet: {path: /no-such-path, port: 8080}\n  periodSeconds: 1\n  failureThreshold: 2\n").unwrap();
    create(
        &d,
        "sick",
        &[
            "--ready-sessions",
            "1",
            "--probe-yaml",
            failing.to_str().unwrap(),
        ],
    )
    .success();
    execute(&d, "sick", "user-1", "true");
    let deadline = Instant::now() + Duration::from_secs(15);
    let ended = |log: String| {
        log.lines()
            .any(|l| l.contains("liveness probe failed") && l.contains("\"user-1\""))
    };
    while !ended(d.log()) {
        assert!(
            Instant::now() < deadline,
            "a failing liveness probe never ended the session:\n{}",
            d.log()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let sessions: Value = serde_json::from_slice(
        &d.cli()
            .args(["session", "list", "-n", "sick", "-g", "rg"])
            .assert()
            .success()
            .get_output()
            .stdout,
    )
    .unwrap();
    assert_eq!(
        sessions,
        serde_json::json!([]),
        "the failing session was ended"
    );
}

#[test]
fn template_changes_roll_while_sessions_run_on() {
    let d = Daemon::start();
    create(
        &d,
        "rolling",
        &["--ready-sessions", "2", "--env-vars", "GENERATION=one"],
    )
    .success();
    wait_ready(&d, "rolling", 2);
    assert_eq!(
        execute(&d, "rolling", "old-user", "echo $GENERATION")["stdout"],
        "one\n"
    );
    d.cli()
        .args([
            "update",
            "-n",
            "rolling",
            "-g",
            "rg",
            "--env-vars",
            "GENERATION=two",
        ])
        .assert()
        .success();
    wait_ready(&d, "rolling", 2);
    // New sessions get the new template; the allocated one runs on unchanged.
    assert_eq!(
        execute(&d, "rolling", "new-user", "echo $GENERATION")["stdout"],
        "two\n"
    );
    assert_eq!(
        execute(&d, "rolling", "old-user", "echo $GENERATION")["stdout"],
        "one\n"
    );
    // Scale changes apply at once, without touching sessions.
    d.cli()
        .args([
            "update",
            "-n",
            "rolling",
            "-g",
            "rg",
            "--ready-sessions",
            "0",
        ])
        .assert()
        .success();
    wait_ready(&d, "rolling", 0);
    assert_eq!(
        execute(&d, "rolling", "old-user", "echo $GENERATION")["stdout"],
        "one\n"
    );
}
