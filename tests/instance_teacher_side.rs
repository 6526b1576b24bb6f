//! The teacher side an instance carries: an instance folder's `history.csv`,
//! `wishes.csv`, `teams.csv` and an instance workbook's sheets 交流记录, 意愿, 组团交流
//! are read with the county by every command that plans or checks a round (one test
//! per command family), a flag replaces the instance's table (and says so), and a bad
//! row inside an instance workbook is located by sheet, row and column in both
//! languages, with nothing written.

mod common;
use common::csv_workbook::tiny_workbook;
use common::*;
use std::path::{Path, PathBuf};

/// T11 (math, at R1) on exchange from U1 since 2019: under three-year terms it
/// returns in 2022.
const HISTORY: &str = "teacher,from_school,to_school,start_year,end_year\n\
                       T11,U1,R1,2019,\n\
                       T05,U2,R2,2016,2019\n";

/// The same history with a teacher the county does not have on line 3.
const BAD_HISTORY: &str = "teacher,from_school,to_school,start_year,end_year\n\
                           T11,U1,R1,2019,\n\
                           T99,U2,R2,2016,2019\n";

/// Three-year terms that return; the CV rule off (as `tests/history.rs`).
fn term_policy(dir: &Path) -> PathBuf {
    write(
        dir,
        "policy.toml",
        "year = 2022\n[eligibility]\nno_repeat_years = 10\n\
         [balance]\nbackbone_cv = \"off\"\n\
         [rules]\nterm_years = 3\non_term_end = \"return\"\n",
    )
}

/// `instances/tiny` with `files` added to the folder.
fn tiny_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tiny_copy();
    for (name, text) in files {
        write(dir.path(), name, text);
    }
    dir
}

fn plan(instance: &Path, policy: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    rotation()
        .arg("plan")
        .arg(instance)
        .arg("--policy")
        .arg(policy)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn plan_reads_the_history_an_instance_folder_carries() {
    let county = tiny_with(&[("history.csv", HISTORY)]);
    let work = tempfile::TempDir::new().unwrap();
    let policy = term_policy(work.path());
    let out = work.path().join("out");
    let o = plan(county.path(), &policy, &out, &[]);
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    assert!(
        stdout_of(&o).contains("returns   1 teacher(s) back from exchange"),
        "{}",
        stdout_of(&o)
    );
    // The updated history is written, and T11 (returning) does not move.
    let history = std::fs::read_to_string(out.join("history.csv")).unwrap();
    assert!(history.contains("T11,U1,R1,2019,2022"), "{history}");
    let moves = plan_moves(&out.join("plan.csv"));
    assert!(moves.iter().all(|(t, _, _)| t != "T11"), "{moves:?}");
}

#[test]
fn a_flag_replaces_the_table_the_instance_carries_and_says_so() {
    // The instance's own history has an unknown teacher: read, it would stop the plan.
    let county = tiny_with(&[("history.csv", BAD_HISTORY)]);
    let work = tempfile::TempDir::new().unwrap();
    let policy = term_policy(work.path());
    let good = write(work.path(), "good.csv", HISTORY);
    let out = work.path().join("out");
    let o = plan(
        county.path(),
        &policy,
        &out,
        &["--history", good.to_str().unwrap()],
    );
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    let err = stderr_of(&o);
    assert!(
        err.contains("note: --history") && err.contains("is read instead of the instance's"),
        "{err}"
    );
    assert!(err.contains("history.csv"), "{err}");
    // Without the flag, the instance's own table is read and refused.
    let o = plan(county.path(), &policy, &work.path().join("out2"), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
    assert!(stderr_of(&o).contains("T99"), "{}", stderr_of(&o));
}

#[test]
fn verify_eligibility_and_report_check_a_plan_on_the_instance_teams() {
    let teams = std::fs::read_to_string(fixture("exchange-teams").join("teams.csv")).unwrap();
    let county = tiny_with(&[("teams.csv", &teams)]);
    let work = tempfile::TempDir::new().unwrap();
    let policy = fixture("exchange-teams").join("policy.toml");
    // A plan that moves T01 without T02, its team-mate of 城东小学数语组.
    let split = write(
        work.path(),
        "plan.csv",
        "teacher,from_school,to_school\nT01,U1,R1\n",
    );
    let o = rotation()
        .arg("verify")
        .arg(county.path())
        .arg("--policy")
        .arg(&policy)
        .arg("--plan")
        .arg(&split)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    assert!(stdout_of(&o).contains("exchange_team"), "{}", stdout_of(&o));
    // Eligibility reads the instance's history: T11 returns, so it is not eligible.
    let county = tiny_with(&[("history.csv", HISTORY)]);
    let o = rotation()
        .args(["eligibility", "--format", "json"])
        .arg(county.path())
        .arg("--policy")
        .arg(term_policy(work.path()))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let t11 = list
        .as_array()
        .and_then(|l| l.iter().find(|t| t["teacher"] == "T11"))
        .unwrap_or_else(|| panic!("{list}"));
    assert_eq!(t11["eligible"], false, "{t11}");
    // The report of a plan on a county carrying its history writes the page.
    let empty = write(work.path(), "empty.csv", "teacher,from_school,to_school\n");
    let html = work.path().join("report.html");
    let o = rotation()
        .arg("report")
        .arg(county.path())
        .arg("--policy")
        .arg(term_policy(work.path()))
        .arg("--plan")
        .arg(&empty)
        .arg("--out")
        .arg(&html)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(html.is_file());
}

#[test]
fn compare_and_sweep_plan_the_teams_the_instance_carries() {
    let teams = std::fs::read_to_string(fixture("exchange-teams").join("teams.csv")).unwrap();
    let county = tiny_with(&[("teams.csv", &teams)]);
    let work = tempfile::TempDir::new().unwrap();
    let policy = fixture("exchange-teams").join("policy.toml");
    let out = work.path().join("compare");
    let o = rotation()
        .arg("compare")
        .arg(county.path())
        .arg("--policy")
        .arg(&policy)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let folder = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .find(|e| e.path().is_dir())
        .unwrap()
        .path();
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["exchange_teams"]["teams"], 2, "{summary}");
    // The sweep's points are planned with the same teams: a bad teams table is read
    // (and refused) before any solve.
    let bad = tiny_with(&[("teams.csv", "team,teacher\nA,T01\nA,T05\n")]);
    let o = rotation()
        .arg("sweep")
        .arg(bad.path())
        .arg("--policy")
        .arg(&policy)
        .args(["--vary", "targets.exchange_rate=0.2:0.3:0.1"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
    let err = stderr_of(&o);
    assert!(err.contains("teams.csv") && err.contains("T05"), "{err}");
}

#[test]
fn a_study_plans_each_county_with_the_teacher_side_it_carries() {
    let county = tiny_with(&[("history.csv", BAD_HISTORY)]);
    let work = tempfile::TempDir::new().unwrap();
    let policy = term_policy(work.path());
    let study = write(
        work.path(),
        "study.toml",
        &format!(
            "[counties]\nfolders = [{:?}]\n[policies]\nfiles = [{:?}]\n",
            county.path().display().to_string(),
            policy.display().to_string()
        ),
    );
    let o = rotation()
        .arg("study")
        .arg(&study)
        .arg("--out")
        .arg(work.path().join("study"))
        .output()
        .unwrap();
    // The county's own history is read: its unknown teacher fails the job.
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    assert!(stderr_of(&o).contains("T99"), "{}", stderr_of(&o));
    // --history replaces it, and the job is planned.
    let good = write(work.path(), "good.csv", HISTORY);
    let o = rotation()
        .arg("study")
        .arg(&study)
        .arg("--out")
        .arg(work.path().join("study2"))
        .arg("--history")
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
}

#[test]
fn plan_years_reads_the_instance_history_and_names_the_wishes_it_does_not_use() {
    let county = tiny_with(&[
        ("history.csv", HISTORY),
        ("wishes.csv", "teacher,rank,school\nT01,1,R1\n"),
    ]);
    let work = tempfile::TempDir::new().unwrap();
    let policy = term_policy(work.path());
    let out = work.path().join("years");
    let o = plan(
        county.path(),
        &policy,
        &out,
        &["--years", "2", "--format", "json"],
    );
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    assert!(
        stderr_of(&o).contains("wishes.csv is not used by --years"),
        "{}",
        stderr_of(&o)
    );
    let horizon: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("horizon.json")).unwrap()).unwrap();
    assert_eq!(horizon["years"][0]["returns"], 1, "{horizon}");
}

#[test]
fn an_instance_workbook_carries_its_history_sheet() {
    let work = tempfile::TempDir::new().unwrap();
    let book = tiny_workbook(work.path(), "county.xlsx", &[("交流记录", HISTORY)]);
    let policy = term_policy(work.path());
    let out = work.path().join("out");
    let o = plan(&book, &policy, &out, &[]);
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    assert!(stdout_of(&o).contains("returns   1 teacher(s) back from exchange"));
    assert!(out.join("history.csv").is_file());
}

#[test]
fn a_bad_row_in_an_instance_workbook_sheet_is_located_in_both_languages() {
    let work = tempfile::TempDir::new().unwrap();
    let book = tiny_workbook(work.path(), "county.xlsx", &[("交流记录", BAD_HISTORY)]);
    let policy = term_policy(work.path());
    let out = work.path().join("out");
    for (lang, words) in [
        (
            "en",
            [
                "county.xlsx[交流记录]:3:1",
                "column `teacher`",
                "unknown teacher `T99`",
            ],
        ),
        (
            "zh",
            [
                "county.xlsx[交流记录] 第 3 行第 1 列",
                "列 `teacher`",
                "找不到教师 `T99`",
            ],
        ),
    ] {
        let o = rotation()
            .args(["--lang", lang, "plan"])
            .arg(&book)
            .arg("--policy")
            .arg(&policy)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
        let err = stderr_of(&o);
        for w in words {
            assert!(err.contains(w), "{lang}: {w:?} not in {err}");
        }
        assert!(!out.exists(), "nothing is written");
    }
}

#[test]
fn the_template_offers_the_teacher_side_sheets_and_they_stay_unread_while_empty() {
    let work = tempfile::TempDir::new().unwrap();
    let book = work.path().join("template.xlsx");
    let o = rotation()
        .args(["template", "--out"])
        .arg(&book)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    use calamine::Reader;
    let workbook = calamine::open_workbook_auto(&book).unwrap();
    let names = workbook.sheet_names();
    for sheet in ["交流记录", "意愿", "组团交流", "联聘"] {
        assert!(names.iter().any(|n| n == sheet), "{sheet} not in {names:?}");
    }
    let files = rotation::input::teacher_files::TeacherFiles::of_instance(&book);
    assert!(files.is_empty(), "{files:?}");
}

#[test]
fn a_folder_handed_over_as_a_workbook_keeps_its_teacher_side() {
    let county = tiny_with(&[("history.csv", HISTORY)]);
    let work = tempfile::TempDir::new().unwrap();
    let book = work.path().join("county.xlsx");
    let o = rotation()
        .args(["template", "--from"])
        .arg(county.path())
        .arg("--out")
        .arg(&book)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let o = plan(
        &book,
        &term_policy(work.path()),
        &work.path().join("out"),
        &[],
    );
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    assert!(
        stdout_of(&o).contains("returns   1 teacher(s) back from exchange"),
        "{}",
        stdout_of(&o)
    );
}
