//! Reading an instance folder (`schools.csv`, `teachers.csv`, optional
//! `partnerships.csv`) into a validated [`County`], collecting every problem with its
//! file, line and column.

use crate::model::county::{
    Backbone, County, Gender, Level, Position, School, SchoolId, Teacher, TeacherId, Title, Zone,
};
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::groups::Partnership;
use std::collections::HashMap;
use std::path::Path;

pub const SCHOOLS_FILE: &str = "schools.csv";
pub const TEACHERS_FILE: &str = "teachers.csv";
pub const PARTNERSHIPS_FILE: &str = "partnerships.csv";
pub const ROADS_FILE: &str = "roads.csv";

const SCHOOL_COLUMNS: &[&str] = &[
    "id", "name", "zone", "level", "students", "x_km", "y_km", "lat", "lon", "place",
];
const TEACHER_COLUMNS: &[&str] = &[
    "id",
    "name",
    "school",
    "subject",
    "gender",
    "birth_year",
    "years_at_school",
    "backbone",
    "title",
    "homeroom",
    "graduating",
    "exempt",
    "home_x_km",
    "home_y_km",
    "home_lat",
    "home_lon",
    "home_place",
];
const PARTNERSHIP_COLUMNS: &[&str] = &["school_a", "school_b", "kind"];

/// Largest grid coordinate accepted: a county (even a prefecture) spans a few hundred km.
const MAX_GRID_KM: f64 = 2000.0;

/// A county read from disk, with the warnings found on the way.
#[derive(Debug)]
pub struct Loaded {
    pub county: County,
    pub warnings: Diagnostics,
}

/// Reads and validates an instance: a folder of CSV files, or one `.xlsx` workbook.
/// On any error, returns all diagnostics.
pub fn read_instance(dir: &Path) -> Result<Loaded> {
    if crate::input::workbook::is_workbook(dir) {
        return crate::input::workbook::read_workbook(dir);
    }
    if !dir.is_dir() {
        let mut d = Diagnostics::default();
        d.error(
            &dir.display().to_string(),
            None,
            None,
            "not a folder; expected an instance folder holding schools.csv and teachers.csv, or an .xlsx workbook",
        );
        return Err(RotationError::Invalid(d));
    }
    let mut diags = Diagnostics::default();
    let schools_table = Table::read(&dir.join(SCHOOLS_FILE), SCHOOLS_FILE, true, &mut diags);
    let teachers_table = Table::read(&dir.join(TEACHERS_FILE), TEACHERS_FILE, true, &mut diags);
    let partnerships_table = Table::read(
        &dir.join(PARTNERSHIPS_FILE),
        PARTNERSHIPS_FILE,
        false,
        &mut diags,
    );
    let roads_table = Table::read(&dir.join(ROADS_FILE), ROADS_FILE, false, &mut diags);
    let tables = CountyTables {
        schools: schools_table,
        teachers: teachers_table,
        partnerships: partnerships_table,
        roads: roads_table,
    };
    let county = county_from_tables(tables, &mut diags);
    match county {
        Some(county) if !diags.has_errors() => Ok(Loaded {
            county,
            warnings: diags,
        }),
        _ => Err(RotationError::Invalid(diags)),
    }
}

/// The three tables of an instance, whatever file format they came from.
pub struct CountyTables {
    pub schools: Option<Table>,
    pub teachers: Option<Table>,
    pub partnerships: Option<Table>,
    /// Optional road network (`from, to, minutes`): commutes become travel times.
    pub roads: Option<Table>,
}

/// Turns raw tables into a county. Returns `None` when a required table is missing;
/// otherwise a county is built from the rows that parsed, and `diags` says whether it
/// may be used.
pub fn county_from_tables(mut tables: CountyTables, diags: &mut Diagnostics) -> Option<County> {
    use crate::input::vocabulary as v;
    for (table, kind) in [
        (&mut tables.schools, v::SCHOOLS),
        (&mut tables.teachers, v::TEACHERS),
        (&mut tables.partnerships, v::PARTNERSHIPS),
        (&mut tables.roads, v::ROADS),
    ] {
        if let Some(t) = table {
            t.canonicalize(kind);
        }
    }
    let schools = parse_schools(tables.schools.as_ref()?, diags);
    let (school_ids, position_kind) = {
        let mut ids = HashMap::new();
        for (i, s) in schools.iter().enumerate() {
            ids.insert(s.id.0.clone(), i);
        }
        let kind = schools
            .first()
            .map(|s| matches!(s.position, Position::Geo { .. }));
        (ids, kind)
    };
    let teachers = parse_teachers(tables.teachers.as_ref()?, &school_ids, position_kind, diags);
    let partnerships = match &tables.partnerships {
        Some(t) => parse_partnerships(t, &school_ids, diags),
        None => Vec::new(),
    };
    let mut county = County::new(schools, teachers, partnerships);
    // A roads table with a header and no rows (as in the templates) means no roads.
    let roads = tables.roads.as_ref().filter(|r| !r.rows.is_empty());
    if let (Some(roads), Some(s), Some(t)) = (roads, &tables.schools, &tables.teachers) {
        if !diags.has_errors() {
            county.travel = crate::input::roads::travel_times(&county, roads, s, t, diags);
        }
    }
    Some(county)
}

/// One table (a CSV file or a workbook sheet): its header and its rows with their
/// line (row) numbers.
pub struct Table {
    /// How messages name the table: a file name, or `book.xlsx[sheet]`.
    pub file: String,
    /// Column names: the CSV names once [`Table::canonicalize`] has run.
    pub headers: Vec<String>,
    /// The headers as written in the file (Chinese headers stay Chinese in messages).
    pub labels: Vec<String>,
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
struct Row<'a> {
    table: &'a Table,
    line: usize,
    fields: &'a [String],
    ok: bool,
}

impl<'a> Row<'a> {
    /// The raw text of a column, `None` when the column is absent from the header.
    fn raw(&self, name: &str) -> Option<&'a str> {
        self.table.column(name).map(|i| self.fields[i].as_str())
    }

    fn fail(&mut self, diags: &mut Diagnostics, name: &str, message: String) {
        let col = self
            .table
            .column(name)
            .map(|i| (i + 1, self.table.label(i)));
        diags.error(&self.table.file, Some(self.line), col, message);
        self.ok = false;
    }

    /// A required text field; empty is an error.
    fn text(&mut self, diags: &mut Diagnostics, name: &str) -> String {
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
    fn unique_id(
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

    fn optional_text(&self, name: &str) -> Option<String> {
        self.raw(name).filter(|v| !v.is_empty()).map(str::to_string)
    }

    /// A required field parsed by `parse`, whose error names what was expected.
    fn parse<T>(
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

    fn integer<T: std::str::FromStr>(
        &mut self,
        diags: &mut Diagnostics,
        name: &str,
        expected: &str,
    ) -> Option<T> {
        self.parse(diags, name, expected, |v| v.parse::<T>().ok())
    }

    fn number(&mut self, diags: &mut Diagnostics, name: &str, lo: f64, hi: f64) -> Option<f64> {
        let expected = format!("a number between {lo} and {hi}");
        self.parse(diags, name, &expected, |v| {
            v.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= lo && *x <= hi)
        })
    }

    fn boolean(&mut self, diags: &mut Diagnostics, name: &str) -> Option<bool> {
        self.parse(diags, name, "`true` or `false` (是/否)", parse_bool)
    }

    /// A position from a pair of columns (`x`,`y`) on the grid or (`lat`,`lon`).
    fn position(
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

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "y" | "是" | "√" | "✓" | "有" => Some(true),
        "false" | "no" | "0" | "n" | "否" | "×" | "无" => Some(false),
        _ => None,
    }
}

pub fn parse_zone(v: &str) -> Option<Zone> {
    match v.to_ascii_lowercase().as_str() {
        "urban" | "城区" | "城镇" | "城市" | "县城" => Some(Zone::Urban),
        "rural" | "农村" | "乡村" | "乡镇" => Some(Zone::Rural),
        _ => None,
    }
}

pub fn parse_level(v: &str) -> Option<Level> {
    match v.to_ascii_lowercase().as_str() {
        "primary" | "小学" => Some(Level::Primary),
        "junior" | "初中" | "初级中学" => Some(Level::Junior),
        "nine_year" | "九年一贯制" | "九年制" | "九年一贯制学校" => {
            Some(Level::NineYear)
        }
        "special" | "特殊教育" | "特教" | "特殊教育学校" => Some(Level::Special),
        _ => None,
    }
}

pub fn parse_backbone(v: &str) -> Option<Backbone> {
    match v.to_ascii_lowercase().as_str() {
        "none" | "" | "无" | "否" | "非骨干" => Some(Backbone::None),
        "county" | "县级" | "县级骨干" | "区级" => Some(Backbone::County),
        "city" | "市级" | "市级骨干" => Some(Backbone::City),
        "province" | "省级" | "省级骨干" | "特级" | "特级教师" => {
            Some(Backbone::Province)
        }
        _ => None,
    }
}

pub fn parse_title(v: &str) -> Option<Title> {
    match v.to_ascii_lowercase().as_str() {
        "none" | "" | "无" | "未定级" => Some(Title::None),
        "junior" | "初级" | "二级" | "二级教师" | "三级" | "三级教师" => {
            Some(Title::Junior)
        }
        "intermediate" | "中级" | "一级" | "一级教师" => Some(Title::Intermediate),
        "senior" | "高级" | "高级教师" | "副高级" | "正高级" | "正高级教师" => {
            Some(Title::Senior)
        }
        _ => None,
    }
}

fn parse_gender(v: &str) -> Option<Gender> {
    match v {
        "F" | "f" | "女" | "female" => Some(Gender::F),
        "M" | "m" | "男" | "male" => Some(Gender::M),
        _ => None,
    }
}

/// Which coordinate system a header uses: `Some(false)` grid, `Some(true)` geographic.
fn coordinate_system(
    table: &Table,
    grid: [&str; 2],
    geo: [&str; 2],
    required: bool,
    diags: &mut Diagnostics,
) -> Option<bool> {
    let has = |cols: [&str; 2]| cols.iter().all(|c| table.column(c).is_some());
    let half = |cols: [&str; 2]| cols.iter().any(|c| table.column(c).is_some()) && !has(cols);
    for cols in [grid, geo] {
        if half(cols) {
            diags.error(
                &table.file,
                Some(1),
                None,
                format!(
                    "columns `{}` and `{}` come as a pair; one is missing",
                    cols[0], cols[1]
                ),
            );
        }
    }
    match (has(grid), has(geo)) {
        (true, false) => Some(false),
        (false, true) => Some(true),
        (true, true) => {
            diags.error(
                &table.file,
                Some(1),
                None,
                format!(
                    "both `{}`/`{}` and `{}`/`{}` are present; use one coordinate system",
                    grid[0], grid[1], geo[0], geo[1]
                ),
            );
            None
        }
        (false, false) => {
            if required {
                diags.error(
                    &table.file,
                    Some(1),
                    None,
                    format!(
                        "missing position columns; expected `{}`,`{}` (km on a local grid) or `{}`,`{}` (degrees)",
                        grid[0], grid[1], geo[0], geo[1]
                    ),
                );
            }
            None
        }
    }
}

fn parse_schools(table: &Table, diags: &mut Diagnostics) -> Vec<School> {
    let header_ok = table.check_header(
        SCHOOL_COLUMNS,
        &["id", "name", "zone", "level", "students"],
        diags,
    );
    let geo = coordinate_system(table, ["x_km", "y_km"], ["lat", "lon"], true, diags);
    if !header_ok || geo.is_none() {
        return Vec::new();
    }
    let geo = geo.unwrap_or(false);
    if table.rows.is_empty() {
        diags.error(
            &table.file,
            Some(2),
            None,
            "no schools; expected one row per school",
        );
    }
    let mut schools = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, fields) in &table.rows {
        let mut row = Row {
            table,
            line: *line,
            fields,
            ok: true,
        };
        let id = row.unique_id(diags, "school", &mut seen);
        let name = row.text(diags, "name");
        let zone = row.parse(diags, "zone", "`urban` or `rural` (城区/农村)", parse_zone);
        let level = row.parse(
            diags,
            "level",
            "`primary`, `junior`, `nine_year` or `special` (小学/初中/九年一贯制/特殊教育)",
            parse_level,
        );
        let students = row.integer::<u32>(diags, "students", "a whole number of students ≥ 0");
        let position = if geo {
            row.position(diags, true, ["lat", "lon"])
        } else {
            row.position(diags, false, ["x_km", "y_km"])
        };
        if let (true, Some(zone), Some(level), Some(students), Some(position)) =
            (row.ok, zone, level, students, position)
        {
            schools.push(School {
                id: SchoolId(id),
                name,
                zone,
                level,
                students,
                position,
            });
        }
    }
    schools
}

fn parse_teachers(
    table: &Table,
    schools: &HashMap<String, usize>,
    schools_geo: Option<bool>,
    diags: &mut Diagnostics,
) -> Vec<Teacher> {
    let header_ok = table.check_header(
        TEACHER_COLUMNS,
        &[
            "id",
            "school",
            "subject",
            "gender",
            "birth_year",
            "years_at_school",
            "backbone",
            "title",
            "homeroom",
            "graduating",
        ],
        diags,
    );
    let home_geo = coordinate_system(
        table,
        ["home_x_km", "home_y_km"],
        ["home_lat", "home_lon"],
        false,
        diags,
    );
    if let (Some(h), Some(s)) = (home_geo, schools_geo) {
        if h != s {
            diags.error(
                &table.file,
                Some(1),
                None,
                if s {
                    "homes are on the km grid but schools.csv uses lat/lon; use `home_lat`,`home_lon`"
                } else {
                    "homes are in lat/lon but schools.csv uses the km grid; use `home_x_km`,`home_y_km`"
                },
            );
            return Vec::new();
        }
    }
    if !header_ok {
        return Vec::new();
    }
    if table.rows.is_empty() {
        diags.error(
            &table.file,
            Some(2),
            None,
            "no teachers; expected one row per teacher",
        );
    }
    let home_cols = match home_geo {
        Some(true) => Some(["home_lat", "home_lon"]),
        Some(false) => Some(["home_x_km", "home_y_km"]),
        None => None,
    };
    let mut teachers = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, fields) in &table.rows {
        let mut row = Row {
            table,
            line: *line,
            fields,
            ok: true,
        };
        let id = row.unique_id(diags, "teacher", &mut seen);
        let name = row.optional_text("name").unwrap_or_default();
        let school_raw = row.text(diags, "school");
        let school = schools.get(&school_raw).copied();
        if school.is_none() && !school_raw.is_empty() {
            row.fail(
                diags,
                "school",
                format!("unknown school `{school_raw}`; expected an id from schools.csv"),
            );
        }
        let subject = row.text(diags, "subject");
        let gender = row.parse(diags, "gender", "`F` or `M` (女/男)", parse_gender);
        let birth_year = row.parse(diags, "birth_year", "a year between 1940 and 2010", |v| {
            v.parse::<i32>().ok().filter(|y| (1940..=2010).contains(y))
        });
        let years = row.parse(
            diags,
            "years_at_school",
            "a whole number of years between 0 and 50",
            |v| v.parse::<u32>().ok().filter(|y| *y <= 50),
        );
        let backbone = row.parse(
            diags,
            "backbone",
            "`none`, `county`, `city` or `province` (无/县级/市级/省级)",
            parse_backbone,
        );
        let title = row.parse(
            diags,
            "title",
            "`none`, `junior`, `intermediate` or `senior` (无/初级/中级/高级)",
            parse_title,
        );
        let homeroom = row.boolean(diags, "homeroom");
        let graduating = row.boolean(diags, "graduating");
        let exempt = row.optional_text("exempt");
        let home = match home_cols {
            Some(cols) => {
                let filled: Vec<bool> = cols.iter().map(|c| row.raw(c) != Some("")).collect();
                match (filled[0], filled[1]) {
                    (false, false) => None,
                    (true, true) => row.position(diags, home_geo == Some(true), cols),
                    _ => {
                        let missing = if filled[0] { cols[1] } else { cols[0] };
                        row.fail(
                            diags,
                            missing,
                            "is empty while its pair is set; give both or neither".into(),
                        );
                        None
                    }
                }
            }
            None => None,
        };
        if let (
            true,
            Some(school),
            Some(gender),
            Some(birth_year),
            Some(years_at_school),
            Some(backbone),
            Some(title),
            Some(homeroom),
            Some(graduating),
        ) = (
            row.ok, school, gender, birth_year, years, backbone, title, homeroom, graduating,
        ) {
            teachers.push(Teacher {
                id: TeacherId(id),
                name,
                school,
                subject,
                gender,
                birth_year,
                years_at_school,
                backbone,
                title,
                homeroom,
                graduating,
                exempt,
                home,
            });
        }
    }
    teachers
}

fn parse_partnerships(
    table: &Table,
    schools: &HashMap<String, usize>,
    diags: &mut Diagnostics,
) -> Vec<Partnership> {
    if !table.check_header(PARTNERSHIP_COLUMNS, &["school_a", "school_b"], diags) {
        return Vec::new();
    }
    let mut edges = Vec::new();
    let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
    for (line, fields) in &table.rows {
        let mut row = Row {
            table,
            line: *line,
            fields,
            ok: true,
        };
        let mut end = |row: &mut Row, col: &str| {
            let id = row.text(diags, col);
            let found = schools.get(&id).copied();
            if found.is_none() && !id.is_empty() {
                row.fail(
                    diags,
                    col,
                    format!("unknown school `{id}`; expected an id from schools.csv"),
                );
            }
            found
        };
        let a = end(&mut row, "school_a");
        let b = end(&mut row, "school_b");
        let kind = row
            .optional_text("kind")
            .unwrap_or_else(|| "partner".into());
        if let (Some(a), Some(b)) = (a, b) {
            if a == b {
                row.fail(
                    diags,
                    "school_b",
                    "a school cannot be its own partner".into(),
                );
                continue;
            }
            let key = (a.min(b), a.max(b));
            if let Some(first) = seen.get(&key) {
                diags.warning(
                    &table.file,
                    Some(*line),
                    None,
                    format!("the same pair is listed on line {first}; kept once"),
                );
                continue;
            }
            seen.insert(key, *line);
            if row.ok {
                edges.push(Partnership {
                    school_a: a,
                    school_b: b,
                    kind,
                });
            }
        }
    }
    edges
}

/// Reads a plan file (`plan.csv` as `rotation plan` writes it, or hand-edited, or the
/// plan workbook's `交流名单` sheet): the columns `teacher` and `to_school` are
/// required; `from_school`, when present, must agree with the county.
pub fn read_plan(path: &Path, county: &County) -> Result<Vec<crate::model::moves::Move>> {
    let mut diags = Diagnostics::default();
    let Some(table) =
        crate::input::workbook::read_table(path, &crate::input::vocabulary::PLAN, &mut diags)
    else {
        return Err(RotationError::Invalid(diags));
    };
    let known: Vec<&str> = crate::input::vocabulary::PLAN
        .columns
        .iter()
        .map(|c| c.name)
        .collect();
    if !table.check_header(&known, &["teacher", "to_school"], &mut diags) {
        return Err(RotationError::Invalid(diags));
    }
    let teachers: HashMap<&str, usize> = county
        .teachers
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.0.as_str(), i))
        .collect();
    let schools: HashMap<&str, usize> = county
        .schools
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.0.as_str(), i))
        .collect();
    let mut moves = Vec::new();
    for (line, fields) in &table.rows {
        let mut row = Row {
            table: &table,
            line: *line,
            fields,
            ok: true,
        };
        let tid = row.text(&mut diags, "teacher");
        let teacher = teachers.get(tid.as_str()).copied();
        if teacher.is_none() && !tid.is_empty() {
            row.fail(
                &mut diags,
                "teacher",
                format!("unknown teacher `{tid}`; expected an id from teachers.csv"),
            );
        }
        let sid = row.text(&mut diags, "to_school");
        let to = schools.get(sid.as_str()).copied();
        if to.is_none() && !sid.is_empty() {
            row.fail(
                &mut diags,
                "to_school",
                format!("unknown school `{sid}`; expected an id from schools.csv"),
            );
        }
        if let (Some(t), Some(from)) = (teacher, row.optional_text("from_school")) {
            let actual = &county.schools[county.teachers[t].school].id.0;
            if &from != actual {
                row.fail(
                    &mut diags,
                    "from_school",
                    format!("teacher `{tid}` is at `{actual}` in teachers.csv, not `{from}`"),
                );
            }
        }
        if let (true, Some(teacher), Some(to)) = (row.ok, teacher, to) {
            moves.push(crate::model::moves::Move {
                teacher,
                to,
                km: county.commute(teacher, to),
            });
        }
    }
    if diags.has_errors() {
        Err(RotationError::Invalid(diags))
    } else {
        Ok(moves)
    }
}
