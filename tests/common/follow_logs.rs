//! `sessionpool logs --follow` in the background, its lines read on a thread,
//! and bounded waits for a line: what a user watching a pool's logs sees.

use super::daemon::{BIN, Daemon};
use super::pools::RG;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// `sessionpool logs --follow` running in the background, its lines in a channel.
pub struct Follow {
    child: Child,
    lines: Receiver<String>,
    /// Every line read so far.
    pub seen: Vec<String>,
}

impl Follow {
    pub fn start(d: &Daemon, pool: &str, extra: &[&str]) -> Follow {
        let mut child = std::process::Command::new(BIN)
            .args(["logs", "-n", pool, "-g", RG, "--follow"])
            .args(extra)
            .env(
                "SESSIONPOOL_ENDPOINT",
                format!("unix://{}", d.socket().display()),
            )
            .env("SESSIONPOOL_CONFIG_DIR", d.dir.path().join("config"))
            .env_remove("SESSIONPOOL_TOKEN")
            .env_remove("SESSIONPOOL_ENVIRONMENT")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start sessionpool logs --follow");
        let out = BufReader::new(child.stdout.take().unwrap());
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        Follow {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits up to `timeout` for a line matching `want`; panics with all lines seen.
    pub fn expect(&mut self, what: &str, timeout: Duration, want: impl Fn(&str) -> bool) {
        if self.seen.iter().any(|l| want(l)) {
            return;
        }
        let deadline = Instant::now() + timeout;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let hit = want(&line);
                    self.seen.push(line);
                    if hit {
                        return;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "`logs --follow` never showed {what} within {timeout:?}; it showed:\n{}",
            self.seen.join("\n")
        );
    }
}

impl Drop for Follow {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
