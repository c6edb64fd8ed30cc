//! One suite run against every real backend (embedded libcontainer through the
//! real `sessionpool` binary as shim, runc, runsc). Needs root. A backend whose
//! binary is missing fails its test; nothing is skipped.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sessionpool::runtime::{
    ProcessSpec, RuntimeKind, SandboxRuntime, SandboxSpec, SandboxState, cgroup_dirs_of,
    connect_in_netns, interfaces_in_netns, read_logs, reaper,
};

#[derive(Clone, Copy, PartialEq, Debug)]
enum Backend {
    Embedded,
    Runc,
    Runsc,
}

/// Destroys whatever a failed (panicking) run left, so no container outlives the test.
struct Cleanup(Arc<dyn SandboxRuntime>, PathBuf);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let (rt, base) = (self.0.clone(), self.1.clone());
        // A runtime of its own on a plain thread: Drop may run inside the test's runtime.
        let cleaning = std::thread::spawn(move || {
            let local = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            local.block_on(async {
                for id in rt.list().await {
                    if let Err(e) = rt.destroy(&id).await {
                        eprintln!("cleanup: failed to {e}");
                    }
                }
            })
        });
        let _ = cleaning.join();
        // Only when nothing is mounted there any more: never delete through a mount.
        let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
        if !mountinfo.contains(base.to_str().unwrap()) {
            let _ = std::fs::remove_dir_all(&base);
        }
    }
}

struct Ctx {
    rt: Arc<dyn SandboxRuntime>,
    state_dir: PathBuf,
    rootfs: PathBuf,
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

impl Ctx {
    fn spec(&self, id: &str, args: &[&str]) -> SandboxSpec {
        SandboxSpec {
            id: id.into(),
            image_rootfs: self.rootfs.clone(),
            process: ProcessSpec {
                args: s(args),
                env: s(&["PATH=/bin", "HOME=/root"]),
                cwd: "/".into(),
                uid: 0,
                gid: 0,
                additional_gids: vec![0],
            },
            cpu_cores: 1.0,
            memory_bytes: 128 << 20,
            pids_limit: 64,
            disk_bytes: 64 << 20,
            hostname: id.into(),
            egress: false,
            make_dirs: Vec::new(),
            stop_signal: libc::SIGTERM,
            read_only_binds: Vec::new(),
        }
    }

    /// Everything a sandbox may leave behind, as a list of what is left.
    fn leftovers(&self, id: &str) -> Vec<String> {
        let dir = self.state_dir.join(id);
        let mut left = Vec::new();
        let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
        for line in mountinfo
            .lines()
            .filter(|l| l.contains(dir.to_str().unwrap()))
        {
            left.push(format!("mount: {line}"));
        }
        for cg in cgroup_dirs_of(id) {
            left.push(format!("cgroup: {}", cg.display()));
        }
        for p in [
            dir.join("netns"),
            dir.join("runtime"),
            dir.join("bundle/rootfs"),
            dir.clone(),
        ] {
            if p.exists() {
                left.push(format!("path: {}", p.display()));
            }
        }
        left
    }

    async fn destroy_clean(&self, id: &str) {
        self.rt
            .destroy(id)
            .await
            .unwrap_or_else(|e| panic!("failed to {e}"));
        // Idempotent.
        self.rt.destroy(id).await.unwrap();
        assert_eq!(
            self.leftovers(id),
            Vec::<String>::new(),
            "{id} left things behind"
        );
        assert_eq!(self.rt.state(id).await.unwrap(), SandboxState::Missing);
    }
}

/// GET / through the sandbox's netns, retrying while the server starts.
fn http_get(netns: &Path, port: u16, within: Duration) -> Result<String, String> {
    let deadline = Instant::now() + within;
    loop {
        let attempt = connect_in_netns(netns, port).and_then(|mut sock| {
            sock.set_read_timeout(Some(Duration::from_secs(5)))?;
            sock.write_all(b"GET / HTTP/1.0\r\nHost: x\r\n\r\n")?;
            let mut out = String::new();
            sock.read_to_string(&mut out)?;
            Ok(out)
        });
        match attempt {
            Ok(out) if !out.is_empty() => return Ok(out),
            other if Instant::now() > deadline => return Err(format!("{other:?}")),
            _ => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

async fn wait_for<T>(within: Duration, mut f: impl AsyncFnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if let Some(v) = f().await {
            return Some(v);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}

fn cgroup_file(id: &str, controller: &str, file: &str) -> Option<String> {
    let p = PathBuf::from("/sys/fs/cgroup")
        .join(controller)
        .join("sessionpool")
        .join(id)
        .join(file);
    std::fs::read_to_string(p)
        .ok()
        .map(|t| t.trim().to_string())
}

const HTTPD: &[&str] = &[
    "sh",
    "-c",
    "echo hello-stdout; echo hello-stderr >&2; exec httpd -f -p 8080 -h /www",
];

async fn suite(backend: Backend) {
    reaper::start().expect("become subreaper and start the reaper");
    let base = PathBuf::from(format!(
        "/tmp/runtime-tests-{}-{}",
        std::process::id(),
        format!("{backend:?}").to_lowercase()
    ));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    let rootfs = common::rootfs::busybox_rootfs(&base);
    let state_dir = base.join("sandboxes");
    let kind = match backend {
        Backend::Embedded => RuntimeKind::Embedded,
        Backend::Runc => {
            RuntimeKind::parse("runc").expect("runc must be installed (apt-get install runc)")
        }
        Backend::Runsc => {
            RuntimeKind::parse("runsc").expect("runsc must be installed (apt-get install runsc)")
        }
    };
    let rt = kind
        .build(
            state_dir.clone(),
            Some(env!("CARGO_BIN_EXE_sessionpool").into()),
        )
        .unwrap();
    let _cleanup = Cleanup(rt.clone(), base.clone());
    let ctx = Ctx {
        rt,
        state_dir: state_dir.clone(),
        rootfs,
    };
    let p = |name: &str| format!("{}-{name}", format!("{backend:?}").to_lowercase());

    // HTTP through the netns; only lo there; logs with timestamps.
    let web_id = p("web");
    let web = ctx
        .rt
        .create_and_start(&ctx.spec(&web_id, HTTPD))
        .await
        .unwrap_or_else(|e| panic!("failed to {e}"));
    assert!(web.pid > 0);
    let answer = http_get(&web.netns_path, 8080, Duration::from_secs(10))
        .expect("HTTP answer from the sandbox");
    assert!(
        answer.starts_with("HTTP/1.") && answer.contains("200"),
        "{answer}"
    );
    assert!(answer.contains(common::rootfs::INDEX.trim()), "{answer}");
    assert_eq!(interfaces_in_netns(&web.netns_path).unwrap(), ["lo"]);
    assert_eq!(ctx.rt.state(&web_id).await.unwrap(), SandboxState::Running);
    assert_eq!(ctx.rt.list().await, vec![web_id.clone()]);
    let logs = wait_for(Duration::from_secs(5), async || {
        let l = read_logs(&web.log_path, None).ok()?;
        (l.iter().any(|x| x.ends_with(" hello-stdout"))
            && l.iter().any(|x| x.ends_with(" hello-stderr")))
        .then_some(l)
    })
    .await
    .unwrap_or_else(|| panic!("logs: {:?}", read_logs(&web.log_path, None)));
    let stamp = logs[0].split(' ').next().unwrap();
    assert!(
        stamp.len() >= 20 && stamp.contains('T'),
        "timestamp in {:?}",
        logs[0]
    );

    // Hardening seen from inside: no_new_privs, a seccomp filter, no CAP_SYS_ADMIN
    // nor NET_RAW, and user namespaces (unprivileged, so only seccomp stops them) denied.
    let hard_id = p("hard");
    let probe = "grep -E '^(NoNewPrivs|Seccomp|CapEff):' /proc/self/status; \
                 unshare -U true; echo userns-exit=$?; echo probe-done; sleep 600";
    let hard = ctx
        .rt
        .create_and_start(&ctx.spec(&hard_id, &["sh", "-c", probe]))
        .await
        .unwrap_or_else(|e| panic!("failed to {e}"));
    let out = wait_for(Duration::from_secs(10), async || {
        let l = read_logs(&hard.log_path, None).ok()?;
        l.iter().any(|x| x.ends_with("probe-done")).then_some(l)
    })
    .await
    .expect("hardening probe output");
    eprintln!("{backend:?}: hardening probe: {out:?}");
    let field = |name: &str| {
        out.iter().find_map(|l| {
            l.split_once(&format!(" {name}:"))
                .map(|(_, v)| v.trim().to_string())
        })
    };
    assert!(out.iter().any(|l| l.ends_with("userns-exit=1")), "{out:?}");
    assert_eq!(field("Seccomp").as_deref(), Some("2"));
    let cap_eff = u64::from_str_radix(&field("CapEff").unwrap(), 16).unwrap();
    assert_eq!(cap_eff & (1 << 21), 0, "CAP_SYS_ADMIN present");
    assert_eq!(cap_eff & (1 << 13), 0, "CAP_NET_RAW present");
    // gVisor's /proc/self/status has no NoNewPrivs line.
    if backend != Backend::Runsc {
        assert_eq!(field("NoNewPrivs").as_deref(), Some("1"));
    }
    ctx.destroy_clean(&hard_id).await;

    // CPU quota: 0.25 cores for a busy loop.
    let cpu_id = p("cpu");
    let mut cpu = ctx.spec(&cpu_id, &["sh", "-c", "while :; do :; done"]);
    cpu.cpu_cores = 0.25;
    ctx.rt
        .create_and_start(&cpu)
        .await
        .unwrap_or_else(|e| panic!("failed to {e}"));
    if backend != Backend::Runsc {
        assert_eq!(
            cgroup_file(&cpu_id, "cpu", "cpu.cfs_quota_us").as_deref(),
            Some("25000")
        );
    }
    let usage =
        || cgroup_file(&cpu_id, "cpuacct", "cpuacct.usage").and_then(|u| u.parse::<u64>().ok());
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (u0, t0) = (
        usage().expect("cpuacct.usage of the sandbox"),
        Instant::now(),
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    let cores = (usage().unwrap() - u0) as f64 / t0.elapsed().as_nanos() as f64;
    eprintln!("{backend:?}: busy loop at 0.25 cores used {cores:.3} cores");
    assert!(cores <= 0.35, "quota not held: {cores:.3} cores");
    ctx.destroy_clean(&cpu_id).await;

    // Memory: a 32 MiB sandbox that wants 100 MiB is OOM-killed, the neighbour lives.
    let mem_id = p("mem");
    let mut mem = ctx.spec(
        &mem_id,
        &[
            "sh",
            "-c",
            "dd if=/dev/zero of=/dev/null bs=64M count=1; echo oom-exit=$?; sleep 600",
        ],
    );
    mem.memory_bytes = 32 << 20;
    let outcome = match ctx.rt.create_and_start(&mem).await {
        Ok(mem_sbx) => wait_for(Duration::from_secs(20), async || {
            let logs = read_logs(&mem_sbx.log_path, None).unwrap_or_default();
            if let Some(l) = logs.iter().find(|l| l.contains("oom-exit=")) {
                return Some(l.clone());
            }
            match ctx.rt.state(&mem_id).await.unwrap() {
                SandboxState::Exited(code) => Some(format!("sandbox exited with {code}")),
                _ => None,
            }
        })
        .await
        .expect("the memory hog was not stopped"),
        // gVisor: the OOM kill takes the whole sandbox, sometimes before start returns.
        Err(e) if backend == Backend::Runsc => format!("start failed: {e}"),
        Err(e) => panic!("failed to {e}"),
    };
    eprintln!("{backend:?}: memory hog outcome: {outcome}");
    match backend {
        Backend::Runsc => {} // gVisor: the OOM kill takes the whole sandbox; either outcome is a stop.
        _ => assert!(outcome.ends_with("oom-exit=137"), "{outcome}"),
    }
    assert!(
        http_get(&web.netns_path, 8080, Duration::from_secs(5)).is_ok(),
        "neighbour died with the memory hog"
    );
    ctx.destroy_clean(&mem_id).await;

    // Fork bomb under a pids limit; the neighbour and the host stay fine.
    let bomb_id = p("bomb");
    let mut bomb = ctx.spec(&bomb_id, &["sh", "-c", "b() { b | b & }; b; sleep 600"]);
    bomb.pids_limit = 32;
    match ctx.rt.create_and_start(&bomb).await {
        Ok(_) => {
            tokio::time::sleep(Duration::from_secs(2)).await;
            if backend != Backend::Runsc {
                let current: i64 = cgroup_file(&bomb_id, "pids", "pids.current")
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!(current <= 32, "pids.current {current}");
            }
        }
        // gVisor's sentry dies under the bomb (known on this host); it must
        // still fail cleanly and leave its neighbour alone.
        Err(e) if backend == Backend::Runsc => eprintln!("{backend:?}: fork bomb: {e}"),
        Err(e) => panic!("failed to {e}"),
    }
    assert!(
        http_get(&web.netns_path, 8080, Duration::from_secs(5)).is_ok(),
        "neighbour died with the fork bomb"
    );
    ctx.destroy_clean(&bomb_id).await;

    // What an image expects: port 80 from a non-root user, its supplementary
    // groups, a working dir the image lacks, /sys read-only showing only the
    // sandbox's interfaces, the usual /dev nodes, writable /dev/shm and /tmp.
    let img_id = p("image");
    let expect = "echo \"id=$(id -u):$(id -g) groups=$(id -G) cwd=$(pwd)\"; \
        n=; for i in /sys/class/net/*; do n=\"$n${i##*/},\"; done; echo \"net=$n\"; \
        touch /sys/x 2>/dev/null; echo sys-write=$?; \
        for d in null zero full random urandom tty; do [ -c /dev/$d ] || echo missing=/dev/$d; done; \
        [ -d /dev/pts ] || echo missing=/dev/pts; \
        echo x > /dev/shm/x && echo x > /tmp/x && echo x > ./x && echo writes=ok; \
        echo probe-done; exec httpd -f -p 80 -h /www";
    let mut img = ctx.spec(&img_id, &["sh", "-c", expect]);
    img.process.uid = 1000;
    img.process.gid = 1000;
    img.process.additional_gids = vec![1000, 2000];
    img.process.cwd = "/home/app/work".into();
    img.make_dirs = vec![sessionpool::runtime::DirSpec {
        path: "/home/app/work".into(),
        uid: 1000,
        gid: 1000,
        mode: 0o755,
    }];
    let sbx = ctx
        .rt
        .create_and_start(&img)
        .await
        .unwrap_or_else(|e| panic!("failed to {e}"));
    let out = wait_for(Duration::from_secs(10), async || {
        let l = read_logs(&sbx.log_path, None).ok()?;
        l.iter().any(|x| x.ends_with("probe-done")).then_some(l)
    })
    .await
    .unwrap_or_else(|| panic!("probe output: {:?}", read_logs(&sbx.log_path, None)));
    eprintln!("{backend:?}: image expectations: {out:?}");
    let has = |needle: &str| out.iter().any(|l| l.ends_with(needle));
    assert!(
        has("id=1000:1000 groups=1000 2000 cwd=/home/app/work"),
        "{out:?}"
    );
    assert!(
        has("net=lo,"),
        "only the sandbox's interfaces in /sys: {out:?}"
    );
    assert!(has("sys-write=1"), "/sys is read-only: {out:?}");
    assert!(!out.iter().any(|l| l.contains("missing=")), "{out:?}");
    assert!(has("writes=ok"), "{out:?}");
    let answer = http_get(&sbx.netns_path, 80, Duration::from_secs(20)).unwrap_or_else(|e| {
        let logs = read_logs(&sbx.log_path, None);
        panic!("a non-root process serves port 80: {e} {logs:?}")
    });
    assert!(answer.contains(common::rootfs::INDEX.trim()), "{answer}");
    ctx.destroy_clean(&img_id).await;

    // The stop signal reaches a process that traps it, which then exits.
    let stop_id = p("stop");
    let trap = "trap 'echo got-term; exit 0' TERM; echo trap-set; while :; do sleep 1; done";
    let sbx = ctx
        .rt
        .create_and_start(&ctx.spec(&stop_id, &["sh", "-c", trap]))
        .await
        .unwrap_or_else(|e| panic!("failed to {e}"));
    wait_for(Duration::from_secs(10), async || {
        let l = read_logs(&sbx.log_path, None).ok()?;
        l.iter().any(|x| x.ends_with("trap-set")).then_some(())
    })
    .await
    .expect("the trap is set");
    ctx.rt
        .stop(&stop_id, Duration::from_secs(20))
        .await
        .unwrap();
    // The console log is drained asynchronously: give it a moment.
    let trapped = wait_for(Duration::from_secs(5), async || {
        let l = read_logs(&sbx.log_path, None).ok()?;
        l.iter().any(|x| x.ends_with("got-term")).then_some(())
    })
    .await;
    assert!(trapped.is_some(), "{:?}", read_logs(&sbx.log_path, None));
    assert!(
        matches!(
            ctx.rt.state(&stop_id).await.unwrap(),
            SandboxState::Exited(_)
        ),
        "the container exited on its stop signal"
    );
    ctx.destroy_clean(&stop_id).await;

    // A process that exits at once: a clear error, or an Exited state.
    let quick_id = p("quick");
    match ctx
        .rt
        .create_and_start(&ctx.spec(&quick_id, &["sh", "-c", "exit 3"]))
        .await
    {
        Err(e) => {
            eprintln!("{backend:?}: exits at once: {e}");
            assert!(e.to_string().contains(&quick_id), "{e}");
            assert_eq!(ctx.leftovers(&quick_id), Vec::<String>::new());
        }
        Ok(_) => {
            let st = wait_for(Duration::from_secs(5), async || {
                match ctx.rt.state(&quick_id).await.unwrap() {
                    SandboxState::Exited(c) => Some(c),
                    _ => None,
                }
            })
            .await;
            eprintln!("{backend:?}: exits at once: state Exited({st:?})");
            assert!(st.is_some(), "never seen as exited");
            if backend != Backend::Runsc {
                assert_eq!(st, Some(3));
            }
            ctx.destroy_clean(&quick_id).await;
        }
    }

    // A command that does not exist: an error naming the sandbox, nothing left.
    let bad_id = p("bad");
    let err = ctx
        .rt
        .create_and_start(&ctx.spec(&bad_id, &["/no/such/binary"]))
        .await;
    match err {
        Err(e) => {
            eprintln!("{backend:?}: missing command: {e}");
            assert!(e.to_string().contains(&bad_id));
        }
        Ok(_) => {
            // runsc reports exec failures only as an exit; still must not run.
            let st = wait_for(Duration::from_secs(5), async || {
                match ctx.rt.state(&bad_id).await.unwrap() {
                    SandboxState::Exited(c) => Some(c),
                    _ => None,
                }
            })
            .await;
            assert!(st.is_some(), "{backend:?}: a missing command started");
            ctx.rt.destroy(&bad_id).await.unwrap();
        }
    }
    assert_eq!(ctx.leftovers(&bad_id), Vec::<String>::new());

    // A missing image rootfs fails before anything is made.
    let mut no_root = ctx.spec(&p("noroot"), HTTPD);
    no_root.image_rootfs = base.join("nope");
    assert!(ctx.rt.create_and_start(&no_root).await.is_err());
    assert_eq!(ctx.leftovers(&no_root.id), Vec::<String>::new());

    ctx.destroy_clean(&web_id).await;
    assert_eq!(ctx.rt.list().await, Vec::<String>::new());
    assert!(
        std::fs::read_dir(&state_dir).unwrap().next().is_none(),
        "state dir not empty"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn embedded_backend() {
    suite(Backend::Embedded).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn runc_backend() {
    suite(Backend::Runc).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn runsc_backend() {
    suite(Backend::Runsc).await;
}
