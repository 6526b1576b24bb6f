//! Writing outputs safely: every file is written to a temporary sibling and renamed
//! into place, so an interrupted run never leaves a half-written file.

use crate::model::county::{County, Position};
use crate::model::error::{Result, RotationError};
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, "tmp", |tmp| {
        std::fs::write(tmp, bytes).map_err(|e| RotationError::io(tmp, e))
    })
}

/// Lets `write` fill a temporary sibling of `path` (its name ends in `.{suffix}`, for
/// writers that choose the format by extension), then renames it into place. The
/// temporary file is removed when anything fails.
pub fn write_atomic_with(
    path: &Path,
    suffix: &str,
    write: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| RotationError::io(dir, e))?;
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = path.with_file_name(format!(".{file_name}.{}.{suffix}", std::process::id()));
    let result = write(&tmp)
        .and_then(|()| std::fs::rename(&tmp, path).map_err(|e| RotationError::io(path, e)));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Serialises rows of strings as CSV text.
pub fn csv_bytes<I, R>(header: &[&str], rows: I) -> Vec<u8>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = String>,
{
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    w.write_record(header).expect("in-memory CSV");
    for row in rows {
        w.write_record(row).expect("in-memory CSV");
    }
    w.into_inner().expect("in-memory CSV")
}

fn position_fields(p: &Position) -> [String; 2] {
    match *p {
        Position::Grid { x_km, y_km } => [x_km.to_string(), y_km.to_string()],
        Position::Geo { lat, lon } => [lat.to_string(), lon.to_string()],
    }
}

fn enum_text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
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
/// own spreadsheets write them. Shared by the CSV folder and the filled workbook.
pub fn instance_tables(county: &County, zh: bool) -> [InstanceTable; 3] {
    use crate::input::vocabulary::{backbone_zh, bool_zh, gender_zh, level_zh, title_zh, zone_zh};
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
                    word(enum_text(&s.zone), zone_zh(s.zone)),
                    word(enum_text(&s.level), level_zh(s.level)),
                    s.students.to_string(),
                    x,
                    y,
                ]
            })
            .collect(),
    };
    let teachers = InstanceTable {
        columns: vec![
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
        ],
        rows: county
            .teachers
            .iter()
            .map(|t| {
                let [x, y] = t.home.as_ref().map(position_fields).unwrap_or_default();
                vec![
                    t.id.0.clone(),
                    t.name.clone(),
                    county.schools[t.school].id.0.clone(),
                    t.subject.clone(),
                    word(format!("{:?}", t.gender), gender_zh(t.gender)),
                    t.birth_year.to_string(),
                    t.years_at_school.to_string(),
                    word(enum_text(&t.backbone), backbone_zh(t.backbone)),
                    word(enum_text(&t.title), title_zh(t.title)),
                    flag(t.homeroom),
                    flag(t.graduating),
                    t.exempt.clone().unwrap_or_default(),
                    x,
                    y,
                ]
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

/// Writes a county as an instance folder in the documented CSV format.
pub fn write_instance(county: &County, dir: &Path) -> Result<()> {
    let [schools, teachers, partnerships] = instance_tables(county, false);
    let bytes = |t: InstanceTable| csv_bytes(&t.columns, t.rows);
    let (schools, teachers, partnerships) = (bytes(schools), bytes(teachers), bytes(partnerships));
    write_atomic(&dir.join(crate::input::instance::SCHOOLS_FILE), &schools)?;
    write_atomic(&dir.join(crate::input::instance::TEACHERS_FILE), &teachers)?;
    write_atomic(
        &dir.join(crate::input::instance::PARTNERSHIPS_FILE),
        &partnerships,
    )
}
