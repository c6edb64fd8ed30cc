//! Where saved environments' tokens live: the OS keyring (Secret Service,
//! Keychain, Credential Manager) where there is one; otherwise a file only
//! the user can read (0600, in a 0700 config dir), as gh does on headless
//! machines. Tokens never go into environments.json.

use super::environments::config_dir;
use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::PathBuf;
use std::time::Duration;

const KEYRING_SERVICE: &str = "sessionpool";

#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error("{path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not a JSON object of environment names to tokens ({reason})")]
    Corrupt { path: String, reason: String },
}

/// Where a token was put.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    Keyring,
    /// The keyring was unusable (the reason); the token is in this file.
    File {
        path: PathBuf,
        keyring: String,
    },
}

pub fn tokens_file() -> PathBuf {
    config_dir().join("tokens.json")
}

fn file_error(path: &std::path::Path, source: std::io::Error) -> CredentialError {
    CredentialError::File {
        path: path.display().to_string(),
        source,
    }
}

fn read_file() -> Result<BTreeMap<String, String>, CredentialError> {
    let path = tokens_file();
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| CredentialError::Corrupt {
            path: path.display().to_string(),
            reason: e.to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(file_error(&path, e)),
    }
}

/// Rewrite the file with owner-only permissions (a new file, renamed over
/// the old one, so it is never readable by others for an instant).
fn write_file(tokens: &BTreeMap<String, String>) -> Result<(), CredentialError> {
    let dir = config_dir();
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)
        .map_err(|e| file_error(&dir, e))?;
    let path = tokens_file();
    let tmp = dir.join(".tokens.json.tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(|e| file_error(&tmp, e))?;
    // The mode above is masked by the umask; make sure nothing widened it.
    f.set_permissions(std::fs::Permissions::from_mode(0o600))
        .map_err(|e| file_error(&tmp, e))?;
    let text = serde_json::to_vec_pretty(tokens).expect("strings serialize");
    f.write_all(&text)
        .and_then(|()| f.sync_all())
        .map_err(|e| file_error(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| file_error(&path, e))
}

/// How long the OS keyring may take to answer (a D-Bus call to a Secret
/// Service that is being activated, or never will be).
const KEYRING_TIMEOUT: Duration = Duration::from_secs(5);

/// Run one keyring call on its own thread, waiting at most `KEYRING_TIMEOUT`.
fn with_keyring<T: Send + 'static>(
    name: &str,
    call: impl FnOnce(&keyring::Entry) -> keyring::Result<T> + Send + 'static,
) -> Result<T, String> {
    let name = name.to_string();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let result = keyring::Entry::new(KEYRING_SERVICE, &name)
            .and_then(|e| call(&e))
            .map_err(|e| e.to_string());
        let _ = tx.send(result);
    });
    rx.recv_timeout(KEYRING_TIMEOUT).unwrap_or_else(|_| {
        Err(format!(
            "the OS keyring did not answer within {}s",
            KEYRING_TIMEOUT.as_secs()
        ))
    })
}

/// Save `token` for environment `name`: the keyring, else the file.
pub fn store(name: &str, token: &str) -> Result<Stored, CredentialError> {
    let secret = token.to_string();
    let keyring = match with_keyring(name, move |e| e.set_password(&secret)) {
        Ok(()) => {
            // The keyring is read first; a copy left in the file must not linger.
            remove_from_file(name)?;
            return Ok(Stored::Keyring);
        }
        Err(reason) => reason,
    };
    let mut tokens = read_file()?;
    tokens.insert(name.to_string(), token.to_string());
    write_file(&tokens)?;
    Ok(Stored::File {
        path: tokens_file(),
        keyring,
    })
}

/// The token saved for `name`, from the keyring or the file.
pub fn load(name: &str) -> Result<Option<String>, CredentialError> {
    if let Ok(token) = with_keyring(name, |e| e.get_password()) {
        return Ok(Some(token));
    }
    Ok(read_file()?.remove(name))
}

fn remove_from_file(name: &str) -> Result<(), CredentialError> {
    let mut tokens = read_file()?;
    if tokens.remove(name).is_some() {
        write_file(&tokens)?;
    }
    Ok(())
}

/// Forget `name`'s token wherever it is.
pub fn delete(name: &str) -> Result<(), CredentialError> {
    let _ = with_keyring(name, |e| e.delete_credential());
    remove_from_file(name)
}
