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
//! keeps every such row, so the round stays feasible. The model holds them as
//! [`EnvyLadder`]s: the same plans and the same LP relaxation in about one row per
//! candidate and per wish instead of one per pair. Pricing's restricted model does
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
    // Each teacher's moves, listed once: scanning every candidate move for each row
    // took 2 s on the 20,000-teacher practice county (half a million moves), twice
    // per stable round (its rows, then its model).
    let mut own: Vec<Vec<usize>> = vec![Vec::new(); county.teachers.len()];
    for (j, m) in candidates.moves.iter().enumerate() {
        arrivals[m.school].push(j);
        own[m.teacher].push(j);
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
        let granted: Vec<usize> = own[t]
            .iter()
            .copied()
            .filter(|&k| {
                wishes
                    .wants(t, candidates.moves[k].school)
                    .is_some_and(|q| q <= r)
            })
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

/// The no-envy rows of one school and subject as a ladder of thresholds (the
/// compact form, `docs/model.md`, "Wishes and stability"). Rung `i` stands for
/// "someone of the subject with fewer than `rungs[i].points` is placed at the
/// school", a column `y_i` in `[0, 1]`:
///
/// ```text
/// x(t',s) − y_i ≤ 0     for each candidate (t', s) in rungs[i].below
/// y_i − y_{i+1} ≤ 0     up the ladder
/// y_i − Σ_G x ≤ 0       for each row of rungs[i].rows (its teacher has those points)
/// ```
///
/// Together they say `x(t',s) ≤ y_i ≤ … ≤ y_k ≤ Σ_G x` for every competitor below
/// every wishing teacher: exactly the disaggregated rows (no more, no less, also in
/// the LP relaxation), in about one row per candidate and per wish instead of one
/// per pair.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvyLadder {
    /// The wished school.
    pub school: usize,
    /// The subject of every teacher on the ladder.
    pub subject: String,
    /// The rungs by rising points.
    pub rungs: Vec<Rung>,
}

/// One rung of an [`EnvyLadder`].
#[derive(Debug, Clone, PartialEq)]
pub struct Rung {
    /// The points of the wishing teachers of this rung.
    pub points: f64,
    /// Candidate moves into the school with fewer points than this rung and at least
    /// the points of the rung below.
    pub below: Vec<usize>,
    /// The rows (indices into [`stability_rows`]'s answer) of the teachers with these
    /// points.
    pub rows: Vec<usize>,
}

/// The ladders of `rows` (the answer of [`stability_rows`] over `candidates`): one
/// per school and subject with a row, rungs at the distinct points of its wishing
/// teachers.
pub fn envy_ladders(
    county: &County,
    policy: &Policy,
    candidates: &Candidates,
    rows: &[StabilityRow],
) -> Vec<EnvyLadder> {
    let points = priority_points(county, policy);
    let mut groups: std::collections::BTreeMap<(usize, &str), Vec<usize>> =
        std::collections::BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        let subject = county.teachers[row.teacher].subject.as_str();
        groups.entry((row.school, subject)).or_default().push(i);
    }
    groups
        .into_iter()
        .map(|((school, subject), members)| {
            let mut levels: Vec<f64> = members.iter().map(|&i| points[rows[i].teacher]).collect();
            levels.sort_by(f64::total_cmp);
            levels.dedup();
            let mut rungs: Vec<Rung> = levels
                .iter()
                .map(|&p| Rung {
                    points: p,
                    below: Vec::new(),
                    rows: Vec::new(),
                })
                .collect();
            for &i in &members {
                let p = points[rows[i].teacher];
                let k = levels.partition_point(|&q| q < p);
                rungs[k].rows.push(i);
            }
            // Every competitor of a row of the ladder, on the lowest rung above it.
            let mut competitors: Vec<usize> = members
                .iter()
                .flat_map(|&i| rows[i].lower.iter().copied())
                .collect();
            competitors.sort_unstable();
            competitors.dedup();
            for j in competitors {
                let p = points[candidates.moves[j].teacher];
                let k = levels.partition_point(|&q| q <= p);
                rungs[k].below.push(j);
            }
            EnvyLadder {
                school,
                subject: subject.to_string(),
                rungs,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::wishes::{Wish, WishTarget, Wishes};
    use crate::rules::candidates::candidates;
    use crate::rules::eligibility::county_eligibility;

    /// The tiny county where every math teacher wishes for every school of the other
    /// zone, with points 0, 1, 2, … in county order (ties none).
    fn tiny_with_wishes() -> (County, Policy) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/tiny");
        let mut county = crate::input::instance::read_instance(&dir)
            .expect("tiny")
            .county;
        let n = county.teachers.len();
        let mut by_teacher = vec![Vec::new(); n];
        let mut points = vec![None; n];
        for t in 0..n {
            let own = county.schools[county.teachers[t].school].zone;
            let others = (0..county.schools.len()).filter(|&s| county.schools[s].zone != own);
            by_teacher[t] = others
                .enumerate()
                .map(|(i, s)| Wish {
                    teacher: t,
                    rank: i as u32 + 1,
                    target: WishTarget::School(s),
                    line: 2,
                })
                .collect();
            points[t] = Some(t as f64);
        }
        county.wishes = Wishes {
            file: "wishes.csv".into(),
            by_teacher,
            points,
        };
        let mut policy = Policy::default();
        policy.rules.stable = true;
        (county, policy)
    }

    #[test]
    fn each_rung_holds_the_competitors_between_its_points_and_the_rung_below() {
        let (county, policy) = tiny_with_wishes();
        let el = county_eligibility(&county, &policy);
        let cands = candidates(&county, &policy, &el);
        let rows = stability_rows(&county, &policy, &cands);
        assert!(!rows.is_empty());
        let ladders = envy_ladders(&county, &policy, &cands, &rows);
        let points = priority_points(&county, &policy);
        let mut wishes = 0;
        for ladder in &ladders {
            let mut floor = f64::NEG_INFINITY;
            for rung in &ladder.rungs {
                assert!(rung.points > floor);
                for &r in &rung.rows {
                    assert_eq!(points[rows[r].teacher], rung.points);
                    assert_eq!(rows[r].school, ladder.school);
                    wishes += 1;
                }
                for &j in &rung.below {
                    let m = &cands.moves[j];
                    assert_eq!(m.school, ladder.school);
                    assert_eq!(county.teachers[m.teacher].subject, ladder.subject);
                    assert!(floor <= points[m.teacher] && points[m.teacher] < rung.points);
                }
                floor = rung.points;
            }
        }
        // Every row is on exactly one rung.
        assert_eq!(wishes, rows.len());
    }
}
