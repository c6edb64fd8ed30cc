//! `GET /.cluster/status`: the nodes, their leases, capacity and sessions.

use super::{Cluster, NodeRecord};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterStatus {
    /// "etcd" in a cluster, "single" for a daemon on its own.
    pub mode: String,
    #[serde(rename = "self")]
    pub self_name: String,
    pub endpoints: Vec<String>,
    pub lease_ttl_seconds: u64,
    /// Whether this node holds a current lease (and so serves sessions).
    pub serving: bool,
    /// Seconds this node may still serve without renewing its lease.
    pub serving_for_seconds: f64,
    /// Seconds since the set of live nodes last changed (as this node saw it).
    pub membership_age_seconds: u64,
    pub nodes: Vec<NodeStatus>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeStatus {
    #[serde(flatten)]
    pub record: NodeRecord,
    #[serde(rename = "self")]
    pub is_self: bool,
    /// Listed under a live lease (a dead node's record goes with its lease).
    pub alive: bool,
}

impl Cluster {
    pub fn status(&self) -> ClusterStatus {
        let nodes = self
            .live_nodes()
            .into_iter()
            .map(|record| NodeStatus {
                is_self: record.name == self.node,
                alive: true,
                record,
            })
            .collect();
        ClusterStatus {
            mode: "etcd".into(),
            self_name: self.node.clone(),
            endpoints: self
                .endpoints
                .iter()
                .map(|e| {
                    e.replacen("https://", "etcds://", 1)
                        .replacen("http://", "etcd://", 1)
                })
                .collect(),
            lease_ttl_seconds: self.ttl.as_secs(),
            serving: self.serving(),
            serving_for_seconds: self.lease.remaining().as_secs_f64(),
            membership_age_seconds: self.membership_changed_at().elapsed().as_secs(),
            nodes,
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
        mode: "single".into(),
        self_name: name,
        endpoints: Vec::new(),
        lease_ttl_seconds: 0,
        serving: true,
        serving_for_seconds: 0.0,
        membership_age_seconds: 0,
        nodes: vec![NodeStatus {
            record,
            is_self: true,
            alive: true,
        }],
    }
}
