//! kill -9 of the daemon while allocations are in flight, then a restart:
//! nothing of the previous run survives (processes, mounts, netns, cgroups,
//! sandbox dirs), and the restarted daemon serves new sessions.

mod common;

use common::daemon::Daemon;
use common::http::Http;
use common::pools::{
    assert_torn_down, create_pool, executor, mounts_with, process_start, sandbox_dirs, url,
    wait_ready, wait_until, whoami,
};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// The init process (host PID and start time) of every sandbox on disk now.
fn inits(d: &Daemon) -> Vec<(String, u32, String)> {
    sandbox_dirs(d)
        .into_iter()
        .filter_map(|id| {
            let pid_file = d.data_dir().join("sandboxes").join(&id).join("init.pid");
            let pid: u32 = std::fs::read_to_string(pid_file)
                .ok()?
                .trim()
                .parse()
                .ok()?;
            Some((id, pid, process_start(pid)?))
        })
        .collect()
}

/// The status of a GET, or None when the daemon is gone mid-request (the
/// shared helper panics on that, and here it is expected).
fn status_of(h: &Http, target: &str) -> Option<u16> {
    let mut sock = TcpStream::connect(("127.0.0.1", h.port)).ok()?;
    sock.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let token = h.token.as_deref().unwrap_or_default();
    let head = format!(
        "GET {target} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    );
    sock.write_all(head.as_bytes()).ok()?;
    let mut answer = String::new();
    sock.read_to_string(&mut answer).ok()?;
    answer.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn kill_9_under_churn_then_restart_leaks_nothing() {
    let mut d = Daemon::start();
    create_pool(
        &d,
        "churn",
        &["--max-sessions", "30", "--ready-sessions", "3"],
    );
    let h = executor(&d, "churn");
    wait_ready(&d, "churn", 3);

    // Four clients asking for new identifiers as fast as they can: at the
    // kill some allocations are half done (sandboxes starting, refills).
    let stop = Arc::new(AtomicBool::new(false));
    let served = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..4)
        .map(|c| {
            let (stop, served) = (stop.clone(), served.clone());
            let h = Http {
                port: d.port,
                token: h.token.clone(),
            };
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let target = url("churn", "whoami", &format!("churn-{c}-{n}"));
                    if status_of(&h, &target) == Some(200) {
                        served.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    wait_until("allocations are flowing", Duration::from_secs(30), || {
        served.load(Ordering::Relaxed) >= 8
    });
    let before = inits(&d);
    assert!(before.len() >= 3, "sandboxes before the kill: {before:?}");

    d.crash_and_restart();
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.join().unwrap();
    }

    wait_ready(&d, "churn", 3);
    for (id, _, _) in &before {
        assert_torn_down(&d, id);
    }
    wait_until(
        "the previous run's container processes are gone",
        Duration::from_secs(10),
        || {
            before
                .iter()
                .all(|(_, pid, start)| process_start(*pid).as_ref() != Some(start))
        },
    );
    // Whatever the dead daemon made after the snapshot is gone too: every
    // mount under the data dir belongs to a sandbox the new daemon knows.
    let live = sandbox_dirs(&d);
    for m in mounts_with(&d, "sandboxes") {
        assert!(
            live.iter().any(|id| m.contains(id.as_str())),
            "a mount of no live sandbox: {m}"
        );
    }
    let h = Http {
        port: d.port,
        token: h.token.clone(),
    };
    whoami(&h, "churn", "after-the-crash");

    // A clean stop then leaves nothing at all.
    d.stop();
    assert!(sandbox_dirs(&d).is_empty(), "{:?}", sandbox_dirs(&d));
    assert_eq!(mounts_with(&d, ""), Vec::<String>::new());
}
