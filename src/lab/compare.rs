//! The policy lab's common ground: the key figures of one planning run, several
//! policies solved on the same county and set side by side, and the worker pool that
//! solves runs in parallel (for `compare` and `sweep`).

use crate::model::county::County;
use crate::model::policy::Policy;
use crate::output::files::csv_bytes;
use crate::round::run::{plan_round, PlanOutcome};
use crate::solve::highs::{SolveOptions, SolveStatus};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// How one run ended: a checked plan, or the reason there is none.
#[derive(Debug, Clone)]
pub enum RunOutcome {
    /// The round was planned; the plan passed every check (a target may still be short).
    Planned(Box<PlanOutcome>),
    /// The solver failed (or panicked) on this run; the message says why.
    Failed(String),
}

impl RunOutcome {
    /// The plan, when the run has one.
    pub fn plan(&self) -> Option<&PlanOutcome> {
        match self {
            RunOutcome::Planned(p) => Some(p),
            RunOutcome::Failed(_) => None,
        }
    }

    /// `met`, `short` (a target cannot be reached under the hard rules) or `failed`.
    pub fn verdict(&self) -> Verdict {
        match self {
            RunOutcome::Planned(p) => {
                let s = &p.figures.shortfall;
                if s.exchange > 0.0 || s.backbone > 0.0 {
                    Verdict::Short
                } else {
                    Verdict::Met
                }
            }
            RunOutcome::Failed(_) => Verdict::Failed,
        }
    }
}

/// Whether a run reaches its targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every target is met.
    Met,
    /// The hard rules leave no plan that meets the targets: the best plan falls short.
    Short,
    /// No plan: the solve failed.
    Failed,
}

impl Verdict {
    /// The verdict as written in tables and files: `met`, `short` or `failed`.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Short => "short",
            Verdict::Failed => "failed",
        }
    }
}

/// Plans one round and catches every failure (a panic included) as a `Failed` run.
pub fn run_policy(county: &County, policy: &Policy, options: &SolveOptions) -> RunOutcome {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        plan_round(county, policy, options)
    }));
    match result {
        Ok(Ok(outcome)) => RunOutcome::Planned(Box::new(outcome)),
        Ok(Err(e)) => RunOutcome::Failed(e.to_string()),
        Err(panic) => RunOutcome::Failed(format!(
            "the solver stopped unexpectedly: {}",
            panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("panic")
        )),
    }
}

/// Runs `work` on every item with up to `jobs` threads and returns the results in the
/// order of `items`, whatever order they finish in. `done` is called after each item
/// (for a progress bar).
pub fn in_parallel<T, R>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
    done: &(dyn Fn() + Sync),
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let jobs = jobs.clamp(1, items.len().max(1));
    if jobs == 1 {
        return items
            .iter()
            .map(|item| {
                let r = work(item);
                done();
                r
            })
            .collect();
    }
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = work(item);
                *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
                done();
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every item was run")
        })
        .collect()
}

/// The solver settings for runs solved side by side: one HiGHS thread per run unless
/// the caller chose, so that results do not depend on how many run at once.
pub fn lab_options(options: &SolveOptions) -> SolveOptions {
    SolveOptions {
        threads: Some(options.threads.unwrap_or(1)),
        ..options.clone()
    }
}

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

fn status_word(status: SolveStatus) -> &'static str {
    match status {
        SolveStatus::Optimal => "optimal",
        SolveStatus::TimeLimit => "time_limit",
        SolveStatus::Infeasible => "infeasible",
    }
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
                Value::Text(status_word(p.solve.status).into()),
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
                Value::Share(p.solve.mip_gap.max(0.0)),
            ]
        }
    };
    FIGURE_LABELS
        .iter()
        .zip(values)
        .map(|(&(key, en, zh), value)| Figure { key, en, zh, value })
        .collect()
}

/// One policy solved on the county.
#[derive(Debug, Clone)]
pub struct PolicyRun {
    /// Column heading: the policy's name (with its file when two names agree).
    pub label: String,
    /// Where the policy came from (a file path).
    pub file: String,
    /// The policy as read (and checked).
    pub policy: Policy,
    /// How the run ended: a plan, or why there is none.
    pub outcome: RunOutcome,
}

/// Column headings for policies: their names, made unique with the file when needed.
pub fn policy_labels(policies: &[(String, Policy)]) -> Vec<String> {
    policies
        .iter()
        .map(|(file, p)| {
            let twins = policies.iter().filter(|(_, q)| q.name == p.name).count();
            if twins > 1 || p.name.trim().is_empty() {
                format!("{} ({file})", p.name)
            } else {
                p.name.clone()
            }
        })
        .collect()
}

/// Solves every policy on the same county, `jobs` at a time; a failed solve is recorded
/// in its run, never stops the others.
pub fn compare_policies(
    county: &County,
    policies: Vec<(String, Policy)>,
    options: &SolveOptions,
    jobs: usize,
    done: &(dyn Fn() + Sync),
) -> Vec<PolicyRun> {
    let options = lab_options(options);
    let outcomes = in_parallel(
        &policies,
        jobs,
        |(_, policy)| run_policy(county, policy, &options),
        done,
    );
    let labels = policy_labels(&policies);
    policies
        .into_iter()
        .zip(outcomes)
        .zip(labels)
        .map(|(((file, policy), outcome), label)| PolicyRun {
            label,
            file,
            policy,
            outcome,
        })
        .collect()
}

/// The comparison as rows of text: a heading row, then one row per key figure
/// (`figure`, then one cell per policy).
pub fn comparison_rows(runs: &[PolicyRun], display: bool) -> Vec<Vec<String>> {
    let figures: Vec<Vec<Figure>> = runs.iter().map(|r| key_figures(&r.outcome)).collect();
    let mut rows = Vec::new();
    for (i, &(key, en, zh)) in FIGURE_LABELS.iter().enumerate() {
        let mut row = if display {
            vec![format!("{en} {zh}")]
        } else {
            vec![key.to_string(), en.to_string(), zh.to_string()]
        };
        for f in &figures {
            row.push(if display {
                f[i].value.display()
            } else {
                f[i].value.raw()
            });
        }
        rows.push(row);
    }
    rows
}

/// `compare.csv`: a row per key figure, a column per policy.
pub fn comparison_csv(runs: &[PolicyRun]) -> Vec<u8> {
    let mut header = vec!["key", "figure", "figure_zh"];
    header.extend(runs.iter().map(|r| r.label.as_str()));
    csv_bytes(&header, comparison_rows(runs, false))
}

/// `compare.json`: each policy with its file, figures (by key), explanations and error.
pub fn comparison_json(instance: &str, runs: &[PolicyRun]) -> serde_json::Value {
    let policies: Vec<serde_json::Value> = runs
        .iter()
        .map(|r| {
            let figures: serde_json::Map<String, serde_json::Value> = key_figures(&r.outcome)
                .into_iter()
                .map(|f| (f.key.to_string(), f.value.json()))
                .collect();
            json!({
                "label": r.label,
                "name": r.policy.name,
                "file": r.file,
                "figures": figures,
                "explanations": r.outcome.plan().map(|p| p.explanations.clone()).unwrap_or_default(),
                "error": match &r.outcome { RunOutcome::Failed(e) => Some(e.clone()), _ => None },
            })
        })
        .collect();
    json!({
        "instance": instance,
        "figures": FIGURE_LABELS.iter().map(|(k, en, zh)| json!({"key": k, "en": en, "zh": zh})).collect::<Vec<_>>(),
        "policies": policies,
    })
}

/// Lays rows out as an aligned text table (the first row is the heading), counting
/// CJK characters as two columns wide.
pub fn text_table(rows: &[Vec<String>]) -> String {
    let width = |s: &str| -> usize {
        s.chars()
            .map(|c| match c as u32 {
                0x1100..=0x115F
                | 0x2E80..=0xA4CF
                | 0xAC00..=0xD7A3
                | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F
                | 0xFF00..=0xFF60
                | 0xFFE0..=0xFFE6 => 2,
                _ => 1,
            })
            .sum()
    };
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c].saturating_sub(width(cell));
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if i == 0 {
            let total: usize = widths.iter().sum::<usize>() + 2 * columns.saturating_sub(1);
            out.push_str(&"─".repeat(total));
            out.push('\n');
        }
    }
    out
}

/// The comparison as a text table for a terminal.
pub fn comparison_text(runs: &[PolicyRun]) -> String {
    let mut rows = vec![{
        let mut h = vec!["figure 指标".to_string()];
        h.extend(runs.iter().map(|r| r.label.clone()));
        h
    }];
    rows.extend(comparison_rows(runs, true));
    text_table(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..20).collect();
        let out = in_parallel(&items, 3, |&i| i * i, &|| {});
        assert_eq!(out, items.iter().map(|i| i * i).collect::<Vec<_>>());
    }

    #[test]
    fn every_figure_has_a_label() {
        let run = RunOutcome::Failed("x".into());
        assert_eq!(key_figures(&run).len(), FIGURE_LABELS.len());
    }

    #[test]
    fn twin_names_get_their_file() {
        let p = Policy::default();
        let labels = policy_labels(&[("a.toml".into(), p.clone()), ("b.toml".into(), p)]);
        assert_eq!(labels, vec!["default (a.toml)", "default (b.toml)"]);
    }

    #[test]
    fn cjk_counts_double_in_tables() {
        let t = text_table(&[
            vec!["a".into(), "b".into()],
            vec!["中文".into(), "1".into()],
        ]);
        assert!(t.contains("中文  1"), "{t}");
    }
}
