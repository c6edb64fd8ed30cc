//! Prometheus text metrics: pool gauges, allocation and sandbox-start
//! latency histograms, forwarded requests by status. Plain atomics: the
//! data plane must not pay for a metrics library's locks. Shared by the pool
//! (which times sandbox starts) and the daemon (which serves `/metrics`).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

const BUCKETS_MS: [f64; 12] = [
    0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 1000.0, 5000.0,
];

#[derive(Default)]
pub struct Histogram {
    buckets: [AtomicU64; 12],
    count: AtomicU64,
    sum_us: AtomicU64,
}

impl Histogram {
    pub fn observe(&self, d: Duration) {
        let ms = d.as_secs_f64() * 1000.0;
        for (i, b) in BUCKETS_MS.iter().enumerate() {
            if ms <= *b {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_us
            .fetch_add(d.as_micros() as u64, Ordering::Relaxed);
    }

    fn render(&self, out: &mut String, name: &str, labels: &str) {
        let sep = if labels.is_empty() { "" } else { "," };
        for (i, b) in BUCKETS_MS.iter().enumerate() {
            let _ = writeln!(
                out,
                "{name}_bucket{{{labels}{sep}le=\"{}\"}} {}",
                b / 1000.0,
                self.buckets[i].load(Ordering::Relaxed)
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {count}");
        let _ = writeln!(
            out,
            "{name}_sum{{{labels}}} {}",
            self.sum_us.load(Ordering::Relaxed) as f64 / 1e6
        );
        let _ = writeln!(out, "{name}_count{{{labels}}} {count}");
    }
}

#[derive(Default)]
pub struct Metrics {
    pub allocation_warm: Histogram,
    pub allocation_cold: Histogram,
    pub sandbox_start: Histogram,
    /// pool label → status → count.
    forwarded: Mutex<BTreeMap<String, BTreeMap<u16, u64>>>,
    /// (pool label, reason) → sessions that ended abnormally.
    ended: Mutex<BTreeMap<(String, &'static str), u64>>,
}

impl Metrics {
    /// A session ended without being asked to (`reason`: process_exit,
    /// killed, liveness, daemon_restart).
    pub fn session_ended(&self, pool: &str, reason: &'static str) {
        let mut map = self.ended.lock().unwrap_or_else(|p| p.into_inner());
        *map.entry((pool.to_string(), reason)).or_default() += 1;
    }

    pub fn forwarded(&self, pool: &str, status: u16) {
        // Per request: look up by &str, allocate a key only for a new pool.
        let mut map = self.forwarded.lock().unwrap_or_else(|p| p.into_inner());
        let statuses = match map.get_mut(pool) {
            Some(s) => s,
            None => map.entry(pool.to_string()).or_default(),
        };
        *statuses.entry(status).or_default() += 1;
    }

    /// The exposition; `pools` gives (label, ready, pending, allocated) per pool.
    pub fn render(&self, pools: &[(String, usize, usize, usize)]) -> String {
        let mut out = String::new();
        for (metric, help, idx) in [
            ("sessionpool_ready_sessions", "Sandboxes warm and ready", 0),
            ("sessionpool_pending_sessions", "Sandboxes starting", 1),
            ("sessionpool_allocated_sessions", "Sessions allocated", 2),
        ] {
            let _ = writeln!(out, "# HELP {metric} {help}.\n# TYPE {metric} gauge");
            for (pool, ready, pending, allocated) in pools {
                let v = [ready, pending, allocated][idx];
                let _ = writeln!(out, "{metric}{{pool=\"{pool}\"}} {v}");
            }
        }
        let _ = writeln!(
            out,
            "# HELP sessionpool_allocation_seconds New identifier to session, warm or cold.\n# TYPE sessionpool_allocation_seconds histogram"
        );
        self.allocation_warm
            .render(&mut out, "sessionpool_allocation_seconds", "kind=\"warm\"");
        self.allocation_cold
            .render(&mut out, "sessionpool_allocation_seconds", "kind=\"cold\"");
        let _ = writeln!(
            out,
            "# HELP sessionpool_forwarded_requests_total Requests forwarded to sessions, by status.\n# TYPE sessionpool_forwarded_requests_total counter"
        );
        let forwarded = self.forwarded.lock().unwrap_or_else(|p| p.into_inner());
        for (pool, statuses) in forwarded.iter() {
            for (status, n) in statuses {
                let _ = writeln!(
                    out,
                    "sessionpool_forwarded_requests_total{{pool=\"{pool}\",status=\"{status}\"}} {n}"
                );
            }
        }
        drop(forwarded);
        let _ = writeln!(
            out,
            "# HELP sessionpool_sessions_ended_abnormally_total Sessions that ended without being asked to, by reason.\n# TYPE sessionpool_sessions_ended_abnormally_total counter"
        );
        let ended = self.ended.lock().unwrap_or_else(|p| p.into_inner());
        for ((pool, reason), n) in ended.iter() {
            let _ = writeln!(
                out,
                "sessionpool_sessions_ended_abnormally_total{{pool=\"{pool}\",reason=\"{reason}\"}} {n}"
            );
        }
        out
    }
}
