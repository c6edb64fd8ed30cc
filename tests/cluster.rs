//! Cluster mode end to end (issue 15), like three hosts on one machine: a
//! 3-member etcd (Debian's etcd-server) in a hub network namespace and three
//! `sessionpool daemon --cluster` in their own namespaces joined by a bridge
//! (tests/common/cluster*.rs). Checked as a user sees it: which sandbox
//! (hostname) and which node (`x-sessionpool-node`) answers each identifier,
//! capacity refusals, `/.cluster/status`, recovery times.
//!
//! Runs once, under the default runtime: scripts/test.sh leaves this file
//! out of its runsc rerun (hundreds of sandboxes on three daemons).

mod common;

use common::cluster::*;
use common::cluster_net::Net;

/// The harness on its own: etcd forms a healthy cluster in the hub, a node
/// namespace reaches it, and a single-host daemon (no --cluster) in a node
/// namespace serves a pool of the oci: image through its socket.
#[test]
fn harness_single_host_daemon_in_a_namespace() {
    let c = Cluster::start_with(1, false, &[]);
    // etcd from the node's namespace: a put and a get through the bridge.
    let endpoints = c
        .etcd
        .members
        .iter()
        .map(|m| m.client_url.clone())
        .collect::<Vec<_>>()
        .join(",");
    let etcdctl = |args: &[&str]| {
        let out = Net::command_in(&c.net.nodes[0], "etcdctl")
            .env("ETCDCTL_API", "3")
            .arg(format!("--endpoints={endpoints}"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "etcdctl {args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    etcdctl(&["put", "/harness/probe", "reached"]);
    assert_eq!(
        etcdctl(&["get", "--print-value-only", "/harness/probe"]).trim(),
        "reached"
    );
    let members = c.etcd.etcdctl(&["member", "list"]);
    assert_eq!(
        String::from_utf8_lossy(&members.stdout).lines().count(),
        3,
        "{members:?}"
    );

    c.create_pool(0, "lone", &["--max-sessions", "3", "--ready-sessions", "1"]);
    // The example server's token tells sandboxes apart (all are named `session`).
    let sandbox = |id: &str| {
        let a = c.request(0, "lone", "whoami", id).unwrap();
        assert_eq!(a.status, 200, "whoami of {id}: {}\n{}", a.text(), c.logs());
        assert_eq!(a.json()["hostname"], "session");
        a.json()["token"].as_str().unwrap().to_string()
    };
    let first = sandbox("user-1");
    assert_eq!(sandbox("user-1"), first);
    assert_ne!(sandbox("user-2"), first);
}

/// Without --cluster a daemon is what it was, and says so: status mode
/// "single" with itself as the one node, and the node header on replies.
#[test]
fn single_host_status_and_node_header() {
    let c = Cluster::start_with(1, false, &[]);
    c.create_pool(0, "lone", &["--max-sessions", "3", "--ready-sessions", "1"]);
    let first = c.whoami(0, "lone", "user-1");
    assert!(first.new, "the first reply of user-1 is not new: {first:?}");
    let again = c.whoami(0, "lone", "user-1");
    assert!(!again.new, "a second reply says new: {again:?}");
    let status = c.status(0);
    assert_eq!(status["mode"], "single", "{status:#}");
    let nodes = status["nodes"].as_array().expect("nodes");
    assert_eq!(nodes.len(), 1, "{status:#}");
    assert_eq!(nodes[0]["self"], true, "{status:#}");
    assert_eq!(first.node, status["self"].as_str().unwrap(), "{status:#}");
    assert_eq!(pool_counts(&status, "lone")[0].1, 1, "{status:#}");
}
