//! `GET /.cluster/status`: the cluster's nodes, their leases, capacity and
//! sessions, as one node sees them (single-host mode: one node, itself).

use serde::{Deserialize, Serialize};

/// Served on the unix socket without a token, or on TCP with an Admin token.
pub const CLUSTER_STATUS_PATH: &str = "/.cluster/status";

/// How the daemon keeps its state: SQLite on one host, or an etcd cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClusterMode {
    Single,
    Etcd,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterStatus {
    pub mode: ClusterMode,
    /// The name of the node that answered.
    #[serde(rename = "self")]
    pub self_name: String,
    /// The etcd endpoints it was started with (none in single-host mode).
    #[serde(default)]
    pub endpoints: Vec<String>,
    /// TTL of every node's lease (absent in single-host mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lease_ttl_seconds: Option<u64>,
    pub nodes: Vec<ClusterNode>,
    /// Fields this client does not know yet, kept so `-o json` shows them.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterNode {
    pub name: String,
    /// How the other nodes reach it (absent when it has no TCP listener).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its etcd lease id, in hex (absent in single-host mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lease: Option<String>,
    /// Whether this is the node that answered.
    #[serde(rename = "self", default)]
    pub is_self: bool,
    pub alive: bool,
    pub capacity: NodeCapacity,
    /// Sessions (allocated identifiers) this node serves.
    pub sessions: u64,
    /// Warm sandboxes this node holds ready.
    pub ready: u64,
    #[serde(default)]
    pub pools: Vec<NodePool>,
    /// `RG/NAME` of the pools this node failed to provision (it keeps none
    /// of their ready sandboxes; the other nodes take its share).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed_pools: Vec<String>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeCapacity {
    pub cpus: u32,
    #[serde(rename = "memoryMiB")]
    pub memory_mib: u64,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// One pool's share on one node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodePool {
    /// `RG/NAME`.
    pub pool: String,
    pub sessions: u64,
    pub ready: u64,
    /// The part of the pool's readySessionInstances this node keeps.
    pub ready_target: u64,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_example_round_trips() {
        let text = r#"{"mode":"etcd","self":"node-a","endpoints":["etcd://10.0.0.1:2379"],
            "leaseTtlSeconds":10,
            "nodes":[{"name":"node-a","url":"https://10.77.0.1:8443","lease":"758792a1c4f2d90b",
                      "self":true,"alive":true,"capacity":{"cpus":2,"memoryMiB":24000},
                      "sessions":12,"ready":3,
                      "pools":[{"pool":"rg/name","sessions":12,"ready":3,"readyTarget":3}]}]}"#;
        let status: ClusterStatus = serde_json::from_str(text).unwrap();
        assert_eq!(status.mode, ClusterMode::Etcd);
        assert_eq!(status.self_name, "node-a");
        assert!(status.nodes[0].is_self);
        assert_eq!(status.nodes[0].capacity.memory_mib, 24000);
        assert_eq!(status.nodes[0].pools[0].ready_target, 3);
        let back = serde_json::to_value(&status).unwrap();
        let original: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(back, original);
    }

    #[test]
    fn fields_added_later_are_kept() {
        let text = r#"{"mode":"single","self":"h","endpoints":[],"leaseTtlSeconds":0,
            "serving":true,"servingForSeconds":0.0,
            "nodes":[{"name":"h","url":"","lease":"","self":true,"alive":true,
                "capacity":{"cpus":4,"memoryMiB":8000,"numa":1},"sessions":0,"ready":0,
                "pools":[{"pool":"rg/p","sessions":0,"ready":0,"pending":1,"readyTarget":1}],
                "zone":"z1"}]}"#;
        let status: ClusterStatus = serde_json::from_str(text).unwrap();
        let back = serde_json::to_value(&status).unwrap();
        let original: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(back, original);
    }

    #[test]
    fn single_host_leaves_out_what_it_has_not() {
        let status: ClusterStatus = serde_json::from_str(
            r#"{"mode":"single","self":"h","nodes":[{"name":"h","self":true,"alive":true,
                "capacity":{"cpus":4,"memoryMiB":8000},"sessions":0,"ready":0}]}"#,
        )
        .unwrap();
        assert!(status.endpoints.is_empty() && status.lease_ttl_seconds.is_none());
        let v = serde_json::to_value(&status).unwrap();
        assert!(v["nodes"][0].get("lease").is_none(), "{v}");
        assert_eq!(v["mode"], "single");
    }
}
