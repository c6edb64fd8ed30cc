//! Exit codes (0 ok, 1 failure, 2 usage/validation, 3 not found, 4 auth) and
//! az-style error lines.

use crate::client::ClientError;
use crate::spec::ValidationError;
use reqwest::StatusCode;

/// A usage error raised by the CLI itself (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

pub fn usage(message: impl Into<String>) -> anyhow::Error {
    UsageError(message.into()).into()
}

/// A failed long-running operation (exit code 1), already described.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct OperationFailed(pub String);

pub fn exit_code(err: &anyhow::Error) -> i32 {
    if err.downcast_ref::<UsageError>().is_some() || err.downcast_ref::<ValidationError>().is_some()
    {
        return 2;
    }
    if err.downcast_ref::<NotFound>().is_some() {
        return 3;
    }
    if let Some(e) = err.downcast_ref::<ClientError>() {
        return match e {
            ClientError::BadEndpoint(_) => 2,
            _ => match e.status() {
                Some(StatusCode::BAD_REQUEST) | Some(StatusCode::UNPROCESSABLE_ENTITY) => 2,
                Some(StatusCode::NOT_FOUND) => 3,
                Some(StatusCode::UNAUTHORIZED) | Some(StatusCode::FORBIDDEN) => 4,
                _ => 1,
            },
        };
    }
    if let Some(e) = err.downcast_ref::<super::output::OutputError>() {
        return match e {
            super::output::OutputError::Query { .. } => 2,
            super::output::OutputError::Io(_) => 1,
        };
    }
    1
}

/// Something the user named does not exist (exit code 3).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NotFound(pub String);
