//! API tokens, stored only as SHA-256 hashes.

use super::{Store, StoreError};
use rusqlite::{OptionalExtension, params};

#[derive(Debug, Clone, PartialEq)]
pub struct TokenRecord {
    pub id: String,
    pub hash: String,
    pub label: Option<String>,
    pub role: String,
    /// Resource group key and pool name an executor token is bound to.
    pub rg_key: Option<String>,
    pub pool: Option<String>,
    pub created_at: String,
    pub expires_at: Option<String>,
}

const COLUMNS: &str = "id, hash, label, role, rg_key, pool, created_at, expires_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TokenRecord> {
    Ok(TokenRecord {
        id: r.get(0)?,
        hash: r.get(1)?,
        label: r.get(2)?,
        role: r.get(3)?,
        rg_key: r.get(4)?,
        pool: r.get(5)?,
        created_at: r.get(6)?,
        expires_at: r.get(7)?,
    })
}

impl Store {
    pub fn put_token(&self, t: &TokenRecord) -> Result<(), StoreError> {
        self.conn().execute(
            &format!("INSERT INTO tokens ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
            params![
                t.id,
                t.hash,
                t.label,
                t.role,
                t.rg_key,
                t.pool,
                t.created_at,
                t.expires_at
            ],
        )?;
        Ok(())
    }

    pub fn token_by_hash(&self, hash: &str) -> Result<Option<TokenRecord>, StoreError> {
        if let Some(t) = self
            .token_cache
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(hash)
        {
            return Ok(Some(t.clone()));
        }
        let found = self
            .conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM tokens WHERE hash = ?1"))?
            .query_row(params![hash], row)
            .optional()?;
        if let Some(t) = &found {
            self.token_cache
                .write()
                .unwrap_or_else(|p| p.into_inner())
                .insert(hash.to_string(), t.clone());
        }
        Ok(found)
    }

    fn forget_cached_tokens(&self) {
        self.token_cache
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    pub fn list_tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM tokens ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map([], row)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    pub fn delete_token(&self, id: &str) -> Result<bool, StoreError> {
        let deleted = self
            .conn()
            .execute("DELETE FROM tokens WHERE id = ?1", params![id])?
            > 0;
        self.forget_cached_tokens();
        Ok(deleted)
    }

    /// Executor tokens die with their pool: a new pool of the same name must not inherit them.
    pub fn delete_pool_tokens(&self, rg_key: &str, pool: &str) -> Result<usize, StoreError> {
        let n = self.conn().execute(
            "DELETE FROM tokens WHERE rg_key = ?1 AND pool = ?2",
            params![rg_key, pool],
        )?;
        self.forget_cached_tokens();
        Ok(n)
    }
}
