//! Where things live in etcd, under one prefix per cluster.
//!
//! - `nodes/NAME`: a node's record, bound to its lease;
//! - `sessions/POOL/IDENTIFIER`: which node owns an identifier's session,
//!   bound to that node's lease (so a dead node's identifiers free
//!   themselves when its lease expires);
//! - `slots/POOL/K`: one key per session of a pool, K < maxConcurrentSessions,
//!   claimed in the same transaction as the session key: the pool's session
//!   count cluster-wide can never pass its maximum;
//! - `pools/RG/NAME`: the pool resources (configuration, sealed secrets);
//! - `records/KIND/ID`: tokens, service principals, role assignments and
//!   signing keys (sealed); a deleted one leaves a tombstone;
//! - `operations/ID`: a long-running operation started through a node,
//!   under its own lease of a day (see `operations`).
//!
//! POOL is the pool's label, `RGKEY/NAME` (resource group key, pool name).

pub const PREFIX: &str = "/sessionpool/v1/";

pub fn nodes() -> String {
    format!("{PREFIX}nodes/")
}

pub fn node(name: &str) -> String {
    format!("{PREFIX}nodes/{name}")
}

pub fn session(pool: &str, identifier: &str) -> String {
    format!("{PREFIX}sessions/{pool}/{identifier}")
}

pub fn sessions_of(pool: &str) -> String {
    format!("{PREFIX}sessions/{pool}/")
}

pub fn slot(pool: &str, k: usize) -> String {
    format!("{PREFIX}slots/{pool}/{k}")
}

pub fn slots_of(pool: &str) -> String {
    format!("{PREFIX}slots/{pool}/")
}

pub fn pools() -> String {
    format!("{PREFIX}pools/")
}

pub fn pool(pool: &str) -> String {
    format!("{PREFIX}pools/{pool}")
}

pub fn records() -> String {
    format!("{PREFIX}records/")
}

pub fn operation(id: &str) -> String {
    format!("{PREFIX}operations/{id}")
}
