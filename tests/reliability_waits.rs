//! Reliability (issue 9, items 4 and 7): every wait is bounded, and the data
//! plane passes paths through untouched and keeps host details out of the
//! errors executors see. Real daemon, registry and runtime.

mod common;

use common::daemon::Daemon;
use common::http::*;
use common::pools::*;
use std::io::{BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Resumes a paused registry even when the test fails, so it can be killed.
struct Paused(i32);

impl Paused {
    fn new(pid: i32) -> Self {
        // SAFETY: signalling the registry process this test started.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGSTOP) }, 0);
        Paused(pid)
    }
}

impl Drop for Paused {
    fn drop(&mut self) {
        // SAFETY: as above.
        unsafe { libc::kill(self.0, libc::SIGCONT) };
    }
}

#[test]
fn a_stalled_registry_fails_create_within_the_pull_deadline() {
    let d = Daemon::start_with(&[
        "--pull-deadline",
        "4",
        "--pull-stall-timeout",
        "3",
        "--pull-retries",
        "3",
    ]);
    let _paused = Paused::new(d.registry.pid());
    let started = Instant::now();
    let out = d
        .cli()
        .args(["create", "-n", "stalled", "-g", RG, "--environment", "env"])
        .args(["--image", &d.image()])
        .args([
            "--container-type",
            "CustomContainer",
            "--target-port",
            "8080",
        ])
        .args(["--network-status", "EgressDisabled", "-o", "none"])
        .timeout(Duration::from_secs(60))
        .assert()
        .failure()
        .get_output()
        .clone();
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("did not finish within 4s") && stderr.contains("stalled"),
        "the reason names the deadline: {stderr}"
    );
    // The deadline, plus the CLI's polling and process start-up.
    assert!(took < Duration::from_secs(15), "create took {took:?}");
    assert_eq!(
        show(&d, "stalled")["properties"]["provisioningState"],
        "Failed"
    );
}

/// A connection that sends a header line, then one byte every 200 ms: never
/// idle, never done. Returns how long until the daemon closed it.
fn slowloris(
    port: u16,
    connected: std::sync::mpsc::Sender<()>,
) -> std::thread::JoinHandle<Option<Duration>> {
    std::thread::spawn(move || {
        let started = Instant::now();
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let _ = s.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ");
        let _ = connected.send(());
        while started.elapsed() < Duration::from_secs(20) {
            if s.write_all(b"a").is_err() {
                return Some(started.elapsed());
            }
            match s.read(&mut [0u8; 64]) {
                Ok(0) => return Some(started.elapsed()),
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
                Err(_) => return Some(started.elapsed()),
            }
        }
        None
    })
}

/// True when the daemon closes `s` (EOF or reset) within `within`.
fn closed_within(s: &mut TcpStream, within: Duration) -> bool {
    s.set_read_timeout(Some(within)).unwrap();
    match s.read(&mut [0u8; 512]) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => !matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    }
}

#[test]
fn slowloris_idle_keepalive_and_the_connection_cap_are_bounded() {
    let d = Daemon::start_with(&["--header-read-timeout", "3", "--max-connections", "20"]);
    let (connected, all_in) = std::sync::mpsc::channel();
    let slow: Vec<_> = (0..20)
        .map(|_| slowloris(d.port, connected.clone()))
        .collect();
    for _ in 0..20 {
        all_in.recv_timeout(Duration::from_secs(5)).unwrap();
    }
    // Over the cap: closed at once, long before the 3 s header timeout. The
    // daemon may not have accepted all 20 yet on a busy machine (an early
    // extra then takes a free slot and stays open): keep trying while the
    // slowloris connections still hold the cap. Every extra is kept open so
    // it counts against the cap too.
    let deadline = std::time::Instant::now() + Duration::from_millis(2500);
    let mut extras = Vec::new();
    let mut closed_at_once = false;
    while !closed_at_once && std::time::Instant::now() < deadline {
        let mut extra = TcpStream::connect(("127.0.0.1", d.port)).unwrap();
        closed_at_once = closed_within(&mut extra, Duration::from_millis(250));
        extras.push(extra);
    }
    assert!(
        closed_at_once,
        "a connection over the cap is closed on accept"
    );
    drop(extras);
    for (i, t) in slow.into_iter().enumerate() {
        let took = t.join().unwrap();
        assert!(
            matches!(took, Some(t) if t < Duration::from_secs(6)),
            "slowloris connection {i} was closed after {took:?}"
        );
    }
    // Clients that send nothing, or too little to tell their HTTP version
    // (a prefix of HTTP/2's preface), are closed as well.
    for sent in [&b""[..], b"PRI * HTTP/2"] {
        let mut s = TcpStream::connect(("127.0.0.1", d.port)).unwrap();
        s.write_all(sent).unwrap();
        let started = Instant::now();
        assert!(closed_within(&mut s, Duration::from_secs(8)), "{sent:?}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{sent:?}: {:?}",
            started.elapsed()
        );
    }

    // The slots are free again: a normal request is served.
    let a = admin(&d).get("/metrics");
    assert_eq!(a.status, 200, "{}", a.text());

    // A kept-alive connection that goes quiet after a request is closed too.
    let h = admin(&d);
    let mut s = h.connect();
    let mut head = h.head("GET", "/metrics", &[]);
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    let mut r = BufReader::new(s.try_clone().unwrap());
    let (status, headers) = read_head(&mut r);
    assert_eq!(status, 200);
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .map(|(_, v)| v.parse().unwrap())
        .expect("a sized /metrics answer");
    let mut body = vec![0u8; len];
    r.read_exact(&mut body).unwrap();
    let started = Instant::now();
    assert!(closed_within(&mut s, Duration::from_secs(8)));
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn paths_pass_through_idle_tunnels_end_and_errors_hide_host_details() {
    let d = Daemon::start_with(&["--idle-timeout", "3", "--header-read-timeout", "1"]);
    create_pool(
        &d,
        "edge",
        &["--max-sessions", "5", "--ready-sessions", "0"],
    );
    let h = executor(&d, "edge");

    // Byte for byte: %3F stays an escaped '?', %2F an escaped '/', %20 is fine.
    let a = h.get("/pools/rg/edge/echo/a%3Fb%2Fc%20d/e?identifier=paths-1&x=%3F1");
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.json()["path"], "/echo/a%3Fb%2Fc%20d/e");
    assert_eq!(a.json()["query"], "x=%3F1");

    // A response that keeps moving outlives the idle timeout (4 s of lines
    // every 200 ms); a WebSocket tunnel where nothing moves does not.
    let a = h.get(&url("edge", "stream", "paths-1&n=20&ms=200"));
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.text().matches("data: ").count(), 20, "{}", a.text());
    let (mut ws, mut r) = open_ws(&h, "edge", "paths-1");
    ws.write_all(&ws_frame(1, b"hi")).unwrap();
    assert_eq!(ws_read(&mut r), (1, b"hi".to_vec()));
    let quiet = Instant::now();
    r.get_mut()
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let end = r.read(&mut [0u8; 16]);
    assert!(
        matches!(end, Ok(0) | Err(_)) && quiet.elapsed() < Duration::from_secs(5),
        "an idle tunnel is closed after the idle timeout: {end:?} after {:?}",
        quiet.elapsed()
    );

    // A malformed chunked body is the client's fault: 400, not 502.
    let mut s = h.connect();
    let mut head = h.head("POST", &url("edge", "upload", "paths-2"), &[]);
    head.push_str("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nhello\r\n");
    s.write_all(head.as_bytes()).unwrap();
    let a = read_answer(&mut BufReader::new(s));
    assert_eq!(a.status, 400, "{}", a.text());

    // A body that stops half-way is cut after the header-read timeout (1 s),
    // before the container's side idles out (3 s): 400 as well.
    let mut s = h.connect();
    let mut head = h.head("POST", &url("edge", "upload", "paths-2"), &[]);
    head.push_str("Content-Length: 100\r\nConnection: close\r\n\r\n0123456789");
    s.write_all(head.as_bytes()).unwrap();
    let stalled = Instant::now();
    let a = read_answer(&mut BufReader::new(s));
    assert_eq!(a.status, 400, "{}", a.text());
    assert!(
        stalled.elapsed() < Duration::from_secs(5),
        "{:?}",
        stalled.elapsed()
    );

    // A start that fails inside the runtime: the executor gets a generic
    // error with a reference, the log has the details (here, a host path).
    let rootfs_dir = d.data_dir().join("images/rootfs");
    let image = std::fs::read_dir(&rootfs_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir() && p.file_name().unwrap().len() == 64)
        .expect("the pulled rootfs");
    let aside = rootfs_dir.join("moved-away");
    std::fs::rename(&image, &aside).unwrap();
    let a = h.get(&url("edge", "whoami", "paths-3"));
    std::fs::rename(&aside, &image).unwrap();
    assert_eq!(a.status, 502, "{}", a.text());
    let body = a.text();
    assert_eq!(a.json()["error"]["code"], "SessionStartFailed", "{body}");
    let data_dir = d.data_dir().display().to_string();
    assert!(!body.contains(&data_dir), "a host path leaked: {body}");
    assert!(!body.contains("/images/"), "a host path leaked: {body}");
    let reference = a.json()["error"]["message"]
        .as_str()
        .unwrap()
        .split("reference ")
        .nth(1)
        .and_then(|r| r.split(')').next())
        .expect("the message gives a reference")
        .to_string();
    let log = d.log();
    assert!(
        log.lines()
            .any(|l| l.contains(&reference) && l.contains("not a directory")),
        "the log has the details under {reference}:\n{log}"
    );
}

#[test]
fn shutdown_does_not_wait_out_a_pending_startup_probe() {
    let mut d = Daemon::start();
    // The image serves 8080; a probe on 9999 waits its full 30 s.
    d.cli()
        .args(["create", "-n", "probe", "-g", RG, "--environment", "env"])
        .args(["--image", &d.image()])
        .args([
            "--container-type",
            "CustomContainer",
            "--target-port",
            "9999",
        ])
        .args(["--network-status", "EgressDisabled", "-o", "none"])
        .args(["--max-sessions", "2", "--ready-sessions", "1"])
        .assert()
        .success();
    wait_until("a sandbox is starting", Duration::from_secs(30), || {
        !sandbox_dirs(&d).is_empty()
    });
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    d.stop();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(5), "shutdown took {took:?}");
    assert!(
        sandbox_dirs(&d).is_empty(),
        "the starting sandbox was torn down: {:?}",
        sandbox_dirs(&d)
    );
}
