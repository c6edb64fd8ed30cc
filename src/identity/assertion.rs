//! Certificate credentials: a principal registers an X.509 certificate (the
//! public half only); at login the client signs a JWT (the client assertion,
//! RFC 7523) with the private key, naming the certificate by its SHA-1
//! (`x5t`) or SHA-256 (`x5t#S256`) thumbprint, as MSAL does.

use super::{IdentityError, is_our_tenant};
use base64::Engine as _;
use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde::Deserialize;
use sha2::Digest;

/// What the daemon keeps of a registered certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateInfo {
    /// SHA-1 of the DER, upper-case hex (as az and the portal show it).
    pub thumbprint: String,
    pub sha256: String,
    pub der: Vec<u8>,
    /// Unix seconds.
    pub not_after: i64,
}

impl CertificateInfo {
    /// The first certificate of a PEM file (other blocks, such as a private
    /// key someone left in it, are ignored and never stored).
    pub fn from_pem(pem: &str) -> Result<Self, IdentityError> {
        let der = rustls_pemfile::certs(&mut pem.as_bytes())
            .next()
            .ok_or_else(|| {
                IdentityError::Certificate("no '-----BEGIN CERTIFICATE-----' block found".into())
            })?
            .map_err(|e| IdentityError::Certificate(format!("unreadable PEM: {e}")))?
            .to_vec();
        Self::from_der(der)
    }

    pub fn from_der(der: Vec<u8>) -> Result<Self, IdentityError> {
        let (_, cert) = x509_parser::parse_x509_certificate(&der)
            .map_err(|e| IdentityError::Certificate(format!("not an X.509 certificate: {e}")))?;
        if rsa_key(&cert).is_none() {
            return Err(IdentityError::Certificate(
                "only RSA certificates are supported (as Entra ID)".into(),
            ));
        }
        let not_after = cert.validity().not_after.timestamp();
        Ok(Self {
            thumbprint: hex::encode_upper(sha1(&der)),
            sha256: hex::encode(sha2::Sha256::digest(&der)),
            der,
            not_after,
        })
    }

    fn decoding_key(&self) -> Result<DecodingKey, IdentityError> {
        let (_, cert) = x509_parser::parse_x509_certificate(&self.der)
            .map_err(|_| IdentityError::Certificate("stored certificate unreadable".into()))?;
        let key = rsa_key(&cert)
            .ok_or_else(|| IdentityError::Certificate("stored certificate is not RSA".into()))?;
        Ok(DecodingKey::from_rsa_der(&key))
    }
}

fn rsa_key(cert: &x509_parser::certificate::X509Certificate<'_>) -> Option<Vec<u8>> {
    let spki = cert.public_key();
    (spki.algorithm.algorithm == x509_parser::oid_registry::OID_PKCS1_RSAENCRYPTION)
        .then(|| spki.subject_public_key.data.to_vec())
}

fn sha1(der: &[u8]) -> [u8; 20] {
    let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, der);
    digest.as_ref().try_into().expect("SHA-1 is 20 bytes")
}

#[derive(Deserialize)]
struct AssertionClaims {
    iss: String,
    sub: String,
    aud: serde_json::Value,
}

/// Check a client assertion for `client_id` against its registered
/// certificates; `now` in unix seconds. The audience must be this
/// authority's token endpoint (through any origin).
pub fn verify_client_assertion(
    assertion: &str,
    client_id: &str,
    certs: &[CertificateInfo],
    now: i64,
) -> Result<(), IdentityError> {
    let bad = |m: &str| IdentityError::Assertion(m.to_string());
    let header = decode_header(assertion).map_err(|_| bad("not a well-formed JWT"))?;
    if !matches!(header.alg, Algorithm::RS256 | Algorithm::PS256) {
        return Err(bad("the assertion must be signed with RS256 or PS256"));
    }
    let cert = certs
        .iter()
        .find(|c| {
            let sha1_ok = header.x5t.as_deref().is_some_and(|t| {
                let raw = hex::decode(&c.thumbprint).unwrap_or_default();
                t.trim_end_matches('=') == URL_SAFE_NO_PAD.encode(&raw)
                    || t == URL_SAFE.encode(&raw)
            });
            let sha256_ok = header.x5t_s256.as_deref().is_some_and(|t| {
                let raw = hex::decode(&c.sha256).unwrap_or_default();
                t.trim_end_matches('=') == URL_SAFE_NO_PAD.encode(&raw)
            });
            sha1_ok || sha256_ok
        })
        .ok_or_else(|| {
            bad("no certificate registered for this client has the thumbprint in x5t")
        })?;
    if cert.not_after < now {
        return Err(bad("the certificate has expired"));
    }
    let mut validation = Validation::new(header.alg);
    validation.leeway = 60;
    validation.validate_aud = false;
    validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
    let data =
        decode::<AssertionClaims>(assertion, &cert.decoding_key()?, &validation).map_err(|e| {
            match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
                    bad("the assertion has expired")
                }
                _ => {
                    bad("the assertion's signature does not verify with the registered certificate")
                }
            }
        })?;
    let c = data.claims;
    if c.iss != client_id || c.sub != client_id {
        return Err(bad("iss and sub must be the client id"));
    }
    let auds: Vec<&str> = match &c.aud {
        serde_json::Value::String(s) => vec![s.as_str()],
        serde_json::Value::Array(a) => a.iter().filter_map(|v| v.as_str()).collect(),
        _ => vec![],
    };
    let ours = auds.iter().any(|a| {
        a.parse::<axum::http::Uri>().is_ok_and(|u| {
            let segs: Vec<&str> = u.path().trim_matches('/').split('/').collect();
            matches!(segs.as_slice(), [tenant, "oauth2", "v2.0", "token"] | [tenant, "oauth2", "token"] if is_our_tenant(tenant))
        })
    });
    if !ours {
        return Err(bad("aud must be this authority's token endpoint"));
    }
    Ok(())
}
