//! What is wrong with a sweep grid (`--vary KEY=FROM:TO:STEP`, `--plot`, the study
//! file's `[sweep]`), as data rendered in English or Chinese by
//! [`GridProblem::text`]. The English keeps the words earlier versions printed.

use crate::model::lang::Lang;
use crate::model::message::Message;
use crate::model::policy_labels::key_heading;

/// One problem of a sweep grid or of `--plot`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter), vis(pub(crate))))]
#[allow(missing_docs)]
pub enum GridProblem {
    /// `--vary` without `=`.
    NoEquals { spec: String },
    /// A key that is not a numeric policy key (or a suffix of exactly one).
    UnknownKey {
        spec: String,
        name: String,
        keys: Vec<String>,
    },
    /// A range that is not `FROM:TO:STEP`.
    RangeShape {
        spec: String,
        key: String,
        range: String,
    },
    /// `FROM`, `TO` or `STEP` that is not a number.
    NotANumber {
        spec: String,
        key: String,
        part: RangePart,
        text: String,
    },
    /// A step of 0.
    ZeroStep {
        spec: String,
        key: String,
        from: f64,
        to: f64,
    },
    /// A step that goes away from `to`.
    StepAway {
        spec: String,
        key: String,
        from: f64,
        to: f64,
        step: f64,
    },
    /// More values of one key than a sweep takes.
    TooManyValues {
        spec: String,
        key: String,
        values: usize,
        max: usize,
    },
    /// The same key varied twice.
    KeyTwice { key: String },
    /// More grid points than a sweep takes.
    TooManyPoints { max: usize },
    /// `--plot` names that are neither presets nor figures.
    PlotUnknown {
        spec: String,
        unknown: Vec<String>,
        presets: Vec<String>,
        figures: Vec<String>,
    },
    /// `--plot` naming nothing.
    PlotEmpty { spec: String, presets: Vec<String> },
    /// More panels than a chart has.
    PlotTooMany {
        spec: String,
        figures: usize,
        max: usize,
    },
}

/// A part of `FROM:TO:STEP`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangePart {
    /// The first value.
    From,
    /// The last value.
    To,
    /// The step.
    Step,
}

impl RangePart {
    fn word(self, lang: Lang) -> &'static str {
        match self {
            RangePart::From => lang.pick("FROM", "起始值"),
            RangePart::To => lang.pick("TO", "终止值"),
            RangePart::Step => lang.pick("STEP", "步长"),
        }
    }
}

const EXAMPLE_EN: &str = "expected KEY=FROM:TO:STEP, e.g. targets.exchange_rate=0.10:0.50:0.05";
const EXAMPLE_ZH: &str = "应为 键=起始值:终止值:步长，例如 targets.exchange_rate=0.10:0.50:0.05";

/// `targets.exchange_rate（交流比例）`: the key as typed, and its Chinese label.
fn key_zh(key: &str) -> String {
    let label = key_heading(key, Lang::Zh);
    let label = label.trim_start_matches("政策·");
    if label == key {
        format!("`{key}`")
    } else {
        format!("`{key}`（{label}）")
    }
}

impl GridProblem {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::Zh => self.chinese(),
        }
    }

    fn english(&self) -> String {
        use GridProblem as P;
        match self {
            P::NoEquals { spec } => format!("--vary `{spec}`: {EXAMPLE_EN}"),
            P::UnknownKey { spec, name, keys } => format!(
                "--vary `{spec}`: unknown policy key `{name}`; numeric keys are: {}",
                keys.join(", ")
            ),
            P::RangeShape { spec, key, range } => {
                format!("--vary `{spec}`: the range of `{key}` is `{range}`; {EXAMPLE_EN}")
            }
            P::NotANumber {
                spec,
                key,
                part,
                text,
            } => format!(
                "--vary `{spec}`: {} of `{key}` is `{text}`, not a number",
                part.word(Lang::En)
            ),
            P::ZeroStep { spec, key, from, to } => format!(
                "--vary `{spec}`: the step of `{key}` is 0; it must move from {from} towards {to}"
            ),
            P::StepAway {
                spec,
                key,
                from,
                to,
                step,
            } => format!(
                "--vary `{spec}`: the step of `{key}` is {step}, which goes away from {to} (from {from}); use a step of the opposite sign"
            ),
            P::TooManyValues {
                spec,
                key,
                values,
                max,
            } => format!(
                "--vary `{spec}`: {values} values of `{key}`; a sweep takes at most {max} points"
            ),
            P::KeyTwice { key } => format!("--vary `{key}` is given twice"),
            P::TooManyPoints { max } => format!(
                "the grid has more than {max} points; vary fewer keys or use larger steps"
            ),
            P::PlotUnknown {
                spec,
                unknown,
                presets,
                figures,
            } => format!(
                "--plot `{spec}`: `{}` {} to plot; use {} or figures of sweep.csv: {}",
                unknown.join("`, `"),
                if unknown.len() == 1 {
                    "is not a figure"
                } else {
                    "are not figures"
                },
                presets.join(", "),
                figures.join(", ")
            ),
            P::PlotEmpty { spec, presets } => format!(
                "--plot `{spec}` names no figure; use {} or figures of sweep.csv",
                presets.join(", ")
            ),
            P::PlotTooMany { spec, figures, max } => {
                format!("--plot `{spec}`: {figures} figures; a chart has at most {max} panels")
            }
        }
    }

    fn chinese(&self) -> String {
        use GridProblem as P;
        match self {
            P::NoEquals { spec } => format!("--vary `{spec}`：{EXAMPLE_ZH}"),
            P::UnknownKey { spec, name, keys } => format!(
                "--vary `{spec}`：未知的政策键 `{name}`；可扫描的数值键为：{}",
                keys.join("、")
            ),
            P::RangeShape { spec, key, range } => format!(
                "--vary `{spec}`：{} 的范围为 `{range}`；{EXAMPLE_ZH}",
                key_zh(key)
            ),
            P::NotANumber {
                spec,
                key,
                part,
                text,
            } => format!(
                "--vary `{spec}`：{} 的{}为 `{text}`，不是数字",
                key_zh(key),
                part.word(Lang::Zh)
            ),
            P::ZeroStep { spec, key, from, to } => format!(
                "--vary `{spec}`：{} 的步长为 0；应从 {from} 向 {to} 变化",
                key_zh(key)
            ),
            P::StepAway {
                spec,
                key,
                from,
                to,
                step,
            } => format!(
                "--vary `{spec}`：{} 的步长为 {step}，从 {from} 出发会远离 {to}；请改用相反符号的步长",
                key_zh(key)
            ),
            P::TooManyValues {
                spec,
                key,
                values,
                max,
            } => format!(
                "--vary `{spec}`：{} 有 {values} 个取值；一次扫描最多 {max} 个点",
                key_zh(key)
            ),
            P::KeyTwice { key } => format!("--vary {} 给了两次", key_zh(key)),
            P::TooManyPoints { max } => {
                format!("扫描网格超过 {max} 个点；请减少扫描的键或加大步长")
            }
            P::PlotUnknown {
                spec,
                unknown,
                presets,
                figures,
            } => format!(
                "--plot `{spec}`：`{}` 不是可绘制的指标；请用 {} 或 sweep.csv 中的指标：{}",
                unknown.join("`、`"),
                presets.join("、"),
                figures.join("、")
            ),
            P::PlotEmpty { spec, presets } => format!(
                "--plot `{spec}` 没有指定任何指标；请用 {} 或 sweep.csv 中的指标",
                presets.join("、")
            ),
            P::PlotTooMany { spec, figures, max } => {
                format!("--plot `{spec}`：{figures} 个指标；一张图最多 {max} 个分图")
            }
        }
    }
}

impl Message for GridProblem {
    fn text(&self, lang: Lang) -> String {
        GridProblem::text(self, lang)
    }
}

/// Every problem of a sweep's grid and `--plot`, reported at once; `nothing_done`
/// adds the line that nothing was solved or written.
#[derive(Debug, Clone, PartialEq)]
pub struct GridProblems {
    /// The problems, in the order found.
    pub problems: Vec<GridProblem>,
    /// Whether to close with "nothing was solved or written".
    pub nothing_done: bool,
}

impl Message for GridProblems {
    fn text(&self, lang: Lang) -> String {
        let mut lines: Vec<String> = self.problems.iter().map(|p| p.text(lang)).collect();
        if self.nothing_done {
            lines.push(
                lang.pick("nothing was solved or written", "未求解，也未写入任何文件")
                    .into(),
            );
        }
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::has_chinese;
    use strum::IntoEnumIterator;

    fn examples() -> Vec<GridProblem> {
        use GridProblem as P;
        let spec = || "targets.exchange_rate=0.1:0.5:0".to_string();
        let key = || "targets.exchange_rate".to_string();
        vec![
            P::NoEquals { spec: spec() },
            P::UnknownKey {
                spec: spec(),
                name: "nope".into(),
                keys: vec![key()],
            },
            P::RangeShape {
                spec: spec(),
                key: key(),
                range: "0.1".into(),
            },
            P::NotANumber {
                spec: spec(),
                key: key(),
                part: RangePart::To,
                text: "x".into(),
            },
            P::ZeroStep {
                spec: spec(),
                key: key(),
                from: 0.1,
                to: 0.5,
            },
            P::StepAway {
                spec: spec(),
                key: key(),
                from: 0.1,
                to: 0.5,
                step: -0.1,
            },
            P::TooManyValues {
                spec: spec(),
                key: key(),
                values: 3000,
                max: 2000,
            },
            P::KeyTwice { key: key() },
            P::TooManyPoints { max: 2000 },
            P::PlotUnknown {
                spec: "x".into(),
                unknown: vec!["x".into()],
                presets: vec!["price".into()],
                figures: vec!["moved".into()],
            },
            P::PlotEmpty {
                spec: ",".into(),
                presets: vec!["price".into()],
            },
            P::PlotTooMany {
                spec: "a".into(),
                figures: 9,
                max: 8,
            },
        ]
    }

    #[test]
    fn every_grid_problem_has_chinese_and_english() {
        let examples = examples();
        for kind in GridProblemDiscriminants::iter() {
            let m = examples
                .iter()
                .find(|m| GridProblemDiscriminants::from(*m) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            let (en, zh) = (m.text(Lang::En), m.text(Lang::Zh));
            assert!(has_chinese(&zh), "{kind:?} has no Chinese: {zh}");
            assert!(!has_chinese(&en), "{kind:?} English has Chinese: {en}");
        }
        for part in [RangePart::From, RangePart::To, RangePart::Step] {
            assert!(has_chinese(part.word(Lang::Zh)));
        }
    }

    #[test]
    fn a_key_is_named_with_its_chinese_label() {
        let p = GridProblem::KeyTwice {
            key: "targets.exchange_rate".into(),
        };
        assert!(p
            .text(Lang::Zh)
            .contains("`targets.exchange_rate`（交流比例）"));
    }
}
