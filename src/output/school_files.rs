//! The outputs of the school step, as one set each: `rotation teams` (team members,
//! team summary, notes, a workbook) and `rotation classes` (class lists, class
//! summary, notes, a workbook); `rotation draw`'s are in `output::draw_files`. CSV
//! headers are the English names `rotation draw` reads back; the workbooks are in
//! Chinese.

use crate::input::vocabulary::{backbone_zh, gender_zh, subject_zh, title_zh};
use crate::model::county::{County, Gender};
use crate::model::error::{Result, RotationError};
use crate::model::lang::Lang;
use crate::model::output_failure::{OutputFailure, RenderedOutput};
use crate::model::school::Student;
use crate::output::files::excel_csv_bytes;
use crate::school::division::GradeDivision;
use crate::school::formation::SchoolTeams;
use rust_xlsxwriter::{Format, Workbook};

/// The files `rotation teams` writes.
pub const TEAM_FILES: &[&str] = &[
    "team_members.csv",
    "team_summary.csv",
    "team_notes.csv",
    "teams.xlsx",
];
/// The files `rotation classes` writes.
pub const CLASS_FILES: &[&str] = &[
    "class_lists.csv",
    "class_summary.csv",
    "class_notes.csv",
    "classes.xlsx",
];

/// One sheet: its name, Chinese headers and rows.
pub(crate) struct Sheet<'a> {
    pub(crate) name: &'a str,
    pub(crate) headers: Vec<&'a str>,
    pub(crate) rows: Vec<Vec<String>>,
}

/// A workbook of plain tables: a bold header row, frozen; numbers stay numbers.
pub(crate) fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| {
        RotationError::Output(OutputFailure::new(RenderedOutput::Tables, e))
    };
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for s in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(s.name).map_err(fail)?;
        for (c, h) in s.headers.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, *h, &bold)
                .map_err(fail)?;
            sheet.set_column_width(c as u16, 12.0).map_err(fail)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
        for (r, row) in s.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                let leading_zero = v.len() > 1 && v.starts_with('0') && !v.starts_with("0.");
                match v.parse::<f64>() {
                    Ok(x) if !leading_zero && x.is_finite() => {
                        sheet.write_number(r, c, x).map_err(fail)?
                    }
                    _ => sheet
                        .write_string(r, c, crate::model::cell::neutralise(v).as_ref())
                        .map_err(fail)?,
                };
            }
        }
    }
    book.save_to_buffer().map_err(fail)
}

fn teacher_cells(county: &County, t: Option<usize>) -> [String; 4] {
    match t {
        Some(t) => {
            let t = &county.teachers[t];
            [
                t.id.0.clone(),
                t.name.clone(),
                <&str>::from(t.backbone).into(),
                <&str>::from(t.title).into(),
            ]
        }
        None => Default::default(),
    }
}

/// The files of `rotation teams`, in [`TEAM_FILES`] order.
///
/// `team_notes.csv` is in `lang` (headers and notes): nothing reads it back, the office
/// reads it.
pub fn team_files(
    county: &County,
    results: &[SchoolTeams],
    lang: Lang,
) -> Result<Vec<(String, Vec<u8>)>> {
    let mut members = Vec::new();
    let mut summary = Vec::new();
    let mut notes = Vec::new();
    let mut members_zh = Vec::new();
    let mut summary_zh = Vec::new();
    for r in results {
        let school = &county.schools[r.school];
        for g in &r.grades {
            for team in &g.teams {
                let head = team.head;
                let mut seats: Vec<(bool, &crate::school::formation::Seat)> = Vec::new();
                if let Some(h) = head {
                    if let Some(seat) = team.seats.iter().find(|s| s.teacher == Some(h)) {
                        seats.push((true, seat));
                    }
                }
                seats.extend(
                    team.seats
                        .iter()
                        .filter(|s| s.teacher.is_none() || s.teacher != head)
                        .map(|s| (false, s)),
                );
                for (is_head, seat) in seats {
                    let [id, name, backbone, title] = teacher_cells(county, seat.teacher);
                    let t = seat.teacher.map(|t| &county.teachers[t]);
                    members.push(vec![
                        school.id.0.clone(),
                        school.name.clone(),
                        g.grade.clone(),
                        team.label.clone(),
                        if is_head { "head" } else { "subject" }.to_string(),
                        seat.subject.clone(),
                        id.clone(),
                        name.clone(),
                        backbone,
                        title,
                        seat.strength.to_string(),
                    ]);
                    members_zh.push(vec![
                        school.id.0.clone(),
                        school.name.clone(),
                        g.grade.clone(),
                        team.label.clone(),
                        if is_head { "班主任" } else { "任课" }.to_string(),
                        subject_zh(&seat.subject).to_string(),
                        if t.is_some() {
                            id
                        } else {
                            "（空缺）".into()
                        },
                        name,
                        t.map_or(String::new(), |t| backbone_zh(t.backbone).into()),
                        t.map_or(String::new(), |t| title_zh(t.title).into()),
                        seat.strength.to_string(),
                    ]);
                }
                let filled: Vec<usize> = team.seats.iter().filter_map(|s| s.teacher).collect();
                let backbone = filled
                    .iter()
                    .filter(|&&t| county.teachers[t].backbone.is_backbone())
                    .count();
                let senior = filled
                    .iter()
                    .filter(|&&t| county.teachers[t].title == crate::model::county::Title::Senior)
                    .count();
                let vacant = team.seats.len() - filled.len();
                let head_id = head.map_or(String::new(), |h| county.teachers[h].id.0.clone());
                let head_name = head.map_or(String::new(), |h| county.teachers[h].name.clone());
                let row = vec![
                    school.id.0.clone(),
                    school.name.clone(),
                    g.grade.clone(),
                    team.label.clone(),
                    team.strength.to_string(),
                    g.spread.to_string(),
                    filled.len().to_string(),
                    vacant.to_string(),
                    backbone.to_string(),
                    senior.to_string(),
                    head_id,
                    head_name,
                ];
                summary_zh.push(row.clone());
                summary.push(row);
            }
        }
        for n in &r.notes {
            notes.push(vec![school.id.0.clone(), n.text(lang)]);
        }
    }
    let notes_zh: Vec<Vec<String>> = results
        .iter()
        .flat_map(|r| r.notes.iter().map(move |n| (r.school, n)))
        .map(|(s, n)| vec![county.schools[s].id.0.clone(), n.text(Lang::Zh)])
        .collect();
    let member_header = [
        "school",
        "school_name",
        "grade",
        "team",
        "role",
        "subject",
        "teacher",
        "name",
        "backbone",
        "title",
        "strength",
    ];
    let summary_header = [
        "school",
        "school_name",
        "grade",
        "team",
        "strength",
        "grade_spread",
        "members",
        "vacant",
        "backbone",
        "senior",
        "head_teacher",
        "head_name",
    ];
    let book = workbook(&[
        Sheet {
            name: "团队成员",
            headers: vec![
                "学校编号",
                "学校名称",
                "年级",
                "团队",
                "职责",
                "学科",
                "教师编号",
                "姓名",
                "骨干等级",
                "职称",
                "强度分",
            ],
            rows: members_zh,
        },
        Sheet {
            name: "团队汇总",
            headers: vec![
                "学校编号",
                "学校名称",
                "年级",
                "团队",
                "团队强度",
                "年级极差",
                "人数",
                "空缺",
                "骨干教师",
                "高级职称",
                "班主任编号",
                "班主任",
            ],
            rows: summary_zh,
        },
        Sheet {
            name: "说明",
            headers: vec!["学校编号", "说明"],
            rows: notes_zh,
        },
    ])?;
    Ok(vec![
        (
            "team_members.csv".into(),
            excel_csv_bytes(&member_header, members),
        ),
        (
            "team_summary.csv".into(),
            excel_csv_bytes(&summary_header, summary),
        ),
        (
            "team_notes.csv".into(),
            excel_csv_bytes(&note_header(lang, false), notes),
        ),
        ("teams.xlsx".into(), book),
    ])
}

fn gender_word(g: Gender, lang: Lang) -> String {
    match lang {
        Lang::En => <&str>::from(g).to_string(),
        Lang::Zh => gender_zh(g).to_string(),
    }
}

/// The header of `team_notes.csv` (`grade`: and of `class_notes.csv`) in `lang`.
fn note_header(lang: Lang, grade: bool) -> Vec<&'static str> {
    let [school, grade_word, note] = match lang {
        Lang::En => ["school", "grade", "note"],
        Lang::Zh => ["学校编号", "年级", "说明"],
    };
    if grade {
        vec![school, grade_word, note]
    } else {
        vec![school, note]
    }
}

/// Scores as written: whole numbers without decimals, else two.
fn score(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// The files of `rotation classes`, in [`CLASS_FILES`] order.
///
/// `class_notes.csv` is in `lang` (headers and notes): nothing reads it back, the office
/// reads it.
pub fn class_files(
    students: &[Student],
    divisions: &[GradeDivision],
    lang: Lang,
) -> Result<Vec<(String, Vec<u8>)>> {
    let (mut lists, mut lists_zh, mut summary, mut notes, mut notes_zh) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for d in divisions {
        for &(i, c, p) in &d.placement {
            let s = &students[i];
            for (rows, lang) in [(&mut lists, Lang::En), (&mut lists_zh, Lang::Zh)] {
                rows.push(vec![
                    d.school.clone(),
                    d.grade.clone(),
                    d.classes[c].clone(),
                    s.id.clone(),
                    s.name.clone(),
                    gender_word(s.gender, lang),
                    score(s.score),
                    p.to_string(),
                ]);
            }
        }
        let figures = d.figures(students);
        let means: Vec<f64> = figures.iter().map(|f| f.mean).collect();
        let grade_mean = d.placement.iter().map(|p| students[p.0].score).sum::<f64>()
            / d.placement.len().max(1) as f64;
        let range = means.iter().cloned().fold(f64::MIN, f64::max)
            - means.iter().cloned().fold(f64::MAX, f64::min);
        for f in &figures {
            summary.push(vec![
                d.school.clone(),
                d.grade.clone(),
                f.class.clone(),
                f.students.to_string(),
                f.girls.to_string(),
                f.boys.to_string(),
                format!("{:.2}", f.mean),
                format!("{:.2}", f.sd),
                format!("{:.2}", f.mean - grade_mean),
                format!("{:.2}", range),
            ]);
        }
        for n in &d.notes {
            notes.push(vec![d.school.clone(), d.grade.clone(), n.text(lang)]);
            notes_zh.push(vec![d.school.clone(), d.grade.clone(), n.text(Lang::Zh)]);
        }
    }
    let list_header = [
        "school",
        "grade",
        "class",
        "student",
        "name",
        "gender",
        "score",
        "snake_position",
    ];
    let summary_header = [
        "school",
        "grade",
        "class",
        "students",
        "girls",
        "boys",
        "mean",
        "sd",
        "mean_minus_grade",
        "grade_mean_range",
    ];
    let book = workbook(&[
        Sheet {
            name: "分班名单",
            headers: vec![
                "学校编号",
                "年级",
                "班级",
                "学号",
                "姓名",
                "性别",
                "成绩",
                "蛇形序号",
            ],
            rows: lists_zh,
        },
        Sheet {
            name: "班级均衡",
            headers: vec![
                "学校编号",
                "年级",
                "班级",
                "人数",
                "女生",
                "男生",
                "平均分",
                "标准差",
                "与年级均分差",
                "年级班均分极差",
            ],
            rows: summary.clone(),
        },
        Sheet {
            name: "调整说明",
            headers: vec!["学校编号", "年级", "说明"],
            rows: notes_zh,
        },
    ])?;
    Ok(vec![
        (
            "class_lists.csv".into(),
            excel_csv_bytes(&list_header, lists),
        ),
        (
            "class_summary.csv".into(),
            excel_csv_bytes(&summary_header, summary),
        ),
        (
            "class_notes.csv".into(),
            excel_csv_bytes(&note_header(lang, true), notes),
        ),
        ("classes.xlsx".into(), book),
    ])
}
