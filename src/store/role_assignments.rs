//! Role assignments: (scope, role, principal). `scope` is kept as the caller
//! wrote it (ARM echoes it); `scope_key` is its normalised form for matching.

use super::{Store, StoreError};
use crate::identity::Scope;
use rusqlite::{OptionalExtension, params};

#[derive(Debug, Clone, PartialEq)]
pub struct RoleAssignmentRecord {
    pub name: String,
    pub scope: String,
    pub role_id: String,
    pub principal_id: String,
    pub principal_type: String,
    pub created_at: String,
}

const COLUMNS: &str = "name, scope, role_id, principal_id, principal_type, created_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RoleAssignmentRecord> {
    Ok(RoleAssignmentRecord {
        name: r.get(0)?,
        scope: r.get(1)?,
        role_id: r.get(2)?,
        principal_id: r.get(3)?,
        principal_type: r.get(4)?,
        created_at: r.get(5)?,
    })
}

/// What inserting an assignment did.
#[derive(Debug, PartialEq, Eq)]
pub enum AssignmentInsert {
    Created,
    /// The same name with the same content: ARM answers 201 again.
    Unchanged,
    /// The same scope, role and principal under another name (409 RoleAssignmentExists).
    Duplicate(String),
    /// The name exists with other content (409).
    NameTaken,
}

impl Store {
    pub fn put_role_assignment(
        &self,
        a: &RoleAssignmentRecord,
    ) -> Result<AssignmentInsert, StoreError> {
        let key = Scope::parse(&a.scope);
        let conn = self.conn();
        if let Some(existing) = conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM role_assignments WHERE name = ?1"
            ))?
            .query_row(params![a.name], row)
            .optional()?
        {
            let same = Scope::parse(&existing.scope) == key
                && existing.role_id.eq_ignore_ascii_case(&a.role_id)
                && existing.principal_id.eq_ignore_ascii_case(&a.principal_id);
            return Ok(if same {
                AssignmentInsert::Unchanged
            } else {
                AssignmentInsert::NameTaken
            });
        }
        let dup: Option<String> = conn
            .query_row(
                "SELECT name FROM role_assignments WHERE scope_key = ?1 AND role_id = ?2 COLLATE NOCASE AND principal_id = ?3 COLLATE NOCASE",
                params![key.as_str(), a.role_id, a.principal_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(name) = dup {
            return Ok(AssignmentInsert::Duplicate(name));
        }
        conn.execute(
            "INSERT INTO role_assignments (name, scope, scope_key, role_id, principal_id, principal_type, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                a.name,
                a.scope,
                key.as_str(),
                a.role_id.to_ascii_lowercase(),
                a.principal_id.to_ascii_lowercase(),
                a.principal_type,
                a.created_at
            ],
        )?;
        drop(conn);
        self.forget_cached_assignments();
        Ok(AssignmentInsert::Created)
    }

    /// The assignment `name` at exactly `scope`.
    pub fn role_assignment(
        &self,
        scope: &str,
        name: &str,
    ) -> Result<Option<RoleAssignmentRecord>, StoreError> {
        let found = self
            .conn()
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM role_assignments WHERE name = ?1"
            ))?
            .query_row(params![name.to_ascii_lowercase()], row)
            .optional()?;
        Ok(found.filter(|a| Scope::parse(&a.scope) == Scope::parse(scope)))
    }

    pub fn delete_role_assignment(&self, name: &str) -> Result<bool, StoreError> {
        let n = self.conn().execute(
            "DELETE FROM role_assignments WHERE name = ?1",
            params![name.to_ascii_lowercase()],
        )?;
        self.forget_cached_assignments();
        Ok(n > 0)
    }

    pub fn list_role_assignments(&self) -> Result<Vec<RoleAssignmentRecord>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM role_assignments ORDER BY created_at, name"
        ))?;
        let rows = stmt.query_map([], row)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// (scope, role id) of every assignment of `object_id`, cached: the data
    /// plane asks on every request with a JWT.
    pub fn assignments_of(
        &self,
        object_id: &str,
    ) -> Result<std::sync::Arc<Vec<(Scope, String)>>, StoreError> {
        let key = object_id.to_ascii_lowercase();
        if let Some(hit) = self
            .assignment_cache
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
        {
            return Ok(hit.clone());
        }
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT scope_key, role_id FROM role_assignments WHERE principal_id = ?1",
        )?;
        let rows: Vec<(Scope, String)> = stmt
            .query_map(params![key], |r| {
                Ok((Scope::parse(&r.get::<_, String>(0)?), r.get(1)?))
            })?
            .collect::<Result<_, _>>()?;
        let rows = std::sync::Arc::new(rows);
        self.assignment_cache
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, rows.clone());
        Ok(rows)
    }

    /// Assignments die with their resource, as in Azure: a new pool of the
    /// same name starts with none.
    pub fn delete_assignments_under(&self, scope: &Scope) -> Result<usize, StoreError> {
        let n = self.conn().execute(
            "DELETE FROM role_assignments WHERE scope_key = ?1 OR scope_key LIKE ?2 ESCAPE '\\'",
            params![
                scope.as_str(),
                format!(
                    "{}/%",
                    scope.as_str().replace('%', "\\%").replace('_', "\\_")
                )
            ],
        )?;
        self.forget_cached_assignments();
        Ok(n)
    }

    pub(super) fn forget_cached_assignments(&self) {
        self.assignment_cache
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}
