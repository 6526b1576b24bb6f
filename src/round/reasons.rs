//! Why this teacher and this school: the reason for each move, kept as data and
//! rendered in English (`plan.csv`) or Chinese (the plan workbook), so the bureau can
//! answer a teacher who asks "why me, why there?".

use crate::input::vocabulary::{backbone_zh, subject_zh, zone_zh};
use crate::model::county::{Backbone, County, Zone};
use crate::model::lang::Lang;
use crate::model::moves::Move;
use crate::model::travel::CommuteUnit;
use crate::rules::candidates::Candidates;
use crate::rules::eligibility::Eligibility;
use std::collections::{BTreeMap, HashMap};
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
                    pin, not_eligible, ..
                },
                Lang::En,
            ) => format!(
                "pinned `{pin}` by the bureau{}",
                not_eligible
                    .as_ref()
                    .map(|e| format!(" although not eligible ({})", e.reason()))
                    .unwrap_or_default()
            ),
            (
                Basis::Pinned {
                    pin_zh,
                    not_eligible,
                    ..
                },
                Lang::Zh,
            ) => format!(
                "教育局指定（{pin_zh}）{}",
                not_eligible
                    .as_ref()
                    .map(|e| format!("，虽不符合交流条件（{}）", e.reason_zh()))
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
    // Candidates come grouped by teacher: one range per teacher.
    let mut by_teacher: HashMap<usize, Range<usize>> = HashMap::new();
    for (j, c) in cands.moves.iter().enumerate() {
        by_teacher
            .entry(c.teacher)
            .and_modify(|r| r.end = j + 1)
            .or_insert(j..j + 1);
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
            let rank = by_teacher.get(&m.teacher).map(|range| {
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
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason() -> MoveReason {
        MoveReason {
            basis: Basis::Eligible {
                years: 8,
                school: "U1".into(),
            },
            from_zone: Zone::Urban,
            to_zone: Zone::Rural,
            from_group: 1,
            to_group: 1,
            rank: Some((2, 2)),
            commute: 12.0,
            unit: CommuteUnit::Km,
            subject: "math".into(),
            replaced_by: Some(("T13".into(), "R2".into())),
            backbone: Backbone::County,
            homeroom: false,
            graduating: false,
        }
    }

    #[test]
    fn english_and_chinese_say_the_same() {
        let r = reason();
        assert_eq!(
            r.text(Lang::En),
            "8 years at U1 (eligible); urban→rural; inside partnership group 1; 2nd by commute of 2 allowed schools (12.0 km); their math post is taken by T13 from R2; county-level backbone teacher (counts toward the backbone target)"
        );
        assert_eq!(
            r.text(Lang::Zh),
            "在U1连续任教8年，符合交流条件；城区→农村；在第1教育共同体内交流；2所可去学校中通勤第2近（12.0公里）；其数学岗位由R2的T13接替；县级骨干教师（计入骨干教师交流比例）"
        );
    }

    #[test]
    fn a_pin_replaces_eligibility_and_ranking() {
        let mut r = reason();
        r.basis = Basis::Pinned {
            pin: "T07 move_to R1".into(),
            pin_zh: "T07 调往 R1".into(),
            not_eligible: Some(Eligibility::Exempt {
                reason: "pregnancy".into(),
            }),
        };
        r.rank = None;
        let en = r.text(Lang::En);
        assert!(
            en.starts_with(
                "pinned `T07 move_to R1` by the bureau although not eligible (exempt); urban→rural"
            ),
            "{en}"
        );
        assert!(en.contains("; commute 12.0 km;"), "{en}");
        assert!(r
            .text(Lang::Zh)
            .starts_with("教育局指定（T07 调往 R1），虽不符合交流条件（免交流）"));
        assert!(!r.text(Lang::Zh).contains("move_to"));
    }
}
