//! The form of the restricted LP: which rows exist, where a move's column has its
//! entries, and the reduced cost of any candidate move from the row duals.

use super::{Sense, REDUCED_COST_TOL};
use crate::model::county::{County, Zone};
use crate::model::policy::{Direction, Policy};
use crate::model::shares::floor_share;
use crate::rules::candidates::{Candidate, Candidates};
use crate::solve::model_rules::Targets;
use std::collections::HashMap;

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
pub(super) struct Layout {
    pub(super) lower: Vec<f64>,
    pub(super) upper: Vec<f64>,
    pub(super) sense: Vec<Sense>,
    /// Rows other than `once`: they enter the Lagrangian constant.
    pub(super) dualised: Vec<bool>,
    pub(super) once: Vec<Option<u32>>,
    /// Teachers with two or more candidate moves (a `once` row in the full model).
    pub(super) multi: Vec<bool>,
    pub(super) exchange: u32,
    pub(super) parity: Option<u32>,
    pub(super) backbone: u32,
    /// Row `Σ_{h(t)=s} x − n_s = 0` of a school with departures.
    pub(super) departures: Vec<Option<u32>>,
    /// Row `Σ_{h(t)=s} coef_t x − b_s = 0` of a school with backbone terms.
    pub(super) backbone_of: Vec<Option<u32>>,
    /// `(hi, lo)` staffing rows of a school (tolerances above 0 only).
    pub(super) staffing: Vec<Option<(u32, u32)>>,
    pub(super) subjects: usize,
    pub(super) subject_of: Vec<u32>,
    /// Row of `(school · subjects + subject)`.
    pub(super) subject_row: Vec<Option<u32>>,
    pub(super) backbone_coef: Vec<f64>,
    pub(super) urban: Vec<bool>,
    pub(super) penalty: f64,
    /// Upper bounds no optimum exceeds for `u` (the exchange target) and `v` (the
    /// backbone row's right-hand side plus every eligible teacher).
    pub(super) shortfall_max: (f64, f64),
    /// Aggregate columns: (school, is `b_s`, lower, upper), in column order after `u`
    /// and `v`.
    pub(super) aggregates: Vec<(usize, bool, f64, f64)>,
}

impl Layout {
    pub(super) fn new(
        county: &County,
        policy: &Policy,
        full: &Candidates,
        targets: &Targets,
    ) -> Layout {
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

    pub(super) fn rows(&self) -> usize {
        self.lower.len()
    }

    /// Appends the `once` row of teacher `t`; returns its index.
    pub(super) fn add_once(&mut self, t: usize) -> u32 {
        self.lower.push(f64::NEG_INFINITY);
        self.upper.push(1.0);
        self.sense.push(Sense::Le);
        self.dualised.push(false);
        let r = (self.lower.len() - 1) as u32;
        self.once[t] = Some(r);
        r
    }

    /// Columns before the first move: `u`, `v`, the aggregates.
    pub(super) fn first_move(&self) -> usize {
        2 + self.aggregates.len()
    }

    /// The columns `u`, `v` and the aggregates: cost, bounds and entries.
    #[allow(clippy::type_complexity)]
    pub(super) fn fixed_columns(&self) -> Vec<(f64, f64, f64, Vec<(u32, f64)>)> {
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
    pub(super) fn entries(&self, county: &County, m: &Candidate, out: &mut Vec<(u32, f64)>) {
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
    pub(super) fn clip(&self, row_dual: &[f64]) -> Vec<f64> {
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
    pub(super) fn constant(&self, y: &[f64]) -> f64 {
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
    pub(super) fn reduced_cost_but_once(&self, county: &County, m: &Candidate, y: &[f64]) -> f64 {
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

    pub(super) fn once_dual(&self, t: usize, y: &[f64]) -> f64 {
        self.once[t].map_or(0.0, |r| y[r as usize])
    }
}
