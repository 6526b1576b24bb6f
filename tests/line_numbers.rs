//! Messages name the line an editor shows (the header is line 1), whatever the line
//! endings, the encoding or the line breaks inside quoted fields; in a workbook, the
//! Excel row.

mod common;
use common::*;

/// `instances/tiny` with teacher T05 (physical line 6 of `teachers.csv`) at an
/// unknown school, `teachers.csv` rewritten by `f`; returns the message about it.
fn error_about_t05(f: impl Fn(&str) -> Vec<u8>) -> String {
    let dir = tiny_copy();
    edit(dir.path(), "teachers.csv", "T05,陈强,U2", "T05,陈强,U9");
    let text = std::fs::read_to_string(dir.path().join("teachers.csv")).unwrap();
    std::fs::write(dir.path().join("teachers.csv"), f(&text)).unwrap();
    let out = rotation().arg("validate").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    err.lines()
        .find(|l| l.contains("unknown school `U9`"))
        .unwrap_or_else(|| panic!("{err}"))
        .to_string()
}

/// The physical line of the first line of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.split('\n').position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn lf_file_names_the_editor_line() {
    let e = error_about_t05(|t| t.as_bytes().to_vec());
    assert!(e.contains("teachers.csv:6:3"), "{e}");
}

#[test]
fn crlf_file_names_the_editor_line() {
    let e = error_about_t05(|t| t.replace('\n', "\r\n").into_bytes());
    assert!(e.contains("teachers.csv:6:3"), "{e}");
}

#[test]
fn gbk_crlf_file_names_the_editor_line() {
    let e = error_about_t05(|t| {
        let crlf = t.replace('\n', "\r\n");
        let (gbk, _, _) = encoding_rs::GBK.encode(&crlf);
        gbk.into_owned()
    });
    assert!(e.contains("teachers.csv:6:3"), "{e}");
}

#[test]
fn bom_crlf_file_names_the_editor_line() {
    // Excel's "CSV UTF-8" on Windows: a byte-order mark and CRLF.
    let e = error_about_t05(|t| format!("\u{feff}{}", t.replace('\n', "\r\n")).into_bytes());
    assert!(e.contains("teachers.csv:6:3"), "{e}");
}

#[test]
fn quoted_line_break_counts_as_a_line() {
    // T02's name holds a line break: T05 moves down to physical line 7.
    let e = error_about_t05(|t| {
        t.replace("T02,李静", "T02,\"李\r\n静\"")
            .replace('\n', "\r\n")
            .replace("\r\r\n", "\r\n")
            .into_bytes()
    });
    assert!(e.contains("teachers.csv:7:3"), "{e}");
}

#[test]
fn comment_and_blank_lines_count() {
    let e = error_about_t05(|t| {
        t.replacen('\n', "\n# a note\n\n", 1)
            .replace('\n', "\r\n")
            .into_bytes()
    });
    assert!(e.contains("teachers.csv:8:3"), "{e}");
}

#[test]
fn verify_plan_names_the_editor_line_in_a_crlf_file() {
    let dir = tiny_copy();
    let out_dir = dir.path().join("out");
    rotation()
        .arg("plan")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--out")
        .arg(&out_dir)
        .assert()
        .success();
    let plan = std::fs::read_to_string(out_dir.join("plan.csv")).unwrap();
    let bad = plan.replace("\nT09,", "\nT99,");
    let line = line_of(&bad, "T99,");
    let path = write(dir.path(), "bad.csv", &bad.replace('\n', "\r\n"));
    let out = rotation()
        .arg("verify")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--plan")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains(&format!(
            "bad.csv:{line}:1 (column `teacher`): unknown teacher `T99`"
        )),
        "line {line}: {err}"
    );
}

#[test]
fn workbook_keeps_the_excel_row_under_a_title_row() {
    let dir = tempfile::TempDir::new().unwrap();
    let book = dir.path().join("county.xlsx");
    rotation()
        .args(["template", "--from"])
        .arg(tiny())
        .arg("--out")
        .arg(&book)
        .assert()
        .success();
    // Insert a title row above the teachers' header: every row moves down by one.
    let rows = common_sheet_rows(&book, "教师");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let plain = rust_xlsxwriter::Format::new();
    for sheet in ["学校", "教师", "共同体"] {
        let ws = wb.add_worksheet();
        ws.set_name(sheet).unwrap();
        let mut r = 0u32;
        if sheet == "教师" {
            ws.merge_range(0, 0, 0, 5, "2024年某县教师基本信息表", &plain)
                .unwrap();
            r = 1;
        }
        for row in common_sheet_rows(&book, sheet) {
            for (c, v) in row.iter().enumerate() {
                let v = if sheet == "教师" && v == "U2" && row[0] == "T05" {
                    "U9"
                } else {
                    v.as_str()
                };
                ws.write_string(r, c as u16, v).unwrap();
            }
            r += 1;
        }
    }
    assert!(rows.len() > 5);
    let titled = dir.path().join("titled.xlsx");
    wb.save(&titled).unwrap();
    let out = rotation().arg("validate").arg(&titled).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    // Title on row 1, header on row 2, T01 on row 3: T05 on Excel row 7.
    assert!(
        err.contains("titled.xlsx[教师]:7:3 (column `所在学校`): unknown school `U9`"),
        "{err}"
    );
    assert!(
        err.contains("warning: titled.xlsx[教师]:1: 1 row above the header skipped (a title?)"),
        "{err}"
    );
}

/// The cells of a sheet as text, row by row.
fn common_sheet_rows(book: &std::path::Path, sheet: &str) -> Vec<Vec<String>> {
    use calamine::{open_workbook_auto, Reader};
    let mut wb = open_workbook_auto(book).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(rotation::input::workbook::cell_text).collect())
        .collect()
}
