//! Tokens, service principals, role assignments and signing keys, shared
//! through etcd (`records/KIND/ID`). Each node keeps its own SQLite copy and
//! merges both ways every tick against what it last agreed with etcd: a
//! record changed here is written to etcd (a deletion as a tombstone, so no
//! node brings it back), a record changed in etcd is applied here. At the
//! first merge after a start, etcd wins for every record it knows; records
//! only this node has are added to etcd. Signing keys are sealed with the
//! key derived from the cluster secret.

use super::{Cluster, ClusterError, keys};
use crate::store::RecordKind;
use etcd_client::{Compare, CompareOp, GetOptions, PutOptions, Txn, TxnOp};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

pub type Base = BTreeMap<(RecordKind, String), Option<Value>>;

fn key(kind: RecordKind, id: &str) -> String {
    format!("{}{}/{id}", keys::records(), kind.name())
}

fn tombstone() -> Value {
    json!({ "deleted": true })
}

fn seal_context(id: &str) -> String {
    format!("cluster signing key\0{id}")
}

impl Cluster {
    fn encode(
        &self,
        kind: RecordKind,
        id: &str,
        doc: Option<&Value>,
    ) -> Result<Vec<u8>, ClusterError> {
        let value = match (kind, doc) {
            (_, None) => tombstone(),
            (RecordKind::SigningKey, Some(d)) => {
                json!({ "sealed": self.seal.seal(&seal_context(id), &d.to_string())? })
            }
            (_, Some(d)) => d.clone(),
        };
        Ok(serde_json::to_vec(&value).expect("plain data always serializes"))
    }

    /// What etcd holds for one record: Some(None) for a tombstone.
    fn decode(
        &self,
        kind: RecordKind,
        id: &str,
        raw: &[u8],
    ) -> Result<Option<Value>, ClusterError> {
        let v: Value = serde_json::from_slice(raw).map_err(|source| ClusterError::Decode {
            what: "a record",
            source,
        })?;
        if v.get("deleted").and_then(Value::as_bool) == Some(true) {
            return Ok(None);
        }
        if kind == RecordKind::SigningKey {
            let sealed = v.get("sealed").and_then(Value::as_str).unwrap_or_default();
            let plain = self.seal.open(&seal_context(id), sealed)?;
            return serde_json::from_str(&plain)
                .map(Some)
                .map_err(|source| ClusterError::Decode {
                    what: "a signing key",
                    source,
                });
        }
        Ok(Some(v))
    }

    /// One merge (see the module comment). Returns whether signing keys
    /// changed here (the key ring must be reloaded).
    pub(super) async fn sync_records(&self) -> Result<bool, ClusterError> {
        let resp = self
            .retried(|mut kv| async move {
                kv.get(keys::records(), Some(GetOptions::new().with_prefix()))
                    .await
            })
            .await?;
        let mut remote: BTreeMap<(RecordKind, String), Option<Value>> = BTreeMap::new();
        for kv in resp.kvs() {
            let k = kv.key_str().map_err(ClusterError::Etcd)?;
            let Some((kind, id)) = k
                .strip_prefix(keys::records().as_str())
                .and_then(|r| r.split_once('/'))
                .and_then(|(k, id)| Some((RecordKind::parse(k)?, id.to_string())))
            else {
                continue;
            };
            match self.decode(kind, &id, kv.value()) {
                Ok(doc) => {
                    remote.insert((kind, id), doc);
                }
                Err(e) => tracing::warn!(key = k, error = %e, "skipping a record from the cluster"),
            }
        }
        let mut local: BTreeMap<(RecordKind, String), Value> = BTreeMap::new();
        for kind in RecordKind::ALL {
            for (id, doc) in self.store.export_all(kind)? {
                local.insert((kind, id), doc);
            }
        }
        let mut base = self.records_base.lock().await;
        let first = base.is_none();
        let prev = base.take().unwrap_or_default();
        let mut next = Base::new();
        let mut keys_changed = false;
        let ids: BTreeSet<&(RecordKind, String)> = local
            .keys()
            .chain(remote.keys())
            .chain(prev.keys())
            .collect();
        for id in ids {
            let (kind, name) = (id.0, id.1.as_str());
            let l = local.get(id);
            let r = remote.get(id).cloned().flatten();
            let known = remote.contains_key(id);
            let b = prev.get(id).cloned().flatten();
            let outcome: Option<Value> = if first {
                if known {
                    self.apply(kind, name, l, r.as_ref(), &mut keys_changed)?
                } else {
                    self.publish(kind, name, l, true).await?
                }
            } else if l != b.as_ref() {
                self.publish(kind, name, l, false).await?
            } else if r != b {
                self.apply(kind, name, l, r.as_ref(), &mut keys_changed)?
            } else {
                b
            };
            if outcome.is_some() || known {
                next.insert(id.clone(), outcome);
            }
        }
        *base = Some(next);
        Ok(keys_changed)
    }

    /// Make the local copy `want` (upsert or delete), if it differs.
    fn apply(
        &self,
        kind: RecordKind,
        id: &str,
        have: Option<&Value>,
        want: Option<&Value>,
        keys_changed: &mut bool,
    ) -> Result<Option<Value>, ClusterError> {
        if have != want {
            tracing::info!(
                kind = kind.name(),
                id,
                present = want.is_some(),
                "applying a record from the cluster"
            );
            self.store.import(kind, id, want)?;
            *keys_changed |= kind == RecordKind::SigningKey;
        }
        Ok(want.cloned())
    }

    /// Write this node's copy (or a tombstone) to etcd. `only_new`: only if
    /// etcd has nothing under the key (a first merge's local-only record).
    async fn publish(
        &self,
        kind: RecordKind,
        id: &str,
        doc: Option<&Value>,
        only_new: bool,
    ) -> Result<Option<Value>, ClusterError> {
        let k = key(kind, id);
        let value = self.encode(kind, id, doc)?;
        if only_new {
            let txn = Txn::new()
                .when([Compare::create_revision(k.clone(), CompareOp::Equal, 0)])
                .and_then([TxnOp::put(k, value, None::<PutOptions>)]);
            self.retried(|mut kv| {
                let txn = txn.clone();
                async move { kv.txn(txn).await }
            })
            .await?;
        } else {
            self.retried(|mut kv| {
                let (k, value) = (k.clone(), value.clone());
                async move { kv.put(k, value, None).await }
            })
            .await?;
        }
        Ok(doc.cloned())
    }
}
