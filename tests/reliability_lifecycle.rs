//! Pool lifecycle under races and failures: garbage collection never removes
//! an image a pool needs, a delete during provisioning leaves no ghost, the
//! last of racing writes is what runs, and status tells the truth about
//! sandboxes that fail to start and sessions that ended on their own.

mod common;

use common::daemon::Daemon;
use common::http::Answer;
use common::pools::{
    RG, admin, create_pool, executor, metric, sandbox_dirs, session_ids, show, url, wait_until,
};
use common::registry::session_image;
use serde_json::Value;
use std::time::Duration;

fn update(d: &Daemon, pool: &str, extra: &[&str]) {
    d.cli()
        .args(["update", "-n", pool, "-g", RG, "-o", "none"])
        .args(extra)
        .assert()
        .success();
}

fn delete(d: &Daemon, pool: &str, extra: &[&str]) {
    d.cli()
        .args(["delete", "-n", pool, "-g", RG, "--yes"])
        .args(extra)
        .timeout(Duration::from_secs(30))
        .assert()
        .success();
}

fn status(d: &Daemon, pool: &str) -> Value {
    show(d, pool)["properties"].clone()
}

/// The value of env var `name` in the pool's stored template.
fn stored_env(d: &Daemon, pool: &str, name: &str) -> String {
    let props = status(d, pool);
    props["customContainerTemplate"]["containers"][0]["env"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .and_then(|e| e["value"].as_str())
        .unwrap_or_else(|| panic!("no env {name} in {props}"))
        .to_string()
}

fn run_in_session(h: &common::http::Http, pool: &str, id: &str, command: &str) -> String {
    let body = serde_json::json!({ "command": command }).to_string();
    let a = h.post(&url(pool, "api/execute", id), body.as_bytes());
    assert_eq!(a.status, 200, "execute in {id}: {}", a.text());
    a.json()["stdout"].as_str().unwrap().to_string()
}

#[test]
fn gc_never_removes_the_image_an_update_just_pulled() {
    let d = Daemon::start();
    // Same layers, another manifest digest: a new image to update to.
    d.registry.push_with(
        session_image(),
        "session-server",
        "2.0",
        &["--format", "v2s2"],
    );
    create_pool(&d, "keep", &["--ready-sessions", "1"]);
    for doomed in ["doomed-1", "doomed-2", "doomed-3"] {
        create_pool(&d, doomed, &["--ready-sessions", "0"]);
    }
    let old = status(&d, "keep")["imageDigest"].clone();
    let new_image = format!("{}/session-server:2.0", d.registry.host);
    update(&d, "keep", &["--image", &new_image, "--no-wait"]);
    // Each delete collects images while the new one is being pulled/unpacked.
    for doomed in ["doomed-1", "doomed-2", "doomed-3"] {
        delete(&d, doomed, &["--no-wait"]);
        std::thread::sleep(Duration::from_millis(30));
    }
    wait_until(
        "the updated pool runs the new image with a ready sandbox",
        Duration::from_secs(40),
        || {
            let p = status(&d, "keep");
            p["provisioningState"] == "Succeeded"
                && p["imageDigest"] != old
                && p["templateUpdateStatus"]["readyCount"] == 1
        },
    );
    let h = executor(&d, "keep");
    let a = h.get(&url("keep", "whoami", "after-update"));
    assert_eq!(a.status, 200, "{}\n{}", a.text(), d.log());
    let p = status(&d, "keep");
    assert_eq!(p["templateUpdateStatus"]["crashCount"], 0, "{p}");
    assert!(p.get("lastError").is_none(), "{p}");
}

#[test]
fn delete_during_provisioning_leaves_no_ghost() {
    let d = Daemon::start();
    d.registry.pause();
    create_pool(&d, "ghost", &["--ready-sessions", "2", "--no-wait"]);
    // The delete cancels the stalled pull: it completes with the registry frozen.
    delete(&d, "ghost", &[]);
    d.registry.resume();
    wait_until(
        "the cancelled provisioning is logged",
        Duration::from_secs(10),
        || d.log().contains("provisioning superseded"),
    );
    // Time for a ghost to appear, had the pull gone on.
    std::thread::sleep(Duration::from_secs(2));
    d.cli()
        .args(["show", "-n", "ghost", "-g", RG])
        .assert()
        .failure();
    assert!(
        sandbox_dirs(&d).is_empty(),
        "sandboxes: {:?}",
        sandbox_dirs(&d)
    );
    let a = admin(&d).get(&url("ghost", "whoami", "user-1"));
    assert_eq!(a.status, 404, "{}", a.text());
    // A second delete is honest: the pool is gone (204), nothing starts.
    let a = admin(&d).request(
        "DELETE",
        &format!(
            "/subscriptions/sub-1/resourceGroups/{RG}/providers/Microsoft.App/sessionPools/ghost?api-version=2025-10-02-preview"
        ),
        &[],
        b"",
    );
    assert_eq!(a.status, 204, "{}", a.text());
    assert!(!d.log().contains("pool provisioned"), "{}", d.log());
}

#[test]
fn racing_put_and_patch_the_last_write_is_what_runs() {
    let d = Daemon::start();
    let base = ["--ready-sessions", "0", "--max-sessions", "5"];
    let put_args = |marker: &str| {
        let mut v: Vec<String> = base.iter().map(|s| s.to_string()).collect();
        v.extend(["--env-vars".into(), format!("MARKER={marker}")]);
        v
    };
    let first = put_args("start");
    let first: Vec<&str> = first.iter().map(String::as_str).collect();
    create_pool(&d, "racy", &first);
    let h = executor(&d, "racy");
    for i in 0..20 {
        std::thread::scope(|s| {
            s.spawn(|| {
                let mut args = put_args(&format!("put-{i}"));
                args.push("--no-wait".into());
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                create_pool(&d, "racy", &args);
            });
            s.spawn(|| {
                update(
                    &d,
                    "racy",
                    &["--env-vars", &format!("MARKER=patch-{i}"), "--no-wait"],
                )
            });
        });
        wait_until("the racing writes settle", Duration::from_secs(30), || {
            status(&d, "racy")["provisioningState"] == "Succeeded"
        });
        let stored = stored_env(&d, "racy", "MARKER");
        let id = format!("check-{i}");
        let seen = run_in_session(&h, "racy", &id, "echo $MARKER");
        assert_eq!(
            seen.trim(),
            stored,
            "trial {i}: stored spec and running pool disagree"
        );
        let a = h.post(
            &format!("/pools/{RG}/racy/.management/stopSession?identifier={id}"),
            b"",
        );
        assert_eq!(a.status, 204, "{}", a.text());
    }
}

#[test]
fn crash_looping_pool_is_not_succeeded_and_cold_starts_back_off() {
    let d = Daemon::start();
    // The shell exits at once (127): every sandbox start fails.
    create_pool(
        &d,
        "crashy",
        &[
            "--ready-sessions",
            "1",
            "--command",
            "/bin/sh",
            "--args",
            "/no-such-script",
        ],
    );
    wait_until(
        "the crash-looping pool shows Failed with a lastError",
        Duration::from_secs(30),
        || {
            let p = status(&d, "crashy");
            p["provisioningState"] == "Failed" && p["lastError"]["code"] == "SessionStartFailed"
        },
    );
    let p = status(&d, "crashy");
    let message = p["lastError"]["message"].as_str().unwrap();
    assert!(message.contains("exited"), "{p}");
    assert!(p["lastError"]["time"].is_string(), "{p}");
    let details = p["templateUpdateStatus"]["activeTemplate"]["details"]
        .as_str()
        .unwrap_or_default();
    assert!(details.contains("fail to start"), "{p}");

    // New identifiers meet the backoff too: no container start per request.
    let crashes = |d: &Daemon| {
        status(d, "crashy")["templateUpdateStatus"]["crashCount"]
            .as_i64()
            .unwrap()
    };
    let before = crashes(&d);
    let h = executor(&d, "crashy");
    let answers: Vec<Answer> = (0..20)
        .map(|i| h.get(&url("crashy", "whoami", &format!("new-{i}"))))
        .collect();
    let backed_off: Vec<&Answer> = answers.iter().filter(|a| a.status == 503).collect();
    for a in &answers {
        assert!(
            a.status == 503 || a.status == 502,
            "{} {}",
            a.status,
            a.text()
        );
    }
    assert!(
        backed_off.len() >= 15,
        "only {} of 20 answers were 503",
        backed_off.len()
    );
    for a in backed_off {
        let wait: u64 = a.header("retry-after").unwrap().parse().unwrap();
        assert!(wait >= 1, "{wait}");
        assert!(a.text().contains("backing off"), "{}", a.text());
    }
    let after = crashes(&d);
    assert!(
        after - before <= 3,
        "20 requests made {} failed starts",
        after - before
    );
}

#[test]
fn a_session_whose_process_exited_is_replaced_visibly() {
    let d = Daemon::start();
    create_pool(&d, "fresh", &["--ready-sessions", "1"]);
    let h = executor(&d, "fresh");
    let a = h.get(&url("fresh", "whoami", "user-1"));
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.header("x-session-new"), Some("true"));
    assert_eq!(a.header("x-session-previous-end"), None);
    let a = h.get(&url("fresh", "whoami", "user-1"));
    assert_eq!(a.header("x-session-new"), None, "not new the second time");

    let a = h.post(&format!("{}&code=3", url("fresh", "exit", "user-1")), b"");
    assert_eq!(a.status, 200, "{}", a.text());
    wait_until("the exited session ends", Duration::from_secs(10), || {
        !session_ids(&h, "fresh").contains(&"user-1".to_string())
    });

    let a = h.get(&url("fresh", "whoami", "user-1"));
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.header("x-session-new"), Some("true"));
    let why = a.header("x-session-previous-end").unwrap_or_default();
    assert!(why.contains("exited with code 3"), "{why}");

    let a = h.get(&format!(
        "/pools/{RG}/fresh/.management/getSession?identifier=user-1"
    ));
    assert_eq!(a.status, 200, "{}", a.text());
    let s = a.json();
    assert_eq!(s["lastError"]["code"], "PreviousSessionEnded", "{s}");
    assert!(
        s["lastError"]["message"]
            .as_str()
            .unwrap()
            .contains("exited with code 3"),
        "{s}"
    );
    assert_eq!(
        metric(
            &d,
            "sessionpool_sessions_ended_abnormally_total{pool=\"rg/fresh\",reason=\"process_exit\"}"
        ),
        1.0
    );
    assert!(d.log().contains("session ended abnormally"), "{}", d.log());
}

#[test]
fn sessions_ended_by_a_restart_are_reported_to_their_identifiers() {
    let mut d = Daemon::start();
    create_pool(&d, "restarted", &["--ready-sessions", "1"]);
    let h = executor(&d, "restarted");
    let a = h.get(&url("restarted", "whoami", "user-1"));
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.header("x-session-new"), Some("true"));
    d.restart();
    let a = h.get(&url("restarted", "whoami", "user-1"));
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.header("x-session-new"), Some("true"));
    let why = a.header("x-session-previous-end").unwrap_or_default();
    assert!(why.contains("daemon restarted"), "{why}");
    // An identifier that never had a session is new, with no previous end.
    let a = h.get(&url("restarted", "whoami", "user-2"));
    assert_eq!(a.header("x-session-new"), Some("true"));
    assert_eq!(a.header("x-session-previous-end"), None);
    assert_eq!(
        metric(
            &d,
            "sessionpool_sessions_ended_abnormally_total{pool=\"rg/restarted\",reason=\"daemon_restart\"}"
        ),
        1.0
    );
}
