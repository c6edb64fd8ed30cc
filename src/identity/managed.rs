//! Managed identity of a pool: a system-assigned identity whose object id is
//! derived from the pool's own identity (resource group, name, creation
//! time), so a pool deleted and created again under the same name gets a new
//! one, as in Azure. Its sessions get a token for it from
//! `IDENTITY_ENDPOINT` when `managedIdentitySettings` allow (`Main`/`All`).

use crate::spec::ManagedIdentitySetting;
use sha2::{Digest, Sha256};

/// Where a session reaches the identity endpoint: its own loopback (the
/// daemon listens there, inside the session's network namespace), the port
/// Container Apps uses.
pub const IDENTITY_PORT: u16 = 42356;
pub const IDENTITY_PATH: &str = "/msi/token";

/// The object id of a pool's system-assigned identity.
pub fn pool_principal_id(rg_key: &str, name: &str, created_at: &str) -> String {
    let digest = Sha256::digest(format!("sessionpool-mi\0{rg_key}\0{name}\0{created_at}"));
    let mut bytes: [u8; 16] = digest[..16].try_into().expect("16 of 32 bytes");
    // A version-8 (custom) RFC 9562 UUID.
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    uuid::Uuid::from_bytes(bytes).to_string()
}

/// The object id of a stored pool's system-assigned identity, if it has one.
pub fn pool_identity(p: &crate::store::PoolRecord) -> Option<String> {
    has_system_identity(p.properties.managed_identity_settings.as_deref())
        .then(|| pool_principal_id(&p.resource_group.key(), p.name.as_str(), &p.created_at))
}

/// The pool has a system-assigned identity at all.
pub fn has_system_identity(settings: Option<&[ManagedIdentitySetting]>) -> bool {
    system_setting(settings).is_some()
}

/// Its main containers (the session) may get tokens: lifecycle Main or All.
pub fn sessions_get_tokens(settings: Option<&[ManagedIdentitySetting]>) -> bool {
    system_setting(settings).is_some_and(|s| {
        s.lifecycle
            .as_deref()
            .is_some_and(|l| l.eq_ignore_ascii_case("Main") || l.eq_ignore_ascii_case("All"))
    })
}

fn system_setting(settings: Option<&[ManagedIdentitySetting]>) -> Option<&ManagedIdentitySetting> {
    settings?
        .iter()
        .find(|s| s.identity.eq_ignore_ascii_case("system"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(lifecycle: &str) -> Vec<ManagedIdentitySetting> {
        vec![ManagedIdentitySetting {
            identity: "system".into(),
            lifecycle: Some(lifecycle.into()),
        }]
    }

    #[test]
    fn identity_follows_the_pool_and_its_lifecycle() {
        let a = pool_principal_id("rg", "p", "2026-01-01T00:00:00Z");
        assert_eq!(a, pool_principal_id("rg", "p", "2026-01-01T00:00:00Z"));
        assert_ne!(a, pool_principal_id("rg", "p", "2026-01-02T00:00:00Z"));
        assert!(uuid::Uuid::parse_str(&a).is_ok());
        assert!(sessions_get_tokens(Some(&setting("Main"))));
        assert!(sessions_get_tokens(Some(&setting("all"))));
        assert!(!sessions_get_tokens(Some(&setting("None"))));
        assert!(!sessions_get_tokens(Some(&setting("Init"))));
        assert!(has_system_identity(Some(&setting("None"))));
        assert!(!sessions_get_tokens(None));
    }
}
