//! `rules.stable = true` as rows of the model (`docs/model.md`, "Wishes and
//! stability"). For each candidate move `(t, s)` that teacher `t` wished for at rank
//! `r` (above `stay`), let `L` be the candidate moves into `s` of teachers of the same
//! subject with strictly fewer priority points, and `G` the candidate moves of `t` to
//! schools `t` ranked `r` or better. No justified envy on `(t, s)` is, for each
//! `(t', s) ∈ L`,
//!
//! ```text
//! x(t',s) − Σ_G x ≤ 0
//! ```
//!
//! (if anyone of `L` is placed at `s`, `t` got a wish at least as good). Moving nobody
//! keeps every such row, so the round stays feasible. Pricing's restricted model does
//! not hold these rows: a stable round solves the full model (`round::run`).

use crate::model::county::County;
use crate::model::policy::Policy;
use crate::rules::candidates::Candidates;
use crate::rules::stability::priority_points;

/// One no-envy row: candidate indices of `L` and of `G`.
#[derive(Debug, Clone, PartialEq)]
pub struct StabilityRow {
    /// The teacher who would envy (index into `County::teachers`).
    pub teacher: usize,
    /// The school they wished for.
    pub school: usize,
    /// Candidate moves into `school` of same-subject teachers with fewer points.
    pub lower: Vec<usize>,
    /// Candidate moves of `teacher` to schools they ranked as high or higher.
    pub granted: Vec<usize>,
}

/// The no-envy rows over `candidates`, when the policy asks for them
/// (`rules.stable` with wishes); rows with an empty `L` are left out.
pub fn stability_rows(
    county: &County,
    policy: &Policy,
    candidates: &Candidates,
) -> Vec<StabilityRow> {
    let wishes = &county.wishes;
    if !policy.rules.stable || !wishes.any() {
        return Vec::new();
    }
    let points = priority_points(county, policy);
    let mut arrivals: Vec<Vec<usize>> = vec![Vec::new(); county.schools.len()];
    for (j, m) in candidates.moves.iter().enumerate() {
        arrivals[m.school].push(j);
    }
    let mut rows = Vec::new();
    for (j, m) in candidates.moves.iter().enumerate() {
        let t = m.teacher;
        let Some(r) = wishes.wants(t, m.school) else {
            continue;
        };
        let subject = &county.teachers[t].subject;
        let lower: Vec<usize> = arrivals[m.school]
            .iter()
            .copied()
            .filter(|&k| {
                let o = candidates.moves[k].teacher;
                o != t && &county.teachers[o].subject == subject && points[o] < points[t]
            })
            .collect();
        if lower.is_empty() {
            continue;
        }
        // The teacher's own moves are one run around `j`.
        let granted: Vec<usize> = candidates
            .moves
            .iter()
            .enumerate()
            .filter(|(_, c)| c.teacher == t)
            .filter(|(_, c)| wishes.wants(t, c.school).is_some_and(|q| q <= r))
            .map(|(k, _)| k)
            .collect();
        debug_assert!(granted.contains(&j));
        rows.push(StabilityRow {
            teacher: t,
            school: m.school,
            lower,
            granted,
        });
    }
    rows
}
