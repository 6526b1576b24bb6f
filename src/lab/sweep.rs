//! Sweeps: a grid over numeric policy keys (`--vary KEY=FROM:TO:STEP`), one planning
//! run per grid point, solved in parallel, one row per point ("the price of policy").
//! Every point is built and checked before any solve starts.

use crate::lab::compare::text_table;
use crate::lab::figures::{any_wishes, figure_label, table_figures};
use crate::lab::grid_message::{GridProblem, GridProblems};
use crate::lab::runs::{lab_options, run_policy, RunOutcome, Verdict};
use crate::lab::stopped::stopped_at_limit;
use crate::model::county::County;
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::lang::Lang;
use crate::model::policy::Policy;
use crate::model::policy_labels::key_heading;
use crate::output::files::excel_csv_bytes;
use crate::round::inputs::TeacherSide;
use crate::solve::highs::SolveOptions;
use crate::solve::parallel::{in_parallel, LimitShare};

pub use crate::lab::vary::{resolve_key, Vary, MAX_POINTS};

/// One grid point: the value of each varied key and the policy it gives.
#[derive(Debug, Clone)]
pub struct SweepPoint {
    /// `(full key, value)` for each varied key, in the order the keys were given.
    pub values: Vec<(String, f64)>,
    /// The base policy with these values set, checked.
    pub policy: Policy,
}

impl SweepPoint {
    /// `exchange_rate=0.35, max_commute_km=20`.
    pub fn label(&self) -> String {
        self.values
            .iter()
            .map(|(k, v)| format!("{}={v}", k.rsplit('.').next().unwrap_or(k)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The label in `lang`: in Chinese each key by its Chinese label (`交流比例=0.35`).
    pub fn label_in(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.label(),
            Lang::Zh => self
                .values
                .iter()
                .map(|(k, v)| format!("{}={v}", crate::model::policy_labels::key_label(k, lang)))
                .collect::<Vec<_>>()
                .join("，"),
        }
    }
}

/// The value a policy holds for `key` (after `set_number`'s rounding of whole numbers).
fn held_value(policy: &Policy, key: &str) -> Option<f64> {
    let v = serde_json::to_value(policy).ok()?;
    let pointer = format!("/{}", key.replace('.', "/"));
    v.pointer(&pointer)?.as_f64()
}

/// What is wrong with the grid as a whole: a key varied twice, more points than a
/// sweep takes. Empty when the grid may be built.
pub fn grid_problems(varies: &[Vary]) -> Vec<GridProblem> {
    let mut problems = Vec::new();
    for (i, v) in varies.iter().enumerate() {
        if varies[..i].iter().any(|w| w.key == v.key) {
            problems.push(GridProblem::KeyTwice { key: v.key.clone() });
        }
    }
    let total = varies
        .iter()
        .try_fold(1usize, |acc, v| acc.checked_mul(v.values().len()));
    match total {
        Some(n) if n <= MAX_POINTS => {}
        _ => problems.push(GridProblem::TooManyPoints { max: MAX_POINTS }),
    }
    problems
}

/// Every grid point (the first key varies slowest), each policy set and checked. Every
/// problem is reported at once, before anything is solved.
pub fn sweep_points(base: &Policy, file: &str, varies: &[Vary]) -> Result<Vec<SweepPoint>> {
    let problems = grid_problems(varies);
    if !problems.is_empty() {
        return Err(RotationError::rejected(GridProblems {
            problems,
            nothing_done: false,
        }));
    }
    let mut grid: Vec<Vec<(String, f64)>> = vec![Vec::new()];
    for v in varies {
        grid = grid
            .into_iter()
            .flat_map(|prefix| {
                v.values().into_iter().map(move |x| {
                    let mut p = prefix.clone();
                    p.push((v.key.clone(), x));
                    p
                })
            })
            .collect();
    }
    let mut diags = Diagnostics::default();
    let mut points = Vec::with_capacity(grid.len());
    for values in grid {
        let mut policy = base.clone();
        let mut ok = true;
        for (key, x) in &values {
            if let Err(e) = policy.set_number(key, *x) {
                diags.error(file, None, None, e);
                ok = false;
                continue;
            }
            let held = held_value(&policy, key).unwrap_or(f64::NAN);
            if (held - x).abs() > 1e-9 {
                diags.error(
                    file,
                    None,
                    None,
                    format!("`{key}` takes whole numbers; the sweep gives {x}"),
                );
                ok = false;
            }
        }
        if ok {
            let mut point_diags = Diagnostics::default();
            policy.check(file, &mut point_diags);
            for d in point_diags.errors() {
                let at = values
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                diags.error(file, None, None, format!("at {at}: {}", d.message));
            }
        }
        points.push(SweepPoint { values, policy });
    }
    if diags.has_errors() {
        // One message per distinct problem: a bad key repeats at every point.
        let mut seen = std::collections::BTreeSet::new();
        diags
            .0
            .retain(|d| seen.insert(d.message.text(crate::model::lang::Lang::En)));
        return Err(RotationError::Invalid(diags));
    }
    Ok(points)
}

/// One solved grid point.
#[derive(Debug, Clone)]
pub struct SweepRow {
    /// The grid point.
    pub point: SweepPoint,
    /// How its run ended: a plan, or why there is none.
    pub outcome: RunOutcome,
}

/// Solves every point, `jobs` at a time (one HiGHS thread each unless `options` says
/// otherwise), and returns the rows in grid order. A failed point is recorded in its
/// row; the others go on.
pub fn run_sweep(
    county: &County,
    side: &TeacherSide,
    points: Vec<SweepPoint>,
    options: &SolveOptions,
    jobs: usize,
    done: &(dyn Fn() + Sync),
) -> Vec<SweepRow> {
    let options = lab_options(options);
    let share = LimitShare::new(&options, points.len(), jobs);
    let order = start_order(county, &points);
    let started = in_parallel(
        &order,
        jobs,
        |&i| run_policy(county, side, &points[i].policy, &share.next()),
        done,
    );
    // Back to grid order: `order` is a permutation of the points.
    let mut answered: Vec<(usize, RunOutcome)> = order.into_iter().zip(started).collect();
    answered.sort_by_key(|&(i, _)| i);
    points
        .into_iter()
        .zip(answered)
        .map(|(point, (_, outcome))| SweepRow { point, outcome })
        .collect()
}

/// The order the points start in: the most teachers to move first (the exchange
/// target `⌈exchange_rate · eligible⌉` of each point's policy on the county as given),
/// ties in grid order. A sweep ends when its last point does; the points that move
/// more teachers are the larger models and, on the exchange-rate sweeps of the
/// benchmark family, mostly the slower ones, so in grid order the slowest started
/// last and ran alone on one core at the end (the longest jobs first, a classic rule
/// of thumb for a makespan; `docs/benchmarks.md`, "Sweeps: the most movers first").
fn start_order(county: &County, points: &[SweepPoint]) -> Vec<usize> {
    let movers: Vec<u32> = points
        .iter()
        .map(|p| {
            let eligible = crate::rules::eligibility::county_eligibility(county, &p.policy)
                .iter()
                .filter(|e| e.is_eligible())
                .count() as u32;
            crate::model::shares::ceil_share(p.policy.targets.exchange_rate, eligible)
        })
        .collect();
    let mut order: Vec<usize> = (0..points.len()).collect();
    // A stable sort: equal targets keep the grid's order.
    order.sort_by_key(|&i| std::cmp::Reverse(movers[i]));
    order
}

/// The columns of `sweep.csv` after the varied keys (with the wish figures when
/// `wishes`).
pub fn figure_columns(wishes: bool) -> Vec<&'static str> {
    crate::lab::figures::table_labels(wishes)
        .iter()
        .map(|(k, _, _)| *k)
        .chain(["error"])
        .collect()
}

/// `sweep.csv`: one row per grid point: the varied keys, then every key figure, then
/// the error of a failed point.
pub fn sweep_csv(keys: &[String], rows: &[SweepRow]) -> Vec<u8> {
    let wishes = any_wishes(rows.iter().map(|r| &r.outcome));
    let mut header: Vec<&str> = keys.iter().map(String::as_str).collect();
    header.extend(figure_columns(wishes));
    excel_csv_bytes(
        &header,
        rows.iter().map(|row| {
            let mut cells: Vec<String> = row
                .point
                .values
                .iter()
                .map(|(_, v)| v.to_string())
                .collect();
            cells.extend(
                table_figures(&row.outcome, wishes)
                    .iter()
                    .map(|f| f.value.raw()),
            );
            cells.push(match &row.outcome {
                RunOutcome::Failed(e) => e.en.clone(),
                RunOutcome::Planned(_) => String::new(),
            });
            cells
        }),
    )
}

/// The figures a sweep's text table shows, after the varied keys: those that move.
const SHOWN: [&str; 10] = [
    "targets",
    "moved",
    "exchange_rate",
    "backbone_share",
    "total_commute_km",
    "max_commute_km",
    "cross_group_moves",
    "cv_primary_after",
    "cv_junior_after",
    "solve_seconds",
];

/// The sweep as text rows (the report's): the varied keys and the figures that move,
/// headed by their machine names.
pub fn sweep_text_rows(keys: &[String], rows: &[SweepRow]) -> Vec<Vec<String>> {
    sweep_rows(keys, rows, Lang::En)
}

/// The figures a sweep's text table shows after the varied keys: those that move, the
/// wish figures when the runs had wishes, and the solver's status and gap when a point
/// stopped at the time limit (its plan is then the best found, not a proven one).
fn shown(rows: &[SweepRow]) -> Vec<&'static str> {
    let mut shown = SHOWN.to_vec();
    if any_wishes(rows.iter().map(|r| &r.outcome)) {
        shown.extend(["wishes_first", "envy_pairs"]);
    }
    if stopped_at_limit(rows.iter().map(|r| &r.outcome)).stopped > 0 {
        shown.insert(0, "status");
        shown.push("mip_gap");
    }
    shown
}

/// The sweep as a text table for a terminal, in `lang`: in English the machine names
/// (as `--vary` and `sweep.csv` spell them), in Chinese the keys' and the figures'
/// Chinese labels (政策·交流比例, 交流人数) and the verdicts in Chinese.
pub fn sweep_text(keys: &[String], rows: &[SweepRow], lang: Lang) -> String {
    text_table(&sweep_table_rows(keys, rows, lang))
}

/// The rows of [`sweep_text`], heading first: what the terminal and the report show.
pub fn sweep_table_rows(keys: &[String], rows: &[SweepRow], lang: Lang) -> Vec<Vec<String>> {
    let mut table = sweep_rows(keys, rows, lang);
    if lang == Lang::Zh {
        table[0] = keys
            .iter()
            // 政策· sets the varied key apart from the figure of the same name
            // (the policy's 交流比例 is what is asked, the figure's what the plan gives).
            .map(|k| format!("政策·{}", key_heading(k, lang)))
            .chain(
                shown(rows)
                    .iter()
                    .map(|k| figure_label(k, lang).to_string()),
            )
            .collect();
    }
    table
}

fn sweep_rows(keys: &[String], rows: &[SweepRow], lang: Lang) -> Vec<Vec<String>> {
    let shown = shown(rows);
    let wishes = any_wishes(rows.iter().map(|r| &r.outcome));
    let mut head: Vec<String> = keys.to_vec();
    head.extend(shown.iter().map(|s| s.to_string()));
    let mut out = vec![head];
    for row in rows {
        let figures = table_figures(&row.outcome, wishes);
        let mut cells: Vec<String> = row
            .point
            .values
            .iter()
            .map(|(_, v)| v.to_string())
            .collect();
        for &key in &shown {
            let f = figures.iter().find(|f| f.key == key).expect("known key");
            cells.push(f.value.display_in(lang));
        }
        out.push(cells);
    }
    out
}

/// How many points ended each way: (met, short, failed).
pub fn tally(rows: &[SweepRow]) -> (usize, usize, usize) {
    let count = |v: Verdict| rows.iter().filter(|r| r.outcome.verdict() == v).count();
    (
        count(Verdict::Met),
        count(Verdict::Short),
        count(Verdict::Failed),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_floating_range_has_exactly_the_expected_points() {
        let v = Vary::parse("targets.exchange_rate=0.1:0.5:0.05").unwrap();
        let values = v.values();
        assert_eq!(values.len(), 9);
        assert_eq!(values[0], 0.1);
        assert_eq!(values[8], 0.5);
        assert_eq!(values[4], 0.3);
    }

    #[test]
    fn a_descending_range_takes_a_negative_step() {
        let v = Vary::parse("rules.max_commute_km=40:10:-10").unwrap();
        assert_eq!(v.values(), vec![40.0, 30.0, 20.0, 10.0]);
        assert!(Vary::parse("rules.max_commute_km=40:10:10").is_err());
    }

    #[test]
    fn a_short_key_resolves_when_unique() {
        let v = Vary::parse("exchange_rate=0.1:0.2:0.1").unwrap();
        assert_eq!(v.key, "targets.exchange_rate");
        let e = Vary::parse("nope=0:1:1").unwrap_err().text(Lang::En);
        assert!(e.contains("unknown policy key `nope`"), "{e}");
    }

    #[test]
    fn bad_ranges_are_named() {
        let e = Vary::parse("targets.exchange_rate=0.1:0.5:0")
            .unwrap_err()
            .text(Lang::En);
        assert!(e.contains("step of `targets.exchange_rate` is 0"), "{e}");
        let e = Vary::parse("targets.exchange_rate=0.1:x:0.1")
            .unwrap_err()
            .text(Lang::En);
        assert!(e.contains("TO of `targets.exchange_rate` is `x`"), "{e}");
        let e = Vary::parse("targets.exchange_rate=0.1:0.5")
            .unwrap_err()
            .text(Lang::En);
        assert!(e.contains("KEY=FROM:TO:STEP"), "{e}");
    }

    #[test]
    fn a_failed_point_is_recorded_in_its_row() {
        let varies = [Vary::parse("targets.exchange_rate=0.1:0.2:0.1").unwrap()];
        let points = sweep_points(&Policy::default(), "p.toml", &varies).unwrap();
        let rows: Vec<SweepRow> = points
            .into_iter()
            .map(|point| SweepRow {
                point,
                outcome: RunOutcome::Failed("HiGHS ran out of memory".into()),
            })
            .collect();
        let csv = String::from_utf8(sweep_csv(&["targets.exchange_rate".into()], &rows)).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3, "{csv}");
        assert!(lines[1].starts_with("0.1,error,failed,"), "{}", lines[1]);
        assert!(
            lines[1].ends_with(",HiGHS ran out of memory"),
            "{}",
            lines[1]
        );
        assert_eq!(tally(&rows), (0, 0, 2));
    }

    fn tiny_county() -> County {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        crate::input::instance::read_instance(&root.join("instances/tiny"))
            .expect("sample county")
            .county
    }

    /// The points start by their exchange targets, the largest first, and equal
    /// targets (another key varied) in the grid's order.
    #[test]
    fn the_points_with_the_most_movers_start_first() {
        let county = tiny_county();
        let base = Policy::default();
        let varies = [
            Vary::parse("targets.exchange_rate=0.1:0.5:0.2").unwrap(),
            Vary::parse("rules.max_commute_km=10:20:10").unwrap(),
        ];
        let points = sweep_points(&base, "p.toml", &varies).unwrap();
        let order = start_order(&county, &points);
        // Six eligible teachers: targets 1, 2 and 3. Grid order: (0.1, 10), (0.1, 20),
        // (0.3, 10), (0.3, 20), (0.5, 10), (0.5, 20).
        assert_eq!(order, vec![4, 5, 2, 3, 0, 1]);
        let rates = [Vary::parse("rules.max_commute_km=10:30:10").unwrap()];
        let same = sweep_points(&base, "p.toml", &rates).unwrap();
        assert_eq!(start_order(&county, &same), vec![0, 1, 2]);
    }

    /// Started out of order, the rows still come back in the grid's order, each with
    /// its own point's answer.
    #[test]
    fn the_rows_come_back_in_grid_order() {
        let county = tiny_county();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let base = Policy::read(&root.join("models/haiyan-2022.toml")).expect("policy");
        let varies = [Vary::parse("targets.exchange_rate=0.1:0.5:0.2").unwrap()];
        let points = sweep_points(&base, "p.toml", &varies).unwrap();
        let rows = run_sweep(
            &county,
            &TeacherSide::default(),
            points,
            &SolveOptions::default(),
            2,
            &|| {},
        );
        let rates: Vec<f64> = rows.iter().map(|r| r.point.values[0].1).collect();
        assert_eq!(rates, vec![0.1, 0.3, 0.5]);
        let targets: Vec<u32> = rows
            .iter()
            .map(|r| match &r.outcome {
                RunOutcome::Planned(o) => o.figures.exchange_target,
                RunOutcome::Failed(e) => panic!("{}", e.en),
            })
            .collect();
        assert!(
            targets[0] < targets[1] && targets[1] < targets[2],
            "{targets:?}"
        );
    }

    #[test]
    fn grid_is_the_product_and_checked() {
        let varies = [
            Vary::parse("targets.exchange_rate=0.1:0.3:0.1").unwrap(),
            Vary::parse("rules.max_commute_km=10:20:10").unwrap(),
        ];
        let points = sweep_points(&Policy::default(), "p.toml", &varies).unwrap();
        assert_eq!(points.len(), 6);
        assert_eq!(points[1].policy.rules.max_commute_km, 20.0);
        assert_eq!(points[2].policy.targets.exchange_rate, 0.2);
        let over = [Vary::parse("targets.exchange_rate=0.5:1.5:0.5").unwrap()];
        let e = sweep_points(&Policy::default(), "p.toml", &over).unwrap_err();
        assert!(e.to_string().contains("targets.exchange_rate"), "{e}");
        let half = [Vary::parse("eligibility.min_years_at_school=4:6:0.5").unwrap()];
        let e = sweep_points(&Policy::default(), "p.toml", &half).unwrap_err();
        assert!(e.to_string().contains("whole numbers"), "{e}");
    }
}
