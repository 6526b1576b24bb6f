//! Pricing candidate moves in (column generation): the same model as
//! `rotation plan`, solved without handing HiGHS every candidate move at once.
//!
//! A county of 100,000 teachers has millions of candidate moves, nearly all of which
//! no good plan uses. The solve starts from the moves between neighbouring schools
//! and adds a move only when the LP duals say it could lower the cost (negative
//! reduced cost), until no move can: the LP relaxation of the restricted model is then
//! the LP relaxation of the full model, and its optimum a valid bound for the full
//! model. When that optimum is integral, it is the full model's optimum. Otherwise a
//! plan is completed on the priced moves; if it is not within the gap of the bound,
//! every move whose reduced cost is below the gap (the only moves a better plan can
//! use) joins, and the MIP over those moves settles it exactly.
//!
//! The restricted LP lives in one HiGHS instance for all rounds ([`LiveLp`]): its rows
//! are created up front, joining moves are added as columns, and each round's dual
//! simplex starts from the previous round's basis. Its form (see [`Layout`]) has no
//! row that holds every move, and a teacher's `once` row is added only when the LP
//! moves them more than once. Every round also gives a Lagrangian bound over every
//! candidate move (keeping each teacher's `once` row), valid for the full model
//! whatever the duals: pricing may stop early once the restricted LP's optimum is
//! integral, moves nobody twice and is within the gap of that bound.
//!
//! Only the LP relaxation is priced: the completing MIPs are built by [`formulate`]
//! over the priced moves and solved on fresh HiGHS instances.

use crate::model::county::{County, Zone};
use crate::model::error::{Result, RotationError};
use crate::model::policy::{Direction, Policy};
use crate::model::shares::floor_share;
use crate::rules::candidates::{Candidate, Candidates};
use crate::solve::formulation::{formulate, targets, ModelSize, MoveVariables, Targets};
use crate::solve::highs::{
    relative_gap, solve, SolveMethod, SolveOptions, SolveOutcome, SolveStatus,
};
use crate::solve::live_lp::{LiveLp, LiveSolution};
use highs_sys::HighsInt;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::time::Instant;

/// Candidate moves above this count are priced in rather than all handed to HiGHS
/// (measured, haiyan-2022: priced 0.13 s against 0.15 s at 16,652 moves, 3.0 s against
/// 9.0 s at 450,271; below this count both are fast and every move goes to HiGHS).
pub const PRICING_THRESHOLD: usize = 100_000;
/// The first restricted model holds the moves between each school and its this many
/// nearest destinations, both ways (measured at 20,000 and 100,000 teachers: 2 beats
/// 1, 3 and 5).
pub const START_NEAREST: usize = 2;
/// At most this many moves of one teacher join per round (measured: 2 beats 1, 5, 10).
const ADD_PER_TEACHER: usize = 2;
/// A teacher moved more than `1 + ONCE_TOL` times gets their `once` row.
const ONCE_TOL: f64 = 1e-7;
const REDUCED_COST_TOL: f64 = 1e-7;
const INTEGRALITY_TOL: f64 = 1e-6;

/// How the pricing went.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PricingStats {
    pub rounds: usize,
    /// Moves in the last restricted model, of all candidate moves.
    pub priced_moves: usize,
    pub candidate_moves: usize,
    /// Moves that joined because their reduced cost was below the gap.
    pub gap_moves: usize,
    pub build_seconds: f64,
    pub lp_seconds: f64,
    /// Seconds spent pricing every candidate move (reduced costs and the bound).
    pub pricing_seconds: f64,
    /// Simplex iterations over all rounds of the live restricted LP.
    pub lp_iterations: i64,
    /// `once` rows the live LP needed (the others hold without being written).
    pub once_rows: usize,
}

/// How a row bounds its activity (for the sign of its dual).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sense {
    Ge,
    Le,
    Eq,
}

/// The live LP: the full model's LP relaxation in an equivalent form without dense
/// rows, created up front in one HiGHS instance; candidate moves join as columns.
///
/// The county-wide rows of [`formulate`] hold every move, so every simplex iteration
/// of HiGHS priced all of them. Here each school `s` with departures has an aggregate
/// column `n_s` (its departures, `0 ≤ n_s ≤ min(outflow cap, movable teachers)`: the
/// outflow row becomes a bound) and `b_s` (the backbone terms of its departures,
/// between the sums of its negative and of its positive coefficients), defined by the
/// rows `Σ_{h(t)=s} x − n_s = 0` and `Σ_{h(t)=s} coef_t x − b_s = 0`. The exchange,
/// parity and backbone rows hold the aggregates, `u` and `v`. A move's column has at
/// most six entries: its teacher's `once` row, the two aggregate rows of the school
/// it leaves, the staffing rows (tolerances above 0) and the two subject rows. The
/// bounds on the aggregates are implied by the full model, so the LP optimum is the
/// full model's LP relaxation's.
///
/// A teacher's `once` row joins when the LP moves them more than once (until then it
/// would hold anyway).
struct Layout {
    lower: Vec<f64>,
    upper: Vec<f64>,
    sense: Vec<Sense>,
    /// Rows other than `once`: they enter the Lagrangian constant.
    dualised: Vec<bool>,
    once: Vec<Option<u32>>,
    /// Teachers with two or more candidate moves (a `once` row in the full model).
    multi: Vec<bool>,
    exchange: u32,
    parity: Option<u32>,
    backbone: u32,
    /// Row `Σ_{h(t)=s} x − n_s = 0` of a school with departures.
    departures: Vec<Option<u32>>,
    /// Row `Σ_{h(t)=s} coef_t x − b_s = 0` of a school with backbone terms.
    backbone_of: Vec<Option<u32>>,
    /// `(hi, lo)` staffing rows of a school (tolerances above 0 only).
    staffing: Vec<Option<(u32, u32)>>,
    subjects: usize,
    subject_of: Vec<u32>,
    /// Row of `(school · subjects + subject)`.
    subject_row: Vec<Option<u32>>,
    backbone_coef: Vec<f64>,
    urban: Vec<bool>,
    penalty: f64,
    /// Upper bounds no optimum exceeds for `u` (the exchange target) and `v` (the
    /// backbone row's right-hand side plus every eligible teacher).
    shortfall_max: (f64, f64),
    /// Aggregate columns: (school, is `b_s`, lower, upper), in column order after `u`
    /// and `v`.
    aggregates: Vec<(usize, bool, f64, f64)>,
}

impl Layout {
    fn new(county: &County, policy: &Policy, full: &Candidates, targets: &Targets) -> Layout {
        let schools = county.schools.len();
        let mut l = Layout {
            lower: Vec::new(),
            upper: Vec::new(),
            sense: Vec::new(),
            dualised: Vec::new(),
            once: vec![None; county.teachers.len()],
            multi: vec![false; county.teachers.len()],
            exchange: 0,
            parity: None,
            backbone: 0,
            departures: vec![None; schools],
            backbone_of: vec![None; schools],
            staffing: vec![None; schools],
            subjects: 0,
            subject_of: vec![0; county.teachers.len()],
            subject_row: Vec::new(),
            backbone_coef: vec![0.0; county.teachers.len()],
            urban: county
                .schools
                .iter()
                .map(|s| s.zone == Zone::Urban)
                .collect(),
            penalty: policy.weights.shortfall_penalty,
            shortfall_max: (
                targets.exchange as f64,
                targets.backbone_count.unwrap_or(0) as f64 + targets.eligible as f64,
            ),
            aggregates: Vec::new(),
        };
        let row = |l: &mut Layout, sense: Sense, rhs: f64| -> u32 {
            let (lo, hi) = match sense {
                Sense::Ge => (rhs, f64::INFINITY),
                Sense::Le => (f64::NEG_INFINITY, rhs),
                Sense::Eq => (rhs, rhs),
            };
            l.lower.push(lo);
            l.upper.push(hi);
            l.sense.push(sense);
            l.dualised.push(true);
            (l.lower.len() - 1) as u32
        };
        let mut names: HashMap<&str, u32> = HashMap::new();
        for (t, teacher) in county.teachers.iter().enumerate() {
            let next = names.len() as u32;
            l.subject_of[t] = *names.entry(teacher.subject.as_str()).or_insert(next);
            let b = if teacher.backbone.is_backbone() {
                1.0
            } else {
                0.0
            };
            l.backbone_coef[t] = match targets.backbone_count {
                None => b - policy.targets.backbone_share,
                Some(_) => b,
            };
        }
        l.subjects = names.len().max(1);
        // Teachers with moves, per school: movable count and backbone coefficient sums.
        let mut movable = vec![0u32; schools];
        let mut coef_lo = vec![0.0f64; schools];
        let mut coef_hi = vec![0.0f64; schools];
        let mut start = 0;
        while start < full.moves.len() {
            let t = full.moves[start].teacher;
            let mut end = start;
            while end < full.moves.len() && full.moves[end].teacher == t {
                end += 1;
            }
            l.multi[t] = end - start > 1;
            let s = county.teachers[t].school;
            movable[s] += 1;
            let c = l.backbone_coef[t];
            if c < 0.0 {
                coef_lo[s] += c;
            } else {
                coef_hi[s] += c;
            }
            start = end;
        }
        // The county-wide rows.
        l.exchange = row(&mut l, Sense::Ge, targets.exchange as f64);
        if policy.rules.direction == Direction::CrossZone
            && policy.rules.staffing_tolerance == 0
            && targets.exchange % 2 == 1
        {
            l.parity = Some(row(&mut l, Sense::Ge, targets.exchange.div_ceil(2) as f64));
        }
        l.backbone = row(
            &mut l,
            Sense::Ge,
            targets.backbone_count.unwrap_or(0) as f64,
        );
        // Aggregates of each school with departures; outflow caps become bounds.
        let staff = county.staff();
        for s in 0..schools {
            if movable[s] == 0 {
                continue;
            }
            let cap = floor_share(policy.rules.outflow_cap, staff[s]).min(movable[s]);
            l.departures[s] = Some(row(&mut l, Sense::Eq, 0.0));
            l.aggregates.push((s, false, 0.0, cap as f64));
            if coef_lo[s] != 0.0 || coef_hi[s] != 0.0 {
                l.backbone_of[s] = Some(row(&mut l, Sense::Eq, 0.0));
                l.aggregates.push((s, true, coef_lo[s], coef_hi[s]));
            }
        }
        // Staffing and subject rows, as in `formulate`.
        let staffing_tol = policy.rules.staffing_tolerance as f64;
        let subject_tol = policy.rules.subject_tolerance as f64;
        let equalities = staffing_tol == 0.0 && subject_tol == 0.0;
        let mut touched = vec![false; schools];
        let mut arrives = vec![false; schools * l.subjects];
        let mut departs = vec![false; schools * l.subjects];
        for m in &full.moves {
            let from = county.teachers[m.teacher].school;
            let sub = l.subject_of[m.teacher] as usize;
            touched[m.school] = true;
            touched[from] = true;
            arrives[m.school * l.subjects + sub] = true;
            departs[from * l.subjects + sub] = true;
        }
        if !equalities {
            for (s, &on) in touched.iter().enumerate() {
                if on {
                    let hi = row(&mut l, Sense::Le, staffing_tol);
                    let lo = row(&mut l, Sense::Ge, -staffing_tol);
                    l.staffing[s] = Some((hi, lo));
                }
            }
        }
        l.subject_row = vec![None; schools * l.subjects];
        for k in 0..schools * l.subjects {
            if equalities && (arrives[k] || departs[k]) {
                l.subject_row[k] = Some(row(&mut l, Sense::Eq, 0.0));
            } else if !equalities && departs[k] {
                l.subject_row[k] = Some(row(&mut l, Sense::Ge, -subject_tol));
            }
        }
        l
    }

    fn rows(&self) -> usize {
        self.lower.len()
    }

    /// Appends the `once` row of teacher `t`; returns its index.
    fn add_once(&mut self, t: usize) -> u32 {
        self.lower.push(f64::NEG_INFINITY);
        self.upper.push(1.0);
        self.sense.push(Sense::Le);
        self.dualised.push(false);
        let r = (self.lower.len() - 1) as u32;
        self.once[t] = Some(r);
        r
    }

    /// Columns before the first move: `u`, `v`, the aggregates.
    fn first_move(&self) -> usize {
        2 + self.aggregates.len()
    }

    /// The columns `u`, `v` and the aggregates: cost, bounds and entries.
    #[allow(clippy::type_complexity)]
    fn fixed_columns(&self) -> Vec<(f64, f64, f64, Vec<(u32, f64)>)> {
        let mut cols = Vec::with_capacity(self.first_move());
        let mut u = vec![(self.exchange, 1.0)];
        if let Some(r) = self.parity {
            u.push((r, 1.0));
        }
        cols.push((self.penalty, 0.0, f64::INFINITY, u));
        cols.push((self.penalty, 0.0, f64::INFINITY, vec![(self.backbone, 1.0)]));
        for &(s, is_b, lo, hi) in &self.aggregates {
            let e = if is_b {
                vec![
                    (self.backbone_of[s].expect("row"), -1.0),
                    (self.backbone, 1.0),
                ]
            } else {
                let mut e = vec![
                    (self.departures[s].expect("row"), -1.0),
                    (self.exchange, 1.0),
                ];
                if let (Some(r), true) = (self.parity, self.urban[s]) {
                    e.push((r, 1.0));
                }
                e
            };
            cols.push((0.0, lo, hi, e));
        }
        cols
    }

    /// The entries of a move's column, its `once` row first when it has one.
    fn entries(&self, county: &County, m: &Candidate, out: &mut Vec<(u32, f64)>) {
        out.clear();
        let t = m.teacher;
        let from = county.teachers[t].school;
        if let Some(r) = self.once[t] {
            out.push((r, 1.0));
        }
        out.push((self.departures[from].expect("row"), 1.0));
        if self.backbone_coef[t] != 0.0 {
            out.push((self.backbone_of[from].expect("row"), self.backbone_coef[t]));
        }
        if let Some((hi, lo)) = self.staffing[m.school] {
            out.push((hi, 1.0));
            out.push((lo, 1.0));
        }
        if let Some((hi, lo)) = self.staffing[from] {
            out.push((hi, -1.0));
            out.push((lo, -1.0));
        }
        let sub = self.subject_of[t] as usize;
        if let Some(r) = self.subject_row[m.school * self.subjects + sub] {
            out.push((r, 1.0));
        }
        if let Some(r) = self.subject_row[from * self.subjects + sub] {
            out.push((r, -1.0));
        }
    }

    /// HiGHS's row duals with the sign each row's sense demands (`≥`: ≥ 0, `≤`: ≤ 0,
    /// minimisation); HiGHS's may stray by a tolerance, which is clipped so the bound
    /// stays valid.
    fn clip(&self, row_dual: &[f64]) -> Vec<f64> {
        row_dual
            .iter()
            .zip(&self.sense)
            .map(|(&y, s)| match s {
                Sense::Ge => y.max(0.0),
                Sense::Le => y.min(0.0),
                Sense::Eq => y,
            })
            .collect()
    }

    /// The Lagrangian bound without the moves: `Σ y_i b_i` over every row but the
    /// `once` rows, plus each column `u`, `v`, aggregate at the bound its reduced cost
    /// prefers (−∞ when that bound is infinite).
    fn constant(&self, y: &[f64]) -> f64 {
        let mut total: f64 = (0..self.rows())
            .filter(|&i| self.dualised[i] && y[i] != 0.0)
            .map(|i| {
                y[i] * match self.sense[i] {
                    Sense::Le => self.upper[i],
                    Sense::Ge | Sense::Eq => self.lower[i],
                }
            })
            .sum();
        for (k, (cost, lo, hi, e)) in self.fixed_columns().into_iter().enumerate() {
            // The shortfalls have no upper bound, but no optimum has `u` above the
            // exchange target or `v` above `shortfall_max.1`: the bound over plans
            // within those holds for the optimum.
            let hi = match k {
                0 => self.shortfall_max.0,
                1 => self.shortfall_max.1,
                _ => hi,
            };
            let d = cost - e.iter().map(|&(r, a)| a * y[r as usize]).sum::<f64>();
            total += if d >= 0.0 {
                if d <= REDUCED_COST_TOL && lo == 0.0 {
                    0.0
                } else {
                    d * lo
                }
            } else {
                d * hi
            };
        }
        total
    }

    /// `cost − Σ a_ij y_i` of a move with its `once` row left out.
    fn reduced_cost_but_once(&self, county: &County, m: &Candidate, y: &[f64]) -> f64 {
        let t = m.teacher;
        let from = county.teachers[t].school;
        let mut a = y[self.departures[from].expect("row") as usize];
        if self.backbone_coef[t] != 0.0 {
            a += self.backbone_coef[t] * y[self.backbone_of[from].expect("row") as usize];
        }
        if let Some((hi, lo)) = self.staffing[m.school] {
            a += y[hi as usize] + y[lo as usize];
        }
        if let Some((hi, lo)) = self.staffing[from] {
            a -= y[hi as usize] + y[lo as usize];
        }
        let sub = self.subject_of[t] as usize;
        if let Some(r) = self.subject_row[m.school * self.subjects + sub] {
            a += y[r as usize];
        }
        if let Some(r) = self.subject_row[from * self.subjects + sub] {
            a -= y[r as usize];
        }
        m.cost - a
    }

    fn once_dual(&self, t: usize, y: &[f64]) -> f64 {
        self.once[t].map_or(0.0, |r| y[r as usize])
    }
}

/// The restricted LP: one live HiGHS instance, columns `u`, `v`, the aggregates,
/// then moves in the order they joined.
struct Restricted {
    lp: LiveLp,
    layout: Layout,
    /// Full index of the move in each LP column from `layout.first_move()` on.
    col_move: Vec<usize>,
    /// Moves in the LP, by full index.
    keep: Vec<bool>,
    /// LP columns of each teacher.
    columns_of: Vec<Vec<u32>>,
    nonzeros: usize,
    /// When the whole solve must end (`--time-limit`).
    deadline: Option<Instant>,
}

impl Restricted {
    fn new(
        county: &County,
        policy: &Policy,
        full: &Candidates,
        options: &SolveOptions,
    ) -> Result<Restricted> {
        let targets = targets(county, policy, full);
        let layout = Layout::new(county, policy, full, &targets);
        let mut lp = LiveLp::new(&layout.lower, &layout.upper)?;
        if options.verbose {
            lp.set_bool("output_flag", true)?;
            lp.set_bool("log_to_console", true)?;
        }
        lp.set_int("random_seed", options.seed as i32)?;
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
        for (c, lo, hi, e) in fixed {
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
            columns_of: vec![Vec::new(); county.teachers.len()],
            nonzeros: index.len(),
            deadline: options
                .time_limit
                .map(|t| Instant::now() + std::time::Duration::from_secs_f64(t)),
        })
    }

    fn add(&mut self, county: &County, full: &Candidates, js: &[usize]) -> Result<()> {
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
            cost.push(m.cost);
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
            .add_cols(&cost, &vec![0.0; n], &vec![1.0; n], &starts, &index, &value)
    }

    /// Solves the restricted LP from the current basis within what is left of the
    /// time limit.
    fn solve(&mut self) -> Result<LiveSolution> {
        if let Some(deadline) = self.deadline {
            let left = deadline
                .saturating_duration_since(Instant::now())
                .as_secs_f64();
            if left <= 0.0 {
                return Err(RotationError::Solver(
                    "the time limit ran out while pricing moves in; raise --time-limit".into(),
                ));
            }
            self.lp.set_double("time_limit", left)?;
        }
        self.lp.solve()
    }

    /// Adds the `once` row of every teacher the LP solution moves more than once;
    /// returns how many.
    fn add_violated_once(&mut self, col_value: &[f64]) -> Result<usize> {
        let mut teachers = Vec::new();
        for (t, cols) in self.columns_of.iter().enumerate() {
            if self.layout.once[t].is_none() && self.layout.multi[t] && cols.len() > 1 {
                let total: f64 = cols.iter().map(|&c| col_value[c as usize]).sum();
                if total > 1.0 + ONCE_TOL {
                    teachers.push(t);
                }
            }
        }
        let mut starts = Vec::with_capacity(teachers.len());
        let mut index: Vec<HighsInt> = Vec::new();
        for &t in &teachers {
            self.layout.add_once(t);
            starts.push(index.len() as HighsInt);
            index.extend(self.columns_of[t].iter().map(|&c| c as HighsInt));
        }
        let n = teachers.len();
        let value = vec![1.0; index.len()];
        self.nonzeros += index.len();
        self.lp.add_rows(
            &vec![f64::NEG_INFINITY; n],
            &vec![1.0; n],
            &starts,
            &index,
            &value,
        )?;
        Ok(n)
    }

    fn size(&self) -> ModelSize {
        ModelSize {
            columns: self.lp.cols(),
            binaries: self.col_move.len(),
            rows: self.lp.rows(),
            nonzeros: self.nonzeros,
        }
    }
}

/// One restricted LP after the last round of pricing.
struct Round {
    /// Move values, indexed like the full candidates.
    x: Vec<f64>,
    shortfall_exchange: f64,
    shortfall_backbone: f64,
    /// Row duals, clipped to their signs.
    y: Vec<f64>,
    /// A bound on the full model's LP relaxation (so on the full model): the
    /// Lagrangian bound of the duals, keeping each teacher's `once` row. Computed
    /// here from the duals, whatever HiGHS reports as its objective.
    lower_bound: f64,
    /// Each teacher's term of the bound: `min(0, min_s reduced cost without once)`.
    best: Vec<f64>,
    /// No move is left with a negative reduced cost: the restricted LP's optimum is
    /// the full LP's.
    converged: bool,
}

/// Rounds of LP and pricing on the live restricted LP until no move prices in, or
/// until the Lagrangian bound is within `stop_gap` of the restricted LP's optimum.
fn price(
    county: &County,
    full: &Candidates,
    restricted: &mut Restricted,
    stop_gap: f64,
    verbose: bool,
    stats: &mut PricingStats,
) -> Result<Round> {
    let mut joining: Vec<(usize, f64)> = Vec::new();
    let mut added: Vec<usize> = Vec::new();
    loop {
        stats.rounds += 1;
        let t = Instant::now();
        let sol = restricted.solve()?;
        stats.lp_seconds += t.elapsed().as_secs_f64();
        stats.lp_iterations += sol.iterations;
        let t = Instant::now();
        let layout = &restricted.layout;
        debug_assert_eq!(sol.row_dual.len(), layout.rows());
        let y = layout.clip(&sol.row_dual);
        // The duals must reproduce HiGHS's reduced costs on the restricted model;
        // anything else means the pricing does not see the model HiGHS solved.
        let first = layout.first_move();
        for (c, &j) in restricted.col_move.iter().enumerate() {
            let m = &full.moves[j];
            let d = layout.reduced_cost_but_once(county, m, &y) - layout.once_dual(m.teacher, &y);
            let scale = 1.0 + m.cost.abs() + layout.penalty;
            if (d - sol.col_dual[c + first]).abs() > 1e-6 * scale {
                return Err(RotationError::Solver(format!(
                    "pricing: reduced cost {d} of column {} does not match HiGHS's {}",
                    c + first,
                    sol.col_dual[c + first]
                )));
            }
        }
        // Price every move: the Lagrangian bound over all of them, and the most
        // negative few of each teacher left out join.
        let mut lower_bound = layout.constant(&y);
        let mut best_of = vec![0.0f64; county.teachers.len()];
        added.clear();
        let mut j = 0;
        while j < full.moves.len() {
            let t = full.moves[j].teacher;
            let mut end = j;
            while end < full.moves.len() && full.moves[end].teacher == t {
                end += 1;
            }
            joining.clear();
            let once = layout.once_dual(t, &y);
            let mut best = 0.0f64;
            for k in j..end {
                let d_free = layout.reduced_cost_but_once(county, &full.moves[k], &y);
                best = best.min(d_free);
                if !restricted.keep[k] {
                    let d = d_free - once;
                    if d < -REDUCED_COST_TOL {
                        joining.push((k, d));
                    }
                }
            }
            lower_bound += best;
            best_of[t] = best;
            joining.sort_by(|a, b| a.1.total_cmp(&b.1));
            added.extend(joining.iter().take(ADD_PER_TEACHER).map(|&(k, _)| k));
            j = end;
        }
        stats.pricing_seconds += t.elapsed().as_secs_f64();
        if verbose {
            eprintln!(
                "round {}: columns {} rows {} lp {:.6} iterations {} lagrangian {:.6} joining {} (lp s {:.2})",
                stats.rounds,
                restricted.col_move.len(),
                restricted.lp.rows(),
                sol.objective,
                sol.iterations,
                lower_bound,
                added.len(),
                stats.lp_seconds
            );
        }
        let t = Instant::now();
        let once_rows = restricted.add_violated_once(&sol.col_value)?;
        stats.build_seconds += t.elapsed().as_secs_f64();
        stats.once_rows += once_rows;
        let converged = added.is_empty() && once_rows == 0;
        // Closing early needs a solution of the full LP: no `once` row violated.
        let close = once_rows == 0 && relative_gap(sol.objective, lower_bound) <= stop_gap;
        if converged || close {
            let mut x = vec![0.0; full.moves.len()];
            for (c, &j) in restricted.col_move.iter().enumerate() {
                x[j] = sol.col_value[c + first];
            }
            return Ok(Round {
                x,
                shortfall_exchange: sol.col_value[0].max(0.0),
                shortfall_backbone: sol.col_value[1].max(0.0),
                y,
                lower_bound,
                best: best_of,
                converged,
            });
        }
        let t = Instant::now();
        restricted.add(county, full, &added)?;
        stats.build_seconds += t.elapsed().as_secs_f64();
    }
}

/// The moves of `full` marked in `keep`, in `full`'s order, and their indices.
fn restrict(full: &Candidates, keep: &[bool]) -> (Candidates, Vec<usize>) {
    let index: Vec<usize> = (0..full.moves.len()).filter(|&j| keep[j]).collect();
    let restricted = Candidates {
        moves: index.iter().map(|&j| full.moves[j]).collect(),
        eligible: full.eligible.clone(),
        stranded: full.stranded.clone(),
        must_move: full.must_move.clone(),
    };
    (restricted, index)
}

/// The first restricted model: every move between two schools that are among each
/// other's `k` nearest destinations (in either direction), so that subject
/// circulations can close from the first round: a rural school far from the urban
/// core is nobody's nearest school, yet its teachers need someone to take their posts.
fn neighbourhood(county: &County, full: &Candidates, k: usize) -> Vec<usize> {
    let schools = county.schools.len();
    let mut targets: Vec<Vec<usize>> = vec![Vec::new(); schools];
    for m in &full.moves {
        targets[county.teachers[m.teacher].school].push(m.school);
    }
    let mut pair: HashSet<(usize, usize)> = HashSet::new();
    for (a, ts) in targets.iter_mut().enumerate() {
        ts.sort_unstable();
        ts.dedup();
        let pa = &county.schools[a].position;
        let mut by_km: Vec<(f64, usize)> = ts
            .iter()
            .map(|&b| (pa.distance_km(&county.schools[b].position), b))
            .collect();
        by_km.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        for &(_, b) in by_km.iter().take(k) {
            pair.insert((a, b));
            pair.insert((b, a));
        }
    }
    (0..full.moves.len())
        .filter(|&j| {
            let m = &full.moves[j];
            pair.contains(&(county.teachers[m.teacher].school, m.school))
        })
        .collect()
}

/// Solves the model over `full` by pricing moves in. The returned outcome's `x` is
/// indexed like `full.moves`; `size` is the last restricted model's.
pub fn solve_priced(
    county: &County,
    policy: &Policy,
    full: &Candidates,
    start_nearest: usize,
    options: &SolveOptions,
) -> Result<(SolveOutcome, PricingStats)> {
    let start = Instant::now();
    let mut stats = PricingStats {
        candidate_moves: full.moves.len(),
        ..PricingStats::default()
    };
    let t = Instant::now();
    let mut live = Restricted::new(county, policy, full, options)?;
    live.add(
        county,
        full,
        &neighbourhood(county, full, start_nearest.max(1)),
    )?;
    stats.build_seconds += t.elapsed().as_secs_f64();
    let build = |cands: &Candidates, variables: MoveVariables, stats: &mut PricingStats| {
        let t = Instant::now();
        let f = formulate(county, policy, cands, variables);
        stats.build_seconds += t.elapsed().as_secs_f64();
        f
    };
    let round = price(
        county,
        full,
        &mut live,
        options.gap,
        options.verbose,
        &mut stats,
    )?;
    stats.priced_moves = live.col_move.len();
    let lp_size = live.size();
    let lower_bound = round.lower_bound;
    let integral = round
        .x
        .iter()
        .all(|v| (v - v.round()).abs() <= INTEGRALITY_TOL);
    if integral {
        let x: Vec<f64> = round.x.iter().map(|v| v.round()).collect();
        // The plan's cost from its moves (not HiGHS's objective); `plan` checks it
        // once more against the rules.
        let objective = full
            .moves
            .iter()
            .zip(&x)
            .map(|(m, v)| m.cost * v)
            .sum::<f64>()
            + policy.weights.shortfall_penalty
                * (round.shortfall_exchange + round.shortfall_backbone);
        // Integral and within the gap of the full model's bound: optimal within the
        // gap, no branching.
        let outcome = SolveOutcome {
            status: SolveStatus::Optimal,
            method: SolveMethod::LpIntegral,
            objective,
            dual_bound: lower_bound,
            mip_gap: relative_gap(objective, lower_bound),
            x,
            shortfall_exchange: round.shortfall_exchange,
            shortfall_backbone: round.shortfall_backbone,
            nodes: 0,
            lp_integral: Some(true),
            lp_bound: Some(lower_bound),
            lp_seconds: stats.lp_seconds,
            solve_seconds: start.elapsed().as_secs_f64(),
            size: lp_size,
        };
        return Ok((outcome, stats));
    }
    let remaining = |options: &SolveOptions| {
        let mut o = options.clone();
        if let Some(limit) = options.time_limit {
            o.time_limit = Some((limit - start.elapsed().as_secs_f64()).max(0.01));
        }
        o
    };
    let to_full = |x: &[f64], index: &[usize]| {
        let mut out = vec![0.0; full.moves.len()];
        for (r, &j) in index.iter().enumerate() {
            out[j] = x[r];
        }
        out
    };
    let (restricted, index) = restrict(full, &live.keep);
    let restricted_x: Vec<f64> = index.iter().map(|&j| round.x[j]).collect();
    // The completion is a fresh HiGHS instance (see `solve::solve_with_lp_first`).
    let fixed = solve(
        build(
            &restricted,
            MoveVariables::FixedWhereIntegral(&restricted_x),
            &mut stats,
        ),
        &remaining(options),
    )?;
    if fixed.status == SolveStatus::Optimal {
        let gap = relative_gap(fixed.objective, lower_bound);
        if gap <= options.gap {
            let outcome = SolveOutcome {
                method: SolveMethod::LpFixAndComplete,
                dual_bound: lower_bound,
                mip_gap: gap,
                x: to_full(&fixed.x, &index),
                lp_integral: Some(false),
                lp_bound: Some(lower_bound),
                lp_seconds: stats.lp_seconds,
                solve_seconds: start.elapsed().as_secs_f64(),
                size: lp_size,
                ..fixed
            };
            return Ok((outcome, stats));
        }
    }
    // The argument below holds for any duals, but only optimal duals of the full LP
    // make it sharp: price to the end first.
    let round = if round.converged {
        round
    } else {
        price(county, full, &mut live, 0.0, options.verbose, &mut stats)?
    };
    // Any plan costs at least the Lagrangian bound plus, for each of its moves, the
    // move's reduced cost above its teacher's best: a plan better than the incumbent
    // uses only moves where that excess is below incumbent − bound. Those join, and
    // the MIP over those moves is exact.
    let incumbent = (fixed.status != SolveStatus::Infeasible).then_some(fixed.objective);
    let slack = incumbent
        .map(|u| u - round.lower_bound)
        .unwrap_or(f64::INFINITY);
    let mut keep = live.keep.clone();
    for (j, kept) in keep.iter_mut().enumerate() {
        if *kept {
            continue;
        }
        let m = &full.moves[j];
        let excess = live.layout.reduced_cost_but_once(county, m, &round.y) - round.best[m.teacher];
        if excess <= slack + 1e-9 {
            *kept = true;
            stats.gap_moves += 1;
        }
    }
    let lp_bound = round.lower_bound;
    drop(live);
    let (last, last_index) = restrict(full, &keep);
    stats.priced_moves = last.moves.len();
    // No starting plan is handed to HiGHS (see `solve::solve_with_lp_first`).
    let model = build(&last, MoveVariables::Binary, &mut stats);
    let size = model.size;
    let mip = solve(model, &remaining(options))?;
    let dual_bound = if mip.dual_bound.is_nan() {
        lp_bound
    } else {
        mip.dual_bound.max(lp_bound)
    };
    let outcome = SolveOutcome {
        dual_bound,
        mip_gap: relative_gap(mip.objective, dual_bound),
        x: to_full(&mip.x, &last_index),
        lp_integral: Some(false),
        lp_bound: Some(lp_bound),
        lp_seconds: stats.lp_seconds,
        solve_seconds: start.elapsed().as_secs_f64(),
        size,
        ..mip
    };
    Ok((outcome, stats))
}
