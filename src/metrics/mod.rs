//! Prometheus metrics: pool gauges, allocation, sandbox-start and per-pool
//! request latency histograms, forwarded requests by status, sessions that
//! ended abnormally. Recording is plain atomics (each pool holds its own
//! counters, so the forwarding path takes no lock); `prometheus-client`
//! writes the exposition. Shared by the pool (which times sandbox starts)
//! and the daemon (which serves `/metrics`).

mod exposition;
pub mod histogram;

pub use exposition::CONTENT_TYPE;
pub use histogram::Histogram;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// HTTP statuses 100..=599, one counter each.
const STATUSES: std::ops::RangeInclusive<u16> = 100..=599;

/// One pool's request metrics; the pool holds it, so recording needs no lookup.
pub struct PoolMetrics {
    forwarded: Box<[AtomicU64]>,
    pub request_seconds: Histogram,
}

impl PoolMetrics {
    fn new() -> Self {
        Self {
            forwarded: STATUSES.map(|_| AtomicU64::new(0)).collect(),
            request_seconds: Histogram::new(histogram::SLOW),
        }
    }

    /// A request to a session got `status` after `elapsed` (arrival to the
    /// response's headers, allocation included).
    pub fn forwarded(&self, status: u16, elapsed: Duration) {
        let i = status.clamp(*STATUSES.start(), *STATUSES.end()) - STATUSES.start();
        self.forwarded[usize::from(i)].fetch_add(1, Ordering::Relaxed);
        self.request_seconds.observe(elapsed);
    }

    /// (status, count) for every status seen.
    fn by_status(&self) -> impl Iterator<Item = (u16, u64)> + '_ {
        STATUSES
            .zip(self.forwarded.iter())
            .map(|(s, n)| (s, n.load(Ordering::Relaxed)))
            .filter(|(_, n)| *n > 0)
    }
}

/// A cluster node's own figures (see `crate::cluster`).
#[derive(Debug, Clone, Default)]
pub struct ClusterGauges {
    pub nodes: usize,
    pub serving: bool,
    pub claims: u64,
    pub peer_requests: u64,
    /// The claim transactions' durations (`Histogram::snapshot`).
    pub claim_seconds: (f64, u64, Vec<(f64, u64)>),
}

pub struct Metrics {
    pub allocation_warm: Histogram,
    pub allocation_cold: Histogram,
    pub sandbox_start: Histogram,
    /// pool label → its metrics; locked when a pool starts and on scrapes.
    pools: Mutex<BTreeMap<String, Arc<PoolMetrics>>>,
    /// (pool label, reason) → sessions that ended abnormally.
    ended: Mutex<BTreeMap<(String, &'static str), u64>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            allocation_warm: Histogram::new(histogram::FAST),
            allocation_cold: Histogram::new(histogram::FAST),
            sandbox_start: Histogram::new(histogram::SLOW),
            pools: Mutex::default(),
            ended: Mutex::default(),
        }
    }
}

impl Metrics {
    /// The metrics of pool `label` (the same ones again when a pool of that
    /// name comes back: counters never go down).
    pub fn pool(&self, label: &str) -> Arc<PoolMetrics> {
        let mut pools = self.pools.lock().unwrap_or_else(|p| p.into_inner());
        pools
            .entry(label.to_string())
            .or_insert_with(|| Arc::new(PoolMetrics::new()))
            .clone()
    }

    /// A session ended without being asked to (`reason`: process_exit,
    /// killed, liveness, daemon_restart).
    pub fn session_ended(&self, pool: &str, reason: &'static str) {
        let mut map = self.ended.lock().unwrap_or_else(|p| p.into_inner());
        *map.entry((pool.to_string(), reason)).or_default() += 1;
    }

    /// The exposition (Prometheus text 0.0.4); `pools` gives (label, ready,
    /// pending, allocated) per running pool.
    pub fn render(&self, pools: &[(String, usize, usize, usize)]) -> String {
        self.render_with(pools, None)
    }

    /// The exposition with a cluster node's figures.
    pub fn render_with(
        &self,
        pools: &[(String, usize, usize, usize)],
        cluster: Option<ClusterGauges>,
    ) -> String {
        let requests: Vec<(String, Arc<PoolMetrics>)> = self
            .pools
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let ended: Vec<((String, &'static str), u64)> = self
            .ended
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        exposition::render(self, pools, &requests, &ended, cluster)
    }
}
