//! Azure's own management client drives the daemon unchanged: the Python SDK
//! `azure-mgmt-appcontainers` (pinned), given the base URL, a CA file and a
//! token. Needs python3 with venv and PyPI; fails loudly without them.

mod common;

use common::daemon::Daemon;
use std::path::PathBuf;
use std::process::Command;

const SDK: &str = "azure-mgmt-appcontainers==5.1.0";

fn venv() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("azure-sdk-venv");
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
    let pip = Command::new(&python)
        .args(["-m", "pip", "install", "-q", SDK, "azure-core"])
        .status()
        .unwrap();
    assert!(
        pip.success(),
        "pip install {SDK} failed (PyPI must be reachable)"
    );
    python
}

#[test]
fn the_azure_python_sdk_manages_pools() {
    let python = venv();
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = common::tls::self_signed(dir.path());
    let d = Daemon::start_with(&[
        "--tls-cert",
        cert.to_str().unwrap(),
        "--tls-key",
        key.to_str().unwrap(),
    ]);
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/azure_sdk/drive_pool.py");
    let out = Command::new(python)
        .arg(script)
        .arg(format!("https://localhost:{}", d.port))
        .arg(d.admin_token())
        .arg(&cert)
        .arg(d.image())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the SDK failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = [
        "created sdk-pool SessionPoolProvisioningState.SUCCEEDED",
        "got 1",
        "list rg ['sdk-pool']",
        "list sub ['sdk-pool']",
        "patched 2",
        "deleted []",
    ];
    for line in expected {
        assert!(stdout.contains(line), "missing '{line}' in:\n{stdout}");
    }
}
