//! `ImageConfig`: the parts of an OCI/Docker image configuration a sandbox needs
//! to start the container (entrypoint, cmd, env, working dir, user, ports).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How to run the image, from its config blob.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImageConfig {
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    pub env: Vec<String>,
    pub working_dir: Option<String>,
    pub user: Option<String>,
    /// TCP ports from `ExposedPorts` (`"8080/tcp"` or `"8080"`); UDP ports are left
    /// out because sessions are reached over HTTP only.
    pub exposed_ports: Vec<u16>,
    /// Paths from `Volumes`; each becomes a writable directory in the sandbox.
    pub volumes: Vec<String>,
    /// `StopSignal` (`"SIGQUIT"`, `"QUIT"` or a number), sent before the kill at teardown.
    pub stop_signal: Option<String>,
}

// Registries serve configs written by many tools; Docker writes `null` for empty
// lists, so every field is optional rather than using a strict schema type.
#[derive(Deserialize)]
struct RawImage {
    config: Option<RawConfig>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawConfig {
    entrypoint: Option<Vec<String>>,
    cmd: Option<Vec<String>>,
    env: Option<Vec<String>>,
    working_dir: Option<String>,
    user: Option<String>,
    exposed_ports: Option<BTreeMap<String, serde_json::Value>>,
    volumes: Option<BTreeMap<String, serde_json::Value>>,
    stop_signal: Option<String>,
}

impl ImageConfig {
    /// Parses an image config blob; the error is a human-readable reason.
    pub(crate) fn from_blob(blob: &[u8]) -> Result<ImageConfig, String> {
        let raw: RawImage =
            serde_json::from_slice(blob).map_err(|e| format!("image config is not valid: {e}"))?;
        let Some(c) = raw.config else {
            return Ok(ImageConfig::default());
        };
        let mut exposed_ports: Vec<u16> = c
            .exposed_ports
            .unwrap_or_default()
            .keys()
            .filter_map(|key| match key.split_once('/') {
                Some((port, "tcp")) | Some((port, "")) => port.parse().ok(),
                Some(_) => None,
                None => key.parse().ok(),
            })
            .collect();
        exposed_ports.sort_unstable();
        exposed_ports.dedup();
        Ok(ImageConfig {
            entrypoint: c.entrypoint.unwrap_or_default(),
            cmd: c.cmd.unwrap_or_default(),
            env: c.env.unwrap_or_default(),
            working_dir: c.working_dir.filter(|w| !w.is_empty()),
            user: c.user.filter(|u| !u.is_empty()),
            exposed_ports,
            volumes: c.volumes.unwrap_or_default().into_keys().collect(),
            stop_signal: c.stop_signal.filter(|s| !s.is_empty()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_oci_config() {
        let blob = br#"{"architecture":"amd64","os":"linux","config":{
            "Entrypoint":["/usr/local/bin/session-server"],"Cmd":null,
            "Env":["PORT=8080"],"WorkingDir":"","User":"1000:1000",
            "ExposedPorts":{"8080/tcp":{},"53/udp":{},"9000":{}},
            "Volumes":{"/data":{},"/var/cache/app":{}},"StopSignal":"SIGQUIT"},
            "rootfs":{"type":"layers","diff_ids":[]}}"#;
        let c = ImageConfig::from_blob(blob).unwrap();
        assert_eq!(c.entrypoint, ["/usr/local/bin/session-server"]);
        assert!(c.cmd.is_empty());
        assert_eq!(c.env, ["PORT=8080"]);
        assert_eq!(c.working_dir, None);
        assert_eq!(c.user.as_deref(), Some("1000:1000"));
        assert_eq!(c.exposed_ports, [8080, 9000]);
        assert_eq!(c.volumes, ["/data", "/var/cache/app"]);
        assert_eq!(c.stop_signal.as_deref(), Some("SIGQUIT"));
    }

    #[test]
    fn missing_config_section_is_empty() {
        assert_eq!(
            ImageConfig::from_blob(b"{}").unwrap(),
            ImageConfig::default()
        );
        assert!(ImageConfig::from_blob(b"not json").is_err());
    }
}
