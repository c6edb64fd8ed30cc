//! `sessionpool show -o json` end to end: the CLI process starting, connecting
//! to the daemon over its unix socket, the answer printed, the process gone.

use crate::env::{Env, RG};
use crate::table::ms;
use std::time::Instant;

pub const RUNS: usize = 50;

/// Milliseconds per run, RUNS runs (after one untimed run that warms the
/// page cache with the binary).
pub fn bench_show(env: &Env, pool: &str) -> Vec<f64> {
    let once = || {
        let t0 = Instant::now();
        let out = env
            .cli()
            .args(["show", "-n", pool, "-g", RG, "-o", "json"])
            .output()
            .expect("sessionpool show");
        let d = t0.elapsed();
        assert!(
            out.status.success(),
            "sessionpool show: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("show -o json prints JSON");
        assert_eq!(v["name"], pool, "show answered another pool");
        ms(d)
    };
    once();
    (0..RUNS).map(|_| once()).collect()
}
