//! A self-signed certificate for 127.0.0.1 and localhost, made with openssl.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Writes cert.pem and key.pem into `dir`; returns their paths.
pub fn self_signed(dir: &Path) -> (PathBuf, PathBuf) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let status = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
        ])
        // A leaf, not a CA: rustls refuses a CA certificate as a server's own.
        .args([
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-addext",
            "basicConstraints=critical,CA:FALSE",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(Stdio::null())
        .status()
        .expect("openssl is needed for TLS tests (apt install openssl)");
    assert!(status.success(), "openssl failed to make a certificate");
    (cert, key)
}

/// A daemon with a TLS listener on a fresh self-signed certificate in
/// `dir`; returns it and the certificate (the CA clients must trust).
pub fn daemon_with_tls(dir: &Path) -> (super::daemon::Daemon, PathBuf) {
    let (cert, key) = self_signed(dir);
    let d = super::daemon::Daemon::start_with(&[
        "--tls-cert",
        cert.to_str().unwrap(),
        "--tls-key",
        key.to_str().unwrap(),
    ]);
    (d, cert)
}

/// A private CA and a leaf it signed for 127.0.0.1 and localhost, made with
/// openssl; returns (ca.pem, cert.pem, key.pem).
pub fn private_ca(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let ca = super::ca::make_ca(dir);
    let (cert, key) = super::ca::signed_leaf(dir, "", "DNS:localhost,IP:127.0.0.1");
    (ca, cert, key)
}
