//! The benchmark family (`rotation bench --family`): every county of the manifest
//! generated in memory and planned by the real round, the plan checked by `verify`
//! (every rule, balance included), and the LP relaxation of the same model solved in
//! the same run as a floor to compare the time with. One row per instance, then the
//! median and the worst.

use crate::model::county::{County, Position};
use crate::model::error::{Result, RotationError};
use crate::model::policy::{BackboneBase, Policy};
use crate::model::shares::ceil_share;
use crate::model::usage_message::UsageMessage;
use crate::research::bench::{known, peak_memory_mb, reset_peak_memory};
use crate::research::family_manifest::Family;
use crate::research::generate::generate;
use crate::round::run::Round;
use crate::rules::candidates::{candidates_limited, CandidateLimit};
use crate::rules::eligibility::county_eligibility;
use crate::rules::verify::verify;
use crate::solve::formulation::{formulate, MoveVariables, Stage};
use crate::solve::highs::{highs_model, SolveOptions};
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

/// Where an instance comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Generated from the manifest.
    Family,
    /// An instance folder given with `--practice`, under the family's base policy.
    Practice,
}

/// One measured instance of the family.
#[derive(Debug, Clone, Serialize)]
pub struct FamilyRow {
    /// The county's name in the manifest, or the folder's name.
    pub name: String,
    /// Family or practice.
    pub source: Source,
    /// Teachers.
    pub teachers: usize,
    /// Schools.
    pub schools: usize,
    /// `grid` or `latlon`.
    pub positions: &'static str,
    /// Eligible teachers under the policy.
    pub eligible: usize,
    /// Eligible backbone teachers.
    pub eligible_backbone: usize,
    /// Backbone teachers among the eligible, share 0–1.
    pub backbone_share_eligible: f64,
    /// Teachers who must rotate, `⌈exchange_rate · eligible⌉`.
    pub exchange_target: usize,
    /// The base policy's file stem.
    pub policy: String,
    /// `targets.exchange_rate`.
    pub exchange_rate: f64,
    /// `targets.backbone_share` and its base, e.g. `0.3252 exchanged`.
    pub backbone_target: String,
    /// `rules.staffing_tolerance`.
    pub staffing_tolerance: u32,
    /// `rules.subject_tolerance`.
    pub subject_tolerance: u32,
    /// `rules.outflow_cap`.
    pub outflow_cap: f64,
    /// `rules.max_commute_km`.
    pub max_commute_km: f64,
    /// `rules.partnership`.
    pub partnership: String,
    /// `balance.backbone_cv`.
    pub balance: String,
    /// Candidate moves of the full model.
    pub candidate_moves: usize,
    /// Rounds of pricing moves in (0: every move went to HiGHS at once).
    pub pricing_rounds: usize,
    /// `optimal`, `time_limit`, `infeasible` or `error`.
    pub status: String,
    /// How the plan was proven (`lp_integral`, `branch_and_bound`, ...).
    pub method: String,
    /// Relative gap between the plan's objective and the proven bound.
    pub gap: f64,
    /// Branch-and-bound nodes.
    pub nodes: i64,
    /// Solves the round ran (1 when every target is reachable).
    pub solves: usize,
    /// Teachers who rotate in the plan.
    pub moved: usize,
    /// Planning end to end (eligibility to checked plan), generation excluded.
    pub seconds: f64,
    /// HiGHS solving the LP relaxation of the model `rotation export` writes (handing it
    /// over included), measured after the plan in the same run.
    pub lp_floor_seconds: f64,
    /// `seconds / lp_floor_seconds`.
    pub ratio: f64,
    /// Peak resident memory while planning, MB (Linux; NaN elsewhere).
    pub peak_memory_mb: f64,
    /// CV of backbone teachers per 100 students, primary schools, before and after.
    pub cv_primary: [Option<f64>; 2],
    /// The same for junior schools.
    pub cv_junior: [Option<f64>; 2],
    /// Whether neither level's CV rose.
    pub cv_not_worse: bool,
    /// Whether `verify` finds every target met (exchange, backbone, caps, floors).
    pub targets_met: bool,
    /// Whether `verify` finds every hard rule kept.
    pub verify_ok: bool,
    /// Generating the county, seconds (0 for practice folders).
    pub generate_seconds: f64,
    /// What went wrong, when the round ended in an error.
    pub error: String,
}

/// The CSV header of [`FamilyRow`], in order.
pub const FAMILY_COLUMNS: &[&str] = &[
    "name",
    "source",
    "teachers",
    "schools",
    "positions",
    "eligible",
    "eligible_backbone",
    "backbone_share_eligible",
    "exchange_target",
    "target_parity",
    "policy",
    "exchange_rate",
    "backbone_target",
    "staffing_tolerance",
    "subject_tolerance",
    "outflow_cap",
    "max_commute_km",
    "partnership",
    "balance",
    "candidate_moves",
    "pricing_rounds",
    "status",
    "method",
    "gap",
    "nodes",
    "solves",
    "moved",
    "seconds",
    "lp_floor_seconds",
    "ratio",
    "peak_memory_mb",
    "cv_primary_before",
    "cv_primary_after",
    "cv_junior_before",
    "cv_junior_after",
    "cv_not_worse",
    "targets_met",
    "verify_ok",
    "generate_seconds",
    "error",
];

fn cv_text(x: Option<f64>) -> String {
    x.map_or_else(String::new, |x| format!("{x:.4}"))
}

impl FamilyRow {
    /// `odd` or `even`: whether the parity cut raises the target by one.
    pub fn target_parity(&self) -> &'static str {
        if self.exchange_target % 2 == 1 {
            "odd"
        } else {
            "even"
        }
    }

    /// Whether the row counts as a success: a plan that verifies, meets its targets,
    /// does not worsen a CV and is proven within the gap.
    pub fn passed(&self) -> bool {
        self.status == "optimal" && self.verify_ok && self.targets_met && self.cv_not_worse
    }

    /// The row's fields, in [`FAMILY_COLUMNS`] order.
    pub fn fields(&self) -> Vec<String> {
        let secs = |x: f64| format!("{x:.3}");
        vec![
            self.name.clone(),
            match self.source {
                Source::Family => "family".into(),
                Source::Practice => "practice".into(),
            },
            self.teachers.to_string(),
            self.schools.to_string(),
            self.positions.into(),
            self.eligible.to_string(),
            self.eligible_backbone.to_string(),
            format!("{:.4}", self.backbone_share_eligible),
            self.exchange_target.to_string(),
            self.target_parity().into(),
            self.policy.clone(),
            self.exchange_rate.to_string(),
            self.backbone_target.clone(),
            self.staffing_tolerance.to_string(),
            self.subject_tolerance.to_string(),
            self.outflow_cap.to_string(),
            self.max_commute_km.to_string(),
            self.partnership.clone(),
            self.balance.clone(),
            self.candidate_moves.to_string(),
            self.pricing_rounds.to_string(),
            self.status.clone(),
            self.method.clone(),
            known(self.gap, |x| format!("{x:.2e}")),
            self.nodes.to_string(),
            self.solves.to_string(),
            self.moved.to_string(),
            secs(self.seconds),
            known(self.lp_floor_seconds, secs),
            known(self.ratio, |x| format!("{x:.2}")),
            known(self.peak_memory_mb, |x| format!("{x:.1}")),
            cv_text(self.cv_primary[0]),
            cv_text(self.cv_primary[1]),
            cv_text(self.cv_junior[0]),
            cv_text(self.cv_junior[1]),
            self.cv_not_worse.to_string(),
            self.targets_met.to_string(),
            self.verify_ok.to_string(),
            secs(self.generate_seconds),
            self.error.clone(),
        ]
    }
}

fn snake<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A level's CV did not rise (within the verifier's relative 10⁻⁹).
fn not_worse(cv: [Option<f64>; 2]) -> bool {
    match cv {
        [Some(before), Some(after)] => after <= before + 1e-9 * before.max(1.0),
        _ => true,
    }
}

/// Seconds HiGHS takes on the LP relaxation of the exported model (the met-targets
/// stage, every candidate move), handing it over included, with HiGHS's presolve on
/// (the two rules the round's MIPs switch off, off: `solve::highs::configure`), as the
/// floor was measured before the round's relaxations lost their presolve
/// (`solve::highs::presolve_pays`, "Relaxations without presolve" in
/// `docs/benchmarks.md`); NaN when HiGHS does not end optimal or infeasible.
fn lp_floor(county: &County, policy: &Policy, options: &SolveOptions) -> f64 {
    let eligibility = county_eligibility(county, policy);
    let candidates = candidates_limited(county, policy, &eligibility, CandidateLimit::All);
    let formulation = formulate(
        county,
        policy,
        &candidates,
        MoveVariables::Relaxed,
        Stage::MET,
    );
    let t = Instant::now();
    let Ok(model) = highs_model(formulation, options) else {
        return f64::NAN;
    };
    match model.try_solve() {
        // A relaxation proven infeasible (a county whose targets are out of reach) is
        // a solve of the LP all the same.
        Ok(solved)
            if matches!(
                solved.status(),
                highs::HighsModelStatus::Optimal
                    | highs::HighsModelStatus::Infeasible
                    | highs::HighsModelStatus::UnboundedOrInfeasible
            ) =>
        {
            t.elapsed().as_secs_f64()
        }
        _ => f64::NAN,
    }
}

/// Plans `county` under `policy`, checks the plan, and measures the LP floor.
pub fn family_instance(
    name: &str,
    source: Source,
    county: &County,
    base: &str,
    policy: &Policy,
    options: &SolveOptions,
) -> FamilyRow {
    let eligibility = county_eligibility(county, policy);
    let eligible: Vec<usize> = (0..county.teachers.len())
        .filter(|&t| eligibility[t].is_eligible())
        .collect();
    let eligible_backbone = eligible
        .iter()
        .filter(|&&t| county.teachers[t].backbone.is_backbone())
        .count();
    let rules = &policy.rules;
    let mut row = FamilyRow {
        name: name.into(),
        source,
        teachers: county.teachers.len(),
        schools: county.schools.len(),
        positions: match county.schools.first().map(|s| s.position) {
            Some(Position::Geo { .. }) => "latlon",
            _ => "grid",
        },
        eligible: eligible.len(),
        eligible_backbone,
        backbone_share_eligible: eligible_backbone as f64 / eligible.len().max(1) as f64,
        exchange_target: ceil_share(policy.targets.exchange_rate, eligible.len() as u32) as usize,
        policy: base.into(),
        exchange_rate: policy.targets.exchange_rate,
        backbone_target: format!(
            "{} {}",
            policy.targets.backbone_share,
            match policy.targets.backbone_base {
                BackboneBase::Exchanged => "exchanged",
                BackboneBase::EligibleBackbone => "eligible_backbone",
            }
        ),
        staffing_tolerance: rules.staffing_tolerance,
        subject_tolerance: rules.subject_tolerance,
        outflow_cap: rules.outflow_cap,
        max_commute_km: rules.max_commute_km,
        partnership: snake(&rules.partnership),
        balance: snake(&policy.balance.backbone_cv),
        candidate_moves: 0,
        pricing_rounds: 0,
        status: "error".into(),
        method: String::new(),
        gap: f64::NAN,
        nodes: 0,
        solves: 0,
        moved: 0,
        seconds: f64::NAN,
        lp_floor_seconds: f64::NAN,
        ratio: f64::NAN,
        peak_memory_mb: f64::NAN,
        cv_primary: [None; 2],
        cv_junior: [None; 2],
        cv_not_worse: false,
        targets_met: false,
        verify_ok: false,
        generate_seconds: 0.0,
        error: String::new(),
    };
    reset_peak_memory();
    let outcome = Round::new(county, policy).options(options.clone()).plan();
    row.peak_memory_mb = peak_memory_mb().unwrap_or(f64::NAN);
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => {
            row.error = e.to_string().replace(['\n', '\r'], " ");
            return row;
        }
    };
    let s = &outcome.solve;
    row.candidate_moves = outcome.candidate_moves;
    row.pricing_rounds = outcome.pricing.as_ref().map_or(0, |p| p.rounds);
    row.status = <&str>::from(s.status).into();
    row.method = <&str>::from(s.method).into();
    row.gap = s.mip_gap;
    row.nodes = s.nodes;
    row.solves = outcome.stages.solves as usize;
    row.moved = outcome.moves.len();
    row.seconds = outcome.total_seconds;
    let cv = &outcome.figures.cv_backbone_per_100;
    row.cv_primary = [cv.primary_before, cv.primary_after];
    row.cv_junior = [cv.junior_before, cv.junior_after];
    row.cv_not_worse = not_worse(row.cv_primary) && not_worse(row.cv_junior);
    let violations = verify(county, policy, &eligibility, &outcome.moves);
    row.verify_ok = violations.iter().all(|v| v.rule().is_target());
    row.targets_met = violations.iter().all(|v| !v.rule().is_target());
    row.lp_floor_seconds = lp_floor(county, policy, options);
    row.ratio = row.seconds / row.lp_floor_seconds;
    row
}

/// Runs the family, then each practice folder under the family's base policy;
/// `progress` sees each row as soon as it is measured.
pub fn run_family(
    family: &Family,
    practice: &[&Path],
    options: &SolveOptions,
    mut progress: impl FnMut(&FamilyRow),
) -> Result<Vec<FamilyRow>> {
    let mut rows = Vec::new();
    for c in &family.counties {
        let t = Instant::now();
        let county = generate(&c.spec);
        let generate_seconds = t.elapsed().as_secs_f64();
        let mut row = family_instance(
            &c.name,
            Source::Family,
            &county,
            &c.base,
            &c.policy,
            options,
        );
        row.generate_seconds = generate_seconds;
        progress(&row);
        rows.push(row);
    }
    let base = family
        .base_file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    for dir in practice {
        let county = crate::input::instance::read_instance(dir)?.county;
        let name = dir
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| dir.display().to_string());
        let row = family_instance(
            &name,
            Source::Practice,
            &county,
            &base,
            &family.base,
            options,
        );
        progress(&row);
        rows.push(row);
    }
    Ok(rows)
}

/// The family's rows as CSV text.
pub fn family_csv(rows: &[FamilyRow]) -> Vec<u8> {
    crate::output::files::csv_bytes(FAMILY_COLUMNS, rows.iter().map(FamilyRow::fields))
}

/// A usage error when the family holds no county and no practice folder is given.
pub fn check_not_empty(family: &Family, practice: &[&Path]) -> Result<()> {
    if family.counties.is_empty() && practice.is_empty() {
        return Err(RotationError::Refused(UsageMessage::FamilyEmpty));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cv_may_not_rise() {
        assert!(not_worse([Some(0.3), Some(0.3)]));
        assert!(not_worse([Some(0.3), Some(0.2)]));
        assert!(!not_worse([Some(0.3), Some(0.31)]));
        assert!(not_worse([None, None]));
    }
}
