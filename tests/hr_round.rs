//! The HR officer's round end to end: Excel and GBK in, the plan workbook out,
//! templates, pins, re-planning after a change, and travel times on roads.

mod common;
use calamine::{open_workbook_auto, Data, Reader};
use common::*;
use rotation::input::instance::read_instance;
use rotation::model::lang::Lang;
use rotation::output::template::county_workbook;
use std::path::Path;
use tempfile::TempDir;

fn plan(instance: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    rotation()
        .arg("plan")
        .arg(instance)
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap()
}

/// `(teacher, to_school)` of every move in a plan.csv, sorted.
fn moves(plan_csv: &Path) -> Vec<(String, String)> {
    plan_moves(plan_csv)
        .into_iter()
        .map(|(t, _, s)| (t, s))
        .collect()
}

fn export_zh(instance: &Path, to: &Path) {
    let county = read_instance(instance).unwrap().county;
    std::fs::write(to, county_workbook(&county, Lang::Zh).unwrap()).unwrap();
}

#[test]
fn haiyan_like_workbook_with_chinese_headers_plans_to_the_same_objective_as_csv() {
    let dir = TempDir::new().unwrap();
    let book = dir.path().join("海盐.xlsx");
    export_zh(&haiyan_like(), &book);
    let (a, b) = (dir.path().join("csv"), dir.path().join("xlsx"));
    let out = plan(&haiyan_like(), &a, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let out = plan(&book, &b, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let (sa, sb) = (summary(&a), summary(&b));
    let (oa, ob) = (
        sa["objective"].as_f64().unwrap(),
        sb["objective"].as_f64().unwrap(),
    );
    assert!((oa - ob).abs() <= 1e-6 * oa.abs().max(1.0), "{oa} vs {ob}");
    assert_eq!(sa["eligible"], sb["eligible"]);
    assert_eq!(sa["moved"], sb["moved"]);
}

#[test]
fn gbk_csv_reads_the_same_as_its_utf8_twin_and_names_the_encoding() {
    let dir = tiny_copy();
    for f in ["schools.csv", "teachers.csv"] {
        let text = std::fs::read_to_string(dir.path().join(f)).unwrap();
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        std::fs::write(dir.path().join(f), &gbk).unwrap();
    }
    let utf8 = read_instance(&tiny()).unwrap().county;
    let gbk = read_instance(dir.path()).unwrap();
    assert_eq!(
        format!("{:?}", utf8.teachers),
        format!("{:?}", gbk.county.teachers)
    );
    assert_eq!(
        format!("{:?}", utf8.schools),
        format!("{:?}", gbk.county.schools)
    );
    let out = rotation().arg("validate").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = stderr_of(&out);
    assert!(
        err.contains("schools.csv: read as GB18030 (GBK) text"),
        "{err}"
    );
}

#[test]
fn plan_workbook_has_summary_moves_and_a_sheet_per_school_and_group() {
    let dir = TempDir::new().unwrap();
    let xlsx = dir.path().join("plan.xlsx");
    let out = plan(
        &tiny(),
        &dir.path().join("out"),
        &["--xlsx", xlsx.to_str().unwrap(), "--excel-csv"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let mut book = open_workbook_auto(&xlsx).unwrap();
    let names = book.sheet_names();
    assert_eq!(
        names,
        vec![
            "汇总",
            "交流名单",
            "教师指标",
            "U1 城东小学",
            "U2 城西小学",
            "R1 秦山小学",
            "R2 沈荡小学",
            "共同体1",
            "未交流原因",
            "学校通知",
            "交流通知书"
        ]
    );
    let moves_sheet = book.worksheet_range("交流名单").unwrap();
    let rows: Vec<&[Data]> = moves_sheet.rows().collect();
    assert_eq!(rows.len(), 5, "header and four moves");
    assert_eq!(rows[0][0], Data::String("教师编号".into()));
    // The reason for each move is in Chinese, for letters to teachers.
    let reason_col = rows[0]
        .iter()
        .position(|c| *c == Data::String("交流理由".into()))
        .expect("a reason column");
    let t01 = rows
        .iter()
        .find(|r| r[0] == Data::String("T01".into()))
        .expect("T01 moves");
    assert_eq!(
        t01[reason_col].to_string(),
        "在U1连续任教8年，符合交流条件；城区→农村；在第1教育共同体内交流；2所可去学校中通勤第2近（12.0公里）；调往最远的可去学校，因为接替该校调出的T13的同学科岗位，较近的1所学校调入人数已与调出人数持平；其数学岗位由R2的T13接替；县级骨干教师（计入骨干教师交流比例）"
    );
    // The subject in Chinese, and the commute's header with its unit, as the Chinese
    // plan.csv names it.
    let col = |name: &str| {
        rows[0]
            .iter()
            .position(|c| *c == Data::String(name.into()))
            .unwrap_or_else(|| panic!("a column {name}"))
    };
    assert_eq!(t01[col("学科")].to_string(), "数学");
    assert_eq!(t01[col("通勤km")], Data::Float(12.0));
    let u1 = book.worksheet_range("U1 城东小学").unwrap();
    let ways: Vec<String> = u1.rows().skip(3).map(|r| r[0].to_string()).collect();
    assert_eq!(ways, vec!["调出", "调入"]);
    let summary = book.worksheet_range("汇总").unwrap();
    assert!(summary
        .rows()
        .any(|r| r[0] == Data::String("实际交流人数".into()) && r[1] == Data::Float(4.0)));
    // --excel-csv: the CSV outputs start with a BOM.
    let bytes = std::fs::read(dir.path().join("out/plan.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    // The plan workbook reads back as a plan for verify.
    let out = rotation()
        .args(["verify"])
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--plan")
        .arg(&xlsx)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
}

#[test]
fn templates_are_written_and_read_back_empty() {
    let dir = TempDir::new().unwrap();
    for (out, lang) in [("t.xlsx", "zh"), ("t-en.xlsx", "en"), ("csv", "zh")] {
        let path = dir.path().join(out);
        let o = rotation()
            .args(["template", "--out"])
            .arg(&path)
            .args(["--lang", lang])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
        // An empty template is an instance with no schools: the message says so, no
        // header is missing and no column is unknown.
        let v = rotation().arg("validate").arg(&path).output().unwrap();
        assert_eq!(v.status.code(), Some(2));
        let err = stderr_of(&v);
        assert!(err.contains("no schools"), "{err}");
        assert!(!err.contains("missing column"), "{err}");
        assert!(!err.contains("unknown column"), "{err}");
    }
    let book = open_workbook_auto(dir.path().join("t.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec![
            "学校",
            "教师",
            "共同体",
            "道路",
            "距离",
            "锁定",
            "交流记录",
            "意愿",
            "组团交流",
            "联聘",
            "说明"
        ]
    );
}

fn pins_file(dir: &Path, rows: &str) -> String {
    let p = write(dir, "pins.csv", &format!("teacher,action,school\n{rows}"));
    p.to_str().unwrap().to_string()
}

#[test]
fn each_pin_kind_is_honoured() {
    let dir = TempDir::new().unwrap();
    let run = |name: &str, rows: &str| {
        let sub = dir.path().join(name);
        std::fs::create_dir_all(&sub).unwrap();
        let pins = pins_file(&sub, rows);
        let out_dir = sub.join("out");
        let out = plan(&tiny(), &out_dir, &["--pins", &pins]);
        // A pin may cost a target (exit 3); the plan is written and honours the pin.
        assert!(
            matches!(out.status.code(), Some(0 | 3)),
            "{}",
            stderr_of(&out)
        );
        (moves(&out_dir.join("plan.csv")), out_dir, pins)
    };
    // T01 moves in the optimum; pinned to stay, she does not.
    let (m, _, _) = run("stay", "T01,stay,\n");
    assert!(!m.iter().any(|(t, _)| t == "T01"), "{m:?}");
    // T13 goes to U1 in the optimum; pinned to U2, she goes there.
    let (m, _, _) = run("move_to", "T13,move_to,U2\n");
    assert!(m.contains(&("T13".into(), "U2".into())), "{m:?}");
    // T10 (graduating class) stays in the optimum; pinned to move, he moves.
    let (m, _, _) = run("move", "T10,move,\n");
    assert!(m.iter().any(|(t, _)| t == "T10"), "{m:?}");
    // T07 is exempt (pregnancy) but the bureau sends her to R1.
    let (m, out_dir, pins) = run("ineligible", "T07,move_to,R1\n");
    assert!(m.contains(&("T07".into(), "R1".into())), "{m:?}");
    let text = std::fs::read_to_string(out_dir.join("plan.csv")).unwrap();
    assert!(
        text.contains("pinned `T07 move_to R1` by the bureau although not eligible"),
        "{text}"
    );
    // verify with the pins accepts the pinned ineligible move; without them it does not.
    let verify = |with_pins: bool| {
        let mut c = rotation();
        c.arg("verify")
            .arg(tiny())
            .arg("--policy")
            .arg(model("haiyan-2022"))
            .arg("--plan")
            .arg(out_dir.join("plan.csv"));
        if with_pins {
            c.args(["--pins", &pins]);
        }
        c.output().unwrap()
    };
    let o = verify(true);
    assert_eq!(o.status.code(), Some(0), "{}", stdout_of(&o));
    assert!(stdout_of(&o).contains("T07 moves by a pin although not eligible"));
    let o = verify(false);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout_of(&o).contains("[eligibility] teacher T07 is not eligible"));
}

/// A pinned round whose time limit is spent before any solve still writes a plan,
/// not an error with nothing written: nobody moving breaks the pins, so the swaps the
/// solve starts from (each pinned teacher swapped first) are written when they meet
/// the targets, and `verify` with the pins accepts them.
#[test]
fn a_pinned_round_out_of_time_writes_swaps_that_honour_the_pins() {
    let dir = TempDir::new().unwrap();
    let pins = pins_file(dir.path(), "T000004,move_to,P11\nT000008,move,\n");
    let out_dir = dir.path().join("out");
    let out = plan(
        &haiyan_like(),
        &out_dir,
        &["--pins", &pins, "--time-limit", "0.002"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let s = summary(&out_dir);
    assert_eq!(s["status"], "time_limit");
    assert_eq!(s["method"], "starting_swaps");
    let m = moves(&out_dir.join("plan.csv"));
    assert!(m.contains(&("T000004".into(), "P11".into())), "{m:?}");
    assert!(m.iter().any(|(t, _)| t == "T000008"), "{m:?}");
    let verified = rotation()
        .arg("verify")
        .arg(haiyan_like())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--plan")
        .arg(out_dir.join("plan.csv"))
        .arg("--pins")
        .arg(&pins)
        .output()
        .unwrap();
    assert_eq!(verified.status.code(), Some(0), "{}", stdout_of(&verified));
}

#[test]
fn pins_that_cannot_hold_together_are_named_with_the_rule() {
    let dir = TempDir::new().unwrap();
    // T02 is the only urban Chinese teacher who may move; T14 (rural Chinese) must
    // move, so someone must take the Chinese post at R2: only T02 could.
    let pins = pins_file(dir.path(), "T02,stay,\nT14,move,\nT05,stay,\n");
    let out = plan(&tiny(), &dir.path().join("out"), &["--pins", &pins]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    // One message for the pair, at its first line.
    assert!(
        err.contains("pins.csv:2: these 2 pins cannot all hold: `T02 stay` (line 2), `T14 move` (line 3); together they break the subject rule"),
        "{err}"
    );
    assert_eq!(err.matches("cannot all hold").count(), 1, "{err}");
    assert!(err.contains("1 problem found"), "{err}");
    assert!(!err.contains("T05"), "T05 plays no part: {err}");
}

#[test]
fn contradictory_pins_are_reported() {
    let dir = TempDir::new().unwrap();
    let pins = pins_file(dir.path(), "T01,stay,\nT01,move_to,R2\n");
    let out = plan(&tiny(), &dir.path().join("out"), &["--pins", &pins]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("pins.csv:3:2 (column `action`): contradictory pins for teacher T01: `T01 stay` on line 2 and `T01 move_to R2` here"),
        "{err}"
    );
}

#[test]
fn pins_on_unknown_teachers_or_schools_are_errors_with_line_and_column() {
    let dir = TempDir::new().unwrap();
    let pins = pins_file(dir.path(), "T99,stay,\nT01,move_to,R9\nT02,swap,\n");
    let out = plan(&tiny(), &dir.path().join("out"), &["--pins", &pins]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("pins.csv:2:1 (column `teacher`): unknown teacher `T99`"),
        "{err}"
    );
    assert!(
        err.contains("pins.csv:3:3 (column `school`): unknown school `R9`"),
        "{err}"
    );
    assert!(
        err.contains("pins.csv:4:2 (column `action`): `swap` is not valid"),
        "{err}"
    );
}

#[test]
fn move_to_pin_that_breaks_a_move_rule_names_it() {
    let dir = TempDir::new().unwrap();
    // U1 and U2 are both urban: the cross-zone rule forbids it.
    let pins = pins_file(dir.path(), "T01,move_to,U2\n");
    let out = plan(&tiny(), &dir.path().join("out"), &["--pins", &pins]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("pins.csv:2: pin `T01 move_to U2` breaks a move rule"),
        "{err}"
    );
    assert!(err.contains("cross_zone"), "{err}");
}

#[test]
fn replanning_after_one_exemption_changes_only_a_few_moves() {
    let dir = TempDir::new().unwrap();
    for f in ["schools.csv", "teachers.csv", "partnerships.csv"] {
        std::fs::copy(haiyan_like().join(f), dir.path().join(f)).unwrap();
    }
    let first = dir.path().join("first");
    let out = plan(dir.path(), &first, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let before = moves(&first.join("plan.csv"));
    // The first mover falls ill: exempt from now on.
    let exempted = before[0].0.clone();
    let teachers = std::fs::read_to_string(dir.path().join("teachers.csv")).unwrap();
    let exempt_col = teachers
        .lines()
        .next()
        .unwrap()
        .split(',')
        .position(|h| h == "exempt")
        .unwrap();
    let edited: Vec<String> = teachers
        .lines()
        .map(|l| {
            if l.starts_with(&format!("{exempted},")) {
                let mut f: Vec<&str> = l.split(',').collect();
                f[exempt_col] = "illness";
                f.join(",")
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(dir.path().join("teachers.csv"), edited.join("\n") + "\n").unwrap();
    let second = dir.path().join("second");
    let prev = first.join("plan.csv");
    let out = plan(dir.path(), &second, &["--previous", prev.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let after = moves(&second.join("plan.csv"));
    assert!(!after.iter().any(|(t, _)| *t == exempted));
    let s = summary(&second);
    let changes = s["changes"]["changes"].as_array().unwrap();
    assert!(!changes.is_empty() && changes.len() <= 6, "{changes:?}");
    assert!(changes.iter().any(|c| c["teacher"] == exempted.as_str()
        && c["why"].as_str().unwrap().contains("no longer eligible")));
    let changed: usize = before.iter().filter(|m| !after.contains(m)).count()
        + after.iter().filter(|m| !before.contains(m)).count();
    assert!(changed <= 6, "{changed} of {} moves changed", before.len());
    assert!(second.join("changes.csv").exists());
    assert!(stdout_of(&out).contains("previous moves kept"));
}

/// Re-planned under a time limit spent before any solve (the plan in which nobody
/// moves is written), every previous move is dropped, and the changes put it down to
/// the limit, not to the staffing balance, which needed none of it dropped.
#[test]
fn replanning_out_of_time_blames_the_limit_not_the_balance() {
    let dir = TempDir::new().unwrap();
    let first = dir.path().join("first");
    let out = plan(&tiny(), &first, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let before = moves(&first.join("plan.csv"));
    assert!(!before.is_empty());
    let second = dir.path().join("second");
    let prev = first.join("plan.csv");
    let out = plan(
        &tiny(),
        &second,
        &[
            "--previous",
            prev.to_str().unwrap(),
            "--time-limit",
            "0.002",
        ],
    );
    assert!(second.join("changes.csv").exists(), "{}", stderr_of(&out));
    let s = summary(&second);
    assert_eq!(s["method"], "nobody_moves");
    let changes = s["changes"]["changes"].as_array().unwrap();
    assert_eq!(changes.len(), before.len(), "{changes:?}");
    for c in changes {
        let why = c["why"].as_str().unwrap();
        assert!(why.starts_with("the time limit ran out first"), "{why}");
    }
}

#[test]
fn previous_plan_naming_unknown_teachers_is_warned_about_and_dropped() {
    let dir = TempDir::new().unwrap();
    let prev = write(
        dir.path(),
        "old.csv",
        "teacher,from_school,to_school\nT01,U1,R2\nT99,U1,R1\nT13,R2,U1\n",
    );
    let out_dir = dir.path().join("out");
    let out = plan(&tiny(), &out_dir, &["--previous", prev.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("old.csv:3:1 (column `teacher`): teacher `T99` is no longer in the county; their previous move to R1 is dropped"),
        "{err}"
    );
    // The change names the teacher and the school of the dropped move, each once.
    let changes = std::fs::read_to_string(out_dir.join("changes.csv")).unwrap();
    let row = changes
        .lines()
        .find(|l| l.starts_with("T99,"))
        .unwrap_or_else(|| panic!("{changes}"));
    assert!(row.starts_with("T99,dropped,R1,"), "{row}");
    assert!(
        stdout_of(&out).contains("T99 no longer moves to R1"),
        "{}",
        stdout_of(&out)
    );
}

const ROADS: &str = "from,to,minutes\nU1,U2,5\nU1,R1,20\nU2,R1,12\nU1,R2,25\nR1,R2,40\n";

#[test]
fn road_travel_times_are_shortest_paths() {
    let dir = tiny_copy();
    write(dir.path(), "roads.csv", ROADS);
    let county = read_instance(dir.path()).unwrap().county;
    let t = |id: &str| county.teachers.iter().position(|x| x.id.0 == id).unwrap();
    let s = |id: &str| county.school_index(id).unwrap();
    // By hand: U1→R1 = min(20, 5 + 12) = 17; U2→R2 = 5 + 25 = 30; R1→R2 = min(40, 17 + 25) = 40.
    assert_eq!(county.commute(t("T01"), s("R1")), 17.0);
    assert_eq!(county.commute(t("T05"), s("R2")), 30.0);
    assert_eq!(county.commute(t("T09"), s("R2")), 40.0);
    assert_eq!(county.commute(t("T13"), s("U2")), 30.0);
    assert_eq!(county.commute_unit().symbol(), "min");
    let out_dir = dir.path().join("out");
    let report = dir.path().join("report.html");
    let out = plan(
        dir.path(),
        &out_dir,
        &["--report", report.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = std::fs::read_to_string(out_dir.join("plan.csv")).unwrap();
    assert!(text.starts_with("teacher,name,subject,backbone,from_school,to_school,from_zone,to_zone,commute_minutes,reason"), "{text}");
    assert!(stdout_of(&out).contains("(travel on roads)"));
    // The report labels commutes in minutes and holds them against the minutes cap.
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("≤ 60 min"), "the minutes cap of the policy");
    assert!(!html.contains("≤ 40 km"), "no km cap beside minutes");
    assert!(html.contains("commute min (teachers per bin) 通勤时间（分钟，每组人数）"));
    assert!(html.contains("通勤总时间/平均"));
    assert!(!html.contains("通勤距离"), "minutes are not a distance");
}

#[test]
fn unreachable_school_on_the_roads_is_an_error() {
    let dir = tiny_copy();
    write(
        dir.path(),
        "roads.csv",
        "from,to,minutes\nU1,U2,5\nU1,R1,20\nR2,澉浦,3\n",
    );
    let out = rotation().arg("validate").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("school R2 (at place `R2`) cannot be reached from school U1"),
        "{err}"
    );
}

/// A workbook from `(sheet, rows)`, every cell text.
fn workbook(path: &Path, sheets: &[(&str, Vec<Vec<&str>>)]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

fn schools_zh() -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "学校编号",
            "学校名称",
            "城乡",
            "学段",
            "学生数",
            "横坐标（km）",
            "纵坐标km",
        ],
        vec!["U1", "城东小学", "城区", "小学", "600", "0", "0"],
        vec!["R1", "秦山小学", "农村", "小学", "200", "10", "0"],
    ]
}

fn teachers_zh() -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "教师编号",
            "姓名",
            "所在学校",
            "学科",
            "性别",
            "出生年份",
            "本校任教年限",
            "骨干等级",
            "职称",
            "班主任",
            "毕业班",
            "免交流原因",
        ],
        vec![
            "T1", "王芳", "U1", "数学", "女", "1980", "8", "县级", "中级", "否", "否", "",
        ],
        vec![
            "T2", "吴军", "R1", "数学", "男", "1985", "7", "无", "一级", "是", "否", "",
        ],
    ]
}

fn invalid_workbook(sheets: &[(&str, Vec<Vec<&str>>)]) -> String {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("县.xlsx");
    workbook(&path, sheets);
    let out = rotation().arg("validate").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stdout_of(&out));
    stderr_of(&out)
}

#[test]
fn small_chinese_workbook_is_valid() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("县.xlsx");
    workbook(&path, &[("学校", schools_zh()), ("教师", teachers_zh())]);
    let loaded = read_instance(&path).unwrap();
    assert_eq!(loaded.county.teachers.len(), 2);
    assert!(loaded.county.teachers[1].homeroom);
    assert_eq!(loaded.warnings.0.len(), 0, "{}", loaded.warnings);
}

#[test]
fn workbook_missing_a_sheet_names_it() {
    let err = invalid_workbook(&[("学校", schools_zh()), ("Sheet2", teachers_zh())]);
    assert!(
        err.contains("县.xlsx: missing sheet `teachers` (or `教师`); the sheets are: Sheet2"),
        "{err}"
    );
}

#[test]
fn workbook_missing_a_header_names_sheet_and_column() {
    let mut t = teachers_zh();
    t[0][2] = "学校名";
    let err = invalid_workbook(&[("学校", schools_zh()), ("教师", t)]);
    assert!(
        err.contains("县.xlsx[教师]:1: missing column `school` (in Chinese `所在学校`)"),
        "{err}"
    );
}

#[test]
fn unknown_chinese_value_names_sheet_row_and_column() {
    let mut s = schools_zh();
    s[2][2] = "郊区";
    let err = invalid_workbook(&[("学校", s), ("教师", teachers_zh())]);
    assert!(
        err.contains("县.xlsx[学校]:3:3 (column `城乡`): `郊区` is not valid; expected `urban` or `rural` (城区/农村)"),
        "{err}"
    );
}

#[test]
fn unknown_chinese_degree_names_sheet_row_and_column() {
    let mut t = teachers_zh();
    t[0].push("学历");
    t[1].push("本科");
    t[2].push("高职");
    let err = invalid_workbook(&[("学校", schools_zh()), ("教师", t)]);
    assert!(
        err.contains("县.xlsx[教师]:3:13 (column `学历`): `高职` is not valid; expected `secondary`, `associate`, `bachelor`, `master` or `doctor` (中专/大专/本科/研究生/博士)"),
        "{err}"
    );
}

#[test]
fn gbk_csv_with_chinese_headers_and_values_reads_like_the_english_file() {
    let dir = tiny_copy();
    let text = std::fs::read_to_string(dir.path().join("teachers.csv")).unwrap();
    let mut lines = text.lines();
    let mut out = String::from(
        "教师编号,姓名,所在学校,学科,性别,出生年份,本校任教年限,骨干等级,职称,班主任,毕业班,免交流原因,家庭横坐标km,家庭纵坐标km\n",
    );
    lines.next();
    for line in lines {
        let f: Vec<String> = line
            .split(',')
            .map(|v| {
                match v {
                    "F" => "女",
                    "M" => "男",
                    "none" => "无",
                    "county" => "县级",
                    "city" => "市级",
                    "junior" => "初级",
                    "intermediate" => "中级",
                    "senior" => "高级",
                    "true" => "是",
                    "false" => "否",
                    other => other,
                }
                .to_string()
            })
            .collect();
        out.push_str(&f.join(","));
        out.push('\n');
    }
    let (gbk, _, _) = encoding_rs::GBK.encode(&out);
    std::fs::write(dir.path().join("teachers.csv"), &gbk).unwrap();
    let english = read_instance(&tiny()).unwrap().county;
    let chinese = read_instance(dir.path()).unwrap();
    assert_eq!(
        format!("{:?}", english.teachers),
        format!("{:?}", chinese.county.teachers)
    );
    let warnings = chinese.warnings.to_string();
    assert!(
        warnings.contains("teachers.csv: read as GB18030"),
        "{warnings}"
    );
    assert!(!warnings.contains("unknown column"), "{warnings}");
}

#[test]
fn roads_sheet_and_place_columns_in_a_workbook() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("县.xlsx");
    let mut schools = schools_zh();
    schools[0].push("地点");
    schools[1].push("县城");
    schools[2].push("秦山镇");
    workbook(
        &path,
        &[
            ("学校", schools),
            ("教师", teachers_zh()),
            (
                "道路",
                vec![
                    vec!["起点", "终点", "分钟"],
                    vec!["县城", "沈荡", "10"],
                    vec!["沈荡", "秦山镇", "15"],
                    vec!["县城", "秦山镇", "40"],
                ],
            ),
        ],
    );
    let county = read_instance(&path).unwrap().county;
    // T1 lives at her school (县城): to R1 (秦山镇) by way of 沈荡, 10 + 15 minutes.
    assert_eq!(county.commute(0, 1), 25.0);
    assert_eq!(county.commute(1, 0), 25.0);
}

#[test]
fn template_from_an_instance_is_a_workbook_that_plans_the_same() {
    let dir = TempDir::new().unwrap();
    let book = dir.path().join("tiny.xlsx");
    let o = rotation()
        .args(["template", "--from"])
        .arg(tiny())
        .arg("--out")
        .arg(&book)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let out = plan(&book, &dir.path().join("out"), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        (summary(&dir.path().join("out"))["objective"]
            .as_f64()
            .unwrap()
            - 40.0)
            .abs()
            < 1e-9
    );
}

/// A file given by a flag that does not exist is named as such (not as a table every
/// instance needs), exit 2, in both languages.
#[test]
fn a_missing_flag_file_is_named_plainly() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("nope.csv");
    for (lang, said) in [("en", "file not found at"), ("zh", "找不到文件")] {
        for flag in ["--pins", "--previous", "--history"] {
            let o = rotation()
                .args(["--lang", lang, "plan"])
                .arg(tiny())
                .arg("--policy")
                .arg(model("haiyan-2022"))
                .arg(flag)
                .arg(&missing)
                .arg("--out")
                .arg(dir.path().join("out"))
                .output()
                .unwrap();
            assert_eq!(o.status.code(), Some(2), "{flag}: {}", stderr_of(&o));
            let err = stderr_of(&o);
            assert!(
                err.contains(said) && err.contains("nope.csv"),
                "{flag}: {err}"
            );
            assert!(
                !err.contains("every instance") && !err.contains("每份县域数据"),
                "{flag}: {err}"
            );
            assert!(!dir.path().join("out").exists());
        }
    }
}
