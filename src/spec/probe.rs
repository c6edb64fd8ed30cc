//! Health probes (`--probe-yaml`): Startup gates readiness, Liveness ends sessions.

use super::ValidationError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProbeType {
    Liveness,
    Startup,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Probe {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub probe_type: Option<ProbeType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_get: Option<ProbeHttpGet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tcp_socket: Option<ProbeTcpSocket>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_int"
    )]
    pub failure_threshold: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_int"
    )]
    pub initial_delay_seconds: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_int"
    )]
    pub period_seconds: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_int"
    )]
    pub timeout_seconds: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_int"
    )]
    pub success_threshold: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProbeHttpGet {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(deserialize_with = "super::lenient::int")]
    pub port: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_headers: Option<Vec<ProbeHttpHeader>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProbeHttpHeader {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProbeTcpSocket {
    #[serde(deserialize_with = "super::lenient::int")]
    pub port: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProbeFile {
    probes: Vec<Probe>,
}

/// Parse `--probe-yaml` content: a top-level `probes:` list, then validate it.
pub fn parse_probe_yaml(text: &str) -> Result<Vec<Probe>, ValidationError> {
    let file: ProbeFile = serde_yaml::from_str(text).map_err(|e| {
        ValidationError::new(
            "probes",
            format!("probe YAML must be a mapping with a top-level 'probes:' list of probes: {e}"),
        )
    })?;
    validate_probes(&file.probes, "probes")?;
    Ok(file.probes)
}

fn range(target: &str, value: Option<i64>, lo: i64, hi: i64) -> Result<(), ValidationError> {
    match value {
        Some(v) if !(lo..=hi).contains(&v) => Err(ValidationError::new(
            target,
            format!("{v} must be between {lo} and {hi}"),
        )),
        _ => Ok(()),
    }
}

/// Azure's probe rules: each type at most once, exactly one of httpGet or
/// tcpSocket, thresholds and timings in range, successThreshold 1.
pub fn validate_probes(probes: &[Probe], base: &str) -> Result<(), ValidationError> {
    let mut seen = Vec::new();
    for (i, p) in probes.iter().enumerate() {
        let at = |field: &str| format!("{base}[{i}].{field}");
        let kind = p
            .probe_type
            .ok_or_else(|| ValidationError::new(at("type"), "is required: Liveness or Startup"))?;
        if seen.contains(&kind) {
            return Err(ValidationError::new(
                at("type"),
                format!("{kind:?} probe may be given at most once"),
            ));
        }
        seen.push(kind);
        match (&p.http_get, &p.tcp_socket) {
            (Some(h), None) => {
                range(&at("httpGet.port"), Some(h.port), 1, 65535)?;
                if let Some(s) = &h.scheme
                    && s != "HTTP"
                    && s != "HTTPS"
                {
                    return Err(ValidationError::new(
                        at("httpGet.scheme"),
                        "must be HTTP or HTTPS",
                    ));
                }
                if let Some(path) = &h.path
                    && !path.starts_with('/')
                {
                    return Err(ValidationError::new(
                        at("httpGet.path"),
                        "must start with '/'",
                    ));
                }
            }
            (None, Some(t)) => range(&at("tcpSocket.port"), Some(t.port), 1, 65535)?,
            _ => {
                return Err(ValidationError::new(
                    at("httpGet"),
                    "exactly one of httpGet or tcpSocket is required",
                ));
            }
        }
        range(&at("failureThreshold"), p.failure_threshold, 1, 10)?;
        range(&at("initialDelaySeconds"), p.initial_delay_seconds, 1, 60)?;
        range(&at("periodSeconds"), p.period_seconds, 1, 240)?;
        range(&at("timeoutSeconds"), p.timeout_seconds, 1, 240)?;
        if let Some(s) = p.success_threshold
            && s != 1
        {
            return Err(ValidationError::new(
                at("successThreshold"),
                format!("{s} must be 1"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_azure_probe_yaml() {
        let probes = parse_probe_yaml(
            "probes:\n- type: Liveness\n  httpGet:\n    path: /health\n    port: 8080\n  periodSeconds: 5\n- type: Startup\n  tcpSocket:\n    port: 8080\n",
        )
        .unwrap();
        assert_eq!(probes.len(), 2);
        assert_eq!(probes[0].http_get.as_ref().unwrap().port, 8080);
    }

    #[test]
    fn rejects_bad_probes_naming_the_field() {
        let cases = [
            ("nonsense: [", "probes"),
            ("probes:\n- type: Liveness\n", "probes[0].httpGet"),
            ("probes:\n- tcpSocket: {port: 1}\n", "probes[0].type"),
            (
                "probes:\n- type: Liveness\n  tcpSocket: {port: 1}\n  failureThreshold: 11\n",
                "probes[0].failureThreshold",
            ),
            (
                "probes:\n- type: Liveness\n  tcpSocket: {port: 1}\n  successThreshold: 2\n",
                "probes[0].successThreshold",
            ),
            (
                "probes:\n- type: Liveness\n  tcpSocket: {port: 1}\n- type: Liveness\n  tcpSocket: {port: 1}\n",
                "probes[1].type",
            ),
            (
                "probes:\n- type: Startup\n  tcpSocket: {port: 70000}\n",
                "probes[0].tcpSocket.port",
            ),
        ];
        for (yaml, target) in cases {
            assert_eq!(parse_probe_yaml(yaml).unwrap_err().target, target, "{yaml}");
        }
    }
}
