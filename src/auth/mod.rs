//! Tokens, roles and scopes: who may call what.
//!
//! A token is `sp_` + 32 random bytes in hex. Only its SHA-256 is stored, so a
//! leaked database does not leak usable tokens. The unix socket needs no token:
//! its file permissions (root only) are the authentication.

use crate::spec::{PoolName, ResourceGroup};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Admin,
    /// May call the data plane of one pool (resource group key, pool name).
    Executor {
        rg_key: String,
        pool: String,
    },
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AuthError {
    #[error("authenticate: no bearer token was given (send 'Authorization: Bearer TOKEN')")]
    Missing,
    #[error("authenticate: the bearer token is not valid or has been revoked")]
    Invalid,
    #[error("authenticate: the bearer token has expired")]
    Expired,
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
    /// Management (ARM) and token APIs are for admins only.
    pub fn require_admin(&self) -> Result<(), AuthError> {
        match self {
            Principal::Admin => Ok(()),
            Principal::Executor { .. } => Err(AuthError::Forbidden(
                "executor tokens may only call the data plane of their pool; this needs an admin token".into(),
            )),
        }
    }

    /// The data plane of `rg/name`: admins, or an executor of that pool.
    pub fn require_pool(&self, rg: &ResourceGroup, name: &PoolName) -> Result<(), AuthError> {
        match self {
            Principal::Admin => Ok(()),
            Principal::Executor { rg_key, pool }
                if *rg_key == rg.key() && pool == name.as_str() =>
            {
                Ok(())
            }
            Principal::Executor { .. } => Err(AuthError::Forbidden(format!(
                "this executor token is not valid for pool '{name}' in resource group '{rg}'"
            ))),
        }
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
