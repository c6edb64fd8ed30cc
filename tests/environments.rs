//! Saved daemon contexts: `sessionpool environment add|list|show|remove` and
//! `--environment NAME` picking one.

mod common;

use common::daemon::Daemon;
use predicates::prelude::*;

#[test]
fn saved_environments_pick_the_daemon() {
    let d = Daemon::start();
    let socket = format!("unix://{}", d.socket().display());
    // Without SESSIONPOOL_ENDPOINT, only the saved context can find this daemon.
    let cli = || {
        let mut c = d.cli();
        c.env_remove("SESSIONPOOL_ENDPOINT");
        c
    };
    cli()
        .args(["environment", "add", "lab", "--endpoint", &socket])
        .assert()
        .success();
    cli()
        .args(["--environment", "lab", "list"])
        .assert()
        .success()
        .stdout("[]\n");
    cli()
        .args(["environment", "list", "--query", "[].name", "-o", "tsv"])
        .assert()
        .success()
        .stdout("local\nlab\n");
    cli()
        .args([
            "environment",
            "show",
            "lab",
            "--query",
            "endpoint",
            "-o",
            "tsv",
        ])
        .assert()
        .success()
        .stdout(format!("{socket}\n"));
    cli()
        .args(["--environment", "nowhere", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("environment add nowhere"));
    cli()
        .args(["environment", "add", "local", "--endpoint", &socket])
        .assert()
        .code(2);
    cli()
        .args(["environment", "add", "bad", "--endpoint", "ftp://x"])
        .assert()
        .code(2);
    cli()
        .args(["environment", "remove", "lab"])
        .assert()
        .success();
    cli()
        .args(["--environment", "lab", "list"])
        .assert()
        .code(2);
}

#[test]
fn a_tcp_environment_without_a_keyring_says_to_use_the_token_variable() {
    let d = Daemon::start();
    let mut c = d.cli();
    c.env_remove("SESSIONPOOL_ENDPOINT")
        .env("SESSIONPOOL_TOKEN", d.admin_token());
    // This host has no Secret Service: the token cannot be saved; the CLI says so.
    let out = c
        .args(["environment", "add", "remote", "--endpoint", &d.tcp_url()])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    if stdout.contains("\"tokenSaved\": false") {
        assert!(stderr.contains("SESSIONPOOL_TOKEN"), "{stderr}");
    }
    // With the variable set, the saved endpoint works over TCP.
    let mut c = d.cli();
    c.env_remove("SESSIONPOOL_ENDPOINT")
        .env("SESSIONPOOL_TOKEN", d.admin_token());
    c.args(["--environment", "remote", "list"])
        .assert()
        .success()
        .stdout("[]\n");
}
