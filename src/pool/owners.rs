//! One owner per pool name: a write lock that serializes PUT, PATCH, DELETE
//! and the applying of a provisioning's result, and the generation of the
//! last accepted write, which cancels every older provisioning.

use super::manager::Key;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::{OwnedMutexGuard, watch};

/// The lifecycle owner of one pool name.
#[derive(Default)]
pub(super) struct Owner {
    pub write: Arc<tokio::sync::Mutex<()>>,
    pub generation: watch::Sender<u64>,
}

/// Every pool name's owner (kept after a delete: a name created again goes
/// on from the same generation, so a late provisioning of the old pool
/// still sees itself superseded).
#[derive(Default)]
pub(super) struct Owners(Mutex<HashMap<Key, Arc<Owner>>>);

impl Owners {
    pub async fn write_lock(&self, key: Key) -> WriteLock {
        let owner = self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(key)
            .or_default()
            .clone();
        let guard = owner.write.clone().lock_owned().await;
        WriteLock {
            owner,
            _guard: guard,
        }
    }
}

/// Held by a PUT, PATCH or DELETE from reading the stored pool until its
/// provisioning or deletion is started: writes to one pool are serialized.
pub struct WriteLock {
    owner: Arc<Owner>,
    _guard: OwnedMutexGuard<()>,
}

impl WriteLock {
    /// A new accepted write: every provisioning of an older one is cancelled.
    pub(super) fn accept(&self) -> (Arc<Owner>, u64) {
        let mut generation = 0;
        self.owner.generation.send_modify(|g| {
            *g += 1;
            generation = *g;
        });
        (self.owner.clone(), generation)
    }
}
