//! A private CA and leaves it signs, made with openssl. Self-contained (std
//! only): the cluster benchmark includes this file too.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn openssl(dir: &Path, args: &[&str]) {
    let status = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .stderr(Stdio::null())
        .status()
        .expect("openssl is needed for TLS tests (apt install openssl)");
    assert!(status.success(), "openssl {args:?} failed");
}

/// A private CA in `dir` (ca.pem, ca.key); returns ca.pem.
pub fn make_ca(dir: &Path) -> PathBuf {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=sessionpool test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
        ],
    );
    dir.join("ca.pem")
}

/// A server leaf for `san` (as `DNS:x,IP:y`) signed by the CA `make_ca` left
/// in `dir`: `{name}cert.pem` and `{name}key.pem` there.
pub fn signed_leaf(dir: &Path, name: &str, san: &str) -> (PathBuf, PathBuf) {
    let (cert, key, csr, ext) = (
        format!("{name}cert.pem"),
        format!("{name}key.pem"),
        format!("{name}leaf.csr"),
        format!("{name}leaf.ext"),
    );
    std::fs::write(
        dir.join(&ext),
        format!(
            "subjectAltName={san}\nbasicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n"
        ),
    )
    .unwrap();
    // The CN: the first name's value (`localhost` of `DNS:localhost,...`).
    let first = san.split(',').next().unwrap_or(san);
    let cn = format!("/CN={}", first.split_once(':').map_or(first, |(_, v)| v));
    openssl(
        dir,
        &[
            "req", "-newkey", "rsa:2048", "-nodes", "-subj", &cn, "-keyout", &key, "-out", &csr,
        ],
    );
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "1",
            "-extfile",
            &ext,
            "-out",
            &cert,
        ],
    );
    (dir.join(cert), dir.join(key))
}
