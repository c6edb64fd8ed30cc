//! The cluster's background work, once per tick: renew the lease (or take a
//! new one), publish this node's record, list the live nodes (re-sharing
//! ready targets when they change) and apply the cluster's pools.

use super::nodes::NodeRecord;
use super::{Cluster, ClusterError, TRY_TIMEOUT, bounded, keys};
use etcd_client::{GetOptions, PutOptions};
use std::sync::Weak;
use std::time::{Duration, Instant};

type Keeper = (etcd_client::LeaseKeeper, etcd_client::LeaseKeepAliveStream);

/// Ticks per lease TTL (and at most a second apart).
fn period(ttl: Duration) -> Duration {
    (ttl / 4).min(Duration::from_secs(1))
}

pub async fn run(cluster: Weak<Cluster>) {
    let Some(ttl) = cluster.upgrade().map(|c| c.ttl) else {
        return;
    };
    let mut ticks = tokio::time::interval(period(ttl));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut keeper: Option<Keeper> = None;
    let mut fenced = false;
    let mut unreachable_since: Option<Instant> = None;
    loop {
        ticks.tick().await;
        let Some(c) = cluster.upgrade() else { return };
        let renewed = c.renew(&mut keeper).await;
        match &renewed {
            Ok(()) => {
                if let Some(since) = unreachable_since.take() {
                    tracing::info!(
                        after_ms = since.elapsed().as_millis() as u64,
                        "etcd reachable again"
                    );
                }
            }
            Err(e) => {
                if unreachable_since.is_none() {
                    unreachable_since = Some(Instant::now());
                    tracing::warn!(error = %e, "could not renew the cluster lease");
                } else {
                    tracing::debug!(error = %e, "could not renew the cluster lease");
                }
            }
        }
        if !c.serving() {
            if !fenced {
                fenced = true;
                tracing::warn!(node = %c.node, "the cluster lease ran out: this node ends its sessions and serves none until it has a lease again");
                let ending = c.clone();
                tokio::spawn(async move { ending.end_local_sessions().await });
            }
            if renewed.is_err() {
                continue;
            }
        } else if fenced {
            fenced = false;
            tracing::info!(node = %c.node, lease = format!("{:x}", c.lease.id()), "serving again under a new lease");
        }
        if let Err(e) = c.publish_self().await {
            tracing::debug!(error = %e, "could not publish this node's record");
            c.next_member();
            continue;
        }
        if let Err(e) = c.refresh_nodes().await {
            tracing::debug!(error = %e, "could not list the cluster's nodes");
            c.next_member();
            continue;
        }
        if let Err(e) = c.sync_pools().await {
            tracing::warn!(error = %e, "could not apply the cluster's pools");
        }
        if let Err(e) = c.sync_all_records().await {
            tracing::warn!(error = %e, "could not merge tokens, principals, role assignments and keys with the cluster");
        }
    }
}

impl Cluster {
    /// Grant a lease (revoking the one a previous run of this node left, so
    /// its claims go now, not after its TTL) and register this node.
    pub(super) async fn take_lease(&self) -> Result<(), ClusterError> {
        let mut leases = self.client().lease_client();
        if let Some(old) = std::fs::read_to_string(&self.lease_file)
            .ok()
            .and_then(|s| i64::from_str_radix(s.trim(), 16).ok())
        {
            match bounded(leases.revoke(old)).await {
                Ok(_) => tracing::info!(
                    lease = format!("{old:x}"),
                    "revoked the lease of this node's previous run"
                ),
                Err(e) => tracing::debug!(error = %e, "the previous lease is gone already"),
            }
        }
        let sent = Instant::now();
        let granted = bounded(leases.grant(self.ttl.as_secs() as i64, None)).await?;
        self.lease.granted(granted.id(), sent);
        self.drop_claims();
        if let Err(e) = std::fs::write(&self.lease_file, format!("{:x}\n", granted.id())) {
            tracing::warn!(error = %e, path = %self.lease_file.display(), "could not record the lease id");
        }
        self.publish_self().await
    }

    /// Renew the lease, trying each etcd member in turn (each try bounded
    /// by `TRY_TIMEOUT`, so a dead member costs a second, not the lease); a
    /// lease etcd no longer has is replaced by a new one.
    async fn renew(&self, keeper: &mut Option<Keeper>) -> Result<(), ClusterError> {
        let mut tries = 0;
        loop {
            tries += 1;
            match self.renew_once(keeper).await {
                Ok(()) => return Ok(()),
                Err(e) => {
                    *keeper = None;
                    if tries >= self.members.len() {
                        return Err(e);
                    }
                    tracing::debug!(error = %e, "renewing the lease failed; trying the next etcd member");
                    self.next_member();
                }
            }
        }
    }

    async fn renew_once(&self, keeper: &mut Option<Keeper>) -> Result<(), ClusterError> {
        let timeout = |e| ClusterError::Timeout(e);
        if keeper.is_none() {
            let mut leases = self.client().lease_client();
            let opened = tokio::time::timeout(TRY_TIMEOUT, leases.keep_alive(self.lease.id()))
                .await
                .map_err(|_| timeout(TRY_TIMEOUT))?;
            match opened {
                Ok(k) => *keeper = Some(k),
                // etcd answered: the lease is gone (expired while this node
                // was cut off).
                Err(etcd_client::Error::LeaseKeepAliveError(m)) if m.contains("not found") => {
                    return self.replace_lease().await;
                }
                Err(e) => return Err(ClusterError::Etcd(e)),
            }
        }
        let (k, stream) = keeper.as_mut().expect("set above");
        let sent = Instant::now();
        let answer = async {
            k.keep_alive().await?;
            stream.message().await
        };
        let answer = tokio::time::timeout(TRY_TIMEOUT, answer)
            .await
            .map_err(|_| timeout(TRY_TIMEOUT))??;
        match answer {
            Some(a) if a.ttl() > 0 => {
                self.lease
                    .renewed(sent, Duration::from_secs(a.ttl() as u64));
                Ok(())
            }
            _ => {
                *keeper = None;
                self.replace_lease().await
            }
        }
    }

    /// The lease expired while this node was cut off (or was revoked): its
    /// claims are gone with it. Sessions were ended when the deadline
    /// passed; anything left ends now, then a new lease is taken.
    async fn replace_lease(&self) -> Result<(), ClusterError> {
        self.lease.lost();
        tracing::warn!(
            lease = format!("{:x}", self.lease.id()),
            "the cluster lease expired; taking a new one"
        );
        self.end_local_sessions().await;
        self.take_lease().await
    }

    /// End every session on this node (its lease ran out: their identifiers
    /// may belong to another node by now).
    pub(super) async fn end_local_sessions(&self) {
        let mut ends = Vec::new();
        for pool in self.pools.running() {
            for session in pool.sessions() {
                let pool = pool.clone();
                ends.push(async move { pool.stop_session(&session.identifier).await });
            }
        }
        self.drop_claims();
        futures_util::future::join_all(ends).await;
    }

    /// Write this node's record under its lease.
    async fn publish_self(&self) -> Result<(), ClusterError> {
        let record = NodeRecord::of(
            &self.pools,
            &self.node,
            &self.url,
            &format!("{:x}", self.lease.id()),
        );
        let value = serde_json::to_vec(&record).expect("plain data always serializes");
        let opts = PutOptions::new().with_lease(self.lease.id());
        self.retried(|mut kv| {
            let (value, opts) = (value.clone(), opts.clone());
            async move { kv.put(keys::node(&self.node), value, Some(opts)).await }
        })
        .await?;
        Ok(())
    }

    /// List the live nodes; when the set changed, re-share ready targets.
    pub(super) async fn refresh_nodes(&self) -> Result<(), ClusterError> {
        let resp = self
            .retried(|mut kv| async move {
                kv.get(keys::nodes(), Some(GetOptions::new().with_prefix()))
                    .await
            })
            .await?;
        let mut view = std::collections::BTreeMap::new();
        for kv in resp.kvs() {
            match serde_json::from_slice::<NodeRecord>(kv.value()) {
                Ok(n) => {
                    view.insert(n.name.clone(), n);
                }
                Err(e) => {
                    tracing::warn!(key = ?kv.key_str(), error = %e, "skipping a node record this version cannot read")
                }
            }
        }
        let names: Vec<String> = view.keys().cloned().collect();
        // "POOL on NODE" for every pool a node failed to provision.
        let failures_in = |view: &std::collections::BTreeMap<String, NodeRecord>| -> Vec<String> {
            view.values()
                .flat_map(|n| n.failed_pools.iter().map(|p| format!("{p} on {}", n.name)))
                .collect()
        };
        let failures = failures_in(&view);
        let previous = std::mem::replace(
            &mut *self.nodes.write().unwrap_or_else(|p| p.into_inner()),
            view,
        );
        let failures_before = failures_in(&previous);
        let changed = {
            let mut m = self.membership.lock().unwrap_or_else(|p| p.into_inner());
            if m.1 != names {
                let was = std::mem::replace(&mut m.1, names.clone());
                m.0 = Instant::now();
                Some(was)
            } else {
                None
            }
        };
        if changed.is_none() && failures != failures_before {
            tracing::info!(failed = ?failures, before = ?failures_before, "pools failed to provision on nodes changed; re-sharing ready targets");
            self.pools.rescale();
        }
        if let Some(was) = changed {
            tracing::info!(nodes = ?names, before = ?was, "cluster membership changed; re-sharing ready targets");
            self.pools.rescale();
            // Sessions thought to be on a node that left are not there any more.
            let live: std::collections::HashSet<&String> = names.iter().collect();
            self.owners
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .retain(|_, node| live.contains(node));
        }
        Ok(())
    }
}

/// Kept for the status: when membership last changed.
impl Cluster {
    pub fn membership_changed_at(&self) -> Instant {
        self.membership.lock().unwrap_or_else(|p| p.into_inner()).0
    }
}
