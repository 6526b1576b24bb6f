//! The national method's teacher indicators end to end: a county with a degree column
//! (`tests/fixtures/degrees`) planned, and summary.json, schools.csv, the text summary,
//! the workbook and the report carrying the figures worked by hand; a county without
//! degrees reports the qualification as not available; degrees survive the filled
//! template.
//!
//! The fixture's plan is forced (every eligible teacher rotates, subjects balance):
//! T01 (math, bachelor, backbone) P1 → P2, T05 (math, 中专) P2 → P1, T08 (PE, master)
//! J1 → N1, T12 (PE, 中专) N1 → J1. N1 is a nine-year school, judged on both levels.

mod common;
use calamine::{open_workbook_auto, Data, Reader};
use common::*;
use rotation::input::instance::read_instance;
use std::path::Path;
use tempfile::TempDir;

fn plan_degrees(out: &Path, policy: &Path, extra: &[&str]) -> std::process::Output {
    rotation()
        .arg("plan")
        .arg(fixture("degrees"))
        .arg("--policy")
        .arg(policy)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn close(v: &serde_json::Value, x: f64) -> bool {
    v.as_f64().is_some_and(|v| (v - x).abs() < 1e-9)
}

/// The row of `school` in a schools.csv, by column name.
fn school_row(schools_csv: &Path, school: &str) -> std::collections::HashMap<String, String> {
    let mut r = csv::Reader::from_path(schools_csv).unwrap();
    let header = r.headers().unwrap().clone();
    let row = r
        .records()
        .map(|rec| rec.unwrap())
        .find(|rec| &rec[0] == school)
        .expect("school row");
    header
        .iter()
        .zip(row.iter())
        .map(|(h, v)| (h.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a_county_with_degrees_is_planned_with_every_teacher_indicator() {
    let dir = TempDir::new().unwrap();
    let policy = fixture("degrees").join("policy.toml");
    let out = plan_degrees(dir.path(), &policy, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(
        plan_moves(&dir.path().join("plan.csv")),
        vec![
            ("T01".into(), "P1".into(), "P2".into()),
            ("T05".into(), "P2".into(), "P1".into()),
            ("T08".into(), "J1".into(), "N1".into()),
            ("T12".into(), "N1".into(), "J1".into()),
        ]
    );
    let s = json(&dir.path().join("summary.json"));
    let ind = &s["indicators"];
    // Qualified, primary side (associate and above) over P1, P2, N1 (200, 100, 100
    // students): 3, 1, 2 teachers before, 2, 2, 3 after. CV² + 1 = ΣP·Σ(C²/P)/T²:
    // before 400 · 0.095 / 36, after 400 · 0.15 / 49.
    let q = &ind["qualified"];
    assert_eq!(q["available"], true);
    assert!(close(
        &q["primary"]["cv_before"],
        (38.0f64 / 36.0 - 1.0).sqrt()
    ));
    assert!(close(
        &q["primary"]["cv_after"],
        (60.0f64 / 49.0 - 1.0).sqrt()
    ));
    assert_eq!(q["primary"]["cv_meets_after"], true);
    assert_eq!(q["primary"]["schools"], 3);
    assert_eq!(q["primary"]["schools_below_after"], 3);
    assert!(close(&q["primary"]["standard_per_100"], 4.2));
    // Junior side (bachelor and above) over J1, N1: 3, 2 before; 2, 3 after: the CV
    // rises from √0.02 to √0.32, above 0.45.
    assert!(close(&q["junior"]["cv_before"], 0.02f64.sqrt()));
    assert!(close(&q["junior"]["cv_after"], 0.32f64.sqrt()));
    assert_eq!(q["junior"]["cv_meets_before"], true);
    assert_eq!(q["junior"]["cv_meets_after"], false);
    assert!(close(&q["junior"]["cv_standard"], 0.45));
    // Backbone, primary: 1, 0, 1 → 0, 1, 1: CV √0.5 → 1.
    let b = &ind["backbone"]["primary"];
    assert!(close(&b["cv_before"], 0.5f64.sqrt()));
    assert!(close(&b["cv_after"], 1.0));
    assert_eq!(
        (
            b["schools_below_before"].as_u64(),
            b["schools_below_after"].as_u64()
        ),
        (Some(2), Some(1))
    );
    // PE and art, primary: 1, 1, 2 on both sides of the plan: CV √0.375.
    assert!(close(
        &ind["pe_art"]["primary"]["cv_after"],
        0.375f64.sqrt()
    ));
    assert_eq!(ind["meets_before"], false);
    assert_eq!(ind["meets_after"], false);
    assert_eq!(ind["complete"], true);
    assert_eq!(ind["teachers_without_degree"], 1, "T07's cell is empty");
    assert_eq!(ind["schools_failing_per_school_rule"]["primary_after"], 3);
    let verdict = ind["verdict_after"].as_str().unwrap();
    assert!(
        verdict.starts_with("does not meet the national method's teacher indicators: CV of qualified teachers per 100 students in junior schools 0.566 > 0.45; CV of backbone teachers per 100 students in primary schools 1.000 > 0.50;"),
        "{verdict}"
    );
    assert!(
        verdict.ends_with("schools below the per-school standard: qualified teachers 3 of 3 primary, 2 of 2 junior; backbone teachers 1 of 3 primary, 1 of 2 junior; PE and art teachers 1 of 3 primary, 1 of 2 junior; schools cannot meet the per-school rule (a teacher indicator under 85% of its standard, or two under it): 3 primary schools against 3 before the plan, 2 junior schools against 2 before the plan"),
        "{verdict}"
    );
    // schools.csv: the nine-year school shows its junior side (bachelor and above,
    // standard 5.3): T13 and T14, then T08 arrives.
    let n1 = school_row(&dir.path().join("schools.csv"), "N1");
    for (column, value) in [
        ("qualified_before", "2"),
        ("qualified_after", "3"),
        ("qualified_per_100_after", "3.000"),
        ("qualified_standard", "5.3"),
        ("qualified_meets_after", "false"),
        ("backbone_standard", "1.0"),
        ("backbone_meets_after", "true"),
        ("pe_art_before", "2"),
        ("pe_art_per_100_after", "2.000"),
        ("pe_art_standard", "0.9"),
        ("pe_art_meets_after", "true"),
    ] {
        assert_eq!(n1[column], value, "{column}");
    }
    let p2 = school_row(&dir.path().join("schools.csv"), "P2");
    assert_eq!(
        (
            p2["backbone_meets_before"].as_str(),
            p2["backbone_meets_after"].as_str()
        ),
        ("false", "true"),
        "T01 brings P2 to 1 backbone teacher per 100 students"
    );
    let text = stdout_of(&out);
    assert!(
        text.contains(
            "    qualified junior  CV 0.141 → 0.566 (≤ 0.45: ABOVE); below 5.3: 2 → 2 of 2 schools"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "    backbone  primary CV 0.707 → 1.000 (≤ 0.50: ABOVE); below 1.0: 2 → 1 of 3 schools"
        ),
        "{text}"
    );
    assert!(text.contains("  verdict   does not meet the national method's teacher indicators"));
}

#[test]
fn the_policy_decides_which_degree_counts() {
    let dir = TempDir::new().unwrap();
    let text = std::fs::read_to_string(fixture("degrees").join("policy.toml"))
        .unwrap()
        .replace(
            "qualified_from_primary = \"associate\"",
            "qualified_from_primary = \"bachelor\"",
        );
    let policy = write(dir.path(), "bachelor.toml", &text);
    let out = plan_degrees(&dir.path().join("out"), &policy, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    // At P1, T03's associate degree (大专) no longer counts: T01 and T02 before.
    let p1 = school_row(&dir.path().join("out/schools.csv"), "P1");
    assert_eq!(p1["qualified_before"], "2");
}

#[test]
fn without_degrees_the_qualification_is_not_available() {
    let dir = TempDir::new().unwrap();
    let out = rotation()
        .arg("plan")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let ind = &json(&dir.path().join("summary.json"))["indicators"];
    assert_eq!(ind["qualified"]["available"], false);
    assert!(ind["qualified"]["primary"]["cv_after"].is_null());
    assert!(ind["qualified"]["primary"]["schools_below_after"].is_null());
    assert_eq!(ind["complete"], false);
    assert!(ind["verdict_after"]
        .as_str()
        .unwrap()
        .contains("the qualification is not judged (no teacher has a degree)"));
    // Backbone teachers are judged as before: U1 1 of 600, U2 and R1 none, R2 2 of 150.
    assert_eq!(ind["backbone"]["primary"]["schools_below_after"], 3);
    let text = stdout_of(&out);
    assert!(
        text.contains(
            "    qualified primary n/a: no teacher has a degree (optional `degree` column)"
        ),
        "{text}"
    );
}

#[test]
fn workbook_and_report_show_the_indicators_school_by_school() {
    let dir = TempDir::new().unwrap();
    let xlsx = dir.path().join("plan.xlsx");
    let report = dir.path().join("report.html");
    let policy = fixture("degrees").join("policy.toml");
    let out = plan_degrees(
        &dir.path().join("out"),
        &policy,
        &[
            "--xlsx",
            xlsx.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let mut book = open_workbook_auto(&xlsx).unwrap();
    let sheet = book.worksheet_range("教师指标").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(
        rows[0][4],
        Data::String("高于规定学历教师数/百名学生（前）".into())
    );
    // P1, P2 and N1 on the primary side, J1 and N1 on the junior side.
    let ids: Vec<String> = rows[1..].iter().map(|r| r[0].to_string()).collect();
    assert_eq!(ids, vec!["P1", "P2", "N1", "J1", "N1"]);
    let n1_junior = rows[5];
    assert_eq!(n1_junior[2], Data::String("初中（九年一贯制）".into()));
    assert_eq!(n1_junior[5], Data::Float(3.0), "qualified per 100 after");
    assert_eq!(n1_junior[6], Data::Float(5.3), "its standard");
    assert_eq!(n1_junior[8], Data::String("否".into()), "not met after");
    let summary = book.worksheet_range("汇总").unwrap();
    let verdict = summary
        .rows()
        .find(|r| r[0] == Data::String("教师指标结论（交流后）".into()))
        .expect("a verdict row");
    assert!(verdict[1].to_string().starts_with(
        "未达到国家评估办法的教师指标要求：初中高于规定学历教师差异系数 0.566，高于标准 0.45"
    ));
    assert!(summary.rows().any(|r| {
        r[0] == Data::String("初中高于规定学历教师数/百名学生 差异系数（前→后）".into())
            && r[1] == Data::String("0.141 → 0.566".into())
    }));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("Teacher indicators of the national method 国家评估办法教师指标"));
    assert!(
        html.contains("<td>0.141 → 0.566</td>"),
        "qualified, junior CV"
    );
    assert!(html.contains("<td class=\"l\">N1</td><td class=\"l\">通元学校</td><td class=\"l\">junior 初中 (nine-year 九年一贯)</td>"));
}

#[test]
fn verify_reports_the_indicators_of_any_plan() {
    let dir = TempDir::new().unwrap();
    let policy = fixture("degrees").join("policy.toml");
    let out = plan_degrees(dir.path(), &policy, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let o = rotation()
        .arg("verify")
        .arg(fixture("degrees"))
        .arg("--policy")
        .arg(&policy)
        .arg("--plan")
        .arg(dir.path().join("plan.csv"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stdout_of(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["figures"]["indicators"],
        json(&dir.path().join("summary.json"))["indicators"]
    );
}

#[test]
fn degrees_survive_the_filled_template_in_chinese() {
    let dir = TempDir::new().unwrap();
    let book = dir.path().join("degrees.xlsx");
    let o = rotation()
        .args(["template", "--lang", "zh", "--from"])
        .arg(fixture("degrees"))
        .arg("--out")
        .arg(&book)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let mut xlsx = open_workbook_auto(&book).unwrap();
    let teachers = xlsx.worksheet_range("教师").unwrap();
    let header: Vec<String> = teachers
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = header
        .iter()
        .position(|h| h == "学历")
        .expect("a 学历 column");
    let t01 = teachers.rows().nth(1).unwrap();
    assert_eq!(t01[col], Data::String("本科".into()));
    let csv = read_instance(&fixture("degrees")).unwrap().county;
    let zh = read_instance(&book).unwrap().county;
    let degrees = |c: &rotation::model::county::County| {
        c.teachers.iter().map(|t| t.degree).collect::<Vec<_>>()
    };
    assert_eq!(degrees(&csv), degrees(&zh));
    assert_eq!(degrees(&csv)[6], None, "T07's empty cell stays empty");
}

#[test]
fn templates_have_a_degree_column() {
    let dir = TempDir::new().unwrap();
    let o = rotation()
        .args(["template", "--lang", "zh", "--out"])
        .arg(dir.path().join("csv"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let text = std::fs::read_to_string(dir.path().join("csv/teachers.csv")).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let example: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = header.iter().position(|&h| h == "学历").expect("学历");
    assert_eq!(header.len(), example.len());
    assert_eq!(example[col], "本科");
}
