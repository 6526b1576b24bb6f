//! Writing outputs safely: every file is written to a temporary sibling and renamed
//! into place, so an interrupted run never leaves a half-written file.

use crate::county::{County, Position};
use crate::error::{Result, RotationError};
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| RotationError::io(dir, e))?;
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| RotationError::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        RotationError::io(path, e)
    })
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

/// Writes a county as an instance folder in the documented CSV format.
pub fn write_instance(county: &County, dir: &Path) -> Result<()> {
    let geo = matches!(
        county.schools.first().map(|s| s.position),
        Some(Position::Geo { .. })
    );
    let (sx, sy, hx, hy) = if geo {
        ("lat", "lon", "home_lat", "home_lon")
    } else {
        ("x_km", "y_km", "home_x_km", "home_y_km")
    };
    let schools = csv_bytes(
        &["id", "name", "zone", "level", "students", sx, sy],
        county.schools.iter().map(|s| {
            let [x, y] = position_fields(&s.position);
            vec![
                s.id.0.clone(),
                s.name.clone(),
                enum_text(&s.zone),
                enum_text(&s.level),
                s.students.to_string(),
                x,
                y,
            ]
        }),
    );
    let teachers = csv_bytes(
        &[
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
        county.teachers.iter().map(|t| {
            let [x, y] = t
                .home
                .as_ref()
                .map(position_fields)
                .unwrap_or([String::new(), String::new()]);
            vec![
                t.id.0.clone(),
                t.name.clone(),
                county.schools[t.school].id.0.clone(),
                t.subject.clone(),
                format!("{:?}", t.gender),
                t.birth_year.to_string(),
                t.years_at_school.to_string(),
                enum_text(&t.backbone),
                enum_text(&t.title),
                t.homeroom.to_string(),
                t.graduating.to_string(),
                t.exempt.clone().unwrap_or_default(),
                x,
                y,
            ]
        }),
    );
    let partnerships = csv_bytes(
        &["school_a", "school_b", "kind"],
        county.partnerships.iter().map(|p| {
            vec![
                county.schools[p.school_a].id.0.clone(),
                county.schools[p.school_b].id.0.clone(),
                p.kind.clone(),
            ]
        }),
    );
    write_atomic(&dir.join(crate::read::SCHOOLS_FILE), &schools)?;
    write_atomic(&dir.join(crate::read::TEACHERS_FILE), &teachers)?;
    write_atomic(&dir.join(crate::read::PARTNERSHIPS_FILE), &partnerships)
}
