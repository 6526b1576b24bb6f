//! The outputs of `rotation draw`, as one set: the draw as CSV and JSON, a workbook
//! (`抽签结果`, `抽签依据`) and a printed notice per class (`notices.html`, an askama
//! template with A4 print rules). Every page states the seed text, both hashes and the
//! method, so the notice itself says how to check it.

use crate::input::vocabulary::subject_zh;
use crate::model::error::{Result, RotationError};
use crate::model::output_failure::{OutputFailure, RenderedOutput};
use crate::model::school::{ClassRecord, DrawRecord, TeamRecord};
use crate::output::files::excel_csv_bytes;
use crate::output::markup::render;
use crate::output::school_files::{workbook, Sheet};
use askama::Template;

/// The files `rotation draw` writes.
pub const DRAW_FILES: &[&str] = &["draw.csv", "draw.json", "draw.xlsx", "notices.html"];

struct Notice {
    school_name: String,
    grade: String,
    class: String,
    team: String,
    head: String,
    /// (subject, teacher, role)
    members: Vec<(String, String, String)>,
    students: Vec<String>,
}

#[derive(Template)]
#[template(path = "school/notices.html", config = "templates/askama.toml")]
struct Notices<'a> {
    title: String,
    notices: Vec<Notice>,
    seed_text: &'a str,
    seed_sha256: &'a str,
    inputs_sha256: &'a str,
    algorithm: &'a str,
}

/// The files of `rotation draw`, in [`DRAW_FILES`] order. `school_name` gives a
/// school's name for the notices (its id when unknown).
pub fn draw_files(
    record: &DrawRecord,
    teams: &[TeamRecord],
    classes: &[ClassRecord],
    school_name: &dyn Fn(&str) -> String,
) -> Result<Vec<(String, Vec<u8>)>> {
    let team_of = |p: &crate::model::school::DrawPair| {
        teams
            .iter()
            .find(|t| t.school == p.school && t.grade == p.grade && t.team == p.team)
    };
    let class_of = |p: &crate::model::school::DrawPair| {
        classes
            .iter()
            .find(|c| c.school == p.school && c.grade == p.grade && c.class == p.class)
    };
    let head = |t: Option<&TeamRecord>| {
        t.and_then(|t| t.members.iter().find(|m| m.head))
            .map_or(String::new(), |m| {
                format!("{} {}", m.teacher, m.name).trim().to_string()
            })
    };
    let mut rows = Vec::new();
    let mut rows_zh = Vec::new();
    let mut notices = Vec::new();
    for p in &record.pairs {
        let team = team_of(p);
        let members: Vec<String> = team.map_or(Vec::new(), |t| {
            t.members
                .iter()
                .filter(|m| !m.teacher.is_empty())
                .map(|m| format!("{}:{}", m.subject, m.teacher))
                .collect()
        });
        rows.push(vec![
            p.school.clone(),
            p.grade.clone(),
            p.class.clone(),
            p.team.clone(),
            head(team),
            members.join(" "),
        ]);
        rows_zh.push(vec![
            p.school.clone(),
            school_name(&p.school),
            p.grade.clone(),
            p.class.clone(),
            p.team.clone(),
            head(team),
        ]);
        notices.push(Notice {
            school_name: school_name(&p.school),
            grade: p.grade.clone(),
            class: p.class.clone(),
            team: p.team.clone(),
            head: head(team),
            members: team.map_or(Vec::new(), |t| {
                let mut m: Vec<_> = t.members.iter().collect();
                m.sort_by_key(|m| !m.head);
                m.iter()
                    .map(|m| {
                        (
                            subject_zh(&m.subject).to_string(),
                            if m.teacher.is_empty() {
                                "（空缺）".to_string()
                            } else {
                                format!("{} {}", m.name, m.teacher).trim().to_string()
                            },
                            if m.head { "班主任" } else { "任课" }.to_string(),
                        )
                    })
                    .collect()
            }),
            students: class_of(p).map_or(Vec::new(), |c| {
                c.students
                    .iter()
                    .map(|(id, name)| format!("{id} {name}").trim().to_string())
                    .collect()
            }),
        });
    }
    let json = serde_json::to_vec_pretty(record)
        .map_err(|e| RotationError::Output(OutputFailure::new(RenderedOutput::DrawRecord, e)))?;
    let html = render(&Notices {
        title: "班级教学团队抽签公告".into(),
        notices,
        seed_text: &record.seed_text,
        seed_sha256: &record.seed_sha256,
        inputs_sha256: &record.inputs_sha256,
        algorithm: &record.algorithm,
    });
    let audit = vec![
        vec!["抽签种子文本".to_string(), record.seed_text.clone()],
        vec!["种子 SHA-256".to_string(), record.seed_sha256.clone()],
        vec!["名单 SHA-256".to_string(), record.inputs_sha256.clone()],
        vec!["方法".to_string(), record.algorithm.clone()],
    ];
    let book = workbook(&[
        Sheet {
            name: "抽签结果",
            headers: vec!["学校编号", "学校名称", "年级", "班级", "团队", "班主任"],
            rows: rows_zh,
        },
        Sheet {
            name: "抽签依据",
            headers: vec!["项目", "内容"],
            rows: audit,
        },
    ])?;
    Ok(vec![
        (
            "draw.csv".into(),
            excel_csv_bytes(
                &[
                    "school",
                    "grade",
                    "class",
                    "team",
                    "head_teacher",
                    "members",
                ],
                rows,
            ),
        ),
        ("draw.json".into(), json),
        ("draw.xlsx".into(), book),
        ("notices.html".into(), html.into_bytes()),
    ])
}
