//! Access tokens: the claims Entra puts in an app-only token, signed with the
//! key ring's signer and checked against the whole ring.

use super::{Audience, IdentityError, KeyRing, TENANT_ID, audience::classify};
use jsonwebtoken::{Algorithm, Header, Validation, decode, decode_header, encode};
use serde::{Deserialize, Serialize};

/// How long an access token lives (Entra's default is 60–90 minutes).
pub const ACCESS_TOKEN_LIFETIME: i64 = 3600;

/// Clock skew tolerated on `exp` and `nbf`.
const LEEWAY: u64 = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub aud: String,
    pub iss: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub tid: String,
    /// The principal's object id: what role assignments name.
    pub oid: String,
    pub sub: String,
    /// The client (application) id.
    pub appid: String,
    pub azp: String,
    pub idtyp: String,
    pub ver: String,
    /// A managed identity's token names the pool it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xms_mirid: Option<String>,
}

/// The issuer of tokens requested through `origin` (the discovery document's `issuer`).
pub fn issuer(origin: &str) -> String {
    format!("{}/{TENANT_ID}/v2.0", origin.trim_end_matches('/'))
}

impl Claims {
    pub fn new(origin: &str, audience: &str, object_id: &str, app_id: &str, now: i64) -> Self {
        Self {
            aud: audience.to_string(),
            iss: issuer(origin),
            iat: now,
            nbf: now,
            exp: now + ACCESS_TOKEN_LIFETIME,
            tid: TENANT_ID.to_string(),
            oid: object_id.to_string(),
            sub: object_id.to_string(),
            appid: app_id.to_string(),
            azp: app_id.to_string(),
            idtyp: "app".into(),
            ver: "2.0".into(),
            xms_mirid: None,
        }
    }

    pub fn sign(&self, ring: &KeyRing) -> Result<String, IdentityError> {
        let key = ring
            .signer()
            .ok_or(IdentityError::Key("the authority has no signing key"))?;
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(key.kid.clone());
        encode(&header, self, &key.encoding_key())
            .map_err(|_| IdentityError::Key("signing a token failed"))
    }

    /// Check signature (a key of `ring`), lifetime, issuer (this authority's
    /// tenant, through any origin) and audience; `origin` is the request's.
    pub fn verify(
        token: &str,
        ring: &KeyRing,
        origin: &str,
    ) -> Result<(Claims, Audience), IdentityError> {
        let header = decode_header(token).map_err(|_| IdentityError::Malformed)?;
        if header.alg != Algorithm::ES256 {
            return Err(IdentityError::BadSignature);
        }
        let kid = header.kid.unwrap_or_default();
        let key = ring
            .find(&kid)
            .ok_or_else(|| IdentityError::UnknownKey(kid.chars().take(64).collect()))?;
        let mut validation = Validation::new(Algorithm::ES256);
        validation.leeway = LEEWAY;
        validation.validate_nbf = true;
        validation.validate_aud = false;
        validation.set_required_spec_claims(&["exp", "nbf", "aud", "iss"]);
        let data = decode::<Claims>(token, &key.decoding_key()?, &validation).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind;
            match e.kind() {
                ErrorKind::ExpiredSignature => IdentityError::Expired,
                ErrorKind::ImmatureSignature => IdentityError::NotYetValid,
                ErrorKind::InvalidSignature => IdentityError::BadSignature,
                _ => IdentityError::Malformed,
            }
        })?;
        let claims = data.claims;
        let suffix = format!("/{TENANT_ID}/v2.0");
        if !claims.iss.ends_with(&suffix) || claims.tid != TENANT_ID {
            return Err(IdentityError::WrongIssuer(
                claims.iss.chars().take(200).collect(),
            ));
        }
        let audience = classify(&claims.aud, origin)
            .ok_or_else(|| IdentityError::WrongAudience(claims.aud.chars().take(200).collect()))?;
        Ok((claims, audience))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::SigningKey;

    const ORIGIN: &str = "https://localhost:8443";

    fn now() -> i64 {
        time::OffsetDateTime::now_utc().unix_timestamp()
    }

    #[test]
    fn tokens_verify_until_they_expire_and_not_after_tampering() {
        let ring = KeyRing::new(vec![SigningKey::generate(now()).unwrap()]);
        let c = Claims::new(
            ORIGIN,
            "https://dynamicsessions.io",
            "oid-1",
            "app-1",
            now(),
        );
        let t = c.sign(&ring).unwrap();
        let (back, aud) = Claims::verify(&t, &ring, "https://other:1").unwrap();
        assert_eq!((back, aud), (c.clone(), Audience::DataPlane));

        // Another authority's key (same claims) is unknown here.
        let other = KeyRing::new(vec![SigningKey::generate(now()).unwrap()]);
        assert!(matches!(
            Claims::verify(&c.sign(&other).unwrap(), &ring, ORIGIN),
            Err(IdentityError::UnknownKey(_))
        ));
        // A changed payload breaks the signature.
        let mut parts: Vec<String> = t.split('.').map(String::from).collect();
        let mut forged = c.clone();
        forged.oid = "someone-else".into();
        parts[1] = forged
            .sign(&other)
            .unwrap()
            .split('.')
            .nth(1)
            .unwrap()
            .into();
        assert_eq!(
            Claims::verify(&parts.join("."), &ring, ORIGIN),
            Err(IdentityError::BadSignature)
        );
        // Expired beyond the leeway.
        let mut old = c.clone();
        old.exp = now() - 3600;
        assert_eq!(
            Claims::verify(&old.sign(&ring).unwrap(), &ring, ORIGIN),
            Err(IdentityError::Expired)
        );
        // A foreign audience.
        let mut vault = c.clone();
        vault.aud = "https://vault.azure.net".into();
        assert!(matches!(
            Claims::verify(&vault.sign(&ring).unwrap(), &ring, ORIGIN),
            Err(IdentityError::WrongAudience(_))
        ));
        assert_eq!(
            Claims::verify("not.a.jwt", &ring, ORIGIN),
            Err(IdentityError::Malformed)
        );
    }
}
