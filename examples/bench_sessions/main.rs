//! Sessions benchmark (issue 12, performance at scale): fill rate to 1,000
//! ready sessions, warm and cold allocation, forwarding against a direct
//! connection, HAProxy and nginx, 1 GiB bodies, the CLI's `show` and the
//! daemon's memory per session, side by side in one run against the real
//! daemon.
//!
//! Run as root (needs docker-registry, skopeo, umoci, busybox-static,
//! nginx-light, haproxy, wrk; a missing one is named with its package):
//!
//! ```sh
//! cargo build --release && cargo run --release --example bench_sessions
//! ```
//!
//! The daemon is the `sessionpool` binary next to this example's directory
//! (`target/release/sessionpool`), or `$SESSIONPOOL_BIN`. Everything runs on
//! loopback or in namespaces the bench made: a registry (`examples/registry.sh`)
//! on a free port, the example image (`examples/build-image.sh`), the daemon
//! with a temporary `--data-dir`/`--socket`, `--listen` on a free port,
//! `--header-read-timeout 10` (how long it keeps an idle client connection),
//! `TOKIO_WORKER_THREADS` = cores (tokio's default, made explicit), the
//! embedded runtime; nginx and HAProxy inside a session's network
//! namespace. Every process it starts is stopped by PID when it ends (the
//! `Env`'s Drop, also on a panic). It prints the machine, the date and the
//! load average at start, after the fill's teardown and at end, then a
//! markdown table (metric, sessionpool, baselines, target, met?), and writes
//! `docs/bench-sessions.svg`. Nothing is asserted but sanity: answers were
//! 200 (wrk's non-2xx count is 0), the batched warm allocations were warm,
//! bodies arrived whole.
//!
//! `BENCH_QUICK=1` runs every phase with small sizes (fill 2 × 100, 64 MiB
//! bodies, 1 s of wrk; chart in the temp dir) to check the bench itself; its
//! figures mean nothing. `BENCH_KEEP=1` keeps the temporary directory (logs,
//! configs) under /tmp/bench-sessions-PID. `BENCH_RUN_DIR=DIR` gives the
//! daemon `--run-dir DIR/bench-sessions-PID` (say a tmpfs: /dev/shm), to see
//! what the data dir's file system costs the fill.
//!
//! How each figure is taken (latencies with one blocking HTTP/1.1 client,
//! hand-written requests, identical for every target; only how the socket is
//! obtained differs):
//! - fill: two pools of 500 ready (`--max-sessions 600`, the most a pool may
//!   have) created together on a quiet daemon; `/metrics` read every 10 ms.
//!   The clock starts when the first pool's actor appears in `/metrics` (image
//!   pulled) and stops at 1,000 ready; rates over all, over the first 100 and
//!   over the last 100, and the curve (ready vs seconds) for the chart. (The
//!   daemon's `sessionpool_sandbox_start_seconds` is not used: it includes the
//!   wait for a start slot, so it grows with the queue, not the start's cost.)
//!   Then, with the 1,000 live, 10 cold allocations in a third pool (ready 0,
//!   created before the fill), against the cold allocations taken later with
//!   no other session live: a sandbox's start at the 1,000th against the first.
//!   Then both pools are deleted together and the bench waits until no
//!   sandbox is left before the next phase (the row gives that time).
//! - daemon memory per session: VmRSS of the daemon (/proc/PID/status) at
//!   1,000 ready minus before the fill pools were created, over 1,000.
//! - warm allocation, batches: new identifier → first byte of `GET /` through
//!   the daemon, over a keep-alive connection opened beforehand; pool with
//!   `--ready-sessions 20`, 10 identifiers per batch, then the batch's sessions
//!   are stopped and the pool refills before the next one. `/metrics`
//!   warm/cold counters must show every allocation warm.
//! - warm allocation, steady stream: the same pool back at 20 ready, then 200
//!   new identifiers at 25 per second (users arriving, below the fill rate)
//!   while the pool refills; then 200 back to back with no pause, faster than
//!   any pool refills, so it runs empty and `/metrics` says how many were cold.
//! - cold allocation: new identifiers on a pool with `--ready-sessions 0` (a
//!   sandbox start each), one at a time, each stopped before the next.
//! - forwarding latency: one session; 2,000 sequential `GET /` on one
//!   keep-alive connection (after 200 untimed) through the daemon, DIRECT to
//!   the container (the client thread joins the sandbox's network namespace
//!   with setns and connects to 127.0.0.1:8080 there), through HAProxy and
//!   through nginx, both started in that namespace with `nsenter --net` and
//!   dialing 127.0.0.1:8080 there with upstream keep-alive (nginx `upstream
//!   { keepalive 32; }`, `proxy_http_version 1.1`, `Connection ""`; HAProxy
//!   `option http-keep-alive`, `http-reuse always`). nginx runs
//!   `worker_processes auto` and HAProxy its default thread count: one per
//!   core, what each would use on this machine (the output says how many).
//! - throughput: `wrk -t2 -c16 -d5s` on `GET /` for each target, best of 2
//!   rounds interleaved across targets; wrk runs under `nsenter --net` for the
//!   targets inside the namespace, and with the `Authorization` header and
//!   `?identifier=` for the daemon. The session server keeps connections
//!   alive, so does every proxy on both legs.
//! - big bodies: `GET /download?bytes=1GiB` and `POST /upload` of 1 GiB
//!   (Content-Length, counted and discarded by the session server, which
//!   answers the count) through the daemon and direct, best of 2 each; the
//!   daemon's VmRSS before, every 10 ms during (max) and 0.5 s after.
//! - `sessionpool show -o json`: 50 runs of the CLI process against the
//!   daemon's unix socket, wall clock from spawn to exit (one untimed first).
//!
//! The cluster part (issue 15; `cluster.rs`, `cluster_env.rs`) runs after
//! the phases above, or alone with `BENCH_ONLY=cluster` (needs etcd-server
//! and openssl besides the registry tools; BENCH_QUICK applies). It first
//! takes single-host figures on the bench's own daemon (no `--cluster`), then
//! starts a 3-member etcd cluster (free loopback ports, data dirs in the temp
//! dir, or under `$BENCH_ETCD_DIR`, say the tmpfs /dev/shm, to see what
//! etcd's fsyncs on this disk cost) and 3 daemons n1..n3 on 127.0.0.1 (each its own data dir, socket and
//! `--listen` port with a certificate for IP 127.0.0.1 from a CA made with
//! openssl, `--cluster` naming all three members, `--cluster-secret-file`,
//! `--cluster-peer-ca`, `--cluster-lease-ttl 3`). Every request goes to a
//! node's unix socket (no token) over a keep-alive connection, the baseline's
//! to the single daemon's socket the same way. Rows:
//! - cluster warm allocation via the owner: pool with 10 ready per node (30,
//!   shared equally); batches of 5 new identifiers, batch k sent to node
//!   k mod 3, which has ready sandboxes and so claims each for itself (one
//!   etcd transaction): every answer must be a 200 with `x-session-new: true`
//!   and `x-sessionpool-node` naming the receiving node. The batch's
//!   sessions are stopped and the cluster-wide ready count (every node's
//!   `/metrics` summed) is back at 30 before the next batch; 90 samples (15
//!   with BENCH_QUICK). Beside it the same on the single daemon, 10 ready.
//! - one forwarding hop: one session owned by n1; `GET /` of it alternately
//!   through n1 and through n2 (which forwards it to n1 over HTTPS), one
//!   keep-alive connection each, 2,000 each after 200 untimed (300/50 with
//!   BENCH_QUICK); every answer must name n1. p50/p99 of each and the
//!   difference of the p50s.
//! - fill with 3 nodes against 1: a pool with `--ready-sessions 150` (30
//!   with BENCH_QUICK) created through n1; time from `create` to the sum of
//!   every node's ready count reaching 150 (and to the first ready), against
//!   the same pool on the single daemon. All daemons share this machine's
//!   cores, so 3 nodes cannot be faster here: the row is the coordination
//!   cost (the other nodes apply the pool within a tick, then each fills its
//!   share).
//! - recovery: a pool with 12 ready; 3 sessions made on n2 (and reached once
//!   through n1, forwarded); `kill -9` of n2; then every 20 ms through n1:
//!   its view of the membership, `GET /` of each of n2's identifiers (done
//!   when each answered 200 as a new session from another node), and the
//!   ready count of n1 + n3 (done at 12 again). n2 is then started again on
//!   its data dir (it removes the sandboxes its killed run left) and the time
//!   until every node lists three again is printed beside. The lease TTL is
//!   printed with the row; the target is TTL + 1 s.

mod alloc;
#[path = "../bench_common/mod.rs"]
mod bench_common;
mod bulk;
// The tests' openssl CA (std only).
#[path = "../../tests/common/ca.rs"]
mod ca;
mod chart;
mod client;
mod cluster;
mod cluster_env;
mod env;
mod fill;
mod forward;
mod proxies;
mod show;
mod table;

use client::Target;
use env::{DAEMON_KEEPALIVE_IDLE_S, Env};
use proxies::{HAPROXY_PORT, NGINX_PORT, children_of, threads_of, wait_serving};
use table::{Machine, Results, loadavg, now_utc, print_table};

const WARM_POOL: &str = "bench-warm";
const COLD_POOL: &str = "bench-cold";
const WARM_READY: usize = 20;
/// The warm pool's cap: each stream leaves STREAM_COUNT sessions allocated
/// until it stops them.
const WARM_MAX: usize = 600;
const WARM_BATCH: usize = 10;
const WARM_SAMPLES: usize = 200;
const STREAM_COUNT: usize = 200;
/// New identifiers per second in the paced stream: below the fill rate, so
/// a pool that refills as it goes can keep up.
const STREAM_RATE: f64 = 25.0;
const COLD_SAMPLES: usize = 20;
/// Peak daemon RSS during the 1 GiB transfers may exceed the RSS before by this.
const FLAT_RSS_KIB: u64 = 32 << 10;

/// BENCH_QUICK=1: a smoke run of every phase with small sizes (fill 2 × 100,
/// 64 MiB bodies, 1 s of wrk); its figures are not comparable.
pub fn quick() -> bool {
    std::env::var_os("BENCH_QUICK").is_some_and(|v| !v.is_empty() && v != "0")
}

fn main() {
    env::require_tools();
    let machine = Machine::read();
    let load_start = loadavg();
    let date = now_utc();
    let mut env = Env::setup();
    if cluster::only() {
        eprintln!("== BENCH_ONLY=cluster: the cluster part alone");
        let mut cl = cluster::bench(&env);
        let load_end = loadavg();
        println!();
        println!(
            "Machine: {} cores ({}), kernel {}, embedded runtime, sessionpool {}",
            machine.cores,
            machine.cpu,
            machine.kernel,
            env!("CARGO_PKG_VERSION"),
        );
        println!(
            "Date: {date}; load average (1/5/15 min) at start {load_start}, at end {load_end}"
        );
        println!();
        print_table(&cluster::rows(&mut cl));
        println!();
        println!("{}", cluster::note(&cl));
        return;
    }
    let mut mc = env.metrics_client();

    // The cold pool (ready 0) exists from the start: the fill takes cold
    // allocations from it with 1,000 sessions live.
    env.create_pool(COLD_POOL, 0, 5);
    // Fill first, on a quiet daemon.
    let fill = fill::bench_fill(&env, &mut mc, COLD_POOL);
    // Tearing 1,000 sandboxes down puts hundreds of tasks in D state for a
    // while; the 1-minute load average still shows it long after.
    let load_after_fill = loadavg();

    eprintln!(
        "== warm allocation: {WARM_SAMPLES} identifiers in batches of {WARM_BATCH}, ready {WARM_READY}"
    );
    env.create_pool(WARM_POOL, WARM_READY, WARM_MAX);
    let warm = alloc::batches(
        &env,
        &mut mc,
        WARM_POOL,
        WARM_READY,
        WARM_BATCH,
        WARM_SAMPLES,
    );
    eprintln!(
        "== warm allocation: a steady stream of {STREAM_COUNT} identifiers at {STREAM_RATE}/s, ready {WARM_READY}"
    );
    let stream = alloc::stream(
        &env,
        &mut mc,
        WARM_POOL,
        WARM_READY,
        STREAM_COUNT,
        Some(STREAM_RATE),
    );
    eprintln!("== warm allocation: {STREAM_COUNT} identifiers back to back, ready {WARM_READY}");
    let burst = alloc::stream(&env, &mut mc, WARM_POOL, WARM_READY, STREAM_COUNT, None);
    env.delete_pool(WARM_POOL);
    env.wait_no_sandboxes(std::time::Duration::from_secs(60));

    eprintln!("== cold allocation: {COLD_SAMPLES} identifiers, ready 0");
    let cold = alloc::batches(&env, &mut mc, COLD_POOL, 0, 1, COLD_SAMPLES);

    eprintln!("== forwarding");
    let token = env.executor_token(COLD_POOL);
    let mut daemon = env.daemon_target(COLD_POOL, &token);
    daemon.query = "?identifier=bench-forward-1".into();
    let before = env.sandboxes();
    wait_serving(&mut env, &daemon, None);
    let netns = env.new_sandbox_netns(&before);
    let direct = Target {
        netns: Some(netns.clone()),
        ..Target::host("direct", "127.0.0.1:8080".parse().unwrap())
    };
    let haproxy = Target {
        name: "haproxy",
        addr: format!("127.0.0.1:{HAPROXY_PORT}").parse().unwrap(),
        ..direct.clone()
    };
    let nginx = Target {
        name: "nginx",
        addr: format!("127.0.0.1:{NGINX_PORT}").parse().unwrap(),
        ..direct.clone()
    };
    let haproxy_pid = proxies::start_haproxy(&mut env, &netns);
    let nginx_pid = proxies::start_nginx(&mut env, &netns);
    wait_serving(&mut env, &haproxy, Some("haproxy"));
    wait_serving(&mut env, &nginx, Some("nginx"));
    let setup_note = format!(
        "Forwarding setup: sessionpool TOKIO_WORKER_THREADS={} (tokio's default, one per core), \
         client keep-alive (idle up to --header-read-timeout {DAEMON_KEEPALIVE_IDLE_S} s), \
         upstream connections kept alive and pooled per sandbox; HAProxy {} threads (its \
         default, no nbthread), option http-keep-alive, http-reuse always; nginx \
         worker_processes auto = {} workers, upstream keepalive 32. All dial 127.0.0.1:8080 \
         in the sandbox's network namespace.",
        env::daemon_workers(),
        threads_of(haproxy_pid),
        children_of(nginx_pid),
    );
    let targets = [&daemon, &direct, &haproxy, &nginx];
    let lat: Vec<Vec<f64>> = targets
        .iter()
        .map(|t| {
            eprintln!("   latency {}", t.name);
            forward::latencies(t, forward::LATENCY_REQUESTS)
        })
        .collect();
    let rps = forward::throughput(&targets);
    for (t, r) in targets.iter().zip(&rps) {
        assert_eq!(
            (r.non_2xx, r.socket_errors),
            (0, 0),
            "wrk on {}: non-2xx answers or socket errors",
            t.name
        );
    }

    eprintln!("== big bodies");
    let (bulk_ours, bulk_direct, bulk_rss) = bulk::bench_bulk(&daemon, &direct, env.daemon_pid());

    eprintln!("== sessionpool show -o json × {}", show::RUNS);
    let show_ms = show::bench_show(&env, COLD_POOL);
    env.delete_pool(COLD_POOL);

    eprintln!("== cluster");
    let mut cl = cluster::bench(&env);
    let load_end = loadavg();

    let mut results = Results {
        fill,
        warm,
        stream,
        burst,
        cold,
        lat,
        rps,
        bulk_ours,
        bulk_direct,
        bulk_rss,
        show_ms,
    };
    let mut rows = table::rows(&mut results);
    rows.extend(cluster::rows(&mut cl));
    let caption = format!(
        "bench_sessions {date}: {} cores ({}), kernel {}, load average {load_start} at start, {load_after_fill} after the fill, {load_end} at end",
        machine.cores, machine.cpu, machine.kernel
    );
    println!();
    println!(
        "Machine: {} cores ({}), kernel {}, embedded runtime, sessionpool {}; sandboxes' \
         run dir on {}",
        machine.cores,
        machine.cpu,
        machine.kernel,
        env!("CARGO_PKG_VERSION"),
        env.run_dir_fs()
    );
    println!(
        "Date: {date}; load average (1/5/15 min) at start {load_start}, right after the fill's \
         teardown {load_after_fill} (its D-state tasks), at end {load_end}"
    );
    println!("{setup_note}");
    println!();
    print_table(&rows);
    println!();
    println!("{}", cluster::note(&cl));

    // A smoke run's chart does not replace the README's.
    let svg = if quick() {
        std::env::temp_dir().join("bench-sessions-quick.svg")
    } else {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/bench-sessions.svg")
    };
    let bars: Vec<(&str, f64)> = targets
        .iter()
        .zip(&results.rps)
        .map(|(t, r)| (t.name, r.rps))
        .collect();
    match chart::write_svg(&svg, &results.fill, &bars, &caption) {
        Ok(()) => eprintln!("\nchart: {}", svg.display()),
        Err(e) => eprintln!("\nchart: could not write {}: {e}", svg.display()),
    }
}
