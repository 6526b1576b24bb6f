//! The benchmark suite: generate counties of given sizes, plan each, and measure
//! where the time and memory go (one row per instance).

use crate::model::error::{Result, RotationError};
use crate::model::policy::Policy;
use crate::research::generate::{generate, GeneratorSpec};
use crate::research::size_message::SizeProblem;
use crate::round::run::Round;
use crate::rules::candidates::CandidateLimit;
use crate::solve::highs::SolveOptions;
use serde::Serialize;
use std::time::Instant;

/// One instance size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BenchSize {
    /// Teachers in the generated county, 10 to 1,000,000.
    pub teachers: usize,
    /// Schools in the generated county, 2 to 5,000 and at most one per teacher.
    pub schools: usize,
}

/// The default suite of `rotation bench`.
pub const DEFAULT_SIZES: &str = "1000,5000,20000,100000";

/// Smallest and largest county the suite accepts.
pub const MIN_TEACHERS: usize = 10;
/// The largest number of teachers a bench size may have.
pub const MAX_TEACHERS: usize = 1_000_000;
/// The largest number of schools a bench size may have.
pub const MAX_SCHOOLS: usize = 5_000;

/// Schools for a county of `teachers`: Haiyan's 35 schools for 4,000 teachers, a city
/// district's 300 for 20,000, then 1.5 schools per 100 teachers (1,500 for 100,000).
pub fn schools_for(teachers: usize) -> usize {
    let t = teachers as f64;
    let s = if teachers <= 4000 {
        t * 35.0 / 4000.0
    } else if teachers <= 20_000 {
        35.0 + (t - 4000.0) * 265.0 / 16_000.0
    } else {
        t * 0.015
    };
    (s.round() as usize).clamp(2, 2000).min(teachers)
}

/// Parses a size list: `1000,5000,20000` (schools from [`schools_for`]) or explicit
/// `20000x300` entries. Every bad entry is named.
pub fn parse_sizes(text: &str) -> std::result::Result<Vec<BenchSize>, Vec<SizeProblem>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for entry in text.split(',').map(str::trim) {
        let (t, s) = match entry.split_once(['x', 'X']) {
            Some((t, s)) => (t, Some(s)),
            None => (entry, None),
        };
        let teachers = match t.replace('_', "").parse::<usize>() {
            Ok(n) if (MIN_TEACHERS..=MAX_TEACHERS).contains(&n) => n,
            Ok(n) => {
                problems.push(SizeProblem::TeachersOutOfRange {
                    entry: entry.to_string(),
                    teachers: n,
                    min: MIN_TEACHERS,
                    max: MAX_TEACHERS,
                });
                continue;
            }
            Err(_) => {
                problems.push(SizeProblem::NotASize {
                    entry: entry.to_string(),
                });
                continue;
            }
        };
        let schools = match s {
            None => schools_for(teachers),
            Some(s) => match s.replace('_', "").parse::<usize>() {
                Ok(n) if (2..=MAX_SCHOOLS.min(teachers)).contains(&n) => n,
                _ => {
                    problems.push(SizeProblem::SchoolsOutOfRange {
                        entry: entry.to_string(),
                        max: MAX_SCHOOLS.min(teachers),
                    });
                    continue;
                }
            },
        };
        out.push(BenchSize { teachers, schools });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if out.is_empty() {
        return Err(vec![SizeProblem::NoSizes]);
    }
    Ok(out)
}

/// One measured instance.
#[derive(Debug, Clone, Serialize)]
pub struct BenchRow {
    /// Teachers in the generated county.
    pub teachers: usize,
    /// Schools in the generated county.
    pub schools: usize,
    /// Seed of the county generator.
    pub seed: u64,
    /// Eligible teachers under the policy.
    pub eligible: usize,
    /// `all`, or `nearest_K`.
    pub candidate_limit: String,
    /// Candidate moves of the full model.
    pub candidate_moves: usize,
    /// Rounds of pricing moves in (0: every candidate move went to HiGHS).
    pub pricing_rounds: usize,
    /// Columns of the model handed to HiGHS.
    pub variables: usize,
    /// Rows (constraints) of the model handed to HiGHS.
    pub rows: usize,
    /// Nonzero coefficients of the model handed to HiGHS.
    pub nonzeros: usize,
    /// Generating the county, seconds.
    pub generate_seconds: f64,
    /// Listing the candidate moves (eligibility included), seconds.
    pub candidate_seconds: f64,
    /// Building the good_lp models (every model built during the solve).
    pub build_seconds: f64,
    /// The LP relaxation (handing the model to HiGHS and solving it).
    pub lp_seconds: f64,
    /// HiGHS in all (LP relaxation and any branching), model building excluded.
    pub solve_seconds: f64,
    /// Planning end to end (eligibility to checked plan), generation excluded.
    pub total_seconds: f64,
    /// Peak resident memory of the process while this instance ran, MB (Linux; NaN
    /// elsewhere).
    pub peak_memory_mb: f64,
    /// The plan's objective, recomputed from its moves.
    pub objective: f64,
    /// The solver's lower bound on the objective.
    pub dual_bound: f64,
    /// Relative MIP gap between objective and bound.
    pub gap: f64,
    /// `optimal`, `time_limit` or `infeasible`.
    pub status: String,
    /// Whether the LP relaxation was already integral; `None` when it was not solved first.
    pub lp_integral: Option<bool>,
}

/// The CSV header of [`BenchRow`], in order.
pub const BENCH_COLUMNS: &[&str] = &[
    "teachers",
    "schools",
    "seed",
    "eligible",
    "candidate_limit",
    "candidate_moves",
    "pricing_rounds",
    "variables",
    "rows",
    "nonzeros",
    "generate_seconds",
    "candidate_seconds",
    "build_seconds",
    "lp_seconds",
    "solve_seconds",
    "total_seconds",
    "peak_memory_mb",
    "objective",
    "dual_bound",
    "gap",
    "status",
    "lp_integral",
];

/// `text(x)`, or an empty field where `x` is not known (NaN: no bound yet, no memory
/// figure on this system, a floor that failed), as the lab's files leave them.
pub(crate) fn known(x: f64, text: impl FnOnce(f64) -> String) -> String {
    known_or(x, "", text)
}

/// `text(x)`, or `unknown` where `x` is not known (not finite): an empty field in a
/// file, a dash in a terminal's table.
pub fn known_or(x: f64, unknown: &str, text: impl FnOnce(f64) -> String) -> String {
    if x.is_finite() {
        text(x)
    } else {
        unknown.into()
    }
}

impl BenchRow {
    /// The row's fields, in [`BENCH_COLUMNS`] order.
    pub fn fields(&self) -> Vec<String> {
        let secs = |x: f64| format!("{x:.3}");
        vec![
            self.teachers.to_string(),
            self.schools.to_string(),
            self.seed.to_string(),
            self.eligible.to_string(),
            self.candidate_limit.clone(),
            self.candidate_moves.to_string(),
            self.pricing_rounds.to_string(),
            self.variables.to_string(),
            self.rows.to_string(),
            self.nonzeros.to_string(),
            secs(self.generate_seconds),
            secs(self.candidate_seconds),
            secs(self.build_seconds),
            secs(self.lp_seconds),
            secs(self.solve_seconds),
            secs(self.total_seconds),
            known(self.peak_memory_mb, |x| format!("{x:.1}")),
            known(self.objective, |x| format!("{x:.3}")),
            known(self.dual_bound, |x| format!("{x:.3}")),
            known(self.gap, |x| format!("{x:.2e}")),
            self.status.clone(),
            self.lp_integral.map(|b| b.to_string()).unwrap_or_default(),
        ]
    }
}

/// Forgets the process's peak resident memory so far (Linux: `clear_refs` 5), so the
/// next reading covers one instance. Best effort: elsewhere it does nothing.
pub fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The process's peak resident memory in MB (`VmHWM`), when the platform says.
pub fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Generates one county and plans it.
pub fn bench_instance(
    size: BenchSize,
    seed: u64,
    policy: &Policy,
    options: &SolveOptions,
    limit: CandidateLimit,
) -> Result<BenchRow> {
    reset_peak_memory();
    let spec = GeneratorSpec::sized(size.teachers, size.schools, seed);
    spec.check().map_err(RotationError::rejected)?;
    let t = Instant::now();
    let county = generate(&spec);
    let generate_seconds = t.elapsed().as_secs_f64();
    let outcome = Round::new(&county, policy)
        .options(options.clone())
        .candidates(limit)
        .plan()?;
    let s = &outcome.solve;
    Ok(BenchRow {
        teachers: county.teachers.len(),
        schools: county.schools.len(),
        seed,
        eligible: outcome.figures.eligible as usize,
        candidate_limit: match limit {
            CandidateLimit::All => "all".into(),
            CandidateLimit::Nearest(k) => format!("nearest_{k}"),
        },
        candidate_moves: outcome.candidate_moves,
        pricing_rounds: outcome.pricing.as_ref().map_or(0, |p| p.rounds),
        variables: s.size.columns,
        rows: s.size.rows,
        nonzeros: s.size.nonzeros,
        generate_seconds,
        candidate_seconds: outcome.candidate_seconds,
        build_seconds: outcome.build_seconds,
        lp_seconds: s.lp_seconds,
        solve_seconds: (s.solve_seconds - outcome.build_seconds).max(0.0),
        total_seconds: outcome.total_seconds,
        peak_memory_mb: peak_memory_mb().unwrap_or(f64::NAN),
        objective: outcome.objective,
        dual_bound: s.dual_bound,
        gap: s.mip_gap,
        status: <&str>::from(s.status).into(),
        lp_integral: s.lp_integral,
    })
}

/// Runs the suite; `progress` sees each row as soon as it is measured.
pub fn run_bench(
    sizes: &[BenchSize],
    seed: u64,
    policy: &Policy,
    options: &SolveOptions,
    limit: CandidateLimit,
    mut progress: impl FnMut(&BenchRow),
) -> Result<Vec<BenchRow>> {
    let mut rows = Vec::with_capacity(sizes.len());
    for &size in sizes {
        let row = bench_instance(size, seed, policy, options, limit)?;
        progress(&row);
        rows.push(row);
    }
    Ok(rows)
}

/// The suite's rows as CSV text.
pub fn bench_csv(rows: &[BenchRow]) -> Vec<u8> {
    crate::output::files::csv_bytes(BENCH_COLUMNS, rows.iter().map(BenchRow::fields))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::Lang;

    #[test]
    fn school_counts_follow_the_reference_counties() {
        assert_eq!(schools_for(4000), 35);
        assert_eq!(schools_for(20_000), 300);
        assert_eq!(schools_for(100_000), 1500);
        assert_eq!(schools_for(10), 2);
    }

    #[test]
    fn size_lists_name_every_bad_entry() {
        assert_eq!(
            parse_sizes("1000, 20000x300").unwrap(),
            vec![
                BenchSize {
                    teachers: 1000,
                    schools: 9
                },
                BenchSize {
                    teachers: 20000,
                    schools: 300
                }
            ]
        );
        let err = SizeProblem::joined(&parse_sizes("abc,0,500x1").unwrap_err(), Lang::En);
        assert!(err.contains("`abc`"), "{err}");
        assert!(err.contains("`0`"), "{err}");
        assert!(err.contains("`500x1`"), "{err}");
    }

    #[test]
    fn every_column_has_a_field() {
        let row = BenchRow {
            teachers: 1,
            schools: 1,
            seed: 1,
            eligible: 0,
            candidate_limit: "all".into(),
            candidate_moves: 0,
            pricing_rounds: 0,
            variables: 0,
            rows: 0,
            nonzeros: 0,
            generate_seconds: 0.0,
            candidate_seconds: 0.0,
            build_seconds: 0.0,
            lp_seconds: 0.0,
            solve_seconds: 0.0,
            total_seconds: 0.0,
            peak_memory_mb: 0.0,
            objective: 0.0,
            dual_bound: 0.0,
            gap: 0.0,
            status: "optimal".into(),
            lp_integral: None,
        };
        assert_eq!(row.fields().len(), BENCH_COLUMNS.len());
        // A plan written at a time limit before any bound, on a system without a
        // memory figure: those fields are empty, not "NaN" (and never a gap of 0).
        let unknown = BenchRow {
            peak_memory_mb: f64::NAN,
            dual_bound: f64::NAN,
            gap: f64::NAN,
            status: "time_limit".into(),
            ..row
        };
        let field = |name: &str| {
            let at = BENCH_COLUMNS.iter().position(|c| *c == name).expect(name);
            unknown.fields()[at].clone()
        };
        for name in ["peak_memory_mb", "dual_bound", "gap"] {
            assert_eq!(field(name), "", "{name}");
        }
        assert_eq!(field("objective"), "0.000");
    }
}
