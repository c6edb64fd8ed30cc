//! The authority's signing keys, PKCS#8 sealed with the secrets key.

use super::{Store, StoreError};
use crate::identity::SigningKey;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rusqlite::params;

fn context(kid: &str) -> String {
    format!("signing-key\0{kid}")
}

impl Store {
    pub fn put_signing_key(&self, k: &SigningKey) -> Result<(), StoreError> {
        let sealed = self
            .key
            .seal(&context(&k.kid), &STANDARD.encode(&k.pkcs8))?;
        self.conn().execute(
            "INSERT OR REPLACE INTO signing_keys (kid, pkcs8, created_at, retired_at) VALUES (?1, ?2, ?3, ?4)",
            params![k.kid, sealed, k.created_at, k.retired_at],
        )?;
        Ok(())
    }

    pub fn signing_keys(&self) -> Result<Vec<SigningKey>, StoreError> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare("SELECT kid, pkcs8, created_at, retired_at FROM signing_keys")?;
        let rows: Vec<(String, String, i64, Option<i64>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        drop(stmt);
        drop(conn);
        rows.into_iter()
            .map(|(kid, sealed, created, retired)| {
                let bad = || StoreError::Crypto("a stored signing key is damaged");
                let der = STANDARD
                    .decode(self.key.open(&context(&kid), &sealed)?)
                    .map_err(|_| bad())?;
                SigningKey::from_pkcs8(der, created, retired).map_err(|_| bad())
            })
            .collect()
    }

    pub fn delete_signing_key(&self, kid: &str) -> Result<(), StoreError> {
        self.conn()
            .execute("DELETE FROM signing_keys WHERE kid = ?1", params![kid])?;
        Ok(())
    }
}
