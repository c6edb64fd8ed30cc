//! Big bodies: a 1 GiB download (`GET /download?bytes=N`) and a 1 GiB upload
//! (`POST /upload`, counted and discarded by the session server) through the
//! daemon and directly, with the daemon's RSS sampled before, during and after.

use crate::client::{Client, Target, body_text};
use crate::env::rss_kib;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// 1 GiB (64 MiB with BENCH_QUICK).
pub fn bytes() -> u64 {
    if crate::quick() { 64 << 20 } else { 1 << 30 }
}
pub const RUNS: usize = 2;
const RSS_EVERY: Duration = Duration::from_millis(10);

/// MB/s (10^6 bytes) of the best of RUNS, each direction.
#[derive(Default, Clone, Copy)]
pub struct Rates {
    pub download: f64,
    pub upload: f64,
}

/// Daemon VmRSS around the transfers through it, KiB.
#[derive(Default, Clone, Copy)]
pub struct Rss {
    pub before: u64,
    pub max: u64,
    pub after: u64,
}

fn transfers(t: &Target) -> Rates {
    let t = t.clone();
    std::thread::spawn(move || {
        let mut c = Client::new(&t);
        let mut rates = Rates::default();
        let bytes = bytes();
        for _ in 0..RUNS {
            let req = t.request("GET", &format!("/download?bytes={bytes}"), b"");
            let (d, ans) = c.call(&req).expect("download");
            assert_eq!(ans.status, 200, "{} download", t.name);
            assert_eq!(ans.body, bytes, "{} download: short answer", t.name);
            rates.download = rates.download.max(bytes as f64 / 1e6 / d.as_secs_f64());

            let head = t.head("POST", "/upload", bytes, "application/octet-stream");
            let (d, ans) = c.upload(&head, bytes).expect("upload");
            assert_eq!(ans.status, 200, "{} upload", t.name);
            let body = body_text(&c.buf);
            assert!(
                body.contains(&format!("\"bytes\":{bytes}")),
                "{} upload: the server counted {body}",
                t.name
            );
            rates.upload = rates.upload.max(bytes as f64 / 1e6 / d.as_secs_f64());
        }
        rates
    })
    .join()
    .unwrap()
}

/// Rates through `daemon` (its RSS sampled every 10 ms meanwhile) and `direct`.
pub fn bench_bulk(daemon: &Target, direct: &Target, daemon_pid: u32) -> (Rates, Rates, Rss) {
    eprintln!("   {} MiB down/up sessionpool", bytes() >> 20);
    let before = rss_kib(daemon_pid);
    let stop = Arc::new(AtomicBool::new(false));
    let max = Arc::new(AtomicU64::new(before));
    let sampler = {
        let (stop, max) = (stop.clone(), max.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                max.fetch_max(rss_kib(daemon_pid), Ordering::Relaxed);
                std::thread::sleep(RSS_EVERY);
            }
        })
    };
    let ours = transfers(daemon);
    stop.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    // Let the daemon drop its last buffers before the "after" sample.
    std::thread::sleep(Duration::from_millis(500));
    let rss = Rss {
        before,
        max: max.load(Ordering::Relaxed),
        after: rss_kib(daemon_pid),
    };
    eprintln!("   {} MiB down/up direct", bytes() >> 20);
    let theirs = transfers(direct);
    (ours, theirs, rss)
}
