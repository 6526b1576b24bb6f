//! The files of a multi-year plan (`plan --years N`): one complete plan folder per
//! year (`year-1/` …), each with the county, policy and history that year found
//! (`year-k/input/`, so that `rotation verify` can check the year on its own), and the
//! summary of the horizon (`horizon.csv`, `horizon.json`).

use crate::input::instance::{PARTNERSHIPS_FILE, SCHOOLS_FILE, TEACHERS_FILE};
use crate::output::files::{csv_bytes, excel_csv_bytes};
use crate::output::history_file::history_csv;
use crate::output::instance_tables::instance_tables;
use crate::output::output_set::manifest_bytes;
use crate::output::plan_files::plan_set_files;
use crate::round::horizon::{HorizonPlan, YearPlan};
use crate::rules::indicators::LevelIndicator;
use serde::Serialize;

/// The folder of year `k` (1-based) of a horizon.
pub fn year_folder(k: usize) -> String {
    format!("year-{k}")
}

/// One indicator's CV on one level, before and after a year's plan.
#[derive(Debug, Clone, Serialize)]
pub struct YearCv {
    /// `qualified`, `backbone` or `pe_art`.
    pub indicator: &'static str,
    /// `primary` or `junior`.
    pub level: &'static str,
    /// The student-weighted CV before the year's plan (after its returns).
    pub before: Option<f64>,
    /// After the plan.
    pub after: Option<f64>,
}

/// One row of `horizon.csv`: a year of the horizon.
#[derive(Debug, Clone, Serialize)]
pub struct HorizonYear {
    /// The planning year.
    pub year: i32,
    /// The year's folder, `year-k`.
    pub folder: String,
    /// Teachers eligible that year.
    pub eligible: u32,
    /// The year's exchange target (teachers).
    pub exchange_target: u32,
    /// `targets.exchange_rate` of the year (raised by the cycle look-ahead when
    /// `raised_from` is set).
    pub exchange_rate_target: f64,
    /// The policy's own rate, when the cycle look-ahead raised it.
    pub raised_from: Option<f64>,
    /// Teachers who move.
    pub movers: u32,
    /// Backbone teachers who move.
    pub backbone_movers: u32,
    /// Teachers back home from an exchange term this year (not part of the plan).
    pub returns: u32,
    /// Whether the year meets its exchange and backbone targets.
    pub targets_met: bool,
    /// HiGHS's status of the year's last solve.
    pub status: &'static str,
    /// Relative MIP gap of the year's last solve; `None` when it had no bound (left
    /// empty in the CSV, `null` in the JSON).
    pub gap: Option<f64>,
    /// Seconds for the year's round.
    pub seconds: f64,
    /// Columns × rows of the year's model (the last solve).
    pub columns: usize,
    /// Rows of the year's model.
    pub rows: usize,
    /// Each indicator's CV on each level, before and after.
    pub cv: Vec<YearCv>,
}

/// The year a horizon stopped at (`horizon.json`'s `stopped`, and the last row of
/// `horizon.csv`, status `no_plan`).
#[derive(Debug, Clone, Serialize)]
pub struct StoppedYear {
    /// The planning year.
    pub year: i32,
    /// Its round in the horizon, from 1.
    pub round: u32,
    /// Whether the time limit ran out before the year had a plan.
    pub out_of_time: bool,
    /// Why the year has no plan, in the language of the output.
    pub reason: String,
    /// Seconds the year's round ran.
    pub seconds: f64,
}

/// `horizon.json`: every year, and the cycle rule read over the horizon.
#[derive(Debug, Clone, Serialize)]
pub struct HorizonSummary {
    /// The policy's display name.
    pub policy: String,
    /// The first planning year.
    pub first_year: i32,
    /// The last year with a plan.
    pub last_year: i32,
    /// How the years were planned: `rolling` (each year solved on the county the
    /// earlier years leave, then fixed).
    pub method: &'static str,
    /// The years with a plan, first first.
    pub years: Vec<HorizonYear>,
    /// The year the horizon stopped at, when a year after the first had no plan (the
    /// years before it are written; none after it is planned).
    pub stopped: Option<StoppedYear>,
    /// The cycle rule, when the policy sets `rules.cycle_years`.
    pub cycle: Option<crate::rules::cycle::CycleCheck>,
    /// Whether every year meets its targets and the cycle rule holds.
    pub targets_met: bool,
    /// Seconds for the whole horizon.
    pub total_seconds: f64,
}

fn level_cv(level: &LevelIndicator) -> YearCv {
    YearCv {
        indicator: level.indicator.into(),
        level: level.side().into(),
        before: level.cv(false),
        after: level.cv(true),
    }
}

fn horizon_year(k: usize, y: &YearPlan) -> HorizonYear {
    let f = &y.outcome.figures;
    HorizonYear {
        year: y.year,
        folder: year_folder(k + 1),
        eligible: f.eligible,
        exchange_target: f.exchange_target,
        exchange_rate_target: y.policy.targets.exchange_rate,
        raised_from: y.raised_from,
        movers: f.moved,
        backbone_movers: f.backbone_moved,
        returns: y.county.history.returns.len() as u32,
        targets_met: y.outcome.targets_met(),
        status: y.outcome.solve.status.into(),
        gap: Some(y.outcome.solve.mip_gap).filter(|g| g.is_finite()),
        seconds: y.outcome.total_seconds,
        columns: y.outcome.solve.size.columns,
        rows: y.outcome.solve.size.rows,
        cv: f.indicators.levels.iter().map(level_cv).collect(),
    }
}

/// The summary of a horizon; a stopped year's reason is worded in `lang`.
pub fn horizon_summary(plan: &HorizonPlan, lang: crate::model::lang::Lang) -> HorizonSummary {
    HorizonSummary {
        policy: plan
            .years
            .first()
            .map(|y| y.outcome.policy.clone())
            .unwrap_or_default(),
        first_year: plan.years.first().map_or(0, |y| y.year),
        last_year: plan.years.last().map_or(0, |y| y.year),
        method: "rolling",
        years: plan
            .years
            .iter()
            .enumerate()
            .map(|(k, y)| horizon_year(k, y))
            .collect(),
        stopped: plan.stopped.as_ref().map(|s| StoppedYear {
            year: s.year,
            round: s.round,
            out_of_time: s.out_of_time,
            reason: s.reason.text(lang),
            seconds: s.seconds,
        }),
        cycle: plan.cycle.clone(),
        targets_met: plan.targets_met(),
        total_seconds: plan.total_seconds,
    }
}

fn cell(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.4}")).unwrap_or_default()
}

/// `horizon.csv`: a row per year; the CV columns are `cv_<indicator>_<level>_before`
/// and `_after` for each indicator of the national method on each level.
pub fn horizon_csv(summary: &HorizonSummary, bom: bool) -> Vec<u8> {
    let mut header: Vec<String> = [
        "year",
        "folder",
        "eligible",
        "exchange_target",
        "movers",
        "backbone_movers",
        "returns",
        "targets_met",
        "status",
        "gap",
        "seconds",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(first) = summary.years.first() {
        for cv in &first.cv {
            for when in ["before", "after"] {
                header.push(format!("cv_{}_{}_{when}", cv.indicator, cv.level));
            }
        }
    }
    let rows = summary.years.iter().map(|y| {
        let mut row = vec![
            y.year.to_string(),
            y.folder.clone(),
            y.eligible.to_string(),
            y.exchange_target.to_string(),
            y.movers.to_string(),
            y.backbone_movers.to_string(),
            y.returns.to_string(),
            y.targets_met.to_string(),
            y.status.to_string(),
            y.gap.map(|g| format!("{g:.6}")).unwrap_or_default(),
            format!("{:.2}", y.seconds),
        ];
        for cv in &y.cv {
            row.push(cell(cv.before));
            row.push(cell(cv.after));
        }
        row
    });
    // The year the horizon stopped at: no folder and no figures, status `no_plan`.
    let width = header.len();
    let stopped = summary.stopped.iter().map(|s| {
        let mut row = vec![String::new(); width];
        row[0] = s.year.to_string();
        row[7] = false.to_string();
        row[8] = "no_plan".into();
        row[10] = format!("{:.2}", s.seconds);
        row
    });
    let rows = rows.chain(stopped);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    if bom {
        excel_csv_bytes(&header, rows)
    } else {
        csv_bytes(&header, rows)
    }
}

/// The county's joint appointments as `joint.csv` (`teacher, school`, by id).
fn joint_csv(county: &crate::model::county::County) -> Vec<u8> {
    csv_bytes(
        &["teacher", "school"],
        county.joint.list.iter().map(|j| {
            vec![
                county.teachers[j.teacher].id.0.clone(),
                county.schools[j.school].id.0.clone(),
            ]
        }),
    )
}

/// Every file of a horizon's output folder, by path relative to it: per year the plan
/// folder (`plan.csv`, `schools.csv`, `summary.json`, `stayed.csv`, `notices.html`,
/// `history.csv`, its own `manifest.json`) and `input/` (`schools.csv`,
/// `teachers.csv`, `partnerships.csv`, `policy.toml`, `history.csv`, and `joint.csv`
/// with joint appointments: the county, policy and teacher side the year's round
/// started from); then `horizon.csv` and `horizon.json`.
pub fn horizon_files(
    plan: &HorizonPlan,
    csv_bom: bool,
    notices_date: crate::model::date::IssueDate,
    lang: crate::model::lang::Lang,
) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for (k, y) in plan.years.iter().enumerate() {
        let mut year: Vec<(String, Vec<u8>)> =
            plan_set_files(&y.county, &y.outcome, csv_bom, false, lang);
        year.push((
            "notices.html".into(),
            crate::output::notices::notices_html(
                &crate::output::notices::NoticePlan {
                    county: &y.county,
                    policy: y.outcome.policy_in(crate::model::lang::Lang::Zh),
                    moves: &y.outcome.moves,
                    reasons: &y.outcome.reasons,
                    date: notices_date,
                },
                crate::model::lang::Lang::Zh,
            )
            .into_bytes(),
        ));
        year.push((
            "history.csv".into(),
            history_csv(&y.county, &y.history_after),
        ));
        let names = [SCHOOLS_FILE, TEACHERS_FILE, PARTNERSHIPS_FILE];
        for (name, table) in names
            .into_iter()
            .zip(instance_tables(&y.input_county, false))
        {
            year.push((
                format!("input/{name}"),
                csv_bytes(&table.columns, table.rows),
            ));
        }
        year.push((
            "input/policy.toml".into(),
            toml::to_string_pretty(&y.policy)
                .expect("a policy is plain TOML")
                .into_bytes(),
        ));
        year.push((
            "input/history.csv".into(),
            history_csv(&y.input_county, &y.input_history.stints),
        ));
        // The joint appointments hold every year: the year's input folder carries
        // them, so `rotation verify year-k/input` counts their halves as the round did.
        if y.input_county.joint.any() {
            year.push(("input/joint.csv".into(), joint_csv(&y.input_county)));
        }
        year.push(("manifest.json".into(), manifest_bytes(&year)));
        let folder = year_folder(k + 1);
        files.extend(
            year.into_iter()
                .map(|(name, bytes)| (format!("{folder}/{name}"), bytes)),
        );
    }
    let summary = horizon_summary(plan, lang);
    files.push(("horizon.csv".into(), horizon_csv(&summary, csv_bom)));
    files.push((
        "horizon.json".into(),
        serde_json::to_vec_pretty(&summary).expect("serialisable horizon"),
    ));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_without_a_bound_leaves_its_gap_empty() {
        let year = |gap| HorizonYear {
            year: 2026,
            folder: year_folder(1),
            eligible: 10,
            exchange_target: 4,
            exchange_rate_target: 0.35,
            raised_from: None,
            movers: 0,
            backbone_movers: 0,
            returns: 0,
            targets_met: false,
            status: "time_limit",
            gap,
            seconds: 1.0,
            columns: 1,
            rows: 1,
            cv: Vec::new(),
        };
        let summary = HorizonSummary {
            policy: "p".into(),
            first_year: 2026,
            last_year: 2027,
            method: "rolling",
            years: vec![year(None), year(Some(0.25))],
            stopped: None,
            cycle: None,
            targets_met: false,
            total_seconds: 2.0,
        };
        let text = String::from_utf8(horizon_csv(&summary, false)).unwrap();
        assert!(!text.contains("NaN"), "{text}");
        let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
        let gap = rows[0].iter().position(|c| *c == "gap").unwrap();
        assert_eq!(rows[1][gap], "", "{text}");
        assert_eq!(rows[2][gap], "0.250000", "{text}");
    }
}
