//! Sessions end to end: a real daemon (embedded runtime), a real registry and
//! the example session image. Allocation, capacity, identifiers, tokens,
//! session management, cooldown, OnContainerExit and restarts, checked as a
//! user sees them: HTTP answers on the TCP listener with an executor token,
//! the CLI's output and exit codes, and what is left on the machine.

mod common;

use common::daemon::Daemon;
use common::http::*;
use common::pools::*;
use predicates::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Write;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

#[test]
fn warm_allocation_reuse_and_isolation() {
    let d = Daemon::start();
    create_pool(
        &d,
        "warm",
        &["--max-sessions", "5", "--ready-sessions", "2"],
    );
    let h = executor(&d, "warm");
    wait_ready(&d, "warm", 2);
    let before = sandbox_dirs(&d);
    let warm = "sessionpool_allocation_seconds_count{kind=\"warm\"}";
    let cold = "sessionpool_allocation_seconds_count{kind=\"cold\"}";
    assert_eq!((metric(&d, warm), metric(&d, cold)), (0.0, 0.0));

    // A new identifier gets a sandbox that was already running.
    let first = whoami(&h, "warm", "user-0001");
    let (sandbox, was_warm) = allocated_sandbox(&d, "user-0001");
    assert!(was_warm, "the session was not served warm");
    assert!(
        before.contains(&sandbox),
        "{sandbox} was not one of the ready sandboxes {before:?}"
    );
    assert_eq!((metric(&d, warm), metric(&d, cold)), (1.0, 0.0));
    // The ready queue refills behind it.
    wait_ready(&d, "warm", 2);
    // Gauges and the forwarded counter name the pool the same way.
    let label = format!("pool=\"{}/warm\"", RG.to_lowercase());
    assert_eq!(
        metric(&d, &format!("sessionpool_allocated_sessions{{{label}}}")),
        1.0
    );
    assert_eq!(
        metric(&d, &format!("sessionpool_ready_sessions{{{label}}}")),
        2.0
    );
    assert!(
        metric(
            &d,
            &format!("sessionpool_forwarded_requests_total{{{label},status=\"200\"}}")
        ) >= 1.0
    );

    // The same identifier reaches the same process; no new allocation.
    for _ in 0..3 {
        assert_eq!(whoami(&h, "warm", "user-0001"), first);
    }
    assert_eq!(metric(&d, warm), 1.0);
    // Connections into the sandbox are kept alive and reused by the proxy.
    let connections: BTreeSet<u64> = (0..6)
        .map(|_| {
            let a = h.get(&url("warm", "whoami", "user-0001"));
            a.json()["connection"].as_u64().unwrap()
        })
        .collect();
    assert!(
        connections.len() <= 2,
        "6 requests used connections {connections:?}"
    );

    // Another identifier: another container, and proven from inside.
    let second = whoami(&h, "warm", "user-0002");
    assert_ne!(first, second);
    let exec = |id: &str, cmd: &str| {
        let a = h.post(
            &url("warm", "api/execute", id),
            serde_json::json!({ "command": cmd }).to_string().as_bytes(),
        );
        assert_eq!(a.status, 200, "{}", a.text());
        a.json()
    };
    assert_eq!(exec("user-0001", "echo one > /tmp/mark")["exitCode"], 0);
    assert_eq!(exec("user-0001", "cat /tmp/mark")["stdout"], "one\n");
    let other = exec("user-0002", "cat /tmp/mark");
    assert_ne!(other["exitCode"], 0, "user-0002 sees user-0001's file");
    assert_eq!(metric(&d, warm), 2.0);
    assert_eq!(metric(&d, cold), 0.0);
    let mut ids = session_ids(&h, "warm");
    ids.sort();
    assert_eq!(ids, ["user-0001", "user-0002"]);
}

#[test]
fn capacity_bad_identifiers_and_tokens() {
    let d = Daemon::start();
    create_pool(&d, "cap", &["--max-sessions", "2", "--ready-sessions", "1"]);
    create_pool(
        &d,
        "other",
        &["--max-sessions", "1", "--ready-sessions", "0"],
    );
    let h = executor(&d, "cap");
    whoami(&h, "cap", "sess-a");
    whoami(&h, "cap", "sess-b");
    let full = h.get(&url("cap", "whoami", "sess-c"));
    assert_eq!(full.status, 429, "{}", full.text());
    assert_eq!(full.json()["error"]["code"], "SessionPoolCapacityExceeded");
    assert!(full.header("retry-after").is_some(), "{:?}", full.headers);
    // Sessions already allocated still answer.
    whoami(&h, "cap", "sess-a");
    // The CLI prints the error and fails (1: an operation failure).
    d.cli()
        .args(["invoke", "-n", "cap", "-g", RG, "--identifier", "sess-c"])
        .assert()
        .code(1)
        .stderr(
            predicates::str::contains("SessionPoolCapacityExceeded")
                .or(predicates::str::contains("maximum of 2")),
        );

    // Azure's identifier rules: 4-128 characters of a safe set.
    let long = "x".repeat(129);
    for bad in ["abc", long.as_str(), "has%20space", ""] {
        let a = h.get(&url("cap", "whoami", bad));
        assert_eq!(a.status, 400, "identifier {bad:?}: {}", a.text());
        assert_eq!(a.json()["error"]["code"], "InvalidSessionIdentifier");
    }
    let a = h.get(&format!("/pools/{RG}/cap/whoami"));
    assert_eq!(a.status, 400, "no identifier: {}", a.text());
    d.cli()
        .args(["invoke", "-n", "cap", "-g", RG, "--identifier", "abc"])
        .assert()
        .code(2);
    // The longest identifier is fine (this pool is full: stop one first).
    d.cli()
        .args([
            "session",
            "stop",
            "-n",
            "cap",
            "-g",
            RG,
            "--identifier",
            "sess-b",
        ])
        .assert()
        .success();
    whoami(&h, "cap", &"y".repeat(128));

    // No token: 401. Another pool's executor token: 403.
    let anon = Http {
        port: d.port,
        token: None,
    };
    assert_eq!(anon.get(&url("cap", "whoami", "sess-a")).status, 401);
    let other = executor(&d, "other");
    assert_eq!(other.get(&url("cap", "whoami", "sess-a")).status, 403);
    assert_eq!(
        other
            .get(&format!("/pools/{RG}/cap/.management/listSessions"))
            .status,
        403
    );
}

#[test]
fn concurrent_first_requests_share_one_session() {
    let d = Daemon::start();
    // No ready sandbox: all eight wait for one cold start.
    create_pool(
        &d,
        "conc",
        &["--max-sessions", "10", "--ready-sessions", "0"],
    );
    let h = executor(&d, "conc");
    let barrier = Arc::new(Barrier::new(8));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (h, barrier) = (h.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                whoami(&h, "conc", "same-identifier")
            })
        })
        .collect();
    let tokens: BTreeSet<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(tokens.len(), 1, "one identifier reached {tokens:?}");
    assert_eq!(session_ids(&h, "conc"), ["same-identifier"]);
    assert_eq!(
        d.log().matches("session allocated").count(),
        1,
        "{}",
        d.log()
    );
    // The allocation metrics count sessions, not the requests that waited for one.
    let warm = metric(&d, "sessionpool_allocation_seconds_count{kind=\"warm\"}");
    let cold = metric(&d, "sessionpool_allocation_seconds_count{kind=\"cold\"}");
    assert_eq!((warm, cold), (0.0, 1.0));
}

#[test]
fn stop_session_and_the_session_commands() {
    let d = Daemon::start();
    create_pool(
        &d,
        "stop",
        &["--max-sessions", "3", "--ready-sessions", "1"],
    );
    let h = executor(&d, "stop");
    // `invoke` prints the body.
    let out = d
        .cli()
        .args(["invoke", "-n", "stop", "-g", RG, "--identifier", "to-stop"])
        .args(["--path", "/whoami"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let first: Value = serde_json::from_slice(&out).unwrap();
    // An error answer from the container fails the command, with the answer shown.
    d.cli()
        .args(["invoke", "-n", "stop", "-g", RG, "--identifier", "to-stop"])
        .args(["--path", "/no/such/page"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("404").or(predicates::str::contains("not found")));
    let first = first["token"].as_str().unwrap().to_string();
    assert_eq!(whoami(&h, "stop", "to-stop"), first);
    let (sandbox, _) = allocated_sandbox(&d, "to-stop");
    // The session's console output.
    d.cli()
        .args(["logs", "-n", "stop", "-g", RG, "--identifier", "to-stop"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "session-server: listening on 0.0.0.0:8080",
        ));

    let list = d
        .cli()
        .args(["session", "list", "-n", "stop", "-g", RG])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let list: Value = serde_json::from_slice(&list).unwrap();
    assert_eq!(list[0]["identifier"], "to-stop");
    let one = d
        .cli()
        .args([
            "session",
            "show",
            "-n",
            "stop",
            "-g",
            RG,
            "--identifier",
            "to-stop",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let one: Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(one["identifier"], "to-stop");
    assert!(one["expireAt"].is_string(), "{one}");

    // stopSession over HTTP: gone, torn down, and the identifier starts afresh.
    let a = h.post(
        &format!("/pools/{RG}/stop/.management/stopSession?identifier=to-stop"),
        b"",
    );
    assert_eq!(a.status, 204, "{}", a.text());
    assert!(session_ids(&h, "stop").is_empty());
    assert_torn_down(&d, &sandbox);
    let a = h.post(
        &format!("/pools/{RG}/stop/.management/stopSession?identifier=to-stop"),
        b"",
    );
    assert_eq!(a.status, 404, "{}", a.text());
    let fresh = whoami(&h, "stop", "to-stop");
    assert_ne!(fresh, first);

    // The same through the CLI.
    d.cli()
        .args([
            "session",
            "stop",
            "-n",
            "stop",
            "-g",
            RG,
            "--identifier",
            "to-stop",
        ])
        .assert()
        .success();
    d.cli()
        .args([
            "session",
            "show",
            "-n",
            "stop",
            "-g",
            RG,
            "--identifier",
            "to-stop",
        ])
        .assert()
        .code(3);
    let a: Answer = h.get(&format!(
        "/pools/{RG}/stop/.management/getSession?identifier=to-stop"
    ));
    assert_eq!(a.status, 404);
}

#[test]
fn cooldown_ends_idle_sessions_only() {
    let d = Daemon::start_with(&["--test-cooldown-seconds", "1.5"]);
    create_pool(
        &d,
        "cool",
        &[
            "--max-sessions",
            "3",
            "--ready-sessions",
            "1",
            "--cooldown-period",
            "300",
        ],
    );
    let h = executor(&d, "cool");
    let first = whoami(&h, "cool", "busy-one");
    // An open WebSocket keeps its session busy, even with no traffic.
    let ws = open_ws(&h, "cool", "ws-held");
    // Used more often than the cooldown: it lives on.
    let busy_until = Instant::now() + Duration::from_secs(3);
    let mut idle_since = Instant::now();
    while Instant::now() < busy_until {
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(whoami(&h, "cool", "busy-one"), first);
        idle_since = Instant::now();
    }
    let (sandbox, _) = allocated_sandbox(&d, "busy-one");
    // Left idle: it ends after the cooldown, and is torn down fully.
    wait_until("the idle session ends", Duration::from_secs(10), || {
        !session_ids(&h, "cool").contains(&"busy-one".to_string())
    });
    assert!(
        idle_since.elapsed() >= Duration::from_millis(1400),
        "ended after {:?}, before its cooldown",
        idle_since.elapsed()
    );
    assert_torn_down(&d, &sandbox);
    assert_eq!(session_ids(&h, "cool"), ["ws-held"]);
    let (mut s, mut r) = ws;
    s.write_all(&ws_frame(0x1, b"still here")).unwrap();
    assert_eq!(ws_read(&mut r), (0x1, b"still here".to_vec()));
    s.write_all(&ws_frame(0x8, &1000u16.to_be_bytes())).unwrap();
    assert_eq!(ws_read(&mut r).0, 0x8);
    drop((s, r));
    wait_until(
        "the session ends once its WebSocket closed",
        Duration::from_secs(10),
        || session_ids(&h, "cool").is_empty(),
    );
    assert_ne!(whoami(&h, "cool", "busy-one"), first);
}

#[test]
fn on_container_exit_ends_the_session_when_its_process_exits() {
    let d = Daemon::start();
    create_pool(
        &d,
        "exit",
        &[
            "--max-sessions",
            "3",
            "--ready-sessions",
            "1",
            "--lifecycle-type",
            "OnContainerExit",
            "--max-alive-period",
            "600",
        ],
    );
    let h = executor(&d, "exit");
    let first = whoami(&h, "exit", "exits-soon");
    let (sandbox, _) = allocated_sandbox(&d, "exits-soon");
    let a = h.post(&url("exit", "exit", "exits-soon&code=0"), b"");
    assert_eq!(a.status, 200, "{}", a.text());
    wait_until(
        "the session of an exited process ends",
        Duration::from_secs(10),
        || session_ids(&h, "exit").is_empty(),
    );
    assert_torn_down(&d, &sandbox);
    assert_ne!(whoami(&h, "exit", "exits-soon"), first);
}

#[test]
fn restarts_leave_nothing_behind() {
    let mut d = Daemon::start();
    create_pool(&d, "rs", &["--max-sessions", "4", "--ready-sessions", "2"]);
    let h = executor(&d, "rs");
    let first = whoami(&h, "rs", "survivor");
    wait_ready(&d, "rs", 2);
    let old = sandbox_dirs(&d);
    assert_eq!(old.len(), 3, "{old:?}");
    // The embedded runtime mounts each sandbox's root file system in a mount
    // namespace of its own, so the daemon's (the host's) mount table does not
    // grow with sandboxes; an OCI CLI runtime (runc, runsc) needs them there.
    let mounts = mounts_with(&d, "sandboxes");
    match std::env::var("SESSIONPOOL_TEST_RUNTIME").as_deref() {
        Err(_) | Ok("embedded") => assert_eq!(mounts, Vec::<String>::new()),
        Ok(other) => assert!(!mounts.is_empty(), "{other}: no sandbox mounts to check"),
    }

    // The sessions' processes (their container's init), with their start times.
    let inits: Vec<(u32, String)> = old
        .iter()
        .map(|id| {
            let pid_file = d.data_dir().join("sandboxes").join(id).join("init.pid");
            let pid: u32 = std::fs::read_to_string(&pid_file)
                .unwrap_or_else(|e| panic!("{}: {e}", pid_file.display()))
                .trim()
                .parse()
                .unwrap();
            (pid, process_start(pid).expect("the init process runs"))
        })
        .collect();

    // A crash: no cleanup ran. The next start removes what the last run left.
    d.crash_and_restart();
    wait_ready(&d, "rs", 2);
    for id in &old {
        assert_torn_down(&d, id);
    }
    wait_until(
        "the old sandboxes' processes are gone",
        Duration::from_secs(10),
        || {
            inits
                .iter()
                .all(|(pid, start)| process_start(*pid).as_ref() != Some(start))
        },
    );
    let h = Http {
        port: d.port,
        token: h.token.clone(),
    };
    let second = whoami(&h, "rs", "survivor");
    assert_ne!(second, first, "a session outlived a crash of the daemon");
    // The session plus a refilled ready target of 2.
    wait_until("the pool refilled", Duration::from_secs(10), || {
        sandbox_dirs(&d).len() == 3
    });

    // A clean stop tears everything down itself.
    let before_stop = sandbox_dirs(&d);
    d.stop();
    assert!(sandbox_dirs(&d).is_empty(), "{:?}", sandbox_dirs(&d));
    assert_eq!(mounts_with(&d, ""), Vec::<String>::new());
    for id in &before_stop {
        assert!(cgroups_of(id).is_empty(), "{id}: {:?}", cgroups_of(id));
    }
    d.restart();
    wait_ready(&d, "rs", 2);
    assert_eq!(sandbox_dirs(&d).len(), 2);
}

#[test]
fn stopping_a_session_while_it_starts_leaks_nothing() {
    let d = Daemon::start();
    // No ready sandbox: each first request waits for a cold start.
    create_pool(
        &d,
        "race",
        &["--max-sessions", "10", "--ready-sessions", "0"],
    );
    let h = executor(&d, "race");
    for (i, delay_ms) in [5u64, 15, 30, 45, 60, 80].into_iter().enumerate() {
        let id = format!("racer-{i}");
        let first = {
            let (h, id) = (h.clone(), id.clone());
            std::thread::spawn(move || h.get(&url("race", "whoami", &id)).status)
        };
        std::thread::sleep(Duration::from_millis(delay_ms));
        let stop = h.post(
            &format!("/pools/{RG}/race/.management/stopSession?identifier={id}"),
            b"",
        );
        assert!([204, 404].contains(&stop.status), "{}", stop.text());
        assert_eq!(first.join().unwrap(), 200);
    }
    // Whatever the timing, every sandbox left belongs to a listed session.
    wait_until(
        "each sandbox belongs to a session",
        Duration::from_secs(10),
        || sandbox_dirs(&d).len() == session_ids(&h, "race").len(),
    );
    // Stopping everything that is listed leaves no sandbox at all.
    for id in session_ids(&h, "race") {
        d.cli()
            .args([
                "session",
                "stop",
                "-n",
                "race",
                "-g",
                RG,
                "--identifier",
                &id,
            ])
            .assert()
            .success();
    }
    wait_until("no sandbox is left", Duration::from_secs(10), || {
        sandbox_dirs(&d).is_empty()
    });
}

#[test]
fn a_client_gone_during_a_cold_start_leaves_the_pool_consistent() {
    let mut d = Daemon::start();
    create_pool(
        &d,
        "gone",
        &["--max-sessions", "10", "--ready-sessions", "0"],
    );
    let h = executor(&d, "gone");
    // The client sends its first request and leaves while the sandbox starts.
    for i in 0..3 {
        let mut s = h.connect();
        let mut head = h.head("GET", &url("gone", "whoami", &format!("leaver-{i}")), &[]);
        head.push_str("\r\n");
        s.write_all(head.as_bytes()).unwrap();
        std::thread::sleep(Duration::from_millis(10));
        drop(s);
    }
    // Nothing stays "pending", and every sandbox belongs to a listed session.
    wait_until("no start is pending", Duration::from_secs(10), || {
        show(&d, "gone")["properties"]["templateUpdateStatus"]["pendingCount"] == 0
    });
    wait_until(
        "each sandbox belongs to a session",
        Duration::from_secs(10),
        || sandbox_dirs(&d).len() == session_ids(&h, "gone").len(),
    );
    // A clean stop still finishes promptly and leaves nothing.
    let started = Instant::now();
    d.stop();
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "the daemon took {:?} to stop",
        started.elapsed()
    );
    assert!(sandbox_dirs(&d).is_empty(), "{:?}", sandbox_dirs(&d));
}

#[test]
fn run_dir_holds_the_sandboxes_working_state() {
    let run = common::daemon::traversable_tempdir();
    let run_dir = run.path().join("sandboxes");
    let mut d = Daemon::start_with(&["--run-dir", run_dir.to_str().unwrap()]);
    create_pool(&d, "rd", &["--max-sessions", "3", "--ready-sessions", "1"]);
    let h = executor(&d, "rd");
    whoami(&h, "rd", "in-run-dir");
    wait_ready(&d, "rd", 1);
    let listed = |dir: &std::path::Path| -> BTreeSet<String> {
        std::fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let running = listed(&run_dir);
    assert_eq!(
        running.len(),
        2,
        "a session and a ready sandbox: {running:?}"
    );
    for id in &running {
        assert!(run_dir.join(id).join("console.log").exists(), "{id}");
    }
    assert!(sandbox_dirs(&d).is_empty(), "{:?}", sandbox_dirs(&d));
    d.stop();
    assert_eq!(listed(&run_dir), BTreeSet::new());
}
