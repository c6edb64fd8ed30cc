//! Test helpers for a real local registry and the real example session image.
//!
//! - `Registry`: Debian's `docker-registry` on a free loopback port in a temp
//!   dir, started through `examples/registry.sh`, optionally with htpasswd
//!   auth, killed by PID when dropped.
//! - `session_image()`: the image from `examples/build-image.sh` as an OCI
//!   layout (built once per test process), and `push` to copy it into a registry.
//!
//! A missing tool fails the test with the package to install: these tests
//! never skip.

// Shared between test binaries, which each use a subset.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Repository root (where Cargo.toml is).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Panics with an install hint when `tool` is not on PATH.
pub fn require_tool(tool: &str, package: &str) {
    let found = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()));
    assert!(
        found,
        "this test needs `{tool}`: install it with `apt-get install {package}`"
    );
}

/// A port nothing listens on right now (bind to 0, read it, close).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind a loopback port")
        .port()
}

/// Runs a command, panicking with its output if it fails; returns stdout.
pub fn run(command: &mut Command) -> String {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("could not run {command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A running registry; dropping it kills exactly its PID.
pub struct Registry {
    dir: tempfile::TempDir,
    /// `127.0.0.1:PORT`, the registry host to use in references.
    pub host: String,
    pub credentials: Option<(String, String)>,
    pid: i32,
}

impl Registry {
    pub fn start() -> Registry {
        Registry::start_inner(None)
    }

    pub fn start_with_auth(user: &str, password: &str) -> Registry {
        Registry::start_inner(Some((user.to_owned(), password.to_owned())))
    }

    fn start_inner(credentials: Option<(String, String)>) -> Registry {
        require_tool("docker-registry", "docker-registry");
        require_tool("curl", "curl");
        if credentials.is_some() {
            require_tool("htpasswd", "apache2-utils");
        }
        let dir = tempfile::Builder::new()
            .prefix("image-registry-")
            .tempdir()
            .unwrap();
        let port = free_port();
        let mut command = Command::new(repo_root().join("examples/registry.sh"));
        command.arg("start").arg(dir.path()).arg(port.to_string());
        if let Some((user, password)) = &credentials {
            command.arg(user).arg(password);
        }
        run(&mut command);
        let pid = std::fs::read_to_string(dir.path().join("registry.pid"))
            .expect("registry.sh writes registry.pid")
            .trim()
            .parse()
            .expect("registry.pid holds a pid");
        Registry {
            dir,
            host: format!("127.0.0.1:{port}"),
            credentials,
            pid,
        }
    }

    /// Freeze the registry (SIGSTOP): connections open, nothing answered.
    pub fn pause(&self) {
        // SAFETY: signals exactly the registry process this helper started.
        assert_eq!(unsafe { libc::kill(self.pid, libc::SIGSTOP) }, 0);
    }

    /// Undo `pause` (SIGCONT).
    pub fn resume(&self) {
        // SAFETY: as in `pause`.
        assert_eq!(unsafe { libc::kill(self.pid, libc::SIGCONT) }, 0);
    }

    /// The registry process's PID (to pause it with SIGSTOP, say).
    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// The registry's storage root (`docker/registry/v2/...` below it).
    pub fn storage(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Path of a blob in the registry's storage.
    pub fn blob_path(&self, digest: &str) -> PathBuf {
        let hex = digest.strip_prefix("sha256:").expect("sha256 digest");
        self.storage()
            .join("docker/registry/v2/blobs/sha256")
            .join(&hex[..2])
            .join(hex)
            .join("data")
    }

    /// Copies an OCI layout image into `repository:tag` here with skopeo.
    pub fn push(&self, image: &OciImage, repository: &str, tag: &str) {
        self.push_with(image, repository, tag, &[]);
    }

    /// `push` with more `skopeo copy` options (`--format v2s2`, `--all`, ...).
    pub fn push_with(&self, image: &OciImage, repository: &str, tag: &str, options: &[&str]) {
        require_tool("skopeo", "skopeo");
        let mut command = Command::new("skopeo");
        command
            .args([
                "--insecure-policy",
                "copy",
                "--quiet",
                "--dest-tls-verify=false",
            ])
            .args(options)
            .arg(image.reference())
            .arg(format!("docker://{}/{repository}:{tag}", self.host));
        if let Some((user, password)) = &self.credentials {
            command
                .arg("--dest-creds")
                .arg(format!("{user}:{password}"));
        }
        run(&mut command);
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        // SAFETY: plain kill(2) of the PID this registry wrote; no memory involved.
        unsafe {
            libc::kill(self.pid, libc::SIGTERM);
            // A paused registry (a test that failed mid-pause) only dies once continued.
            libc::kill(self.pid, libc::SIGCONT);
        }
    }
}

/// An image in a local OCI layout.
#[derive(Debug, Clone)]
pub struct OciImage {
    pub layout: PathBuf,
    pub tag: String,
}

impl OciImage {
    /// `oci:PATH:TAG`, for skopeo and for `ImageStore::pull`.
    pub fn reference(&self) -> String {
        format!("oci:{}:{}", self.layout.display(), self.tag)
    }

    /// The manifest's layer digests, read from the layout.
    pub fn layer_digests(&self) -> Vec<String> {
        let manifest = self.manifest();
        manifest["layers"]
            .as_array()
            .expect("manifest has layers")
            .iter()
            .map(|l| l["digest"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The manifest digest of the tag, from index.json.
    pub fn manifest_digest(&self) -> String {
        let index: serde_json::Value =
            serde_json::from_slice(&std::fs::read(self.layout.join("index.json")).unwrap())
                .unwrap();
        index["manifests"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["annotations"]["org.opencontainers.image.ref.name"] == self.tag.as_str())
            .map(|m| m["digest"].as_str().unwrap().to_owned())
            .expect("tag is in index.json")
    }

    fn manifest(&self) -> serde_json::Value {
        let digest = self.manifest_digest();
        let path = self
            .layout
            .join("blobs/sha256")
            .join(&digest["sha256:".len()..]);
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    /// A copy of this image, in a new layout at `dir`, tagged `new_tag`, with one
    /// more env var: a different config, hence a different manifest digest,
    /// sharing the same layers. (A copy, so concurrent tests reading the shared
    /// layout never see umoci rewrite its index.)
    pub fn variant(&self, dir: &Path, new_tag: &str, env: &str) -> OciImage {
        require_tool("umoci", "umoci");
        let layout = dir.join("oci");
        run(Command::new("cp").arg("-a").arg(&self.layout).arg(&layout));
        run(Command::new("umoci")
            .arg("config")
            .arg("--image")
            .arg(format!("{}:{}", layout.display(), self.tag))
            .arg("--tag")
            .arg(new_tag)
            .arg("--config.env")
            .arg(env));
        OciImage {
            layout,
            tag: new_tag.to_owned(),
        }
    }
}

/// The example session image (static session server + busybox), built once per
/// test process with `examples/build-image.sh --no-push`.
pub fn session_image() -> &'static OciImage {
    static IMAGE: OnceLock<OciImage> = OnceLock::new();
    IMAGE.get_or_init(|| {
        for (tool, package) in [("umoci", "umoci"), ("file", "file"), ("cargo", "cargo")] {
            require_tool(tool, package);
        }
        assert!(
            Path::new("/bin/busybox").is_file(),
            "this test needs /bin/busybox: apt-get install busybox-static"
        );
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("session-image");
        let stdout = run(Command::new(repo_root().join("examples/build-image.sh"))
            .arg("--no-push")
            .arg("--out")
            .arg(&out)
            .arg("127.0.0.1:5000/session-server:1.0"));
        let reference = stdout
            .lines()
            .last()
            .expect("build-image.sh prints the layout");
        let (layout, tag) = reference
            .strip_prefix("oci:")
            .and_then(|r| r.rsplit_once(':'))
            .expect("last line is oci:PATH:TAG");
        OciImage {
            layout: PathBuf::from(layout),
            tag: tag.to_owned(),
        }
    })
}

/// The static example session server, built for `session_image()`: to put
/// into other test images.
pub fn session_server_binary() -> PathBuf {
    session_image();
    repo_root().join("target/session-server/x86_64-unknown-linux-gnu/release/session-server")
}
