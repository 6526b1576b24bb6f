//! Joint appointments (联聘) on real files: `--joint` for plan, verify, eligibility,
//! validate and compare on the tiny county, the halves in verify's staffing rule, and
//! one test per bad input (line, column, exit code 2, nothing written).

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// T01 (math, county backbone, at U1) also serves R1.
const JOINT: &str = "teacher,school\nT01,R1\n";

fn haiyan() -> PathBuf {
    model("haiyan-2022")
}

fn plan_with(dir: &Path, joint: &Path, extra: &[&str]) -> (std::process::Output, PathBuf) {
    let out = dir.join("out");
    let o = rotation()
        .arg("plan")
        .arg(tiny())
        .arg("--policy")
        .arg(haiyan())
        .arg("--joint")
        .arg(joint)
        .arg("--out")
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    (o, out)
}

fn verify_with(dir: &Path, plan: &str, lang: &str) -> std::process::Output {
    let joint = write(dir, "joint.csv", JOINT);
    let plan = write(dir, "plan.csv", plan);
    rotation()
        .args(["--lang", lang, "verify"])
        .arg(tiny())
        .arg("--policy")
        .arg(haiyan())
        .arg("--plan")
        .arg(&plan)
        .arg("--joint")
        .arg(&joint)
        .output()
        .unwrap()
}

#[test]
fn a_joint_teacher_stays_and_the_plan_says_where_they_serve() {
    let dir = tempfile::TempDir::new().unwrap();
    let joint = write(dir.path(), "joint.csv", JOINT);
    let (o, out) = plan_with(dir.path(), &joint, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(
        stdout_of(&o).contains("joint     1 joint appointment(s)"),
        "{}",
        stdout_of(&o)
    );
    let moves = plan_moves(&out.join("plan.csv"));
    assert!(moves.iter().all(|(t, _, _)| t != "T01"), "{moves:?}");
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(
        summary["joint"],
        serde_json::json!([{"teacher": "T01", "school": "U1", "second_school": "R1"}])
    );
    let v = rotation()
        .arg("verify")
        .arg(tiny())
        .arg("--policy")
        .arg(haiyan())
        .arg("--plan")
        .arg(out.join("plan.csv"))
        .arg("--joint")
        .arg(&joint)
        .output()
        .unwrap();
    assert_eq!(v.status.code(), Some(0), "{}", stdout_of(&v));
    assert!(stdout_of(&v).contains("every rule holds"));
    assert!(stdout_of(&v).contains("joint     1 joint appointment(s)"));
}

#[test]
fn plans_without_joint_appointments_have_no_joint_section() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = dir.path().join("out");
    let o = rotation()
        .arg("plan")
        .arg(tiny())
        .arg("--policy")
        .arg(haiyan())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(!stdout_of(&o).contains("joint"));
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(!summary.contains("\"joint\""), "{summary}");
}

#[test]
fn a_half_lent_out_widens_the_tolerance_by_one_half() {
    // Tolerance 0. U1 lends half of T01 to R1: T09 (math) from R1 to U1 leaves each
    // school half a teacher off, within the widened half.
    let dir = tempfile::TempDir::new().unwrap();
    let v = verify_with(dir.path(), "teacher,to_school\nT09,U1\n", "en");
    assert_eq!(v.status.code(), Some(1), "{}", stdout_of(&v));
    let text = stdout_of(&v);
    assert!(!text.contains("[staffing]"), "{text}");
    assert!(!text.contains("[subject]"), "{text}");
}

#[test]
fn verify_counts_the_halves_in_staffing_and_subjects() {
    // T02 (chinese) from U1 to R1 on top of T01's half: U1 is 1½ down, R1 1½ up.
    let dir = tempfile::TempDir::new().unwrap();
    let v = verify_with(dir.path(), "teacher,to_school\nT02,R1\n", "en");
    assert_eq!(v.status.code(), Some(1), "{}", stdout_of(&v));
    let text = stdout_of(&v);
    assert!(
        text.contains(
            "[staffing] school U1: 0 arrive and 1 leave, joint appointments -0.5 teachers, \
             a change of -1.5 teachers (tolerance 0.5, joint halves counted half)"
        ),
        "{text}"
    );
    assert!(
        text.contains("[staffing] school R1: 1 arrive and 0 leave, joint appointments +0.5"),
        "{text}"
    );
    let zh = stdout_of(&verify_with(
        dir.path(),
        "teacher,to_school\nT02,R1\n",
        "zh",
    ));
    assert!(
        zh.contains("联聘 -0.5 人，人数净变化 -1.5 人（允许 0.5 人，联聘教师按半人计）"),
        "{zh}"
    );
}

#[test]
fn verify_names_a_joint_teacher_who_moves() {
    let dir = tempfile::TempDir::new().unwrap();
    let v = verify_with(dir.path(), "teacher,to_school\nT01,R2\n", "en");
    assert_eq!(v.status.code(), Some(1), "{}", stdout_of(&v));
    assert!(
        stdout_of(&v).contains(
            "teacher T01 is not eligible (joint appointment: stays and also serves R1 this year)"
        ),
        "{}",
        stdout_of(&v)
    );
}

#[test]
fn eligibility_gives_the_joint_reason_in_both_languages() {
    let dir = tempfile::TempDir::new().unwrap();
    let joint = write(dir.path(), "joint.csv", JOINT);
    for (lang, words) in [
        (
            "en",
            "U1\tno\tjoint appointment: stays and also serves R1 this year",
        ),
        ("zh", "U1\t否\t联聘：本轮留在本校，同时在 R1 任教"),
    ] {
        let o = rotation()
            .args(["--lang", lang, "eligibility"])
            .arg(tiny())
            .arg("--policy")
            .arg(haiyan())
            .arg("--joint")
            .arg(&joint)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
        let text = stdout_of(&o);
        let line = text.lines().find(|l| l.starts_with("T01")).unwrap();
        assert!(line.contains(words), "{line}");
    }
}

#[test]
fn chinese_headers_and_a_joint_sheet_are_read() {
    let dir = tempfile::TempDir::new().unwrap();
    let joint = write(dir.path(), "joint.csv", "工号,联聘学校\nT01,R1\n");
    let o = rotation()
        .arg("validate")
        .arg(tiny())
        .arg("--joint")
        .arg(&joint)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let book = dir.path().join("joint.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("联聘").unwrap();
    for (r, row) in [["教师编号", "学校编号"], ["T01", "R1"], ["T02", "U1"]]
        .iter()
        .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(&book).unwrap();
    let (o, out) = plan_with(dir.path(), &book, &[]);
    rejected(&o, &out, "joint.xlsx[联聘]:3:2 (column `学校编号`)");
}

/// The run fails with exit 2, writes nothing, and stderr holds `expected`.
fn rejected(o: &std::process::Output, out: &Path, expected: &str) {
    let err = stderr_of(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(expected), "{err}");
    assert!(!out.exists(), "an output was written");
}

fn bad_joint(text: &str, extra: &[&str], expected: &str) {
    let dir = tempfile::TempDir::new().unwrap();
    let joint = write(dir.path(), "joint.csv", text);
    let (o, out) = plan_with(dir.path(), &joint, extra);
    rejected(&o, &out, expected);
}

#[test]
fn unknown_teacher_is_named() {
    bad_joint(
        "teacher,school\nT01,R1\nT99,R1\n",
        &[],
        "joint.csv:3:1 (column `teacher`): unknown teacher `T99`",
    );
}

#[test]
fn unknown_school_is_named() {
    bad_joint(
        "teacher,school\nT01,R9\n",
        &[],
        "joint.csv:2:2 (column `school`): unknown school `R9`",
    );
}

#[test]
fn the_teachers_own_school_is_refused() {
    bad_joint(
        "teacher,school\nT01,U1\n",
        &[],
        "joint.csv:2:2 (column `school`): teacher `T01` already works at U1; expected a second school",
    );
}

#[test]
fn a_teacher_named_twice_is_refused() {
    bad_joint(
        "teacher,school\nT01,R1\nT01,R2\n",
        &[],
        "joint.csv:3:1 (column `teacher`): teacher `T01` already has a joint appointment on line 2",
    );
}

#[test]
fn an_empty_school_is_refused() {
    bad_joint(
        "teacher,school\nT01,\n",
        &[],
        "joint.csv:2:2 (column `school`)",
    );
}

#[test]
fn a_missing_column_is_named() {
    bad_joint("teacher,where\nT01,R1\n", &[], "`school`");
}

#[test]
fn a_member_of_an_exchange_team_is_refused() {
    let dir = tempfile::TempDir::new().unwrap();
    let teams = write(dir.path(), "teams.csv", "team,teacher\nA,T01\nA,T02\n");
    bad_joint(
        JOINT,
        &["--teams", teams.to_str().unwrap()],
        "joint.csv:2:1 (column `teacher`): teacher `T01` is in exchange team `A` (teams.csv), which may move",
    );
}

/// T11 returns from R1 this year (term 2019, three years); T13 is on exchange at R2
/// since 2021.
fn history(dir: &Path) -> [String; 4] {
    let history = write(
        dir,
        "history.csv",
        "teacher,from_school,to_school,start_year,end_year\n\
         T11,U1,R1,2019,\n\
         T13,U1,R2,2021,\n",
    );
    let policy = write(
        dir,
        "policy.toml",
        "year = 2022\n[balance]\nbackbone_cv = \"off\"\n\
         [rules]\nterm_years = 3\non_term_end = \"return\"\n",
    );
    [
        "--history".into(),
        history.display().to_string(),
        "--policy".into(),
        policy.display().to_string(),
    ]
}

fn bad_joint_with_history(text: &str, expected: &str) {
    let dir = tempfile::TempDir::new().unwrap();
    let joint = write(dir.path(), "joint.csv", text);
    let out = dir.path().join("out");
    let o = rotation()
        .arg("plan")
        .arg(tiny())
        .args(history(dir.path()))
        .arg("--joint")
        .arg(&joint)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    rejected(&o, &out, expected);
}

#[test]
fn a_teacher_on_exchange_is_refused() {
    bad_joint_with_history(
        "teacher,school\nT13,U2\n",
        "joint.csv:2:1 (column `teacher`): teacher `T13` is still on an exchange term begun in 2021",
    );
}

#[test]
fn a_returning_teacher_is_refused() {
    bad_joint_with_history(
        "teacher,school\nT11,U2\n",
        "joint.csv:2:1 (column `teacher`): teacher `T11` returns home this year from an exchange term begun in 2019",
    );
}

#[test]
fn a_pin_moving_a_joint_teacher_is_refused() {
    let dir = tempfile::TempDir::new().unwrap();
    let pins = write(dir.path(), "pins.csv", "teacher,action,school\nT01,move,\n");
    bad_joint(
        JOINT,
        &["--pins", pins.to_str().unwrap()],
        "pins.csv:2:1 (column `teacher`): teacher `T01` holds a joint appointment at R1 (--joint)",
    );
}

#[test]
fn joint_errors_read_in_chinese() {
    let dir = tempfile::TempDir::new().unwrap();
    let joint = write(dir.path(), "joint.csv", "教师编号,联聘学校\nT01,U1\n");
    let out = dir.path().join("out");
    let o = rotation()
        .args(["--lang", "zh", "plan"])
        .arg(tiny())
        .arg("--policy")
        .arg(haiyan())
        .arg("--joint")
        .arg(&joint)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    rejected(
        &o,
        &out,
        "教师 `T01` 本就在 U1 任教；联聘学校应为另一所学校",
    );
}

#[test]
fn compare_plans_every_policy_with_the_joint_appointments() {
    let dir = tempfile::TempDir::new().unwrap();
    let joint = write(dir.path(), "joint.csv", JOINT);
    let out = dir.path().join("cmp");
    let o = rotation()
        .arg("compare")
        .arg(tiny())
        .arg("--policy")
        .arg(haiyan())
        .arg("--policy")
        .arg(model("national-minimum"))
        .arg("--joint")
        .arg(&joint)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let plans: Vec<_> = walk(&out)
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "plan.csv"))
        .collect();
    assert!(!plans.is_empty());
    for plan in plans {
        let moves = plan_moves(&plan);
        assert!(moves.iter().all(|(t, _, _)| t != "T01"), "{moves:?}");
    }
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
