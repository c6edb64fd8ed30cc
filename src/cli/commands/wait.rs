//! Waiting for a long-running operation: a spinner on a TTY, silence otherwise.

use crate::cli::error::OperationFailed;
use crate::client::Client;
use anyhow::Result;
use std::io::IsTerminal;

pub async fn wait(client: &Client, operation: &str, what: &str) -> Result<()> {
    let spinner = std::io::stderr().is_terminal().then(|| {
        let s = indicatif::ProgressBar::new_spinner();
        s.set_message(format!("{what}: Running"));
        s.enable_steady_tick(std::time::Duration::from_millis(100));
        s
    });
    let status = client
        .wait(operation, |s| {
            if let Some(sp) = &spinner {
                sp.set_message(match &s.properties {
                    Some(p) if s.status == "InProgress" => format!(
                        "{what}: pulling image: {}/{} layers, {:.1}/{:.1} MB",
                        p["layersDone"],
                        p["layersTotal"],
                        p["bytesDone"].as_f64().unwrap_or(0.0) / 1e6,
                        p["bytesTotal"].as_f64().unwrap_or(0.0) / 1e6
                    ),
                    _ => format!("{what}: {}", s.status),
                });
            }
        })
        .await;
    if let Some(sp) = spinner {
        sp.finish_and_clear();
    }
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
