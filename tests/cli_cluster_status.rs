//! `sessionpool cluster status` against a single-host daemon (no --cluster):
//! a cluster of one, mode "single", whose node reports the pool's ready
//! sandboxes and sessions; -o table, --query, and TCP needing an Admin token.

mod common;

use common::daemon::Daemon;
use common::pools::{RG, create_pool, executor, wait_ready, wait_until, whoami};
use serde_json::Value;
use std::time::Duration;

fn status(d: &Daemon) -> Value {
    let out = d.cli().args(["cluster", "status"]).output().unwrap();
    assert!(
        out.status.success(),
        "cluster status: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        d.log()
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// This node's share of `pool`, as `cluster status` reports it.
fn pool_entry(v: &Value, pool: &str) -> Option<Value> {
    v["nodes"][0]["pools"].as_array()?.iter().find_map(|p| {
        let name = p["pool"].as_str()?;
        name.eq_ignore_ascii_case(&format!("{RG}/{pool}"))
            .then(|| p.clone())
    })
}

#[test]
fn a_single_host_is_a_cluster_of_one() {
    let d = Daemon::start();
    let pool = "status-pool";
    create_pool(&d, pool, &["--max-sessions", "4", "--ready-sessions", "2"]);
    wait_ready(&d, pool, 2);

    let v = status(&d);
    assert_eq!(v["mode"], "single", "{v:#}");
    let nodes = v["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 1, "{v:#}");
    let node = &nodes[0];
    let name = node["name"].as_str().unwrap().to_string();
    assert!(!name.is_empty(), "{v:#}");
    assert_eq!(v["self"], name.as_str(), "{v:#}");
    assert_eq!(node["self"], true, "{v:#}");
    assert_eq!(node["alive"], true, "{v:#}");
    assert!(node["capacity"]["cpus"].as_u64().unwrap() >= 1, "{v:#}");
    assert!(
        node["capacity"]["memoryMiB"].as_u64().unwrap() >= 1,
        "{v:#}"
    );
    assert_eq!(node["sessions"], 0, "{v:#}");
    assert_eq!(node["ready"], 2, "{v:#}");
    let share = pool_entry(&v, pool).unwrap_or_else(|| panic!("no {pool} in {v:#}"));
    assert_eq!(share["readyTarget"], 2, "{v:#}");
    assert_eq!(share["ready"], 2, "{v:#}");
    assert_eq!(share["sessions"], 0, "{v:#}");

    // A session: counted on the node and the pool; the pool refills its ready target.
    let h = executor(&d, pool);
    whoami(&h, pool, "user-1");
    wait_until(
        "cluster status shows the session and a refilled ready target",
        Duration::from_secs(30),
        || {
            let v = status(&d);
            let share = pool_entry(&v, pool).unwrap_or_default();
            v["nodes"][0]["sessions"] == 1 && share["sessions"] == 1 && share["ready"] == 2
        },
    );

    // -o table: the contract's columns, one row, this node marked.
    let out = d
        .cli()
        .args(["cluster", "status", "-o", "table"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let table = String::from_utf8(out).unwrap();
    let lines: Vec<Vec<&str>> = table
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        lines[0],
        [
            "NAME", "URL", "ALIVE", "SESSIONS", "READY", "LEASE", "TTL", "CPUS", "MEMORY"
        ],
        "{table}"
    );
    assert_eq!(lines.len(), 3, "{table}");
    assert_eq!(lines[2][0], format!("{name}*"), "{table}");
    assert!(lines[2].contains(&"True"), "{table}");

    // --query, as for every command.
    d.cli()
        .args(["cluster", "status", "--query", "nodes[0].self", "-o", "tsv"])
        .assert()
        .success()
        .stdout("True\n");

    // TCP: an Admin token may ask; no token, or an executor's, may not.
    d.cli_tcp(Some(&d.admin_token()))
        .args(["cluster", "status", "--query", "mode", "-o", "tsv"])
        .assert()
        .success()
        .stdout("single\n");
    d.cli_tcp(None).args(["cluster", "status"]).assert().code(4);
    d.cli_tcp(h.token.as_deref())
        .args(["cluster", "status"])
        .assert()
        .code(4);
}
