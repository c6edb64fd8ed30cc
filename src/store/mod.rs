//! Durable state in SQLite under the data dir: pools (configuration without
//! secret values), secret values, long-running operations, token hashes and
//! the identifiers of live sessions.

mod operations;
mod pools;
mod schema;
mod sessions;
mod tokens;

pub use operations::OperationRecord;
pub use pools::PoolRecord;
pub use tokens::TokenRecord;

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("open the state database {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("query the state database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("decode stored {what}: {source}")]
    Decode {
        what: &'static str,
        source: serde_json::Error,
    },
}

/// One SQLite connection behind a mutex: control-plane traffic is light and
/// every statement is short, so a pool of connections would buy nothing.
pub struct Store {
    conn: Mutex<rusqlite::Connection>,
    /// Tokens by hash, so the data plane's per-request check skips SQLite.
    /// Cleared whenever a token is deleted, so revocation takes effect at once.
    token_cache: std::sync::RwLock<std::collections::HashMap<String, TokenRecord>>,
}

impl Store {
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = rusqlite::Connection::open(path).map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            source,
        })?;
        schema::migrate(&conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
            token_cache: Default::default(),
        })
    }

    pub fn open_in_memory() -> Result<Self, StoreError> {
        let conn = rusqlite::Connection::open_in_memory()?;
        schema::migrate(&conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
            token_cache: Default::default(),
        })
    }

    fn conn(&self) -> MutexGuard<'_, rusqlite::Connection> {
        // A panic while holding the lock cannot leave SQLite half-written
        // (statements are atomic), so a poisoned lock is still usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn decode<T: serde::de::DeserializeOwned>(what: &'static str, s: &str) -> Result<T, StoreError> {
    serde_json::from_str(s).map_err(|source| StoreError::Decode { what, source })
}

fn encode<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("plain data always serializes")
}
