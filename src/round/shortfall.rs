//! Why a plan falls short of a target, as data: each cause is a value that names the
//! rule and the figures behind it, rendered in English (summary.json, plan text, the
//! report) or Chinese (the plan workbook) in one place, so a message is never
//! assembled where it is shown.

use crate::input::vocabulary::{level_zh, subject_zh, zone_zh};
use crate::model::county::{Level, Zone};
use crate::model::indicator::{Indicator, Side};
use crate::model::lang::Lang;
use crate::model::policy::{Direction, PartnershipRule};
use crate::model::shares::percent;
use crate::model::travel::CommuteUnit;
use serde::Serialize;

/// One cause of a missed target (or a hint at one), found by
/// [`explain_shortfall`](crate::round::explain::explain_shortfall).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum ShortfallCause {
    /// The solver stopped at `--time-limit` before proving the targets out of reach.
    TimeLimit {
        /// Relative gap between the plan and the bound when it stopped.
        gap: f64,
    },
    /// The time limit ran out before any plan was found; nobody moves in this plan.
    NoPlanInTime,
    /// Pricing found the least shortfall among the moves it brought in, but did not
    /// search every move that could lower it (`stages.least_among_priced`).
    LeastAmongPriced,
    /// The time limit ended the search for the least shortfall before it was proven;
    /// the least cost with the shortfall found was then solved.
    LeastNotProven,
    /// Only each teacher's `k` nearest allowed schools were candidates (`--candidates`):
    /// the shortfall and the causes after this one are those of the smaller model;
    /// every move may meet the targets.
    CandidateLimit {
        /// The nearest allowed schools kept per teacher.
        k: usize,
    },
    /// Fewer teachers rotate than the exchange target asks.
    Exchange {
        /// Teachers the plan moves.
        moved: u32,
        /// Teachers the target asks for.
        target: u32,
        /// Teachers missing (fractional in the model's penalty terms).
        short: f64,
    },
    /// Eligible teachers with no school they may move to.
    Stranded {
        /// How many.
        teachers: usize,
        /// The commute cap in force, in `unit`.
        cap: f64,
        /// km, or minutes on the roads.
        unit: CommuteUnit,
        /// The policy's direction rule.
        direction: Direction,
        /// The policy's partnership rule.
        partnership: PartnershipRule,
    },
    /// A subject where every teacher of one zone already moves, so the other zone's
    /// teachers have nobody to take their posts (cross-zone exchange keeps headcounts).
    NoPartner {
        /// The school level.
        level: Level,
        /// The subject code.
        subject: String,
        /// Teachers of the larger side who could move.
        movable: u32,
        /// Their zone.
        zone: Zone,
        /// Teachers of the other side, all of whom already move.
        partners: u32,
        /// The other zone.
        partner_zone: Zone,
        /// The commute cap in force, in `unit`.
        cap: f64,
        /// km, or minutes on the roads.
        unit: CommuteUnit,
    },
    /// Schools that lose as many teachers as their outflow cap allows while more could go.
    OutflowCap {
        /// `rules.outflow_cap`, a share of staff.
        share: f64,
        /// `(school id, cap, staff)` of each school at its cap.
        schools: Vec<(String, u32, u32)>,
    },
    /// Too few backbone teachers (骨干教师) among the movers.
    Backbone {
        /// Backbone teachers the plan moves.
        moved: u32,
        /// Their share of the movers.
        share: f64,
        /// Backbone teachers missing.
        short: f64,
        /// Eligible backbone teachers with an allowed school.
        movable: usize,
    },
    /// A level's CV stays above its cap (`[balance] cv_primary_max` / `cv_junior_max`).
    CvAboveCap {
        /// The indicator.
        indicator: Indicator,
        /// The level.
        side: Side,
        /// CV after the plan.
        after: f64,
        /// The cap.
        cap: f64,
        /// The schools farthest from the level's mean after the plan, which hold the
        /// CV up: `(id, per 100 students, the level's mean per 100)`.
        held_back_by: Vec<(String, f64, f64)>,
    },
    /// Schools of a level below the floor they could reach (`[balance]
    /// min_backbone_per_100`).
    BelowFloor {
        /// The indicator.
        indicator: Indicator,
        /// The level.
        side: Side,
        /// The floor per 100 students.
        floor: f64,
        /// `(school id, teachers after, teachers the floor asks, eligible teachers of
        /// the indicator with an allowed move there)`, most short first.
        schools: Vec<(String, u32, u32, usize)>,
    },
    /// The never-worse balance rule costs a target: without it the least target
    /// shortfall would be lower.
    BalanceBinds {
        /// The indicator.
        indicator: Indicator,
        /// The least target shortfall with the rule.
        with_rule: f64,
        /// The least target shortfall without it.
        without_rule: f64,
    },
}

/// Serialises causes as their English words, the shape `explanations` has always had
/// in JSON.
pub(crate) fn english_texts<S: serde::Serializer>(
    causes: &[ShortfallCause],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(causes.iter().map(|c| c.text(Lang::En)))
}

/// Schools an outflow cause lists by name; the rest are counted (a county of 300
/// schools listed all of them in one line).
const OUTFLOW_LISTED: usize = 8;

/// The first [`OUTFLOW_LISTED`] schools of an outflow cause, and how many more.
fn outflow_list(schools: &[(String, u32, u32)], lang: Lang) -> String {
    let mut text: Vec<String> = schools
        .iter()
        .take(OUTFLOW_LISTED)
        .map(|(id, cap, staff)| match lang {
            Lang::En => format!("{id} ({cap} of {staff})"),
            Lang::Zh => format!("{id}（教师 {staff} 人，流出上限 {cap} 人）"),
        })
        .collect();
    let more = schools.len().saturating_sub(OUTFLOW_LISTED);
    if more > 0 {
        text.push(match lang {
            Lang::En => format!("and {more} more"),
            Lang::Zh => format!("另有 {more} 所"),
        });
    }
    text.join(match lang {
        Lang::En => ", ",
        Lang::Zh => "，",
    })
}

/// The first five schools of a floor cause, and how many more.
fn floor_list(
    schools: &[(String, u32, u32, usize)],
    one: impl Fn(&(String, u32, u32, usize)) -> String,
) -> String {
    let mut text: Vec<String> = schools.iter().take(5).map(one).collect();
    if schools.len() > 5 {
        text.push(format!("+{}", schools.len() - 5));
    }
    text.join("; ")
}

impl ShortfallCause {
    /// The cause in words, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::Zh => self.chinese(),
        }
    }

    fn english(&self) -> String {
        match self {
            ShortfallCause::TimeLimit { gap } if gap.is_nan() => "the solver stopped at the time limit before it had a bound on this plan; a longer --time-limit may meet the targets".into(),
            ShortfallCause::TimeLimit { gap } => format!(
                "the solver stopped at the time limit with a gap of {:.2}%; a longer --time-limit may meet the targets",
                100.0 * gap
            ),
            ShortfallCause::NoPlanInTime => "the time limit ran out before any plan was found: this is the plan in which nobody moves (every hard rule holds); a longer --time-limit finds one".into(),
            ShortfallCause::LeastAmongPriced => "the shortfall is the least among the moves column generation brought in, not proven the least among every candidate move".into(),
            ShortfallCause::LeastNotProven => "the time limit ended the search for the least shortfall: a plan that falls less short may exist; a longer --time-limit may find it".into(),
            ShortfallCause::CandidateLimit { k } => format!(
                "--candidates {k} kept only each teacher's {k} nearest allowed school(s): the shortfall and the causes below are those of that smaller model; plan without --candidates to see whether every move meets the targets"
            ),
            ShortfallCause::Exchange { moved, target, short } => format!(
                "exchange target: {moved} of {target} required teachers rotate ({short} short)"
            ),
            ShortfallCause::Stranded {
                teachers,
                cap,
                unit,
                direction,
                partnership,
            } => format!(
                "{teachers} eligible teachers have no allowed school (commute cap {}, direction {}, partnership {})",
                match unit {
                    CommuteUnit::Minutes => format!("{cap} min on the roads"),
                    CommuteUnit::Km => format!("{cap} km"),
                },
                // As the policy file spells them (`rules.direction = "cross_zone"`).
                <&str>::from(direction),
                <&str>::from(partnership)
            ),
            ShortfallCause::NoPartner {
                level,
                subject,
                movable,
                zone,
                partners,
                partner_zone,
                cap,
                unit,
            } => format!(
                "{} {subject}: {movable} eligible {} teachers can move but only {partners} eligible {} teachers can take their posts within {cap} {}",
                <&str>::from(level),
                <&str>::from(zone),
                <&str>::from(partner_zone),
                unit.symbol(),
            ),
            ShortfallCause::OutflowCap { share, schools } => format!(
                "the outflow cap ({}% of staff) is reached at: {}",
                percent(*share),
                outflow_list(schools, Lang::En)
            ),
            ShortfallCause::Backbone {
                moved,
                share,
                short,
                movable,
            } => format!(
                "backbone target: {moved} backbone teachers rotate ({:.1}% of movers; {short:.2} short); {movable} eligible backbone teachers have an allowed school",
                100.0 * share
            ),
            ShortfallCause::CvAboveCap {
                indicator,
                side,
                after,
                cap,
                held_back_by,
            } => format!(
                "{} schools: the CV of {} per 100 students is {after:.3} after the plan, above the cap {cap} by {:.3}; farthest from the mean: {}",
                side.en(),
                indicator.en(),
                after - cap,
                held_back_by
                    .iter()
                    .map(|(id, x, mean)| format!("{id} ({x:.2} per 100, mean {mean:.2})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ShortfallCause::BelowFloor {
                indicator,
                side,
                floor,
                schools,
            } => format!(
                "{} schools: {} below the floor of {floor} {} per 100 students after the plan ({} teachers short): {}",
                side.en(),
                schools.len(),
                indicator.en(),
                schools.iter().map(|s| s.2 - s.1).sum::<u32>(),
                floor_list(schools, |(id, after, need, could)| format!(
                    "{id} {after} of {need}, {could} could come"
                ))
            ),
            ShortfallCause::BalanceBinds {
                indicator,
                with_rule,
                without_rule,
            } => format!(
                "the rule that the CV of {} must not rise costs the targets: least shortfall {with_rule:.2} teachers with it, {without_rule:.2} without",
                indicator.en()
            ),
        }
    }

    fn chinese(&self) -> String {
        let direction = |d: &Direction| match d {
            Direction::CrossZone => "城乡之间",
            Direction::Any => "不限",
        };
        let partnership = |p: &PartnershipRule| match p {
            PartnershipRule::Require => "必须在共同体内",
            PartnershipRule::Prefer => "优先共同体内",
            PartnershipRule::Ignore => "不限共同体",
        };
        match self {
            ShortfallCause::TimeLimit { gap } if gap.is_nan() => "求解到达时间上限时停止，尚无本方案的下界；延长 --time-limit 可能达到目标".into(),
            ShortfallCause::TimeLimit { gap } => format!(
                "求解到达时间上限时停止，与最优下界还差 {:.2}%；延长 --time-limit 可能达到目标",
                100.0 * gap
            ),
            ShortfallCause::NoPlanInTime => "求解在找到任何方案之前已达时间上限：本方案无人交流（各项硬性规则均满足）；延长 --time-limit 可得到方案".into(),
            ShortfallCause::LeastAmongPriced => "该缺口是列生成引入的交流中最小的，尚未在全部候选交流中证明为最小".into(),
            ShortfallCause::LeastNotProven => "求最小缺口时已达时间上限：可能存在缺口更小的方案；延长 --time-limit 或可找到".into(),
            ShortfallCause::CandidateLimit { k } => format!(
                "--candidates {k} 只保留了每位教师最近的 {k} 所可去学校：缺口和下列原因都是这个较小模型的；去掉 --candidates 重新规划，可知全部候选交流能否达标"
            ),
            ShortfallCause::Exchange { moved, target, short } => {
                format!("交流目标：需交流 {target} 人，实际 {moved} 人（缺 {short} 人）")
            }
            ShortfallCause::Stranded {
                teachers,
                cap,
                unit,
                direction: d,
                partnership: p,
            } => format!(
                "{teachers} 名应交流教师没有可去的学校（通勤上限 {}，交流方向：{}，共同体：{}）",
                match unit {
                    CommuteUnit::Minutes => format!("道路 {cap} 分钟"),
                    CommuteUnit::Km => format!("{cap} 公里"),
                },
                direction(d),
                partnership(p)
            ),
            ShortfallCause::NoPartner {
                level,
                subject,
                movable,
                zone,
                partners,
                partner_zone,
                cap,
                unit,
            } => format!(
                "{}{}：{}有 {movable} 名应交流教师可交流，但{}只有 {partners} 名应交流教师能在{}内接替其岗位",
                level_zh(*level),
                subject_zh(subject),
                zone_zh(*zone),
                zone_zh(*partner_zone),
                match unit {
                    CommuteUnit::Minutes => format!("道路 {cap} 分钟"),
                    CommuteUnit::Km => format!(" {cap} 公里"),
                }
            ),
            ShortfallCause::OutflowCap { share, schools } => format!(
                "以下学校已达流出上限（教师数的 {}%）：{}",
                percent(*share),
                outflow_list(schools, Lang::Zh)
            ),
            ShortfallCause::Backbone {
                moved,
                share,
                short,
                movable,
            } => format!(
                "骨干目标：交流骨干教师 {moved} 人（占交流教师 {:.1}%，缺 {short:.2} 人）；有可去学校的应交流骨干教师 {movable} 人",
                100.0 * share
            ),
            ShortfallCause::CvAboveCap {
                indicator,
                side,
                after,
                cap,
                held_back_by,
            } => format!(
                "{}：交流后生均{}校际差异系数为 {after:.3}，超过上限 {cap}（高 {:.3}）；偏离均值最多的学校：{}",
                side.zh(),
                indicator.zh(),
                after - cap,
                held_back_by
                    .iter()
                    .map(|(id, x, mean)| format!("{id}（每百名学生 {x:.2} 人，均值 {mean:.2}）"))
                    .collect::<Vec<_>>()
                    .join("，")
            ),
            ShortfallCause::BelowFloor {
                indicator,
                side,
                floor,
                schools,
            } => format!(
                "{}：交流后 {} 所学校低于每百名学生 {floor} 人的{}下限（共缺 {} 人）：{}",
                side.zh(),
                schools.len(),
                indicator.zh(),
                schools.iter().map(|s| s.2 - s.1).sum::<u32>(),
                floor_list(schools, |(id, after, need, could)| format!(
                    "{id} {after}/{need} 人，可调入 {could} 人"
                ))
            ),
            ShortfallCause::BalanceBinds {
                indicator,
                with_rule,
                without_rule,
            } => format!(
                "“{}差异系数不升高”的规则影响了目标：有此规则最少缺 {with_rule:.2} 人，无此规则最少缺 {without_rule:.2} 人",
                indicator.zh()
            ),
        }
    }
}

#[cfg(test)]
#[path = "shortfall_tests.rs"]
mod tests;
