//! A session: one identifier bound to one sandbox, with the activity that
//! keeps it from idling out.

use super::pins::ImagePin;
use crate::runtime::Sandbox;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Instant, SystemTime};

/// A session that ended without being asked to (its process exited, it was
/// killed, its liveness probe failed): the next session of its identifier
/// tells the client so.
#[derive(Debug, Clone, PartialEq)]
pub struct Ended {
    /// Metric label: `process_exit`, `killed`, `liveness`, `daemon_restart`.
    pub kind: &'static str,
    /// For people: what happened, e.g. "its process exited with code 3".
    pub reason: String,
    pub time: SystemTime,
}

impl Ended {
    /// The end of a session whose container exited with `code` (128+N when
    /// killed by signal N, -1 when unknown).
    pub fn exited(code: i32) -> Self {
        let (kind, reason) = match code {
            137 => (
                "killed",
                "its process was killed (SIGKILL: out of memory, or killed from outside)"
                    .to_string(),
            ),
            c if c > 128 => (
                "killed",
                format!("its process was killed by signal {}", c - 128),
            ),
            -1 => ("process_exit", "its process exited".to_string()),
            c => ("process_exit", format!("its process exited with code {c}")),
        };
        Self {
            kind,
            reason,
            time: SystemTime::now(),
        }
    }

    pub fn restart() -> Self {
        Self {
            kind: "daemon_restart",
            reason: "the daemon restarted (sessions do not survive a restart)".into(),
            time: SystemTime::now(),
        }
    }

    pub fn liveness() -> Self {
        Self {
            kind: "liveness",
            reason: "its liveness probe failed".into(),
            time: SystemTime::now(),
        }
    }
}

#[derive(Debug)]
pub struct Session {
    pub identifier: String,
    pub sandbox: Sandbox,
    pub port: u16,
    pub created_at: SystemTime,
    /// Whether a ready sandbox was handed over (no container start on the request path).
    pub warm: bool,
    /// How the identifier's previous session ended, when it ended abnormally.
    pub previous_end: Option<Ended>,
    /// Keeps the sandbox's image from garbage collection.
    _image: ImagePin,
    started: Instant,
    /// Milliseconds since `started` of the last request's start or end.
    last_access_ms: AtomicU64,
    /// Requests in flight and forwarded connections (upgrades) open.
    active: AtomicUsize,
}

impl Session {
    pub fn new(
        identifier: String,
        sandbox: Sandbox,
        port: u16,
        warm: bool,
        image: ImagePin,
        previous_end: Option<Ended>,
    ) -> Self {
        Self {
            identifier,
            sandbox,
            port,
            created_at: SystemTime::now(),
            warm,
            previous_end,
            _image: image,
            started: Instant::now(),
            last_access_ms: AtomicU64::new(0),
            active: AtomicUsize::new(0),
        }
    }

    fn touch(&self) {
        self.last_access_ms
            .store(self.started.elapsed().as_millis() as u64, Ordering::Relaxed);
    }

    /// Mark a request (or tunnel) as running until the guard drops.
    pub fn activity(self: &Arc<Self>) -> ActivityGuard {
        self.active.fetch_add(1, Ordering::AcqRel);
        self.touch();
        ActivityGuard(self.clone())
    }

    /// How long nothing has been running, or None while something is.
    pub fn idle_for(&self) -> Option<std::time::Duration> {
        if self.active.load(Ordering::Acquire) > 0 {
            return None;
        }
        let last = std::time::Duration::from_millis(self.last_access_ms.load(Ordering::Relaxed));
        Some(self.started.elapsed().saturating_sub(last))
    }

    pub fn age(&self) -> std::time::Duration {
        self.started.elapsed()
    }

    pub fn last_accessed_at(&self) -> SystemTime {
        self.created_at
            + std::time::Duration::from_millis(self.last_access_ms.load(Ordering::Relaxed))
    }
}

/// Keeps a session busy while alive.
#[derive(Debug)]
pub struct ActivityGuard(Arc<Session>);

impl Drop for ActivityGuard {
    fn drop(&mut self) {
        self.0.touch();
        self.0.active.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::Ended;

    #[test]
    fn exit_codes_name_their_cause() {
        assert_eq!(Ended::exited(3).kind, "process_exit");
        assert!(Ended::exited(3).reason.contains("exited with code 3"));
        assert_eq!(Ended::exited(137).kind, "killed");
        assert!(Ended::exited(137).reason.contains("out of memory"));
        assert!(Ended::exited(143).reason.contains("signal 15"));
        assert_eq!(Ended::exited(-1).kind, "process_exit");
    }
}
