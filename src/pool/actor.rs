//! The per-pool actor: a ready queue of warm sandboxes, the sessions by
//! identifier, and a reconcile loop that refills, replaces and reaps.
//!
//! Allocation is the hot path: one mutex, one map lookup, one pop. Container
//! starts happen on the reconcile task unless no sandbox is ready (cold start).

use super::probe::{Liveness, wait_until_serving};
use super::session::Session;
use super::template::{Lifecycle, Template};
use super::{PoolError, PoolSettings};
use crate::metrics::Metrics;
use crate::runtime::{Sandbox, SandboxRuntime, SandboxSpec, SandboxState};
use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, OnceCell, Semaphore};

/// Sandbox id → network namespace, for the proxy's dialer.
pub type NetnsMap = Arc<RwLock<HashMap<String, PathBuf>>>;

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
}

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
}

/// What every pool of one daemon shares.
pub struct Shared {
    pub runtime: Arc<dyn SandboxRuntime>,
    pub settings: PoolSettings,
    /// Bounds sandbox starts across the daemon.
    pub starts: Semaphore,
    pub netns: NetnsMap,
    pub metrics: Arc<Metrics>,
}

pub struct PoolRuntime {
    pub label: String,
    shared: Arc<Shared>,
    template: RwLock<(u64, Arc<Template>)>,
    /// (maxConcurrentSessions, readySessionInstances)
    scale: Mutex<(usize, usize)>,
    state: Mutex<State>,
    wake: Notify,
    closed: AtomicBool,
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
            label,
            shared,
            template: RwLock::new((1, Arc::new(template))),
            scale: Mutex::new(scale),
            state: Mutex::new(State::default()),
            wake: Notify::new(),
            closed: AtomicBool::new(false),
            crash_count: AtomicU64::new(0),
        });
        tokio::spawn(reconcile(Arc::downgrade(&pool)));
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
            s.ready.drain(..).collect()
        };
        for r in stale {
            self.destroy_later(r.sandbox.id);
        }
        self.wake.notify_one();
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
                return Some(Arc::new(Session::new(
                    identifier.to_string(),
                    r.sandbox,
                    template.port,
                    true,
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
        self.state().pending += 1;
        let started = self.start_sandbox(&template).await;
        // Closed meanwhile: close() no longer sees this slot, and waits for
        // `pending` while the sandbox goes.
        let closed = self.is_closed();
        if let (Ok(sb), true) = (&started, closed) {
            self.destroy(&sb.id).await;
        }
        self.state().pending -= 1;
        if closed {
            return Err(PoolError::NotRunning {
                state: "Deleting".into(),
            });
        }
        let sandbox = started?;
        tracing::info!(pool = %self.label, identifier, sandbox = %sandbox.id, warm = false, "session allocated");
        Ok(Arc::new(Session::new(
            identifier.to_string(),
            sandbox,
            template.port,
            false,
        )))
    }

    /// Create a sandbox and wait until it serves its port.
    async fn start_sandbox(&self, template: &Template) -> Result<Sandbox, PoolError> {
        let _permit = self
            .shared
            .starts
            .acquire()
            .await
            .map_err(|_| PoolError::SandboxStart("the daemon is shutting down".into()))?;
        let id = format!("sp-{}", &uuid::Uuid::new_v4().simple().to_string()[..16]);
        let spec = SandboxSpec {
            id: id.clone(),
            image_rootfs: template.image_rootfs.clone(),
            process: template.process.clone(),
            cpu_cores: template.cpu,
            memory_bytes: template.memory_bytes,
            pids_limit: self.shared.settings.pids_limit,
            disk_bytes: self.shared.settings.disk_bytes,
            hostname: "session".into(),
            egress: template.egress,
        };
        let started = Instant::now();
        let sandbox = self.shared.runtime.create_and_start(&spec).await?;
        self.shared
            .netns
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id.clone(), sandbox.netns_path.clone());
        match wait_until_serving(
            &*self.shared.runtime,
            &sandbox,
            template,
            self.shared.settings.startup_timeout,
        )
        .await
        {
            Ok(()) => {
                self.shared.metrics.sandbox_start.observe(started.elapsed());
                Ok(sandbox)
            }
            Err(reason) => {
                self.destroy(&id).await;
                Err(PoolError::SandboxStart(reason))
            }
        }
    }

    async fn destroy(&self, id: &str) {
        if let Err(e) = self.shared.runtime.destroy(id).await {
            tracing::warn!(pool = %self.label, sandbox = id, error = %e, "failed to destroy a sandbox");
        }
        self.shared
            .netns
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
    }

    fn destroy_later(&self, id: String) {
        let (shared, label) = (self.shared.clone(), self.label.clone());
        tokio::spawn(async move {
            if let Err(e) = shared.runtime.destroy(&id).await {
                tracing::warn!(pool = %label, sandbox = %id, error = %e, "failed to destroy a sandbox");
            }
            shared
                .netns
                .write()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&id);
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
                self.destroy(&session.sandbox.id).await;
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

    /// Stop everything: ready sandboxes and sessions are torn down.
    pub async fn close(&self) {
        self.closed.store(true, Ordering::Release);
        self.wake.notify_one();
        let (ready, sessions): (Vec<Ready>, Vec<Slot>) = {
            let mut s = self.state();
            (
                s.ready.drain(..).collect(),
                s.sessions.drain().map(|(_, v)| v).collect(),
            )
        };
        let mut ids: Vec<String> = ready.into_iter().map(|r| r.sandbox.id).collect();
        ids.extend(
            sessions
                .iter()
                .filter_map(|s| s.get())
                .map(|s| s.sandbox.id.clone()),
        );
        futures_join(ids.iter().map(|id| self.destroy(id))).await;
        // Starts in flight see `closed` and destroy what they made; wait for them.
        while self.state().pending > 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }
}

async fn futures_join<F: std::future::Future<Output = ()>>(futs: impl Iterator<Item = F>) {
    let set: Vec<F> = futs.collect();
    for f in set {
        f.await;
    }
}

/// Keep the ready target, replace dead sandboxes, end idle or exited sessions.
async fn reconcile(pool: std::sync::Weak<PoolRuntime>) {
    let mut last_sweep = Instant::now();
    loop {
        let Some(p) = pool.upgrade() else { return };
        if p.is_closed() {
            return;
        }
        fill(&p);
        if last_sweep.elapsed() >= p.shared.settings.tick {
            last_sweep = Instant::now();
            sweep(&p).await;
        }
        let tick = p.shared.settings.tick;
        let wake = async { p.wake.notified().await };
        let _ = tokio::time::timeout(tick, wake).await;
    }
}

/// Start as many sandboxes as the ready target still lacks.
fn fill(p: &Arc<PoolRuntime>) {
    let (max, target) = p.scale();
    let need = {
        let mut s = p.state();
        if s.no_start_before.is_some_and(|t| Instant::now() < t) {
            return;
        }
        let want = target.min(max.saturating_sub(s.sessions.len()));
        // Scaled down: ready sandboxes beyond the target go.
        while s.ready.len() > want {
            if let Some(extra) = s.ready.pop_back() {
                p.destroy_later(extra.sandbox.id);
            }
        }
        let need = want.saturating_sub(s.ready.len() + s.pending);
        s.pending += need;
        need
    };
    for _ in 0..need {
        let p = p.clone();
        tokio::spawn(async move {
            let (generation, template) = p.current();
            // Made for a pool that closed or moved on meanwhile: torn down
            // before the start counts as finished, so close() leaves nothing.
            let outcome = match p.start_sandbox(&template).await {
                Ok(sandbox) if p.is_closed() || p.current().0 != generation => {
                    p.destroy(&sandbox.id).await;
                    None
                }
                other => Some(other),
            };
            let mut s = p.state();
            s.pending -= 1;
            match outcome {
                None => {}
                Some(Ok(sandbox)) => {
                    s.crash_streak = 0;
                    s.ready.push_back(Ready {
                        sandbox,
                        generation,
                        since: Instant::now(),
                    });
                    tracing::debug!(pool = %p.label, ready = s.ready.len(), "sandbox ready");
                }
                Some(Err(e)) => {
                    p.crash_count.fetch_add(1, Ordering::Relaxed);
                    s.crash_streak += 1;
                    let backoff = Duration::from_millis(100 * 2u64.pow(s.crash_streak.min(8)))
                        .min(Duration::from_secs(30));
                    s.no_start_before = Some(Instant::now() + backoff);
                    tracing::warn!(pool = %p.label, error = %e, backoff_ms = backoff.as_millis() as u64, "a sandbox failed to start");
                }
            }
            drop(s);
            p.wake.notify_one();
        });
    }
}

/// End idle/expired/exited sessions and replace dead ready sandboxes.
async fn sweep(p: &Arc<PoolRuntime>) {
    let template = p.template();
    let mut ended = Vec::new();
    for session in p.sessions() {
        let reason = match template.lifecycle {
            Lifecycle::Timed { cooldown } => {
                let cooldown = p.shared.settings.cooldown_override.unwrap_or(cooldown);
                session
                    .idle_for()
                    .filter(|idle| *idle >= cooldown)
                    .map(|_| "idle past its cooldown")
            }
            Lifecycle::OnContainerExit { max_alive } => {
                (session.age() >= max_alive).then_some("alive past its max alive period")
            }
        };
        let reason = match reason {
            Some(r) => Some(r),
            None => match p.shared.runtime.state(&session.sandbox.id).await {
                Ok(SandboxState::Running) => None,
                Ok(_) => Some("its container exited"),
                Err(_) => None,
            },
        };
        if let Some(reason) = reason {
            ended.push((session, reason));
        }
    }
    for (session, reason) in ended {
        let removed = {
            let mut s = p.state();
            let current = s
                .sessions
                .get(&session.identifier)
                .and_then(|slot| slot.get().cloned());
            if current.is_some_and(|c| Arc::ptr_eq(&c, &session)) {
                s.sessions.remove(&session.identifier);
                true
            } else {
                false
            }
        };
        if removed {
            tracing::info!(pool = %p.label, identifier = %session.identifier, sandbox = %session.sandbox.id, reason, "session ended");
            p.destroy(&session.sandbox.id).await;
        }
    }
    if let Some(probe) = &template.liveness {
        check_liveness(p, probe, template.port).await;
    }
    let ready: Vec<String> = p
        .state()
        .ready
        .iter()
        .map(|r| r.sandbox.id.clone())
        .collect();
    for id in ready {
        if !matches!(p.shared.runtime.state(&id).await, Ok(SandboxState::Running)) {
            let was_ready = {
                let mut s = p.state();
                let before = s.ready.len();
                s.ready.retain(|r| r.sandbox.id != id);
                before != s.ready.len()
            };
            if was_ready {
                p.crash_count.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(pool = %p.label, sandbox = %id, "a ready sandbox died; replacing it");
                p.destroy(&id).await;
            }
        }
    }
    p.wake.notify_one();
}

/// Run due Liveness probes: failing sessions end (logged), failing ready
/// sandboxes are replaced.
async fn check_liveness(p: &Arc<PoolRuntime>, probe: &crate::spec::Probe, port: u16) {
    let mut targets: Vec<(Option<Arc<Session>>, Sandbox, Duration)> = p
        .sessions()
        .into_iter()
        .map(|s| (Some(s.clone()), s.sandbox.clone(), s.age()))
        .collect();
    targets.extend(
        p.state()
            .ready
            .iter()
            .map(|r| (None, r.sandbox.clone(), r.since.elapsed())),
    );
    // Forget sandboxes that are gone.
    p.state()
        .liveness
        .retain(|id, _| targets.iter().any(|(_, sb, _)| &sb.id == id));
    for (session, sandbox, age) in targets {
        let mut live = p.state().liveness.remove(&sandbox.id).unwrap_or_default();
        if !live.check(probe, &sandbox, port, age).await {
            p.state().liveness.insert(sandbox.id.clone(), live);
            continue;
        }
        let removed = {
            let mut s = p.state();
            match &session {
                Some(session) => {
                    let current = s
                        .sessions
                        .get(&session.identifier)
                        .and_then(|slot| slot.get().cloned());
                    current.is_some_and(|c| Arc::ptr_eq(&c, session))
                        && s.sessions.remove(&session.identifier).is_some()
                }
                None => {
                    let before = s.ready.len();
                    s.ready.retain(|r| r.sandbox.id != sandbox.id);
                    before != s.ready.len()
                }
            }
        };
        if removed {
            p.crash_count.fetch_add(1, Ordering::Relaxed);
            let identifier = session
                .as_ref()
                .map(|s| s.identifier.as_str())
                .unwrap_or("(ready)");
            tracing::warn!(pool = %p.label, identifier, sandbox = %sandbox.id, "liveness probe failed; sandbox removed");
            p.destroy(&sandbox.id).await;
        }
    }
}
