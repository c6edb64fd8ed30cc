//! Live sessions (pool label, identifier, sandbox): after a restart the
//! daemon knows which identifiers lost their session, and says so on their
//! next request.

use super::{Store, StoreError};
use rusqlite::params;

impl Store {
    pub fn put_live_session(
        &self,
        pool: &str,
        identifier: &str,
        sandbox: &str,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT OR REPLACE INTO live_sessions (pool, identifier, sandbox) VALUES (?1, ?2, ?3)",
            params![pool, identifier, sandbox],
        )?;
        Ok(())
    }

    /// Forget a session, unless its identifier already has a newer one.
    pub fn delete_live_session(
        &self,
        pool: &str,
        identifier: &str,
        sandbox: &str,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "DELETE FROM live_sessions WHERE pool = ?1 AND identifier = ?2 AND sandbox = ?3",
            params![pool, identifier, sandbox],
        )?;
        Ok(())
    }

    pub fn delete_pool_live_sessions(&self, pool: &str) -> Result<(), StoreError> {
        self.conn()
            .execute("DELETE FROM live_sessions WHERE pool = ?1", params![pool])?;
        Ok(())
    }

    /// Every recorded session as (pool label, identifier), emptying the table.
    pub fn take_live_sessions(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let rows = {
            let mut stmt =
                tx.prepare("SELECT pool, identifier FROM live_sessions ORDER BY pool, identifier")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<Vec<_>, _>>()?
        };
        tx.execute("DELETE FROM live_sessions", [])?;
        tx.commit()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_late_delete_keeps_the_newer_session() {
        let s = Store::open_in_memory().unwrap();
        s.put_live_session("rg/p", "user-1", "sp-old").unwrap();
        s.put_live_session("rg/p", "user-1", "sp-new").unwrap();
        s.delete_live_session("rg/p", "user-1", "sp-old").unwrap();
        s.put_live_session("rg/q", "user-2", "sp-q").unwrap();
        s.delete_pool_live_sessions("rg/q").unwrap();
        assert_eq!(
            s.take_live_sessions().unwrap(),
            vec![("rg/p".to_string(), "user-1".to_string())]
        );
        assert!(s.take_live_sessions().unwrap().is_empty());
    }
}
