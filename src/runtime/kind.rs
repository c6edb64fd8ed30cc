//! Choosing a backend from `sessionpool daemon --runtime embedded|runc|crun|runsc|PATH`.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::runtime::bundle_runtime::BundleRuntime;
use crate::runtime::egress::Egress;
use crate::runtime::embedded::Embedded;
use crate::runtime::error::RuntimeError;
use crate::runtime::oci_cli::OciCli;
use crate::runtime::sandbox::SandboxRuntime;

/// A parsed `--runtime` value; external binaries are resolved at parse time,
/// so a missing one fails at daemon start, not at the first session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeKind {
    Embedded,
    /// An OCI runtime CLI at this resolved path.
    Cli(PathBuf),
}

impl RuntimeKind {
    pub fn parse(value: &str) -> Result<RuntimeKind, RuntimeError> {
        if value == "embedded" {
            return Ok(RuntimeKind::Embedded);
        }
        find_executable(value)
            .map(RuntimeKind::Cli)
            .ok_or_else(|| RuntimeError::RuntimeNotFound(value.to_string()))
    }

    /// Whether sandboxes run in a user namespace (embedded, runc, crun: the
    /// mapped root then needs to traverse to the bundles); gVisor does not.
    pub fn user_namespace(&self) -> bool {
        match self {
            RuntimeKind::Embedded => true,
            RuntimeKind::Cli(binary) => binary.file_name().is_none_or(|n| n != "runsc"),
        }
    }

    /// Build the backend keeping sandboxes under `state_dir`. `shim_exe`
    /// overrides the binary re-executed as the embedded shim (tests pass the
    /// built `sessionpool`); by default it is the current executable.
    pub fn build(
        &self,
        state_dir: PathBuf,
        shim_exe: Option<PathBuf>,
    ) -> Result<Arc<dyn SandboxRuntime>, RuntimeError> {
        self.build_with_egress(state_dir, shim_exe, None)
    }

    /// `build`, wiring EgressEnabled sandboxes to `egress` (None: such
    /// sandboxes fail to start with a message naming `--egress-uplink`).
    pub fn build_with_egress(
        &self,
        state_dir: PathBuf,
        shim_exe: Option<PathBuf>,
        egress: Option<Arc<Egress>>,
    ) -> Result<Arc<dyn SandboxRuntime>, RuntimeError> {
        Ok(match self {
            RuntimeKind::Embedded => {
                let exe = match shim_exe {
                    Some(p) => p,
                    None => std::env::current_exe()
                        .map_err(|_| RuntimeError::RuntimeNotFound("current executable".into()))?,
                };
                Arc::new(BundleRuntime::new(Embedded::new(exe), state_dir).with_egress(egress))
            }
            RuntimeKind::Cli(binary) => {
                let cli = if binary.file_name().is_some_and(|n| n == "runsc") {
                    OciCli::runsc(binary.clone())
                } else {
                    OciCli::new(binary.clone(), Vec::new())
                };
                Arc::new(BundleRuntime::new(cli, state_dir).with_egress(egress))
            }
        })
    }
}

fn is_executable(p: &Path) -> bool {
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// A path (containing `/`) as is, else the first match on PATH.
fn find_executable(name: &str) -> Option<PathBuf> {
    if name.is_empty() {
        return None;
    }
    if name.contains('/') {
        let p = PathBuf::from(name);
        return is_executable(&p).then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_embedded_paths_and_names() {
        assert_eq!(
            RuntimeKind::parse("embedded").unwrap(),
            RuntimeKind::Embedded
        );
        assert_eq!(
            RuntimeKind::parse("/bin/sh").unwrap(),
            RuntimeKind::Cli("/bin/sh".into())
        );
        assert!(
            matches!(RuntimeKind::parse("sh").unwrap(), RuntimeKind::Cli(p) if p.ends_with("sh"))
        );
    }

    #[test]
    fn missing_binary_is_named() {
        let err = RuntimeKind::parse("no-such-runtime-xyz").unwrap_err();
        assert!(matches!(err, RuntimeError::RuntimeNotFound(_)));
        assert!(err.to_string().contains("no-such-runtime-xyz"), "{err}");
        assert!(RuntimeKind::parse("/nonexistent/runc").is_err());
    }
}
