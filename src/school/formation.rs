//! The teams of one school from the county: its staff after the plan, the grades of
//! `classes.csv` and the `[teams]` policy table become a [`TeamProblem`]; the solved
//! teams come back with teacher indices, strengths and the notes that explain vacant
//! seats.

use crate::input::vocabulary::subject_zh;
use crate::model::county::County;
use crate::model::error::Result;
use crate::model::policy::Policy;
use crate::model::school::GradeClasses;
use crate::school::staff::strength;
use crate::school::team_note::TeamNote;
use crate::school::teams::{solve_teams, Candidate, GradeNeed, TeamProblem};

/// One seat of a team.
#[derive(Debug, Clone, PartialEq)]
pub struct Seat {
    /// The subject as the policy names it.
    pub subject: String,
    /// The teacher (index into `County::teachers`), `None` when vacant.
    pub teacher: Option<usize>,
    /// The teacher's strength points (0 when vacant).
    pub strength: u32,
}

/// One class teaching team.
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    /// `1`, `2`, ... from the strongest team to the weakest.
    pub label: String,
    /// One seat per subject of the grade.
    pub seats: Vec<Seat>,
    /// The head teacher (班主任), one of the seats' teachers.
    pub head: Option<usize>,
    /// The team's strength: the sum of its members' points.
    pub strength: u32,
}

/// The teams of one grade.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeTeams {
    /// The grade as written in `classes.csv`.
    pub grade: String,
    /// One team per class.
    pub teams: Vec<Team>,
    /// Strongest team minus weakest.
    pub spread: u32,
}

/// The teams of one school.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolTeams {
    /// Index into `County::schools`.
    pub school: usize,
    /// The grades, in the order of `classes.csv` (sorted).
    pub grades: Vec<GradeTeams>,
    /// Vacant seats and missing head teachers explained; an unproven solve.
    pub notes: Vec<TeamNote>,
    /// Whether the solver proved the teams the most even.
    pub proven: bool,
}

/// Whether two subject names are the same subject (code or Chinese name).
pub fn same_subject(a: &str, b: &str) -> bool {
    use crate::input::vocabulary::subject_code;
    subject_code(a.to_string()) == subject_code(b.to_string())
}

/// Forms the teams of school `school` for its `grades`, with the staff of
/// `school_of` (each teacher's school after the plan).
pub fn form_school_teams(
    county: &County,
    school_of: &[usize],
    policy: &Policy,
    school: usize,
    grades: &[&GradeClasses],
) -> Result<SchoolTeams> {
    let rules = &policy.teams;
    let mut subjects: Vec<String> = Vec::new();
    for g in grades {
        for s in rules.subjects_of(&g.grade) {
            if !subjects.iter().any(|x| same_subject(x, s)) {
                subjects.push(s.clone());
            }
        }
    }
    let index_of = |s: &str| subjects.iter().position(|x| same_subject(x, s));
    let staff: Vec<usize> = (0..county.teachers.len())
        .filter(|&t| school_of[t] == school && index_of(&county.teachers[t].subject).is_some())
        .collect();
    let problem = TeamProblem {
        loads: subjects
            .iter()
            .map(|s| rules.load_of(s, same_subject))
            .collect(),
        grades: grades
            .iter()
            .map(|g| GradeNeed {
                classes: g.classes.len(),
                subjects: rules
                    .subjects_of(&g.grade)
                    .iter()
                    .filter_map(|s| index_of(s))
                    .collect(),
            })
            .collect(),
        teachers: staff
            .iter()
            .map(|&t| {
                let teacher = &county.teachers[t];
                Candidate {
                    subject: index_of(&teacher.subject).expect("filtered"),
                    strength: strength(teacher, policy.year, &rules.strength),
                    homeroom: teacher.homeroom,
                }
            })
            .collect(),
    };
    let solution = solve_teams(&problem, rules.time_limit)?;
    let mut notes = Vec::new();
    for (i, subject) in subjects.iter().enumerate() {
        let vacant = problem
            .grades
            .iter()
            .enumerate()
            .flat_map(|(g, need)| {
                let pos = need.subjects.iter().position(|&s| s == i);
                solution.seats[g]
                    .iter()
                    .filter(move |team| pos.is_some_and(|p| team[p].is_none()))
            })
            .count();
        if vacant == 0 {
            continue;
        }
        let load = problem.loads[i];
        let needing = problem.grades.iter().filter(|g| g.subjects.contains(&i));
        notes.push(TeamNote::SubjectShort {
            subject: subject.clone(),
            subject_zh: subject_zh(subject).to_string(),
            classes: needing.clone().map(|g| g.classes).sum(),
            load,
            needed: needing.map(|g| g.classes.div_ceil(load as usize)).sum(),
            available: problem.teachers.iter().filter(|c| c.subject == i).count(),
            vacant,
        });
    }
    let mut out = Vec::new();
    for (g, grade) in grades.iter().enumerate() {
        let subjects_of_grade = &problem.grades[g].subjects;
        let teams: Vec<Team> = (0..grade.classes.len())
            .map(|k| {
                let seats: Vec<Seat> = subjects_of_grade
                    .iter()
                    .zip(&solution.seats[g][k])
                    .map(|(&s, t)| Seat {
                        subject: subjects[s].clone(),
                        teacher: t.map(|t| staff[t]),
                        strength: t.map_or(0, |t| problem.teachers[t].strength),
                    })
                    .collect();
                Team {
                    label: (k + 1).to_string(),
                    strength: seats.iter().map(|s| s.strength).sum(),
                    seats,
                    head: solution.heads[g][k].map(|t| staff[t]),
                }
            })
            .collect();
        for team in &teams {
            if team.head.is_none() && team.seats.iter().any(|s| s.teacher.is_some()) {
                notes.push(TeamNote::NoHeadTeacher {
                    grade: grade.grade.clone(),
                    team: team.label.clone(),
                });
            }
        }
        out.push(GradeTeams {
            grade: grade.grade.clone(),
            spread: problem.spread(&solution, g),
            teams,
        });
    }
    if !solution.proven {
        notes.push(TeamNote::NotProven {
            seconds: rules.time_limit,
        });
    }
    Ok(SchoolTeams {
        school,
        grades: out,
        notes,
        proven: solution.proven,
    })
}

#[cfg(test)]
mod subject_tests {
    use super::same_subject;

    #[test]
    fn a_subject_matches_its_code_in_any_case_and_its_chinese_name() {
        assert!(same_subject("math", "数学"));
        assert!(same_subject("Math", "math"));
        assert!(same_subject("数学", "MATH"));
        assert!(!same_subject("math", "physics"));
        assert!(same_subject("综合实践", "综合实践"));
    }
}
