//! Names: pools, resource groups and session identifiers.

use super::ValidationError;
use std::fmt;

/// A pool name: lowercase letters, digits and single hyphens, starting with a
/// letter, ending alphanumeric, 1–32 characters (az's CLI rule, which is
/// stricter than the REST spec in length and looser in hyphens).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PoolName(String);

impl PoolName {
    pub const RULE: &'static str = "must be 1-32 characters of lowercase letters, digits and single hyphens, start with a letter and end with a letter or digit";

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let bytes = s.as_bytes();
        let ok = !s.is_empty()
            && s.len() <= 32
            && bytes[0].is_ascii_lowercase()
            && bytes[bytes.len() - 1].is_ascii_alphanumeric()
            && bytes
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
            && !s.contains("--");
        if ok {
            Ok(Self(s.to_string()))
        } else {
            Err(ValidationError::new(
                "name",
                format!("'{s}' {}", Self::RULE),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PoolName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A resource group name as ARM accepts it: 1–90 characters of letters,
/// digits, underscores, hyphens, periods and parentheses, not ending in a period.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceGroup(String);

impl ResourceGroup {
    pub const RULE: &'static str =
        "must be 1-90 characters of letters, digits, '_', '-', '.', '(' and ')', not ending in '.'";

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let ok = !s.is_empty()
            && s.len() <= 90
            && !s.ends_with('.')
            && s.chars()
                .all(|c| c.is_alphanumeric() || "_-.()".contains(c));
        if ok {
            Ok(Self(s.to_string()))
        } else {
            Err(ValidationError::new(
                "resourceGroup",
                format!("'{s}' {}", Self::RULE),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// ARM treats resource group names case-insensitively; this is the key form.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

impl fmt::Display for ResourceGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A session identifier chosen by the caller: 4–128 characters from Azure's set.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SessionIdentifier(String);

impl SessionIdentifier {
    pub const RULE: &'static str = "must be 4-128 characters of letters, digits and | - & ^ % $ # ( ) { } [ ] ; < > _ : \" ' ? / . , @ * + = ! ~ `";
    const PUNCTUATION: &'static str = "|-&^%$#(){}[];<>_:\"'?/.,@*+=!~`";

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let len = s.chars().count();
        let ok = (4..=128).contains(&len)
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || Self::PUNCTUATION.contains(c));
        if ok {
            Ok(Self(s.to_string()))
        } else {
            Err(ValidationError::new(
                "identifier",
                format!("identifier {}", Self::RULE),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SessionIdentifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_names_follow_the_cli_rule() {
        for ok in ["a", "my-session-pool", "p1", &"a".repeat(32)] {
            assert!(PoolName::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "1pool",
            "Pool",
            "pool-",
            "po--ol",
            "pool_x",
            &"a".repeat(33),
        ] {
            let err = PoolName::parse(bad).unwrap_err();
            assert_eq!(err.target, "name");
        }
    }

    #[test]
    fn resource_groups_follow_arm() {
        assert!(ResourceGroup::parse("my-rg_1.(x)").is_ok());
        assert!(ResourceGroup::parse("rg.").is_err());
        assert!(ResourceGroup::parse("rg/x").is_err());
        assert!(ResourceGroup::parse("").is_err());
    }

    #[test]
    fn identifiers_follow_azure() {
        assert!(SessionIdentifier::parse("user-1").is_ok());
        assert!(SessionIdentifier::parse("a|b{c}[d];<e>").is_ok());
        assert!(SessionIdentifier::parse("abc").is_err());
        assert!(SessionIdentifier::parse(&"a".repeat(129)).is_err());
        assert!(SessionIdentifier::parse("with space").is_err());
        assert!(SessionIdentifier::parse("ünïcode").is_err());
    }
}
