//! Readers of the school step's tables (`input::school_tables`): `classes.csv`,
//! `students.csv`, and the outputs of `rotation teams` and `rotation classes` read back
//! by `rotation draw`. Every problem is a diagnostic with file, line and column; all
//! are collected before the command stops.

use crate::input::school_tables::{CLASSES, CLASS_LISTS, STUDENTS, TEAM_MEMBERS};
use crate::input::table::{Row, Table};
use crate::input::values::parse_gender;
use crate::model::county::County;
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::input_message::{Expected, IdKind, InputMessage};
use crate::model::school::{natural_key, ClassRecord, GradeClasses, Member, Student, TeamRecord};
use crate::model::school_message::SchoolFileMessage as M;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Most classes a grade may have.
pub const MAX_CLASSES: usize = 60;

fn table(
    path: &Path,
    kind: &crate::input::vocabulary::TableKind,
    required: &[&str],
    diags: &mut Diagnostics,
) -> Option<Table> {
    let table = crate::input::workbook::read_table(path, kind, diags)?;
    let known: Vec<&str> = kind.columns.iter().map(|c| c.name).collect();
    table.check_header(&known, required, diags).then_some(table)
}

fn row<'a>(table: &'a Table, line: usize, fields: &'a [String]) -> Row<'a> {
    Row {
        table,
        line,
        fields,
        ok: true,
    }
}

/// A school file's problem as a diagnostic's message, in both languages.
fn said(message: M) -> InputMessage {
    InputMessage::said(&message)
}

/// A grade of `classes.csv` being read: its first line, its labels with their lines,
/// and whether it was given as a count.
type GradeRows = (usize, Vec<(String, usize)>, bool);

/// Reads `classes.csv` (or a workbook's `classes`/`班级` sheet): one row per class
/// (`class`) or per grade (`classes`, a count). With a county, every school must be
/// one of its schools.
pub fn read_classes(path: &Path, county: Option<&County>) -> Result<Vec<GradeClasses>> {
    let mut diags = Diagnostics::default();
    let Some(table) = table(path, &CLASSES, &["school", "grade"], &mut diags) else {
        return Err(RotationError::Invalid(diags));
    };
    if table.column("class").is_none() && table.column("classes").is_none() {
        diags.error(
            &table.file,
            Some(table.header_line),
            None,
            said(M::MissingClassColumn {
                header: table.labels.join(","),
            }),
        );
        return Err(RotationError::Invalid(diags));
    }
    let mut grades: BTreeMap<(String, String), GradeRows> = BTreeMap::new();
    for (line, fields) in &table.rows {
        let mut r = row(&table, *line, fields);
        let school = r.text(&mut diags, "school");
        let grade = r.text(&mut diags, "grade");
        if let (Some(county), false) = (county, school.is_empty()) {
            if county.school_index(&school).is_none() {
                r.fail(
                    &mut diags,
                    "school",
                    InputMessage::UnknownSchool { id: school.clone() },
                );
            }
        }
        let label = r.optional_text("class");
        let count = r.optional_text("classes");
        let labels: Vec<String> = match (label, count) {
            (Some(l), None) => vec![l],
            (None, Some(_)) => match r.integer::<usize>(
                &mut diags,
                "classes",
                Expected::ClassCount { max: MAX_CLASSES },
            ) {
                Some(n) if (1..=MAX_CLASSES).contains(&n) => {
                    (1..=n).map(|i| i.to_string()).collect()
                }
                Some(n) => {
                    r.fail(
                        &mut diags,
                        "classes",
                        InputMessage::NotValid {
                            raw: n.to_string(),
                            expected: Expected::ClassCount { max: MAX_CLASSES },
                        },
                    );
                    Vec::new()
                }
                None => Vec::new(),
            },
            (Some(_), Some(_)) => {
                r.fail(&mut diags, "classes", said(M::ClassAndCount));
                Vec::new()
            }
            (None, None) => {
                let name = if table.column("class").is_some() {
                    "class"
                } else {
                    "classes"
                };
                r.fail(&mut diags, name, said(M::NoClassOrCount));
                Vec::new()
            }
        };
        if !r.ok {
            continue;
        }
        let counted = table.column("classes").is_some() && r.optional_text("classes").is_some();
        let entry =
            grades
                .entry((school.clone(), grade.clone()))
                .or_insert((*line, Vec::new(), counted));
        if entry.2 || counted {
            if !entry.1.is_empty() {
                let first = entry.1[0].1;
                r.fail(
                    &mut diags,
                    if counted { "classes" } else { "class" },
                    said(M::GradeGivenTwice {
                        grade: grade.clone(),
                        school: school.clone(),
                        first,
                    }),
                );
                continue;
            }
            entry.2 = counted;
        }
        for l in labels {
            if let Some((_, first)) = entry.1.iter().find(|(x, _)| *x == l) {
                let first = *first;
                r.fail(
                    &mut diags,
                    "class",
                    said(M::ClassTwice {
                        class: l,
                        grade: grade.clone(),
                        school: school.clone(),
                        first,
                    }),
                );
            } else {
                entry.1.push((l, *line));
            }
        }
    }
    if table.rows.is_empty() {
        diags.error(
            &table.file,
            Some(table.header_line),
            None,
            said(M::NoClasses),
        );
    }
    for ((school, grade), (line, labels, _)) in &grades {
        if labels.len() > MAX_CLASSES {
            diags.error(
                &table.file,
                Some(*line),
                None,
                said(M::TooManyClasses {
                    grade: grade.clone(),
                    school: school.clone(),
                    classes: labels.len(),
                    max: MAX_CLASSES,
                }),
            );
        }
    }
    if diags.has_errors() {
        return Err(RotationError::Invalid(diags));
    }
    Ok(grades
        .into_iter()
        .map(|((school, grade), (line, labels, _))| {
            let mut classes: Vec<String> = labels.into_iter().map(|(l, _)| l).collect();
            classes.sort_by(|a, b| natural_key(a).cmp(&natural_key(b)));
            GradeClasses {
                school,
                grade,
                classes,
                line,
            }
        })
        .collect())
}

/// Reads `students.csv` (or a workbook's `students`/`学生` sheet). Ids are unique;
/// `keep_together` and `keep_apart` name another student of the same school and
/// grade, never the student itself, and no pair is both.
pub fn read_students(path: &Path) -> Result<Vec<Student>> {
    let mut diags = Diagnostics::default();
    let Some(table) = table(
        path,
        &STUDENTS,
        &["id", "grade", "gender", "score"],
        &mut diags,
    ) else {
        return Err(RotationError::Invalid(diags));
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut students = Vec::new();
    for (line, fields) in &table.rows {
        let mut r = row(&table, *line, fields);
        let id = r.unique_id(&mut diags, IdKind::Student, &mut seen);
        let grade = r.text(&mut diags, "grade");
        let gender = r.parse(&mut diags, "gender", Expected::Gender, parse_gender);
        let score = r.parse(&mut diags, "score", Expected::Score, |v| {
            v.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && x.abs() <= 1e9)
        });
        if let (true, Some(gender), Some(score)) = (r.ok, gender, score) {
            students.push(Student {
                id,
                name: r.optional_text("name").unwrap_or_default(),
                school: r.optional_text("school").unwrap_or_default(),
                grade,
                gender,
                score,
                keep_together: r.optional_text("keep_together"),
                keep_apart: r.optional_text("keep_apart"),
                line: *line,
            });
        }
    }
    if table.rows.is_empty() {
        diags.error(
            &table.file,
            Some(table.header_line),
            None,
            said(M::NoStudents),
        );
    }
    if !diags.has_errors() {
        check_pairs(&table, &students, &mut diags);
    }
    if diags.has_errors() {
        return Err(RotationError::Invalid(diags));
    }
    Ok(students)
}

/// The special cases: each pair names a known student of the same school and grade,
/// not the student itself, and no pair is to be kept both together and apart.
fn check_pairs(table: &Table, students: &[Student], diags: &mut Diagnostics) {
    let by_id: HashMap<&str, &Student> = students.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut together: std::collections::HashSet<(&str, &str)> = Default::default();
    for s in students {
        if let Some(other) = &s.keep_together {
            together.insert((s.id.as_str(), other.as_str()));
            together.insert((other.as_str(), s.id.as_str()));
        }
    }
    for s in students {
        for (name, other) in [
            ("keep_together", &s.keep_together),
            ("keep_apart", &s.keep_apart),
        ] {
            let Some(other) = other else { continue };
            let col = table.column(name).map(|i| (i + 1, table.label(i)));
            let message = match by_id.get(other.as_str()) {
                None => Some(M::UnknownStudent { id: other.clone() }),
                Some(_) if *other == s.id => Some(M::PairedWithItself { id: other.clone() }),
                Some(o) if o.school != s.school || o.grade != s.grade => {
                    Some(M::PairAcrossGrades {
                        other: other.clone(),
                        other_grade: o.grade.clone(),
                        other_school: o.school.clone(),
                        grade: s.grade.clone(),
                        school: s.school.clone(),
                    })
                }
                Some(_)
                    if name == "keep_apart"
                        && together.contains(&(s.id.as_str(), other.as_str())) =>
                {
                    Some(M::TogetherAndApart {
                        other: other.clone(),
                        id: s.id.clone(),
                    })
                }
                Some(_) => None,
            };
            if let Some(m) = message {
                diags.error(&table.file, Some(s.line), col, said(m));
            }
        }
    }
}

/// Reads `team_members.csv` as `rotation teams` wrote it: the teams of each school and
/// grade with their members.
pub fn read_team_members(path: &Path) -> Result<Vec<TeamRecord>> {
    let mut diags = Diagnostics::default();
    let Some(table) = table(
        path,
        &TEAM_MEMBERS,
        &["school", "grade", "team", "role", "subject", "teacher"],
        &mut diags,
    ) else {
        return Err(RotationError::Invalid(diags));
    };
    let mut teams: BTreeMap<(String, String, String), Vec<Member>> = BTreeMap::new();
    for (line, fields) in &table.rows {
        let mut r = row(&table, *line, fields);
        let school = r.text(&mut diags, "school");
        let grade = r.text(&mut diags, "grade");
        let team = r.text(&mut diags, "team");
        let role = r.parse(&mut diags, "role", Expected::Role, |v| match v {
            "head" | "班主任" => Some(true),
            "subject" | "任课" => Some(false),
            _ => None,
        });
        // As written: the draw's inputs hash holds it (`same_subject` matches it).
        let subject = r.text(&mut diags, "subject");
        if let (true, Some(head)) = (r.ok, role) {
            teams
                .entry((school, grade, team))
                .or_default()
                .push(Member {
                    subject,
                    teacher: r.optional_text("teacher").unwrap_or_default(),
                    name: r.optional_text("name").unwrap_or_default(),
                    head,
                });
        }
    }
    if diags.has_errors() {
        return Err(RotationError::Invalid(diags));
    }
    Ok(teams
        .into_iter()
        .map(|((school, grade, team), mut members)| {
            members.sort();
            TeamRecord {
                school,
                grade,
                team,
                members,
            }
        })
        .collect())
}

/// Reads `class_lists.csv` as `rotation classes` wrote it: the classes of each school
/// and grade with their students.
pub fn read_class_lists(path: &Path) -> Result<Vec<ClassRecord>> {
    let mut diags = Diagnostics::default();
    let Some(table) = table(
        path,
        &CLASS_LISTS,
        &["school", "grade", "class", "student"],
        &mut diags,
    ) else {
        return Err(RotationError::Invalid(diags));
    };
    let mut classes: BTreeMap<(String, String, String), Vec<(String, String)>> = BTreeMap::new();
    for (line, fields) in &table.rows {
        let mut r = row(&table, *line, fields);
        let school = r.optional_text("school").unwrap_or_default();
        let grade = r.text(&mut diags, "grade");
        let class = r.text(&mut diags, "class");
        let student = r.text(&mut diags, "student");
        if r.ok {
            classes
                .entry((school, grade, class))
                .or_default()
                .push((student, r.optional_text("name").unwrap_or_default()));
        }
    }
    if diags.has_errors() {
        return Err(RotationError::Invalid(diags));
    }
    Ok(classes
        .into_iter()
        .map(|((school, grade, class), mut students)| {
            students.sort();
            ClassRecord {
                school,
                grade,
                class,
                students,
            }
        })
        .collect())
}

/// Reads the `draw.json` a draw recorded.
pub fn read_draw_record(path: &Path) -> Result<crate::model::school::DrawRecord> {
    let text = std::fs::read_to_string(path).map_err(|e| RotationError::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| {
        let mut diags = Diagnostics::default();
        diags.error(
            &path.display().to_string(),
            Some(e.line()),
            None,
            said(M::NotADrawRecord {
                error: e.to_string(),
            }),
        );
        RotationError::Invalid(diags)
    })
}
