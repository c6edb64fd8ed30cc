//! Child reaping for the daemon.
//!
//! Container init processes (and runsc's sandbox and gofer) outlive the shim or
//! `runc create` that made them, so they are reparented to the daemon, which
//! must therefore be a child subreaper: PID 1 on these hosts reaps slowly, and
//! an unreaped container init looks alive to `kill(pid, 0)`.
//!
//! Choice: reap everything. One thread blocks in `waitpid(-1)` and records every
//! exit status in a bounded map that `state()` and `wait_for` consult. The
//! alternative, reaping only known PIDs, cannot see runsc's helpers nor the
//! grandchildren a dying PID namespace hands us. The cost: once `start()` ran,
//! `std::process::Child::wait` (or tokio's) in this process may see ECHILD, so
//! code here waits for children with `wait_for(pid)` instead.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Statuses kept for PIDs nobody asked about yet.
const MAX_RECORDS: usize = 4096;

#[derive(Default)]
struct Records {
    exits: HashMap<i32, i32>,
    order: VecDeque<i32>,
}

struct Reaper {
    records: Mutex<Records>,
    changed: Condvar,
}

fn reaper() -> &'static Reaper {
    static REAPER: OnceLock<Reaper> = OnceLock::new();
    REAPER.get_or_init(|| Reaper {
        records: Mutex::new(Records::default()),
        changed: Condvar::new(),
    })
}

/// Make this process the reaper of orphans among its descendants.
pub fn become_subreaper() -> std::io::Result<()> {
    // SAFETY: prctl with integer arguments.
    if unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// Become a subreaper and start the reaping thread (once per process).
pub fn start() -> std::io::Result<()> {
    become_subreaper()?;
    static STARTED: OnceLock<()> = OnceLock::new();
    let mut spawn_err = None;
    STARTED.get_or_init(|| {
        if let Err(e) = std::thread::Builder::new()
            .name("sessionpool-reaper".into())
            .spawn(reap_forever)
        {
            spawn_err = Some(e);
        }
    });
    spawn_err.map_or(Ok(()), Err)
}

/// Exit code, or 128+signal.
pub fn decode(status: i32) -> i32 {
    if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else if libc::WIFSIGNALED(status) {
        128 + libc::WTERMSIG(status)
    } else {
        -1
    }
}

fn record(pid: i32, code: i32) {
    let r = reaper();
    let mut rec = r.records.lock().unwrap_or_else(|e| e.into_inner());
    if rec.exits.insert(pid, code).is_none() {
        rec.order.push_back(pid);
    }
    while rec.order.len() > MAX_RECORDS {
        if let Some(old) = rec.order.pop_front() {
            rec.exits.remove(&old);
        }
    }
    r.changed.notify_all();
}

fn reap_forever() {
    loop {
        let mut status = 0;
        // SAFETY: waitpid with a valid status pointer.
        let pid = unsafe { libc::waitpid(-1, &mut status, 0) };
        if pid > 0 {
            record(pid, decode(status));
            continue;
        }
        match std::io::Error::last_os_error().raw_os_error() {
            Some(libc::EINTR) => {}
            // No children right now: nothing can block, so poll gently.
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// The recorded exit status of `pid`, if the reaper saw it exit.
pub fn exit_status(pid: i32) -> Option<i32> {
    let rec = reaper().records.lock().unwrap_or_else(|e| e.into_inner());
    rec.exits.get(&pid).copied()
}

/// Wait for our child `pid` to exit and return its decoded status, whether we
/// or the reaper thread collects it. Blocking: call off the async runtime.
pub fn wait_for(pid: i32) -> i32 {
    loop {
        let mut status = 0;
        // SAFETY: waitpid on our own child with a valid status pointer.
        let got = unsafe { libc::waitpid(pid, &mut status, 0) };
        if got == pid {
            return decode(status);
        }
        if std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
            continue;
        }
        // ECHILD: the reaper thread got it (or is about to record it).
        let r = reaper();
        let mut rec = r.records.lock().unwrap_or_else(|e| e.into_inner());
        for _ in 0..100 {
            if let Some(code) = rec.exits.get(&pid) {
                return *code;
            }
            rec = r
                .changed
                .wait_timeout(rec, Duration::from_millis(10))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        return -1;
    }
}

/// Default bound on one helper subprocess (ip, nft, nsenter, runtime CLIs).
pub const DEFAULT_SUBPROCESS_TIMEOUT: Duration = Duration::from_secs(120);

/// Process-wide, like the reaper itself: helpers are spawned from many layers
/// (runtimes, egress, netns) that share no configuration object, and the
/// operator sets one value for all of them (`--subprocess-timeout`).
static SUBPROCESS_TIMEOUT_MS: AtomicU64 =
    AtomicU64::new(DEFAULT_SUBPROCESS_TIMEOUT.as_millis() as u64);

/// Set the bound `run` and `Watchdog::arm_default` use.
pub fn set_subprocess_timeout(timeout: Duration) {
    let ms = u64::try_from(timeout.as_millis())
        .unwrap_or(u64::MAX)
        .max(1);
    SUBPROCESS_TIMEOUT_MS.store(ms, Ordering::Relaxed);
}

pub fn subprocess_timeout() -> Duration {
    Duration::from_millis(SUBPROCESS_TIMEOUT_MS.load(Ordering::Relaxed))
}

/// Why a bounded subprocess run failed.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("spawn {program}: {source}")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    #[error("{program} did not finish within {}s and was killed", after.as_secs_f64())]
    TimedOut { program: String, after: Duration },
}

/// Spawn `cmd` and wait for it through `wait_for`, killing it when it runs
/// longer than the daemon's subprocess timeout.
pub fn run(cmd: &mut std::process::Command) -> Result<i32, RunError> {
    run_with_timeout(cmd, subprocess_timeout())
}

/// Spawn `cmd` and wait at most `timeout` for it; past that it is killed
/// (SIGKILL through a pidfd, so a recycled PID is never hit) and reaped.
pub fn run_with_timeout(
    cmd: &mut std::process::Command,
    timeout: Duration,
) -> Result<i32, RunError> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let child = cmd.spawn().map_err(|source| RunError::Spawn {
        program: program.clone(),
        source,
    })?;
    let watchdog = Watchdog::arm(child.id() as i32, timeout);
    let code = wait_for(child.id() as i32);
    if watchdog.disarm() {
        return Err(RunError::TimedOut {
            program,
            after: timeout,
        });
    }
    Ok(code)
}

/// Kills one child if it is still running when a timeout passes. Used where
/// the caller waits some other way (reading its pipes, `wait_for`).
pub struct Watchdog {
    cancel: std::sync::mpsc::Sender<()>,
    thread: std::thread::JoinHandle<bool>,
}

impl Watchdog {
    /// Start timing `pid`, which must be our unreaped child: the pidfd is
    /// taken now, while the PID still names it.
    pub fn arm(pid: i32, timeout: Duration) -> Watchdog {
        // SAFETY: pidfd_open with a PID and no flags; returns a new fd or -1.
        let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) } as i32;
        let (cancel, cancelled) = std::sync::mpsc::channel::<()>();
        let deadline = Instant::now() + timeout;
        let thread = std::thread::spawn(move || {
            let wait = deadline.saturating_duration_since(Instant::now());
            let fired = matches!(
                cancelled.recv_timeout(wait),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout)
            );
            if fired && fd >= 0 {
                // SAFETY: pidfd_send_signal on the fd we own; a process that
                // already exited yields ESRCH, which is fine.
                unsafe {
                    libc::syscall(
                        libc::SYS_pidfd_send_signal,
                        fd,
                        libc::SIGKILL,
                        std::ptr::null::<libc::siginfo_t>(),
                        0,
                    );
                }
            }
            if fd >= 0 {
                // SAFETY: closing the fd we opened.
                unsafe { libc::close(fd) };
            }
            fired
        });
        Watchdog { cancel, thread }
    }

    pub fn arm_default(pid: i32) -> Watchdog {
        Watchdog::arm(pid, subprocess_timeout())
    }

    /// Stop timing; true when the timeout had already fired (and killed it).
    pub fn disarm(self) -> bool {
        let _ = self.cancel.send(());
        self.thread.join().unwrap_or(false)
    }
}

/// Liveness of a process we did not necessarily fork: `pid` with the start time
/// (clock ticks since boot, /proc/PID/stat field 22) recorded when it started,
/// so a reused PID is never mistaken for the sandbox. Zombies count as dead.
pub fn proc_start_time(pid: i32) -> Option<(char, u64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces and parentheses: split after the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let state = fields.first()?.chars().next()?;
    let start = fields.get(19)?.parse().ok()?;
    Some((state, start))
}

/// Is `pid`, started at `start_time`, still running (not a zombie)?
pub fn is_alive(pid: i32, start_time: u64) -> bool {
    matches!(proc_start_time(pid), Some((state, st)) if st == start_time && state != 'Z' && state != 'X')
}

#[cfg(test)]
mod tests {
    #[test]
    fn own_start_time_is_readable() {
        let (state, start) = super::proc_start_time(std::process::id() as i32).unwrap();
        assert!(start > 0);
        assert!(matches!(state, 'R' | 'S'));
    }

    #[test]
    fn a_subprocess_past_its_timeout_is_killed() {
        let started = std::time::Instant::now();
        let err = super::run_with_timeout(
            std::process::Command::new("sleep").arg("30"),
            std::time::Duration::from_millis(300),
        )
        .unwrap_err();
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "took {:?}",
            started.elapsed()
        );
        assert!(
            matches!(&err, super::RunError::TimedOut { program, .. } if program == "sleep"),
            "{err}"
        );
        assert!(
            err.to_string().contains("did not finish within 0.3s"),
            "{err}"
        );
    }

    #[test]
    fn a_subprocess_within_its_timeout_reports_its_status() {
        let code = super::run_with_timeout(
            std::process::Command::new("sh").args(["-c", "exit 3"]),
            std::time::Duration::from_secs(10),
        )
        .unwrap();
        assert_eq!(code, 3);
    }

    #[test]
    fn statuses_decode() {
        assert_eq!(super::decode(3 << 8), 3);
        assert_eq!(super::decode(libc::SIGKILL), 137);
    }
}
