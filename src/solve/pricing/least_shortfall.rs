//! The least target shortfall, priced: the stage `Stage::Targets` of the
//! lexicographic solve when even the LP relaxation misses a target.
//!
//! On the full model that stage is one LP and one MIP over every candidate move (at
//! 20,000 teachers with an outflow cap of 10 %, 525,305 columns: 87 s for the LP and
//! no plan in 196 s). Here the live LP's objective becomes `u + v` (moves cost
//! nothing, the rounding row, a cut only where the targets are met, is freed) and
//! pricing goes on from the moves already in: its Lagrangian bound then bounds the
//! least shortfall of the full model. A plan and its shortfall `s` come from the
//! LP's whole solution, or its completion (whole moves fixed, the rest a small MIP),
//! or else a MIP over the priced moves; equal to the bound, `s` is proven least.
//! The rounds end once the LP is at the bound, also at a solution some balance
//! chords cut (the bound holds all the same; such a solution is never taken as a
//! plan, and the last solution no chord cut is completed as well). Otherwise a MIP over the priced moves with the LP's moves at 1 kept seeks
//! a plan below `s`, then one over every priced move, and then one over
//! the moves whose reduced cost is within `s` minus the bound of their teacher's
//! best (the only moves a plan with less shortfall can make, as in `solve_priced`'s
//! last MIP). The first search is a restriction and proves nothing unless its plan
//! is at the bound; only when both exact searches end is the least shortfall proven; when the time limit
//! ends one, the stage report says it is not, and the plan with the least shortfall
//! found goes on to the cost stage. With a plan in hand each search gets half the
//! time left. The searches solve their root LP by the interior point method: with
//! moves that cost nothing, the dual simplex wanders a vast face of optima.

use super::at_limit;
use super::columns::restrict;
use super::restricted::Restricted;
use super::rounds::price;
use super::settings::{Objective, PricingStats, INTEGRALITY_TOL};
use super::Known;
use crate::model::county::County;
use crate::model::error::{Result, RotationError};
use crate::model::policy::Policy;
use crate::model::solver_message::SolverMessage;
use crate::rules::candidates::Candidates;
use crate::solve::formulation::{formulate, MoveVariables, Stage};
use crate::solve::highs::{
    solve, Progress, SolveMethod, SolveOptions, SolveOutcome, SolveStage, SolveStatus,
};
use std::time::Instant;

/// The widening search runs only when at most this many moves per priced move join
/// (else its MIP is nearly the full model's).
const WIDEN_AT_MOST: usize = 2;

/// A least shortfall this close to the bound is proven (HiGHS's feasibility
/// tolerance on the rows that define it).
const PROVEN_TOL: f64 = 1e-6;

/// The least target shortfall found, and the plan that has it.
pub(super) struct Least {
    /// `u + v` of the plan (teachers).
    pub(super) shortfall: f64,
    /// Whether no plan over every candidate move has less.
    pub(super) proven: bool,
    /// Not proven, but no plan over the priced moves has less.
    pub(super) among_priced: bool,
    pub(super) plan: Known,
}

/// Prices the least-shortfall LP from `live`'s moves, then finds the least shortfall
/// over the priced moves (see the module's note). Leaves `live` holding the
/// least-shortfall objective. `start` is when the whole solve began; `short`, the
/// swaps short of the targets (`super::swaps_as_plan`), the plan when the time limit
/// ends the LP and they fall less short than its completion (or there is none).
pub(super) fn least(
    county: &County,
    policy: &Policy,
    full: &Candidates,
    live: &mut Restricted,
    options: &SolveOptions,
    stats: &mut PricingStats,
    (start, short): (Instant, Option<&Known>),
) -> Result<Least> {
    options
        .observer
        .report(Progress::Objective(SolveStage::LeastTargetShortfall));
    live.set_objective(full, Objective::Targets)?;
    // The rounds end once the LP's optimum is at the Lagrangian bound, also at a
    // solution some chords cut: the bound holds all the same, and the MIPs below
    // hold every balance row. (On a 20,000-teacher county of the family with an
    // outflow cap of 10 %, seven more rounds of chords took 20 s and left the LP at
    // the same optimum.)
    let round = match price(county, full, live, 0.0, true, options.verbose, stats) {
        Ok(round) => round,
        // Out of time on the LP: the plan completed from its last solution (in the
        // share of the time limit the rounds leave), its least shortfall not proven;
        // the swaps short of the targets when they fall less short (or nothing
        // completes).
        Err(e @ RotationError::TimeLimit(_)) => {
            let timing = (start, stats.lp_seconds);
            let completed =
                at_limit::complete(county, policy, full, live, options, timing, Stage::Targets)
                    .map(|c| Known {
                        moves: moves_at_one(&c.x),
                        method: SolveMethod::LeastShortfall,
                        shortfall: (c.shortfall_exchange, c.shortfall_backbone),
                    });
            let sum = |k: &Known| k.shortfall.0 + k.shortfall.1;
            // As at the limit of the first rounds (`at_limit::preferred`): the one that
            // falls less short, then the cheaper, the completion on a tie.
            let key = |k: &Known| {
                (
                    sum(k),
                    live.cost_of(county, full, &super::plan_x(full, &k.moves)),
                )
            };
            let plan = match short {
                Some(s) => at_limit::prefer(completed, s.clone(), key),
                None => completed.ok_or(e)?,
            };
            return Ok(Least {
                shortfall: sum(&plan).max(0.0),
                proven: false,
                among_priced: false,
                plan,
            });
        }
        Err(e) => return Err(e),
    };
    let bound = round.lower_bound;
    let exact = || {
        let mut o = options.left_since(start);
        o.gap = 0.0;
        o.proven_bound = Some(bound);
        o
    };
    let priced = live.keep.clone();
    // The LP's whole moves, when its solution is whole, or else completed (its whole
    // moves fixed, the rest to a small MIP): at the bound, the least shortfall with
    // no search (on `district-20k` with an outflow cap of 10 %, the MIP over the
    // priced moves took 166 s to find the plan the bound had proven least).
    let integral = round.chord_free
        && round
            .x
            .iter()
            .all(|v| (v - v.round()).abs() <= INTEGRALITY_TOL);
    if integral {
        let shortfall = round.shortfall_exchange + round.shortfall_backbone;
        if shortfall <= bound + PROVEN_TOL {
            return Ok(Least {
                shortfall,
                proven: true,
                among_priced: false,
                plan: Known {
                    moves: moves_at_one(&round.x),
                    method: SolveMethod::LeastShortfall,
                    shortfall: (round.shortfall_exchange, round.shortfall_backbone),
                },
            });
        }
    }
    // The last solution of the rounds no chord cut, indexed like the full
    // candidates (empty when the rounds ended at one, or there was none). When no
    // least-shortfall round was free of chords it is the met stage's last one.
    let chord_free_x: Vec<f64> = if round.chord_free || live.last_x.is_empty() {
        Vec::new()
    } else {
        let first = live.layout.first_move();
        let mut x = vec![0.0; full.moves.len()];
        for (c, &j) in live.col_move.iter().enumerate() {
            x[j] = live.last_x.get(c + first).copied().unwrap_or(0.0);
        }
        x
    };
    // A MIP over the moves in `keep` (`Fix::Whole`: the whole moves of the LP
    // solution `x` fixed; `Fix::Ones`: its moves at 1) that seeks only plans below
    // `cutoff`, within `share` of the time left.
    let over_from = |x: &[f64],
                     keep: &[bool],
                     fix: Fix,
                     cutoff: Option<f64>,
                     share: f64,
                     stats: &mut PricingStats| {
        let (moves, index) = restrict(full, keep);
        let t = Instant::now();
        let lp_x: Vec<f64> = index.iter().map(|&j| x[j]).collect();
        let variables = match fix {
            Fix::Whole => MoveVariables::FixedWhereIntegral(&lp_x),
            Fix::Ones => MoveVariables::OnesFixed(&lp_x),
            Fix::None => MoveVariables::Binary,
        };
        let model = formulate(county, policy, &moves, variables, Stage::Targets);
        stats.build_seconds += t.elapsed().as_secs_f64();
        let mut sought = exact();
        sought.cutoff = cutoff;
        // Over the priced moves at 20,000 teachers (outflow cap 10 %), the dual
        // simplex had not solved the root LP after 60 s; the interior point method
        // solved it in 9 s, and the search found a plan at the bound in 57 s (4
        // teachers below the completion of a chord-free LP solution).
        sought.root_by_ipm = fix != Fix::Whole;
        sought.time_limit = sought.time_limit.map(|t| t * share);
        solve(model, &sought).map(|o| (o, index))
    };
    let over =
        |keep: &[bool], fix: Fix, cutoff: Option<f64>, share: f64, stats: &mut PricingStats| {
            over_from(&round.x, keep, fix, cutoff, share, stats)
        };
    let at_bound = |o: &SolveOutcome| o.objective <= bound + PROVEN_TOL;
    // The best plan so far and the indices of its moves.
    let mut best: Option<(SolveOutcome, Vec<usize>)> = None;
    match over(&priced, Fix::Whole, None, 1.0, stats) {
        // Any plan, also one the time limit stopped: at the bound it is the least.
        Ok((c, index)) if c.status != SolveStatus::Infeasible => best = Some((c, index)),
        Ok(_) | Err(RotationError::TimeLimit(_)) => {}
        Err(e) => return Err(e),
    }
    let mut proven = best.as_ref().is_some_and(|(o, _)| at_bound(o));
    // When chords cut the LP's last solution, the last one they did not cut is
    // completed too, and the better plan kept (on a 20,000-teacher county of the
    // family with an outflow cap of 10 %, the completion of the chord-cut solution
    // was 14 above the bound; that of the met stage's last solution, the chord-free
    // one there, at the bound in 0.25 s). With a plan in hand, half the time left.
    if !proven && !chord_free_x.is_empty() {
        let share = if best.is_some() { 0.5 } else { 1.0 };
        let cutoff = best.as_ref().map(|(o, _)| o.objective - PROVEN_TOL);
        match over_from(&chord_free_x, &priced, Fix::Whole, cutoff, share, stats) {
            Ok((o, index))
                if o.status != SolveStatus::Infeasible
                    && !o.x.is_empty()
                    && cutoff.is_none_or(|c| o.objective < c) =>
            {
                proven = at_bound(&o);
                best = Some((o, index));
            }
            Ok(_) | Err(RotationError::TimeLimit(_)) => {}
            Err(e) => return Err(e),
        }
    }
    // Exact searches, each for a plan below the best so far: first over the priced
    // moves, then over every move a plan with less shortfall can make. With a plan in
    // hand each gets half the time left, so that the cost stage keeps the rest (on a
    // 20,000-teacher county of the family, the completion was 4 above the bound and
    // the MIP over the priced moves spent 88 s in its root LP without a plan).
    let mut searched = false;
    // First a plan below the completed one with the LP's moves at 1 kept (on a
    // 20,000-teacher county of the family with an outflow cap of 10 %: the completion
    // of a chord-cut solution was 14 above the bound, this search found a plan at the bound in 23 s, in
    // half the time left; the search below over every priced move took 57 s).
    if !proven {
        if let Some(cutoff) = best.as_ref().map(|(o, _)| o.objective - PROVEN_TOL) {
            match over(&priced, Fix::Ones, Some(cutoff), 0.5, stats) {
                Ok((o, index))
                    if o.status != SolveStatus::Infeasible
                        && !o.x.is_empty()
                        && o.objective < cutoff =>
                {
                    proven = at_bound(&o);
                    best = Some((o, index));
                }
                Ok(_) | Err(RotationError::TimeLimit(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }
    if !proven {
        let (share, cutoff) = match &best {
            Some((o, _)) => (0.5, Some(o.objective - PROVEN_TOL)),
            None => (1.0, None),
        };
        match over(&priced, Fix::None, cutoff, share, stats) {
            Ok((o, index)) if o.status == SolveStatus::Optimal => {
                searched = true;
                proven = at_bound(&o);
                best = Some((o, index));
            }
            // Nothing below the cutoff: the plan in hand is the least here.
            Ok((o, _)) if o.status == SolveStatus::Infeasible && best.is_some() => {
                searched = true;
            }
            Ok((o, index)) if o.status == SolveStatus::TimeLimit => best = Some((o, index)),
            Ok(_) if best.is_none() => {
                // Nobody moving is a plan of this stage: only a wrong answer says
                // otherwise. Not where a teacher must move (pinned, or returning):
                // `solve_priced` then hands the round to the full model.
                return Err(RotationError::Solver(SolverMessage::StageInfeasible {
                    balance: false,
                }));
            }
            Ok(_) => {}
            Err(RotationError::TimeLimit(_)) if best.is_some() => {}
            Err(e) => return Err(e),
        }
    }
    let Some((mut plan, mut index)) = best else {
        return Err(RotationError::TimeLimit(SolverMessage::NoPlanInTime));
    };
    if options.verbose {
        eprintln!(
            "least target shortfall over {} priced moves: {:.6} (searched: {searched}), bound {bound:.6}",
            priced.iter().filter(|&&k| k).count(),
            plan.objective
        );
    }
    // The widening joins every move whose reduced cost is within the slack: where
    // that is most of the county (moves cost nothing here, so many reduced costs are
    // 0), its MIP is the full model's, which this stage exists to avoid.
    let mut among_priced = searched && !proven;
    if searched && !proven {
        let slack = plan.objective - bound;
        let layout = &live.layout;
        let wider: Vec<bool> = full
            .moves
            .iter()
            .zip(&priced)
            .map(|(m, &kept)| {
                kept || layout.reduced_cost_but_once(county, m, &round.y) - round.best[m.teacher]
                    < slack - PROVEN_TOL
            })
            .collect();
        let joining = wider.iter().zip(&priced).filter(|(&w, &k)| w && !k).count();
        let priced_count = priced.iter().filter(|&&k| k).count();
        if joining <= WIDEN_AT_MOST * priced_count {
            stats.gap_moves += joining;
            let cutoff = Some(plan.objective - PROVEN_TOL);
            match over(&wider, Fix::None, cutoff, 0.5, stats) {
                Ok((wide, wide_index)) if wide.status == SolveStatus::Optimal => {
                    (proven, among_priced) = (true, false);
                    (plan, index) = (wide, wide_index);
                }
                Ok((wide, _)) if wide.status == SolveStatus::Infeasible => {
                    (proven, among_priced) = (true, false);
                }
                Ok((wide, wide_index)) if wide.status == SolveStatus::TimeLimit => {
                    (plan, index) = (wide, wide_index);
                    among_priced = false;
                }
                Ok(_) | Err(RotationError::TimeLimit(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }
    let moves: Vec<usize> = index
        .iter()
        .zip(&plan.x)
        .filter(|(_, &v)| v > 0.5)
        .map(|(&j, _)| j)
        .collect();
    Ok(Least {
        shortfall: plan.objective.max(0.0),
        proven,
        among_priced,
        plan: Known {
            moves,
            method: SolveMethod::LeastShortfall,
            shortfall: (plan.shortfall_exchange, plan.shortfall_backbone),
        },
    })
}

/// Which of the LP's moves a MIP of [`least`] keeps as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fix {
    /// Every move whole in the LP (a completion).
    Whole,
    /// The moves at 1.
    Ones,
    /// None.
    None,
}

/// The moves a plan makes, from its values indexed like the full candidates.
fn moves_at_one(x: &[f64]) -> Vec<usize> {
    (0..x.len()).filter(|&j| x[j] > 0.5).collect()
}
