//! Code interpreter pools (PythonLTS, NodeLTS, Shell): an ordinary sandbox made from a base
//! image that has the language, plus the interpreter server sessionpool
//! supplies, bound read-only into it. The server is a script the image's own
//! interpreter runs (standard library only), so it works on glibc and musl
//! images and on any architecture, and needs nothing installed in the image.

use crate::spec::ContainerType;
use sha2::{Digest, Sha256};
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The port the interpreter server listens on inside the sandbox's own
/// network namespace (only the daemon reaches it).
pub const PORT: u16 = 6070;
/// Where the server's directory appears inside the sandbox (read-only).
pub const MOUNT: &str = "/opt/sessionpool-interpreter";
/// The session's files: uploads land here, code runs with it as its cwd.
pub const FILES_DIR: &str = "/mnt/data";

const SERVER_FILES: [(&str, &str); 3] = [
    (
        "python_server.py",
        include_str!("interpreters/python_server.py"),
    ),
    (
        "sessionpool_mpl.py",
        include_str!("interpreters/sessionpool_mpl.py"),
    ),
    (
        "node_server.js",
        include_str!("interpreters/node_server.js"),
    ),
];

/// The daemon's interpreter settings: base images and the server's files.
#[derive(Debug, Clone)]
pub struct InterpreterSettings {
    /// Base images; none by default (the daemon never reaches for an image
    /// off the machine on its own): a type without one cannot be provisioned.
    pub python_image: Option<String>,
    pub node_image: Option<String>,
    /// Defaults to the Python image (it has python3; bash is checked at start).
    pub shell_image: Option<String>,
    /// Host directory holding the server's files, bound at `MOUNT`.
    pub dir: PathBuf,
    /// Identifies the server's version: part of every interpreter template's key.
    pub version: String,
}

impl InterpreterSettings {
    /// Writes the server's files under `data_dir/interpreters/<version>/`
    /// (content-addressed, so running sandboxes never see their files change).
    pub fn install(data_dir: &Path, images: [Option<String>; 3]) -> io::Result<Self> {
        let [python_image, node_image, shell_image] = images;
        let shell_image = shell_image.or_else(|| python_image.clone());
        let mut hash = Sha256::new();
        for (name, text) in SERVER_FILES {
            hash.update(name.as_bytes());
            hash.update([0]);
            hash.update(text.as_bytes());
        }
        let version = hex::encode(hash.finalize())[..16].to_string();
        let root = data_dir.join("interpreters");
        std::fs::create_dir_all(&root)?;
        // Readable by the sandboxes' (possibly user-namespaced) root.
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755))?;
        let dir = root.join(&version);
        if !dir.is_dir() {
            let tmp = root.join(format!(".{version}.{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&tmp);
            std::fs::create_dir(&tmp)?;
            for (name, text) in SERVER_FILES {
                let path = tmp.join(name);
                std::fs::write(&path, text)?;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444))?;
            }
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o555))?;
            std::fs::rename(&tmp, &dir)?;
        }
        Ok(Self {
            python_image,
            node_image,
            shell_image,
            dir,
            version,
        })
    }

    /// The base image of a container type's sessions.
    pub fn image(&self, t: ContainerType) -> Option<&str> {
        match t {
            ContainerType::PythonLTS => self.python_image.as_deref(),
            ContainerType::NodeLTS => self.node_image.as_deref(),
            ContainerType::Shell => self.shell_image.as_deref(),
            ContainerType::CustomContainer => None,
        }
    }

    /// The command that starts the server of a container type.
    pub fn command(&self, t: ContainerType) -> Option<Vec<String>> {
        match t {
            ContainerType::PythonLTS => Some(vec![
                "python3".into(),
                "-B".into(),
                format!("{MOUNT}/python_server.py"),
            ]),
            ContainerType::NodeLTS => Some(vec!["node".into(), format!("{MOUNT}/node_server.js")]),
            ContainerType::Shell => Some(vec![
                "python3".into(),
                "-B".into(),
                format!("{MOUNT}/python_server.py"),
                "--shell".into(),
            ]),
            ContainerType::CustomContainer => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_writes_read_only_files_once() {
        let dir = tempfile::tempdir().unwrap();
        let a = InterpreterSettings::install(
            dir.path(),
            [Some("img".into()), Some("node".into()), Some("sh".into())],
        )
        .unwrap();
        let server = a.dir.join("python_server.py");
        assert!(
            std::fs::read_to_string(&server)
                .unwrap()
                .contains("def kernel")
        );
        let mode = std::fs::metadata(&server).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o444);
        let b = InterpreterSettings::install(
            dir.path(),
            [Some("img".into()), Some("node".into()), Some("sh".into())],
        )
        .unwrap();
        assert_eq!(a.dir, b.dir, "the same files land in the same directory");
        assert_eq!(a.image(ContainerType::PythonLTS), Some("img"));
        assert_eq!(a.image(ContainerType::NodeLTS), Some("node"));
        assert_eq!(a.image(ContainerType::CustomContainer), None);
    }
}
