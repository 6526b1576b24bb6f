//! A plan when the time limit ends pricing: completed from the last round's LP.
//!
//! The restricted LP of a round that did not converge is no proof, but its solution is
//! mostly whole and far cheaper than the starting swaps (at 100,000 teachers under the
//! Haiyan policy, 177,769 against 237,558 after 7 rounds). The rounds stop short of the
//! time limit by [`LIMIT_RESERVE`](super::settings::LIMIT_RESERVE), and that share is
//! spent completing a plan from the last round's solution: its whole moves fixed and
//! the fractional ones left to a MIP, then, when no plan completes them, its moves at 1
//! kept and every other priced move free. Any plan found meets every target and
//! balance rule (the model's shortfalls are held at 0); its bound is the best
//! Lagrangian bound of the rounds.

use super::columns::restrict;
use super::restricted::Restricted;
use crate::model::county::County;
use crate::model::policy::Policy;
use crate::rules::candidates::Candidates;
use crate::solve::formulation::{formulate, MoveVariables, Stage};
use crate::solve::highs::{
    relative_gap, solve, SolveMethod, SolveOptions, SolveOutcome, SolveStatus,
};
use std::time::Instant;

/// Less than this many seconds left is not worth a MIP at this size.
const LEAST_SECONDS: f64 = 0.5;

/// The plan completed from the last round's LP within what is left of the time limit,
/// if one is found; `start` is when the solve began, `lp_seconds` the rounds' LP time;
/// `stage` the model completed (`Stage::MET`, or the least shortfall when pricing ran
/// out of time on its LP, `least_shortfall`).
pub(super) fn complete(
    county: &County,
    policy: &Policy,
    full: &Candidates,
    live: &Restricted,
    options: &SolveOptions,
    (start, lp_seconds): (Instant, f64),
    stage: Stage,
) -> Option<SolveOutcome> {
    let limit = options.time_limit?;
    if live.last_x.is_empty() {
        return None;
    }
    let first = live.layout.first_move();
    let mut x = vec![0.0; full.moves.len()];
    for (c, &j) in live.col_move.iter().enumerate() {
        x[j] = live.last_x.get(c + first).copied().unwrap_or(0.0);
    }
    let (priced, index) = restrict(full, &live.keep);
    let lp_x: Vec<f64> = index.iter().map(|&j| x[j]).collect();
    // Whole moves fixed and fractional ones free, then only the moves at 1 kept.
    for variables in [
        MoveVariables::FixedWhereIntegral(&lp_x),
        MoveVariables::OnesFixed(&lp_x),
    ] {
        let left = limit - start.elapsed().as_secs_f64();
        if left < LEAST_SECONDS {
            return None;
        }
        let model = formulate(county, policy, &priced, variables, stage);
        let size = model.size;
        let within = SolveOptions {
            time_limit: Some(left),
            gap: if stage == Stage::MET {
                options.gap
            } else {
                0.0
            },
            ..options.clone()
        };
        let Ok(n) = solve(model, &within) else {
            continue;
        };
        if n.status == SolveStatus::Infeasible || n.x.is_empty() {
            continue;
        }
        let bound = live.best_bound;
        let (dual_bound, mip_gap) = if bound.is_finite() {
            (bound, relative_gap(n.objective, bound))
        } else {
            (f64::NAN, f64::NAN)
        };
        let mut plan = vec![0.0; full.moves.len()];
        for (r, &j) in index.iter().enumerate() {
            plan[j] = n.x[r];
        }
        return Some(SolveOutcome {
            status: SolveStatus::TimeLimit,
            method: SolveMethod::LastLpCompleted,
            dual_bound,
            mip_gap,
            x: plan,
            lp_integral: Some(false),
            lp_bound: bound.is_finite().then_some(bound),
            lp_seconds,
            solve_seconds: start.elapsed().as_secs_f64(),
            size,
            ..n
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::eligibility::county_eligibility;
    use crate::rules::verify::verify;

    /// After one round of pricing on the sample county under the Haiyan policy (the
    /// first columns and the swaps, as `solve_priced` starts), the plan completed from
    /// that round's LP passes every rule and meets both targets, and its objective is
    /// its moves' cost.
    #[test]
    fn a_plan_completed_from_the_first_round_passes_every_rule() {
        let (county, policy, full) = super::super::sample::haiyan_sample();
        let eligibility = county_eligibility(&county, &policy);
        let options = SolveOptions {
            time_limit: Some(120.0),
            ..SolveOptions::default()
        };
        let mut live = Restricted::new(&county, &policy, &full, &options).expect("LP");
        let reached = super::super::columns::Reached::new(&county, &full);
        let mut first = super::super::columns::neighbourhood(&county, &full, &reached, 1);
        let rules = &live.layout.rules;
        first.extend(super::super::start::swaps(&county, &policy, &full, &reached, rules).columns);
        first.sort_unstable();
        first.dedup();
        live.add(&county, &full, &first).expect("columns");
        let now = |live: &Restricted| {
            complete(
                &county,
                &policy,
                &full,
                live,
                &options,
                (Instant::now(), 0.0),
                Stage::MET,
            )
        };
        assert!(now(&live).is_none(), "no round, no completion");
        // The first round's LP, re-solved with the chords it cuts until none is.
        loop {
            let sol = live.solve().expect("first round");
            if live.write_chords(&sol.col_value).expect("chords") == 0 {
                live.last_x = sol.col_value;
                break;
            }
        }
        let plan = now(&live).expect("a plan from the first round");
        assert_eq!(plan.method, SolveMethod::LastLpCompleted);
        assert_eq!(plan.status, SolveStatus::TimeLimit);
        let moves = full.chosen(&plan.x);
        let broken = verify(&county, &policy, &eligibility, &moves);
        assert!(broken.is_empty(), "{broken:?}");
        let cost: f64 = full
            .moves
            .iter()
            .zip(&plan.x)
            .map(|(m, v)| m.cost * v)
            .sum();
        assert!((cost - plan.objective).abs() <= 1e-6 * cost.abs().max(1.0));
    }
}
