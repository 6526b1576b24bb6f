//! `rules.stable` solved with lazy no-envy rows (`docs/model.md`, "Wishes and
//! stability"). The full family of rows (one per teacher, wished school and
//! competitor) makes the model of the sample county too large to solve; most rows
//! never bind. The round solves the model without them, adds every row of each
//! wished school the answer leaves envied, and solves again, until the answer has no
//! justified envy. Each model is a relaxation of the full one (it holds a subset of
//! its rows), so the first envy-free answer that a solve proves optimal is optimal
//! for the full model; the lexicographic stages keep this (the least shortfall of a
//! relaxation is at most the full model's, and an envy-free answer attains it).

use crate::model::county::County;
use crate::model::error::{Result, RotationError};
use crate::model::policy::Policy;
use crate::model::solver_message::SolverMessage;
use crate::rules::candidates::Candidates;
use crate::solve::formulation::formulate;
use crate::solve::formulation::{no_envy_row, Formulation, RowKey};
use crate::solve::highs::{SolveOptions, SolveOutcome};
use crate::solve::stability_rows::{stability_rows, StabilityRow};
use crate::solve::stages::{solve_staged, StageReport};
use good_lp::SolverModel;
use serde::Serialize;
use std::collections::BTreeSet;
use std::time::Instant;

/// How the lazy rows went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct EnvyRounds {
    /// Models solved, the first without any no-envy row.
    pub solves: u32,
    /// No-envy rows the last model held.
    pub rows_added: usize,
    /// No-envy rows of the full model.
    pub rows_full: usize,
}

/// The relative gap of the solves that look for broken rows (see the loop).
const SCOUT_GAP: f64 = 0.01;

/// Solves a stable round (`rules.stable` with wishes) with lazy no-envy rows.
/// `build_seconds` accumulates the time spent building models.
pub(crate) fn solve_envy_free(
    county: &County,
    policy: &Policy,
    cands: &Candidates,
    balance_shortfall: bool,
    options: &SolveOptions,
    build_seconds: &mut f64,
) -> Result<(SolveOutcome, StageReport, EnvyRounds)> {
    let start = Instant::now();
    let rows = stability_rows(county, policy, cands);
    // The model without the rule; the rows in force are added to it.
    let mut free = policy.clone();
    free.rules.stable = false;
    let mut active: BTreeSet<EnvyRow> = BTreeSet::new();
    let mut rounds = EnvyRounds {
        rows_full: rows.iter().map(|r| r.lower.len()).sum(),
        ..EnvyRounds::default()
    };
    let mut solves = 0;
    // While rows are still being found, a solve only needs a good answer, not a
    // proof: those solves stop at the looser `SCOUT_GAP`. Once such an answer has
    // no envy, the same model is solved to the asked gap, and the loop goes on
    // from that answer.
    let mut scouting = options.gap < SCOUT_GAP;
    loop {
        let left = SolveOptions {
            time_limit: options
                .time_limit
                .map(|t| (t - start.elapsed().as_secs_f64()).max(0.01)),
            gap: if scouting { SCOUT_GAP } else { options.gap },
            ..options.clone()
        };
        let in_force: Vec<EnvyRow> = active.iter().copied().collect();
        let (mut outcome, mut report) = solve_staged(
            |variables, stage| {
                let t = Instant::now();
                let mut f = formulate(county, &free, cands, variables, stage);
                add_envy_rows(&mut f, county, cands, &rows, &in_force);
                *build_seconds += t.elapsed().as_secs_f64();
                f
            },
            balance_shortfall,
            &left,
        )?;
        rounds.solves += 1;
        solves += report.solves;
        let broken = broken_rows(&rows, &outcome.x);
        let time_up = options
            .time_limit
            .is_some_and(|t| start.elapsed().as_secs_f64() >= t);
        if broken.is_empty() && scouting && !time_up {
            scouting = false;
            continue;
        }
        let before = active.len();
        active.extend(broken.iter().copied());
        if broken.is_empty() || active.len() == before {
            // `active.len() == before` cannot happen with a correct solver (the rows
            // broken are in force); `verify` refuses such an answer all the same.
            rounds.rows_added = in_force.len();
            report.solves = solves;
            outcome.solve_seconds = start.elapsed().as_secs_f64();
            return Ok((outcome, report, rounds));
        }
        if time_up {
            let envied = broken.iter().map(|r| r.row).collect::<BTreeSet<_>>().len();
            return Err(RotationError::TimeLimit(SolverMessage::EnvyInTime {
                envied,
                solves: rounds.solves,
            }));
        }
    }
}

/// One no-envy row of the model: `rows[row]` against its competitor move `lower`
/// (a candidate index in `rows[row].lower`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EnvyRow {
    /// Index into the rows of [`stability_rows`].
    pub row: usize,
    /// The competitor's candidate move into the wished school.
    pub lower: usize,
}

/// The rows a solution `x` (one value per candidate move) breaks: a competitor with
/// fewer points placed at a school `t` wished for, while `t` got nothing as good.
/// Only the broken rows, not every row of the wished school: adding the whole `L`
/// made the sample county's second model 20 times larger and slower to solve.
pub fn broken_rows(rows: &[StabilityRow], x: &[f64]) -> Vec<EnvyRow> {
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let granted: f64 = row.granted.iter().map(|&g| x[g]).sum();
        out.extend(
            row.lower
                .iter()
                .filter(|&&j| x[j] - granted > 0.5)
                .map(|&j| EnvyRow { row: i, lower: j }),
        );
    }
    out
}

/// Adds `active` rows to a model built without them (`rules.stable` off): the lazy
/// no-envy rows of a stable round (`round::run`, `docs/model.md`, "Wishes and
/// stability").
pub fn add_envy_rows(
    f: &mut Formulation,
    county: &County,
    candidates: &Candidates,
    rows: &[StabilityRow],
    active: &[EnvyRow],
) {
    for &r in active {
        let row = &rows[r.row];
        let (e, name, nz) = no_envy_row(county, candidates, row, r.lower, &f.x);
        f.problem.add_constraint(e.leq(0.0));
        f.row_names.push(name);
        f.row_keys.push(RowKey::Stability(row.teacher, row.school));
        f.size.rows += 1;
        f.size.nonzeros += nz;
    }
}
