//! The reconcile loop of one pool: keep the ready target, replace dead or
//! unhealthy sandboxes, end idle, expired or exited sessions.

use super::{PoolRuntime, Ready, State};
use crate::pool::session::{Ended, Session};
use crate::pool::template::Lifecycle;
use crate::runtime::{Sandbox, SandboxState};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// Keep the ready target, replace dead sandboxes, end idle or exited sessions.
pub(super) async fn run(pool: std::sync::Weak<PoolRuntime>) {
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
                Ok(started) if p.is_closed() || p.current().0 != generation => {
                    p.destroy(&started.sandbox.id).await;
                    None
                }
                other => Some(other),
            };
            let mut s = p.state();
            s.pending -= 1;
            match outcome {
                None => {}
                Some(Ok(started)) => {
                    s.crash_streak = 0;
                    s.ready.push_back(Ready {
                        sandbox: started.sandbox,
                        generation,
                        since: Instant::now(),
                        image: started.image,
                    });
                    tracing::debug!(pool = %p.label, ready = s.ready.len(), "sandbox ready");
                }
                Some(Err(e)) => {
                    p.crash_count.fetch_add(1, Ordering::Relaxed);
                    let backoff = s.start_failed(e.to_string());
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
        let end = match reason {
            Some(r) => Some((r.to_string(), None)),
            None => match p.shared.runtime.state(&session.sandbox.id).await {
                Ok(SandboxState::Running) | Err(_) => None,
                // With OnContainerExit a clean exit is how a session is meant to end.
                Ok(SandboxState::Exited(0))
                    if matches!(template.lifecycle, Lifecycle::OnContainerExit { .. }) =>
                {
                    Some(("its container exited with code 0".to_string(), None))
                }
                Ok(SandboxState::Exited(code)) => Some(abnormal(Ended::exited(code))),
                Ok(SandboxState::Missing) => Some(abnormal(Ended::exited(-1))),
            },
        };
        if let Some(end) = end {
            ended.push((session, end));
        }
    }
    for (session, (reason, abnormal)) in ended {
        if p.state().remove_session(&session) {
            match abnormal {
                Some(end) => p.ended_abnormally(&session, end),
                None => {
                    p.journal_closed(&session);
                    tracing::info!(pool = %p.label, identifier = %session.identifier, sandbox = %session.sandbox.id, reason, "session ended")
                }
            }
            p.end_gracefully_later(session.sandbox.id.clone());
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
        if !matches!(p.shared.runtime.state(&id).await, Ok(SandboxState::Running))
            && p.state().remove_ready(&id)
        {
            p.crash_count.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(pool = %p.label, sandbox = %id, "a ready sandbox died; replacing it");
            p.destroy(&id).await;
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
        let removed = match &session {
            Some(session) => {
                let removed = p.state().remove_session(session);
                if removed {
                    p.ended_abnormally(session, Ended::liveness());
                }
                removed
            }
            None => p.state().remove_ready(&sandbox.id),
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

/// An abnormal end, with its reason for the log line.
fn abnormal(end: Ended) -> (String, Option<Ended>) {
    (end.reason.clone(), Some(end))
}

impl PoolRuntime {
    fn journal_closed(&self, session: &Session) {
        self.shared
            .session_closed(&self.label, &session.identifier, &session.sandbox.id);
    }

    /// Log, count and remember a session that ended without being asked to:
    /// the identifier's next session reports it.
    fn ended_abnormally(&self, session: &Session, end: Ended) {
        self.journal_closed(session);
        tracing::warn!(pool = %self.label, identifier = %session.identifier, sandbox = %session.sandbox.id, reason = %end.reason, kind = end.kind, "session ended abnormally; its identifier gets a new session next time");
        self.shared.metrics.session_ended(&self.label, end.kind);
        self.state().remember_end(&session.identifier, end);
    }
}

impl State {
    /// Forget `session` if it is still the one its identifier maps to (a stop
    /// or a new session may have replaced it meanwhile).
    fn remove_session(&mut self, session: &Arc<Session>) -> bool {
        let current = self
            .sessions
            .get(&session.identifier)
            .and_then(|slot| slot.get().cloned());
        current.is_some_and(|c| Arc::ptr_eq(&c, session))
            && self.sessions.remove(&session.identifier).is_some()
    }

    /// Take sandbox `id` out of the ready queue; false if it was not there.
    fn remove_ready(&mut self, id: &str) -> bool {
        let before = self.ready.len();
        self.ready.retain(|r| r.sandbox.id != id);
        before != self.ready.len()
    }
}
