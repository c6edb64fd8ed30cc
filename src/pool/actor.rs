//! The per-pool actor: a ready queue of warm sandboxes, the sessions by
//! identifier, and a reconcile loop that refills, replaces and reaps.
//!
//! Allocation is the hot path: one mutex, one map lookup, one pop. Container
//! starts happen on the reconcile task unless no sandbox is ready (cold start).

use super::identity_endpoint::Grant;
use super::journal::Journal;
use super::pins::{ImagePin, ImagePins};
use super::probe::{Liveness, wait_until_serving};
use super::session::{Ended, Session};
use super::template::{Lifecycle, Template};
use super::{PoolError, PoolSettings};
use crate::identity::{IDENTITY_PATH, IDENTITY_PORT};
use crate::metrics::Metrics;
use crate::runtime::{Sandbox, SandboxRuntime, SandboxSpec};
use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::{Notify, OnceCell, Semaphore};

mod reconcile;

/// Sandbox id → network namespace, for the proxy's dialer.
/// How the data plane reaches each started sandbox, by sandbox id.
pub type NetnsMap = Arc<RwLock<HashMap<String, Arc<SandboxLink>>>>;

/// How the data plane reaches one started sandbox.
pub struct SandboxLink {
    /// Its network namespace, open: dials go through the file itself, so a
    /// namespace is never looked up by a path a later sandbox could have
    /// taken over.
    pub netns: std::fs::File,
    /// A connection to its port opened as soon as it served, so the first
    /// request of the session it becomes does not wait for a connect and
    /// the container's accept (taken by the first dial to that port).
    pub preopened: Mutex<Option<(u16, std::net::TcpStream)>>,
}

impl SandboxLink {
    /// The pre-opened connection to `port`, if it is still open.
    pub fn take_preopened(&self, port: u16) -> Option<std::net::TcpStream> {
        let (p, stream) = self
            .preopened
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()?;
        let mut byte = [0u8; 1];
        // Still open and silent: a peek would block (the socket is non-blocking).
        let alive = p == port
            && matches!(stream.peek(&mut byte), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock);
        alive.then_some(stream)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolCounts {
    pub expected: usize,
    pub ready: usize,
    pub pending: usize,
    pub allocated: usize,
    pub crash: u64,
}

struct Ready {
    sandbox: Sandbox,
    generation: u64,
    since: Instant,
    image: ImagePin,
}

/// A started sandbox and the pin on the image its rootfs is.
struct Started {
    sandbox: Sandbox,
    image: ImagePin,
}

/// The last failure of the pool's sandboxes to start, as `show` reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct LastError {
    pub code: &'static str,
    pub message: String,
    pub time: SystemTime,
}

/// Consecutive failed starts from which the pool reports itself Failed.
const FAILING_STREAK: u32 = 3;

/// Identifiers whose last session ended abnormally, remembered for the next
/// session of each; past this many the oldest are forgotten.
const ENDED_KEPT: usize = 10_000;

type Slot = Arc<OnceCell<Arc<Session>>>;

#[derive(Default)]
struct State {
    ready: VecDeque<Ready>,
    pending: usize,
    sessions: HashMap<String, Slot>,
    /// Consecutive failed starts, for crash-loop backoff.
    crash_streak: u32,
    no_start_before: Option<Instant>,
    /// Liveness probe state per sandbox id.
    liveness: HashMap<String, Liveness>,
    last_error: Option<LastError>,
    /// Why the last session of an identifier ended, when abnormally.
    ended: HashMap<String, Ended>,
}

impl State {
    /// A start failed: count it, back off exponentially, remember why.
    fn start_failed(&mut self, reason: String) -> Duration {
        self.crash_streak += 1;
        let backoff = Duration::from_millis(100 * 2u64.pow(self.crash_streak.min(8)))
            .min(Duration::from_secs(30));
        self.no_start_before = Some(Instant::now() + backoff);
        self.last_error = Some(LastError {
            code: "SessionStartFailed",
            message: reason,
            time: SystemTime::now(),
        });
        backoff
    }

    /// How long starts are still backed off for, if they are.
    fn backing_off(&self) -> Option<Duration> {
        self.no_start_before
            .and_then(|t| t.checked_duration_since(Instant::now()))
            .filter(|d| !d.is_zero())
    }

    pub(super) fn remember_end(&mut self, identifier: &str, ended: Ended) {
        if self.ended.len() >= ENDED_KEPT
            && let Some(oldest) = self
                .ended
                .iter()
                .min_by_key(|(_, e)| e.time)
                .map(|(k, _)| k.clone())
        {
            self.ended.remove(&oldest);
        }
        self.ended.insert(identifier.to_string(), ended);
    }
}

/// What every pool of one daemon shares.
pub struct Shared {
    pub runtime: Arc<dyn SandboxRuntime>,
    pub settings: PoolSettings,
    /// Bounds sandbox starts across the daemon.
    pub starts: Semaphore,
    pub netns: NetnsMap,
    pub metrics: Arc<Metrics>,
    pub pins: Arc<ImagePins>,
    pub journal: Journal,
    /// Signs managed-identity tokens for sessions of pools with an identity.
    pub identity: Arc<super::IdentityIssuer>,
    /// The identity endpoint served in each such sandbox, by sandbox id.
    pub identity_endpoints: Mutex<HashMap<String, tokio::task::JoinHandle<()>>>,
    /// Cluster mode's hooks, installed once at start.
    pub cluster: std::sync::OnceLock<Arc<dyn super::ClusterHooks>>,
}

impl Shared {
    /// A session ended: journal it and tell the cluster.
    fn session_closed(&self, pool: &str, identifier: &str, sandbox: &str) {
        self.journal.closed(pool, identifier, sandbox);
        if let Some(hooks) = self.cluster.get() {
            hooks.session_closed(pool, identifier);
        }
    }

    /// This node's part of a pool's ready target.
    pub(super) fn ready_share(&self, pool: &str, ready: usize) -> usize {
        self.cluster
            .get()
            .map_or(ready, |h| h.ready_share(pool, ready))
    }

    /// A sandbox is gone: forget its namespace, stop its identity endpoint.
    fn forget_sandbox(&self, id: &str) {
        self.netns
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
        if let Some(endpoint) = self
            .identity_endpoints
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id)
        {
            endpoint.abort();
        }
    }
}

pub struct PoolRuntime {
    pub label: String,
    /// This pool's request counters and latency (recorded without a lock).
    pub metrics: Arc<crate::metrics::PoolMetrics>,
    /// A code interpreter pool's type (fixed at creation, so read without
    /// the template's lock on every request).
    pub interpreter: Option<crate::spec::ContainerType>,
    shared: Arc<Shared>,
    template: RwLock<(u64, Arc<Template>)>,
    /// (maxConcurrentSessions, readySessionInstances)
    scale: Mutex<(usize, usize)>,
    state: Mutex<State>,
    wake: Notify,
    closed: AtomicBool,
    /// Set with `closed`: wakes starts waiting on a startup probe, so closing
    /// (and daemon shutdown) never waits out a probe.
    closing: tokio::sync::watch::Sender<bool>,
    crash_count: AtomicU64,
}

impl PoolRuntime {
    pub(super) fn start(
        label: String,
        shared: Arc<Shared>,
        template: Template,
        scale: (usize, usize),
    ) -> Arc<Self> {
        let pool = Arc::new(Self {
            metrics: shared.metrics.pool(&label),
            label,
            shared,
            interpreter: template.interpreter,
            template: RwLock::new((1, Arc::new(template))),
            scale: Mutex::new(scale),
            state: Mutex::new(State::default()),
            wake: Notify::new(),
            closed: AtomicBool::new(false),
            closing: tokio::sync::watch::Sender::new(false),
            crash_count: AtomicU64::new(0),
        });
        tokio::spawn(reconcile::run(Arc::downgrade(&pool)));
        pool
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn current(&self) -> (u64, Arc<Template>) {
        let t = self.template.read().unwrap_or_else(|p| p.into_inner());
        (t.0, t.1.clone())
    }

    pub fn template(&self) -> Arc<Template> {
        self.current().1
    }

    pub fn set_scale(&self, max: usize, ready: usize) {
        *self.scale.lock().unwrap_or_else(|p| p.into_inner()) = (max, ready);
        self.wake.notify_one();
    }

    /// maxConcurrentSessions as applied.
    pub fn max_sessions(&self) -> usize {
        self.scale().0
    }

    fn scale(&self) -> (usize, usize) {
        *self.scale.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A changed template: new ready sandboxes use it; allocated sessions run on.
    pub fn set_template(&self, template: Template) {
        let stale: Vec<Ready> = {
            let mut t = self.template.write().unwrap_or_else(|p| p.into_inner());
            if t.1.key == template.key {
                return;
            }
            *t = (t.0 + 1, Arc::new(template));
            let mut s = self.state();
            s.crash_streak = 0;
            s.no_start_before = None;
            s.last_error = None;
            s.ready.drain(..).collect()
        };
        for r in stale {
            self.destroy_later(r.sandbox.id);
        }
        self.wake.notify_one();
    }

    /// Why sandboxes last failed to start, and whether they still fail
    /// (the last few starts in a row failed).
    pub fn last_error(&self) -> (Option<LastError>, bool) {
        let s = self.state();
        (s.last_error.clone(), s.crash_streak >= FAILING_STREAK)
    }

    pub fn counts(&self) -> PoolCounts {
        let (max, ready_target) = self.scale();
        let s = self.state();
        PoolCounts {
            expected: ready_target.min(max.saturating_sub(s.sessions.len())),
            ready: s.ready.len(),
            pending: s.pending,
            allocated: s.sessions.len(),
            crash: self.crash_count.load(Ordering::Relaxed),
        }
    }

    /// The session of `identifier`, allocating one (warm if possible) when new.
    /// Concurrent first requests for one identifier share one session; the
    /// flag is true for the one call that allocated it (metrics count sessions,
    /// not the requests that waited for one).
    pub async fn allocate(
        self: &Arc<Self>,
        identifier: &str,
    ) -> Result<(Arc<Session>, bool), PoolError> {
        let slot = {
            let mut s = self.state();
            match s.sessions.get(identifier) {
                Some(slot) => slot.clone(),
                None => {
                    let (max, _) = self.scale();
                    if s.sessions.len() >= max {
                        return Err(PoolError::Capacity { max });
                    }
                    let slot = Slot::default();
                    s.sessions.insert(identifier.to_string(), slot.clone());
                    // The hot path: a ready sandbox is handed over under this
                    // same lock, so no request can see the slot empty and
                    // nothing awaits.
                    if let Some(session) = self.take_ready(&mut s, identifier) {
                        let _ = slot.set(session.clone());
                        drop(s);
                        self.refill_soon();
                        return Ok((session, true));
                    }
                    slot
                }
            }
        };
        if let Some(session) = slot.get() {
            return Ok((session.clone(), false));
        }
        // The allocation runs on its own task: a caller that goes away (its
        // client disconnected) must not abandon a half-started sandbox, the
        // pending count, or an empty slot that holds a unit of capacity.
        let (pool, id) = (self.clone(), identifier.to_string());
        tokio::spawn(async move {
            let mut fresh = false;
            let result = slot
                .get_or_try_init(|| {
                    fresh = true;
                    pool.assign(&id)
                })
                .await
                .cloned();
            if result.is_err() {
                let mut s = pool.state();
                if s.sessions
                    .get(&id)
                    .is_some_and(|cur| Arc::ptr_eq(cur, &slot) && cur.get().is_none())
                {
                    s.sessions.remove(&id);
                }
            }
            result.map(|session| (session, fresh))
        })
        .await
        .map_err(|e| PoolError::SandboxStart(format!("the allocation task ended: {e}")))?
    }

    /// A session on a ready sandbox of the current template, if one is ready.
    fn take_ready(&self, s: &mut State, identifier: &str) -> Option<Arc<Session>> {
        if self.is_closed() {
            return None;
        }
        let (generation, template) = self.current();
        while let Some(r) = s.ready.pop_front() {
            if r.generation == generation {
                tracing::info!(pool = %self.label, identifier, sandbox = %r.sandbox.id, warm = true, "session allocated");
                self.shared
                    .journal
                    .opened(&self.label, identifier, &r.sandbox.id);
                let previous = s.ended.remove(identifier);
                return Some(Arc::new(Session::new(
                    identifier.to_string(),
                    r.sandbox,
                    template.port,
                    true,
                    r.image,
                    previous,
                )));
            }
            self.destroy_later(r.sandbox.id);
        }
        None
    }

    /// Wake the reconciler to refill, a moment later: a sandbox start (a fork
    /// and exec on 2 cores) should not compete with the request that just
    /// took a ready one.
    fn refill_soon(self: &Arc<Self>) {
        let pool = Arc::downgrade(self);
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(5)).await;
            if let Some(p) = pool.upgrade() {
                p.wake.notify_one();
            }
        });
    }

    /// Slow path of `allocate`: a ready sandbox may have come meanwhile; else
    /// start one (cold).
    async fn assign(self: &Arc<Self>, identifier: &str) -> Result<Arc<Session>, PoolError> {
        let warm = {
            let mut s = self.state();
            self.take_ready(&mut s, identifier)
        };
        self.wake.notify_one();
        if let Some(session) = warm {
            return Ok(session);
        }
        let template = self.template();
        {
            // A crash-looping template: a request must not start a container
            // the reconciler would not start either.
            let mut s = self.state();
            if let Some(wait) = s.backing_off() {
                return Err(PoolError::BackingOff {
                    retry_after: wait,
                    reason: s
                        .last_error
                        .as_ref()
                        .map_or_else(String::new, |e| e.message.clone()),
                });
            }
            s.pending += 1;
        }
        let started = self.start_sandbox(&template).await;
        // Closed meanwhile: close() no longer sees this slot, and waits for
        // `pending` while the sandbox goes.
        let closed = self.is_closed();
        if let (Ok(st), true) = (&started, closed) {
            self.destroy(&st.sandbox.id).await;
        }
        {
            let mut s = self.state();
            s.pending -= 1;
            match &started {
                Ok(_) => s.crash_streak = 0,
                Err(e) if !closed => {
                    self.crash_count.fetch_add(1, Ordering::Relaxed);
                    let backoff = s.start_failed(e.to_string());
                    tracing::warn!(pool = %self.label, identifier, error = %e, backoff_ms = backoff.as_millis() as u64, "a cold start failed");
                }
                Err(_) => {}
            }
        }
        if closed {
            return Err(PoolError::NotRunning {
                state: "Deleting".into(),
            });
        }
        let started = started?;
        tracing::info!(pool = %self.label, identifier, sandbox = %started.sandbox.id, warm = false, "session allocated");
        self.shared
            .journal
            .opened(&self.label, identifier, &started.sandbox.id);
        let previous = self.state().ended.remove(identifier);
        Ok(Arc::new(Session::new(
            identifier.to_string(),
            started.sandbox,
            template.port,
            false,
            started.image,
            previous,
        )))
    }

    /// Create a sandbox and wait until it serves its port.
    async fn start_sandbox(&self, template: &Template) -> Result<Started, PoolError> {
        // Pinned before anything reads the rootfs: garbage collection must
        // not remove it under a starting sandbox.
        let image = self.shared.pins.pin(&template.image_digest);
        let id = format!("sp-{}", &uuid::Uuid::new_v4().simple().to_string()[..16]);
        let mut process = template.process.clone();
        let grant = template
            .identity
            .as_ref()
            .map(|(principal_id, resource_id)| {
                let header = hex::encode(rand::random::<[u8; 32]>());
                process.env.push(format!(
                    "IDENTITY_ENDPOINT=http://127.0.0.1:{IDENTITY_PORT}{IDENTITY_PATH}"
                ));
                process.env.push(format!("IDENTITY_HEADER={header}"));
                Grant {
                    principal_id: principal_id.clone(),
                    resource_id: resource_id.clone(),
                    header,
                }
            });
        let spec = SandboxSpec {
            id: id.clone(),
            image_rootfs: template.image_rootfs.clone(),
            process,
            cpu_cores: template.cpu,
            memory_bytes: template.memory_bytes,
            pids_limit: self.shared.settings.pids_limit,
            disk_bytes: self.shared.settings.disk_bytes,
            // Its own per sandbox (random, unrelated to the sandbox's id), so
            // a client can tell sessions apart, as on Azure.
            hostname: format!("session-{:08x}", rand::random::<u32>()),
            egress: template.egress,
            make_dirs: template.make_dirs.clone(),
            stop_signal: template.stop_signal,
            read_only_binds: template.read_only_binds.clone(),
        };
        let started = Instant::now();
        // The start slot bounds concurrent creates (fork, exec, mounts); it is
        // not held through the startup probe, which may wait for long.
        let sandbox =
            {
                let _permit =
                    self.shared.starts.acquire().await.map_err(|_| {
                        PoolError::SandboxStart("the daemon is shutting down".into())
                    })?;
                self.shared.runtime.create_and_start(&spec).await?
            };
        let netns = match std::fs::File::open(&sandbox.netns_path) {
            Ok(f) => f,
            Err(e) => {
                self.destroy(&id).await;
                return Err(PoolError::SandboxStart(format!(
                    "cannot open the sandbox's network namespace: {e}"
                )));
            }
        };
        let link = Arc::new(SandboxLink {
            netns,
            preopened: Mutex::new(None),
        });
        self.shared
            .netns
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id.clone(), link.clone());
        if let Some(grant) = grant
            && let Err(e) = self.serve_identity(&id, &sandbox.netns_path, grant).await
        {
            self.destroy(&id).await;
            return Err(PoolError::SandboxStart(format!(
                "cannot serve the managed identity endpoint in the sandbox: {e}"
            )));
        }
        let mut closing = self.closing.subscribe();
        let probed = tokio::select! {
            probed = wait_until_serving(
                &*self.shared.runtime,
                &sandbox,
                template,
                self.shared.settings.startup_timeout,
            ) => probed,
            _ = closing.wait_for(|c| *c) => Err("the pool closed while the session was starting".into()),
        };
        match probed {
            Ok(()) => {
                self.shared.metrics.sandbox_start.observe(started.elapsed());
                if let Ok(stream) = preopen(&link.netns, template.port).await {
                    *link.preopened.lock().unwrap_or_else(|e| e.into_inner()) =
                        Some((template.port, stream));
                }
                Ok(Started { sandbox, image })
            }
            Err(reason) => {
                self.destroy(&id).await;
                Err(PoolError::SandboxStart(reason))
            }
        }
    }

    /// Listen on the sandbox's loopback for its identity token requests.
    async fn serve_identity(
        &self,
        id: &str,
        netns: &std::path::Path,
        grant: Grant,
    ) -> std::io::Result<()> {
        let path = netns.to_path_buf();
        let listener = tokio::task::spawn_blocking(move || {
            crate::runtime::listen_in_netns(&path, IDENTITY_PORT)
        })
        .await
        .map_err(|_| std::io::Error::other("the listener task panicked"))??;
        let served =
            super::identity_endpoint::serve(listener, self.shared.identity.clone(), grant)?;
        self.shared
            .identity_endpoints
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id.to_string(), served);
        Ok(())
    }

    async fn destroy(&self, id: &str) {
        if let Err(e) = self.shared.runtime.destroy(id).await {
            tracing::warn!(pool = %self.label, sandbox = id, error = %e, "failed to destroy a sandbox");
        }
        self.shared.forget_sandbox(id);
    }

    /// End a session's sandbox gracefully: its stop signal, a bounded wait,
    /// then the teardown.
    async fn end_gracefully(&self, id: &str) {
        self.end_within(id, self.shared.settings.stop_grace).await
    }

    async fn end_within(&self, id: &str, grace: Duration) {
        if let Err(e) = self.shared.runtime.stop(id, grace).await {
            tracing::warn!(pool = %self.label, sandbox = id, error = %e, "failed to stop a sandbox gracefully");
        }
        self.destroy(id).await;
    }

    /// `end_gracefully` off the caller's path (the reconcile loop must not
    /// wait out one session's grace period).
    fn end_gracefully_later(self: &Arc<Self>, id: String) {
        let this = self.clone();
        tokio::spawn(async move { this.end_gracefully(&id).await });
    }

    fn destroy_later(&self, id: String) {
        let (shared, label) = (self.shared.clone(), self.label.clone());
        tokio::spawn(async move {
            if let Err(e) = shared.runtime.destroy(&id).await {
                tracing::warn!(pool = %label, sandbox = %id, error = %e, "failed to destroy a sandbox");
            }
            shared.forget_sandbox(&id);
        });
    }

    /// (label, log file) of every sandbox: sessions by identifier, ready ones by id.
    pub fn log_sources(&self) -> Vec<(String, PathBuf)> {
        let s = self.state();
        let mut out: Vec<(String, PathBuf)> = s
            .sessions
            .iter()
            .filter_map(|(id, slot)| {
                slot.get()
                    .map(|sess| (id.clone(), sess.sandbox.log_path.clone()))
            })
            .collect();
        out.sort();
        out.extend(
            s.ready
                .iter()
                .map(|r| (r.sandbox.id.clone(), r.sandbox.log_path.clone())),
        );
        out
    }

    /// All sessions, for session management.
    pub fn sessions(&self) -> Vec<Arc<Session>> {
        self.state()
            .sessions
            .values()
            .filter_map(|s| s.get().cloned())
            .collect()
    }

    pub fn session(&self, identifier: &str) -> Option<Arc<Session>> {
        self.state()
            .sessions
            .get(identifier)
            .and_then(|s| s.get().cloned())
    }

    /// End a session now; its identifier starts afresh next time. A session
    /// still starting is not there yet: its slot stays, or the sandbox the
    /// start is making would belong to no one (and never be destroyed).
    pub async fn stop_session(&self, identifier: &str) -> bool {
        let removed = {
            let mut s = self.state();
            match s.sessions.get(identifier) {
                Some(slot) if slot.get().is_some() => s.sessions.remove(identifier),
                _ => None,
            }
        };
        match removed.and_then(|s| s.get().cloned()) {
            Some(session) => {
                tracing::info!(pool = %self.label, identifier, sandbox = %session.sandbox.id, "session stopped");
                self.shared
                    .session_closed(&self.label, identifier, &session.sandbox.id);
                self.end_gracefully(&session.sandbox.id).await;
                self.wake.notify_one();
                true
            }
            None => false,
        }
    }

    pub fn expires_in(&self, session: &Session) -> Option<Duration> {
        match self.template().lifecycle {
            Lifecycle::Timed { cooldown } => {
                let cooldown = self.shared.settings.cooldown_override.unwrap_or(cooldown);
                Some(cooldown.saturating_sub(session.idle_for().unwrap_or_default()))
            }
            Lifecycle::OnContainerExit { max_alive } => {
                Some(max_alive.saturating_sub(session.age()))
            }
        }
    }

    /// Identifiers whose sessions the daemon's restart ended: their next
    /// session says so.
    pub(super) fn lost_in_restart(&self, identifiers: Vec<String>) {
        let mut s = self.state();
        for identifier in identifiers {
            let end = Ended::restart();
            tracing::warn!(pool = %self.label, identifier, reason = %end.reason, kind = end.kind, "session ended abnormally; its identifier gets a new session next time");
            self.shared.metrics.session_ended(&self.label, end.kind);
            s.remember_end(&identifier, end);
        }
    }

    /// Stop everything: ready sandboxes and sessions are torn down. Sessions
    /// stay in the journal: after a shutdown the next run reports them ended
    /// by the restart (a deleted pool's entries are dropped by the manager).
    pub async fn close(&self) {
        self.close_within(self.shared.settings.stop_grace).await
    }

    /// `close`, giving sessions at most `grace` (and at most the stop grace)
    /// to exit after their stop signal.
    pub async fn close_within(&self, grace: Duration) {
        self.closed.store(true, Ordering::Release);
        self.closing.send_replace(true);
        self.wake.notify_one();
        let (ready, sessions): (Vec<Ready>, Vec<Slot>) = {
            let mut s = self.state();
            (
                s.ready.drain(..).collect(),
                s.sessions.drain().map(|(_, v)| v).collect(),
            )
        };
        for_all(ready.iter().map(|r| self.destroy(&r.sandbox.id))).await;
        // Sessions get their grace period all at once, not one after another.
        let grace = grace.min(self.shared.settings.stop_grace);
        let ending = sessions
            .iter()
            .filter_map(|s| s.get())
            .map(|s| self.end_within(&s.sandbox.id, grace));
        for_all(ending).await;
        // Starts in flight see `closed` and destroy what they made; wait for them.
        while self.state().pending > 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }
}

/// Run the futures concurrently on this task and wait for all of them.
async fn for_all<F: std::future::Future<Output = ()>>(futures: impl Iterator<Item = F>) {
    let mut pending: Vec<std::pin::Pin<Box<F>>> = futures.map(Box::pin).collect();
    std::future::poll_fn(|cx| {
        pending.retain_mut(|f| f.as_mut().poll(cx).is_pending());
        if pending.is_empty() {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await
}

/// A connection into the sandbox, for its first request (see `SandboxLink`).
/// Failing to open one is no error: the first request dials instead.
async fn preopen(netns: &std::fs::File, port: u16) -> std::io::Result<std::net::TcpStream> {
    let stream = tokio::time::timeout(
        Duration::from_secs(1),
        crate::runtime::connect_in_netns_file_async(netns, port),
    )
    .await
    .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))??;
    stream.set_nodelay(true)?;
    stream.into_std()
}
