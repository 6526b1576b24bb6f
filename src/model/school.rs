//! The school after the round: its classes per grade (`classes.csv`), its students
//! (`students.csv`) and the `[teams]` policy table that says what a class teaching team
//! (班级教学团队) needs. Plain data, read in `input/` and used by `school/`.

use crate::model::county::Gender;
use crate::model::diagnostics::Diagnostics;
use crate::model::input_message::InputMessage;
use crate::model::policy_message::{PolicyProblem, PolicyRange};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The classes of one grade of one school: a row group of `classes.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeClasses {
    /// The school's id; an id of `schools.csv` when teams are formed.
    pub school: String,
    /// The grade as written (`7`, `七年级`, ...); it names the grade in `[teams.grades]`.
    pub grade: String,
    /// The class labels, in natural order (`1`, `2`, ..., `10`).
    pub classes: Vec<String>,
    /// The line of `classes.csv` that first named this grade, for messages.
    pub line: usize,
}

/// One student: a row of `students.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Student {
    /// Unique student id (学号).
    pub id: String,
    /// Name (姓名); may be empty.
    pub name: String,
    /// School id; empty when the file has no `school` column (one school).
    pub school: String,
    /// Grade (年级) as written.
    pub grade: String,
    /// Gender, the second key of the S-shaped division.
    pub gender: Gender,
    /// The score the division ranks by (入学成绩 or a test score).
    pub score: f64,
    /// The id of a student who must be in the same class (同班), e.g. a twin.
    pub keep_together: Option<String>,
    /// The id of a student who must be in another class (分班).
    pub keep_apart: Option<String>,
    /// The line of `students.csv`, for messages.
    pub line: usize,
}

/// Points of a teacher's strength (`[teams.strength]`): a team's strength is the sum
/// of its members' points, and the teams of a grade are formed so that the strongest
/// and the weakest differ as little as possible (see `docs/classes.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StrengthPoints {
    /// Points of a county-level backbone teacher (县级骨干).
    pub backbone_county: u32,
    /// Points of a city-level backbone teacher (市级骨干).
    pub backbone_city: u32,
    /// Points of a province-level backbone teacher (省级骨干).
    pub backbone_province: u32,
    /// Points of a junior title (初级).
    pub title_junior: u32,
    /// Points of an intermediate title (中级).
    pub title_intermediate: u32,
    /// Points of a senior title (高级).
    pub title_senior: u32,
    /// One point per this many years of teaching (estimated as `year − birth_year −
    /// career_start_age`, as `teachers.csv` has no career column).
    pub years_per_point: u32,
    /// At most this many points for years of teaching.
    pub max_year_points: u32,
    /// The age at which a teacher is taken to have started teaching.
    pub career_start_age: u32,
}

impl Default for StrengthPoints {
    fn default() -> Self {
        StrengthPoints {
            backbone_county: 2,
            backbone_city: 3,
            backbone_province: 4,
            title_junior: 1,
            title_intermediate: 2,
            title_senior: 3,
            years_per_point: 10,
            max_year_points: 3,
            career_start_age: 22,
        }
    }
}

/// The `[teams]` policy table: which subjects a class teaching team (班级教学团队) of
/// each grade needs, how many classes one subject teacher may serve, how strength is
/// counted, and how long the solver may take per school.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TeamRules {
    /// The subjects of every grade not listed in `grades` (codes as in
    /// `teachers.csv`, or their Chinese names).
    pub subjects: Vec<String>,
    /// Subjects per grade, by the grade as written in `classes.csv`.
    pub grades: BTreeMap<String, Vec<String>>,
    /// Teaching load: how many classes of one grade one subject teacher may serve.
    pub load: u32,
    /// The load per subject, where it differs from `load`.
    pub loads: BTreeMap<String, u32>,
    /// Points of strength.
    pub strength: StrengthPoints,
    /// Seconds the solver may spend on one school (the best teams found are then
    /// written, with their gap).
    pub time_limit: f64,
}

impl Default for TeamRules {
    fn default() -> Self {
        TeamRules {
            subjects: vec!["chinese".into(), "math".into(), "english".into()],
            grades: BTreeMap::new(),
            load: 2,
            loads: BTreeMap::from([("chinese".to_string(), 1)]),
            strength: StrengthPoints::default(),
            time_limit: 60.0,
        }
    }
}

impl TeamRules {
    /// Whether every key has its default (the table is then not written back).
    pub fn is_default(&self) -> bool {
        *self == TeamRules::default()
    }

    /// The subjects a team of `grade` needs.
    pub fn subjects_of(&self, grade: &str) -> &[String] {
        self.grades.get(grade).unwrap_or(&self.subjects)
    }

    /// The teaching load of `subject` (the key may be the code or the Chinese name).
    pub fn load_of(&self, subject: &str, same: impl Fn(&str, &str) -> bool) -> u32 {
        self.loads
            .iter()
            .find(|(k, _)| same(k, subject))
            .map_or(self.load, |(_, l)| *l)
    }

    /// Range checks, each naming its key.
    pub fn check(&self, file: &str, diags: &mut Diagnostics) {
        let mut bad = |key: String, value: String, expected: PolicyRange| {
            diags.error(
                file,
                None,
                None,
                InputMessage::Policy(PolicyProblem::OutOfRange {
                    key,
                    value,
                    expected,
                }),
            );
        };
        if !(1..=20).contains(&self.load) {
            bad(
                "teams.load".into(),
                self.load.to_string(),
                PolicyRange::Classes { lo: 1, hi: 20 },
            );
        }
        for (subject, load) in &self.loads {
            if !(1..=20).contains(load) {
                bad(
                    format!("teams.loads.{subject}"),
                    load.to_string(),
                    PolicyRange::Classes { lo: 1, hi: 20 },
                );
            }
        }
        if self.subjects.is_empty() {
            bad(
                "teams.subjects".into(),
                "[]".into(),
                PolicyRange::AtLeastOneSubject,
            );
        }
        for (grade, subjects) in &self.grades {
            if subjects.is_empty() {
                bad(
                    format!("teams.grades.{grade}"),
                    "[]".into(),
                    PolicyRange::AtLeastOneSubject,
                );
            }
        }
        let s = &self.strength;
        if s.years_per_point == 0 {
            bad(
                "teams.strength.years_per_point".into(),
                "0".into(),
                PolicyRange::AtLeastOneYear,
            );
        }
        for (key, v) in [
            ("backbone_county", s.backbone_county),
            ("backbone_city", s.backbone_city),
            ("backbone_province", s.backbone_province),
            ("title_junior", s.title_junior),
            ("title_intermediate", s.title_intermediate),
            ("title_senior", s.title_senior),
            ("max_year_points", s.max_year_points),
        ] {
            if v > 100 {
                bad(
                    format!("teams.strength.{key}"),
                    v.to_string(),
                    PolicyRange::Points { max: 100 },
                );
            }
        }
        if s.career_start_age > 40 {
            bad(
                "teams.strength.career_start_age".into(),
                s.career_start_age.to_string(),
                PolicyRange::CareerStartAge { max: 40 },
            );
        }
        if !(self.time_limit.is_finite() && self.time_limit > 0.0 && self.time_limit <= 3600.0) {
            bad(
                "teams.time_limit".into(),
                self.time_limit.to_string(),
                PolicyRange::Seconds { max: 3600.0 },
            );
        }
    }
}

/// The order people count classes and grades in: labels that are whole numbers by
/// their value (`2` before `10`), then the others as text.
pub fn natural_key(label: &str) -> (u8, u64, &str) {
    match label.parse::<u64>() {
        Ok(n) => (0, n, label),
        Err(_) => (1, 0, label),
    }
}

/// One member of a team as `team_members.csv` records it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Member {
    /// The subject the member teaches the class (for a head teacher, their subject).
    pub subject: String,
    /// Teacher id; empty for a vacant seat.
    pub teacher: String,
    /// Teacher name.
    pub name: String,
    /// Whether this member is the class's head teacher (班主任).
    pub head: bool,
}

/// A class teaching team as the lottery sees it: read back from `team_members.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRecord {
    /// School id.
    pub school: String,
    /// Grade.
    pub grade: String,
    /// Team label (`1`, `2`, ...).
    pub team: String,
    /// Members, sorted.
    pub members: Vec<Member>,
}

/// A class as the lottery sees it: read back from `class_lists.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassRecord {
    /// School id (empty when the students had none).
    pub school: String,
    /// Grade.
    pub grade: String,
    /// Class label.
    pub class: String,
    /// `(student id, name)` of each student, sorted by id.
    pub students: Vec<(String, String)>,
}

/// One class's team as a draw records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawPair {
    /// School id.
    pub school: String,
    /// Grade.
    pub grade: String,
    /// Class label.
    pub class: String,
    /// The team drawn for the class.
    pub team: String,
}

/// What `rotation draw` records in `draw.json`, so that anyone can re-run the draw and
/// `rotation draw --check` can confirm it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawRecord {
    /// The public text announced before the draw.
    pub seed_text: String,
    /// SHA-256 of the seed text's UTF-8 bytes, hex: the ChaCha20 key.
    pub seed_sha256: String,
    /// The algorithm, in words.
    pub algorithm: String,
    /// SHA-256 of the canonical text of the teams and classes drawn (`docs/classes.md`).
    pub inputs_sha256: String,
    /// Each class with its team.
    pub pairs: Vec<DrawPair>,
}
