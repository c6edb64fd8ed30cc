//! Waiting for a long-running operation: progress on a terminal (see
//! `progress`), silence otherwise.

use super::progress::OperationProgress;
use crate::cli::error::OperationFailed;
use crate::client::Client;
use anyhow::Result;

pub async fn wait(client: &Client, operation: &str, what: &str) -> Result<()> {
    let mut progress = OperationProgress::new(what);
    let status = client.wait(operation, |s| progress.update(s)).await;
    progress.finish();
    let status = status?;
    match status.status.as_str() {
        "Succeeded" => Ok(()),
        other => {
            let detail = status
                .error
                .map(|e| format!("({}) {}", e.code, e.message))
                .unwrap_or_default();
            Err(OperationFailed(format!("{what} {}: {detail}", other.to_lowercase())).into())
        }
    }
}
