//! The authority's key ring at run time: loaded at start (a first key made
//! if there is none), rotated on request. A retired key stays published (and
//! verifying) until every token it signed has expired, then it is dropped.

use super::state::AppState;
use crate::identity::{ACCESS_TOKEN_LIFETIME, KeyRing, SigningKey};
use crate::store::StoreError;

/// How long past its retirement a key is kept: the longest token lifetime
/// plus clock skew.
const KEEP_RETIRED: i64 = ACCESS_TOKEN_LIFETIME + 300;

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn identity_err(e: crate::identity::IdentityError) -> StoreError {
    StoreError::Crypto(match e {
        crate::identity::IdentityError::Key(m) => m,
        _ => "signing key error",
    })
}

/// Load the ring, drop keys whose tokens are all expired, make a first key.
pub fn load(state: &AppState) -> Result<(), StoreError> {
    let t = now();
    let mut keys = Vec::new();
    for k in state.store.signing_keys()? {
        if k.retired_at.is_some_and(|r| r + KEEP_RETIRED < t) {
            state.store.delete_signing_key(&k.kid)?;
        } else {
            keys.push(k);
        }
    }
    if !keys.iter().any(|k| k.retired_at.is_none()) {
        let k = SigningKey::generate(t).map_err(identity_err)?;
        state.store.put_signing_key(&k)?;
        keys.push(k);
    }
    *state.keys.write().unwrap_or_else(|p| p.into_inner()) = KeyRing::new(keys);
    Ok(())
}

/// A new key signs from now on; the old signer retires but keeps verifying.
/// Returns the new key's id.
pub fn rotate(state: &AppState) -> Result<String, StoreError> {
    let t = now();
    let new = SigningKey::generate(t).map_err(identity_err)?;
    state.store.put_signing_key(&new)?;
    for mut k in state.store.signing_keys()? {
        if k.retired_at.is_none() && k.kid != new.kid {
            k.retired_at = Some(t);
            state.store.put_signing_key(&k)?;
        }
    }
    load(state)?;
    Ok(new.kid)
}
