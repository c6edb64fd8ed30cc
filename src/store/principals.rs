//! Service principals: an application (client) id, an object id that role
//! assignments name, the SHA-256 of its secret and its public certificates.

use super::{Store, StoreError};
use crate::identity::CertificateInfo;
use rusqlite::{OptionalExtension, params};

#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalRecord {
    pub app_id: String,
    pub object_id: String,
    pub display_name: String,
    pub secret_hash: Option<String>,
    pub created_at: String,
}

const COLUMNS: &str = "app_id, object_id, display_name, secret_hash, created_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PrincipalRecord> {
    Ok(PrincipalRecord {
        app_id: r.get(0)?,
        object_id: r.get(1)?,
        display_name: r.get(2)?,
        secret_hash: r.get(3)?,
        created_at: r.get(4)?,
    })
}

impl Store {
    pub fn put_principal(
        &self,
        p: &PrincipalRecord,
        certs: &[CertificateInfo],
    ) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            &format!("INSERT INTO principals ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5)"),
            params![
                p.app_id,
                p.object_id,
                p.display_name,
                p.secret_hash,
                p.created_at
            ],
        )?;
        for c in certs {
            tx.execute(
                "INSERT OR REPLACE INTO principal_certificates (app_id, thumbprint, der) VALUES (?1, ?2, ?3)",
                params![p.app_id, c.thumbprint, c.der],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn principal_by_app_id(&self, app_id: &str) -> Result<Option<PrincipalRecord>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM principals WHERE app_id = ?1 COLLATE NOCASE"
            ))?
            .query_row(params![app_id], row)
            .optional()?)
    }

    pub fn principal_certificates(&self, app_id: &str) -> Result<Vec<CertificateInfo>, StoreError> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare_cached("SELECT der FROM principal_certificates WHERE app_id = ?1")?;
        let ders: Vec<Vec<u8>> = stmt
            .query_map(params![app_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        // Only certificates that parsed are ever stored.
        Ok(ders
            .into_iter()
            .filter_map(|d| CertificateInfo::from_der(d).ok())
            .collect())
    }

    pub fn list_principals(&self) -> Result<Vec<PrincipalRecord>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM principals ORDER BY created_at, app_id"
        ))?;
        let rows = stmt.query_map([], row)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Delete a principal (by app or object id) with its certificates and
    /// role assignments; false when there was none.
    pub fn delete_principal(&self, id: &str) -> Result<bool, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let object_id: Option<String> = tx
            .query_row(
                "SELECT object_id FROM principals WHERE app_id = ?1 COLLATE NOCASE OR object_id = ?1 COLLATE NOCASE",
                params![id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(object_id) = object_id else {
            return Ok(false);
        };
        tx.execute(
            "DELETE FROM role_assignments WHERE principal_id = ?1 COLLATE NOCASE",
            params![object_id],
        )?;
        tx.execute(
            "DELETE FROM principals WHERE object_id = ?1",
            params![object_id],
        )?;
        tx.commit()?;
        self.forget_cached_assignments();
        Ok(true)
    }
}
