//! Pools in etcd: a write through any node's ARM API goes to etcd first,
//! and every node applies what etcd holds to its own state (the SQLite store
//! and its running pools), provisioning each pool itself (its own image
//! pull). etcd is the truth: a pool it does not hold is deleted here.

use super::{Cluster, ClusterError, keys};
use crate::spec::{PoolName, PoolProperties, ResourceGroup, now_rfc3339};
use crate::store::PoolRecord;
use etcd_client::{DeleteOptions, GetOptions, Txn, TxnOp};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// A pool as etcd holds it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PoolDoc {
    resource_group: String,
    name: String,
    location: String,
    tags: BTreeMap<String, String>,
    properties: PoolProperties,
    created_at: String,
    /// Secret values, sealed with the key derived from the cluster secret.
    secrets: BTreeMap<String, String>,
    written_by: String,
}

fn label(rg: &ResourceGroup, name: &PoolName) -> String {
    format!("{}/{}", rg.key(), name)
}

fn seal_context(label: &str, secret: &str) -> String {
    format!("cluster\0{label}\0{secret}")
}

fn invalid(what: &str, e: impl std::fmt::Display) -> ClusterError {
    ClusterError::Config(format!("a pool in etcd has an invalid {what}: {e}"))
}

impl Cluster {
    /// Store a created or updated pool in etcd (before this node applies it).
    pub async fn publish_pool(
        &self,
        record: &PoolRecord,
        secrets: &[(String, String)],
    ) -> Result<(), ClusterError> {
        let label = label(&record.resource_group, &record.name);
        let mut sealed = BTreeMap::new();
        for (name, value) in secrets {
            sealed.insert(
                name.clone(),
                self.seal.seal(&seal_context(&label, name), value)?,
            );
        }
        let doc = PoolDoc {
            resource_group: record.resource_group.to_string(),
            name: record.name.to_string(),
            location: record.location.clone(),
            tags: record.tags.clone(),
            properties: record.properties.clone(),
            created_at: record.created_at.clone(),
            secrets: sealed,
            written_by: self.node.clone(),
        };
        let key = keys::pool(&label);
        let value = serde_json::to_vec(&doc).expect("plain data always serializes");
        // Held across the write: the sync must not apply this node's own
        // write as if another node made it.
        let mut applied = self.applied.lock().await;
        let resp = self
            .retried(|mut kv| {
                let (key, value) = (key.clone(), value.clone());
                async move { kv.put(key, value, None).await }
            })
            .await?;
        applied.insert(key, resp.header().map_or(0, |h| h.revision()));
        Ok(())
    }

    /// Remove a pool from etcd, with its session claims.
    pub async fn publish_pool_delete(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
    ) -> Result<(), ClusterError> {
        let label = label(rg, name);
        let key = keys::pool(&label);
        let prefix = Some(DeleteOptions::new().with_prefix());
        let txn = Txn::new().and_then([
            TxnOp::delete(key.clone(), None),
            TxnOp::delete(keys::sessions_of(&label), prefix.clone()),
            TxnOp::delete(keys::slots_of(&label), prefix),
        ]);
        let mut applied = self.applied.lock().await;
        let resp = self
            .retried(|mut kv| {
                let txn = txn.clone();
                async move { kv.txn(txn).await }
            })
            .await?;
        // A tombstone: a listing from before the delete must not bring the
        // pool back here.
        applied.insert(key, resp.header().map_or(i64::MAX, |h| h.revision()));
        Ok(())
    }

    /// Apply etcd's pools to this node: new or changed ones provision here,
    /// ones etcd no longer holds are deleted here. Lock order, as the ARM
    /// handlers: a pool's write lock, then `applied`.
    pub(super) async fn sync_pools(&self) -> Result<(), ClusterError> {
        let resp = self
            .retried(|mut kv| async move {
                kv.get(keys::pools(), Some(GetOptions::new().with_prefix()))
                    .await
            })
            .await?;
        let snapshot = resp.header().map_or(0, |h| h.revision());
        let mut present = HashSet::new();
        let mut todo = Vec::new();
        {
            let applied = self.applied.lock().await;
            for kv in resp.kvs() {
                let key = kv.key_str().map_err(ClusterError::Etcd)?.to_string();
                present.insert(key.clone());
                if applied.get(&key) != Some(&kv.mod_revision()) {
                    todo.push((key, kv.mod_revision(), kv.value().to_vec()));
                }
            }
        }
        for (key, rev, value) in todo {
            let applied =
                serde_json::from_slice::<PoolDoc>(&value).map_err(|source| ClusterError::Decode {
                    what: "a pool",
                    source,
                });
            let result = match applied {
                Ok(doc) => self.apply_pool(&key, rev, doc).await,
                Err(e) => Err(e),
            };
            if let Err(e) = result {
                tracing::warn!(key, error = %e, "could not apply a pool from the cluster");
            }
        }
        for local in self.store.list_pools(None)? {
            let key = keys::pool(&label(&local.resource_group, &local.name));
            if !present.contains(&key) && local.provisioning_state != "Deleting" {
                self.apply_delete(&key, snapshot, &local.resource_group, &local.name)
                    .await?;
            }
        }
        Ok(())
    }

    async fn apply_pool(&self, key: &str, rev: i64, doc: PoolDoc) -> Result<(), ClusterError> {
        let rg =
            ResourceGroup::parse(&doc.resource_group).map_err(|e| invalid("resource group", e))?;
        let name = PoolName::parse(&doc.name).map_err(|e| invalid("name", e))?;
        let label = label(&rg, &name);
        let mut secrets = Vec::new();
        for (secret, sealed) in &doc.secrets {
            let value = self.seal.open(&seal_context(&label, secret), sealed)?;
            secrets.push((secret.clone(), value));
        }
        let lock = self.pools.write_lock(&rg, &name).await;
        let mut applied = self.applied.lock().await;
        if applied.get(key).is_some_and(|r| *r >= rev) {
            // This node wrote (or applied) it or something newer meanwhile.
            return Ok(());
        }
        applied.insert(key.to_string(), rev);
        let existing = self.store.get_pool(&rg, &name)?;
        if let Some(e) = &existing {
            let stored = self.store.pool_secrets(&rg, &name)?;
            let same = e.location == doc.location
                && e.tags == doc.tags
                && e.properties == doc.properties
                && stored.len() == secrets.len()
                && secrets.iter().all(|(k, v)| stored.get(k) == Some(v));
            if same && e.provisioning_state != "Deleting" {
                return Ok(());
            }
        }
        tracing::info!(pool = %label, by = %doc.written_by, "applying a pool written through the cluster");
        let record = PoolRecord {
            location: doc.location,
            tags: doc.tags,
            properties: doc.properties,
            provisioning_state: "InProgress".into(),
            provisioning_error: None,
            image_digest: existing.as_ref().and_then(|e| e.image_digest.clone()),
            created_at: if doc.created_at.is_empty() {
                now_rfc3339()
            } else {
                doc.created_at
            },
            resource_group: rg.clone(),
            name: name.clone(),
        };
        self.store.put_pool(&record, Some(&secrets))?;
        let op = self.pools.start_operation("put", &rg, &name)?;
        self.pools.provision(&lock, rg, name, op);
        Ok(())
    }

    /// Delete a pool etcd's listing at revision `snapshot` did not hold,
    /// unless this node wrote it after that listing.
    async fn apply_delete(
        &self,
        key: &str,
        snapshot: i64,
        rg: &ResourceGroup,
        name: &PoolName,
    ) -> Result<(), ClusterError> {
        let lock = self.pools.write_lock(rg, name).await;
        let applied = self.applied.lock().await;
        if applied.get(key).is_some_and(|r| *r > snapshot) {
            return Ok(());
        }
        match self.store.get_pool(rg, name)? {
            Some(p) if p.provisioning_state != "Deleting" => {}
            _ => return Ok(()),
        }
        tracing::info!(pool = %label(rg, name), "deleting a pool the cluster no longer holds");
        self.store
            .set_provisioning(rg, name, "Deleting", None, None)?;
        let op = self.pools.start_operation("delete", rg, name)?;
        self.pools.delete(&lock, rg.clone(), name.clone(), op);
        Ok(())
    }
}
