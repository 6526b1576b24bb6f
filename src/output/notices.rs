//! Printable notices of a plan: for each school the teachers it sends out (调出) and
//! receives (调入), and for each moving teacher an exchange notice (交流通知书), as one
//! print-ready HTML document (A4 pages, a page break between notices, its style
//! embedded, nothing fetched) and as rows for the plan workbook. Chinese first,
//! English too: every text is a [`NoticeText`] (`output::notice_text`) rendered per
//! [`Lang`].
//!
//! A joint appointment (联聘) is in the notices of both its schools: the teacher
//! stays, so they have no exchange notice, but the own school lends half a post and
//! the second school gains one, and both are told (a list 联聘教师 after the moves).

use crate::input::vocabulary::subject_zh;
use crate::model::county::County;
use crate::model::date::IssueDate;
use crate::model::lang::Lang;
use crate::model::moves::Move;
use crate::output::markup::Xml;
use crate::round::reasons::MoveReason;
use askama::filters::Escaper;

pub use crate::output::notice_text::NoticeText;

/// The plan a set of notices is written for.
#[derive(Debug, Clone, Copy)]
pub struct NoticePlan<'a> {
    /// The county.
    pub county: &'a County,
    /// The policy's display name, quoted on every notice.
    pub policy: &'a str,
    /// The moves, in plan order.
    pub moves: &'a [Move],
    /// The reason of each move, in the order of `moves`.
    pub reasons: &'a [MoveReason],
    /// The date the notices are issued on.
    pub date: IssueDate,
}

fn esc(text: &str) -> String {
    let mut out = String::new();
    Xml.write_escaped_str(&mut out, text)
        .expect("writing to a String cannot fail");
    out
}

/// `name（id）`, or the id alone when the school has no name.
fn school_label(county: &County, s: usize) -> String {
    let school = &county.schools[s];
    if school.name.is_empty() {
        school.id.0.clone()
    } else {
        format!("{}（{}）", school.name, school.id)
    }
}

fn subject_in(subject: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => subject_zh(subject).to_string(),
        Lang::En => subject.to_string(),
    }
}

/// One teacher of a school's lists: the move's index, and whether they leave.
fn school_moves(plan: &NoticePlan, s: usize) -> (Vec<usize>, Vec<usize>) {
    let county = plan.county;
    let leaving = (0..plan.moves.len())
        .filter(|&i| county.teachers[plan.moves[i].teacher].school == s)
        .collect();
    let arriving = (0..plan.moves.len())
        .filter(|&i| plan.moves[i].to == s)
        .collect();
    (leaving, arriving)
}

/// The joint appointments a school's notice lists: `(teacher, the other school,
/// whether the teacher is the school's own)`, the school's own teachers first.
fn school_joint(county: &County, s: usize) -> Vec<(usize, usize, bool)> {
    let list = &county.joint.list;
    let own = list
        .iter()
        .filter(|j| county.teachers[j.teacher].school == s)
        .map(|j| (j.teacher, j.school, true));
    let guests = list
        .iter()
        .filter(|j| j.school == s)
        .map(|j| (j.teacher, county.teachers[j.teacher].school, false));
    own.chain(guests).collect()
}

/// The note of a joint appointment in a school's notice.
fn joint_note(county: &County, other: usize, own: bool, lang: Lang) -> String {
    let other = school_label(county, other);
    if own {
        NoticeText::JointOut { other: &other }.text(lang)
    } else {
        NoticeText::JointIn { other: &other }.text(lang)
    }
}

/// The schools a notice is written for: those the plan touches or a joint appointment
/// concerns, in county order.
fn touched(plan: &NoticePlan) -> Vec<usize> {
    (0..plan.county.schools.len())
        .filter(|&s| {
            let (l, a) = school_moves(plan, s);
            !l.is_empty() || !a.is_empty() || !school_joint(plan.county, s).is_empty()
        })
        .collect()
}

/// The decision sentence of move `i`.
fn decision(plan: &NoticePlan, i: usize, lang: Lang) -> String {
    let m = &plan.moves[i];
    let t = &plan.county.teachers[m.teacher];
    NoticeText::Decision {
        policy: plan.policy,
        from: &school_label(plan.county, t.school),
        to: &school_label(plan.county, m.to),
        subject: &t.subject,
    }
    .text(lang)
}

fn name_of(plan: &NoticePlan, i: usize) -> String {
    let t = &plan.county.teachers[plan.moves[i].teacher];
    if t.name.is_empty() {
        t.id.0.clone()
    } else {
        t.name.clone()
    }
}

const STYLE: &str = "@page { size: A4; margin: 20mm 18mm; }
body { font-family: \"Songti SC\", \"SimSun\", \"Noto Serif CJK SC\", \"Source Han Serif SC\", serif; font-size: 11pt; color: #000; margin: 0; }
.notice { page-break-after: always; break-after: page; padding: 0; }
.notice:last-child { page-break-after: auto; break-after: auto; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 8mm; letter-spacing: 0.1em; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; }
p { line-height: 1.8; margin: 0 0 3mm; }
table { width: 100%; border-collapse: collapse; font-size: 10pt; }
th, td { border: 1px solid #000; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
th { background: #eee; white-space: nowrap; }
td:not(.reason) { white-space: nowrap; }
tr { page-break-inside: avoid; break-inside: avoid; }
.sign { margin-top: 12mm; text-align: right; line-height: 2; }
.reason { font-size: 10pt; color: #222; }
@media screen { body { background: #ccc; } .notice { background: #fff; width: 174mm; min-height: 257mm; margin: 10mm auto; padding: 20mm 18mm; box-shadow: 0 0 4px #888; } }";

/// The notices as one print-ready HTML document: one page per school the plan
/// touches (its 调出 and 调入 lists), then one page per moving teacher (交流通知书).
pub fn notices_html(plan: &NoticePlan, lang: Lang) -> String {
    let t = |x: NoticeText| esc(&x.text(lang));
    let mut html = String::new();
    html.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} — {}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n",
        if lang == Lang::Zh { "zh-CN" } else { "en" },
        t(NoticeText::DocumentTitle),
        esc(plan.policy)
    ));
    let sign = format!(
        "<div class=\"sign\">{}<br>{}</div>\n",
        t(NoticeText::Issuer),
        esc(&plan.date.text(lang))
    );
    let county = plan.county;
    for s in touched(plan) {
        let (leaving, arriving) = school_moves(plan, s);
        html.push_str(&format!(
            "<section class=\"notice school\" id=\"school-{}\">\n<h1>{}</h1>\n<p>{}</p>\n",
            esc(&county.schools[s].id.0),
            t(NoticeText::SchoolTitle {
                school: &school_label(county, s)
            }),
            t(NoticeText::SchoolIntro {
                policy: plan.policy,
                leaving: leaving.len(),
                arriving: arriving.len()
            })
        ));
        for (heading, list, other_col, out) in [
            (NoticeText::Leaving, &leaving, NoticeText::ColTo, true),
            (NoticeText::Arriving, &arriving, NoticeText::ColFrom, false),
        ] {
            html.push_str(&format!("<h2>{}</h2>\n", t(heading)));
            if list.is_empty() {
                html.push_str(&format!("<p>{}</p>\n", t(NoticeText::Nobody)));
                continue;
            }
            html.push_str(&format!(
                "<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
                t(NoticeText::ColTeacher),
                t(NoticeText::ColName),
                t(NoticeText::ColSubject),
                t(other_col),
                t(NoticeText::ColReason)
            ));
            for &i in list.iter() {
                let m = &plan.moves[i];
                let teacher = &county.teachers[m.teacher];
                let other = if out { m.to } else { teacher.school };
                html.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"reason\">{}</td></tr>\n",
                    esc(&teacher.id.0),
                    esc(&teacher.name),
                    esc(&subject_in(&teacher.subject, lang)),
                    esc(&school_label(county, other)),
                    esc(&plan.reasons.get(i).map(|r| r.text(lang)).unwrap_or_default())
                ));
            }
            html.push_str("</table>\n");
        }
        let joint = school_joint(county, s);
        if !joint.is_empty() {
            html.push_str(&format!(
                "<h2>{}</h2>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
                t(NoticeText::JointHeading),
                t(NoticeText::ColTeacher),
                t(NoticeText::ColName),
                t(NoticeText::ColSubject),
                t(NoticeText::ColOther),
                t(NoticeText::ColReason)
            ));
            for (teacher, other, own) in joint {
                let teacher = &county.teachers[teacher];
                html.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"reason\">{}</td></tr>\n",
                    esc(&teacher.id.0),
                    esc(&teacher.name),
                    esc(&subject_in(&teacher.subject, lang)),
                    esc(&school_label(county, other)),
                    esc(&joint_note(county, other, own, lang))
                ));
            }
            html.push_str("</table>\n");
        }
        html.push_str(&sign);
        html.push_str("</section>\n");
    }
    for (i, m) in plan.moves.iter().enumerate() {
        let teacher = &county.teachers[m.teacher];
        html.push_str(&format!(
            "<section class=\"notice teacher\" id=\"teacher-{}\">\n<h1>{}</h1>\n<p>{}</p>\n<p>{}</p>\n<p>{}</p>\n<p class=\"reason\">{}{}</p>\n<p>{}</p>\n{sign}</section>\n",
            esc(&teacher.id.0),
            t(NoticeText::TeacherTitle),
            t(NoticeText::Salutation {
                name: &name_of(plan, i)
            }),
            esc(&decision(plan, i, lang)),
            t(NoticeText::Commute {
                value: m.km,
                unit: county.commute_unit()
            }),
            t(NoticeText::ReasonLabel),
            esc(&plan.reasons.get(i).map(|r| r.text(lang)).unwrap_or_default()),
            t(NoticeText::Closing),
        ));
    }
    html.push_str("</body>\n</html>\n");
    html
}

/// The school notices as a table for the workbook: headers, widths and one row per
/// teacher leaving or arriving, school by school (leaving first, then the school's
/// joint appointments, its own teachers' first).
pub fn school_notice_rows(
    plan: &NoticePlan,
    lang: Lang,
) -> (Vec<String>, Vec<f64>, Vec<Vec<String>>) {
    use NoticeText::*;
    let headers = [
        ColSchool, ColWay, ColTeacher, ColName, ColSubject, ColOther, ColReason, ColDate,
    ]
    .iter()
    .map(|h| h.text(lang))
    .collect();
    let widths = vec![22.0, 10.0, 10.0, 10.0, 8.0, 22.0, 80.0, 14.0];
    let county = plan.county;
    let mut rows = Vec::new();
    for s in touched(plan) {
        let (leaving, arriving) = school_moves(plan, s);
        for (list, way, out) in [(leaving, WayOut, true), (arriving, WayIn, false)] {
            for i in list {
                let m = &plan.moves[i];
                let teacher = &county.teachers[m.teacher];
                let other = if out { m.to } else { teacher.school };
                rows.push(vec![
                    school_label(county, s),
                    way.text(lang),
                    teacher.id.0.clone(),
                    teacher.name.clone(),
                    subject_in(&teacher.subject, lang),
                    school_label(county, other),
                    plan.reasons
                        .get(i)
                        .map(|r| r.text(lang))
                        .unwrap_or_default(),
                    plan.date.text(lang),
                ]);
            }
        }
        for (t, other, own) in school_joint(county, s) {
            let teacher = &county.teachers[t];
            let way = if own { WayJointOut } else { WayJointIn };
            rows.push(vec![
                school_label(county, s),
                way.text(lang),
                teacher.id.0.clone(),
                teacher.name.clone(),
                subject_in(&teacher.subject, lang),
                school_label(county, other),
                joint_note(county, other, own, lang),
                plan.date.text(lang),
            ]);
        }
    }
    (headers, widths, rows)
}

/// The teachers' notices as a table for the workbook: one row per moving teacher with
/// the notice's full text.
pub fn teacher_notice_rows(
    plan: &NoticePlan,
    lang: Lang,
) -> (Vec<String>, Vec<f64>, Vec<Vec<String>>) {
    use NoticeText::*;
    let headers = [
        ColTeacher, ColName, ColFrom, ColTo, ColSubject, ColNotice, ColReason, ColDate,
    ]
    .iter()
    .map(|h| h.text(lang))
    .collect();
    let widths = vec![10.0, 10.0, 22.0, 22.0, 8.0, 70.0, 80.0, 14.0];
    let county = plan.county;
    let rows = plan
        .moves
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let teacher = &county.teachers[m.teacher];
            let body = [
                Salutation {
                    name: &name_of(plan, i),
                }
                .text(lang),
                decision(plan, i, lang),
                Commute {
                    value: m.km,
                    unit: county.commute_unit(),
                }
                .text(lang),
                Closing.text(lang),
            ]
            .join(if lang == Lang::Zh { "" } else { " " });
            vec![
                teacher.id.0.clone(),
                teacher.name.clone(),
                school_label(county, teacher.school),
                school_label(county, m.to),
                subject_in(&teacher.subject, lang),
                body,
                plan.reasons
                    .get(i)
                    .map(|r| r.text(lang))
                    .unwrap_or_default(),
                plan.date.text(lang),
            ]
        })
        .collect();
    (headers, widths, rows)
}

/// A sheet of the workbook: its name, headers, column widths and rows.
pub type SheetTable = (String, Vec<String>, Vec<f64>, Vec<Vec<String>>);

/// The notices as workbook sheets: the school notices (`学校通知`) and the teachers'
/// notices (`交流通知书`).
pub fn notice_tables(plan: &NoticePlan, lang: Lang) -> Vec<SheetTable> {
    let (h, w, r) = school_notice_rows(plan, lang);
    let school = (NoticeText::SchoolSheet.text(lang), h, w, r);
    let (h, w, r) = teacher_notice_rows(plan, lang);
    vec![school, (NoticeText::TeacherSheet.text(lang), h, w, r)]
}

#[cfg(test)]
#[path = "notices_tests.rs"]
mod tests;
