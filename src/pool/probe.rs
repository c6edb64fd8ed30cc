//! Probes from `--probe-yaml`. Startup gates Ready (default: a TCP connection
//! to the target port succeeds inside the sandbox's network namespace);
//! Liveness, checked every periodSeconds, ends a session or replaces a ready
//! sandbox after failureThreshold failures in a row.

use super::template::Template;
use crate::runtime::{Sandbox, SandboxRuntime, SandboxState, connect_in_netns_async};
use crate::spec::Probe;
use std::path::Path;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One probe attempt: TCP connect, or an HTTP GET answered 200–399.
pub async fn probe_once(netns: &Path, probe: &Probe, default_port: u16) -> bool {
    let port = probe_port(probe).unwrap_or(default_port);
    let timeout = Duration::from_secs(probe.timeout_seconds.unwrap_or(1).max(1) as u64);
    let attempt = async {
        let mut stream = connect_in_netns_async(netns, port).await.ok()?;
        let Some(http) = &probe.http_get else {
            return Some(true);
        };
        let mut req = format!(
            "GET {} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\nUser-Agent: sessionpool-probe\r\n",
            http.path.as_deref().unwrap_or("/")
        );
        for h in http.http_headers.iter().flatten() {
            req.push_str(&format!("{}: {}\r\n", h.name, h.value));
        }
        req.push_str("\r\n");
        stream.write_all(req.as_bytes()).await.ok()?;
        let mut head = [0u8; 16];
        let n = stream.read(&mut head).await.ok()?;
        // "HTTP/1.1 200 ..." → the three status digits.
        let status: u16 = std::str::from_utf8(head.get(9..12.min(n))?)
            .ok()?
            .parse()
            .ok()?;
        Some((200..400).contains(&status))
    };
    matches!(tokio::time::timeout(timeout, attempt).await, Ok(Some(true)))
}

fn probe_port(p: &Probe) -> Option<u16> {
    let port = p
        .tcp_socket
        .as_ref()
        .map(|t| t.port)
        .or(p.http_get.as_ref().map(|h| h.port))?;
    u16::try_from(port).ok()
}

/// Wait until the Startup probe (or a TCP connect to the target port) passes.
pub async fn wait_until_serving(
    runtime: &dyn SandboxRuntime,
    sandbox: &Sandbox,
    template: &Template,
    timeout: Duration,
) -> Result<(), String> {
    let default = Probe {
        tcp_socket: Some(crate::spec::ProbeTcpSocket {
            port: template.port.into(),
        }),
        ..Default::default()
    };
    let probe = template.startup.as_ref().unwrap_or(&default);
    let deadline = Instant::now() + timeout;
    let mut delay = Duration::from_millis(1);
    let mut checks = 0u32;
    loop {
        if probe_once(&sandbox.netns_path, probe, template.port).await {
            return Ok(());
        }
        checks += 1;
        // Asking the runtime is dearer than a connect: only now and then.
        if checks.is_multiple_of(8)
            && let Ok(SandboxState::Exited(code)) = runtime.state(&sandbox.id).await
        {
            return Err(format!(
                "the container exited with code {code} before its startup probe passed"
            ));
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "the container's startup probe did not pass within {} s",
                timeout.as_secs()
            ));
        }
        tokio::time::sleep(delay).await;
        // A connect attempt is a socket and a refused SYN on loopback: cheap
        // enough to poll every few ms, which is what bounds a start's latency.
        delay = (delay * 2).min(Duration::from_millis(4));
    }
}

/// Liveness bookkeeping of one sandbox.
#[derive(Debug, Default)]
pub struct Liveness {
    failures: i64,
    last: Option<Instant>,
}

impl Liveness {
    /// Probe when due; true when the sandbox has failed too often and must go.
    pub async fn check(
        &mut self,
        probe: &Probe,
        sandbox: &Sandbox,
        port: u16,
        age: Duration,
    ) -> bool {
        let period = Duration::from_secs(probe.period_seconds.unwrap_or(10).max(1) as u64);
        let delay = Duration::from_secs(probe.initial_delay_seconds.unwrap_or(0).max(0) as u64);
        if age < delay || self.last.is_some_and(|t| t.elapsed() < period) {
            return false;
        }
        self.last = Some(Instant::now());
        if probe_once(&sandbox.netns_path, probe, port).await {
            self.failures = 0;
            return false;
        }
        self.failures += 1;
        self.failures >= probe.failure_threshold.unwrap_or(3).max(1)
    }
}
