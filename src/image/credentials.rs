//! Registry credentials, with a `Debug` that never shows the password.

use std::fmt;

/// Username and password (or token) for a registry's basic or token auth.
#[derive(Clone, PartialEq, Eq)]
pub struct RegistryCredentials {
    pub username: String,
    pub password: String,
}

// Hand-written so that `{:?}` in logs, panics and error chains cannot leak the secret.
impl fmt::Debug for RegistryCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegistryCredentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_password() {
        let creds = RegistryCredentials {
            username: "alice".into(),
            password: "hunter2-secret".into(),
        };
        let shown = format!("{creds:?} {creds:#?}");
        assert!(shown.contains("alice"));
        assert!(!shown.contains("hunter2-secret"), "{shown}");
    }
}
