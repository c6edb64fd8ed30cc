//! Long-running operations in etcd: an operation started through one node
//! (a pool's create, update or delete) can be polled through any node, as
//! clients behind a load balancer do (`az` follows the Azure-AsyncOperation
//! URL to whichever node the balancer picks).
//!
//! Each operation's key has its own lease of `OPERATION_TTL`, so finished
//! operations leave etcd by themselves; the node that runs the operation
//! writes its end (status, end time, error) under that same lease.

use super::{Cluster, ClusterError, bounded, keys};
use crate::store::OperationRecord;
use etcd_client::PutOptions;
use std::sync::Arc;

/// How long an operation stays pollable through other nodes (seconds).
const OPERATION_TTL: i64 = 24 * 3600;

impl Cluster {
    /// Publish an operation this node just started, before its id reaches
    /// the client.
    pub async fn publish_operation(&self, op: &OperationRecord) -> Result<(), ClusterError> {
        let mut leases = self.client().lease_client();
        let lease = bounded(leases.grant(OPERATION_TTL, None)).await?.id();
        let value = serde_json::to_vec(op).expect("plain data always serializes");
        let key = keys::operation(&op.id);
        self.retried(|mut kv| {
            let (key, value) = (key.clone(), value.clone());
            async move {
                kv.put(key, value, Some(PutOptions::new().with_lease(lease)))
                    .await
            }
        })
        .await?;
        self.published_ops
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(op.id.clone());
        Ok(())
    }

    /// An operation published here has ended: write its end to etcd (in
    /// the background; a failure leaves other nodes reporting it running
    /// until its lease ends, which the log says).
    pub(super) fn operation_ended(self: &Arc<Self>, op: &OperationRecord) {
        let ours = self
            .published_ops
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&op.id);
        if !ours {
            return;
        }
        let value = serde_json::to_vec(op).expect("plain data always serializes");
        let key = keys::operation(&op.id);
        let (this, id) = (self.clone(), op.id.clone());
        tokio::spawn(async move {
            let sent = this.retried(|mut kv| {
                let (key, value) = (key.clone(), value.clone());
                async move {
                    kv.put(key, value, Some(PutOptions::new().with_ignore_lease()))
                        .await
                }
            });
            if let Err(e) = sent.await {
                tracing::warn!(operation = id, error = %e, "could not write an operation's end to the cluster");
            }
        });
    }

    /// An operation started through any node, as etcd holds it.
    pub async fn operation(&self, id: &str) -> Result<Option<OperationRecord>, ClusterError> {
        let key = keys::operation(id);
        let resp = self
            .retried(|mut kv| {
                let key = key.clone();
                async move { kv.get(key, None).await }
            })
            .await?;
        resp.kvs()
            .first()
            .map(|kv| {
                serde_json::from_slice(kv.value()).map_err(|source| ClusterError::Decode {
                    what: "an operation",
                    source,
                })
            })
            .transpose()
    }
}
