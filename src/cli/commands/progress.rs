//! What a long-running operation shows on a terminal: a spinner with the
//! status, which turns into a byte bar (done/total, rate, time left) while the
//! daemon pulls the pool's image. Hidden entirely unless both stdout and stderr
//! are terminals, so scripts and pipes never see control sequences.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::api::OperationStatus;

const SPINNER: &str = "{spinner} {msg}";
const BYTES: &str =
    "{spinner} {msg} [{bar:30}] {bytes}/{total_bytes} ({binary_bytes_per_sec}, {eta} left)";

pub struct OperationProgress {
    bar: ProgressBar,
    what: String,
    showing_bytes: bool,
}

impl OperationProgress {
    /// For `what` ("create my-pool"); drawn on stderr when it can be seen.
    pub fn new(what: &str) -> OperationProgress {
        let on_terminal = std::io::stdout().is_terminal() && std::io::stderr().is_terminal();
        OperationProgress::with_visibility(what, on_terminal)
    }

    fn with_visibility(what: &str, visible: bool) -> OperationProgress {
        let bar = if visible {
            let bar = ProgressBar::new_spinner();
            bar.enable_steady_tick(Duration::from_millis(100));
            bar
        } else {
            ProgressBar::hidden()
        };
        bar.set_message(format!("{what}: Running"));
        OperationProgress {
            bar,
            what: what.to_owned(),
            showing_bytes: false,
        }
    }

    /// Shows one polled status: bytes while an image is being pulled, the
    /// status word otherwise.
    pub fn update(&mut self, status: &OperationStatus) {
        let pull = pull_bytes(status).filter(|_| status.status == "InProgress");
        let Some((done, total)) = pull else {
            if self.showing_bytes {
                self.bar.set_style(style(SPINNER));
                self.showing_bytes = false;
            }
            self.bar
                .set_message(format!("{}: {}", self.what, status.status));
            return;
        };
        if !self.showing_bytes {
            self.bar.set_style(style(BYTES));
            self.showing_bytes = true;
        }
        self.bar.set_length(total);
        self.bar.set_position(done);
        let stage = if done < total {
            "pulling image"
        } else {
            "image pulled, starting sessions"
        };
        self.bar.set_message(format!("{}: {stage}", self.what));
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

/// (bytesDone, bytesTotal) from the daemon's operation properties, when the
/// image has something to download.
fn pull_bytes(status: &OperationStatus) -> Option<(u64, u64)> {
    let p = status.properties.as_ref()?;
    let (done, total) = (p["bytesDone"].as_u64()?, p["bytesTotal"].as_u64()?);
    (total > 0).then_some((done.min(total), total))
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .expect("the templates are valid")
        .progress_chars("=> ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(state: &str, properties: Option<serde_json::Value>) -> OperationStatus {
        OperationStatus {
            id: "op".into(),
            name: "op".into(),
            status: state.into(),
            start_time: None,
            end_time: None,
            error: None,
            percent_complete: None,
            properties,
        }
    }

    #[test]
    fn pull_properties_drive_a_byte_bar() {
        // A hidden bar still tracks what it would show.
        let mut progress = OperationProgress::with_visibility("create p", false);
        progress.update(&status("InProgress", None));
        assert!(!progress.showing_bytes);
        assert_eq!(progress.bar.message(), "create p: InProgress");

        let pulling = serde_json::json!({"layersTotal": 3, "layersDone": 1,
            "bytesTotal": 3_000_000u64, "bytesDone": 1_250_000u64});
        progress.update(&status("InProgress", Some(pulling)));
        assert!(progress.showing_bytes);
        assert_eq!(progress.bar.length(), Some(3_000_000));
        assert_eq!(progress.bar.position(), 1_250_000);
        assert_eq!(progress.bar.message(), "create p: pulling image");

        let pulled = serde_json::json!({"bytesTotal": 10u64, "bytesDone": 10u64});
        progress.update(&status("InProgress", Some(pulled.clone())));
        assert_eq!(
            progress.bar.message(),
            "create p: image pulled, starting sessions"
        );
        progress.update(&status("Succeeded", Some(pulled)));
        assert!(!progress.showing_bytes);
        assert_eq!(progress.bar.message(), "create p: Succeeded");
        progress.finish();
    }
}
