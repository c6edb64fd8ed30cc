//! Tokens, roles and scopes: who may call what.
//!
//! A token is `sp_` + 32 random bytes in hex. Only its SHA-256 is stored, so a
//! leaked database does not leak usable tokens. The unix socket needs no token:
//! its file permissions (root only) are the authentication. JWTs from the
//! daemon's own authority (see `identity`) name a service principal whose
//! role assignments say what it may do.

use crate::identity::{Action, Audience, Scope, role_by_id};
use crate::spec::{PoolName, ResourceGroup};
use sha2::{Digest, Sha256};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Admin,
    /// May call the data plane of one pool (resource group key, pool name).
    Executor {
        rg_key: String,
        pool: String,
    },
    /// A service principal (or a pool's managed identity) with a JWT.
    Identity(Identity),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub object_id: String,
    pub app_id: String,
    /// Which API the token is for: a management token never reaches the
    /// data plane and a data-plane token never manages.
    pub audience: Audience,
    /// (scope, role definition id) of its role assignments.
    pub assignments: Arc<Vec<(Scope, String)>>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AuthError {
    #[error("authenticate: no bearer token was given (send 'Authorization: Bearer TOKEN')")]
    Missing,
    #[error("authenticate: the bearer token is not valid or has been revoked")]
    Invalid,
    #[error("authenticate: the bearer token has expired")]
    Expired,
    #[error("authenticate: the access token is not valid: {0}")]
    Token(String),
    #[error("authorize: {0}")]
    Forbidden(String),
}

/// A fresh token secret; shown once, then only its hash exists.
pub fn generate_token() -> String {
    let bytes: [u8; 32] = rand::random();
    format!("sp_{}", hex::encode(bytes))
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The token out of an `Authorization` header value.
pub fn bearer(header: Option<&str>) -> Result<&str, AuthError> {
    let value = header.ok_or(AuthError::Missing)?;
    let (scheme, token) = value.split_once(' ').ok_or(AuthError::Invalid)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(AuthError::Invalid);
    }
    Ok(token.trim())
}

impl Principal {
    /// Whether `action` on `resource` is allowed (see `require`).
    pub fn can(&self, action: Action, resource: &Scope) -> bool {
        self.require(action, resource).is_ok()
    }

    /// Admins may do anything; an executor token only `Execute` on its pool;
    /// a JWT what its role assignments at or above `resource` grant, and only
    /// with the audience of that API.
    pub fn require(&self, action: Action, resource: &Scope) -> Result<(), AuthError> {
        match self {
            Principal::Admin => Ok(()),
            Principal::Executor { rg_key, pool } => {
                if action == Action::Execute && Scope::pool_key(rg_key, pool) == *resource {
                    Ok(())
                } else if action == Action::Execute {
                    Err(AuthError::Forbidden(
                        "this executor token is not valid for this pool".into(),
                    ))
                } else {
                    Err(AuthError::Forbidden(
                        "executor tokens may only call the data plane of their pool; this needs an admin token".into(),
                    ))
                }
            }
            Principal::Identity(id) => {
                let wanted = if action == Action::Execute {
                    Audience::DataPlane
                } else {
                    Audience::Management
                };
                if id.audience != wanted {
                    return Err(AuthError::Forbidden(match wanted {
                        Audience::DataPlane => "this token is for the management API; the data plane needs a token for https://dynamicsessions.io".into(),
                        Audience::Management => "this token is for the data plane (https://dynamicsessions.io); the management API needs a management token".into(),
                    }));
                }
                let granted = id.assignments.iter().any(|(scope, role)| {
                    scope.covers(resource) && role_by_id(role).is_some_and(|r| r.grants(action))
                });
                if granted {
                    Ok(())
                } else {
                    Err(AuthError::Forbidden(format!(
                        "The client '{}' with object id '{}' does not have authorization to perform action '{}' over scope '{}' or the scope is invalid.",
                        id.app_id,
                        id.object_id,
                        action_name(action),
                        resource.as_str()
                    )))
                }
            }
        }
    }

    /// The daemon's own APIs (tokens, principals, keys, metrics, logs).
    pub fn require_admin(&self) -> Result<(), AuthError> {
        self.require(Action::Administer, &Scope::subscription("*"))
    }

    /// The data plane of `rg/name`.
    pub fn require_pool(&self, rg: &ResourceGroup, name: &PoolName) -> Result<(), AuthError> {
        self.require(Action::Execute, &Scope::pool_key(&rg.key(), name.as_str()))
    }

    /// Any management caller: documents every client reads before it can
    /// do anything (subscriptions, provider, environments, role definitions).
    pub fn require_management(&self) -> Result<(), AuthError> {
        match self {
            Principal::Identity(id) if id.audience != Audience::Management => {
                Err(AuthError::Forbidden(
                    "this token is for the data plane (https://dynamicsessions.io); the management API needs a management token".into(),
                ))
            }
            Principal::Identity(_) => Ok(()),
            _ => self.require_admin(),
        }
    }
}

/// Azure's name of what was refused, for the 403 message.
fn action_name(action: Action) -> &'static str {
    match action {
        Action::Read => "Microsoft.App/sessionPools/read",
        Action::Write => "Microsoft.App/sessionPools/write",
        Action::AssignRoles => "Microsoft.Authorization/roleAssignments/write",
        Action::Execute => "Microsoft.App/sessionPools/sessions/execute/action",
        Action::Administer => "Microsoft.Authorization/*/write",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_hashes_stable() {
        let a = generate_token();
        assert!(a.starts_with("sp_") && a.len() == 67);
        assert_ne!(a, generate_token());
        assert_eq!(hash_token(&a), hash_token(&a));
        assert_ne!(hash_token(&a), a);
    }

    #[test]
    fn bearer_parsing() {
        assert_eq!(bearer(Some("Bearer abc")), Ok("abc"));
        assert_eq!(bearer(Some("bearer abc")), Ok("abc"));
        assert_eq!(bearer(None), Err(AuthError::Missing));
        assert_eq!(bearer(Some("Basic abc")), Err(AuthError::Invalid));
        assert_eq!(bearer(Some("Bearer ")), Err(AuthError::Invalid));
    }

    #[test]
    fn executor_scope() {
        let rg = ResourceGroup::parse("RG").unwrap();
        let name = PoolName::parse("p").unwrap();
        let exec = Principal::Executor {
            rg_key: "rg".into(),
            pool: "p".into(),
        };
        assert!(exec.require_pool(&rg, &name).is_ok());
        assert!(
            exec.require_pool(&rg, &PoolName::parse("q").unwrap())
                .is_err()
        );
        assert!(exec.require_admin().is_err());
        assert!(Principal::Admin.require_pool(&rg, &name).is_ok());
    }
}
