//! The one error of this module: a rule broken by a named field.

/// A rejected value: `target` is the ARM property path (the CLI maps it to its flag).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{target}: {message}")]
pub struct ValidationError {
    pub target: String,
    pub message: String,
}

impl ValidationError {
    pub fn new(target: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            target: target.into(),
            message: message.into(),
        }
    }
}
