//! A session: one identifier bound to one sandbox, with the activity that
//! keeps it from idling out.

use crate::runtime::Sandbox;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Instant, SystemTime};

#[derive(Debug)]
pub struct Session {
    pub identifier: String,
    pub sandbox: Sandbox,
    pub port: u16,
    pub created_at: SystemTime,
    /// Whether a ready sandbox was handed over (no container start on the request path).
    pub warm: bool,
    started: Instant,
    /// Milliseconds since `started` of the last request's start or end.
    last_access_ms: AtomicU64,
    /// Requests in flight and forwarded connections (upgrades) open.
    active: AtomicUsize,
}

impl Session {
    pub fn new(identifier: String, sandbox: Sandbox, port: u16, warm: bool) -> Self {
        Self {
            identifier,
            sandbox,
            port,
            created_at: SystemTime::now(),
            warm,
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
