//! The `/metrics` text, written by `prometheus-client` (which escapes label
//! values and formats histograms) from a snapshot of the atomics.

use super::{Metrics, PoolMetrics};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric as _};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::registry::Registry;
use std::sync::Arc;

/// What `/metrics` answers with.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

type Hist = (f64, u64, Vec<(f64, u64)>);

#[derive(Debug, Default)]
struct Snapshot {
    /// (pool, ready, pending, allocated)
    counts: Vec<(String, usize, usize, usize)>,
    allocation: Vec<(&'static str, Hist)>,
    sandbox_start: Option<Hist>,
    /// (pool, status, count)
    forwarded: Vec<(String, String, u64)>,
    request_seconds: Vec<(String, Hist)>,
    /// (pool, reason, count)
    ended: Vec<(String, &'static str, u64)>,
    cluster: Option<super::ClusterGauges>,
}

pub(super) fn render(
    m: &Metrics,
    counts: &[(String, usize, usize, usize)],
    pools: &[(String, Arc<PoolMetrics>)],
    ended: &[((String, &'static str), u64)],
    cluster: Option<super::ClusterGauges>,
) -> String {
    let snapshot = Snapshot {
        counts: counts.to_vec(),
        allocation: vec![
            ("warm", m.allocation_warm.snapshot()),
            ("cold", m.allocation_cold.snapshot()),
        ],
        sandbox_start: Some(m.sandbox_start.snapshot()),
        forwarded: pools
            .iter()
            .flat_map(|(pool, p)| {
                p.by_status()
                    .map(|(s, n)| (pool.clone(), s.to_string(), n))
                    .collect::<Vec<_>>()
            })
            .collect(),
        request_seconds: pools
            .iter()
            .filter(|(_, p)| p.request_seconds.count() > 0)
            .map(|(pool, p)| (pool.clone(), p.request_seconds.snapshot()))
            .collect(),
        ended: ended
            .iter()
            .map(|((pool, reason), n)| (pool.clone(), *reason, *n))
            .collect(),
        cluster,
    };
    let mut registry = Registry::default();
    registry.register_collector(Box::new(snapshot));
    let mut out = String::new();
    prometheus_client::encoding::prometheus_text::encode(&mut out, &registry)
        .expect("writing to a String does not fail");
    out
}

fn histogram(
    e: &mut prometheus_client::encoding::MetricEncoder<'_>,
    (sum, count, buckets): &Hist,
) -> std::fmt::Result {
    e.encode_histogram::<prometheus_client::encoding::NoLabelSet>(*sum, *count, buckets, None)
}

impl Collector for Snapshot {
    fn encode(&self, mut encoder: DescriptorEncoder) -> std::fmt::Result {
        for (name, help, idx) in [
            ("sessionpool_ready_sessions", "Sandboxes warm and ready", 0),
            ("sessionpool_pending_sessions", "Sandboxes starting", 1),
            ("sessionpool_allocated_sessions", "Sessions allocated", 2),
        ] {
            let mut m = encoder.encode_descriptor(name, help, None, MetricType::Gauge)?;
            for (pool, ready, pending, allocated) in &self.counts {
                let v = [ready, pending, allocated][idx];
                let gauge = ConstGauge::new(*v as i64);
                gauge.encode(m.encode_family(&[("pool", pool.as_str())])?)?;
            }
        }

        let mut m = encoder.encode_descriptor(
            "sessionpool_allocation_seconds",
            "New identifier to session, warm or cold",
            None,
            MetricType::Histogram,
        )?;
        for (kind, h) in &self.allocation {
            histogram(&mut m.encode_family(&[("kind", *kind)])?, h)?;
        }

        if let Some(h) = &self.sandbox_start {
            let mut m = encoder.encode_descriptor(
                "sessionpool_sandbox_start_seconds",
                "Starting one sandbox, until it is ready",
                None,
                MetricType::Histogram,
            )?;
            histogram(&mut m, h)?;
        }

        let mut m = encoder.encode_descriptor(
            "sessionpool_forwarded_requests",
            "Requests to sessions, by pool and the status answered",
            None,
            MetricType::Counter,
        )?;
        for (pool, status, n) in &self.forwarded {
            m.encode_family(&[("pool", pool.as_str()), ("status", status.as_str())])?
                .encode_counter::<prometheus_client::encoding::NoLabelSet, _, u64>(n, None)?;
        }

        let mut m = encoder.encode_descriptor(
            "sessionpool_request_seconds",
            "Requests to sessions by pool: arrival to the session's response headers, allocation included",
            None,
            MetricType::Histogram,
        )?;
        for (pool, h) in &self.request_seconds {
            histogram(&mut m.encode_family(&[("pool", pool.as_str())])?, h)?;
        }

        let mut m = encoder.encode_descriptor(
            "sessionpool_sessions_ended_abnormally",
            "Sessions that ended without being asked to, by reason",
            None,
            MetricType::Counter,
        )?;
        for (pool, reason, n) in &self.ended {
            m.encode_family(&[("pool", pool.as_str()), ("reason", *reason)])?
                .encode_counter::<prometheus_client::encoding::NoLabelSet, _, u64>(n, None)?;
        }

        if let Some(c) = &self.cluster {
            for (name, help, v) in [
                (
                    "sessionpool_cluster_nodes",
                    "Live nodes of the cluster, as this node last listed them",
                    c.nodes as i64,
                ),
                (
                    "sessionpool_cluster_serving",
                    "1 while this node holds a current cluster lease (and serves sessions)",
                    i64::from(c.serving),
                ),
            ] {
                let m = encoder.encode_descriptor(name, help, None, MetricType::Gauge)?;
                ConstGauge::new(v).encode(m)?;
            }
            for (name, help, v) in [
                (
                    "sessionpool_cluster_claims",
                    "New identifiers this node claimed in etcd (for itself or a node with a ready sandbox)",
                    c.claims,
                ),
                (
                    "sessionpool_cluster_peer_requests",
                    "Requests this node forwarded to the node owning their session",
                    c.peer_requests,
                ),
            ] {
                let mut m = encoder.encode_descriptor(name, help, None, MetricType::Counter)?;
                m.encode_counter::<prometheus_client::encoding::NoLabelSet, _, u64>(&v, None)?;
            }
            let mut m = encoder.encode_descriptor(
                "sessionpool_cluster_claim_seconds",
                "The etcd transaction that claims a new identifier, sent to its answer (retries included)",
                None,
                MetricType::Histogram,
            )?;
            histogram(&mut m, &c.claim_seconds)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    use std::time::Duration;

    /// Prometheus' own Python parser (Debian's python3-prometheus-client):
    /// every sample as `name<TAB>labels as JSON<TAB>value`.
    fn parse_with_prometheus(text: &str) -> Vec<(String, serde_json::Value)> {
        const SCRIPT: &str = "import sys, json\nfrom prometheus_client.parser import text_string_to_metric_families as p\nfor f in p(sys.stdin.read()):\n    for s in f.samples:\n        print(s.name + '\\t' + json.dumps(s.labels) + '\\t' + str(s.value))\n";
        let mut child = Command::new("/usr/bin/python3")
            .args(["-c", SCRIPT])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("/usr/bin/python3 is needed (apt install python3-prometheus-client)");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "the Prometheus parser refused the exposition (is python3-prometheus-client installed?): {}\n{text}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                let mut parts = l.split('\t');
                let name = parts.next().unwrap().to_string();
                (name, serde_json::from_str(parts.next().unwrap()).unwrap())
            })
            .collect()
    }

    #[test]
    fn hostile_pool_labels_are_escaped() {
        let m = Metrics::default();
        let label = "rg/p\"o\\ol\n} 1\nsessionpool_fake{a=\"b\"} 9";
        m.pool(label).forwarded(200, Duration::from_millis(3));
        let text = m.render(&[(label.to_string(), 1, 0, 0)]);
        let samples = parse_with_prometheus(&text);
        assert!(
            samples
                .iter()
                .all(|(name, _)| !name.starts_with("sessionpool_fake")),
            "a label injected a sample: {text}"
        );
        for name in [
            "sessionpool_ready_sessions",
            "sessionpool_forwarded_requests_total",
            "sessionpool_request_seconds_count",
        ] {
            let (_, labels) = samples
                .iter()
                .find(|(n, _)| n == name)
                .unwrap_or_else(|| panic!("no {name} in {text}"));
            assert_eq!(labels["pool"], label, "{text}");
        }
    }

    #[test]
    fn every_histogram_is_exported() {
        let m = Metrics::default();
        m.sandbox_start.observe(Duration::from_millis(700));
        m.allocation_cold.observe(Duration::from_millis(40));
        let samples = parse_with_prometheus(&m.render(&[]));
        let count = |name: &str| samples.iter().filter(|(n, _)| n == name).count();
        assert_eq!(count("sessionpool_sandbox_start_seconds_count"), 1);
        assert_eq!(count("sessionpool_allocation_seconds_count"), 2);
    }

    #[test]
    fn a_cluster_node_exports_its_figures_and_a_single_host_none() {
        let m = Metrics::default();
        let gauges = crate::metrics::ClusterGauges {
            nodes: 3,
            serving: true,
            claims: 7,
            peer_requests: 11,
            claim_seconds: {
                let h = crate::metrics::Histogram::new(crate::metrics::histogram::FAST);
                h.observe(Duration::from_micros(1300));
                h.snapshot()
            },
        };
        let text = m.render_with(&[], Some(gauges));
        let samples = parse_with_prometheus(&text);
        for name in [
            "sessionpool_cluster_nodes",
            "sessionpool_cluster_serving",
            "sessionpool_cluster_claims_total",
            "sessionpool_cluster_peer_requests_total",
            "sessionpool_cluster_claim_seconds_count",
        ] {
            assert!(
                samples.iter().any(|(n, _)| n == name),
                "no {name} in {text}"
            );
        }
        assert!(text.contains("sessionpool_cluster_nodes 3"), "{text}");
        assert!(
            text.contains("sessionpool_cluster_peer_requests_total 11"),
            "{text}"
        );
        assert!(
            text.contains("sessionpool_cluster_claim_seconds_bucket{le=\"0.0025\"} 1"),
            "{text}"
        );
        assert!(!m.render(&[]).contains("sessionpool_cluster"));
    }
}
