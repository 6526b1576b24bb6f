//! Helpers shared by the integration tests: the binary, and instance folders made by
//! copying `instances/tiny` and editing one file.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn tiny() -> PathBuf {
    root().join("instances/tiny")
}

pub fn haiyan_like() -> PathBuf {
    root().join("instances/haiyan-like")
}

/// The sample county's teacher side (`history.csv`, `wishes.csv`), kept apart from
/// `instances/haiyan-like` so that the county's own plan does not read it.
pub fn haiyan_like_teachers() -> PathBuf {
    root().join("instances/haiyan-like-teachers")
}

/// A small instance of `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// A copy of the CSV files of `tests/fixtures/NAME` in a temporary folder.
pub fn fixture_copy(name: &str) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    for entry in std::fs::read_dir(fixture(name)).expect("fixture") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).expect("copy");
    }
    dir
}

pub fn model(name: &str) -> PathBuf {
    root().join("models").join(format!("{name}.toml"))
}

/// The binary, in the C locale: tests that read its English pass whatever the
/// machine's `LANG` (a developer's may be `zh_CN.UTF-8`); a test of another language
/// says `--lang zh` or sets the locale itself.
pub fn rotation() -> Command {
    let mut cmd = Command::cargo_bin("rotation").expect("binary built");
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C");
    cmd
}

/// A copy of `instances/tiny` in a temporary folder.
pub fn tiny_copy() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    for f in ["schools.csv", "teachers.csv", "partnerships.csv"] {
        std::fs::copy(tiny().join(f), dir.path().join(f)).expect("copy");
    }
    dir
}

/// Replaces the first occurrence of `from` by `to` in `file`; panics when absent, so a
/// test never silently edits nothing.
pub fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

pub fn write(dir: &Path, file: &str, text: &str) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(&path, text).expect("write");
    path
}

pub fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `(teacher, from_school, to_school)` of every move in a `plan.csv`, sorted; columns
/// are found by their header names.
pub fn plan_moves(plan_csv: &Path) -> Vec<(String, String, String)> {
    let mut r = csv::Reader::from_path(plan_csv).expect("plan.csv");
    let h = r.headers().expect("header").clone();
    let col = |name: &str| h.iter().position(|c| c == name).expect(name);
    let (t, f, s) = (col("teacher"), col("from_school"), col("to_school"));
    let mut v: Vec<(String, String, String)> = r
        .records()
        .map(|rec| {
            let rec = rec.expect("row");
            (rec[t].to_string(), rec[f].to_string(), rec[s].to_string())
        })
        .collect();
    v.sort();
    v
}
pub mod backbone_counties;
pub mod csv_workbook;
pub mod english;
pub mod random_county;
pub mod server;
pub mod year_oracle;
