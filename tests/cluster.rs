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
use common::pools::{assert_torn_down, sandbox_dirs, show};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Barrier, Mutex};
use std::time::{Duration, Instant};

/// How long after a node's death (or its cut from etcd) its identifiers may
/// stay unanswered: the lease TTL, a membership tick and a new sandbox, with
/// room for a loaded 2-core machine.
const RECOVERY_BOUND: Duration = Duration::from_secs(LEASE_TTL + 7);

/// Sets its flag when dropped: background clients stop even when the test
/// fails in the middle (else `thread::scope` would wait for them forever).
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// One data-plane request as the test saw it.
#[derive(Clone, Debug)]
struct Obs {
    id: String,
    via: usize,
    sent: Instant,
    recv: Instant,
    /// 0: no answer (connection refused or cut).
    status: u16,
    reply: Option<Reply>,
    text: String,
}

fn observe(c: &Cluster, via: usize, pool: &str, id: &str) -> Obs {
    let sent = Instant::now();
    let answer = c.request(via, pool, "whoami", id);
    let recv = Instant::now();
    let (status, reply, text) = match answer {
        Ok(a) if a.status == 200 => (200, Some(Reply::of(&a)), String::new()),
        Ok(a) => (a.status, None, a.text()),
        Err(e) => (0, None, e.to_string()),
    };
    Obs {
        id: id.to_string(),
        via,
        sent,
        recv,
        status,
        reply,
        text,
    }
}

/// No identifier is ever answered by two sandboxes at once: for any two
/// sandboxes that answered one identifier, one of them answered every one
/// of its requests before the other answered any (an identifier may move,
/// once its owner is gone, but never back and forth).
fn assert_one_sandbox_at_a_time(obs: &[Obs]) {
    let mut spans: BTreeMap<&str, BTreeMap<&str, (Instant, Instant, &str)>> = BTreeMap::new();
    for o in obs {
        let Some(r) = &o.reply else { continue };
        let span = spans
            .entry(&o.id)
            .or_default()
            .entry(&r.sandbox)
            .or_insert((o.recv, o.sent, &r.node));
        // (earliest answer received, latest request sent)
        span.0 = span.0.min(o.recv);
        span.1 = span.1.max(o.sent);
    }
    for (id, sandboxes) in &spans {
        let list: Vec<_> = sandboxes.iter().collect();
        for (i, (s1, a)) in list.iter().enumerate() {
            for (s2, b) in &list[i + 1..] {
                assert!(
                    !(a.0 < b.1 && b.0 < a.1),
                    "identifier {id} was answered by sandbox {s1} (node {}) and sandbox {s2} (node {}) back and forth",
                    a.2,
                    b.2
                );
            }
        }
    }
}

/// Sessions of `pool` in all, as node `i`'s status counts them.
fn total_sessions(c: &Cluster, i: usize, pool: &str) -> Option<i64> {
    let s = c.try_status(i)?;
    Some(pool_counts(&s, pool).iter().map(|n| n.1).sum())
}

/// Wait (bounded: node records are refreshed on a tick) until node `i`'s
/// status counts `n` sessions of `pool` in all.
fn wait_total_sessions(c: &Cluster, i: usize, pool: &str, n: i64) {
    let mut seen = None;
    let ok = wait_for(Duration::from_secs(15), || {
        seen = total_sessions(c, i, pool);
        seen == Some(n)
    });
    assert!(
        ok,
        "node {} counts {seen:?} sessions of {pool}, not {n}: {:#}",
        node_name(i),
        c.try_status(i).unwrap_or_default()
    );
}

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
    // The example server's token (drawn at its start) tells sandboxes apart.
    let sandbox = |id: &str| {
        let a = c.request(0, "lone", "whoami", id).unwrap();
        assert_eq!(a.status, 200, "whoami of {id}: {}\n{}", a.text(), c.logs());
        a.json()["token"].as_str().unwrap().to_string()
    };
    let first = sandbox("user-1");
    assert_eq!(sandbox("user-1"), first);
    assert_ne!(sandbox("user-2"), first);
}

/// Without --cluster a daemon is what it was, and says so: status mode
/// "single" with itself as the one node. (Its replies need no
/// `x-sessionpool-node`: the single-host data plane stays as it was; one
/// there must name the node itself.)
#[test]
fn single_host_status() {
    let c = Cluster::start_with(1, false, &[]);
    c.create_pool(0, "lone", &["--max-sessions", "3", "--ready-sessions", "1"]);
    let get = || {
        let a = c.request(0, "lone", "whoami", "user-1").unwrap();
        assert_eq!(a.status, 200, "{}", a.text());
        a
    };
    let (first, again) = (get(), get());
    assert_eq!(
        first.header("x-session-new"),
        Some("true"),
        "{:?}",
        first.headers
    );
    assert_ne!(
        again.header("x-session-new"),
        Some("true"),
        "{:?}",
        again.headers
    );
    let status = c.status(0);
    assert_eq!(status["mode"], "single", "{status:#}");
    let nodes = status["nodes"].as_array().expect("nodes");
    assert_eq!(nodes.len(), 1, "{status:#}");
    assert_eq!(nodes[0]["self"], true, "{status:#}");
    if let Some(node) = first.header("x-sessionpool-node") {
        assert_eq!(node, status["self"].as_str().unwrap(), "{status:#}");
    }
    assert_eq!(pool_counts(&status, "lone")[0].1, 1, "{status:#}");
}

/// A pool of `max` sessions (6 ready, met across the nodes) and `n`
/// identifiers sent round-robin through the nodes: (the identifiers, their
/// first replies, the indices of those owned by node `owner`, not none).
fn pool_with_sessions(
    c: &Cluster,
    pool: &str,
    max: usize,
    n: usize,
    owner: &str,
) -> (Vec<String>, Vec<Reply>, Vec<usize>) {
    let max = max.to_string();
    c.create_pool(0, pool, &["--max-sessions", &max, "--ready-sessions", "6"]);
    c.wait_ready_total(0, pool, 6);
    let ids: Vec<String> = (0..n).map(|i| format!("{pool}-{i:02}")).collect();
    let replies: Vec<Reply> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| c.whoami(i % 3, pool, id))
        .collect();
    let owned: Vec<usize> = (0..n).filter(|&i| replies[i].node == owner).collect();
    assert!(
        !owned.is_empty(),
        "no identifier is on node {owner}: {replies:?}"
    );
    (ids, replies, owned)
}

/// Ask for `id` through node `via` until it is answered (200), within
/// RECOVERY_BOUND of `since`; every try goes to `log`. The answer.
fn answered_again(
    c: &Cluster,
    via: usize,
    pool: &str,
    id: &str,
    since: Instant,
    log: &Mutex<Vec<Obs>>,
) -> Reply {
    let mut last = None;
    let back = wait_for(RECOVERY_BOUND.saturating_sub(since.elapsed()), || {
        let o = observe(c, via, pool, id);
        last = Some(o.clone());
        log.lock().unwrap().push(o);
        last.as_ref().is_some_and(|o| o.status == 200)
    });
    let o = last.unwrap();
    assert!(
        back,
        "{id} did not answer within {RECOVERY_BOUND:?}: {} {}\n{}",
        o.status,
        o.text,
        c.logs()
    );
    o.reply.unwrap()
}

/// One pool created through A is shown by B and C, its ready target met
/// across the three; 300 identifiers sent round-robin to the three nodes
/// each answered by exactly one sandbox, the same whichever node receives
/// it; maxSessions holds cluster-wide, exactly, under concurrent allocation.
#[test]
fn one_pool_across_three_nodes() {
    let c = Cluster::start();
    c.create_pool(
        0,
        "wide",
        &["--max-sessions", "310", "--ready-sessions", "6"],
    );
    for (i, d) in c.nodes.iter().enumerate() {
        let mut pool = serde_json::Value::Null;
        let shown = wait_for(Duration::from_secs(15), || {
            let out = d
                .cli()
                .args(["show", "-n", "wide", "-g", "rg"])
                .output()
                .unwrap();
            pool = serde_json::from_slice(&out.stdout).unwrap_or_default();
            out.status.success()
        });
        assert!(
            shown,
            "node {} does not show the pool: {pool}",
            node_name(i)
        );
        let scale = &pool["properties"]["scaleConfiguration"];
        assert_eq!(scale["maxConcurrentSessions"], 310, "{pool:#}");
        assert_eq!(scale["readySessionInstances"], 6, "{pool:#}");
    }
    let counts = c.wait_ready_total(0, "wide", 6);
    println!("ready sandboxes per node: {counts:?}");
    assert_eq!(counts.len(), 3, "{counts:?}");
    assert!(
        counts.iter().all(|n| n.2 >= 1),
        "the ready target is not spread over the three nodes: {counts:?}"
    );
    // Every node's `show` counts cluster-wide.
    for (i, d) in c.nodes.iter().enumerate() {
        let mut ready = serde_json::Value::Null;
        let ok = wait_for(Duration::from_secs(15), || {
            ready = show(d, "wide")["properties"]["templateUpdateStatus"]["readyCount"].clone();
            ready == 6
        });
        assert!(
            ok,
            "node {}'s show has readyCount {ready}, not 6",
            node_name(i)
        );
    }

    // A sampler of the cluster-wide session count while identifiers arrive.
    let stop = AtomicBool::new(false);
    let most = AtomicI64::new(0);
    let ids: Vec<String> = (0..300).map(|i| format!("wide-{i:03}")).collect();
    let first: Vec<Reply> = std::thread::scope(|s| {
        let _stop = StopOnDrop(&stop);
        s.spawn(|| {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                if let Some(total) = total_sessions(&c, n % 3, "wide") {
                    most.fetch_max(total, Ordering::Relaxed);
                }
                n += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        let workers: Vec<_> = (0..6)
            .map(|t| {
                let (c, ids) = (&c, &ids);
                s.spawn(move || {
                    (t..ids.len())
                        .step_by(6)
                        .map(|i| (i, c.whoami(i % 3, "wide", &ids[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut all: Vec<(usize, Reply)> = workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect();
        stop.store(true, Ordering::Relaxed);
        all.sort_by_key(|(i, _)| *i);
        all.into_iter().map(|(_, r)| r).collect()
    });
    let mut per_node: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, r) in first.iter().enumerate() {
        assert!(r.new, "the first reply of {} is not new: {r:?}", ids[i]);
        *per_node.entry(&r.node).or_default() += 1;
    }
    println!("sessions per owner node: {per_node:?}");
    let sandboxes: BTreeSet<&str> = first.iter().map(|r| r.sandbox.as_str()).collect();
    assert_eq!(sandboxes.len(), 300, "300 identifiers share sandboxes");
    // The same sandbox whichever node receives the identifier.
    for (i, id) in ids.iter().enumerate() {
        for via in [(i + 1) % 3, (i + 2) % 3] {
            let again = c.whoami(via, "wide", id);
            assert_eq!(
                (&again.sandbox, &again.hostname, &again.node, again.new),
                (&first[i].sandbox, &first[i].hostname, &first[i].node, false),
                "{id} through node {} after {:?}",
                node_name(via),
                first[i]
            );
        }
    }
    let most = most.load(Ordering::Relaxed);
    assert!(most <= 310, "the cluster counted {most} sessions, max 310");
    wait_total_sessions(&c, 1, "wide", 300);

    // 30 new identifiers at once, 10 through each node, for the last 10 places.
    let barrier = Barrier::new(30);
    let burst: Vec<Obs> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..30)
            .map(|k| {
                let (c, barrier) = (&c, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    observe(c, k % 3, "wide", &format!("burst-{k:02}"))
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let served = burst.iter().filter(|o| o.status == 200).count();
    let refused: Vec<&Obs> = burst.iter().filter(|o| o.status == 429).collect();
    assert_eq!(
        (served, refused.len()),
        (10, 20),
        "10 places left: {:?}",
        burst
            .iter()
            .map(|o| (o.status, o.text.as_str()))
            .collect::<Vec<_>>()
    );
    for o in refused {
        assert!(o.text.contains("SessionPoolCapacityExceeded"), "{}", o.text);
    }
    for i in 0..3 {
        wait_total_sessions(&c, i, "wide", 310);
    }
}

/// A WebSocket opened through a node that does not own the session: the
/// upgrade reaches the owner's sandbox, frames echo both ways through the
/// hop, and a close ends the tunnel.
#[test]
fn a_websocket_through_another_node_reaches_the_owner() {
    use common::http::{read_head, ws_frame, ws_read};
    use std::io::{BufReader, Write as _};
    let c = Cluster::start_with(2, true, &[]);
    c.create_pool(0, "ws", &["--max-sessions", "4", "--ready-sessions", "2"]);
    c.wait_ready_total(0, "ws", 2);
    let owner = c.whoami(0, "ws", "ws-1");
    let via = usize::from(owner.node == "a");
    let mut s = std::os::unix::net::UnixStream::connect(c.nodes[via].socket()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let head = format!(
        "GET /pools/{}/ws/ws?identifier=ws-1 HTTP/1.1\r\nHost: localhost\r\n\
         Upgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        common::pools::RG
    );
    s.write_all(head.as_bytes()).unwrap();
    let mut r = BufReader::new(s.try_clone().unwrap());
    let (status, headers) = read_head(&mut r);
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(status, 101, "{headers:?}\n{}", c.logs());
    // RFC 6455's worked example of the key and its accept value.
    assert_eq!(
        header("sec-websocket-accept"),
        Some("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    );
    assert_eq!(
        header("x-sessionpool-node"),
        Some(owner.node.as_str()),
        "sent through {}, owned by {}: {headers:?}",
        node_name(via),
        owner.node
    );
    println!(
        "WebSocket of ws-1 through node {} upgraded by its owner {}",
        node_name(via),
        owner.node
    );
    s.write_all(&ws_frame(0x1, b"hello, owner")).unwrap();
    assert_eq!(ws_read(&mut r), (0x1, b"hello, owner".to_vec()));
    let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    s.write_all(&ws_frame(0x2, &big)).unwrap();
    assert_eq!(ws_read(&mut r), (0x2, big));
    s.write_all(&ws_frame(0x8, &1000u16.to_be_bytes())).unwrap();
    assert_eq!(ws_read(&mut r).0, 0x8);
    // The same session answers plain requests through either node still.
    for i in 0..2 {
        let again = c.whoami(i, "ws", "ws-1");
        assert_eq!((&again.sandbox, again.new), (&owner.sandbox, false));
    }
}

/// A node that cannot provision a pool (here its pull deadline is too short
/// for any image) lists it as failed in its node record; the other nodes
/// take its share of the ready target, and new identifiers sent to it are
/// served by them.
#[test]
fn a_node_that_cannot_pull_leaves_its_share_to_the_others() {
    let c = Cluster::start_with_node_flags(&[&[], &["--pull-deadline", "0.000001"], &[]]);
    c.create_pool(
        0,
        "part",
        &["--max-sessions", "10", "--ready-sessions", "6"],
    );
    let failed = wait_for(Duration::from_secs(30), || {
        c.try_status(0).is_some_and(|s| {
            s["nodes"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|n| n["name"] == "b" && n["failedPools"].to_string().contains("part"))
        })
    });
    assert!(failed, "b never listed the pool as failed\n{}", c.logs());
    let counts = c.wait_ready_total(0, "part", 6);
    println!("(node, sessions, ready) with b unable to pull: {counts:?}");
    let ready_of = |node: &str| {
        counts
            .iter()
            .find(|(n, _, _)| n == node)
            .map_or(0, |(_, _, r)| *r)
    };
    assert_eq!(
        (ready_of("a"), ready_of("b"), ready_of("c")),
        (3, 0, 3),
        "{counts:?}"
    );
    for k in 0..4 {
        let id = format!("via-b-{k}");
        let r = c.whoami(1, "part", &id);
        assert!(r.new && r.node != "b", "{r:?}");
        // Its next request, through b or its owner, reaches the same sandbox.
        for via in [1, if r.node == "a" { 0 } else { 2 }] {
            let again = c.whoami(via, "part", &id);
            assert_eq!((&again.sandbox, again.new), (&r.sandbox, false), "{id}");
        }
    }
}

/// A pool's create and delete are long-running operations: each can be
/// polled (Azure-AsyncOperation and Location) through a node other than the
/// one that took it, as `az` does behind a load balancer.
#[test]
fn operations_poll_through_any_node() {
    use sessionpool::client::{Answer, Client, Endpoint};
    let c = Cluster::start_with(2, true, &[]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let client = |i: usize| {
        let socket = c.nodes[i].socket();
        Client::new(
            Endpoint::parse(&format!("unix://{}", socket.display())).unwrap(),
            Some(c.nodes[i].admin_token()),
        )
        .unwrap()
    };
    let (a, b) = (client(0), client(1));
    let call = |cl: &Client, method: &str, path: &str, body: Option<Vec<u8>>| -> Answer {
        rt.block_on(cl.send_raw(
            method.parse().unwrap(),
            path,
            body.map(bytes::Bytes::from),
            &[],
        ))
        .unwrap()
    };
    // The path of an operation URL (its host is the node that made it).
    let path_of = |url: &str| -> String {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        rest[rest.find('/').unwrap()..].to_string()
    };
    let poll = |cl: &Client, url: &str| -> serde_json::Value {
        let mut last = serde_json::Value::Null;
        let done = wait_for(Duration::from_secs(60), || {
            let ans = call(cl, "GET", &path_of(url), None);
            assert_eq!(
                ans.status,
                200,
                "{url}: {}",
                String::from_utf8_lossy(&ans.body)
            );
            last = ans.json().unwrap();
            last["status"] != "InProgress"
        });
        assert!(done, "{url} never finished: {last}\n{}", c.logs());
        last
    };
    const V: &str = "api-version=2025-10-02-preview";
    let pool = format!(
        "/subscriptions/sub-1/resourceGroups/{}/providers/Microsoft.App/sessionPools/lro",
        common::pools::RG
    );
    let body = serde_json::json!({
        "location": "westus",
        "properties": {
            "environmentId": "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/env",
            "containerType": "CustomContainer",
            "poolManagementType": "Dynamic",
            "scaleConfiguration": {"maxConcurrentSessions": 2, "readySessionInstances": 1},
            "customContainerTemplate": {
                "containers": [{"image": common::registry::session_image().reference(), "name": "c",
                                "resources": {"cpu": 0.25, "memory": "0.5Gi"}}],
                "ingress": {"targetPort": 8080}
            }
        }
    });
    let put = call(
        &a,
        "PUT",
        &format!("{pool}?{V}"),
        Some(serde_json::to_vec(&body).unwrap()),
    );
    assert_eq!(put.status, 201, "{}", String::from_utf8_lossy(&put.body));
    let op = put.header("azure-asyncoperation").unwrap().to_string();
    let location = put.header("location").unwrap().to_string();
    let status = poll(&b, &op);
    assert_eq!(status["status"], "Succeeded", "{status}");
    println!("create through a, polled through b: {status}");
    let done = wait_for(Duration::from_secs(30), || {
        call(&b, "GET", &path_of(&location), None).status == 200
    });
    assert!(done, "the create's Location never answered through b");
    let result: serde_json::Value = call(&b, "GET", &path_of(&location), None).json().unwrap();
    assert_eq!(result["name"], "lro", "{result}");

    let del = call(&b, "DELETE", &format!("{pool}?{V}"), None);
    assert_eq!(del.status, 202, "{}", String::from_utf8_lossy(&del.body));
    let op = del.header("azure-asyncoperation").unwrap().to_string();
    let location = del.header("location").unwrap().to_string();
    let status = poll(&a, &op);
    assert_eq!(status["status"], "Succeeded", "{status}");
    assert_eq!(call(&a, "GET", &path_of(&location), None).status, 204);

    let unknown = call(
        &b,
        "GET",
        &format!(
            "/subscriptions/sub-1/providers/Microsoft.App/locations/westus/containerappOperationStatuses/no-such-op?{V}"
        ),
        None,
    );
    assert_eq!(
        unknown.status,
        404,
        "{}",
        String::from_utf8_lossy(&unknown.body)
    );
    assert!(
        String::from_utf8_lossy(&unknown.body).contains("OperationNotFound"),
        "{}",
        String::from_utf8_lossy(&unknown.body)
    );
}

/// The same new identifier sent to the three nodes at once, 200 times: one
/// owner, one sandbox, one allocation each time.
#[test]
fn races_for_a_new_identifier_have_one_owner() {
    let c = Cluster::start();
    c.create_pool(
        0,
        "race",
        &["--max-sessions", "220", "--ready-sessions", "6"],
    );
    c.wait_ready_total(0, "race", 6);
    let rounds = 200;
    let barrier = Barrier::new(3);
    let results: Vec<Vec<Obs>> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..3)
            .map(|via| {
                let (c, barrier) = (&c, &barrier);
                s.spawn(move || {
                    (0..rounds)
                        .map(|r| {
                            barrier.wait();
                            observe(c, via, "race", &format!("race-{r:03}"))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut owners: BTreeMap<String, usize> = BTreeMap::new();
    let mut sandboxes = BTreeSet::new();
    for r in 0..rounds {
        let round: Vec<&Obs> = results.iter().map(|per_node| &per_node[r]).collect();
        let replies: Vec<&Reply> = round
            .iter()
            .map(|o| {
                o.reply.as_ref().unwrap_or_else(|| {
                    panic!(
                        "race-{r:03} through {}: {} {}\n{}",
                        node_name(o.via),
                        o.status,
                        o.text,
                        c.logs()
                    )
                })
            })
            .collect();
        let distinct: BTreeSet<(&str, &str)> = replies
            .iter()
            .map(|r| (r.sandbox.as_str(), r.node.as_str()))
            .collect();
        assert_eq!(
            distinct.len(),
            1,
            "race-{r:03} has several owners: {replies:?}"
        );
        let new = replies.iter().filter(|r| r.new).count();
        assert_eq!(new, 1, "race-{r:03} was allocated {new} times: {replies:?}");
        *owners.entry(replies[0].node.clone()).or_default() += 1;
        sandboxes.insert(replies[0].sandbox.clone());
    }
    println!("owners of the 200 raced identifiers: {owners:?}");
    assert_eq!(sandboxes.len(), rounds);
    wait_total_sessions(&c, 2, "race", rounds as i64);
}

/// kill -9 of node B: its identifiers answer again (new sessions, on A or
/// C) within the bound; A's and C's sessions never change; A and C meet the
/// ready target; B restarted rejoins and nothing of its first run is left.
#[test]
fn a_killed_node_s_identifiers_move_and_it_rejoins_clean() {
    let mut c = Cluster::start();
    let (ids, before, on_b) = pool_with_sessions(&c, "surv", 60, 30, "b");
    let b_sandboxes = sandbox_dirs(&c.nodes[1]);
    assert!(!b_sandboxes.is_empty());

    c.nodes[1].kill_9();
    let killed = Instant::now();
    let mut after = before.clone();
    let mut slowest = Duration::ZERO;
    let tries = Mutex::new(Vec::new());
    for &i in &on_b {
        let via = if i % 2 == 0 { 0 } else { 2 };
        let r = answered_again(&c, via, "surv", &ids[i], killed, &tries);
        slowest = slowest.max(killed.elapsed());
        assert!(
            r.new && r.node != "b" && r.sandbox != before[i].sandbox,
            "{r:?}"
        );
        after[i] = r;
    }
    println!(
        "b's {} identifiers answered again {slowest:?} after the kill (bound {RECOVERY_BOUND:?})",
        on_b.len()
    );
    // A's and C's sessions never moved.
    for (i, id) in ids.iter().enumerate() {
        for via in [0, 2] {
            let r = c.whoami(via, "surv", id);
            assert_eq!(
                (&r.sandbox, &r.node),
                (&after[i].sandbox, &after[i].node),
                "{id}"
            );
        }
    }
    c.wait_alive(0, &[0, 2]);
    c.wait_alive(2, &[0, 2]);
    let counts = c.wait_ready_total(0, "surv", 6);
    assert!(counts.iter().all(|n| n.0 != "b"), "{counts:?}");

    c.nodes[1].start_again();
    for i in 0..3 {
        c.wait_alive(i, &[0, 1, 2]);
    }
    for id in &b_sandboxes {
        assert_torn_down(&c.nodes[1], id);
    }
    // B took none of its old identifiers back; they answer from their new
    // sandboxes through every node, B included.
    for &i in &on_b {
        for via in 0..3 {
            let r = c.whoami(via, "surv", &ids[i]);
            assert_eq!((&r.sandbox, &r.node), (&after[i].sandbox, &after[i].node));
        }
    }
    let counts = c.wait_ready_total(1, "surv", 6);
    let b = counts.iter().find(|n| n.0 == "b").cloned();
    assert_eq!(
        b.map(|n| n.1),
        Some(0),
        "sessions on b after its restart: {counts:?}"
    );
    // What b holds on disk now is only its new share of the ready target.
    let now = sandbox_dirs(&c.nodes[1]);
    assert!(now.is_disjoint(&b_sandboxes), "{now:?}");
    assert!(now.len() <= 6, "b holds {} sandboxes: {now:?}", now.len());
}

/// Node C cut off from etcd (nftables in its namespace): once its lease
/// has run out C serves nothing and takes no new identifier; no identifier
/// is ever answered by two sandboxes; healing brings C back.
#[test]
fn a_node_cut_off_from_etcd_stops_serving_and_heals() {
    let c = Cluster::start();
    let (ids, _, on_c) = pool_with_sessions(&c, "part", 100, 24, "c");

    let log = Mutex::new(Vec::<Obs>::new());
    let stop = AtomicBool::new(false);
    let (t_cut, healed) = std::thread::scope(|s| {
        let _stop = StopOnDrop(&stop);
        // Four clients asking for the known identifiers through every node.
        for t in 0..4 {
            let (c, ids, log, stop) = (&c, &ids, &log, &stop);
            s.spawn(move || {
                let mut n = t;
                while !stop.load(Ordering::Relaxed) {
                    let o = observe(c, n % 3, "part", &ids[(n * 7) % ids.len()]);
                    log.lock().unwrap().push(o);
                    n += 1;
                    std::thread::sleep(Duration::from_millis(10));
                }
            });
        }
        std::thread::sleep(Duration::from_secs(1));
        c.net.partition_from_hub(2);
        let t_cut = Instant::now();
        println!("node c cut off from etcd");
        // After the lease ran out: new identifiers through C are not taken by C.
        std::thread::sleep(Duration::from_secs(LEASE_TTL) + Duration::from_millis(1500));
        for k in 0..5 {
            let o = observe(&c, 2, "part", &format!("cut-{k}"));
            println!(
                "new identifier through c while cut: {} {:?}",
                o.status, o.reply
            );
            log.lock().unwrap().push(o);
        }
        // C's identifiers answer again from A or B.
        for &i in &on_c {
            answered_again(&c, i % 2, "part", &ids[i], t_cut, &log);
        }
        println!(
            "c's identifiers answered again {:?} after the cut",
            t_cut.elapsed()
        );
        c.wait_alive(0, &[0, 1]);

        c.net.heal(2);
        let healed = Instant::now();
        for i in 0..3 {
            c.wait_alive(i, &[0, 1, 2]);
        }
        // C takes new identifiers again (prefering its own ready sandboxes).
        let mut k = 0;
        let mut last = None;
        let back = wait_for(Duration::from_secs(30), || {
            k += 1;
            let o = observe(&c, 2, "part", &format!("healed-{k}"));
            let ok = o.reply.as_ref().is_some_and(|r| r.node == "c");
            last = Some(o.clone());
            log.lock().unwrap().push(o);
            ok
        });
        assert!(
            back,
            "c serves no new identifier after healing: {last:?}\n{}",
            c.logs()
        );
        println!(
            "c served a new identifier {:?} after healing",
            healed.elapsed()
        );
        std::thread::sleep(Duration::from_secs(1));
        stop.store(true, Ordering::Relaxed);
        (t_cut, healed)
    });
    let log = log.into_inner().unwrap();
    // From the lease's end (plus a request's time) to the healing, C's
    // sandboxes answered nothing.
    let quiet_from = t_cut + Duration::from_secs(LEASE_TTL) + Duration::from_millis(500);
    let late: Vec<&Obs> = log
        .iter()
        .filter(|o| o.sent > quiet_from && o.recv < healed)
        .filter(|o| o.reply.as_ref().is_some_and(|r| r.node == "c"))
        .collect();
    assert!(
        late.is_empty(),
        "c answered after its lease ran out: {late:?}"
    );
    assert_one_sandbox_at_a_time(&log);
    println!("{} requests checked", log.len());
}

/// kill -9 of one etcd member (the leader): no request fails, not even a
/// new identifier's. The daemons run with the default lease TTL (10 s): an
/// etcd election (1-2 s here without a leader, when no lease can be renewed)
/// must fit in it; the other tests' 3 s leave too little room for one.
#[test]
fn an_etcd_member_lost_changes_nothing_visible() {
    const DEFAULT_TTL: u64 = 10;
    println!("daemons with --cluster-lease-ttl {DEFAULT_TTL} (the default)");
    let c = Cluster::start_with_ttl(3, true, &[], DEFAULT_TTL);
    c.create_pool(
        0,
        "calm",
        &["--max-sessions", "400", "--ready-sessions", "6"],
    );
    c.wait_ready_total(0, "calm", 6);
    let ids: Vec<String> = (0..15).map(|i| format!("calm-{i:02}")).collect();
    for (i, id) in ids.iter().enumerate() {
        c.whoami(i % 3, "calm", id);
    }
    let log = Mutex::new(Vec::<Obs>::new());
    let stop = AtomicBool::new(false);
    let killed_at = std::thread::scope(|s| {
        let _stop = StopOnDrop(&stop);
        for t in 0..3 {
            let (c, ids, log, stop) = (&c, &ids, &log, &stop);
            s.spawn(move || {
                let mut n = t;
                while !stop.load(Ordering::Relaxed) {
                    let id = match n % 10 {
                        0 => format!("calm-new-{t}-{n}"),
                        _ => ids[n % ids.len()].clone(),
                    };
                    let o = observe(c, n % 3, "calm", &id);
                    log.lock().unwrap().push(o);
                    n += 1;
                    std::thread::sleep(Duration::from_millis(20));
                }
            });
        }
        std::thread::sleep(Duration::from_secs(2));
        let leader = c.etcd.leader();
        c.etcd.kill(leader);
        let at = Instant::now();
        println!(
            "killed etcd member {} (the leader)",
            c.etcd.members[leader].name
        );
        // Longer than an election and a few lease renewals.
        std::thread::sleep(Duration::from_secs(3 * LEASE_TTL));
        stop.store(true, Ordering::Relaxed);
        at
    });
    let log = log.into_inner().unwrap();
    let failed: Vec<&Obs> = log.iter().filter(|o| o.status != 200).collect();
    assert!(
        failed.is_empty(),
        "{} of {} requests failed after an etcd member died: {:?}\n{}",
        failed.len(),
        log.len(),
        &failed[..failed.len().min(5)],
        c.logs()
    );
    let new_after = log
        .iter()
        .filter(|o| o.sent > killed_at && o.reply.as_ref().is_some_and(|r| r.new))
        .count();
    assert!(
        new_after > 0,
        "no new identifier was allocated after the kill"
    );
    assert_one_sandbox_at_a_time(&log);
    for i in 0..3 {
        c.wait_alive(i, &[0, 1, 2]);
    }
    let slowest = log
        .iter()
        .map(|o| o.recv - o.sent)
        .max()
        .unwrap_or_default();
    println!(
        "{} requests, {new_after} new identifiers after the kill, none failed, slowest {slowest:?}",
        log.len()
    );
}
