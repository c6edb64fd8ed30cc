//! The cluster part (issue 15): warm allocation through the owning node,
//! one forwarding hop, fill rate with 3 nodes against 1, and recovery after
//! a node is killed, on a 3-member etcd cluster and 3 daemons on loopback
//! (`cluster_env`), each beside its single-host figure taken the same way
//! on the bench's own daemon (no `--cluster`).

use crate::client::{Client, Target, header_of};
use crate::cluster_env::{ClusterEnv, LEASE_TTL_S, NODES, Node, get_unix};
use crate::env::{Env, ready_in};
use crate::table::{Row, ms, quantile, row};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

const WARM_POOL: &str = "bench-cl-warm";
const BASE_POOL: &str = "bench-cl-base";
const FILL_POOL: &str = "bench-cl-fill";
const FILL1_POOL: &str = "bench-cl-fill1";
const REC_POOL: &str = "bench-cl-rec";
/// Ready sandboxes per receiving node in the warm allocations (the cluster
/// pool has NODES × this, shared equally; the single-host pool this).
const WARM_READY_EACH: usize = 10;
const WARM_BATCH: usize = 5;
/// Ready sandboxes of the recovery pool (shared over the nodes), and the
/// sessions the killed node owns.
const REC_READY: usize = 12;
const REC_SESSIONS: usize = 3;
const ANSWERED_BY: &str = "x-sessionpool-node";

fn warm_samples() -> usize {
    if crate::quick() { 15 } else { 90 }
}
fn hop_requests() -> usize {
    if crate::quick() { 300 } else { 2000 }
}
fn hop_warmup() -> usize {
    if crate::quick() { 50 } else { 200 }
}
/// readySessionInstances of the fill pools: 150 (30 with BENCH_QUICK).
pub fn fill_ready() -> usize {
    if crate::quick() { 30 } else { 150 }
}

/// Whether `BENCH_ONLY=cluster` asks for the cluster part alone.
pub fn only() -> bool {
    match std::env::var("BENCH_ONLY").as_deref() {
        Ok("cluster") => true,
        Ok("") | Err(_) => false,
        Ok(other) => panic!("BENCH_ONLY={other}: only `cluster` is known"),
    }
}

pub struct FillTime {
    /// `create` started → the first ready sandbox anywhere, s.
    pub first: f64,
    /// `create` started → the ready target met (summed over the nodes), s.
    pub full: f64,
}

pub struct Recovery {
    /// Kill → the surviving node lists one node fewer, s.
    pub membership: f64,
    /// Kill → every identifier of the killed node answered 200 again (a new
    /// session on another node), s.
    pub identifiers: f64,
    /// Kill → the other nodes hold the whole ready target again, s.
    pub ready: f64,
    /// The killed node started again → every node lists all three, s.
    pub rejoin: f64,
}

pub struct ClusterResults {
    /// New identifier → first byte, ms: single host (unix socket) and cluster
    /// (through the node that claims it).
    pub base_warm: Vec<f64>,
    pub warm: Vec<f64>,
    /// GET / of one session through its owner and through another node, µs.
    pub hop_owner: Vec<f64>,
    pub hop_other: Vec<f64>,
    pub fill1: FillTime,
    pub fill3: FillTime,
    pub recovery: Recovery,
    /// etcd's WAL fsyncs during the warm allocations (seconds, count), all
    /// members together.
    pub etcd_fsync: (f64, f64),
    /// The daemons' own claim transactions during the warm allocations
    /// (seconds, count; `sessionpool_cluster_claim_seconds`).
    pub claims: (f64, f64),
    /// ms per claim-shaped etcd transaction through each member's HTTP gateway.
    pub etcd_txns: Vec<Vec<f64>>,
    pub etcd_version: String,
    pub etcd_fs: String,
}

/// A client on `t` with its keep-alive connection opened outside the timings.
fn open(t: &Target) -> Client {
    let mut c = Client::new(t);
    let probe = t.request("GET", "/.management/listSessions?identifier=warmup-x", b"");
    let (_, ans) = c.call(&probe).expect("listSessions");
    assert_eq!(ans.status, 200, "listSessions");
    c
}

fn stop_sessions(c: &mut Client, t: &Target, ids: &[String]) {
    for id in ids {
        let req = t.request(
            "POST",
            &format!("/.management/stopSession?identifier={id}"),
            b"",
        );
        let (_, ans) = c.call(&req).expect("stopSession");
        assert_eq!(ans.status, 204, "stopSession {id}");
    }
}

/// Batches of WARM_BATCH new identifiers, batch k to `nodes[k % len]`; each
/// answer must be a new session (x-session-new) and, when the node has a
/// name, answered by that node (it claimed the identifier for itself). The
/// pool is back at `ready` (by `ready_now`) before each batch.
fn warm_batches(
    tag: &str,
    nodes: &[(Option<String>, Target)],
    ready_now: &dyn Fn() -> usize,
    ready: usize,
    samples: usize,
) -> Vec<f64> {
    let mut clients: Vec<Client> = nodes.iter().map(|(_, t)| open(t)).collect();
    let mut times = Vec::new();
    let mut batch = 0;
    while times.len() < samples {
        let deadline = Instant::now() + Duration::from_secs(120);
        while ready_now() < ready {
            assert!(Instant::now() < deadline, "{tag}: {ready} ready never came");
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(50));
        let k = batch % nodes.len();
        let (name, t) = &nodes[k];
        let c = &mut clients[k];
        let ids: Vec<String> = (0..WARM_BATCH)
            .map(|i| format!("{tag}-b{batch}-{i}"))
            .collect();
        for id in &ids {
            let req = t.request("GET", &format!("/?identifier={id}"), b"");
            let (_, ans) = c.call(&req).expect("allocate");
            assert_eq!(ans.status, 200, "allocate {id}");
            assert_eq!(
                header_of(&c.buf, "x-session-new").as_deref(),
                Some("true"),
                "{id}: not a new session"
            );
            if let Some(name) = name {
                assert_eq!(
                    header_of(&c.buf, ANSWERED_BY).as_ref(),
                    Some(name),
                    "{id}: sent to {name}, which has ready sandboxes, but answered by another node"
                );
            }
            times.push(ms(ans.first_byte));
        }
        stop_sessions(c, t, &ids);
        batch += 1;
    }
    times
}

/// µs per `GET /` of one session, through its owner and through another
/// node, alternating request by request on two keep-alive connections.
fn hop(owner: &Node, other: &Node, pool: &str) -> (Vec<f64>, Vec<f64>) {
    let id = "bench-cl-hop";
    let (to, tf) = (owner.target(pool), other.target(pool));
    let (mut co, mut cf) = (open(&to), open(&tf));
    let req = to.request("GET", &format!("/?identifier={id}"), b"");
    let (_, ans) = co.call(&req).expect("allocate on the owner");
    assert_eq!(ans.status, 200);
    assert_eq!(
        header_of(&co.buf, ANSWERED_BY).as_deref(),
        Some(owner.name.as_str())
    );
    let one = |c: &mut Client| {
        let (d, ans) = c.call(&req).expect("GET /");
        assert_eq!(ans.status, 200);
        assert_eq!(
            header_of(&c.buf, ANSWERED_BY).as_deref(),
            Some(owner.name.as_str()),
            "the session's owner did not answer"
        );
        d.as_secs_f64() * 1e6
    };
    for _ in 0..hop_warmup() {
        one(&mut co);
        one(&mut cf);
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..hop_requests() {
        a.push(one(&mut co));
        b.push(one(&mut cf));
    }
    (a, b)
}

/// Time from `create` to `target` ready, by `ready_now` every 20 ms.
fn fill_time(
    create: impl FnOnce() -> Child,
    ready_now: &dyn Fn() -> usize,
    target: usize,
) -> FillTime {
    let t0 = Instant::now();
    let mut child = create();
    let mut first = None;
    loop {
        let n = ready_now();
        if n > 0 && first.is_none() {
            first = Some(t0.elapsed().as_secs_f64());
        }
        if n >= target {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "sessionpool create failed");
        }
        assert!(
            t0.elapsed() < Duration::from_secs(300),
            "{target} ready never came"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let full = t0.elapsed().as_secs_f64();
    assert!(child.wait().unwrap().success(), "sessionpool create");
    FillTime {
        first: first.unwrap_or(full),
        full,
    }
}

fn single_ready(env: &Env, pool: &str) -> usize {
    get_unix(env.socket(), "/metrics")
        .and_then(|(_, m)| ready_in(&m, pool))
        .unwrap_or(0)
}

fn fs_of(path: &std::path::Path) -> String {
    Command::new("findmnt")
        .args(["-n", "-o", "FSTYPE", "-T"])
        .arg(path)
        .output()
        .ok()
        .map(|o| {
            // Stacked mounts print a line each: the first is the one in use.
            let text = String::from_utf8_lossy(&o.stdout).into_owned();
            text.lines().next().unwrap_or_default().trim().to_string()
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "an unknown file system".into())
}

/// Kill -9 node 1 while it owns REC_SESSIONS sessions; poll through node 0.
fn recovery(cl: &mut ClusterEnv, env: &Env) -> Recovery {
    let (dead, via) = (1, 0);
    let mut create = cl.create_pool(env, via, REC_POOL, REC_READY, 50);
    assert!(create.wait().unwrap().success(), "create {REC_POOL}");
    cl.wait_ready(REC_POOL, REC_READY);
    let td = cl.nodes[dead].target(REC_POOL);
    let mut cd = open(&td);
    let ids: Vec<String> = (0..REC_SESSIONS)
        .map(|i| format!("bench-cl-rec-{i}"))
        .collect();
    for id in &ids {
        let req = td.request("GET", &format!("/?identifier={id}"), b"");
        let (_, ans) = cd.call(&req).expect("allocate on the node to kill");
        assert_eq!(ans.status, 200);
        assert_eq!(
            header_of(&cd.buf, ANSWERED_BY).as_deref(),
            Some(cl.nodes[dead].name.as_str())
        );
    }
    drop(cd);
    let tv = cl.nodes[via].target(REC_POOL);
    let mut cv = open(&tv);
    cv.timeout = Some(Duration::from_secs(2));
    // Through another node first: forwarded to the owner.
    for id in &ids {
        let req = tv.request("GET", &format!("/?identifier={id}"), b"");
        let (_, ans) = cv.call(&req).expect("GET / via another node");
        assert_eq!(ans.status, 200);
        assert_eq!(
            header_of(&cv.buf, ANSWERED_BY).as_deref(),
            Some(cl.nodes[dead].name.as_str())
        );
    }
    let dead_name = cl.nodes[dead].name.clone();
    eprintln!(
        "   kill -9 {dead_name} (pid {}), owner of {REC_SESSIONS} sessions",
        cl.nodes[dead].pid().unwrap()
    );
    let t0 = Instant::now();
    cl.kill9(dead);
    let (mut membership, mut identifiers, mut ready) = (None, None, None);
    let mut pending: Vec<&String> = ids.iter().collect();
    while membership.is_none() || identifiers.is_none() || ready.is_none() {
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "no recovery within 60 s of the kill"
        );
        let now = || t0.elapsed().as_secs_f64();
        if membership.is_none() && cl.nodes[via].live_nodes() == Some(NODES - 1) {
            membership = Some(now());
        }
        pending.retain(|id| {
            let req = tv.request("GET", &format!("/?identifier={id}"), b"");
            match cv.call(&req) {
                Ok((_, ans)) if ans.status == 200 => {
                    let by = header_of(&cv.buf, ANSWERED_BY);
                    assert_ne!(
                        by.as_deref(),
                        Some(dead_name.as_str()),
                        "{id}: the dead node answered"
                    );
                    assert_eq!(
                        header_of(&cv.buf, "x-session-new").as_deref(),
                        Some("true"),
                        "{id}: answered again, but not as a new session"
                    );
                    false
                }
                Ok(_) => true,
                Err(_) => {
                    cv.disconnect();
                    true
                }
            }
        });
        if identifiers.is_none() && pending.is_empty() {
            identifiers = Some(now());
        }
        if ready.is_none() && cl.ready(REC_POOL) >= REC_READY {
            ready = Some(now());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    eprintln!("   restart {dead_name}");
    cl.restart(dead);
    let rejoin = cl.wait_members(NODES, Duration::from_secs(60));
    cl.delete_pool(REC_POOL);
    Recovery {
        membership: membership.unwrap(),
        identifiers: identifiers.unwrap(),
        ready: ready.unwrap(),
        rejoin: rejoin.as_secs_f64(),
    }
}

/// The whole cluster part: single-host baselines on the bench's daemon,
/// then the cluster started, measured and stopped.
pub fn bench(env: &Env) -> ClusterResults {
    let samples = warm_samples();
    eprintln!(
        "== cluster baseline (single host, unix socket): {samples} warm allocations, ready {WARM_READY_EACH}"
    );
    env.create_pool(BASE_POOL, WARM_READY_EACH, 100);
    // The unix socket, no token: as the cluster nodes are reached below.
    let base_target = Target {
        unix: Some(env.socket().to_path_buf()),
        auth: String::new(),
        ..env.daemon_target(BASE_POOL, "")
    };
    let base_warm = warm_batches(
        "bench-cl-base",
        &[(None, base_target)],
        &|| single_ready(env, BASE_POOL),
        WARM_READY_EACH,
        samples,
    );
    env.delete_pool(BASE_POOL);
    env.wait_no_sandboxes(Duration::from_secs(60));
    let r = fill_ready();
    eprintln!("== cluster baseline: fill 0 → {r} ready on one node");
    let fill1 = fill_time(
        || {
            env.create_pool_cmd(FILL1_POOL, r, r)
                .spawn()
                .expect("sessionpool create")
        },
        &|| single_ready(env, FILL1_POOL),
        r,
    );
    env.delete_pool(FILL1_POOL);
    env.wait_no_sandboxes(Duration::from_secs(120));

    let mut cl = ClusterEnv::start(env);
    let etcd_fs = fs_of(&cl.etcd_dir);
    let etcd_version = Command::new("etcd")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout).lines().find_map(|l| {
                l.strip_prefix("etcd Version:")
                    .map(|v| v.trim().to_string())
            })
        })
        .unwrap_or_else(|| "?".into());

    let total = WARM_READY_EACH * NODES;
    eprintln!(
        "== cluster: {samples} warm allocations via the owner, ready {total} over {NODES} nodes"
    );
    let mut create = cl.create_pool(env, 0, WARM_POOL, total, 200);
    assert!(create.wait().unwrap().success(), "create {WARM_POOL}");
    // Every node has applied the pool (and filled its share) before the
    // clients open: a pool not yet on a node makes listSessions fail.
    cl.wait_ready(WARM_POOL, total);
    let nodes: Vec<(Option<String>, Target)> = cl
        .nodes
        .iter()
        .map(|n| (Some(n.name.clone()), n.target(WARM_POOL)))
        .collect();
    eprintln!("== cluster: claim-shaped etcd transactions through each member's HTTP gateway");
    let etcd_txns = cl.etcd_txns(warm_samples() * 2);
    let fsync0 = cl.etcd_fsyncs();
    let claims0 = cl.claim_seconds();
    let warm = warm_batches(
        "bench-cl-warm",
        &nodes,
        &|| cl.ready(WARM_POOL),
        total,
        samples,
    );
    let fsync1 = cl.etcd_fsyncs();
    let claims1 = cl.claim_seconds();
    let claims = (claims1.0 - claims0.0, claims1.1 - claims0.1);
    let etcd_fsync = (fsync1.0 - fsync0.0, fsync1.1 - fsync0.1);
    eprintln!(
        "== cluster: {} GET / of one session via its owner and via another node",
        hop_requests()
    );
    let (hop_owner, hop_other) = hop(&cl.nodes[0], &cl.nodes[1], WARM_POOL);
    cl.delete_pool(WARM_POOL);

    eprintln!("== cluster: fill 0 → {r} ready over {NODES} nodes");
    let fill3 = fill_time(
        || cl.create_pool(env, 0, FILL_POOL, r, r),
        &|| cl.ready(FILL_POOL),
        r,
    );
    cl.delete_pool(FILL_POOL);

    eprintln!("== cluster: recovery after kill -9 of a node (lease TTL {LEASE_TTL_S} s)");
    let recovery = recovery(&mut cl, env);
    drop(cl);
    ClusterResults {
        base_warm,
        warm,
        hop_owner,
        hop_other,
        fill1,
        fill3,
        recovery,
        etcd_fsync,
        claims,
        etcd_txns,
        etcd_version,
        etcd_fs,
    }
}

/// The cluster rows, for the same table as the single-host ones.
pub fn rows(r: &mut ClusterResults) -> Vec<Row> {
    let mut rows = Vec::new();
    // Before the quantiles sort them: the first of each batch finds no
    // refill running on its node yet.
    let first_of = |v: &[f64]| -> Vec<f64> { v.iter().step_by(WARM_BATCH).copied().collect() };
    let (mut wf, mut bf) = (first_of(&r.warm), first_of(&r.base_warm));
    let (w50, w99) = (quantile(&mut r.warm, 0.5), quantile(&mut r.warm, 0.99));
    let (b50, b99) = (
        quantile(&mut r.base_warm, 0.5),
        quantile(&mut r.base_warm, 0.99),
    );
    rows.push(row(
        format!(
            "cluster: warm allocation via the owner p50 / p99 (3 nodes, new id → first byte, n={})",
            r.warm.len()
        ),
        format!("{w50:.2} / {w99:.2} ms"),
        format!(
            "single host, no --cluster, same client: {b50:.2} / {b99:.2} ms (n={})",
            r.base_warm.len()
        ),
        "≤ 2 ms p50",
        Some(w50 <= 2.0),
    ));
    rows.push(row(
        format!(
            "  first of each batch (no refill running yet on that node, n={}), p50",
            wf.len()
        ),
        format!("{:.2} ms", quantile(&mut wf, 0.5)),
        format!("single host: {:.2} ms", quantile(&mut bf, 0.5)),
        "—",
        None,
    ));
    let (fs_s, fs_n) = r.etcd_fsync;
    rows.push(row(
        "  etcd WAL fsync during those allocations (etcd's /metrics, 3 members)",
        format!(
            "{:.2} ms mean ({fs_n:.0} fsyncs in the phase: claims, releases, node records)",
            fs_s * 1e3 / fs_n
        ),
        "—",
        "—",
        None,
    ));
    let (cl_s, cl_n) = r.claims;
    let warm_mean = r.warm.iter().sum::<f64>() / r.warm.len().max(1) as f64;
    rows.push(row(
        "  of which the claim transaction inside the daemons (sessionpool_cluster_claim_seconds)",
        format!(
            "{:.2} ms mean over {cl_n:.0} claims (allocation mean {warm_mean:.2} ms)",
            cl_s * 1e3 / cl_n.max(1.0)
        ),
        "—",
        "—",
        None,
    ));
    let txns: Vec<String> = r
        .etcd_txns
        .iter_mut()
        .map(|v| format!("{:.2}", quantile(v, 0.5)))
        .collect();
    rows.push(row(
        format!(
            "  one claim-shaped etcd txn (2 compares, 2 puts under a lease) via each member's HTTP gateway, p50 (n={} each)",
            r.etcd_txns.first().map_or(0, Vec::len)
        ),
        format!("{} ms", txns.join(" / ")),
        "—",
        "—",
        None,
    ));
    let (o50, o99) = (
        quantile(&mut r.hop_owner, 0.5),
        quantile(&mut r.hop_owner, 0.99),
    );
    let (f50, f99) = (
        quantile(&mut r.hop_other, 0.5),
        quantile(&mut r.hop_other, 0.99),
    );
    rows.push(row(
        format!(
            "cluster: GET / of a session via another node p50 / p99 (one hop, n={})",
            r.hop_other.len()
        ),
        format!("{f50:.0} / {f99:.0} µs (hop +{:.0} µs p50)", f50 - o50),
        format!("via its owner: {o50:.0} / {o99:.0} µs"),
        "hop ≤ +300 µs p50",
        Some(f50 - o50 <= 300.0),
    ));
    let n = fill_ready();
    rows.push(row(
        format!("cluster: fill 0 → {n} ready, 3 nodes on this one machine"),
        format!(
            "{:.1} s ({:.1} sessions/s; first ready at {:.2} s)",
            r.fill3.full,
            n as f64 / r.fill3.full,
            r.fill3.first
        ),
        format!(
            "1 node: {:.1} s ({:.1} sessions/s; first ready at {:.2} s)",
            r.fill1.full,
            n as f64 / r.fill1.full,
            r.fill1.first
        ),
        "— (same cores: shows the coordination cost)",
        None,
    ));
    let bound = LEASE_TTL_S as f64 + 1.0;
    let rec = &r.recovery;
    rows.push(row(
        format!(
            "cluster: recovery after kill -9 of a node owning {REC_SESSIONS} sessions (lease TTL {LEASE_TTL_S} s)"
        ),
        format!(
            "identifiers answer again after {:.2} s; ready {REC_READY} met by the other 2 after {:.2} s",
            rec.identifiers, rec.ready
        ),
        format!(
            "membership changed after {:.2} s; the node restarted rejoined in {:.2} s",
            rec.membership, rec.rejoin
        ),
        format!("≤ TTL + 1 s ({bound:.0} s)"),
        Some(rec.identifiers <= bound && rec.ready <= bound),
    ));
    rows
}

/// The note under the table about the cluster rows.
pub fn note(r: &ClusterResults) -> String {
    format!(
        "Cluster rows: {NODES} etcd members (etcd {}, data dirs on {}) and {NODES} daemons \
         (--cluster over all three members, TLS between nodes with certificates from a CA made \
         by openssl, --cluster-lease-ttl {LEASE_TTL_S}) on this one machine's loopback; \
         requests go to each node's unix socket over keep-alive connections, the single-host \
         figures beside them are taken the same way on the bench's own daemon without \
         --cluster. Warm allocation: batches of {WARM_BATCH} new identifiers, each batch to \
         one node in turn, {WARM_READY_EACH} ready per node (single host: {WARM_READY_EACH}); \
         every answer came from the receiving node (x-sessionpool-node) as a new session. \
         Hop: the same session's GET / alternately through its owner and another node. Fill: \
         `create` → the ready counts of every node's /metrics summing to {}; the three \
         daemons share this machine's {} cores, so three nodes cannot fill faster here: the \
         row shows what coordination costs, not what three hosts would gain. Recovery: times \
         from the kill -9, polled every 20 ms through a surviving node (identifiers answer \
         as new sessions on another node).",
        r.etcd_version,
        r.etcd_fs,
        fill_ready(),
        crate::env::daemon_workers(),
    )
}
