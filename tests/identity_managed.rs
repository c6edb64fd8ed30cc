//! Managed identity for sessions: a pool with a system-assigned identity
//! (`--mi-system-assigned`, lifecycle Main) gives its sessions
//! IDENTITY_ENDPOINT and IDENTITY_HEADER, answered by the daemon on the
//! session's own loopback (so also with EgressDisabled); the token names the
//! pool's identity and verifies against the JWKS. Without the setting there
//! is neither variable nor endpoint.

mod common;

use common::daemon::Daemon;
use common::http::Http;
use common::identity::{EXECUTOR, SUB, TENANT, assign_as};
use common::pools::{RG, admin, create_pool, invoke_execute, wait_ready};
use jsonwebtoken::{DecodingKey, Validation, jwk::JwkSet};

/// Run `command` in a session of `pool`; its stdout.
fn run(d: &Daemon, pool: &str, identifier: &str, command: &str) -> String {
    let out = invoke_execute(d, pool, identifier, command);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    format!(
        "{}{}",
        v["stdout"].as_str().unwrap(),
        v["stderr"].as_str().unwrap()
    )
}

/// A raw HTTP/1.0 request to the endpoint with busybox nc (busybox wget
/// cannot read responses under gVisor, even from the session's own server).
fn fetch(header: &str) -> String {
    format!(
        r#"printf "GET /msi/token?api-version=2019-08-01&resource=https://dynamicsessions.io HTTP/1.0\r\n{header}\r\n" | nc -w 10 127.0.0.1 42356 2>&1; echo "exit=$?""#
    )
}

/// The body of a raw HTTP answer.
fn body(answer: &str) -> &str {
    answer
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no HTTP answer: {answer}"))
}

#[test]
fn sessions_get_tokens_for_their_pools_identity_only_when_allowed() {
    let d = Daemon::start();
    create_pool(&d, "mi", &["--mi-system-assigned", "--ready-sessions", "1"]);
    create_pool(&d, "plain", &["--ready-sessions", "1"]);
    wait_ready(&d, "mi", 1);
    let shown = common::pools::show(&d, "mi");
    assert_eq!(shown["identity"]["type"], "SystemAssigned", "{shown}");
    assert_eq!(shown["identity"]["tenantId"], TENANT);
    let principal = shown["identity"]["principalId"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(common::pools::show(&d, "plain").get("identity").is_none());

    // Inside the session: the variables, and a token from the endpoint.
    let env = run(
        &d,
        "mi",
        "user-1",
        "echo $IDENTITY_ENDPOINT; echo ${#IDENTITY_HEADER}",
    );
    assert!(
        env.starts_with("http://127.0.0.1:42356/msi/token\n64"),
        "{env}"
    );
    let answer = run(
        &d,
        "mi",
        "user-1",
        &fetch("X-IDENTITY-HEADER: $IDENTITY_HEADER\\r\\n"),
    );
    assert!(answer.starts_with("HTTP/1.0 200"), "{answer}");
    let json = body(&answer)
        .trim_end()
        .trim_end_matches("exit=0")
        .trim_end();
    let v: serde_json::Value =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {answer}"));
    let token = v["access_token"].as_str().unwrap().to_string();
    assert!(
        v["expires_on"].as_str().unwrap().parse::<i64>().unwrap() > 0,
        "epoch seconds"
    );

    // The signature verifies against the published JWKS; the token names the pool's identity.
    let anon = Http {
        port: d.port,
        token: None,
    };
    let jwks: JwkSet =
        serde_json::from_slice(&anon.get(&format!("/{TENANT}/discovery/v2.0/keys")).body).unwrap();
    let kid = jsonwebtoken::decode_header(&token).unwrap().kid.unwrap();
    let mut validation = Validation::new(jsonwebtoken::Algorithm::ES256);
    validation.validate_aud = false;
    let claims = jsonwebtoken::decode::<serde_json::Value>(
        &token,
        &DecodingKey::from_jwk(jwks.find(&kid).unwrap()).unwrap(),
        &validation,
    )
    .unwrap()
    .claims;
    assert_eq!(claims["oid"], principal.as_str());
    assert_eq!(claims["aud"], "https://dynamicsessions.io");
    assert!(
        claims["xms_mirid"]
            .as_str()
            .unwrap()
            .ends_with("/sessionPools/mi")
    );

    // Without the header, or with another one, the endpoint refuses.
    let no_header = run(&d, "mi", "user-1", &fetch(""));
    assert!(no_header.starts_with("HTTP/1.0 401"), "{no_header}");
    let wrong = run(&d, "mi", "user-1", &fetch("X-IDENTITY-HEADER: guess\\r\\n"));
    assert!(wrong.starts_with("HTTP/1.0 401"), "{wrong}");

    // The identity has what role assignments grant it: nothing, then Session Executor on `plain`.
    let with_token = Http {
        port: d.port,
        token: Some(token.clone()),
    };
    assert_eq!(
        with_token
            .get(&format!("/pools/{RG}/plain/?identifier=from-mi"))
            .status,
        403
    );
    let plain_id = format!(
        "/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.App/sessionPools/plain"
    );
    let put = assign_as(&admin(&d), &plain_id, EXECUTOR, &principal);
    assert_eq!(put.status, 201, "{}", put.text());
    assert_eq!(
        with_token
            .get(&format!("/pools/{RG}/plain/?identifier=from-mi"))
            .status,
        200
    );

    // A pool without an identity: no variables, nothing listening.
    let vars = run(
        &d,
        "plain",
        "user-1",
        "echo \"[$IDENTITY_ENDPOINT][$IDENTITY_HEADER]\"",
    );
    assert_eq!(vars, "[][]\n");
    let plain = run(&d, "plain", "user-1", &fetch(""));
    assert!(
        plain.ends_with("exit=1\n") && !plain.contains("HTTP/"),
        "{plain}"
    );

    // The pool's deletion ends its identity: its tokens stop working.
    d.cli()
        .args(["delete", "-n", "mi", "-g", RG, "--yes"])
        .assert()
        .success();
    let gone = with_token.get(&format!("/pools/{RG}/plain/?identifier=from-mi"));
    assert_eq!(gone.status, 401, "{}", gone.text());
}
