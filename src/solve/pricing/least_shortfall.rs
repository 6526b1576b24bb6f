//! The least target shortfall, priced: the stage `Stage::Targets` of the
//! lexicographic solve when even the LP relaxation misses a target.
//!
//! On the full model that stage is one LP and one MIP over every candidate move (at
//! 20,000 teachers with an outflow cap of 10 %, 525,305 columns: 87 s for the LP and
//! no plan in 196 s). Here the live LP's objective becomes `u + v` (moves cost
//! nothing, the rounding row, a cut only where the targets are met, is freed) and
//! pricing goes on from the moves already in: its Lagrangian bound then bounds the
//! least shortfall of the full model. The MIP over the priced moves gives a plan and
//! its least shortfall; equal to the bound, it is proven. Otherwise the moves whose
//! reduced cost is within the difference of their teacher's best (the only moves a
//! plan with less shortfall can make, as in `solve_priced`'s last MIP) join and a
//! second MIP settles it; only when the time limit ends that MIP is the shortfall the
//! least among the priced moves, and the stage report says it is not proven.

use super::columns::restrict;
use super::restricted::{price, Restricted};
use super::settings::{Objective, PricingStats, INTEGRALITY_TOL};
use super::Known;
use crate::model::county::County;
use crate::model::error::{Result, RotationError};
use crate::model::policy::Policy;
use crate::model::solver_message::SolverMessage;
use crate::rules::candidates::Candidates;
use crate::solve::formulation::{formulate, MoveVariables, Stage};
use crate::solve::highs::{solve, Progress, SolveMethod, SolveOptions, SolveStage, SolveStatus};
use std::time::Instant;

/// A least shortfall this close to the bound is proven (HiGHS's feasibility
/// tolerance on the rows that define it).
const PROVEN_TOL: f64 = 1e-6;

/// The least target shortfall found, and the plan that has it.
pub(super) struct Least {
    /// `u + v` of the plan (teachers).
    pub(super) shortfall: f64,
    /// Whether no plan over every candidate move has less.
    pub(super) proven: bool,
    pub(super) plan: Known,
}

/// Prices the least-shortfall LP from `live`'s moves, then finds the least shortfall
/// over the priced moves (see the module's note). Leaves `live` holding the
/// least-shortfall objective. `start` is when the whole solve began.
pub(super) fn least(
    county: &County,
    policy: &Policy,
    full: &Candidates,
    live: &mut Restricted,
    options: &SolveOptions,
    stats: &mut PricingStats,
    start: Instant,
) -> Result<Least> {
    options
        .observer
        .report(Progress::Objective(SolveStage::LeastTargetShortfall));
    live.set_objective(full, Objective::Targets)?;
    let round = price(county, full, live, 0.0, options.verbose, stats)?;
    let bound = round.lower_bound;
    let exact = || {
        let mut o = options.clone();
        o.gap = 0.0;
        o.proven_bound = Some(bound);
        if let Some(limit) = options.time_limit {
            o.time_limit = Some((limit - start.elapsed().as_secs_f64()).max(0.01));
        }
        o
    };
    let priced = live.keep.clone();
    // The LP's whole moves, when its solution is whole, or else completed (its whole
    // moves fixed, the rest to a small MIP): at the bound, the least shortfall with
    // no search (on `district-20k` with an outflow cap of 10 %, the MIP over the
    // priced moves took 166 s to find the plan the bound had proven least).
    let integral = round
        .x
        .iter()
        .all(|v| (v - v.round()).abs() <= INTEGRALITY_TOL);
    if integral {
        let shortfall = round.shortfall_exchange + round.shortfall_backbone;
        if shortfall <= bound + PROVEN_TOL {
            return Ok(Least {
                shortfall,
                proven: true,
                plan: Known {
                    moves: (0..full.moves.len())
                        .filter(|&j| round.x[j] > 0.5)
                        .collect(),
                    method: SolveMethod::LeastShortfall,
                    shortfall: (round.shortfall_exchange, round.shortfall_backbone),
                },
            });
        }
    }
    // A MIP over the moves in `keep`, the LP's whole moves fixed when `complete`.
    let over = |keep: &[bool], complete: bool, stats: &mut PricingStats| {
        let (moves, index) = restrict(full, keep);
        let t = Instant::now();
        let lp_x: Vec<f64> = index.iter().map(|&j| round.x[j]).collect();
        let variables = if complete {
            MoveVariables::FixedWhereIntegral(&lp_x)
        } else {
            MoveVariables::Binary
        };
        let model = formulate(county, policy, &moves, variables, Stage::Targets);
        stats.build_seconds += t.elapsed().as_secs_f64();
        solve(model, &exact()).map(|o| (o, index))
    };
    let completed = over(&priced, true, stats)?;
    let (mut best, mut index) = match completed {
        (c, index) if c.status == SolveStatus::Optimal && c.objective <= bound + PROVEN_TOL => {
            (c, index)
        }
        _ => over(&priced, false, stats)?,
    };
    if best.status == SolveStatus::Infeasible {
        // Nobody moving is a plan of this stage: only a wrong answer says otherwise.
        return Err(RotationError::Solver(SolverMessage::StageInfeasible {
            balance: false,
        }));
    }
    let mut proven = best.status == SolveStatus::Optimal && best.objective <= bound + PROVEN_TOL;
    if options.verbose {
        eprintln!(
            "least target shortfall over {} priced moves: {:?} {:.6}, bound {bound:.6}",
            index.len(),
            best.status,
            best.objective
        );
    }
    if !proven && best.status == SolveStatus::Optimal {
        let slack = best.objective - bound;
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
        stats.gap_moves += wider.iter().filter(|&&w| w).count() - index.len();
        match over(&wider, false, stats) {
            Ok((wide, wide_index)) if wide.status == SolveStatus::Optimal => {
                proven = true;
                if wide.objective < best.objective {
                    (best, index) = (wide, wide_index);
                }
            }
            Ok((wide, wide_index)) if wide.status == SolveStatus::TimeLimit => {
                if wide.objective < best.objective {
                    (best, index) = (wide, wide_index);
                }
            }
            Ok(_) | Err(RotationError::TimeLimit(_)) => {}
            Err(e) => return Err(e),
        }
    }
    let moves: Vec<usize> = index
        .iter()
        .zip(&best.x)
        .filter(|(_, &v)| v > 0.5)
        .map(|(&j, _)| j)
        .collect();
    Ok(Least {
        shortfall: best.objective.max(0.0),
        proven,
        plan: Known {
            moves,
            method: SolveMethod::LeastShortfall,
            shortfall: (best.shortfall_exchange, best.shortfall_backbone),
        },
    })
}
