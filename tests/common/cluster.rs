//! A sessionpool cluster on one machine, like three hosts: a `Net` (hub and
//! node namespaces on a bridge), a 3-member `Etcd` in the hub, and one
//! `sessionpool daemon --cluster` per node namespace, each with its own data
//! dir and socket, listening with TLS on https://10.77.X.N:8443 (a leaf for
//! that IP from a test CA, which every node trusts for its peers).
//!
//! The test talks to each node through its unix socket (reachable from any
//! namespace). Pools use the example session image as an `oci:` layout: the
//! node namespaces cannot reach a registry on the host's loopback.

use super::cluster_etcd::Etcd;
use super::cluster_net::Net;
use super::daemon::{Daemon, Launch, traversable_tempdir};
use super::http::{Answer, unix_request};
use super::pools::RG;
use super::registry::{Registry, session_image};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

/// The lease TTL the tests give every node (seconds).
pub const LEASE_TTL: u64 = 3;
/// The nodes' TCP port (each on its own address).
pub const PORT: u16 = 8443;

pub struct Cluster {
    // Dropped in this order: daemons, then etcd, then the namespaces.
    pub nodes: Vec<Daemon>,
    pub etcd: Etcd,
    pub net: Net,
    /// Certificates and the cluster secret.
    pub dir: tempfile::TempDir,
}

/// Node `i`'s name (`a`, `b`, `c`).
pub fn node_name(i: usize) -> String {
    ((b'a' + i as u8) as char).to_string()
}

impl Cluster {
    /// Three namespaces, etcd, and a daemon in each namespace joined to it;
    /// waits until every node lists all three alive.
    pub fn start() -> Cluster {
        Self::start_with(3, true, &[])
    }

    /// `n` nodes with `extra` daemon flags each; `join`: with the cluster
    /// flags (else single-host daemons, each in its namespace, etcd idle).
    pub fn start_with(n: usize, join: bool, extra: &[&str]) -> Cluster {
        Self::start_with_ttl(n, join, extra, LEASE_TTL)
    }

    /// As `start_with`, the daemons' lease TTL `ttl` seconds.
    pub fn start_with_ttl(n: usize, join: bool, extra: &[&str], ttl: u64) -> Cluster {
        Self::launch(n, join, extra, ttl, &[])
    }

    /// A joined cluster of `node_flags.len()` nodes, node `i` started with
    /// `node_flags[i]` besides the usual flags.
    pub fn start_with_node_flags(node_flags: &[&[&str]]) -> Cluster {
        Self::launch(node_flags.len(), true, &[], LEASE_TTL, node_flags)
    }

    fn launch(n: usize, join: bool, extra: &[&str], ttl: u64, node_flags: &[&[&str]]) -> Cluster {
        let net = Net::new(n);
        let etcd = Etcd::start(&net);
        let dir = traversable_tempdir();
        let ca = super::ca::make_ca(dir.path());
        let secret = dir.path().join("cluster.secret");
        {
            use std::io::Read;
            use std::os::unix::fs::OpenOptionsExt;
            let mut bytes = [0u8; 32];
            std::fs::File::open("/dev/urandom")
                .unwrap()
                .read_exact(&mut bytes)
                .unwrap();
            let mut f = std::fs::OpenOptions::new()
                .create_new(true)
                .write(true)
                .mode(0o600)
                .open(&secret)
                .unwrap();
            std::io::Write::write_all(&mut f, &bytes).unwrap();
        }
        // Not reachable from the namespaces; every daemon needs one, and the
        // pools use an oci: layout instead.
        let registry = Arc::new(Registry::start());
        let mut nodes = Vec::new();
        for i in 0..n {
            let ip = net.node_ip(i);
            let (cert, key) = super::ca::signed_leaf(
                dir.path(),
                &format!("{}-", node_name(i)),
                &format!("IP:{ip}"),
            );
            let node_url = format!("https://{ip}:{PORT}");
            let ttl = ttl.to_string();
            let mut args: Vec<String> = vec![
                "--tls-cert".into(),
                cert.display().to_string(),
                "--tls-key".into(),
                key.display().to_string(),
            ];
            let cluster_args: Vec<String> = vec![
                "--cluster".into(),
                etcd.cluster_url(),
                "--cluster-secret-file".into(),
                secret.display().to_string(),
                "--cluster-peer-ca".into(),
                ca.display().to_string(),
                "--node-name".into(),
                node_name(i),
                "--node-url".into(),
                node_url,
                "--cluster-lease-ttl".into(),
                ttl,
            ];
            if join {
                args.extend(cluster_args);
            }
            args.extend(extra.iter().map(|s| s.to_string()));
            if let Some(own) = node_flags.get(i) {
                args.extend(own.iter().map(|s| s.to_string()));
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let launch = Launch {
                prefix: Net::enter(&net.nodes[i]),
                ip,
            };
            nodes.push(Daemon::start_launched(
                launch,
                registry.clone(),
                None,
                PORT,
                &args,
            ));
        }
        let cluster = Cluster {
            nodes,
            etcd,
            net,
            dir,
        };
        if join {
            for i in 0..n {
                cluster.wait_alive(i, &(0..n).collect::<Vec<_>>());
            }
        }
        cluster
    }

    /// Wait until node `i`'s `/.cluster/status` lists exactly the nodes
    /// `alive` as alive.
    pub fn wait_alive(&self, i: usize, alive: &[usize]) {
        let want: Vec<String> = alive.iter().map(|&j| node_name(j)).collect();
        let mut seen = Value::Null;
        let ok = wait_for(Duration::from_secs(30), || {
            seen = self.try_status(i).unwrap_or(Value::Null);
            alive_nodes(&seen) == want
        });
        assert!(
            ok,
            "node {} never listed {want:?} alive; its last status:\n{seen:#}\n{}",
            node_name(i),
            self.logs()
        );
    }

    /// `GET /.cluster/status` of node `i`, if it answers.
    pub fn try_status(&self, i: usize) -> Option<Value> {
        let a = unix_request(&self.nodes[i].socket(), "GET", "/.cluster/status", b"").ok()?;
        (a.status == 200).then(|| a.json())
    }

    pub fn status(&self, i: usize) -> Value {
        let a = unix_request(&self.nodes[i].socket(), "GET", "/.cluster/status", b"")
            .unwrap_or_else(|e| panic!("node {}'s status: {e}", node_name(i)));
        assert_eq!(
            a.status,
            200,
            "node {}'s status: {}",
            node_name(i),
            a.text()
        );
        a.json()
    }

    /// Create a pool of the example image through node `i` and wait until
    /// it is provisioned.
    pub fn create_pool(&self, i: usize, name: &str, extra: &[&str]) {
        self.nodes[i]
            .cli()
            .args(["create", "-n", name, "-g", RG, "--environment", "test-env"])
            .args(["--image", &session_image().reference()])
            .args(["--container-type", "CustomContainer"])
            .args(["--target-port", "8080"])
            .args(["--network-status", "EgressDisabled", "-o", "none"])
            .args(extra)
            .timeout(Duration::from_secs(120))
            .assert()
            .success();
    }

    /// A data-plane request for `path` of session `id` sent to node `i`.
    pub fn request(&self, i: usize, pool: &str, path: &str, id: &str) -> std::io::Result<Answer> {
        let target = format!("/pools/{RG}/{pool}/{path}?identifier={id}");
        unix_request(&self.nodes[i].socket(), "GET", &target, b"")
    }

    /// `whoami` of session `id` through node `i`: the answer, which must be
    /// a 200 (with the log of every node when it is not).
    pub fn whoami(&self, i: usize, pool: &str, id: &str) -> Reply {
        let a = self
            .request(i, pool, "whoami", id)
            .unwrap_or_else(|e| panic!("whoami of {id} through {}: {e}", node_name(i)));
        assert_eq!(
            a.status,
            200,
            "whoami of {id} through {}: {}\n{}",
            node_name(i),
            a.text(),
            self.logs()
        );
        Reply::of(&a)
    }

    /// Per node: (sessions, ready) of `pool` as node `i`'s status lists them.
    pub fn pool_counts(&self, i: usize, pool: &str) -> Vec<(String, i64, i64)> {
        pool_counts(&self.status(i), pool)
    }

    /// Wait until the alive nodes (as node `i` sees them) hold `ready` ready
    /// sandboxes of `pool` in all, and return the per-node counts.
    pub fn wait_ready_total(&self, i: usize, pool: &str, ready: i64) -> Vec<(String, i64, i64)> {
        let mut counts = Vec::new();
        let ok = wait_for(Duration::from_secs(60), || {
            counts = self
                .try_status(i)
                .map(|s| pool_counts(&s, pool))
                .unwrap_or_default();
            counts.iter().map(|c| c.2).sum::<i64>() == ready
        });
        assert!(
            ok,
            "the cluster never held {ready} ready sandboxes of {pool}; (node, sessions, ready) as {} sees them: {counts:?}\n{}",
            node_name(i),
            self.logs()
        );
        counts
    }

    /// Every daemon's log and etcd's, to print with a failure.
    pub fn logs(&self) -> String {
        let mut all = String::new();
        for (i, d) in self.nodes.iter().enumerate() {
            let log = d.log();
            // The tail is what matters; a whole fill's log is long.
            let tail: Vec<&str> = log.lines().rev().take(60).collect();
            all.push_str(&format!(
                "--- node {} (last {} lines) ---\n",
                node_name(i),
                tail.len()
            ));
            for l in tail.iter().rev() {
                all.push_str(l);
                all.push('\n');
            }
        }
        all
    }
}

/// What a user sees of one data-plane answer.
#[derive(Clone, Debug)]
pub struct Reply {
    /// Which sandbox answered: the example server's `token`, drawn at its
    /// start (random: no two sandboxes share one).
    pub sandbox: String,
    /// The sandbox's hostname, as the example server reports it.
    pub hostname: String,
    /// `x-sessionpool-node`: the node whose sandbox answered.
    pub node: String,
    /// `x-session-new: true`.
    pub new: bool,
}

impl Reply {
    pub fn of(a: &Answer) -> Reply {
        Reply {
            sandbox: a.json()["token"]
                .as_str()
                .unwrap_or_else(|| panic!("no token in {}", a.text()))
                .to_string(),
            hostname: a.json()["hostname"]
                .as_str()
                .unwrap_or_else(|| panic!("no hostname in {}", a.text()))
                .to_string(),
            node: a
                .header("x-sessionpool-node")
                .unwrap_or_else(|| panic!("no x-sessionpool-node in {:?}", a.headers))
                .to_string(),
            new: a.header("x-session-new") == Some("true"),
        }
    }
}

/// The names of the nodes a status lists alive, sorted.
pub fn alive_nodes(status: &Value) -> Vec<String> {
    let mut names: Vec<String> = status["nodes"]
        .as_array()
        .map(|ns| {
            ns.iter()
                .filter(|n| n["alive"] == true)
                .filter_map(|n| n["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// (node, sessions, ready) of `pool` per alive node of a status.
pub fn pool_counts(status: &Value, pool: &str) -> Vec<(String, i64, i64)> {
    let key = format!("{}/{pool}", RG.to_lowercase());
    status["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|n| n["alive"] == true)
        .map(|n| {
            let p = n["pools"].as_array().into_iter().flatten().find(|p| {
                p["pool"]
                    .as_str()
                    .is_some_and(|k| k.eq_ignore_ascii_case(&key))
            });
            let get = |f: &str| p.and_then(|p| p[f].as_i64()).unwrap_or(0);
            (
                n["name"].as_str().unwrap_or_default().to_string(),
                get("sessions"),
                get("ready"),
            )
        })
        .collect()
}

/// Poll `done` every 50 ms for up to `timeout`; whether it came true.
pub fn wait_for(timeout: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + timeout;
    loop {
        if done() {
            return true;
        }
        if std::time::Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
