//! Students divided into classes in an S-shaped (snake) order (S形分班), so that the
//! classes of a grade are equal in ability (`docs/classes.md` works an example).
//!
//! Within each school and grade: the girls, then the boys, each by score from the
//! highest (equal scores by id, or by lot with a seed text); each gender is dealt in
//! that order in rounds of one per class, the first round from class 1 to class N,
//! the next from N back to 1, and so on (the boys' S may start at class N, see
//! [`boys_start_forward`]). Each class so gets girls and boys within one of every
//! other class, of near-equal ability. Then the special cases (零择班): a
//! student who must share a class with another (`keep_together`) is swapped with the
//! student of the partner's class of the same gender and nearest score who has no
//! special case; a pair to keep apart is separated the same way. Every swap is
//! reported ([`DivisionNote`]).

use crate::model::county::Gender;
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::school::{natural_key, Student};
use crate::school::division_note::DivisionNote;
use crate::school::lottery::Lottery;
use std::collections::BTreeMap;

/// The classes of one school and grade.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeDivision {
    /// School id (empty when the students have none).
    pub school: String,
    /// Grade.
    pub grade: String,
    /// Class labels.
    pub classes: Vec<String>,
    /// `(student index into the input, class index, place in the S order from 1)`,
    /// in S order.
    pub placement: Vec<(usize, usize, usize)>,
    /// Swaps made for the special cases, and pairs that could not be kept.
    pub notes: Vec<DivisionNote>,
}

/// One class's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassFigures {
    /// Class label.
    pub class: String,
    /// Students.
    pub students: usize,
    /// Girls.
    pub girls: usize,
    /// Boys.
    pub boys: usize,
    /// Mean score.
    pub mean: f64,
    /// Standard deviation of the scores (population).
    pub sd: f64,
}

impl GradeDivision {
    /// Each class's figures, in class order.
    pub fn figures(&self, students: &[Student]) -> Vec<ClassFigures> {
        self.classes
            .iter()
            .enumerate()
            .map(|(c, label)| {
                let members: Vec<&Student> = self
                    .placement
                    .iter()
                    .filter(|p| p.1 == c)
                    .map(|p| &students[p.0])
                    .collect();
                let n = members.len();
                let mean = members.iter().map(|s| s.score).sum::<f64>() / n.max(1) as f64;
                let var = members
                    .iter()
                    .map(|s| (s.score - mean).powi(2))
                    .sum::<f64>()
                    / n.max(1) as f64;
                ClassFigures {
                    class: label.clone(),
                    students: n,
                    girls: members.iter().filter(|s| s.gender == Gender::F).count(),
                    boys: members.iter().filter(|s| s.gender == Gender::M).count(),
                    mean,
                    sd: var.sqrt(),
                }
            })
            .collect()
    }
}

/// The S-shaped class of the `p`-th student (from 0) of an order over `n` classes.
pub fn snake_class(p: usize, n: usize) -> usize {
    let (round, offset) = (p / n, p % n);
    if round % 2 == 0 {
        offset
    } else {
        n - 1 - offset
    }
}

/// Whether the boys' S starts at class 1 (else at class N): at class 1 unless both the
/// girls' and the boys' last rounds are incomplete; then from the end that makes the
/// boys' last round fall on the classes the girls' last round did not reach, so that
/// class sizes, girls and boys each differ by at most one between classes.
pub fn boys_start_forward(girls: usize, boys: usize, n: usize) -> bool {
    let (girls_rounds, girls_left) = (girls / n, girls % n);
    let (boys_rounds, boys_left) = (boys / n, boys % n);
    if girls_left == 0 || boys_left == 0 {
        return true;
    }
    // The girls' last round went forward (reaching classes 1..) when its index is even.
    let girls_last_forward = girls_rounds % 2 == 0;
    let boys_last_forward = !girls_last_forward;
    // The boys' last round goes the way they started when its index is even.
    if boys_rounds % 2 == 0 {
        boys_last_forward
    } else {
        !boys_last_forward
    }
}

/// Divides the students of every school and grade into the classes `classes_of`
/// gives (`None`: the grade has no classes, an error naming the first student's
/// line). `seed` orders equal scores by lot instead of by id.
pub fn divide(
    students: &[Student],
    file: &str,
    classes_of: impl Fn(&str, &str) -> Option<Vec<String>>,
    seed: Option<&str>,
) -> Result<Vec<GradeDivision>> {
    let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, s) in students.iter().enumerate() {
        groups.entry((&s.school, &s.grade)).or_default().push(i);
    }
    let mut diags = Diagnostics::default();
    let mut out = Vec::new();
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|a, b| (a.0 .0, natural_key(a.0 .1)).cmp(&(b.0 .0, natural_key(b.0 .1))));
    for ((school, grade), members) in groups {
        let line = students[members[0]].line;
        let at = if school.is_empty() {
            String::new()
        } else {
            format!(" of school `{school}`")
        };
        let Some(classes) = classes_of(school, grade) else {
            diags.error(
                file,
                Some(line),
                None,
                format!(
                    "grade `{grade}`{at} has no classes in the class list; add it to classes.csv"
                ),
            );
            continue;
        };
        if members.len() < classes.len() {
            diags.error(
                file,
                Some(line),
                None,
                format!(
                    "grade `{grade}`{at} has {} students for {} classes; give fewer classes",
                    members.len(),
                    classes.len()
                ),
            );
            continue;
        }
        let capacity = members.len().div_ceil(classes.len());
        let groups_together = together_groups(students, &members);
        if let Some(g) = groups_together.iter().find(|g| g.len() > capacity) {
            diags.error(file, Some(students[g[0]].line), None, format!(
                "{} students are to share one class in grade `{grade}`{at}, more than a class holds ({capacity})", g.len()));
            continue;
        }
        out.push(divide_grade(
            students, school, grade, classes, members, seed,
        ));
    }
    if diags.has_errors() {
        return Err(RotationError::Invalid(diags));
    }
    Ok(out)
}

/// The groups of students joined by `keep_together` pairs (two or more), each sorted.
fn together_groups(students: &[Student], members: &[usize]) -> Vec<Vec<usize>> {
    let mut parent: BTreeMap<usize, usize> = members.iter().map(|&i| (i, i)).collect();
    fn root(parent: &BTreeMap<usize, usize>, mut i: usize) -> usize {
        while parent[&i] != i {
            i = parent[&i];
        }
        i
    }
    for &i in members {
        if let Some(other) = &students[i].keep_together {
            if let Some(&j) = members.iter().find(|&&j| &students[j].id == other) {
                let (a, b) = (root(&parent, i), root(&parent, j));
                parent.insert(a.max(b), a.min(b));
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in members {
        groups.entry(root(&parent, i)).or_default().push(i);
    }
    groups.into_values().filter(|g| g.len() > 1).collect()
}

fn divide_grade(
    students: &[Student],
    school: &str,
    grade: &str,
    classes: Vec<String>,
    mut members: Vec<usize>,
    seed: Option<&str>,
) -> GradeDivision {
    // Ties: by id (naturally), or by lot.
    members.sort_by(|&a, &b| natural_key(&students[a].id).cmp(&natural_key(&students[b].id)));
    if let Some(seed) = seed {
        Lottery::from_text(&format!("{seed}\n{school}\n{grade}")).shuffle(&mut members);
    }
    members.sort_by(|&a, &b| {
        let (x, y) = (&students[a], &students[b]);
        (x.gender == Gender::M)
            .cmp(&(y.gender == Gender::M))
            .then(y.score.total_cmp(&x.score))
    });
    let n = classes.len();
    let girls = members
        .iter()
        .filter(|&&i| students[i].gender == Gender::F)
        .count();
    let boys_start_forward = boys_start_forward(girls, members.len() - girls, n);
    let mut class_of: BTreeMap<usize, usize> = BTreeMap::new();
    let mut rank: BTreeMap<usize, usize> = BTreeMap::new();
    for (p, &i) in members.iter().enumerate() {
        let class = if p < girls {
            snake_class(p, n)
        } else if boys_start_forward {
            snake_class(p - girls, n)
        } else {
            n - 1 - snake_class(p - girls, n)
        };
        class_of.insert(i, class);
        rank.insert(i, p);
    }
    let id_of = |id: &str| members.iter().copied().find(|&j| students[j].id == id);
    let mut constrained: std::collections::BTreeSet<usize> = Default::default();
    let mut apart: Vec<(usize, usize)> = Vec::new();
    for &i in &members {
        if let Some(j) = students[i].keep_together.as_deref().and_then(id_of) {
            constrained.extend([i, j]);
        }
        if let Some(j) = students[i].keep_apart.as_deref().and_then(id_of) {
            constrained.extend([i, j]);
            apart.push((i, j));
        }
    }
    let mut notes = Vec::new();
    // The free student of class `class` of the same gender as `i` with the nearest
    // score (then the earlier in the S order).
    let nearest =
        |class_of: &BTreeMap<usize, usize>, i: usize, classes: &[usize]| -> Option<usize> {
            members
                .iter()
                .copied()
                .filter(|j| classes.contains(&class_of[j]) && !constrained.contains(j))
                .filter(|&j| students[j].gender == students[i].gender)
                .min_by(|&a, &b| {
                    let d = |j: usize| (students[j].score - students[i].score).abs();
                    d(a).total_cmp(&d(b)).then(rank[&a].cmp(&rank[&b]))
                })
        };
    let mut groups = together_groups(students, &members);
    groups.sort_by_key(|g| g.iter().map(|i| rank[i]).min());
    for mut group in groups {
        group.sort_by_key(|i| rank[i]);
        let lead = group[0];
        let target = class_of[&lead];
        for &m in &group[1..] {
            let from = class_of[&m];
            if from == target {
                continue;
            }
            match nearest(&class_of, m, &[target]) {
                Some(x) => {
                    class_of.insert(x, from);
                    class_of.insert(m, target);
                    notes.push(DivisionNote::KeptTogether {
                        student: students[m].id.clone(),
                        partner: students[lead].id.clone(),
                        swapped: students[x].id.clone(),
                        from: classes[from].clone(),
                        to: classes[target].clone(),
                    });
                }
                None => notes.push(DivisionNote::Unresolved {
                    student: students[m].id.clone(),
                    partner: students[lead].id.clone(),
                    together: true,
                }),
            }
        }
    }
    let in_group: std::collections::BTreeSet<usize> = together_groups(students, &members)
        .into_iter()
        .flatten()
        .collect();
    for &(a, b) in &apart {
        if class_of[&a] != class_of[&b] {
            continue;
        }
        // Move the one without a together group, the later in the S order first.
        let mut movers = vec![a, b];
        movers.sort_by_key(|i| std::cmp::Reverse(rank[i]));
        let Some(m) = movers.into_iter().find(|i| !in_group.contains(i)) else {
            notes.push(DivisionNote::Unresolved {
                student: students[b].id.clone(),
                partner: students[a].id.clone(),
                together: false,
            });
            continue;
        };
        let partner = if m == a { b } else { a };
        // Classes without any student `m` must be kept apart from.
        let allowed: Vec<usize> = (0..n)
            .filter(|&c| {
                !apart
                    .iter()
                    .any(|&(p, q)| (p == m && class_of[&q] == c) || (q == m && class_of[&p] == c))
            })
            .collect();
        let from = class_of[&m];
        match nearest(&class_of, m, &allowed) {
            Some(x) => {
                let to = class_of[&x];
                class_of.insert(x, from);
                class_of.insert(m, to);
                notes.push(DivisionNote::KeptApart {
                    student: students[m].id.clone(),
                    partner: students[partner].id.clone(),
                    swapped: students[x].id.clone(),
                    from: classes[from].clone(),
                    to: classes[to].clone(),
                });
            }
            None => notes.push(DivisionNote::Unresolved {
                student: students[m].id.clone(),
                partner: students[partner].id.clone(),
                together: false,
            }),
        }
    }
    GradeDivision {
        school: school.to_string(),
        grade: grade.to_string(),
        placement: members
            .iter()
            .enumerate()
            .map(|(p, &i)| (i, class_of[&i], p + 1))
            .collect(),
        classes,
        notes,
    }
}

/// The pairs a division breaks: `(student, partner, together?)` by ids.
pub fn broken_pairs(students: &[Student], division: &GradeDivision) -> Vec<(String, String, bool)> {
    let class: BTreeMap<&str, usize> = division
        .placement
        .iter()
        .map(|&(i, c, _)| (students[i].id.as_str(), c))
        .collect();
    let mut broken = Vec::new();
    for &(i, c, _) in &division.placement {
        let s = &students[i];
        if let Some(o) = s.keep_together.as_deref().and_then(|o| class.get(o)) {
            if *o != c {
                broken.push((
                    s.id.clone(),
                    s.keep_together.clone().unwrap_or_default(),
                    true,
                ));
            }
        }
        if let Some(o) = s.keep_apart.as_deref().and_then(|o| class.get(o)) {
            if *o == c {
                broken.push((
                    s.id.clone(),
                    s.keep_apart.clone().unwrap_or_default(),
                    false,
                ));
            }
        }
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn student(id: &str, gender: Gender, score: f64) -> Student {
        Student {
            id: id.into(),
            name: String::new(),
            school: String::new(),
            grade: "7".into(),
            gender,
            score,
            keep_together: None,
            keep_apart: None,
            line: 2,
        }
    }

    #[test]
    fn the_snake_turns_at_each_end() {
        let order: Vec<usize> = (0..9).map(|p| snake_class(p, 3)).collect();
        assert_eq!(order, [0, 1, 2, 2, 1, 0, 0, 1, 2]);
    }

    #[test]
    fn a_pair_to_keep_together_ends_in_one_class() {
        let mut s: Vec<Student> = (0..8)
            .map(|i| {
                student(
                    &format!("S{i}"),
                    if i % 2 == 0 { Gender::F } else { Gender::M },
                    100.0 - i as f64,
                )
            })
            .collect();
        s[0].keep_together = Some("S2".into());
        s[1].keep_apart = Some("S3".into());
        let d = divide(
            &s,
            "students.csv",
            |_, _| Some(vec!["1".into(), "2".into()]),
            None,
        )
        .unwrap();
        assert!(broken_pairs(&s, &d[0]).is_empty(), "{:?}", d[0]);
        assert!(!d[0].notes.is_empty());
    }
}
