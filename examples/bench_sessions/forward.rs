//! Forwarding: one live session reached through the daemon, directly, through
//! HAProxy and through nginx. Latency with the blocking client on one
//! keep-alive connection; throughput with wrk on 16 keep-alive connections.

use crate::client::{Client, Target};
use crate::env::tool;
use std::process::Command;

pub const LATENCY_REQUESTS: usize = 2000;
const LATENCY_WARMUP: usize = 200;
pub const WRK_THREADS: u32 = 2;
pub const WRK_CONNECTIONS: u32 = 16;
/// 5 s (1 s with BENCH_QUICK).
pub fn wrk_seconds() -> u32 {
    if crate::quick() { 1 } else { 5 }
}
pub const WRK_ROUNDS: usize = 2;

/// µs per sequential `GET /` on one keep-alive connection (after a warm-up).
pub fn latencies(t: &Target, n: usize) -> Vec<f64> {
    let t = t.clone();
    std::thread::spawn(move || {
        let mut c = Client::new(&t);
        let req = t.request("GET", "/", b"");
        for _ in 0..LATENCY_WARMUP {
            c.call(&req).unwrap();
        }
        (0..n)
            .map(|_| {
                let (d, ans) = c.call(&req).unwrap();
                assert_eq!(ans.status, 200, "{}", t.name);
                d.as_secs_f64() * 1e6
            })
            .collect()
    })
    .join()
    .unwrap()
}

/// One wrk run as it reported it.
#[derive(Clone, Debug, Default)]
pub struct WrkRun {
    pub rps: f64,
    pub requests: u64,
    /// "Non-2xx or 3xx responses" (absent from wrk's output when 0).
    pub non_2xx: u64,
    /// "Socket errors: connect 0, read 0, write 0, timeout 0" summed (absent when none).
    pub socket_errors: u64,
}

fn parse_wrk(out: &str) -> WrkRun {
    let mut r = WrkRun::default();
    for line in out.lines().map(str::trim) {
        if let Some(v) = line.strip_prefix("Requests/sec:") {
            r.rps = v.trim().parse().unwrap_or(0.0);
        } else if let Some(v) = line.strip_prefix("Non-2xx or 3xx responses:") {
            r.non_2xx = v.trim().parse().unwrap_or(0);
        } else if let Some(v) = line.strip_prefix("Socket errors:") {
            r.socket_errors = v
                .split(',')
                .filter_map(|p| p.split_whitespace().last()?.parse::<u64>().ok())
                .sum();
        } else if line.contains(" requests in ") {
            r.requests = line
                .split_whitespace()
                .next()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
        }
    }
    r
}

/// `wrk -t2 -c16 -d5s` on `GET /` of `t` (inside its namespace with
/// `nsenter --net` when it has one; the daemon's token as a header).
pub fn wrk(t: &Target) -> WrkRun {
    let mut c = match &t.netns {
        Some(ns) => {
            let mut c = Command::new(tool("nsenter"));
            c.arg(format!("--net={}", ns.display())).arg(tool("wrk"));
            c
        }
        None => Command::new(tool("wrk")),
    };
    c.arg(format!("-t{WRK_THREADS}"))
        .arg(format!("-c{WRK_CONNECTIONS}"))
        .arg(format!("-d{}s", wrk_seconds()));
    if let Some(auth) = t.auth.strip_suffix("\r\n").filter(|a| !a.is_empty()) {
        c.arg("-H").arg(auth);
    }
    c.arg(t.url("/"));
    let out = c.output().expect("run wrk");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "wrk on {} failed: {}{}",
        t.name,
        text,
        String::from_utf8_lossy(&out.stderr)
    );
    let run = parse_wrk(&text);
    assert!(
        run.rps > 0.0,
        "wrk on {}: no Requests/sec in\n{text}",
        t.name
    );
    run
}

/// Best (highest req/s) of WRK_ROUNDS rounds per target, the rounds
/// interleaved across targets; error counts are summed over all rounds.
pub fn throughput(targets: &[&Target]) -> Vec<WrkRun> {
    let mut best = vec![WrkRun::default(); targets.len()];
    for round in 1..=WRK_ROUNDS {
        for (t, b) in targets.iter().zip(best.iter_mut()) {
            eprintln!("   wrk {} (round {round})", t.name);
            let r = wrk(t);
            let (non_2xx, socket_errors) =
                (b.non_2xx + r.non_2xx, b.socket_errors + r.socket_errors);
            if r.rps > b.rps {
                *b = r;
            }
            b.non_2xx = non_2xx;
            b.socket_errors = socket_errors;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_wrk() {
        let r = super::parse_wrk(
            "Running 5s test @ http://127.0.0.1:1/\n  2 threads and 16 connections\n\
             \x20 123456 requests in 5.00s, 20.00MB read\n  Socket errors: connect 0, read 2, write 0, timeout 1\n\
             \x20 Non-2xx or 3xx responses: 7\nRequests/sec:  24691.20\nTransfer/sec:      4.00MB\n",
        );
        assert_eq!((r.requests, r.non_2xx, r.socket_errors), (123456, 7, 3));
        assert!((r.rps - 24691.2).abs() < 1e-6);
    }
}
