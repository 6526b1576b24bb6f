//! Exchange teams (组团交流) on real files: `--teams` for plan, verify, validate and
//! eligibility on the tiny county (`tests/fixtures/exchange-teams`), pins naming a
//! team, and one test per bad input (line, column, exit code 2, nothing written).

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn teams_file() -> PathBuf {
    fixture("exchange-teams").join("teams.csv")
}

fn policy_file() -> PathBuf {
    fixture("exchange-teams").join("policy.toml")
}

fn plan(dir: &Path, teams: &Path, extra: &[&str]) -> (std::process::Output, PathBuf) {
    let out = dir.join("out");
    let o = rotation()
        .arg("plan")
        .arg(tiny())
        .arg("--policy")
        .arg(policy_file())
        .arg("--teams")
        .arg(teams)
        .arg("--out")
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    (o, out)
}

/// The `team` column of plan.csv per teacher.
fn teams_in_plan(plan_csv: &Path) -> Vec<(String, String, String)> {
    let mut r = csv::Reader::from_path(plan_csv).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let (t, s, team) = (col("teacher"), col("to_school"), col("team"));
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[t].into(), rec[s].into(), rec[team].into())
        })
        .collect()
}

#[test]
fn a_team_moves_together_and_verify_accepts_the_plan() {
    let dir = tempfile::TempDir::new().unwrap();
    let (o, out) = plan(dir.path(), &teams_file(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(
        stdout_of(&o).contains("teams     1 of 2 exchange teams moved"),
        "{}",
        stdout_of(&o)
    );
    let moves = teams_in_plan(&out.join("plan.csv"));
    let team: Vec<_> = moves.iter().filter(|m| m.2 == "城东小学数语组").collect();
    assert_eq!(team.len(), 2, "{moves:?}");
    assert_eq!(team[0].1, team[1].1, "{moves:?}");
    let stayed = std::fs::read_to_string(out.join("stayed.csv")).unwrap();
    assert!(
        stayed.contains("T09,吴军,math,R1,with_team,,\"stays with exchange team 秦山小学数语组"),
        "{stayed}"
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["exchange_teams"]["teams"], 2);
    assert_eq!(summary["exchange_teams"]["moved"], 1);
    let v = rotation()
        .arg("verify")
        .arg(tiny())
        .arg("--policy")
        .arg(policy_file())
        .arg("--plan")
        .arg(out.join("plan.csv"))
        .arg("--teams")
        .arg(teams_file())
        .output()
        .unwrap();
    assert_eq!(v.status.code(), Some(0), "{}", stdout_of(&v));
    assert!(
        stdout_of(&v).contains("every rule holds"),
        "{}",
        stdout_of(&v)
    );
}

#[test]
fn plans_without_teams_keep_their_columns() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = dir.path().join("out");
    let o = rotation()
        .arg("plan")
        .arg(tiny())
        .arg("--policy")
        .arg(policy_file())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let plan = std::fs::read_to_string(out.join("plan.csv")).unwrap();
    assert!(!plan.lines().next().unwrap().contains("team"), "{plan}");
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(!summary.contains("exchange_teams"), "{summary}");
}

#[test]
fn verify_names_a_split_team() {
    let dir = tempfile::TempDir::new().unwrap();
    let split = write(
        dir.path(),
        "plan.csv",
        "teacher,to_school\nT01,R1\nT13,U1\n",
    );
    let v = rotation()
        .arg("verify")
        .arg(tiny())
        .arg("--policy")
        .arg(policy_file())
        .arg("--plan")
        .arg(&split)
        .arg("--teams")
        .arg(teams_file())
        .output()
        .unwrap();
    assert_eq!(v.status.code(), Some(1), "{}", stdout_of(&v));
    assert!(
        stdout_of(&v).contains(
            "[exchange_team] exchange team 城东小学数语组 is split (T01 to R1, T02 stays)"
        ),
        "{}",
        stdout_of(&v)
    );
}

#[test]
fn a_team_with_an_ineligible_member_stays_and_says_why() {
    let dir = tempfile::TempDir::new().unwrap();
    // T03 has 2 years at U1: not eligible, so T01 stays with the team.
    let teams = write(dir.path(), "teams.csv", "team,teacher\nU1,T01\nU1,T03\n");
    let o = rotation()
        .arg("eligibility")
        .arg(tiny())
        .arg("--policy")
        .arg(policy_file())
        .arg("--teams")
        .arg(&teams)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(
        stdout_of(&o).contains("exchange team U1 stays: its member T03 is not eligible"),
        "{}",
        stdout_of(&o)
    );
    let zh = rotation()
        .args(["--lang", "zh", "eligibility"])
        .arg(tiny())
        .arg("--policy")
        .arg(policy_file())
        .arg("--teams")
        .arg(&teams)
        .output()
        .unwrap();
    assert!(
        stdout_of(&zh).contains("交流团队 U1 的成员 T03 不符合交流条件，团队整体留任"),
        "{}",
        stdout_of(&zh)
    );
}

#[test]
fn a_pin_naming_a_team_moves_every_member() {
    let dir = tempfile::TempDir::new().unwrap();
    let pins = write(
        dir.path(),
        "pins.csv",
        "teacher,action,school\n秦山小学数语组,move_to,U2\n",
    );
    let (o, out) = plan(
        dir.path(),
        &teams_file(),
        &["--pins", pins.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let moves = teams_in_plan(&out.join("plan.csv"));
    for t in ["T09", "T10"] {
        assert!(
            moves
                .iter()
                .any(|m| m.0 == t && m.1 == "U2" && m.2 == "秦山小学数语组"),
            "{moves:?}"
        );
    }
}

#[test]
fn a_pin_on_one_member_binds_the_team() {
    let dir = tempfile::TempDir::new().unwrap();
    let pins = write(dir.path(), "pins.csv", "teacher,action,school\nT01,stay,\n");
    let (o, out) = plan(
        dir.path(),
        &teams_file(),
        &["--pins", pins.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let moves = teams_in_plan(&out.join("plan.csv"));
    assert!(
        !moves.iter().any(|m| m.0 == "T01" || m.0 == "T02"),
        "{moves:?}"
    );
}

/// The run fails with exit 2, writes nothing, and stderr holds `expected`.
fn rejected(o: &std::process::Output, out: &Path, expected: &str) {
    let err = stderr_of(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(expected), "{err}");
    assert!(!out.exists(), "an output was written");
}

#[test]
fn pins_that_split_a_team_are_an_error() {
    let dir = tempfile::TempDir::new().unwrap();
    let pins = write(
        dir.path(),
        "pins.csv",
        "teacher,action,school\nT01,stay,\nT02,move_to,R1\n",
    );
    let (o, out) = plan(
        dir.path(),
        &teams_file(),
        &["--pins", pins.to_str().unwrap()],
    );
    rejected(
        &o,
        &out,
        "pins.csv:3:1 (column `teacher`): pins split exchange team `城东小学数语组`: `T01 stay` on line 2 and `T02 move_to R1` here",
    );
}

#[test]
fn a_team_pinned_where_a_member_may_not_go_is_an_error() {
    let dir = tempfile::TempDir::new().unwrap();
    // Under cross_zone, R1's team may go to U1 or U2 only.
    let policy = write(
        dir.path(),
        "policy.toml",
        &std::fs::read_to_string(policy_file()).unwrap().replace(
            "outflow_cap = 0.5",
            "outflow_cap = 0.5\ndirection = \"cross_zone\"",
        ),
    );
    let pins = write(
        dir.path(),
        "pins.csv",
        "teacher,action,school\nT09,move_to,R2\n",
    );
    let out = dir.path().join("out");
    let o = rotation()
        .arg("plan")
        .arg(tiny())
        .arg("--policy")
        .arg(&policy)
        .arg("--teams")
        .arg(teams_file())
        .arg("--pins")
        .arg(&pins)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    rejected(&o, &out, "pin `T09 move_to R2` breaks a move rule");
}

fn bad_teams(text: &str, expected: &str) {
    let dir = tempfile::TempDir::new().unwrap();
    let teams = write(dir.path(), "teams.csv", text);
    let (o, out) = plan(dir.path(), &teams, &[]);
    rejected(&o, &out, expected);
}

#[test]
fn unknown_teacher_in_teams_is_named() {
    bad_teams(
        "team,teacher\nA,T01\nA,T99\n",
        "teams.csv:3:2 (column `teacher`): unknown teacher `T99`",
    );
}

#[test]
fn teacher_in_two_teams_is_an_error() {
    bad_teams(
        "team,teacher\nA,T01\nA,T02\nB,T01\nB,T03\n",
        "teams.csv:4:2 (column `teacher`): teacher `T01` is already in team `A` (line 2)",
    );
}

#[test]
fn team_across_schools_is_an_error() {
    bad_teams(
        "team,teacher\nA,T01\nA,T05\n",
        "teams.csv:3:2 (column `teacher`): teacher `T05` works at U2, but team `A` is at U1",
    );
}

#[test]
fn empty_team_name_is_an_error() {
    bad_teams("team,teacher\n,T01\n", "teams.csv:2:1 (column `team`)");
}

#[test]
fn missing_teacher_column_is_named() {
    bad_teams("team,who\nA,T01\n", "teacher");
}

#[test]
fn team_errors_read_in_chinese() {
    let dir = tempfile::TempDir::new().unwrap();
    let teams = write(dir.path(), "teams.csv", "团队,教师编号\nA,T01\nA,T05\n");
    let out = dir.path().join("out");
    let o = rotation()
        .args(["--lang", "zh", "plan"])
        .arg(tiny())
        .arg("--policy")
        .arg(policy_file())
        .arg("--teams")
        .arg(&teams)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    rejected(&o, &out, "同一团队的成员应在同一所学校");
}

#[test]
fn one_member_team_and_repeated_member_are_warnings() {
    let dir = tempfile::TempDir::new().unwrap();
    let teams = write(dir.path(), "teams.csv", "team,teacher\nA,T01\nA,T01\n");
    let o = rotation()
        .arg("validate")
        .arg(tiny())
        .arg("--teams")
        .arg(&teams)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let err = stderr_of(&o);
    assert!(err.contains("teams.csv:3:2 (column `teacher`): teacher `T01` is already in this team on line 2; kept once"), "{err}");
    assert!(
        err.contains("team `A` has one member; it binds nobody"),
        "{err}"
    );
}

#[test]
fn a_teams_sheet_of_a_workbook_is_read_with_its_rows() {
    let dir = tempfile::TempDir::new().unwrap();
    let book = dir.path().join("teams.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("组团交流").unwrap();
    for (r, row) in [["团队", "教师编号"], ["A", "T01"], ["A", "T05"]]
        .iter()
        .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(&book).unwrap();
    let (o, out) = plan(dir.path(), &book, &[]);
    rejected(&o, &out, "teams.xlsx[组团交流]:3");
}

#[test]
fn the_plan_workbook_notes_the_team_of_each_mover() {
    let dir = tempfile::TempDir::new().unwrap();
    let book = dir.path().join("plan.xlsx");
    let (o, _) = plan(
        dir.path(),
        &teams_file(),
        &["--xlsx", book.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    use calamine::{open_workbook_auto, Reader};
    let mut wb = open_workbook_auto(&book).unwrap();
    let range = wb.worksheet_range("交流名单").unwrap();
    let notes: Vec<String> = range
        .rows()
        .filter(|r| r[0] == "T01")
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("随交流团队“城东小学数语组”整体交流（2 人）"),
        "{notes:?}"
    );
}
