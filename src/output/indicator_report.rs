//! The national method's teacher indicators in the HTML report: the county's verdict,
//! each indicator per level (standard, schools below it, CV before → after against
//! its standard) and every school's values before → after
//! (`templates/report/indicators.html`).

use crate::model::county::{County, Level};
use crate::model::indicator::{Indicator, Side};
use crate::model::lang::Lang;
use crate::rules::indicator_verdict::Verdict;
use crate::rules::indicators::IndicatorFigures;
use askama::Template;

const INDICATORS: [Indicator; 3] = [Indicator::Qualified, Indicator::Backbone, Indicator::PeArt];
const SIDES: [Side; 2] = [Side::Primary, Side::Junior];

fn name(indicator: Indicator) -> &'static str {
    match indicator {
        Indicator::Qualified => "Above the required qualification 高于规定学历",
        Indicator::Backbone => "Backbone (county level or above) 县级及以上骨干",
        Indicator::PeArt => "PE and art 体育、艺术",
    }
}

fn side_label(side: Side) -> &'static str {
    match side {
        Side::Primary => "primary 小学",
        Side::Junior => "junior 初中",
    }
}

fn cv_text(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.3}")).unwrap_or_else(|| "n/a".into())
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
    name: &'static str,
    side: &'static str,
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
    level: &'static str,
    students: u32,
    cells: Vec<Cell>,
}

/// The section (`templates/report/indicators.html`).
#[derive(Template)]
#[template(path = "report/indicators.html", config = "templates/askama.toml")]
pub(crate) struct IndicatorSection {
    verdict: Cell,
    verdict_zh: String,
    before: String,
    levels: Vec<LevelRow>,
    /// The indicators of the schools table's columns, with their standards.
    columns: Vec<String>,
    schools: Vec<SchoolRow>,
}

impl IndicatorSection {
    /// The section of `f` for `county`.
    pub(crate) fn new(county: &County, f: &IndicatorFigures) -> IndicatorSection {
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
                            text: "meets 达标".into(),
                            class: Some("met"),
                        },
                        (_, None) => Cell {
                            text: "no such teacher 无此类教师".into(),
                            class: Some("miss"),
                        },
                        _ => Cell {
                            text: "above 超标".into(),
                            class: Some("miss"),
                        },
                    };
                    (
                        format!(
                            "{} → {} of {n}",
                            l.below(false).unwrap_or(0),
                            l.below(true).unwrap_or(0)
                        ),
                        format!("{} → {}", cv_text(l.cv(false)), cv_text(l.cv(true))),
                        verdict,
                    )
                } else {
                    (
                        "n/a".into(),
                        "n/a".into(),
                        Cell::plain("not judged: no teacher has a degree 未提供学历".into()),
                    )
                };
                levels.push(LevelRow {
                    name: name(indicator),
                    side: side_label(side),
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
                format!("{} (≥ {standards})", name(i))
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
                    level: match (side, school.level) {
                        (Side::Primary, Level::NineYear) => "primary 小学 (nine-year 九年一贯)",
                        (Side::Junior, Level::NineYear) => "junior 初中 (nine-year 九年一贯)",
                        (side, _) => side_label(side),
                    },
                    students: school.students,
                    cells,
                });
            }
        }
        IndicatorSection {
            verdict: Cell {
                text: f.verdict_text(true, Lang::En),
                class: class(true),
            },
            verdict_zh: f.verdict_text(true, Lang::Zh),
            before: f.cv_verdict_text(false, Lang::En),
            levels,
            columns,
            schools,
        }
    }
}
