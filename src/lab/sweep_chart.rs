//! The sweep's trade-off chart: each figure against the swept key, one series per
//! held value, as inline SVG. The code here works out the geometry; the markup is the
//! askama template `templates/lab/sweep_chart.svg`, which escapes every text.

use crate::lab::figures::key_figures;
use crate::lab::runs::Verdict;
use crate::lab::sweep::SweepRow;
use crate::output::chart::{num, ticks, Frame, Tick, PALETTE, SHORT};
use crate::output::markup::render;
use askama::Template;
use std::collections::BTreeMap;

/// A series' entry in the legend, under the marks.
struct LegendEntry {
    x: f64,
    y: f64,
    colour: &'static str,
    name: String,
}

/// How a point is drawn.
enum Shape {
    /// Targets met: a dot in the series' colour at this height.
    Met(f64),
    /// A target out of reach: a hollow red circle at this height.
    Short(f64),
    /// No plan (or no value): a red cross on the axis.
    Failed,
}

/// One sweep point in one panel.
struct Mark {
    x: f64,
    shape: Shape,
    /// The exchange target at this point (the "moved" panel only).
    target: Option<Tick>,
    tip: String,
}

/// One series (a combination of the other keys' values) in one panel.
struct Series {
    colour: &'static str,
    /// The polyline's points, when there are two or more.
    line: Option<String>,
    marks: Vec<Mark>,
}

/// One figure against the swept key.
struct Panel {
    title: &'static str,
    /// The top of the plot.
    y0: f64,
    y_ticks: Vec<Tick>,
    x_ticks: Vec<Tick>,
    series: Vec<Series>,
}

/// The sweep chart as a template (`templates/lab/sweep_chart.svg`); see [`sweep_chart`].
#[derive(Template)]
#[template(path = "lab/sweep_chart.svg", config = "templates/askama.toml")]
pub(crate) struct SweepChart {
    frame: Frame,
    x_key: String,
    left: f64,
    plot_w: f64,
    panel_h: f64,
    series_legend: Vec<LegendEntry>,
    panels: Vec<Panel>,
}

/// The trade-off chart of a sweep: total commute km, moves across groups and teachers
/// moved against the first varied key; one line per combination of the other keys.
/// Short points (a target out of reach) are hollow red circles, failed points red
/// crosses.
pub fn sweep_chart(keys: &[String], rows: &[SweepRow], standalone: bool) -> String {
    render(&SweepChart::new(keys, rows, standalone))
}

impl SweepChart {
    /// The chart of `rows`; see [`sweep_chart`].
    pub(crate) fn new(keys: &[String], rows: &[SweepRow], standalone: bool) -> SweepChart {
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
        let mut series_legend = Vec::new();
        let (mut lx, mut ly) = (left, 62.0);
        if order.len() > 1 || order.first().is_some_and(|n| !n.is_empty()) {
            for (s, name) in order.iter().enumerate() {
                let w = 30.0 + 7.0 * name.chars().count() as f64;
                if lx + w > width && lx > left {
                    lx = left;
                    ly += 16.0;
                }
                series_legend.push(LegendEntry {
                    x: lx,
                    y: ly,
                    colour: PALETTE[s % PALETTE.len()],
                    name: name.clone(),
                });
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
        let panels = panels
            .iter()
            .enumerate()
            .map(|(p, &(key, title))| {
                let y0 = top + p as f64 * (panel_h + gap);
                let mut y_hi = (0..rows.len())
                    .filter_map(|i| value(i, key))
                    .fold(0.0f64, f64::max);
                if key == "moved" {
                    y_hi = (0..rows.len())
                        .filter_map(|i| value(i, "exchange_target"))
                        .fold(y_hi, f64::max);
                }
                let yt = ticks(0.0, y_hi.max(1.0), 4);
                let y_top = *yt.last().unwrap_or(&1.0);
                let sy = |v: f64| y0 + panel_h - v / y_top * panel_h;
                let series = order
                    .iter()
                    .enumerate()
                    .map(|(s, name)| {
                        let mut sorted = series[name].clone();
                        sorted.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
                        let pts: Vec<String> = sorted
                            .iter()
                            .filter_map(|&i| {
                                value(i, key).map(|v| format!("{:.1},{:.1}", sx(xs[i]), sy(v)))
                            })
                            .collect();
                        let marks = sorted
                            .iter()
                            .map(|&i| {
                                let verdict = rows[i].outcome.verdict();
                                let tip = format!(
                                    "{}{}: {} = {}",
                                    rows[i].point.label(),
                                    match verdict {
                                        Verdict::Met => "",
                                        Verdict::Short => " (short 未达标)",
                                        Verdict::Failed => " (failed 求解失败)",
                                    },
                                    key,
                                    value(i, key).map(num).unwrap_or_else(|| "—".into())
                                );
                                let target = match key {
                                    "moved" => value(i, "exchange_target").map(|t| Tick {
                                        at: sy(t),
                                        label: num(t),
                                    }),
                                    _ => None,
                                };
                                let shape = match (verdict, value(i, key)) {
                                    (Verdict::Failed, _) | (_, None) => Shape::Failed,
                                    (Verdict::Short, Some(v)) => Shape::Short(sy(v)),
                                    (Verdict::Met, Some(v)) => Shape::Met(sy(v)),
                                };
                                Mark {
                                    x: sx(xs[i]),
                                    shape,
                                    target,
                                    tip,
                                }
                            })
                            .collect();
                        Series {
                            colour: PALETTE[s % PALETTE.len()],
                            line: (pts.len() > 1).then(|| pts.join(" ")),
                            marks,
                        }
                    })
                    .collect();
                Panel {
                    title,
                    y0,
                    y_ticks: yt
                        .iter()
                        .map(|&t| Tick {
                            at: sy(t),
                            label: num(t),
                        })
                        .collect(),
                    x_ticks: ticks(x_lo, x_hi, 8)
                        .into_iter()
                        .filter(|&t| t >= x_lo - 1e-9 && t <= x_hi + 1e-9)
                        .map(|t| Tick {
                            at: sx(t),
                            label: num(t),
                        })
                        .collect(),
                    series,
                }
            })
            .collect();
        SweepChart {
            frame: Frame {
                width,
                height,
                standalone,
                label: format!("The price of policy: figures against {x_key}"),
            },
            x_key,
            left,
            plot_w,
            panel_h,
            series_legend,
            panels,
        }
    }
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
