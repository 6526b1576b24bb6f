//! clap's parse errors (a missing argument, an unknown flag, a bad value) in Chinese.
//! clap writes its errors in English only; under `--lang zh` its error kind and
//! context are read into a [`UsageError`] and rendered here, with the usage line,
//! while English keeps clap's own text. A reason that comes from a value parser (the
//! standard library's `invalid float literal`) is kept, in brackets.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// One kind of command-line mistake, as data.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter)))]
pub enum UsageError {
    /// Required arguments not given.
    MissingArguments { args: Vec<String> },
    /// A flag or argument the command does not take; `hint` is clap's suggestion, and
    /// `dash_dash` says the word could be passed as a value after `--`.
    UnknownArgument {
        arg: String,
        hint: Option<String>,
        dash_dash: bool,
    },
    /// A subcommand that does not exist, with the similar ones.
    UnknownSubcommand { name: String, similar: Vec<String> },
    /// A value not among the argument's choices.
    NotAChoice {
        arg: String,
        value: String,
        choices: Vec<String>,
    },
    /// A value the argument's parser refused; `reason` is the parser's words.
    NotParsed {
        arg: String,
        value: String,
        reason: String,
    },
    /// An argument given without its value.
    MissingValue { arg: String },
    /// Too many or too few values for an argument.
    NumberOfValues {
        arg: String,
        expected: Option<usize>,
        given: Option<usize>,
    },
    /// Two arguments that cannot go together.
    Conflict { arg: String, with: String },
    /// A flag given twice where once is allowed.
    GivenTwice { arg: String },
    /// A command that needs a subcommand.
    MissingSubcommand { command: String },
    /// An argument that is not UTF-8 text.
    NotUtf8,
    /// Any other kind clap may add: clap's own words.
    Other { text: String },
}

/// A context value as text (a list joined with `, `).
fn value_text(v: &ContextValue) -> Option<String> {
    match v {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(s) => Some(s.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl UsageError {
    /// Reads clap's error kind and context.
    pub fn from_clap(e: &clap::Error) -> UsageError {
        let get = |kind: ContextKind| e.get(kind);
        let text = |kind: ContextKind| get(kind).and_then(value_text).unwrap_or_default();
        let list = |kind: ContextKind| match get(kind) {
            Some(ContextValue::Strings(s)) => s.clone(),
            Some(ContextValue::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        };
        let number = |kind: ContextKind| match get(kind) {
            Some(ContextValue::Number(n)) => usize::try_from(*n).ok(),
            _ => None,
        };
        let arg = text(ContextKind::InvalidArg);
        match e.kind() {
            ErrorKind::MissingRequiredArgument => UsageError::MissingArguments {
                args: list(ContextKind::InvalidArg),
            },
            ErrorKind::UnknownArgument => UsageError::UnknownArgument {
                arg,
                hint: get(ContextKind::SuggestedArg).and_then(value_text),
                dash_dash: matches!(
                    get(ContextKind::TrailingArg),
                    Some(ContextValue::Bool(true))
                ),
            },
            ErrorKind::InvalidSubcommand => UsageError::UnknownSubcommand {
                name: text(ContextKind::InvalidSubcommand),
                similar: list(ContextKind::SuggestedSubcommand),
            },
            ErrorKind::InvalidValue if get(ContextKind::InvalidValue).is_some() => {
                let value = text(ContextKind::InvalidValue);
                if value.is_empty() {
                    UsageError::MissingValue { arg }
                } else {
                    UsageError::NotAChoice {
                        arg,
                        value,
                        choices: list(ContextKind::ValidValue),
                    }
                }
            }
            ErrorKind::InvalidValue | ErrorKind::NoEquals => UsageError::MissingValue { arg },
            ErrorKind::ValueValidation => UsageError::NotParsed {
                arg,
                value: text(ContextKind::InvalidValue),
                reason: std::error::Error::source(e)
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
            },
            ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
                UsageError::NumberOfValues {
                    arg,
                    expected: number(ContextKind::ExpectedNumValues)
                        .or_else(|| number(ContextKind::MinValues)),
                    given: number(ContextKind::ActualNumValues),
                }
            }
            ErrorKind::ArgumentConflict => {
                let with = text(ContextKind::PriorArg);
                if with.is_empty() || with == arg {
                    UsageError::GivenTwice { arg }
                } else {
                    UsageError::Conflict { arg, with }
                }
            }
            ErrorKind::MissingSubcommand => UsageError::MissingSubcommand {
                command: text(ContextKind::InvalidSubcommand),
            },
            ErrorKind::InvalidUtf8 => UsageError::NotUtf8,
            _ => UsageError::Other {
                text: e
                    .to_string()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .trim_start_matches("error: ")
                    .to_string(),
            },
        }
    }

    /// The mistake in Chinese (English is clap's own text).
    pub fn text_zh(&self) -> String {
        let quoted = |items: &[String]| {
            items
                .iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join("、")
        };
        match self {
            UsageError::MissingArguments { args } => {
                format!("缺少必需的参数：{}", quoted(args))
            }
            UsageError::UnknownArgument {
                arg,
                hint,
                dash_dash,
            } => {
                let mut text = format!("无法识别的参数 `{arg}`");
                if let Some(h) = hint {
                    text.push_str(&format!("；是否想写 `{h}`？"));
                } else if *dash_dash {
                    text.push_str(&format!("；如要把 `{arg}` 作为值传入，请写 `-- {arg}`"));
                }
                text
            }
            UsageError::UnknownSubcommand { name, similar } if similar.is_empty() => {
                format!("没有子命令 `{name}`")
            }
            UsageError::UnknownSubcommand { name, similar } => {
                format!("没有子命令 `{name}`；相近的有：{}", quoted(similar))
            }
            UsageError::NotAChoice {
                arg,
                value,
                choices,
            } => format!(
                "参数 `{arg}` 的值 `{value}` 无效；可选值：{}",
                quoted(choices)
            ),
            UsageError::NotParsed { arg, value, reason } if reason.is_empty() => {
                format!("参数 `{arg}` 的值 `{value}` 无效")
            }
            UsageError::NotParsed { arg, value, reason } => {
                format!(
                    "参数 `{arg}` 的值 `{value}` 无效{}（{reason}）",
                    parse_reason_zh(reason)
                )
            }
            UsageError::MissingValue { arg } => format!("参数 `{arg}` 缺少值"),
            UsageError::NumberOfValues {
                arg,
                expected,
                given,
            } => {
                let mut text = format!("参数 `{arg}` 的值个数不对");
                if let Some(n) = expected {
                    text.push_str(&format!("：应为 {n} 个"));
                    if let Some(g) = given {
                        text.push_str(&format!("，实际给了 {g} 个"));
                    }
                }
                text
            }
            UsageError::Conflict { arg, with } => {
                format!("参数 `{arg}` 不能与 `{with}` 同时使用")
            }
            UsageError::GivenTwice { arg } => format!("参数 `{arg}` 只能给一次"),
            UsageError::MissingSubcommand { command } if command.is_empty() => "缺少子命令".into(),
            UsageError::MissingSubcommand { command } => format!("`{command}` 缺少子命令"),
            UsageError::NotUtf8 => "参数不是有效的 UTF-8 文本".into(),
            UsageError::Other { text } => format!("命令行有误（{text}）"),
        }
    }
}

/// The standard library's usual parse failures in Chinese words (its own text follows
/// in brackets).
fn parse_reason_zh(reason: &str) -> &'static str {
    match reason {
        "invalid float literal" => "：应为一个数",
        "invalid digit found in string" => "：应为整数",
        "number too large to fit in target type" => "：数太大",
        "cannot parse integer from empty string" | "cannot parse float from empty string" => {
            "：值为空"
        }
        _ => "",
    }
}

/// clap's error in Chinese as the user reads it: the mistake, the usage line and
/// where to find more, as clap lays out its English.
pub fn render_zh(e: &clap::Error) -> String {
    let mut out = format!("错误：{}\n", UsageError::from_clap(e).text_zh());
    if let Some(usage) = e.get(ContextKind::Usage).and_then(value_text) {
        let usage = usage.trim();
        let usage = usage
            .strip_prefix("Usage:")
            .or_else(|| usage.strip_prefix("用法："))
            .unwrap_or(usage)
            .trim();
        out.push_str(&format!("\n用法：{usage}\n"));
    }
    out.push_str("\n更多信息请运行 `--help`。\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rotation::model::lang::has_chinese;
    use strum::IntoEnumIterator;

    fn examples() -> Vec<UsageError> {
        vec![
            UsageError::MissingArguments {
                args: vec!["--out <OUT>".into()],
            },
            UsageError::UnknownArgument {
                arg: "--bogus".into(),
                hint: None,
                dash_dash: true,
            },
            UsageError::UnknownSubcommand {
                name: "plna".into(),
                similar: vec!["plan".into()],
            },
            UsageError::NotAChoice {
                arg: "--format".into(),
                value: "xml".into(),
                choices: vec!["text".into(), "json".into()],
            },
            UsageError::NotParsed {
                arg: "--time-limit".into(),
                value: "abc".into(),
                reason: "invalid float literal".into(),
            },
            UsageError::MissingValue {
                arg: "--out".into(),
            },
            UsageError::NumberOfValues {
                arg: "--x".into(),
                expected: Some(2),
                given: Some(1),
            },
            UsageError::Conflict {
                arg: "--a".into(),
                with: "--b".into(),
            },
            UsageError::GivenTwice { arg: "--a".into() },
            UsageError::MissingSubcommand {
                command: "study".into(),
            },
            UsageError::NotUtf8,
            UsageError::Other {
                text: "something".into(),
            },
        ]
    }

    #[test]
    fn every_usage_error_has_chinese() {
        let examples = examples();
        for kind in UsageErrorDiscriminants::iter() {
            let m = examples
                .iter()
                .find(|m| UsageErrorDiscriminants::from(*m) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            assert!(has_chinese(&m.text_zh()), "{kind:?}: {}", m.text_zh());
        }
    }
}
