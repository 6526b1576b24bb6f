//! Wishes against the plan: priority points, wishes granted by rank, and the stability
//! audit. A pair (teacher, school) is **justified envy** (in the sense of Combe,
//! Tercieux and Terrier's study of the French teachers' *mouvement*) when the teacher
//! may move there, wished for the school more than what the plan gave them, and has
//! strictly more priority points than a teacher of the same subject the plan placed
//! there. `rules.stable = true` makes "no justified envy" a hard rule: the model holds
//! it as rows (`solve::formulation`), and `verify` checks it here.

use crate::model::county::{Backbone, County, Zone};
use crate::model::moves::Move;
use crate::model::policy::Policy;
use crate::rules::candidates::move_allowed;
use crate::rules::eligibility::Eligibility;
use serde::Serialize;

/// Priority points (积分) of every teacher: the wishes file's `priority` column where
/// given, else the `[priority]` formula (`docs/format.md`).
pub fn priority_points(county: &County, policy: &Policy) -> Vec<f64> {
    let p = &policy.priority;
    county
        .teachers
        .iter()
        .enumerate()
        .map(|(t, teacher)| {
            if let Some(points) = county.wishes.points.get(t).copied().flatten() {
                return points;
            }
            let years = teacher.years_at_school as f64;
            let rural = county.schools[teacher.school].zone == Zone::Rural;
            let level = match teacher.backbone {
                Backbone::None => 0.0,
                Backbone::County => 1.0,
                Backbone::City => 2.0,
                Backbone::Province => 3.0,
            };
            p.years_at_school * years
                + if rural { p.rural_years * years } else { 0.0 }
                + p.age * f64::from(policy.year - teacher.birth_year)
                + p.backbone * level
        })
        .collect()
}

/// One justified-envy pair of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Envy {
    /// Index of the teacher who envies.
    pub teacher: usize,
    /// Index of the school they wished for.
    pub school: usize,
    /// Their rank of that school.
    pub rank: u32,
    /// Index of the teacher of the same subject placed there with less priority.
    pub other: usize,
    /// Priority points of `teacher` and `other`.
    pub points: (f64, f64),
}

/// Every justified-envy pair of `moves` (teachers in county order, then schools by
/// rank, then the other teachers in move order).
pub fn envy_pairs(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    moves: &[Move],
) -> Vec<Envy> {
    let wishes = &county.wishes;
    if !wishes.any() {
        return Vec::new();
    }
    let points = priority_points(county, policy);
    let mut went: Vec<Option<usize>> = vec![None; county.teachers.len()];
    let mut arrivals: Vec<Vec<usize>> = vec![Vec::new(); county.schools.len()];
    for m in moves {
        went[m.teacher] = Some(m.to);
        arrivals[m.to].push(m.teacher);
    }
    let mut out = Vec::new();
    for (t, own) in wishes.by_teacher.iter().enumerate() {
        if own.is_empty() || !eligibility[t].is_eligible() {
            continue;
        }
        let got = wishes.outcome_rank(t, went[t]);
        for w in own {
            let crate::model::wishes::WishTarget::School(s) = w.target else {
                continue;
            };
            if wishes.wants(t, s).is_none()
                || got.is_some_and(|g| g <= w.rank)
                || move_allowed(county, policy, t, s).is_err()
            {
                continue;
            }
            for &o in &arrivals[s] {
                if o != t
                    && county.teachers[o].subject == county.teachers[t].subject
                    && points[o] < points[t]
                {
                    out.push(Envy {
                        teacher: t,
                        school: s,
                        rank: w.rank,
                        other: o,
                        points: (points[t], points[o]),
                    });
                }
            }
        }
    }
    out
}

/// How the plan met the wishes: how many teachers with wishes got their wish of each
/// rank, stayed as they wished, or got something they did not list.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WishesGranted {
    /// Teachers who listed at least one wish.
    pub teachers: usize,
    /// `by_rank[r − 1]`: teachers whose outcome is their wish of rank r (a school, or
    /// staying).
    pub by_rank: Vec<usize>,
    /// Teachers moved to a school they did not list.
    pub moved_unlisted: usize,
    /// Teachers who stayed without listing `stay`.
    pub stayed_unlisted: usize,
}

/// Wishes granted by rank in `moves`.
pub fn wishes_granted(county: &County, moves: &[Move]) -> WishesGranted {
    let wishes = &county.wishes;
    let mut went: Vec<Option<usize>> = vec![None; county.teachers.len()];
    for m in moves {
        went[m.teacher] = Some(m.to);
    }
    let mut g = WishesGranted::default();
    for (t, own) in wishes.by_teacher.iter().enumerate() {
        if own.is_empty() {
            continue;
        }
        g.teachers += 1;
        match (wishes.outcome_rank(t, went[t]), went[t]) {
            (Some(r), _) => {
                let r = r as usize;
                if g.by_rank.len() < r {
                    g.by_rank.resize(r, 0);
                }
                g.by_rank[r - 1] += 1;
            }
            (None, Some(_)) => g.moved_unlisted += 1,
            (None, None) => g.stayed_unlisted += 1,
        }
    }
    g
}

/// The wish figures of a plan, as the policy lab sets them side by side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct WishFigures {
    /// Teachers who listed at least one wish.
    pub teachers: usize,
    /// Teachers whose outcome is their first wish (a school, or staying).
    pub granted_first: usize,
    /// Teachers whose outcome is one of their wishes, at any rank.
    pub granted_any: usize,
    /// Justified-envy pairs of the plan.
    pub envy_pairs: usize,
}

/// The wish figures of `moves`, or `None` when the county has no wishes.
pub fn wish_figures(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    moves: &[Move],
) -> Option<WishFigures> {
    if !county.wishes.any() {
        return None;
    }
    let granted = wishes_granted(county, moves);
    Some(WishFigures {
        teachers: granted.teachers,
        granted_first: granted.by_rank.first().copied().unwrap_or(0),
        granted_any: granted.by_rank.iter().sum(),
        envy_pairs: envy_pairs(county, policy, eligibility, moves).len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::wishes::{Wish, WishTarget, Wishes};
    use crate::rules::eligibility::county_eligibility;

    fn tiny() -> County {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/tiny");
        crate::input::instance::read_instance(&dir)
            .expect("tiny")
            .county
    }

    fn wish(teacher: usize, rank: u32, target: WishTarget) -> Wish {
        Wish {
            teacher,
            rank,
            target,
            line: 2,
        }
    }

    /// T01 (U1, math) and T05 (U2, math) both wish for R1 (index 2).
    fn county_with_wishes(points: (f64, f64)) -> County {
        let mut county = tiny();
        let n = county.teachers.len();
        let mut by_teacher = vec![Vec::new(); n];
        by_teacher[0] = vec![wish(0, 1, WishTarget::School(2))];
        by_teacher[4] = vec![wish(4, 1, WishTarget::School(2))];
        let mut pts = vec![None; n];
        pts[0] = Some(points.0);
        pts[4] = Some(points.1);
        county.wishes = Wishes {
            file: "wishes.csv".into(),
            by_teacher,
            points: pts,
        };
        county
    }

    #[test]
    fn the_teacher_with_more_points_left_out_has_justified_envy() {
        let county = county_with_wishes((12.0, 9.0));
        let policy = Policy::default();
        let el = county_eligibility(&county, &policy);
        // T05 (9 points) goes to R1; T01 (12 points) stays.
        let moves = [Move {
            teacher: 4,
            to: 2,
            km: 8.0,
        }];
        let envy = envy_pairs(&county, &policy, &el, &moves);
        assert_eq!(envy.len(), 1);
        assert_eq!((envy[0].teacher, envy[0].school, envy[0].other), (0, 2, 4));
        // The other way round, nobody has justified envy.
        let moves = [Move {
            teacher: 0,
            to: 2,
            km: 10.0,
        }];
        assert!(envy_pairs(&county, &policy, &el, &moves).is_empty());
        let g = wishes_granted(&county, &moves);
        assert_eq!(
            (g.teachers, g.by_rank.clone(), g.stayed_unlisted),
            (2, vec![1], 1)
        );
    }

    #[test]
    fn equal_points_are_no_justified_envy() {
        let county = county_with_wishes((10.0, 10.0));
        let policy = Policy::default();
        let el = county_eligibility(&county, &policy);
        let moves = [Move {
            teacher: 4,
            to: 2,
            km: 8.0,
        }];
        assert!(envy_pairs(&county, &policy, &el, &moves).is_empty());
    }

    #[test]
    fn the_formula_gives_points_without_a_column() {
        let county = tiny();
        let policy = Policy::default();
        let p = priority_points(&county, &policy);
        // T01: 8 years at urban U1, county backbone: 8 + 2.
        assert_eq!(p[0], 10.0);
        // T13: 12 years at rural R2, city backbone: 12 + 12 + 4.
        assert_eq!(p[12], 28.0);
    }
}
