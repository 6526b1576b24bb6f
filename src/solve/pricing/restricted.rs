//! The restricted LP kept alive across pricing rounds: its columns and rows, its
//! solves, the chords its solutions cut. The rounds themselves are in `rounds`.

use super::layout::Layout;
use super::settings::{rounds_end, Objective, COMPLETION_RESERVE, PURGE_ABOVE};
use crate::model::county::County;
use crate::model::error::{Result, RotationError};
use crate::model::policy::Policy;
use crate::model::solver_message::SolverMessage;
use crate::rules::candidates::Candidates;
use crate::solve::formulation::ModelSize;
use crate::solve::highs::SolveOptions;
use crate::solve::live_lp::{LiveLp, LiveSolution};
use crate::solve::model_rules::{ModelRules, Sense};
use highs_sys::HighsInt;
use std::time::Instant;

/// The restricted LP: one live HiGHS instance, columns `u`, `v`, the aggregates, the
/// balance columns, the elastics, the rounding row's surplus (see
/// `Layout::fixed_columns`), then moves in the order they joined.
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
    /// When the rounds must end by the limit's share alone: the time limit less the
    /// share kept for completing a plan from the last round's LP when the limit ends
    /// pricing (see [`Restricted::deadline`]).
    pub(super) rounds_end_at: Option<Instant>,
    /// When the time limit ends.
    pub(super) limit_end: Option<Instant>,
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
    /// The target shortfall (`u + v`) of the solution in `last_cut_x`.
    pub(super) last_cut_shortfall: f64,
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
    /// Times a restricted LP without a solution let the elastics free
    /// (`Layout::push_elastic`).
    pub(super) elastic_opened: usize,
}

impl Restricted {
    pub(super) fn new(
        county: &County,
        policy: &Policy,
        full: &Candidates,
        options: &SolveOptions,
    ) -> Result<Restricted> {
        // The limit counts from here, the LP's build included (0.3 s at 100,000
        // teachers).
        let begun = Instant::now();
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
            // A limit beyond what an `Instant` holds is none.
            rounds_end_at: options.time_limit.and_then(|t| after(begun, rounds_end(t))),
            limit_end: options.time_limit.and_then(|t| after(begun, t)),
            last_x: Vec::new(),
            last_cut_x: Vec::new(),
            last_cut_shortfall: 0.0,
            elastic_opened: 0,
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

    /// Adds the `once` row of every teacher with two columns or more and none yet,
    /// and of a teacher pinned to move with one (their row is `= 1`: a column's bound
    /// does not make them move). Written as soon as the second column joins, not when the LP first moves the
    /// teacher twice: a row that the current solution already satisfies keeps the
    /// basis primal feasible, and the restricted LP never drifts to a solution that
    /// moves teachers twice only to be cut back a round later (measured: the LP's
    /// time in pricing fell by a third to a half, e.g. 8.1 → 4.7 s at 20,000
    /// teachers, 32 → 20 s at 100,000).
    fn add_once_rows(&mut self) -> Result<usize> {
        let teachers: Vec<usize> = (0..self.columns_of.len())
            .filter(|&t| {
                self.layout.once[t].is_none()
                    && self.layout.rules.once[t].is_some_and(|row| {
                        let least = if row.sense == Sense::Eq { 1 } else { 2 };
                        self.columns_of[t].len() >= least
                    })
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

    /// Lets the elastics free or holds them at 0 (see [`Layout::push_elastic`]); held,
    /// only at a solution where they are 0, so the basis stays primal feasible.
    pub(super) fn set_elastic_open(&mut self, open: bool) -> Result<()> {
        let (columns, hi) = self.layout.set_elastic_open(open);
        for c in columns {
            self.lp.change_col_bounds(c, 0.0, hi)?;
        }
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

    /// The target shortfall (`u + v`, columns 0 and 1) of the solution a plan at the
    /// time limit is completed from (`at_limit::complete`): the last one no chord cuts,
    /// or else the latest. Above 0, the priced moves meet the targets at no price the
    /// model accepts (the shortfall's price is far above any plan's cost), and a plan
    /// meeting them is not sought.
    pub(super) fn completed_shortfall(&self) -> f64 {
        match self.last_x.get(..2) {
            Some(uv) => uv[0].max(0.0) + uv[1].max(0.0),
            None => self.last_cut_shortfall,
        }
    }

    /// When the rounds must end: by the limit's share ([`rounds_end`]), and early
    /// enough that the completion at the limit has what it asks for
    /// ([`COMPLETION_RESERVE`] of the longest round). On the 100,000-teacher practice
    /// county under a 20 s limit the first round took 8.4 s, the rounds ended with
    /// 1.6 s left, less than the 1.7 s the completion asks, and the swaps were written.
    pub(super) fn deadline(&self) -> Option<Instant> {
        let reserve = std::time::Duration::from_secs_f64(COMPLETION_RESERVE * self.longest_round);
        let by_round = self
            .limit_end
            .map(|end| end.checked_sub(reserve).unwrap_or(end));
        [self.rounds_end_at, by_round].into_iter().flatten().min()
    }

    /// A plan's cost from its moves (`x` indexed like `full.moves`), balance reward
    /// included: what the round recomputes for every plan.
    pub(super) fn cost_of(&self, county: &County, full: &Candidates, x: &[f64]) -> f64 {
        full.moves
            .iter()
            .zip(x)
            .filter(|(_, &v)| v > 0.5)
            .map(|(m, _)| m.cost)
            .sum::<f64>()
            + self
                .layout
                .rules
                .balance
                .objective_of(county, &full.chosen(x))
    }

    /// The moves an LP solution `col_value` makes, by candidate move, with their values
    /// (a solution from before the last columns joined included: `last_x`).
    pub(super) fn moves_made(&self, col_value: &[f64]) -> Vec<(usize, f64)> {
        let first = self.layout.first_move();
        self.col_move
            .iter()
            .enumerate()
            // Columns added since the solution have no value in it.
            .map(|(c, &j)| (j, col_value.get(c + first).copied().unwrap_or(0.0)))
            .filter(|&(_, v)| v > 1e-9)
            .collect()
    }

    /// Gives the next solve what is left before [`Restricted::deadline`]; an error
    /// when nothing is.
    fn limit_to_deadline(&mut self) -> Result<()> {
        if let Some(deadline) = self.deadline() {
            let left = deadline
                .saturating_duration_since(Instant::now())
                .as_secs_f64();
            if left <= 0.0 {
                return Err(RotationError::TimeLimit(SolverMessage::TimeWhilePricing));
            }
            self.lp.set_double("time_limit", left)?;
        }
        Ok(())
    }

    /// Solves the restricted LP from the current basis within what is left of the
    /// time limit.
    pub(super) fn solve(&mut self) -> Result<LiveSolution> {
        self.limit_to_deadline()?;
        if std::mem::take(&mut self.cold_start) {
            self.lp.clear_basis()?;
        }
        let sol = match self.lp.solve() {
            // Without the elastics (a round where someone must move) the LP may have
            // no solution before the moves that keep the staffing rules have joined:
            // they are let free (`Layout::push_elastic`).
            Err(RotationError::Solver(SolverMessage::RestrictedLpStatus { status }))
                if !self.layout.elastic.is_empty()
                    && !self.layout.elastic_open
                    && (status == highs_sys::MODEL_STATUS_INFEASIBLE
                        || status == highs_sys::MODEL_STATUS_UNBOUNDED_OR_INFEASIBLE) =>
            {
                self.set_elastic_open(true)?;
                self.elastic_opened += 1;
                // HiGHS's clock restarts with each solve: the re-solve gets what is
                // left now, not the failed solve's share again.
                self.limit_to_deadline()?;
                self.lp.solve()?
            }
            other => other?,
        };
        match self.layout.objective {
            Objective::Met => self.basis_from_met = true,
            Objective::Targets | Objective::Feasible if sol.iterations > 0 => {
                self.basis_from_met = false
            }
            Objective::Targets | Objective::Feasible | Objective::Cost { .. } => {}
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

/// `seconds` after `begun`, when a clock holds it.
fn after(begun: Instant, seconds: f64) -> Option<Instant> {
    std::time::Duration::try_from_secs_f64(seconds)
        .ok()
        .and_then(|d| begun.checked_add(d))
}
