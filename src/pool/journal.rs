//! The live-session journal: which identifier has a session on which
//! sandbox, kept in the store so that after a restart the identifiers whose
//! sessions the restart ended are known. Written by one thread in order, off
//! the allocation path (which only sends).

use crate::store::Store;
use std::sync::Arc;
use std::sync::mpsc;

enum Entry {
    Opened {
        pool: String,
        identifier: String,
        sandbox: String,
    },
    Closed {
        pool: String,
        identifier: String,
        sandbox: String,
    },
    PoolGone(String),
}

#[derive(Clone)]
pub struct Journal(mpsc::Sender<Entry>);

impl Journal {
    /// The writer thread ends when the last `Journal` clone is dropped.
    pub fn start(store: Arc<Store>) -> Self {
        let (tx, rx) = mpsc::channel::<Entry>();
        let spawned = std::thread::Builder::new()
            .name("session-journal".into())
            .spawn(move || {
                for entry in rx {
                    let result = match &entry {
                        Entry::Opened {
                            pool,
                            identifier,
                            sandbox,
                        } => store.put_live_session(pool, identifier, sandbox),
                        Entry::Closed {
                            pool,
                            identifier,
                            sandbox,
                        } => store.delete_live_session(pool, identifier, sandbox),
                        Entry::PoolGone(pool) => store.delete_pool_live_sessions(pool),
                    };
                    if let Err(e) = result {
                        tracing::warn!(error = %e, "failed to record a live session");
                    }
                }
            });
        if let Err(e) = spawned {
            // Without the thread the receiver is gone and sends fail quietly:
            // sessions still work, only restart reporting is lost.
            tracing::error!(error = %e, "failed to start the session journal");
        }
        Self(tx)
    }

    pub fn opened(&self, pool: &str, identifier: &str, sandbox: &str) {
        let _ = self.0.send(Entry::Opened {
            pool: pool.into(),
            identifier: identifier.into(),
            sandbox: sandbox.into(),
        });
    }

    pub fn closed(&self, pool: &str, identifier: &str, sandbox: &str) {
        let _ = self.0.send(Entry::Closed {
            pool: pool.into(),
            identifier: identifier.into(),
            sandbox: sandbox.into(),
        });
    }

    pub fn pool_gone(&self, pool: &str) {
        let _ = self.0.send(Entry::PoolGone(pool.into()));
    }
}
