//! This node's lease: its id and until when the node may serve sessions.
//!
//! The node renews its lease every tick. It counts its right to serve from
//! the moment it *sent* the last renewal that etcd acknowledged: etcd's
//! expiry is at least TTL after it received that renewal, so the node's own
//! deadline (TTL minus a margin, from the send) always comes first. Past it
//! the node answers no session request and ends its sessions: by then
//! another node may own their identifiers.

use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

pub struct Lease {
    id: AtomicI64,
    valid_until: Mutex<Option<Instant>>,
    ttl: Duration,
}

impl Lease {
    pub fn new(ttl: Duration) -> Self {
        Self {
            id: AtomicI64::new(0),
            valid_until: Mutex::new(None),
            ttl,
        }
    }

    pub fn id(&self) -> i64 {
        self.id.load(Ordering::SeqCst)
    }

    /// A new lease, granted when the request went out at `sent`.
    pub fn granted(&self, id: i64, sent: Instant) {
        self.id.store(id, Ordering::SeqCst);
        self.renewed(sent, self.ttl);
    }

    /// etcd acknowledged a renewal sent at `sent`, giving `ttl`.
    pub fn renewed(&self, sent: Instant, ttl: Duration) {
        let until = sent + ttl.saturating_sub(margin(ttl));
        *self.valid_until.lock().unwrap_or_else(|p| p.into_inner()) = Some(until);
    }

    /// The lease is gone (expired or revoked): serve nothing until a new one.
    pub fn lost(&self) {
        *self.valid_until.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Whether this node may serve sessions now.
    pub fn serving(&self) -> bool {
        self.valid_until
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some_and(|t| Instant::now() < t)
    }

    /// Time left to serve, for the status.
    pub fn remaining(&self) -> Duration {
        self.valid_until
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .map_or(Duration::ZERO, |t| {
                t.saturating_duration_since(Instant::now())
            })
    }
}

/// A quarter of the TTL: room for a request in flight when the deadline comes.
fn margin(ttl: Duration) -> Duration {
    ttl / 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serving_ends_before_etcd_would_expire_the_lease() {
        let lease = Lease::new(Duration::from_secs(4));
        assert!(!lease.serving(), "no lease yet");
        let sent = Instant::now();
        lease.granted(7, sent);
        assert_eq!(lease.id(), 7);
        assert!(lease.serving());
        assert!(lease.remaining() <= Duration::from_secs(3));
        // A renewal sent long ago has already run out.
        lease.renewed(sent - Duration::from_secs(3), Duration::from_secs(4));
        assert!(!lease.serving());
        lease.renewed(Instant::now(), Duration::from_secs(4));
        assert!(lease.serving());
        lease.lost();
        assert!(!lease.serving());
    }
}
