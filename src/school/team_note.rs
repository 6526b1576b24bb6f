//! Why a team could not be formed in full, as data rendered in English or Chinese.

use crate::model::lang::Lang;

/// One thing the HR office should know about a school's teams.
#[derive(Debug, Clone, PartialEq)]
pub enum TeamNote {
    /// Too few teachers of a subject: some seats stay vacant.
    SubjectShort {
        /// The subject (as the policy names it).
        subject: String,
        /// Its Chinese name.
        subject_zh: String,
        /// Classes that need the subject, over the school's grades.
        classes: usize,
        /// Classes of one grade one teacher may serve.
        load: u32,
        /// Teachers needed: for each grade, its classes divided by the load, rounded up.
        needed: usize,
        /// Teachers of the subject at the school after the plan.
        available: usize,
        /// Seats left vacant.
        vacant: usize,
    },
    /// A team without a head teacher (班主任): every member heads another class.
    NoHeadTeacher {
        /// Grade.
        grade: String,
        /// Team label.
        team: String,
    },
    /// The solver's time ran out: the teams are the best found, not proven the most
    /// even.
    NotProven {
        /// Seconds allowed.
        seconds: f64,
    },
}

impl TeamNote {
    /// The note in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                TeamNote::SubjectShort { subject, classes, load, needed, available, vacant, .. },
                Lang::En,
            ) => format!(
                "too few {subject} teachers: {classes} classes need {needed} (each teaches at most {load} class{} of one grade), the school has {available} after the plan; {vacant} seat{} left vacant",
                if *load == 1 { "" } else { "es" },
                if *vacant == 1 { "" } else { "s" }
            ),
            (
                TeamNote::SubjectShort { subject_zh, classes, load, needed, available, vacant, .. },
                Lang::Zh,
            ) => format!(
                "{subject_zh}教师不足：{classes}个班需要{needed}人（每人至多任教同一年级{load}个班），交流后本校有{available}人；{vacant}个岗位空缺"
            ),
            (TeamNote::NoHeadTeacher { grade, team }, Lang::En) => format!(
                "team {team} of grade {grade} has no head teacher: each of its members already heads another class"
            ),
            (TeamNote::NoHeadTeacher { grade, team }, Lang::Zh) => {
                format!("{grade}年级第{team}团队没有班主任：团队成员都已担任其他班的班主任")
            }
            (TeamNote::NotProven { seconds }, Lang::En) => format!(
                "the solver's {seconds} s ran out: these are the most even teams found, not proven the most even"
            ),
            (TeamNote::NotProven { seconds }, Lang::Zh) => {
                format!("求解时间（{seconds}秒）已到：以下是找到的最均衡方案，未证明最优")
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
            TeamNote::SubjectShort {
                subject: "math".into(),
                subject_zh: "数学".into(),
                classes: 6,
                load: 2,
                needed: 3,
                available: 2,
                vacant: 2,
            },
            TeamNote::NoHeadTeacher {
                grade: "7".into(),
                team: "2".into(),
            },
            TeamNote::NotProven { seconds: 60.0 },
        ];
        for n in &notes {
            assert!(n.text(Lang::En).is_ascii(), "{}", n.text(Lang::En));
            assert!(!n.text(Lang::Zh).is_ascii(), "{}", n.text(Lang::Zh));
        }
        assert!(notes[0]
            .text(Lang::En)
            .contains("3 (each teaches at most 2 classes"));
        assert!(notes[0].text(Lang::Zh).contains("数学教师不足"));
    }
}
