//! One cause, one message: a bad cell in a school row is reported once (not again for
//! every teacher of the school), a broken schools header does not make every teacher
//! "at an unknown school", nor does an empty schools table (a CSV with its header only,
//! an emptied sheet), and many alike problems are counted in one line.

mod common;
use common::*;

/// Runs `validate` and returns stderr, asserting exit code 2 and nothing written.
fn invalid(dir: &std::path::Path) -> String {
    let out = rotation().arg("validate").arg(dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "stdout: {}", stdout_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("nothing was written"), "{err}");
    err
}

/// A copy of `instances/haiyan-like` (35 schools, 4,000 teachers).
fn haiyan_copy() -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    for f in ["schools.csv", "teachers.csv", "partnerships.csv"] {
        std::fs::copy(haiyan_like().join(f), dir.path().join(f)).unwrap();
    }
    dir
}

#[test]
fn bad_cell_in_a_school_row_is_reported_once() {
    let dir = tiny_copy();
    edit(
        dir.path(),
        "schools.csv",
        "U2,城西小学,urban",
        "U2,城西小学,suburban",
    );
    let err = invalid(dir.path());
    assert!(
        err.contains("schools.csv:3:3 (column `zone`): `suburban` is not valid"),
        "{err}"
    );
    assert!(!err.contains("unknown school"), "{err}");
    assert!(err.contains("1 problem found"), "{err}");
}

#[test]
fn bad_cell_in_a_large_county_school_row_is_one_message() {
    let dir = haiyan_copy();
    edit(
        dir.path(),
        "schools.csv",
        "P01,武原小学1,urban",
        "P01,武原小学1,城郊",
    );
    let err = invalid(dir.path());
    assert!(!err.contains("unknown school"), "{err}");
    assert_eq!(err.lines().count(), 2, "{err}");
}

#[test]
fn broken_schools_header_does_not_flood_the_teachers() {
    let dir = haiyan_copy();
    edit(
        dir.path(),
        "schools.csv",
        "id,name,zone,level,students",
        "id,name,zone,level,pupils",
    );
    let err = invalid(dir.path());
    assert!(
        err.lines()
            .next()
            .unwrap()
            .contains("schools.csv:1: missing column `students`"),
        "{err}"
    );
    assert!(!err.contains("unknown school"), "{err}");
    assert!(err.lines().count() < 6, "{err}");
}

#[test]
fn many_alike_problems_are_counted_in_one_line() {
    let dir = haiyan_copy();
    // Every teacher of school P01 now names a school that does not exist.
    let text = std::fs::read_to_string(dir.path().join("teachers.csv")).unwrap();
    let moved: String = text
        .lines()
        .map(|l| l.replacen(",P01,", ",P99,", 1) + "\n")
        .collect();
    let n = text.lines().filter(|l| l.contains(",P01,")).count();
    assert!(n > 10);
    write(dir.path(), "teachers.csv", &moved);
    let err = invalid(dir.path());
    assert!(
        err.contains(&format!(
            "error: teachers.csv: … and {} more rows like this (lines ",
            n - 3
        )),
        "{err}"
    );
    assert!(err.contains(", column `school`)"), "{err}");
    assert_eq!(err.matches("unknown school `P99`").count(), 3, "{err}");
    assert!(err.contains(&format!("{n} problems found")), "{err}");
}

/// Four alike problems: the fourth is printed itself, not summarised as "1 more row".
#[test]
fn one_more_than_the_shown_problems_is_printed_not_counted() {
    let dir = tiny_copy();
    let text = std::fs::read_to_string(dir.path().join("teachers.csv")).unwrap();
    // The four teachers of U1 name a school that does not exist.
    let moved: String = text
        .lines()
        .map(|l| l.replacen(",U1,", ",U9,", 1) + "\n")
        .collect();
    assert_eq!(text.lines().filter(|l| l.contains(",U1,")).count(), 4);
    write(dir.path(), "teachers.csv", &moved);
    let err = invalid(dir.path());
    assert_eq!(err.matches("unknown school `U9`").count(), 4, "{err}");
    assert!(!err.contains("more row"), "{err}");
}

/// The lines of `err` that report a problem (not the closing count).
fn problems(err: &str) -> Vec<&str> {
    err.lines().filter(|l| l.starts_with("error")).collect()
}

#[test]
fn empty_schools_table_is_one_message_not_one_per_teacher() {
    let dir = haiyan_copy();
    write(
        dir.path(),
        "schools.csv",
        "id,name,zone,level,students,x_km,y_km\n",
    );
    let err = invalid(dir.path());
    assert!(err.contains("schools.csv:2: no schools"), "{err}");
    assert!(!err.contains("unknown school"), "{err}");
    assert_eq!(problems(&err).len(), 1, "{err}");
    assert!(err.contains("1 problem found"), "{err}");
}

#[test]
fn empty_schools_table_is_one_message_in_chinese_too() {
    let dir = haiyan_copy();
    write(
        dir.path(),
        "schools.csv",
        "id,name,zone,level,students,x_km,y_km\n",
    );
    let out = rotation()
        .args(["--lang", "zh", "validate"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("没有学校"), "{err}");
    assert!(!err.contains("找不到学校"), "{err}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("错误")).count(),
        1,
        "{err}"
    );
}

/// A workbook of haiyan-like whose `学校` sheet keeps `keep` of its rows (1: the
/// header only, 0: nothing at all).
fn workbook_with_schools_rows(dir: &std::path::Path, keep: usize) -> std::path::PathBuf {
    let book = dir.join("county.xlsx");
    rotation()
        .args(["template", "--from"])
        .arg(haiyan_like())
        .arg("--out")
        .arg(&book)
        .assert()
        .success();
    use calamine::{open_workbook_auto, Reader};
    let mut source = open_workbook_auto(&book).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    for name in source.sheet_names() {
        let range = source.worksheet_range(&name).unwrap();
        let ws = wb.add_worksheet();
        ws.set_name(&name).unwrap();
        let rows = range.rows().count();
        let take = if name == "学校" { keep } else { rows };
        for (r, row) in range.rows().take(take).enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r as u32, c as u16, rotation::input::workbook::cell_text(v))
                    .unwrap();
            }
        }
    }
    let emptied = dir.join("emptied.xlsx");
    wb.save(&emptied).unwrap();
    emptied
}

#[test]
fn workbook_with_its_schools_sheet_emptied_is_one_message() {
    for keep in [1, 0] {
        let dir = tempfile::TempDir::new().unwrap();
        let book = workbook_with_schools_rows(dir.path(), keep);
        let err = invalid(&book);
        assert!(!err.contains("unknown school"), "keep {keep}: {err}");
        assert_eq!(problems(&err).len(), 1, "keep {keep}: {err}");
        assert!(err.contains("emptied.xlsx[学校]"), "keep {keep}: {err}");
    }
}
