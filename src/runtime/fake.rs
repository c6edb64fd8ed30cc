//! `FakeRuntime`: an in-memory stand-in for unit tests of other modules (pool,
//! proxy). It starts no containers; the real backends are tested against real
//! containers in tests/runtime_suite.rs.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use crate::runtime::error::RuntimeError;
use crate::runtime::sandbox::{Sandbox, SandboxRuntime, SandboxSpec, SandboxState, validate_id};

/// Records sandboxes in memory. Tests can make starts fail or sandboxes exit.
#[derive(Default)]
pub struct FakeRuntime {
    sandboxes: Mutex<BTreeMap<String, SandboxState>>,
    /// When set, `create_and_start` fails with this message.
    pub fail_start: Mutex<Option<String>>,
}

impl FakeRuntime {
    pub fn new() -> Self {
        Self::default()
    }

    /// Make a sandbox look as if its process exited with `code`.
    pub fn set_exited(&self, id: &str, code: i32) {
        if let Some(s) = self.lock().get_mut(id) {
            *s = SandboxState::Exited(code);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, SandboxState>> {
        self.sandboxes.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[async_trait::async_trait]
impl SandboxRuntime for FakeRuntime {
    async fn create_and_start(&self, spec: &SandboxSpec) -> Result<Sandbox, RuntimeError> {
        validate_id(&spec.id)?;
        if let Some(message) = self
            .fail_start
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
        {
            return Err(RuntimeError::Start {
                id: spec.id.clone(),
                runtime: "fake".into(),
                message,
            });
        }
        let mut map = self.lock();
        if map.contains_key(&spec.id) {
            return Err(RuntimeError::Start {
                id: spec.id.clone(),
                runtime: "fake".into(),
                message: "already exists".into(),
            });
        }
        map.insert(spec.id.clone(), SandboxState::Running);
        let base = PathBuf::from("/fake-sandboxes").join(&spec.id);
        Ok(Sandbox {
            id: spec.id.clone(),
            pid: 1_000_000 + map.len() as i32,
            // Opens like a real one (the pool keeps it open); nothing listens there.
            netns_path: PathBuf::from("/proc/self/ns/net"),
            log_path: base.join("console.log"),
            bundle: base.join("bundle"),
        })
    }

    async fn state(&self, id: &str) -> Result<SandboxState, RuntimeError> {
        Ok(self
            .lock()
            .get(id)
            .copied()
            .unwrap_or(SandboxState::Missing))
    }

    async fn destroy(&self, id: &str) -> Result<(), RuntimeError> {
        self.lock().remove(id);
        Ok(())
    }

    async fn list(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    fn name(&self) -> &str {
        "fake"
    }
}
