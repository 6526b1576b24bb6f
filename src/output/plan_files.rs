//! Plan outputs: `plan.csv`, `schools.csv`, `summary.json` and the short text
//! summary, all as bytes or strings (the binary decides where they go).

use crate::model::county::County;
use crate::model::error::{Result, RotationError};
use crate::model::indicator::Indicator;
use crate::model::moves::Move;
use crate::output::files::{csv_bytes, write_atomic};
use crate::output::summary::summary_json;
use crate::round::reasons::MoveReason;
use crate::round::run::PlanOutcome;
use crate::rules::indicators::IndicatorFigures;
use crate::rules::metrics::SchoolFigures;
use std::path::Path;

/// The header of `plan.csv`, one move a row (`commute_km` becomes `commute_minutes`
/// with a road network).
pub const PLAN_COLUMNS: &[&str] = &[
    "teacher",
    "name",
    "subject",
    "backbone",
    "from_school",
    "to_school",
    "from_zone",
    "to_zone",
    "commute_km",
    "reason",
];

/// `plan.csv`. With a road network the commute column is `commute_minutes`.
pub fn plan_csv(county: &County, moves: &[Move], reasons: &[MoveReason]) -> Vec<u8> {
    let header: Vec<&str> = PLAN_COLUMNS
        .iter()
        .map(|&c| {
            if c == "commute_km" && county.travel.is_some() {
                "commute_minutes"
            } else {
                c
            }
        })
        .collect();
    csv_bytes(
        &header,
        moves.iter().zip(reasons).map(|(m, reason)| {
            let t = &county.teachers[m.teacher];
            let from = &county.schools[t.school];
            let to = &county.schools[m.to];
            vec![
                t.id.0.clone(),
                t.name.clone(),
                t.subject.clone(),
                <&str>::from(t.backbone).to_string(),
                from.id.0.clone(),
                to.id.0.clone(),
                <&str>::from(from.zone).to_string(),
                <&str>::from(to.zone).to_string(),
                format!("{:.2}", m.km),
                reason.text(crate::model::lang::Lang::En),
            ]
        }),
    )
}

/// The columns of `schools.csv`: the school, its staff, leavers and arrivals, then
/// the national method's teacher indicators (see [`SCHOOL_INDICATOR_COLUMNS`]).
pub const SCHOOL_COLUMNS: &[&str] = &[
    "school",
    "name",
    "zone",
    "level",
    "students",
    "staff",
    "out",
    "in",
    "staff_after",
    "backbone_before",
    "backbone_after",
    "backbone_per_100_before",
    "backbone_per_100_after",
];

/// The indicator columns of `schools.csv` after [`SCHOOL_COLUMNS`]: for backbone
/// teachers the standard and whether the school meets it before and after; for the
/// qualification and PE/art teachers also the counts and values per 100 students.
/// Empty for a school no level judges (special schools, no students), and for the
/// qualification when no teacher has a degree. A nine-year school shows its junior
/// side ([`row_side`](crate::rules::indicators::row_side)).
pub const SCHOOL_INDICATOR_COLUMNS: &[&str] = &[
    "backbone_standard",
    "backbone_meets_before",
    "backbone_meets_after",
    "qualified_before",
    "qualified_after",
    "qualified_per_100_before",
    "qualified_per_100_after",
    "qualified_standard",
    "qualified_meets_before",
    "qualified_meets_after",
    "pe_art_before",
    "pe_art_after",
    "pe_art_per_100_before",
    "pe_art_per_100_after",
    "pe_art_standard",
    "pe_art_meets_before",
    "pe_art_meets_after",
];

/// The indicator cells of school `s` (in [`SCHOOL_INDICATOR_COLUMNS`] order).
fn indicator_cells(county: &County, indicators: &IndicatorFigures, s: usize) -> Vec<String> {
    let mut cells = Vec::new();
    for indicator in [Indicator::Backbone, Indicator::Qualified, Indicator::PeArt] {
        let value = indicators.school_row(county, s, indicator);
        let mut part = match value {
            Some(v) => vec![
                v.before.to_string(),
                v.after.to_string(),
                format!("{:.3}", v.per_100_before),
                format!("{:.3}", v.per_100_after),
                format!("{:.1}", v.standard),
                v.meets(false).to_string(),
                v.meets(true).to_string(),
            ],
            None => vec![String::new(); 7],
        };
        if indicator == Indicator::Backbone {
            // Counts and values per 100 are the columns before.
            part.drain(..4);
        }
        cells.extend(part);
    }
    cells
}

/// `schools.csv` of a plan: one row per school with its staff, leavers, arrivals and
/// the teacher indicators per 100 students, before and after.
pub fn schools_csv(
    county: &County,
    schools: &[SchoolFigures],
    indicators: &IndicatorFigures,
) -> Vec<u8> {
    let header: Vec<&str> = SCHOOL_COLUMNS
        .iter()
        .chain(SCHOOL_INDICATOR_COLUMNS)
        .copied()
        .collect();
    csv_bytes(
        &header,
        schools.iter().enumerate().map(|(i, s)| {
            let mut row = vec![
                s.school.clone(),
                s.name.clone(),
                <&str>::from(s.zone).to_string(),
                <&str>::from(s.level).to_string(),
                s.students.to_string(),
                s.staff.to_string(),
                s.out.to_string(),
                s.inflow.to_string(),
                s.staff_after.to_string(),
                s.backbone_before.to_string(),
                s.backbone_after.to_string(),
                format!("{:.3}", s.backbone_per_100_before),
                format!("{:.3}", s.backbone_per_100_after),
            ];
            row.extend(indicator_cells(county, indicators, i));
            row
        }),
    )
}

/// Writes `plan.csv`, `schools.csv` and `summary.json` into `dir`, each atomically.
/// An existing `plan.csv` is kept unless `force`.
pub fn write_plan_dir(
    county: &County,
    outcome: &PlanOutcome,
    dir: &Path,
    force: bool,
) -> Result<()> {
    let plan_path = dir.join("plan.csv");
    if plan_path.exists() && !force {
        return Err(RotationError::Usage(format!(
            "{} exists; pass --force to overwrite it",
            plan_path.display()
        )));
    }
    // Everything is rendered before anything is written.
    let plan = plan_csv(county, &outcome.moves, &outcome.reasons);
    let schools = schools_csv(county, &outcome.schools, &outcome.figures.indicators);
    let summary = serde_json::to_vec_pretty(&summary_json(outcome)).expect("serialisable summary");
    write_atomic(&dir.join("schools.csv"), &schools)?;
    write_atomic(&dir.join("summary.json"), &summary)?;
    write_atomic(&plan_path, &plan)
}

/// Extra plan outputs for people who work in Excel.
#[derive(Debug, Clone, Default)]
pub struct ExcelOutputs<'a> {
    /// Start `plan.csv` and `schools.csv` with a UTF-8 BOM so Excel reads them as UTF-8.
    pub csv_bom: bool,
    /// Also write the plan workbook here.
    pub xlsx: Option<&'a Path>,
    /// Also write the changes to the previous plan (`changes.csv`).
    pub changes: bool,
}

/// [`write_plan_dir`] with the Excel outputs. Everything is rendered in memory first.
pub fn write_plan_outputs(
    county: &County,
    outcome: &PlanOutcome,
    dir: &Path,
    force: bool,
    excel: &ExcelOutputs,
) -> Result<()> {
    let workbook = match excel.xlsx {
        Some(_) => Some(crate::output::plan_workbook::plan_workbook(
            county, outcome,
        )?),
        None => None,
    };
    let bom = |mut bytes: Vec<u8>| {
        if excel.csv_bom {
            bytes.splice(0..0, *b"\xEF\xBB\xBF");
        }
        bytes
    };
    let changes = outcome.changes.as_ref().map(|c| {
        bom(csv_bytes(
            &["teacher", "change", "before", "after", "why"],
            c.changes.iter().map(|ch| {
                vec![
                    ch.teacher.clone(),
                    ch.kind.to_string(),
                    ch.before.clone().unwrap_or_default(),
                    ch.after.clone().unwrap_or_default(),
                    ch.why.clone(),
                ]
            }),
        ))
    });
    write_plan_dir(county, outcome, dir, force)?;
    if excel.csv_bom {
        let plan = bom(plan_csv(county, &outcome.moves, &outcome.reasons));
        write_atomic(
            &dir.join("schools.csv"),
            &bom(schools_csv(
                county,
                &outcome.schools,
                &outcome.figures.indicators,
            )),
        )?;
        write_atomic(&dir.join("plan.csv"), &plan)?;
    }
    if let (true, Some(changes)) = (excel.changes, changes) {
        write_atomic(&dir.join("changes.csv"), &changes)?;
    }
    if let (Some(path), Some(bytes)) = (excel.xlsx, workbook) {
        write_atomic(path, &bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::model::county::{Backbone, Gender, Level, Title, Zone};
    use crate::rules::breach::Rule;
    use crate::solve::highs::{SolveMethod, SolveStatus};
    use serde::Serialize;

    /// CSV columns use the enums' static names, JSON their serde names: one word each.
    fn same_name<T: Serialize + Copy + Into<&'static str>>(values: &[T]) {
        for &v in values {
            let json = serde_json::to_value(v).unwrap();
            assert_eq!(json.as_str(), Some(v.into()));
        }
    }

    #[test]
    fn csv_and_json_name_every_value_alike() {
        same_name(&[Zone::Urban, Zone::Rural]);
        same_name(&[
            Level::Primary,
            Level::Junior,
            Level::NineYear,
            Level::Special,
        ]);
        same_name(&[
            Backbone::None,
            Backbone::County,
            Backbone::City,
            Backbone::Province,
        ]);
        same_name(&[
            Title::None,
            Title::Junior,
            Title::Intermediate,
            Title::Senior,
        ]);
        same_name(&[Gender::F, Gender::M]);
        same_name(&[
            Rule::Eligibility,
            Rule::MovesOnce,
            Rule::MoveAllowed,
            Rule::Staffing,
            Rule::Subject,
            Rule::OutflowCap,
            Rule::ExchangeTarget,
            Rule::BackboneTarget,
            Rule::Pin,
        ]);
        same_name(&[
            SolveStatus::Optimal,
            SolveStatus::TimeLimit,
            SolveStatus::Infeasible,
        ]);
        same_name(&[
            SolveMethod::LpIntegral,
            SolveMethod::LpFixAndComplete,
            SolveMethod::BranchAndBound,
        ]);
    }
}
