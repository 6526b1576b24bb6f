//! The lottery that matches teams to classes (随机抽签): seeded by a text the school
//! announces before the draw (a date and that day's published number), so that anyone
//! can re-run it and get the same draw, and [`check`] confirms a recorded one.
//!
//! For each school and grade (sorted by school id, then grade, numbers by value), the
//! teams sorted by label are shuffled with [`Lottery::shuffle`] on one stream keyed by
//! the text; the `k`-th class (sorted by label) gets the `k`-th team of the shuffled
//! list. The record names the inputs by a SHA-256 of their canonical text
//! ([`inputs_text`]), so a changed team or class list is seen.

use crate::model::error::{Result, RotationError};
use crate::model::lang::Lang;
use crate::model::school::{natural_key, ClassRecord, DrawPair, DrawRecord, TeamRecord};
use crate::model::usage_message::UsageMessage;
use crate::school::lottery::{hex, seed_of, Lottery};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The algorithm, as the record states it.
pub const ALGORITHM: &str = "key = SHA-256 of the seed text (UTF-8); stream = ChaCha20 \
(20 rounds, nonce 0, counter from 0; rand_chacha ChaCha20Rng::from_seed), read as \
little-endian 32-bit words; for each school and grade in order (school id, then grade, \
whole numbers by value), the teams sorted by label are shuffled by Fisher-Yates \
(for i = n-1 down to 1: j = uniform in [0, i], the first word w < 2^32 - (2^32 mod \
(i+1)) taken mod (i+1); swap items i and j); the k-th class sorted by label gets the \
k-th team of the shuffled list";

type Key<'a> = (&'a str, (u8, u64, &'a str));

fn key<'a>(school: &'a str, grade: &'a str) -> Key<'a> {
    (school, natural_key(grade))
}

/// The canonical text of the inputs: a line per team member
/// (`team<TAB>school<TAB>grade<TAB>team<TAB>role<TAB>subject<TAB>teacher`) and per
/// student (`class<TAB>school<TAB>grade<TAB>class<TAB>student`), sorted, each ending in
/// a line feed. Its SHA-256 is the record's `inputs_sha256`.
pub fn inputs_text(teams: &[TeamRecord], classes: &[ClassRecord]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for t in teams {
        for m in &t.members {
            let role = if m.head { "head" } else { "subject" };
            lines.push(format!(
                "team\t{}\t{}\t{}\t{role}\t{}\t{}",
                t.school, t.grade, t.team, m.subject, m.teacher
            ));
        }
    }
    for c in classes {
        for (s, _) in &c.students {
            lines.push(format!(
                "class\t{}\t{}\t{}\t{s}",
                c.school, c.grade, c.class
            ));
        }
    }
    lines.sort();
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// SHA-256 of [`inputs_text`], hex.
pub fn inputs_sha256(teams: &[TeamRecord], classes: &[ClassRecord]) -> String {
    hex(&Sha256::digest(inputs_text(teams, classes).as_bytes()))
}

/// Draws a team for every class. Every school and grade must have as many teams as
/// classes; each one that has not is named in the error.
pub fn draw(teams: &[TeamRecord], classes: &[ClassRecord], seed_text: &str) -> Result<DrawRecord> {
    let mut by_grade: BTreeMap<Key, (Vec<&str>, Vec<&str>)> = BTreeMap::new();
    for t in teams {
        by_grade
            .entry(key(&t.school, &t.grade))
            .or_default()
            .0
            .push(&t.team);
    }
    for c in classes {
        by_grade
            .entry(key(&c.school, &c.grade))
            .or_default()
            .1
            .push(&c.class);
    }
    let mut problems = Vec::new();
    for ((school, (_, _, grade)), (t, c)) in &by_grade {
        if t.len() != c.len() {
            problems.push((school.to_string(), grade.to_string(), t.len(), c.len()));
        }
    }
    if !problems.is_empty() {
        return Err(RotationError::Refused(UsageMessage::TeamsClassesMismatch {
            grades: problems,
        }));
    }
    let mut lottery = Lottery::from_text(seed_text);
    let mut pairs = Vec::new();
    for ((school, (_, _, grade)), (mut t, mut c)) in by_grade {
        t.sort_by_key(|l| natural_key(l));
        c.sort_by_key(|l| natural_key(l));
        lottery.shuffle(&mut t);
        for (class, team) in c.iter().zip(&t) {
            pairs.push(DrawPair {
                school: school.to_string(),
                grade: grade.to_string(),
                class: class.to_string(),
                team: team.to_string(),
            });
        }
    }
    Ok(DrawRecord {
        seed_text: seed_text.to_string(),
        seed_sha256: hex(&seed_of(seed_text)),
        algorithm: ALGORITHM.to_string(),
        inputs_sha256: inputs_sha256(teams, classes),
        pairs,
    })
}

/// Why a recorded draw is not confirmed.
#[derive(Debug, Clone, PartialEq)]
pub enum DrawMismatch {
    /// The teams or classes are not those the draw was made with.
    InputsChanged {
        /// The record's hash.
        recorded: String,
        /// The hash of the inputs given now.
        now: String,
    },
    /// The record's seed hash is not SHA-256 of its seed text.
    SeedHash,
    /// A class got another team than the record says.
    Pair {
        /// The class, as `school grade class`.
        class: String,
        /// The team the record gives it.
        recorded: String,
        /// The team the draw gives it now (empty: the class is not drawn now).
        drawn: String,
    },
}

impl DrawMismatch {
    /// The mismatch in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (DrawMismatch::InputsChanged { recorded, now }, Lang::En) => format!(
                "the teams and classes are not those of the draw: their SHA-256 is {now}, the draw recorded {recorded}"
            ),
            (DrawMismatch::InputsChanged { recorded, now }, Lang::Zh) => {
                format!("团队与班级不是抽签时的名单：现在的SHA-256为{now}，抽签记录为{recorded}")
            }
            (DrawMismatch::SeedHash, Lang::En) => {
                "the record's seed_sha256 is not the SHA-256 of its seed text".to_string()
            }
            (DrawMismatch::SeedHash, Lang::Zh) => "记录中的种子哈希与种子文本不符".to_string(),
            (DrawMismatch::Pair { class, recorded, drawn }, Lang::En) => format!(
                "class {class}: the record gives team {recorded}, the draw gives {}",
                if drawn.is_empty() { "no team" } else { drawn }
            ),
            (DrawMismatch::Pair { class, recorded, drawn }, Lang::Zh) => format!(
                "{class}班：记录为第{recorded}团队，重新抽签为{}",
                if drawn.is_empty() { "无团队".to_string() } else { format!("第{drawn}团队") }
            ),
        }
    }
}

/// Re-runs a recorded draw on the teams and classes and lists every difference (none:
/// the draw is confirmed).
pub fn check(
    record: &DrawRecord,
    teams: &[TeamRecord],
    classes: &[ClassRecord],
) -> Result<Vec<DrawMismatch>> {
    let mut out = Vec::new();
    if record.seed_sha256 != hex(&seed_of(&record.seed_text)) {
        out.push(DrawMismatch::SeedHash);
    }
    let now = inputs_sha256(teams, classes);
    if now != record.inputs_sha256 {
        out.push(DrawMismatch::InputsChanged {
            recorded: record.inputs_sha256.clone(),
            now,
        });
    }
    let again = draw(teams, classes, &record.seed_text)?;
    let drawn: BTreeMap<(&str, &str, &str), &str> = again
        .pairs
        .iter()
        .map(|p| {
            (
                (p.school.as_str(), p.grade.as_str(), p.class.as_str()),
                p.team.as_str(),
            )
        })
        .collect();
    for p in &record.pairs {
        let team = drawn
            .get(&(p.school.as_str(), p.grade.as_str(), p.class.as_str()))
            .copied()
            .unwrap_or("");
        if team != p.team {
            out.push(DrawMismatch::Pair {
                class: format!("{} {} {}", p.school, p.grade, p.class)
                    .trim()
                    .to_string(),
                recorded: p.team.clone(),
                drawn: team.to_string(),
            });
        }
    }
    if record.pairs.len() != again.pairs.len() && out.is_empty() {
        out.push(DrawMismatch::Pair {
            class: "(count)".into(),
            recorded: record.pairs.len().to_string(),
            drawn: again.pairs.len().to_string(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::school::Member;

    pub(crate) fn grade(n: usize) -> (Vec<TeamRecord>, Vec<ClassRecord>) {
        let teams = (1..=n)
            .map(|i| TeamRecord {
                school: "J01".into(),
                grade: "7".into(),
                team: i.to_string(),
                members: vec![Member {
                    subject: "math".into(),
                    teacher: format!("T{i}"),
                    name: String::new(),
                    head: true,
                }],
            })
            .collect();
        let classes = (1..=n)
            .map(|i| ClassRecord {
                school: "J01".into(),
                grade: "7".into(),
                class: i.to_string(),
                students: vec![(format!("S{i}"), String::new())],
            })
            .collect();
        (teams, classes)
    }

    #[test]
    fn a_draw_is_confirmed_and_a_changed_one_is_not() {
        let (teams, classes) = grade(5);
        let mut record = draw(&teams, &classes, "2026-08-31 3D 407").unwrap();
        assert!(check(&record, &teams, &classes).unwrap().is_empty());
        record.pairs.swap(0, 1);
        let (a, b) = (record.pairs[0].team.clone(), record.pairs[1].team.clone());
        record.pairs[0].team = b;
        record.pairs[1].team = a;
        let mismatches = check(&record, &teams, &classes).unwrap();
        assert!(!mismatches.is_empty());
    }

    #[test]
    fn changed_inputs_are_seen() {
        let (teams, mut classes) = grade(3);
        let record = draw(&teams, &classes, "x").unwrap();
        classes[0].students[0].0 = "S9".into();
        let m = check(&record, &teams, &classes).unwrap();
        assert!(matches!(m[0], DrawMismatch::InputsChanged { .. }));
    }

    #[test]
    fn unequal_counts_are_refused() {
        let (teams, mut classes) = grade(3);
        classes.pop();
        let err = draw(&teams, &classes, "x").unwrap_err().to_string();
        assert!(err.contains("3 teams but 2 classes"), "{err}");
    }
}
