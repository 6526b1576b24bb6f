//! Re-planning without upheaval (`--previous old/plan.csv`): the previous plan's
//! moves are kept where the rules still allow them. Each change to the previous plan
//! (a move dropped, added, or sent to another school) costs `weights.stability`, which
//! by default outweighs any commute saving; the report says what changed and why.

use crate::model::county::County;
use crate::model::lang::Lang;
use crate::model::moves::Move;
use crate::model::pins::{PinAction, Pins};
use crate::model::policy::Policy;
use crate::model::previous::Previous;
use crate::rules::candidates::{move_allowed, Candidates, MoveRefusal};
use crate::rules::eligibility::Eligibility;
use serde::Serialize;
use std::collections::BTreeMap;

/// Charges `weights.stability` for every change to the previous plan: keeping a
/// previous move earns it, every other move costs it. (The number of changes is
/// `|previous| + |new| − 2·|kept|`; the constant `|previous|` is left out.)
pub fn apply_stability(policy: &Policy, previous: &Previous, cands: &mut Candidates) {
    let w = policy.weights.stability;
    let old: std::collections::BTreeSet<(usize, usize)> = previous.moves.iter().copied().collect();
    for c in &mut cands.moves {
        if old.contains(&(c.teacher, c.school)) {
            c.cost -= w;
        } else {
            c.cost += w;
        }
    }
}

/// One difference between the previous plan and the new one.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Id of the teacher concerned.
    pub teacher: String,
    /// `dropped`, `added` or `redirected`.
    pub kind: &'static str,
    /// The school id of the previous move; for a previous move no longer in the county, the
    /// move as written (`T01 → R9`). `None` for an added move.
    pub before: Option<String>,
    /// The school id of the new move; `None` for a dropped move.
    pub after: Option<String>,
    /// Why, in English words: pinned, no longer eligible, no longer allowed, gone from the
    /// county, to keep the staffing and subject balance, or the time limit.
    pub why: String,
    /// Why, as data ([`ChangeCause::text`] renders it in either language).
    #[serde(skip)]
    pub cause: ChangeCause,
}

/// A change's kind (`dropped`, `added`, `redirected`) in `lang`: 取消, 新增, 改派.
pub fn change_kind_text(kind: &str, lang: Lang) -> &str {
    let zh = match kind {
        "dropped" => "取消",
        "added" => "新增",
        "redirected" => "改派",
        other => other,
    };
    lang.pick(kind, zh)
}

/// Why a move of the previous plan changed, as data.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter), vis(pub(crate))))]
pub enum ChangeCause {
    /// The teacher is no longer in the county.
    TeacherGone,
    /// The school is no longer in the county.
    SchoolGone,
    /// A pin decided it (the pin in English and in Chinese words).
    Pinned {
        /// `T01 move_to R2`.
        pin: String,
        /// `T01 调往 R2`.
        pin_zh: String,
    },
    /// The teacher is no longer eligible.
    NoLongerEligible(Eligibility),
    /// The move is no longer allowed by the move rules.
    NotAllowed(MoveRefusal),
    /// Moved to keep the staffing and subject balance after the other changes.
    Balance,
    /// The time limit ended the solve first: the plan written is the best found in
    /// time (nobody moving, or the starting swaps, at the shortest limits), not one
    /// proven to need the change, so the balance is not claimed as its cause.
    TimeLimit,
    /// An added move that takes the place of a dropped one.
    TakesPlace,
}

impl ChangeCause {
    /// The cause in `lang`; the English is the words `changes.csv` has always had.
    pub fn text(&self, lang: Lang) -> String {
        use ChangeCause as C;
        match (self, lang) {
            (C::TeacherGone, Lang::En) => "teacher no longer in the county".into(),
            (C::TeacherGone, Lang::Zh) => "该教师已不在本县数据中".into(),
            (C::SchoolGone, Lang::En) => "school no longer in the county".into(),
            (C::SchoolGone, Lang::Zh) => "该学校已不在本县数据中".into(),
            (C::Pinned { pin, .. }, Lang::En) => format!("pinned `{pin}` by the bureau"),
            (C::Pinned { pin_zh, .. }, Lang::Zh) => format!("教育局指定（{pin_zh}）"),
            (C::NoLongerEligible(e), Lang::En) => format!("no longer eligible ({})", e.reason()),
            (C::NoLongerEligible(e), Lang::Zh) => format!("已不符合交流条件（{}）", e.reason_zh()),
            (C::NotAllowed(r), Lang::En) => {
                format!("the move is no longer allowed: {}", r.describe())
            }
            (C::NotAllowed(r), Lang::Zh) => format!("该调动已不被规则允许：{}", r.text(Lang::Zh)),
            (C::Balance, Lang::En) => {
                "to keep the staffing and subject balance after the other changes".into()
            }
            (C::Balance, Lang::Zh) => "其他调动变化后，为保持各校编制和学科平衡".into(),
            (C::TimeLimit, Lang::En) => {
                "the time limit ran out first: the plan is the best found in time, not proven, and a longer limit may change this".into()
            }
            (C::TimeLimit, Lang::Zh) => {
                "求解时限先到：本方案是限时内找到的最好方案，未经证明，放宽时限可能改变此项".into()
            }
            (C::TakesPlace, Lang::En) => {
                "takes the place of a dropped move (same subject and school balance)".into()
            }
            (C::TakesPlace, Lang::Zh) => "接替被取消的调动（保持学科和学校平衡）".into(),
        }
    }
}

/// How the new plan differs from the previous one.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChangeReport {
    /// Moves in the previous plan, including those naming teachers or schools no longer in
    /// the county.
    pub previous_moves: usize,
    /// Previous moves kept exactly (same teacher, same school).
    pub kept: usize,
    /// Every change, each with its reason: dropped and redirected moves first (in teacher
    /// order), then added ones.
    pub changes: Vec<Change>,
}

/// Compares the new plan with the previous one and says why each change was made.
/// `stopped`: the plan is the best found when the time limit ran out, not proven: a
/// change no pin, eligibility or move rule explains, and a move it adds, are then put
/// down to the limit.
pub fn compare(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    pins: Option<&Pins>,
    previous: &Previous,
    moves: &[Move],
    stopped: bool,
) -> ChangeReport {
    let new: BTreeMap<usize, usize> = moves.iter().map(|m| (m.teacher, m.to)).collect();
    let old: BTreeMap<usize, usize> = previous.moves.iter().copied().collect();
    let id = |t: usize| county.teachers[t].id.0.clone();
    let sid = |s: usize| county.schools[s].id.0.clone();
    let pin_of = |t: usize| pins.and_then(|p| p.of_teacher(t));
    let mut report = ChangeReport {
        previous_moves: previous.moves.len() + previous.gone.len(),
        ..ChangeReport::default()
    };
    for g in &previous.gone {
        let (teacher, why) = g.split_once(": ").unwrap_or((g.as_str(), ""));
        // `input::previous` says which of the two is gone, in these words.
        let cause = if why.starts_with("school") {
            ChangeCause::SchoolGone
        } else {
            ChangeCause::TeacherGone
        };
        // `teacher` reads `T01 → R2`: the change's teacher and the school of the
        // dropped move.
        let (tid, school) = teacher.split_once(" → ").unwrap_or((teacher, ""));
        report.changes.push(Change {
            teacher: tid.to_string(),
            kind: "dropped",
            before: Some(school.to_string()),
            after: None,
            why: cause.text(Lang::En),
            cause,
        });
    }
    let pinned = |p: &crate::model::pins::Pin| ChangeCause::Pinned {
        pin: p.describe(county),
        pin_zh: p.describe_zh(county),
    };
    // Why a previous move of `t` to `s` could not stay as it was.
    let why_not = |t: usize, s: usize| -> ChangeCause {
        if let Some(p) = pin_of(t) {
            return pinned(p);
        }
        if !eligibility[t].is_eligible() {
            return ChangeCause::NoLongerEligible(eligibility[t].clone());
        }
        if let Err(r) = move_allowed(county, policy, t, s) {
            return ChangeCause::NotAllowed(r);
        }
        if stopped {
            return ChangeCause::TimeLimit;
        }
        ChangeCause::Balance
    };
    for (&t, &s) in &old {
        match new.get(&t) {
            Some(&n) if n == s => report.kept += 1,
            Some(&n) => report.changes.push(Change {
                teacher: id(t),
                kind: "redirected",
                before: Some(sid(s)),
                after: Some(sid(n)),
                why: why_not(t, s).text(Lang::En),
                cause: why_not(t, s),
            }),
            None => report.changes.push(Change {
                teacher: id(t),
                kind: "dropped",
                before: Some(sid(s)),
                after: None,
                why: why_not(t, s).text(Lang::En),
                cause: why_not(t, s),
            }),
        }
    }
    for (&t, &n) in &new {
        if old.contains_key(&t) {
            continue;
        }
        let cause = match pin_of(t) {
            Some(p) if p.action != PinAction::Stay => pinned(p),
            // An unproven plan's added move takes no place it was proven to need.
            _ if stopped => ChangeCause::TimeLimit,
            _ => ChangeCause::TakesPlace,
        };
        report.changes.push(Change {
            teacher: id(t),
            kind: "added",
            before: None,
            after: Some(sid(n)),
            why: cause.text(Lang::En),
            cause,
        });
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::input_message::has_chinese;
    use strum::IntoEnumIterator;

    #[test]
    fn every_change_cause_has_chinese_without_english_codes() {
        let examples = [
            ChangeCause::TeacherGone,
            ChangeCause::SchoolGone,
            ChangeCause::Pinned {
                pin: "T01 move_to R2".into(),
                pin_zh: "T01 调往 R2".into(),
            },
            ChangeCause::NoLongerEligible(Eligibility::Homeroom),
            ChangeCause::NotAllowed(MoveRefusal::SameZone),
            ChangeCause::Balance,
            ChangeCause::TimeLimit,
            ChangeCause::TakesPlace,
        ];
        for kind in ChangeCauseDiscriminants::iter() {
            let c = examples
                .iter()
                .find(|c| ChangeCauseDiscriminants::from(*c) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            let zh = c.text(Lang::Zh);
            assert!(has_chinese(&zh), "{kind:?}: {zh}");
            assert!(!zh.contains("move_to") && !zh.contains("pinned"), "{zh}");
            assert!(!has_chinese(&c.text(Lang::En)), "{kind:?}");
        }
    }
}
