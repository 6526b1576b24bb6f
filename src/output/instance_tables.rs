//! A county written back as the tables of the data format (the inverse of
//! `input::county_tables`): for `rotation generate`, the filled template and tests.

use crate::model::county::{County, Position};
use crate::model::error::Result;
use crate::output::files::csv_bytes;
use crate::output::output_set::OutputSet;
use std::path::Path;

fn position_fields(p: &Position) -> [String; 2] {
    match *p {
        Position::Grid { x_km, y_km } => [x_km.to_string(), y_km.to_string()],
        Position::Geo { lat, lon } => [lat.to_string(), lon.to_string()],
    }
}

/// One table of an instance as text: its column names and its rows.
pub struct InstanceTable {
    /// Column names (the CSV names, or the Chinese headers), in file order.
    pub columns: Vec<&'static str>,
    /// The rows, one text per column.
    pub rows: Vec<Vec<String>>,
}

/// The county as the three tables of the data format (schools, teachers,
/// partnerships), with the values in English words, or in Chinese (`zh`) as a county's
/// own spreadsheets write them. Shared by the CSV folder and the filled workbook. The
/// optional `degree` column (学历) is written when any teacher has a degree.
pub fn instance_tables(county: &County, zh: bool) -> [InstanceTable; 3] {
    use crate::input::vocabulary::{
        backbone_zh, bool_zh, degree_zh, gender_zh, level_zh, title_zh, zone_zh,
    };
    let geo = matches!(
        county.schools.first().map(|s| s.position),
        Some(Position::Geo { .. })
    );
    let (sx, sy, hx, hy) = if geo {
        ("lat", "lon", "home_lat", "home_lon")
    } else {
        ("x_km", "y_km", "home_x_km", "home_y_km")
    };
    let word = |en: String, zh_word: &str| if zh { zh_word.to_string() } else { en };
    let flag = |v: bool| word(v.to_string(), bool_zh(v));
    let schools = InstanceTable {
        columns: vec!["id", "name", "zone", "level", "students", sx, sy],
        rows: county
            .schools
            .iter()
            .map(|s| {
                let [x, y] = position_fields(&s.position);
                vec![
                    s.id.0.clone(),
                    s.name.clone(),
                    word(<&str>::from(s.zone).to_string(), zone_zh(s.zone)),
                    word(<&str>::from(s.level).to_string(), level_zh(s.level)),
                    s.students.to_string(),
                    x,
                    y,
                ]
            })
            .collect(),
    };
    let degrees = county.teachers.iter().any(|t| t.degree.is_some());
    let mut columns = vec![
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
        hx,
        hy,
    ];
    if degrees {
        columns.insert(9, "degree");
    }
    let teachers = InstanceTable {
        columns,
        rows: county
            .teachers
            .iter()
            .map(|t| {
                let [x, y] = t.home.as_ref().map(position_fields).unwrap_or_default();
                let mut row = vec![
                    t.id.0.clone(),
                    t.name.clone(),
                    county.schools[t.school].id.0.clone(),
                    t.subject.clone(),
                    word(format!("{:?}", t.gender), gender_zh(t.gender)),
                    t.birth_year.to_string(),
                    t.years_at_school.to_string(),
                    word(
                        <&str>::from(t.backbone).to_string(),
                        backbone_zh(t.backbone),
                    ),
                    word(<&str>::from(t.title).to_string(), title_zh(t.title)),
                    flag(t.homeroom),
                    flag(t.graduating),
                    t.exempt.clone().unwrap_or_default(),
                    x,
                    y,
                ];
                if degrees {
                    let degree = t
                        .degree
                        .map(|d| word(<&str>::from(d).to_string(), degree_zh(d)))
                        .unwrap_or_default();
                    row.insert(9, degree);
                }
                row
            })
            .collect(),
    };
    let partnerships = InstanceTable {
        columns: vec!["school_a", "school_b", "kind"],
        rows: county
            .partnerships
            .iter()
            .map(|p| {
                vec![
                    county.schools[p.school_a].id.0.clone(),
                    county.schools[p.school_b].id.0.clone(),
                    p.kind.clone(),
                ]
            })
            .collect(),
    };
    [schools, teachers, partnerships]
}

/// Writes a county as an instance folder in the documented CSV format, as one
/// [`OutputSet`] (with its `manifest.json`). An existing folder with files is replaced
/// only with `force`, and never when it holds files `rotation` did not write or any of
/// `inputs` (the files the command read).
pub fn write_instance(
    county: &County,
    dir: &Path,
    force: bool,
    inputs: &[std::path::PathBuf],
) -> Result<()> {
    use crate::input::instance::{PARTNERSHIPS_FILE, SCHOOLS_FILE, TEACHERS_FILE};
    let names = [SCHOOLS_FILE, TEACHERS_FILE, PARTNERSHIPS_FILE];
    let mut set = OutputSet::begin(dir, force, inputs, &names)?;
    for (name, table) in names.into_iter().zip(instance_tables(county, false)) {
        set.add(name, csv_bytes(&table.columns, table.rows));
    }
    set.commit()
}
