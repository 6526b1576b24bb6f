//! Solving the formulation with HiGHS: options, the LP relaxation first, status,
//! dual bound and gap. The `highs` crate is used directly where good_lp hides what we
//! report (bound, gap, nodes, relaxation).
//!
//! Long file: options, status and the three ways of proving a plan (relaxation
//! integral, fix and complete, branch and bound) share one HiGHS wrapper.

use crate::model::error::{Result, RotationError};
use crate::model::solver_message::SolverMessage;
use crate::model::usage_message::UsageMessage;
use crate::solve::formulation::{Formulation, ModelSize, MoveVariables, Stage};
use crate::solve::mip_watch::{MipEnd, Placement, Reported};
use crate::solve::model_rules::SHORTFALL_PENALTY;
use crate::solve::start_basis::NamedBasis;
use highs::{HighsModelStatus, Model};
use serde::Serialize;
use std::time::Instant;

/// Solver settings, with the defaults `rotation plan` uses.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveOptions {
    /// Stop after this many seconds with the best plan found.
    pub time_limit: Option<f64>,
    /// Relative MIP gap at which the plan counts as optimal.
    pub gap: f64,
    /// HiGHS threads; `None` lets HiGHS choose.
    pub threads: Option<u32>,
    /// HiGHS random seed: the same input and seed give the same plan.
    pub seed: u32,
    /// Let HiGHS print its log (on stdout).
    pub verbose: bool,
    /// Solve the LP relaxation first and skip branching when it is integral.
    pub lp_first: bool,
    /// Let HiGHS presolve the model (turned off only to re-solve after a wrong answer).
    pub presolve: bool,
    /// The largest share of the moves a MIP narrowed by reduced costs may keep before
    /// the whole model is branched on instead (0.5; the oracle tests set 1 so that
    /// small counties take that path too).
    pub narrow_share: f64,
    /// Only plans cheaper than this are sought (HiGHS's `objective_bound`): a MIP with
    /// none ends infeasible. Set by the MIPs of `solve_with_lp_first` after the
    /// relaxation, and by pricing's.
    pub cutoff: Option<f64>,
    /// Stop at the first plan HiGHS finds (`mip_max_improving_sols = 1`): for a
    /// question with a cutoff, where any plan under it is the answer.
    pub first_plan: bool,
    /// Stop after this many branch-and-bound nodes (HiGHS's `mip_max_nodes`), like a
    /// time-out: for a search that pays only if it ends early.
    pub node_limit: Option<u32>,
    /// A bound on the model's optimum proven outside HiGHS (pricing's Lagrangian
    /// bound, or, for the MIPs after the relaxation in `solve_with_lp_first`, the
    /// relaxation's bound raised by the narrow stages that ended without a plan,
    /// which a MIP over some of the moves does not see): the MIP stops at the first
    /// plan within `gap` of it (HiGHS's `objective_target`), proven all the same.
    pub proven_bound: Option<f64>,
    /// HiGHS's own relative gap (`mip_rel_gap`) when tighter than `gap`: for a search
    /// under a cutoff whose empty end should prove more than `gap` below the cutoff.
    /// With `proven_bound`, HiGHS still stops at the first plan within `gap` of it.
    pub search_gap: Option<f64>,
    /// Solve the MIP's root LP by the interior point method (HiGHS's
    /// `mip_lp_solver`): for the least-shortfall searches, whose moves cost nothing,
    /// so that the dual simplex wanders a vast face of optima.
    pub root_by_ipm: bool,
    /// Where a least-target-shortfall relaxation solved with the penalised objective
    /// leaves that solve's basis, for a later stage (`solve::start_basis`).
    pub record_basis: crate::solve::start_basis::BasisSlot,
    /// A least-target-shortfall relaxation of at least this many nonzeros is solved
    /// first with the penalised objective (see `solve_relaxation`; the tests lower it).
    pub penalised_from: usize,
    /// A basis the LP relaxation starts from, matched by column and row name
    /// (`solve::start_basis`).
    pub start_basis: Option<std::sync::Arc<crate::solve::start_basis::NamedBasis>>,
    /// From this many rows of pricing's live LP (before its first round) on, a round
    /// within the gap at a solution some chords cut is completed into a plan before the
    /// re-solves that add the chords (`pricing::solve_priced`). 30,000 by default,
    /// measured: on the 100,000-teacher practice county (55,000 rows at the start,
    /// 57,000 at the end) the completion took 1.7 s against 3.5 s of re-solves, 129–130
    /// s → 127.2 s end to end; on the 20,000-teacher counties (about 11,000 rows) and
    /// `c8k-latlon` the re-solves take hundredths of a second and the completion
    /// 0.1–0.2 s more. The oracle and pricing tests set 0 so that small counties take
    /// that path too.
    pub complete_cut_rows: usize,
    /// Told of each stage, plan and bound as the solve goes (a terminal's progress
    /// line); nothing by default.
    pub observer: Observer,
    /// Whether HiGHS's bound while it searches is one of the stage, for the observer:
    /// `Some(cap)` where it holds up to `cap` (a MIP over every move: no cap; over the
    /// moves the relaxation's reduced costs leave to plans below some cost: that
    /// cost), `None` where it is of its own moves only (a completion, a
    /// neighbourhood). Only the bound at the end is reported then. Set by the solve
    /// itself for each MIP; a caller leaves it `None`.
    pub live_bound: Option<f64>,
    /// The round's moves and balance rows, for a plan by balance swaps where the
    /// never-worse rows leave a cost model's relaxation fractional, and for exchanges
    /// that make a completed plan cheaper (`solve::balance_swaps`); `None`: neither is
    /// tried.
    pub balance_swaps: Option<std::sync::Arc<crate::solve::balance_swaps::SwapData>>,
    /// The round has found that no plan meets the exchange target
    /// (`ModelRules::exchange_out_of_reach`): `solve_staged` starts from the least
    /// target shortfall without solving the stage with every target met.
    pub exchange_out_of_reach: bool,
    /// A plan known before the solve: the incumbent of a cost stage whose completion
    /// found none as cheap (`solve_with_lp_first`), written when nothing better is
    /// found in time. The stable round's plan by bans (`round::envy_bans`).
    pub known_plan: Option<std::sync::Arc<KnownPlan>>,
    /// A bound on the model's plans that another thread may prove while this solve
    /// runs (`solve::reach_race`): a MIP stops once its plan, or its cutoff, is within
    /// the gap of it. Set by the least-shortfall stage, where only the last branch and
    /// bound sees it (`search_from_relaxation`), and by a why-short question's search
    /// (`round::least_shortfall::shortfall_below`).
    pub outside_bound: Option<std::sync::Arc<crate::solve::mip_watch::OutsideBound>>,
    /// The solve may have a race beside it (`solve::reach_race::Race::may_start`): each
    /// of its MIPs runs on one HiGHS thread fewer than `threads` (unset: the logical
    /// cores, as `std::thread::available_parallelism` counts them everywhere in the
    /// tool; HiGHS's own default counts physical cores, the same on the 2-core
    /// machine of `docs/benchmarks.md`), at least one, on a thread of its own (HiGHS
    /// fixes the threads of a thread's runs at its first), leaving a core to the race. Set by the least-shortfall
    /// stage and a why-short question's searches where they may race, whether or not
    /// their race starts, so that the threads, and with them HiGHS's search and the
    /// plan, do not depend on timing.
    pub beside_race: bool,
}

/// A plan found outside the model's solve ([`SolveOptions::known_plan`]).
#[derive(Debug, Clone, PartialEq)]
pub struct KnownPlan {
    /// Each move of the model at 0 or 1.
    pub x: Vec<f64>,
    /// How it was found, the method of the outcome when it is the plan written.
    pub method: SolveMethod,
}

/// What a solve has reached, for a progress line.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Progress {
    /// A new stage begins.
    Stage(SolveStage),
    /// A plan that passes the model's rows, with its objective.
    Plan(f64),
    /// A proven lower bound on the objective.
    Bound(f64),
    /// A stage with another objective begins (the least target shortfall, then the
    /// least cost): the plans and bounds reported from here on are of it, and the
    /// earlier ones no longer compare. The steps within it come as [`Progress::Stage`].
    Objective(SolveStage),
}

/// A stage of a solve, as a progress line names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SolveStage {
    /// The LP relaxation.
    LpRelaxation,
    /// The relaxation's whole moves fixed, the rest decided by a small MIP.
    FixAndComplete,
    /// A plan by balance swaps (`solve::balance_swaps`).
    BalanceSwaps,
    /// The completed plan made cheaper by exchanges (`SwapData::improve`).
    Exchanges,
    /// A MIP over the moves the relaxation's reduced costs leave.
    ReducedCostFixing,
    /// Branch and bound on the whole model.
    BranchAndBound,
    /// The least target shortfall (targets that cannot be met).
    LeastTargetShortfall,
    /// The least balance shortfall (caps or floors that cannot be met).
    LeastBalanceShortfall,
    /// The least cost with the least shortfalls.
    LeastCost,
    /// Pricing moves into the restricted LP (large counties).
    PricingMovesIn,
    /// Testing which rules hold the plan below its targets.
    WhyShort,
    /// A first stable plan by bans (`round::envy_bans`), before the stable model.
    StableBans,
}

impl SolveStage {
    /// The stage in words, in `lang`.
    pub fn text(self, lang: crate::model::lang::Lang) -> &'static str {
        use crate::model::lang::Lang;
        use SolveStage::*;
        match (self, lang) {
            (LpRelaxation, Lang::En) => "LP relaxation",
            (LpRelaxation, Lang::Zh) => "线性松弛",
            (FixAndComplete, Lang::En) => "fix and complete",
            (FixAndComplete, Lang::Zh) => "固定并补全",
            (BalanceSwaps, Lang::En) => "balance swaps",
            (BalanceSwaps, Lang::Zh) => "均衡互换",
            (Exchanges, Lang::En) => "exchanges",
            (Exchanges, Lang::Zh) => "交换改进",
            (ReducedCostFixing, Lang::En) => "reduced-cost fixing",
            (ReducedCostFixing, Lang::Zh) => "按检验数缩小的分支定界",
            (BranchAndBound, Lang::En) => "branch and bound",
            (BranchAndBound, Lang::Zh) => "分支定界",
            (LeastTargetShortfall, Lang::En) => "least target shortfall",
            (LeastTargetShortfall, Lang::Zh) => "求最小目标缺口",
            (LeastBalanceShortfall, Lang::En) => "least balance shortfall",
            (LeastBalanceShortfall, Lang::Zh) => "求最小均衡缺口",
            (LeastCost, Lang::En) => "least cost",
            (LeastCost, Lang::Zh) => "求最小代价",
            (PricingMovesIn, Lang::En) => "pricing moves in",
            (PricingMovesIn, Lang::Zh) => "列生成定价",
            (WhyShort, Lang::En) => "why short",
            (WhyShort, Lang::Zh) => "分析未达标原因",
            (StableBans, Lang::En) => "a stable plan by bans",
            (StableBans, Lang::Zh) => "逐轮禁止致妒调动求稳定方案",
        }
    }
}

/// Receives [`Progress`] reports; cheap to clone, and equal to any other (it does not
/// change what is solved).
#[derive(Clone, Default)]
pub struct Observer(Option<std::sync::Arc<dyn Fn(Progress) + Send + Sync>>);

impl Observer {
    /// An observer calling `f` on each report.
    pub fn new(f: impl Fn(Progress) + Send + Sync + 'static) -> Observer {
        Observer(Some(std::sync::Arc::new(f)))
    }

    /// Reports `p`, if anyone listens.
    pub fn report(&self, p: Progress) {
        if let Some(f) = &self.0 {
            f(p);
        }
    }

    /// Whether anyone listens.
    pub fn is_active(&self) -> bool {
        self.0.is_some()
    }

    /// This observer told of bounds only: for a model whose bounds hold for the stage
    /// but whose plans may not (a MIP with some rows freed, `solve_lazily`).
    fn bounds_only(&self) -> Observer {
        match &self.0 {
            Some(f) => {
                let f = f.clone();
                Observer::new(move |p| {
                    if let Progress::Bound(_) = p {
                        f(p);
                    }
                })
            }
            None => Observer::default(),
        }
    }
}

/// Reports an answer's plan and bound (a proof may raise the bound above the last one
/// reported); nothing for "no plan".
fn report_answer(observer: &Observer, o: &SolveOutcome) {
    if o.status != SolveStatus::Infeasible && o.objective.is_finite() {
        observer.report(Progress::Plan(o.objective));
        if o.dual_bound.is_finite() {
            observer.report(Progress::Bound(o.dual_bound));
        }
    }
}

impl std::fmt::Debug for Observer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Observer(on)"
        } else {
            "Observer(off)"
        })
    }
}

impl PartialEq for Observer {
    fn eq(&self, _: &Observer) -> bool {
        true
    }
}

/// A solver setting out of range: which one (its field name) and the value given.
/// The library and the command line word it each in their own
/// terms (`time_limit` / `--time-limit`).
#[derive(Debug, Clone, PartialEq)]
pub struct BadSetting {
    /// The field of [`SolveOptions`]: `time_limit`, `gap`, `threads` or `search_gap`.
    pub setting: &'static str,
    /// The value given, as text. What the setting accepts is worded, in each
    /// language, by `usage_message::setting_range`.
    pub value: String,
}

impl SolveOptions {
    /// The first setting out of range, if any: the one place the ranges are decided.
    pub fn bad_setting(&self) -> Option<BadSetting> {
        let bad = |setting, value: String| Some(BadSetting { setting, value });
        match self.time_limit {
            Some(t) if !(t.is_finite() && t > 0.0) => return bad("time_limit", t.to_string()),
            _ => {}
        }
        let relative = |g: f64| g.is_finite() && (0.0..1.0).contains(&g);
        if !relative(self.gap) {
            return bad("gap", self.gap.to_string());
        }
        if self.threads == Some(0) {
            return bad("threads", "0".into());
        }
        match self.search_gap {
            Some(g) if !relative(g) => return bad("search_gap", g.to_string()),
            _ => {}
        }
        None
    }

    /// These options with what is left of their time limit after `start`: `--time-limit`
    /// is a deadline for the whole command, so each solve gets the rest, not a fresh
    /// one (at least 0.01 s, so that HiGHS still returns what it holds).
    pub fn left_since(&self, start: Instant) -> SolveOptions {
        SolveOptions {
            time_limit: self
                .time_limit
                .map(|t| (t - start.elapsed().as_secs_f64()).max(SPENT)),
            ..self.clone()
        }
    }

    /// Whether the time limit is spent: what [`SolveOptions::left_since`] leaves of a
    /// limit that has run out.
    pub(crate) fn spent(&self) -> bool {
        self.time_limit.is_some_and(|t| t <= SPENT)
    }

    /// Whether a model over `moves` candidate moves can be built within what is left
    /// of the time limit ([`BUILD_SECONDS_PER_MOVE`]). A build does not look at the
    /// clock: a question begun without this check overran its limit by the whole build.
    pub(crate) fn builds_in_time(&self, moves: usize) -> bool {
        self.time_limit
            .is_none_or(|t| t > SPENT && BUILD_SECONDS_PER_MOVE * moves as f64 <= t)
    }

    /// Checks the settings before any solve, naming the one out of range: a library
    /// caller gets the same refusal as the command line.
    pub fn check(&self) -> Result<()> {
        match self.bad_setting() {
            Some(b) => Err(RotationError::Refused(UsageMessage::SolverSetting {
                flag: b.setting.to_string(),
                setting: b.setting.to_string(),
                value: b.value,
            })),
            None => Ok(()),
        }
    }
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: None,
            gap: 1e-4,
            threads: None,
            seed: 0,
            verbose: false,
            lp_first: true,
            presolve: true,
            narrow_share: 0.5,
            cutoff: None,
            first_plan: false,
            node_limit: None,
            proven_bound: None,
            search_gap: None,
            root_by_ipm: false,
            record_basis: Default::default(),
            penalised_from: PENALISED_FIRST_NONZEROS,
            start_basis: None,
            complete_cut_rows: 30_000,
            observer: Observer::default(),
            live_bound: None,
            balance_swaps: None,
            exchange_out_of_reach: false,
            known_plan: None,
            outside_bound: None,
            beside_race: false,
        }
    }
}

/// How a solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SolveStatus {
    /// Proven optimal within the requested gap.
    Optimal,
    /// Stopped by the time limit; the plan is the best found.
    TimeLimit,
    /// No plan satisfies the hard rules.
    Infeasible,
}

/// How the reported plan was proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SolveMethod {
    /// The LP relaxation's optimum was integral: no branching.
    LpIntegral,
    /// The fractional LP moves were completed by a small MIP within the gap of the
    /// relaxation's bound.
    LpFixAndComplete,
    /// The relaxation's fractional moves completed without the never-worse rows (or
    /// those of the relaxation with the rows priced instead of held), then repaired by
    /// swaps of two movers' new schools (`solve::balance_swaps`), within the gap of the
    /// relaxation's bound.
    BalanceSwaps,
    /// The completed plan made cheaper by exchanges (two movers trading their new
    /// schools, a colleague taking a mover's place; `SwapData::improve`): within the
    /// gap of the relaxation's bound, or the incumbent a later stage proved (or wrote
    /// at a time limit).
    Exchanges,
    /// HiGHS branch and bound on the full model.
    BranchAndBound,
    /// Branch and bound over the moves a better plan than the fix-and-complete one may
    /// make, by the relaxation's reduced costs (exact for the full model).
    ReducedCostFixing,
    /// The time limit ran out before any plan was found: the plan in which nobody
    /// moves, which breaks no hard rule.
    NobodyMoves,
    /// The time limit ran out while pricing moves in: the swaps pricing started from,
    /// which meet both targets (`docs/model.md`, "Solving"), with the best bound found.
    StartingSwaps,
    /// The time limit ran out while pricing moves in: the swaps pricing started from,
    /// short of the targets, when no plan found falls less short (nobody moving falls
    /// shorter), with their shortfall and no bound claimed.
    ShortSwaps,
    /// The time limit ran out before any plan where someone must move (a teacher
    /// pinned to move, this year's returns to refill): their moves and the cheapest
    /// chains of moves that refill the posts they leave, found without the solver
    /// (`solve::refill`), with their shortfall and no bound claimed.
    RefilledPosts,
    /// The time limit ran out while pricing moves in: the last round's restricted LP
    /// completed into a plan (`solve::pricing::at_limit`), which meets both targets,
    /// with the best bound found.
    LastLpCompleted,
    /// The time limit ended the cost stage: the plan with the least target shortfall
    /// found (by pricing, `solve::pricing::least_shortfall`, or by the least-shortfall
    /// stage of the full model, `solve::stages`), at a cost not the least.
    LeastShortfall,
    /// Under `rules.stable`: the round without the rule planned again with the moves
    /// that gave justified envy banned, until none did (`round::envy_bans`), kept
    /// because the stable model found nothing better.
    EnvyBans,
    /// A plan known before the solve (`SolveOptions::known_plan`: under `rules.stable`
    /// the plan by bans) improved by a MIP over its moves and those of the stable
    /// model's relaxation (`solve_with_lp_first`); the full model found nothing better.
    KnownPlanImproved,
    /// A least-shortfall stage (`Stage::Targets`, `Stage::Balance`): a plan at the
    /// relaxation's bound, found by a short branch and bound that sought only such
    /// plans (`solve_with_lp_first`). Never the method of a written plan, whose last
    /// stage weighs costs.
    AtBound,
}

/// What the solver returned, in model terms.
#[derive(Debug, Clone, Serialize)]
pub struct SolveOutcome {
    /// How the solve ended.
    pub status: SolveStatus,
    /// How the plan was proven (relaxation integral, fix-and-complete, branching).
    pub method: SolveMethod,
    /// The objective HiGHS reports for its plan (checked against the moves in Rust).
    pub objective: f64,
    /// The best proven lower bound on the objective.
    pub dual_bound: f64,
    /// Relative gap between `objective` and `dual_bound`.
    pub mip_gap: f64,
    /// Value of each move column (0 or 1 after rounding).
    #[serde(skip)]
    pub x: Vec<f64>,
    /// Teachers short of the exchange target in the solution (slack `u`).
    pub shortfall_exchange: f64,
    /// Backbone teachers short of the backbone target (slack `v`).
    pub shortfall_backbone: f64,
    /// Branch-and-bound nodes HiGHS explored (0 when the relaxation settled it).
    pub nodes: i64,
    /// Whether the LP relaxation was already integral (when tried).
    pub lp_integral: Option<bool>,
    /// The LP relaxation's optimum, a bound on the objective (when solved first).
    pub lp_bound: Option<f64>,
    /// Seconds spent on the LP relaxation.
    pub lp_seconds: f64,
    /// Seconds spent solving, relaxation included.
    pub solve_seconds: f64,
    /// Columns, binaries, rows and nonzeros of the model solved.
    pub size: ModelSize,
}

/// How a solve stopped at the time limit: the one reading of it that the sweep's and
/// the study's notes, the years' lines and the stable round's summary share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LimitStop {
    /// Before any plan: the plan in which nobody moves is written.
    NoPlan,
    /// With the best plan found, and its gap where there was a bound (a plan written
    /// before any bound has a gap that is not finite).
    Found {
        /// The relative gap, at least 0.
        gap: Option<f64>,
    },
}

impl LimitStop {
    /// A stop with the best plan found and its gap `mip_gap` (not finite: no bound).
    pub fn found(mip_gap: f64) -> LimitStop {
        LimitStop::Found {
            gap: mip_gap.is_finite().then_some(mip_gap.max(0.0)),
        }
    }
}

/// A move column within this of 0 or 1 is read as that whole number (HiGHS's
/// `mip_feasibility_tolerance`; its relaxations were seen to leave whole moves
/// exactly 1e-6 off).
pub const INTEGRALITY_TOL: f64 = 1e-6;

impl SolveOutcome {
    /// How the solve stopped at the time limit; `None` when it did not.
    pub fn limit_stop(&self) -> Option<LimitStop> {
        (self.status == SolveStatus::TimeLimit).then(|| {
            if self.method == SolveMethod::NobodyMoves {
                LimitStop::NoPlan
            } else {
                LimitStop::found(self.mip_gap)
            }
        })
    }

    /// A search under a cutoff that found no plan under it, but ended holding a plan
    /// above it (HiGHS keeps such an incumbent): that plan, as a plan that meets every
    /// rule of the model and proves nothing. `solve` marks it so: status `Infeasible`
    /// with a finite objective and the plan in `x` (every other infeasible outcome
    /// has a NaN objective).
    pub fn plan_above_cutoff(self) -> Option<SolveOutcome> {
        self.holds_plan_above_cutoff().then_some(SolveOutcome {
            status: SolveStatus::Optimal,
            ..self
        })
    }

    /// Whether this is such an outcome (see [`SolveOutcome::plan_above_cutoff`]).
    pub fn holds_plan_above_cutoff(&self) -> bool {
        self.status == SolveStatus::Infeasible && self.objective.is_finite()
    }

    /// The plan in which nobody moves, written when the time limit ran out before any
    /// plan was found: it breaks no hard rule, and its shortfall says what it misses.
    /// `moves` candidate moves; `exchange_target` marks the exchange shortfall.
    pub fn nobody_moves(moves: usize, exchange_target: u32, seconds: f64) -> SolveOutcome {
        SolveOutcome {
            status: SolveStatus::TimeLimit,
            method: SolveMethod::NobodyMoves,
            objective: 0.0,
            dual_bound: f64::NAN,
            mip_gap: f64::NAN,
            x: vec![0.0; moves],
            shortfall_exchange: exchange_target as f64,
            shortfall_backbone: 0.0,
            nodes: 0,
            lp_integral: None,
            lp_bound: None,
            lp_seconds: 0.0,
            solve_seconds: seconds,
            size: ModelSize::default(),
        }
    }

    /// The outcome of a model proven infeasible.
    pub fn infeasible(size: ModelSize) -> SolveOutcome {
        SolveOutcome {
            status: SolveStatus::Infeasible,
            method: SolveMethod::BranchAndBound,
            objective: f64::NAN,
            dual_bound: f64::NAN,
            mip_gap: f64::NAN,
            x: vec![0.0; size.binaries],
            shortfall_exchange: 0.0,
            shortfall_backbone: 0.0,
            nodes: 0,
            lp_integral: None,
            lp_bound: None,
            lp_seconds: 0.0,
            solve_seconds: 0.0,
            size,
        }
    }
}

/// HiGHS's `presolve_rule_off` bits of the presolve rules every model we hand to HiGHS
/// runs without, each because HiGHS 1.16 was caught reporting a worse plan as optimal
/// with it:
/// - the enumeration presolve (`enumerateSolutions`, bit 16): HiGHS 1.13 to 1.16 drop an
///   *equality* clique as redundant once enumeration has fixed all but one of its
///   binaries (upstream issue ERGO-Code/HiGHS#3216). Our rows "each teacher at one
///   school" and "each seat one teacher or vacant" are such cliques: the balanced-teams
///   oracle caught a grade left with two head-teacher vacancies it did not need
///   (`tests/teams_oracle.rs`, kept as a regression seed);
/// - the aggregator (bit 12): on a small county of the round's oracle, branch and bound
///   on the full model returned a plan costing 70.59 as optimal where enumeration (and
///   HiGHS with this rule or presolve off) finds 42.75 (`tests/oracle.rs`,
///   `seeds_where_presolve_returned_a_worse_plan`).
///
/// Without the aggregator some counties take up to twice as long (`docs/benchmarks.md`);
/// a slower proof is the price of not trusting a wrong "optimal".
pub const PRESOLVE_RULES_OFF: i32 = (1 << 16) | (1 << 12);

pub(crate) fn configure(model: &mut Model, options: &SolveOptions) -> Result<()> {
    let fail = |what: &str| {
        RotationError::Solver(SolverMessage::OptionRejected {
            option: what.to_string(),
        })
    };
    model
        .try_set_option("presolve_rule_off", PRESOLVE_RULES_OFF)
        .map_err(|_| fail("presolve_rule_off"))?;
    if options.verbose {
        model
            .try_set_option("output_flag", true)
            .map_err(|_| fail("output_flag"))?;
        model
            .try_set_option("log_to_console", true)
            .map_err(|_| fail("log_to_console"))?;
    }
    if let Some(t) = options.time_limit {
        model
            .try_set_option("time_limit", t)
            .map_err(|_| fail("time_limit"))?;
    }
    model
        .try_set_option("mip_rel_gap", highs_rel_gap(options))
        .map_err(|_| fail("mip_rel_gap"))?;
    model
        .try_set_option("random_seed", options.seed as i32)
        .map_err(|_| fail("random_seed"))?;
    if !options.presolve {
        model
            .try_set_option("presolve", "off")
            .map_err(|_| fail("presolve"))?;
    }
    if let Some(cutoff) = options.cutoff {
        model
            .try_set_option("objective_bound", cutoff)
            .map_err(|_| fail("objective_bound"))?;
    }
    if let Some(bound) = options.proven_bound {
        // HiGHS stops at a plan strictly below the target.
        model
            .try_set_option("objective_target", largest_within_gap(bound, options.gap))
            .map_err(|_| fail("objective_target"))?;
    }
    if options.first_plan {
        model
            .try_set_option("mip_max_improving_sols", 1)
            .map_err(|_| fail("mip_max_improving_sols"))?;
    }
    if let Some(nodes) = options.node_limit {
        model
            .try_set_option("mip_max_nodes", nodes as i32)
            .map_err(|_| fail("mip_max_nodes"))?;
    }
    if options.root_by_ipm {
        model
            .try_set_option("mip_lp_solver", "ipm")
            .map_err(|_| fail("mip_lp_solver"))?;
    }
    if let Some(threads) = options.threads {
        model
            .try_set_option("threads", threads as i32)
            .map_err(|_| fail("threads"))?;
    }
    // No root restarts. HiGHS restarts its root (presolve, cuts and heuristics again)
    // once its root has made enough integer columns inactive (the log's "N% inactive
    // integer columns, restarting"), mostly by reduced-cost fixing against its
    // incumbent. Our MIPs are already narrowed by the relaxation's reduced costs and
    // hold a tight incumbent or cutoff, so that happened over and over: five restarts
    // in one 1,500-move MIP of the exchange-rate sweep on county-4k-a. Without them
    // the family's c4k-grid at tolerances 1 and 2 takes 1.88 and 1.79 s against 4.74
    // and 5.15 s, c6k-cv-caps 35.0 s against 62.7 s, and that sweep 4.8 s against
    // 7.2 s (`docs/benchmarks.md`, "No root restarts").
    model
        .try_set_option("mip_allow_restart", false)
        .map_err(|_| fail("mip_allow_restart"))?;
    // No RENS. Its sub-MIP fixes the moves the root LP has whole and searches the
    // rest: our own fix-and-complete stage, run before any MIP of ours, and the MIPs
    // after it are already narrowed to the moves a plan within the incumbent's slack
    // may make. On the family's `c4k-ignore-any` HiGHS's RENS took 1.2 s of the last
    // MIP's root and found nothing (3.4 → 2.2 s end to end without it); elsewhere in
    // the family, the practice counties and their exchange-rate sweeps within noise
    // (`docs/benchmarks.md`, "A near plan first, and no RENS").
    model
        .try_set_option("mip_heuristic_run_rens", false)
        .map_err(|_| fail("mip_heuristic_run_rens"))?;
    Ok(())
}

fn int64_info(model: &highs::SolvedModel, name: &std::ffi::CStr) -> i64 {
    let mut value: i64 = 0;
    // SAFETY: the pointer is a live HiGHS instance; the name is a known int64 info key.
    let status = unsafe {
        highs_sys::Highs_getInt64InfoValue(model.as_ptr() as *mut _, name.as_ptr(), &mut value)
    };
    if status == highs_sys::STATUS_OK {
        value
    } else {
        -1
    }
}

/// The LP relaxation of a model built with `relax = true`.
#[derive(Debug, Clone)]
pub struct Relaxation {
    /// The relaxation's optimum: a lower bound on the model's objective.
    pub bound: f64,
    /// The move values of the relaxation's optimum.
    pub x: Vec<f64>,
    /// The moves' reduced costs at that optimum.
    pub reduced_cost: Vec<f64>,
    /// Seconds HiGHS took.
    pub seconds: f64,
    /// The move values, when every one is 0 or 1.
    pub integral: Option<Vec<f64>>,
    /// Exchange shortfall in the relaxation's optimum.
    pub shortfall_exchange: f64,
    /// Backbone shortfall in the relaxation's optimum.
    pub shortfall_backbone: f64,
    /// Whether HiGHS started from `SolveOptions::start_basis`.
    pub from_basis: bool,
    /// The never-worse rows (`RowKey::NeverWorse`) of a cost model: (row, dual) at
    /// the optimum, for `solve::balance_swaps`' priced relaxation.
    pub never_worse: Vec<(usize, f64)>,
}

/// A fresh HiGHS instance holding the formulation, with the options set.
pub(crate) fn highs_model(formulation: Formulation, options: &SolveOptions) -> Result<Model> {
    let mut model = formulation
        .problem
        .into_model()
        .map_err(|detail| RotationError::Solver(SolverMessage::ModelRejected { detail }))?;
    configure(&mut model, options)?;
    Ok(model)
}

/// Sets `options.start_basis` (another stage's basis, matched by the model's column and
/// row `names`; HiGHS repairs it where the models differ, `solve::start_basis`) on a
/// live instance; whether HiGHS took it.
pub(crate) fn start_from_basis(
    model: &mut Model,
    options: &SolveOptions,
    names: &Option<(Vec<String>, Vec<String>)>,
) -> bool {
    let (Some(basis), Some((cols, rows))) = (&options.start_basis, names) else {
        return false;
    };
    let (col_status, row_status) = basis.statuses(cols, rows);
    // SAFETY: a live instance holding the model the names describe; the arrays have
    // one status per column and per row. HiGHS repairs an alien basis, and should it
    // reject one, the solve starts from scratch.
    let status = unsafe {
        highs_sys::Highs_setBasis(model.as_mut_ptr(), col_status.as_ptr(), row_status.as_ptr())
    };
    status != highs_sys::STATUS_ERROR
}

/// Solves the LP relaxation (a formulation built with `relax = true`); `None` when it
/// is infeasible (then so is the model).
pub fn solve_relaxation(
    formulation: Formulation,
    options: &SolveOptions,
) -> Result<Option<Relaxation>> {
    relaxation(formulation, options, options.penalised_from)
}

/// [`solve_relaxation`], a least-target-shortfall relaxation solved first with the
/// penalised objective from `penalised_from` nonzeros on.
fn relaxation(
    formulation: Formulation,
    options: &SolveOptions,
    penalised_from: usize,
) -> Result<Option<Relaxation>> {
    Ok(relaxation_capped(formulation, options, penalised_from, None)?.map(|(lp, _)| lp))
}

/// [`relaxation`], and where `cap` (the backbone movers' cap, `solve::reach`) cuts its
/// optimum, the same relaxation with the cap written, solved again on the same
/// instance from that optimum's basis (the dual simplex: only the new row is
/// infeasible there). Returns the relaxation without the cap and, when the cap cut
/// it, the capped one's bound (see [`solve_with_capped_bound`]). `None`: the
/// relaxation, capped or not, has no point.
fn relaxation_capped(
    mut formulation: Formulation,
    options: &SolveOptions,
    penalised_from: usize,
    cap: Option<f64>,
) -> Result<Option<(Relaxation, Option<f64>)>> {
    // With the time gone, no model is handed to HiGHS (as `solve_built`): the
    // why-short questions after a round that used its limit built and started one
    // model after another, 1.5 s past a limit of 5 s on the family's `c6k-cv-caps`.
    if options.spent() {
        return Err(RotationError::TimeLimit(SolverMessage::TimeInRelaxation));
    }
    let n = formulation.x.len();
    let t = Instant::now();
    let stage = formulation.stage;
    let nonzeros = formulation.size.nonzeros;
    let never_worse_rows = never_worse_rows(&formulation);
    let no_envy_rows = formulation.row_keys.iter().any(|k| {
        matches!(
            k,
            crate::solve::formulation::RowKey::Stability(..)
                | crate::solve::formulation::RowKey::EnvyLadder(..)
        )
    });
    let move_cost = std::mem::take(&mut formulation.move_cost);
    let names = (options.record_basis.wanted() || options.start_basis.is_some()).then(|| {
        (
            std::mem::take(&mut formulation.column_names),
            std::mem::take(&mut formulation.row_names),
        )
    });
    let backbone_moves = if cap.is_some() {
        std::mem::take(&mut formulation.backbone_moves)
    } else {
        Vec::new()
    };
    let mut model = highs_model(formulation, options)?;
    let from_basis = start_from_basis(&mut model, options, &names);
    let fail = |what: &str| {
        RotationError::Solver(SolverMessage::OptionRejected {
            option: what.to_string(),
        })
    };
    // The least target shortfall costs every move nothing: its relaxation is dual
    // degenerate throughout, and every simplex crawls on the large ones (on the
    // family's `c6k-cv-caps`, 380,000 nonzeros: the dual simplex 19.7 s, the primal
    // 3.7 s, the interior point method with crossover 4.1 s). From
    // `PENALISED_FIRST_NONZEROS` (`penalised_from`) on it is solved first with each move at its cost and
    // each shortfall at `SHORTFALL_PENALTY` (the met objective of pricing), which the
    // dual simplex solves like a cost stage (0.8 s there), and then from that basis
    // with the stage's own objective by the primal simplex: the basis is feasible and
    // usually already optimal (no iteration on `c6k-cv-caps`, at penalties from 1,000
    // to 1,000,000). The first solve only chooses where the second starts; the
    // optimum is the second's. Below, the primal simplex alone (see the constant).
    let penalised_first = stage == Stage::Targets && nonzeros >= penalised_from;
    let interior = matches!(stage, Stage::Balance { .. }) && nonzeros >= INTERIOR_POINT_NONZEROS;
    if !presolve_pays(interior, no_envy_rows) {
        presolve_off(&mut model)?;
    }
    match stage {
        Stage::Targets if penalised_first => {
            set_costs(&mut model, &move_cost, SHORTFALL_PENALTY)?;
            // A cutoff, were one given, is in the stage's units, not the penalised
            // objective's: the first solve runs without.
            model
                .try_set_option("objective_bound", f64::INFINITY)
                .map_err(|_| fail("objective_bound"))?;
        }
        Stage::Targets => {
            model
                .try_set_option("simplex_strategy", PRIMAL_SIMPLEX)
                .map_err(|_| fail("simplex_strategy"))?;
        }
        // The least balance shortfall, also dual degenerate: the interior point method
        // with crossover (to a vertex, which the steps after need) on large models
        // (`c6k-cv-caps`: 31 s by the dual simplex against 3.2 s); none other measured.
        Stage::Balance { .. } if interior => {
            model
                .try_set_option("solver", "ipm")
                .map_err(|_| fail("solver"))?;
            model
                .try_set_option("run_crossover", "on")
                .map_err(|_| fail("run_crossover"))?;
        }
        Stage::Balance { .. } | Stage::Cost { .. } => {}
    }
    let Some(mut solved) = run_relaxation(model)? else {
        return Ok(None);
    };
    if penalised_first {
        let mut model = Model::from(solved);
        if let (true, Some((cols, rows))) = (options.record_basis.wanted(), &names) {
            // SAFETY: a live instance that has just solved the model the names describe.
            if let Some(basis) = unsafe { NamedBasis::read(model.as_mut_ptr(), cols, rows) } {
                options.record_basis.put(basis);
            }
        }
        set_costs(&mut model, &vec![0.0; n], 1.0)?;
        model
            .try_set_option("simplex_strategy", PRIMAL_SIMPLEX)
            .map_err(|_| fail("simplex_strategy"))?;
        if let Some(cutoff) = options.cutoff {
            model
                .try_set_option("objective_bound", cutoff)
                .map_err(|_| fail("objective_bound"))?;
        }
        limit_what_is_left(&mut model, options, t)?;
        let Some(again) = run_relaxation(model)? else {
            return Ok(None);
        };
        solved = again;
    }
    let mut sol = solved.get_solution();
    // HiGHS 1.16 re-run on an instance was once seen to report an objective its own
    // solution does not attain (a MIP after its relaxation, `docs/model.md`): here
    // the objective is `u + v`, so the solution says what it attains. Should the two
    // differ, the relaxation is solved afresh (the solver's state cleared, the primal
    // simplex from the slack basis), as below the threshold.
    let attained = sol.columns()[n] + sol.columns()[n + 1];
    if penalised_first
        && (solved.objective_value() - attained).abs() > 1e-6 * attained.abs().max(1.0)
    {
        let mut model = Model::from(solved);
        // SAFETY: a live instance.
        unsafe { highs_sys::Highs_clearSolver(model.as_mut_ptr()) };
        let Some(afresh) = run_relaxation(model)? else {
            return Ok(None);
        };
        solved = afresh;
        sol = solved.get_solution();
    }
    let mut first = read_relaxation(&solved, &sol, n, &never_worse_rows, t, from_basis);
    let moved: f64 = backbone_moves.iter().map(|&j| first.x[j]).sum();
    let Some(cap) = cap.filter(|&cap| first.integral.is_none() && moved > cap + CAP_CUTS) else {
        return Ok(Some((first, None)));
    };
    // The capped bound only starts the proof higher: should its solve fail in any way
    // (out of time included), the stage goes on from the relaxation it has.
    let capped = capped_again(
        Model::from(solved),
        &backbone_moves,
        cap,
        interior,
        options,
        t,
    );
    first.seconds = t.elapsed().as_secs_f64();
    match capped {
        Ok(Some(bound)) => Ok(Some((first, Some(bound)))),
        // No relaxed plan under the cap: the stage has no plan (its MIPs hold the cap).
        Ok(None) => Ok(None),
        Err(_) => Ok(Some((first, None))),
    }
}

/// The capped relaxation's bound: `model`, the live instance that has just solved the
/// relaxation, with the row `Σ backbone moves ≤ cap` added, solved again from its
/// basis by the dual simplex (only the new row is infeasible there; an instance set to
/// the interior point method is set back). `Ok(None)`: no point under the cap. A bound
/// that the solution does not attain (HiGHS re-run on an instance was once seen to
/// report such an objective, see below) is refused.
fn capped_again(
    mut model: Model,
    backbone_moves: &[usize],
    cap: f64,
    interior: bool,
    options: &SolveOptions,
    t: Instant,
) -> Result<Option<f64>> {
    let fail = |what: &str| {
        RotationError::Solver(SolverMessage::OptionRejected {
            option: what.to_string(),
        })
    };
    let index: Vec<highs_sys::HighsInt> = backbone_moves
        .iter()
        .map(|&j| j as highs_sys::HighsInt)
        .collect();
    let ones = vec![1.0; index.len()];
    // SAFETY: a live instance whose first columns are the moves (every index is a
    // move's); `index` and `ones` hold `index.len()` entries each.
    let status = unsafe {
        highs_sys::Highs_addRow(
            model.as_mut_ptr(),
            f64::NEG_INFINITY,
            cap,
            index.len() as highs_sys::HighsInt,
            index.as_ptr(),
            ones.as_ptr(),
        )
    };
    if status == highs_sys::STATUS_ERROR {
        return Err(fail("Highs_addRow"));
    }
    if interior {
        model
            .try_set_option("solver", "simplex")
            .map_err(|_| fail("solver"))?;
    }
    limit_what_is_left(&mut model, options, t)?;
    let Some(capped) = run_relaxation(model)? else {
        return Ok(None);
    };
    let bound = capped.objective_value();
    let attained = objective_attained(&capped, capped.get_solution().columns());
    // NaN (costs HiGHS did not give) is refused too.
    if attained.is_nan() || (bound - attained).abs() > 1e-6 * bound.abs().max(1.0) {
        return Err(RotationError::Solver(SolverMessage::RelaxationStatus {
            status: format!("objective {bound} against {attained} attained"),
        }));
    }
    Ok(Some(bound))
}

/// What the columns `x` of the solution `solved` holds cost at its model's costs, plus
/// the objective's offset; NaN when HiGHS cannot give the costs.
fn objective_attained(solved: &highs::SolvedModel, x: &[f64]) -> f64 {
    let ptr = solved.as_ptr() as *mut std::ffi::c_void;
    // SAFETY: a live instance, asked for all its columns.
    unsafe {
        let columns = highs_sys::Highs_getNumCol(ptr).max(0) as usize;
        let mut offset = 0.0;
        highs_sys::Highs_getObjectiveOffset(ptr, &mut offset);
        match first_columns(ptr, columns) {
            Some(c) => offset + x.iter().zip(&c.cost).map(|(x, c)| x * c).sum::<f64>(),
            None => f64::NAN,
        }
    }
}

/// The costs and bounds of a model's first columns.
struct FirstColumns {
    cost: Vec<f64>,
    lower: Vec<f64>,
    upper: Vec<f64>,
}

/// The costs and bounds of the first `n` columns of the HiGHS instance `ptr` (not their
/// matrix entries); `None` when HiGHS does not give all `n`.
///
/// # Safety
/// `ptr` is a live HiGHS instance with at least `n` columns.
unsafe fn first_columns(ptr: *mut std::ffi::c_void, n: usize) -> Option<FirstColumns> {
    let mut c = FirstColumns {
        cost: vec![0.0; n],
        lower: vec![0.0; n],
        upper: vec![0.0; n],
    };
    if n == 0 {
        return Some(c);
    }
    let (mut count, mut nz) = (0 as highs_sys::HighsInt, 0 as highs_sys::HighsInt);
    // SAFETY: per the caller; every buffer holds `n` entries, and the matrix entries
    // are not asked for (HiGHS skips the null arrays).
    let status = unsafe {
        highs_sys::Highs_getColsByRange(
            ptr,
            0,
            (n - 1) as highs_sys::HighsInt,
            &mut count,
            c.cost.as_mut_ptr(),
            c.lower.as_mut_ptr(),
            c.upper.as_mut_ptr(),
            &mut nz,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    (status != highs_sys::STATUS_ERROR && count as usize == n).then_some(c)
}

/// Sets what is left of the time limit on a live instance about to solve again, on
/// zeroed clocks (HiGHS 1.16 adds up the run time of every solve on an instance, so
/// the limit set here is the one that holds).
fn limit_what_is_left(model: &mut Model, options: &SolveOptions, t: Instant) -> Result<()> {
    let Some(limit) = options.time_limit else {
        return Ok(());
    };
    let left = limit - t.elapsed().as_secs_f64();
    if left <= 0.0 {
        return Err(RotationError::TimeLimit(SolverMessage::TimeInRelaxation));
    }
    model.try_set_option("time_limit", left).map_err(|_| {
        RotationError::Solver(SolverMessage::OptionRejected {
            option: "time_limit".into(),
        })
    })?;
    // SAFETY: a live instance.
    unsafe { highs_sys::Highs_zeroAllClocks(model.as_mut_ptr()) };
    Ok(())
}

/// Backbone movers above the cap by more than this cut the relaxation's optimum (an
/// optimum within HiGHS's tolerances of the cap is the capped relaxation's).
const CAP_CUTS: f64 = 1e-6;

/// The relaxation `solved` holds (`sol` its solution; the moves are its first `n`
/// columns, the two target shortfalls the next), `t` the clock of its solves.
fn read_relaxation(
    solved: &highs::SolvedModel,
    sol: &highs::Solution,
    n: usize,
    never_worse_rows: &[usize],
    t: Instant,
    from_basis: bool,
) -> Relaxation {
    let cols = sol.columns();
    let row_duals = sol.dual_rows();
    let never_worse = never_worse_rows
        .iter()
        .map(|&r| (r, row_duals.get(r).copied().unwrap_or(0.0)))
        .collect();
    let integral = cols[..n]
        .iter()
        .all(|v| (v - v.round()).abs() <= INTEGRALITY_TOL);
    Relaxation {
        bound: solved.objective_value(),
        x: cols[..n].to_vec(),
        reduced_cost: sol.dual_columns()[..n].to_vec(),
        seconds: t.elapsed().as_secs_f64(),
        integral: integral.then(|| cols[..n].iter().map(|v| v.round()).collect()),
        shortfall_exchange: cols[n].max(0.0),
        shortfall_backbone: cols[n + 1].max(0.0),
        from_basis,
        never_worse,
    }
}

/// A plan by balance swaps (`solve::balance_swaps`) for the cost model `build` makes,
/// whose relaxation `lp` has never-worse rows, within the gap of `bound` (the
/// relaxation's, or a higher one proven for the stage's plans): its moves
/// fixed and solved by HiGHS (which checks every row and gives its cost); `None` when
/// no step finds one.
///
/// The relaxation's own fractional moves are completed without the never-worse rows
/// first. Where that plan is outside the gap, the fractions do not come from those
/// rows alone, and swaps (which only lower them at a cost) cannot help: nothing more
/// is tried (the practice counties at tolerances 1 and 2, `c4k-bb8`,
/// `c4k-classic-tol1`: 1.0–27·10⁻⁴ above the bound). Otherwise that plan is
/// repaired; failing that, the priced relaxation's (`priced_relaxation`).
fn balance_swaps_plan(
    build: &mut impl FnMut(MoveVariables) -> Formulation,
    lp: &Relaxation,
    bound: f64,
    data: &crate::solve::balance_swaps::SwapData,
    options: &SolveOptions,
) -> Result<Option<SolveOutcome>> {
    // Each step gets what is left of the limit.
    let start = Instant::now();
    let left = || options.left_since(start);
    let Some(own) = complete_without_rows(build, &lp.x, lp, &left())? else {
        return Ok(None);
    };
    if !within_gap(own.objective, bound, options.gap) {
        return Ok(None);
    }
    if let Some(p) = repaired(build, lp, bound, data, &own.x, &left())? {
        return Ok(Some(p));
    }
    let Some(x) = priced_relaxation(build, lp, &left())? else {
        return Ok(None);
    };
    let Some(priced) = complete_without_rows(build, &x, lp, &left())? else {
        return Ok(None);
    };
    repaired(build, lp, bound, data, &priced.x, &left())
}

/// The most seconds the exchanges (`SwapData::improve`) take before the solve goes on.
const EXCHANGE_SECONDS: f64 = 2.0;

/// The plan `x` (moves of `moves` candidates) made cheaper by exchanges
/// (`SwapData::improve`) and solved by HiGHS with every move fixed; `None` when no
/// exchange lowers its cost, or HiGHS refuses the plan.
fn exchanged_plan(
    build: &mut impl FnMut(MoveVariables) -> Formulation,
    moves: usize,
    data: &crate::solve::balance_swaps::SwapData,
    x: &[f64],
    options: &SolveOptions,
) -> Result<Option<SolveOutcome>> {
    let start = Instant::now();
    let chosen: Vec<usize> = (0..moves.min(x.len())).filter(|&j| x[j] > 0.5).collect();
    // At most `EXCHANGE_SECONDS` (their MIPs take hundredths of a second at 4,000
    // teachers), so that they never starve the stages after them.
    let seconds = options
        .time_limit
        .map_or(EXCHANGE_SECONDS, |t| t.clamp(0.0, EXCHANGE_SECONDS));
    let deadline = Instant::now().checked_add(std::time::Duration::from_secs_f64(seconds));
    let Some(after) = data.improve(chosen, deadline) else {
        return Ok(None);
    };
    let o = solve_fixed(build, moves, &after, &options.left_since(start))?;
    Ok((o.status == SolveStatus::Optimal && !o.x.is_empty()).then_some(o))
}

/// The plan that makes the moves `chosen` (of `moves` candidates), solved by HiGHS
/// with every move fixed: every row checked, its cost HiGHS's.
fn solve_fixed(
    build: &mut impl FnMut(MoveVariables) -> Formulation,
    moves: usize,
    chosen: &[usize],
    options: &SolveOptions,
) -> Result<SolveOutcome> {
    let mut values = vec![0.0; moves];
    for &j in chosen {
        values[j] = 1.0;
    }
    solve_built(
        || build(MoveVariables::FixedWhereIntegral(&values)),
        options,
    )
}

/// The whole plan `x` repaired by swaps and solved by HiGHS with every move fixed,
/// when within the gap of `bound`.
fn repaired(
    build: &mut impl FnMut(MoveVariables) -> Formulation,
    lp: &Relaxation,
    bound: f64,
    data: &crate::solve::balance_swaps::SwapData,
    x: &[f64],
    options: &SolveOptions,
) -> Result<Option<SolveOutcome>> {
    let start = Instant::now();
    let chosen: Vec<usize> = (0..lp.x.len()).filter(|&j| x[j] > 0.5).collect();
    // What a plan within the gap may cost, as the swaps weigh it (the moves' costs and
    // the `improve` reward); HiGHS's own objective is checked below.
    let budget = largest_within_gap(bound, options.gap);
    // A limit too long for a `Duration` or an `Instant` is no deadline.
    let deadline = options.time_limit.and_then(|t| {
        let left = std::time::Duration::try_from_secs_f64(t.max(0.0)).ok()?;
        Instant::now().checked_add(left)
    });
    let Some(after) = data.repair(chosen, budget, deadline) else {
        return Ok(None);
    };
    // The repair's time counts.
    let o = solve_fixed(build, lp.x.len(), &after, &options.left_since(start))?;
    Ok((o.status == SolveStatus::Optimal
        && !o.x.is_empty()
        && within_gap(o.objective, bound, options.gap))
    .then_some(o))
}

/// The moves `x` (a relaxation's) with their fractions completed by a small MIP without
/// the never-worse rows of `lp`: a plan that may break them; `None` where HiGHS finds
/// none.
fn complete_without_rows(
    build: &mut impl FnMut(MoveVariables) -> Formulation,
    x: &[f64],
    lp: &Relaxation,
    options: &SolveOptions,
) -> Result<Option<SolveOutcome>> {
    let rows: Vec<usize> = lp.never_worse.iter().map(|&(r, _)| r).collect();
    // A plan of this MIP may break the rows: not one to show on a progress line.
    let quiet = SolveOptions {
        observer: Observer::default(),
        ..options.clone()
    };
    let start = Instant::now();
    let model = build(MoveVariables::FixedWhereIntegral(x));
    let o = solve_freeing(model, &rows, &quiet.left_since(start))?;
    Ok((o.status == SolveStatus::Optimal && !o.x.is_empty()).then_some(o))
}

/// The relaxation of the model `build` makes with its never-worse rows priced at
/// their duals in `lp` instead of held (a Lagrangian relaxation): its move values;
/// `None` where HiGHS finds none.
fn priced_relaxation(
    build: &mut impl FnMut(MoveVariables) -> Formulation,
    lp: &Relaxation,
    options: &SolveOptions,
) -> Result<Option<Vec<f64>>> {
    let rows: Vec<usize> = lp.never_worse.iter().map(|&(r, _)| r).collect();
    let start = Instant::now();
    let relaxed = build(MoveVariables::Relaxed);
    let n = relaxed.x.len();
    let mut model = highs_model(relaxed, &options.left_since(start))?;
    let ptr = model.as_mut_ptr();
    // SAFETY: a live instance.
    let columns = unsafe { highs_sys::Highs_getNumCol(ptr) }.max(0) as usize;
    let mut priced = vec![0.0; columns];
    let mut index = vec![0 as highs_sys::HighsInt; columns];
    let mut value = vec![0.0; columns];
    for &(r, dual) in &lp.never_worse {
        let (mut num_row, mut num_nz) = (0, 0);
        let (mut lower, mut upper, mut start) = (0.0, 0.0, 0 as highs_sys::HighsInt);
        // SAFETY: a live instance; one row asked for, whose nonzeros fit in arrays
        // of one entry per column.
        unsafe {
            highs_sys::Highs_getRowsByRange(
                ptr,
                r as highs_sys::HighsInt,
                r as highs_sys::HighsInt,
                &mut num_row,
                &mut lower,
                &mut upper,
                &mut num_nz,
                &mut start,
                index.as_mut_ptr(),
                value.as_mut_ptr(),
            )
        };
        // The row `a·y ≤ 0` enters the objective as `μ · a·y` with `μ = −dual ≥ 0`
        // (HiGHS's dual of a binding `≤` row of a minimisation is not positive).
        for k in 0..num_nz.max(0) as usize {
            priced[index[k] as usize] -= dual * value[k];
        }
    }
    for (c, &extra) in priced.iter().enumerate().filter(|(_, e)| **e != 0.0) {
        let (mut num_col, mut num_nz, mut cost) = (0, 0, 0.0);
        // SAFETY: a live instance; one column asked for, its cost only (HiGHS skips
        // the null arrays).
        let status = unsafe {
            highs_sys::Highs_getColsByRange(
                ptr,
                c as highs_sys::HighsInt,
                c as highs_sys::HighsInt,
                &mut num_col,
                &mut cost,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                &mut num_nz,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        // SAFETY: as above.
        if status == highs_sys::STATUS_ERROR
            || unsafe {
                highs_sys::Highs_changeColCost(ptr, c as highs_sys::HighsInt, cost + extra)
            } == highs_sys::STATUS_ERROR
        {
            return Ok(None);
        }
    }
    free_rows(&mut model, &rows)?;
    // Without presolve, as the relaxations `relaxation` solves from scratch: the
    // family's `c4k-grid-tol2`, whose balance swaps start from this relaxation, 0.70–0.75
    // → 0.57–0.64 s, the same plan (`docs/benchmarks.md`, "The balance swaps' priced
    // relaxation without presolve").
    presolve_off(&mut model)?;
    // From scratch, not from the relaxation's basis: the relaxation's own optimum is
    // optimal here too (the duals price the rows exactly), and it is the fractional
    // point this step is to leave; the dual simplex from the slack basis ends at another
    // vertex of that face, whole on the family's tolerance counties (from the basis,
    // `c4k-grid-tol2` got the relaxation's 15 fractional moves back and no plan).
    let Some(solved) = run_relaxation(model)? else {
        return Ok(None);
    };
    Ok(Some(solved.get_solution().columns()[..n].to_vec()))
}

/// Makes the rows `rows` (indices) of a model free: no bounds.
pub(crate) fn free_rows(model: &mut Model, rows: &[usize]) -> Result<()> {
    for &r in rows {
        // SAFETY: a live instance; `r` is one of its rows (the formulation's keys).
        let status = unsafe {
            highs_sys::Highs_changeRowBounds(
                model.as_mut_ptr(),
                r as highs_sys::HighsInt,
                f64::NEG_INFINITY,
                f64::INFINITY,
            )
        };
        if status == highs_sys::STATUS_ERROR {
            return Err(RotationError::Solver(SolverMessage::ModelRejected {
                detail: format!("row {r} could not be freed"),
            }));
        }
    }
    Ok(())
}

/// Deletes the move columns (the model's first `n`) that are fixed at 0 (the moves
/// outside a narrow MIP's or a completion's neighbourhood) before HiGHS solves the
/// model, and returns the column each move has left (`None`: deleted). HiGHS's presolve
/// removes them too, but slowly: on the family's `c4k-classic-tol1` the narrow MIP over
/// 1,547 of 17,271 moves took 0.28 s with the rest fixed by bounds and 0.18 s with them
/// deleted, the same plan (`docs/benchmarks.md`, "Moves fixed at 0 deleted before
/// HiGHS"). A model whose columns cannot be read keeps them all.
fn delete_moves_fixed_at_zero(model: &mut Model, n: usize) -> Result<Vec<Option<usize>>> {
    let all = || (0..n).map(Some).collect();
    if n == 0 {
        return Ok(all());
    }
    let ptr = model.as_mut_ptr();
    // SAFETY: a live instance with at least `n` columns (the moves come first).
    let Some(FirstColumns { lower, upper, .. }) = (unsafe { first_columns(ptr, n) }) else {
        return Ok(all());
    };
    let fixed: Vec<bool> = (0..n).map(|j| lower[j] == 0.0 && upper[j] == 0.0).collect();
    if !fixed.iter().any(|&f| f) {
        return Ok(all());
    }
    // SAFETY: a live instance.
    let columns = unsafe { highs_sys::Highs_getNumCol(ptr) } as usize;
    let mut mask: Vec<highs_sys::HighsInt> = (0..columns)
        .map(|j| highs_sys::HighsInt::from(j < n && fixed[j]))
        .collect();
    // SAFETY: a live instance; the mask has one entry per column.
    if unsafe { highs_sys::Highs_deleteColsByMask(ptr, mask.as_mut_ptr()) }
        == highs_sys::STATUS_ERROR
    {
        // Refused with the model as it was: solved with every column, as before.
        // SAFETY: a live instance.
        if unsafe { highs_sys::Highs_getNumCol(ptr) } as usize == columns {
            return Ok(all());
        }
        return Err(RotationError::Solver(SolverMessage::ModelRejected {
            detail: "the moves fixed at 0 could not be deleted".into(),
        }));
    }
    // Deleting keeps the order of the columns left.
    let mut next = 0;
    Ok(fixed
        .iter()
        .map(|&f| {
            (!f).then(|| {
                next += 1;
                next - 1
            })
        })
        .collect())
}

/// The rows of `formulation` that are never-worse rows (`RowKey::NeverWorse`), in a
/// cost model only (the least-shortfall stages price moves at nothing).
pub(crate) fn never_worse_rows(formulation: &Formulation) -> Vec<usize> {
    if !matches!(formulation.stage, Stage::Cost { .. }) {
        return Vec::new();
    }
    formulation
        .row_keys
        .iter()
        .enumerate()
        .filter(|(_, k)| matches!(k, crate::solve::formulation::RowKey::NeverWorse))
        .map(|(i, _)| i)
        .collect()
}

/// The at-bound search of an exact stage (`solve_with_lp_first`) stops after this many
/// nodes without a plan at the bound.
const AT_BOUND_NODES: u32 = 200;

/// A plan within this of the relaxation's bound is at the bound (absolute: the exact
/// stages count teachers; HiGHS's own primal feasibility tolerance, a tenth of the
/// 10⁻⁶ within which its branch and bound at gap 0 stops).
const AT_BOUND_TOLERANCE: f64 = 1e-7;

/// Solves a model, trying the LP relaxation first when `options.lp_first`:
/// 1. if the relaxation's optimum is integral, it is also the MIP optimum (a feasible
///    plan that attains a lower bound) and branching is skipped;
/// 2. otherwise the moves that are already 0 or 1 are fixed and a small MIP decides the
///    fractional ones; if that plan is within the gap of the relaxation's bound, it is
///    optimal within the gap;
/// 3. otherwise the full MIP is solved by branch and bound.
///
/// `build` makes the formulation for a kind of move variables. Each solve uses a fresh
/// HiGHS instance: re-running HiGHS 1.16 on the instance that had solved the
/// relaxation was seen to report an objective its own solution does not attain.
pub fn solve_with_lp_first(
    mut build: impl FnMut(MoveVariables) -> Formulation,
    options: &SolveOptions,
) -> Result<SolveOutcome> {
    let start = Instant::now();
    if !options.lp_first {
        options
            .observer
            .report(Progress::Stage(SolveStage::BranchAndBound));
        let whole = SolveOptions {
            live_bound: Some(f64::INFINITY),
            ..options.clone()
        };
        let o = solve_built(|| build(MoveVariables::Binary), &whole)?;
        report_answer(&options.observer, &o);
        return Ok(o);
    }
    options
        .observer
        .report(Progress::Stage(SolveStage::LpRelaxation));
    let (lp, shape) = relaxation_built(|| build(MoveVariables::Relaxed), options)?;
    search_from_relaxation(build, lp, None, shape, start, options)
}

/// [`solve_with_lp_first`] for a stage after the least target shortfall whose MIPs
/// hold the backbone movers' cap `cap` (`solve::reach`) and whose relaxation `build`
/// makes without it. Its relaxation is solved without the cap, then again with it
/// (`relaxation_capped`). The steps after go on from the uncapped one as before (held
/// at the cap, the relaxation's fractional backbone moves sum to exactly the cap, and
/// on the family's `c4k-bb8` at 35 % and 50 % no completion of them was found), but
/// start from the capped one's bound, which every plan of the stage also respects:
/// on `c4k-bb8` at 35 % the completed plan is 8.7·10⁻⁴ above it (7,671.5 against
/// 7,664.9), against 2.9·10⁻³ above the uncapped 7,649.3.
pub fn solve_with_capped_bound(
    mut build: impl FnMut(MoveVariables) -> Formulation,
    cap: f64,
    options: &SolveOptions,
) -> Result<SolveOutcome> {
    if !options.lp_first {
        return solve_with_lp_first(build, options);
    }
    let start = Instant::now();
    options
        .observer
        .report(Progress::Stage(SolveStage::LpRelaxation));
    if options.spent() {
        return Err(RotationError::TimeLimit(SolverMessage::TimeInRelaxation));
    }
    let relaxed = build(MoveVariables::Relaxed);
    let shape = RelaxedShape::of(&relaxed);
    let (lp, capped_bound) = match relaxation_capped(
        relaxed,
        &options.left_since(start),
        options.penalised_from,
        Some(cap),
    )? {
        Some((lp, bound)) => (Some(lp), bound),
        None => (None, None),
    };
    search_from_relaxation(build, lp, capped_bound, shape, start, options)
}

/// [`solve_relaxation`] of the model `model` builds (with relaxed moves), within what
/// is left of `options`' time limit once it is built, and the model's shape: the
/// relaxations' counterpart of [`solve_built`]. The limit counts from before the
/// build: the stable model of a 20,000-teacher county took 3 s to build, and its
/// relaxation ran past the command's limit by as much. With the time gone nothing is
/// built (a relaxation of 600,000 nonzeros takes 0.1 s to build), and `relaxation`
/// starts no solve of a model built too late.
pub(crate) fn relaxation_built(
    model: impl FnOnce() -> Formulation,
    options: &SolveOptions,
) -> Result<(Option<Relaxation>, RelaxedShape)> {
    if options.spent() {
        return Err(RotationError::TimeLimit(SolverMessage::TimeInRelaxation));
    }
    let start = Instant::now();
    let relaxed = model();
    let shape = RelaxedShape::of(&relaxed);
    let lp = solve_relaxation(relaxed, &options.left_since(start))?;
    Ok((lp, shape))
}

/// What the steps after a relaxation need of its model, taken before HiGHS has it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RelaxedShape {
    size: ModelSize,
    /// A least-shortfall stage: every move costs nothing.
    shortfall_stage: bool,
}

impl RelaxedShape {
    /// The shape of `relaxed`, a model built with relaxed moves.
    pub(crate) fn of(relaxed: &Formulation) -> RelaxedShape {
        RelaxedShape {
            size: ModelSize {
                binaries: relaxed.x.len(),
                ..relaxed.size
            },
            shortfall_stage: matches!(relaxed.stage, Stage::Targets | Stage::Balance { .. }),
        }
    }
}

/// Steps 1–5 of [`solve_with_lp_first`] after its relaxation, solved already: `lp`
/// (`None`: infeasible) of the model `build` makes with relaxed moves, whose `shape`
/// was taken before. The time limit of `options` counts from `start`. A caller that
/// has solved the relaxation for its own reasons (`solve::reach`) goes on from it
/// instead of solving it again. `bound_above`: a bound on the stage's plans proven
/// otherwise (a tighter relaxation's, [`solve_with_capped_bound`]), where higher than
/// `lp`'s the bound proven from the start.
pub(crate) fn search_from_relaxation(
    mut build: impl FnMut(MoveVariables) -> Formulation,
    lp: Option<Relaxation>,
    bound_above: Option<f64>,
    shape: RelaxedShape,
    start: Instant,
    options: &SolveOptions,
) -> Result<SolveOutcome> {
    let RelaxedShape {
        size,
        shortfall_stage,
    } = shape;
    // A bound proven on another thread (`outside_bound`) ends only the last branch and
    // bound below, a search for a plan cheaper than the incumbent: stopping the
    // earlier searches could change which plan becomes the incumbent, and so the plan
    // written, with the time the other thread took.
    let outside = options.outside_bound.clone();
    let options = &SolveOptions {
        outside_bound: None,
        ..options.clone()
    };
    let Some(lp) = lp else {
        let mut o = SolveOutcome::infeasible(size);
        o.solve_seconds = start.elapsed().as_secs_f64();
        return Ok(o);
    };
    // The bound every step starts from: the relaxation's, or the one proven otherwise
    // where higher. The moves kept by reduced costs are still measured from the
    // relaxation's own bound, which its reduced costs belong to.
    let stage_bound = bound_above.map_or(lp.bound, |b| b.max(lp.bound));
    options.observer.report(Progress::Bound(stage_bound));
    let with_lp = |mut o: SolveOutcome, integral: bool| {
        o.lp_integral = Some(integral);
        o.lp_bound = Some(lp.bound);
        o.lp_seconds = lp.seconds;
        o.solve_seconds = start.elapsed().as_secs_f64();
        o.size = size;
        report_answer(&options.observer, &o);
        o
    };
    if let Some(x) = &lp.integral {
        let outcome = SolveOutcome {
            status: SolveStatus::Optimal,
            method: SolveMethod::LpIntegral,
            objective: lp.bound,
            dual_bound: lp.bound,
            mip_gap: 0.0,
            x: x.clone(),
            shortfall_exchange: lp.shortfall_exchange,
            shortfall_backbone: lp.shortfall_backbone,
            nodes: 0,
            lp_integral: None,
            lp_bound: None,
            lp_seconds: 0.0,
            solve_seconds: 0.0,
            size,
        };
        return Ok(with_lp(outcome, true));
    }
    let remaining = |options: &SolveOptions| options.left_since(start);
    options
        .observer
        .report(Progress::Stage(SolveStage::FixAndComplete));
    let fixed = solve(
        build(MoveVariables::FixedWhereIntegral(&lp.x)),
        &remaining(options),
    )?;
    // The completed plan is the incumbent of the later stages: when the time limit
    // ends them with nothing better, it is written, with the best bound found.
    let mut incumbent = (fixed.status == SolveStatus::Optimal).then_some(SolveOutcome {
        method: SolveMethod::LpFixAndComplete,
        ..fixed
    });
    // A plan known from outside the solve: the incumbent when the completion found none
    // within the gap and none as cheap. It is valued on this stage's model with every
    // move fixed, so that a plan the stage refuses (a shortfall it does not allow) is
    // no incumbent. On the stable round of the 20,000-teacher practice county the
    // completion had no plan and the plan by bans was the only one in five minutes.
    if let Some(known) = options.known_plan.as_deref().filter(|_| !shortfall_stage) {
        if incumbent
            .as_ref()
            .is_none_or(|i| !within_gap(i.objective, stage_bound, options.gap))
        {
            match solve(
                build(MoveVariables::FixedWhereIntegral(&known.x)),
                &remaining(options),
            ) {
                Ok(k)
                    if k.status == SolveStatus::Optimal
                        && incumbent.as_ref().is_none_or(|i| k.objective < i.objective) =>
                {
                    incumbent = Some(SolveOutcome {
                        method: known.method,
                        dual_bound: stage_bound,
                        mip_gap: relative_gap(k.objective, stage_bound),
                        ..k
                    });
                }
                // Refused by this stage, or out of time: the steps below go on without
                // it (and end at once when the time is gone).
                Ok(_) | Err(RotationError::TimeLimit(_)) => {}
                Err(e) => return Err(e),
            }
        }
        // The known plan outside the gap: a MIP over its moves and those the relaxation
        // uses (`MoveVariables::Only`), seeking only cheaper plans. A neighbourhood, not
        // a proof: what it finds is proven against the bound like any plan. On the
        // stable round of the 20,000-teacher practice county, 4,192 of 524,681 moves:
        // the plan by bans 53,635.40 → 51,479.29 in 42 s (gap 4.9 → 0.94 %), where the
        // narrow MIPs below, over most of the moves, found nothing in 300 s.
        if let Some(inc) = incumbent.as_ref().filter(|i| {
            i.method == known.method && !within_gap(i.objective, stage_bound, options.gap)
        }) {
            let keep: Vec<bool> =
                lp.x.iter()
                    .zip(&known.x)
                    .map(|(&l, &k)| l > INTEGRALITY_TOL || k > 0.5)
                    .collect();
            let sought = SolveOptions {
                cutoff: Some(cutoff_above(inc.objective)),
                proven_bound: Some(stage_bound),
                ..remaining(options)
            };
            match solve_built(|| build(MoveVariables::Only(&keep)), &sought) {
                Ok(n)
                    if !n.x.is_empty()
                        && n.status != SolveStatus::Infeasible
                        && n.objective < inc.objective =>
                {
                    incumbent = Some(SolveOutcome {
                        method: SolveMethod::KnownPlanImproved,
                        dual_bound: stage_bound,
                        mip_gap: relative_gap(n.objective, stage_bound),
                        ..n
                    });
                }
                // No cheaper plan there, or out of time: the incumbent stays.
                Ok(_) | Err(RotationError::TimeLimit(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }
    // Exchanges (`SwapData::improve`): a completed plan outside the gap made cheaper
    // by movers trading their new schools and by colleagues taking movers' places,
    // before any MIP over more moves. Within the gap it ends the solve; otherwise, if
    // cheaper, it is the incumbent the narrow stages and the exact MIP start from. On
    // the practice county `county-4k-a` the relaxation's whole moves admit no plan
    // within the gap, and the narrow MIP took 0.4 s of HiGHS's root heuristics to
    // find one (0.64 → 0.20 s); on the family's `c4k-bb8` the exchanges find the
    // optimum and the narrow stages only prove it (0.57 → 0.30 s; `docs/benchmarks.md`,
    // "Exchanges after fix and complete").
    if let Some(data) = options
        .balance_swaps
        .as_deref()
        .filter(|_| !shortfall_stage)
    {
        if let Some(inc) = incumbent
            .as_ref()
            .filter(|i| !within_gap(i.objective, stage_bound, options.gap))
        {
            options
                .observer
                .report(Progress::Stage(SolveStage::Exchanges));
            let n = lp.x.len();
            // Out of time, the incumbent stays (and the stages below write it).
            let found = match exchanged_plan(&mut build, n, data, &inc.x, &remaining(options)) {
                Ok(p) => p,
                Err(RotationError::TimeLimit(_)) => None,
                Err(e) => return Err(e),
            };
            if let Some(p) = found.filter(|p| p.objective < inc.objective) {
                let outcome = SolveOutcome {
                    method: SolveMethod::Exchanges,
                    dual_bound: stage_bound,
                    mip_gap: relative_gap(p.objective, stage_bound),
                    ..p
                };
                if within_gap(outcome.objective, stage_bound, options.gap) {
                    let outcome = SolveOutcome {
                        status: SolveStatus::Optimal,
                        ..outcome
                    };
                    return Ok(with_lp(outcome, false));
                }
                options.observer.report(Progress::Plan(outcome.objective));
                incumbent = Some(outcome);
            }
        }
    }
    // Balance swaps (`solve::balance_swaps`): where the never-worse rows bind in the
    // relaxation of a cost model and the completed plan is not within the gap, a plan
    // built for them. On the family's tolerance counties HiGHS's narrow MIP below took
    // about a second to find its first plan there (`docs/benchmarks.md`).
    let binding = lp.never_worse.iter().any(|&(_, dual)| dual != 0.0);
    // Never-worse rows whose duals in the relaxation are all 0 (its bound the same
    // without them): the MIPs below are solved first without them (`solve_lazily`).
    // On the family's `c4k-classic-tol1` the narrow MIP took 0.40 s with them and
    // 0.16 s without, the same plan, which breaks none.
    let lazy: Vec<usize> = if binding {
        Vec::new()
    } else {
        lp.never_worse.iter().map(|&(r, _)| r).collect()
    };
    if let Some(data) = options
        .balance_swaps
        .as_deref()
        .filter(|d| binding && !shortfall_stage && d.repairs())
        .filter(|_| {
            incumbent
                .as_ref()
                .is_none_or(|i| !within_gap(i.objective, stage_bound, options.gap))
        })
    {
        options
            .observer
            .report(Progress::Stage(SolveStage::BalanceSwaps));
        // Only a plan within the gap comes back (`repaired`): one outside it, kept as
        // the incumbent, changed the narrow stages' slacks below (`c4k-ignore-any`:
        // 1.47 → 2.2 s).
        match balance_swaps_plan(&mut build, &lp, stage_bound, data, &remaining(options)) {
            Ok(Some(p)) => {
                let outcome = SolveOutcome {
                    status: SolveStatus::Optimal,
                    method: SolveMethod::BalanceSwaps,
                    dual_bound: stage_bound,
                    mip_gap: relative_gap(p.objective, stage_bound),
                    ..p
                };
                return Ok(with_lp(outcome, false));
            }
            // No plan; out of time, the stages below say so.
            Ok(None) | Err(RotationError::TimeLimit(_)) => {}
            Err(e) => return Err(e),
        }
    }
    // Reduced-cost fixing. Any plan costs at least the bound plus the reduced costs of
    // the moves it makes that the relaxation left at 0 (the other terms of the LP
    // duality gap are not negative). So a plan that costs at most the bound plus a
    // slack makes no move whose reduced cost is above the slack: the MIP over the
    // others (and the moves the relaxation uses) holds all of them, and is usually a
    // fraction of the model. Its plan is proven against the lesser of its own bound
    // and the bound plus the slack, since no plan outside it costs less.
    // A completed plan outside the gap: first, the relaxation's moves at 1 kept and the
    // moves within the plan's slack free, seeking only plans within the gap of the
    // bound (so any plan found is proven). A far smaller MIP than the exact one below,
    // and often enough: on two of the three 4,000-teacher practice counties under the
    // Haiyan policy it ends the solve at 0.15 and 0.22 s against 0.45 and 0.43; where
    // it has no such plan it costs a small MIP (up to 0.2 s on the family's counties).
    if let Some(inc) = incumbent
        .as_ref()
        .filter(|inc| !within_gap(inc.objective, stage_bound, options.gap))
    {
        let slack = inc.objective - lp.bound;
        // FixedWhereIntegral: 1 fixed, 0 fixed, 0.5 free.
        let values: Vec<f64> =
            lp.x.iter()
                .zip(&lp.reduced_cost)
                .map(|(&x, &d)| {
                    if x >= 1.0 - 1e-6 {
                        1.0
                    } else if x > INTEGRALITY_TOL || d <= slack + 1e-6 {
                        0.5
                    } else {
                        0.0
                    }
                })
                .collect();
        let sought = SolveOptions {
            cutoff: Some(stage_bound + options.gap * stage_bound.abs()),
            ..remaining(options)
        };
        match solve_lazily(
            &mut build,
            MoveVariables::FixedWhereIntegral(&values),
            &lazy,
            &sought,
        ) {
            // A plan above the cutoff proves nothing, but may be a better incumbent
            // (this step runs only with one, the completed plan).
            Ok(n) if n.status == SolveStatus::Infeasible => {
                if let Some(p) = n.plan_above_cutoff().filter(|p| {
                    incumbent
                        .as_ref()
                        .is_some_and(|i| p.objective < i.objective)
                }) {
                    incumbent = Some(SolveOutcome {
                        method: SolveMethod::ReducedCostFixing,
                        dual_bound: stage_bound,
                        mip_gap: relative_gap(p.objective, stage_bound),
                        ..p
                    });
                }
            }
            Ok(n) if !n.x.is_empty() => {
                let gap = relative_gap(n.objective, stage_bound);
                if within_gap(n.objective, stage_bound, options.gap) {
                    let outcome = SolveOutcome {
                        method: SolveMethod::ReducedCostFixing,
                        status: SolveStatus::Optimal,
                        dual_bound: stage_bound,
                        mip_gap: gap,
                        ..n
                    };
                    return Ok(with_lp(outcome, false));
                }
            }
            // Out of time (or no such plan): the stages below keep the completed plan
            // as their incumbent, and write it when the time is gone.
            _ => {}
        }
    }
    let mut narrow = |slack: f64, options: &SolveOptions| -> Option<Result<SolveOutcome>> {
        let keep: Vec<bool> =
            lp.x.iter()
                .zip(&lp.reduced_cost)
                .map(|(&x, &d)| x > INTEGRALITY_TOL || d <= slack + 1e-6)
                .collect();
        let kept = keep.iter().filter(|&&k| k).count();
        if kept as f64 >= options.narrow_share * keep.len() as f64 {
            return None;
        }
        options
            .observer
            .report(Progress::Stage(SolveStage::ReducedCostFixing));
        // HiGHS's bound over these moves is the stage's up to the bound plus the slack:
        // every plan outside them costs more.
        let options = &SolveOptions {
            live_bound: Some(lp.bound + slack),
            ..options.clone()
        };
        Some(
            solve_lazily(&mut build, MoveVariables::Only(&keep), &lazy, options).map(|n| {
                let dual_bound = n.dual_bound.min(lp.bound + slack).max(stage_bound);
                SolveOutcome {
                    method: SolveMethod::ReducedCostFixing,
                    dual_bound,
                    mip_gap: relative_gap(n.objective, dual_bound),
                    ..n
                }
            }),
        )
    };
    let cheaper = |n: &SolveOutcome, held: Option<&SolveOutcome>| {
        held.is_none_or(|i| n.objective < i.objective)
    };
    // The slack of the narrow first-plan stage below: the gap's share of the bound,
    // about the most a plan within the gap may cost above it (the gap is relative to
    // the plan, so a little more: such a plan is in the next stage).
    let near = options.gap * lp.bound.abs();
    // An incumbent further than that above the bound narrows the exact MIP below too
    // little (on `county-4k-latlon` at a 20 % exchange rate the completed plan was
    // 1.6 % above the bound, and the exact MIP kept every move): the plans near the
    // bound are sought first, among the far fewer moves they may make.
    let mut far = incumbent.as_ref().is_none_or(|inc| {
        !within_gap(inc.objective, stage_bound, options.gap) && inc.objective - stage_bound > near
    });
    // At most this many stages: at a tiny gap the slack starts tiny too, and stages
    // that differ only by their cutoff are not worth their set-up.
    let mut stages_left = 6;
    // No incumbent (the relaxation's whole moves admit no completion) or a far one:
    // look for a plan among the moves a plan within the gap may make. Without this
    // stage HiGHS spends its root searching for a first plan on the whole model
    // (seconds to a minute at 4,000 teachers with a tolerance of 1). A slack with no
    // plan in it doubles once, then grows fourfold, while it stays under half the
    // incumbent's (the exact MIP below takes over from there) or, with none, until a
    // plan turns up: each stage is a MIP over fewer moves than the exact one, and the
    // first plan found ends them. The doubling reaches twice the gap's share, whose
    // empty end counts as proving the cutoff less a tenth of the gap (see below),
    // enough to close on a plan HiGHS held a little above it (`c4k-ignore-any`, which
    // has no completed plan). Starting at twice the gap's share instead: the family's
    // tolerance-1 counties 0.1–0.6 s slower (`c4k-grid-tol1` 2.1 against 1.5 s), three
    // others 0.1–0.3 s faster (`docs/benchmarks.md`, "The near stage from the gap's
    // share"). On the family's `c4k-bb8` (the optimum 17 gaps above the bound, the
    // completed plan 170) these stages took 1.5 → 0.74 s when they came in.
    // No plan costs less than the stage's bound: the slacks start from it (by `lift`
    // above the relaxation's own bound, from which the reduced costs count), so that
    // no stage seeks plans below it.
    let lift = stage_bound - lp.bound;
    let mut slack = lift + near;
    // The best bound proven so far: the stage's, raised by each narrow stage that ends
    // without a plan under its cutoff. HiGHS is asked to stop at the first plan within
    // the gap of it.
    let mut proven = stage_bound;
    let mut targeted = false;
    while far {
        // Only plans within the slack are sought: when there is none (a wide root gap),
        // HiGHS says so at the narrow MIP's root instead of searching for a dearer plan
        // that would prove nothing.
        //
        // HiGHS searches to a tenth of the gap, and stops at the first plan within the
        // gap of the bound proven so far (`proven_bound`). An empty end is read as
        // proving the cutoff less HiGHS's own relative gap (`bound_below_cutoff`: HiGHS
        // may prune within that gap of a plan it holds), so at the whole gap it proved
        // too little to close on a plan held above the cutoff; at a tenth, that plan
        // is often within the gap of what it proves. On the family's `c4k-ignore-any`
        // the first stage at twice the gap's share ends so at 1.1 s (2.2 s when the
        // slack had to grow); a tenth, a quarter or a twentieth measured the same on
        // the family's slowest counties (`docs/benchmarks.md`, "The near stage from
        // the gap's share, searched to a tenth of the gap").
        let cutoff = lp.bound + slack + 1e-9 * lp.bound.abs().max(1.0);
        let search_gap = options.gap / 10.0;
        let sought = SolveOptions {
            cutoff: Some(cutoff),
            search_gap: Some(search_gap),
            proven_bound: Some(proven),
            ..remaining(options)
        };
        let mut found = false;
        match narrow(slack, &sought) {
            Some(Ok(n)) if n.status == SolveStatus::Optimal && n.mip_gap <= options.gap => {
                return Ok(with_lp(n, false));
            }
            // A plan, not proven within the gap (or out of time): the incumbent, if
            // cheaper than the one already held.
            Some(Ok(n)) if n.status != SolveStatus::Infeasible => {
                found = true;
                if cheaper(&n, incumbent.as_ref()) {
                    incumbent = Some(n);
                }
            }
            // No plan within the slack, but HiGHS held one above it: the incumbent all
            // the same (on the family's `c4k-ignore-any`, dropping it left the whole
            // model to branch and bound: 14 s, against 3.8 s with it).
            Some(Ok(n)) => {
                if let Some(p) = n
                    .plan_above_cutoff()
                    .filter(|p| cheaper(p, incumbent.as_ref()))
                {
                    incumbent = Some(SolveOutcome {
                        dual_bound: stage_bound,
                        mip_gap: relative_gap(p.objective, stage_bound),
                        ..p
                    });
                }
                // No plan within the slack costs less than the cutoff less HiGHS's
                // margin, and every plan outside it costs more than the bound plus the
                // slack: a proof for the plan held (this stage's, or the incumbent
                // from before), if within the gap of the lesser of the two.
                proven = proven.max(bound_below_cutoff(cutoff, search_gap).min(lp.bound + slack));
                if let Some(inc) = &incumbent {
                    let dual_bound = proven.min(inc.objective);
                    let mip_gap = relative_gap(inc.objective, dual_bound);
                    if mip_gap <= options.gap {
                        let outcome = SolveOutcome {
                            method: SolveMethod::ReducedCostFixing,
                            status: SolveStatus::Optimal,
                            dual_bound,
                            mip_gap,
                            ..inc.clone()
                        };
                        return Ok(with_lp(outcome, false));
                    }
                }
            }
            // Out of time with no plan yet; with one, the stages below write it.
            Some(Err(RotationError::TimeLimit(m))) if incumbent.is_none() => {
                return Err(RotationError::TimeLimit(m))
            }
            // Out of time with a plan held, too many moves for a narrow MIP, or an
            // error the stages below meet too.
            _ => found = true,
        }
        let grown = lift + (slack - lift) * if slack - lift <= near { 2.0 } else { 4.0 };
        // Where the grown slack would hand over to the exact MIP below, one stage over
        // the moves of a plan within the gap of the bound proven so far comes first:
        // any plan it finds ends the solve. Only one: without a plan the bound rises by
        // about the gap, and an optimum many gaps above the bound would climb there
        // a gap at a time (the family's `c1k-latlon-require`, 19 gaps: 0.22 → 0.53 s).
        let to_target = largest_within_gap(proven, options.gap) - lp.bound;
        let target = !found
            && !targeted
            && to_target > slack
            && incumbent.as_ref().is_some_and(|inc| {
                grown >= 0.5 * (inc.objective - lp.bound) && to_target < inc.objective - lp.bound
            });
        slack = if target { to_target } else { grown };
        targeted |= target;
        stages_left -= 1;
        let time_left = options
            .time_limit
            .is_none_or(|t| start.elapsed().as_secs_f64() < t);
        // A bound of 0 gives no slack to grow (nor a gap to speak of): one stage.
        far = !found
            && slack > 0.0
            && stages_left > 0
            && time_left
            && (target
                || incumbent
                    .as_ref()
                    .is_none_or(|inc| slack < 0.5 * (inc.objective - lp.bound)));
    }
    if let Some(inc) = &incumbent {
        options.observer.report(Progress::Plan(inc.objective));
        let dual_bound = proven.min(inc.objective);
        if within_gap(inc.objective, dual_bound, options.gap) {
            let outcome = SolveOutcome {
                status: SolveStatus::Optimal,
                dual_bound,
                mip_gap: relative_gap(inc.objective, dual_bound),
                ..inc.clone()
            };
            return Ok(with_lp(outcome, false));
        }
        // Any better plan costs at most the incumbent: the MIP over the moves within
        // that slack is exact.
        let slack = inc.objective - lp.bound;
        // Only plans cheaper than the incumbent are sought (HiGHS's `objective_bound`):
        // HiGHS then prunes every node that cannot beat it by more than the gap from
        // the root on, and when there is no such plan it ends infeasible, which proves
        // the incumbent within the gap.
        // HiGHS stops at the first plan within the gap of the bound proven so far.
        let cutoff = cutoff_above(inc.objective);
        let sought = SolveOptions {
            cutoff: Some(cutoff),
            proven_bound: Some(proven),
            ..remaining(options)
        };
        if let Some(n) = narrow(slack, &sought) {
            let n = prefer_incumbent(Some(inc), n, proven)?;
            if n.status == SolveStatus::Infeasible {
                // No plan within the slack costs less than the cutoff less HiGHS's
                // margin, and every plan outside it costs more than the bound plus the
                // slack, the incumbent's cost.
                let outcome = SolveOutcome {
                    method: SolveMethod::ReducedCostFixing,
                    ..proven_by_cutoff(inc, cutoff, options.gap, proven)
                };
                return Ok(with_lp(outcome, false));
            }
            // The narrow MIP may return the incumbent's own plan, its cost summed in
            // another order.
            let tie = 1e-9 * inc.objective.abs().max(1.0);
            if n.objective <= inc.objective + tie {
                return Ok(with_lp(n, false));
            }
        }
    }
    // A least-shortfall stage (exact: gap 0) whose incumbent is above the bound, and
    // whose moves all cost nothing (no narrow MIP applies): a short search for a plan
    // at the bound itself first. HiGHS prunes every node above it, and any plan it
    // finds is proven. On the family's `c4k-bb8` at an exchange rate of 35 % the
    // completion left 9.4 against the capped relaxation's 8.4: branch and bound under
    // the cutoff 9.4 took 31 s to find 8.4 (from a sub-MIP, at node 1,228); at the
    // bound it was found at node 6 in 4.4 s. Where no plan attains the bound, the
    // search stops at `AT_BOUND_NODES` (most end at the root, proving there is none)
    // and branch and bound runs as before.
    let above_bound = |inc: &SolveOutcome| inc.objective > stage_bound + AT_BOUND_TOLERANCE;
    if shortfall_stage && options.gap == 0.0 && incumbent.as_ref().is_some_and(above_bound) {
        let at_bound = stage_bound + AT_BOUND_TOLERANCE;
        options
            .observer
            .report(Progress::Stage(SolveStage::BranchAndBound));
        let sought = SolveOptions {
            cutoff: Some(at_bound),
            first_plan: true,
            node_limit: Some(AT_BOUND_NODES),
            ..remaining(options)
        };
        // Out of time, or no plan at the bound: on to branch and bound, which keeps the
        // incumbent and writes it when the time is gone.
        if let Ok(n) = solve_built(|| build(MoveVariables::Binary), &sought) {
            if n.status != SolveStatus::Infeasible && !n.x.is_empty() && n.objective <= at_bound {
                let outcome = SolveOutcome {
                    status: SolveStatus::Optimal,
                    method: SolveMethod::AtBound,
                    dual_bound: stage_bound,
                    mip_gap: relative_gap(n.objective, stage_bound),
                    ..n
                };
                return Ok(with_lp(outcome, false));
            }
        }
    }
    // No starting plan is handed over: with one (full or partial), HiGHS 1.16 was seen
    // to report an objective below what its returned solution costs. The incumbent is
    // kept on our side instead (`prefer_incumbent`).
    options
        .observer
        .report(Progress::Stage(SolveStage::BranchAndBound));
    // With an incumbent, only cheaper plans are sought, as above; any plan within the
    // gap of the bound proven so far ends the search.
    let cutoff = incumbent.as_ref().map(|inc| cutoff_above(inc.objective));
    let sought = SolveOptions {
        cutoff,
        proven_bound: Some(proven),
        live_bound: Some(f64::INFINITY),
        outside_bound: outside.filter(|_| incumbent.is_some()),
        ..remaining(options)
    };
    let full = prefer_incumbent(
        incumbent.as_ref(),
        solve_lazily(&mut build, MoveVariables::Binary, &lazy, &sought),
        proven,
    )?;
    let full = match (&incumbent, cutoff) {
        // No plan costs less than the cutoff less HiGHS's margin: the incumbent is
        // within the gap.
        (Some(inc), Some(cutoff)) if full.status == SolveStatus::Infeasible => {
            proven_by_cutoff(inc, cutoff, options.gap, proven)
        }
        // HiGHS's plan at the incumbent's own cost (under the cutoff by a rounding
        // tie) gives way to the incumbent, proven by HiGHS's bound. A search a bound
        // proven outside stops (`solve::reach_race`) may end before HiGHS finds such
        // a plan, and then keeps the incumbent: so the incumbent is written whether
        // the search was raced or not, and whichever thread finished first.
        (Some(inc), Some(_))
            if full.status == SolveStatus::Optimal
                && full.objective >= inc.objective - 1e-9 * inc.objective.abs().max(1.0) =>
        {
            let dual_bound = full.dual_bound.min(inc.objective);
            SolveOutcome {
                status: SolveStatus::Optimal,
                dual_bound,
                mip_gap: relative_gap(inc.objective, dual_bound),
                nodes: full.nodes,
                ..inc.clone()
            }
        }
        _ => full,
    };
    Ok(with_lp(full, false))
}

/// [`solve_built`] of the model `vars` makes, first with the rows `lazy` (never-worse
/// rows whose duals in the relaxation are 0, so that its bound is the same without
/// them) free: a model without them is a relaxation of the model, so its bound holds
/// for the model, and a search that ends with no plan under its cutoff proves there is
/// none in the model either. Its plan (or the plan it holds above the cutoff) stands
/// only where the model with every move fixed at it accepts it at no higher cost: that
/// check reads every row, the freed ones included. A plan refused leaves a search that
/// found none under its cutoff with none (its empty end still proves), and any other
/// search is solved again with the rows. With `lazy` empty, [`solve_built`].
fn solve_lazily(
    build: &mut impl FnMut(MoveVariables) -> Formulation,
    vars: MoveVariables,
    lazy: &[usize],
    options: &SolveOptions,
) -> Result<SolveOutcome> {
    if lazy.is_empty() {
        return solve_built(|| build(vars), options);
    }
    if options.spent() {
        return Err(RotationError::TimeLimit(SolverMessage::NoPlanInTime));
    }
    let start = Instant::now();
    let formulation = build(vars);
    // Under a time limit the check needs a build and a solve that presolve empties:
    // twice this build is left for it, so that a plan found as the limit ends the
    // search is not lost to a check out of time.
    let reserve = 2.0 * start.elapsed().as_secs_f64();
    // Its plans may break the freed rows: none is shown on a progress line until
    // accepted. Its bounds hold (a model without some rows is a relaxation).
    let freed = SolveOptions {
        observer: options.observer.bounds_only(),
        time_limit: options
            .left_since(start)
            .time_limit
            .map(|t| (t - reserve).max(SPENT)),
        ..options.clone()
    };
    let o = match solve_freeing(formulation, lazy, &freed) {
        Ok(o) => o,
        Err(e @ RotationError::TimeLimit(_)) => return Err(e),
        // Whatever HiGHS made of the model without the rows, the model with them is
        // what the stage asks for.
        Err(_) => return solve_built(|| build(vars), &options.left_since(start)),
    };
    if !o.objective.is_finite() {
        return Ok(o);
    }
    let check = SolveOptions {
        cutoff: None,
        first_plan: false,
        node_limit: None,
        proven_bound: None,
        search_gap: None,
        root_by_ipm: false,
        observer: Observer::default(),
        ..options.left_since(start)
    };
    let tie = 1e-6 * o.objective.abs().max(1.0);
    let accepted = match solve_built(|| build(MoveVariables::FixedWhereIntegral(&o.x)), &check) {
        Ok(c) => c.status == SolveStatus::Optimal && c.objective <= o.objective + tie,
        Err(RotationError::TimeLimit(_)) => false,
        Err(e) => return Err(e),
    };
    if accepted {
        if o.status != SolveStatus::Infeasible {
            options.observer.report(Progress::Plan(o.objective));
        }
        return Ok(o);
    }
    if o.holds_plan_above_cutoff() {
        // No plan under the cutoff, and the one above it refused: the empty end.
        return Ok(SolveOutcome {
            objective: f64::NAN,
            x: vec![0.0; o.x.len()],
            shortfall_exchange: 0.0,
            shortfall_backbone: 0.0,
            ..o
        });
    }
    solve_built(|| build(vars), &options.left_since(start))
}

/// The answer of a stage that started from an incumbent plan (`incumbent`, proven
/// against `bound`, the relaxation's or a better one proven since): the stage's own
/// answer, unless the time limit ended it with nothing better, when the incumbent is
/// kept with status `time_limit` and the best bound either found.
fn prefer_incumbent(
    incumbent: Option<&SolveOutcome>,
    later: Result<SolveOutcome>,
    bound: f64,
) -> Result<SolveOutcome> {
    let Some(fixed) = incumbent else {
        return later;
    };
    let fallback = |dual_bound: f64| {
        Ok(SolveOutcome {
            status: SolveStatus::TimeLimit,
            method: fixed.method,
            dual_bound,
            mip_gap: relative_gap(fixed.objective, dual_bound),
            ..fixed.clone()
        })
    };
    match later {
        Err(RotationError::TimeLimit(_)) => fallback(bound),
        Ok(o) if o.status == SolveStatus::TimeLimit && o.objective > fixed.objective => {
            fallback(if o.dual_bound.is_nan() {
                bound
            } else {
                o.dual_bound.max(bound)
            })
        }
        other => other,
    }
}

/// The cutoff of a search for a plan better than an incumbent costing `objective`: any
/// cheaper plan (beyond a rounding tie).
pub(crate) fn cutoff_above(objective: f64) -> f64 {
    objective + 1e-9 * objective.abs().max(1.0)
}

/// The bound of the stage that HiGHS's bounds prove while it searches (its dual bound
/// `dual`, its primal bound `primal`: the lesser of its incumbent's cost and the
/// cutoff), for a MIP whose bound holds up to `cap` (`SolveOptions::live_bound`), and
/// HiGHS's relative gap `gap`. HiGHS prunes a node within its gap of the primal bound
/// and may then report a dual bound above what the pruned nodes hold
/// ([`bound_below_cutoff`]): the bound is at most that margin below the primal bound.
fn live_stage_bound(dual: f64, primal: f64, gap: f64, cap: f64) -> f64 {
    // Nothing is known from a value HiGHS has not computed.
    if dual.is_nan() || primal.is_nan() {
        return f64::NEG_INFINITY;
    }
    let pruned_above = if primal.is_finite() {
        bound_below_cutoff(primal, gap)
    } else {
        f64::INFINITY
    };
    dual.min(pruned_above).min(cap)
}

/// HiGHS's own relative gap (`mip_rel_gap`) for `options`: `search_gap` where tighter
/// than `gap`.
fn highs_rel_gap(options: &SolveOptions) -> f64 {
    options
        .search_gap
        .map_or(options.gap, |g| g.min(options.gap))
}

/// For a MIP whose bound is the stage's (`SolveOptions::live_bound`) and an observer
/// that listens: each rise of the stage's bound as HiGHS searches, never below the
/// bound proven before it (`proven_bound`), to the observer.
fn live_bounds(options: &SolveOptions) -> Option<crate::solve::mip_watch::OnBound> {
    let cap = options
        .live_bound
        .filter(|_| options.observer.is_active())?;
    let gap = highs_rel_gap(options);
    let floor = options.proven_bound.unwrap_or(f64::NEG_INFINITY);
    let observer = options.observer.clone();
    let shown = std::sync::Mutex::new(floor);
    Some(std::sync::Arc::new(move |dual: f64, primal: f64| {
        let bound = live_stage_bound(dual, primal, gap, cap);
        let Ok(mut shown) = shown.lock() else { return };
        if bound.is_finite() && bound > *shown {
            *shown = bound;
            observer.report(Progress::Bound(bound));
        }
    }))
}

/// What a search with `cutoff` that ended infeasible proves: HiGHS prunes a node once
/// its bound is within the relative gap (or 1e-6 absolute) of the cutoff, as of any
/// plan it holds, so no plan costs less than the cutoff less that margin. (A cutoff
/// already lowered by the gap was measured to prove a bound above enumeration's
/// optimum: the gap is then taken twice.)
fn bound_below_cutoff(cutoff: f64, gap: f64) -> f64 {
    cutoff - (gap * cutoff.abs()).max(1e-6) - 1e-6 * cutoff.abs().max(1.0)
}

/// The incumbent `inc` when a search for a plan below `cutoff` (relative gap `gap`)
/// ended infeasible: optimal, proven against [`bound_below_cutoff`] (never above its
/// own cost, never below the relaxation's bound `lp_bound`).
pub(crate) fn proven_by_cutoff(
    inc: &SolveOutcome,
    cutoff: f64,
    gap: f64,
    lp_bound: f64,
) -> SolveOutcome {
    let dual_bound = bound_below_cutoff(cutoff, gap)
        .min(inc.objective)
        .max(lp_bound);
    SolveOutcome {
        status: SolveStatus::Optimal,
        dual_bound,
        mip_gap: relative_gap(inc.objective, dual_bound),
        ..inc.clone()
    }
}

/// HiGHS's relative gap: |primal − dual| / |primal| (0 when both are 0).
pub fn relative_gap(primal: f64, dual: f64) -> f64 {
    let diff = (primal - dual).max(0.0);
    if diff == 0.0 {
        0.0
    } else {
        diff / primal.abs().max(1e-9)
    }
}

/// Whether a plan costing `primal` is proven within `gap` by the bound `dual`:
/// relatively, or within HiGHS's absolute gap (`mip_abs_gap`, 1e-6), as HiGHS itself
/// judges. Without the absolute part a shortfall stage (gap 0) never took a plan at
/// its bound, 19 against 18.99999999: on the family's `c6k-cv-caps`, 31 s of MIPs
/// proved what the relaxation already had.
pub fn within_gap(primal: f64, dual: f64, gap: f64) -> bool {
    relative_gap(primal, dual) <= gap || primal - dual <= ABSOLUTE_GAP
}

/// Solves a relaxation; `None` when it is infeasible.
pub(crate) fn run_relaxation(mut model: Model) -> Result<Option<highs::SolvedModel>> {
    presolve_only_in_time(&mut model)?;
    let run = |model: Model| {
        model.try_solve().map_err(|e| {
            RotationError::Solver(SolverMessage::HighsFailed {
                relaxation: true,
                detail: format!("{e:?}"),
            })
        })
    };
    let mut solved = run(model)?;
    // From a basis handed over (`start_from_basis`) or left by an earlier solve, HiGHS
    // 1.16 may stop with status `Unknown`: the dual simplex ends with a small dual
    // infeasibility its primal clean-up does not remove (seen on the family's `c4k-bb8`
    // at 35 %, the cost stage from the least-shortfall stage's basis with the backbone
    // movers' cap: 4 iterations, then `Unknown`). Solved once more from scratch (the
    // solver's state cleared) before that counts as a failure, which would send the
    // whole round to its retry without presolve.
    if !matches!(
        solved.status(),
        HighsModelStatus::Optimal
            | HighsModelStatus::ReachedTimeLimit
            | HighsModelStatus::Infeasible
            | HighsModelStatus::UnboundedOrInfeasible
    ) {
        let mut model = Model::from(solved);
        // SAFETY: a live instance.
        unsafe { highs_sys::Highs_clearSolver(model.as_mut_ptr()) };
        presolve_only_in_time(&mut model)?;
        solved = run(model)?;
    }
    if solved.status() == HighsModelStatus::ReachedTimeLimit {
        return Err(RotationError::TimeLimit(SolverMessage::TimeInRelaxation));
    }
    if matches!(
        solved.status(),
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible
    ) {
        return Ok(None);
    }
    if solved.status() != HighsModelStatus::Optimal {
        return Err(RotationError::Solver(SolverMessage::RelaxationStatus {
            status: format!("{:?}", solved.status()),
        }));
    }
    Ok(Some(solved))
}

/// Seconds per nonzero that HiGHS's presolve of an LP relaxation takes (it does not
/// look at the clock): 0.19 s for the 169,277 nonzeros of the family's
/// `c4k-ignore-any` and 0.42 s for the 388,886 of `c6k-cv-caps` on a slow day of the
/// 2-core machine (1.1·10⁻⁶), with room for a slower one.
const PRESOLVE_SECONDS_PER_NONZERO: f64 = 1.5e-6;

/// Whether a presolve of `nonzeros` ends within `limit` seconds (`None`: no limit).
fn presolve_in_time(limit: Option<f64>, nonzeros: usize) -> bool {
    limit.is_none_or(|limit| PRESOLVE_SECONDS_PER_NONZERO * nonzeros as f64 <= limit)
}

/// A relaxation that keeps its presolve (`presolve_pays`, and the LP solved outside
/// `relaxation` by `solve::reach::backbone_reach`) but has less time left than the
/// presolve takes is solved without it: the simplex looks at the clock and stops at
/// the limit, where the presolve ran past it (as the family's
/// `c6k-cv-caps` under 0.3 s did, ending at 0.74 s, its presolve alone 0.42 s, before
/// its relaxations lost their presolve).
///
/// HiGHS holds its `time_limit` against the instance's run clock, which counts every
/// earlier run of the instance (as on the retry in [`run_relaxation`]): what is left
/// is the limit less that clock.
fn presolve_only_in_time(model: &mut Model) -> Result<()> {
    let ptr = model.as_mut_ptr();
    let mut limit = f64::INFINITY;
    // SAFETY: a live instance; the option's name is a C string, `limit` a double.
    let (nonzeros, ran) = unsafe {
        highs_sys::Highs_getDoubleOptionValue(ptr, c"time_limit".as_ptr(), &mut limit);
        (
            highs_sys::Highs_getNumNz(ptr),
            highs_sys::Highs_getRunTime(ptr),
        )
    };
    let left = limit.is_finite().then_some(limit - ran);
    if presolve_in_time(left, nonzeros.max(0) as usize) {
        return Ok(());
    }
    presolve_off(model)
}

fn presolve_off(model: &mut Model) -> Result<()> {
    model.try_set_option("presolve", "off").map_err(|_| {
        RotationError::Solver(SolverMessage::OptionRejected {
            option: "presolve".to_string(),
        })
    })
}

/// Whether a relaxation [`relaxation`] solves from scratch runs HiGHS's presolve: only
/// by the interior point method (the balance stage's large relaxations) or with no-envy
/// rows. Our other relaxations lose 2–9 % of their columns to it, and the simplex alone
/// solves them faster (the met-stage relaxation, as the bench's floor, 0.47 → 0.23 s on
/// `c4k-grid`, 8.6 → 2.6 s on `d20k-outflow10`; the whole family with its practice
/// counties 52.8 → 50.4 s and 62.3 → 52.5 s in two runs, the same methods and movers,
/// `c4k-ignore-any` 3.9–5.0 → 2.3–2.4 s; `docs/benchmarks.md`, "Relaxations without
/// presolve"). The stable model's relaxation loses 28 % of its columns to presolve,
/// and at 20,000 teachers the dual simplex after it was no slower (neither ended in
/// 50 s; not measured further).
fn presolve_pays(interior: bool, no_envy_rows: bool) -> bool {
    interior || no_envy_rows
}

/// Sets the objective of a least-target-shortfall model (columns: the moves, then
/// `u` and `v`, then the rest at 0): `move_cost` on the moves, `shortfall` on `u`
/// and `v`.
pub(crate) fn set_costs(model: &mut Model, move_cost: &[f64], shortfall: f64) -> Result<()> {
    let n = move_cost.len();
    let mut cost = move_cost.to_vec();
    cost.extend([shortfall, shortfall]);
    // SAFETY: a live instance with at least `n + 2` columns (the moves, `u`, `v`);
    // `cost` holds one value per column of the range.
    let status = unsafe {
        highs_sys::Highs_changeColsCostByRange(
            model.as_mut_ptr(),
            0,
            (n + 1) as highs_sys::HighsInt,
            cost.as_ptr(),
        )
    };
    if status == highs_sys::STATUS_ERROR {
        return Err(RotationError::Solver(SolverMessage::HighsStep {
            step: crate::model::solver_message::HighsStep::ChangeModel,
        }));
    }
    Ok(())
}

/// Least-target-shortfall relaxations with at least this many nonzeros are solved
/// first with a penalised objective, then with their own from its basis (see
/// `solve_relaxation`). Below it the primal simplex alone: those LPs take it a tenth
/// of a second or less, and its optimum may round to a plan of the least shortfall
/// where the penalised one does not: on `c4k-latlon-commute15` (23,757 nonzeros) the
/// penalised optimum's whole moves admitted no completion at the least shortfall and
/// the stage's MIP took 1 s. Measured end to end, two or three runs each
/// (`c6k-cv-caps`, `c4k-outflow10`, `c4k-latlon-commute15`): from 0 nonzeros
/// 5.0–5.4, 1.02–1.13 and 2.35–2.53 s; from 50,000 5.2–5.4, 1.31–1.34 and 1.43–1.44 s;
/// from 100,000 6.6–7.4, 1.24–1.37 and 1.27–1.49 s (the why-short questions of
/// `c6k-cv-caps` between 64,000 and 74,000 nonzeros took 1.2–1.4 s each by the
/// primal simplex); before 15.3, 1.95 and 1.26 s (`docs/benchmarks.md`, "The
/// least-shortfall relaxation from a penalised one").
const PENALISED_FIRST_NONZEROS: usize = 50_000;

/// Least-balance-shortfall relaxations with at least this many nonzeros are solved by
/// the interior point method (see `solve_relaxation`).
const INTERIOR_POINT_NONZEROS: usize = 250_000;

/// HiGHS's `simplex_strategy` for the primal simplex.
pub(crate) const PRIMAL_SIMPLEX: i32 = 4;

/// HiGHS's default `mip_abs_gap`.
const ABSOLUTE_GAP: f64 = 1e-6;

/// The dearest plan that [`within_gap`] accepts against `bound`: relative to the plan,
/// as HiGHS's own gap, or within the absolute gap.
pub(crate) fn largest_within_gap(bound: f64, gap: f64) -> f64 {
    let relative = if bound >= 0.0 {
        bound / (1.0 - gap).max(f64::EPSILON)
    } else {
        bound / (1.0 + gap)
    };
    relative.max(bound + ABSOLUTE_GAP)
}

/// Solves the mixed-integer model by branch and bound.
pub fn solve(formulation: Formulation, options: &SolveOptions) -> Result<SolveOutcome> {
    solve_freeing(formulation, &[], options)
}

/// [`solve`] of the model `model` builds, within what is left of `options`' time limit
/// once it is built: a limit counts from before the build (the stable model of a
/// 20,000-teacher county took 3 s to build (1.2 s now), and its solves ran past the command's
/// limit by as much). With the time gone, before or after the build, no plan in time
/// (as HiGHS would say, after its presolve: 1.8 s on that model, past the limit): the
/// searches after a deadline no longer build and start one MIP after another.
pub(crate) fn solve_built(
    model: impl FnOnce() -> Formulation,
    options: &SolveOptions,
) -> Result<SolveOutcome> {
    if options.spent() {
        return Err(RotationError::TimeLimit(SolverMessage::NoPlanInTime));
    }
    let start = Instant::now();
    let formulation = model();
    let left = options.left_since(start);
    if left.spent() {
        return Err(RotationError::TimeLimit(SolverMessage::NoPlanInTime));
    }
    solve(formulation, &left)
}

/// Seconds per candidate move that building a model and handing it to HiGHS takes
/// (`formulation::formulate` and `highs_model`): 1.7 s for the 994,011 moves of the
/// why-short question that lifts the commute cap, direction and partnership rule on
/// the practice county `district-20k` under `stay-in-groups` (1.4 s to formulate),
/// 0.03 s for its round's 24,029, on the 2-core machine; with room for a slower day.
const BUILD_SECONDS_PER_MOVE: f64 = 2.5e-6;

/// A time limit this short is one spent: [`SolveOptions::left_since`] leaves at least
/// this much of any limit.
const SPENT: f64 = 0.01;

/// [`solve`] with the rows `free` (indices) made free: a model without them, for
/// `solve::balance_swaps`' completion without the never-worse rows.
pub(crate) fn solve_freeing(
    formulation: Formulation,
    free: &[usize],
    options: &SolveOptions,
) -> Result<SolveOutcome> {
    solve_model(formulation, free, options, true)
}

/// Whether a MIP the solve stopped waiting for at its time limit may still be running
/// on its thread (`solve::mip_watch`): a process ending now must skip C++'s static
/// destructors (`libc::_exit`), which HiGHS may still be reading.
pub fn late_solve_running() -> bool {
    crate::solve::mip_watch::running()
}

/// [`solve_freeing`], with the moves fixed at 0 deleted before HiGHS solves the model
/// (`delete_fixed`) or kept (the tests compare the two).
fn solve_model(
    formulation: Formulation,
    free: &[usize],
    options: &SolveOptions,
    delete_fixed: bool,
) -> Result<SolveOutcome> {
    let size = formulation.size;
    let n = formulation.x.len();
    let start = Instant::now();
    let observer = options.observer.clone();
    let mut model = highs_model(formulation, options)?;
    free_rows(&mut model, free)?;
    let column = if delete_fixed {
        delete_moves_fixed_at_zero(&mut model, n)?
    } else {
        (0..n).map(Some).collect()
    };
    let kept = column.iter().flatten().count();
    // Columns are in creation order: the moves left, then u, then v.
    let (u_col, v_col) = (kept, kept + 1);
    let moves_of = |cols: &[f64]| -> Vec<f64> {
        column
            .iter()
            .map(|c| c.map_or(0.0, |c| cols[c].round()))
            .collect()
    };
    let lp_integral = None;
    let lp_bound = None;
    let lp_seconds = 0.0;
    let failed = |e: Option<highs::HighsStatus>| {
        RotationError::Solver(SolverMessage::HighsFailed {
            relaxation: false,
            detail: e.map_or_else(
                || "the solve's thread gave no answer".to_string(),
                |e| format!("{e:?}"),
            ),
        })
    };
    let on_plan = observer
        .is_active()
        .then(|| -> crate::solve::mip_watch::OnPlan {
            std::sync::Arc::new(move |objective| observer.report(Progress::Plan(objective)))
        });
    let on_bound = live_bounds(options);
    // A search whose primal bound (its plan, or the cutoff when lower) comes within
    // the gap of a bound proven on another thread (`solve::reach_race`) has nothing
    // left to find. Within the relative gap and a rounding tie only, not HiGHS's
    // absolute gap: with no plan held, a plan between the bound and the cutoff would
    // otherwise go unseen (a why-short question's threshold is 10⁻⁶ below the least).
    // The stop is recorded where it is decided, not judged again from the answer.
    let stopped_outside = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop_when = options.outside_bound.clone().map(|bound| {
        let gap = options.gap;
        let stopped = stopped_outside.clone();
        std::sync::Arc::new(move |_: f64, primal: f64| {
            let tie = gap * primal.abs() + 2e-9 * primal.abs().max(1.0);
            let answered = primal.is_finite() && bound.get() >= primal - tie;
            if answered {
                stopped.store(true, std::sync::atomic::Ordering::SeqCst);
            }
            answered
        }) as crate::solve::mip_watch::StopWhen
    });
    // Beside a race, a MIP on one HiGHS thread fewer (`SolveOptions::beside_race`), on
    // a thread of its own whether or not under a limit: the caller's thread may have
    // run HiGHS on more already. In year 2023 of the sample county's horizon the
    // race's MIP shared the two cores with the stage's branch and bound on two
    // threads: 69.8 → 55.3 s, the same plan (`docs/benchmarks.md`, "One thread beside
    // the race").
    let beside = options.beside_race.then(|| {
        let threads = options.threads.map_or_else(
            || std::thread::available_parallelism().map_or(1, |n| n.get()),
            |t| t as usize,
        );
        threads.saturating_sub(1).max(1)
    });
    if let Some(threads) = beside {
        model
            .try_set_option("threads", threads as i32)
            .map_err(|_| {
                RotationError::Solver(SolverMessage::OptionRejected {
                    option: "threads".to_string(),
                })
            })?;
    }
    let placed = if beside.is_some() {
        Placement::OwnThread
    } else {
        Placement::Caller
    };
    let solved = match crate::solve::mip_watch::run(
        model,
        on_plan,
        on_bound,
        stop_when,
        options.time_limit,
        placed,
    )
    .map_err(failed)?
    {
        MipEnd::Solved(solved) => solved,
        MipEnd::Abandoned(reported) => return abandoned(reported, options, &column, size, start),
    };
    let solve_seconds = start.elapsed().as_secs_f64();
    let held = solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
    // Stopped by a bound proven outside: a plan held is proven; none under the cutoff
    // is the end of a search that found nothing cheaper, as if it had run to its end.
    let outside_stop = solved.status() == HighsModelStatus::ReachedInterrupt
        && stopped_outside.load(std::sync::atomic::Ordering::SeqCst);
    let status = match solved.status() {
        HighsModelStatus::Optimal => SolveStatus::Optimal,
        HighsModelStatus::ReachedInterrupt if outside_stop && held => SolveStatus::Optimal,
        HighsModelStatus::ReachedInterrupt if outside_stop => SolveStatus::Infeasible,
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedInterrupt => SolveStatus::TimeLimit,
        // A search asked to stop at its first plan (`first_plan`): stopped with a plan,
        // like a time-out.
        // HiGHS reports a stop at `node_limit` the same way.
        HighsModelStatus::ReachedSolutionLimit
            if options.first_plan || options.node_limit.is_some() =>
        {
            SolveStatus::TimeLimit
        }
        // A plan within the gap of the bound proven outside (`proven_bound`).
        HighsModelStatus::ObjectiveTarget if options.proven_bound.is_some() => SolveStatus::Optimal,
        // Every column is bounded below and costs are not negative except the
        // balance reward, whose columns are bounded: never unbounded.
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
            SolveStatus::Infeasible
        }
        HighsModelStatus::ModelEmpty => SolveStatus::Optimal,
        other => {
            return Err(RotationError::Solver(SolverMessage::EndedWithStatus {
                status: format!("{other:?}"),
            }))
        }
    };
    let nodes = int64_info(&solved, c"mip_node_count");
    // HiGHS may keep a plan above the cutoff as its incumbent (a trivial plan found
    // before the cutoff prunes anything) and end "optimal" with it once it has proven
    // that nothing under the cutoff exists. Seen on a small county: a plan of 12
    // returned as optimal under a cutoff of 8.6016, which a plan of 8.6016 met. Such an
    // answer is "no plan under the cutoff": infeasible when the search finished, no plan
    // yet when it stopped early.
    // A stop at the objective target (`proven_bound`) is a plan within the gap of the
    // bound proven outside, wherever the cutoff is: HiGHS stops there as soon as its
    // incumbent is below the target, above the cutoff too, before its search has
    // finished, so it is no "no plan under the cutoff".
    let at_target = solved.status() == HighsModelStatus::ObjectiveTarget;
    let above_cutoff = options.cutoff.is_some_and(|c| {
        status != SolveStatus::Infeasible
            && !at_target
            && solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible
            && solved.objective_value() >= c
    });
    if above_cutoff && status != SolveStatus::Optimal {
        return Err(RotationError::TimeLimit(SolverMessage::NoPlanInTime));
    }
    let status = if above_cutoff {
        SolveStatus::Infeasible
    } else {
        status
    };
    if status == SolveStatus::Infeasible {
        // The plan above the cutoff is still a plan: kept (`plan_above_cutoff`) for a
        // caller that seeks an incumbent, not only an answer under the cutoff.
        let (objective, x, u, v) = if above_cutoff {
            let sol = solved.get_solution();
            let cols = sol.columns();
            (
                solved.objective_value(),
                moves_of(cols),
                cols[u_col].max(0.0),
                cols[v_col].max(0.0),
            )
        } else {
            (f64::NAN, vec![0.0; n], 0.0, 0.0)
        };
        return Ok(SolveOutcome {
            status,
            method: SolveMethod::BranchAndBound,
            objective,
            dual_bound: f64::NAN,
            mip_gap: f64::NAN,
            x,
            shortfall_exchange: u,
            shortfall_backbone: v,
            nodes,
            lp_integral,
            lp_bound,
            lp_seconds,
            solve_seconds,
            size,
        });
    }
    let has_solution = solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
    if !has_solution {
        // Only a stop on time is a time-out; a finished solve without a plan is a
        // solver fault, which the round re-solves without presolve.
        return Err(if status == SolveStatus::TimeLimit {
            RotationError::TimeLimit(SolverMessage::NoPlanInTime)
        } else {
            RotationError::Solver(SolverMessage::StatusButNoPlan {
                status: format!("{status:?}"),
            })
        });
    }
    let sol = solved.get_solution();
    let cols = sol.columns();
    let dual_bound = solved
        .double_info_value(c"mip_dual_bound")
        .unwrap_or(f64::NAN);
    let objective = solved.objective_value();
    let mip_gap = if n == 0 { 0.0 } else { solved.mip_gap() };
    // The bound proven outside counts as HiGHS's own.
    // Never above the plan's own cost (a plan of a model with rows freed may lie
    // below it, `solve_lazily`; its check decides).
    let outside_bound = options
        .outside_bound
        .as_ref()
        .map(|b| b.get().min(objective))
        .filter(|b| b.is_finite());
    let proven_outside = match (options.proven_bound, outside_bound) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let (dual_bound, mip_gap) = match proven_outside {
        Some(b) if n > 0 && (dual_bound.is_nan() || dual_bound < b) => {
            (b, relative_gap(objective, b))
        }
        _ => (dual_bound, mip_gap),
    };
    Ok(SolveOutcome {
        status,
        method: SolveMethod::BranchAndBound,
        objective,
        dual_bound: if n == 0 { objective } else { dual_bound },
        mip_gap,
        x: moves_of(cols),
        shortfall_exchange: cols[u_col].max(0.0),
        shortfall_backbone: cols[v_col].max(0.0),
        nodes,
        lp_integral,
        lp_bound,
        lp_seconds,
        solve_seconds,
        size,
    })
}

/// A MIP the solve stopped waiting for at its limit (`solve::mip_watch`): the best
/// plan HiGHS had reported, with status `time_limit` and the bound of its last check
/// (or the one proven outside, when higher), as HiGHS's own stop at its limit gives
/// it; `optimal` when within the gap of the bound proven outside. No plan reported,
/// or one not under the cutoff, is no plan in time.
fn abandoned(
    reported: Reported,
    options: &SolveOptions,
    column: &[Option<usize>],
    size: ModelSize,
    start: Instant,
) -> Result<SolveOutcome> {
    let no_plan = || RotationError::TimeLimit(SolverMessage::NoPlanInTime);
    let kept = column.iter().flatten().count();
    let Some((objective, cols)) = reported.plan else {
        return Err(no_plan());
    };
    // Columns are in creation order: the moves left, then u, then v.
    if cols.len() < kept + 2 || options.cutoff.is_some_and(|c| objective >= c) {
        return Err(no_plan());
    }
    let mut dual_bound = reported.dual_bound;
    if let Some(b) = options.proven_bound {
        dual_bound = dual_bound.max(b);
    }
    // A plan within the gap of the bound proven outside is what HiGHS was stopping at
    // (its objective target), proven like one it returned.
    let status = if options
        .proven_bound
        .is_some_and(|b| within_gap(objective, b, options.gap))
    {
        SolveStatus::Optimal
    } else {
        SolveStatus::TimeLimit
    };
    let dual_bound = if dual_bound.is_finite() {
        dual_bound.min(objective)
    } else {
        f64::NAN
    };
    Ok(SolveOutcome {
        status,
        method: SolveMethod::BranchAndBound,
        objective,
        dual_bound,
        mip_gap: if dual_bound.is_nan() {
            f64::NAN
        } else {
            relative_gap(objective, dual_bound)
        },
        x: column
            .iter()
            .map(|c| c.map_or(0.0, |c| cols[c].round()))
            .collect(),
        shortfall_exchange: cols[kept].max(0.0),
        shortfall_backbone: cols[kept + 1].max(0.0),
        nodes: reported.nodes,
        lp_integral: None,
        lp_bound: None,
        lp_seconds: 0.0,
        solve_seconds: start.elapsed().as_secs_f64(),
        size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The MIPs of a stage solved first without never-worse rows (`solve_lazily`) have
    /// the answers of the same MIPs with them (gap 0), on small generated counties
    /// (`tests/fixtures/small-counties`) under the Haiyan policy with tolerances 1 and
    /// 2: the whole model and a MIP over every other move, each alone and under a
    /// cutoff just above and just below its optimum. Where the MIP without the rows has
    /// a cheaper plan (one that breaks them) the rows are solved again; elsewhere its
    /// plan stands; the counties hold both cases, and searches below the optimum whose
    /// plan without the rows was refused. Every plan returned, above a cutoff or not,
    /// passes the rows.
    #[test]
    fn a_mip_without_its_slack_rows_first_has_the_same_answer() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let base = crate::model::policy::Policy::read(&root.join("models/haiyan-2022.toml"))
            .expect("policy");
        let options = SolveOptions {
            threads: Some(1),
            gap: 0.0,
            ..SolveOptions::default()
        };
        let (mut refused, mut stood, mut refused_below) = (0, 0, 0);
        for seed in 1..=12u64 {
            // `rotation generate --teachers 60 --schools 6 --seed N`, stored: the
            // generator sits in a layer above this one.
            let county = crate::input::instance::read_instance(
                &root.join(format!("tests/fixtures/small-counties/seed-{seed}")),
            )
            .expect("small county")
            .county;
            for tolerance in [1, 2] {
                let mut policy = base.clone();
                policy.rules.staffing_tolerance = tolerance;
                policy.rules.subject_tolerance = tolerance;
                let eligibility = crate::rules::eligibility::county_eligibility(&county, &policy);
                let cands = crate::rules::candidates::candidates(&county, &policy, &eligibility);
                let mut build = |v: MoveVariables| {
                    crate::solve::formulation::formulate(&county, &policy, &cands, v, Stage::MET)
                };
                let rows = never_worse_rows(&build(MoveVariables::Binary));
                let every_other: Vec<bool> = (0..cands.moves.len()).map(|j| j % 2 == 0).collect();
                for vars in [MoveVariables::Binary, MoveVariables::Only(&every_other)] {
                    let case = format!("seed {seed}, tolerance {tolerance}, {vars:?}");
                    let held = solve(build(vars), &options).expect("solved");
                    if held.status != SolveStatus::Optimal || rows.is_empty() {
                        continue;
                    }
                    let tol = 1e-6 * held.objective.abs().max(1.0);
                    let freed = solve_freeing(build(vars), &rows, &options).expect("solved");
                    let breaks = freed.objective < held.objective - tol;
                    if breaks {
                        refused += 1;
                    } else {
                        stood += 1;
                    }
                    // A plan returned passes every row: the model with its moves fixed
                    // has it at its cost.
                    let passes = |build: &mut dyn FnMut(MoveVariables) -> Formulation,
                                  o: &SolveOutcome| {
                        let c = solve(build(MoveVariables::FixedWhereIntegral(&o.x)), &options)
                            .expect("solved");
                        c.status == SolveStatus::Optimal && (c.objective - o.objective).abs() <= tol
                    };
                    let lazy = solve_lazily(&mut build, vars, &rows, &options).expect("solved");
                    assert_eq!(lazy.status, SolveStatus::Optimal, "{case}");
                    assert!(
                        (lazy.objective - held.objective).abs() <= tol,
                        "{case}: {lazy:?}"
                    );
                    assert!(passes(&mut build, &lazy), "{case}: {lazy:?}");
                    for above in [true, false] {
                        let under = SolveOptions {
                            cutoff: Some(held.objective + if above { 1e-3 } else { -1e-3 }),
                            ..options.clone()
                        };
                        let lazy = solve_lazily(&mut build, vars, &rows, &under).expect("solved");
                        if above {
                            assert!(
                                (lazy.objective - held.objective).abs() <= tol,
                                "{case}: {lazy:?}"
                            );
                            assert!(passes(&mut build, &lazy), "{case}: {lazy:?}");
                            continue;
                        }
                        // No plan under the cutoff; a plan held above it passes the rows.
                        assert_eq!(lazy.status, SolveStatus::Infeasible, "{case}");
                        if lazy.holds_plan_above_cutoff() {
                            assert!(passes(&mut build, &lazy), "{case}: {lazy:?}");
                        }
                        if breaks {
                            refused_below += 1;
                        }
                    }
                }
            }
        }
        assert!(
            refused >= 2 && stood >= 2,
            "refused {refused}, stood {stood}"
        );
        assert!(refused_below >= 2, "{refused_below}");
    }

    /// The tiny sample county under the Haiyan policy.
    fn tiny_county() -> (crate::model::county::County, crate::model::policy::Policy) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let policy = crate::model::policy::Policy::read(&root.join("models/haiyan-2022.toml"))
            .expect("policy");
        let county = crate::input::instance::read_instance(&root.join("instances/tiny"))
            .expect("sample county")
            .county;
        (county, policy)
    }

    /// A MIP over some moves, the rest fixed at 0, has the same answer with those moves
    /// deleted before HiGHS solves it as with them kept: the same status, cost, bound
    /// and shortfalls (the columns after the moves move up), and each deleted move
    /// reads 0. The moves kept are those within growing slacks of the relaxation's
    /// reduced costs (the narrow stages' neighbourhoods), down to none of them, in the
    /// cost model with the targets met and in the least-shortfall model of a target
    /// out of reach (its shortfall columns not fixed).
    #[test]
    fn deleting_the_moves_fixed_at_zero_changes_no_answer() {
        let (county, base) = tiny_county();
        let (mut answers, mut deleted_some, mut short) = (0, 0, 0);
        for (rate, stage) in [(0.35, Stage::MET), (0.9, Stage::Targets)] {
            let mut policy = base.clone();
            policy.targets.exchange_rate = rate;
            let eligibility = crate::rules::eligibility::county_eligibility(&county, &policy);
            let cands = crate::rules::candidates::candidates(&county, &policy, &eligibility);
            let build = |v: MoveVariables| {
                crate::solve::formulation::formulate(&county, &policy, &cands, v, stage)
            };
            let lp = relaxation(build(MoveVariables::Relaxed), &SolveOptions::default(), 0)
                .expect("solved")
                .expect("feasible");
            let costs = build(MoveVariables::Binary).move_cost;
            for slack in [-1.0, 0.0, 0.5, 2.0, 8.0, 1e9] {
                let keep: Vec<bool> =
                    lp.x.iter()
                        .zip(&lp.reduced_cost)
                        .map(|(&x, &d)| slack >= 0.0 && (x > INTEGRALITY_TOL || d <= slack))
                        .collect();
                let solve_with = |delete| {
                    solve_model(
                        build(MoveVariables::Only(&keep)),
                        &[],
                        &SolveOptions::default(),
                        delete,
                    )
                };
                let (deleted, kept) = (solve_with(true), solve_with(false));
                let case = format!("rate {rate}, slack {slack}");
                let (d, k) = match (deleted, kept) {
                    (Ok(d), Ok(k)) => (d, k),
                    (d, k) => panic!("{case}: {d:?} against {k:?}"),
                };
                assert_eq!(d.status, k.status, "{case}");
                if d.status == SolveStatus::Infeasible {
                    continue;
                }
                answers += 1;
                if keep.contains(&false) {
                    deleted_some += 1;
                }
                let tol = 1e-6 * k.objective.abs().max(1.0);
                let close = |a: f64, b: f64| (a - b).abs() <= tol;
                assert!(
                    close(d.objective, k.objective),
                    "{case}: {d:?} against {k:?}"
                );
                assert!(
                    close(d.dual_bound, k.dual_bound),
                    "{case}: {d:?} against {k:?}"
                );
                assert!(
                    close(d.shortfall_exchange, k.shortfall_exchange)
                        && close(d.shortfall_backbone, k.shortfall_backbone),
                    "{case}: {d:?} against {k:?}"
                );
                if d.shortfall_exchange + d.shortfall_backbone > 0.5 {
                    short += 1;
                }
                assert_eq!(d.x.len(), keep.len(), "{case}");
                for (j, (&x, &kept)) in d.x.iter().zip(&keep).enumerate() {
                    assert!(kept || x == 0.0, "{case}: move {j} deleted but at {x}");
                }
                if stage == Stage::MET {
                    let cost: f64 = d.x.iter().zip(&costs).map(|(x, c)| x * c).sum();
                    assert!(close(cost, d.objective), "{case}: moves cost {cost}");
                }
            }
        }
        assert!(answers >= 4, "some neighbourhoods hold plans ({answers})");
        assert!(
            deleted_some >= 2,
            "some answers had moves deleted ({deleted_some})"
        );
        assert!(short >= 1, "some answers fall short of a target ({short})");
    }

    /// The least-target-shortfall relaxation solved from the penalised one's basis has
    /// the optimum of the primal simplex alone, on the sample counties under exchange
    /// rates and outflow caps that put the targets out of reach or not, and its
    /// solution's shortfalls add up to it.
    #[test]
    fn least_shortfall_from_the_penalised_basis_is_the_least_shortfall() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let base = crate::model::policy::Policy::read(&root.join("models/haiyan-2022.toml"))
            .expect("policy");
        let (mut short, mut met) = (0, 0);
        for instance in ["haiyan-like", "tiny"] {
            let county =
                crate::input::instance::read_instance(&root.join("instances").join(instance))
                    .expect("sample county")
                    .county;
            for (rate, cap) in [(0.35, 0.3), (0.35, 0.05), (0.6, 0.3), (0.2, 0.1)] {
                let mut policy = base.clone();
                policy.targets.exchange_rate = rate;
                policy.rules.outflow_cap = cap;
                let eligibility = crate::rules::eligibility::county_eligibility(&county, &policy);
                let cands = crate::rules::candidates::candidates(&county, &policy, &eligibility);
                let lp = |from: usize| {
                    let f = crate::solve::formulation::formulate(
                        &county,
                        &policy,
                        &cands,
                        MoveVariables::Relaxed,
                        Stage::Targets,
                    );
                    relaxation(f, &SolveOptions::default(), from)
                        .expect("solved")
                        .expect("feasible")
                };
                let (penalised, primal) = (lp(0), lp(usize::MAX));
                let tol = 1e-6 * primal.bound.abs().max(1.0);
                let case = format!("{instance}, rate {rate}, cap {cap}");
                assert!(
                    (penalised.bound - primal.bound).abs() <= tol,
                    "{case}: {} against {}",
                    penalised.bound,
                    primal.bound
                );
                let sum = penalised.shortfall_exchange + penalised.shortfall_backbone;
                assert!((sum - penalised.bound).abs() <= tol, "{case}");
                // The reduced costs are the stage's (what reduced-cost fixing reads):
                // optimal signs at the bounds of each move.
                for (&x, &d) in penalised.x.iter().zip(&penalised.reduced_cost) {
                    if x <= 1e-9 {
                        assert!(d >= -1e-6, "{case}: a move at 0 with reduced cost {d}");
                    } else if x >= 1.0 - 1e-9 {
                        assert!(d <= 1e-6, "{case}: a move at 1 with reduced cost {d}");
                    }
                }
                if primal.bound > 0.5 {
                    short += 1;
                } else {
                    met += 1;
                }
            }
        }
        assert!(short >= 3, "some cases fall short ({short})");
        assert!(met >= 1, "some cases meet the targets ({met})");
    }

    /// The cost stage's relaxation started from the least-shortfall relaxation's
    /// penalised basis (`start_basis`) has the optimum it has from scratch, on the
    /// sample counties under exchange rates and outflow caps that put the targets out
    /// of reach.
    #[test]
    fn the_cost_stage_from_the_penalised_basis_has_its_optimum() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let base = crate::model::policy::Policy::read(&root.join("models/haiyan-2022.toml"))
            .expect("policy");
        let mut warm_starts = 0;
        for instance in ["haiyan-like", "tiny"] {
            let county =
                crate::input::instance::read_instance(&root.join("instances").join(instance))
                    .expect("sample county")
                    .county;
            for (rate, cap) in [(0.35, 0.05), (0.6, 0.3), (0.2, 0.1)] {
                let mut policy = base.clone();
                policy.targets.exchange_rate = rate;
                policy.rules.outflow_cap = cap;
                let eligibility = crate::rules::eligibility::county_eligibility(&county, &policy);
                let cands = crate::rules::candidates::candidates(&county, &policy, &eligibility);
                let f = |stage| {
                    crate::solve::formulation::formulate(
                        &county,
                        &policy,
                        &cands,
                        MoveVariables::Relaxed,
                        stage,
                    )
                };
                let slot = crate::solve::start_basis::BasisSlot::new();
                let recording = SolveOptions {
                    record_basis: slot.clone(),
                    ..SolveOptions::default()
                };
                let least = relaxation(f(Stage::Targets), &recording, 0)
                    .expect("solved")
                    .expect("feasible")
                    .bound;
                let basis = slot.get().expect("the penalised solve's basis");
                let stage = Stage::Cost {
                    targets: least,
                    balance: 0.0,
                };
                let cold = solve_relaxation(f(stage), &SolveOptions::default())
                    .expect("solved")
                    .expect("feasible");
                let warm = solve_relaxation(
                    f(stage),
                    &SolveOptions {
                        start_basis: Some(basis),
                        ..SolveOptions::default()
                    },
                )
                .expect("solved")
                .expect("feasible");
                let case = format!("{instance}, rate {rate}, cap {cap}");
                assert!(!cold.from_basis, "{case}");
                assert!(
                    (warm.bound - cold.bound).abs() <= 1e-6 * cold.bound.abs().max(1.0),
                    "{case}: {} against {}",
                    warm.bound,
                    cold.bound
                );
                warm_starts += usize::from(warm.from_basis);
            }
        }
        assert_eq!(warm_starts, 6);
    }

    fn outcome(
        status: SolveStatus,
        method: SolveMethod,
        objective: f64,
        bound: f64,
    ) -> SolveOutcome {
        SolveOutcome {
            status,
            method,
            objective,
            dual_bound: bound,
            mip_gap: relative_gap(objective, bound),
            x: vec![objective],
            ..SolveOutcome::infeasible(ModelSize::default())
        }
    }

    /// "No plan under the cutoff" with a plan HiGHS held above it gives that plan as
    /// an incumbent; without one, nothing.
    #[test]
    fn a_plan_above_the_cutoff_is_a_plan_and_no_answer() {
        let above = SolveOutcome {
            objective: 12.0,
            x: vec![1.0, 0.0],
            ..SolveOutcome::infeasible(ModelSize::default())
        };
        assert!(above.holds_plan_above_cutoff());
        let plan = above
            .plan_above_cutoff()
            .expect("the plan above the cutoff");
        assert_eq!(plan.status, SolveStatus::Optimal);
        assert_eq!((plan.objective, plan.x), (12.0, vec![1.0, 0.0]));
        assert!(SolveOutcome::infeasible(ModelSize::default())
            .plan_above_cutoff()
            .is_none());
        let found = outcome(SolveStatus::Optimal, SolveMethod::BranchAndBound, 8.6, 8.6);
        assert!(
            found.plan_above_cutoff().is_none(),
            "a plan under it is the answer"
        );
    }

    /// A search for a plan under the cutoff above an incumbent that ends infeasible
    /// proves the incumbent: optimal, its plan unchanged, its bound HiGHS's pruning
    /// margin below the cutoff (the gap and 1e-6), never below the relaxation's bound
    /// and never above the plan's cost.
    #[test]
    fn an_infeasible_search_under_the_cutoff_proves_the_incumbent() {
        let inc = outcome(
            SolveStatus::TimeLimit,
            SolveMethod::LpFixAndComplete,
            1000.0,
            990.0,
        );
        let cutoff = cutoff_above(inc.objective);
        let gap = 1e-4;
        let p = proven_by_cutoff(&inc, cutoff, gap, 990.0);
        assert_eq!(p.status, SolveStatus::Optimal);
        assert_eq!((p.objective, &p.x, p.method), (1000.0, &inc.x, inc.method));
        assert!(
            p.dual_bound < inc.objective && p.dual_bound > 999.8,
            "{}",
            p.dual_bound
        );
        // The margin: the gap once (not twice), and HiGHS's absolute 1e-6.
        assert!(p.mip_gap > gap && p.mip_gap < gap + 1e-5, "{}", p.mip_gap);
        assert_eq!(p.mip_gap, relative_gap(p.objective, p.dual_bound));
        // A relaxation's bound above the margin is the better proof.
        let tight = proven_by_cutoff(&inc, cutoff, gap, 999.95);
        assert_eq!(tight.dual_bound, 999.95);
        // A wide gap never lowers the bound below the relaxation's, nor a cutoff far
        // above the plan raise it above the plan's cost.
        assert_eq!(proven_by_cutoff(&inc, cutoff, 0.5, 990.0).dual_bound, 990.0);
        assert_eq!(
            proven_by_cutoff(&inc, 5000.0, gap, 990.0).dual_bound,
            1000.0
        );
    }

    #[test]
    fn a_stage_out_of_time_keeps_the_incumbent_with_the_best_bound() {
        let fixed = outcome(
            SolveStatus::Optimal,
            SolveMethod::LpFixAndComplete,
            110.0,
            100.0,
        );
        // Out of time with no plan at all: the incumbent, against the LP bound.
        let kept = prefer_incumbent(
            Some(&fixed),
            Err(RotationError::TimeLimit(SolverMessage::NoPlanInTime)),
            100.0,
        )
        .unwrap();
        assert_eq!(kept.status, SolveStatus::TimeLimit);
        assert_eq!(kept.method, SolveMethod::LpFixAndComplete);
        assert_eq!((kept.objective, kept.x.clone()), (110.0, vec![110.0]));
        assert_eq!(kept.dual_bound, 100.0);
        // Out of time with a worse plan and a better bound: the incumbent, that bound.
        let worse = outcome(
            SolveStatus::TimeLimit,
            SolveMethod::BranchAndBound,
            130.0,
            104.0,
        );
        let kept = prefer_incumbent(Some(&fixed), Ok(worse), 100.0).unwrap();
        assert_eq!((kept.objective, kept.dual_bound), (110.0, 104.0));
        assert!((kept.mip_gap - relative_gap(110.0, 104.0)).abs() < 1e-12);
        // A bound HiGHS did not give (NaN) or one below the LP's: the LP's.
        let nan = outcome(
            SolveStatus::TimeLimit,
            SolveMethod::BranchAndBound,
            130.0,
            f64::NAN,
        );
        let kept = prefer_incumbent(Some(&fixed), Ok(nan), 100.0).unwrap();
        assert_eq!(kept.dual_bound, 100.0);
        // Out of time with a better plan: that plan.
        let better = outcome(
            SolveStatus::TimeLimit,
            SolveMethod::BranchAndBound,
            105.0,
            101.0,
        );
        let got = prefer_incumbent(Some(&fixed), Ok(better), 100.0).unwrap();
        assert_eq!(
            (got.objective, got.method),
            (105.0, SolveMethod::BranchAndBound)
        );
        // Finished: the stage's answer; without an incumbent: whatever the stage gave.
        let done = outcome(
            SolveStatus::Optimal,
            SolveMethod::ReducedCostFixing,
            108.0,
            108.0,
        );
        let got = prefer_incumbent(Some(&fixed), Ok(done), 100.0).unwrap();
        assert_eq!(got.objective, 108.0);
        assert!(matches!(
            prefer_incumbent(
                None,
                Err(RotationError::TimeLimit(SolverMessage::NoPlanInTime)),
                100.0
            ),
            Err(RotationError::TimeLimit(_))
        ));
    }

    #[test]
    fn a_mip_left_at_its_limit_keeps_the_plan_highs_reported() {
        // Four moves, the second deleted before HiGHS (fixed at 0): HiGHS's columns
        // are moves 0, 2, 3, then u and v.
        let column = [Some(0), None, Some(1), Some(2)];
        let reported = |plan: Option<(f64, Vec<f64>)>| Reported {
            plan,
            dual_bound: 9.0,
            nodes: 7,
        };
        let plan = Some((10.0, vec![1.0, 0.0, 0.999_999_9, 2.0, 0.5]));
        let options = SolveOptions::default();
        let size = ModelSize::default();
        let now = Instant::now();
        let o = abandoned(reported(plan.clone()), &options, &column, size, now).unwrap();
        assert_eq!(o.status, SolveStatus::TimeLimit);
        assert_eq!(o.x, vec![1.0, 0.0, 0.0, 1.0]);
        assert_eq!((o.shortfall_exchange, o.shortfall_backbone), (2.0, 0.5));
        assert_eq!((o.objective, o.dual_bound, o.nodes), (10.0, 9.0, 7));
        assert!((o.mip_gap - relative_gap(10.0, 9.0)).abs() < 1e-12);
        // A bound proven outside counts when higher; within the gap of it, the plan is
        // proven (HiGHS was stopping at it).
        let proven = |b| SolveOptions {
            proven_bound: Some(b),
            ..SolveOptions::default()
        };
        let o = abandoned(reported(plan.clone()), &proven(9.5), &column, size, now).unwrap();
        assert_eq!((o.status, o.dual_bound), (SolveStatus::TimeLimit, 9.5));
        let o = abandoned(reported(plan.clone()), &proven(10.0), &column, size, now).unwrap();
        assert_eq!(o.status, SolveStatus::Optimal);
        // No plan, or none under the cutoff: no plan in time.
        let late = |r: Result<SolveOutcome>| {
            matches!(
                r,
                Err(RotationError::TimeLimit(SolverMessage::NoPlanInTime))
            )
        };
        assert!(late(abandoned(
            reported(None),
            &options,
            &column,
            size,
            now
        )));
        let cut = SolveOptions {
            cutoff: Some(10.0),
            ..SolveOptions::default()
        };
        assert!(late(abandoned(reported(plan), &cut, &column, size, now)));
    }

    #[test]
    fn settings_out_of_range_are_named() {
        let with = |f: fn(&mut SolveOptions)| {
            let mut o = SolveOptions::default();
            f(&mut o);
            o.bad_setting().map(|b| b.setting)
        };
        assert_eq!(with(|_| {}), None);
        assert_eq!(with(|o| o.time_limit = Some(0.0)), Some("time_limit"));
        assert_eq!(with(|o| o.time_limit = Some(f64::NAN)), Some("time_limit"));
        assert_eq!(with(|o| o.gap = 1.0), Some("gap"));
        assert_eq!(with(|o| o.gap = -0.1), Some("gap"));
        assert_eq!(with(|o| o.threads = Some(0)), Some("threads"));
        assert_eq!(with(|o| o.search_gap = Some(1e-5)), None);
        assert_eq!(with(|o| o.search_gap = Some(-1e-5)), Some("search_gap"));
        assert_eq!(with(|o| o.search_gap = Some(f64::NAN)), Some("search_gap"));
        let err = SolveOptions {
            gap: 2.0,
            ..SolveOptions::default()
        }
        .check()
        .unwrap_err();
        assert_eq!(err.to_string(), "gap 2: expected a relative gap in [0, 1)");
    }

    /// A relaxation whose presolve would not end within its limit is solved without
    /// presolve; with time enough, or no limit, presolve stays as set. The sizes: the
    /// tiny county's model, and 388,886 nonzeros against 0.3 and 1 s. Presolve pays by
    /// the interior point method and with no-envy rows only.
    #[test]
    fn presolve_runs_only_where_it_pays_and_ends_in_time() {
        assert!(presolve_in_time(None, 10_000_000));
        assert!(!presolve_in_time(Some(0.3), 388_886));
        assert!(presolve_in_time(Some(1.0), 388_886));
        assert!(!presolve_pays(false, false));
        assert!(presolve_pays(true, false) && presolve_pays(false, true));
        let (county, policy) = tiny_county();
        let eligibility = crate::rules::eligibility::county_eligibility(&county, &policy);
        let cands = crate::rules::candidates::candidates(&county, &policy, &eligibility);
        let presolve_after = |limit: Option<f64>| {
            let options = SolveOptions {
                time_limit: limit,
                ..SolveOptions::default()
            };
            let formulation = crate::solve::formulation::formulate(
                &county,
                &policy,
                &cands,
                MoveVariables::Relaxed,
                Stage::MET,
            );
            let mut model = highs_model(formulation, &options).expect("model");
            presolve_only_in_time(&mut model).expect("option");
            string_option(&mut model, c"presolve")
        };
        assert_eq!(presolve_after(None), "choose");
        assert_eq!(presolve_after(Some(60.0)), "choose");
        assert_eq!(presolve_after(Some(1e-9)), "off");
    }

    /// A model is begun only where its build fits in what is left of the limit: any
    /// size without a limit, none once the limit is spent, the practice county's
    /// 994,011-move question not in the 0.3 s its question had left under
    /// `--time-limit 1`, a round's 24,029 moves in it.
    #[test]
    fn a_model_is_begun_only_if_it_can_be_built_in_time() {
        let within = |limit: Option<f64>| SolveOptions {
            time_limit: limit,
            ..SolveOptions::default()
        };
        assert!(within(None).builds_in_time(100_000_000));
        assert!(!within(Some(SPENT)).builds_in_time(0));
        assert!(!within(Some(0.3)).builds_in_time(994_011));
        assert!(within(Some(0.3)).builds_in_time(24_029));
        assert!(within(Some(5.0)).builds_in_time(994_011));
        // What is left after a start long gone is spent: nothing is begun.
        let gone = Instant::now() - std::time::Duration::from_secs(2);
        assert!(!within(Some(1.0)).left_since(gone).builds_in_time(1));
    }

    /// A string option of a live HiGHS instance.
    fn string_option(model: &mut Model, name: &std::ffi::CStr) -> String {
        // HiGHS writes at most `kHighsMaximumStringLength` (512) bytes and a NUL.
        let mut value = vec![0 as std::ffi::c_char; 1024];
        // SAFETY: a live instance; a NUL-terminated name; a buffer HiGHS cannot overrun.
        unsafe {
            highs_sys::Highs_getStringOptionValue(
                model.as_mut_ptr(),
                name.as_ptr(),
                value.as_mut_ptr(),
            )
        };
        // SAFETY: HiGHS wrote a NUL-terminated string (or left the zeroed buffer).
        unsafe { std::ffi::CStr::from_ptr(value.as_ptr()) }
            .to_string_lossy()
            .into_owned()
    }

    /// HiGHS's bounds as it searches, read as the stage's: its dual bound, never
    /// above its primal bound less its pruning margin, nor above the cap.
    #[test]
    fn a_live_bound_is_the_least_of_the_dual_bound_the_pruning_margin_and_the_cap() {
        let inf = f64::INFINITY;
        assert_eq!(live_stage_bound(90.0, inf, 1e-4, inf), 90.0);
        assert_eq!(live_stage_bound(90.0, inf, 1e-4, 85.0), 85.0);
        assert_eq!(live_stage_bound(-inf, inf, 1e-4, inf), -inf);
        // Nodes within the gap of a primal bound of 100 are pruned: a dual bound above
        // 100 less that margin is not the stage's.
        let near = live_stage_bound(inf, 100.0, 1e-3, inf);
        assert_eq!(near, bound_below_cutoff(100.0, 1e-3));
        assert!(near < 100.0 * (1.0 - 1e-3));
        assert_eq!(live_stage_bound(99.95, 100.0, 1e-3, inf), near);
        assert_eq!(live_stage_bound(50.0, 100.0, 1e-3, inf), 50.0);
        // A value HiGHS has not computed proves nothing (`f64::min` would drop it).
        assert_eq!(live_stage_bound(f64::NAN, 100.0, 1e-3, 85.0), -inf);
        assert_eq!(live_stage_bound(90.0, f64::NAN, 1e-3, 85.0), -inf);
    }

    /// A model with some of its rows freed tells only of its bounds (`solve_lazily`):
    /// its plans may break those rows.
    #[test]
    fn an_observer_of_bounds_only_hears_bounds_only() {
        let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = heard.clone();
        let all = Observer::new(move |p| log.lock().expect("log").push(p));
        let bounds = all.bounds_only();
        assert!(bounds.is_active());
        bounds.report(Progress::Stage(SolveStage::BranchAndBound));
        bounds.report(Progress::Plan(12.0));
        bounds.report(Progress::Bound(10.0));
        bounds.report(Progress::Objective(SolveStage::LeastCost));
        assert_eq!(*heard.lock().expect("log"), vec![Progress::Bound(10.0)]);
        assert!(!Observer::default().bounds_only().is_active());
    }

    /// Every bound the observer hears while HiGHS searches a knapsack (under a cutoff
    /// above its optimum, and capped below it) is at most the optimum, or the cap, and
    /// never falls; with no observer nothing is asked of HiGHS.
    #[test]
    fn the_bounds_heard_while_highs_searches_never_pass_the_optimum() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let n = 30;
        let weight: Vec<Vec<f64>> = (0..3)
            .map(|_| (0..n).map(|_| rng.random_range(1..1000) as f64).collect())
            .collect();
        // Values correlated with the weights: a weak bound, so HiGHS branches.
        let value: Vec<f64> = (0..n)
            .map(|i| {
                (0..3).map(|r| weight[r][i]).sum::<f64>() / 3.0 + rng.random_range(0..60) as f64
            })
            .collect();
        let knapsack = |options: &[(&str, f64)]| {
            let mut p = highs::RowProblem::default();
            let cols: Vec<_> = value
                .iter()
                .map(|v| p.add_integer_column(-v, 0..=1))
                .collect();
            for w in &weight {
                let capacity = w.iter().sum::<f64>() / 2.0;
                p.add_row(..=capacity, cols.iter().zip(w).map(|(c, w)| (*c, *w)));
            }
            let mut m = p.optimise(highs::Sense::Minimise);
            m.make_quiet();
            m.set_option("threads", 1);
            for (name, v) in options {
                m.set_option(*name, *v);
            }
            m
        };
        let exact = knapsack(&[("mip_rel_gap", 0.0)]).solve();
        assert_eq!(exact.status(), HighsModelStatus::Optimal);
        let optimum = exact.objective_value();
        // HiGHS's gap, its cutoff, the cap; the last a coarse gap with the cutoff
        // within it of the optimum, where HiGHS prunes nodes by its margin. (Its dual
        // bound at a check stayed below the optimum in all three: the margin is
        // tested above, on its own.)
        let coarse = 2e-2;
        let cases = [
            (1e-4, optimum + 5.0, f64::INFINITY),
            (1e-4, optimum + 5.0, optimum - 25.0),
            (
                coarse,
                optimum + 0.5 * coarse * optimum.abs(),
                f64::INFINITY,
            ),
        ];
        for (gap, cutoff, cap) in cases {
            let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
            let log = heard.clone();
            let options = SolveOptions {
                gap,
                live_bound: Some(cap),
                observer: Observer::new(move |p| {
                    if let Progress::Bound(b) = p {
                        log.lock().expect("log").push(b);
                    }
                }),
                ..SolveOptions::default()
            };
            let model = knapsack(&[("mip_rel_gap", gap), ("objective_bound", cutoff)]);
            let end = crate::solve::mip_watch::run(
                model,
                None,
                live_bounds(&options),
                None,
                None,
                Placement::Caller,
            )
            .expect("solved");
            assert!(matches!(end, crate::solve::mip_watch::MipEnd::Solved(_)));
            let heard = heard.lock().expect("log");
            assert!(!heard.is_empty(), "no bound heard, gap {gap}, cap {cap}");
            assert!(heard.windows(2).all(|w| w[0] < w[1]), "{heard:?}");
            let most = heard.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            assert!(
                most <= optimum.min(cap) + 1e-9,
                "{most} against {optimum}, gap {gap}, cap {cap}"
            );
        }
        let silent = SolveOptions {
            live_bound: Some(f64::INFINITY),
            ..SolveOptions::default()
        };
        assert!(live_bounds(&silent).is_none());
    }
}
