//! One look at the daemon for `top`: pools with their counts against their
//! targets, their sessions, and request counters from `/metrics`.

use crate::client::{Client, ClientError};
use crate::spec::{PoolName, ResourceGroup};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::{Duration, Instant, SystemTime};

#[derive(Debug, Clone, PartialEq)]
pub struct PoolRow {
    pub rg: String,
    pub name: String,
    pub ready: i64,
    pub pending: i64,
    pub allocated: i64,
    pub max_sessions: i64,
    pub ready_target: i64,
    /// Requests per second since the previous look (None: unknown).
    pub rate: Option<f64>,
}

impl PoolRow {
    /// The daemon's label for the pool: `rg/name`, rg lowercased.
    pub fn label(&self) -> String {
        format!("{}/{}", self.rg.to_lowercase(), self.name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionRow {
    pub rg: String,
    pub pool: String,
    pub identifier: String,
    pub age: Option<Duration>,
    pub idle: Option<Duration>,
    pub cpu_seconds: Option<f64>,
    /// CPU use since the previous look, in cores (None: unknown).
    pub cpu_cores: Option<f64>,
    pub memory_bytes: Option<u64>,
}

#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub pools: Vec<PoolRow>,
    pub sessions: Vec<SessionRow>,
    /// Why request rates are missing (e.g. /metrics needs an admin token).
    pub note: Option<String>,
    at: Option<Instant>,
    /// pool label → forwarded requests so far.
    requests: BTreeMap<String, f64>,
}

fn int(v: &Value, p: &str) -> i64 {
    v.pointer(p).and_then(Value::as_i64).unwrap_or(0)
}

fn since(v: &Value, p: &str, now: SystemTime) -> Option<Duration> {
    let t = v.pointer(p)?.as_str()?;
    let t = time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok()?;
    now.duration_since(SystemTime::from(t)).ok()
}

/// Forwarded requests per pool label, summed over statuses.
fn requests_by_pool(text: &str) -> BTreeMap<String, f64> {
    let lines = text.lines().map(|l| Ok(l.to_string()));
    let mut out = BTreeMap::new();
    let Ok(scrape) = prometheus_parse::Scrape::parse(lines) else {
        return out;
    };
    for s in scrape.samples {
        if s.metric != "sessionpool_forwarded_requests_total" {
            continue;
        }
        let n = match s.value {
            prometheus_parse::Value::Counter(n) | prometheus_parse::Value::Untyped(n) => n,
            _ => continue,
        };
        if let Some(pool) = s.labels.get("pool") {
            *out.entry(pool.to_string()).or_default() += n;
        }
    }
    out
}

/// Look again; `previous` gives the rates.
pub async fn fetch(
    client: &Client,
    rg: Option<&ResourceGroup>,
    previous: &Snapshot,
) -> Result<Snapshot, ClientError> {
    let now = SystemTime::now();
    let at = Instant::now();
    let mut pools = Vec::new();
    let mut sessions = Vec::new();
    for p in client.list_pools(rg).await? {
        let v = serde_json::to_value(&p).expect("plain data serializes");
        let name = p.name.clone().unwrap_or_default();
        let rg = v
            .pointer("/id")
            .and_then(Value::as_str)
            .and_then(|id| id.split('/').nth(4))
            .unwrap_or_default()
            .to_string();
        pools.push(PoolRow {
            ready: int(&v, "/properties/templateUpdateStatus/readyCount"),
            pending: int(&v, "/properties/templateUpdateStatus/pendingCount"),
            allocated: int(&v, "/properties/templateUpdateStatus/allocatedCount"),
            max_sessions: int(&v, "/properties/scaleConfiguration/maxConcurrentSessions"),
            ready_target: int(&v, "/properties/scaleConfiguration/readySessionInstances"),
            rate: None,
            rg: rg.clone(),
            name: name.clone(),
        });
        let (Ok(prg), Ok(pname)) = (ResourceGroup::parse(&rg), PoolName::parse(&name)) else {
            continue;
        };
        // A pool that is not running has no sessions to list.
        let Ok(list) = client.list_sessions(&prg, &pname).await else {
            continue;
        };
        for s in list["value"].as_array().into_iter().flatten() {
            let identifier = s["identifier"].as_str().unwrap_or_default().to_string();
            let cpu_seconds = s.pointer("/usage/cpuSeconds").and_then(Value::as_f64);
            let cpu_cores = match (cpu_seconds, previous.at) {
                (Some(c), Some(then)) => previous
                    .sessions
                    .iter()
                    .find(|o| o.rg == rg && o.pool == name && o.identifier == identifier)
                    .and_then(|o| o.cpu_seconds)
                    .map(|before| (c - before).max(0.0) / (at - then).as_secs_f64().max(1e-3)),
                _ => None,
            };
            sessions.push(SessionRow {
                rg: rg.clone(),
                pool: name.clone(),
                age: since(s, "/createdAt", now),
                idle: since(s, "/lastAccessedAt", now),
                cpu_seconds,
                cpu_cores,
                memory_bytes: s.pointer("/usage/memoryBytes").and_then(Value::as_u64),
                identifier,
            });
        }
    }
    let mut note = None;
    let requests = match client
        .send(reqwest::Method::GET, "/metrics", None, &[])
        .await
    {
        Ok(a) => requests_by_pool(&String::from_utf8_lossy(&a.body)),
        Err(e) => {
            note = Some(match e.status() {
                Some(s) if s.as_u16() == 401 || s.as_u16() == 403 => {
                    "request rates need a token that may read /metrics".to_string()
                }
                _ => format!("request rates unavailable: {e}"),
            });
            BTreeMap::new()
        }
    };
    // Rates need two looks with counters; a pool absent from the counters
    // has forwarded nothing yet.
    if let Some(then) = previous.at
        && note.is_none()
        && previous.note.is_none()
    {
        let secs = (at - then).as_secs_f64().max(1e-3);
        for p in &mut pools {
            let label = p.label();
            let now_n = requests.get(&label).copied().unwrap_or(0.0);
            let before = previous.requests.get(&label).copied().unwrap_or(0.0);
            p.rate = Some((now_n - before).max(0.0) / secs);
        }
    }
    Ok(Snapshot {
        pools,
        sessions,
        note,
        at: Some(at),
        requests,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_forwarded_requests_per_pool() {
        let text = "# TYPE sessionpool_forwarded_requests_total counter\n\
            sessionpool_forwarded_requests_total{pool=\"rg/a\",status=\"200\"} 3\n\
            sessionpool_forwarded_requests_total{pool=\"rg/a\",status=\"502\"} 1\n\
            sessionpool_forwarded_requests_total{pool=\"rg/b\",status=\"200\"} 2\n";
        let m = requests_by_pool(text);
        assert_eq!(m.get("rg/a"), Some(&4.0));
        assert_eq!(m.get("rg/b"), Some(&2.0));
    }
}
