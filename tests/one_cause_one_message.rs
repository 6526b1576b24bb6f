//! One cause, one message: a bad cell in a school row is reported once (not again for
//! every teacher of the school), a broken schools header does not make every teacher
//! "at an unknown school", and many alike problems are counted in one line.

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
