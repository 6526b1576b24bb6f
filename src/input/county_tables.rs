//! The tables of an instance, whatever file format they came from, turned into a
//! validated [`County`]: schools, teachers and partnerships parsed row by row, every
//! problem collected with its file, line and column.
//!
//! Long file: the schools, teachers and partnerships parsers share the registry of
//! school ids (a bad school row still registers its id, so its teachers are not
//! reported again) and the row helpers; one file keeps that contract in view.

use crate::input::table::{Row, Table};
use crate::input::values::{
    parse_backbone, parse_degree, parse_gender, parse_level, parse_title, parse_zone,
};
use crate::model::county::{County, Position, School, SchoolId, Teacher, TeacherId};
use crate::model::diagnostics::Diagnostics;
use crate::model::groups::Partnership;
use crate::model::input_message::{Expected, IdKind, InputMessage};
use crate::model::record_message::RecordMessage;
use std::collections::{HashMap, HashSet};

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
    "degree",
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

/// A county read from disk, with the warnings found on the way.
#[derive(Debug)]
pub struct Loaded {
    /// The validated county.
    pub county: County,
    /// Warnings only (ignored columns, GBK files, pairs listed twice, ...), to be shown to
    /// the user; a county with errors is never loaded.
    pub warnings: Diagnostics,
    /// Where the teachers' rows are, for checks that need the policy too.
    pub origin: Origin,
}

/// Where a county's teachers came from: checks made after reading (with the
/// policy's planning year, [`crate::input::plausibility`]) name the rows.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// How messages name the teachers table (`teachers.csv`, `book.xlsx[教师]`).
    pub teachers_file: String,
    /// The line (Excel row) of each teacher, in county order.
    pub teacher_lines: Vec<usize>,
    /// The column number and header (as written) of the teachers table's columns, by
    /// CSV name.
    pub teacher_columns: HashMap<String, (usize, String)>,
}

/// The three tables of an instance, whatever file format they came from.
pub struct CountyTables {
    /// `schools.csv` or the `schools`/`学校` sheet; `None` when missing (an error).
    pub schools: Option<Table>,
    /// `teachers.csv` or the `teachers`/`教师` sheet; `None` when missing (an error).
    pub teachers: Option<Table>,
    /// `partnerships.csv` or the `partnerships`/`共同体` sheet; `None` when absent (every
    /// school is then a group of its own).
    pub partnerships: Option<Table>,
    /// Optional road network (`from, to, minutes`): commutes become travel times.
    pub roads: Option<Table>,
    /// Optional distance table (`from, to, km|minutes`): commutes come from it, and the
    /// schools' coordinates become optional (`input::distances`).
    pub distances: Option<Table>,
}

/// Turns raw tables into a county. Returns `None` when a required table is missing;
/// otherwise a county is built from the rows that parsed, and `diags` says whether it
/// may be used.
pub fn county_from_tables(
    mut tables: CountyTables,
    diags: &mut Diagnostics,
) -> Option<(County, Origin)> {
    use crate::input::vocabulary as v;
    for (table, kind) in [
        (&mut tables.schools, v::SCHOOLS),
        (&mut tables.teachers, v::TEACHERS),
        (&mut tables.partnerships, v::PARTNERSHIPS),
        (&mut tables.roads, v::ROADS),
        (&mut tables.distances, v::DISTANCES),
    ] {
        if let Some(t) = table {
            t.canonicalize(kind, diags);
        }
    }
    // A table with a header and no rows (as in the templates) means none.
    let distances = tables.distances.as_ref().filter(|r| !r.rows.is_empty());
    let (schools, school_ids, no_coordinates) =
        parse_schools(tables.schools.as_ref()?, distances.is_some(), diags);
    let position_kind = schools
        .first()
        .map(|s| matches!(s.position, Position::Geo { .. }));
    let teachers_table = tables.teachers.as_ref()?;
    let mut origin = Origin {
        teachers_file: teachers_table.file.clone(),
        teacher_lines: Vec::new(),
        teacher_columns: (0..teachers_table.headers.len())
            .map(|i| {
                let label = teachers_table.label(i).to_string();
                (teachers_table.headers[i].clone(), (i + 1, label))
            })
            .collect(),
    };
    let teachers = parse_teachers(
        teachers_table,
        &school_ids,
        position_kind,
        &mut origin.teacher_lines,
        diags,
    );
    let partnerships = match &tables.partnerships {
        Some(t) => parse_partnerships(t, &school_ids, diags),
        None => Vec::new(),
    };
    let mut county = County::new(schools, teachers, partnerships);
    // A roads table with a header and no rows (as in the templates) means no roads.
    let roads = tables.roads.as_ref().filter(|r| !r.rows.is_empty());
    if let (Some(roads), Some(distances)) = (roads, distances) {
        diags.error(
            &distances.file,
            None,
            None,
            InputMessage::Record(RecordMessage::RoadsAndDistances {
                roads: roads.file.clone(),
                distances: distances.file.clone(),
            }),
        );
        return Some((county, origin));
    }
    if let (Some(roads), Some(s), Some(t)) = (roads, &tables.schools, &tables.teachers) {
        if !diags.has_errors() {
            county.travel = crate::input::roads::travel_times(&county, roads, s, t, diags);
        }
    }
    if let (Some(distances), Some(s), Some(t)) = (distances, &tables.schools, &tables.teachers) {
        if !diags.has_errors() {
            county.travel = crate::input::distances::distance_times(
                &mut county,
                distances,
                s,
                t,
                no_coordinates,
                diags,
            );
        }
    }
    Some((county, origin))
}

/// The school ids of the schools table, for the references of the other tables. A
/// row with a bad cell still registers its id, so that its teachers are not reported
/// once more each as "unknown school": one cause, one message.
struct SchoolIds {
    /// The index of each school read.
    index: HashMap<String, usize>,
    /// Ids of rows that are in the table but could not be read (reported there).
    unread: HashSet<String>,
    /// Whether references can be checked: not when the table's header could not be
    /// read, nor when it has no rows (each reported once there, not once per row that
    /// names a school).
    readable: bool,
}

/// What a reference to a school id is.
enum SchoolRef {
    /// A school read, at this index.
    Found(usize),
    /// A school whose row has an error of its own, or a schools table that could not be
    /// read or is empty: already reported, not an error here.
    Unread,
    /// No such id in the schools table.
    Unknown,
}

impl SchoolIds {
    fn get(&self, id: &str) -> SchoolRef {
        match self.index.get(id) {
            Some(&i) => SchoolRef::Found(i),
            None if !self.readable || self.unread.contains(id) => SchoolRef::Unread,
            None => SchoolRef::Unknown,
        }
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
                Some(table.header_line),
                None,
                InputMessage::HalfPairOfColumns {
                    columns: cols.map(str::to_string),
                },
            );
        }
    }
    match (has(grid), has(geo)) {
        (true, false) => Some(false),
        (false, true) => Some(true),
        (true, true) => {
            diags.error(
                &table.file,
                Some(table.header_line),
                None,
                InputMessage::TwoCoordinateSystems {
                    grid: grid.map(str::to_string),
                    geo: geo.map(str::to_string),
                },
            );
            None
        }
        (false, false) => {
            if required {
                diags.error(
                    &table.file,
                    Some(table.header_line),
                    None,
                    InputMessage::MissingPosition {
                        grid: grid.map(str::to_string),
                        geo: geo.map(str::to_string),
                    },
                );
            }
            None
        }
    }
}

/// The schools, their ids, and whether they come without coordinates (allowed only
/// with a distance table, which then lays them out).
fn parse_schools(
    table: &Table,
    distances: bool,
    diags: &mut Diagnostics,
) -> (Vec<School>, SchoolIds, bool) {
    let header_ok = table.check_header(
        SCHOOL_COLUMNS,
        &["id", "name", "zone", "level", "students"],
        diags,
    );
    let no_coordinates = distances
        && ["x_km", "y_km", "lat", "lon"]
            .iter()
            .all(|c| table.column(c).is_none());
    let geo = if no_coordinates {
        Some(false)
    } else {
        coordinate_system(table, ["x_km", "y_km"], ["lat", "lon"], true, diags)
    };
    let mut ids = SchoolIds {
        index: HashMap::new(),
        unread: HashSet::new(),
        readable: header_ok && geo.is_some(),
    };
    if !ids.readable {
        return (Vec::new(), ids, no_coordinates);
    }
    let geo = geo.unwrap_or(false);
    if table.rows.is_empty() {
        diags.error(
            &table.file,
            Some(table.header_line + 1),
            None,
            InputMessage::NoSchools,
        );
        ids.readable = false;
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
        let id = row.unique_id(diags, IdKind::School, &mut seen);
        let name = row.text(diags, "name");
        let zone = row.parse(diags, "zone", Expected::Zone, parse_zone);
        let level = row.parse(diags, "level", Expected::Level, parse_level);
        let students = row.integer::<u32>(diags, "students", Expected::Students);
        let position = if no_coordinates {
            // Laid out from the distance table once it is read.
            Some(Position::Grid {
                x_km: 0.0,
                y_km: 0.0,
            })
        } else if geo {
            row.position(diags, true, ["lat", "lon"])
        } else {
            row.position(diags, false, ["x_km", "y_km"])
        };
        if let (true, Some(zone), Some(level), Some(students), Some(position)) =
            (row.ok, zone, level, students, position)
        {
            ids.index.insert(id.clone(), schools.len());
            schools.push(School {
                id: SchoolId(id),
                name,
                zone,
                level,
                students,
                position,
            });
        } else if !id.is_empty() {
            ids.unread.insert(id);
        }
    }
    (schools, ids, no_coordinates)
}

fn parse_teachers(
    table: &Table,
    schools: &SchoolIds,
    schools_geo: Option<bool>,
    lines: &mut Vec<usize>,
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
                Some(table.header_line),
                None,
                InputMessage::HomesInOtherSystem { schools_geo: s },
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
            Some(table.header_line + 1),
            None,
            InputMessage::NoTeachers,
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
        let id = row.unique_id(diags, IdKind::Teacher, &mut seen);
        let name = row.optional_text("name").unwrap_or_default();
        let school_raw = row.text(diags, "school");
        let school = match schools.get(&school_raw) {
            SchoolRef::Found(i) => Some(i),
            SchoolRef::Unread => {
                row.ok = false;
                None
            }
            SchoolRef::Unknown => {
                if !school_raw.is_empty() {
                    row.fail(
                        diags,
                        "school",
                        InputMessage::UnknownSchool {
                            id: school_raw.clone(),
                        },
                    );
                }
                None
            }
        };
        let subject = crate::input::vocabulary::subject_code(row.text(diags, "subject"));
        let gender = row.parse(diags, "gender", Expected::Gender, parse_gender);
        let birth_year = row.parse(diags, "birth_year", Expected::BirthYear, |v| {
            v.parse::<i32>().ok().filter(|y| (1940..=2010).contains(y))
        });
        let years = row.parse(diags, "years_at_school", Expected::YearsAtSchool, |v| {
            v.parse::<u32>().ok().filter(|y| *y <= 50)
        });
        let backbone = row.parse(diags, "backbone", Expected::Backbone, parse_backbone);
        let title = row.parse(diags, "title", Expected::Title, parse_title);
        // Optional: an empty cell, or no column at all, is an unknown degree.
        let degree = match row.raw("degree") {
            None | Some("") => None,
            Some(_) => row.parse(diags, "degree", Expected::Degree, parse_degree),
        };
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
                        row.fail(diags, missing, InputMessage::HalfPairEmpty);
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
            lines.push(*line);
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
                degree,
            });
        }
    }
    teachers
}

fn parse_partnerships(
    table: &Table,
    schools: &SchoolIds,
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
            match schools.get(&id) {
                SchoolRef::Found(i) => Some(i),
                SchoolRef::Unread => {
                    row.ok = false;
                    None
                }
                SchoolRef::Unknown => {
                    if !id.is_empty() {
                        row.fail(diags, col, InputMessage::UnknownSchool { id: id.clone() });
                    }
                    None
                }
            }
        };
        let a = end(&mut row, "school_a");
        let b = end(&mut row, "school_b");
        let kind = row
            .optional_text("kind")
            .unwrap_or_else(|| "partner".into());
        if let (Some(a), Some(b)) = (a, b) {
            if a == b {
                row.fail(diags, "school_b", InputMessage::OwnPartner);
                continue;
            }
            let key = (a.min(b), a.max(b));
            if let Some(first) = seen.get(&key) {
                diags.warning(
                    &table.file,
                    Some(*line),
                    None,
                    InputMessage::PairListedTwice { first: *first },
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
