//! The key figures of one run, each with its Chinese and English label: what
//! `compare` sets side by side and `sweep` writes per point.

use crate::lab::runs::RunOutcome;
use crate::model::lang::Lang;
use serde_json::json;

/// One cell of a key-figure table.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Words, e.g. a solver status or a verdict.
    Text(String),
    /// A number of teachers, moves or schools.
    Count(u32),
    /// A share in [0, 1], shown as a percentage.
    Share(f64),
    /// A commute figure, km (minutes on a road network), shown with one decimal.
    Km(f64),
    /// A coefficient of variation; `None` when undefined.
    Cv(Option<f64>),
    /// Any other number (objective, a shortfall that may be fractional).
    Number(f64),
    /// Wall-clock seconds (differ between identical runs).
    Seconds(f64),
    /// No value (the run failed).
    Missing,
}

impl Value {
    /// For people: percentages, one decimal for km.
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Count(n) => n.to_string(),
            Value::Share(x) => format!("{:.2}%", 100.0 * x),
            Value::Km(x) => format!("{x:.1}"),
            Value::Cv(Some(x)) => format!("{x:.3}"),
            Value::Cv(None) => "n/a".into(),
            Value::Number(x) => {
                if x.fract() == 0.0 && x.abs() < 1e15 {
                    format!("{x:.0}")
                } else {
                    format!("{x:.3}")
                }
            }
            Value::Seconds(x) => format!("{x:.2}"),
            Value::Missing => "—".into(),
        }
    }

    /// For people reading `lang`: as [`Value::display`], with the words of a table
    /// (solver status, verdict, `n/a`) in Chinese under [`Lang::Zh`].
    pub fn display_in(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.display(),
            (Value::Text(word), Lang::Zh) => word_zh(word).to_string(),
            (Value::Cv(None), Lang::Zh) => "无".into(),
            (_, Lang::Zh) => self.display(),
        }
    }

    /// For files: full precision, shares as fractions, empty when missing.
    pub fn raw(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Count(n) => n.to_string(),
            Value::Share(x) | Value::Km(x) | Value::Number(x) => round6(*x).to_string(),
            Value::Seconds(x) => format!("{x:.3}"),
            Value::Cv(Some(x)) => round6(*x).to_string(),
            Value::Cv(None) | Value::Missing => String::new(),
        }
    }

    /// For JSON: numbers rounded to six decimals (seconds to three), `null` when missing
    /// or undefined.
    pub fn json(&self) -> serde_json::Value {
        match self {
            Value::Text(s) => json!(s),
            Value::Count(n) => json!(n),
            Value::Share(x) | Value::Km(x) | Value::Number(x) | Value::Cv(Some(x)) => {
                json!(round6(*x))
            }
            Value::Seconds(x) => json!((x * 1000.0).round() / 1000.0),
            Value::Cv(None) | Value::Missing => serde_json::Value::Null,
        }
    }

    /// The value as a number for charts and comparisons; `None` for text, a missing value
    /// or an undefined CV.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Count(n) => Some(*n as f64),
            Value::Share(x) | Value::Km(x) | Value::Number(x) | Value::Seconds(x) => Some(*x),
            Value::Cv(x) => *x,
            Value::Text(_) | Value::Missing => None,
        }
    }
}

/// The Chinese of the words a key-figure cell holds: the solver's status
/// (`SolveStatus` as written in files) and the run's verdict; any other text is kept.
pub fn word_zh(word: &str) -> &str {
    match word {
        "optimal" => "最优",
        "time_limit" => "达到时间上限",
        "infeasible" => "无可行方案",
        "met" => "达标",
        "short" => "未达标",
        "failed" => "失败",
        "error" => "出错",
        other => other,
    }
}

/// Six decimals are more than any figure here means; they keep files stable.
fn round6(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// One key figure: a stable key (CSV column, JSON field), English and Chinese labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Stable key: the CSV column and JSON field, e.g. `exchange_rate`.
    pub key: &'static str,
    /// English label, e.g. `Exchange rate`.
    pub en: &'static str,
    /// Chinese label, e.g. `交流比例`.
    pub zh: &'static str,
    /// The run's value of this figure.
    pub value: Value,
}

/// Keys whose values are wall-clock times: they differ between two identical runs.
pub const TIMING_KEYS: &[&str] = &["solve_seconds"];

/// Every key figure, in table order, with its labels.
pub const FIGURE_LABELS: &[(&str, &str, &str)] = &[
    ("status", "Solver status", "求解状态"),
    ("targets", "Targets", "目标达成"),
    ("eligible", "Eligible teachers", "应交流教师"),
    ("exchange_target", "Exchange target", "交流目标人数"),
    ("moved", "Teachers moved", "交流人数"),
    ("exchange_rate", "Exchange rate", "交流比例"),
    ("backbone_moved", "Backbone moved", "骨干交流人数"),
    ("backbone_share", "Backbone share", "骨干占比"),
    ("shortfall_exchange", "Short of exchange target", "交流缺口"),
    ("shortfall_backbone", "Short of backbone target", "骨干缺口"),
    ("total_commute_km", "Commute total km", "通勤总里程"),
    ("mean_commute_km", "Commute mean km", "平均通勤"),
    ("p95_commute_km", "Commute p95 km", "通勤95%分位"),
    ("max_commute_km", "Commute max km", "最长通勤"),
    ("cross_group_moves", "Moves across groups", "跨共同体交流"),
    ("homeroom_moved", "Class heads moved", "班主任交流"),
    (
        "graduating_moved",
        "Graduating teachers moved",
        "毕业班教师交流",
    ),
    (
        "schools_losing_over_15pct",
        "Schools losing >15%",
        "流出超15%学校",
    ),
    ("subjects_left_short", "Subjects left short", "学科净流出"),
    ("cv_primary_before", "CV primary before", "小学差异系数(前)"),
    ("cv_primary_after", "CV primary after", "小学差异系数(后)"),
    ("cv_junior_before", "CV junior before", "初中差异系数(前)"),
    ("cv_junior_after", "CV junior after", "初中差异系数(后)"),
    ("objective", "Objective", "目标函数值"),
    ("solve_seconds", "Solve seconds", "求解时间(秒)"),
    ("mip_gap", "MIP gap", "最优间隙"),
];

/// The label of the key figure `key` in `lang`, or the key itself when it is none.
pub fn figure_label(key: &str, lang: Lang) -> &str {
    FIGURE_LABELS
        .iter()
        .chain(WISH_LABELS)
        .find(|(k, _, _)| *k == key)
        .map_or(key, |&(_, en, zh)| lang.pick(en, zh))
}

/// The key figures of a run, in [`FIGURE_LABELS`] order.
pub fn key_figures(run: &RunOutcome) -> Vec<Figure> {
    let values: Vec<Value> = match run {
        RunOutcome::Failed(_) => {
            let mut v = vec![Value::Text("error".into()), Value::Text("failed".into())];
            v.resize(FIGURE_LABELS.len(), Value::Missing);
            v
        }
        RunOutcome::Planned(p) => {
            let f = &p.figures;
            let cv = &f.cv_backbone_per_100;
            vec![
                Value::Text(<&str>::from(p.solve.status).into()),
                Value::Text(run.verdict().word().into()),
                Value::Count(f.eligible),
                Value::Count(f.exchange_target),
                Value::Count(f.moved),
                Value::Share(f.exchange_rate),
                Value::Count(f.backbone_moved),
                Value::Share(f.backbone_share),
                Value::Number(f.shortfall.exchange),
                Value::Number(f.shortfall.backbone),
                Value::Km(f.total_commute_km),
                Value::Km(f.mean_commute_km),
                Value::Km(f.p95_commute_km),
                Value::Km(f.max_commute_km),
                Value::Count(f.cross_group_moves),
                Value::Count(f.homeroom_moved),
                Value::Count(f.graduating_moved),
                Value::Count(f.schools_losing_over_15pct),
                Value::Count(f.subjects_left_short),
                Value::Cv(cv.primary_before),
                Value::Cv(cv.primary_after),
                Value::Cv(cv.junior_before),
                Value::Cv(cv.junior_after),
                Value::Number(p.objective),
                Value::Seconds(p.solve.solve_seconds),
                // A plan written at a time limit before any bound (the least-shortfall
                // plan of a later stage out of time) has no gap: missing, never 0.
                if p.solve.mip_gap.is_finite() {
                    Value::Share(p.solve.mip_gap.max(0.0))
                } else {
                    Value::Missing
                },
            ]
        }
    };
    FIGURE_LABELS
        .iter()
        .zip(values)
        .map(|(&(key, en, zh), value)| Figure { key, en, zh, value })
        .collect()
}

/// The wish figures, set after the key figures when the runs had wishes
/// (`--wishes`): wishes granted at rank 1 and at any rank, justified-envy pairs.
pub const WISH_LABELS: &[(&str, &str, &str)] = &[
    ("wishes_first", "Wishes granted at rank 1", "第一志愿满足"),
    ("wishes_granted", "Wishes granted (any rank)", "志愿满足"),
    ("envy_pairs", "Justified-envy pairs", "合理嫉妒对数"),
];

/// Whether any run planned with wishes (the tables then gain [`WISH_LABELS`]).
pub fn any_wishes<'a>(runs: impl IntoIterator<Item = &'a RunOutcome>) -> bool {
    runs.into_iter()
        .any(|r| r.plan().is_some_and(|p| p.wishes.is_some()))
}

/// The wish figures of a run, in [`WISH_LABELS`] order (missing for a failed run).
pub fn wish_figures(run: &RunOutcome) -> Vec<Figure> {
    let values: Vec<Value> = match run.plan().and_then(|p| p.wishes) {
        Some(w) => vec![
            Value::Count(w.granted_first as u32),
            Value::Count(w.granted_any as u32),
            Value::Count(w.envy_pairs as u32),
        ],
        None => vec![Value::Missing; WISH_LABELS.len()],
    };
    WISH_LABELS
        .iter()
        .zip(values)
        .map(|(&(key, en, zh), value)| Figure { key, en, zh, value })
        .collect()
}

/// The figures of a run as the lab's tables show them: the key figures, then the
/// wish figures when `wishes`.
pub fn table_figures(run: &RunOutcome, wishes: bool) -> Vec<Figure> {
    let mut figures = key_figures(run);
    if wishes {
        figures.extend(wish_figures(run));
    }
    figures
}

/// The labels of [`table_figures`].
pub fn table_labels(wishes: bool) -> Vec<(&'static str, &'static str, &'static str)> {
    let mut labels = FIGURE_LABELS.to_vec();
    if wishes {
        labels.extend_from_slice(WISH_LABELS);
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::runs::Verdict;
    use crate::solve::highs::SolveStatus;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_word_a_table_cell_holds_reads_in_chinese() {
        let statuses = [
            SolveStatus::Optimal,
            SolveStatus::TimeLimit,
            SolveStatus::Infeasible,
        ]
        .map(<&str>::from);
        let verdicts = [Verdict::Met, Verdict::Short, Verdict::Failed].map(Verdict::word);
        for word in statuses.into_iter().chain(verdicts).chain(["error"]) {
            let cell = Value::Text(word.into());
            assert!(has_cjk(&cell.display_in(Lang::Zh)), "{word} has no Chinese");
            assert_eq!(cell.display_in(Lang::En), word);
        }
        assert_eq!(Value::Cv(None).display_in(Lang::Zh), "无");
        assert_eq!(Value::Share(0.35).display_in(Lang::Zh), "35.00%");
    }

    #[test]
    fn a_plan_without_a_bound_has_no_gap_rather_than_a_gap_of_0() {
        use crate::lab::runs::run_policy;
        use crate::model::policy::Policy;
        use crate::solve::highs::SolveOptions;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/tiny");
        let county = crate::input::instance::read_instance(&dir).unwrap().county;
        let RunOutcome::Planned(mut plan) = run_policy(
            &county,
            &crate::round::inputs::TeacherSide::default(),
            &Policy::default(),
            &SolveOptions::default(),
        ) else {
            panic!("tiny plans")
        };
        let gap = |plan: &crate::round::run::PlanOutcome| {
            key_figures(&RunOutcome::Planned(Box::new(plan.clone())))
                .into_iter()
                .find(|f| f.key == "mip_gap")
                .expect("a gap figure")
                .value
                .raw()
        };
        plan.solve.mip_gap = 2.5e-4;
        assert_eq!(gap(&plan), "0.00025");
        // What `solve::stages` writes when a later stage runs out of time before any
        // bound: the least-shortfall plan, with no bound and so no gap.
        plan.solve.status = SolveStatus::TimeLimit;
        plan.solve.mip_gap = f64::NAN;
        assert_eq!(gap(&plan), "");
    }

    #[test]
    fn every_figure_has_a_chinese_and_an_english_label() {
        for &(key, en, zh) in FIGURE_LABELS {
            assert!(has_cjk(zh), "{key}");
            assert!(!has_cjk(en), "{key}");
            assert_eq!(figure_label(key, Lang::Zh), zh);
            assert_eq!(figure_label(key, Lang::En), en);
        }
    }
}
