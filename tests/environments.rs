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
fn without_a_keyring_the_token_goes_to_an_owner_only_file() {
    use std::os::unix::fs::PermissionsExt;
    let d = Daemon::start();
    let config = d.dir.path().join("config");
    let cli = || {
        let mut c = d.cli();
        c.env_remove("SESSIONPOOL_ENDPOINT")
            .env_remove("DBUS_SESSION_BUS_ADDRESS");
        c
    };
    // This machine has no Secret Service. The token comes on standard input
    // (never argv) and lands in a 0600 file; one line says where.
    cli()
        .args(["environment", "add", "remote", "--endpoint", &d.tcp_url()])
        .args(["--token", "-"])
        .write_stdin(format!("{}\n", d.admin_token()))
        .assert()
        .success()
        .stdout(predicate::str::contains("\"tokenSaved\": true"))
        .stderr(
            predicate::str::contains("tokens.json")
                .and(predicate::str::contains("readable only by you"))
                .and(predicate::function(|s: &str| s.lines().count() == 1)),
        );
    let file = config.join("tokens.json");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let saved = std::fs::read_to_string(config.join("environments.json")).unwrap();
    assert!(!saved.contains(&d.admin_token()), "{saved}");
    // The saved token authenticates, with no variable set.
    cli()
        .args(["--environment", "remote", "list"])
        .assert()
        .success()
        .stdout("[]\n");
    cli()
        .args(["environment", "show", "remote", "--query", "tokenSaved"])
        .assert()
        .success()
        .stdout("true\n");
    // Removing the environment removes its token.
    cli()
        .args(["environment", "remove", "remote"])
        .assert()
        .success();
    let left = std::fs::read_to_string(&file).unwrap();
    assert!(!left.contains(&d.admin_token()), "{left}");
    // An empty standard input is refused, naming the flag.
    cli()
        .args(["environment", "add", "remote", "--endpoint", &d.tcp_url()])
        .args(["--token", "-"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--token"));
}

#[test]
fn on_a_terminal_the_token_is_asked_for_without_echo() {
    let d = Daemon::start();
    let dir = tempfile::tempdir().unwrap();
    let tmux = common::tmux::Tmux::new(dir.path());
    let command = format!(
        "{} environment add remote --endpoint {}; echo add-exited-$?; sleep 30",
        common::daemon::BIN,
        d.tcp_url()
    );
    let config = format!(
        "SESSIONPOOL_CONFIG_DIR={}",
        d.dir.path().join("config").display()
    );
    let started = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "top",
        "-x",
        "160",
        "-y",
        "12",
        "env",
        "-u",
        "SESSIONPOOL_TOKEN",
        "-u",
        "SESSIONPOOL_ENDPOINT",
        &config,
        "sh",
        "-c",
        &command,
    ]);
    assert!(started.status.success(), "{started:?}");
    tmux.wait_for("the token prompt", |s| {
        s.contains("Token for environment 'remote'")
    });
    tmux.run(&["send-keys", "-t", "top", &d.admin_token(), "Enter"]);
    let screen = tmux.wait_for("add finishing", |s| s.contains("add-exited-"));
    assert!(screen.contains("add-exited-0"), "{screen}");
    assert!(
        !screen.contains(&d.admin_token()),
        "the token was echoed: {screen}"
    );
    assert!(screen.contains("\"tokenSaved\": true"), "{screen}");
    // The typed token authenticates.
    d.cli()
        .env_remove("SESSIONPOOL_ENDPOINT")
        .args(["--environment", "remote", "list"])
        .assert()
        .success()
        .stdout("[]\n");
}
