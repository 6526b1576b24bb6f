//! Plan outputs: `plan.csv`, `schools.csv`, `summary.json` and the short text
//! summary, all as bytes or strings (the binary decides where they go).

use crate::model::county::County;
use crate::model::error::{Result, RotationError};
use crate::model::moves::Move;
use crate::output::files::{csv_bytes, write_atomic};
use crate::round::reasons::MoveReason;
use crate::round::run::PlanOutcome;
use crate::rules::metrics::{
    CvFigures, PlanFigures, SchoolFigures, CV_STANDARD_JUNIOR, CV_STANDARD_PRIMARY,
};
use crate::solve::highs::{SolveMethod, SolveStatus};
use serde_json::json;
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

fn text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

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
                text(&t.backbone),
                from.id.0.clone(),
                to.id.0.clone(),
                text(&from.zone),
                text(&to.zone),
                format!("{:.2}", m.km),
                reason.text(crate::model::lang::Lang::En),
            ]
        }),
    )
}

/// `schools.csv` of a plan: one row per school with its staff, leavers, arrivals and
/// backbone teachers per 100 students, before and after.
pub fn schools_csv(schools: &[SchoolFigures]) -> Vec<u8> {
    csv_bytes(
        &[
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
        ],
        schools.iter().map(|s| {
            vec![
                s.school.clone(),
                s.name.clone(),
                text(&s.zone),
                text(&s.level),
                s.students.to_string(),
                s.staff.to_string(),
                s.out.to_string(),
                s.inflow.to_string(),
                s.staff_after.to_string(),
                s.backbone_before.to_string(),
                s.backbone_after.to_string(),
                format!("{:.3}", s.backbone_per_100_before),
                format!("{:.3}", s.backbone_per_100_after),
            ]
        }),
    )
}

/// Figures shared by `summary.json` and `verify --format json`.
pub fn figures_json(f: &PlanFigures) -> serde_json::Value {
    json!({
        "eligible": f.eligible,
        "eligible_backbone": f.eligible_backbone,
        "exchange_target": f.exchange_target,
        "backbone_target_share": f.backbone_target_share,
        "backbone_target_count": f.backbone_target_count,
        "moved": f.moved,
        "exchange_rate": f.exchange_rate,
        "backbone_moved": f.backbone_moved,
        "backbone_share": f.backbone_share,
        "shortfall": {"exchange": f.shortfall.exchange, "backbone": f.shortfall.backbone},
        "total_commute_km": f.total_commute_km,
        "mean_commute_km": f.mean_commute_km,
        "p95_commute_km": f.p95_commute_km,
        "max_commute_km": f.max_commute_km,
        "moves_by_direction": f.directions,
        "cross_group_moves": f.cross_group_moves,
        "homeroom_moved": f.homeroom_moved,
        "graduating_moved": f.graduating_moved,
        "schools_losing_over_15pct": f.schools_losing_over_15pct,
        "subjects_left_short": f.subjects_left_short,
        "cv_backbone_per_100": {
            "primary_before": f.cv_backbone_per_100.primary_before,
            "primary_after": f.cv_backbone_per_100.primary_after,
            "junior_before": f.cv_backbone_per_100.junior_before,
            "junior_after": f.cv_backbone_per_100.junior_after,
            "standard_primary": CV_STANDARD_PRIMARY,
            "standard_junior": CV_STANDARD_JUNIOR,
        },
    })
}

/// `summary.json`: the solver's status, objective, bound, gap and timings, the model
/// size, every key figure of the plan, and the explanations, pins and changes.
pub fn summary_json(outcome: &PlanOutcome) -> serde_json::Value {
    let s = &outcome.solve;
    let mut v = json!({
        "policy": outcome.policy,
        "status": s.status,
        "objective": outcome.objective,
        "dual_bound": s.dual_bound,
        "mip_gap": s.mip_gap,
        "nodes": s.nodes,
        "method": s.method,
        "lp_integral": s.lp_integral,
        "lp_bound": s.lp_bound,
        "lp_seconds": s.lp_seconds,
        "build_seconds": outcome.build_seconds,
        "solve_seconds": s.solve_seconds,
        "total_seconds": outcome.total_seconds,
        "candidate_moves": outcome.candidate_moves,
        "model": s.size,
        "explanations": outcome.explanations,
        "commute_unit": outcome.commute_unit,
        "pins": outcome.pins,
        "changes": outcome.changes,
        "solver_retry": outcome.solver_retry,
    });
    if let (Some(obj), serde_json::Value::Object(fig)) =
        (v.as_object_mut(), figures_json(&outcome.figures))
    {
        obj.extend(fig);
    }
    v
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
    let schools = schools_csv(&outcome.schools);
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
            &bom(schools_csv(&outcome.schools)),
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

fn cv_line(label: &str, before: Option<f64>, after: Option<f64>, standard: f64) -> String {
    let show = |v: Option<f64>| v.map(|v| format!("{v:.3}")).unwrap_or_else(|| "n/a".into());
    let verdict = match after {
        Some(a) if a <= standard => "meets",
        Some(_) => "ABOVE",
        None => "n/a",
    };
    format!(
        "  CV {label:<8} {} → {}  ({verdict} the ≤ {standard:.2} standard)",
        show(before),
        show(after)
    )
}

/// The CV lines of the text summary, primary then junior: before → after, and whether
/// each meets its ≤ 0.50 / ≤ 0.45 standard.
pub fn cv_lines(cv: &CvFigures) -> Vec<String> {
    vec![
        cv_line(
            "primary",
            cv.primary_before,
            cv.primary_after,
            CV_STANDARD_PRIMARY,
        ),
        cv_line(
            "junior",
            cv.junior_before,
            cv.junior_after,
            CV_STANDARD_JUNIOR,
        ),
    ]
}

/// The short human summary printed after `rotation plan`.
pub fn text_summary(outcome: &PlanOutcome) -> String {
    let f = &outcome.figures;
    let s = &outcome.solve;
    let mut lines = Vec::new();
    let status = match s.status {
        SolveStatus::Optimal => format!("optimal (gap {:.2e})", s.mip_gap.max(0.0)),
        SolveStatus::TimeLimit => format!(
            "stopped at the time limit: best plan found, bound {:.2}, gap {:.3}%",
            s.dual_bound,
            100.0 * s.mip_gap
        ),
        SolveStatus::Infeasible => "infeasible".into(),
    };
    lines.push(format!("plan for \"{}\": {status}", outcome.policy));
    let met = |short: f64| if short > 0.0 { "NOT MET" } else { "met" };
    lines.push(format!(
        "  exchange  {} of {} eligible rotate ({:.1}%); target {} — {}",
        f.moved,
        f.eligible,
        100.0 * f.exchange_rate,
        f.exchange_target,
        met(f.shortfall.exchange)
    ));
    let backbone_target = match f.backbone_target_count {
        Some(c) => format!("{c} of {} eligible backbone", f.eligible_backbone),
        None => format!("{:.2}% of movers", 100.0 * f.backbone_target_share),
    };
    lines.push(format!(
        "  backbone  {} rotate ({:.2}% of movers); target {backbone_target} — {}",
        f.backbone_moved,
        100.0 * f.backbone_share,
        met(f.shortfall.backbone)
    ));
    lines.push(format!(
        "  moves     {} urban→rural, {} rural→urban, {} within a zone; {} across groups",
        f.directions.urban_to_rural,
        f.directions.rural_to_urban,
        f.directions.within_zone,
        f.cross_group_moves
    ));
    let unit = outcome.commute_unit;
    lines.push(format!(
        "  commute   total {:.1} {unit}, mean {:.1} {unit}, max {:.1} {unit}{}",
        f.total_commute_km,
        f.mean_commute_km,
        f.max_commute_km,
        if unit == "min" {
            " (travel on roads)"
        } else {
            ""
        }
    ));
    for p in &outcome.pins {
        lines.push(format!("  pin       {p}"));
    }
    if let Some(c) = &outcome.changes {
        lines.push(format!(
            "  previous  {} of {} previous moves kept; {} change{}",
            c.kept,
            c.previous_moves,
            c.changes.len(),
            if c.changes.len() == 1 { "" } else { "s" }
        ));
        for ch in &c.changes {
            let what = match (&ch.before, &ch.after) {
                (Some(b), None) => format!("no longer moves to {b}"),
                (None, Some(a)) => format!("now moves to {a}"),
                (Some(b), Some(a)) => format!("moves to {a} instead of {b}"),
                (None, None) => String::new(),
            };
            lines.push(format!("    {} {what}: {}", ch.teacher, ch.why));
        }
    }
    lines.extend(cv_lines(&f.cv_backbone_per_100));
    lines.push(format!(
        "  objective {:.3}; model {} columns × {} rows; built in {:.2}s, solved in {:.2}s{}",
        outcome.objective,
        s.size.columns,
        s.size.rows,
        outcome.build_seconds,
        s.solve_seconds,
        match s.method {
            SolveMethod::LpIntegral => " (LP relaxation integral: no branching)".to_string(),
            SolveMethod::LpFixAndComplete =>
                " (fractional LP moves completed within the gap of the LP bound)".to_string(),
            SolveMethod::BranchAndBound => format!(" (branch and bound, {} nodes)", s.nodes.max(0)),
        }
    ));
    if let Some(first) = &outcome.solver_retry {
        lines.push(format!(
            "  note      HiGHS's first answer failed the checks and was discarded ({}); this plan is from a second solve without presolve and passed every check",
            first.lines().next().unwrap_or_default()
        ));
    }
    for e in &outcome.explanations {
        lines.push(format!("  why short: {e}"));
    }
    lines.join("\n")
}
