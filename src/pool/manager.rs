//! Owns every pool at run time: provisioning after create/update (image pull,
//! template), teardown on delete, recovery after a restart, and the
//! long-running operation records that report them.

use super::actor::{NetnsMap, PoolCounts, PoolRuntime, Shared};
use super::template::Template;
use super::{PoolError, PoolSettings};
use crate::image::{ImageReference, ImageStore, PullProgress, RegistryCredentials};
use crate::metrics::Metrics;
use crate::runtime::SandboxRuntime;
use crate::spec::{PoolName, ResourceGroup, now_rfc3339};
use crate::store::{OperationRecord, PoolRecord, Store};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, RwLock};
use tokio::sync::Semaphore;

type Key = (String, String);

fn key(rg: &ResourceGroup, name: &PoolName) -> Key {
    (rg.key(), name.to_string())
}

/// Cheap to clone; every clone is the same manager.
#[derive(Clone)]
pub struct PoolManager {
    store: Arc<Store>,
    images: Arc<ImageStore>,
    shared: Arc<Shared>,
    pools: Arc<RwLock<HashMap<Key, Arc<PoolRuntime>>>>,
    progress: Arc<Mutex<HashMap<String, PullProgress>>>,
    /// Set by `shutdown` under the `pools` lock: a provisioning that finishes
    /// afterwards must not start a pool nobody will close (its sandboxes leaked).
    closed: Arc<std::sync::atomic::AtomicBool>,
}

impl PoolManager {
    pub fn new(
        store: Arc<Store>,
        images: Arc<ImageStore>,
        runtime: Arc<dyn SandboxRuntime>,
        settings: PoolSettings,
    ) -> Self {
        let shared = Shared {
            runtime,
            starts: Semaphore::new(settings.start_parallelism.max(1)),
            settings,
            netns: NetnsMap::default(),
            metrics: Arc::new(Metrics::default()),
        };
        Self {
            store,
            images,
            shared: Arc::new(shared),
            pools: Arc::default(),
            closed: Arc::default(),
            progress: Arc::default(),
        }
    }

    /// Sandbox id → network namespace path, for dialing into sandboxes.
    pub fn netns_map(&self) -> NetnsMap {
        self.shared.netns.clone()
    }

    pub fn metrics(&self) -> Arc<Metrics> {
        self.shared.metrics.clone()
    }

    pub fn pool(&self, rg: &ResourceGroup, name: &PoolName) -> Option<Arc<PoolRuntime>> {
        self.pools
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key(rg, name))
            .cloned()
    }

    /// Every running pool's label and counts, for `/metrics`.
    pub fn all_counts(&self) -> Vec<(String, PoolCounts)> {
        let pools = self.pools.read().unwrap_or_else(|p| p.into_inner());
        let mut all: Vec<_> = pools
            .values()
            .map(|p| (p.label.clone(), p.counts()))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    pub fn counts(&self, rg: &ResourceGroup, name: &PoolName) -> Option<PoolCounts> {
        self.pool(rg, name).map(|p| p.counts())
    }

    /// Pull progress of a running operation.
    pub fn progress(&self, op: &str) -> Option<PullProgress> {
        self.progress
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(op)
            .copied()
    }

    /// Record a new InProgress operation on a pool and return its id.
    pub fn start_operation(
        &self,
        kind: &str,
        rg: &ResourceGroup,
        name: &PoolName,
    ) -> Result<String, PoolError> {
        let op = OperationRecord {
            id: uuid::Uuid::new_v4().to_string(),
            kind: kind.into(),
            rg_key: rg.key(),
            pool: name.as_str().into(),
            status: "InProgress".into(),
            start_time: now_rfc3339(),
            end_time: None,
            error: None,
        };
        self.store.put_operation(&op)?;
        Ok(op.id)
    }

    fn finish_operation(&self, id: &str, error: Option<(String, String)>) {
        self.progress
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
        let Ok(Some(mut op)) = self.store.get_operation(id) else {
            tracing::error!(operation = id, "operation record vanished");
            return;
        };
        op.status = if error.is_some() {
            "Failed"
        } else {
            "Succeeded"
        }
        .into();
        op.end_time = Some(now_rfc3339());
        op.error = error;
        if let Err(e) = self.store.put_operation(&op) {
            tracing::error!(operation = id, error = %e, "failed to record operation result");
        }
    }

    /// Bring a created or updated pool to Succeeded (or Failed with the reason).
    pub fn provision(&self, rg: ResourceGroup, name: PoolName, op_id: String) {
        let this = self.clone();
        tokio::spawn(async move {
            let result = this.provision_now(&rg, &name, &op_id).await;
            let (state, error, digest) = match &result {
                Ok(digest) => ("Succeeded", None, Some(digest.as_str())),
                Err(e) => (
                    "Failed",
                    Some(("ProvisioningFailed".to_string(), format!("failed to {e}"))),
                    None,
                ),
            };
            let reason = error.as_ref().map(|(_, m)| m.as_str());
            // A pool deleted meanwhile stays deleted: only update what exists.
            if let Err(e) = this
                .store
                .set_provisioning(&rg, &name, state, reason, digest)
            {
                tracing::error!(pool = %name, error = %e, "failed to record provisioning state");
            }
            match reason {
                None => {
                    tracing::info!(pool = %name, resource_group = %rg, digest, "pool provisioned")
                }
                Some(r) => {
                    tracing::warn!(pool = %name, resource_group = %rg, reason = r, "pool provisioning failed")
                }
            }
            this.finish_operation(&op_id, error);
        });
    }

    /// Pull the image, build the template, and start or update the pool's actor.
    async fn provision_now(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
        op_id: &str,
    ) -> Result<String, PoolError> {
        let record = self
            .store
            .get_pool(rg, name)?
            .ok_or_else(|| PoolError::NotRunning {
                state: "Deleted".into(),
            })?;
        let secrets = self.store.pool_secrets(rg, name)?;
        let image = record
            .properties
            .container()
            .and_then(|c| c.image.clone())
            .unwrap_or_default();
        let creds = registry_credentials(&record, &secrets, &image);
        let progress = self.progress.clone();
        let op = op_id.to_string();
        let report = move |p: PullProgress| {
            progress
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(op.clone(), p);
        };
        let pulled = self.images.pull(&image, creds, &report).await?;
        let template = Template::build(&record, &secrets, &pulled)?;
        self.run_pool(&record, template);
        self.collect_images().await;
        Ok(pulled.digest)
    }

    fn run_pool(&self, record: &PoolRecord, template: Template) {
        let (max, ready) = record.properties.scale();
        let scale = (max.max(0) as usize, ready.max(0) as usize);
        let k = key(&record.resource_group, &record.name);
        let mut pools = self.pools.write().unwrap_or_else(|p| p.into_inner());
        if self.closed.load(std::sync::atomic::Ordering::SeqCst) {
            tracing::info!(pool = %record.name, "not starting the pool: shutting down");
            return;
        }
        match pools.get(&k) {
            Some(pool) => {
                pool.set_scale(scale.0, scale.1);
                pool.set_template(template);
            }
            None => {
                // The metrics label: resource group key (ARM names are case-insensitive) and name.
                let label = format!("{}/{}", record.resource_group.key(), record.name);
                let pool = PoolRuntime::start(label, self.shared.clone(), template, scale);
                pools.insert(k, pool);
            }
        }
    }

    /// Remove unpacked images and blobs no pool uses.
    async fn collect_images(&self) {
        let keep: Vec<String> = match self.store.list_pools(None) {
            Ok(pools) => pools.into_iter().filter_map(|p| p.image_digest).collect(),
            Err(_) => return,
        };
        let mut keep = keep;
        for pool in self
            .pools
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .values()
        {
            keep.push(pool.template().image_digest.clone());
        }
        let images = self.images.clone();
        match tokio::task::spawn_blocking(move || images.gc(&keep)).await {
            Ok(Err(e)) => tracing::warn!(error = %e, "image garbage collection failed"),
            Ok(Ok(report)) if !report.images_removed.is_empty() => {
                tracing::info!(images = ?report.images_removed, "removed images no pool uses")
            }
            _ => {}
        }
    }

    /// Tear a pool down and forget it.
    pub fn delete(&self, rg: ResourceGroup, name: PoolName, op_id: String) {
        let this = self.clone();
        tokio::spawn(async move {
            let result = this.delete_now(&rg, &name).await;
            let error = result
                .err()
                .map(|e| ("DeleteFailed".to_string(), format!("failed to {e}")));
            this.finish_operation(&op_id, error);
        });
    }

    async fn delete_now(&self, rg: &ResourceGroup, name: &PoolName) -> Result<(), PoolError> {
        let pool = self
            .pools
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&key(rg, name));
        if let Some(pool) = pool {
            pool.close().await;
        }
        self.store.delete_pool(rg, name)?;
        self.store.delete_pool_tokens(&rg.key(), name.as_str())?;
        self.collect_images().await;
        tracing::info!(pool = %name, resource_group = %rg, "pool deleted");
        Ok(())
    }

    /// After a restart: sandboxes of the previous run are removed (their
    /// sessions' state is gone), unfinished operations fail, and every pool
    /// runs again from its pinned image without touching the registry.
    pub async fn recover(&self) -> Result<(), PoolError> {
        for id in self.shared.runtime.list().await {
            tracing::info!(sandbox = %id, "removing a sandbox left by the previous run");
            if let Err(e) = self.shared.runtime.destroy(&id).await {
                tracing::warn!(sandbox = %id, error = %e, "failed to remove a leftover sandbox");
            }
        }
        self.store.fail_unfinished_operations(&now_rfc3339())?;
        for pool in self.store.list_pools(None)? {
            let (rg, name) = (pool.resource_group.clone(), pool.name.clone());
            match pool.provisioning_state.as_str() {
                "Deleting" => {
                    let op = self.start_operation("delete", &rg, &name)?;
                    self.delete(rg, name, op);
                }
                "Succeeded" => {
                    let pulled = pool
                        .image_digest
                        .as_deref()
                        .and_then(|d| self.images.lookup(d));
                    let secrets = self.store.pool_secrets(&rg, &name)?;
                    match pulled.map(|img| Template::build(&pool, &secrets, &img)) {
                        Some(Ok(template)) => self.run_pool(&pool, template),
                        _ => {
                            let op = self.start_operation("put", &rg, &name)?;
                            self.provision(rg, name, op);
                        }
                    }
                }
                "InProgress" => {
                    let op = self.start_operation("put", &rg, &name)?;
                    self.provision(rg, name, op);
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Tear down every pool's sandboxes (daemon shutdown), all pools at once.
    /// Sessions get at most the shutdown grace after their stop signal, so a
    /// restart stays quick whatever `--stop-timeout` says.
    pub async fn shutdown(&self) {
        let pools: Vec<Arc<PoolRuntime>> = {
            let mut pools = self.pools.write().unwrap_or_else(|p| p.into_inner());
            self.closed.store(true, std::sync::atomic::Ordering::SeqCst);
            pools.drain().map(|(_, p)| p).collect()
        };
        // All at once: shutdown takes the longest pool's time, not the sum.
        let grace = self.shared.settings.shutdown_grace;
        futures_util::future::join_all(pools.iter().map(|p| p.close_within(grace))).await;
    }
}

/// The pool's registry credentials, when the image lives on that registry.
fn registry_credentials(
    record: &PoolRecord,
    secrets: &BTreeMap<String, String>,
    image: &str,
) -> Option<RegistryCredentials> {
    let r = record
        .properties
        .custom_container_template
        .as_ref()?
        .registry_credentials
        .as_ref()?;
    let (server, username, secret) = (
        r.server.as_ref()?,
        r.username.as_ref()?,
        r.password_secret_ref.as_ref()?,
    );
    let host = ImageReference::parse(image).ok()?.registry()?.to_string();
    if !host.eq_ignore_ascii_case(server) {
        return None;
    }
    Some(RegistryCredentials {
        username: username.clone(),
        password: secrets.get(secret)?.clone(),
    })
}
