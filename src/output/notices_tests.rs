//! Unit tests of `output::notices`: every text in both languages, escaping, and
//! which schools get a notice.

use crate::model::county::County;
use crate::model::county::{
    Backbone, Gender, Level, Position, School, SchoolId, Teacher, TeacherId, Title, Zone,
};
use crate::model::date::IssueDate;
use crate::model::lang::Lang;
use crate::model::moves::Move;
use crate::model::travel::CommuteUnit;
use crate::output::notices::{
    notices_html, school_notice_rows, teacher_notice_rows, NoticePlan, NoticeText,
};
use crate::round::reasons::Basis;
use crate::round::reasons::MoveReason;

fn every_text() -> Vec<NoticeText<'static>> {
    use NoticeText::*;
    vec![
        DocumentTitle,
        SchoolTitle { school: "U1" },
        SchoolIntro {
            policy: "P",
            leaving: 1,
            arriving: 2,
        },
        Leaving,
        Arriving,
        Nobody,
        ColTeacher,
        ColName,
        ColSubject,
        ColTo,
        ColFrom,
        ColReason,
        Issuer,
        TeacherTitle,
        Salutation { name: "A" },
        Decision {
            policy: "P",
            from: "U1",
            to: "R1",
            subject: "math",
        },
        Commute {
            value: 3.0,
            unit: CommuteUnit::Km,
        },
        Commute {
            value: 30.0,
            unit: CommuteUnit::Minutes,
        },
        ReasonLabel,
        Closing,
        SchoolSheet,
        TeacherSheet,
        ColSchool,
        ColWay,
        WayOut,
        WayIn,
        ColOther,
        ColNotice,
        ColDate,
        JointHeading,
        WayJointOut,
        WayJointIn,
        JointOut { other: "R1" },
        JointIn { other: "U1" },
    ]
}

#[test]
fn every_notice_text_has_a_chinese_and_an_english_rendering() {
    for t in every_text() {
        let (zh, en) = (t.text(Lang::Zh), t.text(Lang::En));
        assert!(!zh.is_empty() && !en.is_empty(), "{t:?}");
        assert_ne!(zh, en, "{t:?}");
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{t:?}: {zh}"
        );
    }
}

#[test]
fn names_are_escaped_and_a_school_without_moves_gets_no_notice() {
    let school = |id: &str, zone, x_km| School {
        id: SchoolId(id.into()),
        name: format!("<{id}>"),
        zone,
        level: Level::Primary,
        students: 100,
        position: Position::Grid { x_km, y_km: 0.0 },
    };
    let teacher = |id: &str, s: usize| Teacher {
        id: TeacherId(id.into()),
        name: "O'Brien & <b>".into(),
        school: s,
        subject: "math".into(),
        gender: Gender::M,
        birth_year: 1980,
        years_at_school: 9,
        backbone: Backbone::None,
        title: Title::Senior,
        homeroom: false,
        graduating: false,
        exempt: None,
        home: None,
        degree: None,
    };
    let county = County::new(
        vec![
            school("U1", Zone::Urban, 0.0),
            school("R1", Zone::Rural, 5.0),
            school("R2", Zone::Rural, 9.0),
        ],
        vec![teacher("A", 0), teacher("B", 1)],
        Vec::new(),
    );
    let moves = [
        Move {
            teacher: 0,
            to: 1,
            km: 5.0,
        },
        Move {
            teacher: 1,
            to: 0,
            km: 5.0,
        },
    ];
    let reason = MoveReason {
        basis: Basis::Eligible {
            years: 9,
            school: "U1".into(),
        },
        from_zone: Zone::Urban,
        to_zone: Zone::Rural,
        from_group: 1,
        to_group: 2,
        rank: Some((1, 1)),
        commute: 5.0,
        unit: CommuteUnit::Km,
        subject: "math".into(),
        replaced_by: None,
        backbone: Backbone::None,
        homeroom: false,
        graduating: false,
        why_there: None,
    };
    let reasons = [reason.clone(), reason];
    let plan = NoticePlan {
        county: &county,
        policy: "P <1>",
        moves: &moves,
        reasons: &reasons,
        date: IssueDate {
            year: 2026,
            month: 8,
            day: 25,
        },
    };
    let html = notices_html(&plan, Lang::Zh);
    assert!(!html.contains("<b>") && !html.contains("<U1>"), "{html}");
    assert!(html.contains("O&#39;Brien &amp; &lt;b&gt;老师："));
    assert!(html.contains("《P &lt;1&gt;》"));
    assert!(html.contains("id=\"school-U1\"") && html.contains("id=\"school-R1\""));
    assert!(!html.contains("id=\"school-R2\""), "R2 sees no move");
    let (_, _, rows) = school_notice_rows(&plan, Lang::En);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0][1], "leaving");
    assert_eq!(rows[0][7], "25 August 2026");
    // The workbook runs a notice's sentences together: the commute ends its own.
    let (_, _, rows) = teacher_notice_rows(&plan, Lang::Zh);
    assert!(
        rows[0][5].contains("约5.0公里。请按规定时间"),
        "{}",
        rows[0][5]
    );
    let (_, _, rows) = teacher_notice_rows(&plan, Lang::En);
    assert!(
        rows[0][5].contains("about 5.0 km. Please report"),
        "{}",
        rows[0][5]
    );
}

#[test]
fn a_joint_appointment_is_in_the_notices_of_both_its_schools_only() {
    let school = |id: &str, zone, x_km| School {
        id: SchoolId(id.into()),
        name: format!("{id} school"),
        zone,
        level: Level::Primary,
        students: 100,
        position: Position::Grid { x_km, y_km: 0.0 },
    };
    let teacher = Teacher {
        id: TeacherId("J".into()),
        name: "Li".into(),
        school: 0,
        subject: "math".into(),
        gender: Gender::F,
        birth_year: 1980,
        years_at_school: 9,
        backbone: Backbone::None,
        title: Title::Senior,
        homeroom: false,
        graduating: false,
        exempt: None,
        home: None,
        degree: None,
    };
    let mut county = County::new(
        vec![
            school("U1", Zone::Urban, 0.0),
            school("R1", Zone::Rural, 5.0),
            school("R2", Zone::Rural, 9.0),
        ],
        vec![teacher],
        Vec::new(),
    );
    county.joint = crate::model::joint::JointAppointments::from_pairs(&[(0, 1)]);
    let plan = NoticePlan {
        county: &county,
        policy: "P",
        moves: &[],
        reasons: &[],
        date: IssueDate {
            year: 2026,
            month: 8,
            day: 25,
        },
    };
    let zh = notices_html(&plan, Lang::Zh);
    assert!(zh.contains("id=\"school-U1\"") && zh.contains("id=\"school-R1\""));
    assert!(!zh.contains("id=\"school-R2\""), "R2 has no part in it");
    assert!(zh.contains("联聘教师"), "{zh}");
    assert!(zh.contains("同时在R1 school（R1）任教"), "{zh}");
    assert!(
        zh.contains("本轮留任U1 school（U1），同时在本校任教"),
        "{zh}"
    );
    assert!(
        !zh.contains("class=\"notice teacher\""),
        "a joint teacher has no exchange notice"
    );
    let (_, _, rows) = school_notice_rows(&plan, Lang::En);
    let ways: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        ways,
        [
            ("U1 school（U1）", "joint (also serves another school)"),
            ("R1 school（R1）", "joint (from another school)")
        ]
    );
    assert!(
        rows[0][6].contains("also serves R1 school"),
        "{:?}",
        rows[0]
    );
}
