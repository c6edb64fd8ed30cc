//! Helpers the benchmarks share (included with `#[path]`; not an example itself).

use std::net::TcpListener;
use std::process::{Command, Stdio};

/// A free loopback port.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Run `cmd` (stderr passed through), require success, return its trimmed stdout.
pub fn run(cmd: &mut Command) -> String {
    let out = cmd
        .stderr(Stdio::inherit())
        .output()
        .unwrap_or_else(|e| panic!("run {cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?} failed: {}", out.status);
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
