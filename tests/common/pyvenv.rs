//! Python virtualenvs with pinned packages from PyPI, cached under the
//! target dir (one per name). Fails loudly when python3-venv or PyPI is missing.

use std::path::PathBuf;
use std::process::Command;

/// The venv `name` with `packages` installed; returns its bin directory.
pub fn venv(name: &str, packages: &[&str]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let python = dir.join("bin/python");
    if !python.exists() {
        let ok = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&dir)
            .status()
            .expect("python3 is needed (apt install python3-venv)");
        assert!(
            ok.success(),
            "python3 -m venv failed: apt install python3-venv"
        );
    }
    // A marker per package set: pip runs again only when the pins change.
    let marker = dir.join("installed.txt");
    let wanted = packages.join("\n");
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(wanted.as_str()) {
        let pip = Command::new(&python)
            .args(["-m", "pip", "install", "-q", "--disable-pip-version-check"])
            .args(packages)
            .status()
            .expect("run pip");
        assert!(
            pip.success(),
            "pip install {packages:?} failed (PyPI must be reachable)"
        );
        std::fs::write(&marker, wanted).unwrap();
    }
    dir.join("bin")
}

/// Environment for a Python client that must only ever talk to loopback:
/// the test CA, and a proxy that does not exist for everything else, so an
/// attempt to reach a public cloud fails loudly instead of leaving the machine.
pub fn loopback_only_env(ca: &std::path::Path) -> Vec<(&'static str, String)> {
    let ca = ca.display().to_string();
    vec![
        ("REQUESTS_CA_BUNDLE", ca.clone()),
        ("SSL_CERT_FILE", ca),
        ("HTTPS_PROXY", "http://127.0.0.1:9".into()),
        ("HTTP_PROXY", "http://127.0.0.1:9".into()),
        ("NO_PROXY", "localhost,127.0.0.1".into()),
        ("no_proxy", "localhost,127.0.0.1".into()),
    ]
}
