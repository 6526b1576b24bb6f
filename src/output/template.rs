//! Empty, documented input templates: one workbook (sheets 学校/教师/共同体/道路 and a
//! 说明 notes sheet, each header carrying a note) or a folder of CSV files, each with
//! its header and a commented example row (`#` lines are skipped by the readers).

use crate::input::teacher_files::{TeacherFiles, TEACHER_KINDS};
use crate::input::vocabulary::{TableKind, INPUT_KINDS, PINS};
use crate::model::error::{Result, RotationError};
use crate::model::lang::Lang;
use crate::model::output_failure::{OutputFailure, RenderedOutput};
use crate::output::template_lists::{add_lists, column_help_zh, header_note};
use rust_xlsxwriter::{Format, FormatBorder, Note, Workbook};

/// Columns left out of the templates: the geographic alternative to the km grid
/// (documented in the notes sheet; a table uses one coordinate system).
const ALTERNATIVES: &[&str] = &["lat", "lon", "home_lat", "home_lon"];

fn template_columns(
    kind: &TableKind,
) -> impl Iterator<Item = &'static crate::input::vocabulary::Column> {
    let sheet = kind.sheet;
    kind.columns
        .iter()
        .filter(|c| !ALTERNATIVES.contains(&c.name))
        // A distance table takes km or minutes: the template shows km.
        .filter(move |c| !(sheet == "distances" && c.name == "minutes"))
}

/// An example row per table, in both languages (same order as the template columns).
fn example(kind: &TableKind, lang: Lang) -> Vec<&'static str> {
    let zh = lang == Lang::Zh;
    match kind.sheet {
        "schools" => vec![
            "U1",
            "城东小学",
            if zh { "城区" } else { "urban" },
            if zh { "小学" } else { "primary" },
            "600",
            "0",
            "0",
            "",
        ],
        "teachers" => vec![
            "T001",
            "王芳",
            "U1",
            if zh { "数学" } else { "math" },
            if zh { "女" } else { "F" },
            "1980",
            "8",
            if zh { "县级" } else { "county" },
            if zh { "中级" } else { "intermediate" },
            if zh { "本科" } else { "bachelor" },
            if zh { "否" } else { "false" },
            if zh { "否" } else { "false" },
            "",
            "",
            "",
            "",
        ],
        "partnerships" => vec!["U1", "R1", "1+X"],
        "roads" => vec!["U1", "R1", "25"],
        "distances" => vec!["U1", "R1", "10.5"],
        "pins" => vec!["T001", if zh { "调往" } else { "move_to" }, "R1"],
        "history" => vec!["T001", "U1", "R1", "2019", "2022"],
        "wishes" => vec!["T001", "1", "R1", "12"],
        "teams" => vec![
            if zh {
                "城东小学数学组"
            } else {
                "U1 math"
            },
            "T001",
        ],
        "joint" => vec!["T001", "R1"],
        _ => Vec::new(),
    }
}

/// The sheets of a template, in order: the county's tables, the pins, and the teacher
/// side an instance may carry (交流记录, 意愿, 组团交流, 联聘; read with the county when they
/// have rows, `input::teacher_files`).
fn sheet_kinds() -> impl Iterator<Item = &'static TableKind> {
    INPUT_KINDS
        .iter()
        .chain([&PINS])
        .chain(TEACHER_KINDS.iter().copied())
}

fn header(c: &crate::input::vocabulary::Column, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => c.zh,
        Lang::En => c.name,
    }
}

/// The template workbook: the instance sheets, the 锁定/pins sheet (read by `--pins
/// book.xlsx`, never as part of the county), the teacher side's sheets 交流记录, 意愿,
/// 组团交流 and 联聘 (read with the county once filled), and a notes sheet. Every enumerated
/// column has a drop-down list and every header a note (`output::template_lists`).
pub fn template_workbook(lang: Lang) -> Result<Vec<u8>> {
    let err = |e: rust_xlsxwriter::XlsxError| {
        RotationError::Output(OutputFailure::new(RenderedOutput::TemplateWorkbook, e))
    };
    let mut book = Workbook::new();
    let bold = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(0xDDEBF7);
    let grey = Format::new().set_font_color(0x808080).set_italic();
    for kind in sheet_kinds() {
        let sheet = book.add_worksheet();
        sheet
            .set_name(match lang {
                Lang::Zh => kind.sheet_zh,
                Lang::En => kind.sheet,
            })
            .map_err(err)?;
        for (c, col) in template_columns(kind).enumerate() {
            let c = c as u16;
            sheet
                .write_string_with_format(0, c, header(col, lang), &bold)
                .map_err(err)?;
            let note = Note::new(header_note(kind, col, lang)).add_author_prefix(false);
            sheet.insert_note(0, c, &note).map_err(err)?;
            sheet
                .set_column_width(
                    c,
                    (header(col, lang).chars().count() as f64 * 2.0).max(10.0),
                )
                .map_err(err)?;
        }
        for (c, v) in example(kind, lang).iter().enumerate() {
            let v = if c == 0 {
                format!("# {v}")
            } else {
                v.to_string()
            };
            sheet
                .write_string_with_format(1, c as u16, v, &grey)
                .map_err(err)?;
        }
        let columns: Vec<_> = template_columns(kind).collect();
        add_lists(sheet, kind, &columns, lang).map_err(err)?;
        sheet.set_freeze_panes(1, 0).map_err(err)?;
    }
    let notes = book.add_worksheet();
    notes
        .set_name(if lang == Lang::Zh { "说明" } else { "notes" })
        .map_err(err)?;
    let lines = notes_text(lang);
    for (r, line) in lines.iter().enumerate() {
        for (c, cell) in line.iter().enumerate() {
            let f = if r == 0 { &bold } else { &Format::new() };
            notes
                .write_string_with_format(r as u32, c as u16, cell, f)
                .map_err(err)?;
        }
    }
    for (c, w) in [12.0, 18.0, 18.0, 30.0, 10.0, 60.0].iter().enumerate() {
        notes.set_column_width(c as u16, *w).map_err(err)?;
    }
    notes.set_freeze_panes(1, 0).map_err(err)?;
    book.save_to_buffer().map_err(err)
}

/// The notes sheet in `lang`: every column of every table with its English and
/// Chinese headers, its aliases, whether it is required and what goes in it. The
/// Chinese template's is Chinese throughout (its officer reads no English), the
/// English one's English but for the Chinese headers it lists.
fn notes_text(lang: Lang) -> Vec<Vec<String>> {
    let zh = lang == Lang::Zh;
    let head: [&str; 6] = if zh {
        ["工作表", "英文列名", "中文列名", "其他写法", "必填", "内容"]
    } else {
        [
            "sheet",
            "column",
            "Chinese header",
            "aliases",
            "required",
            "content",
        ]
    };
    let mut out = vec![head.iter().map(|h| h.to_string()).collect()];
    for kind in sheet_kinds() {
        for c in kind.columns {
            let (sheet, aliases, required, content) = if zh {
                (
                    format!("{}（{}.csv）", kind.sheet_zh, kind.sheet),
                    c.aliases.join("、"),
                    if c.required { "是" } else { "否" },
                    column_help_zh(kind, c).unwrap_or(c.help),
                )
            } else {
                (
                    format!("{} ({})", kind.sheet, kind.sheet_zh),
                    c.aliases.join(", "),
                    if c.required { "yes" } else { "no" },
                    c.help,
                )
            };
            out.push(vec![
                sheet,
                c.name.into(),
                c.zh.into(),
                aliases,
                required.into(),
                content.into(),
            ]);
        }
    }
    let mut last = vec![String::new(); 5];
    last.push(if zh {
        "以 # 开头的行为注释，不读入。道路表与距离表只填其一；两者都空时按坐标计算直线距离；有距离表时学校可不填坐标。".into()
    } else {
        "Rows whose first cell starts with # are comments. Fill the roads sheet or the distances sheet, not both; with both empty, distances are straight lines between the coordinates; with a distance table the schools need no coordinates.".into()
    });
    out.push(last);
    out
}

/// The CSV templates: `(file name, bytes)`, each a header and a commented example.
pub fn template_csv(lang: Lang) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for kind in sheet_kinds() {
        let headers: Vec<&str> = template_columns(kind).map(|c| header(c, lang)).collect();
        let mut text = headers.join(",");
        text.push('\n');
        text.push_str("# ");
        text.push_str(&example(kind, lang).join(","));
        text.push('\n');
        // roads.csv, pins.csv and the teacher side are optional inputs: named so that
        // they are not read until the user fills and renames them.
        let name = match kind.sheet {
            "roads" | "distances" | "pins" | "history" | "wishes" | "teams" | "joint" => {
                format!("{}.csv.template", kind.sheet)
            }
            other => format!("{other}.csv"),
        };
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(text.into_bytes());
        out.push((name, bytes));
    }
    out
}

/// A county as a filled workbook in the input format (sheets, headers and coded values
/// in `lang`), so an instance made elsewhere can be handed to an Excel user.
pub fn county_workbook(county: &crate::model::county::County, lang: Lang) -> Result<Vec<u8>> {
    county_workbook_with(county, &TeacherFiles::default(), lang)
}

/// [`county_workbook`] with the teacher side the instance carries (`files`): each table
/// a sheet of its own (交流记录, 意愿, 组团交流, 联聘) with its rows as written and its headers
/// in `lang`, so the workbook carries what the folder did. The rows are checked by
/// their readers when the workbook is planned, as the folder's were.
pub fn county_workbook_with(
    county: &crate::model::county::County,
    files: &TeacherFiles,
    lang: Lang,
) -> Result<Vec<u8>> {
    use crate::input::vocabulary::{PARTNERSHIPS, SCHOOLS, TEACHERS};
    let err = |e: rust_xlsxwriter::XlsxError| {
        RotationError::Output(OutputFailure::new(RenderedOutput::CountyWorkbook, e))
    };
    let zh = lang == Lang::Zh;
    let name = |kind: &TableKind, col: &str| {
        let c = kind
            .columns
            .iter()
            .find(|c| c.name == col)
            .expect("known column");
        header(c, lang)
    };
    let sheets = [&SCHOOLS, &TEACHERS, &PARTNERSHIPS]
        .into_iter()
        .zip(crate::output::instance_tables::instance_tables(county, zh))
        .map(|(kind, table)| (kind, table.columns, table.rows));
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for (kind, cols, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet
            .set_name(if zh { kind.sheet_zh } else { kind.sheet })
            .map_err(err)?;
        for (c, col) in cols.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, name(kind, col), &bold)
                .map_err(err)?;
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match v.parse::<f64>() {
                    Ok(x) if NUMERIC.contains(&cols[c as usize]) => {
                        sheet.write_number(r, c, x).map_err(err)?
                    }
                    _ => sheet.write_string(r, c, v).map_err(err)?,
                };
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(err)?;
    }
    for (path, kind) in files.tables() {
        let Some(path) = path else { continue };
        let mut diags = crate::model::diagnostics::Diagnostics::default();
        let table = crate::input::workbook::read_table(path, kind, &mut diags);
        let Some(table) = table.filter(|_| !diags.has_errors()) else {
            return Err(RotationError::Invalid(diags));
        };
        let sheet = book.add_worksheet();
        sheet
            .set_name(if zh { kind.sheet_zh } else { kind.sheet })
            .map_err(err)?;
        for (c, col) in table.headers.iter().enumerate() {
            // A column the reader does not know keeps its header as written.
            let shown = match kind.columns.iter().find(|k| k.name == col) {
                Some(k) => header(k, lang).to_string(),
                None => table.labels[c].clone(),
            };
            sheet
                .write_string_with_format(0, c as u16, shown, &bold)
                .map_err(err)?;
        }
        for (r, (_, row)) in table.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                sheet.write_string(r as u32 + 1, c as u16, v).map_err(err)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}

/// Columns written as numbers in a filled workbook; ids stay text.
const NUMERIC: &[&str] = &[
    "students",
    "x_km",
    "y_km",
    "lat",
    "lon",
    "birth_year",
    "years_at_school",
    "home_x_km",
    "home_y_km",
    "home_lat",
    "home_lon",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::has_chinese;

    #[test]
    fn the_chinese_notes_sheet_is_chinese_and_the_english_one_english() {
        for kind in sheet_kinds() {
            for c in kind.columns {
                assert!(
                    column_help_zh(kind, c).is_some(),
                    "no Chinese help for {}.{}",
                    kind.sheet,
                    c.name
                );
            }
        }
        let zh = notes_text(Lang::Zh);
        assert_eq!(zh[0][0], "工作表");
        for row in &zh {
            // Aside from the English column name and the aliases (spellings a file
            // may use), every cell with text is Chinese.
            for (i, cell) in row.iter().enumerate() {
                if i != 1 && i != 3 && !cell.is_empty() {
                    assert!(has_chinese(cell), "{cell:?} in {row:?}");
                }
            }
        }
        let teachers_degree = zh
            .iter()
            .find(|r| r[0] == "教师（teachers.csv）" && r[1] == "degree")
            .expect("the degree row");
        assert_eq!(
            teachers_degree[5],
            "中专、大专、本科、研究生或博士；不详可空"
        );
        let en = notes_text(Lang::En);
        assert!(en[0].iter().all(|h| !has_chinese(h)), "{:?}", en[0]);
        assert!(en[1..en.len() - 1]
            .iter()
            .all(|r| r[4] == "yes" || r[4] == "no"));
        assert!(!has_chinese(&en[en.len() - 1][5]));
        assert!(en.iter().any(|r| r[5].starts_with("Rows whose first cell")));
    }
}
