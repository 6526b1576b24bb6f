//! The habits of files kept in Excel: a title row above the header, a total row at
//! the end, rows of only commas, Chinese file names, headers with spaces or a line
//! break are read (with a warning naming what was skipped), or the error says exactly
//! what to do.

mod common;
use common::*;

/// Runs `validate`; asserts success and returns stderr (the warnings).
fn valid(dir: &std::path::Path) -> String {
    let out = rotation().arg("validate").arg(dir).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        stdout_of(&out).contains("teachers  16"),
        "{}",
        stdout_of(&out)
    );
    err
}

/// Runs `validate` and returns stderr, asserting exit code 2 and nothing written.
fn invalid(dir: &std::path::Path) -> String {
    let out = rotation().arg("validate").arg(dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "stdout: {}", stdout_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("nothing was written"), "{err}");
    err
}

fn prepend(dir: &std::path::Path, file: &str, line: &str) {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    write(dir, file, &format!("{line}\n{text}"));
}

fn append(dir: &std::path::Path, file: &str, line: &str) {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    write(dir, file, &format!("{text}{line}\n"));
}

#[test]
fn title_row_above_the_header_is_skipped_with_a_warning() {
    let dir = tiny_copy();
    prepend(
        dir.path(),
        "teachers.csv",
        "2024年某县教师基本信息表,,,,,,,,,,,,,",
    );
    let err = valid(dir.path());
    assert!(
        err.contains("warning: teachers.csv:1: 1 row above the header skipped (a title?): `2024年某县教师基本信息表`; the header is line 2"),
        "{err}"
    );
}

#[test]
fn title_row_without_commas_is_skipped_too() {
    let dir = tiny_copy();
    prepend(dir.path(), "schools.csv", "学校基本信息表");
    let err = valid(dir.path());
    assert!(
        err.contains("schools.csv:1: 1 row above the header skipped"),
        "{err}"
    );
}

#[test]
fn total_row_at_the_end_is_skipped_with_a_warning() {
    let dir = tiny_copy();
    append(dir.path(), "schools.csv", "合计,,,,1450,,");
    let err = valid(dir.path());
    assert!(
        err.contains("warning: schools.csv:6: a total row (`合计`), skipped"),
        "{err}"
    );
}

#[test]
fn rows_of_only_commas_are_skipped_with_a_warning() {
    let dir = tiny_copy();
    append(dir.path(), "teachers.csv", ",,,,,,,,,,,,,");
    append(dir.path(), "teachers.csv", ",,,,,,,,,,,,,");
    let err = valid(dir.path());
    assert!(
        err.contains(
            "warning: teachers.csv:18: 2 rows of only commas (empty cells) skipped: lines 18–19"
        ),
        "{err}"
    );
}

#[test]
fn trailing_empty_cells_after_the_last_column_are_accepted() {
    let dir = tiny_copy();
    edit(dir.path(), "schools.csv", "150,0,12", "150,0,12,,");
    valid(dir.path());
}

#[test]
fn chinese_file_names_are_read() {
    let dir = tiny_copy();
    for (en, zh) in [
        ("schools.csv", "学校.csv"),
        ("teachers.csv", "教师.csv"),
        ("partnerships.csv", "共同体.csv"),
    ] {
        std::fs::rename(dir.path().join(en), dir.path().join(zh)).unwrap();
    }
    let out = rotation().arg("validate").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(stdout_of(&out).contains("groups    1 (from 3 partnerships)"));
}

#[test]
fn chinese_file_name_beside_the_english_one_is_named_as_ignored() {
    let dir = tiny_copy();
    std::fs::copy(dir.path().join("teachers.csv"), dir.path().join("教师.csv")).unwrap();
    let err = valid(dir.path());
    assert!(
        err.contains("warning: 教师.csv: ignored: teachers.csv is in the same folder"),
        "{err}"
    );
}

#[test]
fn missing_file_names_the_chinese_alternative_and_a_workbook_in_the_folder() {
    let dir = tiny_copy();
    std::fs::remove_file(dir.path().join("schools.csv")).unwrap();
    write(dir.path(), "海盐.xlsx", "not really a workbook");
    let err = invalid(dir.path());
    assert!(err.contains("(nor 学校.csv)"), "{err}");
    assert!(
        err.contains("the folder holds the workbook 海盐.xlsx: give its path instead"),
        "{err}"
    );
}

#[test]
fn header_with_spaces_and_a_line_break_is_read() {
    let dir = tiny_copy();
    edit(
        dir.path(),
        "teachers.csv",
        "id,name,school",
        "\" id \",\"教师\n姓名\",school",
    );
    edit(dir.path(), "teachers.csv", "T05,陈强,U2", "T05,陈强,U9");
    let err = invalid(dir.path());
    // The header spans lines 1–2: T05 is on line 7.
    assert!(
        err.contains("teachers.csv:7:3 (column `school`): unknown school `U9`"),
        "{err}"
    );
}

#[test]
fn missing_teacher_id_names_the_teachers_chinese_header() {
    let dir = tiny_copy();
    edit(
        dir.path(),
        "teachers.csv",
        "id,name,school",
        "code,name,school",
    );
    let err = invalid(dir.path());
    assert!(
        err.contains("teachers.csv:1: missing column `id` (in Chinese `教师编号`)"),
        "{err}"
    );
}

#[test]
fn workbook_saved_under_a_csv_name_says_so() {
    let dir = tiny_copy();
    let book = dir.path().join("book.xlsx");
    rotation()
        .args(["template", "--from"])
        .arg(tiny())
        .arg("--out")
        .arg(&book)
        .assert()
        .success();
    std::fs::copy(&book, dir.path().join("teachers.csv")).unwrap();
    std::fs::remove_file(&book).unwrap();
    let err = invalid(dir.path());
    assert!(
        err.contains("teachers.csv: the file is an Excel workbook saved under a .csv name"),
        "{err}"
    );
}

#[test]
fn schools_sheet_under_a_merged_title_is_read() {
    let dir = tempfile::TempDir::new().unwrap();
    let book = dir.path().join("county.xlsx");
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
    let plain = rust_xlsxwriter::Format::new();
    for name in source.sheet_names() {
        let range = source.worksheet_range(&name).unwrap();
        let ws = wb.add_worksheet();
        ws.set_name(&name).unwrap();
        let mut r = 0u32;
        if name == "学校" {
            // A title merged over the header, as offices make them.
            ws.merge_range(0, 0, 0, 6, "2024年学校基本信息", &plain)
                .unwrap();
            r = 1;
        }
        for row in range.rows() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r, c as u16, rotation::input::workbook::cell_text(v))
                    .unwrap();
            }
            r += 1;
        }
    }
    let titled = dir.path().join("titled.xlsx");
    wb.save(&titled).unwrap();
    let out = rotation().arg("validate").arg(&titled).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains(
            "titled.xlsx[学校]:1: 1 row above the header skipped (a title?): `2024年学校基本信息`"
        ),
        "{err}"
    );
}
