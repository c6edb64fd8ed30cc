//! A 3-member etcd cluster (Debian's etcd-server) in the hub namespace of a
//! `Net`: client URLs http://HUB:2379/2381/2383, peers on 2380/2382/2384,
//! data in a temp dir (on tmpfs when there is one: etcd syncs every write).
//! Each member is killed by its PID when dropped, or on purpose by a test.

use super::cluster_net::Net;
use super::pools::wait_until;
use super::registry::require_tool;
use std::process::{Child, Stdio};
use std::sync::Mutex;
use std::time::Duration;

pub struct Member {
    pub name: String,
    pub client_url: String,
    /// None once killed (a test may kill one while others use the cluster).
    child: Mutex<Option<Child>>,
}

pub struct Etcd {
    pub members: Vec<Member>,
    hub: String,
    dir: tempfile::TempDir,
}

/// A temp dir on /dev/shm when the machine has one.
fn fast_tempdir(prefix: &str) -> tempfile::TempDir {
    let mut b = tempfile::Builder::new();
    b.prefix(prefix);
    match std::path::Path::new("/dev/shm").is_dir() {
        true => b.tempdir_in("/dev/shm"),
        false => b.tempdir(),
    }
    .unwrap()
}

impl Etcd {
    /// Start three members in `net`'s hub and wait (bounded) until every one
    /// reports healthy.
    pub fn start(net: &Net) -> Etcd {
        require_tool("etcd", "etcd-server");
        require_tool("etcdctl", "etcd-client");
        let ip = net.hub_ip();
        let dir = fast_tempdir("sessionpool-etcd-");
        let peer = |i: usize| format!("http://{ip}:{}", 2380 + 2 * i);
        let initial: Vec<String> = (0..3).map(|i| format!("m{i}={}", peer(i))).collect();
        let mut members = Vec::new();
        for i in 0..3 {
            let name = format!("m{i}");
            let client_url = format!("http://{ip}:{}", 2379 + 2 * i);
            let log = std::fs::File::create(dir.path().join(format!("{name}.log"))).unwrap();
            let child = Net::command_in(&net.hub, "etcd")
                .args(["--name", &name])
                .arg("--data-dir")
                .arg(dir.path().join(&name))
                .args(["--listen-client-urls", &client_url])
                .args(["--advertise-client-urls", &client_url])
                .args(["--listen-peer-urls", &peer(i)])
                .args(["--initial-advertise-peer-urls", &peer(i)])
                .args(["--initial-cluster", &initial.join(",")])
                .args(["--initial-cluster-state", "new"])
                .args(["--initial-cluster-token", &net.hub])
                .args(["--logger", "zap", "--log-level", "warn"])
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .expect("start etcd through nsenter");
            members.push(Member {
                name,
                client_url,
                child: Mutex::new(Some(child)),
            });
        }
        let etcd = Etcd {
            members,
            hub: net.hub.clone(),
            dir,
        };
        etcd.wait_healthy(Duration::from_secs(30));
        etcd
    }

    /// `etcd://HOST:PORT,HOST:PORT,...`, the daemons' `--cluster`.
    pub fn cluster_url(&self) -> String {
        let hosts: Vec<&str> = self
            .members
            .iter()
            .map(|m| m.client_url.trim_start_matches("http://"))
            .collect();
        format!("etcd://{}", hosts.join(","))
    }

    /// `etcdctl` (API v3) against the live members, run in the hub.
    pub fn etcdctl(&self, args: &[&str]) -> std::process::Output {
        let endpoints: Vec<&str> = self
            .members
            .iter()
            .filter(|m| m.child.lock().unwrap().is_some())
            .map(|m| m.client_url.as_str())
            .collect();
        Net::command_in(&self.hub, "etcdctl")
            .env("ETCDCTL_API", "3")
            .arg(format!("--endpoints={}", endpoints.join(",")))
            .args(["--dial-timeout=2s", "--command-timeout=5s"])
            .args(args)
            .output()
            .expect("run etcdctl through nsenter")
    }

    /// Wait until every live member answers `endpoint health`.
    pub fn wait_healthy(&self, timeout: Duration) {
        let deadline = std::time::Instant::now() + timeout;
        let last = loop {
            let out = self.etcdctl(&["endpoint", "health"]);
            if out.status.success() {
                return;
            }
            let last = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            if std::time::Instant::now() > deadline {
                break last;
            }
            std::thread::sleep(Duration::from_millis(200));
        };
        panic!(
            "the etcd cluster is not healthy after {timeout:?}:\n{last}\nlogs:\n{}",
            self.logs()
        );
    }

    /// The index (into `members`) of the current leader, from
    /// `endpoint status`.
    pub fn leader(&self) -> usize {
        let mut found = None;
        wait_until("etcd reports a leader", Duration::from_secs(10), || {
            let out = self.etcdctl(&["endpoint", "status", "-w", "json"]);
            let Ok(statuses) = serde_json::from_slice::<serde_json::Value>(&out.stdout) else {
                return false;
            };
            let statuses = statuses.as_array().cloned().unwrap_or_default();
            found = statuses.iter().find_map(|s| {
                let st = &s["Status"];
                (st["leader"] == st["header"]["member_id"]).then(|| {
                    let endpoint = s["Endpoint"].as_str().unwrap_or_default();
                    self.members.iter().position(|m| m.client_url == endpoint)
                })?
            });
            found.is_some()
        });
        found.unwrap()
    }

    /// kill -9 member `i` (by its PID).
    pub fn kill(&self, i: usize) {
        let mut child = self.members[i]
            .child
            .lock()
            .unwrap()
            .take()
            .expect("the member runs");
        let _ = child.kill();
        let _ = child.wait();
    }

    /// Every member's log.
    pub fn logs(&self) -> String {
        self.members
            .iter()
            .map(|m| {
                let log = std::fs::read_to_string(self.dir.path().join(format!("{}.log", m.name)))
                    .unwrap_or_default();
                format!("--- etcd {} ---\n{log}", m.name)
            })
            .collect()
    }
}

impl Drop for Etcd {
    fn drop(&mut self) {
        for m in &self.members {
            if let Some(mut child) = m.child.lock().unwrap().take() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}
