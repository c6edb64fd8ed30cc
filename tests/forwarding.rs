//! Forwarding into sessions end to end (real daemon, registry and runtime):
//! bodies stream both ways with bounded memory, streamed responses flush as
//! they come, WebSocket upgrades splice, and the caller's token stays out.

mod common;

use common::daemon::Daemon;
use common::http::*;
use common::pools::*;
use std::io::{BufReader, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// VmRSS of `pid` in KiB.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_gib_each_way_streams_with_bounded_memory() {
    let d = Daemon::start();
    create_pool(&d, "up", &["--max-sessions", "2", "--ready-sessions", "1"]);
    let h = executor(&d, "up");
    whoami(&h, "up", "uploader");

    // Sample the daemon's memory while the upload runs.
    let (pid, done, peak) = (
        d.pid(),
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicU64::new(0)),
    );
    let sampler = {
        let (done, peak) = (done.clone(), peak.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(rss_kib(pid), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    const TOTAL: u64 = 1 << 30;
    let mut s = h.connect();
    let mut head = h.head("POST", &url("up", "upload", "uploader"), &[]);
    head.push_str(&format!(
        "Content-Length: {TOTAL}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n"
    ));
    s.write_all(head.as_bytes()).unwrap();
    let chunk = vec![0x5au8; 1 << 20];
    for _ in 0..(TOTAL >> 20) {
        s.write_all(&chunk).unwrap();
    }
    let a = read_answer(&mut BufReader::new(s));
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.json()["bytes"], TOTAL);

    // And the other way: 1 GiB down to a client that first reads nothing for a
    // while (the proxy must hold back, not buffer what the container writes).
    let mut s = h.connect();
    let mut head = h.head(
        "GET",
        &url("up", "download", &format!("uploader&bytes={TOTAL}")),
        &[],
    );
    head.push_str("Connection: close\r\n\r\n");
    s.write_all(head.as_bytes()).unwrap();
    std::thread::sleep(Duration::from_secs(1));
    let mut r = BufReader::with_capacity(1 << 20, s);
    let (status, headers) = read_head(&mut r);
    assert_eq!(status, 200, "{headers:?}");
    let received = std::io::copy(&mut r, &mut std::io::sink()).unwrap();
    assert_eq!(received, TOTAL);
    done.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    let peak_mib = peak.load(Ordering::Relaxed) / 1024;
    assert!(peak_mib > 0, "could not read the daemon's VmRSS");
    assert!(
        peak_mib < 200,
        "the daemon grew to {peak_mib} MiB moving 1 GiB each way"
    );

    // A chunked upload (no Content-Length) streams through as well.
    let mut s = h.connect();
    let mut head = h.head("POST", &url("up", "upload", "uploader"), &[]);
    head.push_str("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    s.write_all(head.as_bytes()).unwrap();
    for _ in 0..16 {
        s.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .unwrap();
        s.write_all(&chunk).unwrap();
        s.write_all(b"\r\n").unwrap();
    }
    s.write_all(b"0\r\n\r\n").unwrap();
    let a = read_answer(&mut BufReader::new(s));
    assert_eq!(a.json()["bytes"], 16u64 << 20, "{}", a.text());
}

#[test]
fn streamed_responses_and_websockets_pass_through() {
    let d = Daemon::start();
    create_pool(
        &d,
        "stream",
        &["--max-sessions", "2", "--ready-sessions", "1"],
    );
    let h = executor(&d, "stream");

    // Chunks arrive as the container writes them, not all at the end.
    let mut s = h.connect();
    let mut head = h.head("GET", &url("stream", "stream", "streamer&n=5&ms=300"), &[]);
    head.push_str("Connection: close\r\n\r\n");
    let started = Instant::now();
    s.write_all(head.as_bytes()).unwrap();
    let mut r = BufReader::new(s);
    let (status, headers) = read_head(&mut r);
    assert_eq!(status, 200, "{headers:?}");
    let mut arrivals = Vec::new();
    let mut text = Vec::new();
    while let Some(c) = read_chunk(&mut r) {
        arrivals.push(started.elapsed());
        text.extend(c);
    }
    let text = String::from_utf8(text).unwrap();
    assert_eq!(text.matches("data: ").count(), 5, "{text:?}");
    let (first, last) = (arrivals[0], *arrivals.last().unwrap());
    assert!(
        last - first >= Duration::from_millis(1000),
        "chunks were held back and came together: {arrivals:?}"
    );

    // WebSocket: the upgrade is forwarded and frames echo both ways.
    let (mut s, mut r) = open_ws(&h, "stream", "streamer");
    s.write_all(&ws_frame(0x1, b"hello, session")).unwrap();
    assert_eq!(ws_read(&mut r), (0x1, b"hello, session".to_vec()));
    let big: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    s.write_all(&ws_frame(0x2, &big)).unwrap();
    assert_eq!(ws_read(&mut r), (0x2, big));
    s.write_all(&ws_frame(0x9, b"ping")).unwrap();
    assert_eq!(ws_read(&mut r), (0xA, b"ping".to_vec()));
    s.write_all(&ws_frame(0x8, &1000u16.to_be_bytes())).unwrap();
    assert_eq!(ws_read(&mut r).0, 0x8);
}

#[test]
fn authorization_never_reaches_the_container() {
    let d = Daemon::start();
    create_pool(&d, "hdr", &["--max-sessions", "2", "--ready-sessions", "1"]);
    let h = executor(&d, "hdr");
    let a = h.request(
        "GET",
        &url("hdr", "debug/headers", "header-check"),
        &[("X-Custom", "kept")],
        b"",
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let headers = &a.json()["headers"];
    assert!(
        headers.get("authorization").is_none(),
        "the container saw {headers}"
    );
    assert!(
        !a.text().contains(h.token.as_deref().unwrap()),
        "the token reached the container"
    );
    assert_eq!(headers["x-session-identifier"], "header-check");
    assert_eq!(headers["x-custom"], "kept");
    assert_eq!(a.json()["path"], "/debug/headers");
}
