//! Stock identity clients from PyPI log in to the daemon's authority over
//! TLS and manage pools and reach sessions with what their role assignments
//! grant: azure-identity (secret and certificate), azure-mgmt-appcontainers,
//! raw MSAL. Every other host is behind a proxy that does not exist, so a
//! client that tried a public cloud would fail this test.

mod common;

use common::daemon::walkthrough_create;
use common::identity::{SUB, TENANT, create_principal as principal, field as s};
use std::path::PathBuf;
use std::process::Command;

const PACKAGES: [&str; 3] = [
    "azure-identity==1.27.0",
    "azure-mgmt-appcontainers==5.1.0",
    "msal==1.39.0",
];

#[test]
fn azure_identity_and_msal_log_in_and_are_authorized_by_role() {
    let bin = common::pyvenv::venv("azure-identity-venv", &PACKAGES);
    let dir = tempfile::tempdir().unwrap();
    let (d, cert) = common::tls::daemon_with_tls(dir.path());
    walkthrough_create(&d, "p1", "rg").assert().success();
    walkthrough_create(&d, "p2", "rg").assert().success();
    let rg = format!("/subscriptions/{SUB}/resourceGroups/rg");
    let p1 = format!("{rg}/providers/Microsoft.App/sessionPools/p1");
    let mgr = principal(&d, &["-n", "mgr", "--role", "Contributor", "--scopes", &rg]);
    let exec = principal(
        &d,
        &[
            "-n",
            "exec",
            "--role",
            "Azure ContainerApps Session Executor",
            "--scopes",
            &p1,
        ],
    );
    // A certificate principal: the client holds cert + key in one PEM.
    let (sp_cert, sp_key) = (
        dir.path().join("sp-cert.pem"),
        dir.path().join("sp-key.pem"),
    );
    let ok = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=sp",
        ])
        .arg("-keyout")
        .arg(&sp_key)
        .arg("-out")
        .arg(&sp_cert)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("openssl is needed (apt install openssl)");
    assert!(ok.success());
    let both = dir.path().join("sp.pem");
    std::fs::write(
        &both,
        [
            std::fs::read(&sp_key).unwrap(),
            std::fs::read(&sp_cert).unwrap(),
        ]
        .concat(),
    )
    .unwrap();
    let cert_sp = principal(
        &d,
        &[
            "-n",
            "cert",
            "--cert",
            sp_cert.to_str().unwrap(),
            "--role",
            "Reader",
            "--scopes",
            &rg,
        ],
    );
    assert!(
        cert_sp.get("password").is_none(),
        "a certificate principal gets no secret"
    );

    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/azure_identity/drive_identity.py");
    let out = Command::new(bin.join("python"))
        .arg(script)
        .arg(format!("https://localhost:{}", d.port))
        .args([TENANT, SUB])
        .args([s(&mgr, "appId"), s(&mgr, "password")])
        .args([s(&exec, "appId"), s(&exec, "password")])
        .arg(s(&cert_sp, "appId"))
        .arg(&both)
        .arg(d.image())
        .envs(common::pyvenv::loopback_only_env(&cert))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the clients failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in [
        "created idpool SessionPoolProvisioningState.SUCCEEDED",
        "got idpool",
        "listed ['idpool', 'p1', 'p2']",
        "data plane p1 200",
        "data plane p2 403",
        "executor manages: 403",
        "certificate lists ['idpool', 'p1', 'p2']",
        "wrong secret: True False",
        "msal instance discovery True None",
        "deleted ['p1', 'p2']",
    ] {
        assert!(stdout.contains(line), "missing '{line}' in:\n{stdout}");
    }
    let log = d.log();
    for secret in [s(&mgr, "password"), s(&exec, "password")] {
        assert!(
            !log.contains(&secret),
            "a client secret is in the daemon's log"
        );
    }
}
