//! Allocation: new identifier → first byte of `GET /` through the daemon, in
//! batches from a refilled warm pool, as a steady stream from a warm pool that
//! refills while it runs, and cold (no ready session).

use crate::client::{Client, Target};
use crate::env::{Env, alloc_counts, wait_ready};
use crate::table::ms;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Numbers identifiers across phases, so that no phase reuses another's.
static NEXT_ID: AtomicUsize = AtomicUsize::new(1);

/// What one allocation phase measured.
pub struct Allocation {
    /// New identifier → first byte, ms.
    pub first: Vec<f64>,
    /// The same identifier's next `GET /` right after, ms (batches only).
    pub again: Vec<f64>,
    /// Allocations the daemon counted warm / cold during the phase.
    pub warm: u64,
    pub cold: u64,
    /// The daemon's own mean warm allocation time (its histogram), ms.
    pub daemon_warm_mean: f64,
}

/// A client on `pool`'s data plane with its keep-alive connection opened
/// outside the timings.
fn data_plane(env: &Env, pool: &str) -> (Target, Client) {
    let token = env.executor_token(pool);
    let target = env.daemon_target(pool, &token);
    let mut client = Client::new(&target);
    let probe = target.request("GET", "/.management/listSessions?identifier=warmup-x", b"");
    let (_, ans) = client.call(&probe).expect("listSessions");
    assert_eq!(ans.status, 200, "listSessions");
    (target, client)
}

fn allocation(
    env: &Env,
    mc: &mut Client,
    before: (u64, u64, f64),
    first: Vec<f64>,
    again: Vec<f64>,
) -> Allocation {
    let (w0, c0, s0) = before;
    let (w1, c1, s1) = alloc_counts(env, mc);
    Allocation {
        first,
        again,
        warm: w1 - w0,
        cold: c1 - c0,
        daemon_warm_mean: if w1 > w0 {
            (s1 - s0) * 1e3 / (w1 - w0) as f64
        } else {
            f64::NAN
        },
    }
}

fn stop_sessions(client: &mut Client, target: &Target, ids: &[String]) {
    for id in ids {
        let req = target.request(
            "POST",
            &format!("/.management/stopSession?identifier={id}"),
            b"",
        );
        let (_, ans) = client.call(&req).expect("stopSession");
        assert_eq!(ans.status, 204, "stopSession {id}");
    }
}

/// Batches of `batch` new identifiers; before each batch the pool is back at
/// `ready` (0: cold allocations), after it the batch's sessions are stopped.
pub fn batches(
    env: &Env,
    mc: &mut Client,
    pool: &str,
    ready: usize,
    batch: usize,
    samples: usize,
) -> Allocation {
    let (target, mut client) = data_plane(env, pool);
    let before = alloc_counts(env, mc);
    let mut times = Vec::new();
    let mut again = Vec::new();
    while times.len() < samples {
        if ready > 0 {
            wait_ready(env, mc, pool, ready);
            // Let the last refill's processes settle.
            std::thread::sleep(Duration::from_millis(50));
        }
        let ids: Vec<String> = (0..batch)
            .map(|_| format!("{pool}-user-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed)))
            .collect();
        for id in &ids {
            let req = target.request("GET", &format!("/?identifier={id}"), b"");
            let (_, ans) = client.call(&req).expect("allocate");
            assert_eq!(ans.status, 200, "allocate {id}");
            times.push(ms(ans.first_byte));
            let (_, ans) = client.call(&req).expect("second request");
            assert_eq!(ans.status, 200, "second request {id}");
            again.push(ms(ans.first_byte));
        }
        stop_sessions(&mut client, &target, &ids);
    }
    allocation(env, mc, before, times, again)
}

/// `count` new identifiers one after another, starting from a pool with
/// `ready` sessions; the pool refills while the stream runs. `per_second`
/// paces them (a new identifier every 1/rate s, as users arriving), `None`
/// sends them back to back. The sessions are stopped afterwards.
pub fn stream(
    env: &Env,
    mc: &mut Client,
    pool: &str,
    ready: usize,
    count: usize,
    per_second: Option<f64>,
) -> Allocation {
    let (target, mut client) = data_plane(env, pool);
    wait_ready(env, mc, pool, ready);
    std::thread::sleep(Duration::from_millis(50));
    let before = alloc_counts(env, mc);
    let tag = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let ids: Vec<String> = (1..=count)
        .map(|n| format!("{pool}-stream{tag}-{n}"))
        .collect();
    let start = std::time::Instant::now();
    let times = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            if let Some(rate) = per_second {
                let due = start + Duration::from_secs_f64(i as f64 / rate);
                std::thread::sleep(due.saturating_duration_since(std::time::Instant::now()));
            }
            let req = target.request("GET", &format!("/?identifier={id}"), b"");
            let (_, ans) = client.call(&req).expect("allocate");
            assert_eq!(ans.status, 200, "allocate {id}");
            ms(ans.first_byte)
        })
        .collect();
    let result = allocation(env, mc, before, times, Vec::new());
    stop_sessions(&mut client, &target, &ids);
    result
}
