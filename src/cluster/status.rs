//! `GET /.cluster/status`: the nodes, their leases, capacity and sessions,
//! as `api::ClusterStatus` (the CLI reads the same type).

use super::{Cluster, NodeRecord};
use crate::api::{ClusterMode, ClusterNode, ClusterStatus, NodeCapacity, NodePool};
use serde_json::{Map, Value, json};

fn extra(pairs: Value) -> Map<String, Value> {
    match pairs {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// A node record as the status shows it.
fn node(record: NodeRecord, me: &str, single: bool) -> ClusterNode {
    ClusterNode {
        is_self: record.name == me,
        alive: true,
        url: (!record.url.is_empty()).then_some(record.url),
        lease: (!single).then_some(record.lease),
        capacity: NodeCapacity {
            cpus: record.capacity.cpus as u32,
            memory_mib: record.capacity.memory_mib,
            extra: Map::new(),
        },
        sessions: record.sessions as u64,
        ready: record.ready as u64,
        pools: record
            .pools
            .into_iter()
            .map(|p| NodePool {
                pool: p.pool,
                sessions: p.sessions as u64,
                ready: p.ready as u64,
                ready_target: p.ready_target as u64,
                extra: extra(json!({ "pending": p.pending })),
            })
            .collect(),
        failed_pools: record.failed_pools,
        name: record.name,
        extra: Map::new(),
    }
}

impl Cluster {
    pub fn status(&self) -> ClusterStatus {
        ClusterStatus {
            mode: ClusterMode::Etcd,
            self_name: self.node.clone(),
            endpoints: self
                .endpoints
                .iter()
                .map(|e| {
                    e.replacen("https://", "etcds://", 1)
                        .replacen("http://", "etcd://", 1)
                })
                .collect(),
            lease_ttl_seconds: Some(self.ttl.as_secs()),
            nodes: self
                .live_nodes()
                .into_iter()
                .map(|r| node(r, &self.node, false))
                .collect(),
            extra: extra(json!({
                // Whether this node holds a current lease (and serves sessions),
                // and for how long without another renewal.
                "serving": self.serving(),
                "servingForSeconds": self.lease.remaining().as_secs_f64(),
                // Seconds since the set of live nodes last changed, as seen here.
                "membershipAgeSeconds": self.membership_changed_at().elapsed().as_secs(),
            })),
        }
    }
}

/// A daemon on its own: itself, as the only node.
pub fn single(pools: &crate::pool::PoolManager, url: Option<&str>) -> ClusterStatus {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_default();
    let record = NodeRecord::of(pools, &name, url.unwrap_or_default(), "");
    ClusterStatus {
        mode: ClusterMode::Single,
        self_name: name.clone(),
        endpoints: Vec::new(),
        lease_ttl_seconds: None,
        nodes: vec![node(record, &name, true)],
        extra: Map::new(),
    }
}
