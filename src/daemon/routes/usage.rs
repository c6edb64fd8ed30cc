//! What a session's container uses, from its cgroup: CPU time and memory,
//! as `sessionpool top` shows them. cgroup v2, or v1's cpuacct and memory
//! hierarchies on hosts that still mount those.

use std::path::PathBuf;

const ROOT: &str = "/sys/fs/cgroup";

/// (CPU seconds used so far, memory bytes in use) of the cgroup `pid` is in.
pub fn of_pid(pid: i32) -> Option<(f64, u64)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/cgroup")).ok()?;
    // Each line: hierarchy-id:controllers:path ("0::path" is cgroup v2).
    let lines: Vec<(&str, &str)> = text
        .lines()
        .filter_map(|l| {
            let mut parts = l.splitn(3, ':');
            let (_, controllers, path) = (parts.next()?, parts.next()?, parts.next()?);
            Some((controllers, path))
        })
        .collect();
    let v1 = |controller: &str| {
        lines
            .iter()
            .find(|(c, _)| c.split(',').any(|x| x == controller))
            .and_then(|(c, p)| dir(c, p))
    };
    if let (Some(cpu), Some(memory)) = (v1("cpuacct"), v1("memory")) {
        let ns: u64 = read(cpu.join("cpuacct.usage"))?.parse().ok()?;
        let bytes = read(memory.join("memory.usage_in_bytes"))?.parse().ok()?;
        return Some((ns as f64 / 1e9, bytes));
    }
    let v2 = lines
        .iter()
        .find(|(c, _)| c.is_empty())
        .and_then(|(_, p)| dir("", p))?;
    let usec: u64 = read(v2.join("cpu.stat"))?
        .lines()
        .find_map(|l| l.strip_prefix("usage_usec ")?.trim().parse().ok())?;
    let bytes = read(v2.join("memory.current"))?.parse().ok()?;
    Some((usec as f64 / 1e6, bytes))
}

fn read(path: PathBuf) -> Option<String> {
    Some(std::fs::read_to_string(path).ok()?.trim().to_string())
}

fn dir(controllers: &str, path: &str) -> Option<PathBuf> {
    let rel = path.trim().trim_start_matches('/');
    if rel.split('/').any(|c| c == "..") {
        return None;
    }
    let base = PathBuf::from(ROOT).join(controllers);
    let dir = base.join(rel);
    dir.is_dir().then_some(dir)
}
