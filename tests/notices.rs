//! Every decision explained to the teacher, through the binary on real files: the
//! plan folder's `stayed.csv` and `notices.html`, the workbook's `未交流原因`,
//! `学校通知` and `交流通知书` sheets read back with calamine, `rotation notices` in
//! both languages, `eligibility --plan`, and one test per bad input.

mod common;

use calamine::{open_workbook_auto, Data, Reader};
use common::*;
use std::path::Path;
use tempfile::TempDir;

fn plan(out: &Path, extra: &[&str]) -> std::process::Output {
    rotation()
        .arg("plan")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// The rows of a CSV file as maps from header to value.
fn csv_rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            h.iter()
                .zip(rec.iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn sheet(book: &Path, name: &str) -> Vec<Vec<String>> {
    let mut book = open_workbook_auto(book).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The eligible teachers of tiny under haiyan-2022, by the binary.
fn eligible_ids() -> Vec<String> {
    let o = rotation()
        .arg("eligibility")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["eligible"] == true)
        .map(|r| r["teacher"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_plan_explains_each_stay_and_writes_its_notices() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let xlsx = out.join("plan.xlsx");
    let o = plan(
        &out,
        &["--date", "2026-08-25", "--xlsx", xlsx.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    // stayed.csv: exactly the eligible teachers who do not move, one reason each.
    let moved: Vec<String> = plan_moves(&out.join("plan.csv"))
        .into_iter()
        .map(|m| m.0)
        .collect();
    let stayed = csv_rows(&out.join("stayed.csv"));
    let mut stayed_ids: Vec<String> = stayed.iter().map(|r| r["teacher"].clone()).collect();
    stayed_ids.sort();
    let mut expected: Vec<String> = eligible_ids()
        .into_iter()
        .filter(|t| !moved.contains(t))
        .collect();
    expected.sort();
    assert_eq!(stayed_ids, expected);
    assert!(!stayed.is_empty());
    // In tiny, four of each school's four teachers: a 30 % cap lets one leave.
    for r in &stayed {
        assert_eq!(r["reason_key"], "outflow_cap", "{r:?}");
        assert!(r["reason"].contains("is at its outflow cap"), "{r:?}");
    }
    // A move to the farthest allowed school says why that school.
    let plan_text = std::fs::read_to_string(out.join("plan.csv")).unwrap();
    assert!(
        plan_text
            .contains("the farthest allowed school because it fills the post T13 leaves there"),
        "{plan_text}"
    );
    // The notices: A4 print CSS, a page per school the plan touches and per mover.
    let html = std::fs::read_to_string(out.join("notices.html")).unwrap();
    assert!(html.contains("@page { size: A4"));
    assert!(html.contains("page-break-after: always"));
    assert_eq!(html.matches("<section class=\"notice school\"").count(), 4);
    assert_eq!(html.matches("<section class=\"notice teacher\"").count(), 4);
    assert_eq!(html.matches("<h1>交流通知书</h1>").count(), 4);
    assert!(
        html.contains("<h1>城东小学（U1）教师交流轮岗通知</h1>"),
        "{html}"
    );
    assert!(html.contains("调出教师") && html.contains("调入教师"));
    assert!(html.contains("王芳老师："));
    assert!(html.contains("根据《海盐县 2022 年做法》，经研究决定，您自本轮交流起由城东小学（U1）交流至沈荡小学（R2），任教数学。"));
    assert!(html.contains("2026年8月25日"));
    // Nothing fetched: no script, link, image or address.
    for outside in ["http://", "https://", "<script", "<link", "<img", "src="] {
        assert!(!html.contains(outside), "{outside}");
    }
    // Every file is named in the manifest.
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    for f in ["stayed.csv", "notices.html", "plan.xlsx"] {
        assert!(manifest.contains(f), "{f}");
    }
    // The workbook: the same reasons in Chinese, the notices dated.
    let rows = sheet(&xlsx, "未交流原因");
    assert_eq!(rows.len(), stayed.len() + 1);
    assert_eq!(rows[0][0], "教师编号");
    for r in &rows[1..] {
        assert!(r[5].contains("调出人数已达上限"), "{r:?}");
    }
    let notices = sheet(&xlsx, "交流通知书");
    assert_eq!(notices.len(), 5, "header and four movers");
    assert_eq!(notices[0][5], "通知内容");
    for r in &notices[1..] {
        assert_eq!(r[7], "2026年8月25日");
        assert!(r[5].contains("老师：根据《海盐县 2022 年做法》"), "{r:?}");
        assert!(!r[6].is_empty());
    }
    let schools = sheet(&xlsx, "学校通知");
    assert_eq!(schools.len(), 9, "header and each move twice");
    assert_eq!(schools[1][1], "调出");
}

#[test]
fn notices_are_written_in_english_on_the_date_given() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    assert_eq!(plan(&out, &[]).status.code(), Some(0));
    let notices = dir.path().join("notices");
    let o = rotation()
        .arg("notices")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--plan")
        .arg(out.join("plan.csv"))
        .arg("--out")
        .arg(&notices)
        .args(["--date", "2026-09-01", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(stdout_of(&o).contains("4 school notices and 4 teacher notices, dated 2026-09-01"));
    let html = std::fs::read_to_string(notices.join("notices.html")).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert_eq!(html.matches("<h1>Exchange notice</h1>").count(), 4);
    assert!(html.contains("1 September 2026"));
    assert!(html.contains("Dear 王芳,"));
    assert!(html.contains("Teachers leaving") && html.contains("Teachers arriving"));
    assert!(notices.join("manifest.json").is_file());
    // The same plan gives the same notices: reproducible for a date.
    let again = dir.path().join("again");
    let o = rotation()
        .arg("notices")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--plan")
        .arg(out.join("plan.csv"))
        .arg("--out")
        .arg(&again)
        .args(["--date", "2026-09-01", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        std::fs::read(again.join("notices.html")).unwrap(),
        html.into_bytes()
    );
}

#[test]
fn eligibility_with_a_plan_says_where_each_teacher_stands() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let pins = write(dir.path(), "pins.csv", "teacher,action,school\nT05,stay,\n");
    // Keeping T05 costs the exchange target (exit 3); the plan is written.
    let o = plan(&out, &["--pins", pins.to_str().unwrap()]);
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    let list = dir.path().join("eligibility.csv");
    let o = rotation()
        .arg("eligibility")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--plan")
        .arg(out.join("plan.csv"))
        .arg("--pins")
        .arg(&pins)
        .arg("--out")
        .arg(&list)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let rows = csv_rows(&list);
    assert_eq!(rows.len(), 16);
    let moved: Vec<String> = plan_moves(&out.join("plan.csv"))
        .into_iter()
        .map(|m| m.0)
        .collect();
    for r in &rows {
        let t = &r["teacher"];
        match (r["eligible"].as_str(), moved.contains(t)) {
            (_, true) => {
                assert_eq!(r["in_plan"], "moves", "{r:?}");
                assert!(r["why"].starts_with("to "), "{r:?}");
            }
            ("yes", false) => {
                assert_eq!(r["in_plan"], "stays", "{r:?}");
                assert!(
                    !r["stay_reason"].is_empty() && !r["why"].is_empty(),
                    "{r:?}"
                );
            }
            _ => assert_eq!(r["in_plan"], "not_eligible", "{r:?}"),
        }
    }
    let t05 = rows.iter().find(|r| r["teacher"] == "T05").unwrap();
    assert_eq!(t05["stay_reason"], "pinned");
    assert_eq!(t05["why"], "pinned to stay by the bureau");
}

#[test]
fn a_bad_date_is_refused_before_anything_is_written() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    for cmd in ["plan", "notices"] {
        let mut c = rotation();
        c.arg(cmd)
            .arg(tiny())
            .arg("--policy")
            .arg(model("haiyan-2022"))
            .arg("--out")
            .arg(&out)
            .args(["--date", "2026-02-30"]);
        if cmd == "notices" {
            c.arg("--plan").arg(tiny().join("plan.csv"));
        }
        let o = c.output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        let err = stderr_of(&o);
        assert!(
            err.contains("--date \"2026-02-30\": expected a date as YYYY-MM-DD"),
            "{cmd}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!out.exists(), "{cmd}");
    }
}

#[test]
fn notices_of_a_plan_naming_an_unknown_teacher_give_its_line() {
    let dir = TempDir::new().unwrap();
    let plan_csv = write(
        dir.path(),
        "plan.csv",
        "teacher,to_school\nT01,R2\nT99,U1\n",
    );
    let out = dir.path().join("notices");
    let o = rotation()
        .arg("notices")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--plan")
        .arg(&plan_csv)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr_of(&o);
    assert!(
        err.contains("plan.csv:3:1 (column `teacher`): unknown teacher `T99`"),
        "{err}"
    );
    assert!(
        err.contains("1 problem found; nothing was written"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn notices_never_go_into_the_folder_of_the_plan_they_read() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    assert_eq!(plan(&out, &[]).status.code(), Some(0));
    let before = std::fs::read(out.join("notices.html")).unwrap();
    let o = rotation()
        .arg("notices")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--plan")
        .arg(out.join("plan.csv"))
        .arg("--out")
        .arg(&out)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("which this command reads"),
        "{}",
        stderr_of(&o)
    );
    assert_eq!(std::fs::read(out.join("notices.html")).unwrap(), before);
}

#[test]
fn pins_for_eligibility_need_a_plan() {
    let o = rotation()
        .arg("eligibility")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--pins")
        .arg(tiny().join("pins.csv"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr_of(&o).contains("--plan"), "{}", stderr_of(&o));
}

#[test]
fn eligibility_with_a_plan_naming_an_unknown_school_gives_its_line_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let plan_csv = write(dir.path(), "plan.csv", "teacher,to_school\nT01,R9\n");
    let list = dir.path().join("eligibility.csv");
    let o = rotation()
        .arg("eligibility")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--plan")
        .arg(&plan_csv)
        .arg("--out")
        .arg(&list)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr_of(&o);
    assert!(err.contains("plan.csv:2:") && err.contains("R9"), "{err}");
    assert!(!list.exists());
}

#[test]
fn notices_of_a_missing_plan_file_name_it() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("notices");
    let o = rotation()
        .arg("notices")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--plan")
        .arg(dir.path().join("nowhere.csv"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr_of(&o).contains("nowhere.csv"), "{}", stderr_of(&o));
    assert!(!out.exists());
}
