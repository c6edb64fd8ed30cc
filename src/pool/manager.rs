//! Pool lifecycle: provisioning after create/update, teardown on delete, and
//! the long-running operation records that report them.

use crate::spec::{PoolName, ResourceGroup, now_rfc3339};
use crate::store::{OperationRecord, Store, StoreError};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// Owns every pool's background work. Cheap to clone.
#[derive(Clone)]
pub struct PoolManager {
    store: Arc<Store>,
}

impl PoolManager {
    pub fn new(store: Arc<Store>) -> Self {
        Self { store }
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.store
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
            let result = this.provision_now(&rg, &name).await;
            let error = result
                .err()
                .map(|e| ("ProvisioningFailed".to_string(), e.to_string()));
            let state = if error.is_some() {
                "Failed"
            } else {
                "Succeeded"
            };
            let reason = error.as_ref().map(|(_, m)| m.as_str());
            if let Err(e) = this.store.set_provisioning(&rg, &name, state, reason, None) {
                tracing::error!(pool = %name, error = %e, "failed to record provisioning state");
            }
            tracing::info!(pool = %name, resource_group = %rg, state, "pool provisioned");
            this.finish_operation(&op_id, error);
        });
    }

    async fn provision_now(&self, _rg: &ResourceGroup, _name: &PoolName) -> Result<(), PoolError> {
        Ok(())
    }

    /// Tear a pool down and forget it.
    pub fn delete(&self, rg: ResourceGroup, name: PoolName, op_id: String) {
        let this = self.clone();
        tokio::spawn(async move {
            let result = this.delete_now(&rg, &name);
            let error = result
                .err()
                .map(|e| ("DeleteFailed".to_string(), e.to_string()));
            this.finish_operation(&op_id, error);
        });
    }

    fn delete_now(&self, rg: &ResourceGroup, name: &PoolName) -> Result<(), PoolError> {
        self.store.delete_pool(rg, name)?;
        self.store.delete_pool_tokens(&rg.key(), name.as_str())?;
        tracing::info!(pool = %name, resource_group = %rg, "pool deleted");
        Ok(())
    }

    /// After a restart: operations that were running cannot report, so they
    /// fail; pools caught mid-provisioning are provisioned again.
    pub fn recover(&self) -> Result<(), PoolError> {
        self.store.fail_unfinished_operations(&now_rfc3339())?;
        for pool in self.store.list_pools(None)? {
            match pool.provisioning_state.as_str() {
                "InProgress" => {
                    let op = self.start_operation("put", &pool.resource_group, &pool.name)?;
                    self.provision(pool.resource_group, pool.name, op);
                }
                "Deleting" => {
                    let op = self.start_operation("delete", &pool.resource_group, &pool.name)?;
                    self.delete(pool.resource_group, pool.name, op);
                }
                _ => {}
            }
        }
        Ok(())
    }
}
