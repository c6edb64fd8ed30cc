//! Long-running operations, so polling survives a daemon restart.

use super::{Store, StoreError, decode, encode};
use rusqlite::{OptionalExtension, params};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OperationRecord {
    pub id: String,
    /// put, patch or delete: what the final result of the operation is.
    pub kind: String,
    pub rg_key: String,
    pub pool: String,
    pub status: String,
    pub start_time: String,
    pub end_time: Option<String>,
    /// Error code and message of a Failed operation.
    pub error: Option<(String, String)>,
}

impl Store {
    pub fn put_operation(&self, op: &OperationRecord) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT OR REPLACE INTO operations (id, kind, rg_key, pool, status, start_time, end_time, error)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![op.id, op.kind, op.rg_key, op.pool, op.status, op.start_time, op.end_time, op.error.as_ref().map(encode)],
        )?;
        Ok(())
    }

    pub fn get_operation(&self, id: &str) -> Result<Option<OperationRecord>, StoreError> {
        let row = self
            .conn()
            .query_row(
                "SELECT id, kind, rg_key, pool, status, start_time, end_time, error FROM operations WHERE id = ?1",
                params![id],
                |r| {
                    let error: Option<String> = r.get(7)?;
                    Ok((
                        OperationRecord {
                            id: r.get(0)?,
                            kind: r.get(1)?,
                            rg_key: r.get(2)?,
                            pool: r.get(3)?,
                            status: r.get(4)?,
                            start_time: r.get(5)?,
                            end_time: r.get(6)?,
                            error: None,
                        },
                        error,
                    ))
                },
            )
            .optional()?;
        row.map(|(mut op, error)| {
            op.error = error.map(|e| decode("operation error", &e)).transpose()?;
            Ok(op)
        })
        .transpose()
    }

    /// Operations left InProgress by a daemon that stopped cannot finish.
    pub fn fail_unfinished_operations(&self, now: &str) -> Result<usize, StoreError> {
        let error = encode(&(
            "OperationInterrupted",
            "the daemon restarted before the operation finished",
        ));
        Ok(self.conn().execute(
            "UPDATE operations SET status = 'Failed', end_time = ?1, error = ?2 WHERE status = 'InProgress'",
            params![now, error],
        )?)
    }
}
