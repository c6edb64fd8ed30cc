//! `sessionpool top` in a real terminal (tmux): a pool's counts change on
//! screen as sessions are allocated, the session shows up with its
//! identifier, `q` quits cleanly; off a terminal it prints plain tables.

mod common;

use common::daemon::{BIN, Daemon};
use common::pools::*;
use common::tmux::Tmux;
use std::time::Duration;

/// The pool's row: `rg/topped  READY/TARGET  PENDING  ALLOCATED  MAX ...`.
fn pool_row(screen: &str) -> Option<Vec<String>> {
    screen
        .lines()
        .find(|l| l.contains("rg/topped") && !l.contains("user-"))
        .map(|l| {
            l.split(|c: char| c.is_whitespace() || c == '│')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        })
}

#[test]
fn top_shows_allocations_live_and_quits_on_q() {
    let d = Daemon::start();
    create_pool(
        &d,
        "topped",
        &["--max-sessions", "4", "--ready-sessions", "1"],
    );
    wait_ready(&d, "topped", 1);
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::new(dir.path());
    // Over TCP with the admin token: request rates come from /metrics.
    let command = format!(
        "SESSIONPOOL_ENDPOINT={} SESSIONPOOL_TOKEN={} {BIN} top --interval 0.3; echo top-exited-$?; sleep 30",
        d.tcp_url(),
        d.admin_token()
    );
    let started = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "top",
        "-x",
        "100",
        "-y",
        "16",
        "sh",
        "-c",
        &command,
    ]);
    assert!(started.status.success(), "{started:?}");
    let before = tmux.wait_for("the pool with 1 ready and 0 allocated", |s| {
        pool_row(s).is_some_and(|r| {
            r.get(1).map(String::as_str) == Some("1/1") && r.get(3).map(String::as_str) == Some("0")
        })
    });
    assert!(before.contains("IDENTIFIER"), "{before}");
    assert!(!before.contains("user-top-1"), "{before}");

    let h = executor(&d, "topped");
    whoami(&h, "topped", "user-top-1");
    let after = tmux.wait_for("the pool with 1 allocated and the session", |s| {
        pool_row(s).is_some_and(|r| r.get(3).map(String::as_str) == Some("1"))
            && s.contains("user-top-1")
    });
    let session_line = after.lines().find(|l| l.contains("user-top-1")).unwrap();
    assert!(session_line.contains("rg/topped"), "{after}");
    assert!(
        session_line.contains("Mi"),
        "the session's memory is shown: {after}"
    );

    if std::env::var_os("SESSIONPOOL_TOP_SCREENSHOT").is_some() {
        println!("{after}");
    }

    // `p` narrows to one pool; `x` asks before stopping; `n` keeps the session.
    tmux.run(&["send-keys", "-t", "top", "p"]);
    tmux.wait_for("the pool filter", |s| s.contains("pool: rg/topped"));
    tmux.run(&["send-keys", "-t", "top", "x"]);
    tmux.wait_for("the stop confirmation", |s| {
        s.contains("Stop session 'user-top-1' of rg/topped? y/n")
    });
    tmux.run(&["send-keys", "-t", "top", "n"]);
    tmux.wait_for("the stop being cancelled", |s| s.contains("not stopped"));
    assert_eq!(session_ids(&h, "topped"), ["user-top-1"]);
    // `y` stops it: gone from the daemon and from the screen.
    tmux.run(&["send-keys", "-t", "top", "x"]);
    tmux.wait_for("the stop confirmation", |s| s.contains("? y/n"));
    tmux.run(&["send-keys", "-t", "top", "y"]);
    tmux.wait_for("the session gone", |s| {
        s.contains("stopped session 'user-top-1'")
            && !s
                .lines()
                .any(|l| l.contains("│rg/topped") && l.contains("user-top-1"))
    });
    assert!(session_ids(&h, "topped").is_empty());

    tmux.run(&["send-keys", "-t", "top", "q"]);
    let done = tmux.wait_for("top exiting", |s| s.contains("top-exited-"));
    assert!(done.contains("top-exited-0"), "{done}");
    // The alternate screen is gone: the table is not left on the terminal.
    assert!(!done.contains("IDENTIFIER"), "{done}");
}

#[test]
fn off_a_terminal_top_prints_one_plain_look() {
    let d = Daemon::start();
    create_pool(
        &d,
        "topped",
        &["--max-sessions", "4", "--ready-sessions", "1"],
    );
    wait_ready(&d, "topped", 1);
    let h = executor(&d, "topped");
    whoami(&h, "topped", "user-plain");
    wait_ready(&d, "topped", 1);
    let out = d
        .cli()
        .args(["top"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let pool = text.lines().find(|l| l.contains("rg/topped")).expect(&text);
    let cells: Vec<&str> = pool.split_whitespace().collect();
    assert_eq!(&cells[..5], ["rg/topped", "1/1", "0", "1", "4"], "{text}");
    assert!(text.lines().any(|l| l.contains("user-plain")), "{text}");
    assert!(
        !text.contains('\x1b'),
        "no terminal escapes off a terminal: {text:?}"
    );
}
