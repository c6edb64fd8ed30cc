//! Secret values at rest: ChaCha20-Poly1305 under a key kept in its own
//! 0600 file beside state.db, so a copy of the database alone (a backup, a
//! stray read) reveals no secret. Each value is bound to its pool and name
//! (the AEAD's associated data), so sealed values cannot be swapped between
//! rows unnoticed.

use super::StoreError;
use base64::Engine as _;
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

const KEY_LEN: usize = 32;

pub struct SecretKey {
    key: LessSafeKey,
    rng: SystemRandom,
}

fn key_err(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Key {
        path: path.display().to_string(),
        source,
    }
}

impl SecretKey {
    fn from_bytes(bytes: &[u8]) -> Result<Self, StoreError> {
        let unbound = UnboundKey::new(&CHACHA20_POLY1305, bytes)
            .map_err(|_| StoreError::Crypto("the secrets key has the wrong length"))?;
        Ok(SecretKey {
            key: LessSafeKey::new(unbound),
            rng: SystemRandom::new(),
        })
    }

    fn random_bytes() -> Result<[u8; KEY_LEN], StoreError> {
        let mut bytes = [0u8; KEY_LEN];
        SystemRandom::new()
            .fill(&mut bytes)
            .map_err(|_| StoreError::Crypto("no randomness for a secrets key"))?;
        Ok(bytes)
    }

    /// Read the key at `path`, or make one (0600) at first start.
    pub fn load_or_create(path: &Path) -> Result<Self, StoreError> {
        match std::fs::read(path) {
            Ok(bytes) => {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                    .map_err(key_err(path))?;
                Self::from_bytes(&bytes)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let bytes = Self::random_bytes()?;
                let mut file = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(path)
                    .map_err(key_err(path))?;
                file.write_all(&bytes).map_err(key_err(path))?;
                file.sync_all().map_err(key_err(path))?;
                Self::from_bytes(&bytes)
            }
            Err(e) => Err(key_err(path)(e)),
        }
    }

    /// A key that lives as long as the process (in-memory stores).
    /// A key derived from a shared secret (cluster mode: every node derives
    /// the same key from the cluster secret; `purpose` separates uses).
    pub fn derived(secret: &[u8], purpose: &str) -> Result<Self, StoreError> {
        let salt = ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA256, b"sessionpool");
        let mut bytes = [0u8; KEY_LEN];
        salt.extract(secret)
            .expand(&[purpose.as_bytes()], ring::hkdf::HKDF_SHA256)
            .and_then(|okm| okm.fill(&mut bytes))
            .map_err(|_| StoreError::Crypto("deriving a key from the cluster secret failed"))?;
        Self::from_bytes(&bytes)
    }

    pub fn ephemeral() -> Result<Self, StoreError> {
        Self::from_bytes(&Self::random_bytes()?)
    }

    /// base64(nonce || ciphertext || tag).
    pub fn seal(&self, context: &str, plain: &str) -> Result<String, StoreError> {
        let mut nonce = [0u8; NONCE_LEN];
        self.rng
            .fill(&mut nonce)
            .map_err(|_| StoreError::Crypto("no randomness for a nonce"))?;
        let mut data = plain.as_bytes().to_vec();
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(context.as_bytes()),
                &mut data,
            )
            .map_err(|_| StoreError::Crypto("sealing a secret failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        Ok(base64::engine::general_purpose::STANDARD.encode(out))
    }

    pub fn open(&self, context: &str, sealed: &str) -> Result<String, StoreError> {
        let bad = || StoreError::Crypto("a stored secret does not open with the secrets key");
        let raw = base64::engine::general_purpose::STANDARD
            .decode(sealed)
            .map_err(|_| bad())?;
        if raw.len() < NONCE_LEN {
            return Err(bad());
        }
        let (nonce, data) = raw.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| bad())?;
        let mut data = data.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(context.as_bytes()), &mut data)
            .map_err(|_| bad())?;
        String::from_utf8(plain.to_vec()).map_err(|_| bad())
    }
}

/// The associated data binding a value to its row.
pub(super) fn context(rg_key: &str, pool: &str, name: &str) -> String {
    format!("{rg_key}\0{pool}\0{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_opens_and_binds_to_the_row() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.key");
        let key = SecretKey::load_or_create(&path).unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let sealed = key.seal("a", "hunter2").unwrap();
        assert!(!sealed.contains("hunter2"));
        assert_eq!(key.open("a", &sealed).unwrap(), "hunter2");
        assert!(key.open("b", &sealed).is_err(), "another row's context");
        let again = SecretKey::load_or_create(&path).unwrap();
        assert_eq!(again.open("a", &sealed).unwrap(), "hunter2");
    }
}
