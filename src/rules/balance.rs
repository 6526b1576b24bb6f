//! The balance rules (`[balance]`, 优质均衡), checked exactly on a plan: the
//! inter-school CV of an indicator per level never worse than before, under a cap,
//! and a per-school floor. The solver's model holds a linear form of these rules
//! (`solve::model_rules`); this file is the arbiter `verify` uses.
//!
//! With `C_i` the indicator's teachers at school `i`, `P_i` its students, `T = Σ C_i`,
//! `S = Σ C_i² / P_i` over the schools a level judges, the CV of `X_i = 100 C_i / P_i`
//! weighted by `P_i` satisfies `CV² + 1 = ΣP · S / T²` (see `docs/model.md`). The rules
//! compare that quantity, which needs no square root and no mean.

use crate::model::county::County;
use crate::model::indicator::{Indicator, IndicatorRules, Side};
use crate::model::moves::Move;
use crate::model::policy::Policy;
use crate::rules::candidates::move_allowed;
use crate::rules::eligibility::Eligibility;
use strum::IntoEnumIterator;

/// Relative slack of the exact comparisons: floating-point rounding of the sums, and
/// the solver's feasibility tolerance on the model's linear form (far below what
/// three printed decimals of a CV show).
pub const CV_RELATIVE_TOL: f64 = 1e-9;

/// One level's schools and an indicator's count at each, before and after a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct SideCounts {
    /// The level.
    pub side: Side,
    /// Indices of the schools the level judges (its levels, with students), in
    /// county order.
    pub schools: Vec<usize>,
    /// Students of each.
    pub students: Vec<u32>,
    /// The indicator's teachers at each before the plan, in `unit`s.
    pub before: Vec<u32>,
    /// After the plan, in `unit`s.
    pub after: Vec<u32>,
    /// Counts per teacher: 1, or 2 in a round with joint appointments (联聘), whose
    /// teachers count half in each of their two schools (`model::joint`). The CV is the
    /// same at any scale; floors and values per 100 students divide by it.
    pub unit: u32,
}

/// `(ΣP, S, T)` of counts over the level: `CV² + 1 = ΣP · S / T²`.
pub fn moments(counts: &[u32], students: &[u32]) -> (f64, f64, f64) {
    let mut p_total = 0.0;
    let mut s = 0.0;
    let mut t = 0.0;
    for (&c, &p) in counts.iter().zip(students) {
        let (c, p) = (c as f64, p as f64);
        p_total += p;
        s += c * c / p;
        t += c;
    }
    (p_total, s, t)
}

/// `CV² + 1` of counts over the level; `None` without any teacher of the indicator
/// (the CV is undefined when the mean is 0).
pub fn cv_squared_plus_one(counts: &[u32], students: &[u32]) -> Option<f64> {
    let (p, s, t) = moments(counts, students);
    (t > 0.0 && p > 0.0).then(|| p * s / (t * t))
}

/// The student-weighted CV of `100 C_i / P_i`, exactly as `docs/model.md` states it.
pub fn cv(counts: &[u32], students: &[u32]) -> Option<f64> {
    cv_squared_plus_one(counts, students).map(|r| (r - 1.0).max(0.0).sqrt())
}

impl SideCounts {
    /// A count of `k` as teachers (`2.5` for five halves).
    pub fn teachers(&self, count: u32) -> f64 {
        count as f64 / self.unit as f64
    }

    /// The CV before the plan.
    pub fn cv_before(&self) -> Option<f64> {
        cv(&self.before, &self.students)
    }

    /// The CV after the plan.
    pub fn cv_after(&self) -> Option<f64> {
        cv(&self.after, &self.students)
    }
}

/// The counts of `indicator` over the schools `side` judges, before and after `moves`.
pub fn side_counts(
    county: &County,
    rules: &IndicatorRules,
    indicator: Indicator,
    side: Side,
    moves: &[Move],
) -> SideCounts {
    let n = county.schools.len();
    // In half-units when any teacher holds a joint appointment: they count half at
    // home and half at the second school.
    let unit: i64 = if county.joint.any() { 2 } else { 1 };
    let mut before = vec![0i64; n];
    for t in &county.teachers {
        if indicator.counts(t, side, rules) {
            before[t.school] += unit;
        }
    }
    for j in &county.joint.list {
        let t = &county.teachers[j.teacher];
        if indicator.counts(t, side, rules) {
            before[t.school] -= 1;
            before[j.school] += 1;
        }
    }
    let mut after = before.clone();
    for m in moves {
        let t = &county.teachers[m.teacher];
        if indicator.counts(t, side, rules) {
            after[t.school] -= unit;
            after[m.to] += unit;
        }
    }
    let schools: Vec<usize> = (0..n)
        .filter(|&s| side.judges(&county.schools[s]))
        .collect();
    SideCounts {
        side,
        students: schools
            .iter()
            .map(|&s| county.schools[s].students)
            .collect(),
        before: schools.iter().map(|&s| before[s].max(0) as u32).collect(),
        after: schools.iter().map(|&s| after[s].max(0) as u32).collect(),
        schools,
        unit: unit as u32,
    }
}

/// Both levels' counts of the policy's balance indicator.
pub fn balance_counts(county: &County, policy: &Policy, moves: &[Move]) -> Vec<SideCounts> {
    Side::iter()
        .map(|side| {
            side_counts(
                county,
                &policy.indicators,
                policy.balance.indicator,
                side,
                moves,
            )
        })
        .collect()
}

/// The floor of `[balance] min_backbone_per_100` at a school of `students`, in
/// teachers: `⌈floor · P / 100⌉`.
pub fn floor_teachers(floor_per_100: f64, students: u32) -> u32 {
    (floor_per_100 * students as f64 / 100.0 - 1e-9)
        .ceil()
        .max(0.0) as u32
}

/// Whether some eligible teacher who counts for the indicator on `side` may move to
/// school `s` (a floor binds only where the plan can bring someone).
pub fn reachable(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    side: Side,
    s: usize,
) -> bool {
    county.teachers.iter().enumerate().any(|(t, teacher)| {
        teacher.school != s
            && eligibility[t].is_eligible()
            && policy
                .balance
                .indicator
                .counts(teacher, side, &policy.indicators)
            && move_allowed(county, policy, t, s).is_ok()
    })
}

/// The least count the floor asks of school `k` of `counts` after the plan, when it
/// asks anything: the floor where the plan can bring someone or the school meets it
/// already, otherwise its count before (the plan must not lower a school it cannot
/// lift).
/// In the counts' `unit`.
pub fn floor_need(counts: &SideCounts, k: usize, floor_per_100: f64, reachable: bool) -> u32 {
    let floor = floor_teachers(floor_per_100, counts.students[k]) * counts.unit;
    if reachable || counts.before[k] >= floor {
        floor
    } else {
        counts.before[k]
    }
}

/// A balance rule a plan breaks.
#[derive(Debug, Clone, PartialEq)]
pub enum BalanceBreach {
    /// The level's CV rose.
    Worse {
        /// The level.
        side: Side,
        /// CV before (`None`: undefined).
        before: Option<f64>,
        /// CV after.
        after: Option<f64>,
    },
    /// The level's CV is above its cap after the plan.
    AboveCap {
        /// The level.
        side: Side,
        /// CV after.
        after: f64,
        /// The cap.
        cap: f64,
    },
    /// A school is below the floor it can reach, or the plan lowered it below.
    BelowFloor {
        /// The level.
        side: Side,
        /// School index.
        school: usize,
        /// Teachers of the indicator after the plan (a joint teacher counts half).
        after: f64,
        /// Teachers the floor asks.
        need: f64,
        /// Per 100 students after the plan.
        per_100: f64,
        /// The floor per 100 students.
        floor: f64,
    },
}

/// Every balance rule of the policy checked exactly on `moves`.
pub fn check_balance(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    moves: &[Move],
) -> Vec<BalanceBreach> {
    let mut out = Vec::new();
    let b = &policy.balance;
    for counts in balance_counts(county, policy, moves) {
        let side = counts.side;
        let before = cv_squared_plus_one(&counts.before, &counts.students);
        let after = cv_squared_plus_one(&counts.after, &counts.students);
        if b.never_worse() {
            if let Some(r0) = before {
                let worse = match after {
                    Some(r1) => r1 > r0 * (1.0 + CV_RELATIVE_TOL),
                    None => true,
                };
                if worse {
                    out.push(BalanceBreach::Worse {
                        side,
                        before: counts.cv_before(),
                        after: counts.cv_after(),
                    });
                }
            }
        }
        let cap = match side {
            Side::Primary => b.cv_primary_max,
            Side::Junior => b.cv_junior_max,
        };
        if let (Some(cap), Some(r1)) = (cap, after) {
            if r1 > (cap * cap + 1.0) * (1.0 + CV_RELATIVE_TOL) {
                out.push(BalanceBreach::AboveCap {
                    side,
                    after: (r1 - 1.0).max(0.0).sqrt(),
                    cap,
                });
            }
        }
        if let Some(floor) = b.min_backbone_per_100 {
            for (k, &s) in counts.schools.iter().enumerate() {
                if counts.after[k] >= floor_teachers(floor, counts.students[k]) * counts.unit {
                    continue;
                }
                let reach = reachable(county, policy, eligibility, side, s);
                let need = floor_need(&counts, k, floor, reach);
                if counts.after[k] < need {
                    out.push(BalanceBreach::BelowFloor {
                        side,
                        school: s,
                        after: counts.teachers(counts.after[k]),
                        need: counts.teachers(need),
                        per_100: 100.0 * counts.teachers(counts.after[k])
                            / counts.students[k] as f64,
                        floor,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // The moment form against `metrics::weighted_cv` is tested in `metrics`, which
    // uses this file (a test import back would close a cycle of the layer check).

    #[test]
    fn floors_round_up_to_whole_teachers() {
        assert_eq!(floor_teachers(1.0, 250), 3);
        assert_eq!(floor_teachers(1.0, 300), 3);
        assert_eq!(floor_teachers(0.0, 300), 0);
    }
}
