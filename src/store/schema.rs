//! Tables, created on open.

pub(super) fn migrate(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    // secure_delete: pages that held a plaintext secret (before sealing) are
    // zeroed when freed or rewritten, not left in the file.
    conn.execute_batch(
        "PRAGMA secure_delete = ON;
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         CREATE TABLE IF NOT EXISTS pools (
             rg_key TEXT NOT NULL,
             name TEXT NOT NULL,
             resource_group TEXT NOT NULL,
             location TEXT NOT NULL,
             tags TEXT NOT NULL,
             properties TEXT NOT NULL,
             provisioning_state TEXT NOT NULL,
             provisioning_error TEXT,
             image_digest TEXT,
             created_at TEXT NOT NULL,
             PRIMARY KEY (rg_key, name)
         );
         CREATE TABLE IF NOT EXISTS secrets (
             rg_key TEXT NOT NULL,
             pool TEXT NOT NULL,
             name TEXT NOT NULL,
             value TEXT NOT NULL,
             sealed INTEGER NOT NULL DEFAULT 0,
             PRIMARY KEY (rg_key, pool, name),
             FOREIGN KEY (rg_key, pool) REFERENCES pools (rg_key, name) ON DELETE CASCADE
         );
         CREATE TABLE IF NOT EXISTS operations (
             id TEXT PRIMARY KEY,
             kind TEXT NOT NULL,
             rg_key TEXT NOT NULL,
             pool TEXT NOT NULL,
             status TEXT NOT NULL,
             start_time TEXT NOT NULL,
             end_time TEXT,
             error TEXT
         );
         CREATE TABLE IF NOT EXISTS tokens (
             id TEXT PRIMARY KEY,
             hash TEXT NOT NULL UNIQUE,
             label TEXT,
             role TEXT NOT NULL,
             rg_key TEXT,
             pool TEXT,
             created_at TEXT NOT NULL,
             expires_at TEXT
         );
         CREATE TABLE IF NOT EXISTS principals (
             app_id TEXT PRIMARY KEY,
             object_id TEXT NOT NULL UNIQUE,
             display_name TEXT NOT NULL,
             secret_hash TEXT,
             created_at TEXT NOT NULL
         );
         CREATE TABLE IF NOT EXISTS principal_certificates (
             app_id TEXT NOT NULL REFERENCES principals (app_id) ON DELETE CASCADE,
             thumbprint TEXT NOT NULL,
             der BLOB NOT NULL,
             PRIMARY KEY (app_id, thumbprint)
         );
         CREATE TABLE IF NOT EXISTS role_assignments (
             name TEXT PRIMARY KEY,
             scope TEXT NOT NULL,
             scope_key TEXT NOT NULL,
             role_id TEXT NOT NULL,
             principal_id TEXT NOT NULL,
             principal_type TEXT NOT NULL,
             created_at TEXT NOT NULL,
             UNIQUE (scope_key, role_id, principal_id)
         );
         CREATE INDEX IF NOT EXISTS role_assignments_principal ON role_assignments (principal_id);
         CREATE TABLE IF NOT EXISTS signing_keys (
             kid TEXT PRIMARY KEY,
             pkcs8 TEXT NOT NULL,
             created_at INTEGER NOT NULL,
             retired_at INTEGER
         );
         CREATE TABLE IF NOT EXISTS live_sessions (
             pool TEXT NOT NULL,
             identifier TEXT NOT NULL,
             sandbox TEXT NOT NULL,
             PRIMARY KEY (pool, identifier)
         );",
    )?;
    // Databases from before sealing: their rows are plaintext (sealed = 0)
    // until `Store::seal_plaintext_secrets` runs.
    let has_sealed: bool = conn
        .prepare("SELECT 1 FROM pragma_table_info('secrets') WHERE name = 'sealed'")?
        .exists([])?;
    if !has_sealed {
        conn.execute_batch("ALTER TABLE secrets ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;")?;
    }
    Ok(())
}
