//! Azure's own management client drives the daemon unchanged: the Python SDK
//! `azure-mgmt-appcontainers` (pinned), given the base URL, a CA file and a
//! token. Needs python3 with venv and PyPI; fails loudly without them.

mod common;

use std::path::PathBuf;
use std::process::Command;

const SDK: &str = "azure-mgmt-appcontainers==5.1.0";

#[test]
fn the_azure_python_sdk_manages_pools() {
    let python = common::pyvenv::venv("azure-sdk-venv", &[SDK, "azure-core"]).join("python");
    let dir = tempfile::tempdir().unwrap();
    let (d, cert) = common::tls::daemon_with_tls(dir.path());
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
