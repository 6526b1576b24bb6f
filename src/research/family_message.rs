//! What is wrong with a benchmark-family manifest (`rotation bench --family`), as
//! data rendered in English or Chinese. The TOML parser's and the policy reader's own
//! words are kept as they said them (the policy's problems already in both languages).

use crate::model::error::RotationError;
use crate::model::lang::Lang;
use crate::model::message::Message;
use crate::research::generator_spec::SpecProblem;

/// A text said elsewhere, kept in both languages (a base policy's problem).
#[derive(Debug, Clone, PartialEq)]
pub struct BothLanguages {
    /// In English.
    pub en: String,
    /// In Chinese.
    pub zh: String,
}

impl BothLanguages {
    /// Each problem of `error` in both languages: a policy's diagnostics one by one,
    /// any other error whole.
    pub fn of_error(error: RotationError) -> Vec<BothLanguages> {
        match error {
            RotationError::Invalid(d) => d
                .errors()
                .map(|d| BothLanguages {
                    en: d.message.text(Lang::En),
                    zh: d.message.text(Lang::Zh),
                })
                .collect(),
            other => vec![BothLanguages {
                en: other.to_string(),
                zh: other.render(Lang::Zh),
            }],
        }
    }

    fn text(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.zh)
    }
}

/// One problem of a benchmark-family manifest.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter), vis(pub(crate))))]
#[allow(missing_docs)]
pub enum FamilyProblem {
    /// The TOML parser's own message.
    Toml { detail: String },
    /// No `[family]` table.
    NoFamily,
    /// The family's base policy does not read.
    BasePolicy(BothLanguages),
    /// No `[[family.county]]`.
    NoCounties,
    /// A county's name used twice.
    NameTwice { county: String },
    /// A county's generator settings out of range.
    Spec {
        county: String,
        problem: SpecProblem,
    },
    /// A county's own base policy does not read.
    CountyBase {
        county: String,
        problem: BothLanguages,
    },
    /// A policy key a county sets is refused.
    PolicyKey {
        county: String,
        key: String,
        problem: BothLanguages,
    },
    /// A county's merged policy is refused.
    CountyPolicy {
        county: String,
        problem: BothLanguages,
    },
    /// A speed target's setting out of range: the target's number (from 1), the key,
    /// what it takes.
    Target {
        which: usize,
        key: &'static str,
        expected: TargetRange,
    },
}

/// What a speed target's setting takes (`[[family.target]]`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TargetRange {
    /// `teachers`: the least, then the most, the least not above the most.
    Teachers,
    /// `gap`: a relative gap in [0, 1).
    Gap,
    /// `seconds`, `floor_ratio`, `tolerance_ratio`: a number above 0.
    Positive,
}

impl FamilyProblem {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use FamilyProblem as P;
        let en = lang == Lang::En;
        let county = |name: &str| {
            if en {
                format!("county `{name}`: ")
            } else {
                format!("县 `{name}`：")
            }
        };
        match self {
            P::Toml { detail } if en => detail.clone(),
            P::Toml { detail } => format!("TOML 格式错误（解析器原文：{detail}）"),
            P::NoFamily if en => "no [family] table: the manifest lists no benchmark family".into(),
            P::NoFamily => "没有 [family] 表：清单中没有基准族".into(),
            P::BasePolicy(p) if en => format!("[family] policy: {}", p.text(lang)),
            P::BasePolicy(p) => format!("[family] 政策文件：{}", p.text(lang)),
            P::NoCounties if en => "[family] has no [[family.county]]".into(),
            P::NoCounties => "[family] 中没有 [[family.county]]".into(),
            P::NameTwice { county: name } if en => {
                format!("{}the name is used twice", county(name))
            }
            P::NameTwice { county: name } => format!("{}名称重复", county(name)),
            P::Spec {
                county: name,
                problem,
            } => format!("{}{}", county(name), problem.text_as_key(lang)),
            P::CountyBase {
                county: name,
                problem,
            } if en => format!("{}base: {}", county(name), problem.text(lang)),
            P::CountyBase {
                county: name,
                problem,
            } => format!("{}基础政策（base）：{}", county(name), problem.text(lang)),
            P::PolicyKey {
                county: name,
                key,
                problem,
            } if en => format!("{}policy key `{key}`: {}", county(name), problem.text(lang)),
            P::PolicyKey {
                county: name,
                key,
                problem,
            } => format!("{}政策键 `{key}`：{}", county(name), problem.text(lang)),
            P::CountyPolicy {
                county: name,
                problem,
            } if en => format!("{}policy: {}", county(name), problem.text(lang)),
            P::CountyPolicy {
                county: name,
                problem,
            } => format!("{}政策：{}", county(name), problem.text(lang)),
            P::Target {
                which,
                key,
                expected,
            } if en => {
                let takes = match expected {
                    TargetRange::Teachers => {
                        "two whole numbers, the least teachers then the most, the least not above the most"
                    }
                    TargetRange::Gap => "a relative gap in [0, 1)",
                    TargetRange::Positive => "a number above 0",
                };
                format!("speed target {which} ([[family.target]]): `{key}` takes {takes}")
            }
            P::Target {
                which,
                key,
                expected,
            } => {
                let takes = match expected {
                    TargetRange::Teachers => "两个整数：最少教师数与最多教师数，前者不大于后者",
                    TargetRange::Gap => "[0, 1) 之间的相对间隙",
                    TargetRange::Positive => "大于 0 的数",
                };
                format!("第 {which} 个速度目标（[[family.target]]）：`{key}` 应为{takes}")
            }
        }
    }
}

impl Message for FamilyProblem {
    fn text(&self, lang: Lang) -> String {
        FamilyProblem::text(self, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::has_chinese;
    use strum::IntoEnumIterator;

    #[test]
    fn every_family_problem_has_chinese_and_english() {
        use FamilyProblem as P;
        let both = || BothLanguages {
            en: "unknown key `x`".into(),
            zh: "未知的键 `x`".into(),
        };
        let c = || "small".to_string();
        let examples = [
            P::Toml {
                detail: "expected `=`".into(),
            },
            P::NoFamily,
            P::BasePolicy(both()),
            P::NoCounties,
            P::NameTwice { county: c() },
            P::Spec {
                county: c(),
                problem: SpecProblem::Groups,
            },
            P::CountyBase {
                county: c(),
                problem: both(),
            },
            P::PolicyKey {
                county: c(),
                key: "targets.x".into(),
                problem: both(),
            },
            P::CountyPolicy {
                county: c(),
                problem: both(),
            },
            P::Target {
                which: 2,
                key: "gap",
                expected: TargetRange::Gap,
            },
        ];
        for kind in FamilyProblemDiscriminants::iter() {
            let m = examples
                .iter()
                .find(|m| FamilyProblemDiscriminants::from(*m) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            let (en, zh) = (m.text(Lang::En), m.text(Lang::Zh));
            assert!(has_chinese(&zh), "{kind:?} has no Chinese: {zh}");
            assert!(!has_chinese(&en), "{kind:?} English has Chinese: {en}");
        }
        for expected in [
            TargetRange::Teachers,
            TargetRange::Gap,
            TargetRange::Positive,
        ] {
            let m = P::Target {
                which: 1,
                key: "seconds",
                expected,
            };
            assert!(has_chinese(&m.text(Lang::Zh)) && !has_chinese(&m.text(Lang::En)));
        }
    }
}
