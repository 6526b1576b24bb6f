//! The summary of a plan: `summary.json` (from typed structs, keys in sorted order)
//! and the text printed after `rotation plan`.

use crate::model::indicator::{Indicator, Side};
use crate::model::lang::Lang;
use crate::model::travel::CommuteUnit;
use crate::output::summary_text::{
    BackboneTargetWords, Meets, StabilityUnknown, StatusWords, SummaryLine, VerdictWord,
};
use crate::round::replan::ChangeReport;
use crate::round::run::PlanOutcome;
use crate::round::shortfall::ShortfallCause;
use crate::round::wishes::WishReport;
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
    /// Joint appointments and where each teacher serves; left out without `joint.csv`.
    #[serde(skip_serializing_if = "Option::is_none")]
    joint: Option<&'a [crate::rules::metrics::JointServes]>,
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
            joint: f.joint.as_deref(),
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
    solver_retry: Option<String>,
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
            solver_retry: outcome.solver_retry.as_ref().map(|m| m.text(Lang::En)),
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

/// The CV lines of the text summary, primary then junior: before → after, and whether
/// each meets its ≤ 0.50 / ≤ 0.45 standard.
pub fn cv_lines(cv: &CvFigures) -> Vec<SummaryLine> {
    vec![
        SummaryLine::Cv {
            side: Side::Primary,
            before: cv.primary_before,
            after: cv.primary_after,
            standard: CV_STANDARD_PRIMARY,
        },
        SummaryLine::Cv {
            side: Side::Junior,
            before: cv.junior_before,
            after: cv.junior_after,
            standard: CV_STANDARD_JUNIOR,
        },
    ]
}

/// The lines of the text summary on the national method's teacher indicators: per
/// indicator and level judged, the CV before → after against its standard and the
/// schools below the per-school standard before → after; then the county's verdict
/// (its words in `lang`, as the verdict renders them).
pub fn indicator_lines(f: &IndicatorFigures, lang: Lang) -> Vec<SummaryLine> {
    let mut lines = vec![SummaryLine::IndicatorsHeading];
    for indicator in [Indicator::Qualified, Indicator::Backbone, Indicator::PeArt] {
        for side in [Side::Primary, Side::Junior] {
            let l = f.level(indicator, side);
            if l.counts.schools.is_empty() {
                continue;
            }
            if !l.available {
                lines.push(SummaryLine::IndicatorUnavailable { indicator, side });
                continue;
            }
            let meets = match (l.cv_meets(true), l.cv(true)) {
                (Some(true), _) => Meets::Met,
                (_, None) => Meets::NotJudged,
                _ => Meets::Above,
            };
            lines.push(SummaryLine::Indicator {
                indicator,
                side,
                cv_before: l.cv(false),
                cv_after: l.cv(true),
                cv_standard: l.cv_standard(),
                meets,
                standard: l.standard(),
                below_before: l.below(false).unwrap_or(0),
                below_after: l.below(true).unwrap_or(0),
                schools: l.counts.schools.len(),
            });
        }
    }
    let before = match f.verdict(false) {
        Verdict::Meets => VerdictWord::Met,
        Verdict::Misses(_) => VerdictWord::NotMet,
        Verdict::NotJudged => VerdictWord::NotJudged,
    };
    lines.push(SummaryLine::Verdict {
        after: f.cv_verdict_text(true, lang) + &f.failing_text(true, lang),
        before,
    });
    lines
}

/// [`indicator_lines`] rendered in `lang`, one text per line.
pub fn indicator_texts(f: &IndicatorFigures, lang: Lang) -> Vec<String> {
    indicator_lines(f, lang)
        .iter()
        .map(|l| l.text(lang))
        .collect()
}

/// The lines of the summary printed after `rotation plan`: the targets, the moves, the
/// commute, the CVs and indicators, why a target is missed; the solver's figures last,
/// under their own heading (`lang` words the texts rendered inside lines: change causes,
/// shortfall causes, the verdict).
pub fn summary_lines(outcome: &PlanOutcome, lang: Lang) -> Vec<SummaryLine> {
    let f = &outcome.figures;
    let s = &outcome.solve;
    let mut lines = Vec::new();
    let status = match s.status {
        SolveStatus::Optimal => StatusWords::Optimal {
            gap: s.mip_gap.max(0.0),
        },
        SolveStatus::TimeLimit if s.method == SolveMethod::NobodyMoves => StatusWords::NobodyMoves,
        SolveStatus::TimeLimit if s.method == SolveMethod::RefilledPosts => StatusWords::Refilled,
        SolveStatus::TimeLimit => StatusWords::TimeLimit {
            bound: s.dual_bound,
            gap: s.mip_gap,
        },
        SolveStatus::Infeasible => StatusWords::Infeasible,
    };
    lines.push(SummaryLine::Heading {
        policy: outcome.policy_in(lang).to_string(),
        status,
        targets_met: outcome.targets_met(),
    });
    lines.push(SummaryLine::Exchange {
        moved: f.moved,
        eligible: f.eligible,
        rate: f.exchange_rate,
        target: f.exchange_target,
        met: f.shortfall.exchange <= 0.0,
    });
    lines.push(SummaryLine::Backbone {
        moved: f.backbone_moved,
        share: f.backbone_share,
        target: match f.backbone_target_count {
            Some(count) => BackboneTargetWords::Count {
                count,
                eligible: f.eligible_backbone,
            },
            None => BackboneTargetWords::Share {
                share: f.backbone_target_share,
            },
        },
        met: f.shortfall.backbone <= 0.0,
    });
    lines.push(SummaryLine::Moves {
        urban_to_rural: f.directions.urban_to_rural,
        rural_to_urban: f.directions.rural_to_urban,
        within_zone: f.directions.within_zone,
        across_groups: f.cross_group_moves,
    });
    lines.push(SummaryLine::Commute {
        total: f.total_commute_km,
        mean: f.mean_commute_km,
        max: f.max_commute_km,
        unit: outcome.commute_unit,
    });
    if let Some(t) = f.exchange_teams {
        lines.push(SummaryLine::Teams {
            moved: t.moved,
            teams: t.teams,
        });
    }
    if let Some(joint) = &f.joint {
        lines.push(SummaryLine::Joint {
            appointments: joint.len(),
        });
    }
    for p in &outcome.pin_notes {
        lines.push(SummaryLine::Pin { pin: p.text(lang) });
    }
    if let Some(c) = &outcome.changes {
        lines.push(SummaryLine::Previous {
            kept: c.kept,
            previous: c.previous_moves,
            changes: c.changes.len(),
        });
        for ch in &c.changes {
            lines.push(SummaryLine::Change {
                teacher: ch.teacher.clone(),
                before: ch.before.clone(),
                after: ch.after.clone(),
                why: ch.cause.text(lang),
            });
        }
    }
    lines.extend(cv_lines(&f.cv_backbone_per_100));
    lines.extend(indicator_lines(&f.indicators, lang));
    for e in &outcome.explanations {
        lines.push(SummaryLine::WhyShort { why: e.text(lang) });
    }
    // How the solver got there matters to whoever tunes it, not to the officer: last,
    // and under its own heading.
    lines.push(SummaryLine::TechnicalHeading);
    lines.push(SummaryLine::Technical {
        objective: outcome.objective,
        columns: s.size.columns,
        rows: s.size.rows,
        build_seconds: outcome.build_seconds,
        solve_seconds: s.solve_seconds,
        method: s.method,
        nodes: s.nodes,
    });
    if let Some(first) = &outcome.solver_retry {
        lines.push(SummaryLine::SolverRetry {
            first: first.clone(),
        });
    }
    lines
}

/// Lines rendered in `lang`, one per line.
pub fn render_lines(lines: &[SummaryLine], lang: Lang) -> String {
    lines
        .iter()
        .map(|l| l.text(lang))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The short human summary printed after `rotation plan`, in `lang`.
pub fn text_summary(outcome: &PlanOutcome, lang: Lang) -> String {
    render_lines(&summary_lines(outcome, lang), lang)
}

/// The lines on the teachers' wishes (`plan --wishes`): granted by rank, the
/// justified-envy pairs, and under `rules.stable` what stability costs.
pub fn wish_lines(report: &WishReport) -> Vec<SummaryLine> {
    let g = &report.granted;
    let mut lines = vec![
        SummaryLine::Wishes {
            teachers: g.teachers,
            by_rank: g.by_rank.clone(),
            moved_unlisted: g.moved_unlisted,
            stayed_unlisted: g.stayed_unlisted,
        },
        SummaryLine::Envy {
            pairs: report.envy.len(),
            stable: report.stable,
        },
    ];
    if let Some(c) = &report.stability_cost {
        let known = match (c.no_plan_in_time, c.stable_falls_shorter) {
            (true, _) => Err(StabilityUnknown::NoPlanInTime),
            (false, true) => Err(StabilityUnknown::FallsShorter),
            (false, false) => Ok(c.stable_objective - c.unconstrained_objective),
        };
        lines.push(SummaryLine::StabilityCost {
            cost: known,
            unproven: c.unproven,
            unconstrained_objective: c.unconstrained_objective,
            unconstrained_envy: c.unconstrained_envy,
        });
    }
    lines
}
