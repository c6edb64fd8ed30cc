//! Code interpreter (PythonLTS) pools end to end: a base image built from
//! Debian's python3, numpy and matplotlib (cached under target/test-images),
//! sessionpool's interpreter server bound into real sandboxes, and the real
//! clients: LangChain's `SessionsPythonREPLTool` from PyPI (venv cached under
//! target/) and the `sessionpool code` / `files` commands.
//! Needs mmdebstrap, umoci, docker-registry, python3-venv and PyPI.

mod common;

use common::daemon::Daemon;
use common::debian_image::{DebianRecipe, debian_images_customized};
use common::http::Http;
use common::oci_pack::ImageConfig;
use common::pools::*;
use common::registry::{OciImage, Registry};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

const LANGCHAIN: &str = "langchain-azure-dynamic-sessions==1.0.4";
const SEMANTIC_KERNEL: &str = "semantic-kernel==1.45.0";

/// What python3-matplotlib's dependencies drag in that plotting to PNG never
/// uses (fonttools → scipy, sympy, pythran and a C/C++ toolchain).
const PURGE: &str = "dpkg --purge --force-depends python3-scipy python3-sympy python3-mpmath \
     python3-pythran python3-gast python3-beniget python3-ply libboost1.74-dev libboost-dev \
     libopenblas-dev libopenblas-pthread-dev libxsimd-dev python3-all-dev libpython3-all-dev \
     python3-dev libpython3-dev python3.11-dev libpython3.11-dev g++ g++-12 gcc gcc-12 cpp \
     cpp-12 libgcc-12-dev libstdc++-12-dev libc6-dev linux-libc-dev libc-dev-bin binutils \
     binutils-common binutils-x86-64-linux-gnu libbinutils python3-tk tk8.6-blt2.5 blt";
/// The first plot of a session must not build matplotlib's font cache.
const FONT_CACHE: &str = "HOME=/root MPLBACKEND=Agg python3 -c \"import matplotlib.pyplot\"";

/// A python base image as a user's `FROM debian:bookworm` + `apt-get install
/// python3 python3-numpy python3-matplotlib` would make it.
fn python_image() -> &'static OciImage {
    static IMAGE: OnceLock<OciImage> = OnceLock::new();
    IMAGE.get_or_init(|| {
        let recipe = DebianRecipe {
            packages: vec![
                "python3".into(),
                "python3-numpy".into(),
                "python3-matplotlib".into(),
            ],
            files: Vec::new(),
            passwd: Vec::new(),
            group: Vec::new(),
            images: vec![ImageConfig::new("python", &["--config.cmd=python3"])],
        };
        debian_images_customized(&recipe, &[PURGE, FONT_CACHE])
            .into_iter()
            .next()
            .unwrap()
    })
}

/// A daemon whose PythonLTS sessions use the Debian image from its registry.
fn start() -> Daemon {
    start_with(&[])
}

fn start_with(extra: &[&str]) -> Daemon {
    let registry = Registry::start();
    let image = format!("{}/python-interpreter:1", registry.host);
    registry.push(python_image(), "python-interpreter", "1");
    let mut args = vec!["--python-image", &image, "--shell-image", &image];
    args.extend(extra);
    Daemon::start_with_registry(registry, &args)
}

/// `sessionpool create` without --container-type (az's default: PythonLTS).
fn create_interpreter_pool(d: &Daemon, name: &str, ready: u32) {
    d.cli()
        .args(["create", "-n", name, "-g", RG])
        .args([
            "--location",
            "local",
            "--ready-sessions",
            &ready.to_string(),
        ])
        .args(["--max-sessions", "5", "-o", "none"])
        .assert()
        .success();
    wait_ready(d, name, ready as i64);
}

fn endpoint_of(d: &Daemon, pool: &str) -> String {
    show(d, pool)["properties"]["poolManagementEndpoint"]
        .as_str()
        .expect("the pool has an endpoint")
        .to_string()
}

fn token_of(h: &Http) -> String {
    h.token.clone().unwrap()
}

/// A venv under target/ with `package` from PyPI (kept between runs).
fn venv(name: &str, package: &str) -> PathBuf {
    common::pyvenv::venv(name, &[package]).join("python")
}

/// Runs `tests/code_interpreter/{script}` with `args`; its JSON output.
fn run_client(
    d: &Daemon,
    python: &Path,
    script: &str,
    args: &[&str],
    env: &[(&str, &Path)],
) -> Value {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/code_interpreter")
        .join(script);
    let out = Command::new(python)
        .arg(&script)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} failed:\n{}\n{}\n{}",
        script.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        d.log()
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// POST `code/execute` (2024-02-02-preview, as LangChain sends it).
fn execute(h: &Http, pool: &str, id: &str, code: &str) -> Value {
    let body = json!({"properties": {"codeInputType": "inline", "executionType": "synchronous", "code": code}});
    let a = h.post(
        &format!(
            "{}&api-version=2024-02-02-preview",
            url(pool, "code/execute", id)
        ),
        body.to_string().as_bytes(),
    );
    assert_eq!(a.status, 200, "code/execute in {id}: {}", a.text());
    a.json()["properties"].clone()
}

/// The Python clients from PyPI, unchanged, against one daemon over HTTPS
/// (Semantic Kernel accepts only an https endpoint).
#[test]
fn python_clients_from_pypi_run_code_and_move_files() {
    let langchain = venv("langchain-sessions-venv", LANGCHAIN);
    let semantic_kernel = venv("semantic-kernel-venv", SEMANTIC_KERNEL);
    let tls = tempfile::tempdir().unwrap();
    let (cert, key) = common::tls::self_signed(tls.path());
    let d = start_with(&[
        "--tls-cert",
        cert.to_str().unwrap(),
        "--tls-key",
        key.to_str().unwrap(),
    ]);
    create_interpreter_pool(&d, "py", 1);
    // Shell sessions need bash and python3: the same Debian image has both.
    d.cli()
        .args(["create", "-n", "sh", "-g", RG, "--container-type", "Shell"])
        .args(["--ready-sessions", "1", "--max-sessions", "3", "-o", "none"])
        .assert()
        .success();
    let pool = show(&d, "py");
    assert_eq!(pool["properties"]["containerType"], "PythonLTS");
    assert!(
        pool["properties"].get("customContainerTemplate").is_none(),
        "an interpreter pool shows no custom container: {pool}"
    );
    let h = executor(&d, "py");
    let endpoint = endpoint_of(&d, "py");
    assert!(endpoint.starts_with("https://"), "{endpoint}");
    let token = token_of(&h);
    let r = run_client(
        &d,
        &langchain,
        "langchain_client.py",
        &[&endpoint, &token, "langchain-user-1"],
        &[("REQUESTS_CA_BUNDLE", &cert)],
    );
    assert_eq!(r["first"]["stdout"], "x is set\n", "{r}");
    assert_eq!(r["first"]["status"], "Success", "{r}");
    assert_eq!(r["second"]["result"], 42, "state kept between calls: {r}");
    assert_eq!(r["run"]["stdout"], "43\n", "{r}");
    assert_eq!(r["uploaded"]["filename"], "input.txt", "{r}");
    assert_eq!(r["uploaded"]["size"], 20, "{r}");
    assert_eq!(r["uploaded"]["full_path"], "/mnt/data/input.txt", "{r}");
    assert_eq!(
        r["listed"],
        json!([{"filename": "input.txt", "size": 20}]),
        "{r}"
    );
    assert_eq!(r["read_back"]["result"], "hello from the host\n", "{r}");
    assert_eq!(r["downloaded"], "a,b\n1,2\n", "{r}");
    let plot = &r["plot"]["result"];
    assert_eq!(
        plot["type"], "image",
        "plt.show() returns an image: {}",
        r["plot"]
    );
    assert_eq!(plot["format"], "png");
    use base64::Engine;
    let png = base64::engine::general_purpose::STANDARD
        .decode(plot["base64_data"].as_str().unwrap())
        .unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert_eq!(r["error"]["status"], "Failure", "{r}");
    let stderr = r["error"]["stderr"].as_str().unwrap();
    assert!(
        stderr.contains("Traceback") && stderr.contains("ZeroDivisionError"),
        "the traceback is in stderr: {stderr}"
    );

    // Semantic Kernel: its auth callback returns the executor token.
    let cert_arg = cert.to_str().unwrap();
    let r = run_client(
        &d,
        &semantic_kernel,
        "semantic_kernel_client.py",
        &[&endpoint, &token, cert_arg, "sk-user-1"],
        &[],
    );
    assert!(
        r["second"]
            .as_str()
            .unwrap()
            .starts_with("Status:\nSuccess\nResult:\n6\n"),
        "numpy state kept between calls: {r}"
    );
    assert_eq!(
        r["uploaded"],
        json!({"filename": "sk-input.txt", "size": 21}),
        "{r}"
    );
    assert_eq!(
        r["listed"],
        json!(["sk-input.txt"]),
        "its own session's files only: {r}"
    );
    assert_eq!(r["downloaded"], "from semantic kernel\n", "{r}");

    // LangChain's SessionsBashTool against the Shell pool.
    wait_ready(&d, "sh", 1);
    let h = executor(&d, "sh");
    let r = run_client(
        &d,
        &langchain,
        "langchain_bash_client.py",
        &[&endpoint_of(&d, "sh"), &token_of(&h), "bash-user-1"],
        &[("REQUESTS_CA_BUNDLE", &cert)],
    );
    assert_eq!(r["first"]["exitCode"], 0, "{r}");
    assert_eq!(
        r["second"]["stdout"], "hello\n/mnt/data/work\n",
        "the directory and exported variables carry over: {r}"
    );
    assert_eq!(r["second"]["exitCode"], 3, "{r}");
    assert_eq!(
        r["uploaded"],
        json!({"filename": "up.txt", "size": 3}),
        "{r}"
    );
    assert_eq!(r["listed"], json!(["up.txt", "work"]), "{r}");
    assert_eq!(r["downloaded"], "hello\n", "{r}");
}

/// One daemon (the image is pulled and unpacked once: it is the slow part)
/// for everything but the LangChain test, one pool per part.
#[test]
fn interpreter_pools_through_the_cli_and_the_data_plane() {
    let d = start();
    the_cli_creates_interpreter_pools_as_az_does_and_moves_files(&d);
    a_warm_pool_hands_out_a_ready_kernel(&d);
    a_timeout_interrupts_and_the_session_stays_usable(&d);
    identifiers_are_isolated_output_is_bounded_and_paths_stay_in_mnt_data(&d);
}

fn a_timeout_interrupts_and_the_session_stays_usable(d: &Daemon) {
    create_interpreter_pool(d, "timeouts", 1);
    let run = |args: &[&str]| -> Value {
        let out = d
            .cli()
            .args([
                "code",
                "execute",
                "-n",
                "timeouts",
                "-g",
                RG,
                "--identifier",
                "timeout-user",
            ])
            .args(args)
            .timeout(Duration::from_secs(60))
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    };
    let set = run(&["--code", "kept = 'still here'"]);
    assert_eq!(set["properties"]["status"], "Success", "{set}");
    let spin = run(&["--code", "while True: pass", "--timeout-in-seconds", "2"]);
    assert_eq!(spin["properties"]["status"], "Failure", "{spin}");
    let stderr = spin["properties"]["stderr"].as_str().unwrap();
    assert!(stderr.contains("timed out after 2"), "{stderr}");
    let after = run(&["--code", "kept"]);
    assert_eq!(
        after["properties"]["result"], "still here",
        "interrupted, not restarted: {after}"
    );
    // Code that ignores SIGINT gets its kernel replaced; the session still answers.
    let stubborn = run(&[
        "--code",
        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True: pass",
        "--timeout-in-seconds",
        "1",
    ]);
    let stderr = stubborn["properties"]["stderr"].as_str().unwrap();
    assert!(stderr.contains("state is lost"), "{stderr}");
    let fresh = run(&["--code", "6 * 7"]);
    assert_eq!(fresh["properties"]["result"], 42, "{fresh}");
}

fn identifiers_are_isolated_output_is_bounded_and_paths_stay_in_mnt_data(d: &Daemon) {
    create_interpreter_pool(d, "py", 2);
    let h = executor(d, "py");
    execute(
        &h,
        "py",
        "tenant-a",
        "secret = 'a-only'\nopen('/mnt/data/a.txt', 'w').write('a')",
    );
    let b = execute(&h, "py", "tenant-b", "secret");
    assert!(b["stderr"].as_str().unwrap().contains("NameError"), "{b}");
    let b = execute(&h, "py", "tenant-b", "import os\nos.listdir('/mnt/data')");
    assert_eq!(b["result"], "[]", "{b}");
    let listed = h.get(&format!(
        "{}&api-version=2024-02-02-preview",
        url("py", "files", "tenant-b")
    ));
    assert_eq!(listed.status, 200);
    assert_eq!(
        listed.json()["value"],
        json!([]),
        "tenant-b sees no files of tenant-a"
    );

    let big = execute(&h, "py", "tenant-a", "print('x' * 10_000_000)");
    let stdout = big["stdout"].as_str().unwrap();
    assert!(
        stdout.len() < 2_000_000,
        "10 MB of output is cut: {} bytes",
        stdout.len()
    );
    assert!(stdout.contains("[output truncated"), "and says so");
    let after = execute(&h, "py", "tenant-a", "secret");
    assert_eq!(after["result"], "a-only", "{after}");

    // The newer api-versions' shapes, in the same session.
    let newer = |path: &str| {
        format!(
            "{}&api-version=2025-02-02-preview",
            url("py", path, "tenant-a")
        )
    };
    let body = json!({"codeInputType": "Inline", "executionType": "Synchronous",
                      "code": "print('hi')\nsecret", "timeoutInSeconds": 10});
    let a = h.post(&newer("executions"), body.to_string().as_bytes());
    assert_eq!(a.status, 200, "{}", a.text());
    let v = a.json();
    assert_eq!(v["status"], "Succeeded", "{v}");
    assert_eq!(v["identifier"], "tenant-a", "{v}");
    assert_eq!(v["result"]["executionResult"], "a-only", "{v}");
    assert_eq!(v["result"]["stdout"], "hi\n", "{v}");
    let listed = h.get(&newer("files"));
    assert_eq!(listed.status, 200, "{}", listed.text());
    let entry = &listed.json()["value"][0];
    assert_eq!(
        (&entry["name"], &entry["sizeInBytes"]),
        (&json!("a.txt"), &json!(1)),
        "{entry}"
    );
    let a = h.get(&newer("files/a.txt/content"));
    assert_eq!((a.status, a.text()), (200, "a".to_string()));
    let bad = json!({"codeInputType": "Inline", "executionType": "Synchronous", "code": "1", "timeoutInSeconds": 221});
    let a = h.post(&newer("executions"), bad.to_string().as_bytes());
    assert_eq!(a.status, 400, "{}", a.text());
    assert!(
        a.text().contains("timeoutInSeconds"),
        "the error names the field: {}",
        a.text()
    );

    for name in ["..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "sub/../../x"] {
        let a = h.get(&format!(
            "{}&api-version=2024-02-02-preview",
            url("py", &format!("files/content/{name}"), "tenant-a")
        ));
        assert_eq!(a.status, 400, "{name}: {}", a.text());
    }
    // A symlink the session's own code made does not lead out either.
    execute(
        &h,
        "py",
        "tenant-a",
        "import os\nos.symlink('/etc/passwd', '/mnt/data/link')",
    );
    let a = h.get(&format!(
        "{}&api-version=2024-02-02-preview",
        url("py", "files/content/link", "tenant-a")
    ));
    assert_eq!(a.status, 400, "{}", a.text());
}

fn the_cli_creates_interpreter_pools_as_az_does_and_moves_files(d: &Daemon) {
    d.cli()
        .args([
            "create",
            "-n",
            "bad",
            "-g",
            RG,
            "--container-type",
            "PythonLTS",
        ])
        .args(["--image", "x/y:1", "-o", "none"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "argument --image: applies only to --container-type CustomContainer",
        ));
    create_interpreter_pool(d, "files", 1);
    // Updates take the interpreter pool's flags and refuse a container's.
    d.cli()
        .args([
            "update",
            "-n",
            "files",
            "-g",
            RG,
            "--ready-sessions",
            "2",
            "-o",
            "none",
        ])
        .assert()
        .success();
    wait_ready(d, "files", 2);
    d.cli()
        .args(["update", "-n", "files", "-g", RG, "--target-port", "80"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "argument --target-port: applies only",
        ));
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("numbers.txt");
    std::fs::write(&local, "1 2 3\n").unwrap();
    let files = |args: &[&str]| {
        d.cli()
            .args(["files"])
            .args(args)
            .args(["-n", "files", "-g", RG, "--identifier", "cli-user"])
            .timeout(Duration::from_secs(60))
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let up: Value =
        serde_json::from_slice(&files(&["upload", "--filepath", local.to_str().unwrap()])).unwrap();
    assert_eq!(
        up["value"][0]["properties"]["filename"], "numbers.txt",
        "{up}"
    );
    let listed: Value = serde_json::from_slice(&files(&["list"])).unwrap();
    assert_eq!(listed["value"][0]["properties"]["size"], 6, "{listed}");
    assert_eq!(
        files(&["download", "--filename", "numbers.txt"]),
        b"1 2 3\n"
    );
    files(&["delete", "--filename", "numbers.txt"]);
    let listed: Value = serde_json::from_slice(&files(&["list"])).unwrap();
    assert_eq!(listed["value"], json!([]), "{listed}");
}

fn a_warm_pool_hands_out_a_ready_kernel(d: &Daemon) {
    create_interpreter_pool(d, "warm", 1);
    let h = executor(d, "warm");
    let warm = "sessionpool_allocation_seconds_count{kind=\"warm\"}";
    let before = metric(d, warm);
    std::thread::sleep(Duration::from_secs(3));
    let sent = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    // When the kernel process started (boot time + its start in clock ticks).
    let code = "import os\n\
        ticks = int(open('/proc/self/stat').read().rsplit(')', 1)[1].split()[19])\n\
        boot = [int(l.split()[1]) for l in open('/proc/stat') if l.startswith('btime')][0]\n\
        boot + ticks / os.sysconf('SC_CLK_TCK')";
    let r = execute(&h, "warm", "warm-user", code);
    assert_eq!(
        metric(d, warm),
        before + 1.0,
        "the first call took a ready session"
    );
    let started = r["result"].as_f64().unwrap_or_else(|| panic!("{r}"));
    // btime is whole seconds (rounded down), so allow for it.
    assert!(
        started < sent - 1.5,
        "the kernel started {:.1}s before the first request: it must have been ready before",
        sent - started
    );
}

/// A node base image as `FROM debian:bookworm` + `apt-get install nodejs`.
fn node_image() -> &'static OciImage {
    static IMAGE: OnceLock<OciImage> = OnceLock::new();
    IMAGE.get_or_init(|| {
        let recipe = DebianRecipe {
            packages: vec!["nodejs".into()],
            files: Vec::new(),
            passwd: Vec::new(),
            group: Vec::new(),
            images: vec![ImageConfig::new("node", &["--config.cmd=node"])],
        };
        debian_images_customized(&recipe, &[])
            .into_iter()
            .next()
            .unwrap()
    })
}

#[test]
fn node_lts_sessions_keep_state_files_and_survive_timeouts() {
    let registry = Registry::start();
    let image = format!("{}/node-interpreter:1", registry.host);
    registry.push(node_image(), "node-interpreter", "1");
    let d = Daemon::start_with_registry(registry, &["--node-image", &image]);
    d.cli()
        .args([
            "create",
            "-n",
            "js",
            "-g",
            RG,
            "--container-type",
            "NodeLTS",
        ])
        .args(["--ready-sessions", "1", "--max-sessions", "3", "-o", "none"])
        .assert()
        .success();
    wait_ready(&d, "js", 1);
    assert_eq!(show(&d, "js")["properties"]["containerType"], "NodeLTS");
    let h = executor(&d, "js");
    let first = execute(
        &h,
        "js",
        "node-user",
        "let x = 40\nconsole.log('set', { x })",
    );
    assert_eq!(first["stdout"], "set { x: 40 }\n", "{first}");
    let second = execute(&h, "js", "node-user", "x + 2");
    assert_eq!(second["result"], 42, "state kept between calls: {second}");
    let failed = execute(&h, "js", "node-user", "null.y");
    assert_eq!(failed["status"], "Failure", "{failed}");
    assert!(
        failed["stderr"].as_str().unwrap().contains("TypeError"),
        "{failed}"
    );

    let body = json!({"properties": {"codeInputType": "inline", "executionType": "synchronous",
                      "code": "while (true) {}", "timeoutInSeconds": 1}});
    let a = h.post(
        &format!(
            "{}&api-version=2024-02-02-preview",
            url("js", "code/execute", "node-user")
        ),
        body.to_string().as_bytes(),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let spun = a.json()["properties"].clone();
    assert!(
        spun["stderr"]
            .as_str()
            .unwrap()
            .contains("timed out after 1"),
        "{spun}"
    );
    let after = execute(&h, "js", "node-user", "x");
    assert_eq!(after["result"], 40, "interrupted, not restarted: {after}");

    let up = d
        .cli()
        .args([
            "files",
            "upload",
            "-n",
            "js",
            "-g",
            RG,
            "--identifier",
            "node-user",
        ])
        .args(["--filepath", "Cargo.toml", "--filename", "copy.toml"])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&up.get_output().stdout).contains("copy.toml"));
    let read = execute(
        &h,
        "js",
        "node-user",
        "require('fs').readFileSync('/mnt/data/copy.toml', 'utf8').split('\\n')[0]",
    );
    assert_eq!(read["result"], "[package]", "{read}");
}

/// The daemon never reaches for a public image on its own: without
/// --python-image a PythonLTS pool fails to provision, and says which flag
/// is missing.
#[test]
fn without_a_base_image_the_pool_fails_naming_the_flag() {
    let d = Daemon::start();
    let out = d
        .cli()
        .args(["create", "-n", "py", "-g", RG, "--location", "local"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("--python-image"), "{stderr}");
    let shown = show(&d, "py");
    assert_eq!(shown["properties"]["containerType"], "PythonLTS");
    assert_eq!(
        shown["properties"]["provisioningState"], "Failed",
        "{shown}"
    );
    assert!(
        !d.log().contains("pulling image"),
        "the daemon tried to pull an image it was never given"
    );
}
