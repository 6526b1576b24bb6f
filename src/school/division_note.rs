//! What the S-shaped division did for its special cases (零择班), as data rendered in
//! English or Chinese.

use crate::model::lang::Lang;

/// Why a student was moved after the S-shaped order, or why a pair could not be kept.
#[derive(Debug, Clone, PartialEq)]
pub enum DivisionNote {
    /// `student` moved from class `from` to `to`, swapping with `swapped` (same gender,
    /// nearest score), to keep it together with `partner`.
    KeptTogether {
        /// The student moved.
        student: String,
        /// The student it must share a class with.
        partner: String,
        /// The student it swapped with.
        swapped: String,
        /// Its class in the S-shaped order.
        from: String,
        /// Its class now.
        to: String,
    },
    /// As [`DivisionNote::KeptTogether`], to keep it apart from `partner`.
    KeptApart {
        /// The student moved.
        student: String,
        /// The student it must not share a class with.
        partner: String,
        /// The student it swapped with.
        swapped: String,
        /// Its class in the S-shaped order.
        from: String,
        /// Its class now.
        to: String,
    },
    /// No student could be swapped to keep the pair as asked: the office decides.
    Unresolved {
        /// One student of the pair.
        student: String,
        /// The other.
        partner: String,
        /// `true` for a pair to keep together, `false` for one to keep apart.
        together: bool,
    },
}

impl DivisionNote {
    /// The note in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (DivisionNote::KeptTogether { student, partner, swapped, from, to }, Lang::En) => format!(
                "{student} moved from class {from} to class {to} to be with {partner} (swapped with {swapped}, same gender, nearest score)"
            ),
            (DivisionNote::KeptTogether { student, partner, swapped, from, to }, Lang::Zh) => format!(
                "{student}由{from}班调至{to}班，与{partner}同班（与同性别、成绩最接近的{swapped}对调）"
            ),
            (DivisionNote::KeptApart { student, partner, swapped, from, to }, Lang::En) => format!(
                "{student} moved from class {from} to class {to} to be apart from {partner} (swapped with {swapped}, same gender, nearest score)"
            ),
            (DivisionNote::KeptApart { student, partner, swapped, from, to }, Lang::Zh) => format!(
                "{student}由{from}班调至{to}班，与{partner}分班（与同性别、成绩最接近的{swapped}对调）"
            ),
            (DivisionNote::Unresolved { student, partner, together: true }, Lang::En) => format!(
                "{student} and {partner} should share a class, but no student of the same gender is free to swap; decide by hand"
            ),
            (DivisionNote::Unresolved { student, partner, together: false }, Lang::En) => format!(
                "{student} and {partner} should be in different classes, but no student of the same gender is free to swap; decide by hand"
            ),
            (DivisionNote::Unresolved { student, partner, together: true }, Lang::Zh) => {
                format!("{student}与{partner}应同班，但没有可对调的同性别学生；请人工处理")
            }
            (DivisionNote::Unresolved { student, partner, together: false }, Lang::Zh) => {
                format!("{student}与{partner}应分班，但没有可对调的同性别学生；请人工处理")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_note_reads_in_both_languages() {
        let notes = [
            DivisionNote::KeptTogether {
                student: "S1".into(),
                partner: "S2".into(),
                swapped: "S3".into(),
                from: "1".into(),
                to: "2".into(),
            },
            DivisionNote::KeptApart {
                student: "S1".into(),
                partner: "S2".into(),
                swapped: "S3".into(),
                from: "1".into(),
                to: "2".into(),
            },
            DivisionNote::Unresolved {
                student: "S1".into(),
                partner: "S2".into(),
                together: true,
            },
            DivisionNote::Unresolved {
                student: "S1".into(),
                partner: "S2".into(),
                together: false,
            },
        ];
        for n in &notes {
            assert!(n.text(Lang::En).is_ascii());
            assert!(!n.text(Lang::Zh).is_ascii());
        }
    }
}
