//! Which API a token is for: the `scope` of a token request names a resource
//! (`{resource}/.default`), and the token's `aud` is that resource, as Entra does.

use crate::api::MANAGEMENT_AUDIENCES;

/// The data plane's resource (Azure's, so clients need no change).
pub const DATA_PLANE_AUDIENCE: &str = "https://dynamicsessions.io";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// ARM: pools, role assignments, the daemon's own admin APIs.
    Management,
    /// `poolManagementEndpoint`s: sessions.
    DataPlane,
}

/// The resource a `scope` parameter asks for, and which API it is. `origin`
/// is how the caller reached the daemon: its own URL is a management
/// audience too (the first of `/metadata/endpoints` audiences for az).
/// Only `{resource}/.default` scopes exist here, as for client credentials
/// in Entra; several scopes must name one resource.
pub fn audience_for_scope(scope: &str, origin: &str) -> Option<(String, Audience)> {
    let mut found: Option<(String, Audience)> = None;
    for s in scope.split_whitespace() {
        // MSAL may add the OpenID scopes; they name no resource.
        if matches!(s, "openid" | "profile" | "offline_access") {
            continue;
        }
        let resource = s.strip_suffix("/.default")?;
        let kind = classify(resource, origin)?;
        match &found {
            Some((r, _)) if trim(r) != trim(resource) => return None,
            _ => found = Some((resource.to_string(), kind)),
        }
    }
    found
}

/// The API an `aud` claim (or a managed identity's `resource`) is for.
pub fn classify(resource: &str, origin: &str) -> Option<Audience> {
    let r = trim(resource);
    if r.eq_ignore_ascii_case(DATA_PLANE_AUDIENCE) {
        return Some(Audience::DataPlane);
    }
    let management = MANAGEMENT_AUDIENCES
        .iter()
        .any(|a| trim(a).eq_ignore_ascii_case(r))
        || trim(origin).eq_ignore_ascii_case(r);
    management.then_some(Audience::Management)
}

/// Audiences are compared with and without a trailing slash (az asks for
/// `https://management.core.windows.net//.default`).
fn trim(s: &str) -> &str {
    s.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://localhost:8443";

    #[test]
    fn scopes_name_one_resource() {
        assert_eq!(
            audience_for_scope("https://management.core.windows.net//.default", ORIGIN),
            Some((
                "https://management.core.windows.net/".into(),
                Audience::Management
            ))
        );
        assert_eq!(
            audience_for_scope("https://dynamicsessions.io/.default", ORIGIN).map(|a| a.1),
            Some(Audience::DataPlane)
        );
        assert_eq!(
            audience_for_scope("https://localhost:8443//.default", ORIGIN).map(|a| a.1),
            Some(Audience::Management)
        );
        // Not a .default scope, a foreign resource, or two resources at once.
        assert_eq!(
            audience_for_scope("https://dynamicsessions.io/x", ORIGIN),
            None
        );
        assert_eq!(
            audience_for_scope("https://vault.azure.net/.default", ORIGIN),
            None
        );
        assert_eq!(
            audience_for_scope(
                "https://dynamicsessions.io/.default https://management.azure.com/.default",
                ORIGIN
            ),
            None
        );
        assert_eq!(audience_for_scope("", ORIGIN), None);
    }
}
