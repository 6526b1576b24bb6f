//! The national method's teacher indicators in the HTML report: the county's verdict,
//! each indicator per level (standard, schools below it, CV before → after against
//! its standard) and every school's values before → after
//! (`templates/report/indicators.html`).

use crate::model::county::{County, Level};
use crate::model::indicator::{Indicator, Side};
use crate::model::lang::Lang;
use crate::output::report_text::ReportText as T;
use crate::rules::indicator_verdict::Verdict;
use crate::rules::indicators::IndicatorFigures;
use askama::Template;

const INDICATORS: [Indicator; 3] = [Indicator::Qualified, Indicator::Backbone, Indicator::PeArt];
const SIDES: [Side; 2] = [Side::Primary, Side::Junior];

fn cv_text(v: Option<f64>, lang: Lang) -> String {
    v.map(|v| format!("{v:.3}"))
        .unwrap_or_else(|| T::NotAvailable.text(lang))
}

/// A cell with an optional mark (`met` green, `miss` red).
pub(crate) struct Cell {
    text: String,
    class: Option<&'static str>,
}

impl Cell {
    fn plain(text: String) -> Cell {
        Cell { text, class: None }
    }
}

/// One indicator on one level.
pub(crate) struct LevelRow {
    name: String,
    side: String,
    standard: String,
    below: String,
    cv: String,
    cv_standard: String,
    verdict: Cell,
}

/// One school on one level: its values per 100 students before → after.
pub(crate) struct SchoolRow {
    id: String,
    name: String,
    level: String,
    students: u32,
    cells: Vec<Cell>,
}

/// The section (`templates/report/indicators.html`).
#[derive(Template)]
#[template(path = "report/indicators.html", config = "templates/askama.toml")]
pub(crate) struct IndicatorSection {
    /// The report's language.
    lang: Lang,
    verdict: Cell,
    /// The verdict in Chinese under the English one (none in a Chinese report).
    verdict_zh: Option<String>,
    before: String,
    levels: Vec<LevelRow>,
    /// The indicators of the schools table's columns, with their standards.
    columns: Vec<String>,
    schools: Vec<SchoolRow>,
}

impl IndicatorSection {
    fn l(&self, text: impl std::borrow::Borrow<T>) -> String {
        text.borrow().label(self.lang)
    }

    fn before_to_after(&self) -> String {
        match self.lang {
            Lang::En => format!(", {}", T::BeforeToAfter.label(self.lang)),
            Lang::Zh => format!("，{}", T::BeforeToAfter.label(self.lang)),
        }
    }

    /// The section of `f` for `county`, in `lang`.
    pub(crate) fn new(county: &County, f: &IndicatorFigures, lang: Lang) -> IndicatorSection {
        let lab = |t: T| t.label(lang);
        let class = |after| match f.verdict(after) {
            Verdict::Meets => Some("met"),
            Verdict::Misses(_) => Some("miss"),
            Verdict::NotJudged => None,
        };
        let mut levels = Vec::new();
        for indicator in INDICATORS {
            for side in SIDES {
                let l = f.level(indicator, side);
                if l.counts.schools.is_empty() {
                    continue;
                }
                let n = l.counts.schools.len();
                let (below, cv, verdict) = if l.available {
                    let verdict = match (l.cv_meets(true), l.cv(true)) {
                        (Some(true), _) => Cell {
                            text: lab(T::Meets),
                            class: Some("met"),
                        },
                        (_, None) => Cell {
                            text: lab(T::NoSuchTeacher),
                            class: Some("miss"),
                        },
                        _ => Cell {
                            text: lab(T::Above),
                            class: Some("miss"),
                        },
                    };
                    (
                        T::BelowOf {
                            before: l.below(false).unwrap_or(0),
                            after: l.below(true).unwrap_or(0),
                            schools: n,
                        }
                        .text(lang),
                        format!(
                            "{} → {}",
                            cv_text(l.cv(false), lang),
                            cv_text(l.cv(true), lang)
                        ),
                        verdict,
                    )
                } else {
                    (
                        T::NotAvailable.text(lang),
                        T::NotAvailable.text(lang),
                        Cell::plain(T::NoDegrees.label(lang)),
                    )
                };
                levels.push(LevelRow {
                    name: T::Indicator(indicator).label(lang),
                    side: T::Side(side).label(lang),
                    standard: format!("≥ {:.1}", l.standard()),
                    below,
                    cv,
                    cv_standard: format!("≤ {:.2}", l.cv_standard()),
                    verdict,
                });
            }
        }
        let shown: Vec<Indicator> = INDICATORS
            .into_iter()
            .filter(|&i| f.level(i, Side::Primary).available)
            .collect();
        let columns = shown
            .iter()
            .map(|&i| {
                let standards: Vec<String> = SIDES
                    .iter()
                    .map(|&s| format!("{:.1}", i.standard_per_100(s)))
                    .collect();
                let standards = if standards[0] == standards[1] {
                    standards[0].clone()
                } else {
                    standards.join(" / ")
                };
                format!("{} (≥ {standards})", T::Indicator(i).label(lang))
            })
            .collect();
        let mut schools = Vec::new();
        for side in SIDES {
            for &s in &f.level(Indicator::Backbone, side).counts.schools {
                let school = &county.schools[s];
                let cells = shown
                    .iter()
                    .map(|&i| {
                        let v = f.level(i, side).at(s).expect("a school the level judges");
                        Cell {
                            text: format!("{:.2} → {:.2}", v.per_100_before, v.per_100_after),
                            class: (!v.meets(true)).then_some("miss"),
                        }
                    })
                    .collect();
                schools.push(SchoolRow {
                    id: school.id.0.clone(),
                    name: school.name.clone(),
                    level: match (lang, school.level) {
                        // The English report has always written both levels' words.
                        (Lang::En, Level::NineYear) => format!(
                            "{} ({})",
                            T::Side(side).label(lang),
                            T::NineYear.label(lang)
                        ),
                        (Lang::Zh, Level::NineYear) => T::NineYearSide(side).label(lang),
                        _ => T::Side(side).label(lang),
                    },
                    students: school.students,
                    cells,
                });
            }
        }
        IndicatorSection {
            lang,
            verdict: Cell {
                text: f.verdict_text(true, lang),
                class: class(true),
            },
            verdict_zh: (lang == Lang::En).then(|| f.verdict_text(true, Lang::Zh)),
            before: f.cv_verdict_text(false, lang),
            levels,
            columns,
            schools,
        }
    }
}
