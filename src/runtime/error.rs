//! The runtime module's error type. Messages read after "failed to".

use std::path::PathBuf;

/// Everything that can go wrong while making, inspecting or removing a sandbox.
#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    #[error("find the OCI runtime `{0}`: not an executable on PATH nor an existing path")]
    RuntimeNotFound(String),
    #[error("accept sandbox id `{0}`: use 1-64 characters of [a-z0-9-]")]
    InvalidId(String),
    #[error("resolve the sandbox user `{0}`: {1}")]
    User(String, String),
    #[error("prepare sandbox `{id}` ({step}): {source}")]
    Io {
        id: String,
        step: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("build the OCI config of sandbox `{id}`: {message}")]
    Config { id: String, message: String },
    #[error("start sandbox `{id}` with {runtime}: {message}")]
    Start {
        id: String,
        runtime: String,
        message: String,
    },
    #[error(
        "start sandbox `{id}`: its process exited at once with {status}; last output: {output}"
    )]
    ExitedAtOnce {
        id: String,
        status: String,
        output: String,
    },
    #[error("destroy sandbox `{id}`: {message}")]
    Destroy { id: String, message: String },
    #[error("read the state of sandbox `{id}`: {message}")]
    State { id: String, message: String },
    #[error("read logs at {path}: {source}")]
    Logs {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "let sandboxes reach {}: it is mode {mode:04o}, owner {uid}:{gid}, and the user-namespace \
         root of embedded and runc sandboxes (host uid/gid 1000000000) cannot traverse it. The \
         daemon changes nothing outside its data dir: allow traversal with `chmod o+x {}` (or \
         `chgrp 1000000000 {} && chmod g+x {}`), choose a --data-dir whose parents all have o+x, \
         or use --runtime runsc",
        dir.display(), dir.display(), dir.display(), dir.display()
    )]
    Unreachable {
        dir: PathBuf,
        mode: u32,
        uid: u32,
        gid: u32,
    },
    #[error("run a blocking runtime task: {0}")]
    Join(String),
}

impl RuntimeError {
    /// `Err(Unreachable)` when the mapped root cannot traverse to `dir`.
    pub fn check_reachable(dir: &std::path::Path) -> Result<(), RuntimeError> {
        let closed = crate::runtime::idmap::first_closed_ancestor(dir).map_err(|source| {
            RuntimeError::Io {
                id: String::new(),
                step: "inspect the sandboxes dir's parents",
                source,
            }
        })?;
        match closed {
            None => Ok(()),
            Some(c) => Err(RuntimeError::Unreachable {
                dir: c.dir,
                mode: c.mode,
                uid: c.uid,
                gid: c.gid,
            }),
        }
    }

    pub(crate) fn io(id: &str, step: &'static str) -> impl FnOnce(std::io::Error) -> Self {
        let id = id.to_string();
        move |source| RuntimeError::Io { id, step, source }
    }
}
