//! Why this teacher and this school: the reason for each move, kept as data and
//! rendered in English (`plan.csv`) or Chinese (the plan workbook), so the bureau can
//! answer a teacher who asks "why me, why there?".

use crate::input::vocabulary::{backbone_zh, subject_zh, zone_zh};
use crate::model::county::{Backbone, County, Zone};
use crate::model::lang::Lang;
use crate::model::moves::Move;
use crate::model::policy::{PartnershipRule, Policy};
use crate::model::travel::CommuteUnit;
use crate::rules::candidates::Candidates;
use crate::rules::eligibility::Eligibility;
use std::collections::BTreeMap;
use std::ops::Range;

/// Why the teacher may move at all.
#[derive(Debug, Clone, PartialEq)]
pub enum Basis {
    /// Eligible under the policy after `years` at `school`.
    Eligible {
        /// Consecutive years at the current school.
        years: u32,
        /// Id of the current school.
        school: String,
    },
    /// Pinned by the bureau (`pin` as written, e.g. `T07 move_to R1`), with the
    /// eligibility verdict when the teacher would not otherwise be eligible.
    Pinned {
        /// The pin as written, e.g. `T07 move_to R1`.
        pin: String,
        /// The pin in Chinese words, e.g. `T07 调往 R1`.
        pin_zh: String,
        /// Why the teacher is not eligible, when they are not; `None` for an eligible teacher.
        not_eligible: Option<Eligibility>,
        /// For an eligible teacher, the years at the current school and its id: the pin
        /// (a move the officer confirmed, say) keeps the reason the teacher would have
        /// had without it.
        eligible: Option<(u32, String)>,
    },
    /// Any other verdict (a plan read from a file may move anyone).
    Other(Eligibility),
}

impl Basis {
    /// The basis in words: English for `plan.csv`, Chinese for the plan workbook
    /// (交流理由).
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Basis::Eligible { years, school }, Lang::En) => {
                format!("{years} years at {school} (eligible)")
            }
            (Basis::Eligible { years, school }, Lang::Zh) => {
                format!("在{school}连续任教{years}年，符合交流条件")
            }
            (
                Basis::Pinned {
                    pin,
                    not_eligible,
                    eligible,
                    ..
                },
                Lang::En,
            ) => format!(
                "pinned `{pin}` by the bureau{}{}",
                not_eligible
                    .as_ref()
                    .map(|e| format!(" although not eligible ({})", e.reason()))
                    .unwrap_or_default(),
                eligible
                    .as_ref()
                    .map(|(years, school)| format!("; {years} years at {school} (eligible)"))
                    .unwrap_or_default()
            ),
            (
                Basis::Pinned {
                    pin_zh,
                    not_eligible,
                    eligible,
                    ..
                },
                Lang::Zh,
            ) => format!(
                "教育局指定（{pin_zh}）{}{}",
                not_eligible
                    .as_ref()
                    .map(|e| format!("，虽不符合交流条件（{}）", e.reason_zh()))
                    .unwrap_or_default(),
                eligible
                    .as_ref()
                    .map(|(years, school)| format!("；在{school}连续任教{years}年，符合交流条件"))
                    .unwrap_or_default()
            ),
            (Basis::Other(e), Lang::En) => e.reason(),
            (Basis::Other(e), Lang::Zh) => e.reason_zh(),
        }
    }
}

/// The reason for one move.
#[derive(Debug, Clone, PartialEq)]
pub struct MoveReason {
    /// Why the teacher may move at all: eligible, pinned, or another verdict.
    pub basis: Basis,
    /// Zone of the school the teacher leaves: urban (城区) or rural (农村).
    pub from_zone: Zone,
    /// Zone of the new school.
    pub to_zone: Zone,
    /// Partnership group numbers of the two schools.
    pub from_group: usize,
    /// Partnership group number of the new school.
    pub to_group: usize,
    /// Rank of the new school by commute among the teacher's allowed schools, and how
    /// many there were; `None` when a pin chose the school.
    pub rank: Option<(usize, usize)>,
    /// Commute from home (else the current school) to the new school, in `unit`.
    pub commute: f64,
    /// `km`, or `min` with road travel times.
    pub unit: CommuteUnit,
    /// The teacher's subject, as written in `teachers.csv`.
    pub subject: String,
    /// Who takes the leaving teacher's post: (teacher id, their school id).
    pub replaced_by: Option<(String, String)>,
    /// The teacher's backbone level (骨干教师); a backbone mover counts toward the backbone
    /// target.
    pub backbone: Backbone,
    /// The teacher is a class head teacher (班主任).
    pub homeroom: bool,
    /// The teacher teaches a graduating class.
    pub graduating: bool,
    /// When the new school is the farthest of several allowed ones: why that school.
    pub why_there: Option<WhyThere>,
}

/// Why a teacher goes to the farthest of their allowed schools: what the plan needed
/// there and what kept the nearer schools out (see [`explain_farthest`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WhyThere {
    /// A teacher of the same subject leaves the new school: their id (the post filled).
    pub fills: Option<String>,
    /// Else a teacher of another subject leaves it: their id (the headcount kept).
    pub balances: Option<String>,
    /// The new school is in the teacher's partnership group and this many nearer
    /// allowed schools are not (rule `prefer`: leaving the group costs
    /// `weights.cross_group`).
    pub nearer_other_group: usize,
    /// Nearer allowed schools that already receive as many teachers as leave them
    /// (plus `rules.staffing_tolerance`): one more arrival would break the staffing rule.
    pub nearer_full: usize,
}

impl WhyThere {
    /// The explanation in words, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        match (lang, &self.fills, &self.balances) {
            (Lang::En, Some(t), _) => parts.push(format!("it fills the post {t} leaves there")),
            (Lang::En, None, Some(t)) => {
                parts.push(format!("it takes the place {t} leaves there (headcount)"))
            }
            (Lang::Zh, Some(t), _) => parts.push(format!("接替该校调出的{t}的同学科岗位")),
            (Lang::Zh, None, Some(t)) => parts.push(format!("补足该校调出{t}后的编制")),
            _ => {}
        }
        let (g, f) = (self.nearer_other_group, self.nearer_full);
        if g > 0 {
            parts.push(match lang {
                Lang::En => format!(
                    "{g} nearer school{} {} in other partnership groups",
                    if g == 1 { "" } else { "s" },
                    if g == 1 { "is" } else { "are" }
                ),
                Lang::Zh => format!("较近的{g}所学校属于其他教育共同体"),
            });
        }
        if f > 0 {
            parts.push(match lang {
                Lang::En => format!(
                    "{f} nearer school{} already receive{} as many teachers as leave",
                    if f == 1 { "" } else { "s" },
                    if f == 1 { "s" } else { "" }
                ),
                Lang::Zh => format!("较近的{f}所学校调入人数已与调出人数持平"),
            });
        }
        match lang {
            Lang::En => format!("the farthest allowed school because {}", parts.join(", ")),
            Lang::Zh => format!("调往最远的可去学校，因为{}", parts.join("，")),
        }
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn zone_en(z: Zone) -> &'static str {
    match z {
        Zone::Urban => "urban",
        Zone::Rural => "rural",
    }
}

impl MoveReason {
    /// The reason in words, parts joined by "; " (English) or "；" (Chinese).
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::Zh => self.chinese(),
        }
    }

    fn english(&self) -> String {
        let mut parts = Vec::new();
        parts.push(self.basis.text(Lang::En));
        parts.push(format!(
            "{}→{}",
            zone_en(self.from_zone),
            zone_en(self.to_zone)
        ));
        parts.push(if self.from_group == self.to_group {
            format!("inside partnership group {}", self.from_group)
        } else {
            format!("from group {} to group {}", self.from_group, self.to_group)
        });
        let (c, unit) = (self.commute, self.unit.symbol());
        parts.push(match self.rank {
            Some((1, of)) => format!("nearest of {of} allowed schools ({c:.1} {unit})"),
            Some((r, of)) => format!(
                "{} by commute of {of} allowed schools ({c:.1} {unit})",
                ordinal(r)
            ),
            None => format!("commute {c:.1} {unit}"),
        });
        if let Some(w) = &self.why_there {
            parts.push(w.text(Lang::En));
        }
        parts.push(match &self.replaced_by {
            Some((t, s)) => format!("their {} post is taken by {t} from {s}", self.subject),
            None => format!("their {} post is left open", self.subject),
        });
        if self.backbone.is_backbone() {
            let level = match self.backbone {
                Backbone::Province => "province",
                Backbone::City => "city",
                _ => "county",
            };
            parts.push(format!(
                "{level}-level backbone teacher (counts toward the backbone target)"
            ));
        }
        if self.homeroom {
            parts.push("class head teacher".into());
        }
        if self.graduating {
            parts.push("teaches a graduating class".into());
        }
        parts.join("; ")
    }

    fn chinese(&self) -> String {
        let mut parts = Vec::new();
        parts.push(self.basis.text(Lang::Zh));
        parts.push(format!(
            "{}→{}",
            zone_zh(self.from_zone),
            zone_zh(self.to_zone)
        ));
        parts.push(if self.from_group == self.to_group {
            format!("在第{}教育共同体内交流", self.from_group)
        } else {
            format!(
                "从第{}教育共同体到第{}教育共同体",
                self.from_group, self.to_group
            )
        });
        let unit = match self.unit {
            CommuteUnit::Minutes => "分钟",
            CommuteUnit::Km => "公里",
        };
        let c = self.commute;
        parts.push(match self.rank {
            Some((1, of)) => format!("{of}所可去学校中通勤最近（{c:.1}{unit}）"),
            Some((r, of)) => format!("{of}所可去学校中通勤第{r}近（{c:.1}{unit}）"),
            None => format!("通勤{c:.1}{unit}"),
        });
        if let Some(w) = &self.why_there {
            parts.push(w.text(Lang::Zh));
        }
        parts.push(match &self.replaced_by {
            Some((t, s)) => format!("其{}岗位由{s}的{t}接替", subject_zh(&self.subject)),
            None => format!("其{}岗位暂空", subject_zh(&self.subject)),
        });
        if self.backbone.is_backbone() {
            parts.push(format!(
                "{}骨干教师（计入骨干教师交流比例）",
                backbone_zh(self.backbone)
            ));
        }
        if self.homeroom {
            parts.push("班主任".into());
        }
        if self.graduating {
            parts.push("任教毕业班".into());
        }
        parts.join("；")
    }
}

/// The reason for each move, in move order.
pub fn move_reasons(
    county: &County,
    eligibility: &[Eligibility],
    cands: &Candidates,
    moves: &[Move],
) -> Vec<MoveReason> {
    // Arrivals by (school, subject), to name who takes a leaving teacher's post.
    let mut arrivals: BTreeMap<(usize, &str), Vec<usize>> = BTreeMap::new();
    for m in moves {
        let t = &county.teachers[m.teacher];
        arrivals
            .entry((m.to, t.subject.as_str()))
            .or_default()
            .push(m.teacher);
    }
    // Candidates come grouped by teacher: one range per teacher (a pass over the runs;
    // a map entry per candidate took about a second at 100,000 teachers).
    let mut by_teacher: Vec<Option<Range<usize>>> = vec![None; county.teachers.len()];
    for (t, run) in crate::solve::model_rules::teacher_runs(&cands.moves) {
        by_teacher[t] = Some(run);
    }
    let mut used: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    moves
        .iter()
        .map(|m| {
            let t = &county.teachers[m.teacher];
            let from = &county.schools[t.school];
            let basis = match &eligibility[m.teacher] {
                Eligibility::Eligible { years_at_school } => Basis::Eligible {
                    years: *years_at_school,
                    school: from.id.0.clone(),
                },
                other => Basis::Other(other.clone()),
            };
            let rank = by_teacher[m.teacher].as_ref().map(|range| {
                let own = &cands.moves[range.clone()];
                let nearer = own.iter().filter(|c| c.km < m.km - 1e-9).count();
                (nearer + 1, own.len())
            });
            let key = (t.school, t.subject.as_str());
            let k = used.entry(key).or_insert(0);
            let replaced_by = arrivals.get(&key).and_then(|a| a.get(*k)).map(|&other| {
                *k += 1;
                let o = &county.teachers[other];
                (o.id.0.clone(), county.schools[o.school].id.0.clone())
            });
            MoveReason {
                basis,
                from_zone: from.zone,
                to_zone: county.schools[m.to].zone,
                from_group: county.groups[county.group_of[t.school]].number,
                to_group: county.groups[county.group_of[m.to]].number,
                rank,
                commute: m.km,
                unit: county.commute_unit(),
                subject: t.subject.clone(),
                replaced_by,
                backbone: t.backbone,
                homeroom: t.homeroom,
                graduating: t.graduating,
                why_there: None,
            }
        })
        .collect()
}

/// Fills [`MoveReason::why_there`] for each move to the farthest of several allowed
/// schools (ranked by commute, `rank == (n, n)` with `n > 1`): who leaves the new
/// school (the post or the headcount the move fills), how many nearer allowed schools
/// are in other partnership groups when the new school is in the teacher's own, and
/// how many nearer ones already receive as many teachers as leave them.
pub fn explain_farthest(
    county: &County,
    policy: &Policy,
    cands: &Candidates,
    moves: &[Move],
    reasons: &mut [MoveReason],
) {
    let n = county.schools.len();
    let (mut inflow, mut outflow) = (vec![0i64; n], vec![0i64; n]);
    for m in moves {
        inflow[m.to] += 1;
        outflow[county.teachers[m.teacher].school] += 1;
    }
    let tol = policy.rules.staffing_tolerance as i64;
    for (m, reason) in moves.iter().zip(reasons.iter_mut()) {
        let Some((r, of)) = reason.rank else { continue };
        if r != of || of < 2 {
            continue;
        }
        let t = &county.teachers[m.teacher];
        let leavers: Vec<&Move> = moves
            .iter()
            .filter(|o| county.teachers[o.teacher].school == m.to)
            .collect();
        let fills = leavers
            .iter()
            .find(|o| county.teachers[o.teacher].subject == t.subject)
            .map(|o| county.teachers[o.teacher].id.0.clone());
        let balances = match fills {
            Some(_) => None,
            None => leavers
                .first()
                .map(|o| county.teachers[o.teacher].id.0.clone()),
        };
        let own_group = county.group_of[t.school];
        let nearer: Vec<usize> = cands
            .moves
            .iter()
            .filter(|c| c.teacher == m.teacher && c.km < m.km - 1e-9)
            .map(|c| c.school)
            .collect();
        let nearer_other_group = if county.group_of[m.to] == own_group
            && policy.rules.partnership == PartnershipRule::Prefer
        {
            nearer
                .iter()
                .filter(|&&s| county.group_of[s] != own_group)
                .count()
        } else {
            0
        };
        let nearer_full = nearer
            .iter()
            .filter(|&&s| inflow[s] - outflow[s] >= tol)
            .count();
        reason.why_there = Some(WhyThere {
            fills,
            balances,
            nearer_other_group,
            nearer_full,
        });
    }
}

#[cfg(test)]
#[path = "reasons_tests.rs"]
mod tests;
