//! Daemon-wide settings every pool shares.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct PoolSettings {
    /// Most processes in one sandbox (fork bombs stop here).
    pub pids_limit: i64,
    /// Size cap of a sandbox's writable layer.
    pub disk_bytes: u64,
    /// Sandboxes starting at once across the daemon (`--start-parallelism`).
    pub start_parallelism: usize,
    /// How long a new sandbox may take to accept connections on its port.
    pub startup_timeout: Duration,
    /// Tests only: replaces every pool's cooldown, which the API keeps ≥ 300 s.
    pub cooldown_override: Option<Duration>,
    /// How long a session's container has to exit after its stop signal
    /// before it is killed.
    pub stop_grace: Duration,
    /// Daemon shutdown: the most sessions get after their stop signal.
    pub shutdown_grace: Duration,
    /// How often idle sessions and dead sandboxes are looked for.
    pub tick: Duration,
    /// Base images and server files of code interpreter pools; without
    /// them, creating a PythonLTS pool fails.
    pub interpreters: Option<super::InterpreterSettings>,
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self {
            pids_limit: 512,
            disk_bytes: 256 << 20,
            start_parallelism: 4,
            startup_timeout: Duration::from_secs(30),
            cooldown_override: None,
            stop_grace: Duration::from_secs(10),
            shutdown_grace: Duration::from_millis(2500),
            tick: Duration::from_millis(500),
            interpreters: None,
        }
    }
}
