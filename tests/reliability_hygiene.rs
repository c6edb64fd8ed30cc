//! Host hygiene and seccomp (issue 9, items 5 and 8): the daemon changes
//! nothing above its data dir (and refuses, naming the directory, a data dir
//! the sandboxes' mapped root cannot reach), keeps its state files 0600 and
//! secret values sealed, and sessions under every runtime cannot make user
//! namespaces, io_uring instances or userfaultfds.

mod common;

use common::daemon::{BIN, Daemon};
use common::registry::{Registry, require_tool};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

const POOL: &str = "hygiene";
const SECRET: &str = "s3cr3t-value-9f1c2e7a";

fn create_pool(d: &Daemon) {
    d.cli()
        .args(["create", "-n", POOL, "-g", "rg", "--environment", "test"])
        .args(["--image", &d.image(), "--target-port", "8080"])
        .args(["--ready-sessions", "1", "--max-sessions", "4"])
        .args(["--network-status", "EgressDisabled"])
        .args(["--env-vars", "TOKEN=secretref:token", "--secrets"])
        .arg(format!("token={SECRET}"))
        .args(["-o", "none"])
        .timeout(Duration::from_secs(90))
        .assert()
        .success();
}

/// Run `command` with /bin/sh in session `identifier`; its stdout.
fn execute(d: &Daemon, identifier: &str, command: &str) -> String {
    let out = common::pools::invoke_execute(d, POOL, identifier, command);
    if !out.status.success() {
        let log = d.log();
        let tail: Vec<&str> = log.lines().rev().take(15).collect();
        let mut consoles = String::new();
        for e in std::fs::read_dir(d.data_dir().join("sandboxes"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let text = std::fs::read_to_string(e.path().join("console.log")).unwrap_or_default();
            consoles.push_str(&format!("{}: {text}\n", e.file_name().to_string_lossy()));
        }
        panic!(
            "execute failed: {}\ndaemon log (last lines, newest first):\n{}\nconsoles:\n{consoles}",
            String::from_utf8_lossy(&out.stderr),
            tail.join("\n")
        );
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    format!(
        "{}{}",
        v["stdout"].as_str().unwrap(),
        v["stderr"].as_str().unwrap()
    )
}

/// The probe (tests/reliability_hygiene/probe.c), built static without libc.
fn probe_binary(dir: &Path) -> Vec<u8> {
    require_tool("gcc", "gcc");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reliability_hygiene/probe.c");
    let out = dir.join("probe");
    let status = std::process::Command::new("gcc")
        .args([
            "-static",
            "-nostdlib",
            "-no-pie",
            "-Os",
            "-s",
            "-ffreestanding",
        ])
        .args(["-fno-stack-protector", "-o"])
        .arg(&out)
        .arg(&src)
        .status()
        .expect("run gcc");
    assert!(status.success(), "gcc failed to build the probe");
    std::fs::read(out).unwrap()
}

/// "NAME RESULT" lines of the probe run inside a session.
fn probe_in_session(d: &Daemon) -> Vec<(String, i64)> {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(probe_binary(d.dir.path()));
    let out = execute(
        d,
        "prober",
        &format!("echo {encoded} | base64 -d > /tmp/probe && chmod +x /tmp/probe && /tmp/probe"),
    );
    out.lines()
        .filter_map(|l| {
            let (name, r) = l.split_once(' ')?;
            Some((name.to_string(), r.trim().parse().ok()?))
        })
        .collect()
}

/// What a Debian python3 needs, taken from this (Debian) host: the
/// interpreter, its shared libraries and most of the standard library.
fn python_layer() -> Vec<u8> {
    use common::oci_build::LayerTar;
    require_tool("python3.11", "python3.11");
    let mut files: Vec<PathBuf> = vec!["/usr/bin/python3.11".into()];
    let ldd = std::process::Command::new("ldd")
        .arg("/usr/bin/python3.11")
        .output()
        .expect("run ldd");
    for word in String::from_utf8_lossy(&ldd.stdout).split_whitespace() {
        if word.starts_with('/') {
            files.push(word.into());
        }
    }
    let skip = [
        "test",
        "idlelib",
        "tkinter",
        "lib2to3",
        "ensurepip",
        "site-packages",
        "dist-packages",
        "pydoc_data",
        "__pycache__",
        "turtledemo",
        "distutils",
    ];
    let mut stack = vec![PathBuf::from("/usr/lib/python3.11")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            let t = e.file_type().unwrap();
            if skip.contains(&name.as_str()) || name.starts_with("config-") {
                continue;
            }
            if t.is_dir() {
                stack.push(e.path());
            } else if t.is_file() {
                files.push(e.path());
            }
        }
    }
    let mut dirs = std::collections::BTreeSet::new();
    for f in &files {
        let mut p = f.parent();
        while let Some(d) = p.filter(|d| *d != Path::new("/")) {
            dirs.insert(d.to_path_buf());
            p = d.parent();
        }
    }
    let mut layer = LayerTar::default().dir("tmp").dir("srv");
    for d in &dirs {
        layer = layer.dir(d.to_str().unwrap().trim_start_matches('/'));
    }
    for f in &files {
        let real = std::fs::canonicalize(f).unwrap();
        let mode = std::fs::metadata(&real).unwrap().mode() & 0o777;
        layer = layer.file(
            f.to_str().unwrap().trim_start_matches('/'),
            mode,
            &std::fs::read(&real).unwrap(),
        );
    }
    // A subprocess, a thread, then a threaded HTTP server (a thread per request).
    let script = b"import subprocess, threading, http.server\n\
subprocess.run(['/usr/bin/python3.11', '-c', 'pass'], check=True)\n\
t = threading.Thread(target=lambda: None); t.start(); t.join()\n\
http.server.ThreadingHTTPServer(('0.0.0.0', 8080), http.server.SimpleHTTPRequestHandler).serve_forever()\n";
    layer.file("srv/serve.py", 0o644, script).finish()
}

/// Debian's python3 starts a subprocess and threads and serves HTTP under
/// the seccomp profile (glibc's clone3 falls back to clone).
fn python_serves(d: &Daemon) {
    let mut layout = common::oci_build::OciLayout::new(&d.dir.path().join("python-oci"));
    let desc = layout.image(
        common::oci_build::host_arch(),
        "PATH=/usr/bin:/bin",
        &[python_layer()],
    );
    let image = layout.tag("py", desc);
    d.cli()
        .args(["create", "-n", "py", "-g", "rg", "--environment", "test"])
        .arg("--image")
        .arg(format!("oci:{}:{}", image.layout.display(), image.tag))
        .args(["--target-port", "8080", "--ready-sessions", "1"])
        .args(["--network-status", "EgressDisabled"])
        .args([
            "--command",
            "/usr/bin/python3.11",
            "/srv/serve.py",
            "-o",
            "none",
        ])
        .timeout(Duration::from_secs(90))
        .assert()
        .success();
    let h = common::pools::executor(d, "py");
    for id in ["py-a", "py-a", "py-b"] {
        let a = h.get(&common::pools::url("py", "", id));
        assert_eq!(a.status, 200, "python3 did not serve {id}: {}", a.text());
        assert!(
            a.text().contains("serve.py") || a.text().contains("srv"),
            "{}",
            a.text()
        );
    }
}

fn mode_owner(p: &Path) -> (u32, u32, u32) {
    let m = std::fs::metadata(p).unwrap();
    (m.mode() & 0o7777, m.uid(), m.gid())
}

/// Sessions start, denied calls fail, the data dir's parent keeps its mode
/// and owner, the state files are 0600 and the secret is not in state.db.
fn hygiene_under(runtime: &str) {
    if runtime != "embedded" {
        require_tool(runtime, runtime);
    }
    let d = Daemon::start_under(Registry::start(), Some(0o711), &["--runtime", runtime]);
    let parent_before = mode_owner(&d.data_parent);
    let root_before = mode_owner(d.dir.path());
    create_pool(&d);

    let results = probe_in_session(&d);
    let get = |name: &str| {
        results
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name} missing from the probe's output {results:?}"))
            .1
    };
    assert!(
        get("unshare_user") < 0,
        "unshare(CLONE_NEWUSER) worked: {results:?}"
    );
    assert!(
        get("clone_newuser") < 0,
        "clone(CLONE_NEWUSER) worked: {results:?}"
    );
    // EPERM from the filter, or ENOSYS; EFAULT would mean the kernel ran it.
    assert!(
        [-libc::EPERM as i64, -libc::ENOSYS as i64].contains(&get("io_uring_setup")),
        "io_uring_setup reached the kernel: {results:?}"
    );
    assert!(get("userfaultfd") < 0, "userfaultfd worked: {results:?}");
    assert_eq!(get("clone_plain"), 0, "a plain fork must work: {results:?}");
    // Real software keeps working: busybox forks, pipes and execs.
    assert_eq!(
        execute(&d, "prober", "echo a | tr a b && ls / | grep -c etc"),
        "b\n1\n"
    );

    assert_eq!(
        mode_owner(&d.data_parent),
        parent_before,
        "the parent changed"
    );
    assert_eq!(
        mode_owner(d.dir.path()),
        root_before,
        "the grandparent changed"
    );
    let data = d.data_dir();
    for f in [
        "state.db",
        "state.db-wal",
        "state.db-shm",
        "admin.token",
        "secrets.key",
    ] {
        let p = data.join(f);
        if f.ends_with("-shm") || f.ends_with("-wal") {
            // Present while the daemon runs in WAL mode.
            assert!(p.exists(), "{f} missing");
        }
        assert_eq!(mode_owner(&p).0, 0o600, "{f} is not 0600");
    }
    for f in ["state.db", "state.db-wal"] {
        let bytes = std::fs::read(data.join(f)).unwrap();
        assert!(
            !bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
            "the secret value is in {f} in plaintext"
        );
    }
    python_serves(&d);
    // The secret still reaches the session (sealed at rest, opened for use).
    assert_eq!(execute(&d, "reader", "echo $TOKEN"), format!("{SECRET}\n"));
}

#[test]
fn hygiene_and_seccomp_embedded() {
    hygiene_under("embedded");
}

#[test]
fn hygiene_and_seccomp_runc() {
    hygiene_under("runc");
}

#[test]
fn hygiene_and_seccomp_runsc() {
    hygiene_under("runsc");
}

/// A data dir under a 0700 parent: embedded and runc sandboxes' mapped root
/// cannot reach it, so the daemon refuses to start naming the parent and the
/// fix, and changes neither its mode nor its owner.
#[test]
fn closed_parent_is_named_and_left_untouched() {
    let dir = common::daemon::traversable_tempdir();
    let parent: PathBuf = dir.path().join("closed");
    std::fs::create_dir(&parent).unwrap();
    std::fs::set_permissions(&parent, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    let before = mode_owner(&parent);
    for runtime in ["embedded", "runc"] {
        let out = assert_cmd::Command::new(BIN)
            .args(["daemon", "--runtime", runtime, "--data-dir"])
            .arg(parent.join("data"))
            .arg("--socket")
            .arg(dir.path().join("sessionpool.sock"))
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        assert!(!out.status.success(), "{runtime}: the daemon started");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&parent.display().to_string()) && stderr.contains("chmod o+x"),
            "{runtime}: the error names neither the directory nor the fix: {stderr}"
        );
        assert_eq!(mode_owner(&parent), before, "{runtime}: the parent changed");
    }
}

/// runsc gives sandboxes no user namespace: under a 0700 parent its
/// sessions start, and the parent stays as it was.
#[test]
fn closed_parent_works_with_runsc_untouched() {
    require_tool("runsc", "runsc");
    let d = Daemon::start_under(Registry::start(), Some(0o700), &["--runtime", "runsc"]);
    let before = mode_owner(&d.data_parent);
    create_pool(&d);
    assert_eq!(execute(&d, "first", "echo hi"), "hi\n");
    assert_eq!(mode_owner(&d.data_parent), before);
    assert_eq!(before.0, 0o700);
}
