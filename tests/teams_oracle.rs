//! The balanced teams' MIP against brute force: on small random schools, the solver's
//! teams break no rule and score exactly as well as the best of every possible
//! assignment (vacancies, then the sum of spreads, then head teachers who head today).

use proptest::prelude::*;
use rotation::school::teams::{
    solve_teams, Candidate, GradeNeed, TeamProblem, TeamScore, TeamSolution,
};

/// Every assignment of teachers (or a vacancy) to seats, and of head teachers to
/// teams, that keeps the rules; the best score.
fn brute_force(p: &TeamProblem) -> TeamScore {
    let mut seats: Vec<(usize, usize, usize)> = Vec::new();
    for (g, grade) in p.grades.iter().enumerate() {
        for k in 0..grade.classes {
            for i in 0..grade.subjects.len() {
                seats.push((g, k, i));
            }
        }
    }
    let empty = TeamSolution {
        seats: p
            .grades
            .iter()
            .map(|g| vec![vec![None; g.subjects.len()]; g.classes])
            .collect(),
        heads: p.grades.iter().map(|g| vec![None; g.classes]).collect(),
        proven: true,
    };
    let mut best: Option<TeamScore> = None;
    fill(p, &seats, 0, &mut empty.clone(), &mut best);
    best.unwrap()
}

fn fill(
    p: &TeamProblem,
    seats: &[(usize, usize, usize)],
    at: usize,
    s: &mut TeamSolution,
    best: &mut Option<TeamScore>,
) {
    if at == seats.len() {
        let teams: Vec<(usize, usize)> = p
            .grades
            .iter()
            .enumerate()
            .flat_map(|(g, grade)| (0..grade.classes).map(move |k| (g, k)))
            .collect();
        heads(p, &teams, 0, s, best);
        return;
    }
    let (g, k, i) = seats[at];
    let subject = p.grades[g].subjects[i];
    let options: Vec<Option<usize>> = std::iter::once(None)
        .chain(
            (0..p.teachers.len())
                .filter(|&t| p.teachers[t].subject == subject)
                .map(Some),
        )
        .collect();
    for o in options {
        s.seats[g][k][i] = o;
        if p.check(s).is_ok() {
            fill(p, seats, at + 1, s, best);
        }
    }
    s.seats[g][k][i] = None;
}

fn heads(
    p: &TeamProblem,
    teams: &[(usize, usize)],
    at: usize,
    s: &mut TeamSolution,
    best: &mut Option<TeamScore>,
) {
    if at == teams.len() {
        let score = p.score(s);
        if best.is_none_or(|b| score < b) {
            *best = Some(score);
        }
        return;
    }
    let (g, k) = teams[at];
    let members: Vec<Option<usize>> = std::iter::once(None)
        .chain(s.seats[g][k].iter().flatten().map(|&t| Some(t)))
        .collect();
    for h in members {
        s.heads[g][k] = h;
        if p.check(s).is_ok() {
            heads(p, teams, at + 1, s, best);
        }
    }
    s.heads[g][k] = None;
}

fn problem() -> impl Strategy<Value = TeamProblem> {
    (
        1usize..=2,
        1usize..=2,
        prop::collection::vec(1u32..=2, 2),
        prop::collection::vec((0usize..2, 0u32..=6, any::<bool>()), 1..=4),
    )
        .prop_flat_map(|(grades, subjects, loads, teachers)| {
            let grade = (
                1usize..=3,
                prop::sample::subsequence((0..subjects).collect::<Vec<_>>(), 1..=subjects),
            );
            (
                Just(loads),
                prop::collection::vec(grade, grades),
                Just(teachers),
                Just(subjects),
            )
        })
        .prop_map(|(loads, grades, teachers, subjects)| TeamProblem {
            loads,
            grades: grades
                .into_iter()
                .map(|(classes, subjects)| GradeNeed { classes, subjects })
                .collect(),
            teachers: teachers
                .into_iter()
                .map(|(s, strength, homeroom)| Candidate {
                    subject: s % subjects,
                    strength,
                    homeroom,
                })
                .collect(),
        })
        // Keep the brute force small: at most 6 seats.
        .prop_filter("small", |p| {
            p.grades
                .iter()
                .map(|g| g.classes * g.subjects.len())
                .sum::<usize>()
                <= 6
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_teams_are_as_even_as_brute_force_finds(p in problem()) {
        let found = solve_teams(&p, 60.0).unwrap();
        prop_assert!(found.proven);
        prop_assert_eq!(p.check(&found), Ok(()));
        prop_assert_eq!(p.score(&found), brute_force(&p));
    }
}
