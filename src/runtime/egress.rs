//! `EgressEnabled` networking: a way out for sessions that cannot reach the
//! host, the daemon, other sessions, link-local/metadata or private addresses.
//!
//! The daemon owns a router network namespace (`DATA_DIR/egress-router.netns`).
//! The operator gives it one uplink interface dedicated to session traffic
//! (`--egress-uplink IFACE`: a spare NIC, or a macvlan/ipvlan of the real one);
//! at start the daemon moves that interface into the router namespace with its
//! IPv4 addresses and its default route. Each EgressEnabled sandbox gets a veth
//! pair: `eth0` in its own namespace with one /32 from 10.213.0.0/16 and a
//! default route to the router (10.213.255.254, on-link), the other end in the
//! router. The router's own nftables table (`inet sessionpool_egress`) forwards
//! new connections only from session veths to the uplink, drops those to the
//! blocked ranges, masquerades to the uplink's address and lets only replies
//! back in; the router itself accepts nothing new from anyone. Forwarding is
//! enabled inside the router namespace only: the host's own firewall, routing
//! and sysctls are never touched. The router stays when the daemon stops and is
//! reused (ruleset reloaded) at the next start.
//!
//! Uses `ip`, `nft` and `nsenter` (iproute2, nftables, util-linux).

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

use crate::runtime::{mounts, netns};

/// The router's address as seen by sessions (on its `lo`, answered by ARP on every veth).
pub const GATEWAY: Ipv4Addr = Ipv4Addr::new(10, 213, 255, 254);
/// Session addresses are 10.213.(slot >> 8).(slot & 255), slot 1..MAX_SLOT.
const MAX_SLOT: u32 = 0xfefe;
const TABLE: &str = "sessionpool_egress";

/// Always blocked destinations: this network, loopback, link-local (metadata),
/// IETF protocol assignments, multicast, reserved and broadcast.
const ALWAYS_BLOCKED: &[&str] = &[
    "0.0.0.0/8",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "192.0.0.0/24",
    "224.0.0.0/3",
];
/// Blocked unless `--egress-allow-private`: RFC 1918 and carrier-grade NAT
/// (10/8 also holds the sessions' own addresses: sessions never reach each other).
const PRIVATE: &[&str] = &[
    "10.0.0.0/8",
    "100.64.0.0/10",
    "172.16.0.0/12",
    "192.168.0.0/16",
];

#[derive(Debug, Clone, Default)]
pub struct EgressConfig {
    /// Interface in the daemon's namespace, moved into the router namespace.
    pub uplink: String,
    /// Written into sessions' /etc/resolv.conf.
    pub nameservers: Vec<Ipv4Addr>,
    /// Let sessions reach private ranges (RFC 1918, 100.64/10) through the uplink.
    pub allow_private: bool,
}

pub struct Egress {
    router: PathBuf,
    config: EgressConfig,
    used: Mutex<(BTreeSet<u32>, u32)>,
}

/// Run a tool, feeding `input` on stdin; its stdout, or an error with its stderr.
/// Waited for through the reaper (which may be the one collecting it).
fn run(cmd: &mut Command, input: Option<&str>) -> io::Result<String> {
    use std::io::Read;
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| io::Error::other(format!("run {cmd:?}: {e}")))?;
    // A hung tool is killed, which closes its pipes and ends the reads below.
    let watchdog = crate::runtime::reaper::Watchdog::arm_default(child.id() as i32);
    let mut stdin = child.stdin.take().expect("piped stdin");
    // A tool killed early makes this write fail; the timeout is reported below.
    let fed = stdin.write_all(input.unwrap_or_default().as_bytes());
    drop(stdin);
    let mut stderr = child.stderr.take().expect("piped stderr");
    let err_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut out = String::new();
    let read = child
        .stdout
        .take()
        .expect("piped stdout")
        .read_to_string(&mut out);
    let err = err_reader.join().unwrap_or_default();
    let code = crate::runtime::reaper::wait_for(child.id() as i32);
    if watchdog.disarm() {
        return Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!(
                "{cmd:?} did not finish within {}s and was killed",
                crate::runtime::reaper::subprocess_timeout().as_secs_f64()
            ),
        ));
    }
    fed?;
    read?;
    if code != 0 {
        return Err(io::Error::other(format!(
            "{cmd:?} exited with {code}: {}",
            err.trim()
        )));
    }
    Ok(out)
}

fn in_ns(ns: &Path) -> Command {
    let mut c = Command::new("nsenter");
    c.arg(format!("--net={}", ns.display()));
    c
}

/// `ip -j -4 addr show` of the calling namespace: (interface, address/prefix).
fn addresses(dev: Option<&str>) -> io::Result<Vec<(String, String)>> {
    let mut cmd = Command::new("ip");
    cmd.args(["-j", "-4", "addr", "show"]);
    if let Some(d) = dev {
        cmd.args(["dev", d]);
    }
    let v: serde_json::Value = serde_json::from_str(&run(&mut cmd, None)?)
        .map_err(|e| io::Error::other(format!("parse ip -j addr: {e}")))?;
    let mut found = Vec::new();
    for link in v.as_array().into_iter().flatten() {
        let name = link["ifname"].as_str().unwrap_or_default();
        for a in link["addr_info"].as_array().into_iter().flatten() {
            if let (Some(ip), Some(len)) = (a["local"].as_str(), a["prefixlen"].as_u64()) {
                found.push((name.to_string(), format!("{ip}/{len}")));
            }
        }
    }
    Ok(found)
}

fn default_gateway(dev: &str) -> io::Result<Option<String>> {
    let out = run(
        Command::new("ip").args(["-j", "-4", "route", "show", "default", "dev", dev]),
        None,
    )?;
    let v: serde_json::Value = serde_json::from_str(&out)
        .map_err(|e| io::Error::other(format!("parse ip -j route: {e}")))?;
    Ok(v.as_array()
        .and_then(|r| r.first())
        .and_then(|r| r["gateway"].as_str())
        .map(str::to_string))
}

impl Egress {
    /// Make (or reuse) the router namespace at `router` and load its ruleset.
    pub fn setup(router: PathBuf, state_dir: &Path, config: EgressConfig) -> io::Result<Egress> {
        let uplink = config.uplink.as_str();
        if uplink.is_empty() || uplink.len() > 15 || uplink.contains(['/', ' ']) {
            return Err(io::Error::other(format!("bad uplink name {uplink:?}")));
        }
        // Every address of the daemon's own namespace is a host address to block.
        let host_addrs: Vec<String> = addresses(None)?
            .into_iter()
            .map(|(_, a)| a.split('/').next().unwrap_or_default().to_string() + "/32")
            .collect();
        let reuse = router.exists()
            && run(
                in_ns(&router).args(["ip", "link", "show", "dev", uplink]),
                None,
            )
            .is_ok();
        if !reuse {
            let addrs = addresses(Some(uplink))?;
            if addrs.is_empty() {
                return Err(io::Error::other(format!(
                    "the egress uplink {uplink} has no IPv4 address in the daemon's namespace"
                )));
            }
            let gateway = default_gateway(uplink)?;
            netns::remove(&router)?;
            netns::create(&router)?;
            run(
                Command::new("ip")
                    .args(["link", "set", "dev", uplink, "netns"])
                    .arg(&router),
                None,
            )?;
            let mut batch = String::new();
            for (_, a) in &addrs {
                batch += &format!("addr add {a} dev {uplink}\n");
            }
            batch += &format!("link set {uplink} up\naddr add {GATEWAY}/32 dev lo\n");
            batch += &match gateway {
                Some(gw) => format!("route add default via {gw} dev {uplink}\n"),
                None => format!("route add default dev {uplink}\n"),
            };
            run(in_ns(&router).args(["ip", "-batch", "-"]), Some(&batch))?;
        }
        // Forwarding inside the router namespace only.
        run(
            in_ns(&router).args(["sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward"]),
            None,
        )?;
        let mut blocked: Vec<String> = ALWAYS_BLOCKED.iter().map(|s| s.to_string()).collect();
        if !config.allow_private {
            blocked.extend(PRIVATE.iter().map(|s| s.to_string()));
        }
        blocked.extend(host_addrs);
        run(
            in_ns(&router).args(["nft", "-f", "-"]),
            Some(&ruleset(uplink, &blocked)),
        )?;
        // Slots of sandboxes that survive from an earlier run stay taken.
        let mut used = BTreeSet::new();
        for id in crate::runtime::layout::list_ids(state_dir) {
            if let Some(slot) = read_slot(&state_dir.join(id)) {
                used.insert(slot);
            }
        }
        Ok(Egress {
            router,
            config,
            used: Mutex::new((used, 0)),
        })
    }

    pub fn resolv_conf(&self) -> String {
        let mut text = String::new();
        for ns in &self.config.nameservers {
            text += &format!("nameserver {ns}\n");
        }
        text + "options timeout:2 attempts:2\n"
    }

    /// Wire the sandbox namespace at `sandbox_ns` to the router; the slot is
    /// recorded in `dir/egress-slot` so `detach` can free it.
    pub fn attach(&self, sandbox_ns: &Path, dir: &Path) -> io::Result<()> {
        let slot = {
            let mut guard = self.used.lock().unwrap_or_else(|p| p.into_inner());
            let (used, next) = &mut *guard;
            // Round robin: a freed slot's old route and veth may linger a moment.
            let mut slot = None;
            for k in 1..=MAX_SLOT {
                let s = (*next + k - 1) % MAX_SLOT + 1;
                if !used.contains(&s) {
                    slot = Some(s);
                    break;
                }
            }
            let slot = slot.ok_or_else(|| io::Error::other("no free egress address"))?;
            used.insert(slot);
            *next = slot;
            slot
        };
        std::fs::write(dir.join("egress-slot"), slot.to_string())?;
        let addr = Ipv4Addr::new(10, 213, (slot >> 8) as u8, (slot & 255) as u8);
        // Unique names: veth deletion is asynchronous, a reused name can clash.
        let tag = format!(
            "{:08x}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos() ^ slot.rotate_left(16))
                .unwrap_or(slot)
        );
        let (outer, inner) = (format!("spe{tag}"), format!("spi{tag}"));
        let router_side = format!(
            "link add {outer} type veth peer name {inner}\nlink set {inner} netns {}\nlink set {outer} up\nroute replace {addr}/32 dev {outer}\n",
            sandbox_ns.display()
        );
        run(
            in_ns(&self.router).args(["ip", "-batch", "-"]),
            Some(&router_side),
        )?;
        let session_side = format!(
            "link set {inner} name eth0\naddr add {addr}/32 dev eth0\nlink set eth0 up\nroute add default via {GATEWAY} dev eth0 onlink\n"
        );
        run(
            in_ns(sandbox_ns).args(["ip", "-batch", "-"]),
            Some(&session_side),
        )?;
        Ok(())
    }

    /// Free the slot of the sandbox at `dir` (its veth goes with its namespace).
    pub fn detach(&self, dir: &Path) {
        if let Some(slot) = read_slot(dir) {
            let mut guard = self.used.lock().unwrap_or_else(|p| p.into_inner());
            guard.0.remove(&slot);
        }
    }

    /// The router namespace file (tests and diagnostics).
    pub fn router(&self) -> &Path {
        &self.router
    }
}

fn read_slot(dir: &Path) -> Option<u32> {
    std::fs::read_to_string(dir.join("egress-slot"))
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// The router's whole ruleset; loading it replaces the previous one.
pub fn ruleset(uplink: &str, blocked: &[String]) -> String {
    format!(
        r#"table inet {TABLE}
delete table inet {TABLE}
table inet {TABLE} {{
    set blocked {{
        type ipv4_addr; flags interval; auto-merge
        elements = {{ {blocked} }}
    }}
    chain input {{
        type filter hook input priority 0; policy drop;
        iif "lo" accept
        ct state established,related accept
    }}
    chain forward {{
        type filter hook forward priority 0; policy drop;
        ct state established,related accept
        iifname "spe*" oifname "{uplink}" ip daddr @blocked counter drop
        iifname "spe*" oifname "{uplink}" meta nfproto ipv4 accept
    }}
    chain output {{
        type filter hook output priority 0; policy accept;
    }}
    chain postrouting {{
        type nat hook postrouting priority 100; policy accept;
        oifname "{uplink}" masquerade
    }}
}}
"#,
        blocked = blocked.join(", ")
    )
}

/// Remove the router namespace (tests; the daemon keeps it across restarts).
pub fn remove_router(router: &Path) -> io::Result<()> {
    mounts::unmount_if_mounted(router)?;
    match std::fs::remove_file(router) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ruleset_blocks_and_masquerades() {
        let r = super::ruleset("up0", &["127.0.0.0/8".into(), "10.0.0.0/8".into()]);
        assert!(r.contains("elements = { 127.0.0.0/8, 10.0.0.0/8 }"), "{r}");
        assert!(r.contains(r#"oifname "up0" masquerade"#));
        assert!(r.contains("policy drop"));
    }
}
