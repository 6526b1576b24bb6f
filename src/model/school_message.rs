//! The problems of the school files (`classes.csv`, `students.csv`, `draw.json`) that
//! the shared input messages do not cover, as data rendered in English or Chinese.
//! A diagnostic carries one through `InputMessage::said`, with its file, line and
//! column.

use crate::model::lang::Lang;
use crate::model::message::Message;

/// A problem of `classes.csv`, `students.csv` or a draw record.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter), vis(pub(crate))))]
#[allow(missing_docs)]
pub enum SchoolFileMessage {
    /// `classes.csv` has neither `class` nor `classes`.
    MissingClassColumn { header: String },
    /// A row gives a class and a number of classes.
    ClassAndCount,
    /// A row gives neither.
    NoClassOrCount,
    /// A grade given both as a count and as rows, or twice as a count.
    GradeGivenTwice {
        grade: String,
        school: String,
        first: usize,
    },
    /// A class label listed twice in a grade.
    ClassTwice {
        class: String,
        grade: String,
        school: String,
        first: usize,
    },
    /// `classes.csv` with a header and no rows.
    NoClasses,
    /// A grade with more classes than accepted.
    TooManyClasses {
        grade: String,
        school: String,
        classes: usize,
        max: usize,
    },
    /// `students.csv` with a header and no rows.
    NoStudents,
    /// `keep_together`/`keep_apart` naming no student of the file.
    UnknownStudent { id: String },
    /// A student paired with itself.
    PairedWithItself { id: String },
    /// A pair across grades or schools.
    PairAcrossGrades {
        other: String,
        other_grade: String,
        other_school: String,
        grade: String,
        school: String,
    },
    /// A pair to be kept both together and apart.
    TogetherAndApart { other: String, id: String },
    /// `draw.json` that does not read (the JSON reader's words in `error`).
    NotADrawRecord { error: String },
}

impl SchoolFileMessage {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use SchoolFileMessage as M;
        let en = lang == Lang::En;
        match self {
            M::MissingClassColumn { header } if en => format!(
                "missing column `class` (in Chinese `班级`, one row per class) or `classes` \
                 (`班级数`, one row per grade); the header is: {header}"
            ),
            M::MissingClassColumn { header } => format!(
                "缺少“班级”列（class，每班一行）或“班级数”列（classes，每个年级一行）；表头为：{header}"
            ),
            M::ClassAndCount if en => {
                "a row gives a class and a number of classes; give one of them".into()
            }
            M::ClassAndCount => "一行中同时给出了班级和班级数；请只给其中一个".into(),
            M::NoClassOrCount if en => {
                "is empty; expected a class label or a number of classes".into()
            }
            M::NoClassOrCount => "为空；应为班级名称或班级数".into(),
            M::GradeGivenTwice {
                grade,
                school,
                first,
            } if en => format!(
                "grade `{grade}` of school `{school}` is already given on line {first}; give a \
                 grade either as one row with its number of classes or as one row per class"
            ),
            M::GradeGivenTwice {
                grade,
                school,
                first,
            } => format!(
                "学校 `{school}` 的年级 `{grade}` 已在第 {first} 行给出；一个年级要么用一行给出班级数，\
                 要么每班一行"
            ),
            M::ClassTwice {
                class,
                grade,
                school,
                first,
            } if en => format!(
                "class `{class}` of grade `{grade}` at school `{school}` is listed twice (first \
                 on line {first})"
            ),
            M::ClassTwice {
                class,
                grade,
                school,
                first,
            } => format!(
                "学校 `{school}` 年级 `{grade}` 的班级 `{class}` 重复（第一次出现在第 {first} 行）"
            ),
            M::NoClasses if en => "no classes: the file has a header and no rows".into(),
            M::NoClasses => "没有班级：文件只有表头，没有数据行".into(),
            M::TooManyClasses {
                grade,
                school,
                classes,
                max,
            } if en => format!(
                "grade `{grade}` of school `{school}` has {classes} classes; at most {max} are \
                 accepted"
            ),
            M::TooManyClasses {
                grade,
                school,
                classes,
                max,
            } => format!("学校 `{school}` 的年级 `{grade}` 有 {classes} 个班；最多 {max} 个"),
            M::NoStudents if en => "no students: the file has a header and no rows".into(),
            M::NoStudents => "没有学生：文件只有表头，没有数据行".into(),
            M::UnknownStudent { id } if en => {
                format!("unknown student `{id}`; expected an id of this file")
            }
            M::UnknownStudent { id } => format!("找不到学生 `{id}`；应为本文件中的学生编号"),
            M::PairedWithItself { id } if en => {
                format!("student `{id}` is paired with itself; name another student")
            }
            M::PairedWithItself { id } => format!("学生 `{id}` 与自己配对；请填写另一名学生"),
            M::PairAcrossGrades {
                other,
                other_grade,
                other_school,
                grade,
                school,
            } if en => format!(
                "student `{other}` is in grade `{other_grade}` of school `{other_school}`, not \
                 in this student's grade `{grade}` of `{school}`; a pair is divided within one \
                 grade"
            ),
            M::PairAcrossGrades {
                other,
                other_grade,
                other_school,
                grade,
                school,
            } => format!(
                "学生 `{other}` 在学校 `{other_school}` 的年级 `{other_grade}`，不在本学生所在的\
                 学校 `{school}` 年级 `{grade}`；配对只在同一年级内分班"
            ),
            M::TogetherAndApart { other, id } if en => format!(
                "student `{other}` is to be kept both together with and apart from `{id}`; keep \
                 one of the two"
            ),
            M::TogetherAndApart { other, id } => format!(
                "学生 `{other}` 与 `{id}` 既要求同班又要求分开；请只保留其一"
            ),
            M::NotADrawRecord { error } if en => {
                format!("not a draw record as `rotation draw` writes it: {error}")
            }
            M::NotADrawRecord { error } => format!(
                "不是 `rotation draw` 写出的抽签记录（读取器原文：{error}）"
            ),
        }
    }
}

impl Message for SchoolFileMessage {
    fn text(&self, lang: Lang) -> String {
        SchoolFileMessage::text(self, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::has_chinese;
    use strum::IntoEnumIterator;

    #[test]
    fn every_school_file_message_has_chinese_and_english() {
        use SchoolFileMessage as M;
        let s = || "U1".to_string();
        let examples = [
            M::MissingClassColumn {
                header: "school,grade".into(),
            },
            M::ClassAndCount,
            M::NoClassOrCount,
            M::GradeGivenTwice {
                grade: "7".into(),
                school: s(),
                first: 2,
            },
            M::ClassTwice {
                class: "1".into(),
                grade: "7".into(),
                school: s(),
                first: 2,
            },
            M::NoClasses,
            M::TooManyClasses {
                grade: "7".into(),
                school: s(),
                classes: 40,
                max: 30,
            },
            M::NoStudents,
            M::UnknownStudent { id: "S9".into() },
            M::PairedWithItself { id: "S1".into() },
            M::PairAcrossGrades {
                other: "S2".into(),
                other_grade: "8".into(),
                other_school: s(),
                grade: "7".into(),
                school: s(),
            },
            M::TogetherAndApart {
                other: "S2".into(),
                id: "S1".into(),
            },
            M::NotADrawRecord {
                error: "EOF".into(),
            },
        ];
        for kind in SchoolFileMessageDiscriminants::iter() {
            let m = examples
                .iter()
                .find(|m| SchoolFileMessageDiscriminants::from(*m) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            let (en, zh) = (m.text(Lang::En), m.text(Lang::Zh));
            assert!(has_chinese(&zh), "{kind:?} has no Chinese: {zh}");
            // The missing column names the Chinese headers in English too.
            if kind != SchoolFileMessageDiscriminants::MissingClassColumn {
                assert!(!has_chinese(&en), "{kind:?} English has Chinese: {en}");
            }
        }
    }
}
