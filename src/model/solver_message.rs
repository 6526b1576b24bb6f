//! Why a solve failed, as data rendered in English or Chinese by
//! [`SolverMessage::text`]: HiGHS refusing an option or a model, a status with no
//! plan, an answer refused by the checks, the time limit. [`RotationError::Solver`]
//! and [`RotationError::TimeLimit`] carry it. HiGHS's own words (its error values)
//! follow the Chinese in brackets, as a file system's do.
//!
//! Long file: one enum of every way a solve fails, each with its words in both
//! languages next to it, and the test that none lacks either.
//!
//! [`RotationError::Solver`]: crate::model::error::RotationError::Solver
//! [`RotationError::TimeLimit`]: crate::model::error::RotationError::TimeLimit

pub use crate::model::blocked_row::{BlockedRow, HardRow};
use crate::model::lang::Lang;

/// A step of HiGHS's C interface that failed while building or reading a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HighsStep {
    /// Creating an instance.
    CreateInstance,
    /// Adding rows.
    AddRows,
    /// Adding columns.
    AddColumns,
    /// Solving the restricted LP.
    SolveLp,
    /// Changing costs or bounds of an LP (the restricted LP, a least-shortfall
    /// relaxation).
    ChangeModel,
    /// Reading the solution.
    ReadSolution,
    /// Naming a column (`export`).
    NameColumn,
    /// Naming a row (`export`).
    NameRow,
    /// Writing the model file (`export`).
    WriteModel,
}

impl HighsStep {
    fn words(self, lang: Lang) -> &'static str {
        use HighsStep as S;
        match self {
            S::CreateInstance => lang.pick("could not create an instance", "无法创建求解实例"),
            S::AddRows => lang.pick("could not add the rows", "无法加入约束行"),
            S::AddColumns => lang.pick("could not add the columns", "无法加入变量列"),
            S::SolveLp => lang.pick("the restricted LP failed", "受限线性规划求解失败"),
            S::ChangeModel => lang.pick(
                "could not change an LP's costs or bounds",
                "无法修改线性规划的系数或界",
            ),
            S::ReadSolution => lang.pick("had no solution to read", "没有可读取的解"),
            S::NameColumn => lang.pick("refused a column name", "不接受变量列名"),
            S::NameRow => lang.pick("refused a row name", "不接受约束行名"),
            S::WriteModel => lang.pick("could not write the model file", "无法写出模型文件"),
        }
    }
}

/// A broken rule in both languages (the `rules` layer renders it; `model` keeps the
/// two texts).
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenRule {
    /// The rule's name and the breach, in English.
    pub en: String,
    /// The same in Chinese.
    pub zh: String,
}

/// At most this many rows are named in [`SolverMessage::ReturnsProvenBlocked`].
const ROWS_NAMED: usize = 8;

/// Why the solver gave no plan to write.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter), vis(pub(crate))))]
#[allow(missing_docs)]
pub enum SolverMessage {
    /// HiGHS refused an option (`presolve`, `mip_rel_gap`, ...).
    OptionRejected { option: String },
    /// HiGHS could not take the model good_lp built (good_lp's words in `detail`).
    ModelRejected { detail: String },
    /// A call of HiGHS's C interface failed.
    HighsStep { step: HighsStep },
    /// `try_solve` failed (HiGHS's error value in `detail`); `relaxation` for the LP
    /// relaxation.
    HighsFailed { relaxation: bool, detail: String },
    /// HiGHS ended with a status that is neither a plan nor infeasible.
    EndedWithStatus { status: String },
    /// The LP relaxation ended with a status other than optimal or infeasible.
    RelaxationStatus { status: String },
    /// The restricted LP of pricing ended with a model status other than optimal.
    RestrictedLpStatus { status: i32 },
    /// HiGHS finished (not on time) with a status but no plan.
    StatusButNoPlan { status: String },
    /// The time ran out before HiGHS had any plan.
    NoPlanInTime,
    /// The time ran out in the LP relaxation.
    TimeInRelaxation,
    /// The time ran out in the restricted LP of pricing.
    TimeInRestrictedLp,
    /// The time ran out while pricing moves in.
    TimeWhilePricing,
    /// HiGHS says the hard rules cannot hold, although moving no one satisfies them.
    HardRulesInfeasible,
    /// A shortfall stage infeasible; `balance` for the balance stage, else targets.
    StageInfeasible { balance: bool },
    /// The cost stage infeasible after an earlier stage found a plan.
    CostStageInfeasible,
    /// A reduced cost of pricing that disagrees with HiGHS's dual.
    ReducedCostMismatch {
        column: usize,
        ours: f64,
        highs: f64,
    },
    /// The solver's plan breaks hard rules; it was not written.
    PlanBreaksRules { broken: Vec<BrokenRule> },
    /// The solver's reported objective is below the plan's cost.
    ObjectiveMismatch { reported: f64, actual: f64 },
    /// The solver said the exchange target is met; the plan misses it.
    TargetClaimed,
    /// This year's returns make the hard rules infeasible.
    ReturnsBlocked { returns: usize },
    /// This year's returns make the hard rules infeasible, proven by pricing's phase
    /// one over every candidate move (even the LP relaxation breaks the hard rows);
    /// `rows` are those one least breach breaks (another may break others), the
    /// most broken first.
    ReturnsProvenBlocked {
        returns: usize,
        rows: Vec<BlockedRow>,
    },
    /// The first answer was refused and the solve without presolve failed too.
    Retried {
        first: Box<SolverMessage>,
        second: Box<SolverMessage>,
    },
    /// One year's failure in a rolling horizon.
    InYear {
        year: i32,
        round: u32,
        inner: Box<SolverMessage>,
    },
    /// The plan of a horizon year breaks hard rules.
    YearBreaks { year: i32, broken: Vec<BrokenRule> },
    /// A school's balanced teams could not be formed (good_lp's words in `detail`).
    TeamsNotFormed { detail: String },
    /// The solver's teams fail the teams' own check (the check's words in `detail`).
    TeamsBreakRule { detail: String },
    /// A name for the exported model holds a NUL byte.
    NulInName { name: String },
}

impl SolverMessage {
    /// The message in `lang` (without the `solver:` word the error adds).
    pub fn text(&self, lang: Lang) -> String {
        use SolverMessage as M;
        let en = lang == Lang::En;
        let broken_list = |broken: &[BrokenRule]| -> String {
            broken
                .iter()
                .map(|b| format!("  {}", if en { &b.en } else { &b.zh }))
                .collect::<Vec<_>>()
                .join("\n")
        };
        match self {
            M::OptionRejected { option } if en => format!("HiGHS rejected option {option}"),
            M::OptionRejected { option } => format!("HiGHS 不接受选项 {option}"),
            M::ModelRejected { detail } if en => {
                format!("HiGHS could not take the model: {detail}")
            }
            M::ModelRejected { detail } => format!("HiGHS 无法载入模型（原文：{detail}）"),
            M::HighsStep { step } if en => format!("HiGHS: {}", step.words(lang)),
            M::HighsStep { step } => format!("HiGHS：{}", step.words(lang)),
            M::HighsFailed { relaxation, detail } if en => {
                if *relaxation {
                    format!("HiGHS failed on the relaxation: {detail}")
                } else {
                    format!("HiGHS failed: {detail}")
                }
            }
            M::HighsFailed { relaxation, detail } => format!(
                "HiGHS {}求解失败（原文：{detail}）",
                if *relaxation {
                    "在线性松弛上"
                } else {
                    ""
                }
            ),
            M::EndedWithStatus { status } if en => format!("HiGHS ended with status {status}"),
            M::EndedWithStatus { status } => format!("HiGHS 以状态 {status} 结束，没有给出方案"),
            M::RelaxationStatus { status } if en => {
                format!("the LP relaxation ended with status {status}")
            }
            M::RelaxationStatus { status } => format!("线性松弛以状态 {status} 结束"),
            M::RestrictedLpStatus { status } if en => {
                format!("HiGHS: the restricted LP ended with model status {status}")
            }
            M::RestrictedLpStatus { status } => {
                format!("HiGHS：受限线性规划以模型状态 {status} 结束")
            }
            M::StatusButNoPlan { status } if en => {
                format!("HiGHS ended with status {status} but no plan")
            }
            M::StatusButNoPlan { status } => format!("HiGHS 以状态 {status} 结束，但没有方案"),
            M::NoPlanInTime if en => {
                "HiGHS found no plan within the time limit; raise --time-limit".into()
            }
            M::NoPlanInTime => "HiGHS 在时限内没有找到方案；请加大 --time-limit".into(),
            M::TimeInRelaxation if en => {
                "the time limit ran out in the LP relaxation; raise --time-limit".into()
            }
            M::TimeInRelaxation => "求解线性松弛时用完了时限；请加大 --time-limit".into(),
            M::TimeInRestrictedLp if en => {
                "HiGHS: the time limit ran out in the restricted LP; raise --time-limit".into()
            }
            M::TimeInRestrictedLp => {
                "HiGHS：求解受限线性规划时用完了时限；请加大 --time-limit".into()
            }
            M::TimeWhilePricing if en => {
                "the time limit ran out while pricing moves in; raise --time-limit".into()
            }
            M::TimeWhilePricing => "列生成定价时用完了时限；请加大 --time-limit".into(),
            M::HardRulesInfeasible if en => {
                "HiGHS reports the hard rules cannot all hold, yet moving no one always \
                 satisfies them"
                    .into()
            }
            M::HardRulesInfeasible => {
                "HiGHS 报告硬性规则无法同时满足，但无人交流的方案总能满足它们".into()
            }
            M::StageInfeasible { balance } if en => format!(
                "{}: HiGHS reports the hard rules cannot all hold, yet moving no one always \
                 satisfies them",
                if *balance {
                    "the least balance shortfall"
                } else {
                    "the least target shortfall"
                }
            ),
            M::StageInfeasible { balance } => format!(
                "{}：HiGHS 报告硬性规则无法同时满足，但无人交流的方案总能满足它们",
                if *balance {
                    "求最小均衡缺口时"
                } else {
                    "求最小目标缺口时"
                }
            ),
            M::CostStageInfeasible if en => {
                "the cost stage is infeasible although the earlier stage found a plan".into()
            }
            M::CostStageInfeasible => "前一阶段已找到方案，成本阶段却无可行解".into(),
            M::ReducedCostMismatch {
                column,
                ours,
                highs,
            } if en => format!(
                "pricing: reduced cost {ours} of column {column} does not match HiGHS's {highs}"
            ),
            M::ReducedCostMismatch {
                column,
                ours,
                highs,
            } => format!("列生成定价：第 {column} 列的检验数 {ours} 与 HiGHS 的 {highs} 不一致"),
            M::PlanBreaksRules { broken } if en => format!(
                "the solver's plan breaks {} rule(s); it was not written:\n{}",
                broken.len(),
                broken_list(broken)
            ),
            M::PlanBreaksRules { broken } => format!(
                "求解器给出的方案违反 {} 条规则，未写入：\n{}",
                broken.len(),
                broken_list(broken)
            ),
            M::ObjectiveMismatch { reported, actual } if en => format!(
                "the solver reported objective {reported} but its plan costs {actual}; it was \
                 not written"
            ),
            M::ObjectiveMismatch { reported, actual } => {
                format!("求解器报告的目标值为 {reported}，但其方案的成本为 {actual}；方案未写入")
            }
            M::TargetClaimed if en => {
                "the solver reported the exchange target met, but the plan misses it".into()
            }
            M::TargetClaimed => "求解器报告交流比例已达标，但方案未达标".into(),
            M::ReturnsBlocked { returns } if en => format!(
                "the hard rules cannot all hold with this year's {returns} return(s) from \
                 exchange: each school a returning teacher leaves must receive a teacher of \
                 the same subject (rules.staffing_tolerance, rules.subject_tolerance), and no \
                 plan sends one there under the other hard rules (eligibility, the move \
                 rules, outflow caps, the CV rule); raise a tolerance, or set \
                 rules.on_term_end = \"stay\""
            ),
            M::ReturnsBlocked { returns } => format!(
                "今年有 {returns} 名教师交流期满返回，硬性规则无法同时满足：返回教师离开的每所学校\
                 都须调入一名同学科教师（rules.staffing_tolerance、rules.subject_tolerance），\
                 而在其他硬性规则（交流条件、交流规则、调出上限、差异系数规则）下没有方案能做到；\
                 请放宽允许变动，或设置 rules.on_term_end = \"stay\""
            ),
            M::ReturnsProvenBlocked { returns, rows } => {
                let mut named: Vec<String> = rows
                    .iter()
                    .take(ROWS_NAMED)
                    .map(|r| format!("  {}", r.text(en)))
                    .collect();
                let more = rows.len().saturating_sub(ROWS_NAMED);
                if more > 0 {
                    named.push(if en {
                        format!("  and {more} more")
                    } else {
                        format!("  另有 {more} 项")
                    });
                }
                let named = if named.is_empty() {
                    "  -".to_string()
                } else {
                    named.join("\n")
                };
                if en {
                    format!(
                        "the hard rules cannot all hold with this year's {returns} return(s) \
                         from exchange: no assignment of the candidate moves keeps them, not \
                         even a fractional one; one that breaks them least breaks:\n{named}\n\
                         relax a rule named above, or set rules.on_term_end = \"stay\""
                    )
                } else {
                    format!(
                        "今年有 {returns} 名教师交流期满返回：候选调动的任何安排（即使按分数计）都无法\
                         同时满足硬性规则；违反最少的一种安排仍违反：\n{named}\n\
                         请放宽上列规则，或设置 rules.on_term_end = \"stay\""
                    )
                }
            }
            M::Retried { first, second } if en => format!(
                "{}\nsolved again without presolve: {}",
                first.text(lang),
                second.text(lang)
            ),
            M::Retried { first, second } => format!(
                "{}\n关闭预处理后重新求解：{}",
                first.text(lang),
                second.text(lang)
            ),
            M::InYear { year, round, inner } if en => format!(
                "year {year} (round {round} of the horizon): {}",
                inner.text(lang)
            ),
            M::InYear { year, round, inner } => {
                format!("{year} 年（多年规划的第 {round} 轮）：{}", inner.text(lang))
            }
            M::YearBreaks { year, broken } if en => format!(
                "year {year}: the plan breaks {}",
                broken
                    .iter()
                    .map(|b| b.en.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            M::YearBreaks { year, broken } => format!(
                "{year} 年：方案违反规则：{}",
                broken
                    .iter()
                    .map(|b| b.zh.as_str())
                    .collect::<Vec<_>>()
                    .join("；")
            ),
            M::TeamsNotFormed { detail } if en => {
                format!("the teams could not be formed: {detail}")
            }
            M::TeamsNotFormed { detail } => format!("无法组成教学团队（原文：{detail}）"),
            M::TeamsBreakRule { detail } if en => {
                format!("the solver's teams break a rule: {detail}")
            }
            M::TeamsBreakRule { detail } => {
                format!("求解器给出的教学团队违反规则（原文：{detail}）")
            }
            M::NulInName { name } if en => format!("name {name:?} holds a NUL"),
            M::NulInName { name } => format!("名称 {name:?} 含有空字符（NUL）"),
        }
    }
}

/// JSON keeps the English text, the shape earlier versions wrote (a string).
impl serde::Serialize for SolverMessage {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text(Lang::En))
    }
}

impl crate::model::message::Message for SolverMessage {
    fn text(&self, lang: Lang) -> String {
        SolverMessage::text(self, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::has_chinese;
    use strum::IntoEnumIterator;

    fn examples() -> Vec<SolverMessage> {
        use SolverMessage as M;
        let broken = || {
            vec![BrokenRule {
                en: "[staffing] school U1: 1 arrive and 2 leave".into(),
                zh: "[编制人数] 学校 U1：调入 1 人、调出 2 人".into(),
            }]
        };
        vec![
            M::OptionRejected {
                option: "presolve".into(),
            },
            M::ModelRejected {
                detail: "bad".into(),
            },
            M::HighsStep {
                step: HighsStep::AddRows,
            },
            M::HighsFailed {
                relaxation: true,
                detail: "Error".into(),
            },
            M::EndedWithStatus {
                status: "Unknown".into(),
            },
            M::RelaxationStatus {
                status: "Unknown".into(),
            },
            M::RestrictedLpStatus { status: 4 },
            M::StatusButNoPlan {
                status: "Optimal".into(),
            },
            M::NoPlanInTime,
            M::TimeInRelaxation,
            M::TimeInRestrictedLp,
            M::TimeWhilePricing,
            M::HardRulesInfeasible,
            M::StageInfeasible { balance: true },
            M::CostStageInfeasible,
            M::ReducedCostMismatch {
                column: 3,
                ours: 1.0,
                highs: 2.0,
            },
            M::PlanBreaksRules { broken: broken() },
            M::ObjectiveMismatch {
                reported: 1.0,
                actual: 2.0,
            },
            M::TargetClaimed,
            M::ReturnsBlocked { returns: 2 },
            M::ReturnsProvenBlocked {
                returns: 2,
                rows: vec![
                    BlockedRow {
                        row: HardRow::Subject {
                            school: "U1".into(),
                            subject: "math".into(),
                        },
                        leaving: vec!["T1".into()],
                        arriving: vec![],
                    },
                    BlockedRow {
                        row: HardRow::NeverWorse {
                            side: crate::model::indicator::Side::Primary,
                        },
                        leaving: vec![],
                        arriving: vec![],
                    },
                ],
            },
            M::Retried {
                first: Box::new(M::TargetClaimed),
                second: Box::new(M::NoPlanInTime),
            },
            M::InYear {
                year: 2027,
                round: 2,
                inner: Box::new(M::TargetClaimed),
            },
            M::YearBreaks {
                year: 2027,
                broken: broken(),
            },
            M::TeamsNotFormed {
                detail: "infeasible".into(),
            },
            M::TeamsBreakRule {
                detail: "teacher 3 twice".into(),
            },
            M::NulInName { name: "a".into() },
        ]
    }

    #[test]
    fn every_solver_message_has_chinese_and_english() {
        let examples = examples();
        for kind in SolverMessageDiscriminants::iter() {
            let m = examples
                .iter()
                .find(|m| SolverMessageDiscriminants::from(*m) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            let (en, zh) = (m.text(Lang::En), m.text(Lang::Zh));
            assert!(has_chinese(&zh), "{kind:?} has no Chinese: {zh}");
            assert!(!has_chinese(&en), "{kind:?} English has Chinese: {en}");
        }
    }

    #[test]
    fn every_highs_step_has_chinese() {
        use HighsStep as S;
        for step in [
            S::CreateInstance,
            S::AddRows,
            S::AddColumns,
            S::SolveLp,
            S::ReadSolution,
            S::NameColumn,
            S::NameRow,
            S::WriteModel,
        ] {
            let m = SolverMessage::HighsStep { step };
            assert!(has_chinese(&m.text(Lang::Zh)), "{step:?}");
            assert!(!has_chinese(&m.text(Lang::En)), "{step:?}");
        }
    }
}
