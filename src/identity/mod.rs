//! The daemon as an OAuth 2.0 / OpenID Connect authority, as Azure's clients
//! (MSAL, azure-identity, az) expect of Entra ID: service principals log in
//! with the client-credentials grant (a secret or a certificate) and get
//! ES256-signed JWT access tokens whose audience says which API they are for;
//! role assignments decide what a token's principal may do.

mod assertion;
mod audience;
mod claims;
mod keys;
mod managed;
mod roles;
mod scope;

pub use assertion::{CertificateInfo, verify_client_assertion};
pub use audience::{Audience, DATA_PLANE_AUDIENCE, audience_for_scope, classify};
pub use claims::{ACCESS_TOKEN_LIFETIME, Claims, issuer};
pub use keys::{Jwk, Jwks, KeyRing, SigningKey};
pub use managed::{
    IDENTITY_PATH, IDENTITY_PORT, has_system_identity, pool_identity, pool_principal_id,
    sessions_get_tokens,
};
pub use roles::{Action, BUILT_IN_ROLES, RoleDefinition, role_by_id, role_by_name};
pub use scope::Scope;

/// The tenant the daemon is the authority of (Azure's tenants are GUIDs;
/// `common` and `organizations` name it too).
pub use crate::api::DEFAULT_TENANT as TENANT_ID;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IdentityError {
    #[error("the token is not a well-formed JWT")]
    Malformed,
    #[error("the token was not signed by a key of this authority (unknown kid '{0}')")]
    UnknownKey(String),
    #[error("the token's signature does not verify")]
    BadSignature,
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid yet")]
    NotYetValid,
    #[error("the token was issued by '{0}', not by this authority")]
    WrongIssuer(String),
    #[error("the token's audience '{0}' is not accepted here")]
    WrongAudience(String),
    #[error("client assertion: {0}")]
    Assertion(String),
    #[error("certificate: {0}")]
    Certificate(String),
    #[error("signing key: {0}")]
    Key(&'static str),
}

/// True when `tenant` (a path segment of the authority) names this authority's tenant.
pub fn is_our_tenant(tenant: &str) -> bool {
    tenant.eq_ignore_ascii_case(TENANT_ID)
        || tenant.eq_ignore_ascii_case("common")
        || tenant.eq_ignore_ascii_case("organizations")
}
