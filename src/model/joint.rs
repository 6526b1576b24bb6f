//! Joint appointments (联聘): a teacher who stays at their own school this year and
//! also serves a second school. Read by `input::joint` (`joint.csv`, sheet 联聘), kept
//! from moving by `rules::eligibility` (`Eligibility::JointAppointment`), counted as
//! half a post in each school by the staffing and subject rules (`rules::verify`,
//! `solve::model_rules`) and the balance indicators (`rules::balance`).
//!
//! Halves are counted in half-units (one teacher = 2), so every count stays whole:
//! a joint teacher is −1 at home and +1 at the second school in every staffing,
//! subject and indicator count of a school.

use serde::Serialize;

/// One joint appointment: the teacher, still of their own school, also serves `school`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JointAppointment {
    /// Index into `County::teachers`.
    pub teacher: usize,
    /// Index into `County::schools` of the second school.
    pub school: usize,
    /// Line (or sheet row) in its file; 0 when built in code.
    pub line: usize,
}

/// The joint appointments of a round; empty without a joint file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct JointAppointments {
    /// The joint file (or `book.xlsx[sheet]`) as shown in messages; empty without one.
    pub file: String,
    /// The appointments, in file order.
    pub list: Vec<JointAppointment>,
}

impl JointAppointments {
    /// Whether the round has any joint appointment.
    pub fn any(&self) -> bool {
        !self.list.is_empty()
    }

    /// The second school of teacher `t`, if they hold a joint appointment.
    pub fn second_school(&self, t: usize) -> Option<usize> {
        self.list.iter().find(|j| j.teacher == t).map(|j| j.school)
    }

    /// The appointments from `(teacher, second school)` pairs (for tests and
    /// generated counties; the reader checks what this trusts).
    pub fn from_pairs(pairs: &[(usize, usize)]) -> JointAppointments {
        JointAppointments {
            file: String::new(),
            list: pairs
                .iter()
                .map(|&(teacher, school)| JointAppointment {
                    teacher,
                    school,
                    line: 0,
                })
                .collect(),
        }
    }

    /// Per school, the joint halves it gains minus those it lends out, in half-units:
    /// +1 at each second school, −1 at each joint teacher's own school. `home[t]` is
    /// teacher `t`'s school.
    pub fn half_flow(&self, home: &[usize], schools: usize) -> Vec<i64> {
        let mut flow = vec![0i64; schools];
        for j in &self.list {
            flow[j.school] += 1;
            flow[home[j.teacher]] -= 1;
        }
        flow
    }

    /// The same per `(school, key)` of a teacher's key (their subject, or whether they
    /// count for an indicator): `key(t)` is `None` for a teacher who is not counted.
    pub fn half_flow_by<K: Ord + Clone>(
        &self,
        home: &[usize],
        key: impl Fn(usize) -> Option<K>,
    ) -> std::collections::BTreeMap<(usize, K), i64> {
        let mut flow = std::collections::BTreeMap::new();
        for j in &self.list {
            if let Some(k) = key(j.teacher) {
                *flow.entry((j.school, k.clone())).or_insert(0) += 1;
                *flow.entry((home[j.teacher], k)).or_insert(0) -= 1;
            }
        }
        flow
    }
}

/// The bounds on a whole-teacher count `Δ` (a school's net arrivals, or a subject's)
/// that keep `|2Δ + halves| ≤ 2·tol + w` (or only the lower side), where `w` is 1 when
/// `halves` is odd and 0 otherwise: no whole move can cancel an odd number of halves,
/// so such a school's tolerance is widened by exactly one half. Returns
/// `(least Δ, most Δ)`, both whole.
pub fn whole_bounds(tol: i64, halves: i64) -> (i64, i64) {
    let w = halves.rem_euclid(2);
    let lo = (-2 * tol - w - halves).div_euclid(2);
    let hi = (2 * tol + w - halves).div_euclid(2);
    // `-2tol - w - halves` is even (w has the parity of halves), so the floor above is
    // exact; so is the upper one.
    (lo, hi)
}

/// Whether a count `2Δ + halves` in half-units is within `tol` whole teachers, widened
/// by one half when `halves` is odd (the rule `whole_bounds` encodes).
pub fn within(tol: i64, halves: i64, delta: i64) -> bool {
    let w = halves.rem_euclid(2);
    (2 * delta + halves).abs() <= 2 * tol + w
}

/// Whether a subject count `2Δ + halves` in half-units loses no more than `tol` whole
/// teachers, widened by one half when `halves` is odd.
pub fn above_floor(tol: i64, halves: i64, delta: i64) -> bool {
    let w = halves.rem_euclid(2);
    2 * delta + halves >= -2 * tol - w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_bounds_are_exactly_the_deltas_within_the_widened_tolerance() {
        for tol in 0..3 {
            for halves in -5..=5 {
                let (lo, hi) = whole_bounds(tol, halves);
                for delta in -10..=10 {
                    assert_eq!(
                        (lo..=hi).contains(&delta),
                        within(tol, halves, delta),
                        "tol {tol} halves {halves} Δ {delta}"
                    );
                    assert_eq!(
                        delta >= lo,
                        above_floor(tol, halves, delta),
                        "tol {tol} halves {halves} Δ {delta}"
                    );
                }
            }
        }
    }

    #[test]
    fn one_half_lent_out_lets_the_school_gain_one_whole_teacher_or_none() {
        // Tolerance 0, one joint teacher lent out: −½ + Δ within ±½.
        assert_eq!(whole_bounds(0, -1), (0, 1));
        // Two lent out: −1 + Δ within 0, so the school must gain one teacher.
        assert_eq!(whole_bounds(0, -2), (1, 1));
        assert_eq!(whole_bounds(1, 1), (-2, 1));
    }

    #[test]
    fn half_flows_add_up_to_nothing() {
        let j = JointAppointments::from_pairs(&[(0, 2), (1, 2), (3, 0)]);
        let home = [0, 1, 1, 2];
        assert_eq!(j.half_flow(&home, 3), vec![0, -1, 1]);
        let by = j.half_flow_by(&home, |t| (t != 1).then_some("x"));
        // T0 lends half to school 2, T3 half of school 2 to school 0; T1 is not counted.
        assert_eq!(by.get(&(2, "x")), Some(&0));
        assert_eq!(by.get(&(0, "x")), Some(&0));
        assert_eq!(by.get(&(1, "x")), None);
        assert_eq!(j.second_school(3), Some(0));
        assert_eq!(j.second_school(2), None);
    }
}
