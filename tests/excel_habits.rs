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

/// The tiny county as a workbook from `template --from`, rewritten cell by cell with
/// `edit(sheet, row, column, worksheet)` deciding a cell's own writing (true: written).
fn rewritten_workbook(
    dir: &std::path::Path,
    edit: impl Fn(&str, u32, u16, &mut rust_xlsxwriter::Worksheet) -> bool,
) -> std::path::PathBuf {
    let book = dir.join("county.xlsx");
    rotation()
        .args(["template", "--from"])
        .arg(tiny())
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
        for (r, row) in range.rows().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !edit(&name, r as u32, c as u16, ws) {
                    ws.write_string(r as u32, c as u16, rotation::input::workbook::cell_text(v))
                        .unwrap();
                }
            }
        }
    }
    let edited = dir.join("edited.xlsx");
    wb.save(&edited).unwrap();
    edited
}

/// A birth year typed as a date (Excel stores a serial number) is quoted as the date
/// the officer sees, not as 30011.
#[test]
fn a_date_in_a_year_column_is_quoted_as_a_date() {
    let dir = tempfile::TempDir::new().unwrap();
    let book = rewritten_workbook(dir.path(), |sheet, r, c, ws| {
        // Row 3 of 教师 (the third teacher), column 6 (出生年份).
        if sheet == "教师" && r == 3 && c == 5 {
            let date = rust_xlsxwriter::ExcelDateTime::from_ymd(1982, 3, 1).unwrap();
            let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
            ws.write_datetime_with_format(r, c, &date, &format).unwrap();
            true
        } else {
            false
        }
    });
    for (lang, said) in [
        ("en", "`1982-03-01` is not valid"),
        ("zh", "`1982-03-01` 无效"),
    ] {
        let out = rotation()
            .args(["--lang", lang, "validate"])
            .arg(&book)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stdout_of(&out));
        let err = stderr_of(&out);
        assert!(err.contains(said), "{err}");
        assert!(!err.contains("30011"), "{err}");
    }
}

/// Full-width digits and letters, as a Chinese input method types them, are read as
/// their ASCII forms in number, year, gender and yes/no columns.
#[test]
fn full_width_digits_and_letters_are_read() {
    let dir = tiny_copy();
    let text = std::fs::read_to_string(dir.path().join("teachers.csv")).unwrap();
    let full = text.replace(
        "T03,张磊,U1,math,M,1990,2,none,junior,false,false,,,",
        "T03,张磊,U1,math,Ｍ,１９９０,２,none,junior,ｆａｌｓｅ,false,,,",
    );
    assert_ne!(full, text);
    write(dir.path(), "teachers.csv", &full);
    valid(dir.path());
    // Still quoted as typed when it is wrong.
    write(
        dir.path(),
        "teachers.csv",
        &text.replace(",1990,2,", ",１９９０,７７,"),
    );
    let err = invalid(dir.path());
    assert!(err.contains("`７７` is not valid"), "{err}");
}
