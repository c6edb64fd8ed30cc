//! The `sessionpool` command line: clap definitions, settings, one file per command.

/// Entry point of the binary; returns the process exit code.
pub fn main() -> i32 {
    0
}
