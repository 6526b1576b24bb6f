//! Problems in the round's records, as data rendered in English or Chinese: the
//! exchange history (`history.csv`), the wishes (`wishes.csv`), a plan read back
//! (`plan.csv`), and the choice between the road network and the distance table.
//! [`InputMessage::Record`] carries them, with the file, line and column.
//!
//! [`InputMessage::Record`]: crate::model::input_message::InputMessage::Record

use crate::model::lang::Lang;

/// One problem in a record row.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter), vis(pub(crate))))]
#[allow(missing_docs)]
pub enum RecordMessage {
    /// A history term reaching past the planning year.
    TermAfterPlanningYear { until: i32, year: i32 },
    /// A history row whose exchange school is the home school.
    ExchangeSchoolIsHome { school: String },
    /// A term that ends before it begins.
    TermEndsBeforeStart { start: i32, end: i32 },
    /// A term that begins while the teacher's term on `other_line` runs (`other_end`
    /// empty while still on exchange).
    TermsOverlap {
        teacher: String,
        start: i32,
        other_line: usize,
        other_start: i32,
        other_end: Option<i32>,
    },
    /// A running term at a school other than the teacher's school in the teachers table.
    OpenTermElsewhere {
        teacher: String,
        at: String,
        table_school: String,
    },
    /// A wish for a school the county does not have.
    UnknownWishSchool { id: String },
    /// A wish for the teacher's own school.
    WishForOwnSchool { teacher: String, school: String },
    /// A wish rank used twice by one teacher.
    RankTwice {
        teacher: String,
        rank: u32,
        first: usize,
    },
    /// A school wished twice by one teacher.
    SchoolTwice {
        teacher: String,
        school: String,
        first: usize,
    },
    /// A teacher's priority points differing between rows.
    PointsDiffer {
        teacher: String,
        points: f64,
        first: usize,
    },
    /// A plan cell that does not match the county.
    PlanDoesNotMatch { found: String, county: Mismatch },
    /// Both a road network and a distance table.
    RoadsAndDistances { roads: String, distances: String },
}

/// What the county has instead of a plan's cell.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum Mismatch {
    /// A school's name or zone.
    School { id: String, actual: String },
    /// A teacher's commute to a school.
    Commute {
        teacher: String,
        school: String,
        actual: String,
    },
    /// A teacher's name or other field.
    Teacher { id: String, actual: String },
}

impl Mismatch {
    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Mismatch::School { id, actual }, Lang::En) => format!("school {id} has `{actual}`"),
            (Mismatch::School { id, actual }, Lang::Zh) => format!("学校 {id} 为 `{actual}`"),
            (
                Mismatch::Commute {
                    teacher,
                    school,
                    actual,
                },
                Lang::En,
            ) => format!("the commute of teacher {teacher} to {school} is {actual}"),
            (
                Mismatch::Commute {
                    teacher,
                    school,
                    actual,
                },
                Lang::Zh,
            ) => format!("教师 {teacher} 到 {school} 的通勤为 {actual}"),
            (Mismatch::Teacher { id, actual }, Lang::En) => format!("teacher {id} has `{actual}`"),
            (Mismatch::Teacher { id, actual }, Lang::Zh) => format!("教师 {id} 为 `{actual}`"),
        }
    }
}

impl RecordMessage {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use RecordMessage as M;
        let en = lang == Lang::En;
        match self {
            M::TermAfterPlanningYear { until, year } if en => format!(
                "the term runs into {until}, after the planning year {year} (`year` of the \
                 policy); expected a history up to the planning year"
            ),
            M::TermAfterPlanningYear { until, year } => format!(
                "这段交流延续到 {until} 年，晚于规划年份 {year} 年（政策中的 `year`）；交流记录应截至规划年份"
            ),
            M::ExchangeSchoolIsHome { school } if en => format!(
                "the exchange school is the home school `{school}`; expected another school"
            ),
            M::ExchangeSchoolIsHome { school } => {
                format!("交流学校与原学校 `{school}` 相同；应为另一所学校")
            }
            M::TermEndsBeforeStart { start, end } if en => {
                format!("the term ends in {end}, before it began in {start}")
            }
            M::TermEndsBeforeStart { start, end } => {
                format!("交流在 {end} 年结束，早于开始的 {start} 年")
            }
            M::TermsOverlap {
                teacher,
                start,
                other_line,
                other_start,
                other_end,
            } if en => {
                let until =
                    other_end.map_or("still on exchange".to_string(), |e| format!("until {e}"));
                format!(
                    "teacher {teacher} begins a term in {start} while the term on line \
                     {other_line} ({until} from {other_start}) has not ended; expected one \
                     term at a time"
                )
            }
            M::TermsOverlap {
                teacher,
                start,
                other_line,
                other_start,
                other_end,
            } => {
                let until = other_end.map_or("仍在交流中".to_string(), |e| format!("至 {e} 年"));
                format!(
                    "教师 {teacher} 在 {start} 年开始一段交流，而第 {other_line} 行的交流\
                     （{other_start} 年起，{until}）尚未结束；同一时间只能有一段交流"
                )
            }
            M::OpenTermElsewhere {
                teacher,
                at,
                table_school,
            } if en => format!(
                "teacher {teacher} is still on exchange at {at} by this row, but the teachers \
                 table has them at {table_school}; expected the same school (or an end_year)"
            ),
            M::OpenTermElsewhere {
                teacher,
                at,
                table_school,
            } => format!(
                "按这一行，教师 {teacher} 仍在 {at} 交流，但教师表中其学校为 {table_school}；\
                 两者应一致（或填写结束年份 end_year）"
            ),
            M::UnknownWishSchool { id } if en => format!(
                "unknown school `{id}`; expected an id from the schools table, or `stay` (留任)"
            ),
            M::UnknownWishSchool { id } => {
                format!("找不到学校 `{id}`；应为学校表中的学校编号，或“留任”（stay）")
            }
            M::WishForOwnSchool { teacher, school } if en => {
                format!("teacher {teacher} already works at {school}; use `stay` (留任) to wish to stay")
            }
            M::WishForOwnSchool { teacher, school } => {
                format!("教师 {teacher} 已在 {school} 任教；如希望留任，请填“留任”（stay）")
            }
            M::RankTwice {
                teacher,
                rank,
                first,
            } if en => format!(
                "teacher {teacher} already has a wish of rank {rank} on line {first}; expected \
                 each rank once"
            ),
            M::RankTwice {
                teacher,
                rank,
                first,
            } => format!(
                "教师 {teacher} 在第 {first} 行已有第 {rank} 志愿；每个志愿序号只能用一次"
            ),
            M::SchoolTwice {
                teacher,
                school,
                first,
            } if en => format!(
                "teacher {teacher} already lists `{school}` on line {first}; expected each \
                 school once"
            ),
            M::SchoolTwice {
                teacher,
                school,
                first,
            } => format!(
                "教师 {teacher} 在第 {first} 行已填报 `{school}`；每所学校只能填一次"
            ),
            M::PointsDiffer {
                teacher,
                points,
                first,
            } if en => format!(
                "teacher {teacher} has {points} points on line {first}; expected the same \
                 points on each of their rows"
            ),
            M::PointsDiffer {
                teacher,
                points,
                first,
            } => format!(
                "教师 {teacher} 在第 {first} 行的积分为 {points}；其每一行的积分应相同"
            ),
            M::PlanDoesNotMatch { found, county } if en => format!(
                "`{found}` does not match the county: {}; was the plan made for other data?",
                county.text(lang)
            ),
            M::PlanDoesNotMatch { found, county } => format!(
                "`{found}` 与县域数据不符：{}；这份方案是否按别的数据做的？",
                county.text(lang)
            ),
            M::RoadsAndDistances { roads, distances } if en => format!(
                "both {roads} and {distances} are given; commutes come from one of them: keep \
                 the road network or the distance table"
            ),
            M::RoadsAndDistances { roads, distances } => format!(
                "同时给出了 {roads} 和 {distances}；通勤只能来自其中之一：请保留路网或距离表"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::has_chinese;
    use strum::IntoEnumIterator;

    fn examples() -> Vec<RecordMessage> {
        use RecordMessage as M;
        let t = || "T1".to_string();
        vec![
            M::TermAfterPlanningYear {
                until: 2030,
                year: 2026,
            },
            M::ExchangeSchoolIsHome {
                school: "U1".into(),
            },
            M::TermEndsBeforeStart {
                start: 2020,
                end: 2019,
            },
            M::TermsOverlap {
                teacher: t(),
                start: 2021,
                other_line: 2,
                other_start: 2020,
                other_end: None,
            },
            M::OpenTermElsewhere {
                teacher: t(),
                at: "R1".into(),
                table_school: "U1".into(),
            },
            M::UnknownWishSchool { id: "X".into() },
            M::WishForOwnSchool {
                teacher: t(),
                school: "U1".into(),
            },
            M::RankTwice {
                teacher: t(),
                rank: 1,
                first: 2,
            },
            M::SchoolTwice {
                teacher: t(),
                school: "R1".into(),
                first: 2,
            },
            M::PointsDiffer {
                teacher: t(),
                points: 3.0,
                first: 2,
            },
            M::PlanDoesNotMatch {
                found: "x".into(),
                county: Mismatch::Commute {
                    teacher: t(),
                    school: "R1".into(),
                    actual: "3.00 km".into(),
                },
            },
            M::RoadsAndDistances {
                roads: "roads.csv".into(),
                distances: "distances.csv".into(),
            },
        ]
    }

    #[test]
    fn every_record_message_has_chinese_and_english() {
        let examples = examples();
        for kind in RecordMessageDiscriminants::iter() {
            let m = examples
                .iter()
                .find(|m| RecordMessageDiscriminants::from(*m) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            let (en, zh) = (m.text(Lang::En), m.text(Lang::Zh));
            assert!(has_chinese(&zh), "{kind:?} has no Chinese: {zh}");
            // English may name a value's Chinese spelling too (`stay` (留任)).
            assert!(!en.trim().is_empty() && en != zh, "{kind:?}: {en}");
        }
        for m in [
            Mismatch::School {
                id: "U1".into(),
                actual: "a".into(),
            },
            Mismatch::Teacher {
                id: "T1".into(),
                actual: "a".into(),
            },
        ] {
            assert!(has_chinese(&m.text(Lang::Zh)));
            assert!(!has_chinese(&m.text(Lang::En)));
        }
    }
}
