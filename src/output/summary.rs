//! The summary of a plan: `summary.json` (from typed structs, keys in sorted order)
//! and the text printed after `rotation plan`.

use crate::model::indicator::{Indicator, Side};
use crate::model::lang::Lang;
use crate::model::travel::CommuteUnit;
use crate::round::replan::ChangeReport;
use crate::round::run::PlanOutcome;
use crate::round::shortfall::ShortfallCause;
use crate::rules::indicator_verdict::Verdict;
use crate::rules::indicators::IndicatorFigures;
use crate::rules::metrics::{
    CvFigures, Directions, PlanFigures, Shortfall, CV_STANDARD_JUNIOR, CV_STANDARD_PRIMARY,
};
use crate::solve::formulation::ModelSize;
use crate::solve::highs::{SolveMethod, SolveStatus};
use crate::solve::stages::StageReport;
use serde::Serialize;

/// The figures of a plan as `summary.json` and `verify --format json` show them.
#[derive(Debug, Clone, Serialize)]
pub struct FiguresJson<'a> {
    eligible: u32,
    eligible_backbone: u32,
    exchange_target: u32,
    backbone_target_share: f64,
    backbone_target_count: Option<u32>,
    moved: u32,
    exchange_rate: f64,
    backbone_moved: u32,
    backbone_share: f64,
    shortfall: &'a Shortfall,
    total_commute_km: f64,
    mean_commute_km: f64,
    p95_commute_km: f64,
    max_commute_km: f64,
    moves_by_direction: &'a Directions,
    cross_group_moves: u32,
    homeroom_moved: u32,
    graduating_moved: u32,
    schools_losing_over_15pct: u32,
    subjects_left_short: u32,
    cv_backbone_per_100: CvJson<'a>,
    indicators: &'a IndicatorFigures,
    /// Exchange teams and how many moved; left out without `teams.csv`.
    #[serde(skip_serializing_if = "Option::is_none")]
    exchange_teams: Option<crate::rules::metrics::TeamCounts>,
}

/// The CVs before and after with the standards they are judged against.
#[derive(Debug, Clone, Serialize)]
struct CvJson<'a> {
    #[serde(flatten)]
    cv: &'a CvFigures,
    standard_primary: f64,
    standard_junior: f64,
}

impl<'a> FiguresJson<'a> {
    /// The view of `f`.
    pub fn of(f: &'a PlanFigures) -> FiguresJson<'a> {
        FiguresJson {
            eligible: f.eligible,
            eligible_backbone: f.eligible_backbone,
            exchange_target: f.exchange_target,
            backbone_target_share: f.backbone_target_share,
            backbone_target_count: f.backbone_target_count,
            moved: f.moved,
            exchange_rate: f.exchange_rate,
            backbone_moved: f.backbone_moved,
            backbone_share: f.backbone_share,
            shortfall: &f.shortfall,
            total_commute_km: f.total_commute_km,
            mean_commute_km: f.mean_commute_km,
            p95_commute_km: f.p95_commute_km,
            max_commute_km: f.max_commute_km,
            moves_by_direction: &f.directions,
            cross_group_moves: f.cross_group_moves,
            homeroom_moved: f.homeroom_moved,
            graduating_moved: f.graduating_moved,
            schools_losing_over_15pct: f.schools_losing_over_15pct,
            subjects_left_short: f.subjects_left_short,
            cv_backbone_per_100: CvJson {
                cv: &f.cv_backbone_per_100,
                standard_primary: CV_STANDARD_PRIMARY,
                standard_junior: CV_STANDARD_JUNIOR,
            },
            indicators: &f.indicators,
            exchange_teams: f.exchange_teams,
        }
    }
}

/// `summary.json`: how the plan was found, then its figures.
#[derive(Debug, Clone, Serialize)]
pub struct Summary<'a> {
    policy: &'a str,
    status: SolveStatus,
    objective: f64,
    dual_bound: f64,
    mip_gap: f64,
    nodes: i64,
    method: SolveMethod,
    lp_integral: Option<bool>,
    lp_bound: Option<f64>,
    lp_seconds: f64,
    build_seconds: f64,
    solve_seconds: f64,
    total_seconds: f64,
    candidate_moves: usize,
    model: ModelSize,
    #[serde(serialize_with = "crate::round::shortfall::english_texts")]
    explanations: &'a [ShortfallCause],
    commute_unit: CommuteUnit,
    pins: &'a [String],
    changes: Option<&'a ChangeReport>,
    solver_retry: Option<&'a str>,
    /// False when the plan misses the exchange or the backbone target, or a balance
    /// cap or floor.
    targets_met: bool,
    /// The lexicographic stages: solves run and the least shortfalls proven.
    stages: StageReport,
    #[serde(flatten)]
    figures: FiguresJson<'a>,
}

impl<'a> Summary<'a> {
    /// The summary of a round's outcome.
    pub fn of(outcome: &'a PlanOutcome) -> Summary<'a> {
        let s = &outcome.solve;
        Summary {
            policy: &outcome.policy,
            status: s.status,
            objective: outcome.objective,
            dual_bound: s.dual_bound,
            mip_gap: s.mip_gap,
            nodes: s.nodes,
            method: s.method,
            lp_integral: s.lp_integral,
            lp_bound: s.lp_bound,
            lp_seconds: s.lp_seconds,
            build_seconds: outcome.build_seconds,
            solve_seconds: s.solve_seconds,
            total_seconds: outcome.total_seconds,
            candidate_moves: outcome.candidate_moves,
            model: s.size,
            explanations: &outcome.explanations,
            commute_unit: outcome.commute_unit,
            pins: &outcome.pins,
            changes: outcome.changes.as_ref(),
            solver_retry: outcome.solver_retry.as_deref(),
            targets_met: outcome.targets_met(),
            stages: outcome.stages,
            figures: FiguresJson::of(&outcome.figures),
        }
    }
}

/// Keys in sorted order, as every JSON output of the tool writes them (serde_json's
/// map is ordered), so files diff cleanly between runs and versions.
fn sorted(value: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(value).expect("plain data serialises")
}

/// The figures of a plan as JSON.
pub fn figures_json(f: &PlanFigures) -> serde_json::Value {
    sorted(&FiguresJson::of(f))
}

/// `summary.json` of a plan.
pub fn summary_json(outcome: &PlanOutcome) -> serde_json::Value {
    sorted(&Summary::of(outcome))
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

/// The lines of the text summary on the national method's teacher indicators: per
/// indicator and level judged, the CV before → after against its standard and the
/// schools below the per-school standard before → after; then the county's verdict.
pub fn indicator_lines(f: &IndicatorFigures) -> Vec<String> {
    let show = |v: Option<f64>| v.map(|v| format!("{v:.3}")).unwrap_or_else(|| "n/a".into());
    let mut lines =
        vec!["  teacher indicators per 100 students (national method; before → after)".to_string()];
    for indicator in [Indicator::Qualified, Indicator::Backbone, Indicator::PeArt] {
        let name = match indicator {
            Indicator::Qualified => "qualified",
            Indicator::Backbone => "backbone",
            Indicator::PeArt => "PE/art",
        };
        for side in [Side::Primary, Side::Junior] {
            let l = f.level(indicator, side);
            if l.counts.schools.is_empty() {
                continue;
            }
            if !l.available {
                lines.push(format!(
                    "    {name:<9} {:<7} n/a: no teacher has a degree (optional `degree` column)",
                    side.en()
                ));
                continue;
            }
            let verdict = match (l.cv_meets(true), l.cv(true)) {
                (Some(true), _) => "met",
                (_, None) => "no teacher",
                _ => "ABOVE",
            };
            lines.push(format!(
                "    {name:<9} {:<7} CV {} → {} (≤ {:.2}: {verdict}); below {:.1}: {} → {} of {} schools",
                side.en(),
                show(l.cv(false)),
                show(l.cv(true)),
                l.cv_standard(),
                l.standard(),
                l.below(false).unwrap_or(0),
                l.below(true).unwrap_or(0),
                l.counts.schools.len()
            ));
        }
    }
    let before = match f.verdict(false) {
        Verdict::Meets => "met",
        Verdict::Misses(_) => "not met",
        Verdict::NotJudged => "not judged",
    };
    lines.push(format!(
        "  verdict   {} (before the plan: {before})",
        f.cv_verdict_text(true, Lang::En)
    ));
    lines
}

/// The short human summary printed after `rotation plan`.
pub fn text_summary(outcome: &PlanOutcome) -> String {
    let f = &outcome.figures;
    let s = &outcome.solve;
    let mut lines = Vec::new();
    let status = match s.status {
        SolveStatus::Optimal => format!("optimal (gap {:.2e})", s.mip_gap.max(0.0)),
        SolveStatus::TimeLimit if s.method == SolveMethod::NobodyMoves => {
            "stopped at the time limit before any plan was found: nobody moves".into()
        }
        SolveStatus::TimeLimit => format!(
            "stopped at the time limit: best plan found, bound {:.2}, gap {:.3}%",
            s.dual_bound,
            100.0 * s.mip_gap
        ),
        SolveStatus::Infeasible => "infeasible".into(),
    };
    // The solver's status speaks of the model; a plan short of a target is not what
    // the policy asks, whatever the solver proved, so the first line says so.
    let verdict = if outcome.targets_met() {
        String::new()
    } else {
        " — TARGETS NOT MET".to_string()
    };
    lines.push(format!(
        "plan for \"{}\": {status}{verdict}",
        outcome.policy
    ));
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
    let unit = outcome.commute_unit.symbol();
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
    if let Some(t) = f.exchange_teams {
        lines.push(format!(
            "  teams     {} of {} exchange teams moved, each together to one school",
            t.moved, t.teams
        ));
    }
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
    lines.extend(indicator_lines(&f.indicators));
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
            SolveMethod::NobodyMoves => " (no plan found in time)".to_string(),
            SolveMethod::StartingSwaps =>
                " (the time limit ended pricing: the swaps it started from, which meet the targets)"
                    .to_string(),
            SolveMethod::ReducedCostFixing => format!(
                " (branch and bound over the moves the LP's reduced costs leave, {} nodes)",
                s.nodes.max(0)
            ),
        }
    ));
    if let Some(first) = &outcome.solver_retry {
        lines.push(format!(
            "  note      HiGHS's first answer failed the checks and was discarded ({}); this plan is from a second solve without presolve and passed every check",
            first.lines().next().unwrap_or_default()
        ));
    }
    for e in &outcome.explanations {
        lines.push(format!("  why short: {}", e.text(Lang::En)));
    }
    lines.join("\n")
}
