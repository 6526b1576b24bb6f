//! The backbone movers' reach (`docs/model.md`, "Backbone reach"): when the least
//! target shortfall's relaxation leaves the backbone target short, the most backbone
//! teachers the relaxation can move. Their count is whole in every plan, so the whole
//! part of that most caps them, and where the backbone target is out of reach the cap
//! lifts the relaxation's bound to the least shortfall itself: on the family's
//! `c4k-bb8` at an exchange rate of 40 % (98.71 backbone movers at most, 121.2 needed)
//! the bound 22.49 became 23.2, which the first completion attains, where branch and
//! bound took 19 s to prove it (84 s at 50 %).

use crate::model::error::{Result, RotationError};
use crate::model::solver_message::SolverMessage;
use crate::solve::formulation::{Formulation, MoveVariables};
use crate::solve::highs::{
    highs_model, relaxation_built, run_relaxation, search_from_relaxation, set_costs,
    solve_relaxation, solve_with_lp_first, start_from_basis, Progress, SolveOptions, SolveOutcome,
    SolveStage, PRIMAL_SIMPLEX,
};
use crate::solve::reach_race::Race;
use crate::solve::start_basis::BasisSlot;
use std::time::Instant;

/// A backbone shortfall of the least-shortfall relaxation above this asks for the
/// backbone movers' reach.
const REACH_ABOVE: f64 = 1e-6;

/// The least target shortfall (`Stage::Targets`, built by `build`), exactly within
/// `options` (gap 0 is the caller's): its relaxation first; where that leaves the
/// backbone target short, the backbone movers' reach caps them, and the stage solves
/// the relaxation again from the first one's basis, with the cap; otherwise it goes on
/// from the relaxation it has (`search_from_relaxation`). The basis of the
/// least-shortfall relaxation (its penalised solve) ends in `basis`. Also returns the
/// cap, when written: it holds in every later stage's model too (their plans are among
/// this stage's).
pub fn least_shortfall_stage(
    mut build: impl FnMut(MoveVariables) -> Formulation,
    basis: &BasisSlot,
    options: &SolveOptions,
) -> Result<(SolveOutcome, Option<f64>)> {
    // Each step gets what is left of the time limit.
    let start = Instant::now();
    let left = || options.left_since(start);
    options
        .observer
        .report(Progress::Stage(SolveStage::LpRelaxation));
    basis.clear();
    let (relaxed, shape) = relaxation_built(
        || build(MoveVariables::Relaxed),
        &SolveOptions {
            record_basis: basis.clone(),
            ..left()
        },
    )?;
    let reach = match &relaxed {
        Some(lp) if lp.integral.is_none() && lp.shortfall_backbone > REACH_ABOVE => backbone_reach(
            build(MoveVariables::Relaxed),
            &SolveOptions {
                start_basis: basis.get(),
                ..left()
            },
        )?,
        _ => None,
    };
    let Some(cap) = reach else {
        // No cap: the relaxation just solved is the stage's own, and the stage goes on
        // from it.
        let outcome = search_from_relaxation(build, relaxed, None, shape, start, options)?;
        return Ok((outcome, None));
    };
    // Beside the stage, on the second core: whether any plan moves `cap` backbone
    // teachers (`solve::reach_race`). Asked to stop when the stage ends (dropped).
    let moves = relaxed.as_ref().map_or(0, |lp| lp.x.len());
    let race = Race::start(&mut build, moves, cap, &left());
    let outcome = solve_with_lp_first(
        |v| {
            let mut model = build(v);
            model.cap_backbone_movers(cap);
            model
        },
        &SolveOptions {
            start_basis: basis.get(),
            record_basis: basis.clone(),
            outside_bound: race.as_ref().map(Race::bound),
            beside_race: Race::may_start(moves, &left()),
            ..left()
        },
    );
    drop(race);
    // The cap the later stages hold stays the reach's, whatever the race proved: their
    // models, and so their plans, do not depend on which thread finished first.
    Ok((outcome?, Some(cap)))
}

/// Whether the least-shortfall relaxation of the model `build` makes, whose backbone
/// shortfall uncapped is `lp_shortfall_backbone`, capped by the backbone movers' reach
/// has its bound at `threshold` or above, or no point at all (`Some(true)`: no plan
/// falls under the threshold); `None` when the cap does not apply or settles nothing.
/// `options.start_basis`, if any, should be a basis of the relaxation `build` makes
/// (primal feasible for the reach, whose primal simplex crawls from a repaired alien
/// one); the capped relaxation starts from it too.
pub fn reach_settles_above(
    build: impl FnMut(MoveVariables) -> Formulation,
    lp_shortfall_backbone: f64,
    threshold: f64,
    options: &SolveOptions,
) -> Option<bool> {
    reach_settles_with_cap(build, lp_shortfall_backbone, threshold, options).0
}

/// [`reach_settles_above`], and the cap when one was written: a question it leaves
/// unsettled races its search against the most backbone movers under that cap
/// (`solve::reach_race`).
pub fn reach_settles_with_cap(
    mut build: impl FnMut(MoveVariables) -> Formulation,
    lp_shortfall_backbone: f64,
    threshold: f64,
    options: &SolveOptions,
) -> (Option<bool>, Option<f64>) {
    if lp_shortfall_backbone <= REACH_ABOVE || options.spent() {
        return (None, None);
    }
    let start = Instant::now();
    let relaxation = build(MoveVariables::Relaxed);
    let moves = relaxation.x.len();
    let Some(cap) = backbone_reach(relaxation, &options.left_since(start))
        .ok()
        .flatten()
    else {
        return (None, None);
    };
    // The capped model is built only if it can be within the limit (the build does
    // not look at the clock).
    if !options.left_since(start).builds_in_time(moves) {
        return (None, Some(cap));
    }
    let mut capped = build(MoveVariables::Relaxed);
    capped.cap_backbone_movers(cap);
    let settled = match solve_relaxation(capped, &options.left_since(start)) {
        Ok(None) => Some(true),
        Ok(Some(c)) => (c.bound >= threshold).then_some(true),
        Err(_) => None,
    };
    (settled, Some(cap))
}

/// Below this fractional part the most backbone movers counts as whole (HiGHS's
/// tolerances): no row is worth writing.
const FRACTION: f64 = 1e-6;

/// The whole part of the most backbone movers of `relaxation` (a least-target-shortfall
/// model with relaxed moves), when the relaxation's most is fractional; `None` when it
/// is whole, no backbone teacher can move, the model has no plan, or time ran out (the
/// cap only speeds the proof up; the stage proves the least shortfall without it).
pub fn backbone_reach(mut relaxation: Formulation, options: &SolveOptions) -> Result<Option<f64>> {
    if relaxation.backbone_moves.is_empty() || relaxation.targets.backbone_share <= 0.0 {
        return Ok(None);
    }
    let mut cost = vec![0.0; relaxation.x.len()];
    for &j in &relaxation.backbone_moves {
        cost[j] = -1.0;
    }
    let names = options.start_basis.is_some().then(|| {
        (
            std::mem::take(&mut relaxation.column_names),
            std::mem::take(&mut relaxation.row_names),
        )
    });
    let mut model = highs_model(relaxation, options)?;
    set_costs(&mut model, &cost, 0.0)?;
    // From the least-shortfall relaxation's basis, primal feasible here: the primal
    // simplex (its count of movers is as dual degenerate as that stage's objective:
    // on `c4k-bb8` at 40 % from scratch 0.49 s, the dual simplex 3.1 s).
    start_from_basis(&mut model, options, &names);
    model
        .try_set_option("simplex_strategy", PRIMAL_SIMPLEX)
        .map_err(|_| {
            RotationError::Solver(SolverMessage::OptionRejected {
                option: "simplex_strategy".into(),
            })
        })?;
    let solved = match run_relaxation(model) {
        Ok(Some(solved)) => solved,
        Ok(None) | Err(RotationError::TimeLimit(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let most = -solved.objective_value();
    let whole = (most + FRACTION).floor();
    Ok((most - whole > FRACTION).then_some(whole))
}
