//! The sweep's chart: each figure of the plot (`--plot`, see `sweep_plot`) against the
//! swept key, one series per held value, as inline SVG. The code here works out the
//! geometry; the markup is the askama template `templates/lab/sweep_chart.svg`, which
//! escapes every text.

use crate::lab::lab_text::LabText;
use crate::lab::plot::Plot;
use crate::lab::runs::Verdict;
use crate::lab::sweep::SweepRow;
use crate::lab::sweep_plot::{plot_data, Reference};
use crate::model::lang::Lang;
use crate::output::chart::{num, ticks, Frame, Tick, PALETTE, SHORT};
use crate::output::markup::render;
use askama::Template;

/// The colour of the line of the CV before the plan.
const BEFORE: &str = "#777";

/// An entry in the legend, under the marks: a series, or a kind of reference line.
struct LegendEntry {
    x: f64,
    y: f64,
    colour: &'static str,
    /// A reference line (dashed), not a series.
    dashed: bool,
    name: String,
}

/// How a point is drawn.
enum Shape {
    /// Targets met: a dot in the series' colour at this height.
    Met(f64),
    /// A target out of reach: a hollow red circle at this height.
    Short(f64),
    /// No plan: a red cross on the axis.
    Failed,
    /// A plan, but the figure is undefined there (a CV without backbone teachers): a
    /// grey `n/a` on the axis.
    Undefined,
}

/// One sweep point in one panel.
struct Mark {
    x: f64,
    shape: Shape,
    /// The level the point is held to (exchange target, CV cap), as a short dash.
    target: Option<Tick>,
    tip: String,
}

/// One series (a combination of the other keys' values) in one panel.
struct Series {
    colour: &'static str,
    /// The polylines' points: the line breaks where a point has no value.
    lines: Vec<String>,
    marks: Vec<Mark>,
}

/// A horizontal line across a panel, labelled to the right of the plot.
struct RefLine {
    at: f64,
    /// The baseline of the label (moved apart from a close neighbour's).
    label_at: f64,
    colour: &'static str,
    label: String,
}

/// One figure against the swept key.
struct Panel {
    title: String,
    /// The top of the plot.
    y0: f64,
    y_ticks: Vec<Tick>,
    x_ticks: Vec<Tick>,
    references: Vec<RefLine>,
    /// What the dashes mark (`target 目标`, `cap 上限`).
    target_name: String,
    series: Vec<Series>,
    /// Why nothing is drawn, when no point has a value.
    note: Option<String>,
}

/// The sweep chart as a template (`templates/lab/sweep_chart.svg`); see [`sweep_chart`].
#[derive(Template)]
#[template(path = "lab/sweep_chart.svg", config = "templates/askama.toml")]
pub(crate) struct SweepChart {
    frame: Frame,
    /// `Balance 均衡: against targets.exchange_rate`, in the chart's language.
    heading: String,
    x_key: String,
    /// The legend of the marks, in the chart's language: met, short, failed.
    marks: [String; 3],
    left: f64,
    plot_w: f64,
    panel_h: f64,
    legend: Vec<LegendEntry>,
    panels: Vec<Panel>,
}

/// The chart of a sweep: each figure of `plot` against the first varied key, one line
/// per combination of the other keys. Short points (a target out of reach) are hollow
/// red circles, failed points red crosses, undefined values a grey `n/a`; a CV is drawn
/// with the CV before the plan and the national standard as dashed lines.
pub fn sweep_chart(
    plot: &Plot,
    keys: &[String],
    rows: &[SweepRow],
    standalone: bool,
    lang: Lang,
) -> String {
    render(&SweepChart::new(plot, keys, rows, standalone, lang))
}

/// About how wide `text` is at 12 px: Chinese characters are square, Latin ones narrower.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 7.5 } else { 12.0 })
        .sum()
}

/// The reference lines of a panel at their heights (`sy`), their labels moved apart
/// when two lines are close.
fn reference_lines(references: &[Reference], sy: impl Fn(f64) -> f64, lang: Lang) -> Vec<RefLine> {
    let mut lines: Vec<RefLine> = references
        .iter()
        .map(|&r| RefLine {
            at: sy(r.value()),
            label_at: sy(r.value()) + 3.5,
            colour: match r {
                Reference::Before(_) => BEFORE,
                Reference::Standard(_) => SHORT,
            },
            label: r.label(lang),
        })
        .collect();
    lines.sort_by(|a, b| a.at.total_cmp(&b.at));
    for i in 1..lines.len() {
        let floor = lines[i - 1].label_at + 11.0;
        if lines[i].label_at < floor {
            lines[i].label_at = floor;
        }
    }
    lines
}

impl SweepChart {
    /// The chart of `rows`; see [`sweep_chart`].
    pub(crate) fn new(
        plot: &Plot,
        keys: &[String],
        rows: &[SweepRow],
        standalone: bool,
        lang: Lang,
    ) -> SweepChart {
        let data = plot_data(plot, keys, rows, lang);
        let (width, panel_h, top, left) = (760.0, 170.0, 100.0, 70.0);
        // Room on the right for the labels of the reference lines.
        let labelled = data.panels.iter().any(|p| !p.references.is_empty());
        let right = if labelled { 130.0 } else { 24.0 };
        let gap = 56.0;
        let height = top + data.panels.len() as f64 * (panel_h + gap) + 20.0;
        let plot_w = width - left - right;
        let (x_lo, x_hi) = data
            .panels
            .iter()
            .flat_map(|p| p.series.iter().flatten())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                (a.min(p.x), b.max(p.x))
            });
        let (x_lo, x_hi) = if x_lo.is_finite() && x_hi > x_lo {
            (x_lo, x_hi)
        } else if x_lo.is_finite() {
            (x_lo - 1.0, x_lo + 1.0)
        } else {
            (0.0, 1.0)
        };
        let sx = |x: f64| left + (x - x_lo) / (x_hi - x_lo) * plot_w;
        // The legend's second row: the series' names, then the kinds of reference line.
        let mut entries: Vec<(&'static str, bool, String)> = Vec::new();
        if data.series.len() > 1 || data.series.first().is_some_and(|n| !n.is_empty()) {
            for (s, name) in data.series.iter().enumerate() {
                entries.push((PALETTE[s % PALETTE.len()], false, name.clone()));
            }
        }
        let refs = || data.panels.iter().flat_map(|p| p.references.iter());
        if refs().any(|r| matches!(r, Reference::Before(_))) {
            entries.push((BEFORE, true, LabText::CvBeforeLegend.text(lang)));
        }
        if refs().any(|r| matches!(r, Reference::Standard(_))) {
            entries.push((SHORT, true, LabText::StandardLegend.text(lang)));
        }
        let mut legend = Vec::new();
        let (mut lx, mut ly) = (left, 62.0);
        for (colour, dashed, name) in entries {
            let w = 36.0 + text_width(&name);
            if lx + w > width && lx > left {
                lx = left;
                ly += 16.0;
            }
            legend.push(LegendEntry {
                x: lx,
                y: ly,
                colour,
                dashed,
                name,
            });
            lx += w;
        }
        let top = top + (ly - 62.0);
        let height = height + (ly - 62.0);
        let x_ticks = || {
            ticks(x_lo, x_hi, 8)
                .into_iter()
                .filter(|&t| t >= x_lo - 1e-9 && t <= x_hi + 1e-9)
                .map(|t| Tick {
                    at: sx(t),
                    label: num(t),
                })
                .collect::<Vec<_>>()
        };
        let panels = data
            .panels
            .iter()
            .enumerate()
            .map(|(p, panel)| {
                let y0 = top + p as f64 * (panel_h + gap);
                let points = || panel.series.iter().flatten();
                let y_hi = points()
                    .flat_map(|pt| [pt.value, pt.target])
                    .flatten()
                    .chain(panel.references.iter().map(|r| r.value()))
                    .filter(|v| v.is_finite())
                    .fold(0.0f64, f64::max);
                let yt = ticks(0.0, if y_hi > 0.0 { y_hi } else { 1.0 }, 4);
                let y_top = *yt.last().unwrap_or(&1.0);
                let sy = |v: f64| y0 + panel_h - v / y_top * panel_h;
                let series = panel
                    .series
                    .iter()
                    .enumerate()
                    .map(|(s, pts)| {
                        let mut lines = Vec::new();
                        let mut run: Vec<String> = Vec::new();
                        for pt in pts {
                            match pt.value {
                                Some(v) => run.push(format!("{:.1},{:.1}", sx(pt.x), sy(v))),
                                None => {
                                    if run.len() > 1 {
                                        lines.push(run.join(" "));
                                    }
                                    run.clear();
                                }
                            }
                        }
                        if run.len() > 1 {
                            lines.push(run.join(" "));
                        }
                        let marks = pts
                            .iter()
                            .map(|pt| {
                                let verdict = match pt.verdict {
                                    Verdict::Met => String::new(),
                                    v => format!(" ({})", LabText::Verdict(v).text(lang)),
                                };
                                let value = match (pt.value, pt.verdict) {
                                    (Some(v), _) => num(v),
                                    (None, Verdict::Failed) => "—".into(),
                                    (None, _) => LabText::Undefined.text(lang),
                                };
                                let target = match (pt.target, &panel.target_name) {
                                    (Some(t), Some(name)) => format!("; {name} {}", num(t)),
                                    _ => String::new(),
                                };
                                // In English the figure's key, in Chinese the panel's
                                // title names it.
                                let tip = match lang {
                                    Lang::En => format!(
                                        "{}{verdict}: {} = {value}{target}",
                                        rows[pt.row].point.label(),
                                        panel.key
                                    ),
                                    Lang::Zh => format!(
                                        "{}{verdict}：{} = {value}{target}",
                                        rows[pt.row].point.label_in(lang),
                                        panel.title
                                    ),
                                };
                                let shape = match (pt.verdict, pt.value) {
                                    (Verdict::Failed, _) => Shape::Failed,
                                    (_, None) => Shape::Undefined,
                                    (Verdict::Short, Some(v)) => Shape::Short(sy(v)),
                                    (Verdict::Met, Some(v)) => Shape::Met(sy(v)),
                                };
                                Mark {
                                    x: sx(pt.x),
                                    shape,
                                    target: pt.target.map(|t| Tick {
                                        at: sy(t),
                                        label: num(t),
                                    }),
                                    tip,
                                }
                            })
                            .collect();
                        Series {
                            colour: PALETTE[s % PALETTE.len()],
                            lines,
                            marks,
                        }
                    })
                    .collect();
                Panel {
                    title: panel.title.clone(),
                    y0,
                    y_ticks: yt
                        .iter()
                        .map(|&t| Tick {
                            at: sy(t),
                            label: num(t),
                        })
                        .collect(),
                    x_ticks: x_ticks(),
                    references: reference_lines(&panel.references, sy, lang),
                    target_name: panel.target_name.clone().unwrap_or_default(),
                    series,
                    note: (!panel.has_values()).then(|| panel.empty_note(lang)),
                }
            })
            .collect();
        let heading = match (plot.is_balance(), lang) {
            (true, _) => LabText::Balance.text(lang),
            // The price chart's English heading predates the report's.
            (false, Lang::En) => "Price of policy 政策代价".to_string(),
            (false, Lang::Zh) => LabText::PriceOfPolicy.text(lang),
        };
        SweepChart {
            frame: Frame {
                width,
                height,
                standalone,
                label: LabText::ChartDescription {
                    balance: plot.is_balance(),
                    key: data.x_key.clone(),
                }
                .text(lang),
            },
            heading: LabText::Against {
                heading,
                key: data.x_key.clone(),
            }
            .text(lang),
            marks: [
                LabText::MetLegend,
                LabText::ShortLegend,
                LabText::Verdict(Verdict::Failed),
            ]
            .map(|t| t.text(lang)),
            x_key: LabText::AxisKey(data.x_key).text(lang),
            left,
            plot_w,
            panel_h,
            legend,
            panels,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::runs::RunOutcome;
    use crate::lab::sweep::{sweep_points, Vary};
    use crate::lab::sweep_plot::tests::cv_rows;
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
        let svg = sweep_chart(
            &Plot::default(),
            &["targets.exchange_rate".into()],
            &rows,
            true,
            Lang::En,
        );
        assert!(svg.contains("failed 求解失败"));
    }

    #[test]
    fn a_chinese_chart_has_no_english_words() {
        let cvs = [Some((Some(0.4), Some(0.3))), None];
        let rows = cv_rows(&cvs, None);
        let keys = ["targets.exchange_rate".to_string()];
        for plot in ["cv", "price,cv_primary_after"] {
            let svg = sweep_chart(&Plot::parse(plot).unwrap(), &keys, &rows, true, Lang::Zh);
            // The visible text: what lies between tags, and the titles.
            let text: String = svg
                .split('<')
                .filter_map(|part| part.split_once('>').map(|(_, t)| t))
                .collect::<Vec<_>>()
                .join(" ");
            let words: Vec<&str> = text
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() >= 2)
                .collect();
            assert!(words.is_empty(), "{plot}: {words:?} in {text}");
            assert!(text.contains("随交流比例变化"), "{text}");
        }
    }

    #[test]
    fn the_cv_chart_draws_the_cv_before_and_the_standard() {
        let rows = cv_rows(
            &[
                Some((Some(0.4), Some(0.3))),
                Some((Some(0.4), None)),
                Some((Some(0.4), Some(0.2))),
                Some((Some(0.4), Some(0.25))),
            ],
            None,
        );
        let keys = ["targets.exchange_rate".to_string()];
        let chart = SweepChart::new(&Plot::parse("cv").unwrap(), &keys, &rows, true, Lang::En);
        assert!(
            chart.heading.starts_with("Balance 均衡"),
            "{}",
            chart.heading
        );
        let [primary, junior] = &chart.panels[..] else {
            panic!("two panels")
        };
        // The undefined CV at 0.2 breaks the line: 0.3 and 0.4 are joined, 0.1 stands
        // alone; it is drawn as `n/a`, not as a failure.
        assert_eq!(primary.series[0].lines.len(), 1);
        assert!(matches!(primary.series[0].marks[1].shape, Shape::Undefined));
        assert!(primary.series[0].marks[1]
            .tip
            .contains("n/a (undefined 无定义)"));
        // The standard above the CV before, both on the same scale as the points.
        let [standard, before] = &primary.references[..] else {
            panic!("two reference lines")
        };
        assert_eq!(standard.label, "standard 标准 ≤ 0.50");
        assert_eq!(before.label, "before 交流前 0.4");
        assert!(standard.at < before.at);
        let Shape::Met(y) = primary.series[0].marks[0].shape else {
            panic!("a met point")
        };
        assert!(before.at < y, "0.4 is drawn above 0.3");
        assert!(primary.note.is_none());
        assert!(junior.note.is_some());
        assert_eq!(junior.references.len(), 1);

        let svg = render(&chart);
        for text in [
            "Balance 均衡: against targets.exchange_rate",
            "CV primary after 小学差异系数(后)",
            "CV junior after 初中差异系数(后)",
            "CV before 交流前差异系数",
            "national standard 国家标准 (≤)",
            "standard 标准 ≤ 0.45",
            ">n/a<",
        ] {
            assert!(svg.contains(text), "{text} is missing");
        }
        assert_eq!(svg.matches("stroke-dasharray").count(), 2 + 3);
    }

    #[test]
    fn close_reference_labels_are_moved_apart() {
        let lines = reference_lines(
            &[Reference::Standard(0.5), Reference::Before(0.49)],
            |v| 100.0 - 100.0 * v,
            Lang::En,
        );
        assert_eq!(lines[0].label, "standard 标准 ≤ 0.50");
        assert!(lines[1].label_at - lines[0].label_at >= 11.0);
        assert!(
            (lines[1].at - 51.0).abs() < 1e-9,
            "the line stays at its value"
        );
    }
}
