//! Scopes of role assignments: ARM resource ids (subscription, resource group
//! or pool), compared as ARM does, without regard to case.

/// A normalised ARM scope: lower case, no trailing slash, and any
/// subscription id (the daemon is one subscription under whatever id a
/// client uses, as its ARM routes echo the id they were called with).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scope(String);

impl Scope {
    pub fn parse(s: &str) -> Self {
        let lower = s.trim_end_matches('/').to_ascii_lowercase();
        let normal = match lower.strip_prefix("/subscriptions/") {
            Some(rest) => match rest.split_once('/') {
                Some((_, tail)) => format!("/subscriptions/*/{tail}"),
                None => "/subscriptions/*".to_string(),
            },
            None => lower,
        };
        Scope(normal)
    }

    pub fn subscription(sub: &str) -> Self {
        Self::parse(&format!("/subscriptions/{sub}"))
    }

    /// A pool's scope from its data-plane path (resource group key, name).
    pub fn pool_key(rg_key: &str, name: &str) -> Self {
        Self::parse(&format!(
            "/subscriptions/*/resourceGroups/{rg_key}/providers/Microsoft.App/sessionPools/{name}"
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An assignment at `self` applies to `resource` (itself or below).
    pub fn covers(&self, resource: &Scope) -> bool {
        resource.0 == self.0
            || (resource.0.starts_with(&self.0)
                && resource.0.as_bytes().get(self.0.len()) == Some(&b'/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_cover_what_is_below_them() {
        let sub = Scope::parse("/subscriptions/S");
        let rg = Scope::parse("/subscriptions/s/resourceGroups/RG");
        let pool = Scope::parse(
            "/subscriptions/s/resourcegroups/rg/providers/Microsoft.App/sessionPools/p/",
        );
        assert!(sub.covers(&rg) && sub.covers(&pool) && rg.covers(&pool) && pool.covers(&pool));
        assert!(!pool.covers(&rg));
        assert!(!Scope::parse("/subscriptions/s/resourceGroups/r").covers(&rg));
        assert!(Scope::parse("/subscriptions/OTHER").covers(&Scope::pool_key("rg", "p")));
        let other = Scope::parse(
            "/subscriptions/s/resourcegroups/rg/providers/Microsoft.App/sessionPools/p2",
        );
        assert!(!pool.covers(&other));
    }
}
