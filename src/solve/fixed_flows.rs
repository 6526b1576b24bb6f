//! The flows the model's staffing and subject rows take as given, not chosen: this
//! year's returns (`rules::terms`: an arrival at the home school, a departure of the
//! host) and joint appointments (联聘: half a post lent by the own school to the
//! second one). Whole moves must bring each school's count within its tolerance
//! around them; with odd halves the tolerance is widened by one half
//! (`model::joint::whole_bounds`), so every bound on the moves stays whole.

use crate::model::county::County;
use crate::model::joint::whole_bounds;

/// Fixed flows per school and per `school · subjects + subject`.
#[derive(Debug, Clone, PartialEq)]
pub struct FixedFlows {
    /// Returns' arrivals minus departures, per school.
    pub returns: Vec<i64>,
    /// The same per (school, subject).
    pub subject_returns: Vec<i64>,
    /// Joint halves gained minus lent out, per school, in half-teachers.
    pub halves: Vec<i64>,
    /// The same per (school, subject).
    pub subject_halves: Vec<i64>,
}

impl FixedFlows {
    /// The fixed flows of `county`, with `subject_of[t]` teacher `t`'s subject id among
    /// `subjects`.
    pub fn new(county: &County, subject_of: &[u32], subjects: usize) -> FixedFlows {
        let schools = county.schools.len();
        let mut subject_returns = vec![0i64; schools * subjects];
        for r in &county.history.returns {
            let sub = subject_of[r.teacher] as usize;
            subject_returns[r.home * subjects + sub] += 1;
            subject_returns[r.host * subjects + sub] -= 1;
        }
        let home: Vec<usize> = county.teachers.iter().map(|t| t.school).collect();
        let mut subject_halves = vec![0i64; schools * subjects];
        for ((s, sub), h) in county
            .joint
            .half_flow_by(&home, |t| Some(subject_of[t] as usize))
        {
            subject_halves[s * subjects + sub] = h;
        }
        FixedFlows {
            returns: county.history.return_flow(schools),
            subject_returns,
            halves: county.joint.half_flow(&home, schools),
            subject_halves,
        }
    }

    /// Whether school `s` has any fixed flow (its staffing row must be written).
    pub fn any_at(&self, s: usize) -> bool {
        self.returns[s] != 0 || self.halves[s] != 0
    }

    /// `(least, most)` net whole arrivals by the moves at school `s` under `tolerance`.
    pub fn staffing(&self, s: usize, tolerance: i64) -> (i64, i64) {
        let (lo, hi) = whole_bounds(tolerance, self.halves[s]);
        (lo - self.returns[s], hi - self.returns[s])
    }

    /// The least net whole arrivals by the moves in cell `k` (school and subject) under
    /// `tolerance`.
    pub fn subject_floor(&self, k: usize, tolerance: i64) -> i64 {
        whole_bounds(tolerance, self.subject_halves[k]).0 - self.subject_returns[k]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_odd_half_widens_the_bounds_around_the_returns() {
        let flows = FixedFlows {
            returns: vec![1, 0],
            subject_returns: vec![1, 0],
            halves: vec![-1, 0],
            subject_halves: vec![-1, 0],
        };
        // A return arrives and half a post is lent out: ½ up; tolerance 0 widened to
        // ½ lets the moves bring −1 or 0.
        assert_eq!(flows.staffing(0, 0), (-1, 0));
        assert_eq!(flows.subject_floor(0, 0), -1);
        assert_eq!(flows.staffing(1, 1), (-1, 1));
        assert!(flows.any_at(0) && !flows.any_at(1));
    }
}
