//! The lines of the text summary `rotation plan` and `rotation verify` print, as data:
//! one variant per kind of line, rendered in English or Chinese here and nowhere else
//! (`output::summary` decides which lines a plan gets; this file only words them).
//!
//! Long file: each line is worded in English and Chinese side by side, so a new line and
//! both its wordings stay in one place (a test fails on a missing wording).

use crate::model::indicator::{Indicator, Side};
use crate::model::lang::Lang;
use crate::model::solver_message::SolverMessage;
use crate::model::travel::CommuteUnit;
use crate::solve::highs::SolveMethod;

/// How the solve ended, as the first line says it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StatusWords {
    /// Proven optimal within `gap`.
    Optimal {
        /// The relative MIP gap proven.
        gap: f64,
    },
    /// The time limit ran out before any plan: nobody moves.
    NobodyMoves,
    /// The time limit ran out before any plan: only the moves the round must make and
    /// the refills of the posts they and this year's returns leave (`solve::refill`).
    Refilled,
    /// The time limit ran out: the best plan found, with the bound and gap.
    TimeLimit {
        /// The best bound on the objective.
        bound: f64,
        /// The relative gap between the plan and the bound.
        gap: f64,
    },
    /// No plan satisfies the hard rules.
    Infeasible,
}

/// The backbone target, as the backbone line states it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BackboneTargetWords {
    /// `count` of the `eligible` backbone teachers (base `eligible_backbone`).
    Count {
        /// Backbone teachers who must rotate.
        count: u32,
        /// Eligible backbone teachers.
        eligible: u32,
    },
    /// A share of the movers (base `exchanged`).
    Share {
        /// The share of the movers, in [0, 1].
        share: f64,
    },
}

/// Whether an indicator's CV after the plan meets its standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meets {
    /// Within the standard.
    Met,
    /// Above the standard.
    Above,
    /// Undefined: no teacher (or no school) to judge.
    NotJudged,
}

/// The county's verdict before the plan, in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerdictWord {
    /// Every inter-school CV within its standard.
    Met,
    /// Some CV above its standard.
    NotMet,
    /// Nothing to judge.
    NotJudged,
}

/// Why a stable round names no cost of stability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StabilityUnknown {
    /// The stable plan falls shorter of a target than the plan without the rule: the
    /// two objectives price different shortfalls.
    FallsShorter,
    /// The time limit ran out before one of the two rounds, or both, found a plan (its
    /// plan is the one in which nobody moves).
    NoPlanInTime,
}

/// One line of the text summary.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter), vis(pub(crate))))]
pub enum SummaryLine {
    /// The first line: the policy, how the solve ended, and whether targets are missed.
    Heading {
        /// The policy's name.
        policy: String,
        /// How the solve ended.
        status: StatusWords,
        /// False when a target, cap or floor is missed.
        targets_met: bool,
    },
    /// The exchange target.
    Exchange {
        /// Teachers who rotate.
        moved: u32,
        /// Eligible teachers.
        eligible: u32,
        /// `moved / eligible`.
        rate: f64,
        /// The exchange target, in teachers.
        target: u32,
        /// Whether the target is met.
        met: bool,
    },
    /// The backbone target.
    Backbone {
        /// Backbone teachers who rotate.
        moved: u32,
        /// Their share of the movers.
        share: f64,
        /// The target.
        target: BackboneTargetWords,
        /// Whether the target is met.
        met: bool,
    },
    /// The moves by direction and across groups.
    Moves {
        /// Moves from an urban to a rural school.
        urban_to_rural: u32,
        /// Moves from a rural to an urban school.
        rural_to_urban: u32,
        /// Moves within one zone.
        within_zone: u32,
        /// Moves across partnership groups.
        across_groups: u32,
    },
    /// The commute figures, in km or minutes on roads.
    Commute {
        /// The total commute.
        total: f64,
        /// The mean commute of a mover.
        mean: f64,
        /// The longest commute.
        max: f64,
        /// Km, or minutes on roads.
        unit: CommuteUnit,
    },
    /// Exchange teams (组团交流): how many moved, each together to one school.
    Teams {
        /// Teams that moved.
        moved: u32,
        /// Teams of more than one member in the round.
        teams: u32,
    },
    /// A pin the plan was made with, as written.
    Pin {
        /// The pin in words (`T01 move_to R2`).
        pin: String,
    },
    /// The previous plan: moves kept and changes.
    Previous {
        /// Previous moves kept.
        kept: usize,
        /// Moves of the previous plan.
        previous: usize,
        /// Changes made.
        changes: usize,
    },
    /// One change to the previous plan (`why` already rendered in the language).
    Change {
        /// The teacher's id.
        teacher: String,
        /// The school of the previous move, if any.
        before: Option<String>,
        /// The school of the new move, if any.
        after: Option<String>,
        /// The cause, rendered.
        why: String,
    },
    /// The CV of backbone teachers per 100 students of one level, before → after.
    Cv {
        /// The level.
        side: Side,
        /// The CV before the plan.
        before: Option<f64>,
        /// The CV after the plan.
        after: Option<f64>,
        /// The standard it is judged against.
        standard: f64,
    },
    /// The heading of the national method's teacher indicators.
    IndicatorsHeading,
    /// An indicator that cannot be computed: no teacher has a degree.
    IndicatorUnavailable {
        /// The indicator.
        indicator: Indicator,
        /// The level.
        side: Side,
    },
    /// One indicator at one level: CV before → after against its standard, and the
    /// schools below the per-school standard before → after.
    Indicator {
        /// The indicator.
        indicator: Indicator,
        /// The level.
        side: Side,
        /// The CV before the plan.
        cv_before: Option<f64>,
        /// The CV after the plan.
        cv_after: Option<f64>,
        /// The CV standard (0.50 primary, 0.45 junior).
        cv_standard: f64,
        /// Whether the CV after meets it.
        meets: Meets,
        /// The per-school standard per 100 students.
        standard: f64,
        /// Schools below it before the plan.
        below_before: u32,
        /// Schools below it after the plan.
        below_after: u32,
        /// Schools of the level.
        schools: usize,
    },
    /// The county's verdict after the plan (rendered in the language) and before it.
    Verdict {
        /// The verdict after the plan, rendered.
        after: String,
        /// The verdict before the plan.
        before: VerdictWord,
    },
    /// `verify`: the movers and the targets on one line.
    Rotate {
        /// Teachers who rotate.
        moved: u32,
        /// Eligible teachers.
        eligible: u32,
        /// `moved / eligible`.
        rate: f64,
        /// The exchange target, in teachers.
        target: u32,
        /// Backbone teachers who rotate.
        backbone: u32,
        /// Their share of the movers.
        share: f64,
    },
    /// The heading of the technical part: how the solver found the plan.
    TechnicalHeading,
    /// The objective, the model's size, the times and the method.
    Technical {
        /// The plan's objective.
        objective: f64,
        /// The model's columns (variables).
        columns: usize,
        /// The model's rows (constraints).
        rows: usize,
        /// Seconds to build the model.
        build_seconds: f64,
        /// Seconds to solve it.
        solve_seconds: f64,
        /// How the plan was proven.
        method: SolveMethod,
        /// Branch-and-bound nodes.
        nodes: i64,
    },
    /// HiGHS's first answer failed the checks; the plan is from a second solve.
    SolverRetry {
        /// Why the first answer failed (its first line is shown).
        first: SolverMessage,
    },
    /// Why a target is missed (rendered in the language).
    WhyShort {
        /// The cause, rendered.
        why: String,
    },
    /// `plan --wishes`: wishes granted by rank.
    Wishes {
        /// Teachers who listed a wish.
        teachers: usize,
        /// Teachers granted their wish of rank r, at `r − 1`.
        by_rank: Vec<usize>,
        /// Teachers moved to a school they did not list.
        moved_unlisted: usize,
        /// Teachers who stayed without listing `stay`.
        stayed_unlisted: usize,
    },
    /// `plan --wishes`: the justified-envy pairs.
    Envy {
        /// The pairs.
        pairs: usize,
        /// Whether `rules.stable` forbids them.
        stable: bool,
    },
    /// `plan --wishes` under `rules.stable`: what stability costs.
    StabilityCost {
        /// The objective with the rule minus the objective without it, or why there is
        /// no cost of stability to tell.
        cost: Result<f64, StabilityUnknown>,
        /// Either plan stopped at the time limit unproven: the cost is between the
        /// plans found.
        unproven: bool,
        /// The objective without the rule.
        unconstrained_objective: f64,
        /// The envy pairs without the rule.
        unconstrained_envy: usize,
    },
    /// `plan`: the files written in the output folder.
    Wrote {
        /// The output folder.
        folder: String,
        /// The file names in it.
        files: Vec<String>,
    },
    /// `plan`: one more file written.
    WroteFile {
        /// The file.
        path: String,
    },
    /// `plan --history`: teachers back from exchange this year.
    Returns {
        /// Teachers who return.
        teachers: usize,
    },
    /// Joint appointments (联聘, `--joint`): teachers who stay and also serve a second
    /// school, half a post in each.
    Joint {
        /// Joint appointments in the round.
        appointments: usize,
    },
}

/// A number with three decimals, or `n/a` / `无` when undefined.
fn show(v: Option<f64>, lang: Lang) -> String {
    v.map_or_else(|| lang.pick("n/a", "无").into(), |v| format!("{v:.3}"))
}

/// The short name of an indicator in the summary's columns.
fn indicator_name(indicator: Indicator, lang: Lang) -> &'static str {
    match (indicator, lang) {
        (Indicator::Qualified, Lang::En) => "qualified",
        (Indicator::Backbone, Lang::En) => "backbone",
        (Indicator::PeArt, Lang::En) => "PE/art",
        (Indicator::Qualified, Lang::Zh) => "高于规定学历",
        (Indicator::Backbone, Lang::Zh) => "骨干教师",
        (Indicator::PeArt, Lang::Zh) => "体育艺术",
    }
}

/// `text` padded with spaces to `width` display columns (a Chinese character is two).
fn pad(text: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// The method in words, after the technical line.
pub(crate) fn method_text(method: SolveMethod, nodes: i64, lang: Lang) -> String {
    let nodes = nodes.max(0);
    match (method, lang) {
        (SolveMethod::LpIntegral, Lang::En) => "LP relaxation integral: no branching".into(),
        (SolveMethod::LpIntegral, Lang::Zh) => "线性松弛的解已是整数解：无需分支".into(),
        (SolveMethod::LpFixAndComplete, Lang::En) => {
            // Not "within the gap": at a time limit this plan is written as the best
            // found, and the status line gives its gap.
            "the LP's fractional moves completed by a small MIP".into()
        }
        (SolveMethod::LpFixAndComplete, Lang::Zh) => {
            "线性松弛中取分数值的交流由一个小规模混合整数规划补全".into()
        }
        (SolveMethod::BalanceSwaps, Lang::En) => {
            "the LP's moves completed without the never-worse rows, then repaired by swapping two movers' new schools, within the gap of the LP bound".into()
        }
        (SolveMethod::BalanceSwaps, Lang::Zh) => {
            "线性松弛的交流在不含“不变差”约束时补全，再由两位交流教师互换去向修复，在其下界的间隙内".into()
        }
        (SolveMethod::Exchanges, Lang::En) => {
            // Not "within the gap": a plan it made cheaper may be the incumbent a later
            // stage proves, or the plan written at a time limit.
            "the LP's fractional moves completed, then made cheaper by exchanges (two movers trading their new schools, a colleague who stays taking a mover's place)".into()
        }
        (SolveMethod::Exchanges, Lang::Zh) => {
            "线性松弛中取分数值的交流补全后，再经交换改进（两位交流教师互换去向、未交流的同校同学科同事顶替交流教师）".into()
        }
        (SolveMethod::BranchAndBound, Lang::En) => format!("branch and bound, {nodes} nodes"),
        (SolveMethod::BranchAndBound, Lang::Zh) => format!("分支定界，{nodes} 个节点"),
        (SolveMethod::NobodyMoves, Lang::En) => "no plan found in time".into(),
        (SolveMethod::NobodyMoves, Lang::Zh) => "时限内未找到方案".into(),
        (SolveMethod::StartingSwaps, Lang::En) => {
            "the time limit ran out first: swaps of teachers of one subject between two schools, the solve's starting point, which meet the targets".into()
        }
        (SolveMethod::StartingSwaps, Lang::Zh) => {
            "求解时限先到：采用求解起点的同学科教师互换方案（满足目标）".into()
        }
        (SolveMethod::ShortSwaps, Lang::En) => {
            "the time limit ended pricing: the swaps it started from, short of the targets, the plan found that falls least short".into()
        }
        (SolveMethod::ShortSwaps, Lang::Zh) => {
            "列生成因时限结束：采用其起点的互换方案（未达目标，为已找到方案中缺口最小者）".into()
        }
        (SolveMethod::RefilledPosts, Lang::En) => {
            "the time limit ran out before any plan: only the moves the round must make (teachers pinned to move) and the cheapest chains of moves that refill the posts they and this year's returns leave, found without the solver".into()
        }
        (SolveMethod::RefilledPosts, Lang::Zh) => {
            "求解时限先到，尚无方案：仅安排必须进行的调动（锁定须交流的教师）及为其和本年期满返回教师填补空岗的最短调动链（未经求解器优化）".into()
        }
        (SolveMethod::LastLpCompleted, Lang::En) => {
            "the time limit ended pricing: its last LP completed into a plan that meets the targets"
                .into()
        }
        (SolveMethod::LastLpCompleted, Lang::Zh) => {
            "列生成因时限结束：由最后一轮线性松弛补全的方案（满足目标）".into()
        }
        (SolveMethod::LeastShortfall, Lang::En) => {
            // The cost stage after the least-shortfall stage, or pricing's first rounds
            // on a county whose targets are out of reach (`solve::pricing`).
            "the time limit ended the solve before a least-cost plan: the plan found with the least target shortfall"
                .into()
        }
        (SolveMethod::LeastShortfall, Lang::Zh) => {
            "求解因时限结束，尚无最小代价方案：采用目标缺口最小的方案".into()
        }
        (SolveMethod::ReducedCostFixing, Lang::En) => {
            format!("branch and bound over the moves the LP's reduced costs leave, {nodes} nodes")
        }
        (SolveMethod::ReducedCostFixing, Lang::Zh) => {
            format!("在线性松弛的检验数保留的交流上分支定界，{nodes} 个节点")
        }
        (SolveMethod::EnvyBans, Lang::En) => {
            "the plan without rules.stable, planned again with the moves that gave justified envy banned until none did; the stable model found nothing better".into()
        }
        (SolveMethod::EnvyBans, Lang::Zh) => {
            "不含稳定性规则的方案，禁止造成合理嫉妒的调动后重新求解，直至无合理嫉妒；稳定模型未找到更优方案".into()
        }
        (SolveMethod::KnownPlanImproved, Lang::En) => {
            format!("the plan by bans (rules.stable) improved by a MIP over its moves and the LP's, {nodes} nodes; the stable model found nothing better")
        }
        (SolveMethod::KnownPlanImproved, Lang::Zh) => {
            format!("禁止法得到的稳定方案经一个混合整数规划（仅含该方案与线性松弛所用的调动）改进，{nodes} 个节点；稳定模型未找到更优方案")
        }
        (SolveMethod::AtBound, Lang::En) => {
            format!("a plan at the LP bound, found by branch and bound under it, {nodes} nodes")
        }
        (SolveMethod::AtBound, Lang::Zh) => {
            format!("在线性松弛下界处找到的方案（仅搜索该下界处的方案），{nodes} 个节点")
        }
    }
}

impl SummaryLine {
    /// The line in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::Zh => self.chinese(),
        }
    }

    fn english(&self) -> String {
        use SummaryLine as L;
        let met = |met: bool| if met { "met" } else { "NOT MET" };
        match self {
            L::Heading {
                policy,
                status,
                targets_met,
            } => {
                let status = match status {
                    StatusWords::Optimal { gap } => format!("optimal (gap {gap:.2e})"),
                    StatusWords::NobodyMoves => {
                        "stopped at the time limit before any plan was found: nobody moves".into()
                    }
                    StatusWords::Refilled => {
                        "stopped at the time limit before any plan was found: only the moves the round must make and their refills".into()
                    }
                    StatusWords::TimeLimit { bound, .. } if !bound.is_finite() => {
                        "stopped at the time limit: best plan found, no bound yet".into()
                    }
                    StatusWords::TimeLimit { bound, gap } => format!(
                        "stopped at the time limit: best plan found, bound {bound:.2}, gap {:.3}%",
                        100.0 * gap
                    ),
                    StatusWords::Infeasible => "infeasible".into(),
                };
                // The solver's status speaks of the model; a plan short of a target is
                // not what the policy asks, whatever the solver proved.
                let short = if *targets_met {
                    ""
                } else {
                    " — TARGETS NOT MET"
                };
                format!("plan for \"{policy}\": {status}{short}")
            }
            L::Exchange {
                moved,
                eligible,
                rate,
                target,
                met: m,
            } => format!(
                "  exchange  {moved} of {eligible} eligible rotate ({:.1}%); target {target} — {}",
                100.0 * rate,
                met(*m)
            ),
            L::Backbone {
                moved,
                share,
                target,
                met: m,
            } => {
                let target = match target {
                    BackboneTargetWords::Count { count, eligible } => {
                        format!("{count} of {eligible} eligible backbone")
                    }
                    BackboneTargetWords::Share { share } => {
                        format!("{:.2}% of movers", 100.0 * share)
                    }
                };
                format!(
                    "  backbone  {moved} rotate ({:.2}% of movers); target {target} — {}",
                    100.0 * share,
                    met(*m)
                )
            }
            L::Moves {
                urban_to_rural,
                rural_to_urban,
                within_zone,
                across_groups,
            } => format!(
                "  moves     {urban_to_rural} urban→rural, {rural_to_urban} rural→urban, {within_zone} within a zone; {across_groups} across groups"
            ),
            L::Commute {
                total,
                mean,
                max,
                unit,
            } => {
                let u = unit.symbol();
                format!(
                    "  commute   total {total:.1} {u}, mean {mean:.1} {u}, max {max:.1} {u}{}",
                    if *unit == CommuteUnit::Minutes {
                        " (travel on roads)"
                    } else {
                        ""
                    }
                )
            }
            L::Teams { moved, teams } => format!(
                "  teams     {moved} of {teams} exchange teams moved, each together to one school"
            ),
            L::Pin { pin } => format!("  pin       {pin}"),
            L::Previous {
                kept,
                previous,
                changes,
            } => format!(
                "  previous  {kept} of {previous} previous moves kept; {changes} change{}",
                if *changes == 1 { "" } else { "s" }
            ),
            L::Change {
                teacher,
                before,
                after,
                why,
            } => {
                let what = match (before, after) {
                    (Some(b), None) => format!("no longer moves to {b}"),
                    (None, Some(a)) => format!("now moves to {a}"),
                    (Some(b), Some(a)) => format!("moves to {a} instead of {b}"),
                    (None, None) => String::new(),
                };
                format!("    {teacher} {what}: {why}")
            }
            L::Cv {
                side,
                before,
                after,
                standard,
            } => {
                let verdict = match after {
                    Some(a) if a <= standard => "meets",
                    Some(_) => "ABOVE",
                    None => "n/a",
                };
                format!(
                    "  CV {:<8} {} → {}  ({verdict} the ≤ {standard:.2} standard)",
                    side.en(),
                    show(*before, Lang::En),
                    show(*after, Lang::En)
                )
            }
            L::IndicatorsHeading => {
                "  teacher indicators per 100 students (national method; before → after)".into()
            }
            L::IndicatorUnavailable { indicator, side } => format!(
                "    {:<9} {:<7} n/a: no teacher has a degree (optional `degree` column)",
                indicator_name(*indicator, Lang::En),
                side.en()
            ),
            L::Indicator {
                indicator,
                side,
                cv_before,
                cv_after,
                cv_standard,
                meets,
                standard,
                below_before,
                below_after,
                schools,
            } => {
                let verdict = match meets {
                    Meets::Met => "met",
                    Meets::NotJudged => "no teacher",
                    Meets::Above => "ABOVE",
                };
                format!(
                    "    {:<9} {:<7} CV {} → {} (≤ {cv_standard:.2}: {verdict}); below {standard:.1}: {below_before} → {below_after} of {schools} schools",
                    indicator_name(*indicator, Lang::En),
                    side.en(),
                    show(*cv_before, Lang::En),
                    show(*cv_after, Lang::En),
                )
            }
            L::Verdict { after, before } => {
                let before = match before {
                    VerdictWord::Met => "met",
                    VerdictWord::NotMet => "not met",
                    VerdictWord::NotJudged => "not judged",
                };
                format!("  verdict   {after} (before the plan: {before})")
            }
            L::Rotate {
                moved,
                eligible,
                rate,
                target,
                backbone,
                share,
            } => format!(
                "  {moved} of {eligible} eligible rotate ({:.1}%, target {target}); {backbone} backbone ({:.2}% of movers)",
                100.0 * rate,
                100.0 * share
            ),
            L::TechnicalHeading => "  technical (how the solver found the plan)".into(),
            L::Technical {
                objective,
                columns,
                rows,
                build_seconds,
                solve_seconds,
                method,
                nodes,
            } => format!(
                "    objective {objective:.3}; model {columns} columns × {rows} rows; built in {build_seconds:.2}s, solved in {solve_seconds:.2}s ({})",
                method_text(*method, *nodes, Lang::En)
            ),
            L::SolverRetry { first } => format!(
                "    note: HiGHS's first answer failed the checks and was discarded ({}); this plan is from a second solve without presolve and passed every check",
                first_line(&first.text(Lang::En))
            ),
            L::WhyShort { why } => format!("  why short: {why}"),
            L::Wishes {
                teachers,
                by_rank,
                moved_unlisted,
                stayed_unlisted,
            } => {
                let ranks: Vec<String> = by_rank
                    .iter()
                    .enumerate()
                    .map(|(r, n)| format!("rank {}: {n}", r + 1))
                    .collect();
                format!(
                    "  wishes    {teachers} teachers listed wishes; granted {}; moved elsewhere {moved_unlisted}, stayed unasked {stayed_unlisted}",
                    if ranks.is_empty() {
                        "none".to_string()
                    } else {
                        ranks.join(", ")
                    }
                )
            }
            L::Envy { pairs, stable } => format!(
                "  envy      {pairs} justified-envy pair(s){}",
                if *stable {
                    " (rules.stable: none allowed)"
                } else {
                    ""
                }
            ),
            L::StabilityCost {
                cost,
                unproven,
                unconstrained_objective,
                unconstrained_envy,
            } => match cost {
                Ok(cost) => format!(
                    "  stability costs {cost:+.3} against the plan without rules.stable (objective {unconstrained_objective:.3}, {unconstrained_envy} envy pair(s)){}",
                    if *unproven {
                        "; between the plans found by the time limit, not proven best"
                    } else {
                        ""
                    }
                ),
                Err(StabilityUnknown::FallsShorter) => format!(
                    "  stability cost not known: this plan falls shorter of the targets than the plan without rules.stable (objective {unconstrained_objective:.3}, {unconstrained_envy} envy pair(s))"
                ),
                Err(StabilityUnknown::NoPlanInTime) => "  stability cost not known: the time limit ran out before a plan was found in the round with rules.stable, the round without it, or both".to_string(),
            },
            L::Wrote { folder, files } => {
                format!("  wrote     {folder}/{}", files.join(", "))
            }
            L::WroteFile { path } => format!("  wrote     {path}"),
            L::Returns { teachers } => format!(
                "  returns   {teachers} teacher(s) back from exchange this year (not part of the plan)"
            ),
            L::Joint { appointments } => format!(
                "  joint     {appointments} joint appointment(s): each teacher stays and also \
                 serves a second school, half a post in each"
            ),
        }
    }

    fn chinese(&self) -> String {
        use SummaryLine as L;
        let met = |met: bool| if met { "达标" } else { "未达标" };
        match self {
            L::Heading {
                policy,
                status,
                targets_met,
            } => {
                let status = match status {
                    StatusWords::Optimal { gap } => format!("最优解（间隙 {gap:.2e}）"),
                    StatusWords::NobodyMoves => {
                        "达到时间上限，未找到任何方案：无人交流".into()
                    }
                    StatusWords::Refilled => {
                        "达到时间上限，未找到任何方案：仅安排必须进行的调动及其补位".into()
                    }
                    StatusWords::TimeLimit { bound, .. } if !bound.is_finite() => {
                        "达到时间上限：为已找到的最好方案，尚无下界".into()
                    }
                    StatusWords::TimeLimit { bound, gap } => format!(
                        "达到时间上限：为已找到的最好方案，下界 {bound:.2}，间隙 {:.3}%",
                        100.0 * gap
                    ),
                    StatusWords::Infeasible => "无可行方案".into(),
                };
                let short = if *targets_met {
                    ""
                } else {
                    " — 未达到交流目标"
                };
                format!("交流方案「{policy}」：{status}{short}")
            }
            L::Exchange {
                moved,
                eligible,
                rate,
                target,
                met: m,
            } => format!(
                "  交流      {eligible} 名符合条件教师中交流 {moved} 人（{:.1}%）；目标 {target} 人 — {}",
                100.0 * rate,
                met(*m)
            ),
            L::Backbone {
                moved,
                share,
                target,
                met: m,
            } => {
                let target = match target {
                    BackboneTargetWords::Count { count, eligible } => {
                        format!("为 {eligible} 名符合条件骨干教师中的 {count} 人")
                    }
                    BackboneTargetWords::Share { share } => {
                        format!("为交流教师的 {:.2}%", 100.0 * share)
                    }
                };
                format!(
                    "  骨干教师  交流 {moved} 人（占交流教师 {:.2}%）；目标{target} — {}",
                    100.0 * share,
                    met(*m)
                )
            }
            L::Moves {
                urban_to_rural,
                rural_to_urban,
                within_zone,
                across_groups,
            } => format!(
                "  交流方向  城区→农村 {urban_to_rural} 人，农村→城区 {rural_to_urban} 人，同一区域内 {within_zone} 人；跨共同体 {across_groups} 人"
            ),
            L::Commute {
                total,
                mean,
                max,
                unit,
            } => {
                let u = match unit {
                    CommuteUnit::Km => "公里",
                    CommuteUnit::Minutes => "分钟",
                };
                format!(
                    "  通勤      合计 {total:.1} {u}，平均 {mean:.1} {u}，最长 {max:.1} {u}{}",
                    if *unit == CommuteUnit::Minutes {
                        "（道路车程）"
                    } else {
                        ""
                    }
                )
            }
            L::Teams { moved, teams } => {
                format!("  组团交流  {teams} 个交流团队中 {moved} 个整体交流，各自同去一所学校")
            }
            L::Pin { pin } => format!("  锁定      {pin}"),
            L::Previous {
                kept,
                previous,
                changes,
            } => format!(
                "  上一方案  {previous} 项交流中保留 {kept} 项；变动 {changes} 处"
            ),
            L::Change {
                teacher,
                before,
                after,
                why,
            } => {
                let what = match (before, after) {
                    (Some(b), None) => format!("不再调往 {b}"),
                    (None, Some(a)) => format!("新调往 {a}"),
                    (Some(b), Some(a)) => format!("改调往 {a}（原为 {b}）"),
                    (None, None) => String::new(),
                };
                format!("    {teacher} {what}：{why}")
            }
            L::Cv {
                side,
                before,
                after,
                standard,
            } => {
                let verdict = match after {
                    Some(a) if a <= standard => "达到",
                    Some(_) => "高于",
                    None => "无法判断",
                };
                format!(
                    "  骨干教师差异系数 {} {} → {}（{verdict} ≤ {standard:.2} 的标准）",
                    side.zh(),
                    show(*before, Lang::Zh),
                    show(*after, Lang::Zh)
                )
            }
            L::IndicatorsHeading => {
                "  每百名学生教师指标（国家评估办法；交流前 → 交流后）".into()
            }
            L::IndicatorUnavailable { indicator, side } => format!(
                "    {} {} 无法计算：没有教师填写学历（可选的「学历」列）",
                pad(indicator_name(*indicator, Lang::Zh), 12),
                side.zh(),
            ),
            L::Indicator {
                indicator,
                side,
                cv_before,
                cv_after,
                cv_standard,
                meets,
                standard,
                below_before,
                below_after,
                schools,
            } => {
                let verdict = match meets {
                    Meets::Met => "达标",
                    Meets::NotJudged => "无教师",
                    Meets::Above => "超标",
                };
                format!(
                    "    {} {} 差异系数 {} → {}（≤ {cv_standard:.2}：{verdict}）；低于 {standard:.1} 的学校 {below_before} → {below_after} 所（共 {schools} 所）",
                    pad(indicator_name(*indicator, Lang::Zh), 12),
                    side.zh(),
                    show(*cv_before, Lang::Zh),
                    show(*cv_after, Lang::Zh),
                )
            }
            L::Verdict { after, before } => {
                let before = match before {
                    VerdictWord::Met => "达标",
                    VerdictWord::NotMet => "未达标",
                    VerdictWord::NotJudged => "不评估",
                };
                format!("  结论      {after}（交流前：{before}）")
            }
            L::Rotate {
                moved,
                eligible,
                rate,
                target,
                backbone,
                share,
            } => format!(
                "  {eligible} 名符合条件教师中交流 {moved} 人（{:.1}%，目标 {target} 人）；骨干教师 {backbone} 人（占交流教师 {:.2}%）",
                100.0 * rate,
                100.0 * share
            ),
            L::TechnicalHeading => "  技术信息（求解器如何求得本方案）".into(),
            L::Technical {
                objective,
                columns,
                rows,
                build_seconds,
                solve_seconds,
                method,
                nodes,
            } => format!(
                "    目标函数值 {objective:.3}；模型 {columns} 个变量 × {rows} 个约束；建模 {build_seconds:.2} 秒，求解 {solve_seconds:.2} 秒（{}）",
                method_text(*method, *nodes, Lang::Zh)
            ),
            L::SolverRetry { first } => format!(
                "    说明：HiGHS 的第一个解未通过检查，已弃用（{}）；本方案来自关闭预处理后的第二次求解，已通过全部检查",
                first_line(&first.text(Lang::Zh))
            ),
            L::WhyShort { why } => format!("  未达标原因：{why}"),
            L::Wishes {
                teachers,
                by_rank,
                moved_unlisted,
                stayed_unlisted,
            } => {
                let ranks: Vec<String> = by_rank
                    .iter()
                    .enumerate()
                    .map(|(r, n)| format!("第 {} 志愿 {n} 人", r + 1))
                    .collect();
                format!(
                    "  志愿      {teachers} 名教师填报志愿；满足：{}；调往未填报学校 {moved_unlisted} 人，未填报留任而留任 {stayed_unlisted} 人",
                    if ranks.is_empty() {
                        "无".to_string()
                    } else {
                        ranks.join("，")
                    }
                )
            }
            L::Envy { pairs, stable } => format!(
                "  合理嫉妒  {pairs} 对{}",
                if *stable {
                    "（稳定性规则：一对也不允许）"
                } else {
                    ""
                }
            ),
            L::StabilityCost {
                cost,
                unproven,
                unconstrained_objective,
                unconstrained_envy,
            } => match cost {
                Ok(cost) => format!(
                    "  稳定性代价 {cost:+.3}（与不要求稳定的方案相比：其目标函数值 {unconstrained_objective:.3}，合理嫉妒 {unconstrained_envy} 对）{}",
                    if *unproven {
                        "；为达到时间上限时所得方案之差，未经证明为最优"
                    } else {
                        ""
                    }
                ),
                Err(StabilityUnknown::FallsShorter) => format!(
                    "  稳定性代价 未知：本方案距目标的缺口大于不要求稳定的方案（其目标函数值 {unconstrained_objective:.3}，合理嫉妒 {unconstrained_envy} 对）"
                ),
                Err(StabilityUnknown::NoPlanInTime) => "  稳定性代价 未知：达到时间上限时，要求稳定与不要求稳定的两轮编制中至少有一轮未找到方案".to_string(),
            },
            L::Wrote { folder, files } => {
                format!("  已写入    {folder}/{}", files.join("、"))
            }
            L::WroteFile { path } => format!("  已写入    {path}"),
            L::Returns { teachers } => format!(
                "  期满返回  今年有 {teachers} 名教师交流期满返回（不属于本方案）"
            ),
            L::Joint { appointments } => format!(
                "  联聘      {appointments} 名教师联聘：留在本校，同时在另一所学校任教，两校各按半人计"
            ),
        }
    }
}

/// The first line of a text that may run over several (a solver message listing
/// broken rules).
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    /// One example of every kind of line; the test below fails when a kind has none,
    /// so a new line cannot go without its Chinese.
    fn examples() -> Vec<SummaryLine> {
        use SummaryLine as L;
        vec![
            L::Heading {
                policy: "Haiyan 2022".into(),
                status: StatusWords::Optimal { gap: 4.1e-5 },
                targets_met: false,
            },
            L::Exchange {
                moved: 546,
                eligible: 1559,
                rate: 0.35,
                target: 546,
                met: true,
            },
            L::Backbone {
                moved: 178,
                share: 0.326,
                target: BackboneTargetWords::Count {
                    count: 20,
                    eligible: 100,
                },
                met: false,
            },
            L::Moves {
                urban_to_rural: 3,
                rural_to_urban: 3,
                within_zone: 0,
                across_groups: 1,
            },
            L::Commute {
                total: 40.0,
                mean: 10.0,
                max: 12.0,
                unit: CommuteUnit::Minutes,
            },
            L::Pin {
                pin: "T01 stay".into(),
            },
            L::Previous {
                kept: 3,
                previous: 4,
                changes: 1,
            },
            L::Change {
                teacher: "T01".into(),
                before: Some("R1".into()),
                after: Some("R2".into()),
                why: "原因".into(),
            },
            L::Cv {
                side: Side::Primary,
                before: Some(0.224),
                after: None,
                standard: 0.5,
            },
            L::IndicatorsHeading,
            L::IndicatorUnavailable {
                indicator: Indicator::Qualified,
                side: Side::Junior,
            },
            L::Indicator {
                indicator: Indicator::PeArt,
                side: Side::Junior,
                cv_before: Some(0.2),
                cv_after: Some(0.5),
                cv_standard: 0.45,
                meets: Meets::Above,
                standard: 0.9,
                below_before: 1,
                below_after: 0,
                schools: 13,
            },
            L::Verdict {
                after: "达标".into(),
                before: VerdictWord::NotJudged,
            },
            L::Rotate {
                moved: 4,
                eligible: 6,
                rate: 0.667,
                target: 3,
                backbone: 1,
                share: 0.25,
            },
            L::TechnicalHeading,
            L::Technical {
                objective: 40.0,
                columns: 10,
                rows: 5,
                build_seconds: 0.01,
                solve_seconds: 0.02,
                method: SolveMethod::BranchAndBound,
                nodes: 1,
            },
            L::SolverRetry {
                first: SolverMessage::TargetClaimed,
            },
            L::WhyShort {
                why: "原因".into()
            },
            L::Wishes {
                teachers: 3,
                by_rank: vec![2, 1],
                moved_unlisted: 0,
                stayed_unlisted: 0,
            },
            L::Envy {
                pairs: 1,
                stable: true,
            },
            L::StabilityCost {
                cost: Ok(2.0),
                unproven: false,
                unconstrained_objective: 38.0,
                unconstrained_envy: 1,
            },
            L::StabilityCost {
                cost: Err(StabilityUnknown::FallsShorter),
                unproven: false,
                unconstrained_objective: 38.0,
                unconstrained_envy: 1,
            },
            L::StabilityCost {
                cost: Ok(2.0),
                unproven: true,
                unconstrained_objective: 38.0,
                unconstrained_envy: 1,
            },
            L::StabilityCost {
                cost: Err(StabilityUnknown::NoPlanInTime),
                unproven: true,
                unconstrained_objective: 0.0,
                unconstrained_envy: 0,
            },
            L::Wrote {
                folder: "out".into(),
                files: vec!["plan.csv".into(), "schools.csv".into()],
            },
            L::WroteFile {
                path: "plan.xlsx".into(),
            },
            L::Returns { teachers: 2 },
            // Last, so the indices the tests below use stay put.
            L::Teams { moved: 1, teams: 2 },
            L::Joint { appointments: 2 },
        ]
    }

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_summary_line_has_chinese_and_english() {
        let examples = examples();
        for kind in SummaryLineDiscriminants::iter() {
            let line = examples
                .iter()
                .find(|l| SummaryLineDiscriminants::from(*l) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            let zh = line.text(Lang::Zh);
            assert!(has_cjk(&zh), "{kind:?} has no Chinese: {zh}");
            let en = line.text(Lang::En);
            assert!(!en.trim().is_empty(), "{kind:?}");
            // The examples' free texts (`why`, the verdict) are Chinese on purpose; the
            // English wording around them must not be.
            let frame = en.replace("原因", "").replace("达标", "");
            assert!(!has_cjk(&frame), "{kind:?} English has Chinese: {en}");
        }
    }

    #[test]
    fn the_methods_a_time_limit_may_keep_claim_no_gap() {
        // The plan kept when the time limit ends the later stages (`solve::highs`,
        // `prefer_incumbent`) carries the method that found it; the status line, not
        // the method, says how far it is from the bound.
        for method in [
            SolveMethod::LpFixAndComplete,
            SolveMethod::ReducedCostFixing,
            SolveMethod::BranchAndBound,
            SolveMethod::ShortSwaps,
            SolveMethod::RefilledPosts,
            SolveMethod::LeastShortfall,
            SolveMethod::EnvyBans,
            SolveMethod::KnownPlanImproved,
            SolveMethod::Exchanges,
        ] {
            assert!(
                !method_text(method, 3, Lang::En).contains("gap"),
                "{method:?}"
            );
            assert!(
                !method_text(method, 3, Lang::Zh).contains("间隙"),
                "{method:?}"
            );
        }
    }

    #[test]
    fn every_method_and_status_reads_in_both_languages() {
        for method in [
            SolveMethod::LpIntegral,
            SolveMethod::LpFixAndComplete,
            SolveMethod::BalanceSwaps,
            SolveMethod::Exchanges,
            SolveMethod::BranchAndBound,
            SolveMethod::ReducedCostFixing,
            SolveMethod::NobodyMoves,
            SolveMethod::StartingSwaps,
            SolveMethod::ShortSwaps,
            SolveMethod::RefilledPosts,
            SolveMethod::LastLpCompleted,
            SolveMethod::LeastShortfall,
        ] {
            assert!(has_cjk(&method_text(method, 3, Lang::Zh)), "{method:?}");
            assert!(!has_cjk(&method_text(method, 3, Lang::En)), "{method:?}");
        }
        for status in [
            StatusWords::Optimal { gap: 0.0 },
            StatusWords::NobodyMoves,
            StatusWords::Refilled,
            StatusWords::TimeLimit {
                bound: 1.0,
                gap: 0.1,
            },
            StatusWords::TimeLimit {
                bound: f64::NAN,
                gap: f64::NAN,
            },
            StatusWords::Infeasible,
        ] {
            let line = SummaryLine::Heading {
                policy: "p".into(),
                status,
                targets_met: true,
            };
            assert!(has_cjk(&line.text(Lang::Zh)), "{status:?}");
            assert!(!has_cjk(&line.text(Lang::En)), "{status:?}");
            // A time limit before any bound says so, never "NaN".
            assert!(!line.text(Lang::En).contains("NaN"), "{status:?}");
            assert!(!line.text(Lang::Zh).contains("NaN"), "{status:?}");
        }
    }

    #[test]
    fn english_keeps_the_words_plan_has_always_printed() {
        let en: Vec<String> = examples().iter().map(|l| l.text(Lang::En)).collect();
        assert_eq!(
            en[1],
            "  exchange  546 of 1559 eligible rotate (35.0%); target 546 — met"
        );
        assert_eq!(
            en[8],
            "  CV primary  0.224 → n/a  (n/a the ≤ 0.50 standard)"
        );
        assert_eq!(
            examples()[1].text(Lang::Zh),
            "  交流      1559 名符合条件教师中交流 546 人（35.0%）；目标 546 人 — 达标"
        );
    }
}
