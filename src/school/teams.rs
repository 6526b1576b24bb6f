//! Class teaching teams (班级教学团队), balanced: for each grade of a school, one team
//! per class, with one teacher per subject the grade needs and a head teacher (班主任)
//! among the members, so that the teams' strengths are as even as possible.
//!
//! The measure, exactly (`docs/classes.md`): a team's strength is the sum of its
//! members' points (`school::staff::strength`); a grade's spread is its strongest team
//! minus its weakest. The teams minimise, in this order: (1) the seats and head
//! teachers left vacant, (2) the sum over grades of the spread, (3) minus the head
//! teachers who are class head teachers today (`homeroom`). Each teacher serves one
//! grade, at most `load` classes of it, and heads at most one class. It is solved
//! exactly as a MIP on HiGHS (one objective with weights that keep the order: each
//! level's weight exceeds the largest total of the levels below it), the teams of a
//! grade ordered by strength so that the classes' symmetry does not slow the search.

use crate::model::error::{Result, RotationError};
use crate::model::solver_message::SolverMessage;
use good_lp::{
    constraint, variable, Expression, ProblemVariables, Solution, SolutionStatus, SolverModel,
    Variable,
};
use std::collections::HashMap;

/// One teacher the teams may use.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Index into [`TeamProblem::subjects`].
    pub subject: usize,
    /// Strength points.
    pub strength: u32,
    /// A class head teacher today (preferred as a team's head teacher).
    pub homeroom: bool,
}

/// One grade: its number of classes and the subjects (indices) its teams need.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeNeed {
    /// Number of classes, hence of teams.
    pub classes: usize,
    /// Subjects every team of the grade needs, as indices into `subjects`.
    pub subjects: Vec<usize>,
}

/// The teams of one school as a problem: subjects with their loads, grades, teachers.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamProblem {
    /// Teaching load of each subject (classes of one grade per teacher).
    pub loads: Vec<u32>,
    /// The grades.
    pub grades: Vec<GradeNeed>,
    /// The teachers.
    pub teachers: Vec<Candidate>,
}

/// The teams found: `seats[g][k][i]` is the teacher of the `i`-th subject of grade
/// `g`'s team `k` (`None`: vacant), `heads[g][k]` its head teacher.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamSolution {
    /// Teacher of each seat.
    pub seats: Vec<Vec<Vec<Option<usize>>>>,
    /// Head teacher of each team.
    pub heads: Vec<Vec<Option<usize>>>,
    /// Whether the solver proved the teams the most even (else its time ran out).
    pub proven: bool,
}

/// How good a set of teams is, compared in field order (less is better).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TeamScore {
    /// Seats and head teachers left vacant.
    pub vacancies: usize,
    /// Sum over grades of the strongest team's strength minus the weakest's.
    pub spread: u32,
    /// Minus the head teachers who are class head teachers today.
    pub minus_homeroom_heads: i64,
}

impl TeamProblem {
    /// A team's strength.
    pub fn team_strength(&self, solution: &TeamSolution, g: usize, k: usize) -> u32 {
        solution.seats[g][k]
            .iter()
            .flatten()
            .map(|&t| self.teachers[t].strength)
            .sum()
    }

    /// A grade's spread: strongest team minus weakest.
    pub fn spread(&self, solution: &TeamSolution, g: usize) -> u32 {
        let s: Vec<u32> = (0..self.grades[g].classes)
            .map(|k| self.team_strength(solution, g, k))
            .collect();
        s.iter().max().unwrap_or(&0) - s.iter().min().unwrap_or(&0)
    }

    /// The score of a solution (see [`TeamScore`]).
    pub fn score(&self, solution: &TeamSolution) -> TeamScore {
        let seats = solution
            .seats
            .iter()
            .flatten()
            .flatten()
            .filter(|s| s.is_none())
            .count();
        let heads = solution
            .heads
            .iter()
            .flatten()
            .filter(|h| h.is_none())
            .count();
        TeamScore {
            vacancies: seats + heads,
            spread: (0..self.grades.len())
                .map(|g| self.spread(solution, g))
                .sum(),
            minus_homeroom_heads: -(solution
                .heads
                .iter()
                .flatten()
                .flatten()
                .filter(|&&t| self.teachers[t].homeroom)
                .count() as i64),
        }
    }

    /// Every rule of the teams, checked without the solver: each seat's teacher
    /// teaches its subject, serves one grade and at most its load of classes, each
    /// head teacher is a member of the team and heads one class.
    pub fn check(&self, solution: &TeamSolution) -> std::result::Result<(), String> {
        let mut grade_of: HashMap<usize, usize> = HashMap::new();
        let mut classes: HashMap<usize, u32> = HashMap::new();
        let mut heads: HashMap<usize, usize> = HashMap::new();
        for (g, grade) in self.grades.iter().enumerate() {
            if solution.seats[g].len() != grade.classes || solution.heads[g].len() != grade.classes
            {
                return Err(format!("grade {g} has the wrong number of teams"));
            }
            for k in 0..grade.classes {
                let team = &solution.seats[g][k];
                if team.len() != grade.subjects.len() {
                    return Err(format!(
                        "team {k} of grade {g} has the wrong number of seats"
                    ));
                }
                for (i, seat) in team.iter().enumerate() {
                    let Some(t) = *seat else { continue };
                    if self.teachers[t].subject != grade.subjects[i] {
                        return Err(format!("teacher {t} does not teach seat {i}'s subject"));
                    }
                    if *grade_of.entry(t).or_insert(g) != g {
                        return Err(format!("teacher {t} serves two grades"));
                    }
                    let n = classes.entry(t).or_default();
                    *n += 1;
                    if *n > self.loads[self.teachers[t].subject] {
                        return Err(format!("teacher {t} serves more classes than the load"));
                    }
                    if team[..i].contains(&Some(t)) {
                        return Err(format!("teacher {t} holds two seats of one team"));
                    }
                }
                if let Some(h) = solution.heads[g][k] {
                    if !team.contains(&Some(h)) {
                        return Err(format!("head teacher {h} is not in team {k} of grade {g}"));
                    }
                    if heads.insert(h, g).is_some() {
                        return Err(format!("teacher {h} heads two classes"));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Forms the teams by solving the MIP exactly (within `time_limit` seconds).
pub fn solve_teams(problem: &TeamProblem, time_limit: f64) -> Result<TeamSolution> {
    let mut vars = ProblemVariables::new();
    let total_classes: usize = problem.grades.iter().map(|g| g.classes).sum();
    // x[(t, g, k)]: teacher t sits in team k of grade g; y[(t, g)]: t serves grade g.
    let mut x: HashMap<(usize, usize, usize), Variable> = HashMap::new();
    let mut y: HashMap<(usize, usize), Variable> = HashMap::new();
    let mut h: HashMap<(usize, usize, usize), Variable> = HashMap::new();
    for (g, grade) in problem.grades.iter().enumerate() {
        for (t, c) in problem.teachers.iter().enumerate() {
            if !grade.subjects.contains(&c.subject) {
                continue;
            }
            y.insert((t, g), vars.add(variable().binary()));
            for k in 0..grade.classes {
                x.insert((t, g, k), vars.add(variable().binary()));
                h.insert((t, g, k), vars.add(variable().binary()));
            }
        }
    }
    let vacant_seat: Vec<Vec<Vec<Variable>>> = problem
        .grades
        .iter()
        .map(|grade| {
            (0..grade.classes)
                .map(|_| {
                    grade
                        .subjects
                        .iter()
                        .map(|_| vars.add(variable().binary()))
                        .collect()
                })
                .collect()
        })
        .collect();
    let vacant_head: Vec<Vec<Variable>> = problem
        .grades
        .iter()
        .map(|grade| {
            (0..grade.classes)
                .map(|_| vars.add(variable().binary()))
                .collect()
        })
        .collect();
    let strength = |g: usize, k: usize| -> Expression {
        problem
            .teachers
            .iter()
            .enumerate()
            .filter_map(|(t, c)| x.get(&(t, g, k)).map(|v| c.strength as f64 * *v))
            .sum()
    };
    // Weights that keep the order of the three aims (see the module's documentation).
    let bound: u32 = problem
        .grades
        .iter()
        .map(|grade| {
            grade
                .subjects
                .iter()
                .map(|&s| {
                    problem
                        .teachers
                        .iter()
                        .filter(|c| c.subject == s)
                        .map(|c| c.strength)
                        .max()
                        .unwrap_or(0)
                })
                .sum::<u32>()
        })
        .sum();
    let w_spread = (total_classes + 1) as f64;
    let w_vacancy = w_spread * f64::from(bound) + total_classes as f64 + 1.0;
    let mut objective = Expression::from(0.0);
    for (g, grade) in problem.grades.iter().enumerate() {
        if grade.classes > 0 {
            objective += w_spread * (strength(g, 0) - strength(g, grade.classes - 1));
        }
        for k in 0..grade.classes {
            objective += w_vacancy * vacant_head[g][k];
            for v in &vacant_seat[g][k] {
                objective += w_vacancy * *v;
            }
        }
    }
    for ((t, _, _), v) in &h {
        if problem.teachers[*t].homeroom {
            objective -= *v;
        }
    }
    let mut model = vars
        .minimise(objective)
        .using(good_lp::highs)
        .set_time_limit(time_limit)
        .set_mip_rel_gap(0.0)
        .map_err(|e| gap_rejected("mip_rel_gap", e))?
        .set_mip_abs_gap(0.5)
        .map_err(|e| gap_rejected("mip_abs_gap", e))?;
    model.set_verbose(false);
    // HiGHS's enumeration presolve mishandles equality cliques such as "each seat one
    // teacher or vacant" (see `solve::highs::PRESOLVE_RULES_OFF`).
    let mut model = model.set_option("presolve_rule_off", crate::solve::highs::PRESOLVE_RULES_OFF);
    for (g, grade) in problem.grades.iter().enumerate() {
        for k in 0..grade.classes {
            for (i, &s) in grade.subjects.iter().enumerate() {
                let cover: Expression = problem
                    .teachers
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.subject == s)
                    .filter_map(|(t, _)| x.get(&(t, g, k)).copied())
                    .map(Expression::from)
                    .sum();
                model = model.with(constraint!(cover + vacant_seat[g][k][i] == 1));
            }
            let heads: Expression = problem
                .teachers
                .iter()
                .enumerate()
                .filter_map(|(t, _)| h.get(&(t, g, k)).copied())
                .map(Expression::from)
                .sum();
            model = model.with(constraint!(heads + vacant_head[g][k] == 1));
            if k + 1 < grade.classes {
                model = model.with(constraint!(strength(g, k) >= strength(g, k + 1)));
            }
        }
    }
    for (t, c) in problem.teachers.iter().enumerate() {
        let load = f64::from(problem.loads[c.subject]);
        let mut grades = Expression::from(0.0);
        let mut headed = Expression::from(0.0);
        for (g, grade) in problem.grades.iter().enumerate() {
            let Some(yv) = y.get(&(t, g)) else { continue };
            grades += *yv;
            let mut served = Expression::from(0.0);
            for k in 0..grade.classes {
                served += x[&(t, g, k)];
                headed += h[&(t, g, k)];
                model = model.with(constraint!(h[&(t, g, k)] <= x[&(t, g, k)]));
            }
            model = model.with(constraint!(served <= load * *yv));
        }
        model = model.with(constraint!(grades <= 1));
        model = model.with(constraint!(headed <= 1));
    }
    let solution = model.solve().map_err(|e| {
        RotationError::Solver(SolverMessage::TeamsNotFormed {
            detail: e.to_string(),
        })
    })?;
    let proven = matches!(
        solution.status(),
        SolutionStatus::Optimal | SolutionStatus::GapLimit
    );
    let on = |v: &Variable| solution.value(*v) > 0.5;
    let seats = problem
        .grades
        .iter()
        .enumerate()
        .map(|(g, grade)| {
            (0..grade.classes)
                .map(|k| {
                    grade
                        .subjects
                        .iter()
                        .map(|&s| {
                            (0..problem.teachers.len()).find(|&t| {
                                problem.teachers[t].subject == s
                                    && x.get(&(t, g, k)).is_some_and(on)
                            })
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let heads = problem
        .grades
        .iter()
        .enumerate()
        .map(|(g, grade)| {
            (0..grade.classes)
                .map(|k| (0..problem.teachers.len()).find(|&t| h.get(&(t, g, k)).is_some_and(on)))
                .collect()
        })
        .collect();
    let found = TeamSolution {
        seats,
        heads,
        proven,
    };
    problem
        .check(&found)
        .map_err(|detail| RotationError::Solver(SolverMessage::TeamsBreakRule { detail }))?;
    Ok(found)
}

/// HiGHS refusing a gap option (good_lp's reason after the option's name).
fn gap_rejected(option: &str, e: impl std::fmt::Display) -> RotationError {
    RotationError::Solver(SolverMessage::OptionRejected {
        option: format!("{option} ({e})"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(subject: usize, strength: u32, homeroom: bool) -> Candidate {
        Candidate {
            subject,
            strength,
            homeroom,
        }
    }

    #[test]
    fn strong_is_paired_with_weak() {
        // Two classes, two subjects, one teacher per class and subject: the strong
        // Chinese teacher (5) goes with the weak math teacher (1).
        let p = TeamProblem {
            loads: vec![1, 1],
            grades: vec![GradeNeed {
                classes: 2,
                subjects: vec![0, 1],
            }],
            teachers: vec![c(0, 5, true), c(0, 2, true), c(1, 4, false), c(1, 1, false)],
        };
        let s = solve_teams(&p, 30.0).unwrap();
        assert!(s.proven);
        assert_eq!(p.score(&s).vacancies, 0);
        assert_eq!(p.spread(&s, 0), 0, "{s:?}");
        assert_eq!(p.score(&s).minus_homeroom_heads, -2);
    }

    #[test]
    fn a_missing_teacher_leaves_a_seat_vacant() {
        let p = TeamProblem {
            loads: vec![1],
            grades: vec![GradeNeed {
                classes: 3,
                subjects: vec![0],
            }],
            teachers: vec![c(0, 1, false), c(0, 2, false)],
        };
        let s = solve_teams(&p, 30.0).unwrap();
        // One seat and its head teacher are vacant.
        assert_eq!(p.score(&s).vacancies, 2);
        p.check(&s).unwrap();
    }

    #[test]
    fn no_head_teacher_is_left_vacant_when_three_teachers_can_head() {
        // Three classes of one subject, four teachers who may each teach two classes.
        // Three distinct teachers head the three teams (spread 3, no vacancy); HiGHS's
        // enumeration presolve once returned two head-teacher vacancies as optimal
        // (see `solve::highs::PRESOLVE_RULES_OFF`).
        let p = TeamProblem {
            loads: vec![2, 1],
            grades: vec![GradeNeed {
                classes: 3,
                subjects: vec![0],
            }],
            teachers: vec![
                c(0, 1, false),
                c(0, 2, true),
                c(0, 4, false),
                c(0, 5, false),
            ],
        };
        let s = solve_teams(&p, 30.0).unwrap();
        assert!(s.proven);
        p.check(&s).unwrap();
        assert_eq!(
            p.score(&s),
            TeamScore {
                vacancies: 0,
                spread: 3,
                minus_homeroom_heads: -1
            }
        );
    }
}
