//! Authentication on TCP: tokens, roles, revocation and expiry; TLS.

mod common;

use common::daemon::{Daemon, walkthrough_create};
use predicates::prelude::*;

#[test]
fn admin_token_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let d = Daemon::start();
    let meta = std::fs::metadata(d.data_dir().join("admin.token")).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert!(d.admin_token().starts_with("sp_"));
    let socket = std::fs::metadata(d.socket()).unwrap();
    assert_eq!(
        socket.permissions().mode() & 0o077,
        0,
        "the socket is owner-only"
    );
}

#[test]
fn tcp_needs_a_valid_token() {
    let d = Daemon::start();
    d.cli_tcp(None)
        .args(["list"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("bearer token"));
    d.cli_tcp(Some("sp_wrong")).args(["list"]).assert().code(4);
    d.cli_tcp(Some(&d.admin_token()))
        .args(["list"])
        .assert()
        .success()
        .stdout("[]\n");
}

#[test]
fn executor_tokens_cannot_manage() {
    let d = Daemon::start();
    walkthrough_create(&d, "p1", "rg").assert().success();
    let out = d
        .cli()
        .args([
            "token", "create", "--role", "executor", "-n", "p1", "-g", "rg", "--query", "token",
            "-o", "tsv",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let token = String::from_utf8(out).unwrap().trim().to_string();
    assert!(token.starts_with("sp_"));
    d.cli_tcp(Some(&token))
        .args(["list"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("admin"));
    d.cli_tcp(Some(&token))
        .args(["show", "-n", "p1", "-g", "rg"])
        .assert()
        .code(4);
    // Tokens are stored only as hashes.
    let db = std::fs::read(d.data_dir().join("state.db")).unwrap();
    assert!(!String::from_utf8_lossy(&db).contains(&token));
    // An executor token needs an existing pool.
    d.cli()
        .args([
            "token", "create", "--role", "executor", "-n", "nope", "-g", "rg",
        ])
        .assert()
        .code(3);
    d.cli()
        .args(["token", "create", "--role", "executor"])
        .assert()
        .code(2);
}

#[test]
fn revoked_and_expired_tokens_fail() {
    let d = Daemon::start();
    let created: serde_json::Value = serde_json::from_slice(
        &d.cli()
            .args(["token", "create", "--role", "admin", "--label", "ci"])
            .assert()
            .success()
            .get_output()
            .stdout,
    )
    .unwrap();
    let (token, id) = (
        created["token"].as_str().unwrap(),
        created["id"].as_str().unwrap(),
    );
    d.cli_tcp(Some(token)).args(["list"]).assert().success();
    let listed = String::from_utf8(
        d.cli()
            .args(["token", "list"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    assert!(
        listed.contains(id) && !listed.contains(token),
        "list shows ids, never secrets"
    );
    d.cli().args(["token", "revoke", id]).assert().success();
    d.cli_tcp(Some(token)).args(["list"]).assert().code(4);

    let short = String::from_utf8(
        d.cli()
            .args([
                "token",
                "create",
                "--role",
                "admin",
                "--expires-in",
                "1s",
                "--query",
                "token",
                "-o",
                "tsv",
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    d.cli_tcp(Some(short.trim()))
        .args(["list"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("expired"));
}

#[test]
fn tls_listener_serves_https() {
    let dir = tempfile::tempdir().unwrap();
    let (d, cert) = common::tls::daemon_with_tls(dir.path());
    let mut c = d.cli_tcp(Some(&d.admin_token()));
    c.env(
        "SESSIONPOOL_ENDPOINT",
        format!("https://localhost:{}", d.port),
    )
    .env("SESSIONPOOL_CA_CERT", &cert);
    c.args(["list"]).assert().success().stdout("[]\n");
    // Without trusting the certificate the client refuses.
    let mut c = d.cli_tcp(Some(&d.admin_token()));
    c.env(
        "SESSIONPOOL_ENDPOINT",
        format!("https://localhost:{}", d.port),
    );
    c.args(["list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("TLS"));
}
