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

impl PinWords {
    fn text(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.zh)
    }
}

/// One pin that cannot hold, with the other pins of its conflicting set and the rules
/// they break.
#[derive(Debug, Clone, PartialEq)]
pub struct PinConflict {
    /// The pin.
    pub pin: PinWords,
    /// The other pins it conflicts with (none: it cannot hold alone).
    pub others: Vec<PinWords>,
    /// The rule families that forbid them.
    pub rules: Vec<ConflictRule>,
}

impl Message for PinConflict {
    fn text(&self, lang: Lang) -> String {
        let rules: Vec<&str> = self.rules.iter().map(|r| r.text(lang)).collect();
        let others: Vec<String> = self
            .others
            .iter()
            .map(|o| match lang {
                Lang::En => format!("`{}` (line {})", o.en, o.line),
                Lang::Zh => format!("`{}`（第 {} 行）", o.zh, o.line),
            })
            .collect();
        match lang {
            Lang::En => format!(
                "pin `{}` cannot hold{}: it breaks {}",
                self.pin.text(lang),
                if others.is_empty() {
                    String::new()
                } else {
                    format!(" together with {}", others.join(", "))
                },
                rules.join(" and ")
            ),
            Lang::Zh => format!(
                "锁定 `{}`{}无法实现：违反{}",
                self.pin.text(lang),
                if others.is_empty() {
                    " ".to_string()
                } else {
                    format!(" 与 {}同时", others.join("、"))
                },
                rules.join("和")
            ),
        }
    }
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
            pin: pin(2),
            others: vec![pin(3)],
            rules: vec![ConflictRule::Staffing],
        };
        let en = Message::text(&c, Lang::En);
        assert!(en.starts_with("pin `T01 move_to R2` cannot hold together with `T01 move_to R2` (line 3): it breaks the staffing rule"), "{en}");
        let zh = Message::text(&c, Lang::Zh);
        assert!(
            zh.contains("锁定 `T01 调往 R2` 与 `T01 调往 R2`（第 3 行）同时无法实现：违反编制规则"),
            "{zh}"
        );
        assert!(!zh.contains("move_to"), "{zh}");
        let alone = PinConflict {
            others: vec![],
            ..c
        };
        assert!(!has_chinese(&Message::text(&alone, Lang::En)));
    }
}
