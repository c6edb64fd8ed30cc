//! Three "hosts" on one machine for the cluster tests: a hub network
//! namespace holding a Linux bridge (the "switch", and the address etcd
//! listens on), and one namespace per node with a veth into the bridge.
//!
//! Names carry the test process's PID and a counter, so two test binaries
//! (and two tests of one) never meet; the /24 is 10.77.X.0 with X from the
//! same numbers, though every address lives in the test's own namespaces
//! only. Nothing changes in the host's own namespace: every link is made
//! inside the test's namespaces. Dropping the `Net` deletes the namespaces
//! it made (their links and nftables tables go with them), and nothing else.

use super::registry::{require_tool, run};
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// The last octet of the hub's address (etcd listens there).
const HUB_HOST: u8 = 100;
/// The nftables table a partition adds in a node namespace (the test's own).
const PARTITION_TABLE: &str = "sessionpool_test_partition";

fn ip(args: &[&str]) {
    run(Command::new("ip").args(args));
}

pub struct Net {
    /// The hub namespace's name (bridge `br0`, etcd).
    pub hub: String,
    /// The node namespaces' names, in order (a, b, c...).
    pub nodes: Vec<String>,
    /// `10.77.X`: the /24 of this network, without the last octet.
    pub prefix: String,
    made: Vec<String>,
}

impl Net {
    /// A hub and `n` node namespaces `NAME-a`, `NAME-b`... at 10.77.X.1..n.
    pub fn new(n: usize) -> Net {
        for (tool, package) in [
            ("ip", "iproute2"),
            ("nsenter", "util-linux"),
            ("nft", "nftables"),
        ] {
            require_tool(tool, package);
        }
        static SEQ: AtomicU32 = AtomicU32::new(0);
        let (pid, seq) = (std::process::id(), SEQ.fetch_add(1, Ordering::Relaxed));
        let tag = format!("spc{pid}x{seq}");
        let third = (pid.wrapping_mul(7).wrapping_add(seq) % 200) + 20;
        let mut net = Net {
            hub: format!("{tag}-hub"),
            nodes: Vec::new(),
            prefix: format!("10.77.{third}"),
            made: Vec::new(),
        };
        let hub = net.hub.clone();
        net.add_namespace(&hub);
        ip(&["-n", &hub, "link", "set", "lo", "up"]);
        ip(&["-n", &hub, "link", "add", "br0", "type", "bridge"]);
        let hub_addr = format!("{}/24", net.hub_ip());
        ip(&["-n", &hub, "addr", "add", &hub_addr, "dev", "br0"]);
        ip(&["-n", &hub, "link", "set", "br0", "up"]);
        for i in 0..n {
            let letter = (b'a' + i as u8) as char;
            let node = format!("{tag}-{letter}");
            net.add_namespace(&node);
            // Both ends are made inside the test's namespaces: `vN` in the
            // hub (into the bridge), `eth0` in the node.
            let hub_end = format!("v{letter}");
            ip(&[
                "-n", &hub, "link", "add", &hub_end, "type", "veth", "peer", "name", "eth0",
                "netns", &node,
            ]);
            ip(&["-n", &hub, "link", "set", &hub_end, "master", "br0"]);
            ip(&["-n", &hub, "link", "set", &hub_end, "up"]);
            let addr = format!("{}.{}/24", net.prefix, i + 1);
            ip(&["-n", &node, "addr", "add", &addr, "dev", "eth0"]);
            ip(&["-n", &node, "link", "set", "eth0", "up"]);
            ip(&["-n", &node, "link", "set", "lo", "up"]);
            net.nodes.push(node);
        }
        net
    }

    fn add_namespace(&mut self, name: &str) {
        ip(&["netns", "add", name]);
        self.made.push(name.to_string());
    }

    /// The hub's address on the bridge (etcd's).
    pub fn hub_ip(&self) -> String {
        format!("{}.{HUB_HOST}", self.prefix)
    }

    /// Node `i`'s address (0 is 10.77.X.1).
    pub fn node_ip(&self, i: usize) -> String {
        format!("{}.{}", self.prefix, i + 1)
    }

    pub fn netns_path(name: &str) -> PathBuf {
        PathBuf::from("/run/netns").join(name)
    }

    /// `nsenter --net=/run/netns/NAME --`: put before a command to run it in
    /// that namespace (network only: the mounts stay the test's, unlike
    /// `ip netns exec`, so sockets and temp dirs are where the test sees them).
    pub fn enter(name: &str) -> Vec<String> {
        vec![
            "nsenter".to_string(),
            format!("--net={}", Self::netns_path(name).display()),
            "--".to_string(),
        ]
    }

    /// A command that runs `program` inside namespace `name`.
    pub fn command_in(name: &str, program: &str) -> Command {
        let prefix = Self::enter(name);
        let mut c = Command::new(&prefix[0]);
        c.args(&prefix[1..]).arg(program);
        c
    }

    /// Cut node `i` off from the hub's address (etcd): an nftables table of
    /// the test's own in the node's namespace drops everything to and from
    /// it. Traffic between the nodes still flows.
    pub fn partition_from_hub(&self, i: usize) {
        let hub = self.hub_ip();
        let rules = format!(
            "table inet {PARTITION_TABLE} {{\n\
             chain out {{ type filter hook output priority 0; ip daddr {hub} drop; }}\n\
             chain in {{ type filter hook input priority 0; ip saddr {hub} drop; }}\n\
             }}\n"
        );
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), rules).unwrap();
        run(Self::command_in(&self.nodes[i], "nft")
            .arg("-f")
            .arg(file.path()));
    }

    /// Undo `partition_from_hub`: delete the test's table.
    pub fn heal(&self, i: usize) {
        run(Self::command_in(&self.nodes[i], "nft").args([
            "delete",
            "table",
            "inet",
            PARTITION_TABLE,
        ]));
    }
}

impl Drop for Net {
    fn drop(&mut self) {
        // Nodes first, then the hub (deleting a namespace deletes its links,
        // the veth pairs with them).
        for name in self.made.iter().rev() {
            let _ = Command::new("ip").args(["netns", "del", name]).status();
        }
    }
}
