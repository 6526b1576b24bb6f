//! The balance rules (`[balance]`) as linear rows, decided once for the full model
//! (`formulation`) and the restricted LP of pricing alike (`docs/model.md`,
//! "Balance").
//!
//! Per level (primary, junior) and judged school `i` the model has `Δ_i`, the net
//! arrival of the indicator's teachers, defined by a row over the moves, and `z_i`,
//! with chord rows `z_i ≥ (2 C_i + 2k + 1) Δ_i − k(k + 1)` for each whole `k` in
//! `Δ_i`'s range. For whole `Δ_i` the largest chord is exactly
//! `P_i · g_i(Δ_i) = (C_i + Δ_i)² − C_i²`, the change of `P_i`'s share of
//! `S = Σ C² / P`; so `Σ z_i / P_i` is the exact change of `S` at every whole plan.
//! With `T = Σ C` and `CV² + 1 = ΣP · S / T²`:
//! - never worse: `S' ≤ S · T'² / T²`; since `T'² ≥ T² + 2 T D` (the tangent, `D = T' − T`
//!   = `Σ Δ_i`), `Σ z_i / P_i − (2 S / T) · D ≤ 0` suffices, and is exact when `D = 0`
//!   (no teacher of the indicator crosses into or out of the level);
//! - a cap `c`: `(ΣP / T²) · Σ z_i / P_i − (c² + 1)(2 / T) · D − w ≤ c² + 1 − ΣP · S / T²`,
//!   conservative the same way, with `w` its shortfall in units of `CV² + 1`;
//! - a floor: `Δ_i + w_i ≥ need_i − C_i` with `need_i` from `rules::balance::floor_need`.

use crate::model::county::County;
use crate::model::indicator::Side;
use crate::model::moves::Move;
use crate::model::policy::{CvRule, Policy};
use crate::rules::balance::{floor_need, moments, side_counts, SideCounts};
use crate::rules::candidates::{move_allowed, Candidates};
use strum::IntoEnumIterator;

/// One judged school of a level whose indicator count the plan can change.
#[derive(Debug, Clone, PartialEq)]
pub struct DeltaTerm {
    /// School index.
    pub school: usize,
    /// Its students `P_i`.
    pub students: f64,
    /// Its count before the plan `C_i`.
    pub before: i64,
    /// Least `Δ_i`: minus the members who may leave (at most the departures allowed).
    pub lo: i64,
    /// Largest `Δ_i`: the members who may arrive (at most what the staffing rules let
    /// in).
    pub hi: i64,
    /// `need_i − C_i` of the floor row, where written (it can bind: above `lo`).
    pub floor: Option<i64>,
}

impl DeltaTerm {
    /// The chords `(slope, intercept)`: `z ≥ slope · Δ + intercept`, one per whole `k`
    /// in `[lo, hi)`.
    pub fn chords(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        (self.lo..self.hi).map(|k| self.chord(k))
    }

    /// The chord through `Δ = k` and `k + 1`: `(slope, intercept)`.
    pub fn chord(&self, k: i64) -> (f64, f64) {
        (
            (2 * self.before + 2 * k + 1) as f64,
            -((k * (k + 1)) as f64),
        )
    }

    /// `P · g(Δ) = (C + Δ)² − C²`, the exact value the chords give at a whole `Δ`.
    pub fn z_of(&self, delta: i64) -> f64 {
        let c = self.before;
        ((c + delta) * (c + delta) - c * c) as f64
    }

    /// Bounds on `z` over `[lo, hi]`.
    pub fn z_bounds(&self) -> (f64, f64) {
        let lo_at = (-self.before).clamp(self.lo, self.hi);
        let min = self.z_of(lo_at);
        let max = self.z_of(self.lo).max(self.z_of(self.hi));
        (min, max)
    }
}

/// A level's balance rows.
#[derive(Debug, Clone, PartialEq)]
pub struct SideRows {
    /// The level.
    pub side: Side,
    /// Per teacher: counts for the indicator on this level.
    pub member: Vec<bool>,
    /// What one member's move adds to `Δ` and to the counts: 1, or 2 in a round with
    /// joint appointments (联聘), whose counts are in half-units
    /// (`rules::balance::SideCounts::unit`).
    pub unit: i64,
    /// Per school: index into `terms`, for judged schools the plan can change.
    pub term_of: Vec<Option<usize>>,
    /// The judged schools the plan can change.
    pub terms: Vec<DeltaTerm>,
    /// `ΣP`, `S`, `T` over the level before the plan.
    pub students: f64,
    /// `S = Σ C² / P` before.
    pub s: f64,
    /// `T = Σ C` before.
    pub t: f64,
    /// Row scale: the largest `P_i`, so the solver's feasibility tolerance is tiny in `S`.
    pub scale: f64,
    /// The never-worse row is written (the rule is on and the CV defined).
    pub never_worse: bool,
    /// The cap `c` on the CV after the plan, where written.
    pub cap: Option<f64>,
    /// `weights.balance` turned into the objective's weight on the never-worse row's
    /// activity `Σ z/P − (2S/T) D` (0 unless `improve`).
    pub improve: f64,
}

impl SideRows {
    /// What a move of `teacher` from school `from` to `to` adds to the level's `Δ`s:
    /// (term, change), none for a teacher the indicator does not count.
    pub fn shifts(
        &self,
        teacher: usize,
        from: usize,
        to: usize,
    ) -> impl Iterator<Item = (usize, i64)> {
        let member = self.member[teacher];
        let arrive = self.term_of[to].filter(|_| member).map(|k| (k, self.unit));
        let leave = self.term_of[from]
            .filter(|_| member)
            .map(|k| (k, -self.unit));
        arrive.into_iter().chain(leave)
    }

    /// Term `k`'s share of the never-worse row's activity `Σ z/P − (2S/T) D` at a whole
    /// `Δ = x` (unscaled).
    pub fn term_activity(&self, k: usize, x: i64) -> f64 {
        let d = &self.terms[k];
        d.z_of(x) / d.students - self.d_coef() * x as f64
    }

    /// The never-worse row's activity `Σ z/P − (2S/T) D` at whole `Δ`s, one per term
    /// (unscaled; the model writes it times `scale`).
    pub fn activity(&self, delta: &[i64]) -> f64 {
        (0..self.terms.len())
            .map(|k| self.term_activity(k, delta[k]))
            .sum()
    }

    /// `2 S / T`: the coefficient of `D` in the never-worse row.
    pub fn d_coef(&self) -> f64 {
        2.0 * self.s / self.t
    }

    /// Coefficients of the cap row: on `Σ z/P`, on `D`, and its right-hand side.
    pub fn cap_row(&self, cap: f64) -> (f64, f64, f64) {
        let r = cap * cap + 1.0;
        (
            self.students / (self.t * self.t),
            r * 2.0 / self.t,
            r - self.students * self.s / (self.t * self.t),
        )
    }
}

/// Every balance row of a round.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BalanceRows {
    /// One per level with rows.
    pub sides: Vec<SideRows>,
}

impl BalanceRows {
    /// The rows of `policy`'s `[balance]` over the moves of `candidates`.
    pub fn new(
        county: &County,
        policy: &Policy,
        candidates: &Candidates,
        departures_max: &[u32],
    ) -> BalanceRows {
        let b = &policy.balance;
        if !b.any() {
            return BalanceRows::default();
        }
        let schools = county.schools.len();
        let mut sides = Vec::new();
        for side in Side::iter() {
            let counts: SideCounts =
                side_counts(county, &policy.indicators, b.indicator, side, &[]);
            let (students, s, t) = moments(&counts.before, &counts.students);
            let cap = match side {
                Side::Primary => b.cv_primary_max,
                Side::Junior => b.cv_junior_max,
            };
            let defined = t > 0.0 && students > 0.0;
            let never_worse = b.never_worse() && defined;
            let cap = cap.filter(|_| defined);
            let floor = b.min_backbone_per_100;
            if !never_worse && cap.is_none() && floor.is_none() {
                continue;
            }
            let member: Vec<bool> = county
                .teachers
                .iter()
                .map(|teacher| b.indicator.counts(teacher, side, &policy.indicators))
                .collect();
            let judged: Vec<Option<usize>> = {
                let mut j = vec![None; schools];
                for (k, &s) in counts.schools.iter().enumerate() {
                    j[s] = Some(k);
                }
                j
            };
            // Members who may leave / arrive, per school, from the candidate moves.
            let mut leave = vec![0i64; schools];
            let mut arrive = vec![0i64; schools];
            let mut last_teacher = usize::MAX;
            // The last teacher counted as arriving at each school: a teacher's moves
            // are consecutive, so each arrives once however many moves they have there
            // (a list of the schools seen was quadratic in a teacher's moves, up to
            // 1,500 at 100,000 teachers).
            let mut arrived_last = vec![usize::MAX; schools];
            for m in &candidates.moves {
                if !member[m.teacher] {
                    continue;
                }
                if m.teacher != last_teacher {
                    last_teacher = m.teacher;
                    leave[county.teachers[m.teacher].school] += 1;
                }
                if arrived_last[m.school] != m.teacher {
                    arrived_last[m.school] = m.teacher;
                    arrive[m.school] += 1;
                }
            }
            // A return leaving a school lets that many more arrive (`rules::terms`).
            let fixed = county.history.return_flow(schools);
            // Joint halves (联聘) widen what staffing lets in by at most their count in
            // whole teachers, rounded up (`model::joint::whole_bounds`).
            let home: Vec<usize> = county.teachers.iter().map(|t| t.school).collect();
            let halves = county.joint.half_flow(&home, schools);
            let tol = policy.rules.staffing_tolerance as i64;
            let mut term_of = vec![None; schools];
            let mut terms = Vec::new();
            for s in 0..schools {
                let Some(k) = judged[s] else { continue };
                let unit = counts.unit as i64;
                let lo = -leave[s].min(departures_max[s] as i64) * unit;
                // Arrivals beyond departures plus the tolerance break staffing.
                let widened = tol + (halves[s].abs() + 1) / 2;
                let hi =
                    arrive[s].min(departures_max[s] as i64 + widened + (-fixed[s]).max(0)) * unit;
                let before = counts.before[k] as i64;
                let floor_row = floor.and_then(|f| {
                    let reach = arrive[s] > 0
                        || candidates.eligible.iter().any(|&t| {
                            member[t]
                                && county.teachers[t].school != s
                                && move_allowed(county, policy, t, s).is_ok()
                        });
                    let need = floor_need(&counts, k, f, reach) as i64 - before;
                    (need > lo).then_some(need)
                });
                if lo == 0 && hi == 0 {
                    continue;
                }
                term_of[s] = Some(terms.len());
                terms.push(DeltaTerm {
                    school: s,
                    students: counts.students[k] as f64,
                    before,
                    lo,
                    hi,
                    floor: floor_row,
                });
            }
            let scale = terms.iter().map(|d| d.students).fold(1.0, f64::max);
            let improve = if b.backbone_cv == CvRule::Improve && defined {
                let cv = ((students * s / (t * t)) - 1.0).max(0.0).sqrt();
                if cv > 1e-9 {
                    // d(CV) = ΣP / (2 CV T²) · d(S − (2S/T) D) to first order; the weight
                    // is per 0.001 of CV.
                    policy.weights.balance * 1000.0 * students / (2.0 * cv * t * t)
                } else {
                    0.0
                }
            } else {
                0.0
            };
            sides.push(SideRows {
                side,
                member,
                unit: counts.unit as i64,
                term_of,
                terms,
                students,
                s,
                t,
                scale,
                never_worse,
                cap,
                improve,
            });
        }
        BalanceRows { sides }
    }

    /// Whether any row is written.
    pub fn is_empty(&self) -> bool {
        self.sides.is_empty()
    }

    /// How far the `improve` reward can move with the solver's tolerances: the reward's
    /// weight times the range of each `Δ` and `z` column. HiGHS meets rows and
    /// integrality to about 10⁻⁷–10⁻⁶, and the reward's weight per unit of `z` is large
    /// on small counties, so its reported objective may sit that fraction of this
    /// below the plan's exact cost.
    pub fn reward_scale(&self) -> f64 {
        self.sides
            .iter()
            .filter(|r| r.improve != 0.0)
            .map(|r| {
                r.improve
                    * r.terms
                        .iter()
                        .map(|d| {
                            let (zlo, zhi) = d.z_bounds();
                            (zhi - zlo) / d.students + r.d_coef() * (d.hi - d.lo) as f64
                        })
                        .sum::<f64>()
            })
            .sum()
    }

    /// The objective's balance term of a whole plan, exactly as the model counts it
    /// (the `improve` reward; 0 unless `backbone_cv = "improve"`).
    pub fn objective_of(&self, county: &County, moves: &[Move]) -> f64 {
        let mut total = 0.0;
        for r in self.sides.iter().filter(|r| r.improve != 0.0) {
            let mut delta = vec![0i64; r.terms.len()];
            for m in moves {
                let from = county.teachers[m.teacher].school;
                for (k, step) in r.shifts(m.teacher, from, m.to) {
                    delta[k] += step;
                }
            }
            total += r.improve * r.activity(&delta);
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(before: i64, lo: i64, hi: i64) -> DeltaTerm {
        DeltaTerm {
            school: 0,
            students: 300.0,
            before,
            lo,
            hi,
            floor: None,
        }
    }

    /// At every whole Δ in range the largest chord is exactly (C+Δ)² − C², and no
    /// chord lies above it: the linear form removes no plan and admits no other value.
    #[test]
    fn chords_are_exact_at_whole_points() {
        for (c, lo, hi) in [(5, -3, 4), (0, 0, 3), (2, -2, 0), (7, -5, 6)] {
            let d = term(c, lo, hi);
            for delta in lo..=hi {
                let best = d
                    .chords()
                    .map(|(a, b)| a * delta as f64 + b)
                    .fold(f64::NEG_INFINITY, f64::max);
                assert_eq!(best, d.z_of(delta), "C={c} Δ={delta}");
            }
            let (zmin, zmax) = d.z_bounds();
            for delta in lo..=hi {
                assert!(zmin <= d.z_of(delta) && d.z_of(delta) <= zmax);
            }
        }
    }
}
