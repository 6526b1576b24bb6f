//! The parity of the number of movers (`docs/model.md`, "Parity cut"). Under
//! `cross_zone` with headcounts kept, every move crosses the urban–rural line and the
//! urban schools keep their headcount: with `H` the departures from urban schools and
//! `r_U` this year's returns' net arrivals there, `N = 2H − r_U`. The LP relaxation
//! does not see it (it rotates 257.5 pairs to meet an odd target); the parity cut
//! and the least number of movers `N_min` of the backbone rounding say it.

use crate::model::county::{County, Zone};
use crate::model::policy::{Direction, Policy};

/// Whether the number of movers has a known parity: under `cross_zone` with
/// headcounts kept (by the staffing rule, or by the subject rule at tolerance 0, see
/// [`subjects_kept`]) and no joint halves (联聘: half-teacher flows).
pub fn parity_holds(county: &County, policy: &Policy) -> bool {
    policy.rules.direction == Direction::CrossZone
        && (policy.rules.staffing_tolerance == 0 || subjects_kept(county, policy))
        && !county.joint.any()
}

/// Whether every plan keeps every (school, subject)'s headcount, whatever the staffing
/// tolerance: at subject tolerance 0 no (school, subject) may lose teachers net, and
/// since a move (or a return) takes a teacher of one subject from one school to
/// another, the net changes of a subject sum to zero over the county, so none may gain
/// either. Joint halves (联聘) break the argument: a school lending half a post may
/// gain a whole teacher of another subject. (A `staffing_tolerance` of 1 with subject
/// tolerance 0 gave the same plans as 0, but without the equalities and the parity
/// cut a 1,404-teacher county's proof took 109 s against 0.16 s.)
pub fn subjects_kept(county: &County, policy: &Policy) -> bool {
    policy.rules.subject_tolerance == 0 && !county.joint.any()
}

/// `r_U`: the returns' net arrivals at urban schools (those coming home to one, less
/// those leaving an urban host).
pub fn urban_returns(county: &County) -> i64 {
    let flow = county.history.return_flow(county.schools.len());
    county
        .schools
        .iter()
        .zip(flow)
        .filter(|(s, _)| s.zone == Zone::Urban)
        .map(|(_, f)| f)
        .sum()
}

/// Where the parity holds, with exchange target `K` and `r_U`: the right-hand side
/// of `H + u ≥ ⌈(K + r_U)/2⌉` where it cuts (`K + r_U` odd and positive, and the
/// right-hand side above `r_U`), and
/// `N_min`, the least `N ≥ max(K, |r_U|)` of the parity of `r_U`. The cut holds for `u ≥ 0`
/// continuous: if `N ≥ K`, `2H ≥ K + r_U`; if not, `u ≥ K − N` gives
/// `H + u ≥ K + r_U − H`, a whole number above `(K + r_U)/2`.
pub fn parity_bounds(k: u32, returns_urban: i64) -> (Option<u32>, u32) {
    let rhs = i64::from(k) + returns_urban;
    // (Where `⌈(K + r_U)/2⌉ ≤ r_U` the relaxation already holds the cut: `H ≥ r_U`,
    // the arrivals at urban schools `H − r_U` being moves.)
    let cut =
        (rhs > 0 && rhs % 2 != 0 && (rhs + 1) / 2 > returns_urban).then(|| ((rhs + 1) / 2) as u32);
    // Every plan also moves at least |r_U|: H ≥ 0, and the moves' arrivals at urban
    // schools, N − H = H − r_U, are not negative (|r_U| has r_U's parity).
    let least = i64::from(k).max(returns_urban.abs());
    let n_min = least + (least - returns_urban).rem_euclid(2);
    (cut, n_min as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Against enumeration of every whole `(H, N)` with `N = 2H − r_U`, `N ≥ 0`
        /// and `N − H ≥ 0` (the arrivals at urban schools), and the least `u`:
        /// no plan breaks the cut, every plan meeting `K` moves at least `N_min`,
        /// and where one meets it, one moves exactly `N_min`; where the cut is
        /// written, one plan is on it.
        #[test]
        fn the_parity_bounds_remove_no_plan(k in 0u32..60, r_u in -40i64..40) {
            let (cut, n_min) = parity_bounds(k, r_u);
            let (mut on_cut, mut meets, mut at_min) = (false, false, false);
            for h in 0i64..=120 {
                let n = 2 * h - r_u;
                if n < 0 || n - h < 0 {
                    continue;
                }
                let u = (i64::from(k) - n).max(0);
                if let Some(c) = cut {
                    prop_assert!(h + u >= i64::from(c), "H {h} N {n} u {u} below {c}");
                    on_cut |= h + u == i64::from(c);
                }
                if n >= i64::from(k) {
                    prop_assert!(n >= i64::from(n_min), "N {n} below N_min {n_min}");
                    meets = true;
                    at_min |= n == i64::from(n_min);
                }
            }
            prop_assert!(!meets || at_min, "no plan moves N_min {}", n_min);
            prop_assert!(cut.is_none() || on_cut, "no plan on the cut {:?}", cut);
        }
    }

    /// Without returns: the cut `⌈K/2⌉` for an odd `K`, `N_min` the even number.
    #[test]
    fn without_returns_an_odd_target_rounds_up_to_pairs() {
        assert_eq!(parity_bounds(7, 0), (Some(4), 8));
        assert_eq!(parity_bounds(8, 0), (None, 8));
        assert_eq!(parity_bounds(0, 0), (None, 0));
        // Returns shift it: r_U = 1 makes 8 the odd case, r_U = −3 leaves no cut.
        assert_eq!(parity_bounds(8, 1), (Some(5), 9));
        assert_eq!(parity_bounds(2, -3), (None, 3));
        // More returns than the target: at least |r_U| move.
        assert_eq!(parity_bounds(0, 2), (None, 2));
        assert_eq!(parity_bounds(1, -4), (None, 4));
        assert_eq!(parity_bounds(11, 20), (None, 20), "H ≥ 20 already");
    }
}
