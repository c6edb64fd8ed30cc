//! The authority's signing keys: ECDSA P-256 (ES256), made with ring, kept
//! sealed in the state database. The newest key signs; older ones stay in the
//! JWKS until every token they signed has expired, so a rotation never
//! invalidates a token in flight.

use super::IdentityError;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One key: its id (`kid`), PKCS#8 document and when it was made.
#[derive(Clone)]
pub struct SigningKey {
    pub kid: String,
    pub pkcs8: Vec<u8>,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds after which it no longer signs (a newer key took over).
    pub retired_at: Option<i64>,
    public: Vec<u8>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .field("created_at", &self.created_at)
            .field("retired_at", &self.retired_at)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    pub fn generate(now: i64) -> Result<Self, IdentityError> {
        let doc =
            EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &SystemRandom::new())
                .map_err(|_| IdentityError::Key("no randomness to make a signing key"))?;
        Self::from_pkcs8(doc.as_ref().to_vec(), now, None)
    }

    pub fn from_pkcs8(
        pkcs8: Vec<u8>,
        created_at: i64,
        retired_at: Option<i64>,
    ) -> Result<Self, IdentityError> {
        let pair = EcdsaKeyPair::from_pkcs8(
            &ECDSA_P256_SHA256_FIXED_SIGNING,
            &pkcs8,
            &SystemRandom::new(),
        )
        .map_err(|_| IdentityError::Key("a stored signing key is not a P-256 PKCS#8 key"))?;
        let public = pair.public_key().as_ref().to_vec();
        // RFC 7638-like: a digest of the public key, short enough for headers.
        let kid = URL_SAFE_NO_PAD.encode(&Sha256::digest(&public)[..16]);
        Ok(Self {
            kid,
            pkcs8,
            created_at,
            retired_at,
            public,
        })
    }

    pub fn encoding_key(&self) -> jsonwebtoken::EncodingKey {
        jsonwebtoken::EncodingKey::from_ec_der(&self.pkcs8)
    }

    /// The public half as a JWK (uncompressed point 0x04 || x || y).
    pub fn jwk(&self) -> Jwk {
        let (x, y) = self.public[1..].split_at(32);
        Jwk {
            kty: "EC".into(),
            crv: "P-256".into(),
            alg: "ES256".into(),
            key_use: "sig".into(),
            kid: self.kid.clone(),
            x: URL_SAFE_NO_PAD.encode(x),
            y: URL_SAFE_NO_PAD.encode(y),
        }
    }

    pub fn decoding_key(&self) -> Result<jsonwebtoken::DecodingKey, IdentityError> {
        let jwk = self.jwk();
        jsonwebtoken::DecodingKey::from_ec_components(&jwk.x, &jwk.y)
            .map_err(|_| IdentityError::Key("a signing key has no valid public point"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    pub kty: String,
    pub crv: String,
    pub alg: String,
    #[serde(rename = "use")]
    pub key_use: String,
    pub kid: String,
    pub x: String,
    pub y: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

/// The keys in use: the signer and every key whose tokens may still be live.
#[derive(Debug, Clone, Default)]
pub struct KeyRing {
    keys: Vec<SigningKey>,
}

impl KeyRing {
    /// `keys` in any order; the newest unretired one signs.
    pub fn new(mut keys: Vec<SigningKey>) -> Self {
        keys.sort_by_key(|k| std::cmp::Reverse(k.created_at));
        Self { keys }
    }

    pub fn signer(&self) -> Option<&SigningKey> {
        self.keys.iter().find(|k| k.retired_at.is_none())
    }

    pub fn find(&self, kid: &str) -> Option<&SigningKey> {
        self.keys.iter().find(|k| k.kid == kid)
    }

    pub fn keys(&self) -> &[SigningKey] {
        &self.keys
    }

    pub fn jwks(&self) -> Jwks {
        Jwks {
            keys: self.keys.iter().map(SigningKey::jwk).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_distinct_ids_and_the_newest_unretired_signs() {
        let old = SigningKey::generate(1).unwrap();
        let mut retired = SigningKey::generate(2).unwrap();
        retired.retired_at = Some(3);
        let new = SigningKey::generate(3).unwrap();
        assert_ne!(old.kid, new.kid);
        let ring = KeyRing::new(vec![old.clone(), retired.clone(), new.clone()]);
        assert_eq!(ring.signer().unwrap().kid, new.kid);
        assert_eq!(ring.jwks().keys.len(), 3);
        assert!(ring.find(&retired.kid).is_some());
        let again = SigningKey::from_pkcs8(new.pkcs8.clone(), 3, None).unwrap();
        assert_eq!(again.kid, new.kid);
        assert!(format!("{new:?}").find("pkcs8").is_none());
    }
}
