//! Teachers' wishes (`--wishes wishes.csv`, or sheet 意愿 of a workbook): rows
//! `teacher, rank, school, priority`, where `school` may be `stay` (留任, 不愿交流) and
//! the optional `priority` gives the teacher's points (积分; the same on each of their
//! rows). Every problem is reported with its line and column.

use crate::input::table::Row;
use crate::input::vocabulary::WISHES;
use crate::model::county::County;
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::input_message::{Expected, InputMessage};
use crate::model::record_message::RecordMessage;
use crate::model::wishes::{Wish, WishTarget, Wishes};
use std::path::Path;

/// The most wishes a teacher may rank.
pub const MAX_RANK: u32 = 50;
/// The most priority points a teacher may have.
const MAX_POINTS: f64 = 1e6;

fn parse_stay(v: &str) -> bool {
    matches!(
        v.to_ascii_lowercase().as_str(),
        "stay" | "留任" | "不愿交流" | "不交流" | "原校"
    )
}

impl Wishes {
    /// Reads a wishes file and checks it against the county: known teachers and
    /// schools, ranks 1–50 used once per teacher, a school listed once per teacher and
    /// not the teacher's own (that is `stay`), one priority per teacher.
    pub fn read(path: &Path, county: &County) -> Result<Wishes> {
        let mut diags = Diagnostics::default();
        let Some(table) = crate::input::workbook::read_table(path, &WISHES, &mut diags) else {
            return Err(RotationError::Invalid(diags));
        };
        if !table.check_header(
            &["teacher", "rank", "school", "priority"],
            &["teacher", "rank", "school"],
            &mut diags,
        ) {
            return Err(RotationError::Invalid(diags));
        }
        let n = county.teachers.len();
        let mut wishes = Wishes {
            file: table.file.clone(),
            by_teacher: vec![Vec::new(); n],
            points: vec![None; n],
        };
        // The line that set each teacher's points.
        let mut points_line = vec![0usize; n];
        for (line, fields) in &table.rows {
            let mut row = Row {
                table: &table,
                line: *line,
                fields,
                ok: true,
            };
            let (tid, teacher) = row.teacher(&mut diags, "teacher", &county.teachers);
            let expected = Expected::WishRank { max: MAX_RANK };
            let rank = row.parse(&mut diags, "rank", expected, |v| {
                v.parse::<u32>().ok().filter(|r| (1..=MAX_RANK).contains(r))
            });
            let sid = row.text(&mut diags, "school");
            let target = if parse_stay(&sid) {
                Some(WishTarget::Stay)
            } else if sid.is_empty() {
                None
            } else {
                match county.school_index(&sid) {
                    Some(s) => Some(WishTarget::School(s)),
                    None => {
                        row.fail(
                            &mut diags,
                            "school",
                            InputMessage::Record(RecordMessage::UnknownWishSchool {
                                id: sid.clone(),
                            }),
                        );
                        None
                    }
                }
            };
            let points = match row.raw("priority").unwrap_or("") {
                "" => None,
                _ => row.parse(
                    &mut diags,
                    "priority",
                    Expected::PriorityPoints { max: 1_000_000.0 },
                    |v| {
                        v.parse::<f64>()
                            .ok()
                            .filter(|p| p.is_finite() && (0.0..=MAX_POINTS).contains(p))
                    },
                ),
            };
            let (Some(t), Some(rank), Some(target), true) = (teacher, rank, target, row.ok) else {
                continue;
            };
            if target == WishTarget::School(county.teachers[t].school) {
                row.fail(
                    &mut diags,
                    "school",
                    InputMessage::Record(RecordMessage::WishForOwnSchool {
                        teacher: tid.clone(),
                        school: sid.clone(),
                    }),
                );
                continue;
            }
            let own = &wishes.by_teacher[t];
            if let Some(w) = own.iter().find(|w| w.rank == rank) {
                row.fail(
                    &mut diags,
                    "rank",
                    InputMessage::Record(RecordMessage::RankTwice {
                        teacher: tid.clone(),
                        rank,
                        first: w.line,
                    }),
                );
                continue;
            }
            if let Some(w) = own.iter().find(|w| w.target == target) {
                row.fail(
                    &mut diags,
                    "school",
                    InputMessage::Record(RecordMessage::SchoolTwice {
                        teacher: tid.clone(),
                        school: sid.clone(),
                        first: w.line,
                    }),
                );
                continue;
            }
            if let Some(p) = points {
                match wishes.points[t] {
                    Some(q) if q != p => {
                        row.fail(
                            &mut diags,
                            "priority",
                            InputMessage::Record(RecordMessage::PointsDiffer {
                                teacher: tid.clone(),
                                points: q,
                                first: points_line[t],
                            }),
                        );
                        continue;
                    }
                    _ => {
                        wishes.points[t] = Some(p);
                        points_line[t] = *line;
                    }
                }
            }
            wishes.by_teacher[t].push(Wish {
                teacher: t,
                rank,
                target,
                line: *line,
            });
        }
        if diags.has_errors() {
            return Err(RotationError::Invalid(diags));
        }
        for own in &mut wishes.by_teacher {
            own.sort_by_key(|w| w.rank);
        }
        Ok(wishes)
    }
}
