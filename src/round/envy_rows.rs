//! `rules.stable` solved on the full model with its no-envy ladders
//! (`docs/model.md`, "Wishes and stability"). The family of no-envy rows, one per
//! teacher, wished school and competitor, made the sample county's model too large to
//! solve, and adding those rows lazily took one slow re-solve per batch without ever
//! reaching an envy-free answer. The ladders (`solve::stability_rows::EnvyLadder`)
//! state the same rule, as tight in the LP relaxation, in about one row per candidate
//! and per wish, so the whole rule goes into the first model: every plan HiGHS finds
//! is free of justified envy, a time limit ends with the best stable plan found and
//! its bound, and the optimum is the stable optimum.

use crate::model::county::County;
use crate::model::error::Result;
use crate::model::policy::Policy;
use crate::rules::candidates::Candidates;
use crate::solve::formulation::{formulate, RowKey};
use crate::solve::highs::{SolveOptions, SolveOutcome};
use crate::solve::stability_rows::{envy_ladders, stability_rows};
use crate::solve::stages::{solve_staged, StageReport};
use serde::Serialize;
use std::time::Instant;

/// The no-envy part of a stable round's model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct EnvyRows {
    /// Ladders: one per wished school and subject with a competitor.
    pub ladders: usize,
    /// Rows of the ladders in the model (competitor links, rungs, wishes).
    pub rows: usize,
    /// Teacher–competitor pairs they hold, the rows of the disaggregated form.
    pub pairs: usize,
}

/// Solves a stable round (`rules.stable` with wishes) on the full model.
/// `build_seconds` accumulates the time spent building models.
pub(crate) fn solve_envy_free(
    county: &County,
    policy: &Policy,
    cands: &Candidates,
    balance_shortfall: bool,
    options: &SolveOptions,
    build_seconds: &mut f64,
) -> Result<(SolveOutcome, StageReport, EnvyRows)> {
    let rows = stability_rows(county, policy, cands);
    let mut envy = EnvyRows {
        ladders: envy_ladders(county, policy, cands, &rows).len(),
        pairs: rows.iter().map(|r| r.lower.len()).sum(),
        rows: 0,
    };
    let (outcome, report) = solve_staged(
        |variables, stage| {
            let t = Instant::now();
            let f = formulate(county, policy, cands, variables, stage);
            envy.rows = f
                .row_keys
                .iter()
                .filter(|k| matches!(k, RowKey::Stability(..) | RowKey::EnvyLadder(_)))
                .count();
            *build_seconds += t.elapsed().as_secs_f64();
            f
        },
        balance_shortfall,
        options,
    )?;
    Ok((outcome, report, envy))
}
