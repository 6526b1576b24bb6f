//! Joint appointments (联聘) an instance carries: a folder's `joint.csv` (or `联聘.csv`)
//! and a workbook's 联聘 sheet, read by every command that reads an instance, `--joint`
//! replacing them; the joint teacher's stay reason and the notices of both schools;
//! `plan --years` carrying them through every year; one test per bad input of the new
//! sources (file or sheet, row, column, in English and Chinese, exit 2, nothing written).

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// T01 (math, county backbone, at U1, eligible alone) also serves R1.
const JOINT: &str = "teacher,school\nT01,R1\n";

fn haiyan() -> PathBuf {
    model("haiyan-2022")
}

/// `instances/tiny` with `files` added.
fn tiny_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tiny_copy();
    for (name, text) in files {
        write(dir.path(), name, text);
    }
    dir
}

fn plan(instance: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    rotation()
        .arg("plan")
        .arg(instance)
        .arg("--policy")
        .arg(haiyan())
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn stayed_row(out: &Path, teacher: &str) -> String {
    let stayed = std::fs::read_to_string(out.join("stayed.csv")).unwrap();
    stayed
        .lines()
        .find(|l| l.starts_with(&format!("{teacher},")))
        .unwrap_or_else(|| panic!("{teacher} not in {stayed}"))
        .to_string()
}

#[test]
fn a_folder_joint_csv_keeps_the_teacher_and_names_both_schools_in_stayed_and_notices() {
    let county = tiny_with(&[("joint.csv", JOINT)]);
    let work = tempfile::TempDir::new().unwrap();
    let out = work.path().join("out");
    let o = plan(county.path(), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(stdout_of(&o).contains("joint     1 joint appointment(s)"));
    assert!(plan_moves(&out.join("plan.csv"))
        .iter()
        .all(|(t, _, _)| t != "T01"));
    let row = stayed_row(&out, "T01");
    assert!(
        row.contains("joint_appointment")
            && row.contains("joint appointment: stays at U1 and also serves R1"),
        "{row}"
    );
    // The notices of U1 and R1 both list the joint appointment; T01 has no exchange
    // notice of their own.
    let notices = std::fs::read_to_string(out.join("notices.html")).unwrap();
    for school in ["U1", "R1"] {
        let start = notices
            .find(&format!("id=\"school-{school}\""))
            .unwrap_or_else(|| panic!("no notice for {school}"));
        let section = &notices[start..start + notices[start..].find("</section>").unwrap()];
        assert!(
            section.contains("联聘教师") && section.contains("T01"),
            "{section}"
        );
    }
    assert!(!notices.contains("id=\"teacher-T01\""));
    // verify reads the same file from the folder: T01's half counts at both schools.
    let v = rotation()
        .arg("verify")
        .arg(county.path())
        .arg("--policy")
        .arg(haiyan())
        .arg("--plan")
        .arg(out.join("plan.csv"))
        .output()
        .unwrap();
    assert_eq!(v.status.code(), Some(0), "{}", stdout_of(&v));
    assert!(stdout_of(&v).contains("joint     1 joint appointment(s)"));
}

#[test]
fn the_stay_reason_reads_in_chinese_in_stayed_csv_and_the_workbook() {
    let county = tiny_with(&[("联聘.csv", "教师编号,联聘学校\nT01,R1\n")]);
    let work = tempfile::TempDir::new().unwrap();
    let out = work.path().join("out");
    let book = out.join("plan.xlsx");
    let o = rotation()
        .args(["--lang", "zh"])
        .args(plan_args(county.path(), &out))
        .arg("--xlsx")
        .arg(&book)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let row = stayed_row(&out, "T01");
    assert!(row.contains("联聘：本轮留在 U1，同时在 R1 任教"), "{row}");
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(&book).unwrap();
    let sheet = wb.worksheet_range("未交流原因").unwrap();
    let found = sheet.rows().any(|r| {
        r.iter().any(|c| *c == "T01")
            && r.iter()
                .any(|c| c.to_string().contains("联聘：本轮留在 U1，同时在 R1 任教"))
    });
    assert!(found, "T01's reason not in 未交流原因");
    let notices = wb.worksheet_range("学校通知").unwrap();
    let ways: Vec<String> = notices
        .rows()
        .filter(|r| r.iter().any(|c| *c == "T01"))
        .map(|r| r[1].to_string())
        .collect();
    assert_eq!(ways, ["联聘（兼任他校）", "联聘（来自他校）"], "{ways:?}");
}

fn plan_args(instance: &Path, out: &Path) -> Vec<std::ffi::OsString> {
    vec![
        "plan".into(),
        instance.into(),
        "--policy".into(),
        haiyan().into(),
        "--out".into(),
        out.into(),
    ]
}

#[test]
fn the_joint_flag_replaces_the_instance_joint_file_and_says_so() {
    let county = tiny_with(&[("joint.csv", JOINT)]);
    let work = tempfile::TempDir::new().unwrap();
    let other = write(work.path(), "other.csv", "teacher,school\nT09,U2\n");
    let out = work.path().join("out");
    let o = plan(county.path(), &out, &["--joint", other.to_str().unwrap()]);
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    assert!(stderr_of(&o).contains("--joint"), "{}", stderr_of(&o));
    assert!(stderr_of(&o).contains("joint.csv"), "{}", stderr_of(&o));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["joint"][0]["teacher"], "T09", "{summary}");
    assert_eq!(summary["joint"].as_array().unwrap().len(), 1);
}

#[test]
fn validate_counts_the_joint_appointments_of_a_workbook_sheet_in_both_languages() {
    let work = tempfile::TempDir::new().unwrap();
    let book = csv_workbook::tiny_workbook(
        work.path(),
        "county.xlsx",
        &[("联聘", "教师编号,联聘学校\nT01,R1\nT09,U2\n")],
    );
    for (lang, words) in [
        ("en", "joint     2 joint appointments"),
        ("zh", "联聘      2 人"),
    ] {
        let o = rotation()
            .args(["--lang", lang, "validate"])
            .arg(&book)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
        assert!(stdout_of(&o).contains(words), "{lang}: {}", stdout_of(&o));
    }
    let o = rotation()
        .args(["validate", "--format", "json"])
        .arg(&book)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["joint_appointments"], 2, "{json}");
}

#[test]
fn eligibility_compare_and_report_read_the_instance_joint_file() {
    let county = tiny_with(&[("joint.csv", JOINT)]);
    let work = tempfile::TempDir::new().unwrap();
    let o = rotation()
        .arg("eligibility")
        .arg(county.path())
        .arg("--policy")
        .arg(haiyan())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let text = stdout_of(&o);
    let line = text.lines().find(|l| l.starts_with("T01")).unwrap();
    assert!(line.contains("joint appointment"), "{line}");
    let cmp = work.path().join("cmp");
    let o = rotation()
        .arg("compare")
        .arg(county.path())
        .arg("--policy")
        .arg(haiyan())
        .arg("--policy")
        .arg(model("national-minimum"))
        .arg("--out")
        .arg(&cmp)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let plans = walk(&cmp)
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "plan.csv"))
        .collect::<Vec<_>>();
    assert!(!plans.is_empty());
    for p in &plans {
        assert!(plan_moves(p).iter().all(|(t, _, _)| t != "T01"), "{p:?}");
    }
    // A plan moving T01 is reported as breaking the rules: the report read joint.csv.
    let moving = write(work.path(), "moving.csv", "teacher,to_school\nT01,R1\n");
    let report = work.path().join("report.html");
    let o = rotation()
        .arg("report")
        .arg(county.path())
        .arg("--policy")
        .arg(haiyan())
        .arg("--plan")
        .arg(&moving)
        .arg("--out")
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(
        !stdout_of(&o).contains(" 0 rule violations"),
        "{}",
        stdout_of(&o)
    );
}

#[test]
fn a_study_reads_the_joint_file_each_county_carries_and_the_flag_replaces_it() {
    let county = tiny_with(&[("joint.csv", "teacher,school\nT99,R1\n")]);
    let work = tempfile::TempDir::new().unwrap();
    let study = write(
        work.path(),
        "study.toml",
        &format!(
            "[counties]\nfolders = [{:?}]\n[policies]\nfiles = [{:?}]\n",
            county.path().display().to_string(),
            haiyan().display().to_string()
        ),
    );
    let run = |out: &str, extra: &[&str]| {
        rotation()
            .arg("study")
            .arg(&study)
            .arg("--out")
            .arg(work.path().join(out))
            .args(extra)
            .output()
            .unwrap()
    };
    // The county's own joint.csv is read: its unknown teacher fails the job.
    let o = run("study", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    assert!(stderr_of(&o).contains("T99"), "{}", stderr_of(&o));
    // --joint replaces it, and the job is planned.
    let good = write(work.path(), "good.csv", JOINT);
    let o = run("study2", &["--joint", good.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
}

#[test]
fn export_leaves_out_the_moves_of_a_joint_teacher_the_instance_carries() {
    let work = tempfile::TempDir::new().unwrap();
    let lp = |instance: &Path, name: &str| {
        let path = work.path().join(name);
        let o = rotation()
            .arg("export")
            .arg(instance)
            .arg("--policy")
            .arg(haiyan())
            .arg("--lp")
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
        std::fs::read_to_string(path).unwrap()
    };
    assert!(lp(&tiny(), "plain.lp").contains("x_T01_"));
    let county = tiny_with(&[("joint.csv", JOINT)]);
    assert!(!lp(county.path(), "joint.lp").contains("x_T01_"));
}

#[test]
fn plan_years_carries_the_joint_appointment_through_every_year() {
    let county = tiny_with(&[("joint.csv", JOINT)]);
    let work = tempfile::TempDir::new().unwrap();
    let out = work.path().join("horizon");
    // Without a backbone target, which tiny's second year cannot meet: every year's
    // plan then passes verify on its own input folder.
    let policy = write(
        work.path(),
        "policy.toml",
        "name = \"two years\"\nyear = 2022\n[targets]\nexchange_rate = 0.35\n\
         backbone_share = 0.0\n[balance]\nbackbone_cv = \"off\"\n",
    );
    let o = rotation()
        .arg("plan")
        .arg(county.path())
        .arg("--policy")
        .arg(&policy)
        .arg("--out")
        .arg(&out)
        .args(["--years", "2"])
        .output()
        .unwrap();
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    for year in ["year-1", "year-2"] {
        let dir = out.join(year);
        assert!(plan_moves(&dir.join("plan.csv"))
            .iter()
            .all(|(t, _, _)| t != "T01"));
        assert!(stayed_row(&dir, "T01").contains("joint_appointment"));
        // Each year's input folder carries the joint appointment, so verify counts its
        // halves as the round did.
        let input = dir.join("input");
        assert_eq!(
            std::fs::read_to_string(input.join("joint.csv")).unwrap(),
            JOINT
        );
        let v = rotation()
            .arg("verify")
            .arg(&input)
            .arg("--policy")
            .arg(input.join("policy.toml"))
            .arg("--plan")
            .arg(dir.join("plan.csv"))
            .arg("--history")
            .arg(input.join("history.csv"))
            .output()
            .unwrap();
        assert_eq!(v.status.code(), Some(0), "{year}: {}", stdout_of(&v));
        assert!(stdout_of(&v).contains("joint     1 joint appointment(s)"));
    }
}

#[test]
fn the_template_offers_the_joint_sheet_with_chinese_headers() {
    let work = tempfile::TempDir::new().unwrap();
    let book = work.path().join("template.xlsx");
    let o = rotation()
        .args(["template", "--out"])
        .arg(&book)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(&book).unwrap();
    let sheet = wb.worksheet_range("联聘").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, ["教师编号", "联聘学校"]);
    // The example row is a comment: the empty template carries no joint appointment.
    assert!(rotation::input::teacher_files::TeacherFiles::of_instance(&book).is_empty());
}

/// The run fails with exit 2, writes nothing, and stderr holds `expected`.
fn rejected(o: &std::process::Output, out: &Path, expected: &str) {
    let err = stderr_of(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(expected), "{err}");
    assert!(!out.exists(), "an output was written");
}

/// Plans `instance` in English and in Chinese, each refused with its words.
fn refused_in_both(instance: &Path, en: &str, zh: &str) {
    let work = tempfile::TempDir::new().unwrap();
    for (lang, words) in [("en", en), ("zh", zh)] {
        let out = work.path().join(format!("out-{lang}"));
        let o = rotation()
            .args(["--lang", lang])
            .args(plan_args(instance, &out))
            .output()
            .unwrap();
        rejected(&o, &out, words);
    }
}

#[test]
fn a_bad_row_of_a_folder_joint_csv_is_located_in_both_languages() {
    let county = tiny_with(&[("joint.csv", "teacher,school\nT01,R1\nT02,R9\n")]);
    let file = county.path().join("joint.csv").display().to_string();
    refused_in_both(
        county.path(),
        &format!("{file}:3:2 (column `school`): unknown school `R9`"),
        &format!("{file} 第 3 行第 2 列（列 `school`）：找不到学校 `R9`"),
    );
}

#[test]
fn a_bad_row_of_a_chinese_named_joint_file_is_located_in_both_languages() {
    let county = tiny_with(&[("联聘.csv", "教师编号,联聘学校\nT01,U1\n")]);
    let file = county.path().join("联聘.csv").display().to_string();
    refused_in_both(
        county.path(),
        &format!("{file}:2:2 (column `联聘学校`): teacher `T01` already works at U1"),
        "教师 `T01` 本就在 U1 任教；联聘学校应为另一所学校",
    );
}

#[test]
fn a_bad_row_of_a_workbook_joint_sheet_is_located_in_both_languages() {
    let work = tempfile::TempDir::new().unwrap();
    let book = csv_workbook::tiny_workbook(
        work.path(),
        "county.xlsx",
        &[("联聘", "教师编号,联聘学校\nT01,R1\nT99,R1\n")],
    );
    refused_in_both(
        &book,
        "county.xlsx[联聘]:3:1 (column `教师编号`): unknown teacher `T99`",
        "county.xlsx[联聘]",
    );
}

#[test]
fn a_teacher_named_twice_in_a_workbook_joint_sheet_is_refused_in_both_languages() {
    let work = tempfile::TempDir::new().unwrap();
    let book = csv_workbook::tiny_workbook(
        work.path(),
        "county.xlsx",
        &[("联聘", "教师编号,联聘学校\nT01,R1\nT01,R2\n")],
    );
    refused_in_both(
        &book,
        "county.xlsx[联聘]:3:1 (column `教师编号`): teacher `T01` already has a joint appointment on line 2",
        "county.xlsx[联聘]",
    );
}

#[test]
fn a_workbook_joint_sheet_without_its_school_column_is_refused_in_both_languages() {
    let work = tempfile::TempDir::new().unwrap();
    let book = csv_workbook::tiny_workbook(
        work.path(),
        "county.xlsx",
        &[("联聘", "教师编号,备注\nT01,R1\n")],
    );
    refused_in_both(&book, "county.xlsx[联聘]", "county.xlsx[联聘]");
}

#[test]
fn a_joint_teacher_in_an_instance_exchange_team_is_refused_in_both_languages() {
    let county = tiny_with(&[
        ("joint.csv", JOINT),
        ("teams.csv", "team,teacher\nA,T01\nA,T02\n"),
    ]);
    let file = county.path().join("joint.csv").display().to_string();
    refused_in_both(
        county.path(),
        &format!("{file}:2:1 (column `teacher`): teacher `T01` is in exchange team `A`"),
        &format!("{file} 第 2 行第 1 列（列 `teacher`）：教师 `T01` 属于交流团队 `A`"),
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
