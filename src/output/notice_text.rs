//! Every text the notices print (`output::notices`), as data: [`NoticeText`], rendered
//! in Chinese or English by [`NoticeText::text`], so that a new text cannot miss its
//! Chinese (the notices' tests walk every variant).

use crate::input::vocabulary::subject_zh;
use crate::model::lang::Lang;
use crate::model::travel::CommuteUnit;

/// Every text a notice prints, as data; [`NoticeText::text`] renders it.
#[derive(Debug, Clone, PartialEq)]
pub enum NoticeText<'a> {
    /// Title of the whole document.
    DocumentTitle,
    /// Heading of a school's notice.
    SchoolTitle {
        /// The school's name.
        school: &'a str,
    },
    /// The opening sentence of a school's notice.
    SchoolIntro {
        /// The policy's name.
        policy: &'a str,
        /// Teachers leaving the school.
        leaving: usize,
        /// Teachers arriving.
        arriving: usize,
    },
    /// Heading of the list of teachers leaving.
    Leaving,
    /// Heading of the list of teachers arriving.
    Arriving,
    /// An empty list.
    Nobody,
    /// Column: teacher id.
    ColTeacher,
    /// Column: name.
    ColName,
    /// Column: subject.
    ColSubject,
    /// Column: the school a leaving teacher goes to.
    ColTo,
    /// Column: the school an arriving teacher comes from.
    ColFrom,
    /// Column: the reason.
    ColReason,
    /// Who issues the notices.
    Issuer,
    /// Heading of a teacher's notice.
    TeacherTitle,
    /// The salutation of a teacher's notice.
    Salutation {
        /// The teacher's name, else their id.
        name: &'a str,
    },
    /// The decision, in one sentence.
    Decision {
        /// The policy's name.
        policy: &'a str,
        /// The school the teacher leaves (name and id).
        from: &'a str,
        /// The school the teacher goes to (name and id).
        to: &'a str,
        /// The subject, as written.
        subject: &'a str,
    },
    /// The commute to the new school.
    Commute {
        /// The commute.
        value: f64,
        /// Its unit.
        unit: CommuteUnit,
    },
    /// Label of the reason.
    ReasonLabel,
    /// The closing request.
    Closing,
    /// Sheet name of the school notices in the workbook.
    SchoolSheet,
    /// Sheet name of the teachers' notices in the workbook.
    TeacherSheet,
    /// Column: the school.
    ColSchool,
    /// Column: leaving or arriving.
    ColWay,
    /// A teacher who leaves the school (in the column `ColWay`).
    WayOut,
    /// A teacher who arrives (in the column `ColWay`).
    WayIn,
    /// Column: the other school.
    ColOther,
    /// Column: the notice's text.
    ColNotice,
    /// Column: the date.
    ColDate,
    /// Heading of the list of the school's joint appointments (联聘).
    JointHeading,
    /// A teacher of the school who also serves `other` (in the column `ColWay`).
    WayJointOut,
    /// A teacher of another school who also serves this one (in the column `ColWay`).
    WayJointIn,
    /// What the joint appointment means for a school that lends half a post.
    JointOut {
        /// The second school (name and id).
        other: &'a str,
    },
    /// What it means for the second school.
    JointIn {
        /// The teacher's own school (name and id).
        other: &'a str,
    },
}

impl NoticeText<'_> {
    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use NoticeText::*;
        let zh = lang == Lang::Zh;
        let pick = |z: &str, e: &str| if zh { z.to_string() } else { e.to_string() };
        match self {
            DocumentTitle => pick("交流轮岗通知", "Teacher exchange notices"),
            SchoolTitle { school } => {
                if zh {
                    format!("{school}教师交流轮岗通知")
                } else {
                    format!("Teacher exchange notice: {school}")
                }
            }
            SchoolIntro {
                policy,
                leaving,
                arriving,
            } => {
                if zh {
                    format!(
                        "根据《{policy}》，本轮交流轮岗本校调出教师{leaving}名、调入教师{arriving}名，名单如下。"
                    )
                } else {
                    format!(
                        "Under the policy “{policy}”, this exchange round moves {leaving} teacher{} out of the school and {arriving} in, as listed below.",
                        if *leaving == 1 { "" } else { "s" }
                    )
                }
            }
            Leaving => pick("调出教师", "Teachers leaving"),
            Arriving => pick("调入教师", "Teachers arriving"),
            Nobody => pick("无", "None"),
            ColTeacher => pick("教师编号", "Teacher"),
            ColName => pick("姓名", "Name"),
            ColSubject => pick("学科", "Subject"),
            ColTo => pick("交流学校", "To"),
            ColFrom => pick("原学校", "From"),
            ColReason => pick("交流理由", "Reason"),
            Issuer => pick("县教育局", "County Education Bureau"),
            TeacherTitle => pick("交流通知书", "Exchange notice"),
            Salutation { name } => {
                if zh {
                    format!("{name}老师：")
                } else {
                    format!("Dear {name},")
                }
            }
            Decision {
                policy,
                from,
                to,
                subject,
            } => {
                if zh {
                    format!(
                        "根据《{policy}》，经研究决定，您自本轮交流起由{from}交流至{to}，任教{}。",
                        subject_zh(subject)
                    )
                } else {
                    format!(
                        "Under the policy “{policy}”, it has been decided that you move from {from} to {to} in this exchange round, to teach {subject}."
                    )
                }
            }
            // A sentence of its own, with its stop: the workbook's notice runs the lines
            // together (Chinese without a space), where "约14.4公里请按规定…" read as one.
            Commute { value, unit } => match (zh, unit) {
                (true, CommuteUnit::Km) => format!("通勤距离：约{value:.1}公里。"),
                (true, CommuteUnit::Minutes) => format!("通勤时间：约{value:.0}分钟。"),
                (false, CommuteUnit::Km) => format!("Commute: about {value:.1} km."),
                (false, CommuteUnit::Minutes) => format!("Commute: about {value:.0} min."),
            },
            ReasonLabel => pick("交流理由：", "Why: "),
            Closing => pick(
                "请按规定时间到新学校报到。如有疑问，请与教育局人事科联系。",
                "Please report to your new school on the date set. For any question, contact the bureau's HR office.",
            ),
            SchoolSheet => pick("学校通知", "School notices"),
            TeacherSheet => pick("交流通知书", "Teacher notices"),
            ColSchool => pick("学校", "School"),
            ColWay => pick("调出/调入", "Leaving/arriving"),
            WayOut => pick("调出", "leaving"),
            WayIn => pick("调入", "arriving"),
            ColOther => pick("对方学校", "Other school"),
            ColNotice => pick("通知内容", "Notice"),
            ColDate => pick("日期", "Date"),
            JointHeading => pick("联聘教师", "Joint appointments"),
            WayJointOut => pick("联聘（兼任他校）", "joint (also serves another school)"),
            WayJointIn => pick("联聘（来自他校）", "joint (from another school)"),
            JointOut { other } => {
                if zh {
                    format!("联聘：本轮留任本校，同时在{other}任教，两校各按半人计入编制和学科")
                } else {
                    format!(
                        "Joint appointment: stays at this school and also serves {other} this round, half a post in each"
                    )
                }
            }
            JointIn { other } => {
                if zh {
                    format!("联聘：本轮留任{other}，同时在本校任教，两校各按半人计入编制和学科")
                } else {
                    format!(
                        "Joint appointment: stays at {other} and also serves this school this round, half a post in each"
                    )
                }
            }
        }
    }
}
