//! Node records (what each node publishes under its lease) and how a pool's
//! ready target is shared between the live nodes: an equal part each among
//! the nodes that have not failed to provision the pool (a node that cannot
//! pull its image lists it in `failedPools`, and the others take its part).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeRecord {
    pub name: String,
    /// Where other nodes forward requests to (https://HOST:PORT).
    pub url: String,
    /// The node's lease id in hex, as etcdctl prints it.
    pub lease: String,
    pub capacity: Capacity,
    /// Sessions and ready sandboxes on this node, all pools together.
    pub sessions: usize,
    pub ready: usize,
    pub pools: Vec<PoolShare>,
    /// Labels of the pools this node failed to provision (it takes no share
    /// of their ready targets).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed_pools: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Capacity {
    pub cpus: usize,
    #[serde(rename = "memoryMiB")]
    pub memory_mib: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PoolShare {
    /// The pool's label, `RGKEY/NAME`.
    pub pool: String,
    pub sessions: usize,
    pub ready: usize,
    pub pending: usize,
    /// This node's share of the pool's ready target.
    pub ready_target: usize,
}

impl NodeRecord {
    /// This node's record: its pools' counts as they are now.
    pub fn of(pools: &crate::pool::PoolManager, name: &str, url: &str, lease: &str) -> Self {
        let mut record = NodeRecord {
            name: name.into(),
            url: url.into(),
            lease: lease.into(),
            capacity: Capacity::of_host(),
            sessions: 0,
            ready: 0,
            pools: Vec::new(),
            failed_pools: pools.failed(),
        };
        for pool in pools.running() {
            let c = pool.counts();
            record.sessions += c.allocated;
            record.ready += c.ready;
            record.pools.push(PoolShare {
                pool: pool.label.clone(),
                sessions: c.allocated,
                ready: c.ready,
                pending: c.pending,
                ready_target: c.expected,
            });
        }
        record.pools.sort_by(|a, b| a.pool.cmp(&b.pool));
        record
    }

    pub fn lease_id(&self) -> Option<i64> {
        i64::from_str_radix(&self.lease, 16).ok()
    }

    pub fn pool(&self, label: &str) -> Option<&PoolShare> {
        self.pools.iter().find(|p| p.pool == label)
    }
}

impl Capacity {
    /// This machine's cores and memory.
    pub fn of_host() -> Self {
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        let memory_mib = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|m| {
                m.lines()
                    .find_map(|l| l.strip_prefix("MemTotal:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            })
            .map_or(0, |kib| kib / 1024);
        Self { cpus, memory_mib }
    }
}

/// Node `me`'s share of `ready` among `nodes` (names, any order; `me` counts
/// even if absent): an equal part each, the remainder to the first nodes by
/// name. The shares always add up to `ready`.
pub fn share(ready: usize, nodes: &[&str], me: &str) -> usize {
    let mut names: Vec<&str> = nodes.to_vec();
    if !names.contains(&me) {
        names.push(me);
    }
    names.sort_unstable();
    names.dedup();
    let n = names.len();
    let i = names.iter().position(|x| *x == me).unwrap_or(0);
    ready / n + usize::from(i < ready % n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_and_differ_by_at_most_one() {
        let nodes = ["c", "a", "b"];
        for ready in 0..20 {
            let shares: Vec<usize> = nodes.iter().map(|me| share(ready, &nodes, me)).collect();
            assert_eq!(shares.iter().sum::<usize>(), ready, "{ready}: {shares:?}");
            let (lo, hi) = (shares.iter().min().unwrap(), shares.iter().max().unwrap());
            assert!(hi - lo <= 1, "{ready}: {shares:?}");
        }
        assert_eq!(share(5, &["a", "b", "c"], "a"), 2);
        assert_eq!(share(5, &["a", "b", "c"], "c"), 1);
        // Alone (or before the first listing): the whole target.
        assert_eq!(share(5, &[], "a"), 5);
        // A node that left: the others take its part.
        assert_eq!(share(5, &["a", "c"], "c"), 2);
    }

    #[test]
    fn lease_ids_are_hex() {
        let r = NodeRecord {
            name: "a".into(),
            url: "https://a".into(),
            lease: format!("{:x}", 7587869876i64),
            capacity: Capacity {
                cpus: 2,
                memory_mib: 1,
            },
            sessions: 0,
            ready: 0,
            pools: vec![],
            failed_pools: vec![],
        };
        assert_eq!(r.lease_id(), Some(7587869876));
    }
}
