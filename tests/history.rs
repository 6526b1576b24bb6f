//! The exchange history on real files: `--history` for plan, verify and eligibility,
//! a return counted in the staffing and subjects of both schools, the updated
//! history.csv, and one test per bad input (line, column, exit code 2, nothing
//! written).

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// T11 (math, at R1) on exchange from U1 since 2019; T05 rotated in 2016 and came
/// back in 2019.
const HISTORY: &str = "teacher,from_school,to_school,start_year,end_year\n\
                       T11,U1,R1,2019,\n\
                       T05,U2,R2,2016,2019\n";

/// Three-year terms that return, no repeat within `no_repeat` years; the CV rule off
/// (on tiny, the only replacement for a returning math teacher is a backbone teacher
/// whose move would raise the CV).
fn policy(dir: &Path, no_repeat: u32, extra: &str) -> PathBuf {
    write(
        dir,
        "policy.toml",
        &format!(
            "year = 2022\n[eligibility]\nno_repeat_years = {no_repeat}\n\
             [balance]\nbackbone_cv = \"off\"\n\
             [rules]\nterm_years = 3\non_term_end = \"return\"\n{extra}"
        ),
    )
}

/// `rotation --lang <lang> plan tiny --policy <policy> --history <history> --out <out>`.
fn plan_tiny(lang: &str, policy: &Path, history: &Path, out: &Path) -> std::process::Output {
    rotation()
        .args(["--lang", lang, "plan"])
        .arg(tiny())
        .arg("--policy")
        .arg(policy)
        .arg("--history")
        .arg(history)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn history_rows(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn a_term_that_ends_returns_the_teacher_and_the_history_grows_by_the_plan() {
    let dir = tempfile::TempDir::new().unwrap();
    let history = write(dir.path(), "history.csv", HISTORY);
    let policy = policy(dir.path(), 10, "");
    let out = dir.path().join("out");
    let o = plan_tiny("en", &policy, &history, &out);
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    assert!(stdout_of(&o).contains("returns   1 teacher(s) back from exchange"));
    let moves = plan_moves(&out.join("plan.csv"));
    assert!(moves.iter().all(|(t, _, _)| t != "T11"), "{moves:?}");
    // R1 loses its math teacher T11 to U1: a math teacher goes from U1 to R1.
    assert!(
        moves.contains(&("T01".into(), "U1".into(), "R1".into())),
        "{moves:?}"
    );
    let rows = history_rows(&out.join("history.csv"));
    assert_eq!(rows[0], "teacher,from_school,to_school,start_year,end_year");
    assert_eq!(rows[1], "T11,U1,R1,2019,2022");
    assert_eq!(rows[2], "T05,U2,R2,2016,2019");
    assert_eq!(rows.len(), 3 + moves.len());
    for (t, from, to) in &moves {
        assert!(rows.contains(&format!("{t},{from},{to},2022,")), "{rows:?}");
    }
    // verify with the history: every rule holds; without it, the return is not
    // counted and the staffing of R1 and U1 looks broken.
    let verify = |with_history: bool| {
        let mut cmd = rotation();
        cmd.arg("verify")
            .arg(tiny())
            .arg("--policy")
            .arg(&policy)
            .arg("--plan")
            .arg(out.join("plan.csv"));
        if with_history {
            cmd.arg("--history").arg(&history);
        }
        cmd.output().unwrap()
    };
    let o = verify(true);
    assert_eq!(o.status.code(), Some(0), "{}", stdout_of(&o));
    let o = verify(false);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout_of(&o).contains("[staffing] school R1"),
        "{}",
        stdout_of(&o)
    );
}

/// The sample county's shipped history under `haiyan-cycle` with a time limit that
/// ends the round before any plan: its 30 returns leave the hosts short, so nobody
/// moving is no plan. The refills are written (status `time_limit`, method
/// `refilled_posts`, exit 3 for the targets), not an error; `verify --history` finds
/// only the two targets missed, and each teacher who stays says the time ran out.
#[test]
fn out_of_time_the_returns_are_refilled_not_an_error() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = dir.path().join("out");
    let history = haiyan_like_teachers().join("history.csv");
    let o = rotation()
        .arg("plan")
        .arg(haiyan_like())
        .arg("--policy")
        .arg(model("haiyan-cycle"))
        .arg("--history")
        .arg(&history)
        .args(["--time-limit", "0.002", "--format", "json"])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr_of(&o));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["status"], "time_limit");
    assert_eq!(summary["method"], "refilled_posts");
    assert_eq!(summary["targets_met"], false);
    let moves = plan_moves(&out.join("plan.csv"));
    assert!(moves.len() >= 30, "{} moves", moves.len());
    let stayed = std::fs::read_to_string(out.join("stayed.csv")).unwrap();
    assert!(stayed.contains(",no_plan_in_time,"));
    assert!(!stayed.contains(",costlier,"));
    let o = rotation()
        .arg("verify")
        .arg(haiyan_like())
        .arg("--policy")
        .arg(model("haiyan-cycle"))
        .arg("--history")
        .arg(&history)
        .arg("--plan")
        .arg(out.join("plan.csv"))
        .output()
        .unwrap();
    let text = stdout_of(&o);
    assert!(text.contains("2 rule violations"), "{text}");
    assert!(text.contains("[exchange_target]") && text.contains("[backbone_target]"));
}

#[test]
fn eligibility_gives_the_reasons_of_the_history() {
    let dir = tempfile::TempDir::new().unwrap();
    let history = write(
        dir.path(),
        "history.csv",
        "teacher,from_school,to_school,start_year,end_year\n\
         T11,U1,R1,2019,\n\
         T13,U1,R2,2021,\n\
         T05,U2,R2,2016,2019\n",
    );
    let policy = policy(dir.path(), 10, "");
    let o = rotation()
        .arg("eligibility")
        .arg(tiny())
        .arg("--policy")
        .arg(&policy)
        .arg("--history")
        .arg(&history)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let text = stdout_of(&o);
    let line = |t: &str| text.lines().find(|l| l.starts_with(t)).unwrap().to_string();
    assert!(
        line("T11").contains("U1\tno\tthe exchange term begun in 2019 ends; returns"),
        "{text}"
    );
    assert!(line("T13").contains("R2\tno\tstill on the exchange term begun in 2021"));
    assert!(line("T05").contains("rotated in 2016, within the last 10 years"));
    // Without the rule, T05 is eligible again; under `stay`, T11 is confirmed at R1.
    let policy = write(
        dir.path(),
        "policy.toml",
        "year = 2022\n[rules]\nterm_years = 3\non_term_end = \"stay\"\n",
    );
    let o = rotation()
        .arg("eligibility")
        .arg(tiny())
        .arg("--policy")
        .arg(&policy)
        .arg("--history")
        .arg(&history)
        .output()
        .unwrap();
    let text = stdout_of(&o);
    let line = |t: &str| text.lines().find(|l| l.starts_with(t)).unwrap().to_string();
    assert!(line("T05").contains("\tyes\t"), "{text}");
    assert!(
        line("T11").starts_with("T11\tR1\tno\tonly 4 years"),
        "{text}"
    );
}

#[test]
fn chinese_headers_are_read() {
    let dir = tempfile::TempDir::new().unwrap();
    let history = write(
        dir.path(),
        "交流记录.csv",
        "教师编号,原学校编号,交流学校编号,开始年份,结束年份\nT11,U1,R1,2019,\n",
    );
    let policy = policy(dir.path(), 0, "");
    let o = rotation()
        .arg("eligibility")
        .arg(tiny())
        .arg("--policy")
        .arg(&policy)
        .arg("--history")
        .arg(&history)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(stdout_of(&o).contains("term begun in 2019 ends"));
}

#[test]
fn a_return_nobody_can_replace_is_an_error_naming_the_returns() {
    let dir = tempfile::TempDir::new().unwrap();
    let history = write(dir.path(), "history.csv", HISTORY);
    // Nobody may leave any school: R1 cannot get the math teacher it must have back.
    let policy = policy(dir.path(), 0, "outflow_cap = 0.0\n");
    let out = dir.path().join("out");
    // The round in `lang`: exit 1, nothing written; its stderr.
    let refused = |lang: &str| {
        let o = plan_tiny(lang, &policy, &history, &out);
        assert_eq!(o.status.code(), Some(1), "{}", stdout_of(&o));
        assert!(!out.join("plan.csv").exists());
        stderr_of(&o)
    };
    let err = refused("en");
    assert!(err.contains("1 return(s) from exchange"), "{err}");
    // Proven without a plan, the rows named with the returns at their schools: R1
    // loses its math teacher, U1 gets one it cannot send on.
    assert!(err.contains("not even a fractional one"), "{err}");
    assert!(
        err.contains(
            "school R1's math teachers (rules.subject_tolerance): T11 returns home from it"
        ),
        "{err}"
    );
    assert!(
        err.contains("school U1's math teachers (rules.subject_tolerance): T11 comes home to it"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 4, "one message: {err}");
    let err = refused("zh");
    assert!(
        err.contains("学校 R1 的math教师人数（rules.subject_tolerance）：T11 从该校返回原校"),
        "{err}"
    );
}

/// Runs `plan` with a history file of `rows` (after the header) and returns stderr,
/// asserting exit code 2 and no output.
fn bad_history(header: &str, rows: &str) -> String {
    let dir = tempfile::TempDir::new().unwrap();
    let history = write(dir.path(), "history.csv", &format!("{header}\n{rows}"));
    let policy = policy(dir.path(), 0, "");
    let out = dir.path().join("out");
    let o = plan_tiny("en", &policy, &history, &out);
    assert_eq!(o.status.code(), Some(2), "{}", stdout_of(&o));
    assert!(!out.join("plan.csv").exists());
    stderr_of(&o)
}

const HEADER: &str = "teacher,from_school,to_school,start_year,end_year";

#[test]
fn unknown_teacher_is_named_with_line_and_column() {
    let err = bad_history(HEADER, "T11,U1,R1,2019,\nT99,U1,R1,2019,2021\n");
    assert!(
        err.contains("history.csv:3:1 (column `teacher`): unknown teacher `T99`"),
        "{err}"
    );
}

#[test]
fn unknown_school_is_named() {
    let err = bad_history(HEADER, "T11,X9,R1,2019,\n");
    assert!(
        err.contains("history.csv:2:2 (column `from_school`): unknown school `X9`"),
        "{err}"
    );
}

#[test]
fn the_same_school_twice_is_refused() {
    let err = bad_history(HEADER, "T11,R1,R1,2019,\n");
    assert!(
        err.contains(
            "history.csv:2:3 (column `to_school`): the exchange school is the home school `R1`"
        ),
        "{err}"
    );
}

#[test]
fn a_term_ending_before_it_began_is_refused() {
    let err = bad_history(HEADER, "T05,U2,R2,2019,2017\n");
    assert!(
        err.contains(
            "history.csv:2:5 (column `end_year`): the term ends in 2017, before it began in 2019"
        ),
        "{err}"
    );
}

#[test]
fn a_year_that_is_not_a_year_is_refused() {
    let err = bad_history(HEADER, "T05,U2,R2,二〇一九,\n");
    assert!(
        err.contains("history.csv:2:4 (column `start_year`): `二〇一九` is not valid; expected a year between 1950 and 2100"),
        "{err}"
    );
}

#[test]
fn overlapping_terms_are_refused() {
    let err = bad_history(HEADER, "T05,U2,R2,2016,2019\nT05,U2,R1,2018,2020\n");
    assert!(
        err.contains("history.csv:3: teacher T05 begins a term in 2018 while the term on line 2"),
        "{err}"
    );
}

#[test]
fn an_open_term_elsewhere_than_the_teachers_table_is_refused() {
    let err = bad_history(HEADER, "T05,U1,R1,2020,\n");
    assert!(
        err.contains("history.csv:2: teacher T05 is still on exchange at R1 by this row, but the teachers table has them at U2"),
        "{err}"
    );
}

#[test]
fn a_term_after_the_planning_year_is_refused() {
    let err = bad_history(HEADER, "T05,U2,R2,2020,2023\n");
    assert!(
        err.contains("history.csv:2: the term runs into 2023, after the planning year 2022"),
        "{err}"
    );
}

#[test]
fn a_missing_column_is_named() {
    let err = bad_history("teacher,from_school,start_year", "T05,U2,2020\n");
    assert!(
        err.contains("history.csv:1: missing column `to_school`"),
        "{err}"
    );
}

#[test]
fn bad_term_keys_are_named() {
    let dir = tempfile::TempDir::new().unwrap();
    for (text, key) in [
        ("[rules]\nterm_years = 0\n", "rules.term_years"),
        (
            "[eligibility]\nno_repeat_years = 60\n",
            "eligibility.no_repeat_years",
        ),
        (
            "[rules]\non_term_end = \"leave\"\n",
            "policy.toml:2:15: unknown value `leave` for `rules.on_term_end`; expected `return` or `stay`",
        ),
    ] {
        let policy = write(dir.path(), "policy.toml", text);
        let o = rotation()
            .arg("eligibility")
            .arg(tiny())
            .arg("--policy")
            .arg(&policy)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr_of(&o).contains(key), "{}", stderr_of(&o));
    }
}

/// `export --history` writes the model `plan --history` solves: the same file as the
/// export of a copy of the instance that carries the history as its own history.csv,
/// and not the model without it (the return is a fixed arrival and departure in the
/// staffing and subject rows).
#[test]
fn export_with_a_history_writes_the_rounds_model() {
    let dir = tempfile::TempDir::new().unwrap();
    let history = write(dir.path(), "history.csv", HISTORY);
    let policy = policy(dir.path(), 10, "");
    let carried = dir.path().join("tiny-with-history");
    std::fs::create_dir(&carried).unwrap();
    for f in ["schools.csv", "teachers.csv", "partnerships.csv"] {
        std::fs::copy(tiny().join(f), carried.join(f)).unwrap();
    }
    std::fs::copy(&history, carried.join("history.csv")).unwrap();
    let export = |instance: &Path, history: Option<&Path>, to: &str| {
        let path = dir.path().join(to);
        let mut cmd = rotation();
        cmd.arg("export").arg(instance).arg("--policy").arg(&policy);
        if let Some(h) = history {
            cmd.arg("--history").arg(h);
        }
        cmd.arg("--lp").arg(&path).assert().success();
        std::fs::read_to_string(path).unwrap()
    };
    let flagged = export(&tiny(), Some(&history), "flagged.lp");
    assert_eq!(flagged, export(&carried, None, "carried.lp"));
    assert_ne!(flagged, export(&tiny(), None, "plain.lp"));
}

/// A bad history given to `export` is refused as `plan` refuses it (file, line,
/// column, exit code 2), and no model file is written.
#[test]
fn export_refuses_a_bad_history_and_writes_nothing() {
    let dir = tempfile::TempDir::new().unwrap();
    let history = write(
        dir.path(),
        "history.csv",
        &format!("{HEADER}\nT11,U1,R1,2019,\nT99,U1,R1,2019,2021\n"),
    );
    let policy = policy(dir.path(), 0, "");
    let lp = dir.path().join("model.lp");
    let o = rotation()
        .arg("export")
        .arg(tiny())
        .arg("--policy")
        .arg(&policy)
        .arg("--history")
        .arg(&history)
        .arg("--lp")
        .arg(&lp)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stdout_of(&o));
    assert!(
        stderr_of(&o).contains("history.csv:3:1 (column `teacher`): unknown teacher `T99`"),
        "{}",
        stderr_of(&o)
    );
    assert!(!lp.exists());
}
