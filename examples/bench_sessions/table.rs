//! Statistics, the machine the figures were taken on, and the markdown table.

use crate::alloc::Allocation;
use crate::bulk::{self, Rates, Rss};
use crate::fill::{self, Fill};
use crate::forward::{self, WrkRun};
use std::time::Duration;

/// The `q` quantile (nearest rank) of `v`; sorts `v`.
pub fn quantile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return f64::NAN;
    }
    v[((v.len() - 1) as f64 * q).round() as usize]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// 12345.6 → "12,346".
pub fn thousands(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let s = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 { format!("-{out}") } else { out }
}

pub struct Row {
    pub metric: String,
    pub ours: String,
    pub baseline: String,
    pub target: String,
    pub met: Option<bool>,
}

pub fn row(
    metric: impl Into<String>,
    ours: impl Into<String>,
    baseline: impl Into<String>,
    target: impl Into<String>,
    met: Option<bool>,
) -> Row {
    Row {
        metric: metric.into(),
        ours: ours.into(),
        baseline: baseline.into(),
        target: target.into(),
        met,
    }
}

/// Everything the phases measured, as the table reads it.
pub struct Results {
    pub fill: Fill,
    pub warm: Allocation,
    pub stream: Allocation,
    /// The same back to back.
    pub burst: Allocation,
    pub cold: Allocation,
    /// µs per request: sessionpool, direct, haproxy, nginx.
    pub lat: Vec<Vec<f64>>,
    /// wrk, same order.
    pub rps: Vec<WrkRun>,
    pub bulk_ours: Rates,
    pub bulk_direct: Rates,
    pub bulk_rss: Rss,
    pub show_ms: Vec<f64>,
}

fn yes_no(b: bool) -> Option<bool> {
    Some(b)
}

/// The table's rows, in the order the README describes them.
pub fn rows(r: &mut Results) -> Vec<Row> {
    let Results {
        fill,
        warm,
        stream,
        burst,
        cold,
        lat,
        rps,
        bulk_ours,
        bulk_direct,
        bulk_rss,
        show_ms,
    } = r;
    let mut rows: Vec<Row> = Vec::new();
    let rate = fill.rate_overall();
    rows.push(row(
        format!(
            "fill 0 → {} ready (2 pools × {}, created together)",
            fill::total(),
            fill::ready_each()
        ),
        format!("{rate:.1} sessions/s ({:.1} s)", fill.seconds()),
        format!(
            "provisioning {:.2} s before; deleting both took {:.1} s",
            fill.provision.as_secs_f64(),
            fill.teardown.as_secs_f64()
        ),
        "≥ 80 sessions/s",
        yes_no(rate >= 80.0),
    ));
    let (r1, r2) = (fill.rate_first_100(), fill.rate_last_100());
    rows.push(row(
        "  fill rate, first 100 / last 100 (ms per sandbox)",
        format!(
            "{r1:.1}/s ({:.1} ms) / {r2:.1}/s ({:.1} ms)",
            1e3 / r1,
            1e3 / r2
        ),
        "—",
        "the same (last ≥ 0.8× first)",
        yes_no(r2 >= 0.8 * r1),
    ));
    let per = fill.rss_per_session_kib();
    rows.push(row(
        format!("daemon RSS per live session at {}", fill::total()),
        format!("{per:.1} KiB"),
        format!(
            "VmRSS {:.1} MiB before the fill pools, {:.1} MiB at {}",
            fill.rss_before_kib as f64 / 1024.0,
            fill.rss_full_kib as f64 / 1024.0,
            fill::total()
        ),
        "≤ 20 KiB",
        yes_no(per <= 20.0),
    ));

    let mut warm_first: Vec<f64> = warm
        .first
        .iter()
        .step_by(crate::WARM_BATCH)
        .copied()
        .collect();
    let (mut wf, mut wa) = (warm.first.clone(), warm.again.clone());
    let (wp50, wp99) = (quantile(&mut wf, 0.5), quantile(&mut wf, 0.99));
    rows.push(row(
        format!(
            "warm allocation p50, batches (new id → first byte, n={})",
            wf.len()
        ),
        format!("{wp50:.2} ms"),
        "—",
        "≤ 1 ms",
        yes_no(wp50 <= 1.0),
    ));
    rows.push(row(
        "warm allocation p99, batches",
        format!("{wp99:.2} ms"),
        "—",
        "≤ 5 ms",
        yes_no(wp99 <= 5.0),
    ));
    rows.push(row(
        format!(
            "  first of each batch (no refill running yet, n={}), p50",
            warm_first.len()
        ),
        format!("{:.2} ms", quantile(&mut warm_first, 0.5)),
        "—",
        "—",
        None,
    ));
    rows.push(row(
        "  same identifier's next GET / right after, p50",
        format!("{:.2} ms", quantile(&mut wa, 0.5)),
        "—",
        "—",
        None,
    ));
    rows.push(row(
        "  daemon-side warm allocation (its histogram, mean)",
        format!("{:.3} ms", warm.daemon_warm_mean),
        "—",
        "—",
        None,
    ));
    rows.push(row(
        "  batched allocations that were warm (/metrics)",
        format!("{} warm, {} cold", warm.warm, warm.cold),
        "—",
        "all warm",
        yes_no(warm.cold == 0),
    ));
    let mut st = stream.first.clone();
    let (sp50, sp99) = (quantile(&mut st, 0.5), quantile(&mut st, 0.99));
    rows.push(row(
        format!(
            "warm allocation p50, steady stream (n={}, 25 new identifiers/s, refills running)",
            st.len()
        ),
        format!("{sp50:.2} ms"),
        "—",
        "≤ 1 ms",
        yes_no(sp50 <= 1.0),
    ));
    rows.push(row(
        "warm allocation p99, steady stream",
        format!("{sp99:.2} ms ({} warm, {} cold)", stream.warm, stream.cold),
        "—",
        "≤ 5 ms",
        yes_no(sp99 <= 5.0),
    ));
    let mut bt = burst.first.clone();
    let (bp50, bp99) = (quantile(&mut bt, 0.5), quantile(&mut bt, 0.99));
    rows.push(row(
        format!("new identifiers back to back p50 / p99 (n={})", bt.len()),
        format!(
            "{bp50:.2} / {bp99:.1} ms ({} warm, {} cold: faster than any refill)",
            burst.warm, burst.cold
        ),
        "—",
        "—",
        None,
    ));
    let mut cf = cold.first.clone();
    let (cp50, cp99) = (quantile(&mut cf, 0.5), quantile(&mut cf, 0.99));
    rows.push(row(
        format!(
            "cold allocation p50 (ready 0, embedded runtime, n={})",
            cf.len()
        ),
        format!("{cp50:.1} ms"),
        "—",
        "≤ 20 ms",
        yes_no(cp50 <= 20.0),
    ));
    rows.push(row(
        "cold allocation p99",
        format!("{cp99:.1} ms ({} cold, {} warm)", cold.cold, cold.warm),
        "—",
        "—",
        None,
    ));

    let mut cfull = fill.cold_at_full.first.clone();
    let cfull50 = quantile(&mut cfull, 0.5);
    rows.push(row(
        format!(
            "cold allocation p50 with {} sessions live (n={})",
            fill::total(),
            cfull.len()
        ),
        format!("{cfull50:.1} ms ({:.2}× none live)", cfull50 / cp50),
        format!("none live: {cp50:.1} ms (the row above)"),
        "≤ 1.2× none live",
        yes_no(cfull50 <= 1.2 * cp50),
    ));
    let p50: Vec<f64> = lat.iter_mut().map(|v| quantile(v, 0.5)).collect();
    let p99: Vec<f64> = lat.iter_mut().map(|v| quantile(v, 0.99)).collect();
    let others = |v: &[f64], unit: &str| {
        format!(
            "direct {:.0} {unit}; haproxy {:.0} {unit}; nginx {:.0} {unit}",
            v[1], v[2], v[3]
        )
    };
    rows.push(row(
        format!(
            "forwarding GET / p50 (1 keep-alive conn, n={})",
            forward::LATENCY_REQUESTS
        ),
        format!("{:.0} µs (+{:.0} µs)", p50[0], p50[0] - p50[1]),
        others(&p50, "µs"),
        "≤ direct + 50 µs",
        yes_no(p50[0] <= p50[1] + 50.0),
    ));
    rows.push(row(
        "forwarding GET / p99",
        format!("{:.0} µs", p99[0]),
        others(&p99, "µs"),
        "—",
        None,
    ));
    let better = rps[2].rps.max(rps[3].rps);
    rows.push(row(
        format!(
            "throughput GET / (wrk -t{} -c{} -d{}s, best of {})",
            forward::WRK_THREADS,
            forward::WRK_CONNECTIONS,
            forward::wrk_seconds(),
            forward::WRK_ROUNDS
        ),
        format!(
            "{} req/s ({:.2}× the better proxy)",
            thousands(rps[0].rps),
            rps[0].rps / better
        ),
        format!(
            "direct {}; haproxy {}; nginx {} req/s",
            thousands(rps[1].rps),
            thousands(rps[2].rps),
            thousands(rps[3].rps)
        ),
        "≥ 1.5× max(haproxy, nginx)",
        yes_no(rps[0].rps >= 1.5 * better),
    ));
    let size = match bulk::bytes() {
        b if b >= 1 << 30 => format!("{} GiB", b >> 30),
        b => format!("{} MiB", b >> 20),
    };
    rows.push(row(
        format!("{size} download (best of {})", bulk::RUNS),
        format!(
            "{:.0} MB/s ({:.2}× direct)",
            bulk_ours.download,
            bulk_ours.download / bulk_direct.download
        ),
        format!("direct {:.0} MB/s", bulk_direct.download),
        "≥ 0.9× direct",
        yes_no(bulk_ours.download >= 0.9 * bulk_direct.download),
    ));
    rows.push(row(
        format!("{size} upload (best of {})", bulk::RUNS),
        format!(
            "{:.0} MB/s ({:.2}× direct)",
            bulk_ours.upload,
            bulk_ours.upload / bulk_direct.upload
        ),
        format!("direct {:.0} MB/s", bulk_direct.upload),
        "≥ 0.9× direct",
        yes_no(bulk_ours.upload >= 0.9 * bulk_direct.upload),
    ));
    let mib = |k: u64| k as f64 / 1024.0;
    rows.push(row(
        format!("  daemon RSS before / max during / after the {size} transfers"),
        format!(
            "{:.1} / {:.1} / {:.1} MiB",
            mib(bulk_rss.before),
            mib(bulk_rss.max),
            mib(bulk_rss.after)
        ),
        "—",
        format!("flat (max ≤ before + {} MiB)", crate::FLAT_RSS_KIB >> 10),
        yes_no(bulk_rss.max <= bulk_rss.before + crate::FLAT_RSS_KIB),
    ));
    let (h50, h99) = (quantile(show_ms, 0.5), quantile(show_ms, 0.99));
    rows.push(row(
        format!(
            "`sessionpool show -o json` end to end, median (n={})",
            show_ms.len()
        ),
        format!("{h50:.1} ms (p99 {h99:.1} ms)"),
        "—",
        "≤ 20 ms",
        yes_no(h50 <= 20.0),
    ));

    rows
}

pub fn print_table(rows: &[Row]) {
    println!("| metric | sessionpool | baseline(s) | target | met? |");
    println!("|---|---|---|---|---|");
    for r in rows {
        let met = match r.met {
            Some(true) => "yes",
            Some(false) => "no",
            None => "—",
        };
        println!(
            "| {} | {} | {} | {} | {met} |",
            r.metric, r.ours, r.baseline, r.target
        );
    }
}

/// The machine, as printed above the table.
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub kernel: String,
}

impl Machine {
    pub fn read() -> Self {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .unwrap_or_default()
            .lines()
            .find(|l| l.starts_with("model name"))
            .and_then(|l| l.split_once(':'))
            .map(|(_, m)| m.trim().to_string())
            .unwrap_or_else(|| "unknown CPU".into());
        Machine {
            cpu,
            cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
            kernel: std::fs::read_to_string("/proc/sys/kernel/osrelease")
                .unwrap_or_default()
                .trim()
                .to_string(),
        }
    }
}

/// The 1, 5 and 15 minute load averages.
pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Now, UTC, to the minute.
pub fn now_utc() -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::now_utc()
        .format(&f)
        .unwrap_or_default()
}
