//! Session ownership: which node serves an identifier, decided in etcd.
//!
//! A new identifier is claimed with one transaction: its session key and one
//! free slot of the pool are created together, only if neither exists, both
//! bound to the owning node's lease. So an identifier has at most one owner
//! at any instant, and a pool never has more sessions cluster-wide than
//! slots (`maxConcurrentSessions`). The claim goes when the session ends
//! (released by value, so an old release never removes a newer claim), or
//! with the owner's lease.

use super::{Cluster, ClusterError, keys};
use crate::pool::PoolRuntime;
use etcd_client::{Compare, CompareOp, GetOptions, PutOptions, Txn, TxnOp, TxnOpResponse};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Where a request for an identifier goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// This node serves it.
    Local,
    /// Another node does: forward there.
    Peer { node: String, url: String },
}

#[derive(Debug, Serialize, Deserialize)]
struct Owner {
    node: String,
    /// The owner's lease, hex.
    lease: String,
    slot: usize,
}

enum Claim {
    /// The transaction created the keys for `node`.
    Made { node: String, value: Vec<u8> },
    /// Someone holds it already.
    Held { node: String, value: Vec<u8> },
}

/// Attempts at a free slot before giving up (another node kept taking the
/// slot this one picked).
const CLAIM_ATTEMPTS: usize = 8;

fn cache_key(pool: &str, identifier: &str) -> String {
    format!("{pool}\0{identifier}")
}

impl Cluster {
    /// Where `identifier`'s request goes; claims it when new. `forwarded`:
    /// the request came from another node, which found no owner or this one.
    pub async fn route(
        &self,
        pool: &PoolRuntime,
        identifier: &str,
        forwarded: bool,
    ) -> Result<Route, ClusterError> {
        if !self.serving() {
            return Err(ClusterError::Fenced);
        }
        if pool.session(identifier).is_some() {
            return Ok(Route::Local);
        }
        let key = cache_key(&pool.label, identifier);
        if !forwarded {
            let cached = self
                .owners
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(&key)
                .cloned();
            if let Some(node) = cached
                && let Some(url) = self.node_url(&node)
            {
                return Ok(Route::Peer { node, url });
            }
        }
        // A node without a ready sandbox hands a new identifier to one that
        // has one (the owner's lease then binds the claim).
        let target = if forwarded || pool.counts().ready > 0 {
            None
        } else {
            self.peer_with_ready(&pool.label)
        };
        let claim = self
            .claim(&pool.label, identifier, pool.max_sessions(), target)
            .await?;
        let (node, value) = match claim {
            Claim::Made { node, value } | Claim::Held { node, value } => (node, value),
        };
        if node == self.node {
            self.claims
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(key, value);
            return Ok(Route::Local);
        }
        if forwarded {
            return Err(ClusterError::Misdirected { node });
        }
        let url = self
            .node_url(&node)
            .ok_or_else(|| ClusterError::OwnerGone { node: node.clone() })?;
        self.owners
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, node.clone());
        Ok(Route::Peer { node, url })
    }

    /// Where a request for `identifier` of pool `label` goes when this node
    /// does not run the pool (its provisioning failed here, or has not
    /// finished): its owner, else a node that runs the pool (one with a
    /// ready sandbox first), claimed for that node. None: no other node runs
    /// the pool either.
    pub async fn route_elsewhere(
        &self,
        label: &str,
        identifier: &str,
        max: usize,
    ) -> Result<Option<(String, String)>, ClusterError> {
        if !self.serving() {
            return Err(ClusterError::Fenced);
        }
        if let Some(owner) = self.owner_of(label, identifier).await? {
            return Ok(Some(owner));
        }
        let target = self.peer_with_ready(label).or_else(|| {
            let nodes = self.nodes.read().unwrap_or_else(|p| p.into_inner());
            nodes
                .values()
                .filter(|n| n.name != self.node && n.pool(label).is_some())
                .find_map(|n| Some((n.name.clone(), n.lease_id()?)))
        });
        let Some(target) = target else {
            return Ok(None);
        };
        let node = match self.claim(label, identifier, max, Some(target)).await? {
            Claim::Made { node, .. } | Claim::Held { node, .. } => node,
        };
        if node == self.node {
            // A claim this node made before its pool stopped running here.
            return Ok(None);
        }
        Ok(self.node_url(&node).map(|url| (node, url)))
    }

    /// The node (name, URL) that owns `identifier`'s session, if another
    /// live node does.
    pub async fn owner_of(
        &self,
        pool: &str,
        identifier: &str,
    ) -> Result<Option<(String, String)>, ClusterError> {
        let key = keys::session(pool, identifier);
        let resp = self
            .retried(|mut kv| {
                let key = key.clone();
                async move { kv.get(key, None).await }
            })
            .await?;
        let Some(kv) = resp.kvs().first() else {
            return Ok(None);
        };
        let owner: Owner =
            serde_json::from_slice(kv.value()).map_err(|source| ClusterError::Decode {
                what: "a session owner",
                source,
            })?;
        if owner.node == self.node {
            return Ok(None);
        }
        Ok(self.node_url(&owner.node).map(|url| (owner.node, url)))
    }

    /// The other node sent back "not mine": forget where we thought it was.
    pub fn forget_owner(&self, pool: &str, identifier: &str) {
        self.owners
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&cache_key(pool, identifier));
    }

    /// A live node (not this one) with a ready sandbox of `pool`, and its lease.
    fn peer_with_ready(&self, pool: &str) -> Option<(String, i64)> {
        let nodes = self.nodes.read().unwrap_or_else(|p| p.into_inner());
        nodes
            .values()
            .filter(|n| n.name != self.node)
            .filter_map(|n| Some((n, n.pool(pool)?.ready, n.lease_id()?)))
            .filter(|(_, ready, _)| *ready > 0)
            .max_by_key(|(_, ready, _)| *ready)
            .map(|(n, _, lease)| (n.name.clone(), lease))
    }

    async fn claim(
        &self,
        pool: &str,
        identifier: &str,
        max: usize,
        target: Option<(String, i64)>,
    ) -> Result<Claim, ClusterError> {
        let (node, lease) = target.unwrap_or_else(|| (self.node.clone(), self.lease.id()));
        let session_key = keys::session(pool, identifier);
        let mut slot = rand::random_range(0..max.max(1));
        for _ in 0..CLAIM_ATTEMPTS {
            let value = serde_json::to_vec(&Owner {
                node: node.clone(),
                lease: format!("{lease:x}"),
                slot,
            })
            .expect("plain data always serializes");
            let slot_key = keys::slot(pool, slot);
            let put = Some(PutOptions::new().with_lease(lease));
            let txn = Txn::new()
                .when([
                    Compare::create_revision(session_key.clone(), CompareOp::Equal, 0),
                    Compare::create_revision(slot_key.clone(), CompareOp::Equal, 0),
                ])
                .and_then([
                    TxnOp::put(session_key.clone(), value.clone(), put.clone()),
                    TxnOp::put(slot_key, identifier, put),
                ])
                .or_else([TxnOp::get(session_key.clone(), None)]);
            let sent = std::time::Instant::now();
            let resp = self
                .retried(|mut kv| {
                    let txn = txn.clone();
                    async move { kv.txn(txn).await }
                })
                .await?;
            self.claim_seconds.observe(sent.elapsed());
            if resp.succeeded() {
                self.claims_made
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                return Ok(Claim::Made { node, value });
            }
            let held = resp.op_responses().into_iter().find_map(|r| match r {
                TxnOpResponse::Get(g) => g.kvs().first().map(|kv| kv.value().to_vec()),
                _ => None,
            });
            if let Some(value) = held {
                let owner: Owner =
                    serde_json::from_slice(&value).map_err(|source| ClusterError::Decode {
                        what: "a session owner",
                        source,
                    })?;
                return Ok(Claim::Held {
                    node: owner.node,
                    value,
                });
            }
            // The slot was taken: pick a free one, if any is left.
            slot = self
                .free_slot(pool, max)
                .await?
                .ok_or(ClusterError::Capacity { max })?;
        }
        Err(ClusterError::Contended)
    }

    /// A random slot of `pool` below `max` that no session holds.
    async fn free_slot(&self, pool: &str, max: usize) -> Result<Option<usize>, ClusterError> {
        let prefix = keys::slots_of(pool);
        let resp = self
            .retried(|mut kv| {
                let prefix = prefix.clone();
                async move {
                    kv.get(
                        prefix,
                        Some(GetOptions::new().with_prefix().with_keys_only()),
                    )
                    .await
                }
            })
            .await?;
        let mut taken = vec![false; max];
        for kv in resp.kvs() {
            if let Some(k) = kv
                .key_str()
                .ok()
                .and_then(|k| k.strip_prefix(prefix.as_str()))
                .and_then(|k| k.parse::<usize>().ok())
                && k < max
            {
                taken[k] = true;
            }
        }
        let free: Vec<usize> = (0..max).filter(|k| !taken[*k]).collect();
        Ok((!free.is_empty()).then(|| free[rand::random_range(0..free.len())]))
    }

    /// The session of `identifier` ended here: drop this node's claim (in
    /// the background; if etcd is unreachable the lease takes it later).
    pub fn release(self: &Arc<Self>, pool: &str, identifier: &str) {
        let key = cache_key(pool, identifier);
        let Some(value) = self
            .claims
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&key)
        else {
            return;
        };
        let Ok(owner) = serde_json::from_slice::<Owner>(&value) else {
            return;
        };
        let (session_key, slot_key) = (
            keys::session(pool, identifier),
            keys::slot(pool, owner.slot),
        );
        let this = self.clone();
        tokio::spawn(async move {
            let txn = Txn::new()
                .when([Compare::value(session_key.clone(), CompareOp::Equal, value)])
                .and_then([
                    TxnOp::delete(session_key, None),
                    TxnOp::delete(slot_key, None),
                ]);
            let sent = this.retried(|mut kv| {
                let txn = txn.clone();
                async move { kv.txn(txn).await }
            });
            if let Err(e) = sent.await {
                tracing::warn!(error = %e, "could not release a session claim; it goes with the lease");
            }
        });
    }

    /// Forget every claim (the lease that bound them is gone).
    pub(super) fn drop_claims(&self) {
        self.claims
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
        self.owners
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}
