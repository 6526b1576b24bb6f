//! A planning round from county to checked plan: eligibility → candidates →
//! formulation → solve → moves → verify → figures, with the reason for each move
//! (`reasons`) and, when a target is missed or pins conflict, why (`explain`).
//!
//! Long file: the round is one pipeline, and its steps (pricing or the staged full
//! model, the retry without presolve, the shortfall and stay reasons) share the
//! round's candidates and deadline; split apart they would pass a dozen values around.

use crate::model::county::County;
use crate::model::error::{Result, RotationError};
use crate::model::moves::Move;
use crate::model::pins::Pins;
use crate::model::policy::Policy;
use crate::model::previous::Previous;
use crate::model::solver_message::SolverMessage;
use crate::model::travel::CommuteUnit;
use crate::model::usage_message::UsageMessage;
use crate::round::check::{check_pinned_answer, Checked};
use crate::round::inputs::{round_candidates, RoundInputs};
use crate::round::reasons::{move_reasons, Basis, MoveReason};
use crate::round::replan::ChangeReport;
use crate::round::shortfall::ShortfallCause;
use crate::rules::candidates::CandidateLimit;
use crate::rules::eligibility::county_eligibility;
use crate::rules::metrics::{school_figures, PlanFigures, SchoolFigures};
use crate::rules::verify::Violation;
use crate::solve::formulation::formulate;
use crate::solve::highs::{SolveOptions, SolveOutcome, SolveStatus};
use crate::solve::pricing::{solve_priced, PricingStats, PRICING_THRESHOLD, START_NEAREST};
use crate::solve::stages::{solve_staged, StageReport};
use serde::Serialize;
use std::time::Instant;

/// The result of a round: the checked plan, its figures and how it was found.
#[derive(Debug, Clone, Serialize)]
pub struct PlanOutcome {
    /// The policy's display name.
    pub policy: String,
    /// The policy's Chinese name (`name_zh`; empty: `policy` in Chinese too). Not in
    /// summary.json, whose words are English.
    #[serde(skip)]
    pub policy_zh: String,
    /// The plan's moves, checked against every rule, in teacher order.
    #[serde(skip)]
    pub moves: Vec<Move>,
    /// The reason for each move, in the order of `moves`.
    #[serde(skip)]
    pub reasons: Vec<MoveReason>,
    /// Each eligible teacher the plan does not move, with the one reason, in teacher
    /// order (`stayed.csv`).
    #[serde(skip)]
    pub stayed: Vec<crate::rules::stay::Stayed>,
    /// Per-school figures before and after the plan, in county order.
    #[serde(skip)]
    pub schools: Vec<SchoolFigures>,
    /// Key figures of the plan: exchange rate, backbone share, commutes, CV, shortfalls.
    pub figures: PlanFigures,
    /// How the solver ran: status, method, bound, gap, nodes, timings, model size.
    pub solve: SolveOutcome,
    /// The lexicographic stages: how many solves, the least shortfalls proven.
    pub stages: StageReport,
    /// The objective recomputed from the moves in Rust.
    pub objective: f64,
    /// Number of candidate moves (binary columns of the full model).
    pub candidate_moves: usize,
    /// Seconds spent listing candidate moves.
    pub candidate_seconds: f64,
    /// How candidate moves were priced in, when they were.
    pub pricing: Option<PricingStats>,
    /// With wishes: wishes granted and justified-envy pairs.
    pub wishes: Option<crate::rules::stability::WishFigures>,
    /// Under `rules.stable` with wishes: the no-envy rows of the model.
    pub envy_rows: Option<crate::round::envy_rows::EnvyRows>,
    /// Seconds spent building the model (all rounds of pricing together).
    pub build_seconds: f64,
    /// Seconds for the whole round, from eligibility to checked figures.
    pub total_seconds: f64,
    /// When a target is missed: why, as causes rendered per language (in JSON, their
    /// English words).
    #[serde(serialize_with = "crate::round::shortfall::english_texts")]
    pub explanations: Vec<ShortfallCause>,
    /// Target rules the plan misses (the hard rules always hold); empty when every
    /// target is met (see [`PlanOutcome::targets_met`]).
    pub target_violations: Vec<Violation>,
    /// When HiGHS's first answer failed the checks: what was wrong (the plan is from a
    /// second solve without presolve, and passed every check).
    pub solver_retry: Option<SolverMessage>,
    /// Pinned decisions, in English words (a pinned move of an ineligible teacher says
    /// so), as summary.json writes them.
    pub pins: Vec<String>,
    /// The same pinned decisions as data, rendered per language by the text summary
    /// and the workbook (not serialised: `pins` is their English).
    #[serde(skip)]
    pub pin_notes: Vec<Basis>,
    /// With a previous plan: what changed and why.
    pub changes: Option<ChangeReport>,
    /// km, or minutes when commutes are travel times on the road network.
    pub commute_unit: CommuteUnit,
}

/// Plans a round. Every plan returned has passed `verify` on the hard rules; a
/// solver answer that fails a check is never an output.
pub fn plan_round(county: &County, policy: &Policy, options: &SolveOptions) -> Result<PlanOutcome> {
    Round::new(county, policy).options(options.clone()).plan()
}

impl PlanOutcome {
    /// The policy's name in `lang`: its Chinese name in Chinese when it has one.
    pub fn policy_in(&self, lang: crate::model::lang::Lang) -> &str {
        match lang {
            crate::model::lang::Lang::Zh if !self.policy_zh.trim().is_empty() => &self.policy_zh,
            _ => &self.policy,
        }
    }

    /// Whether the plan meets the exchange and backbone targets. A plan that misses
    /// one is still a valid plan (every hard rule holds), written with its shortfall,
    /// but it is not what the policy asks: `rotation plan` exits 3.
    pub fn targets_met(&self) -> bool {
        self.target_violations.is_empty()
    }
}

/// A round to plan, set up step by step; [`Round::plan`] runs it.
///
/// ```
/// use rotation::{read_instance, Policy, Round, SolveOptions};
/// let county = read_instance("instances/haiyan-like".as_ref())?.county;
/// let policy = Policy::read("models/haiyan-2022.toml".as_ref())?;
/// let options = SolveOptions { time_limit: Some(60.0), ..SolveOptions::default() };
/// let outcome = Round::new(&county, &policy).options(options).plan()?;
/// println!("{} moves", outcome.moves.len());
/// # Ok::<(), rotation::RotationError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Round<'a> {
    county: &'a County,
    policy: &'a Policy,
    options: SolveOptions,
    limit: CandidateLimit,
    pricing: Pricing,
    inputs: RoundInputs<'a>,
}

impl<'a> Round<'a> {
    /// A round with default solver options, every candidate move, and pricing chosen
    /// by size.
    pub fn new(county: &'a County, policy: &'a Policy) -> Round<'a> {
        Round {
            county,
            policy,
            options: SolveOptions::default(),
            limit: CandidateLimit::All,
            pricing: Pricing::Auto,
            inputs: RoundInputs::default(),
        }
    }

    /// Solver options (time limit, gap, threads, seed).
    pub fn options(mut self, options: SolveOptions) -> Self {
        self.options = options;
        self
    }

    /// A limit on the candidate moves of each teacher ([`CandidateLimit::Nearest`] is
    /// a heuristic: the plan is optimal for the smaller model only).
    pub fn candidates(mut self, limit: CandidateLimit) -> Self {
        self.limit = limit;
        self
    }

    /// How candidate moves reach the solver (all at once, or priced in).
    pub fn pricing(mut self, pricing: Pricing) -> Self {
        self.pricing = pricing;
        self
    }

    /// Locked decisions, hard rules. When they cannot all hold, [`Round::plan`] names
    /// the conflicting pins and the rule.
    pub fn pins(mut self, pins: &'a Pins) -> Self {
        self.inputs.pins = Some(pins);
        self
    }

    /// A previous plan to stay close to (`weights.stability` per change).
    pub fn previous(mut self, previous: &'a Previous) -> Self {
        self.inputs.previous = Some(previous);
        self
    }

    /// For a stable round (`rules.stable` with wishes): the same round, with the same
    /// inputs, planned without the rule. When proven, it is the first round of the
    /// bans (`docs/model.md`, "Wishes and stability"), not planned again.
    pub fn without_rule(mut self, plan: &'a PlanOutcome) -> Self {
        self.inputs.without_rule = Some(crate::round::inputs::WithoutRule {
            solve: &plan.solve,
            moves: &plan.moves,
            proven: plan.stages.proven,
        });
        self
    }

    /// Plans the round: every plan returned has passed `verify` on the hard rules.
    pub fn plan(self) -> Result<PlanOutcome> {
        self.options.check()?;
        plan_round_full(
            self.county,
            self.policy,
            &self.options,
            self.limit,
            self.pricing,
            self.inputs,
        )
    }
}

/// Whether the solve prices candidate moves in (see [`crate::solve::pricing`]) or hands
/// HiGHS all of them. Both solve the same model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pricing {
    /// Price moves in above [`PRICING_THRESHOLD`] candidate moves.
    Auto,
    /// Always, starting from the moves between each school and its this many nearest
    /// destinations, both ways.
    From(usize),
    /// Never.
    Off,
}

/// Seconds per candidate move kept from the solves' time limit for what follows them:
/// each stayer's reasons, the plan's figures and check, and the command's writing
/// (measured on the 100,000-teacher practice county, 14.3 M candidate moves, 1.5 s
/// after a plan written at the limit: 1.1 s in the round, 0.4 s writing; about 0.1 s
/// at 20,000 teachers; see `docs/benchmarks.md`, "The whole command within the limit").
/// Since the stay reasons read each teacher's moves in place, about 0.5 s there
/// ("Less fixed work after a large county's solve"): 6·10⁻⁸, 0.86 s, below the
/// teachers' 0.9 s, where 1.2·10⁻⁷ kept 1.7 s.
const AFTER_SECONDS_PER_MOVE: f64 = 6e-8;

/// Seconds per teacher kept the same way where the county has many teachers and few
/// moves: each teacher's row of `stayed.csv`, the figures and the notices grow with
/// the teachers, whatever the moves (the 100,000-teacher practice county under
/// `stay-in-groups`, 26,200 candidate moves, ended 0.7 s past limits of 2–4 s with
/// the moves' share alone, 3 ms: 0.25 s in the round after its solves, 0.37 s
/// rendering the files, 0.06 s writing them and ending; with 7·10⁻⁶, 0.7 s, it still
/// ended up to 0.13 s past, so about 0.85 s is needed there). 0.9 s at 100,000
/// teachers, 0.18 s at 20,000.
const AFTER_SECONDS_PER_TEACHER: f64 = 9e-6;

/// At most this share of the limit is kept so: a short limit is mostly for the solve.
/// With a tenth the 100,000-teacher practice county's command ended 1.3–4.1 s past
/// limits of 2–5 s (`docs/benchmarks.md`, "Short limits on a large county").
const AFTER_SHARE: f64 = 0.4;

/// Seconds of a time limit of `limit` kept for what follows the solves of a round
/// over `moves` candidate moves in a county of `teachers`: the larger estimate of the
/// two.
fn after_the_solve(moves: usize, teachers: usize, limit: f64) -> f64 {
    let by_moves = AFTER_SECONDS_PER_MOVE * moves as f64;
    let by_teachers = AFTER_SECONDS_PER_TEACHER * teachers as f64;
    by_moves.max(by_teachers).min(AFTER_SHARE * limit)
}

/// What a round adds to the model's objective and bounds for the previous plan
/// (`weights.stability` per move of it, which the model leaves out as a constant).
fn previous_offset(policy: &Policy, inputs: RoundInputs) -> f64 {
    inputs
        .previous
        .map_or(0.0, |p| policy.weights.stability * p.moves.len() as f64)
}

/// The whole round with the bureau's inputs.
fn plan_round_full(
    county: &County,
    policy: &Policy,
    options: &SolveOptions,
    limit: CandidateLimit,
    pricing: Pricing,
    inputs: RoundInputs,
) -> Result<PlanOutcome> {
    let start = Instant::now();
    if policy.balance.any()
        && policy.balance.indicator == crate::model::indicator::Indicator::Qualified
        && county.teachers.iter().all(|t| t.degree.is_none())
    {
        return Err(RotationError::Refused(UsageMessage::QualifiedNeedsDegrees));
    }
    let eligibility = county_eligibility(county, policy);
    let cands = round_candidates(county, policy, &eligibility, limit, inputs, options.threads)?;
    let candidate_seconds = start.elapsed().as_secs_f64();
    // The solves end early enough for what follows them within `--time-limit`.
    let options = &SolveOptions {
        time_limit: options
            .time_limit
            .map(|t| t - after_the_solve(cands.moves.len(), county.teachers.len(), t)),
        ..options.clone()
    };
    let mut build_seconds = 0.0;
    // Pricing's restricted model does not hold the no-envy rows of `rules.stable`: a
    // stable round with wishes solves the full model.
    let stable = policy.rules.stable && county.wishes.any();
    // Nor the rows that hold exchange teams together (`solve::team_rows`).
    let teams = county.exchange_teams.any();
    let priced_from = match pricing {
        Pricing::From(_) if stable => {
            return Err(RotationError::Refused(UsageMessage::PricingNotStable))
        }
        Pricing::From(_) if teams => {
            return Err(RotationError::Refused(UsageMessage::PricingNotTeams))
        }
        Pricing::Auto if cands.moves.len() > PRICING_THRESHOLD && !stable && !teams => {
            Some(START_NEAREST)
        }
        Pricing::From(k) => Some(k),
        Pricing::Auto | Pricing::Off => None,
    };
    let mut pricing_stats = None;
    let mut envy_rows = None;
    let balance_shortfall = policy.balance.has_shortfall_rules();
    // `--time-limit` is a deadline for the whole round: every solve gets what is left.
    let left = |options: &SolveOptions| options.left_since(start);
    // The least-shortfall stage's penalised basis, for the why-short questions
    // (`solve::start_basis`).
    let basis = crate::solve::start_basis::BasisSlot::new();
    // The rules as the model writes them, for the full model's stages (not a priced
    // county's, whose stages are priced, nor a stable round's): whether the exchange
    // target is out of reach, and the swaps' data.
    let rules = (!stable && priced_from.is_none())
        .then(|| crate::solve::model_rules::ModelRules::new(county, policy, &cands));
    // Counties whose outflow caps leave the exchange target out of reach skip the
    // stage with every target met (`ModelRules::exchange_out_of_reach`).
    let out_of_reach = rules.as_ref().is_some_and(|r| r.exchange_out_of_reach());
    // Balance swaps and exchanges for the full model's cost stages
    // (`solve::balance_swaps`); not where a swap would break rows they do not weigh
    // (teams kept together, no-envy rows), nor on a priced county (their data, a table
    // of every candidate move, would cost a priced county memory for nothing).
    let swaps = rules
        .filter(|_| !teams)
        .and_then(|r| crate::solve::balance_swaps::SwapData::from_rules(county, r, &cands))
        .map(std::sync::Arc::new);
    let mut attempt = |options: &SolveOptions| -> Result<(SolveOutcome, StageReport, Checked)> {
        let staged = |options: &SolveOptions, build_seconds: &mut f64| {
            let options = &SolveOptions {
                record_basis: basis.clone(),
                balance_swaps: swaps.clone(),
                exchange_out_of_reach: out_of_reach,
                ..options.clone()
            };
            solve_staged(
                |variables, stage| {
                    let t = Instant::now();
                    let f = formulate(county, policy, &cands, variables, stage);
                    *build_seconds += t.elapsed().as_secs_f64();
                    f
                },
                balance_shortfall,
                options,
            )
        };
        let solved = match priced_from {
            Some(k) => (|| {
                let (outcome, stats, report) = solve_priced(county, policy, &cands, k, options)?;
                build_seconds += stats.build_seconds;
                pricing_stats = Some(stats);
                // Pricing settles the stages itself, but for the balance shortfalls of
                // caps and floors: then the stages run on the full model.
                if outcome.status == SolveStatus::Infeasible {
                    // What is left of the command's time limit, not a fresh one.
                    staged(&left(options), &mut build_seconds)
                } else {
                    Ok((outcome, report))
                }
            })(),
            // `rules.stable`: the full model with its no-envy ladders.
            None if stable => crate::round::envy_rows::solve_envy_free(
                county,
                policy,
                &cands,
                balance_shortfall,
                options,
                crate::round::envy_bans::BansStart {
                    without_rule: inputs.without_rule.and_then(|p| {
                        crate::round::inputs::plan_over(&cands, p, previous_offset(policy, inputs))
                    }),
                    no_pricing: pricing == Pricing::Off,
                },
                &mut build_seconds,
            )
            .map(|(outcome, report, envy)| {
                envy_rows = Some(envy);
                (outcome, report)
            }),
            None => staged(options, &mut build_seconds),
        };
        // Only this year's returns can make the hard rules infeasible (see
        // `check::returns_blocked`): say so in their words.
        let solved = solved.map_err(|e| match e {
            // Proven by pricing, with the rows named: kept as it is.
            e @ RotationError::Solver(SolverMessage::ReturnsProvenBlocked { .. }) => e,
            RotationError::Solver(_) if !county.history.returns.is_empty() => {
                crate::round::check::returns_blocked(county)
            }
            other => other,
        });
        // Never an error for lack of time: with no plan found yet, the plan in which
        // nobody moves (it breaks no hard rule) is written with its shortfall; where
        // someone must move, the swaps or the refilled posts below.
        let (outcome, stages) = match solved {
            // Where someone must move (pinned to move, or returning this year),
            // nobody moving is no plan: the swaps pricing starts from, each pinned
            // teacher swapped first, are one when they meet the targets and break no
            // rule (a priced round has tried them already); else the moves the round
            // must make and the chains that refill the posts they leave
            // (`solve::refill`), short of the targets. Not under `rules.stable` or
            // with exchange teams, whose rows neither search holds.
            Err(RotationError::TimeLimit(e))
                if !cands.nobody_may_stay(county) && !stable && !teams =>
            {
                let swaps = (!cands.must_move.is_empty() && priced_from.is_none())
                    .then(|| crate::solve::pricing::swaps_plan(county, policy, &cands))
                    .flatten();
                let (chosen, method, shortfall) = match swaps {
                    Some(chosen) => (
                        chosen,
                        crate::solve::highs::SolveMethod::StartingSwaps,
                        (0.0, 0.0),
                    ),
                    None => {
                        let Some(refill) = crate::solve::refill::plan(county, policy, &cands)
                        else {
                            return Err(RotationError::TimeLimit(e));
                        };
                        // The returns alone keep every rule: the plan in which nobody
                        // in the round moves.
                        let method = if refill.moves.is_empty() {
                            crate::solve::highs::SolveMethod::NobodyMoves
                        } else {
                            crate::solve::highs::SolveMethod::RefilledPosts
                        };
                        (refill.moves, method, refill.shortfall)
                    }
                };
                let balance =
                    crate::solve::model_rules::ModelRules::reward_rows(county, policy, &cands);
                let mut plan =
                    SolveOutcome::nobody_moves(cands.moves.len(), 0, start.elapsed().as_secs_f64());
                for &j in &chosen {
                    plan.x[j] = 1.0;
                }
                let moves = cands.chosen(&plan.x);
                plan.objective =
                    crate::round::check::objective_of(county, &balance, &cands, &chosen, &moves);
                plan.method = method;
                (plan.shortfall_exchange, plan.shortfall_backbone) = shortfall;
                (plan, StageReport::default())
            }
            Err(RotationError::TimeLimit(_)) if cands.nobody_may_stay(county) => {
                let report = StageReport::default();
                let exchange = crate::solve::model_rules::targets(county, policy, &cands).exchange;
                let nobody = SolveOutcome::nobody_moves(
                    cands.moves.len(),
                    exchange,
                    start.elapsed().as_secs_f64(),
                );
                (nobody, report)
            }
            other => other?,
        };
        let checked =
            check_pinned_answer(county, policy, &eligibility, &cands, &outcome, inputs.pins)?;
        Ok((outcome, stages, checked))
    };
    // HiGHS has had wrong-answer bugs. A wrong answer is never written; the round is
    // solved once more without presolve, the part of HiGHS most often at fault, and the
    // first failure is reported in the summary.
    // What is left once the candidates are built: the limit counts from the round's
    // start.
    let first = attempt(&left(options));
    if let (Err(RotationError::Solver(_)), Some(pins)) =
        (&first, inputs.pins.filter(|p| !p.pins.is_empty()))
    {
        if !crate::round::explain::feasible(
            county,
            policy,
            &left(options),
            &eligibility,
            Some(pins),
        )? {
            return Err(crate::round::explain::explain_pin_conflict(
                county,
                policy,
                options,
                &eligibility,
                pins,
            ));
        }
    }
    // A round the returns leave without a plan, by HiGHS on the full model: pricing's
    // phase one proves it from its own bound and names the rows (a priced round has
    // its proof already), and the proof needs no second solve. Also under `--pricing
    // off`: the proof is a diagnosis, not the solve, and the message is the same.
    let first = match first {
        Err(RotationError::Solver(SolverMessage::ReturnsBlocked { .. }))
            if priced_from.is_none() && !stable && !teams =>
        {
            let proof = crate::solve::pricing::prove_returns_blocked(
                county,
                policy,
                &cands,
                &left(options),
            );
            proof.map_or(first, Err)
        }
        other => other,
    };
    let (outcome, stages, checked, solver_retry) = match first {
        Ok((o, st, c)) => (o, st, c, None),
        // A proof from a bound our own code computed (pricing's phase one), not an
        // answer of HiGHS's to check again.
        Err(e @ RotationError::Solver(SolverMessage::ReturnsProvenBlocked { .. })) => {
            return Err(e)
        }
        Err(RotationError::Solver(first)) => {
            // The retry shares the command's time limit. A progress line starts its
            // plan and bound afresh: the refused answer's no longer stand.
            options
                .observer
                .report(crate::solve::highs::Progress::Objective(
                    crate::solve::highs::SolveStage::LeastCost,
                ));
            let careful = SolveOptions {
                presolve: false,
                lp_first: false,
                ..left(options)
            };
            match attempt(&careful) {
                Ok((o, st, c)) => (o, st, c, Some(first)),
                // The same cause twice (a round the returns make infeasible) is one
                // message.
                Err(RotationError::Solver(second)) if second == first => {
                    return Err(RotationError::Solver(first))
                }
                Err(RotationError::Solver(second)) => {
                    return Err(RotationError::Solver(SolverMessage::Retried {
                        first: Box::new(first),
                        second: Box::new(second),
                    }))
                }
                // Keep the first failure in view: HiGHS did answer, and the answer
                // was refused, before the second solve ran out of time.
                Err(RotationError::TimeLimit(second)) => {
                    return Err(RotationError::TimeLimit(SolverMessage::Retried {
                        first: Box::new(first),
                        second: Box::new(second),
                    }))
                }
                Err(e) => return Err(e),
            }
        }
        Err(e) => return Err(e),
    };
    let Checked {
        moves,
        targets,
        figures,
        objective,
    } = checked;
    // With a previous plan the model charges −stability per kept move and +stability
    // per other move; adding stability·|previous| makes the reported objective the
    // plan's cost plus stability per change, a number that reads as it should.
    let (mut outcome, mut objective) = (outcome, objective);
    // A plan written when a later stage ran out of time is the least-shortfall stage's,
    // whose HiGHS objective is not the cost (`solve::stages::least_shortfall_at_limit`
    // leaves it NaN): the solver's figure is then the plan's cost, as recomputed.
    if outcome.objective.is_nan() {
        outcome.objective = objective;
    }
    if inputs.previous.is_some() {
        let offset = previous_offset(policy, inputs);
        objective += offset;
        outcome.objective += offset;
        outcome.dual_bound += offset;
        if let Some(b) = outcome.lp_bound.as_mut() {
            *b += offset;
        }
    }
    let mut explanations = Vec::new();
    if !targets.is_empty() {
        if outcome.method == crate::solve::highs::SolveMethod::NobodyMoves {
            explanations.push(ShortfallCause::NoPlanInTime);
        } else if outcome.status == SolveStatus::TimeLimit {
            explanations.push(ShortfallCause::TimeLimit {
                gap: outcome.mip_gap,
            });
        }
        if stages.least_among_priced {
            explanations.push(ShortfallCause::LeastAmongPriced);
        } else if !stages.proven
            && outcome.status != SolveStatus::TimeLimit
            && outcome.method != crate::solve::highs::SolveMethod::NobodyMoves
        {
            // The cost stage ended in time, the shortfall's search did not.
            explanations.push(ShortfallCause::LeastNotProven);
        }
        let short = figures.shortfall.exchange + figures.shortfall.backbone;
        if let (true, CandidateLimit::Nearest(k)) = (short > 0.0, limit) {
            // The causes below are read on the smaller model; say so first.
            explanations.push(ShortfallCause::CandidateLimit { k });
        }
        if short > 0.0 {
            let causes =
                crate::round::explain::explain_shortfall(county, policy, &cands, &moves, &figures);
            // Only a proven least shortfall can be compared with a relaxed one, and
            // only within what is left of the time limit. Not on a priced county: each
            // question is a solve over every candidate move (on `district-20k` with an
            // outflow cap of 10 %, 113 s of interior point after a plan found in 41 s),
            // so every cause stays, as for a question out of time.
            let causes = if outcome.status == SolveStatus::Optimal && priced_from.is_none() {
                crate::round::explain::keep_binding(
                    causes,
                    county,
                    policy,
                    inputs.pins,
                    short,
                    &moves,
                    &SolveOptions {
                        start_basis: basis.get(),
                        ..left(options)
                    },
                )
            } else {
                causes
            };
            explanations.extend(causes);
        }
        explanations.extend(crate::round::explain::explain_balance(
            county,
            policy,
            &eligibility,
            &cands,
            &moves,
        ));
    }
    let mut reasons = move_reasons(county, &eligibility, &cands, &moves);
    crate::round::reasons::explain_farthest(county, policy, &cands, &moves, &mut reasons);
    // The round's candidates are every allowed move only without a `--candidates` limit.
    let known = crate::rules::stay::Known {
        targets_met: !targets.iter().any(|v| {
            matches!(
                v.rule(),
                crate::rules::breach::Rule::ExchangeTarget
                    | crate::rules::breach::Rule::BackboneTarget
            )
        }),
        no_plan_in_time: matches!(
            outcome.method,
            crate::solve::highs::SolveMethod::NobodyMoves
                | crate::solve::highs::SolveMethod::RefilledPosts
        ),
        candidates: (limit == CandidateLimit::All).then_some(&cands),
    };
    let stayed = crate::rules::stay::stay_reasons_known(
        county,
        policy,
        &eligibility,
        inputs.pins,
        &moves,
        known,
    );
    let mut pin_notes = Vec::new();
    if let Some(pins) = inputs.pins {
        for pin in &pins.pins {
            let not_eligible = (!eligibility[pin.teacher].is_eligible()
                && pin.action != crate::model::pins::PinAction::Stay)
                .then(|| eligibility[pin.teacher].clone());
            let at = moves.iter().position(|m| m.teacher == pin.teacher);
            let basis = Basis::Pinned {
                pin: pin.describe(county),
                pin_zh: pin.describe_zh(county),
                not_eligible,
                eligible: at
                    .and_then(|i| crate::round::plan_reasons::eligible_of(&reasons[i].basis)),
            };
            if let Some(i) = at {
                // The pin comes first and replaces the ranking among allowed schools
                // (a `move_to` pin leaves one); an eligible teacher's years stay beside
                // it, and the rest of the reason stays.
                reasons[i].basis = basis.clone();
                reasons[i].rank = None;
                reasons[i].why_there = None;
            }
            pin_notes.push(basis);
        }
    }
    let changes = inputs.previous.map(|previous| {
        let stopped = outcome.status == SolveStatus::TimeLimit;
        crate::round::replan::compare(
            county,
            policy,
            &eligibility,
            inputs.pins,
            previous,
            &moves,
            stopped,
        )
    });
    let wishes = crate::rules::stability::wish_figures(county, policy, &eligibility, &moves);
    Ok(PlanOutcome {
        policy: policy.name.clone(),
        policy_zh: policy.name_zh.clone(),
        schools: school_figures(county, &moves),
        moves,
        reasons,
        stayed,
        figures,
        solve: outcome,
        stages,
        objective,
        candidate_moves: cands.moves.len(),
        candidate_seconds,
        build_seconds,
        pricing: pricing_stats,
        envy_rows,
        wishes,
        total_seconds: start.elapsed().as_secs_f64(),
        explanations,
        target_violations: targets,
        solver_retry,
        pins: pin_notes
            .iter()
            .map(|b| b.text(crate::model::lang::Lang::En))
            .collect(),
        pin_notes,
        changes,
        commute_unit: county.commute_unit(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What follows the solves keeps its share of the limit, in proportion to the
    /// candidate moves (0.86 s for 14.3 M, 1.2 s for 20 M) or to the teachers where
    /// that is more (0.9 s for 100,000 teachers, with 14.3 M moves or 26,200), never
    /// more than two fifths of the limit, and nothing of an empty county.
    #[test]
    fn the_time_after_the_solve_grows_with_moves_and_teachers_to_two_fifths_of_the_limit() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(after_the_solve(14_300_000, 100_000, 300.0), 0.9));
        assert!(close(after_the_solve(14_300_000, 20_000, 15.0), 0.858));
        assert!(close(after_the_solve(20_000_000, 100_000, 15.0), 1.2));
        assert!(close(after_the_solve(14_300_000, 100_000, 2.0), 0.8));
        assert!(close(after_the_solve(26_200, 100_000, 4.0), 0.9));
        assert!(close(after_the_solve(26_200, 100_000, 1.0), 0.4));
        assert!(close(after_the_solve(500_000, 4_000, 2.0), 0.036));
        assert!(close(after_the_solve(0, 0, 2.0), 0.0));
        for moves in [0, 1_000, 25_000, 1_000_000, 60_000_000] {
            for teachers in [0, 60, 4_000, 100_000, 1_000_000] {
                for limit in [0.01, 0.5, 4.0, 120.0] {
                    let kept = after_the_solve(moves, teachers, limit);
                    assert!((0.0..=AFTER_SHARE * limit + 1e-12).contains(&kept));
                    assert!(kept >= after_the_solve(moves, 0, limit));
                }
            }
        }
    }
}
