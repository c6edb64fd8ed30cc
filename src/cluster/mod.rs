//! Cluster mode: several daemons serve the same pools, with the same
//! endpoint and identifiers, through one etcd cluster (v3 API).
//!
//! What lives in etcd (see `keys`): the pools, node membership (each node's
//! record under its lease), and session ownership: an identifier belongs to
//! at most one node at any instant, decided by a create-if-absent
//! transaction bound to the owner's lease, together with one of the pool's
//! `maxConcurrentSessions` slots. Images, sandboxes and the SQLite state stay
//! local to each node; a node applies the cluster's pools to its own state.
//!
//! Any node accepts a request for any pool: a session it owns it serves; one
//! another node owns it forwards there over HTTPS with the cluster
//! credential (`peer`); a new identifier it claims for itself, or for a node
//! that has a ready sandbox when it has none. A node that cannot renew its
//! lease stops serving once its TTL (minus a margin) has passed (`lease`).

mod args;
mod keys;
mod lease;
mod nodes;
mod operations;
mod ownership;
mod peer;
mod pools_sync;
mod records;
mod status;
mod tick;

pub use args::ClusterArgs;
pub use nodes::{Capacity, NodeRecord, PoolShare};
pub use ownership::Route;
pub use peer::{ANSWERED_BY, FORWARDED_BY, ForwardedBy, NODE_AUTH};
pub use status::single as single_status;

use crate::pool::PoolManager;
use crate::store::{SecretKey, Store, StoreError};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error("{0}")]
    Config(String),
    #[error("read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("etcd: {0}")]
    Etcd(#[from] etcd_client::Error),
    #[error("etcd did not answer within {0:?}")]
    Timeout(Duration),
    #[error(
        "this node cannot renew its cluster lease (etcd unreachable): it serves no session until it can"
    )]
    Fenced,
    #[error("the pool has reached its maximum of {max} concurrent sessions across the cluster")]
    Capacity { max: usize },
    #[error("the session's node {node} is not in the cluster now; retry shortly")]
    OwnerGone { node: String },
    #[error("the session belongs to node {node}")]
    Misdirected { node: String },
    #[error("too many concurrent claims on the pool; retry")]
    Contended,
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Pool(#[from] crate::pool::PoolError),
    #[error("decode {what} from etcd: {source}")]
    Decode {
        what: &'static str,
        source: serde_json::Error,
    },
    #[error("forward to node {node}: {message}")]
    Peer { node: String, message: String },
}

/// Bound on every etcd call.
const ETCD_TIMEOUT: Duration = Duration::from_secs(3);

pub struct Cluster {
    pub node: String,
    pub url: String,
    pub endpoints: Vec<String>,
    pub ttl: Duration,
    /// One client per etcd member; calls go to the current one and move on
    /// to the next when it fails (a dead member is not waited on).
    members: Vec<etcd_client::Client>,
    current: std::sync::atomic::AtomicUsize,
    lease: lease::Lease,
    peers: peer::Peers,
    /// Seals pool secrets kept in etcd (derived from the cluster secret).
    seal: SecretKey,
    /// Live nodes, as last listed.
    nodes: RwLock<BTreeMap<String, NodeRecord>>,
    /// `POOL\0IDENTIFIER` → the node another node's session is on.
    owners: Mutex<HashMap<String, String>>,
    /// `POOL\0IDENTIFIER` → the ownership value this node wrote (or found
    /// naming it), to release exactly that claim when the session ends.
    claims: Mutex<HashMap<String, Vec<u8>>>,
    pools: PoolManager,
    store: Arc<Store>,
    /// Pool key in etcd → the revision this node applied (or wrote).
    applied: tokio::sync::Mutex<HashMap<String, i64>>,
    /// When membership last changed, and how the shares looked then.
    membership: Mutex<(Instant, Vec<String>)>,
    /// What this node and etcd last agreed on for each record (`records`).
    records_base: tokio::sync::Mutex<Option<records::Base>>,
    /// The authority's key ring, reloaded when signing keys change.
    key_ring: Arc<RwLock<crate::identity::KeyRing>>,
    lease_file: std::path::PathBuf,
    claims_made: std::sync::atomic::AtomicU64,
    /// Each claim transaction's time (sent to answered, retries included).
    claim_seconds: crate::metrics::Histogram,
    peer_requests: std::sync::atomic::AtomicU64,
    /// Operations this node published and has not written the end of.
    published_ops: Mutex<std::collections::HashSet<String>>,
}

/// Everything `join` needs.
pub struct JoinConfig<'a> {
    pub args: &'a ClusterArgs,
    pub data_dir: &'a std::path::Path,
    /// --public-url, else the --listen URL.
    pub default_url: Option<String>,
    /// --idle-timeout: the longest a peer may keep a forwarded request quiet.
    pub idle: Duration,
    /// The authority's key ring (signing keys come from the cluster).
    pub keys: Arc<RwLock<crate::identity::KeyRing>>,
}

fn read(path: &std::path::Path) -> Result<Vec<u8>, ClusterError> {
    std::fs::read(path).map_err(|source| ClusterError::Read {
        path: path.display().to_string(),
        source,
    })
}

/// etcd calls with a bound.
async fn bounded<T>(
    f: impl std::future::Future<Output = Result<T, etcd_client::Error>>,
) -> Result<T, ClusterError> {
    tokio::time::timeout(ETCD_TIMEOUT, f)
        .await
        .map_err(|_| ClusterError::Timeout(ETCD_TIMEOUT))?
        .map_err(ClusterError::Etcd)
}

/// Bound on one try of a call that is tried again on another member.
const TRY_TIMEOUT: Duration = Duration::from_secs(1);

/// Pause between two rounds of tries over every member.
const RETRY_PAUSE: Duration = Duration::from_millis(100);

fn transient(e: &etcd_client::Error) -> bool {
    match e {
        etcd_client::Error::TransportError(_) => true,
        // gRPC's CANCELLED (1), UNKNOWN (2) and UNAVAILABLE (14).
        etcd_client::Error::GRpcStatus(s) => matches!(i32::from(s.code()), 1 | 2 | 14),
        _ => false,
    }
}

impl Cluster {
    /// Connect to etcd, take a lease, register this node and start renewing;
    /// the pools' hooks are installed on `pools`.
    pub async fn join(
        cfg: JoinConfig<'_>,
        pools: PoolManager,
        store: Arc<Store>,
    ) -> Result<Arc<Self>, ClusterError> {
        let args = cfg.args;
        let spec = args.cluster.as_deref().unwrap_or_default();
        let (tls, endpoints) = args::endpoints(spec).map_err(ClusterError::Config)?;
        let secret_path = args.cluster_secret_file.as_ref().ok_or_else(|| {
            ClusterError::Config(
                "--cluster needs --cluster-secret-file (a secret every node shares)".into(),
            )
        })?;
        let secret = read(secret_path)?;
        {
            use std::os::unix::fs::PermissionsExt;
            if let Ok(meta) = std::fs::metadata(secret_path)
                && meta.permissions().mode() & 0o077 != 0
            {
                tracing::warn!(path = %secret_path.display(), "the cluster secret file is readable by others than its owner; make it 0600");
            }
        }
        if secret.len() < 32 {
            return Err(ClusterError::Config(format!(
                "--cluster-secret-file {}: needs at least 32 bytes, has {}",
                secret_path.display(),
                secret.len()
            )));
        }
        let node = match &args.node_name {
            Some(n) => n.clone(),
            None => std::fs::read_to_string("/proc/sys/kernel/hostname")
                .map(|h| h.trim().to_string())
                .unwrap_or_default(),
        };
        let valid_name = !node.is_empty()
            && node.len() <= 63
            && node
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
        if !valid_name {
            return Err(ClusterError::Config(format!(
                "--node-name: {node:?} must be 1-63 letters, digits, '-', '_' or '.'"
            )));
        }
        let url = args
            .node_url
            .clone()
            .or(cfg.default_url)
            .map(|u| u.trim_end_matches('/').to_string())
            .ok_or_else(|| {
                ClusterError::Config(
                    "--cluster needs --node-url (or --listen/--public-url): where the other nodes reach this one"
                        .into(),
                )
            })?;
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(ClusterError::Config(format!(
                "--node-url: expected https://HOST:PORT, got {url:?}"
            )));
        }
        let mut options = etcd_client::ConnectOptions::new()
            .with_connect_timeout(ETCD_TIMEOUT)
            .with_timeout(ETCD_TIMEOUT)
            .with_keep_alive(Duration::from_secs(2), Duration::from_secs(2));
        if let Some(user) = &args.cluster_user {
            let path = args.cluster_password_file.as_ref().ok_or_else(|| {
                ClusterError::Config("--cluster-user needs --cluster-password-file".into())
            })?;
            let password = String::from_utf8(read(path)?)
                .map_err(|_| ClusterError::Config(format!("{}: not UTF-8", path.display())))?;
            options = options.with_user(user.clone(), password.trim_end().to_string());
        }
        if tls {
            let mut t = etcd_client::TlsOptions::new();
            if let Some(ca) = &args.cluster_ca {
                t = t.ca_certificate(etcd_client::Certificate::from_pem(read(ca)?));
            }
            if let (Some(cert), Some(key)) = (&args.cluster_cert, &args.cluster_key) {
                t = t.identity(etcd_client::Identity::from_pem(read(cert)?, read(key)?));
            }
            options = options.with_tls(t);
        }
        // One client per member (connections are made lazily): a member that
        // dies is left at once for the next, where a balanced channel kept
        // sending some calls to it.
        let mut members = Vec::new();
        for endpoint in &endpoints {
            let client = tokio::time::timeout(
                ETCD_TIMEOUT * 2,
                etcd_client::Client::connect([endpoint], Some(options.clone())),
            )
            .await
            .map_err(|_| ClusterError::Timeout(ETCD_TIMEOUT * 2))??;
            members.push(client);
        }
        let peer_ca = args.cluster_peer_ca.as_ref().map(|p| read(p)).transpose()?;
        let peers = peer::Peers::new(
            peer::Credential::new(&secret),
            &node,
            peer_ca.as_deref(),
            cfg.idle,
        )?;
        let ttl = Duration::from_secs(args.cluster_lease_ttl);
        let cluster = Arc::new(Self {
            seal: SecretKey::derived(&secret, "pool secrets in etcd")?,
            node,
            url,
            endpoints: endpoints.clone(),
            ttl,
            members,
            current: Default::default(),
            lease: lease::Lease::new(ttl),
            peers,
            nodes: RwLock::default(),
            owners: Mutex::default(),
            claims: Mutex::default(),
            pools: pools.clone(),
            store,
            applied: Default::default(),
            membership: Mutex::new((Instant::now(), Vec::new())),
            records_base: Default::default(),
            key_ring: cfg.keys,
            lease_file: cfg.data_dir.join("cluster-lease"),
            claims_made: Default::default(),
            claim_seconds: crate::metrics::Histogram::new(crate::metrics::histogram::FAST),
            published_ops: Default::default(),
            peer_requests: Default::default(),
        });
        cluster.take_lease().await?;
        cluster.refresh_nodes().await?;
        // Before the daemon loads its signing keys and admin token: the
        // cluster's come first.
        cluster.sync_all_records().await?;
        pools.set_cluster_hooks(Arc::new(Hooks(Arc::downgrade(&cluster))));
        tracing::info!(node = %cluster.node, url = %cluster.url, etcd = ?endpoints, lease = format!("{:x}", cluster.lease.id()), ttl_s = ttl.as_secs(), "joined the cluster");
        Ok(cluster)
    }

    /// Start the background work (renewal, membership, pool sync).
    pub fn start(self: &Arc<Self>) {
        tokio::spawn(tick::run(Arc::downgrade(self)));
    }

    fn client(&self) -> &etcd_client::Client {
        let i = self.current.load(std::sync::atomic::Ordering::Relaxed);
        &self.members[i % self.members.len()]
    }

    fn kv(&self) -> etcd_client::KvClient {
        self.client().kv_client()
    }

    /// The current member failed: use the next one from now on.
    fn next_member(&self) {
        if self.members.len() > 1 {
            let i = self
                .current
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            tracing::debug!(
                member = (i + 1) % self.members.len(),
                "moving to the next etcd member"
            );
        }
    }

    /// An etcd call that may be sent again (a read, or a transaction that
    /// re-checks its condition): a try that fails to connect or takes longer
    /// than `TRY_TIMEOUT` is sent again to the next member, until
    /// `retry_budget` has passed. The budget is counted in time, not in
    /// tries: while a member is down and the others elect a leader (one to
    /// two seconds), every member fails fast or times out, and a count of
    /// one try per member ran out before the election ended.
    async fn retried<T, F, Fut>(&self, mut call: F) -> Result<T, ClusterError>
    where
        F: FnMut(etcd_client::KvClient) -> Fut,
        Fut: std::future::Future<Output = Result<T, etcd_client::Error>>,
    {
        let deadline = tokio::time::Instant::now() + self.retry_budget();
        let mut tries = 0usize;
        loop {
            tries += 1;
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let bound = TRY_TIMEOUT.min(left).max(RETRY_PAUSE);
            let outcome = tokio::time::timeout(bound, call(self.kv())).await;
            let e = match outcome {
                Ok(Ok(v)) => return Ok(v),
                Ok(Err(e)) if transient(&e) => ClusterError::Etcd(e),
                Ok(Err(e)) => return Err(ClusterError::Etcd(e)),
                Err(_) => ClusterError::Timeout(bound),
            };
            if tokio::time::Instant::now() + RETRY_PAUSE >= deadline {
                return Err(e);
            }
            tracing::debug!(error = %e, tries, "an etcd call failed; trying the next member");
            self.next_member();
            // A full round of fast failures (no leader anywhere yet): pause
            // before the next round instead of spinning.
            if tries.is_multiple_of(self.members.len()) {
                tokio::time::sleep(RETRY_PAUSE).await;
            }
        }
    }

    /// How long a retried call keeps trying: half the lease TTL (so a node
    /// gives up well before its lease would run out), at least 2 s.
    fn retry_budget(&self) -> Duration {
        (self.ttl / 2).max(Duration::from_secs(2))
    }

    /// Whether this node may serve sessions (its lease is current).
    pub fn serving(&self) -> bool {
        self.lease.serving()
    }

    /// Checks the cluster credential on a forwarded request.
    pub fn verify_peer(&self, presented: &hyper::header::HeaderValue) -> bool {
        self.peers.credential().verify(presented)
    }

    /// Send a request to the node that owns its session.
    pub async fn forward(
        &self,
        node: &str,
        url: &str,
        req: hyper::Request<axum::body::Body>,
        client_ip: Option<std::net::IpAddr>,
    ) -> Result<axum::response::Response, ClusterError> {
        self.peer_requests
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.peers.forward(node, url, req, client_ip).await
    }

    /// This node's figures for `/metrics`.
    pub fn gauges(&self) -> crate::metrics::ClusterGauges {
        use std::sync::atomic::Ordering::Relaxed;
        crate::metrics::ClusterGauges {
            nodes: self.nodes.read().unwrap_or_else(|p| p.into_inner()).len(),
            serving: self.serving(),
            claims: self.claims_made.load(Relaxed),
            peer_requests: self.peer_requests.load(Relaxed),
            claim_seconds: self.claim_seconds.snapshot(),
        }
    }

    /// The live nodes, as last listed.
    pub fn live_nodes(&self) -> Vec<NodeRecord> {
        self.nodes
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .cloned()
            .collect()
    }

    fn node_url(&self, name: &str) -> Option<String> {
        self.nodes
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(name)
            .map(|n| n.url.clone())
    }

    /// Other nodes' counts of one pool (sessions, ready, pending) summed.
    pub fn peer_counts(&self, label: &str) -> (usize, usize, usize) {
        let nodes = self.nodes.read().unwrap_or_else(|p| p.into_inner());
        nodes
            .values()
            .filter(|n| n.name != self.node)
            .filter_map(|n| n.pool(label))
            .fold((0, 0, 0), |(s, r, p), x| {
                (s + x.sessions, r + x.ready, p + x.pending)
            })
    }

    /// Merge records with etcd; reload the key ring if keys changed.
    pub(super) async fn sync_all_records(&self) -> Result<(), ClusterError> {
        if self.sync_records().await? {
            let keys = self.store.signing_keys()?;
            *self.key_ring.write().unwrap_or_else(|p| p.into_inner()) =
                crate::identity::KeyRing::new(keys);
        }
        Ok(())
    }

    /// Leave the cluster (shutdown): the lease goes, and with it this node's
    /// record and session claims, so others take over at once.
    pub async fn leave(&self) {
        let id = self.lease.id();
        self.lease.lost();
        if id != 0 {
            let mut lease = self.client().lease_client();
            if let Err(e) = bounded(lease.revoke(id)).await {
                tracing::warn!(error = %e, "could not revoke the cluster lease; it expires by itself");
            }
        }
        let _ = std::fs::remove_file(&self.lease_file);
    }
}

/// The pools' view of the cluster.
struct Hooks(std::sync::Weak<Cluster>);

impl crate::pool::ClusterHooks for Hooks {
    fn session_closed(&self, pool: &str, identifier: &str) {
        if let Some(c) = self.0.upgrade() {
            c.release(pool, identifier);
        }
    }

    fn operation_ended(&self, op: &crate::store::OperationRecord) {
        if let Some(c) = self.0.upgrade() {
            c.operation_ended(op);
        }
    }

    fn ready_share(&self, pool: &str, ready: usize) -> usize {
        match self.0.upgrade() {
            Some(c) => {
                // Among the nodes that have not failed to provision the pool.
                let nodes = c.nodes.read().unwrap_or_else(|p| p.into_inner());
                let names: Vec<&str> = nodes
                    .values()
                    .filter(|n| !n.failed_pools.iter().any(|f| f == pool))
                    .map(|n| n.name.as_str())
                    .collect();
                nodes::share(ready, &names, &c.node)
            }
            None => ready,
        }
    }
}
