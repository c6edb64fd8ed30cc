//! Saved daemon contexts: endpoints in a JSON file under the config dir,
//! tokens kept apart (see `credentials`).

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Environments {
    pub environments: BTreeMap<String, SavedEnvironment>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedEnvironment {
    pub endpoint: String,
}

/// `$SESSIONPOOL_CONFIG_DIR`, else `$XDG_CONFIG_HOME/sessionpool`, else `~/.config/sessionpool`.
pub fn config_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SESSIONPOOL_CONFIG_DIR") {
        return dir.into();
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_else(|| "/root".into()))
                .join(".config")
        });
    base.join("sessionpool")
}

fn file() -> PathBuf {
    config_dir().join("environments.json")
}

impl Environments {
    pub fn load() -> Result<Self> {
        let path = file();
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .with_context(|| format!("failed to read {}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(e).with_context(|| format!("failed to read {}", path.display())),
        }
    }

    pub fn save(&self) -> Result<()> {
        let path = file();
        std::fs::create_dir_all(config_dir())
            .with_context(|| format!("failed to create {}", config_dir().display()))?;
        let text = serde_json::to_string_pretty(self).expect("plain data serializes");
        std::fs::write(&path, text).with_context(|| format!("failed to write {}", path.display()))
    }
}
