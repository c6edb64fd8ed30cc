//! The cluster part's environment: a CA and one certificate per node made
//! with openssl, a 3-member etcd cluster and 3 daemons in cluster mode, all
//! on loopback (free ports) under the bench's temporary directory. Dropping
//! the `ClusterEnv` deletes the pools it left, then ends every daemon and
//! etcd member it started, by PID.

use crate::bench_common::{free_port, run};
use crate::client::{Client, Target, body_text};
use crate::env::{DAEMON_KEEPALIVE_IDLE_S, Env, RG, daemon_workers, metric, ready_in, stop_child};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs::File;
use std::net::SocketAddr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Nodes and etcd members.
pub const NODES: usize = 3;
/// `--cluster-lease-ttl` of every node: how long a dead node's identifiers
/// and ready share stay with it at most.
pub const LEASE_TTL_S: u64 = 3;

pub struct Node {
    pub name: String,
    pub socket: PathBuf,
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    args: Vec<OsString>,
    log: PathBuf,
    child: Option<Child>,
}

pub struct ClusterEnv {
    pub dir: PathBuf,
    /// Where the etcd members keep their data: DIR/etcd, or under
    /// `$BENCH_ETCD_DIR` (say a tmpfs, /dev/shm, to see what etcd's fsyncs
    /// on this disk cost the claims).
    pub etcd_dir: PathBuf,
    sp: PathBuf,
    etcd: Vec<Child>,
    /// The etcd members' client addresses.
    etcd_clients: Vec<SocketAddr>,
    pub nodes: Vec<Node>,
    /// Pools created and not yet deleted: deleted before the daemons stop.
    pools: RefCell<BTreeSet<String>>,
}

/// A CA and, per node, a key and a certificate for IP 127.0.0.1 it signed
/// (`NAME-cert.pem`, `NAME-key.pem`), and the cluster secret.
fn make_certs(dir: &Path, names: &[String]) {
    crate::ca::make_ca(dir);
    for n in names {
        crate::ca::signed_leaf(dir, &format!("{n}-"), "IP:127.0.0.1");
    }
    let mut secret = vec![0u8; 48];
    use std::io::Read;
    File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut secret))
        .expect("read /dev/urandom");
    let path = dir.join("cluster.secret");
    std::fs::write(&path, &secret).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// `GET path` on a daemon's unix socket (no token there): status and body.
pub fn get_unix(socket: &Path, path: &str) -> Option<(u16, String)> {
    let t = Target {
        unix: Some(socket.to_path_buf()),
        ..Target::host("node", "127.0.0.1:1".parse().unwrap())
    };
    let mut c = Client::new(&t);
    c.timeout = Some(Duration::from_secs(5));
    let (_, ans) = c.call(&t.request("GET", path, b"")).ok()?;
    Some((ans.status, body_text(&c.buf)))
}

impl Node {
    fn spawn(&mut self) {
        let log = File::create(&self.log).unwrap();
        let child = Command::new(&self.args[0])
            .args(&self.args[1..])
            .env("TOKIO_WORKER_THREADS", daemon_workers().to_string())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start a cluster daemon");
        self.child = Some(child);
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// The node's `/.cluster/status` (None: no answer).
    pub fn status(&self) -> Option<serde_json::Value> {
        let (status, body) = get_unix(&self.socket, "/.cluster/status")?;
        (status == 200).then(|| serde_json::from_str(&body).ok())?
    }

    /// Live nodes in this node's view.
    pub fn live_nodes(&self) -> Option<usize> {
        Some(self.status()?["nodes"].as_array()?.len())
    }

    /// Ready sandboxes of `pool` on this node (its `/metrics`).
    pub fn ready(&self, pool: &str) -> Option<usize> {
        let (status, body) = get_unix(&self.socket, "/metrics")?;
        if status != 200 {
            return None;
        }
        ready_in(&body, pool)
    }

    /// This node's claim transactions so far: (seconds, count) of
    /// `sessionpool_cluster_claim_seconds`.
    pub fn claim_seconds(&self) -> (f64, f64) {
        let Some((200, body)) = get_unix(&self.socket, "/metrics") else {
            return (0.0, 0.0);
        };
        let get = |n: &str| metric(&body, &format!("{n} "), "").unwrap_or(0.0);
        (
            get("sessionpool_cluster_claim_seconds_sum"),
            get("sessionpool_cluster_claim_seconds_count"),
        )
    }

    /// Live sandbox directories on this node.
    pub fn sandboxes(&self) -> usize {
        std::fs::read_dir(self.data_dir.join("sandboxes")).map_or(0, |d| d.count())
    }

    /// `pool`'s data plane on this node's unix socket.
    pub fn target(&self, pool: &str) -> Target {
        Target {
            name: "node",
            netns: None,
            addr: self.listen,
            prefix: format!("/pools/{RG}/{pool}"),
            query: String::new(),
            auth: String::new(),
            unix: Some(self.socket.clone()),
        }
    }
}

impl ClusterEnv {
    /// Certificates, etcd, then the daemons; returns once every node lists
    /// all the others.
    pub fn start(env: &Env) -> ClusterEnv {
        let dir = env.dir.join("cluster");
        std::fs::create_dir_all(&dir).unwrap();
        let names: Vec<String> = (1..=NODES).map(|i| format!("n{i}")).collect();
        make_certs(&dir, &names);

        let client_ports: Vec<u16> = (0..NODES).map(|_| free_port()).collect();
        let peer_ports: Vec<u16> = (0..NODES).map(|_| free_port()).collect();
        let initial: Vec<String> = (0..NODES)
            .map(|i| format!("e{}=http://127.0.0.1:{}", i + 1, peer_ports[i]))
            .collect();
        let etcd_dir = match std::env::var_os("BENCH_ETCD_DIR") {
            Some(base) => {
                PathBuf::from(base).join(format!("bench-sessions-{}-etcd", std::process::id()))
            }
            None => dir.join("etcd"),
        };
        std::fs::create_dir_all(&etcd_dir).unwrap();
        let mut cenv = ClusterEnv {
            dir: dir.clone(),
            etcd_dir: etcd_dir.clone(),
            sp: env.binary().to_path_buf(),
            etcd: Vec::new(),
            etcd_clients: client_ports
                .iter()
                .map(|p| format!("127.0.0.1:{p}").parse().unwrap())
                .collect(),
            nodes: Vec::new(),
            pools: RefCell::new(BTreeSet::new()),
        };
        eprintln!(
            "== cluster: etcd × {NODES} on 127.0.0.1:{}",
            client_ports
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(",")
        );
        for i in 0..NODES {
            let name = format!("e{}", i + 1);
            let log = File::create(dir.join(format!("{name}.log"))).unwrap();
            let client = format!("http://127.0.0.1:{}", client_ports[i]);
            let peer = format!("http://127.0.0.1:{}", peer_ports[i]);
            let child = Command::new("etcd")
                .args(["--name", &name])
                .arg("--data-dir")
                .arg(etcd_dir.join(&name))
                .args(["--listen-client-urls", &client])
                .args(["--advertise-client-urls", &client])
                .args(["--listen-peer-urls", &peer])
                .args(["--initial-advertise-peer-urls", &peer])
                .args(["--initial-cluster", &initial.join(",")])
                .args(["--initial-cluster-state", "new"])
                .args(["--initial-cluster-token", "bench-sessions"])
                .stdin(Stdio::null())
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .spawn()
                .expect("start etcd (apt-get install etcd-server)");
            cenv.etcd.push(child);
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        for port in &client_ports {
            let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
            let t = Target::host("etcd", addr);
            loop {
                let mut c = Client::new(&t);
                c.timeout = Some(Duration::from_secs(2));
                if let Ok((_, ans)) = c.call(&t.request("GET", "/health", b""))
                    && ans.status == 200
                    && body_text(&c.buf).contains("true")
                {
                    break;
                }
                assert!(Instant::now() < deadline, "etcd on {addr} is not healthy");
                std::thread::sleep(Duration::from_millis(100));
            }
        }

        let endpoints = format!(
            "etcd://{}",
            client_ports
                .iter()
                .map(|p| format!("127.0.0.1:{p}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        for name in &names {
            let listen: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
            let data_dir = dir.join(format!("{name}.data"));
            let socket = dir.join(format!("{name}.sock"));
            let mut args: Vec<OsString> = vec![cenv.sp.clone().into(), "daemon".into()];
            let mut add = |a: &[&dyn AsRef<std::ffi::OsStr>]| {
                args.extend(a.iter().map(|x| x.as_ref().to_os_string()))
            };
            add(&[&"--data-dir", &data_dir]);
            add(&[&"--socket", &socket]);
            add(&[&"--listen", &listen.to_string()]);
            add(&[&"--tls-cert", &dir.join(format!("{name}-cert.pem"))]);
            add(&[&"--tls-key", &dir.join(format!("{name}-key.pem"))]);
            add(&[&"--cluster", &endpoints]);
            add(&[&"--cluster-secret-file", &dir.join("cluster.secret")]);
            add(&[&"--node-name", name]);
            add(&[&"--cluster-peer-ca", &dir.join("ca.pem")]);
            add(&[&"--cluster-lease-ttl", &LEASE_TTL_S.to_string()]);
            add(&[&"--insecure-registry", &env.registry()]);
            add(&[
                &"--header-read-timeout",
                &DAEMON_KEEPALIVE_IDLE_S.to_string(),
            ]);
            add(&[&"--shutdown-timeout", &"30"]);
            let mut node = Node {
                name: name.clone(),
                socket,
                listen,
                data_dir,
                args,
                log: dir.join(format!("{name}.log")),
                child: None,
            };
            eprintln!("== cluster: daemon {name} on {listen}");
            node.spawn();
            cenv.nodes.push(node);
        }
        cenv.wait_members(NODES, Duration::from_secs(60));
        eprintln!("   lease TTL {LEASE_TTL_S} s (--cluster-lease-ttl)");
        cenv
    }

    /// Wait until every running node lists `n` live nodes.
    pub fn wait_members(&self, n: usize, limit: Duration) -> Duration {
        let t0 = Instant::now();
        loop {
            let all = self
                .nodes
                .iter()
                .filter(|node| node.child.is_some())
                .all(|node| node.live_nodes() == Some(n));
            if all {
                return t0.elapsed();
            }
            assert!(
                t0.elapsed() < limit,
                "the cluster's nodes did not all list {n} nodes within {limit:?} (logs in {})",
                self.dir.display()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// etcd's WAL fsyncs so far, all members together: (seconds, count),
    /// from `etcd_disk_wal_fsync_duration_seconds` in their `/metrics`.
    /// Every running node's claim transactions so far (seconds, count).
    pub fn claim_seconds(&self) -> (f64, f64) {
        self.nodes
            .iter()
            .filter(|n| n.child.is_some())
            .map(Node::claim_seconds)
            .fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1))
    }

    pub fn etcd_fsyncs(&self) -> (f64, f64) {
        let mut total = (0.0, 0.0);
        for addr in &self.etcd_clients {
            let t = Target::host("etcd", *addr);
            let mut c = Client::new(&t);
            c.timeout = Some(Duration::from_secs(5));
            if let Ok((_, ans)) = c.call(&t.request("GET", "/metrics", b""))
                && ans.status == 200
            {
                let m = body_text(&c.buf);
                let get = |n: &str| metric(&m, &format!("{n} "), "").unwrap_or(0.0);
                total.0 += get("etcd_disk_wal_fsync_duration_seconds_sum");
                total.1 += get("etcd_disk_wal_fsync_duration_seconds_count");
            }
        }
        total
    }

    /// ms per claim-shaped transaction through each etcd member's HTTP
    /// gateway (`POST /v3/kv/txn`: if two new keys are both absent, put
    /// both under a lease, else read one; the shape of a node's claim), one
    /// keep-alive connection per member, after 20 untimed: what one claim's
    /// raft commit costs a client here, the floor under a cluster allocation.
    pub fn etcd_txns(&self, n: usize) -> Vec<Vec<f64>> {
        self.etcd_clients
            .iter()
            .enumerate()
            .map(|(m, addr)| {
                let t = Target::host("etcd", *addr);
                let mut c = Client::new(&t);
                let grant = t.request("POST", "/v3/lease/grant", br#"{"TTL":60}"#);
                let (_, ans) = c.call(&grant).expect("etcd lease grant");
                assert_eq!(ans.status, 200, "etcd lease grant");
                let v: serde_json::Value =
                    serde_json::from_str(&body_text(&c.buf)).expect("lease grant JSON");
                let lease = v["ID"].as_str().expect("lease ID").to_string();
                let mut k = 0;
                let mut one = || {
                    k += 1;
                    let (sk, lk) = (
                        b64(&format!("bench/s/{m}/{k}")),
                        b64(&format!("bench/slot/{m}/{k}")),
                    );
                    let absent = |key: &str| {
                        format!(
                            r#"{{"key":"{key}","target":"CREATE","create_revision":"0","result":"EQUAL"}}"#
                        )
                    };
                    let put = |key: &str| {
                        format!(
                            r#"{{"requestPut":{{"key":"{key}","value":"MQ==","lease":"{lease}"}}}}"#
                        )
                    };
                    let body = format!(
                        r#"{{"compare":[{},{}],"success":[{},{}],"failure":[{{"requestRange":{{"key":"{sk}"}}}}]}}"#,
                        absent(&sk),
                        absent(&lk),
                        put(&sk),
                        put(&lk)
                    );
                    let req = t.request("POST", "/v3/kv/txn", body.as_bytes());
                    let (d, ans) = c.call(&req).expect("etcd txn");
                    assert_eq!(ans.status, 200, "etcd txn: {}", body_text(&c.buf));
                    d.as_secs_f64() * 1e3
                };
                for _ in 0..20 {
                    one();
                }
                (0..n).map(|_| one()).collect()
            })
            .collect()
    }

    /// `pool`'s ready sandboxes summed over the running nodes.
    pub fn ready(&self, pool: &str) -> usize {
        self.nodes
            .iter()
            .filter(|n| n.child.is_some())
            .map(|n| n.ready(pool).unwrap_or(0))
            .sum()
    }

    pub fn wait_ready(&self, pool: &str, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while self.ready(pool) < n {
            assert!(
                Instant::now() < deadline,
                "{pool}: {n} ready sessions across the cluster never came"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The CLI on node `i`'s unix socket.
    pub fn cli(&self, i: usize) -> Command {
        let mut c = Command::new(&self.sp);
        c.env(
            "SESSIONPOOL_ENDPOINT",
            format!("unix://{}", self.nodes[i].socket.display()),
        )
        .env_remove("SESSIONPOOL_TOKEN");
        c
    }

    /// `create` through node `i` (spawned, not waited for).
    pub fn create_pool(&self, env: &Env, i: usize, name: &str, ready: usize, max: usize) -> Child {
        self.pools.borrow_mut().insert(name.to_string());
        env.create_pool_at(&self.nodes[i].socket, name, ready, max)
            .spawn()
            .expect("sessionpool create")
    }

    fn delete_cmd(&self, name: &str) -> Option<Command> {
        let i = self.nodes.iter().position(|n| n.child.is_some())?;
        let mut c = self.cli(i);
        c.args(["delete", "-n", name, "-g", RG, "--yes"])
            .stdout(Stdio::null());
        Some(c)
    }

    /// Delete `name` through a running node and wait until no node has a
    /// sandbox left.
    pub fn delete_pool(&self, name: &str) {
        run(&mut self.delete_cmd(name).expect("a running node"));
        self.pools.borrow_mut().remove(name);
        self.wait_no_sandboxes(Duration::from_secs(120));
    }

    pub fn wait_no_sandboxes(&self, limit: Duration) {
        let deadline = Instant::now() + limit;
        let left = || {
            self.nodes
                .iter()
                .filter(|n| n.child.is_some())
                .map(Node::sandboxes)
                .sum::<usize>()
        };
        while left() > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        if left() > 0 {
            eprintln!("   {} sandboxes still there after {limit:?}", left());
        }
    }

    /// SIGKILL node `i` (a crash: no lease revoked, sandboxes left behind).
    pub fn kill9(&mut self, i: usize) {
        let mut child = self.nodes[i].child.take().expect("the node runs");
        // SAFETY: a plain signal to a child we started and have not reaped yet.
        unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
        let _ = child.wait();
    }

    /// Start node `i` again with the same flags and data dir (it removes
    /// the sandboxes its previous run left).
    pub fn restart(&mut self, i: usize) {
        assert!(self.nodes[i].child.is_none(), "the node still runs");
        self.nodes[i].spawn();
    }
}

impl Drop for ClusterEnv {
    fn drop(&mut self) {
        let left: Vec<String> = self.pools.borrow().iter().cloned().collect();
        for pool in left {
            eprintln!("bench_sessions: deleting the cluster pool {pool} left behind");
            if let Some(mut c) = self.delete_cmd(&pool)
                && let Ok(mut child) = c.spawn()
            {
                let deadline = Instant::now() + Duration::from_secs(120);
                while Instant::now() < deadline && matches!(child.try_wait(), Ok(None)) {
                    std::thread::sleep(Duration::from_millis(50));
                }
                let _ = child.kill();
                let _ = child.wait();
            }
            self.wait_no_sandboxes(Duration::from_secs(60));
        }
        for node in &mut self.nodes {
            if let Some(mut child) = node.child.take() {
                stop_child("a cluster daemon", &mut child, Duration::from_secs(40));
            }
        }
        while let Some(mut member) = self.etcd.pop() {
            stop_child("an etcd member", &mut member, Duration::from_secs(10));
        }
        if std::env::var_os("BENCH_KEEP").is_none() && !self.etcd_dir.starts_with(&self.dir) {
            let _ = std::fs::remove_dir_all(&self.etcd_dir);
        }
    }
}

/// Standard base64 with padding (etcd's JSON gateway takes keys so).
fn b64(s: &str) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in s.as_bytes().chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64() {
        assert_eq!(super::b64("bench/put"), "YmVuY2gvcHV0");
        assert_eq!(super::b64("ab"), "YWI=");
        assert_eq!(super::b64("a"), "YQ==");
    }
}
