//! Readiness: a sandbox is Ready once its Startup probe passes (default: a TCP
//! connection to the target port succeeds inside its network namespace).

use super::template::Template;
use crate::runtime::{Sandbox, SandboxRuntime, SandboxState, connect_in_netns_async};
use std::time::{Duration, Instant};

pub async fn wait_until_serving(
    runtime: &dyn SandboxRuntime,
    sandbox: &Sandbox,
    template: &Template,
    timeout: Duration,
) -> Result<(), String> {
    let port = template
        .startup
        .as_ref()
        .and_then(|p| {
            p.tcp_socket
                .as_ref()
                .map(|t| t.port)
                .or(p.http_get.as_ref().map(|h| h.port))
        })
        .and_then(|p| u16::try_from(p).ok())
        .unwrap_or(template.port);
    let deadline = Instant::now() + timeout;
    let mut delay = Duration::from_millis(1);
    let mut checks = 0u32;
    loop {
        if connect_in_netns_async(&sandbox.netns_path, port)
            .await
            .is_ok()
        {
            return Ok(());
        }
        checks += 1;
        // Asking the runtime is dearer than a connect: only now and then.
        if checks.is_multiple_of(8)
            && let Ok(SandboxState::Exited(code)) = runtime.state(&sandbox.id).await
        {
            return Err(format!(
                "the container exited with code {code} before it listened on port {port}"
            ));
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "the container did not listen on port {port} within {} s",
                timeout.as_secs()
            ));
        }
        tokio::time::sleep(delay).await;
        // A connect attempt is a socket and a refused SYN on loopback: cheap
        // enough to poll every few ms, which is what bounds a start's latency.
        delay = (delay * 2).min(Duration::from_millis(4));
    }
}
