//! The SVG chart the README shows (`docs/bench-sessions.svg`): the fill curve
//! (ready sessions against seconds) and the throughput of each target. SVG
//! backend only: text is written as SVG `<text>`, no font files are read.

use crate::fill::{Fill, POOLS, total};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

const BAR: [RGBColor; 4] = [
    RGBColor(31, 119, 180),
    RGBColor(127, 127, 127),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
];

/// The points where the value changes (and the last one): `/metrics` is read
/// every 10 ms, so most samples repeat the one before, and the SVG would be
/// mostly those.
fn changes(points: impl Iterator<Item = (f64, usize)>) -> Vec<(f64, usize)> {
    let mut out: Vec<(f64, usize)> = Vec::new();
    let mut last = None;
    for p in points {
        if out.last().is_none_or(|q| q.1 != p.1) {
            out.push(p);
            last = None;
        } else {
            last = Some(p);
        }
    }
    out.extend(last);
    out
}

pub fn write_svg(
    path: &Path,
    fill: &Fill,
    throughput: &[(&str, f64)],
    caption: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let root = SVGBackend::new(path, (1100, 440)).into_drawing_area();
    root.fill(&WHITE)?;
    let (top, body) = root.split_vertically(28);
    top.draw(&Text::new(
        caption.to_string(),
        (10, 8),
        ("sans-serif", 13).into_font().color(&BLACK.mix(0.8)),
    ))?;
    let (left, right) = body.split_horizontally(620);

    // Fill curve.
    let t_max = fill.seconds().max(1.0) * 1.05;
    let n_max = total();
    let mut chart = ChartBuilder::on(&left)
        .caption(
            format!(
                "Fill 0 → {n_max} ready ({} pools created together): {:.0} sessions/s",
                POOLS.len(),
                fill.rate_overall()
            ),
            ("sans-serif", 15),
        )
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(52)
        .build_cartesian_2d(0f64..t_max, 0usize..n_max + n_max / 20)?;
    chart
        .configure_mesh()
        .x_desc("seconds since the first pool was provisioned")
        .y_desc("ready sessions")
        .draw()?;
    let total = RGBColor(31, 119, 180);
    chart
        .draw_series(LineSeries::new(
            changes(fill.samples.iter().map(|s| (s.t, s.total()))),
            total.stroke_width(2),
        ))?
        .label("both pools")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], total.stroke_width(2)));
    for (i, (pool, color)) in POOLS
        .iter()
        .zip([RGBColor(255, 127, 14), RGBColor(148, 103, 189)])
        .enumerate()
    {
        chart
            .draw_series(LineSeries::new(
                changes(fill.samples.iter().map(|s| (s.t, s.ready[i]))),
                color.stroke_width(1),
            ))?
            .label(*pool)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .border_style(BLACK.mix(0.3))
        .background_style(WHITE.mix(0.9))
        .draw()?;

    // Throughput bars.
    let y_max = throughput.iter().map(|(_, v)| *v).fold(1.0, f64::max) * 1.15;
    let n = throughput.len() as u32;
    let names: Vec<String> = throughput.iter().map(|(n, _)| n.to_string()).collect();
    let mut chart = ChartBuilder::on(&right)
        .caption("GET / throughput, wrk -t2 -c16 (req/s)", ("sans-serif", 15))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(60)
        // An integer range is inclusive here: n - 1 gives n segments.
        .build_cartesian_2d((0u32..n.saturating_sub(1)).into_segmented(), 0f64..y_max)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => names.get(*i as usize).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .y_label_formatter(&|v| format!("{:.0}k", v / 1000.0))
        .draw()?;
    chart.draw_series(throughput.iter().enumerate().map(|(i, (_, v))| {
        let i = i as u32;
        let mut bar = Rectangle::new(
            [
                (SegmentValue::Exact(i), 0.0),
                (SegmentValue::Exact(i + 1), *v),
            ],
            BAR[i as usize % BAR.len()].filled(),
        );
        bar.set_margin(0, 0, 18, 18);
        bar
    }))?;
    chart.draw_series(throughput.iter().enumerate().map(|(i, (_, v))| {
        Text::new(
            format!("{v:.0}"),
            (SegmentValue::CenterOf(i as u32), *v + y_max * 0.01),
            ("sans-serif", 12)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(HPos::Center, VPos::Bottom)),
        )
    }))?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_changes_and_the_end() {
        let pts = [(0.0, 0), (0.1, 0), (0.2, 1), (0.3, 1), (0.4, 1), (0.5, 2)];
        assert_eq!(
            super::changes(pts.into_iter()),
            vec![(0.0, 0), (0.2, 1), (0.5, 2)]
        );
        let flat = [(0.0, 5), (0.1, 5), (0.2, 5)];
        assert_eq!(super::changes(flat.into_iter()), vec![(0.0, 5), (0.2, 5)]);
    }
}
