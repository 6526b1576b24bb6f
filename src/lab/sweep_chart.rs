//! The sweep's trade-off chart: each figure against the swept key, one series per
//! held value, as inline SVG.

use crate::lab::figures::key_figures;
use crate::lab::runs::Verdict;
use crate::lab::sweep::SweepRow;
use crate::output::chart::{num, svg_open, ticks, PALETTE, SHORT};
use crate::output::markup::escape;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The trade-off chart of a sweep: total commute km, moves across groups and teachers
/// moved against the first varied key; one line per combination of the other keys.
/// Short points (a target out of reach) are hollow red circles, failed points red
/// crosses.
pub fn sweep_chart(keys: &[String], rows: &[SweepRow], standalone: bool) -> String {
    let panels: [(&str, &str); 3] = [
        ("total_commute_km", "Total commute km 通勤总里程"),
        ("cross_group_moves", "Moves across groups 跨共同体交流"),
        ("moved", "Teachers moved 交流人数 (– target 目标)"),
    ];
    let (width, panel_h, top, left, right) = (760.0, 170.0, 100.0, 70.0, 24.0);
    let gap = 56.0;
    let height = top + panels.len() as f64 * (panel_h + gap) + 20.0;
    let plot_w = width - left - right;
    let x_key = keys.first().cloned().unwrap_or_default();
    let xs: Vec<f64> = rows
        .iter()
        .map(|r| r.point.values.first().map(|v| v.1).unwrap_or(0.0))
        .collect();
    let (x_lo, x_hi) = xs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    let (x_lo, x_hi) = if x_lo.is_finite() && x_hi > x_lo {
        (x_lo, x_hi)
    } else if x_lo.is_finite() {
        (x_lo - 1.0, x_lo + 1.0)
    } else {
        (0.0, 1.0)
    };
    let sx = |x: f64| left + (x - x_lo) / (x_hi - x_lo) * plot_w;
    // Series: the values of the other keys.
    let mut series: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let name = r.point.values[1.min(r.point.values.len())..]
            .iter()
            .map(|(k, v)| format!("{}={}", k.rsplit('.').next().unwrap_or(k), num(*v)))
            .collect::<Vec<_>>()
            .join(", ");
        if !series.contains_key(&name) {
            order.push(name.clone());
        }
        series.entry(name).or_default().push(i);
    }
    // Series names on their own row(s) under the legend.
    let mut series_legend: Vec<(f64, f64, &str, &str)> = Vec::new();
    let (mut lx, mut ly) = (left, 62.0);
    if order.len() > 1 || order.first().is_some_and(|n| !n.is_empty()) {
        for (s, name) in order.iter().enumerate() {
            let w = 30.0 + 7.0 * name.chars().count() as f64;
            if lx + w > width && lx > left {
                lx = left;
                ly += 16.0;
            }
            series_legend.push((lx, ly, PALETTE[s % PALETTE.len()], name));
            lx += w;
        }
    }
    let top = top + (ly - 62.0);
    let height = height + (ly - 62.0);
    let figures: Vec<_> = rows.iter().map(|r| key_figures(&r.outcome)).collect();
    let value = |i: usize, key: &str| {
        figures[i]
            .iter()
            .find(|f| f.key == key)
            .and_then(|f| f.value.as_f64())
    };
    let mut out = String::new();
    svg_open(
        &mut out,
        width,
        height,
        standalone,
        &format!("The price of policy: figures against {x_key}"),
    );
    let _ = write!(
        out,
        "<text x=\"{left}\" y=\"20\" font-size=\"15\" font-weight=\"bold\">Price of policy 政策代价: against {}</text>",
        escape(&x_key)
    );
    // Legend.
    let mut lx = left;
    let _ = write!(
        out,
        "<circle cx=\"{}\" cy=\"40\" r=\"4\" fill=\"#333\"/><text x=\"{}\" y=\"44\">targets met 达标</text>",
        lx + 4.0,
        lx + 12.0
    );
    lx += 120.0;
    let _ = write!(
        out,
        "<circle cx=\"{}\" cy=\"40\" r=\"5\" fill=\"white\" stroke=\"{SHORT}\" stroke-width=\"2\"/><text x=\"{}\" y=\"44\">short: target out of reach 未达标</text>",
        lx + 4.0,
        lx + 12.0
    );
    lx += 235.0;
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"45\" fill=\"{SHORT}\" font-size=\"15\" text-anchor=\"middle\">×</text><text x=\"{}\" y=\"44\">failed 求解失败</text>",
        lx + 4.0,
        lx + 12.0
    );
    for (x, y, colour, name) in &series_legend {
        let _ = write!(
            out,
            "<line x1=\"{x}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"2\"/><text x=\"{}\" y=\"{}\">{}</text>",
            x + 16.0,
            x + 20.0,
            y + 4.0,
            escape(name)
        );
    }
    for (p, (key, title)) in panels.iter().enumerate() {
        let y0 = top + p as f64 * (panel_h + gap);
        let mut y_hi = (0..rows.len())
            .filter_map(|i| value(i, key))
            .fold(0.0f64, f64::max);
        if *key == "moved" {
            y_hi = (0..rows.len())
                .filter_map(|i| value(i, "exchange_target"))
                .fold(y_hi, f64::max);
        }
        let yt = ticks(0.0, y_hi.max(1.0), 4);
        let y_top = *yt.last().unwrap_or(&1.0);
        let sy = |v: f64| y0 + panel_h - v / y_top * panel_h;
        let _ = write!(
            out,
            "<text x=\"{left}\" y=\"{}\" font-weight=\"bold\">{}</text>",
            y0 - 8.0,
            escape(title)
        );
        for t in &yt {
            let y = sy(*t);
            let _ = write!(
                out,
                "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#ddd\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                left + plot_w,
                left - 6.0,
                y + 4.0,
                num(*t)
            );
        }
        for t in ticks(x_lo, x_hi, 8) {
            if t < x_lo - 1e-9 || t > x_hi + 1e-9 {
                continue;
            }
            let x = sx(t);
            let _ = write!(
                out,
                "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#999\"/><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                y0 + panel_h,
                y0 + panel_h + 4.0,
                y0 + panel_h + 16.0,
                num(t)
            );
        }
        let _ = write!(
            out,
            "<line x1=\"{left}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#333\"/>",
            y0 + panel_h,
            left + plot_w,
            y0 + panel_h
        );
        for (s, name) in order.iter().enumerate() {
            let colour = PALETTE[s % PALETTE.len()];
            let idx = &series[name];
            let mut sorted = idx.clone();
            sorted.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
            let pts: Vec<String> = sorted
                .iter()
                .filter_map(|&i| value(i, key).map(|v| format!("{:.1},{:.1}", sx(xs[i]), sy(v))))
                .collect();
            if pts.len() > 1 {
                let _ = write!(
                    out,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>",
                    pts.join(" ")
                );
            }
            for &i in &sorted {
                let x = sx(xs[i]);
                let tip = format!(
                    "{}{}: {} = {}",
                    rows[i].point.label(),
                    match rows[i].outcome.verdict() {
                        Verdict::Met => String::new(),
                        Verdict::Short => " (short 未达标)".into(),
                        Verdict::Failed => " (failed 求解失败)".into(),
                    },
                    key,
                    value(i, key).map(num).unwrap_or_else(|| "—".into())
                );
                if *key == "moved" {
                    if let Some(t) = value(i, "exchange_target") {
                        let y = sy(t);
                        let _ = write!(
                            out,
                            "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#333\" stroke-width=\"2\"><title>target {}</title></line>",
                            x - 7.0,
                            x + 7.0,
                            num(t)
                        );
                    }
                }
                match (rows[i].outcome.verdict(), value(i, key)) {
                    (Verdict::Failed, _) | (_, None) => {
                        let _ = write!(
                            out,
                            "<text x=\"{x:.1}\" y=\"{:.1}\" fill=\"{SHORT}\" font-size=\"16\" text-anchor=\"middle\">×<title>{}</title></text>",
                            y0 + panel_h - 3.0,
                            escape(&tip)
                        );
                    }
                    (Verdict::Short, Some(v)) => {
                        let _ = write!(
                            out,
                            "<circle cx=\"{x:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"white\" stroke=\"{SHORT}\" stroke-width=\"2\"><title>{}</title></circle>",
                            sy(v),
                            escape(&tip)
                        );
                    }
                    (Verdict::Met, Some(v)) => {
                        let _ = write!(
                            out,
                            "<circle cx=\"{x:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{colour}\"><title>{}</title></circle>",
                            sy(v),
                            escape(&tip)
                        );
                    }
                }
            }
        }
    }
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></svg>",
        left + plot_w / 2.0,
        height - 4.0,
        escape(&x_key)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::runs::RunOutcome;
    use crate::lab::sweep::{sweep_points, Vary};
    use crate::model::policy::Policy;

    #[test]
    fn a_failed_point_is_drawn() {
        let varies = [Vary::parse("targets.exchange_rate=0.1:0.2:0.1").unwrap()];
        let rows: Vec<SweepRow> = sweep_points(&Policy::default(), "p.toml", &varies)
            .unwrap()
            .into_iter()
            .map(|point| SweepRow {
                point,
                outcome: RunOutcome::Failed("HiGHS ran out of memory".into()),
            })
            .collect();
        let svg = sweep_chart(&["targets.exchange_rate".into()], &rows, true);
        assert!(svg.contains("failed 求解失败"));
    }
}
