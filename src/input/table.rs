//! One table of input, a CSV file or a workbook sheet: decoding (UTF-8, GBK), the
//! header and its canonical names, and field access by column name with a
//! diagnostic (file, line, column, what was expected) on every failure.
//!
//! Lines are the lines an editor shows (the header is line 1 of a plain CSV file,
//! whatever the line endings and however many line breaks quoted fields hold); in a
//! sheet they are Excel's row numbers. The habits of spreadsheets are read with a
//! warning: a title row above the header, total rows (`合计`, `总计`), rows of only
//! commas, empty cells after the last column.
//!
//! Long file: decoding, physical line numbers, finding the header, fitting rows to
//! it and typed field access are one contract every reader relies on; kept together
//! so that CSV files and sheets cannot drift apart.

use crate::input::values::parse_bool;
use crate::input::vocabulary::TableKind;
use crate::model::county::Position;
use crate::model::diagnostics::Diagnostics;
use crate::model::input_message::{Expected, IdKind, InputMessage};
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
    /// The header's line (its Excel row in a sheet): 1 unless rows above it were skipped.
    pub header_line: usize,
    /// What the table holds, once [`Table::canonicalize`] has run.
    pub kind: Option<TableKind>,
    /// Whether the rows come from a CSV file: a row with too many or too few fields is
    /// then an error (a sheet's rows are cut or padded to the header).
    pub from_csv: bool,
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
                        InputMessage::FileNotFound {
                            path: path.display().to_string(),
                        },
                    );
                }
                return None;
            }
            Err(e) => {
                diags.error(
                    file,
                    None,
                    None,
                    InputMessage::CannotRead {
                        path: path.display().to_string(),
                        error: e.to_string(),
                        error_zh: crate::model::error::io_error_zh(&e),
                    },
                );
                return None;
            }
        };
        let text = decode_text(&bytes, file, diags)?;
        Table::parse(&text, file, diags)
    }

    /// Parses CSV text (already decoded, BOM removed). The first row that is not
    /// empty is taken as the header until [`Table::canonicalize`] knows what the table
    /// holds; rows of only commas are skipped with a warning naming their lines.
    pub fn parse(text: &str, file: &str, diags: &mut Diagnostics) -> Option<Table> {
        if text.trim().is_empty() {
            diags.error(file, Some(1), None, InputMessage::EmptyFile);
            return None;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let mut lines = PhysicalLines::new(text);
        let mut rows = Vec::new();
        let mut only_commas = Vec::new();
        for record in reader.records() {
            match record {
                Ok(r) => {
                    let line = r.position().map_or(0, |p| lines.at(p.byte() as usize));
                    if r.iter().all(str::is_empty) {
                        only_commas.push(line);
                        continue;
                    }
                    rows.push((line, r.iter().map(|s| s.to_string()).collect()));
                }
                Err(e) => {
                    let line = e.position().map(|p| lines.at(p.byte() as usize));
                    diags.error(
                        file,
                        line,
                        None,
                        InputMessage::MalformedCsv {
                            error: e.to_string(),
                        },
                    );
                }
            }
        }
        if !only_commas.is_empty() {
            diags.warning(
                file,
                Some(only_commas[0]),
                None,
                InputMessage::OnlyCommaRows {
                    lines: only_commas.clone(),
                },
            );
        }
        if rows.is_empty() {
            diags.error(
                file,
                only_commas.first().copied().or(Some(1)),
                None,
                InputMessage::NoHeaderRow,
            );
            return None;
        }
        Some(Table::from_rows(file.to_string(), rows, true))
    }

    /// A table whose first row is the header (until [`Table::canonicalize`] finds a
    /// better one).
    pub(crate) fn from_rows(
        file: String,
        mut rows: Vec<(usize, Vec<String>)>,
        from_csv: bool,
    ) -> Table {
        let (header_line, headers) = if rows.is_empty() {
            (1, Vec::new())
        } else {
            rows.remove(0)
        };
        Table {
            file,
            labels: headers.clone(),
            headers,
            rows,
            header_line,
            kind: None,
            from_csv,
        }
    }

    /// Makes the table one of `kind`: finds the header row (a title row above it is
    /// skipped with a warning), fits every row to the header (a row with too many or
    /// too few fields is an error in a CSV file), skips total rows (`合计`, `总计`)
    /// with a warning, and renames known headers (English or Chinese, see
    /// [`crate::input::vocabulary`]) to their CSV names; unknown headers are kept as
    /// written.
    pub fn canonicalize(&mut self, kind: TableKind, diags: &mut Diagnostics) {
        self.kind = Some(kind);
        self.find_header(&kind, diags);
        self.fit_rows(diags);
        for (h, label) in self.headers.iter_mut().zip(&mut self.labels) {
            // A header cell with a line break (Alt+Enter in Excel) is shown on one line.
            *label = label.split_whitespace().collect::<Vec<_>>().join(" ");
            if let Some(name) = kind.canonical(h) {
                *h = name.to_string();
            }
        }
    }

    /// When the first row names fewer of `kind`'s required columns than a row
    /// below it (within the first ten), the rows above that row are a title (as in
    /// `2024年…教师基本信息表`) and are skipped with a warning.
    fn find_header(&mut self, kind: &TableKind, diags: &mut Diagnostics) {
        let score = |row: &[String]| row.iter().filter(|c| kind.canonical(c).is_some()).count();
        let required = kind.columns.iter().filter(|c| c.required).count();
        let first = score(&self.headers);
        if first >= required {
            return;
        }
        let mut best: Option<(usize, usize)> = None;
        for (i, (_, row)) in self.rows.iter().take(10).enumerate() {
            let s = score(row);
            if s > first && s >= 2.min(required) && best.is_none_or(|(b, _)| s > b) {
                best = Some((s, i));
            }
        }
        let Some((_, k)) = best else {
            return;
        };
        let mut skipped = vec![(self.header_line, std::mem::take(&mut self.headers))];
        skipped.extend(self.rows.drain(..k));
        let (line, header) = self.rows.remove(0);
        let text: Vec<String> = skipped
            .iter()
            .map(|(_, r)| {
                r.iter()
                    .filter(|c| !c.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        diags.warning(
            &self.file,
            Some(skipped[0].0),
            None,
            InputMessage::RowsAboveHeader {
                cells: text,
                rows: skipped.len(),
                header_line: line,
            },
        );
        self.header_line = line;
        self.labels = header.clone();
        self.headers = header;
    }

    /// Cuts empty header cells after the last column, checks each row's number of
    /// fields, and skips total rows.
    fn fit_rows(&mut self, diags: &mut Diagnostics) {
        let width = self
            .headers
            .iter()
            .rposition(|c| !c.is_empty())
            .map_or(0, |i| i + 1);
        self.headers.truncate(width);
        self.labels.truncate(width);
        let mut totals = Vec::new();
        let mut beyond = Vec::new();
        let file = self.file.clone();
        self.rows.retain_mut(|(line, fields)| {
            if is_total_row(fields) {
                totals.push((*line, fields.iter().find(|c| !c.is_empty()).cloned()));
                return false;
            }
            let used = fields
                .iter()
                .rposition(|c| !c.is_empty())
                .map_or(0, |i| i + 1);
            if used > width {
                if self.from_csv {
                    diags.error(
                        &file,
                        Some(*line),
                        None,
                        InputMessage::FieldCount {
                            fields: fields.len(),
                            width,
                        },
                    );
                    return false;
                }
                beyond.push(*line);
            } else if fields.len() < width && self.from_csv {
                diags.error(
                    &file,
                    Some(*line),
                    None,
                    InputMessage::FieldCount {
                        fields: fields.len(),
                        width,
                    },
                );
                return false;
            }
            fields.resize(width, String::new());
            true
        });
        if !beyond.is_empty() {
            diags.warning(
                &file,
                Some(beyond[0]),
                None,
                InputMessage::CellsBeyondHeader {
                    lines: beyond.clone(),
                },
            );
        }
        for (line, word) in totals {
            diags.warning(
                &file,
                Some(line),
                None,
                InputMessage::TotalRow {
                    word: word.unwrap_or_default(),
                },
            );
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
                // The Chinese header of this table's column (a teacher's `id` is
                // 教师编号, a school's 学校编号).
                let zh = self
                    .kind
                    .iter()
                    .chain(crate::input::vocabulary::INPUT_KINDS)
                    .chain([&crate::input::vocabulary::PINS])
                    .flat_map(|k| k.columns)
                    .find(|c| c.name == *name)
                    .map(|c| c.zh.to_string());
                diags.error(
                    &self.file,
                    Some(self.header_line),
                    None,
                    InputMessage::MissingColumn {
                        name: name.to_string(),
                        zh,
                        header: self.labels.join(","),
                    },
                );
                ok = false;
            }
        }
        for (i, h) in self.headers.iter().enumerate() {
            if !known.contains(&h.as_str()) {
                diags.warning(
                    &self.file,
                    Some(self.header_line),
                    Some((i + 1, self.label(i))),
                    InputMessage::UnknownColumn,
                );
            }
            if self.headers[..i].contains(h) {
                diags.error(
                    &self.file,
                    Some(self.header_line),
                    Some((i + 1, self.label(i))),
                    InputMessage::ColumnTwice,
                );
                ok = false;
            }
        }
        ok
    }
}

/// Whether a row is a total row as spreadsheets end a table with: its first
/// non-empty cell is `合计`, `总计`, `小计`, `共计` or `total` (spaces ignored).
fn is_total_row(fields: &[String]) -> bool {
    let Some(first) = fields.iter().find(|c| !c.is_empty()) else {
        return false;
    };
    let word: String = first
        .chars()
        .filter(|c| !c.is_whitespace() && !":：".contains(*c))
        .collect::<String>()
        .to_lowercase();
    matches!(
        word.as_str(),
        "合计" | "总计" | "小计" | "共计" | "总数" | "total" | "totals" | "sum"
    )
}

/// The line an editor shows for a byte offset of a text: line breaks are `\n`,
/// `\r\n` or a lone `\r`, each counted once. Offsets are asked in increasing order.
struct PhysicalLines<'a> {
    text: &'a [u8],
    byte: usize,
    line: usize,
}

impl<'a> PhysicalLines<'a> {
    fn new(text: &'a str) -> Self {
        PhysicalLines {
            text: text.as_bytes(),
            byte: 0,
            line: 1,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        // The `csv` reader may place a record after `\r\n` at its `\n`: a record
        // starts after its line breaks.
        let mut byte = byte.min(self.text.len());
        while matches!(self.text.get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        if byte < self.byte {
            self.byte = 0;
            self.line = 1;
        }
        for i in self.byte..byte {
            match self.text[i] {
                b'\n' => self.line += 1,
                b'\r' if self.text.get(i + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
        }
        self.byte = byte;
        self.line
    }
}

/// Decodes UTF-8 (a leading BOM is dropped), or GB18030/GBK as saved by Chinese
/// Excel and WPS, or UTF-16 with a byte-order mark (Excel's "Unicode" text), each
/// of the last two named in a warning. Anything else is an error that says how to
/// convert the file: a workbook saved under a `.csv` name and a tab-separated
/// Unicode text are named as such.
pub(crate) fn decode_text<'a>(
    bytes: &'a [u8],
    file: &str,
    diags: &mut Diagnostics,
) -> Option<std::borrow::Cow<'a, str>> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        diags.error(file, None, None, InputMessage::WorkbookAsCsv);
        return None;
    }
    if let Some(text) = decode_utf16(bytes) {
        let Some(text) = text else {
            diags.error(file, None, None, InputMessage::BadUtf16);
            return None;
        };
        let header = text.lines().next().unwrap_or("");
        if header.contains('\t') && !header.contains(',') {
            diags.error(file, Some(1), None, InputMessage::TabSeparatedUtf16);
            return None;
        }
        diags.warning(file, None, None, InputMessage::ReadAsUtf16);
        return Some(std::borrow::Cow::Owned(text));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..nul].iter().filter(|&&b| b == b'\n').count() + 1;
        diags.error(file, Some(line), None, InputMessage::NulByte);
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(std::borrow::Cow::Borrowed(s)),
        Err(e) => {
            let (text, _, gbk_errors) = encoding_rs::GB18030.decode(bytes);
            if !gbk_errors {
                diags.warning(file, None, None, InputMessage::ReadAsGbk);
                return Some(std::borrow::Cow::Owned(text.into_owned()));
            }
            let offset = e.valid_up_to();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            diags.error(file, Some(line), None, InputMessage::UnknownEncoding);
            None
        }
    }
}

/// UTF-16 text with a byte-order mark: `Some(Some(text))`, `Some(None)` when it does
/// not decode; `None` when the bytes do not start with a UTF-16 byte-order mark.
fn decode_utf16(bytes: &[u8]) -> Option<Option<String>> {
    let encoding = if bytes.starts_with(b"\xFF\xFE") {
        encoding_rs::UTF_16LE
    } else if bytes.starts_with(b"\xFE\xFF") {
        encoding_rs::UTF_16BE
    } else {
        return None;
    };
    let (text, _, errors) = encoding.decode(bytes);
    Some((!errors).then(|| text.trim_start_matches('\u{feff}').to_string()))
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

    pub(crate) fn fail(
        &mut self,
        diags: &mut Diagnostics,
        name: &str,
        message: impl Into<InputMessage>,
    ) {
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
                self.fail(diags, name, InputMessage::Empty);
                String::new()
            }
        }
    }

    /// A required column naming a teacher of `teachers` by id: the id as written and
    /// the teacher's index, `None` (with the error) when it is empty or unknown.
    pub(crate) fn teacher(
        &mut self,
        diags: &mut Diagnostics,
        name: &str,
        teachers: &[crate::model::county::Teacher],
    ) -> (String, Option<usize>) {
        let id = self.text(diags, name);
        let teacher = teachers.iter().position(|t| t.id.0 == id);
        if teacher.is_none() && !id.is_empty() {
            self.fail(
                diags,
                name,
                InputMessage::UnknownTeacher {
                    id: id.clone(),
                    csv: false,
                },
            );
        }
        (id, teacher)
    }

    /// The required `id` column, unique in the file: a repeat names the line of the
    /// first occurrence. `seen` maps ids to their first line.
    pub(crate) fn unique_id(
        &mut self,
        diags: &mut Diagnostics,
        kind: IdKind,
        seen: &mut HashMap<String, usize>,
    ) -> String {
        let id = self.text(diags, "id");
        if let Some(first) = seen.get(&id) {
            self.fail(
                diags,
                "id",
                InputMessage::DuplicateId {
                    kind,
                    id: id.clone(),
                    first: *first,
                },
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
        expected: Expected,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let raw = self.raw(name).unwrap_or("");
        // A Chinese input method types full-width digits and letters (`１２`, `Ｆ`):
        // read as their ASCII forms; a message still quotes the cell as typed.
        let value = parse(&half_width(raw));
        if value.is_none() {
            let raw = raw.to_string();
            self.fail(diags, name, InputMessage::NotValid { raw, expected });
        }
        value
    }

    pub(crate) fn integer<T: std::str::FromStr>(
        &mut self,
        diags: &mut Diagnostics,
        name: &str,
        expected: Expected,
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
        let expected = Expected::Number { lo, hi };
        self.parse(diags, name, expected, |v| {
            v.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= lo && *x <= hi)
        })
    }

    pub(crate) fn boolean(&mut self, diags: &mut Diagnostics, name: &str) -> Option<bool> {
        self.parse(diags, name, Expected::Boolean, parse_bool)
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

/// `text` with the full-width forms of ASCII characters (U+FF01–U+FF5E, `１２．５`) and
/// the ideographic space read as their ASCII forms, trimmed again; other text as is.
pub(crate) fn half_width(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| ('\u{FF01}'..='\u{FF5E}').contains(&c) || c == '\u{3000}')
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let half: String = text
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect();
    std::borrow::Cow::Owned(half.trim().to_string())
}

#[cfg(test)]
mod half_width_tests {
    use super::half_width;

    #[test]
    fn full_width_ascii_forms_read_as_ascii_and_other_text_is_kept() {
        assert_eq!(half_width("１９９０"), "1990");
        assert_eq!(half_width("１２．５"), "12.5");
        assert_eq!(half_width("Ｆ"), "F");
        assert_eq!(half_width("\u{3000}１２\u{3000}"), "12");
        assert_eq!(half_width("－３"), "-3");
        // Chinese text and ordinary ASCII are borrowed as they are.
        assert!(matches!(half_width("男"), std::borrow::Cow::Borrowed("男")));
        assert!(matches!(half_width("12"), std::borrow::Cow::Borrowed("12")));
    }
}
