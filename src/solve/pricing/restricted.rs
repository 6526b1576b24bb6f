//! The restricted LP kept alive across pricing rounds, and the rounds themselves:
//! solve, price every candidate move against the duals, add the best, repeat.

use super::every_move::price_moves;
use super::layout::Layout;
use super::settings::{rounds_end, Objective, PricingStats, Tail, PARALLEL_MOVES, PURGE_ABOVE};
use crate::model::county::County;
use crate::model::error::{Result, RotationError};
use crate::model::policy::Policy;
use crate::model::solver_message::SolverMessage;
use crate::rules::candidates::Candidates;
use crate::solve::formulation::ModelSize;
use crate::solve::highs::{within_gap, SolveOptions};
use crate::solve::live_lp::{LiveLp, LiveSolution};
use crate::solve::model_rules::ModelRules;
use highs_sys::HighsInt;
use std::time::Instant;

/// The restricted LP: one live HiGHS instance, columns `u`, `v`, the aggregates, the
/// balance columns, the rounding row's surplus (see `Layout::fixed_columns`), then
/// moves in the order they joined.
pub(super) struct Restricted {
    pub(super) lp: LiveLp,
    pub(super) layout: Layout,
    /// Full index of the move in each LP column from `layout.first_move()` on.
    pub(super) col_move: Vec<usize>,
    /// Moves in the LP, by full index.
    pub(super) keep: Vec<bool>,
    /// Moves once deleted from the LP, by full index: never deleted again, so that the
    /// rounds end as they do without deletion.
    pub(super) purged: Vec<bool>,
    /// Moves are deleted only above this many in the LP ([`PURGE_ABOVE`]; the tests
    /// lower it).
    pub(super) purge_above: usize,
    /// LP columns of each teacher.
    pub(super) columns_of: Vec<Vec<u32>>,
    pub(super) nonzeros: usize,
    /// When the rounds must end: the time limit less the share kept for completing a
    /// plan from the last round's LP when the limit ends pricing.
    pub(super) deadline: Option<Instant>,
    /// The last LP solution that no chord cuts (see [`Layout::cut_chords`]), by LP
    /// column (empty before the first).
    pub(super) last_x: Vec<f64>,
    /// The moves of the latest LP solution some chord cuts, by candidate move, with
    /// their values (empty until one): what a plan at the time limit is completed from
    /// when no round ended at a solution no chord cuts. Near the limit the rounds
    /// re-solve with their chords until none is cut, which need not happen in time:
    /// on the family's `d20k-haiyan` under a 4 s limit seven such re-solves each cut a
    /// few more, and the starting swaps (50 % above the bound) were written.
    pub(super) last_cut_x: Vec<(usize, f64)>,
    /// The target shortfall (`u + v`) of the latest LP solution: above 0, no plan among
    /// the priced moves meets the targets (the shortfall's price is far above any
    /// plan's cost), and a plan at the time limit is completed with the least shortfall.
    pub(super) last_shortfall: f64,
    /// Told of each round's bound.
    pub(super) observer: crate::solve::highs::Observer,
    /// The best Lagrangian bound of any round so far (each is valid for the full
    /// model), kept for a plan written when the time limit ends pricing.
    pub(super) best_bound: f64,
    /// Whether the next solve starts from scratch rather than from the last basis: set
    /// by a change of objective (see [`Restricted::set_objective`]).
    pub(super) cold_start: bool,
    /// Whether the basis is the met stage's last optimum: the least-shortfall LP
    /// after it found that basis optimal (no iterations), or the met stage is on.
    basis_from_met: bool,
    /// The longest round so far, solve and pricing (wall clock), over every call of
    /// [`price`]: a call that starts with a short re-solve must still see how long a
    /// round can take before the time limit.
    pub(super) longest_round: f64,
    /// Threads that price the moves each round: the machine's cores, or fewer with
    /// `--threads` (a sweep runs its points on one each).
    pub(super) workers: usize,
}

impl Restricted {
    pub(super) fn new(
        county: &County,
        policy: &Policy,
        full: &Candidates,
        options: &SolveOptions,
    ) -> Result<Restricted> {
        let layout = Layout::new(county, ModelRules::new(county, policy, full), full);
        let mut lp = LiveLp::new(&layout.lower, &layout.upper)?;
        if options.verbose {
            lp.set_bool("output_flag", true)?;
            lp.set_bool("log_to_console", true)?;
        }
        lp.set_int("random_seed", options.seed as i32)?;
        // No cost perturbation: each round re-solves from the last basis with the new
        // columns dual infeasible, and the perturbed solve then ends in a primal
        // simplex clean-up of the perturbation (a few hundred iterations, up to 0.9 s a
        // round on the 100,000-teacher practice county). Measured there under
        // `haiyan-2022`, `--gap 1e-3`, idle machine, two moves per teacher and round:
        // 156.0 and 157.3 s with it, 138.4 and 139.8 s without (25 rounds against 22,
        // the same gap); `district-20k` 4.67 → 4.35 s; the generated 100,000-teacher
        // county and the family's priced 20,000-teacher counties within their noise.
        lp.set_double("dual_simplex_cost_perturbation_multiplier", 0.0)?;
        if let Some(threads) = options.threads {
            lp.set_int("threads", threads as i32)?;
        }
        if !options.presolve {
            lp.set_string("presolve", "off")?;
        }
        let fixed = layout.fixed_columns();
        let mut cost = Vec::new();
        let mut lower = Vec::new();
        let mut upper = Vec::new();
        let mut starts = Vec::new();
        let mut index: Vec<HighsInt> = Vec::new();
        let mut value = Vec::new();
        for (c, lo, hi, e, _) in fixed {
            cost.push(c);
            lower.push(lo);
            upper.push(hi);
            starts.push(index.len() as HighsInt);
            for (r, a) in e {
                index.push(r as HighsInt);
                value.push(a);
            }
        }
        lp.add_cols(&cost, &lower, &upper, &starts, &index, &value)?;
        Ok(Restricted {
            lp,
            layout,
            col_move: Vec::new(),
            keep: vec![false; full.moves.len()],
            purged: vec![false; full.moves.len()],
            purge_above: PURGE_ABOVE,
            columns_of: vec![Vec::new(); county.teachers.len()],
            nonzeros: index.len(),
            observer: options.observer.clone(),
            best_bound: f64::NEG_INFINITY,
            cold_start: false,
            basis_from_met: false,
            longest_round: 0.0,
            workers: {
                let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
                options.threads.map_or(cores, |t| (t as usize).min(cores))
            },
            deadline: options
                .time_limit
                .map(|t| Instant::now() + std::time::Duration::from_secs_f64(rounds_end(t))),
            last_x: Vec::new(),
            last_cut_x: Vec::new(),
            last_shortfall: 0.0,
        })
    }

    pub(super) fn add(&mut self, county: &County, full: &Candidates, js: &[usize]) -> Result<()> {
        let n = js.len();
        let first = self.layout.first_move();
        let mut cost = Vec::with_capacity(n);
        let mut starts = Vec::with_capacity(n);
        let mut index: Vec<HighsInt> = Vec::with_capacity(n * 6);
        let mut value = Vec::with_capacity(n * 6);
        let mut e = Vec::with_capacity(12);
        for &j in js {
            debug_assert!(!self.keep[j]);
            let m = &full.moves[j];
            cost.push(self.layout.move_cost(m));
            starts.push(index.len() as HighsInt);
            self.layout.entries(county, m, &mut e);
            for &(r, a) in &e {
                index.push(r as HighsInt);
                value.push(a);
            }
            self.keep[j] = true;
            self.columns_of[m.teacher].push((self.col_move.len() + first) as u32);
            self.col_move.push(j);
        }
        self.nonzeros += index.len();
        self.lp
            .add_cols(&cost, &vec![0.0; n], &vec![1.0; n], &starts, &index, &value)?;
        self.add_once_rows()?;
        Ok(())
    }

    /// Adds the `once` row of every teacher with two columns or more and none yet.
    /// Written as soon as the second column joins, not when the LP first moves the
    /// teacher twice: a row that the current solution already satisfies keeps the
    /// basis primal feasible, and the restricted LP never drifts to a solution that
    /// moves teachers twice only to be cut back a round later (measured: the LP's
    /// time in pricing fell by a third to a half, e.g. 8.1 → 4.7 s at 20,000
    /// teachers, 32 → 20 s at 100,000).
    fn add_once_rows(&mut self) -> Result<usize> {
        let teachers: Vec<usize> = (0..self.columns_of.len())
            .filter(|&t| {
                self.layout.once[t].is_none()
                    && self.layout.rules.once[t].is_some()
                    && self.columns_of[t].len() > 1
            })
            .collect();
        self.write_once_rows(&teachers)?;
        Ok(teachers.len())
    }

    /// Makes the live LP the relaxation of another stage (see [`Objective`]): the
    /// columns' costs and the bounds of `u`, `v`, the rounding row's surplus and the
    /// rows the objective sets. The basis stays (still primal feasible but for the
    /// rows the objective tightens), except before the cost stage, which starts from
    /// scratch; every column priced in so far stays; the best bound starts afresh, as
    /// it bounds another objective.
    pub(super) fn set_objective(&mut self, full: &Candidates, objective: Objective) -> Result<()> {
        for (r, lo, hi) in self.layout.set_objective(objective) {
            // The rounding row keeps its bounds in the LP: its surplus column frees it
            // (see `Layout::fixed_columns`).
            if Some(r) != self.layout.rounding {
                self.lp.change_row_bounds(r as usize, lo, hi)?;
            }
        }
        let fixed = self.layout.fixed_columns();
        let costs: Vec<f64> = fixed.iter().map(|c| c.0).collect();
        self.lp.change_costs(0, &costs)?;
        for (c, (_, lo, hi, _, _)) in fixed.iter().enumerate().take(2) {
            self.lp.change_col_bounds(c, *lo, *hi)?;
        }
        if self.layout.rounding.is_some() {
            let c = fixed.len() - 1;
            let (_, lo, hi, _, _) = fixed[c];
            self.lp.change_col_bounds(c, lo, hi)?;
        }
        let costs: Vec<f64> = self
            .col_move
            .iter()
            .map(|&j| self.layout.move_cost(&full.moves[j]))
            .collect();
        self.lp.change_costs(self.layout.first_move(), &costs)?;
        // The cost LP starts from the met stage's optimum when the least-shortfall LP
        // kept it (no iterations): it is then the cost stage's but for its rounding
        // cut (`d20k-outflow10`, 262,000 nonzeros: 13 iterations against 7,923 from
        // scratch). A basis the least-shortfall LP moved, chosen by the shortfall
        // alone, is a poor start: from scratch then.
        self.cold_start = matches!(objective, Objective::Cost { .. }) && !self.basis_from_met;
        self.best_bound = f64::NEG_INFINITY;
        Ok(())
    }

    /// Lets `u` relax the rounding row, if there is one (see [`Layout::fixed_columns`]).
    pub(super) fn let_u_relax_rounding(&mut self) -> Result<()> {
        if let (Some(r), false) = (self.layout.rounding, self.layout.u_in_rounding) {
            self.layout.u_in_rounding = true;
            self.lp
                .change_coeff(r as usize, 0, self.layout.rules.targets.backbone_share)?;
        }
        Ok(())
    }

    /// The moves an LP solution `col_value` makes, by candidate move, with their values.
    pub(super) fn moves_made(&self, col_value: &[f64]) -> Vec<(usize, f64)> {
        let first = self.layout.first_move();
        self.col_move
            .iter()
            .enumerate()
            .map(|(c, &j)| (j, col_value[c + first]))
            .filter(|&(_, v)| v > 1e-9)
            .collect()
    }

    /// Solves the restricted LP from the current basis within what is left of the
    /// time limit.
    pub(super) fn solve(&mut self) -> Result<LiveSolution> {
        if let Some(deadline) = self.deadline {
            let left = deadline
                .saturating_duration_since(Instant::now())
                .as_secs_f64();
            if left <= 0.0 {
                return Err(RotationError::TimeLimit(SolverMessage::TimeWhilePricing));
            }
            self.lp.set_double("time_limit", left)?;
        }
        if std::mem::take(&mut self.cold_start) {
            self.lp.clear_basis()?;
        }
        let sol = self.lp.solve()?;
        match self.layout.objective {
            Objective::Met => self.basis_from_met = true,
            Objective::Targets if sol.iterations > 0 => self.basis_from_met = false,
            Objective::Targets | Objective::Cost { .. } => {}
        }
        Ok(sol)
    }

    /// Writes the chords the solution `col_value` cuts below (see
    /// [`Layout::cut_chords`]); returns how many.
    pub(super) fn write_chords(&mut self, col_value: &[f64]) -> Result<usize> {
        let rows = self.layout.cut_chords(col_value);
        let mut lower = Vec::with_capacity(rows.len());
        let mut upper = Vec::with_capacity(rows.len());
        let mut starts = Vec::with_capacity(rows.len());
        let mut index: Vec<HighsInt> = Vec::with_capacity(2 * rows.len());
        let mut value = Vec::with_capacity(2 * rows.len());
        for (lo, hi, entries) in &rows {
            lower.push(*lo);
            upper.push(*hi);
            starts.push(index.len() as HighsInt);
            for &(c, a) in entries {
                index.push(c as HighsInt);
                value.push(a);
            }
        }
        self.nonzeros += index.len();
        self.lp.add_rows(&lower, &upper, &starts, &index, &value)?;
        Ok(rows.len())
    }

    fn write_once_rows(&mut self, teachers: &[usize]) -> Result<()> {
        let mut lower = Vec::with_capacity(teachers.len());
        let mut upper = Vec::with_capacity(teachers.len());
        let mut starts = Vec::with_capacity(teachers.len());
        let mut index: Vec<HighsInt> = Vec::new();
        for &t in teachers {
            let r = self.layout.add_once(t) as usize;
            lower.push(self.layout.lower[r]);
            upper.push(self.layout.upper[r]);
            starts.push(index.len() as HighsInt);
            index.extend(self.columns_of[t].iter().map(|&c| c as HighsInt));
        }
        let value = vec![1.0; index.len()];
        self.nonzeros += index.len();
        self.lp.add_rows(&lower, &upper, &starts, &index, &value)
    }

    pub(super) fn size(&self) -> ModelSize {
        ModelSize {
            columns: self.lp.cols(),
            binaries: self.col_move.len(),
            rows: self.lp.rows(),
            nonzeros: self.nonzeros,
        }
    }
}

/// One restricted LP after the last round of pricing.
pub(super) struct Round {
    /// Move values, indexed like the full candidates.
    pub(super) x: Vec<f64>,
    pub(super) shortfall_exchange: f64,
    pub(super) shortfall_backbone: f64,
    /// Sum of the balance shortfalls (caps and floors).
    pub(super) balance_shortfall: f64,
    /// Row duals, clipped to their signs.
    pub(super) y: Vec<f64>,
    /// A bound on the full model's LP relaxation (so on the full model): the
    /// Lagrangian bound of the duals, keeping each teacher's `once` row. Computed
    /// here from the duals, whatever HiGHS reports as its objective.
    pub(super) lower_bound: f64,
    /// Each teacher's term of the bound: `min(0, min_s reduced cost without once)`.
    pub(super) best: Vec<f64>,
    /// No move is left with a negative reduced cost, and the solution cut no chord:
    /// the restricted LP's optimum is the full LP's.
    pub(super) converged: bool,
    /// No chord cuts `x` (so every balance row holds for it). Only with
    /// `chords_may_remain` can a round end without.
    pub(super) chord_free: bool,
}

/// Rounds of LP and pricing on the live restricted LP until no move prices in, or
/// until the Lagrangian bound is within `stop_gap` of the restricted LP's optimum.
/// With `chords_may_remain` the rounds end there even at a solution some chords cut:
/// for a caller that needs the bound (valid all the same, see below) and not the
/// LP's solution as a plan.
pub(super) fn price(
    county: &County,
    full: &Candidates,
    restricted: &mut Restricted,
    stop_gap: f64,
    chords_may_remain: bool,
    verbose: bool,
    stats: &mut PricingStats,
) -> Result<Round> {
    let mut added: Vec<usize> = Vec::new();
    let mut tail = Tail::default();
    loop {
        stats.rounds += 1;
        let round_start = Instant::now();
        let t = Instant::now();
        let sol = restricted.solve()?;
        stats.lp_seconds += t.elapsed().as_secs_f64();
        stats.lp_iterations += sol.iterations;
        // Chords the solution cuts below join the LP (they are not dualised in this
        // round's bound, which holds all the same). Only a solution no chord cuts is
        // one of the LP relaxation over the LP's moves: only such a solution is kept
        // for completing a plan at the time limit, and the rounds end only at one (but
        // with `chords_may_remain`, once within the gap).
        let t = Instant::now();
        let chords = restricted.write_chords(&sol.col_value)?;
        stats.build_seconds += t.elapsed().as_secs_f64();
        stats.chord_rows += chords;
        restricted.last_shortfall = sol.col_value[0].max(0.0) + sol.col_value[1].max(0.0);
        if chords == 0 {
            restricted.last_x.clone_from(&sol.col_value);
        } else {
            restricted.last_cut_x = restricted.moves_made(&sol.col_value);
        }
        let t = Instant::now();
        let layout = &restricted.layout;
        debug_assert_eq!(sol.row_dual.len() + chords, layout.rows());
        // The chords just written have no dual yet: 0, as if the LP had them slack.
        let mut y = layout.clip(&sol.row_dual);
        y.resize(layout.rows(), 0.0);
        // The duals must reproduce HiGHS's reduced costs on the restricted model;
        // anything else means the pricing does not see the model HiGHS solved.
        let first = layout.first_move();
        for (c, &j) in restricted.col_move.iter().enumerate() {
            let m = &full.moves[j];
            let d = layout.reduced_cost_but_once(county, m, &y) - layout.once_dual(m.teacher, &y);
            // The penalty enters a move's reduced cost only through the duals of the
            // rows the shortfalls relax, which only the met objective prices so high.
            let penalty = match layout.objective {
                Objective::Met => layout.rules.shortfall_penalty,
                Objective::Targets | Objective::Cost { .. } => 1.0,
            };
            let scale = 1.0 + layout.move_cost(m).abs() + penalty;
            if (d - sol.col_dual[c + first]).abs() > 1e-6 * scale {
                return Err(RotationError::Solver(SolverMessage::ReducedCostMismatch {
                    column: c + first,
                    ours: d,
                    highs: sol.col_dual[c + first],
                }));
            }
        }
        // Price every move: the Lagrangian bound over all of them, and the most
        // negative few of each teacher left out join.
        let shares = restricted
            .workers
            .min(full.moves.len().div_ceil(PARALLEL_MOVES))
            .max(1);
        let priced = price_moves(
            county,
            full,
            layout,
            &restricted.keep,
            &y,
            tail.per_teacher(),
            shares,
        );
        // Summed in teacher order onto the constant, as the bound always was.
        let lower_bound = priced
            .best
            .iter()
            .fold(layout.constant(&y), |sum, &b| sum + b);
        let best_of = priced.best;
        added.clear();
        added.extend(priced.joining);
        tail.joined(added.len());
        stats.pricing_seconds += t.elapsed().as_secs_f64();
        restricted.best_bound = restricted.best_bound.max(lower_bound);
        restricted
            .observer
            .report(crate::solve::highs::Progress::Bound(lower_bound));
        if verbose {
            eprintln!(
                "round {}: columns {} rows {} lp {:.6} iterations {} lagrangian {:.6} joining {} chords {} (lp s {:.2})",
                stats.rounds,
                restricted.col_move.len(),
                restricted.lp.rows(),
                sol.objective,
                sol.iterations,
                lower_bound,
                added.len(),
                stats.chord_rows,
                stats.lp_seconds
            );
        }
        stats.once_rows = restricted
            .layout
            .once
            .iter()
            .filter(|r| r.is_some())
            .count();
        let converged = added.is_empty() && chords == 0;
        // Every teacher with two columns has their `once` row, so a solution that cut
        // no chord is one of the full LP, whose optimum is at least the bound.
        let close = within_gap(sol.objective, lower_bound, stop_gap);
        // A round that cut chords when the rounds could end (within the gap, or with
        // less than two of the longest rounds left before the time limit) re-solves
        // with them alone before more moves join, so that they end at a solution no
        // chord cuts. (A solution below a chord breaks a balance row: on the
        // 100,000-teacher practice county the plan completed from one was outside the
        // gap, and pricing then ran to the end; and at a time limit, with every round
        // cutting some, there was no solution to complete and the swaps were written.)
        let longest = restricted
            .longest_round
            .max(round_start.elapsed().as_secs_f64());
        restricted.longest_round = longest;
        let near_limit = restricted.deadline.is_some_and(|d| {
            d.saturating_duration_since(Instant::now()).as_secs_f64() < 2.0 * longest
        });
        // With `chords_may_remain` a round within the gap ends as it is, even near the
        // time limit. Otherwise a round that cut chords near the limit re-solves with
        // them before more moves join, so that the rounds end at a solution no chord
        // cuts, the one `at_limit::complete` starts from.
        if chords > 0 && ((close && !chords_may_remain) || near_limit) {
            added.clear();
        }
        let close = close && (chords == 0 || chords_may_remain);
        if converged || close {
            let mut x = vec![0.0; full.moves.len()];
            for (c, &j) in restricted.col_move.iter().enumerate() {
                x[j] = sol.col_value[c + first];
            }
            return Ok(Round {
                x,
                shortfall_exchange: sol.col_value[0].max(0.0),
                shortfall_backbone: sol.col_value[1].max(0.0),
                balance_shortfall: restricted
                    .layout
                    .balance_shortfall_columns()
                    .map(|c| sol.col_value[c].max(0.0))
                    .sum(),
                y,
                lower_bound,
                best: best_of,
                converged,
                chord_free: chords == 0,
            });
        }
        let t = Instant::now();
        stats.purged_columns += restricted.purge(county, full, &sol)?;
        restricted.add(county, full, &added)?;
        stats.build_seconds += t.elapsed().as_secs_f64();
    }
}

#[cfg(test)]
#[path = "restricted_tests.rs"]
mod tests;
