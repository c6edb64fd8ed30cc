//! Fill: two pools of 500 ready sessions (max 600 each, the most a pool may
//! have) created together, 0 → 1,000 ready, on a quiet daemon; then cold
//! allocations with the 1,000 live, against the same with none live later.

use crate::alloc::{self, Allocation};
use crate::client::Client;
use crate::env::{Env, ready_in};
use std::time::{Duration, Instant};

pub const POOLS: [&str; 2] = ["bench-fill-a", "bench-fill-b"];
pub const MAX_EACH: usize = 600;

/// Ready sessions per pool: 500 (100 with BENCH_QUICK).
pub fn ready_each() -> usize {
    if crate::quick() { 100 } else { 500 }
}

/// Ready sessions the fill reaches, all pools together.
pub fn total() -> usize {
    ready_each() * POOLS.len()
}
/// Cold allocations taken with the fill's sessions live.
pub const COLD_AT_FULL: usize = 10;
/// How often `/metrics` is read while filling.
const POLL: Duration = Duration::from_millis(10);

pub struct Sample {
    /// Seconds since the first pool's actor appeared in `/metrics`.
    pub t: f64,
    pub ready: [usize; 2],
}

impl Sample {
    pub fn total(&self) -> usize {
        self.ready.iter().sum()
    }
}

pub struct Fill {
    /// Both `create` commands started → the first pool's actor in `/metrics`
    /// (the image pull and provisioning).
    pub provision: Duration,
    pub samples: Vec<Sample>,
    /// Deleting both pools (1,000 sessions), until no sandbox was left.
    pub teardown: Duration,
    /// Daemon VmRSS before the pools were created and at 1,000 ready, KiB.
    pub rss_before_kib: u64,
    pub rss_full_kib: u64,
    /// Cold allocations (new identifier → first byte, ready 0) in another
    /// pool while the fill's sessions were all live.
    pub cold_at_full: Allocation,
}

impl Fill {
    fn first_at(&self, n: usize) -> &Sample {
        self.samples
            .iter()
            .find(|s| s.total() >= n)
            .expect("the fill reached it")
    }

    fn last(&self) -> &Sample {
        self.samples.last().expect("samples")
    }

    pub fn seconds(&self) -> f64 {
        self.last().t
    }

    pub fn rate_overall(&self) -> f64 {
        self.last().total() as f64 / self.last().t
    }

    /// Sessions/s from the start to the first sample with ≥ 100 ready.
    pub fn rate_first_100(&self) -> f64 {
        let s = self.first_at(100);
        s.total() as f64 / s.t
    }

    /// Sessions/s from the first sample with ≥ total − 100 ready to the end.
    pub fn rate_last_100(&self) -> f64 {
        let (a, b) = (self.first_at(total() - 100), self.last());
        (b.total() - a.total()) as f64 / (b.t - a.t)
    }

    /// KiB of daemon memory per ready session at the end of the fill.
    pub fn rss_per_session_kib(&self) -> f64 {
        (self.rss_full_kib as f64 - self.rss_before_kib as f64) / total() as f64
    }
}

/// `cold_pool`: a pool with 0 ready that exists before the fill (so its actor
/// is in the RSS before), for the cold allocations at full.
pub fn bench_fill(env: &Env, mc: &mut Client, cold_pool: &str) -> Fill {
    let (each, total) = (ready_each(), total());
    eprintln!(
        "== fill: {} × {each} ready (max {MAX_EACH}), created together: 0 → {total}",
        POOLS.len()
    );
    let rss_before_kib = env.daemon_rss_kib();
    let t0 = Instant::now();
    let mut creates: Vec<_> = POOLS
        .iter()
        .map(|p| {
            env.create_pool_cmd(p, each, MAX_EACH)
                .spawn()
                .expect("sessionpool create")
        })
        .collect();
    let mut start = None;
    let mut samples = Vec::new();
    let mut last_report = Instant::now();
    loop {
        let text = env.metrics(mc);
        let now = Instant::now();
        let ready = POOLS.map(|p| ready_in(&text, p));
        if start.is_none() && ready.iter().any(Option::is_some) {
            start = Some(now);
        }
        if let Some(start) = start {
            let s = Sample {
                t: (now - start).as_secs_f64(),
                ready: ready.map(Option::unwrap_or_default),
            };
            let s_total = s.total();
            samples.push(s);
            if last_report.elapsed() > Duration::from_secs(5) {
                eprintln!("   {s_total} ready");
                last_report = Instant::now();
            }
            if s_total >= total {
                break;
            }
        }
        for c in &mut creates {
            if let Some(status) = c.try_wait().unwrap() {
                assert!(status.success(), "sessionpool create failed");
            }
        }
        assert!(
            t0.elapsed() < Duration::from_secs(300),
            "the fill did not reach {total} ready in 300 s"
        );
        std::thread::sleep(POLL);
    }
    let rss_full_kib = env.daemon_rss_kib();
    for mut c in creates {
        assert!(c.wait().unwrap().success(), "sessionpool create");
    }
    eprintln!("   {COLD_AT_FULL} cold allocations with {total} sessions live");
    let cold_at_full = alloc::batches(env, mc, cold_pool, 0, 1, COLD_AT_FULL);
    eprintln!("   deleting the fill pools");
    let t1 = Instant::now();
    let deletes: Vec<_> = POOLS
        .iter()
        .map(|p| env.delete_pool_cmd(p).spawn().expect("sessionpool delete"))
        .collect();
    for (mut d, p) in deletes.into_iter().zip(POOLS) {
        assert!(d.wait().unwrap().success(), "sessionpool delete {p}");
        env.forget_pool(p);
    }
    env.wait_no_sandboxes(Duration::from_secs(180));
    Fill {
        provision: start.unwrap() - t0,
        samples,
        teardown: t1.elapsed(),
        rss_before_kib,
        rss_full_kib,
        cold_at_full,
    }
}
