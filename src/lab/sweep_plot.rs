//! The sweep chart as data: one panel per figure of the plot (`--plot`, see `plot`),
//! each against the first varied key, one series per combination of the other keys,
//! with the levels the figure is read against (the exchange target, the CV before the
//! plan, the national standard, the policy's CV cap). The geometry and the markup are
//! `sweep_chart`'s.

use crate::lab::figures::{key_figures, Figure, FIGURE_LABELS};
use crate::lab::lab_text::LabText;
use crate::lab::plot::Plot;
use crate::lab::runs::{RunOutcome, Verdict};
use crate::lab::sweep::SweepRow;
use crate::model::indicator::Indicator;
use crate::model::lang::Lang;
use crate::model::policy::Policy;
use crate::rules::metrics::{CV_STANDARD_JUNIOR, CV_STANDARD_PRIMARY};

/// A CV figure (`cv_junior_after`): its level, and whether it is the CV after the plan.
struct CvFigure {
    junior: bool,
    after: bool,
}

fn cv_figure(key: &str) -> Option<CvFigure> {
    let (level, when) = key.strip_prefix("cv_")?.split_once('_')?;
    let junior = ["primary", "junior"].iter().position(|l| *l == level)? == 1;
    let after = ["before", "after"].iter().position(|w| *w == when)? == 1;
    Some(CvFigure { junior, after })
}

impl CvFigure {
    /// The national standard: CV ≤ 0.50 (primary), ≤ 0.45 (junior).
    fn standard(&self) -> f64 {
        match self.junior {
            false => CV_STANDARD_PRIMARY,
            true => CV_STANDARD_JUNIOR,
        }
    }

    /// The policy's cap on this level's CV after the plan (`[balance]`), when set and
    /// on backbone teachers (the CV figures are theirs).
    fn cap(&self, policy: &Policy) -> Option<f64> {
        if policy.balance.indicator != Indicator::Backbone {
            return None;
        }
        match self.junior {
            false => policy.balance.cv_primary_max,
            true => policy.balance.cv_junior_max,
        }
    }

    /// The figure of this level's CV before the plan.
    fn before_key(&self) -> &'static str {
        match self.junior {
            false => "cv_primary_before",
            true => "cv_junior_before",
        }
    }
}

/// A level a panel's figure is read against, drawn as a horizontal line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reference {
    /// The CV before the plan: the county's, the same at every point.
    Before(f64),
    /// The national standard the CV must not exceed (0.50 primary, 0.45 junior).
    Standard(f64),
}

impl Reference {
    /// Where the line is.
    pub fn value(self) -> f64 {
        match self {
            Reference::Before(v) | Reference::Standard(v) => v,
        }
    }

    /// Its label with its value, in `lang`: `standard 标准 ≤ 0.50` (English),
    /// `标准 ≤ 0.50` (Chinese).
    pub fn label(self, lang: Lang) -> String {
        match self {
            Reference::Before(v) => LabText::BeforeLine(v),
            Reference::Standard(v) => LabText::StandardLine(v),
        }
        .text(lang)
    }
}

/// One grid point in one panel.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelPoint {
    /// The point's row in the sweep.
    pub row: usize,
    /// The value of the first varied key.
    pub x: f64,
    /// The figure; `None` when the run failed or the figure is undefined there (a CV
    /// of a level without schools or without any backbone teacher).
    pub value: Option<f64>,
    /// Whether the point met its targets.
    pub verdict: Verdict,
    /// The level this point is held to, drawn as a short dash: the exchange target
    /// (teachers moved), the policy's cap (the CV after the plan).
    pub target: Option<f64>,
}

/// One figure against the swept key.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// The figure's key, e.g. `cv_primary_after`.
    pub key: &'static str,
    /// Its title in the chart's language.
    pub title: String,
    /// What the points' dashes mark, when any point has one: `target 目标`, `cap 上限`
    /// (in the chart's language).
    pub target_name: Option<String>,
    /// One per series (see [`PlotData::series`]), each sorted by the swept key.
    pub series: Vec<Vec<PanelPoint>>,
    /// Horizontal lines across the panel.
    pub references: Vec<Reference>,
}

impl Panel {
    /// Whether the figure has a value at some point.
    pub fn has_values(&self) -> bool {
        self.series.iter().flatten().any(|p| p.value.is_some())
    }

    /// Why the panel is empty, when no point has a value.
    pub fn empty_note(&self, lang: Lang) -> String {
        if cv_figure(self.key).is_some() {
            LabText::CvUndefinedEverywhere.text(lang)
        } else {
            LabText::NoValueAnywhere.text(lang)
        }
    }
}

/// Everything the chart draws, before any geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotData {
    /// The first varied key: the x axis.
    pub x_key: String,
    /// The series' names: the values of the other keys (`max_commute_km=20`, in the
    /// chart's language); one empty name when only one key is varied.
    pub series: Vec<String>,
    /// One per figure of the plot.
    pub panels: Vec<Panel>,
}

/// The value of `key` among `figures`, as a number.
fn value_of(figures: &[Figure], key: &str) -> Option<f64> {
    figures
        .iter()
        .find(|f| f.key == key)
        .and_then(|f| f.value.as_f64())
}

/// The series of a sweep: the values of every key but the first, in order of first
/// appearance, each with its rows.
fn series_of(rows: &[SweepRow], lang: Lang) -> Vec<(String, Vec<usize>)> {
    let mut series: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let name =
            LabText::SeriesName(r.point.values[1.min(r.point.values.len())..].to_vec()).text(lang);
        match series.iter_mut().find(|(n, _)| *n == name) {
            Some((_, members)) => members.push(i),
            None => series.push((name, vec![i])),
        }
    }
    series
}

/// The panels of `plot` over the rows of a sweep of `keys`, their words in `lang`.
pub fn plot_data(plot: &Plot, keys: &[String], rows: &[SweepRow], lang: Lang) -> PlotData {
    let figures: Vec<Vec<Figure>> = rows.iter().map(|r| key_figures(&r.outcome)).collect();
    let xs: Vec<f64> = rows
        .iter()
        .map(|r| r.point.values.first().map(|v| v.1).unwrap_or(0.0))
        .collect();
    let series = series_of(rows, lang);
    let panels = plot
        .figures()
        .iter()
        .map(|&key| {
            let cv = cv_figure(key);
            let target = |i: usize| match (key, &cv, &rows[i].outcome) {
                ("moved", _, _) => value_of(&figures[i], "exchange_target"),
                (_, Some(c), RunOutcome::Planned(_)) if c.after => c.cap(&rows[i].point.policy),
                _ => None,
            };
            let series: Vec<Vec<PanelPoint>> = series
                .iter()
                .map(|(_, members)| {
                    let mut points: Vec<PanelPoint> = members
                        .iter()
                        .map(|&i| PanelPoint {
                            row: i,
                            x: xs[i],
                            value: value_of(&figures[i], key),
                            verdict: rows[i].outcome.verdict(),
                            target: target(i),
                        })
                        .collect();
                    points.sort_by(|a, b| a.x.total_cmp(&b.x));
                    points
                })
                .collect();
            let mut references = Vec::new();
            if let Some(c) = &cv {
                if c.after {
                    // The county's CV before: one value, whatever the point.
                    let mut before: Vec<f64> = figures
                        .iter()
                        .filter_map(|f| value_of(f, c.before_key()))
                        .collect();
                    before.sort_by(f64::total_cmp);
                    before.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
                    references.extend(before.into_iter().map(Reference::Before));
                }
                references.push(Reference::Standard(c.standard()));
            }
            let target_name = series
                .iter()
                .flatten()
                .any(|p| p.target.is_some())
                .then(|| {
                    if key == "moved" {
                        LabText::TargetMark
                    } else {
                        LabText::CapMark
                    }
                    .text(lang)
                });
            let &(_, en, zh) = FIGURE_LABELS
                .iter()
                .find(|(k, _, _)| *k == key)
                .expect("a plot holds figure keys");
            let title = LabText::PanelTitle {
                en,
                zh,
                mark: target_name.clone(),
            }
            .text(lang);
            Panel {
                key,
                title,
                target_name,
                series,
                references,
            }
        })
        .collect();
    PlotData {
        x_key: keys.first().cloned().unwrap_or_default(),
        series: series.into_iter().map(|(name, _)| name).collect(),
        panels,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::lab::runs::run_policy;
    use crate::lab::sweep::{sweep_points, Vary};
    use crate::model::policy::CvRule;
    use crate::rules::metrics::CvFigures;
    use crate::solve::highs::SolveOptions;

    /// A sweep of `targets.exchange_rate` over 0.1, 0.2, … on `instances/tiny`, one point
    /// per entry of `primary`: `Some((before, after))` is a plan with these CVs of the
    /// primary schools (the junior CV undefined: tiny has no junior school), `None` a
    /// failed solve. `cap` is the policy's `balance.cv_primary_max`.
    pub(crate) fn cv_rows(
        primary: &[Option<(Option<f64>, Option<f64>)>],
        cap: Option<f64>,
    ) -> Vec<SweepRow> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/tiny");
        let county = crate::input::instance::read_instance(&dir).unwrap().county;
        let mut policy = Policy::default();
        policy.balance.backbone_cv = CvRule::Off;
        policy.balance.cv_primary_max = cap;
        let RunOutcome::Planned(plan) = run_policy(
            &county,
            &crate::round::inputs::TeacherSide::default(),
            &policy,
            &SolveOptions::default(),
        ) else {
            panic!("tiny plans")
        };
        let to = 0.1 * primary.len() as f64;
        let varies = [Vary::parse(&format!("targets.exchange_rate=0.1:{to}:0.1")).unwrap()];
        sweep_points(&policy, "p.toml", &varies)
            .unwrap()
            .into_iter()
            .zip(primary)
            .map(|(point, cv)| SweepRow {
                point,
                outcome: match cv {
                    Some((before, after)) => {
                        let mut p = plan.clone();
                        p.figures.cv_backbone_per_100 = CvFigures {
                            primary_before: *before,
                            primary_after: *after,
                            junior_before: None,
                            junior_after: None,
                        };
                        RunOutcome::Planned(p)
                    }
                    None => RunOutcome::Failed("HiGHS ran out of memory".into()),
                },
            })
            .collect()
    }

    #[test]
    fn the_cv_after_is_read_against_the_cv_before_and_the_standard() {
        let cvs = [Some((Some(0.4), Some(0.3))), Some((Some(0.4), Some(0.2)))];
        let rows = cv_rows(&[cvs[0], cvs[1], None], None);
        let data = plot_data(
            &Plot::parse("cv").unwrap(),
            &["targets.exchange_rate".into()],
            &rows,
            Lang::En,
        );
        assert_eq!(data.x_key, "targets.exchange_rate");
        assert_eq!(data.series, [""]);
        let [primary, junior] = &data.panels[..] else {
            panic!("two panels")
        };
        assert_eq!(primary.key, "cv_primary_after");
        assert_eq!(primary.title, "CV primary after 小学差异系数(后)");
        assert_eq!(primary.target_name, None);
        let points = &primary.series[0];
        assert_eq!(
            points.iter().map(|p| (p.x, p.value)).collect::<Vec<_>>(),
            [(0.1, Some(0.3)), (0.2, Some(0.2)), (0.3, None)]
        );
        assert_eq!(points[2].verdict, Verdict::Failed);
        assert!(points.iter().all(|p| p.target.is_none()));
        // One line for the CV before (the failed point has none), and the standard.
        assert_eq!(
            primary.references,
            [Reference::Before(0.4), Reference::Standard(0.50)]
        );
        assert_eq!(
            primary.references[1].label(Lang::En),
            "standard 标准 ≤ 0.50"
        );
        assert_eq!(primary.references[0].label(Lang::En), "before 交流前 0.4");
        // Tiny has no junior school: no value, no CV before, only the standard.
        assert_eq!(junior.key, "cv_junior_after");
        assert!(!junior.has_values());
        assert_eq!(junior.references, [Reference::Standard(0.45)]);
        assert!(junior.empty_note(Lang::En).contains("差异系数无定义"));
    }

    #[test]
    fn the_policy_cap_marks_each_point_of_the_cv_after() {
        let cvs = [Some((Some(0.4), Some(0.3))), Some((Some(0.4), None))];
        let mut rows = cv_rows(&cvs, Some(0.25));
        for (row, target) in rows.iter_mut().zip([3, 5]) {
            if let RunOutcome::Planned(p) = &mut row.outcome {
                p.figures.exchange_target = target;
            }
        }
        let data = plot_data(
            &Plot::parse("cv_primary_after,cv_primary_before,moved").unwrap(),
            &["targets.exchange_rate".into()],
            &rows,
            Lang::En,
        );
        let [after, before, moved] = &data.panels[..] else {
            panic!("three panels")
        };
        assert_eq!(after.target_name.as_deref(), Some("cap 上限"));
        assert_eq!(
            after.title,
            "CV primary after 小学差异系数(后) (– cap 上限)"
        );
        assert_eq!(
            after.series[0]
                .iter()
                .map(|p| (p.value, p.target))
                .collect::<Vec<_>>(),
            [(Some(0.3), Some(0.25)), (None, Some(0.25))]
        );
        // The CV before is the figure itself: only the standard, no cap.
        assert_eq!(before.references, [Reference::Standard(0.50)]);
        assert_eq!(before.target_name, None);
        // Teachers moved keep each point's exchange target.
        assert_eq!(moved.title, "Teachers moved 交流人数 (– target 目标)");
        assert_eq!(
            moved.series[0].iter().map(|p| p.target).collect::<Vec<_>>(),
            [Some(3.0), Some(5.0)]
        );
        assert!(moved.references.is_empty());
        // A cap on another indicator's CV is not drawn on the backbone teachers' CV.
        for row in &mut rows {
            row.point.policy.balance.indicator = Indicator::Qualified;
        }
        let plot = Plot::parse("cv_primary_after").unwrap();
        let data = plot_data(&plot, &["targets.exchange_rate".into()], &rows, Lang::En);
        assert_eq!(data.panels[0].target_name, None);
    }
}
