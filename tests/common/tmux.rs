//! A real terminal for tests: a tmux session named `top`, its screen read
//! with capture-pane.

use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server of its own (socket in a temp dir), killed when dropped.
pub struct Tmux {
    socket: std::path::PathBuf,
}

impl Tmux {
    pub fn new(dir: &std::path::Path) -> Self {
        Tmux {
            socket: dir.join("tmux.sock"),
        }
    }

    pub fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux is needed for this test (apt install tmux)")
    }

    /// What pane `top` shows now.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "top"]).stdout).into_owned()
    }

    /// The screen once `done` holds (at most 30 s).
    pub fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "the screen never showed {what}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}
