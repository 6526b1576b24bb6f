//! Plan outputs: `plan.csv`, `schools.csv`, `summary.json` (and `changes.csv`) as
//! bytes, and the plan folder written as one set. The CSV files are for Excel: a cell
//! that would read as a formula is neutralised ([`crate::model::cell`]).

use crate::input::manifest::PLAN_SET_FILES;
use crate::model::county::County;
use crate::model::error::Result;
use crate::model::indicator::Indicator;
use crate::model::lang::Lang;
use crate::model::moves::Move;
use crate::output::files::excel_csv_bytes;
use crate::output::output_set::OutputSet;
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

/// `plan.csv`. With a road network the commute column is `commute_minutes`; with
/// exchange teams (`teams.csv`) a last column `team` names each mover's team. The
/// `reason` is written in `lang` (the columns keep their machine names).
pub fn plan_csv(county: &County, moves: &[Move], reasons: &[MoveReason], lang: Lang) -> Vec<u8> {
    let mut header: Vec<&str> = PLAN_COLUMNS
        .iter()
        .map(|&c| {
            if c == "commute_km"
                && county.commute_unit() == crate::model::travel::CommuteUnit::Minutes
            {
                "commute_minutes"
            } else {
                c
            }
        })
        .collect();
    // The exchange team each mover moves with, only in a round with teams (the
    // column is left out otherwise, so plans without teams keep their shape).
    let teams = county.exchange_teams.any();
    if teams {
        header.push("team");
    }
    excel_csv_bytes(
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
                reason.text(lang),
            ]
            .into_iter()
            .chain(teams.then(|| county.exchange_teams.name_of(m.teacher).to_string()))
            .collect::<Vec<String>>()
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
    excel_csv_bytes(
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

/// The files of a plan folder, rendered: `plan.csv`, `schools.csv`, `summary.json`,
/// `stayed.csv` (why each eligible teacher who stays does), and `changes.csv` when `changes` and the round re-planned a previous plan. With
/// `csv_bom` the CSV files start with a UTF-8 BOM so that Excel reads them as UTF-8.
/// The reasons of `plan.csv`, `stayed.csv` and `changes.csv` are in `lang`; scripts read
/// `stayed.csv`'s `reason_key`, which is the same in both.
pub fn plan_set_files(
    county: &County,
    outcome: &PlanOutcome,
    csv_bom: bool,
    changes: bool,
    lang: Lang,
) -> Vec<(String, Vec<u8>)> {
    let bom = |mut bytes: Vec<u8>| {
        if csv_bom {
            bytes.splice(0..0, *b"\xEF\xBB\xBF");
        }
        bytes
    };
    let mut files = vec![
        (
            "plan.csv".to_string(),
            bom(plan_csv(county, &outcome.moves, &outcome.reasons, lang)),
        ),
        (
            "schools.csv".to_string(),
            bom(schools_csv(
                county,
                &outcome.schools,
                &outcome.figures.indicators,
            )),
        ),
        (
            "summary.json".to_string(),
            serde_json::to_vec_pretty(&summary_json(outcome)).expect("serialisable summary"),
        ),
    ];
    files.push((
        "stayed.csv".to_string(),
        bom(crate::output::stayed_files::stayed_csv(
            county,
            &outcome.stayed,
            lang,
        )),
    ));
    if let (true, Some(c)) = (changes, &outcome.changes) {
        let csv = excel_csv_bytes(
            &["teacher", "change", "before", "after", "why"],
            c.changes.iter().map(|ch| {
                vec![
                    ch.teacher.clone(),
                    ch.kind.to_string(),
                    ch.before.clone().unwrap_or_default(),
                    ch.after.clone().unwrap_or_default(),
                    // English in the words earlier versions wrote; Chinese from the
                    // cause as data.
                    match lang {
                        Lang::En => ch.why.clone(),
                        Lang::Zh => ch.cause.text(lang),
                    },
                ]
            }),
        );
        files.push(("changes.csv".to_string(), bom(csv)));
    }
    files
}

/// Writes `plan.csv`, `schools.csv` and `summary.json` into the folder `dir` as one
/// [`OutputSet`](crate::output::output_set::OutputSet): all of them, with their
/// `manifest.json`, or none. An existing folder with files is replaced only with
/// `force`, and never when it holds files `rotation` did not write.
pub fn write_plan_dir(
    county: &County,
    outcome: &PlanOutcome,
    dir: &Path,
    force: bool,
) -> Result<()> {
    let mut set = OutputSet::begin(dir, force, &[], PLAN_SET_FILES)?;
    for (name, bytes) in plan_set_files(county, outcome, false, false, Lang::En) {
        set.add(name, bytes);
    }
    set.commit()
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
