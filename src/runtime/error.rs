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
    #[error("run a blocking runtime task: {0}")]
    Join(String),
}

impl RuntimeError {
    pub(crate) fn io(id: &str, step: &'static str) -> impl FnOnce(std::io::Error) -> Self {
        let id = id.to_string();
        move |source| RuntimeError::Io { id, step, source }
    }
}
