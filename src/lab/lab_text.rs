//! The words of the lab's HTML reports (`compare --report`, `sweep --report`) and of the
//! sweep chart, as data: every heading, legend, label and note is a [`LabText`],
//! rendered in one place per language. In Chinese (`--lang zh`, or the compare page of
//! a Chinese `rotation serve`) the Chinese alone; in English the English followed by the
//! Chinese, as the lab's reports always have (see `output::report_text` for the plan
//! report's words).

use crate::lab::runs::Verdict;
use crate::lab::stopped::{stopped_sentence, StoppedAtLimit};
use crate::model::lang::Lang;
use crate::model::policy_labels::key_label;
use crate::output::chart::num;

/// One text of the lab's reports or of the sweep chart.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter), vis(pub(crate))))]
pub enum LabText {
    /// The comparison report's title.
    ComparisonTitle,
    /// How many policies the comparison holds.
    PolicyCount(usize),
    /// The heading of the comparison table.
    SideBySide,
    /// The comparison table's first column: the figure.
    FigureColumn,
    /// A run without a plan: why follows.
    NoPlan,
    /// The sweep report's title.
    SweepTitle,
    /// What the sweep varied, from which policy file.
    SweepWhat {
        /// The base policy's file.
        base: String,
        /// The varied keys (`targets.exchange_rate`).
        keys: Vec<String>,
    },
    /// The heading of the sweep's chart and table; also the chart of the price figures.
    PriceOfPolicy,
    /// The chart of the CV figures.
    Balance,
    /// What a short point means, under the sweep table.
    ShortExplained,
    /// The points that stopped at the time limit, of `points`, under the sweep table.
    StoppedAtLimit {
        /// Which stopped, and how.
        stopped: StoppedAtLimit,
        /// The sweep's points.
        points: usize,
    },
    /// The heading of the sweep's plans, one per point.
    PlansHeading,
    /// A point's verdict, beside its label (the chart's legend and tips, the plans).
    Verdict(Verdict),
    /// The legend of a point that meets its targets.
    MetLegend,
    /// The legend of a short point.
    ShortLegend,
    /// The chart's heading: `heading` (rendered) against the swept key.
    Against {
        /// The chart's heading, rendered.
        heading: String,
        /// The swept key (`targets.exchange_rate`).
        key: String,
    },
    /// The chart's description for screen readers.
    ChartDescription {
        /// Whether the chart is the balance chart.
        balance: bool,
        /// The swept key.
        key: String,
    },
    /// The swept key under the x axis.
    AxisKey(String),
    /// A series: the values of the other varied keys (`(key, value)`).
    SeriesName(Vec<(String, f64)>),
    /// The legend of the dashed line of the CV before the plan.
    CvBeforeLegend,
    /// The legend of the dashed line of the national standard.
    StandardLegend,
    /// The label of the line of the CV before the plan, with its value.
    BeforeLine(f64),
    /// The label of the national standard's line, with its value.
    StandardLine(f64),
    /// What a point's dash marks on the teachers-moved panel.
    TargetMark,
    /// What a point's dash marks on a CV panel.
    CapMark,
    /// A panel's title: the figure's labels and, when points have dashes, what they mark.
    PanelTitle {
        /// The figure's English label.
        en: &'static str,
        /// The figure's Chinese label.
        zh: &'static str,
        /// What the dashes mark (rendered), when any point has one.
        mark: Option<String>,
    },
    /// A panel of a CV without a value anywhere.
    CvUndefinedEverywhere,
    /// A panel without a value anywhere.
    NoValueAnywhere,
    /// A point's value where the figure is undefined.
    Undefined,
}

impl LabText {
    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let (en, zh) = self.words();
        match lang {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// English (the English then the Chinese, as the lab's reports have always shown
    /// them) and Chinese.
    fn words(&self) -> (String, String) {
        use LabText as T;
        let s = |en: &str, zh: &str| (en.to_string(), zh.to_string());
        match self {
            T::ComparisonTitle => s("Policy comparison 政策比较", "政策比较"),
            T::PolicyCount(n) => (format!("{n} policies 个政策"), format!("{n} 个政策")),
            T::SideBySide => s("Side by side 并列比较", "并列比较"),
            T::FigureColumn => s("Figure 指标", "指标"),
            T::NoPlan => s("No plan 无方案: ", "无方案："),
            T::SweepTitle => s("Policy sweep 政策参数扫描", "政策参数扫描"),
            T::SweepWhat { base, keys } => (
                format!(
                    "base policy 基准政策: {base}; varied 变化: {}",
                    keys.join(", ")
                ),
                format!(
                    "基准政策：{base}；变化的参数：{}",
                    keys.iter()
                        .map(|k| key_label(k, Lang::Zh))
                        .collect::<Vec<_>>()
                        .join("、")
                ),
            ),
            T::PriceOfPolicy => s("The price of policy 政策代价", "政策代价"),
            T::Balance => s("Balance 均衡", "均衡"),
            T::ShortExplained => s(
                "short: the hard rules leave no plan that meets the targets at this point; the \
                 best plan falls short. 未达标：在硬性规则下无法达到目标。",
                "未达标：在硬性规则下，这一取值点没有能达到目标的方案；表中是最接近目标的方案。",
            ),
            T::StoppedAtLimit { stopped, points } => {
                let zh = stopped_sentence(stopped, *points, Lang::Zh, false);
                (
                    format!(
                        "{}. {zh}。",
                        stopped_sentence(stopped, *points, Lang::En, false)
                    ),
                    format!("{zh}。"),
                )
            }
            T::PlansHeading => s("Plans 各点方案", "各点方案"),
            T::Verdict(Verdict::Met) => s("met 达标", "达标"),
            T::Verdict(Verdict::Short) => s("short 未达标", "未达标"),
            T::Verdict(Verdict::Failed) => s("failed 求解失败", "求解失败"),
            T::MetLegend => s("targets met 达标", "达标"),
            T::ShortLegend => s("short: target out of reach 未达标", "未达标：目标无法达到"),
            T::Against { heading, key } => (
                format!(
                    "{heading}: against {}",
                    T::AxisKey(key.clone()).text(Lang::En)
                ),
                format!("{heading}：随{}变化", key_label(key, Lang::Zh)),
            ),
            T::ChartDescription { balance, key } => {
                let (en, zh) = if *balance {
                    ("The balance of schools", "学校间的均衡")
                } else {
                    ("The price of policy", "政策代价")
                };
                (
                    format!("{en}: figures against {key}"),
                    format!("{zh}：各项指标随{}变化", key_label(key, Lang::Zh)),
                )
            }
            T::AxisKey(key) => {
                let zh = key_label(key, Lang::Zh);
                // The axis names the key and, as every label of the chart, its Chinese.
                let en = if zh == *key {
                    key.clone()
                } else {
                    format!("{key} {zh}")
                };
                (en, zh)
            }
            T::SeriesName(values) => {
                let join = |lang: Lang| {
                    values
                        .iter()
                        .map(|(k, v)| match lang {
                            Lang::En => {
                                format!("{}={}", k.rsplit('.').next().unwrap_or(k), num(*v))
                            }
                            Lang::Zh => format!("{}={}", key_label(k, Lang::Zh), num(*v)),
                        })
                        .collect::<Vec<_>>()
                        .join(lang.pick(", ", "，"))
                };
                (join(Lang::En), join(Lang::Zh))
            }
            T::CvBeforeLegend => s("CV before 交流前差异系数", "交流前差异系数"),
            T::StandardLegend => s("national standard 国家标准 (≤)", "国家标准（≤）"),
            T::BeforeLine(v) => (
                format!("before 交流前 {}", num(*v)),
                format!("交流前 {}", num(*v)),
            ),
            T::StandardLine(v) => (format!("standard 标准 ≤ {v:.2}"), format!("标准 ≤ {v:.2}")),
            T::TargetMark => s("target 目标", "目标"),
            T::CapMark => s("cap 上限", "上限"),
            T::PanelTitle { en, zh, mark } => match mark {
                Some(mark) => (format!("{en} {zh} (– {mark})"), format!("{zh}（– {mark}）")),
                None => (format!("{en} {zh}"), zh.to_string()),
            },
            T::CvUndefinedEverywhere => s(
                "CV undefined at every point: no school of this level, or no backbone teacher \
                 差异系数无定义",
                "各取值点的差异系数均无定义：该学段没有学校，或没有骨干教师",
            ),
            T::NoValueAnywhere => s("no value at any point 无数值", "各取值点均无数值"),
            T::Undefined => s("n/a (undefined 无定义)", "无定义"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::has_chinese;
    use strum::IntoEnumIterator;

    fn examples() -> Vec<LabText> {
        use LabText as T;
        let key = || "targets.exchange_rate".to_string();
        vec![
            T::ComparisonTitle,
            T::PolicyCount(3),
            T::SideBySide,
            T::FigureColumn,
            T::NoPlan,
            T::SweepTitle,
            T::SweepWhat {
                base: "p.toml".into(),
                keys: vec![key(), "rules.max_commute_km".into()],
            },
            T::PriceOfPolicy,
            T::Balance,
            T::ShortExplained,
            T::StoppedAtLimit {
                stopped: StoppedAtLimit {
                    stopped: 2,
                    nobody_moves: 1,
                    largest_gap: Some(0.001),
                    without_bound: 0,
                },
                points: 9,
            },
            T::PlansHeading,
            T::Verdict(Verdict::Met),
            T::Verdict(Verdict::Short),
            T::Verdict(Verdict::Failed),
            T::MetLegend,
            T::ShortLegend,
            T::Against {
                heading: "均衡".into(),
                key: key(),
            },
            T::ChartDescription {
                balance: true,
                key: key(),
            },
            T::AxisKey(key()),
            T::SeriesName(vec![("rules.max_commute_km".into(), 20.0)]),
            T::CvBeforeLegend,
            T::StandardLegend,
            T::BeforeLine(0.4),
            T::StandardLine(0.5),
            T::TargetMark,
            T::CapMark,
            T::PanelTitle {
                en: "Teachers moved",
                zh: "交流人数",
                mark: Some("目标".into()),
            },
            T::CvUndefinedEverywhere,
            T::NoValueAnywhere,
            T::Undefined,
        ]
    }

    /// Every text has a Chinese rendering without English words (numbers, `≤` and
    /// the ids a text is given aside), and an English one of its own.
    #[test]
    fn every_lab_text_reads_in_chinese_alone() {
        let examples = examples();
        for kind in LabTextDiscriminants::iter() {
            let t = examples
                .iter()
                .find(|t| LabTextDiscriminants::from(*t) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            let zh = t.text(Lang::Zh);
            assert!(has_chinese(&zh), "{kind:?} has no Chinese: {zh}");
            let words: Vec<&str> = zh
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() >= 2 && *w != "toml")
                .collect();
            assert!(words.is_empty(), "{kind:?} keeps English in Chinese: {zh}");
            let en = t.text(Lang::En);
            assert!(
                en != zh && en.contains(|c: char| c.is_ascii_alphabetic()),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn a_swept_key_is_named_by_its_chinese_label() {
        let against = LabText::Against {
            heading: "均衡".into(),
            key: "targets.exchange_rate".into(),
        };
        assert_eq!(against.text(Lang::Zh), "均衡：随交流比例变化");
        assert_eq!(
            LabText::SeriesName(vec![("rules.max_commute_km".into(), 20.0)]).text(Lang::En),
            "max_commute_km=20"
        );
    }
}
