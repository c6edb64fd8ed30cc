//! `/metrics` as Prometheus reads it: the text 0.0.4 content type, every
//! histogram (allocation, sandbox start, per-pool request latency) and the
//! forwarded counter, read back with a Prometheus text parser after real traffic.

mod common;

use common::daemon::Daemon;
use common::pools::*;
use prometheus_parse::{Sample, Scrape, Value};

fn scrape(d: &Daemon) -> (String, Scrape) {
    let a = admin(d).get("/metrics");
    assert_eq!(a.status, 200);
    let content_type = a.header("content-type").unwrap_or_default().to_string();
    let lines = a
        .text()
        .lines()
        .map(|l| Ok(l.to_string()))
        .collect::<Vec<_>>();
    let scrape = Scrape::parse(lines.into_iter()).expect("the exposition parses");
    (content_type, scrape)
}

fn find<'a>(s: &'a Scrape, name: &str, labels: &[(&str, &str)]) -> &'a Sample {
    s.samples
        .iter()
        .find(|x| x.metric == name && labels.iter().all(|(k, v)| x.labels.get(k) == Some(*v)))
        .unwrap_or_else(|| panic!("no {name} {labels:?} among {:#?}", s.samples))
}

fn histogram_count(v: &Value) -> f64 {
    match v {
        Value::Histogram(buckets) => buckets
            .iter()
            .find(|b| b.less_than == f64::INFINITY)
            .map(|b| b.count)
            .expect("a +Inf bucket"),
        other => panic!("not a histogram: {other:?}"),
    }
}

#[test]
fn every_histogram_and_counter_parses_after_traffic() {
    let d = Daemon::start();
    create_pool(
        &d,
        "metered",
        &["--max-sessions", "3", "--ready-sessions", "1"],
    );
    let h = executor(&d, "metered");
    wait_ready(&d, "metered", 1);
    for _ in 0..3 {
        whoami(&h, "metered", "user-1");
    }
    // A refused request (the identifier is too short) is counted too.
    assert_eq!(h.get(&url("metered", "whoami", "x")).status, 400);
    let pool = format!("{RG}/metered");
    let (content_type, s) = scrape(&d);
    assert!(
        content_type.starts_with("text/plain") && content_type.contains("version=0.0.4"),
        "{content_type}"
    );
    let ready = find(&s, "sessionpool_allocated_sessions", &[("pool", &pool)]);
    assert!(
        matches!(ready.value, Value::Gauge(v) if v == 1.0),
        "{ready:?}"
    );
    let forwarded = find(
        &s,
        "sessionpool_forwarded_requests_total",
        &[("pool", &pool), ("status", "200")],
    );
    assert!(
        matches!(forwarded.value, Value::Counter(v) | Value::Untyped(v) if v == 3.0),
        "{forwarded:?}"
    );
    let refused = find(
        &s,
        "sessionpool_forwarded_requests_total",
        &[("pool", &pool), ("status", "400")],
    );
    assert!(
        matches!(refused.value, Value::Counter(v) | Value::Untyped(v) if v == 1.0),
        "{refused:?}"
    );
    let latency = find(&s, "sessionpool_request_seconds", &[("pool", &pool)]);
    assert_eq!(histogram_count(&latency.value), 4.0, "{latency:?}");
    let warm = find(&s, "sessionpool_allocation_seconds", &[("kind", "warm")]);
    assert_eq!(histogram_count(&warm.value), 1.0);
    // The ready sandbox and the one refilling behind the allocation.
    let starts = find(&s, "sessionpool_sandbox_start_seconds", &[]);
    assert!(histogram_count(&starts.value) >= 1.0, "{starts:?}");
}
