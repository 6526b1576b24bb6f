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
use crate::model::error::{Result, RotationError};
use crate::model::policy::Policy;
use crate::model::solver_message::SolverMessage;
use crate::round::envy_bans::{stable_by_bans, BansStart};
use crate::rules::candidates::Candidates;
use crate::solve::formulation::{formulate, RowKey};
use crate::solve::highs::{
    relative_gap, KnownPlan, Observer, Progress, SolveMethod, SolveOptions, SolveOutcome,
    SolveStage, SolveStatus,
};
use crate::solve::stability_rows::{envy_ladders, stability_rows};
use crate::solve::stages::{solve_staged, StageReport};
use serde::Serialize;
use std::sync::{Arc, Mutex};
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
    /// Rounds without the rule planned for a first stable plan by bans
    /// (`round::envy_bans`); 0 when none ended envy-free.
    pub ban_rounds: u32,
    /// Moves banned for it.
    pub banned: usize,
    /// The cost of that plan, when there is one.
    pub bans_objective: Option<f64>,
}

/// The share of the time left the bans may take (measured in `docs/benchmarks.md`,
/// "A first stable plan by bans, and its neighbourhood" and "The stable round within
/// its limit").
const BANS_SHARE: f64 = 0.8;

/// Seconds per candidate move to build the stable model and for HiGHS's presolve of
/// it, which looks at the clock only now and then: 1.2 s and 1.7–4.9 s for the 527,316
/// moves of the 20,000-teacher practice county (whose relaxation then takes half a
/// minute more; 0.2 s on the 14,144 moves of the sample county). With less time left
/// than that the model is not built.
const BUILD_SECONDS_PER_MOVE: f64 = 1.2e-5;

/// The bans' limit out of `left` seconds: [`BANS_SHARE`] of it, or all of it when
/// the rest would not `build` the stable model (which is then not built).
fn bans_limit(left: f64, build: f64) -> f64 {
    if left * (1.0 - BANS_SHARE) <= build {
        left
    } else {
        left * BANS_SHARE
    }
}

/// Solves a stable round (`rules.stable` with wishes) on the full model, its first
/// plan by bans started as `bans_start` says. `build_seconds` accumulates the time
/// spent building models.
pub(crate) fn solve_envy_free(
    county: &County,
    policy: &Policy,
    cands: &Candidates,
    balance_shortfall: bool,
    options: &SolveOptions,
    bans_start: BansStart,
    build_seconds: &mut f64,
) -> Result<(SolveOutcome, StageReport, EnvyRows)> {
    // The limit counts from here, the no-envy rows and ladders included (0.08 s on the
    // 20,000-teacher practice county).
    let start = Instant::now();
    let rows = stability_rows(county, policy, cands);
    let mut envy = EnvyRows {
        ladders: envy_ladders(county, policy, cands, &rows).len(),
        pairs: rows.iter().map(|r| r.lower.len()).sum(),
        ..EnvyRows::default()
    };
    // A first stable plan by bans, with at most four fifths of the time left: the
    // incumbent of the stable model's cost stage, and the plan written when that stage
    // finds nothing in time. With too little time after that share to build the stable
    // model (below), they get it all.
    let build = BUILD_SECONDS_PER_MOVE * cands.moves.len() as f64;
    // The banned models' plans and bounds are not the stable round's: the progress
    // line shows the step, then the plan by bans.
    options
        .observer
        .report(Progress::Stage(SolveStage::StableBans));
    let share = SolveOptions {
        time_limit: options
            .left_since(start)
            .time_limit
            .map(|t| bans_limit(t, build)),
        observer: Observer::default(),
        ..options.clone()
    };
    if options.verbose {
        eprintln!(
            "no-envy rows and ladders: {} rows, {} ladders, {:.2} s",
            rows.len(),
            envy.ladders,
            start.elapsed().as_secs_f64()
        );
    }
    let bans = stable_by_bans(county, policy, cands, &rows, &share, bans_start)?;
    if let Some(b) = bans.as_ref().filter(|b| b.plan.objective.is_finite()) {
        options.observer.report(Progress::Plan(b.plan.objective));
    }
    if let Some(b) = &bans {
        envy.ban_rounds = b.rounds;
        envy.banned = b.banned;
        // Not known when the last round ended at its limit in a least-shortfall stage.
        envy.bans_objective = Some(b.plan.objective).filter(|o| o.is_finite());
    }
    // The best bound the stable model reports on its first stage's objective (the
    // plan by bans's own: the no-envy rows cost nothing), for the plan by bans written
    // when the model runs out of time after its relaxation. A stage with another
    // objective (targets out of reach) makes it no bound of that plan's cost.
    let bound = Arc::new(Mutex::new(Some(f64::NEG_INFINITY)));
    let seen = Arc::clone(&bound);
    let outer = options.observer.clone();
    let watched = Observer::new(move |p| {
        if let Ok(mut b) = seen.lock() {
            match p {
                Progress::Bound(v) => *b = b.map(|old| old.max(v)),
                Progress::Objective(_) => *b = None,
                _ => {}
            }
        }
        outer.report(p);
    });
    let options = &SolveOptions {
        known_plan: bans.as_ref().map(|b| {
            Arc::new(KnownPlan {
                x: b.plan.x.clone(),
                method: SolveMethod::EnvyBans,
            })
        }),
        observer: watched,
        ..options.left_since(start)
    };
    // Too little time left to build and presolve the stable model (a short limit,
    // spent on the bans or the round without the rule), let alone solve it: it is not
    // built, and the command ends within its limit.
    let spent = options.time_limit.is_some_and(|t| t <= build);
    let solved = if spent {
        Err(RotationError::TimeLimit(SolverMessage::NoPlanInTime))
    } else {
        solve_staged(
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
        )
    };
    let (outcome, report) = match (solved, bans) {
        // The stable model ran out of time before its relaxation or its completion
        // gave a plan: the plan by bans, with the bound of the relaxation if it ended.
        (Err(RotationError::TimeLimit(_)), Some(b)) => {
            let dual_bound = bound
                .lock()
                .ok()
                .and_then(|v| *v)
                .filter(|v| v.is_finite() && *v <= b.plan.objective)
                .unwrap_or(f64::NAN);
            let outcome = SolveOutcome {
                status: SolveStatus::TimeLimit,
                method: SolveMethod::EnvyBans,
                dual_bound,
                mip_gap: if dual_bound.is_finite() {
                    relative_gap(b.plan.objective, dual_bound)
                } else {
                    f64::NAN
                },
                // Not the figures of the last banned model, which is no relaxation of
                // the stable one.
                lp_integral: None,
                lp_bound: None,
                lp_seconds: 0.0,
                nodes: 0,
                size: Default::default(),
                solve_seconds: start.elapsed().as_secs_f64(),
                ..b.plan
            };
            let report = StageReport {
                solves: 1,
                ..StageReport::default()
            };
            (outcome, report)
        }
        (solved, _) => solved?,
    };
    Ok((outcome, report, envy))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bans_get_their_share_or_all_when_the_rest_builds_nothing() {
        // 6.3 s to build the stable model of 20,000 teachers.
        assert_eq!(bans_limit(100.0, 6.3), 100.0 * BANS_SHARE);
        assert_eq!(bans_limit(25.6, 6.3), 25.6);
        assert_eq!(bans_limit(0.5, 6.3), 0.5);
        // A fifth exactly the build: still nothing to solve it with.
        assert_eq!(bans_limit(10.0, 2.0), 10.0);
        assert_eq!(bans_limit(10.0, 0.0), 10.0 * BANS_SHARE);
    }
}
