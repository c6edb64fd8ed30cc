//! Owns every pool at run time: provisioning after create/update (image pull,
//! template), teardown on delete, recovery after a restart, and the
//! long-running operation records that report them.
//!
//! One owner per pool: every write (PUT, PATCH, DELETE) takes the pool's write
//! lock and bumps its generation; a provisioning applies its result under that
//! lock only if no newer write came meanwhile (else it is cancelled, its pull
//! dropped). So the last accepted write is what runs, and nothing starts for
//! a deleted pool.

use super::actor::{NetnsMap, PoolCounts, PoolRuntime, Shared};
use super::journal::Journal;
use super::owners::{Owner, Owners, WriteLock};
use super::pins::{ImagePin, ImagePins, Unpinned};
use super::template::Template;
use super::{PoolError, PoolSettings};
use crate::image::{ImageReference, ImageStore, PullProgress, RegistryCredentials};
use crate::metrics::Metrics;
use crate::runtime::SandboxRuntime;
use crate::spec::{PoolName, ResourceGroup, now_rfc3339};
use crate::store::{OperationRecord, PoolRecord, Store};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use tokio::sync::Semaphore;

pub(super) type Key = (String, String);

fn key(rg: &ResourceGroup, name: &PoolName) -> Key {
    (rg.key(), name.to_string())
}

/// A pool's label in logs, metrics and the session journal: resource group
/// key (ARM names are case-insensitive) and name.
fn label(rg: &ResourceGroup, name: &PoolName) -> String {
    format!("{}/{}", rg.key(), name)
}

/// How a provisioning ended.
enum Outcome {
    Applied(String),
    Failed(PoolError),
    /// A newer write (or a delete) came first.
    Superseded,
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
    owners: Arc<Owners>,
    /// Pulls running or finished but not pinned yet.
    unpinned: Arc<AtomicUsize>,
    /// Pool label → identifiers whose sessions the last restart ended, until
    /// the pool runs again and takes them.
    lost_in_restart: Arc<Mutex<HashMap<String, Vec<String>>>>,
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
            pins: Arc::new(ImagePins::default()),
            journal: Journal::start(store.clone()),
            identity: Default::default(),
            identity_endpoints: Default::default(),
            cluster: Default::default(),
        };
        Self {
            store,
            images,
            shared: Arc::new(shared),
            pools: Arc::default(),
            closed: Arc::default(),
            progress: Arc::default(),
            owners: Arc::default(),
            unpinned: Arc::default(),
            lost_in_restart: Arc::default(),
        }
    }

    /// Take the pool's write lock (waits for a write or an apply in progress).
    pub async fn write_lock(&self, rg: &ResourceGroup, name: &PoolName) -> WriteLock {
        self.owners.write_lock(key(rg, name)).await
    }

    /// Sandbox id → network namespace path, for dialing into sandboxes.
    pub fn netns_map(&self) -> NetnsMap {
        self.shared.netns.clone()
    }

    /// The managed-identity token issuer (its keys are the authority's).
    pub fn identity_issuer(&self) -> Arc<super::IdentityIssuer> {
        self.shared.identity.clone()
    }

    pub fn metrics(&self) -> Arc<Metrics> {
        self.shared.metrics.clone()
    }

    /// Install cluster mode's hooks (once, before pools run).
    pub fn set_cluster_hooks(&self, hooks: Arc<dyn super::ClusterHooks>) {
        let _ = self.shared.cluster.set(hooks);
    }

    /// Every running pool, by label.
    /// Labels of the pools whose provisioning failed on this node (it cannot
    /// hold their ready sandboxes: say, it could not pull the image).
    pub fn failed(&self) -> Vec<String> {
        let mut failed: Vec<String> = self
            .store
            .list_pools(None)
            .unwrap_or_default()
            .iter()
            .filter(|p| p.provisioning_state == "Failed")
            .map(|p| label(&p.resource_group, &p.name))
            .collect();
        failed.sort();
        failed
    }

    pub fn running(&self) -> Vec<Arc<PoolRuntime>> {
        let pools = self.pools.read().unwrap_or_else(|p| p.into_inner());
        pools.values().cloned().collect()
    }

    /// Apply each running pool's stored scale again (this node's ready share
    /// changed: nodes joined or left the cluster).
    pub fn rescale(&self) {
        for ((rg, name), pool) in self.pools.read().unwrap_or_else(|p| p.into_inner()).iter() {
            let (Ok(rg), Ok(name)) = (ResourceGroup::parse(rg), PoolName::parse(name)) else {
                continue;
            };
            if let Ok(Some(record)) = self.store.get_pool(&rg, &name) {
                let (max, ready) = record.properties.scale();
                pool.set_scale(
                    max.max(0) as usize,
                    self.shared
                        .ready_share(&label(&rg, &name), ready.max(0) as usize),
                );
            }
        }
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
        let status = if error.is_some() {
            "Failed"
        } else {
            "Succeeded"
        };
        self.finish_operation_as(id, status, error)
    }

    fn finish_operation_as(&self, id: &str, status: &str, error: Option<(String, String)>) {
        self.progress
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
        let Ok(Some(mut op)) = self.store.get_operation(id) else {
            tracing::error!(operation = id, "operation record vanished");
            return;
        };
        op.status = status.into();
        op.end_time = Some(now_rfc3339());
        op.error = error;
        if let Err(e) = self.store.put_operation(&op) {
            tracing::error!(operation = id, error = %e, "failed to record operation result");
        }
        if let Some(hooks) = self.shared.cluster.get() {
            hooks.operation_ended(&op);
        }
    }

    /// Bring a created or updated pool to Succeeded (or Failed with the
    /// reason), unless a newer write supersedes this one first. Call with the
    /// pool's write lock held, after storing the write.
    pub fn provision(&self, lock: &WriteLock, rg: ResourceGroup, name: PoolName, op_id: String) {
        let (owner, generation) = lock.accept();
        let this = self.clone();
        tokio::spawn(async move {
            let outcome = this
                .provision_gen(&owner, generation, &rg, &name, &op_id)
                .await;
            let error = match outcome {
                Outcome::Superseded => {
                    tracing::info!(pool = %name, resource_group = %rg, "provisioning superseded by a newer write; not applied");
                    this.finish_operation_as(
                        &op_id,
                        "Canceled",
                        Some((
                            "OperationCanceled".into(),
                            "superseded by a newer write to the pool (or its deletion)".into(),
                        )),
                    );
                    return;
                }
                Outcome::Applied(digest) => {
                    tracing::info!(pool = %name, resource_group = %rg, digest, "pool provisioned");
                    None
                }
                Outcome::Failed(e) => {
                    let reason = format!("failed to {e}");
                    tracing::warn!(pool = %name, resource_group = %rg, reason, "pool provisioning failed");
                    Some(("ProvisioningFailed".to_string(), reason))
                }
            };
            this.finish_operation(&op_id, error);
            this.collect_images_later();
        });
    }

    /// Prepare (pull, template) unless superseded meanwhile, then apply and
    /// record the state under the write lock if still the latest write.
    async fn provision_gen(
        &self,
        owner: &Owner,
        generation: u64,
        rg: &ResourceGroup,
        name: &PoolName,
        op_id: &str,
    ) -> Outcome {
        let mut changed = owner.generation.subscribe();
        // Dropping the preparation cancels its pull.
        let prepared = tokio::select! {
            r = self.prepare(rg, name, op_id) => r,
            _ = changed.wait_for(|g| *g != generation) => return Outcome::Superseded,
        };
        let _guard = owner.write.lock().await;
        if *owner.generation.borrow() != generation {
            return Outcome::Superseded;
        }
        let (state, reason, digest) = match &prepared {
            Ok((record, template, _pin)) => {
                self.run_pool(record, template.clone());
                ("Succeeded", None, Some(template.image_digest.clone()))
            }
            Err(e) => ("Failed", Some(format!("failed to {e}")), None),
        };
        if let Err(e) =
            self.store
                .set_provisioning(rg, name, state, reason.as_deref(), digest.as_deref())
        {
            tracing::error!(pool = %name, error = %e, "failed to record provisioning state");
        }
        match prepared {
            Ok((_, template, _)) => Outcome::Applied(template.image_digest.clone()),
            Err(e) => Outcome::Failed(e),
        }
    }

    /// Pull the image and build the template; the image stays pinned until
    /// the pin is dropped (by then the running pool's sandboxes pin it).
    async fn prepare(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
        op_id: &str,
    ) -> Result<(PoolRecord, Template, ImagePin), PoolError> {
        let record = self
            .store
            .get_pool(rg, name)?
            .ok_or_else(|| PoolError::NotRunning {
                state: "Deleted".into(),
            })?;
        let secrets = self.store.pool_secrets(rg, name)?;
        let image = match record.properties.container_type {
            Some(t) if t.is_interpreter() => self
                .shared
                .settings
                .interpreters
                .as_ref()
                .and_then(|i| i.image(t))
                .map(str::to_string)
                .ok_or_else(|| {
                    PoolError::Template(format!(
                        "this daemon has no base image for {t:?} pools: start it with {} IMAGE (an image from your registry with {})",
                        match t {
                            crate::spec::ContainerType::NodeLTS => "--node-image",
                            crate::spec::ContainerType::Shell => "--shell-image (or --python-image)",
                            _ => "--python-image",
                        },
                        match t {
                            crate::spec::ContainerType::NodeLTS => "node",
                            crate::spec::ContainerType::Shell => "bash and python3",
                            _ => "python3",
                        }
                    ))
                })?,
            _ => record
                .properties
                .container()
                .and_then(|c| c.image.clone())
                .unwrap_or_default(),
        };
        let creds = registry_credentials(&record, &secrets, &image);
        let progress = self.progress.clone();
        let op = op_id.to_string();
        let report = move |p: PullProgress| {
            progress
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(op.clone(), p);
        };
        let unpinned = Unpinned::new(&self.unpinned);
        let pulled = self.images.pull(&image, creds, &report).await?;
        let pin = self.shared.pins.pin(&pulled.digest);
        drop(unpinned);
        let template = Template::build(
            &record,
            &secrets,
            &pulled,
            self.shared.settings.interpreters.as_ref(),
        )?;
        Ok((record, template, pin))
    }

    fn run_pool(&self, record: &PoolRecord, template: Template) {
        let (max, ready) = record.properties.scale();
        let scale = (
            max.max(0) as usize,
            self.shared.ready_share(
                &label(&record.resource_group, &record.name),
                ready.max(0) as usize,
            ),
        );
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
                let label = label(&record.resource_group, &record.name);
                let lost = self
                    .lost_in_restart
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .remove(&label);
                let pool = PoolRuntime::start(label, self.shared.clone(), template, scale);
                if let Some(lost) = lost {
                    pool.lost_in_restart(lost);
                }
                pools.insert(k, pool);
            }
        }
    }

    /// Garbage-collect images off the caller's path: it waits for running
    /// pulls (a stalled registry must not hold up an operation's end).
    fn collect_images_later(&self) {
        let this = self.clone();
        tokio::spawn(async move { this.collect_images().await });
    }

    /// Remove unpacked images and blobs nothing needs: not a stored pool's
    /// pinned image, not a running template's, not pinned by a provisioning
    /// or a sandbox. Decided under the gc lock, after any running pull ended.
    async fn collect_images(&self) {
        let (store, shared, pools, unpinned) = (
            self.store.clone(),
            self.shared.clone(),
            self.pools.clone(),
            self.unpinned.clone(),
        );
        let keep = move || {
            if unpinned.load(Ordering::SeqCst) > 0 {
                return None;
            }
            let mut keep = shared.pins.digests();
            keep.extend(
                store
                    .list_pools(None)
                    .ok()?
                    .into_iter()
                    .filter_map(|p| p.image_digest),
            );
            for pool in pools.read().unwrap_or_else(|p| p.into_inner()).values() {
                keep.push(pool.template().image_digest.clone());
            }
            Some(keep)
        };
        let images = self.images.clone();
        match tokio::task::spawn_blocking(move || images.gc_with(keep)).await {
            Ok(Err(e)) => tracing::warn!(error = %e, "image garbage collection failed"),
            Ok(Ok(Some(report))) if !report.images_removed.is_empty() => {
                tracing::info!(images = ?report.images_removed, "removed images nothing uses")
            }
            Ok(Ok(None)) => {
                tracing::debug!("image garbage collection deferred: a pull is being applied")
            }
            _ => {}
        }
    }

    /// Tear a pool down and forget it; a provisioning in flight is cancelled
    /// and never applies. Call with the pool's write lock held.
    pub fn delete(&self, lock: &WriteLock, rg: ResourceGroup, name: PoolName, op_id: String) {
        let (owner, _) = lock.accept();
        let this = self.clone();
        tokio::spawn(async move {
            let result = {
                let _guard = owner.write.lock().await;
                this.delete_now(&rg, &name).await
            };
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
        self.shared.journal.pool_gone(&label(rg, name));
        self.lost_in_restart
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&label(rg, name));
        self.store.delete_pool(rg, name)?;
        self.store.delete_pool_tokens(&rg.key(), name.as_str())?;
        // Role assignments on it go too, as in Azure.
        self.store
            .delete_assignments_under(&crate::identity::Scope::pool_key(
                &rg.key(),
                name.as_str(),
            ))?;
        self.collect_images_later();
        tracing::info!(pool = %name, resource_group = %rg, "pool deleted");
        Ok(())
    }

    /// After a restart: sandboxes of the previous run are removed (their
    /// sessions' state is gone), unfinished operations fail, and every pool
    /// runs again from its pinned image without touching the registry.
    pub async fn recover(&self) -> Result<(), PoolError> {
        {
            let mut lost = self
                .lost_in_restart
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            for (pool, identifier) in self.store.take_live_sessions()? {
                lost.entry(pool).or_default().push(identifier);
            }
        }
        // Several at once: a teardown can take seconds (runsc), and the daemon
        // does not listen until this is done.
        use futures_util::StreamExt;
        let runtime = &self.shared.runtime;
        futures_util::stream::iter(runtime.list().await)
            .for_each_concurrent(LEFTOVER_TEARDOWNS, |id| async move {
                tracing::info!(sandbox = %id, "removing a sandbox left by the previous run");
                if let Err(e) = runtime.destroy(&id).await {
                    tracing::warn!(sandbox = %id, error = %e, "failed to remove a leftover sandbox");
                }
            })
            .await;
        self.store.fail_unfinished_operations(&now_rfc3339())?;
        for pool in self.store.list_pools(None)? {
            let (rg, name) = (pool.resource_group.clone(), pool.name.clone());
            match pool.provisioning_state.as_str() {
                "Deleting" => {
                    let lock = self.write_lock(&rg, &name).await;
                    let op = self.start_operation("delete", &rg, &name)?;
                    self.delete(&lock, rg, name, op);
                }
                "Succeeded" => {
                    let pulled = pool
                        .image_digest
                        .as_deref()
                        .and_then(|d| self.images.lookup(d));
                    let secrets = self.store.pool_secrets(&rg, &name)?;
                    let interpreters = self.shared.settings.interpreters.as_ref();
                    match pulled.map(|img| Template::build(&pool, &secrets, &img, interpreters)) {
                        Some(Ok(template)) => self.run_pool(&pool, template),
                        _ => {
                            let lock = self.write_lock(&rg, &name).await;
                            let op = self.start_operation("put", &rg, &name)?;
                            self.provision(&lock, rg, name, op);
                        }
                    }
                }
                "InProgress" => {
                    let lock = self.write_lock(&rg, &name).await;
                    let op = self.start_operation("put", &rg, &name)?;
                    self.provision(&lock, rg, name, op);
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

/// Leftover sandboxes torn down at once after a restart.
const LEFTOVER_TEARDOWNS: usize = 8;

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
