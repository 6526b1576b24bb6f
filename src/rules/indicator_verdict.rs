//! The county's verdict on the national method's teacher indicators, worded as an
//! inspector would (English and Chinese): every CV within its standard or not, and
//! the schools below each per-school standard; and the `indicators` object of
//! `summary.json`. The figures themselves are in `rules::indicators`.

use crate::model::indicator::{Indicator, Side};
use crate::model::lang::Lang;
use crate::rules::indicators::{IndicatorFigures, LevelIndicator};
use serde::Serialize;
use strum::IntoEnumIterator;

/// A CV of the verdict that is not within its standard.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CvMiss {
    /// The indicator.
    pub indicator: Indicator,
    /// The level.
    pub side: Side,
    /// The CV (`None`: no school of the level has a teacher of the indicator).
    pub cv: Option<f64>,
}

/// The county's verdict on the teacher indicators, as an inspector words it.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Every CV judged is within its standard.
    Meets,
    /// These CVs are above their standard, or undefined.
    Misses(Vec<CvMiss>),
    /// No primary or junior school has students.
    NotJudged,
}

/// The indicator's short name in `lang`.
pub fn short_name(indicator: Indicator, lang: Lang) -> &'static str {
    match (indicator, lang) {
        (Indicator::Qualified, Lang::En) => "qualified teachers",
        (Indicator::Backbone, Lang::En) => "backbone teachers",
        (Indicator::PeArt, Lang::En) => "PE and art teachers",
        (Indicator::Qualified, Lang::Zh) => "高于规定学历教师",
        (Indicator::Backbone, Lang::Zh) => "骨干教师",
        (Indicator::PeArt, Lang::Zh) => "体育艺术教师",
    }
}

impl IndicatorFigures {
    /// The county's verdict before or `after` the plan.
    pub fn verdict(&self, after: bool) -> Verdict {
        let judged: Vec<&LevelIndicator> = self.levels.iter().filter(|l| l.judged()).collect();
        if judged.is_empty() {
            return Verdict::NotJudged;
        }
        let misses: Vec<CvMiss> = judged
            .iter()
            .filter(|l| l.cv_meets(after) == Some(false))
            .map(|l| CvMiss {
                indicator: l.indicator,
                side: l.side(),
                cv: l.cv(after),
            })
            .collect();
        if misses.is_empty() {
            Verdict::Meets
        } else {
            Verdict::Misses(misses)
        }
    }

    /// The verdict in words, before or `after` the plan, with the schools below each
    /// per-school standard: one sentence an inspector could sign.
    pub fn verdict_text(&self, after: bool, lang: Lang) -> String {
        let mut text = self.cv_verdict_text(after, lang);
        text.push_str(&self.below_text(after, lang));
        text.push_str(&self.failing_text(after, lang));
        text
    }

    /// The schools that cannot meet the method's per-school rule (a teacher indicator
    /// under 85% of its standard, or two under it), as a clause starting `; `, with
    /// the count before the plan beside the count after (empty when no school fails
    /// it): the CVs may all be within their standards while a school fails it.
    pub fn failing_text(&self, after: bool, lang: Lang) -> String {
        let parts: Vec<String> = Side::iter()
            .filter_map(|side| {
                let now = self.failing_per_school_rule(side, after)?;
                let then = self.failing_per_school_rule(side, false).unwrap_or(0);
                (now > 0).then(|| match (lang, after) {
                    (Lang::En, true) => format!(
                        "{now} {} school{} against {then} before the plan",
                        side.en(),
                        if now == 1 { "" } else { "s" }
                    ),
                    (Lang::En, false) => format!(
                        "{now} {} school{}",
                        side.en(),
                        if now == 1 { "" } else { "s" }
                    ),
                    (Lang::Zh, true) => format!("{}{now} 所，交流前 {then} 所", side.zh()),
                    (Lang::Zh, false) => format!("{}{now} 所", side.zh()),
                })
            })
            .collect();
        if parts.is_empty() {
            return String::new();
        }
        // "but" where the CVs meet their standards: the clause then qualifies a pass.
        let but = self.verdict(after) == Verdict::Meets;
        match lang {
            Lang::En => format!(
                "; {}schools cannot meet the per-school rule (a teacher indicator under 85% \
                 of its standard, or two under it): {}",
                if but { "but " } else { "" },
                parts.join(", ")
            ),
            Lang::Zh => format!(
                "；{}有学校无法达到单校要求（某项教师指标低于标准的 85%，或两项低于标准）：{}",
                if but { "但" } else { "" },
                parts.join("；")
            ),
        }
    }

    /// The verdict on the CVs in words (and whether the qualification is judged).
    pub fn cv_verdict_text(&self, after: bool, lang: Lang) -> String {
        let mut text = match (self.verdict(after), lang) {
            (Verdict::NotJudged, Lang::En) => {
                "the national method's teacher indicators are not judged: no primary or junior school has students".to_string()
            }
            (Verdict::NotJudged, Lang::Zh) => "无有在校生的小学或初中，教师指标不评估".to_string(),
            (Verdict::Meets, Lang::En) if self.qualified_available() => {
                "meets the national method's teacher indicators: every inter-school CV is within its standard".to_string()
            }
            (Verdict::Meets, Lang::En) => {
                "meets the national method's teacher indicators that can be judged: every inter-school CV is within its standard".to_string()
            }
            (Verdict::Meets, Lang::Zh) if self.qualified_available() => {
                "达到国家评估办法的教师指标要求：各项校际差异系数均在标准以内".to_string()
            }
            (Verdict::Meets, Lang::Zh) => {
                "可评估的教师指标达到国家评估办法要求：各项校际差异系数均在标准以内".to_string()
            }
            (Verdict::Misses(misses), lang) => {
                let items: Vec<String> = misses
                    .iter()
                    .map(|m| {
                        let standard = m.side.cv_standard();
                        match (m.cv, lang) {
                            (Some(cv), Lang::En) => format!(
                                "CV of {} per 100 students in {} schools {cv:.3} > {standard:.2}",
                                short_name(m.indicator, lang),
                                m.side.en()
                            ),
                            (Some(cv), Lang::Zh) => format!(
                                "{}{}差异系数 {cv:.3}，高于标准 {standard:.2}",
                                m.side.zh(),
                                short_name(m.indicator, lang)
                            ),
                            (None, Lang::En) => format!(
                                "no {} in any {} school",
                                short_name(m.indicator, lang),
                                m.side.en()
                            ),
                            (None, Lang::Zh) => format!(
                                "{}均无{}",
                                m.side.zh(),
                                short_name(m.indicator, lang)
                            ),
                        }
                    })
                    .collect();
                match lang {
                    Lang::En => format!(
                        "does not meet the national method's teacher indicators: {}",
                        items.join("; ")
                    ),
                    Lang::Zh => format!(
                        "未达到国家评估办法的教师指标要求：{}",
                        items.join("；")
                    ),
                }
            }
        };
        if !self.qualified_available() {
            text.push_str(match lang {
                Lang::En => "; the qualification is not judged (no teacher has a degree)",
                Lang::Zh => "；未提供学历，高于规定学历指标未评估",
            });
        }
        text
    }

    /// The schools below each per-school standard, as a clause starting `; ` (empty
    /// when nothing is judged).
    pub fn below_text(&self, after: bool, lang: Lang) -> String {
        let below: Vec<String> = Indicator::iter()
            .filter_map(|indicator| {
                let parts: Vec<String> = Side::iter()
                    .filter_map(|side| {
                        let l = self.level(indicator, side);
                        let n = l.below(after).filter(|&n| n > 0)?;
                        let of = l.counts.schools.len();
                        Some(match lang {
                            Lang::En => format!("{n} of {of} {}", side.en()),
                            Lang::Zh => format!("{}{n}/{of}所", side.zh()),
                        })
                    })
                    .collect();
                (!parts.is_empty()).then(|| match lang {
                    Lang::En => format!("{} {}", short_name(indicator, lang), parts.join(", ")),
                    Lang::Zh => format!("{}{}", short_name(indicator, lang), parts.join("、")),
                })
            })
            .collect();
        if !self.levels.iter().any(|l| l.judged()) {
            return String::new();
        }
        match (below.is_empty(), lang) {
            (true, Lang::En) => "; every school reaches each per-school standard".into(),
            (true, Lang::Zh) => "；各校均达到每项单校标准".into(),
            (false, Lang::En) => format!(
                "; schools below the per-school standard: {}",
                below.join("; ")
            ),
            (false, Lang::Zh) => format!("；低于单校标准的学校：{}", below.join("，")),
        }
    }
}

/// One level of an indicator in `summary.json`.
#[derive(Serialize)]
struct LevelJson {
    schools: usize,
    standard_per_100: f64,
    schools_below_before: Option<u32>,
    schools_below_after: Option<u32>,
    cv_before: Option<f64>,
    cv_after: Option<f64>,
    cv_standard: f64,
    cv_meets_before: Option<bool>,
    cv_meets_after: Option<bool>,
}

impl LevelJson {
    fn of(l: &LevelIndicator) -> LevelJson {
        LevelJson {
            schools: l.counts.schools.len(),
            standard_per_100: l.standard(),
            schools_below_before: l.below(false),
            schools_below_after: l.below(true),
            cv_before: l.cv(false),
            cv_after: l.cv(true),
            cv_standard: l.cv_standard(),
            cv_meets_before: l.cv_meets(false),
            cv_meets_after: l.cv_meets(true),
        }
    }
}

/// One indicator in `summary.json`.
#[derive(Serialize)]
struct IndicatorJson {
    available: bool,
    primary: LevelJson,
    junior: LevelJson,
}

/// Schools of each level that cannot meet the per-school rule.
#[derive(Serialize)]
struct FailingJson {
    primary_before: Option<u32>,
    primary_after: Option<u32>,
    junior_before: Option<u32>,
    junior_after: Option<u32>,
}

/// The `indicators` object of `summary.json`.
#[derive(Serialize)]
struct IndicatorsJson {
    qualified: IndicatorJson,
    backbone: IndicatorJson,
    pe_art: IndicatorJson,
    meets_before: Option<bool>,
    meets_after: Option<bool>,
    verdict_before: String,
    verdict_after: String,
    complete: bool,
    teachers_without_degree: u32,
    schools_failing_per_school_rule: FailingJson,
}

impl Serialize for IndicatorFigures {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let indicator = |i: Indicator| IndicatorJson {
            available: self.level(i, Side::Primary).available,
            primary: LevelJson::of(self.level(i, Side::Primary)),
            junior: LevelJson::of(self.level(i, Side::Junior)),
        };
        let meets = |after: bool| match self.verdict(after) {
            Verdict::Meets => Some(true),
            Verdict::Misses(_) => Some(false),
            Verdict::NotJudged => None,
        };
        IndicatorsJson {
            qualified: indicator(Indicator::Qualified),
            backbone: indicator(Indicator::Backbone),
            pe_art: indicator(Indicator::PeArt),
            meets_before: meets(false),
            meets_after: meets(true),
            verdict_before: self.verdict_text(false, Lang::En),
            verdict_after: self.verdict_text(true, Lang::En),
            complete: self.qualified_available(),
            teachers_without_degree: self.teachers_without_degree,
            schools_failing_per_school_rule: FailingJson {
                primary_before: self.failing_per_school_rule(Side::Primary, false),
                primary_after: self.failing_per_school_rule(Side::Primary, true),
                junior_before: self.failing_per_school_rule(Side::Junior, false),
                junior_after: self.failing_per_school_rule(Side::Junior, true),
            },
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::county::{County, Degree, Level};
    use crate::model::indicator::IndicatorRules;
    use crate::rules::indicators::tests::{school, small_county, teacher};

    #[test]
    fn verdict_names_every_cv_above_its_standard_and_the_schools_below() {
        let (county, moves) = small_county();
        let f = IndicatorFigures::of(&county, &IndicatorRules::default(), &moves);
        assert_eq!(
            f.verdict_text(true, Lang::En),
            "does not meet the national method's teacher indicators: CV of qualified teachers per 100 students in primary schools 0.577 > 0.50; CV of backbone teachers per 100 students in primary schools 0.577 > 0.50; CV of PE and art teachers per 100 students in primary schools 1.732 > 0.50; schools below the per-school standard: qualified teachers 2 of 2 primary, 1 of 1 junior; backbone teachers 2 of 2 primary, 1 of 1 junior; PE and art teachers 1 of 2 primary, 1 of 1 junior; schools cannot meet the per-school rule (a teacher indicator under 85% of its standard, or two under it): 2 primary schools against 2 before the plan, 1 junior school against 1 before the plan"
        );
        assert!(f.verdict_text(true, Lang::Zh).starts_with(
            "未达到国家评估办法的教师指标要求：小学高于规定学历教师差异系数 0.577，高于标准 0.50"
        ));
        assert!(f
            .verdict_text(true, Lang::Zh)
            .ends_with("低于单校标准的学校：高于规定学历教师小学2/2所、初中1/1所，骨干教师小学2/2所、初中1/1所，体育艺术教师小学1/2所、初中1/1所；有学校无法达到单校要求（某项教师指标低于标准的 85%，或两项低于标准）：小学2 所，交流前 2 所；初中1 所，交流前 1 所"));
        // Before the plan: the counts alone.
        assert!(f
            .failing_text(false, Lang::En)
            .ends_with(": 2 primary schools, 1 junior school"));
    }

    #[test]
    fn without_degrees_the_qualification_is_not_available_rather_than_zero() {
        let (mut county, _) = small_county();
        for t in &mut county.teachers {
            t.degree = None;
        }
        // Only the junior and the special school keep their teachers.
        county.teachers.retain(|t| t.school >= 2);
        let f = IndicatorFigures::of(&county, &IndicatorRules::default(), &[]);
        let q = f.level(Indicator::Qualified, Side::Junior);
        assert!(!q.available && !q.judged());
        assert_eq!(
            (q.cv(false), q.below(false), q.cv_meets(false)),
            (None, None, None)
        );
        assert_eq!(f.school_row(&county, 2, Indicator::Qualified), None);
        assert_eq!(f.teachers_without_degree, 0);
        // No teacher at the primary schools: no PE/art or backbone teacher there.
        assert_eq!(
            f.verdict(false),
            Verdict::Misses(vec![
                CvMiss {
                    indicator: Indicator::Backbone,
                    side: Side::Primary,
                    cv: None
                },
                CvMiss {
                    indicator: Indicator::PeArt,
                    side: Side::Primary,
                    cv: None
                },
            ])
        );
        assert!(f
            .verdict_text(false, Lang::En)
            .contains("no backbone teachers in any primary school; no PE and art teachers in any primary school; the qualification is not judged (no teacher has a degree)"));
    }

    #[test]
    fn a_county_within_every_standard_meets_the_teacher_indicators() {
        let schools = vec![
            school("P1", Level::Primary, 100),
            school("P2", Level::Primary, 100),
        ];
        let mut teachers = Vec::new();
        for s in 0..2 {
            for i in 0..5 {
                let subject = if i == 0 { "pe" } else { "math" };
                teachers.push(teacher(
                    &format!("t{s}{i}"),
                    s,
                    subject,
                    i == 1,
                    Some(Degree::Bachelor),
                ));
            }
        }
        let county = County::new(schools, teachers, Vec::new());
        let f = IndicatorFigures::of(&county, &IndicatorRules::default(), &[]);
        assert_eq!(f.verdict(true), Verdict::Meets);
        assert_eq!(
            f.verdict_text(true, Lang::En),
            "meets the national method's teacher indicators: every inter-school CV is within its standard; every school reaches each per-school standard"
        );
        assert_eq!(f.failing_per_school_rule(Side::Primary, true), Some(0));
        let mut unknown = county.clone();
        for t in &mut unknown.teachers {
            t.degree = None;
        }
        let g = IndicatorFigures::of(&unknown, &IndicatorRules::default(), &[]);
        assert_eq!(g.verdict(true), Verdict::Meets);
        assert_eq!(
            g.verdict_text(true, Lang::En),
            "meets the national method's teacher indicators that can be judged: every inter-school CV is within its standard; the qualification is not judged (no teacher has a degree); every school reaches each per-school standard"
        );
        assert_eq!(f.failing_per_school_rule(Side::Junior, true), None);
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["meets_after"], true);
        assert_eq!(json["qualified"]["primary"]["cv_after"], 0.0);
        assert_eq!(json["qualified"]["junior"]["schools"], 0);
        assert!(json["qualified"]["junior"]["cv_meets_after"].is_null());
    }
}
