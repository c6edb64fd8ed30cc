//! The hostile suite: attacks run from inside a session (EgressDisabled, the
//! default), under the embedded runtime, runc and runsc, with a second session
//! and canary TCP servers alive beside it. Every attack records what was
//! expected and what was observed; the suite fails on any escape and checks
//! that the daemon and the other session keep answering.
//!
//! Each run writes its table to `$CARGO_TARGET_TMPDIR/hostile-RUNTIME.md`;
//! SECURITY.md carries a copy. Canaries bind to loopback and to 0.0.0.0 (which
//! covers the host's own addresses); sessions only ever try to reach them.

mod common;

use common::daemon::Daemon;
use serde_json::Value;
use std::io::Write;
use std::net::{Ipv4Addr, TcpListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const POOL: &str = "hostile";
const PIDS_LIMIT: i64 = 128;
const DISK_MIB: u64 = 64;

/// A TCP server on the host that counts every connection it accepts.
struct Canary {
    port: u16,
    hits: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Canary {
    fn bind(ip: Ipv4Addr) -> Canary {
        let listener = TcpListener::bind((ip, 0)).expect("bind a canary");
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let (hits, stop) = (
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicBool::new(false)),
        );
        let (h, s) = (hits.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((mut conn, _)) => {
                        h.fetch_add(1, Ordering::SeqCst);
                        let _ = conn.write_all(b"CANARY-REACHED\n");
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Canary {
            port,
            hits,
            stop,
            thread: Some(thread),
        }
    }
    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for Canary {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The host's first non-loopback IPv4 address (`ip -o -4 addr`).
fn host_address() -> Option<String> {
    common::registry::require_tool("ip", "iproute2");
    let out = common::registry::run(std::process::Command::new("ip").args(["-o", "-4", "addr"]));
    out.lines()
        .filter_map(|l| l.split_whitespace().nth(3))
        .filter_map(|a| a.split('/').next())
        .find(|a| !a.starts_with("127."))
        .map(str::to_string)
}

fn create_pool(d: &Daemon) {
    d.cli()
        .args([
            "create",
            "-n",
            POOL,
            "-g",
            "rg",
            "--environment",
            "test",
            "--image",
            &d.image(),
            "--target-port",
            "8080",
            "--cpu",
            "0.25",
            "--memory",
            "0.5Gi",
            "--ready-sessions",
            "2",
            "--max-sessions",
            "20",
            "--network-status",
            "EgressDisabled",
        ])
        .assert()
        .success();
}

/// POST /api/execute in session `identifier`; Err carries the CLI's stderr
/// (for example when the attack killed the sandbox).
fn execute(d: &Daemon, identifier: &str, command: &str) -> Result<Value, String> {
    let out = common::pools::invoke_execute(d, POOL, identifier, command);
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("not JSON: {e}"))
}

fn stdout(v: &Value) -> String {
    format!(
        "{}{}",
        v["stdout"].as_str().unwrap_or(""),
        v["stderr"].as_str().unwrap_or("")
    )
}

/// The other session still answers, and how long it took.
fn neighbour_answers(d: &Daemon) -> Result<Duration, String> {
    let t = Instant::now();
    let v = execute(d, "neighbour", "echo alive")?;
    if v["stdout"] == "alive\n" {
        Ok(t.elapsed())
    } else {
        Err(format!("unexpected answer {v}"))
    }
}

fn daemon_answers(d: &Daemon) -> bool {
    d.cli()
        .args(["show", "-n", POOL, "-g", "rg"])
        .timeout(Duration::from_secs(20))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// cgroup dirs of this daemon's sandboxes under one controller.
fn sandbox_cgroups(d: &Daemon, controller: &str) -> Vec<std::path::PathBuf> {
    let log = d.log();
    let dir = std::path::Path::new("/sys/fs/cgroup")
        .join(controller)
        .join("sessionpool");
    std::fs::read_dir(dir)
        .map(|es| {
            es.flatten()
                .filter(|e| log.contains(&*e.file_name().to_string_lossy()))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default()
}

fn read_num(p: std::path::PathBuf) -> u64 {
    std::fs::read_to_string(p)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0)
}

struct Outcome {
    attack: &'static str,
    expected: &'static str,
    observed: String,
    escaped: bool,
}

struct Run<'a> {
    d: &'a Daemon,
    results: Vec<Outcome>,
    /// Bumped when an attack kills the attacker's sandbox (gVisor's sentry
    /// dies on some), so the next attack runs in a fresh session.
    attacker: usize,
}

impl Run<'_> {
    fn record(
        &mut self,
        attack: &'static str,
        expected: &'static str,
        observed: String,
        escaped: bool,
    ) {
        eprintln!("[{attack}] full output:\n{observed}");
        let observed = observed.replace(['\n', '|'], " ").trim().to_string();
        let observed: String = observed.chars().take(160).collect();
        eprintln!("[{attack}] escaped={escaped}: {observed}");
        self.results.push(Outcome {
            attack,
            expected,
            observed,
            escaped,
        });
    }

    /// Run `command` in `identifier`; the attack escaped if `escaped(output)`.
    fn identifier(&self) -> String {
        format!("attacker-{}", self.attacker)
    }

    /// Run `command` in the attacker's session; the attack escaped if
    /// `escaped(output)`. A sandbox that dies is recorded as such (the attack
    /// took down only itself) and the next attack gets a fresh session.
    fn shell(
        &mut self,
        attack: &'static str,
        expected: &'static str,
        command: &str,
        escaped: impl Fn(&str) -> bool,
    ) {
        match execute(self.d, &self.identifier(), command) {
            Ok(v) => {
                let out = stdout(&v);
                let esc = escaped(&out);
                self.record(attack, expected, out, esc);
            }
            Err(e) => {
                self.record(
                    attack,
                    expected,
                    format!("the attacker's sandbox died: {e}"),
                    false,
                );
                self.attacker += 1;
            }
        }
    }
}

fn suite(runtime: &str) {
    if runtime != "embedded" {
        common::registry::require_tool(runtime, runtime);
    }
    let d = Daemon::start_with(&[
        "--runtime",
        runtime,
        "--pids-limit",
        &PIDS_LIMIT.to_string(),
        "--sandbox-disk-mib",
        &DISK_MIB.to_string(),
    ]);
    let loopback = Canary::bind(Ipv4Addr::LOCALHOST);
    let any = Canary::bind(Ipv4Addr::UNSPECIFIED);
    let host_ip = host_address().unwrap_or_else(|| "127.0.0.1".into());
    create_pool(&d);
    let token = d.admin_token();
    let data_dir = d.data_dir().display().to_string();
    let socket = d.socket().display().to_string();
    let shadow_root = std::fs::read_to_string("/etc/shadow")
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();

    // The neighbour: a marker process and a listener of its own.
    let v = execute(
        &d,
        "neighbour",
        "sleep 4242 </dev/null >/dev/null 2>&1 & nc -ll -p 9099 -e /bin/echo NEIGHBOUR-REACHED </dev/null >/dev/null 2>&1 & echo started",
    )
    .expect("the neighbour session starts");
    assert_eq!(v["stdout"], "started\n", "{v}");
    let baseline = neighbour_answers(&d).expect("the neighbour answers");
    let mut run = Run {
        d: &d,
        results: Vec::new(),
        attacker: 1,
    };

    run.shell(
        "read host files (data dir, admin token, host /etc/shadow)",
        "not found / not the host's",
        &format!(
            "cat {data_dir}/admin.token /proc/1/root{data_dir}/admin.token 2>&1; ls {data_dir} 2>&1; cat /etc/shadow 2>&1 | head -1; cat /proc/1/root/etc/shadow 2>&1 | head -1"
        ),
        |o| o.contains(&token) || o.contains(&shadow_root) || o.contains("state.db"),
    );
    // Host PIDs of the daemon and of every sandbox init.
    let mut host_pids = vec![d.pid() as i32, std::process::id() as i32];
    for e in std::fs::read_dir(d.data_dir().join("sandboxes"))
        .unwrap()
        .flatten()
    {
        if let Ok(t) = std::fs::read_to_string(e.path().join("pid"))
            && let Some(pid) = t.split_whitespace().next().and_then(|p| p.parse().ok())
        {
            host_pids.push(pid);
        }
    }
    let pids: Vec<String> = host_pids.iter().map(|p| p.to_string()).collect();
    run.shell(
        "see other sessions' and the host's processes",
        "only its own processes",
        "ps -o pid,args 2>&1",
        |o| o.contains("4242") || o.contains("NEIGHBOUR") || o.contains("sessionpool"),
    );
    run.shell(
        "signal other sessions, the daemon (host PIDs)",
        "no such process",
        &format!(
            "for p in {}; do kill -0 $p 2>/dev/null && echo SIGNALLED-$p; done; echo done",
            pids.join(" ")
        ),
        |o| o.contains("SIGNALLED"),
    );
    run.shell(
        "connect to the daemon's unix socket",
        "socket not in the sandbox",
        &format!("ls -l {socket} /proc/1/root{socket} 2>&1; nc -w 2 -f {socket} 2>&1; echo rc=$?"),
        |o| o.contains(" srw"),
    );
    for (attack, target) in [
        (
            "connect to the daemon's TCP API (127.0.0.1)",
            format!("127.0.0.1 {}", d.port),
        ),
        (
            "connect to a canary on the host's 127.0.0.1",
            format!("127.0.0.1 {}", loopback.port),
        ),
        (
            "connect to a canary on a host address",
            format!("{host_ip} {}", any.port),
        ),
        (
            "reach 169.254.169.254 (metadata)",
            "169.254.169.254 80".into(),
        ),
        (
            "connect to another session (its port 9099)",
            "127.0.0.1 9099".into(),
        ),
        (
            "connect out to the internet (1.1.1.1:53)",
            "1.1.1.1 53".into(),
        ),
    ] {
        run.shell(
            attack,
            "refused or unreachable",
            &format!("echo x | timeout 5 nc -w 2 {target} 2>&1; echo rc=$?"),
            |o| {
                o.contains("CANARY-REACHED")
                    || o.contains("NEIGHBOUR-REACHED")
                    || o.contains("rc=0")
            },
        );
    }
    run.shell(
        "network view: interfaces and routes",
        "only lo, no route",
        "cat /proc/net/dev | tail -n +3 | cut -d: -f1; echo routes:; tail -n +2 /proc/net/route",
        |o| {
            o.lines()
                .map(str::trim)
                .any(|l| !l.is_empty() && l != "lo" && l != "routes:")
        },
    );
    run.shell(
        "change its network (add address, route, link)",
        "operation not permitted",
        "ip addr add 10.9.9.9/24 dev lo 2>&1; echo rc=$?; ip route add default dev lo 2>&1; echo rc=$?; ip link add d0 type dummy 2>&1; echo rc=$?",
        |o| o.contains("rc=0"),
    );
    run.shell(
        "create raw sockets (ping)",
        "denied (no CAP_NET_RAW)",
        "ping -c 1 -W 1 127.0.0.1 2>&1; echo rc=$?",
        |o| o.contains("rc=0"),
    );
    run.shell(
        "mount (tmpfs, proc)",
        "operation not permitted",
        "mkdir -p /tmp/m; mount -t tmpfs none /tmp/m 2>&1; echo rc=$?; mount -t proc proc /tmp/m 2>&1; echo rc=$?",
        |o| o.contains("rc=0"),
    );
    run.shell(
        "load a kernel module",
        "operation not permitted",
        "echo junk > /tmp/m.ko; insmod /tmp/m.ko 2>&1; echo rc=$?",
        |o| o.contains("rc=0"),
    );
    run.shell(
        "new user namespace / nsenter the host",
        "operation not permitted",
        "unshare -U -r id 2>&1; echo rc=$?; nsenter -t 1 -m -n true 2>&1; echo rc=$?",
        |o| o.contains("rc=0"),
    );
    run.shell(
        "escape via /proc and /sys (write sysctl, raise own cgroup limits, read kcore)",
        "read-only or masked",
        "v=$(cat /proc/sys/vm/overcommit_ratio); echo $v > /proc/sys/vm/overcommit_ratio 2>&1; echo rc=$?; \
         echo -1 > /sys/fs/cgroup/memory/memory.limit_in_bytes 2>&1; echo rc=$?; \
         echo max > /sys/fs/cgroup/pids/pids.max 2>&1; echo rc=$?; \
         echo kcore=$(head -c 16 /proc/kcore 2>/dev/null | wc -c)",
        |o| o.contains("rc=0") || !o.contains("kcore=0"),
    );
    // Container root must not be host root: embedded and runc run in a user
    // namespace; gVisor's sentry shows its own identity map (recorded only).
    if let Ok(v) = execute(
        &d,
        &run.identifier(),
        "cat /proc/self/uid_map; grep CapEff /proc/self/status",
    ) {
        let out = stdout(&v);
        let host_root =
            out.split_whitespace().take(3).collect::<Vec<_>>() == ["0", "0", "4294967295"];
        if runtime == "runsc" {
            run.record(
                "container root = host root? (/proc/self/uid_map)",
                "gVisor: sentry's own map (no user namespace from us)",
                out,
                false,
            );
        } else {
            run.record(
                "container root = host root? (/proc/self/uid_map)",
                "no: mapped to host 1000000000+",
                out,
                host_root,
            );
        }
    }

    // Resource attacks, each in a fresh session.
    let before = neighbour_answers(&d);
    let fork = execute(
        &d,
        "forker",
        "(f(){ f|f& }; f) </dev/null >/dev/null 2>&1 & sleep 3; echo survived",
    );
    std::thread::sleep(Duration::from_secs(2));
    let max_pids = sandbox_cgroups(&d, "pids")
        .into_iter()
        .map(|c| read_num(c.join("pids.current")))
        .max()
        .unwrap_or(0);
    let during = neighbour_answers(&d);
    run.record(
        "fork bomb",
        "pids limit holds, neighbour answers",
        format!(
            "attacker: {}; max pids.current of any sandbox {max_pids} (limit {PIDS_LIMIT}); neighbour {:?} (before {:?})",
            fork.map(|v| stdout(&v)).unwrap_or_else(|e| e),
            during,
            before
        ),
        max_pids > PIDS_LIMIT as u64 || during.is_err(),
    );

    let mem = execute(
        &d,
        "memhog",
        "dd if=/dev/zero of=/dev/null bs=700M count=1 2>&1; echo rc=$?",
    );
    let after_mem = execute(&d, "memhog", "echo alive");
    run.record(
        "memory bomb (700 MiB in a 512 MiB session)",
        "only that session's process OOM-killed",
        format!(
            "{}; session afterwards: {}; neighbour {:?}",
            mem.as_ref().map(stdout).unwrap_or_else(|e| e.clone()),
            after_mem.map(|v| stdout(&v)).unwrap_or_else(|e| e),
            neighbour_answers(&d)
        ),
        mem.map(|v| stdout(&v).contains("rc=0")).unwrap_or(false) || neighbour_answers(&d).is_err(),
    );

    // Per cgroup: a sandbox that dies meanwhile must not make the sum shrink.
    let usage = || -> std::collections::HashMap<std::path::PathBuf, u64> {
        sandbox_cgroups(&d, "cpuacct")
            .into_iter()
            .map(|c| (c.clone(), read_num(c.join("cpuacct.usage"))))
            .collect()
    };
    let cpu_before = usage();
    let hog = execute(
        &d,
        "cpuhog",
        "for i in 1 2 3 4; do (while :; do :; done) </dev/null >/dev/null 2>&1 & done; echo hogging",
    );
    let t = Instant::now();
    std::thread::sleep(Duration::from_secs(3));
    let latency = neighbour_answers(&d);
    let used: u64 = usage()
        .into_iter()
        .map(|(c, after)| after.saturating_sub(cpu_before.get(&c).copied().unwrap_or(0)))
        .sum();
    let cores = used as f64 / 1e9 / t.elapsed().as_secs_f64();
    run.record(
        "CPU hog (4 busy loops, quota 0.25 CPU)",
        "quota holds, neighbour latency fine",
        format!(
            "attacker: {}; all sandboxes used {cores:.2} CPUs; neighbour answered in {:?} (baseline {baseline:?})",
            hog.map(|v| stdout(&v)).unwrap_or_else(|e| e),
            latency
        ),
        // cpuacct may be absent under runsc; then only the latency counts.
        cores > 0.6 || latency.as_ref().map_or(true, |l| *l > Duration::from_secs(10)),
    );

    let disk = execute(
        &d,
        "diskfill",
        "dd if=/dev/zero of=/big bs=1M count=400 2>&1 | grep -v records; du -m /big | cut -f1",
    );
    let disk_out = disk.as_ref().map(stdout).unwrap_or_else(|e| e.clone());
    let written: u64 = disk_out
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    run.record(
        "fill the disk (400 MiB into a 64 MiB layer)",
        "write stops at the cap, daemon keeps working",
        format!("{disk_out}; daemon answers: {}", daemon_answers(&d)),
        written > DISK_MIB + 1 || !daemon_answers(&d),
    );

    // Zero escapes, and everyone still answers.
    let neighbour_end = neighbour_answers(&d);
    let daemon_end = daemon_answers(&d);
    let marker_alive = execute(&d, "neighbour", "ps -o args | grep -c '^sleep 4242'")
        .map(|v| stdout(&v))
        .unwrap_or_default();
    write_table(runtime, &run.results, &loopback, &any);
    let escapes: Vec<&Outcome> = run.results.iter().filter(|o| o.escaped).collect();
    assert!(
        escapes.is_empty(),
        "{} escape(s) under {runtime}: {:?}",
        escapes.len(),
        escapes
            .iter()
            .map(|o| (o.attack, &o.observed))
            .collect::<Vec<_>>()
    );
    assert_eq!(loopback.hits(), 0, "the loopback canary was reached");
    assert_eq!(any.hits(), 0, "the host-address canary was reached");
    assert!(daemon_end, "the daemon stopped answering\n{}", d.log());
    assert!(
        neighbour_end.is_ok(),
        "the neighbour stopped answering: {neighbour_end:?}"
    );
    assert_eq!(
        marker_alive.trim(),
        "1",
        "the neighbour's process was killed"
    );
}

fn write_table(runtime: &str, results: &[Outcome], loopback: &Canary, any: &Canary) {
    let mut md =
        format!("| attack ({runtime}) | expected | observed | escaped |\n|---|---|---|---|\n");
    for o in results {
        md += &format!(
            "| {} | {} | {} | {} |\n",
            o.attack,
            o.expected,
            o.observed,
            if o.escaped { "**YES**" } else { "no" }
        );
    }
    md += &format!(
        "\nCanary connections accepted: host 127.0.0.1: {}, host 0.0.0.0 (all host addresses): {}\n",
        loopback.hits(),
        any.hits()
    );
    let path =
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("hostile-{runtime}.md"));
    std::fs::write(&path, md).unwrap();
    eprintln!("results table: {}", path.display());
}

#[test]
fn hostile_sessions_cannot_escape_embedded() {
    suite("embedded");
}

#[test]
fn hostile_sessions_cannot_escape_runc() {
    suite("runc");
}

#[test]
fn hostile_sessions_cannot_escape_runsc() {
    suite("runsc");
}
