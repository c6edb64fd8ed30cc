//! Pools and their secret values.

use super::sealing::context;
use super::{Store, StoreError, decode, encode};
use crate::spec::{PoolName, PoolProperties, ResourceGroup};
use rusqlite::{OptionalExtension, params};
use std::collections::BTreeMap;

/// A stored pool. `properties.secrets` holds names only; values are apart.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolRecord {
    pub resource_group: ResourceGroup,
    pub name: PoolName,
    pub location: String,
    pub tags: BTreeMap<String, String>,
    pub properties: PoolProperties,
    pub provisioning_state: String,
    pub provisioning_error: Option<String>,
    pub image_digest: Option<String>,
    pub created_at: String,
}

const COLUMNS: &str = "resource_group, name, location, tags, properties, provisioning_state, provisioning_error, image_digest, created_at";

fn row_to_record(row: &rusqlite::Row<'_>) -> rusqlite::Result<[Option<String>; 9]> {
    let mut out: [Option<String>; 9] = Default::default();
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = row.get(i)?;
    }
    Ok(out)
}

fn build(cols: [Option<String>; 9]) -> Result<PoolRecord, StoreError> {
    let [
        rg,
        name,
        location,
        tags,
        props,
        state,
        error,
        digest,
        created,
    ] = cols;
    let text = |v: Option<String>| v.unwrap_or_default();
    Ok(PoolRecord {
        // Stored values were validated on the way in.
        resource_group: ResourceGroup::parse(&text(rg)).map_err(|e| invalid(e.to_string()))?,
        name: PoolName::parse(&text(name)).map_err(|e| invalid(e.to_string()))?,
        location: text(location),
        tags: decode("pool tags", &text(tags))?,
        properties: decode("pool properties", &text(props))?,
        provisioning_state: text(state),
        provisioning_error: error,
        image_digest: digest,
        created_at: text(created),
    })
}

fn invalid(msg: String) -> StoreError {
    StoreError::Decode {
        what: "pool key",
        source: serde::de::Error::custom(msg),
    }
}

impl Store {
    /// Insert or replace a pool and, when given, replace its secret values.
    pub fn put_pool(
        &self,
        p: &PoolRecord,
        secrets: Option<&[(String, String)]>,
    ) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let rg_key = p.resource_group.key();
        tx.execute(
            &format!("INSERT INTO pools (rg_key, {COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
              ON CONFLICT (rg_key, name) DO UPDATE SET resource_group = excluded.resource_group,
              location = excluded.location, tags = excluded.tags, properties = excluded.properties,
              provisioning_state = excluded.provisioning_state, provisioning_error = excluded.provisioning_error,
              image_digest = excluded.image_digest"),
            params![
                rg_key,
                p.resource_group.as_str(),
                p.name.as_str(),
                p.location,
                encode(&p.tags),
                encode(&p.properties),
                p.provisioning_state,
                p.provisioning_error,
                p.image_digest,
                p.created_at
            ],
        )?;
        if let Some(secrets) = secrets {
            tx.execute(
                "DELETE FROM secrets WHERE rg_key = ?1 AND pool = ?2",
                params![rg_key, p.name.as_str()],
            )?;
            for (name, value) in secrets {
                let sealed = self
                    .key
                    .seal(&context(&rg_key, p.name.as_str(), name), value)?;
                tx.execute(
                    "INSERT INTO secrets (rg_key, pool, name, value, sealed) VALUES (?1, ?2, ?3, ?4, 1)",
                    params![rg_key, p.name.as_str(), name, sealed],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn get_pool(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
    ) -> Result<Option<PoolRecord>, StoreError> {
        let cols = self
            .conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM pools WHERE rg_key = ?1 AND name = ?2"),
                params![rg.key(), name.as_str()],
                row_to_record,
            )
            .optional()?;
        cols.map(build).transpose()
    }

    /// Pools in one resource group, or all, ordered by resource group then name.
    pub fn list_pools(&self, rg: Option<&ResourceGroup>) -> Result<Vec<PoolRecord>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM pools WHERE ?1 IS NULL OR rg_key = ?1 ORDER BY rg_key, name"
        ))?;
        let rows = stmt
            .query_map(params![rg.map(ResourceGroup::key)], row_to_record)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(build).collect()
    }

    pub fn set_provisioning(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
        state: &str,
        error: Option<&str>,
        digest: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE pools SET provisioning_state = ?3, provisioning_error = ?4,
             image_digest = COALESCE(?5, image_digest) WHERE rg_key = ?1 AND name = ?2",
            params![rg.key(), name.as_str(), state, error, digest],
        )?;
        Ok(())
    }

    pub fn delete_pool(&self, rg: &ResourceGroup, name: &PoolName) -> Result<bool, StoreError> {
        let n = self.conn().execute(
            "DELETE FROM pools WHERE rg_key = ?1 AND name = ?2",
            params![rg.key(), name.as_str()],
        )?;
        Ok(n > 0)
    }

    /// Secret values of a pool, by name.
    pub fn pool_secrets(
        &self,
        rg: &ResourceGroup,
        name: &PoolName,
    ) -> Result<BTreeMap<String, String>, StoreError> {
        let rg_key = rg.key();
        let conn = self.conn();
        let mut stmt = conn
            .prepare("SELECT name, value, sealed FROM secrets WHERE rg_key = ?1 AND pool = ?2")?;
        let rows = stmt
            .query_map(params![rg_key, name.as_str()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(secret, value, sealed)| {
                let value = match sealed {
                    true => self
                        .key
                        .open(&context(&rg_key, name.as_str(), &secret), &value)?,
                    false => value,
                };
                Ok((secret, value))
            })
            .collect()
    }

    /// Seal the rows an older version stored in plaintext, then checkpoint
    /// and vacuum so no copy of them stays in the WAL or free pages.
    pub(super) fn seal_plaintext_secrets(&self) -> Result<usize, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let rows: Vec<(String, String, String, String)> = tx
            .prepare("SELECT rg_key, pool, name, value FROM secrets WHERE sealed = 0")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        for (rg_key, pool, name, value) in &rows {
            let sealed = self.key.seal(&context(rg_key, pool, name), value)?;
            tx.execute(
                "UPDATE secrets SET value = ?4, sealed = 1 WHERE rg_key = ?1 AND pool = ?2 AND name = ?3",
                params![rg_key, pool, name, sealed],
            )?;
        }
        tx.commit()?;
        if !rows.is_empty() {
            tracing::info!(
                count = rows.len(),
                "sealed plaintext secrets left by an older version"
            );
            conn.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
        }
        Ok(rows.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database written before sealing: no `sealed` column, plaintext values.
    #[test]
    fn plaintext_secrets_of_an_older_database_are_sealed_at_open() {
        const PLAIN: &str = "plaintext-secret-4b7d";
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let (rg, pool) = (
            ResourceGroup::parse("rg").unwrap(),
            PoolName::parse("p1").unwrap(),
        );
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(
                "PRAGMA journal_mode = WAL;
                 CREATE TABLE pools (rg_key TEXT NOT NULL, name TEXT NOT NULL,
                   resource_group TEXT NOT NULL, location TEXT NOT NULL, tags TEXT NOT NULL,
                   properties TEXT NOT NULL, provisioning_state TEXT NOT NULL,
                   provisioning_error TEXT, image_digest TEXT, created_at TEXT NOT NULL,
                   PRIMARY KEY (rg_key, name));
                 CREATE TABLE secrets (rg_key TEXT NOT NULL, pool TEXT NOT NULL,
                   name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (rg_key, pool, name));",
            )
            .unwrap();
            conn.execute(
                "INSERT INTO secrets (rg_key, pool, name, value) VALUES (?1, 'p1', 'pw', ?2)",
                params![rg.key(), PLAIN],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let secrets = store.pool_secrets(&rg, &pool).unwrap();
        assert_eq!(secrets.get("pw").map(String::as_str), Some(PLAIN));
        drop(store);
        for f in ["state.db", "state.db-wal"] {
            let bytes = std::fs::read(dir.path().join(f)).unwrap_or_default();
            assert!(
                !bytes.windows(PLAIN.len()).any(|w| w == PLAIN.as_bytes()),
                "plaintext left in {f}"
            );
        }
        // Reopening keeps the value (the key file was kept).
        let store = Store::open(&path).unwrap();
        assert_eq!(store.pool_secrets(&rg, &pool).unwrap()["pw"], PLAIN);
    }
}
