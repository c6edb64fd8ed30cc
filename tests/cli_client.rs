//! The CLI's HTTP client as a user meets it: the socket, plain TCP and TLS
//! with a private CA; one connection per command through an HTTP proxy; a
//! timeout against a server that never answers; 429 retried for GET (after
//! `Retry-After`) and not for POST.

mod common;

use common::daemon::{BIN, Daemon, walkthrough_create};
use common::fake_http::{FakeServer, answer, forward_proxy, silent_port};
use predicates::prelude::*;
use std::time::Duration;

/// The CLI with nothing from the caller's environment deciding where it goes.
fn cli(endpoint: &str) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::new(BIN);
    c.env("SESSIONPOOL_ENDPOINT", endpoint)
        .env("SESSIONPOOL_CONFIG_DIR", "/nonexistent/sessionpool-test")
        .env_remove("SESSIONPOOL_TOKEN")
        .env_remove("SESSIONPOOL_ENVIRONMENT")
        .env_remove("SESSIONPOOL_TIMEOUT")
        .env_remove("SESSIONPOOL_CA_CERT");
    for v in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"] {
        c.env_remove(v).env_remove(v.to_lowercase());
    }
    c.timeout(Duration::from_secs(120));
    c
}

#[test]
fn socket_and_tls_with_a_private_ca() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = common::tls::private_ca(dir.path());
    let d = Daemon::start_with(&[
        "--tls-cert",
        cert.to_str().unwrap(),
        "--tls-key",
        key.to_str().unwrap(),
    ]);
    walkthrough_create(&d, "over-socket", "rg")
        .assert()
        .success();
    let https = format!("https://localhost:{}", d.port);
    let names = |out: &[u8]| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_slice(out).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    let out = cli(&format!("unix://{}", d.socket().display()))
        .args(["list", "-g", "rg"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(names(&out.stdout), ["over-socket"]);

    let out = cli(&https)
        .env("SESSIONPOOL_TOKEN", d.admin_token())
        .env("SESSIONPOOL_CA_CERT", &ca)
        .args(["list", "-g", "rg"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(names(&out.stdout), ["over-socket"]);

    // Without the CA the server is not trusted, and the error says why.
    cli(&https)
        .env("SESSIONPOOL_TOKEN", d.admin_token())
        .args(["list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("TLS").and(predicate::str::contains("certificate")));
    // A CA file that holds no certificate is named in the error.
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    cli(&https)
        .env("SESSIONPOOL_CA_CERT", &empty)
        .args(["list"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("SESSIONPOOL_CA_CERT")
                .and(predicate::str::contains("empty.pem")),
        );
}

#[test]
fn plain_tcp_through_a_proxy_on_one_connection() {
    let d = Daemon::start();
    let token = d.admin_token();
    let direct = cli(&d.tcp_url())
        .env("SESSIONPOOL_TOKEN", &token)
        .args(["list"])
        .output()
        .unwrap();
    assert!(direct.status.success());
    assert_eq!(direct.stdout, b"[]\n");

    let proxy = forward_proxy();
    let mut create = walkthrough_create(&d, "via-proxy", "rg");
    create
        .env("SESSIONPOOL_ENDPOINT", d.tcp_url())
        .env("SESSIONPOOL_TOKEN", &token)
        .env("HTTP_PROXY", proxy.url())
        .assert()
        .success();
    let seen = proxy.requests();
    // create: PUT, then polls of the operation until the pool is ready.
    assert!(seen.len() >= 2, "requests through the proxy: {seen:?}");
    assert_eq!(seen[0].method, "PUT");
    assert!(
        seen.iter()
            .all(|s| s.target.starts_with(&format!("{}/", d.tcp_url()))),
        "every request went through the proxy to the daemon: {seen:?}"
    );
    assert!(
        seen.iter().all(|s| s.connection == 0),
        "one connection for the whole command: {:?}",
        seen.iter().map(|s| s.connection).collect::<Vec<_>>()
    );

    // NO_PROXY keeps the request off the proxy.
    let before = proxy.requests().len();
    cli(&d.tcp_url())
        .env("SESSIONPOOL_TOKEN", &token)
        .env("HTTP_PROXY", proxy.url())
        .env("NO_PROXY", "127.0.0.1")
        .args(["show", "-n", "via-proxy", "-g", "rg"])
        .assert()
        .success();
    assert_eq!(proxy.requests().len(), before);
}

#[test]
fn timeout_fires_against_a_server_that_never_answers() {
    let silent = silent_port();
    let url = format!("http://127.0.0.1:{}", silent.local_addr().unwrap().port());
    cli(&url)
        .args(["--timeout", "1", "show", "-n", "p", "-g", "rg"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("did not answer within 1s")
                .and(predicate::str::contains("--timeout")),
        );
    drop(silent);
}

#[test]
fn too_many_requests_is_retried_for_get_after_retry_after() {
    let server = FakeServer::start(|n, _| {
        if n == 0 {
            answer(
                "429 Too Many Requests",
                &[("retry-after", "1"), ("content-type", "application/json")],
                r#"{"error":{"code":"TooManyRequests","message":"slow down"}}"#,
            )
        } else {
            answer(
                "200 OK",
                &[("content-type", "application/json")],
                r#"{"value":[]}"#,
            )
        }
    });
    cli(&server.url())
        .args(["list"])
        .assert()
        .success()
        .stdout("[]\n");
    let seen = server.requests();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(seen.iter().all(|s| s.method == "GET"));
    let waited = seen[1].at - seen[0].at;
    assert!(
        waited >= Duration::from_millis(900),
        "the retry came {waited:?} after the 429 asking for 1s"
    );
}

#[test]
fn too_many_requests_is_not_retried_for_post() {
    let server = FakeServer::start(|_, _| {
        answer(
            "429 Too Many Requests",
            &[("retry-after", "1"), ("content-type", "application/json")],
            r#"{"error":{"code":"SessionPoolFull","message":"no session is free"}}"#,
        )
    });
    cli(&server.url())
        .args([
            "invoke",
            "-n",
            "p",
            "-g",
            "rg",
            "--identifier",
            "user-1",
            "--data",
            "x",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no session is free"));
    let seen = server.requests();
    assert_eq!(seen.len(), 1, "a POST is sent once: {seen:?}");
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].body, b"x");
}

#[test]
fn invoke_prints_the_answer_as_it_arrives() {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let (seen_first, wait_first) = std::sync::mpsc::channel::<()>();
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        common::fake_http::read_request(&mut reader).expect("a request");
        let mut w = stream;
        w.write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n6\r\nfirst\n\r\n")
            .unwrap();
        w.flush().unwrap();
        // The rest only once the user has seen the first part; a client that
        // waits for the whole answer never gets it (the connection drops).
        if wait_first.recv_timeout(Duration::from_secs(20)).is_ok() {
            w.write_all(b"7\r\nsecond\n\r\n0\r\n\r\n").unwrap();
        }
    });
    let mut child = std::process::Command::new(BIN)
        .args(["invoke", "-n", "p", "-g", "rg", "--identifier", "user-1"])
        .env("SESSIONPOOL_ENDPOINT", &url)
        .env("SESSIONPOOL_CONFIG_DIR", "/nonexistent/sessionpool-test")
        .env_remove("SESSIONPOOL_TOKEN")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert_eq!(
        line, "first\n",
        "the first part was printed before the answer ended"
    );
    seen_first.send(()).unwrap();
    line.clear();
    out.read_line(&mut line).unwrap();
    assert_eq!(line, "second\n");
    assert!(child.wait().unwrap().success());
    server.join().unwrap();
}
