//! A county as one workbook made from CSV texts, one sheet each: the tiny county's
//! tables plus whatever sheets a test adds (交流记录, 意愿, 组团交流, ...), as an HR
//! officer's workbook holds them.

use std::path::{Path, PathBuf};

/// Writes `book` in `dir`: the sheets 学校, 教师, 共同体 from `instances/tiny`, then
/// `extra` as `(sheet name, CSV text)`, every cell as text.
pub fn tiny_workbook(dir: &Path, book: &str, extra: &[(&str, &str)]) -> PathBuf {
    let tiny = super::tiny();
    let read = |f: &str| std::fs::read_to_string(tiny.join(f)).unwrap();
    let (schools, teachers, partnerships) = (
        read("schools.csv"),
        read("teachers.csv"),
        read("partnerships.csv"),
    );
    let mut sheets = vec![
        ("学校", schools.as_str()),
        ("教师", teachers.as_str()),
        ("共同体", partnerships.as_str()),
    ];
    sheets.extend(extra.iter().copied());
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for (name, text) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, line) in text.lines().enumerate() {
            for (c, cell) in line.split(',').enumerate() {
                if !cell.is_empty() {
                    sheet.write_string(r as u32, c as u16, cell).unwrap();
                }
            }
        }
    }
    let path = dir.join(book);
    workbook.save(&path).unwrap();
    path
}
