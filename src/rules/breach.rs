//! What a broken rule is, as data: each breach names the teachers, schools and
//! figures behind it and is rendered in English (`rotation verify`, summary files,
//! the report) or Chinese in one place, never assembled where it is shown.
//!
//! Long file: each breach is rendered in English and Chinese side by side, so a new
//! breach and both its wordings stay in one place (a test fails on a missing wording).

use crate::input::vocabulary::subject_zh;
use crate::model::county::County;
use crate::model::indicator::Indicator;
use crate::model::lang::Lang;
use crate::rules::balance::BalanceBreach;
use crate::rules::candidates::MoveRefusal;
use crate::rules::eligibility::Eligibility;
use serde::Serialize;

/// Which rule a violation breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Rule {
    /// A teacher who moves is not eligible (and no pin excuses them).
    Eligibility,
    /// A teacher moves more than once.
    MovesOnce,
    /// A move is not allowed: to the teacher's own school, or against the level,
    /// direction, partnership `require` or commute rule.
    MoveAllowed,
    /// A school's headcount changes by more than `rules.staffing_tolerance`.
    Staffing,
    /// A school loses more teachers of one subject, net, than `rules.subject_tolerance`.
    Subject,
    /// More teachers leave a school than `⌊rules.outflow_cap · staff⌋`.
    OutflowCap,
    /// Fewer teachers move than `⌈exchange_rate · eligible⌉`.
    ExchangeTarget,
    /// The backbone-share target is not met.
    BackboneTarget,
    /// A locked decision (`--pins`) does not hold.
    Pin,
    /// `[balance] backbone_cv`: a level's CV of the balance indicator rose.
    BalanceCv,
    /// `[balance] cv_primary_max` / `cv_junior_max`: a level's CV is above its cap.
    CvCap,
    /// `[balance] min_backbone_per_100`: a school is below the floor it can reach.
    IndicatorFloor,
    /// `rules.stable`: a teacher has justified envy (wished for a school more than
    /// where they went, with more priority than a teacher of the subject placed there).
    Stability,
    /// An exchange team (`teams.csv`) is split: some members move and some stay, or
    /// they move to different schools.
    ExchangeTeam,
}

impl Rule {
    /// The rule's name in `lang`: the code JSON writes (`staffing`) in English, the
    /// rule in words (`编制人数`) in Chinese.
    pub fn label(self, lang: Lang) -> &'static str {
        let zh = match self {
            Rule::Eligibility => "交流资格",
            Rule::MovesOnce => "每人至多交流一次",
            Rule::MoveAllowed => "交流去向",
            Rule::Staffing => "编制人数",
            Rule::Subject => "学科人数",
            Rule::OutflowCap => "调出上限",
            Rule::ExchangeTarget => "交流比例目标",
            Rule::BackboneTarget => "骨干教师目标",
            Rule::Pin => "锁定",
            Rule::BalanceCv => "差异系数不得变差",
            Rule::CvCap => "差异系数上限",
            Rule::IndicatorFloor => "每百名学生下限",
            Rule::Stability => "无合理嫉妒",
            Rule::ExchangeTeam => "团队整体交流",
        };
        lang.pick(self.into(), zh)
    }

    /// Targets can be missed by a plan that reports its shortfall; the others never.
    pub fn is_target(self) -> bool {
        matches!(
            self,
            Rule::ExchangeTarget | Rule::BackboneTarget | Rule::CvCap | Rule::IndicatorFloor
        )
    }
}

/// One broken rule of a plan with its particulars.
#[derive(Debug, Clone, PartialEq)]
pub enum Breach {
    /// A teacher who is not eligible moves.
    NotEligible {
        /// The teacher's id.
        teacher: String,
        /// Why they are not eligible.
        why: Eligibility,
    },
    /// A move breaks a move-level rule.
    MoveRefused {
        /// The teacher's id.
        teacher: String,
        /// The school they leave.
        from: String,
        /// The school they go to.
        to: String,
        /// The rule the move breaks.
        refusal: MoveRefusal,
    },
    /// A teacher moves more than once.
    MovesTwice {
        /// The teacher's id.
        teacher: String,
        /// How many moves name them.
        count: usize,
    },
    /// A school's headcount changes by more than the staffing tolerance.
    Staffing {
        /// The school's id.
        school: String,
        /// Teachers arriving (this year's returns to the school included).
        arrive: i64,
        /// Teachers leaving (this year's returns from the school included).
        leave: i64,
        /// `rules.staffing_tolerance`.
        tolerance: i64,
    },
    /// More teachers leave a school than its outflow cap.
    OutflowCap {
        /// The school's id.
        school: String,
        /// Teachers leaving.
        leave: i64,
        /// The school's staff.
        staff: u32,
        /// The cap, in teachers.
        cap: i64,
        /// `rules.outflow_cap` as a percentage text (`30`).
        percent: String,
    },
    /// A school loses more teachers of a subject, net, than the subject tolerance.
    Subject {
        /// The school's id.
        school: String,
        /// The subject code.
        subject: String,
        /// Teachers of the subject lost, net.
        lost: i64,
        /// `rules.subject_tolerance`.
        tolerance: i64,
    },
    /// Fewer teachers rotate than the exchange target.
    ExchangeTarget {
        /// Teachers who rotate.
        moved: u32,
        /// The target.
        target: u32,
        /// `targets.exchange_rate` as a percentage text.
        percent: String,
        /// Eligible teachers.
        eligible: usize,
    },
    /// Too few backbone teachers among the movers (base `exchanged`).
    BackboneShare {
        /// Backbone teachers who rotate.
        backbone: u32,
        /// Teachers who rotate.
        moved: u32,
        /// `targets.backbone_share` as a percentage text.
        percent: String,
    },
    /// Too few of the eligible backbone teachers rotate (base `eligible_backbone`).
    BackboneCount {
        /// Backbone teachers who rotate.
        backbone: u32,
        /// Eligible backbone teachers.
        eligible: u32,
        /// The target.
        needed: u32,
    },
    /// A balance rule does not hold (the indicator it is about, and the particulars).
    Balance {
        /// The policy's balance indicator.
        indicator: Indicator,
        /// What is wrong.
        breach: BalanceBreach,
        /// The school's id, for a floor.
        school: Option<String>,
    },
    /// Justified envy under `rules.stable`.
    JustifiedEnvy {
        /// The teacher who envies.
        teacher: String,
        /// The school they wished for at `rank`.
        school: String,
        /// Their rank of the school.
        rank: u32,
        /// The teacher of the same subject placed there with less priority.
        other: String,
        /// Priority points of `teacher` and of `other`.
        points: (f64, f64),
    },
    /// A pin does not hold.
    Pin {
        /// The pin as in the pins file (`T01 move_to R2`).
        pin: String,
        /// The pin in Chinese words (`T01 调往 R2`).
        pin_zh: String,
        /// The pins file.
        file: String,
        /// Its line (or sheet row) there.
        line: usize,
    },
    /// An exchange team is split.
    TeamSplit {
        /// The team's name.
        team: String,
        /// Each member's id and the school they move to, if any.
        members: Vec<(String, Option<String>)>,
    },
    /// A school's headcount changes more than the staffing tolerance, counting joint
    /// appointments (联聘) as half a post in each school; the tolerance is widened by
    /// one half where the halves are odd (`model::joint::within`).
    StaffingJoint {
        /// The school's id.
        school: String,
        /// Teachers arriving (returns included).
        arrive: i64,
        /// Teachers leaving (returns included).
        leave: i64,
        /// Joint halves gained minus lent out, in half-teachers.
        halves: i64,
        /// `rules.staffing_tolerance`.
        tolerance: i64,
    },
    /// A school loses more of a subject than the tolerance, counting joint halves.
    SubjectJoint {
        /// The school's id.
        school: String,
        /// The subject code.
        subject: String,
        /// Whole teachers of the subject gained, net (negative: lost).
        net: i64,
        /// Joint halves of the subject gained minus lent out, in half-teachers.
        halves: i64,
        /// `rules.subject_tolerance`.
        tolerance: i64,
    },
}

/// A count in half-teachers as teachers (`-1.5`, `+2`).
fn halves_text(halves: i64) -> String {
    if halves % 2 == 0 {
        format!("{:+}", halves / 2)
    } else {
        format!("{:+.1}", halves as f64 / 2.0)
    }
}

/// The tolerance in teachers, widened by a half where the halves are odd.
fn widened_text(tolerance: i64, halves: i64) -> String {
    if halves % 2 == 0 {
        tolerance.to_string()
    } else {
        format!("{}.5", tolerance)
    }
}

/// A CV with three decimals, or a dash when it is undefined.
fn cv_text(cv: Option<f64>) -> String {
    cv.map_or_else(|| "—".into(), |c| format!("{c:.3}"))
}

impl Breach {
    /// The rule this breach breaks.
    pub fn rule(&self) -> Rule {
        match self {
            Breach::NotEligible { .. } => Rule::Eligibility,
            Breach::MoveRefused { .. } => Rule::MoveAllowed,
            Breach::MovesTwice { .. } => Rule::MovesOnce,
            Breach::Staffing { .. } => Rule::Staffing,
            Breach::OutflowCap { .. } => Rule::OutflowCap,
            Breach::Subject { .. } => Rule::Subject,
            Breach::ExchangeTarget { .. } => Rule::ExchangeTarget,
            Breach::BackboneShare { .. } | Breach::BackboneCount { .. } => Rule::BackboneTarget,
            Breach::Pin { .. } => Rule::Pin,
            Breach::TeamSplit { .. } => Rule::ExchangeTeam,
            Breach::StaffingJoint { .. } => Rule::Staffing,
            Breach::SubjectJoint { .. } => Rule::Subject,
            Breach::JustifiedEnvy { .. } => Rule::Stability,
            Breach::Balance { breach, .. } => match breach {
                BalanceBreach::Worse { .. } => Rule::BalanceCv,
                BalanceBreach::AboveCap { .. } => Rule::CvCap,
                BalanceBreach::BelowFloor { .. } => Rule::IndicatorFloor,
            },
        }
    }

    /// The same breach with each teacher and school named as well as numbered
    /// (`T11（王五）`, `U1（城东小学）`), for a reader who knows people by name; an id
    /// the county does not hold, or one without a name of its own, stays as it is.
    pub fn named(&self, county: &County) -> Breach {
        let teacher = |id: &String| {
            county
                .teachers
                .iter()
                .find(|t| t.id.0 == *id)
                .filter(|t| !t.name.trim().is_empty() && t.name != t.id.0)
                .map_or_else(|| id.clone(), |t| format!("{id}（{}）", t.name))
        };
        let school = |id: &String| {
            county
                .school_index(id)
                .map(|s| &county.schools[s])
                .filter(|s| !s.name.trim().is_empty() && s.name != s.id.0)
                .map_or_else(|| id.clone(), |s| format!("{id}（{}）", s.name))
        };
        let mut b = self.clone();
        match &mut b {
            Breach::NotEligible { teacher: t, .. } | Breach::MovesTwice { teacher: t, .. } => {
                *t = teacher(t)
            }
            Breach::MoveRefused {
                teacher: t,
                from,
                to,
                ..
            } => {
                *t = teacher(t);
                *from = school(from);
                *to = school(to);
            }
            Breach::Staffing { school: s, .. }
            | Breach::OutflowCap { school: s, .. }
            | Breach::Subject { school: s, .. }
            | Breach::StaffingJoint { school: s, .. }
            | Breach::SubjectJoint { school: s, .. } => *s = school(s),
            Breach::Balance {
                school: Some(s), ..
            } => *s = school(s),
            Breach::JustifiedEnvy {
                teacher: t,
                school: s,
                other,
                ..
            } => {
                *t = teacher(t);
                *s = school(s);
                *other = teacher(other);
            }
            Breach::TeamSplit { members, .. } => {
                for (t, s) in members.iter_mut() {
                    *t = teacher(t);
                    if let Some(s) = s {
                        *s = school(s);
                    }
                }
            }
            Breach::ExchangeTarget { .. }
            | Breach::BackboneShare { .. }
            | Breach::BackboneCount { .. }
            | Breach::Balance { school: None, .. }
            | Breach::Pin { .. } => {}
        }
        b
    }

    /// The breach in words, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::Zh => self.chinese(),
        }
    }

    fn english(&self) -> String {
        match self {
            Breach::NotEligible { teacher, why } => {
                format!("teacher {teacher} is not eligible ({})", why.reason())
            }
            Breach::MoveRefused {
                teacher,
                from,
                to,
                refusal,
            } => format!("teacher {teacher} from {from} to {to}: {}", refusal.describe()),
            Breach::MovesTwice { teacher, count } => {
                format!("teacher {teacher} moves {count} times; at most once")
            }
            Breach::Staffing {
                school,
                arrive,
                leave,
                tolerance,
            } => format!(
                "school {school}: {arrive} arrive and {leave} leave, a change of {:+} teachers (tolerance {tolerance})",
                arrive - leave
            ),
            Breach::OutflowCap {
                school,
                leave,
                staff,
                cap,
                percent,
            } => format!(
                "school {school}: {leave} of {staff} teachers leave; the cap is {cap} ({percent}% of staff)"
            ),
            Breach::Subject {
                school,
                subject,
                lost,
                tolerance,
            } => format!(
                "school {school}: loses {lost} {subject} teacher(s) net (tolerance {tolerance})"
            ),
            Breach::ExchangeTarget {
                moved,
                target,
                percent,
                eligible,
            } => format!(
                "{moved} teachers rotate; the target is {target} ({percent}% of {eligible} eligible)"
            ),
            Breach::BackboneShare {
                backbone,
                moved,
                percent,
            } => format!(
                "{backbone} backbone teachers among {moved} who rotate ({:.2}%); the target is {percent}%",
                100.0 * *backbone as f64 / (*moved).max(1) as f64
            ),
            Breach::BackboneCount {
                backbone,
                eligible,
                needed,
            } => format!(
                "{backbone} of {eligible} eligible backbone teachers rotate; the target is {needed}"
            ),
            Breach::Pin {
                pin, file, line, ..
            } => {
                format!("pin `{pin}` ({file} line {line}) does not hold")
            }
            Breach::TeamSplit { team, members } => format!(
                "exchange team {team} is split ({}); a team moves together to one school or stays",
                members
                    .iter()
                    .map(|(t, s)| match s {
                        Some(s) => format!("{t} to {s}"),
                        None => format!("{t} stays"),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Breach::StaffingJoint {
                school,
                arrive,
                leave,
                halves,
                tolerance,
            } => format!(
                "school {school}: {arrive} arrive and {leave} leave, joint appointments {} \
                 teachers, a change of {} teachers (tolerance {}, joint halves counted half)",
                halves_text(*halves),
                halves_text(2 * (arrive - leave) + halves),
                widened_text(*tolerance, *halves)
            ),
            Breach::SubjectJoint {
                school,
                subject,
                net,
                halves,
                tolerance,
            } => format!(
                "school {school}: {subject} teachers change by {} net, joint appointments {} \
                 (tolerance {}, joint halves counted half)",
                halves_text(2 * net + halves),
                halves_text(*halves),
                widened_text(*tolerance, *halves)
            ),
            Breach::JustifiedEnvy {
                teacher,
                school,
                rank,
                other,
                points,
            } => format!(
                "teacher {teacher} wished for {school} (rank {rank}) more than where they went, \
                 and has more priority ({} points) than {other} ({} points), placed there in the same subject",
                points.0, points.1
            ),
            Breach::Balance {
                indicator,
                breach,
                school,
            } => {
                let what = indicator.en();
                match breach {
                    BalanceBreach::Worse {
                        side,
                        before,
                        after,
                    } => format!(
                        "{} schools: the CV of {what} per 100 students rises from {} to {}",
                        side.en(),
                        cv_text(*before),
                        cv_text(*after)
                    ),
                    BalanceBreach::AboveCap { side, after, cap } => format!(
                        "{} schools: the CV of {what} per 100 students is {after:.3} after the plan; the cap is {cap}",
                        side.en()
                    ),
                    BalanceBreach::BelowFloor {
                        side,
                        after,
                        need,
                        per_100,
                        floor,
                        ..
                    } => format!(
                        "school {} ({}): {after} {what} after the plan ({per_100:.2} per 100 students); the floor of {floor} per 100 asks {need}",
                        school.as_deref().unwrap_or("?"),
                        side.en()
                    ),
                }
            }
        }
    }

    fn chinese(&self) -> String {
        match self {
            Breach::NotEligible { teacher, why } => {
                format!("教师 {teacher} 不符合交流条件（{}）", why.reason_zh())
            }
            Breach::MoveRefused {
                teacher,
                from,
                to,
                refusal,
            } => format!(
                "教师 {teacher} 从 {from} 到 {to}：{}",
                refusal.text(Lang::Zh)
            ),
            Breach::MovesTwice { teacher, count } => {
                format!("教师 {teacher} 交流了 {count} 次；最多一次")
            }
            Breach::Staffing {
                school,
                arrive,
                leave,
                tolerance,
            } => format!(
                "学校 {school}：调入 {arrive} 人、调出 {leave} 人，人数净变化 {:+} 人（允许 {tolerance} 人）",
                arrive - leave
            ),
            Breach::OutflowCap {
                school,
                leave,
                staff,
                cap,
                percent,
            } => format!(
                "学校 {school}：{staff} 名教师中调出 {leave} 人；上限为 {cap} 人（教师数的 {percent}%）"
            ),
            Breach::Subject {
                school,
                subject,
                lost,
                tolerance,
            } => format!(
                "学校 {school}：{}教师净减少 {lost} 人（允许 {tolerance} 人）",
                subject_zh(subject)
            ),
            Breach::ExchangeTarget {
                moved,
                target,
                percent,
                eligible,
            } => format!(
                "交流 {moved} 人；目标为 {target} 人（{eligible} 名应交流教师的 {percent}%）"
            ),
            Breach::BackboneShare {
                backbone,
                moved,
                percent,
            } => format!(
                "交流的 {moved} 人中骨干教师 {backbone} 人（{:.2}%）；目标为 {percent}%",
                100.0 * *backbone as f64 / (*moved).max(1) as f64
            ),
            Breach::BackboneCount {
                backbone,
                eligible,
                needed,
            } => format!(
                "{eligible} 名应交流骨干教师中交流 {backbone} 人；目标为 {needed} 人"
            ),
            Breach::Pin {
                pin_zh, file, line, ..
            } => {
                format!("锁定 `{pin_zh}`（{file} 第 {line} 行）未被遵守")
            }
            Breach::TeamSplit { team, members } => format!(
                "交流团队 {team} 被拆散（{}）；团队须整体调往同一所学校或整体留任",
                members
                    .iter()
                    .map(|(t, s)| match s {
                        Some(s) => format!("{t} 调往 {s}"),
                        None => format!("{t} 留任"),
                    })
                    .collect::<Vec<_>>()
                    .join("，")
            ),
            Breach::StaffingJoint {
                school,
                arrive,
                leave,
                halves,
                tolerance,
            } => format!(
                "学校 {school}：调入 {arrive} 人、调出 {leave} 人，联聘 {} 人，\
                 人数净变化 {} 人（允许 {} 人，联聘教师按半人计）",
                halves_text(*halves),
                halves_text(2 * (arrive - leave) + halves),
                widened_text(*tolerance, *halves)
            ),
            Breach::SubjectJoint {
                school,
                subject,
                net,
                halves,
                tolerance,
            } => format!(
                "学校 {school}：{}教师净变化 {} 人，其中联聘 {} 人（允许减少 {} 人，联聘教师按半人计）",
                subject_zh(subject),
                halves_text(2 * net + halves),
                halves_text(*halves),
                widened_text(*tolerance, *halves)
            ),
            Breach::JustifiedEnvy {
                teacher,
                school,
                rank,
                other,
                points,
            } => format!(
                "教师 {teacher} 第 {rank} 志愿为 {school}，未获满足，而积分（{}）高于调入该校的同学科教师 {other}（{}）",
                points.0, points.1
            ),
            Breach::Balance {
                indicator,
                breach,
                school,
            } => {
                let what = indicator.zh();
                match breach {
                    BalanceBreach::Worse {
                        side,
                        before,
                        after,
                    } => format!(
                        "{}：生均{what}（每百名学生）校际差异系数由 {} 升至 {}",
                        side.zh(),
                        cv_text(*before),
                        cv_text(*after)
                    ),
                    BalanceBreach::AboveCap { side, after, cap } => format!(
                        "{}：交流后生均{what}校际差异系数为 {after:.3}，上限为 {cap}",
                        side.zh()
                    ),
                    BalanceBreach::BelowFloor {
                        side,
                        after,
                        need,
                        per_100,
                        floor,
                        ..
                    } => format!(
                        "学校 {}（{}）：交流后{what} {after} 人（每百名学生 {per_100:.2} 人）；每百名学生不少于 {floor} 人，需 {need} 人",
                        school.as_deref().unwrap_or("?"),
                        side.zh()
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::indicator::Side;

    fn every_kind() -> Vec<Breach> {
        vec![
            Breach::NotEligible {
                teacher: "T01".into(),
                why: Eligibility::TooFewYears {
                    years: 2,
                    needed: 6,
                },
            },
            Breach::MoveRefused {
                teacher: "T01".into(),
                from: "U1".into(),
                to: "R1".into(),
                refusal: MoveRefusal::TooFar {
                    km: 41.0,
                    limit: 40.0,
                },
            },
            Breach::MovesTwice {
                teacher: "T01".into(),
                count: 2,
            },
            Breach::Staffing {
                school: "U1".into(),
                arrive: 0,
                leave: 2,
                tolerance: 0,
            },
            Breach::OutflowCap {
                school: "U1".into(),
                leave: 3,
                staff: 4,
                cap: 1,
                percent: "30".into(),
            },
            Breach::Subject {
                school: "U1".into(),
                subject: "math".into(),
                lost: 1,
                tolerance: 0,
            },
            Breach::ExchangeTarget {
                moved: 1,
                target: 3,
                percent: "35".into(),
                eligible: 6,
            },
            Breach::BackboneShare {
                backbone: 0,
                moved: 2,
                percent: "32.52".into(),
            },
            Breach::BackboneCount {
                backbone: 0,
                eligible: 2,
                needed: 1,
            },
            Breach::Pin {
                pin: "T01 stay".into(),
                pin_zh: "T01 留任".into(),
                file: "pins.csv".into(),
                line: 2,
            },
            Breach::Balance {
                indicator: Indicator::Backbone,
                breach: BalanceBreach::Worse {
                    side: Side::Primary,
                    before: Some(0.17),
                    after: Some(0.224),
                },
                school: None,
            },
            Breach::Balance {
                indicator: Indicator::Qualified,
                breach: BalanceBreach::AboveCap {
                    side: Side::Junior,
                    after: 0.47,
                    cap: 0.45,
                },
                school: None,
            },
            Breach::Balance {
                indicator: Indicator::Backbone,
                breach: BalanceBreach::BelowFloor {
                    side: Side::Primary,
                    school: 0,
                    after: 2.0,
                    need: 3.0,
                    per_100: 0.8,
                    floor: 1.0,
                },
                school: Some("R1".into()),
            },
            Breach::JustifiedEnvy {
                teacher: "T02".into(),
                school: "R1".into(),
                rank: 1,
                other: "T05".into(),
                points: (12.0, 9.0),
            },
            Breach::TeamSplit {
                team: "math-1".into(),
                members: vec![("T01".into(), Some("R1".into())), ("T02".into(), None)],
            },
            Breach::StaffingJoint {
                school: "U1".into(),
                arrive: 0,
                leave: 1,
                halves: -1,
                tolerance: 0,
            },
            Breach::SubjectJoint {
                school: "U1".into(),
                subject: "math".into(),
                net: -1,
                halves: -1,
                tolerance: 0,
            },
        ]
    }

    #[test]
    fn every_breach_reads_in_both_languages() {
        for b in every_kind() {
            let zh = b.text(Lang::Zh);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "no Chinese in {zh}"
            );
            assert!(!b.text(Lang::En).is_empty());
        }
    }

    #[test]
    fn english_keeps_the_words_verify_has_always_printed() {
        let en: Vec<String> = every_kind().iter().map(|b| b.text(Lang::En)).collect();
        assert_eq!(
            en[3],
            "school U1: 0 arrive and 2 leave, a change of -2 teachers (tolerance 0)"
        );
        assert_eq!(
            en[4],
            "school U1: 3 of 4 teachers leave; the cap is 1 (30% of staff)"
        );
        assert_eq!(
            en[6],
            "1 teachers rotate; the target is 3 (35% of 6 eligible)"
        );
        assert_eq!(
            en[7],
            "0 backbone teachers among 2 who rotate (0.00%); the target is 32.52%"
        );
        assert_eq!(en[9], "pin `T01 stay` (pins.csv line 2) does not hold");
        assert!(en[1].ends_with("commute 41.0 km is above the cap of 40 km"));
        assert_eq!(
            every_kind()[5].text(Lang::Zh),
            "学校 U1：数学教师净减少 1 人（允许 0 人）"
        );
    }

    #[test]
    fn every_rule_has_a_chinese_label_and_keeps_its_code_in_english() {
        for b in every_kind() {
            let rule = b.rule();
            let zh = rule.label(Lang::Zh);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{rule:?} has no Chinese label"
            );
            assert_eq!(rule.label(Lang::En), <&str>::from(rule));
        }
    }

    #[test]
    fn a_named_breach_names_teachers_and_schools_beside_their_ids() {
        let (mut county, _) = crate::rules::indicators::tests::small_county();
        county.schools[0].name = "城东小学".into();
        county.teachers[0].name = "王五".into();
        let refused = Breach::MoveRefused {
            teacher: "a1".into(),
            from: "A".into(),
            to: "nowhere".into(),
            refusal: MoveRefusal::TooFar {
                km: 41.0,
                limit: 40.0,
            },
        };
        let zh = refused.named(&county).text(Lang::Zh);
        assert!(
            zh.starts_with("教师 a1（王五） 从 A（城东小学） 到 nowhere："),
            "{zh}"
        );
        let subject = Breach::Subject {
            school: "A".into(),
            subject: "math".into(),
            lost: 1,
            tolerance: 0,
        };
        assert_eq!(
            subject.named(&county).text(Lang::Zh),
            "学校 A（城东小学）：数学教师净减少 1 人（允许 0 人）"
        );
        // A nameless teacher (b1) stays an id.
        let twice = Breach::MovesTwice {
            teacher: "b1".into(),
            count: 2,
        };
        assert_eq!(twice.named(&county), twice);
    }

    #[test]
    fn each_breach_names_its_rule() {
        let rules: Vec<Rule> = every_kind().iter().map(Breach::rule).collect();
        assert!(rules.iter().filter(|r| r.is_target()).count() == 5);
        assert_eq!(rules[9], Rule::Pin);
        assert_eq!(
            rules[10..],
            [
                Rule::BalanceCv,
                Rule::CvCap,
                Rule::IndicatorFloor,
                Rule::Stability,
                Rule::ExchangeTeam,
                Rule::Staffing,
                Rule::Subject
            ]
        );
    }
}
