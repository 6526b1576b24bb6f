//! Why a plan falls short of a target, as data: each cause is a value that names the
//! rule and the figures behind it, rendered in English (summary.json, plan text, the
//! report) or Chinese (the plan workbook) in one place, so a message is never
//! assembled where it is shown.

use crate::input::vocabulary::{level_zh, subject_zh, zone_zh};
use crate::model::county::{Level, Zone};
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
}

/// Serialises causes as their English words, the shape `explanations` has always had
/// in JSON.
pub(crate) fn english_texts<S: serde::Serializer>(
    causes: &[ShortfallCause],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(causes.iter().map(|c| c.text(Lang::En)))
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
            ShortfallCause::TimeLimit { gap } => format!(
                "the solver stopped at the time limit with a gap of {:.2}%; a longer --time-limit may meet the targets",
                100.0 * gap
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
                "{teachers} eligible teachers have no allowed school (commute cap {}, direction {direction:?}, partnership {partnership:?})",
                match unit {
                    CommuteUnit::Minutes => format!("{cap} min on the roads"),
                    CommuteUnit::Km => format!("{cap} km"),
                }
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
                schools
                    .iter()
                    .map(|(id, cap, staff)| format!("{id} ({cap} of {staff})"))
                    .collect::<Vec<_>>()
                    .join(", ")
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
            ShortfallCause::TimeLimit { gap } => format!(
                "求解到达时间上限时停止，与最优下界还差 {:.2}%；延长 --time-limit 可能达到目标",
                100.0 * gap
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
                schools
                    .iter()
                    .map(|(id, cap, staff)| format!("{id}（教师 {staff} 人，流出上限 {cap} 人）"))
                    .collect::<Vec<_>>()
                    .join("，")
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_kind() -> Vec<ShortfallCause> {
        vec![
            ShortfallCause::TimeLimit { gap: 0.012 },
            ShortfallCause::Exchange {
                moved: 10,
                target: 12,
                short: 2.0,
            },
            ShortfallCause::Stranded {
                teachers: 3,
                cap: 40.0,
                unit: CommuteUnit::Km,
                direction: Direction::CrossZone,
                partnership: PartnershipRule::Prefer,
            },
            ShortfallCause::NoPartner {
                level: Level::Primary,
                subject: "math".into(),
                movable: 5,
                zone: Zone::Urban,
                partners: 2,
                partner_zone: Zone::Rural,
                cap: 40.0,
                unit: CommuteUnit::Km,
            },
            ShortfallCause::OutflowCap {
                share: 0.3,
                schools: vec![("U1".into(), 3, 10)],
            },
            ShortfallCause::Backbone {
                moved: 4,
                share: 0.25,
                short: 1.2,
                movable: 4,
            },
        ]
    }

    #[test]
    fn every_cause_reads_in_both_languages() {
        for cause in every_kind() {
            let (en, zh) = (cause.text(Lang::En), cause.text(Lang::Zh));
            assert!(en.is_ascii() || en.contains('–'), "English: {en}");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "no Chinese in {zh}"
            );
        }
    }

    #[test]
    fn english_keeps_the_words_of_earlier_versions() {
        let texts: Vec<String> = every_kind().iter().map(|c| c.text(Lang::En)).collect();
        assert_eq!(
            texts[1],
            "exchange target: 10 of 12 required teachers rotate (2 short)"
        );
        assert_eq!(
            texts[3],
            "primary math: 5 eligible urban teachers can move but only 2 eligible rural teachers can take their posts within 40 km"
        );
        assert_eq!(
            texts[4],
            "the outflow cap (30% of staff) is reached at: U1 (3 of 10)"
        );
        assert!(texts[2].contains("commute cap 40 km, direction CrossZone, partnership Prefer"));
        assert!(texts[5].contains("(25.0% of movers; 1.20 short)"));
        let zh = every_kind()[3].text(Lang::Zh);
        assert!(zh.starts_with("小学数学"), "{zh}");
    }
}
