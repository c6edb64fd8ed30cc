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
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::Duration;

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

/// Spawn `cmd` and wait for it through `wait_for`.
pub fn run(cmd: &mut std::process::Command) -> std::io::Result<i32> {
    let child = cmd.spawn()?;
    Ok(wait_for(child.id() as i32))
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
    fn statuses_decode() {
        assert_eq!(super::decode(3 << 8), 3);
        assert_eq!(super::decode(libc::SIGKILL), 137);
    }
}
