//! One table of input, a CSV file or a workbook sheet: decoding (UTF-8, GBK), the
//! header and its canonical names, and field access by column name with a
//! diagnostic (file, line, column, what was expected) on every failure.

use crate::input::values::parse_bool;
use crate::model::county::Position;
use crate::model::diagnostics::Diagnostics;
use std::collections::HashMap;
use std::path::Path;

/// Largest grid coordinate accepted: a county (even a prefecture) spans a few hundred km.
const MAX_GRID_KM: f64 = 2000.0;

/// One table (a CSV file or a workbook sheet): its header and its rows with their
/// line (row) numbers.
pub struct Table {
    /// How messages name the table: a file name, or `book.xlsx[sheet]`.
    pub file: String,
    /// Column names: the CSV names once [`Table::canonicalize`] has run.
    pub headers: Vec<String>,
    /// The headers as written in the file (Chinese headers stay Chinese in messages).
    pub labels: Vec<String>,
    /// The data rows: each row's line in the file (its Excel row number in a sheet) and its
    /// fields in header order, as text. Empty and `#` comment lines are already skipped.
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    /// Reads a CSV file. Missing required files, non-UTF-8 bytes, empty files and rows
    /// with the wrong number of fields are reported in `diags`.
    pub fn read(path: &Path, file: &str, required: bool, diags: &mut Diagnostics) -> Option<Table> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if required {
                    diags.error(
                        file,
                        None,
                        None,
                        format!(
                            "file not found at {}; every instance needs it",
                            path.display()
                        ),
                    );
                }
                return None;
            }
            Err(e) => {
                diags.error(
                    file,
                    None,
                    None,
                    format!("cannot read {}: {e}", path.display()),
                );
                return None;
            }
        };
        let text = decode_text(&bytes, file, diags)?;
        Table::parse(&text, file, diags)
    }

    /// Parses CSV text (already decoded, BOM removed).
    pub fn parse(text: &str, file: &str, diags: &mut Diagnostics) -> Option<Table> {
        if text.trim().is_empty() {
            diags.error(file, Some(1), None, "file is empty; expected a header row");
            return None;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let headers: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|s| s.to_string()).collect(),
            Err(e) => {
                diags.error(
                    file,
                    Some(1),
                    None,
                    format!("cannot read the header row: {e}"),
                );
                return None;
            }
        };
        let mut rows = Vec::new();
        for record in reader.records() {
            match record {
                Ok(r) => {
                    let line = r.position().map(|p| p.line() as usize).unwrap_or(0);
                    if r.len() != headers.len() {
                        diags.error(
                            file,
                            Some(line),
                            None,
                            format!(
                                "row has {} fields but the header has {}; check for a missing or extra comma",
                                r.len(),
                                headers.len()
                            ),
                        );
                        continue;
                    }
                    rows.push((line, r.iter().map(|s| s.to_string()).collect()));
                }
                Err(e) => {
                    let line = e.position().map(|p| p.line() as usize);
                    diags.error(file, line, None, format!("malformed CSV: {e}"));
                }
            }
        }
        Some(Table {
            file: file.to_string(),
            labels: headers.clone(),
            headers,
            rows,
        })
    }

    /// Renames known headers (English or Chinese, see [`crate::input::vocabulary`]) to their
    /// CSV names; unknown headers are kept as written.
    pub fn canonicalize(&mut self, kind: crate::input::vocabulary::TableKind) {
        for h in &mut self.headers {
            if let Some(name) = kind.canonical(h) {
                *h = name.to_string();
            }
        }
    }

    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// The column's header as the user wrote it.
    pub(crate) fn label(&self, i: usize) -> &str {
        self.labels.get(i).unwrap_or(&self.headers[i])
    }

    /// Checks the header: every `required` column present, unknown columns warned about.
    pub(crate) fn check_header(
        &self,
        known: &[&str],
        required: &[&str],
        diags: &mut Diagnostics,
    ) -> bool {
        let mut ok = true;
        for name in required {
            if self.column(name).is_none() {
                let zh = crate::input::vocabulary::INPUT_KINDS
                    .iter()
                    .chain([&crate::input::vocabulary::PINS])
                    .flat_map(|k| k.columns)
                    .find(|c| c.name == *name)
                    .map(|c| format!(" (in Chinese `{}`)", c.zh))
                    .unwrap_or_default();
                diags.error(
                    &self.file,
                    Some(1),
                    None,
                    format!(
                        "missing column `{name}`{zh}; the header is: {}",
                        self.labels.join(",")
                    ),
                );
                ok = false;
            }
        }
        for (i, h) in self.headers.iter().enumerate() {
            if !known.contains(&h.as_str()) {
                diags.warning(
                    &self.file,
                    Some(1),
                    Some((i + 1, self.label(i))),
                    "unknown column, ignored",
                );
            }
            if self.headers[..i].contains(h) {
                diags.error(
                    &self.file,
                    Some(1),
                    Some((i + 1, self.label(i))),
                    "column appears twice",
                );
                ok = false;
            }
        }
        ok
    }
}

/// Decodes UTF-8 (a leading BOM is dropped), or GB18030/GBK as saved by Chinese
/// Excel and WPS (named in a warning). Anything else is an error that says how to
/// convert the file.
pub(crate) fn decode_text<'a>(
    bytes: &'a [u8],
    file: &str,
    diags: &mut Diagnostics,
) -> Option<std::borrow::Cow<'a, str>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(std::borrow::Cow::Borrowed(s)),
        Err(e) => {
            let (text, _, gbk_errors) = encoding_rs::GB18030.decode(bytes);
            if !gbk_errors {
                diags.warning(
                    file,
                    None,
                    None,
                    "read as GB18030 (GBK) text, as saved by Chinese Excel or WPS; \
                     the file is not UTF-8",
                );
                return Some(std::borrow::Cow::Owned(text.into_owned()));
            }
            let offset = e.valid_up_to();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            diags.error(
                file,
                Some(line),
                None,
                "the file is neither UTF-8 nor GB18030/GBK text; save it as \"CSV UTF-8\"",
            );
            None
        }
    }
}

/// One row being parsed: field access by column name, with diagnostics on failure.
pub(crate) struct Row<'a> {
    pub(crate) table: &'a Table,
    pub(crate) line: usize,
    pub(crate) fields: &'a [String],
    pub(crate) ok: bool,
}

impl<'a> Row<'a> {
    /// The raw text of a column, `None` when the column is absent from the header.
    pub(crate) fn raw(&self, name: &str) -> Option<&'a str> {
        self.table.column(name).map(|i| self.fields[i].as_str())
    }

    pub(crate) fn fail(&mut self, diags: &mut Diagnostics, name: &str, message: String) {
        let col = self
            .table
            .column(name)
            .map(|i| (i + 1, self.table.label(i)));
        diags.error(&self.table.file, Some(self.line), col, message);
        self.ok = false;
    }

    /// A required text field; empty is an error.
    pub(crate) fn text(&mut self, diags: &mut Diagnostics, name: &str) -> String {
        match self.raw(name) {
            Some(v) if !v.is_empty() => v.to_string(),
            _ => {
                self.fail(diags, name, "is empty; a value is required".into());
                String::new()
            }
        }
    }

    /// The required `id` column, unique in the file: a repeat names the line of the
    /// first occurrence. `seen` maps ids to their first line.
    pub(crate) fn unique_id(
        &mut self,
        diags: &mut Diagnostics,
        kind: &str,
        seen: &mut HashMap<String, usize>,
    ) -> String {
        let id = self.text(diags, "id");
        if let Some(first) = seen.get(&id) {
            self.fail(
                diags,
                "id",
                format!("duplicate {kind} id `{id}` (first on line {first})"),
            );
        } else if !id.is_empty() {
            seen.insert(id.clone(), self.line);
        }
        id
    }

    pub(crate) fn optional_text(&self, name: &str) -> Option<String> {
        self.raw(name).filter(|v| !v.is_empty()).map(str::to_string)
    }

    /// A required field parsed by `parse`, whose error names what was expected.
    pub(crate) fn parse<T>(
        &mut self,
        diags: &mut Diagnostics,
        name: &str,
        expected: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let raw = self.raw(name).unwrap_or("");
        let value = parse(raw);
        if value.is_none() {
            let shown = if raw.is_empty() {
                "is empty".to_string()
            } else {
                format!("`{raw}` is not valid")
            };
            self.fail(diags, name, format!("{shown}; expected {expected}"));
        }
        value
    }

    pub(crate) fn integer<T: std::str::FromStr>(
        &mut self,
        diags: &mut Diagnostics,
        name: &str,
        expected: &str,
    ) -> Option<T> {
        self.parse(diags, name, expected, |v| v.parse::<T>().ok())
    }

    pub(crate) fn number(
        &mut self,
        diags: &mut Diagnostics,
        name: &str,
        lo: f64,
        hi: f64,
    ) -> Option<f64> {
        let expected = format!("a number between {lo} and {hi}");
        self.parse(diags, name, &expected, |v| {
            v.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= lo && *x <= hi)
        })
    }

    pub(crate) fn boolean(&mut self, diags: &mut Diagnostics, name: &str) -> Option<bool> {
        self.parse(diags, name, "`true` or `false` (是/否)", parse_bool)
    }

    /// A position from a pair of columns (`x`,`y`) on the grid or (`lat`,`lon`).
    pub(crate) fn position(
        &mut self,
        diags: &mut Diagnostics,
        geo: bool,
        [a, b]: [&str; 2],
    ) -> Option<Position> {
        if geo {
            let lat = self.number(diags, a, -90.0, 90.0);
            let lon = self.number(diags, b, -180.0, 180.0);
            Some(Position::Geo {
                lat: lat?,
                lon: lon?,
            })
        } else {
            let x = self.number(diags, a, -MAX_GRID_KM, MAX_GRID_KM);
            let y = self.number(diags, b, -MAX_GRID_KM, MAX_GRID_KM);
            Some(Position::Grid { x_km: x?, y_km: y? })
        }
    }
}
