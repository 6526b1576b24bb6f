//! Why pins cannot hold together, as data rendered in English or Chinese: the pins of
//! a smallest conflicting set and the rule family that forbids them
//! (`round::explain::explain_pin_conflict` finds them). A pin is written as in the
//! pins file in English (`T01 move_to R2`) and in Chinese words in Chinese
//! (`T01 调往 R2`).

use crate::model::lang::Lang;
use crate::model::message::Message;

/// The rule family that keeps pins from holding together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictRule {
    /// `rules.subject_tolerance`.
    Subject,
    /// `rules.staffing_tolerance`.
    Staffing,
    /// `rules.outflow_cap`.
    Outflow,
    /// The staffing, subject and outflow rules only together.
    Together,
    /// None of those: the move rules themselves.
    MoveRules,
}

impl ConflictRule {
    /// Every rule family, in the order they are tried.
    pub const ALL: [ConflictRule; 5] = [
        ConflictRule::Subject,
        ConflictRule::Staffing,
        ConflictRule::Outflow,
        ConflictRule::Together,
        ConflictRule::MoveRules,
    ];

    /// The rule in `lang`, with how it binds.
    pub fn text(self, lang: Lang) -> &'static str {
        use ConflictRule as R;
        match self {
            R::Subject => lang.pick(
                "the subject rule (`rules.subject_tolerance`: each school keeps its teachers per subject, so a leaving teacher needs a colleague of the same subject to arrive)",
                "学科规则（`rules.subject_tolerance`：各校每个学科的教师人数保持不变，调出一名教师须调入一名同学科教师）",
            ),
            R::Staffing => lang.pick(
                "the staffing rule (`rules.staffing_tolerance`: each school keeps its headcount)",
                "编制规则（`rules.staffing_tolerance`：各校教师总数保持不变）",
            ),
            R::Outflow => lang.pick(
                "the outflow cap (`rules.outflow_cap`: at most this share of a school's staff leaves)",
                "调出上限（`rules.outflow_cap`：每校调出的教师不超过其教师总数的这一比例）",
            ),
            R::Together => lang.pick(
                "the staffing, subject and outflow rules together",
                "编制、学科和调出上限三条规则合在一起",
            ),
            R::MoveRules => lang.pick("the move rules", "交流规则"),
        }
    }
}

/// A pin in both languages, with its line in the pins file.
#[derive(Debug, Clone, PartialEq)]
pub struct PinWords {
    /// As in the pins file: `T01 move_to R2`.
    pub en: String,
    /// In Chinese words: `T01 调往 R2`.
    pub zh: String,
    /// Its line (or sheet row).
    pub line: usize,
}

/// A school whose outflow cap the conflicting pins break on their own: more of its
/// teachers are pinned to leave than the cap lets go.
#[derive(Debug, Clone, PartialEq)]
pub struct CapBroken {
    /// The school's id.
    pub school: String,
    /// Teachers it may send (`rules.outflow_cap` of its staff, rounded down).
    pub cap: u32,
    /// Its staff.
    pub staff: u32,
    /// `rules.outflow_cap`.
    pub share: f64,
    /// Its teachers pinned to leave.
    pub pinned: usize,
}

impl CapBroken {
    fn text(&self, lang: Lang) -> String {
        let (school, cap, staff, pinned) = (&self.school, self.cap, self.staff, self.pinned);
        let percent = crate::model::shares::percent(self.share);
        match lang {
            Lang::En => format!(
                "school {school} may send at most {cap} of its {staff} teachers \
                 (rules.outflow_cap = {percent}%), and {pinned} are pinned to leave it"
            ),
            Lang::Zh => format!(
                "学校 {school} 最多调出 {cap} 人（{staff} 人的 {percent}%，rules.outflow_cap），\
                 锁定须调出 {pinned} 人"
            ),
        }
    }
}

/// At most this many pins of a conflicting set are named one by one; the rest are
/// counted with their lines (one message per cause, never a flood).
const PINS_NAMED: usize = 6;

/// Pins that cannot hold together: a smallest conflicting set (one pin that cannot
/// hold alone, or several that cannot all hold), reported once, at its first pin's
/// line, with the rules they break.
#[derive(Debug, Clone, PartialEq)]
pub struct PinConflict {
    /// The pins of the set, in file order.
    pub pins: Vec<PinWords>,
    /// The rule families that forbid them.
    pub rules: Vec<ConflictRule>,
    /// Where the set is more pins leaving one school than its outflow cap allows.
    pub cap: Option<CapBroken>,
}

impl Message for PinConflict {
    fn text(&self, lang: Lang) -> String {
        let rules: Vec<&str> = self.rules.iter().map(|r| r.text(lang)).collect();
        // One more than the named count is named too: "1 more" would say less.
        let shown = if self.pins.len() == PINS_NAMED + 1 {
            self.pins.len()
        } else {
            PINS_NAMED
        };
        let named: Vec<String> = self
            .pins
            .iter()
            .take(shown)
            .map(|o| match lang {
                Lang::En => format!("`{}` (line {})", o.en, o.line),
                Lang::Zh => format!("`{}`（第 {} 行）", o.zh, o.line),
            })
            .collect();
        let rest = &self.pins[self.pins.len().min(shown)..];
        let more = match (rest.first(), rest.last()) {
            (Some(a), Some(b)) => {
                let lines = if a.line == b.line {
                    a.line.to_string()
                } else {
                    format!("{}–{}", a.line, b.line)
                };
                match lang {
                    Lang::En => format!(" and {} more (lines {lines})", rest.len()),
                    Lang::Zh => format!("及另外 {} 条（第 {lines} 行）", rest.len()),
                }
            }
            _ => String::new(),
        };
        let cap = self
            .cap
            .as_ref()
            .map(|c| match lang {
                Lang::En => format!("; {}", c.text(lang)),
                Lang::Zh => format!("；{}", c.text(lang)),
            })
            .unwrap_or_default();
        match (lang, self.pins.len()) {
            (Lang::En, 1) => format!(
                "pin {} cannot hold: it breaks {}{cap}",
                named[0],
                rules.join(" and ")
            ),
            (Lang::En, n) => format!(
                "these {n} pins cannot all hold: {}{more}; together they break {}{cap}",
                named.join(", "),
                rules.join(" and ")
            ),
            (Lang::Zh, 1) => format!("锁定 {} 无法实现：违反{}{cap}", named[0], rules.join("和")),
            (Lang::Zh, n) => format!(
                "以下 {n} 条锁定无法同时实现：{}{more}；合在一起违反{}{cap}",
                named.join("、"),
                rules.join("和")
            ),
        }
    }
}

/// The school whose outflow cap the pins `core` break on their own, when the outflow
/// cap is what forbids them and more of its teachers are pinned to leave than it may
/// send.
pub(crate) fn cap_broken(
    county: &crate::model::county::County,
    policy: &crate::model::policy::Policy,
    core: &crate::model::pins::Pins,
    rules: &[ConflictRule],
) -> Option<CapBroken> {
    if !rules.contains(&ConflictRule::Outflow) {
        return None;
    }
    let staff = county.staff();
    let mut leaving = vec![0usize; county.schools.len()];
    for p in &core.pins {
        if !matches!(p.action, crate::model::pins::PinAction::Stay) {
            leaving[county.teachers[p.teacher].school] += 1;
        }
    }
    (0..county.schools.len())
        .map(|s| {
            let cap = crate::model::shares::floor_share(policy.rules.outflow_cap, staff[s]);
            (s, cap)
        })
        .filter(|&(s, cap)| leaving[s] > cap as usize)
        .max_by_key(|&(s, cap)| leaving[s] - cap as usize)
        .map(|(s, cap)| CapBroken {
            school: county.schools[s].id.0.clone(),
            cap,
            staff: staff[s],
            share: policy.rules.outflow_cap,
            pinned: leaving[s],
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::has_chinese;

    fn pin(line: usize) -> PinWords {
        PinWords {
            en: "T01 move_to R2".into(),
            zh: "T01 调往 R2".into(),
            line,
        }
    }

    #[test]
    fn every_conflict_rule_has_chinese_and_english() {
        for rule in ConflictRule::ALL {
            assert!(has_chinese(rule.text(Lang::Zh)), "{rule:?}");
            assert!(!has_chinese(rule.text(Lang::En)), "{rule:?}");
        }
    }

    #[test]
    fn a_conflict_names_its_pins_as_written_in_each_language() {
        let c = PinConflict {
            pins: vec![pin(2), pin(3)],
            rules: vec![ConflictRule::Staffing],
            cap: None,
        };
        let en = Message::text(&c, Lang::En);
        assert!(en.starts_with("these 2 pins cannot all hold: `T01 move_to R2` (line 2), `T01 move_to R2` (line 3); together they break the staffing rule"), "{en}");
        let zh = Message::text(&c, Lang::Zh);
        assert!(
            zh.contains("以下 2 条锁定无法同时实现：`T01 调往 R2`（第 2 行）、`T01 调往 R2`（第 3 行）；合在一起违反编制规则"),
            "{zh}"
        );
        assert!(!zh.contains("move_to"), "{zh}");
        let alone = PinConflict {
            pins: vec![pin(2)],
            ..c
        };
        let en = Message::text(&alone, Lang::En);
        assert!(
            en.starts_with(
                "pin `T01 move_to R2` (line 2) cannot hold: it breaks the staffing rule"
            ),
            "{en}"
        );
        assert!(!has_chinese(&en));
    }

    /// Seven pins are all named ("and 1 more" would say less), and a cap's share is
    /// printed as a percentage without float noise.
    #[test]
    fn seven_pins_are_named_and_the_cap_share_is_clean() {
        let c = PinConflict {
            pins: (2..9).map(pin).collect(),
            rules: vec![ConflictRule::Outflow],
            cap: Some(CapBroken {
                school: "P09".into(),
                cap: 2,
                staff: 10,
                share: 0.29,
                pinned: 7,
            }),
        };
        let en = Message::text(&c, Lang::En);
        assert_eq!(en.matches("move_to").count(), 7, "{en}");
        assert!(!en.contains("more"), "{en}");
        assert!(en.contains("(rules.outflow_cap = 29%)"), "{en}");
    }

    /// Many pins over one school's cap: six named, the rest counted with their lines,
    /// and the school's cap in figures; the text stays short.
    #[test]
    fn many_pins_over_a_cap_name_six_count_the_rest_and_give_the_cap() {
        let c = PinConflict {
            pins: (2..24).map(pin).collect(),
            rules: vec![ConflictRule::Outflow],
            cap: Some(CapBroken {
                school: "P09".into(),
                cap: 21,
                staff: 71,
                share: 0.3,
                pinned: 22,
            }),
        };
        let en = Message::text(&c, Lang::En);
        assert!(en.starts_with("these 22 pins cannot all hold: "), "{en}");
        assert_eq!(en.matches("move_to").count(), 6, "{en}");
        assert!(en.contains(" and 16 more (lines 8–23)"), "{en}");
        assert!(
            en.ends_with("school P09 may send at most 21 of its 71 teachers (rules.outflow_cap = 30%), and 22 are pinned to leave it"),
            "{en}"
        );
        assert!(en.len() < 600, "{}: {en}", en.len());
        let zh = Message::text(&c, Lang::Zh);
        assert!(zh.contains("及另外 16 条（第 8–23 行）"), "{zh}");
        assert!(
            zh.ends_with(
                "学校 P09 最多调出 21 人（71 人的 30%，rules.outflow_cap），锁定须调出 22 人"
            ),
            "{zh}"
        );
    }
}
