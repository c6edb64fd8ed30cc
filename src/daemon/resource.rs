//! Stored pool → ARM resource, as every GET answers it.

use super::state::AppState;
use crate::api::{
    self, LastError, PoolResource, ResourceProperties, TemplatePoolStatus, TemplateStatus,
    TemplateUpdateStatus,
};
use crate::store::PoolRecord;

pub fn to_resource(state: &AppState, sub: &str, p: &PoolRecord) -> PoolResource {
    let mut config = p.properties.clone();
    // Secret values never leave the daemon; names do, as ARM shows them.
    for s in config.secrets.iter_mut().flatten() {
        s.value = None;
    }
    let (provisioning_state, last_error) = status(state, p);
    let endpoint = format!(
        "{}{}",
        state.endpoint_base(),
        api::pool_endpoint_path(&p.resource_group, &p.name)
    );
    PoolResource {
        id: Some(api::pool_path(sub, &p.resource_group, &p.name)),
        name: Some(p.name.to_string()),
        resource_type: Some(api::RESOURCE_TYPE.into()),
        location: Some(p.location.clone()),
        tags: Some(p.tags.clone()),
        identity: crate::identity::pool_identity(p).map(|id| api::ResourceIdentity {
            kind: "SystemAssigned".into(),
            principal_id: Some(id),
            tenant_id: Some(api::DEFAULT_TENANT.into()),
        }),
        properties: ResourceProperties {
            config,
            template_update_status: Some(template_status(state, p)),
            node_count: Some(0),
            pool_management_endpoint: Some(endpoint),
            provisioning_state: Some(provisioning_state),
            provisioning_error: p.provisioning_error.clone(),
            image_digest: p.image_digest.clone(),
            last_error,
        },
    }
}

/// Counts of the running template, the active template when its sandboxes
/// fail to start, and the desired template while an update provisions or
/// after it failed.
fn template_status(state: &AppState, p: &PoolRecord) -> TemplateUpdateStatus {
    let (_, ready) = p.properties.scale();
    let pull_failed = i64::from(p.provisioning_state == "Failed");
    let running = state.pools.pool(&p.resource_group, &p.name);
    let counts = match &running {
        Some(pool) => {
            let c = pool.counts();
            // In a cluster: every node's sessions and sandboxes of the pool,
            // as the nodes last published them, with this node's own now.
            let (mut expected, mut ready, mut pending, mut allocated) =
                (c.expected, c.ready, c.pending, c.allocated);
            if let Some(cluster) = &state.cluster {
                let (s, r, pe) = cluster.peer_counts(&pool.label);
                (allocated, ready, pending) = (allocated + s, ready + r, pending + pe);
                let (max, target) = p.properties.scale();
                expected =
                    (target.max(0) as usize).min((max.max(0) as usize).saturating_sub(allocated));
            }
            TemplatePoolStatus {
                expected_count: expected as i64,
                ready_count: ready as i64,
                pending_count: pending as i64,
                allocated_count: allocated as i64,
                crash_count: c.crash as i64,
                image_pull_fail_count: pull_failed,
            }
        }
        None => TemplatePoolStatus {
            expected_count: ready,
            image_pull_fail_count: pull_failed,
            ..Default::default()
        },
    };
    // Shown when it has something to say: the flat counts are the same.
    let active_template = running.and_then(|pool| {
        let (last, failing) = pool.last_error();
        let last = last.filter(|_| failing)?;
        Some(TemplateStatus {
            details: Some(format!("sandboxes fail to start: {}", last.message)),
            status: counts.clone(),
        })
    });
    let desired_template = match p.provisioning_state.as_str() {
        "InProgress" => Some(TemplateStatus {
            details: Some("provisioning: pulling the image and building the template".into()),
            status: TemplatePoolStatus {
                expected_count: ready,
                ..Default::default()
            },
        }),
        "Failed" => Some(TemplateStatus {
            details: p.provisioning_error.clone(),
            status: TemplatePoolStatus {
                image_pull_fail_count: 1,
                ..Default::default()
            },
        }),
        _ => None,
    };
    TemplateUpdateStatus {
        counts,
        active_template,
        desired_template,
    }
}

/// The provisioning state to show and the last error. A provisioned pool
/// whose sandboxes keep failing to start (a crash-looping image, a port that
/// never opens) is not Succeeded: it shows Failed, with the start failure as
/// its lastError, until a sandbox starts again.
fn status(state: &AppState, p: &PoolRecord) -> (String, Option<LastError>) {
    let stored = p.provisioning_error.as_ref().map(|m| LastError {
        code: "ProvisioningFailed".into(),
        message: m.clone(),
        time: None,
    });
    let Some(pool) = state.pools.pool(&p.resource_group, &p.name) else {
        return (p.provisioning_state.clone(), stored);
    };
    let (last, failing) = pool.last_error();
    let shown = match p.provisioning_state.as_str() {
        "Succeeded" if failing => "Failed".to_string(),
        other => other.to_string(),
    };
    let last = last.map(|e| LastError {
        code: e.code.into(),
        message: e.message,
        time: Some(rfc3339(e.time)),
    });
    (shown, stored.or(last))
}

pub(crate) fn rfc3339(t: std::time::SystemTime) -> String {
    time::OffsetDateTime::from(t)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
