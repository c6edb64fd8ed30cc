//! Credentials and grants as plain JSON documents, for cluster mode: every
//! token, service principal (with its certificates), role assignment and
//! signing key can be exported by id and imported (upserted or removed)
//! as another node wrote it. Signing keys export their PKCS#8 in the clear:
//! the caller seals them before they leave the node.

use super::{PrincipalRecord, RoleAssignmentRecord, Store, StoreError, TokenRecord};
use crate::identity::{CertificateInfo, SigningKey};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rusqlite::params;
use serde_json::{Value, json};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKind {
    Token,
    Principal,
    RoleAssignment,
    SigningKey,
}

impl RecordKind {
    pub const ALL: [RecordKind; 4] = [
        RecordKind::Token,
        RecordKind::Principal,
        RecordKind::RoleAssignment,
        RecordKind::SigningKey,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Token => "tokens",
            RecordKind::Principal => "principals",
            RecordKind::RoleAssignment => "roles",
            RecordKind::SigningKey => "keys",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }
}

fn text(v: &Value, k: &str) -> Result<String, StoreError> {
    v.get(k)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| missing(k))
}

fn opt_text(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_string)
}

fn missing(k: &str) -> StoreError {
    StoreError::Decode {
        what: "a record from the cluster",
        source: serde::de::Error::custom(format!("no {k}")),
    }
}

impl Store {
    /// Every record of `kind`, by id.
    pub fn export_all(&self, kind: RecordKind) -> Result<BTreeMap<String, Value>, StoreError> {
        let mut out = BTreeMap::new();
        match kind {
            RecordKind::Token => {
                for t in self.list_tokens()? {
                    let doc = json!({"id": t.id, "hash": t.hash, "label": t.label, "role": t.role,
                        "rgKey": t.rg_key, "pool": t.pool, "createdAt": t.created_at, "expiresAt": t.expires_at});
                    out.insert(t.id, doc);
                }
            }
            RecordKind::Principal => {
                for p in self.list_principals()? {
                    let certs: Vec<String> = self
                        .principal_certificates(&p.app_id)?
                        .into_iter()
                        .map(|c| STANDARD.encode(c.der))
                        .collect();
                    let doc = json!({"appId": p.app_id, "objectId": p.object_id,
                        "displayName": p.display_name, "secretHash": p.secret_hash,
                        "createdAt": p.created_at, "certificates": certs});
                    out.insert(p.app_id, doc);
                }
            }
            RecordKind::RoleAssignment => {
                for a in self.list_role_assignments()? {
                    let doc = json!({"name": a.name, "scope": a.scope, "roleId": a.role_id,
                        "principalId": a.principal_id, "principalType": a.principal_type,
                        "createdAt": a.created_at});
                    out.insert(a.name, doc);
                }
            }
            RecordKind::SigningKey => {
                for k in self.signing_keys()? {
                    let doc = json!({"kid": k.kid, "createdAt": k.created_at,
                        "retiredAt": k.retired_at, "pkcs8": STANDARD.encode(&k.pkcs8)});
                    out.insert(k.kid, doc);
                }
            }
        }
        Ok(out)
    }

    /// Make record `id` of `kind` what another node wrote: `doc`, or gone.
    pub fn import(
        &self,
        kind: RecordKind,
        id: &str,
        doc: Option<&Value>,
    ) -> Result<(), StoreError> {
        match (kind, doc) {
            (RecordKind::Token, None) => {
                self.delete_token(id)?;
            }
            (RecordKind::Token, Some(d)) => {
                self.delete_token(id)?;
                self.put_token(&TokenRecord {
                    id: text(d, "id")?,
                    hash: text(d, "hash")?,
                    label: opt_text(d, "label"),
                    role: text(d, "role")?,
                    rg_key: opt_text(d, "rgKey"),
                    pool: opt_text(d, "pool"),
                    created_at: text(d, "createdAt")?,
                    expires_at: opt_text(d, "expiresAt"),
                })?;
            }
            (RecordKind::Principal, None) => {
                self.delete_principal(id)?;
            }
            (RecordKind::Principal, Some(d)) => {
                let record = PrincipalRecord {
                    app_id: text(d, "appId")?,
                    object_id: text(d, "objectId")?,
                    display_name: text(d, "displayName")?,
                    secret_hash: opt_text(d, "secretHash"),
                    created_at: text(d, "createdAt")?,
                };
                let certs: Vec<CertificateInfo> = d
                    .get("certificates")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .filter_map(|b| STANDARD.decode(b).ok())
                    .filter_map(|der| CertificateInfo::from_der(der).ok())
                    .collect();
                self.replace_principal(&record, &certs)?;
            }
            (RecordKind::RoleAssignment, None) => {
                self.delete_role_assignment(id)?;
            }
            (RecordKind::RoleAssignment, Some(d)) => {
                self.delete_role_assignment(id)?;
                self.put_role_assignment(&RoleAssignmentRecord {
                    name: text(d, "name")?,
                    scope: text(d, "scope")?,
                    role_id: text(d, "roleId")?,
                    principal_id: text(d, "principalId")?,
                    principal_type: text(d, "principalType")?,
                    created_at: text(d, "createdAt")?,
                })?;
            }
            (RecordKind::SigningKey, None) => self.delete_signing_key(id)?,
            (RecordKind::SigningKey, Some(d)) => {
                let der = STANDARD
                    .decode(text(d, "pkcs8")?)
                    .map_err(|_| missing("pkcs8"))?;
                let created = d.get("createdAt").and_then(Value::as_i64).unwrap_or(0);
                let retired = d.get("retiredAt").and_then(Value::as_i64);
                let key = SigningKey::from_pkcs8(der, created, retired)
                    .map_err(|_| StoreError::Crypto("a signing key from the cluster is damaged"))?;
                self.put_signing_key(&key)?;
            }
        }
        Ok(())
    }

    /// Insert or replace a principal and its certificates, keeping its role
    /// assignments (which `delete_principal` would remove).
    fn replace_principal(
        &self,
        p: &PrincipalRecord,
        certs: &[CertificateInfo],
    ) -> Result<(), StoreError> {
        {
            let mut conn = self.conn();
            let tx = conn.transaction()?;
            tx.execute(
                "DELETE FROM principal_certificates WHERE app_id = ?1",
                params![p.app_id],
            )?;
            tx.execute(
                "DELETE FROM principals WHERE app_id = ?1 OR object_id = ?2",
                params![p.app_id, p.object_id],
            )?;
            tx.commit()?;
        }
        self.put_principal(p, certs)
    }
}
