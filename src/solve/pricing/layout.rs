//! The form of the restricted LP: which rows exist, where a move's column has its
//! entries, and the reduced cost of any candidate move from the row duals.

use super::settings::Objective;
use crate::model::county::County;
use crate::rules::candidates::{Candidate, Candidates};
use crate::solve::balance_rows::DeltaTerm;
use crate::solve::model_rules::{teacher_runs, ModelRules, Row, Sense};

/// The live LP: the full model's LP relaxation in an equivalent form without dense
/// rows, in one HiGHS instance; candidate moves join as columns, and two kinds of row
/// join as they are needed: a teacher's `once` row, and a judged school's chord rows
/// of the balance rules beyond the two the LP starts with ([`Layout::cut_chords`]).
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
/// bounds on the aggregates are implied by the full model, so with every chord a
/// solution needs, the LP optimum is the full model's LP relaxation's (the cuts
/// `backbone_rounding` and `shortfall_rounding` included, over the aggregates).
///
/// A teacher's `once` row joins with their second column (with one column, the
/// column's bound holds them to one move), but for a teacher pinned to move: their
/// row is `= 1` and joins with their moves, all of which are in from the first round
/// (`solve_priced`). Which rows exist and their bounds come from [`ModelRules`], as
/// in the full model.
pub(super) struct Layout {
    /// Which rows exist, their bounds and coefficients: the full model's.
    pub(super) rules: ModelRules,
    pub(super) lower: Vec<f64>,
    pub(super) upper: Vec<f64>,
    pub(super) sense: Vec<Sense>,
    /// Rows other than `once`: they enter the Lagrangian constant.
    pub(super) dualised: Vec<bool>,
    pub(super) once: Vec<Option<u32>>,
    pub(super) exchange: u32,
    pub(super) parity: Option<u32>,
    pub(super) backbone: u32,
    /// `backbone_rounding` (see `ModelRules`), over the aggregates: `B = Σ_s (b_s +
    /// share · n_s)`.
    pub(super) rounding: Option<u32>,
    /// `u + v ≤ cap`, the cost stage's hold on the least target shortfall; free
    /// (both bounds infinite) in the other objectives.
    pub(super) target_cap: u32,
    /// `shortfall_rounding` (see `Targets::shortfall_rounding`), under base
    /// `exchanged`, over the aggregates: `N + B = Σ_s ((1 + share) · n_s + b_s)`. A cut
    /// of the cost stage only; free in the other objectives.
    pub(super) shortfall_rounding: Option<u32>,
    /// Upper bounds on `u` and `v` that hold at an optimum of every objective (`u` is
    /// at most the exchange target, `v` at most the backbone row's right-hand side
    /// plus the magnitude of its negative coefficients): finite, so a tiny negative
    /// reduced cost of either leaves the Lagrangian bound finite where the shortfalls
    /// are not held at 0.
    pub(super) shortfall_max: [f64; 2],
    /// Which stage's LP relaxation the live LP holds.
    pub(super) objective: Objective,
    /// Whether `u` relaxes the rounding row (see [`Layout::fixed_columns`]).
    pub(super) u_in_rounding: bool,
    /// Row `Σ_{h(t)=s} x − n_s = 0` of a school with departures.
    pub(super) departures: Vec<Option<u32>>,
    /// Row `Σ_{h(t)=s} coef_t x − b_s = 0` of a school with backbone terms.
    pub(super) backbone_of: Vec<Option<u32>>,
    /// `(hi, lo)` staffing rows of a school (tolerances above 0 only).
    pub(super) staffing: Vec<Option<(u32, u32)>>,
    /// Row of `(school · subjects + subject)`.
    pub(super) subject_row: Vec<Option<u32>>,
    /// Aggregate columns: (school, is `b_s`, lower, upper), in column order after `u`
    /// and `v`.
    pub(super) aggregates: Vec<(usize, bool, f64, f64)>,
    /// Balance rows (`[balance]`, see `solve::balance_rows`): per level, the row
    /// defining each changeable school's `Δ`, which the moves enter.
    pub(super) delta_rows: Vec<Vec<u32>>,
    /// Balance rows: per level, its never-worse row, if it has one.
    pub(super) never_worse: Vec<Option<u32>>,
    /// The balance rows' fixed columns and their entries (after the aggregates):
    /// `Δ`, `z` of each term, then the shortfalls of caps and floors.
    pub(super) balance_columns: Vec<FixedColumn>,
    /// Each judged school's chords, written as the LP needs them (see
    /// [`Layout::cut_chords`]): the `i`-th judged school (over both levels) is balance
    /// columns `2i` (`Δ`) and `2i + 1` (`z`).
    chords: Vec<Chords>,
    /// Elastic columns (after the balance columns): only in a round where someone
    /// must move, see [`Layout::push_elastic`].
    pub(super) elastic: Vec<FixedColumn>,
    /// Whether the elastics may leave 0: held there until a restricted LP has no
    /// solution without them, and again once a solution needs none and cuts no chord.
    pub(super) elastic_open: bool,
}

/// The chord rows `z ≥ slope · Δ + intercept` of one judged school, of which the live
/// LP holds only those some round's solution needed.
struct Chords {
    term: DeltaTerm,
    /// Whether the chord of each whole `k` in `[lo, hi)` is a row of the LP.
    written: Vec<bool>,
}

/// A chord row to add to the live LP: its lower and upper bound and its entries in
/// the `z` and `Δ` columns.
pub(super) type ChordRow = (f64, f64, [(u32, f64); 2]);

/// The chords of each judged school the first restricted LP holds: those through
/// `Δ = −1, 0, 1`, the changes a school's count sees most (the rest join when a
/// round's solution cuts below one).
const FIRST_CHORDS: std::ops::Range<i64> = -1..1;

/// A column present from the start: cost, lower, upper, entries, and whether it is a
/// shortfall (held at 0 by every model whose optimum the bound claims).
pub(super) type FixedColumn = (f64, f64, f64, Vec<(u32, f64)>, bool);

impl Layout {
    /// The layout over every candidate move of `full`; `rules` are `full`'s.
    pub(super) fn new(county: &County, rules: ModelRules, full: &Candidates) -> Layout {
        let schools = county.schools.len();
        let mut l = Layout {
            lower: Vec::new(),
            upper: Vec::new(),
            sense: Vec::new(),
            dualised: Vec::new(),
            once: vec![None; county.teachers.len()],
            exchange: 0,
            parity: None,
            backbone: 0,
            rounding: None,
            shortfall_rounding: None,
            departures: vec![None; schools],
            backbone_of: vec![None; schools],
            staffing: vec![None; schools],
            subject_row: vec![None; rules.subject_row.len()],
            aggregates: Vec::new(),
            delta_rows: Vec::new(),
            never_worse: Vec::new(),
            balance_columns: Vec::new(),
            chords: Vec::new(),
            elastic: Vec::new(),
            elastic_open: false,
            target_cap: 0,
            shortfall_max: [0.0; 2],
            objective: Objective::Met,
            u_in_rounding: false,
            rules,
        };
        // Backbone coefficient sums of the teachers with moves, per school.
        let mut coef_lo = vec![0.0f64; schools];
        let mut coef_hi = vec![0.0f64; schools];
        for (t, _) in teacher_runs(&full.moves) {
            let s = county.teachers[t].school;
            let c = l.rules.backbone_coef[t];
            if c < 0.0 {
                coef_lo[s] += c;
            } else {
                coef_hi[s] += c;
            }
        }
        // The county-wide rows.
        l.exchange = l.push(l.rules.exchange, true);
        if let Some(parity) = l.rules.parity {
            l.parity = Some(l.push(parity, true));
        }
        l.backbone = l.push(l.rules.backbone, true);
        if let Some(row) = l.rules.backbone_rounding {
            l.rounding = Some(l.push(row, true));
        }
        l.target_cap = l.push(Row::le(f64::INFINITY), true);
        if l.rules.targets.backbone_count.is_none() {
            l.shortfall_rounding = Some(l.push(Row::ge(f64::NEG_INFINITY), true));
        }
        let negative: f64 = coef_lo.iter().sum();
        l.shortfall_max = [
            l.rules.exchange.rhs.max(0.0),
            l.rules.backbone.rhs.max(0.0) - negative,
        ];
        // Aggregates of each school with departures; outflow caps become bounds.
        for s in 0..schools {
            if l.rules.movable[s] == 0 {
                continue;
            }
            l.departures[s] = Some(l.push(Row::eq(0.0), true));
            let cap = l.rules.departures_max(s);
            l.aggregates.push((s, false, 0.0, cap as f64));
            if coef_lo[s] != 0.0 || coef_hi[s] != 0.0 {
                l.backbone_of[s] = Some(l.push(Row::eq(0.0), true));
                l.aggregates.push((s, true, coef_lo[s], coef_hi[s]));
            }
        }
        // Staffing and subject rows, as in the full model.
        for s in 0..schools {
            if let Some((hi, lo)) = l.rules.staffing[s] {
                l.staffing[s] = Some((l.push(hi, true), l.push(lo, true)));
            }
        }
        for k in 0..l.subject_row.len() {
            if let Some(row) = l.rules.subject_row[k] {
                l.subject_row[k] = Some(l.push(row, true));
            }
        }
        l.push_balance();
        if !full.nobody_may_stay(county) {
            l.push_elastic(county, full);
        }
        l
    }

    /// The balance rows and their fixed columns, as `formulation` writes them.
    fn push_balance(&mut self) {
        let penalty = self.rules.shortfall_penalty;
        let sides = self.rules.balance.sides.clone();
        let mut delta_cols: Vec<FixedColumn> = Vec::new();
        let mut z_cols: Vec<FixedColumn> = Vec::new();
        let mut short_cols: Vec<FixedColumn> = Vec::new();
        for r in &sides {
            let mut rows = Vec::with_capacity(r.terms.len());
            let never_worse = r.never_worse.then(|| self.push(Row::le(0.0), true));
            self.never_worse.push(never_worse);
            let cap = r.cap.map(|c| {
                let (zc, dc, rhs) = r.cap_row(c);
                let k = r.scale / zc.max(1e-300);
                (self.push(Row::le(k * rhs), true), k, zc, dc)
            });
            if let Some((row, k, _, _)) = cap {
                short_cols.push((penalty, 0.0, f64::INFINITY, vec![(row, -k)], true));
            }
            for d in &r.terms {
                let def = self.push(Row::eq(0.0), true);
                rows.push(def);
                let mut delta = vec![(def, -1.0)];
                let (zlo, zhi) = d.z_bounds();
                let mut z = Vec::new();
                let mut written = vec![false; (d.hi - d.lo).max(0) as usize];
                for (k, (slope, intercept)) in (d.lo..d.hi).zip(d.chords()) {
                    if FIRST_CHORDS.contains(&k) {
                        let chord = self.push(Row::ge(intercept), true);
                        z.push((chord, 1.0));
                        delta.push((chord, -slope));
                        written[(k - d.lo) as usize] = true;
                    }
                }
                self.chords.push(Chords {
                    term: d.clone(),
                    written,
                });
                if let Some(row) = never_worse {
                    z.push((row, r.scale / d.students));
                    delta.push((row, -r.scale * r.d_coef()));
                }
                if let Some((row, k, zc, dc)) = cap {
                    z.push((row, k * zc / d.students));
                    delta.push((row, -k * dc));
                }
                if let Some(need) = d.floor {
                    let row = self.push(Row::ge(need as f64), true);
                    delta.push((row, 1.0));
                    short_cols.push((penalty, 0.0, f64::INFINITY, vec![(row, 1.0)], true));
                }
                // Only an `improve` side has a reward (as in `formulate`): elsewhere
                // `d_coef` may be undefined (a level with no member: 0 / 0).
                let (improve_d, improve_z) = if r.improve != 0.0 {
                    (-r.improve * r.d_coef(), r.improve / d.students)
                } else {
                    (0.0, 0.0)
                };
                delta_cols.push((improve_d, d.lo as f64, d.hi as f64, delta, false));
                z_cols.push((improve_z, zlo, zhi, z, false));
            }
            self.delta_rows.push(rows);
        }
        self.balance_columns = delta_cols
            .into_iter()
            .zip(z_cols)
            .flat_map(|(d, z)| [d, z])
            .chain(short_cols)
            .collect();
    }

    /// The chords the LP solution `col_value` cuts below and the LP lacks, written
    /// into the layout: per new row, its bounds and its two entries. Without them the
    /// restricted LP is a relaxation of the full one (its Lagrangian bound is still
    /// a bound); with none missing at a solution, that solution is the full LP's.
    pub(super) fn cut_chords(&mut self, col_value: &[f64]) -> Vec<ChordRow> {
        let first = 2 + self.aggregates.len();
        let mut rows = Vec::new();
        for i in 0..self.chords.len() {
            let (dc, zc) = (first + 2 * i, first + 2 * i + 1);
            let (delta, z) = (col_value[dc], col_value[zc]);
            let c = &self.chords[i];
            let d = &c.term;
            if d.hi <= d.lo {
                continue;
            }
            // On `[k, k + 1]` the chord of `k` is the largest.
            let k = (delta.floor() as i64).clamp(d.lo, d.hi - 1);
            let at = (k - d.lo) as usize;
            if c.written[at] {
                continue;
            }
            let (slope, intercept) = d.chord(k);
            // HiGHS's feasibility tolerance, as the row would be held to.
            if z >= slope * delta + intercept - 1e-7 {
                continue;
            }
            let r = self.push(Row::ge(intercept), true);
            self.balance_columns[2 * i].3.push((r, -slope));
            self.balance_columns[2 * i + 1].3.push((r, 1.0));
            self.chords[i].written[at] = true;
            rows.push((
                intercept,
                f64::INFINITY,
                [(zc as u32, 1.0), (dc as u32, -slope)],
            ));
        }
        rows
    }

    /// Appends a row; returns its index.
    fn push(&mut self, row: Row, dualised: bool) -> u32 {
        let (lo, hi) = row.bounds();
        self.lower.push(lo);
        self.upper.push(hi);
        self.sense.push(row.sense);
        self.dualised.push(dualised);
        (self.lower.len() - 1) as u32
    }

    pub(super) fn rows(&self) -> usize {
        self.lower.len()
    }

    /// Appends the `once` row of teacher `t`, who has one in the full model; returns
    /// its index.
    pub(super) fn add_once(&mut self, t: usize) -> u32 {
        let row = self.rules.once[t].expect("a teacher with a once row");
        let r = self.push(row, false);
        self.once[t] = Some(r);
        r
    }

    /// The columns of the balance shortfalls (caps and floors).
    pub(super) fn balance_shortfall_columns(&self) -> impl Iterator<Item = usize> + '_ {
        let first = 2 + self.aggregates.len();
        self.balance_columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.4)
            .map(move |(k, _)| first + k)
    }

    /// Columns before the first move: `u`, `v`, the aggregates, the balance columns,
    /// the elastics, the rounding row's surplus.
    pub(super) fn first_move(&self) -> usize {
        2 + self.aggregates.len()
            + self.balance_columns.len()
            + self.elastic.len()
            + self.rounding.is_some() as usize
    }

    /// The entries of a move's column, its `once` row first when it has one.
    pub(super) fn entries(&self, county: &County, m: &Candidate, out: &mut Vec<(u32, f64)>) {
        out.clear();
        let t = m.teacher;
        let from = county.teachers[t].school;
        if let Some(r) = self.once[t] {
            out.push((r, 1.0));
        }
        out.push((self.departures[from].expect("row"), 1.0));
        if self.rules.backbone_coef[t] != 0.0 {
            out.push((
                self.backbone_of[from].expect("row"),
                self.rules.backbone_coef[t],
            ));
        }
        if let Some((hi, lo)) = self.staffing[m.school] {
            out.push((hi, 1.0));
            out.push((lo, 1.0));
        }
        if let Some((hi, lo)) = self.staffing[from] {
            out.push((hi, -1.0));
            out.push((lo, -1.0));
        }
        if let Some(r) = self.subject_row[self.rules.subject_cell(m.school, t)] {
            out.push((r, 1.0));
        }
        if let Some(r) = self.subject_row[self.rules.subject_cell(from, t)] {
            out.push((r, -1.0));
        }
        for (side, rows) in self.rules.balance.sides.iter().zip(&self.delta_rows) {
            if side.member[t] {
                let unit = side.unit as f64;
                if let Some(k) = side.term_of[m.school] {
                    out.push((rows[k], unit));
                }
                if let Some(k) = side.term_of[from] {
                    out.push((rows[k], -unit));
                }
            }
        }
    }

    /// `cost − Σ a_ij y_i` of a move with its `once` row left out.
    pub(super) fn reduced_cost_but_once(&self, county: &County, m: &Candidate, y: &[f64]) -> f64 {
        let t = m.teacher;
        let from = county.teachers[t].school;
        let mut a = y[self.departures[from].expect("row") as usize];
        if self.rules.backbone_coef[t] != 0.0 {
            a += self.rules.backbone_coef[t] * y[self.backbone_of[from].expect("row") as usize];
        }
        if let Some((hi, lo)) = self.staffing[m.school] {
            a += y[hi as usize] + y[lo as usize];
        }
        if let Some((hi, lo)) = self.staffing[from] {
            a -= y[hi as usize] + y[lo as usize];
        }
        if let Some(r) = self.subject_row[self.rules.subject_cell(m.school, t)] {
            a += y[r as usize];
        }
        if let Some(r) = self.subject_row[self.rules.subject_cell(from, t)] {
            a -= y[r as usize];
        }
        for (side, rows) in self.rules.balance.sides.iter().zip(&self.delta_rows) {
            if side.member[t] {
                let unit = side.unit as f64;
                if let Some(k) = side.term_of[m.school] {
                    a += unit * y[rows[k] as usize];
                }
                if let Some(k) = side.term_of[from] {
                    a -= unit * y[rows[k] as usize];
                }
            }
        }
        self.move_cost(m) - a
    }

    pub(super) fn once_dual(&self, t: usize, y: &[f64]) -> f64 {
        self.once[t].map_or(0.0, |r| y[r as usize])
    }
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
