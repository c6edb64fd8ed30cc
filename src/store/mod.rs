//! Durable state in SQLite under the data dir: pools (configuration without
//! secret values), secret values (sealed, see `sealing`), long-running
//! operations, token hashes, service principals (secret hashes and public
//! certificates), role assignments, the authority's signing keys (sealed)
//! and the identifiers of live sessions. state.db,
//! its -wal and -shm and the key file are 0600.

mod operations;
mod pools;
mod principals;
mod records;
mod role_assignments;
mod schema;
mod sealing;
mod sessions;
mod signing_keys;
mod tokens;

pub use operations::OperationRecord;
pub use pools::PoolRecord;
pub use principals::PrincipalRecord;
pub use records::RecordKind;
pub use role_assignments::{AssignmentInsert, RoleAssignmentRecord};
pub use sealing::SecretKey;
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
    #[error("read or create the secrets key {path}: {source}")]
    Key {
        path: String,
        source: std::io::Error,
    },
    #[error("restrict {path} to its owner: {source}")]
    Permissions {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Crypto(&'static str),
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
    /// Role assignments by principal (object id), for the same reason;
    /// cleared on every change to role assignments.
    assignment_cache: std::sync::RwLock<AssignmentCache>,
    key: sealing::SecretKey,
}

type AssignmentCache =
    std::collections::HashMap<String, std::sync::Arc<Vec<(crate::identity::Scope, String)>>>;

/// Name of the key file, beside state.db.
pub const KEY_FILE: &str = "secrets.key";

/// Make `path` (state.db, -wal, -shm) owner-only; missing files are fine.
fn owner_only(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::PermissionsExt;
    match std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(StoreError::Permissions {
            path: path.display().to_string(),
            source: e,
        }),
        _ => Ok(()),
    }
}

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

impl Store {
    /// Open (or create) the database at `path`, its key beside it.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let key = sealing::SecretKey::load_or_create(&path.with_file_name(KEY_FILE))?;
        // SQLite gives -wal and -shm the database file's mode: create it 0600
        // first, then also fix files an older version left 0644.
        if !path.exists() {
            use std::os::unix::fs::OpenOptionsExt;
            std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(path)
                .map_err(|source| StoreError::Permissions {
                    path: path.display().to_string(),
                    source,
                })?;
        }
        let conn = rusqlite::Connection::open(path).map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            source,
        })?;
        schema::migrate(&conn)?;
        for p in [
            path.to_path_buf(),
            with_suffix(path, "-wal"),
            with_suffix(path, "-shm"),
        ] {
            owner_only(&p)?;
        }
        let store = Self {
            conn: Mutex::new(conn),
            token_cache: Default::default(),
            assignment_cache: Default::default(),
            key,
        };
        store.seal_plaintext_secrets()?;
        Ok(store)
    }

    pub fn open_in_memory() -> Result<Self, StoreError> {
        let conn = rusqlite::Connection::open_in_memory()?;
        schema::migrate(&conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
            token_cache: Default::default(),
            assignment_cache: Default::default(),
            key: sealing::SecretKey::ephemeral()?,
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
