//! Long file: every kind of policy problem, value and range with its words in both
//! languages sit in one match each, so that none gains a language without the other.
//!
//! What is wrong with a policy file (`models/*.toml`), as data: one variant per kind of
//! problem, rendered in English or Chinese by [`PolicyProblem::text`]. The TOML reader
//! and serde speak English in sentences of their own; [`PolicyProblem::from_serde`]
//! reads those sentences back into data (serde's wording is fixed by its `de::Error`
//! constructors), so that the user reads the key, the value and what was expected in
//! their language. Only a TOML syntax error keeps the parser's own words, in brackets
//! after a Chinese sentence.

use crate::model::lang::Lang;

/// One problem with a policy file; the [`Diagnostic`] holding it has the file, line
/// and column.
///
/// [`Diagnostic`]: crate::model::diagnostics::Diagnostic
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter), vis(pub(crate))))]
#[allow(missing_docs)]
pub enum PolicyProblem {
    /// The text is not TOML; `error` is the TOML parser's own words.
    Syntax { error: String },
    /// A key no policy table has: `key` as written with its table (`targets.exchange_rat`),
    /// `known` the keys that table does have.
    UnknownKey { key: String, known: Vec<String> },
    /// A value that is not one of the key's choices (`rules.direction = "sideways"`).
    UnknownChoice {
        key: String,
        value: String,
        choices: Vec<String>,
    },
    /// A value of the wrong type or sign (`exchange_rate = "abc"`, `min_years = -1`).
    WrongType {
        key: String,
        found: Found,
        expected: ValueKind,
    },
    /// A number outside the key's range.
    OutOfRange {
        key: String,
        value: String,
        expected: PolicyRange,
    },
    /// A key that once existed and no longer has any effect.
    Retired { key: String },
    /// A complaint serde phrases in a way [`PolicyProblem::from_serde`] does not know:
    /// the key, and serde's own words.
    Other { key: String, error: String },
}

/// A value as the TOML file has it, in a wrong-type message.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum Found {
    Text(String),
    Integer(String),
    Float(String),
    Boolean(String),
    Table,
    List,
    /// serde's words for something else.
    Other(String),
}

/// The kind of value a key takes.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumIter))]
#[allow(missing_docs)]
pub enum ValueKind {
    Number,
    /// A whole number, 0 or more.
    Count,
    /// A whole number, maybe negative.
    Integer,
    Boolean,
    Text,
    List,
    Table,
    /// serde's name of a type it does not say more about.
    Other(String),
}

/// The range a numeric key must lie in.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumIter))]
#[allow(missing_docs)]
pub enum PolicyRange {
    /// A share in [0, 1].
    Share,
    /// A distance > 0 km.
    PositiveKm,
    /// A travel time > 0 minutes.
    PositiveMinutes,
    Year {
        lo: i32,
        hi: i32,
    },
    Age {
        lo: u32,
        hi: u32,
    },
    AtMostYears {
        max: u32,
    },
    /// At most `max` years, 0 turning the rule off.
    AtMostYearsOrOff {
        max: u32,
    },
    TermYears {
        lo: u32,
        hi: u32,
    },
    /// A cost weight in [0, max]; above it the solver's precision drowns the others.
    Weight {
        max: f64,
    },
    /// A coefficient of variation > 0.
    PositiveCv,
    /// Teachers per 100 students, in [0, 100].
    PerHundredStudents,
    Classes {
        lo: u32,
        hi: u32,
    },
    AtLeastOneSubject,
    AtLeastOneYear,
    Points {
        max: u32,
    },
    CareerStartAge {
        max: u32,
    },
    /// Seconds in (0, max].
    Seconds {
        max: f64,
    },
}

/// The parts of a serde sentence between backticks: `unknown field `a`, expected `b``
/// → `a`, `b`.
fn quoted(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

impl Found {
    /// serde's `Unexpected` as displayed: `string "abc"`, `integer `-1``, `map`.
    fn from_serde(text: &str) -> Found {
        let inner = || {
            quoted(text)
                .into_iter()
                .next()
                .unwrap_or_else(|| text.to_string())
        };
        if let Some(rest) = text.strip_prefix("string ") {
            Found::Text(rest.trim_matches('"').to_string())
        } else if text.starts_with("integer ") {
            Found::Integer(inner())
        } else if text.starts_with("floating point ") {
            Found::Float(inner())
        } else if text.starts_with("boolean ") {
            Found::Boolean(inner())
        } else if text == "map" {
            Found::Table
        } else if text == "sequence" {
            Found::List
        } else {
            Found::Other(text.to_string())
        }
    }

    fn text(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match self {
            Found::Text(s) if en => format!("the text \"{s}\""),
            Found::Text(s) => format!("文本 \"{s}\""),
            Found::Integer(s) if en => format!("the whole number {s}"),
            Found::Integer(s) => format!("整数 {s}"),
            Found::Float(s) if en => format!("the number {s}"),
            Found::Float(s) => format!("小数 {s}"),
            Found::Boolean(s) if en => format!("the boolean {s}"),
            Found::Boolean(s) => format!("布尔值 {s}"),
            Found::Table if en => "a table".into(),
            Found::Table => "一个表".into(),
            Found::List if en => "a list".into(),
            Found::List => "一个列表".into(),
            Found::Other(s) if en => s.clone(),
            Found::Other(s) => format!("值（{s}）"),
        }
    }
}

impl ValueKind {
    /// serde's `expected` as displayed: a Rust type (`f64`, `u32`) or a phrase.
    fn from_serde(text: &str) -> ValueKind {
        match text {
            "f64" | "f32" | "a number" => ValueKind::Number,
            "u8" | "u16" | "u32" | "u64" | "usize" => ValueKind::Count,
            "i8" | "i16" | "i32" | "i64" | "isize" => ValueKind::Integer,
            "a boolean" | "bool" => ValueKind::Boolean,
            "a string" | "string" => ValueKind::Text,
            "a sequence" => ValueKind::List,
            t if t == "a map" || t.starts_with("struct ") => ValueKind::Table,
            t => ValueKind::Other(t.to_string()),
        }
    }

    /// What the key takes, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match self {
            ValueKind::Number if en => "a number".into(),
            ValueKind::Number => "一个数".into(),
            ValueKind::Count if en => "a whole number ≥ 0".into(),
            ValueKind::Count => "不小于 0 的整数".into(),
            ValueKind::Integer if en => "a whole number".into(),
            ValueKind::Integer => "整数".into(),
            ValueKind::Boolean if en => "`true` or `false`".into(),
            ValueKind::Boolean => "true（是）或 false（否）".into(),
            ValueKind::Text if en => "a text in quotes".into(),
            ValueKind::Text => "加引号的文本".into(),
            ValueKind::List if en => "a list `[...]`".into(),
            ValueKind::List => "列表 `[...]`".into(),
            ValueKind::Table if en => "a table".into(),
            ValueKind::Table => "一个表".into(),
            ValueKind::Other(s) if en => s.clone(),
            ValueKind::Other(s) => format!("类型为 {s} 的值"),
        }
    }
}

impl PolicyRange {
    /// The range, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use PolicyRange as R;
        let en = lang == Lang::En;
        match self {
            R::Share if en => "a share in [0, 1]".into(),
            R::Share => "0 到 1 之间的比例".into(),
            R::PositiveKm if en => "a distance > 0 km".into(),
            R::PositiveKm => "大于 0 的公里数".into(),
            R::PositiveMinutes if en => "a travel time > 0 minutes".into(),
            R::PositiveMinutes => "大于 0 的分钟数".into(),
            R::Year { lo, hi } if en => format!("a year between {lo} and {hi}"),
            R::Year { lo, hi } => format!("{lo} 到 {hi} 之间的年份"),
            R::Age { lo, hi } if en => format!("an age between {lo} and {hi}"),
            R::Age { lo, hi } => format!("{lo} 到 {hi} 岁之间的年龄"),
            R::AtMostYears { max } if en => format!("at most {max} years"),
            R::AtMostYears { max } => format!("不超过 {max} 年"),
            R::AtMostYearsOrOff { max } if en => {
                format!("at most {max} years (0 turns the rule off)")
            }
            R::AtMostYearsOrOff { max } => format!("不超过 {max} 年（0 表示不用这条规则）"),
            R::TermYears { lo, hi } if en => format!("a term of {lo} to {hi} years"),
            R::TermYears { lo, hi } => format!("{lo} 到 {hi} 年的任期"),
            R::Weight { max } if en => format!(
                "a weight in [0, {max:e}]: a larger one drowns the other costs (the solver \
                 keeps about 9 significant digits)"
            ),
            R::Weight { max } => format!(
                "0 到 {max:e} 之间的权重：更大的权重会淹没其他成本（求解器只保留约 9 位有效数字）"
            ),
            R::PositiveCv if en => "a coefficient of variation > 0".into(),
            R::PositiveCv => "大于 0 的变异系数".into(),
            R::PerHundredStudents if en => "teachers per 100 students in [0, 100]".into(),
            R::PerHundredStudents => "每百名学生 0 到 100 名教师".into(),
            R::Classes { lo, hi } if en => format!("{lo} to {hi} classes"),
            R::Classes { lo, hi } => format!("{lo} 到 {hi} 个班"),
            R::AtLeastOneSubject if en => "at least one subject".into(),
            R::AtLeastOneSubject => "至少一个学科".into(),
            R::AtLeastOneYear if en => "at least 1 year".into(),
            R::AtLeastOneYear => "至少 1 年".into(),
            R::Points { max } if en => format!("0 to {max} points"),
            R::Points { max } => format!("0 到 {max} 分"),
            R::CareerStartAge { max } if en => format!("an age of at most {max}"),
            R::CareerStartAge { max } => format!("不超过 {max} 岁的年龄"),
            R::Seconds { max } if en => format!("seconds in (0, {max}]"),
            R::Seconds { max } => format!("大于 0、不超过 {max} 的秒数"),
        }
    }
}

/// `a`, `b` or `c` / `a`、`b` 或 `c`.
fn choice_list(items: &[String], lang: Lang) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    let (sep, or) = (lang.pick(", ", "、"), lang.pick(" or ", " 或 "));
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{or}{last}", rest.join(sep)),
    }
}

impl PolicyProblem {
    /// A serde complaint about `key` (the dotted key where the TOML reader stopped, or
    /// empty when unknown) read back into data.
    pub fn from_serde(key: &str, message: &str) -> PolicyProblem {
        let key = key.to_string();
        if let Some(rest) = message.strip_prefix("unknown field ") {
            let names = quoted(rest);
            let known = names.get(1..).map(<[String]>::to_vec).unwrap_or_default();
            let field = names.first().cloned().unwrap_or_default();
            let key = if key.ends_with(&field) { key } else { field };
            return PolicyProblem::UnknownKey { key, known };
        }
        if let Some(rest) = message.strip_prefix("unknown variant ") {
            let mut names = quoted(rest);
            if names.is_empty() {
                return PolicyProblem::Other {
                    key,
                    error: message.into(),
                };
            }
            let value = names.remove(0);
            return PolicyProblem::UnknownChoice {
                key,
                value,
                choices: names,
            };
        }
        let typed = message
            .strip_prefix("invalid type: ")
            .or_else(|| message.strip_prefix("invalid value: "));
        if let Some((found, expected)) = typed.and_then(|t| t.rsplit_once(", expected ")) {
            return PolicyProblem::WrongType {
                key,
                found: Found::from_serde(found),
                expected: ValueKind::from_serde(expected),
            };
        }
        PolicyProblem::Other {
            key,
            error: message.to_string(),
        }
    }

    /// The dotted key the problem is about, to find its line (empty for a syntax error).
    pub fn key(&self) -> &str {
        use PolicyProblem as P;
        match self {
            P::Syntax { .. } => "",
            P::UnknownKey { key, .. }
            | P::UnknownChoice { key, .. }
            | P::WrongType { key, .. }
            | P::OutOfRange { key, .. }
            | P::Retired { key }
            | P::Other { key, .. } => key,
        }
    }

    /// The problem in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use PolicyProblem as P;
        let en = lang == Lang::En;
        match self {
            P::Syntax { error } if en => format!("not valid TOML: {error}"),
            P::Syntax { error } => format!(
                "不是有效的 TOML 格式：{}（解析器原文：{error}）",
                syntax_zh(error)
            ),
            P::UnknownKey { key, known } if en => {
                let expected = if known.is_empty() {
                    "this table has no keys".to_string()
                } else {
                    format!("expected one of {}", choice_list(known, lang))
                };
                format!("unknown key `{key}`; {expected}")
            }
            P::UnknownKey { key, known } => {
                let expected = if known.is_empty() {
                    "这个表没有任何键".to_string()
                } else {
                    format!("应为以下之一：{}", choice_list(known, lang))
                };
                format!("未知的键 `{key}`；{expected}")
            }
            P::UnknownChoice {
                key,
                value,
                choices,
            } if en => format!(
                "unknown value `{value}` for `{key}`; expected {}",
                choice_list(choices, lang)
            ),
            P::UnknownChoice {
                key,
                value,
                choices,
            } => format!(
                "`{key}` 的值 `{value}` 无法识别；应为 {}",
                choice_list(choices, lang)
            ),
            P::WrongType {
                key,
                found,
                expected,
            } if en => format!(
                "`{key}` is {}; expected {}",
                found.text(lang),
                expected.text(lang)
            ),
            P::WrongType {
                key,
                found,
                expected,
            } => format!(
                "`{key}` 的值是{}；应为{}",
                found.text(lang),
                expected.text(lang)
            ),
            P::OutOfRange {
                key,
                value,
                expected,
            } if en => format!(
                "`{key}` = {value} is out of range; expected {}",
                expected.text(lang)
            ),
            P::OutOfRange {
                key,
                value,
                expected,
            } => format!("`{key}` = {value} 超出范围；应为{}", expected.text(lang)),
            P::Retired { key } if en => format!(
                "`{key}` is retired: targets always come first (the plan with the least \
                 shortfall is found before any cost is weighed); delete the key"
            ),
            P::Retired { key } => format!(
                "`{key}` 已停用：目标始终优先（先找出差额最小的方案，再权衡成本）；请删除这个键"
            ),
            P::Other { key, error } if en => format!("`{key}`: {error}"),
            P::Other { key, error } => format!("`{key}` 的值无效（原文：{error}）"),
        }
    }
}

/// The TOML parser's usual complaints in Chinese words; the parser's own text follows
/// in brackets in any case.
fn syntax_zh(error: &str) -> &'static str {
    let e = error.to_ascii_lowercase();
    if e.contains("duplicate key") {
        "同一个键写了两次"
    } else if e.contains("unclosed table") || e.contains("expected `]`") {
        "表名缺少右方括号 `]`"
    } else if e.contains("string") || e.contains("quote") {
        "引号没有成对，或文本写法有误"
    } else if e.contains("expected `=`") || e.contains("key with no value") {
        "键后面应是 `=` 和值"
    } else if e.contains("invalid") || e.contains("expected") {
        "这一处写法有误"
    } else {
        "无法解析"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::has_chinese;
    use strum::IntoEnumIterator;

    fn examples() -> Vec<PolicyProblem> {
        use PolicyProblem as P;
        vec![
            P::Syntax {
                error: "unclosed table, expected `]`".into(),
            },
            P::UnknownKey {
                key: "targets.exchange_rat".into(),
                known: vec!["exchange_rate".into(), "backbone_share".into()],
            },
            P::UnknownChoice {
                key: "rules.direction".into(),
                value: "sideways".into(),
                choices: vec!["cross_zone".into(), "any".into()],
            },
            P::WrongType {
                key: "targets.exchange_rate".into(),
                found: Found::Text("abc".into()),
                expected: ValueKind::Number,
            },
            P::OutOfRange {
                key: "targets.exchange_rate".into(),
                value: "1.5".into(),
                expected: PolicyRange::Share,
            },
            P::Retired {
                key: "weights.shortfall_penalty".into(),
            },
            P::Other {
                key: "teams".into(),
                error: "invalid length 0".into(),
            },
        ]
    }

    #[test]
    fn every_policy_problem_has_chinese_and_english() {
        let examples = examples();
        for kind in PolicyProblemDiscriminants::iter() {
            let m = examples
                .iter()
                .find(|m| PolicyProblemDiscriminants::from(*m) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            let (en, zh) = (m.text(Lang::En), m.text(Lang::Zh));
            assert!(has_chinese(&zh), "{kind:?} has no Chinese: {zh}");
            assert!(!has_chinese(&en), "{kind:?} English has Chinese: {en}");
        }
    }

    #[test]
    fn every_range_and_value_kind_has_chinese_and_english() {
        for r in PolicyRange::iter() {
            assert!(has_chinese(&r.text(Lang::Zh)), "{r:?}");
            assert!(!has_chinese(&r.text(Lang::En)), "{r:?}");
        }
        for k in ValueKind::iter() {
            assert!(has_chinese(&k.text(Lang::Zh)), "{k:?}");
            assert!(!has_chinese(&k.text(Lang::En)), "{k:?}");
        }
    }

    #[test]
    fn serde_sentences_are_read_back_into_data() {
        assert_eq!(
            PolicyProblem::from_serde(
                "targets.exchange_rat",
                "unknown field `exchange_rat`, expected one of `exchange_rate`, `backbone_share`"
            ),
            PolicyProblem::UnknownKey {
                key: "targets.exchange_rat".into(),
                known: vec!["exchange_rate".into(), "backbone_share".into()],
            }
        );
        assert_eq!(
            PolicyProblem::from_serde(
                "rules.direction",
                "unknown variant `sideways`, expected `cross_zone` or `any`"
            ),
            PolicyProblem::UnknownChoice {
                key: "rules.direction".into(),
                value: "sideways".into(),
                choices: vec!["cross_zone".into(), "any".into()],
            }
        );
        assert_eq!(
            PolicyProblem::from_serde("a.b", "invalid value: integer `-1`, expected u32"),
            PolicyProblem::WrongType {
                key: "a.b".into(),
                found: Found::Integer("-1".into()),
                expected: ValueKind::Count,
            }
        );
        assert_eq!(
            PolicyProblem::from_serde("a.b", "invalid type: string \"abc\", expected f64"),
            PolicyProblem::WrongType {
                key: "a.b".into(),
                found: Found::Text("abc".into()),
                expected: ValueKind::Number,
            }
        );
    }
}
