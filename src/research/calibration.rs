//! The figures a generated county is calibrated against: the seed's Haiyan county
//! (2022), and the same figures measured on any county, side by side, as
//! `rotation generate --figures` prints them and `docs/format.md` quotes them.

use crate::model::county::{County, Level, Title};
use crate::model::indicator::{Indicator, Side};
use crate::model::policy::Policy;
use crate::rules::balance::{cv, side_counts};
use crate::rules::eligibility::county_eligibility;
use serde::Serialize;
use std::fmt::Write as _;
use strum::IntoEnumIterator;

/// One national indicator on one level: its value per 100 students over the level and
/// its student-weighted inter-school CV (差异系数).
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct IndicatorFigure {
    /// The indicator.
    pub indicator: Indicator,
    /// The level.
    pub side: Side,
    /// Teachers of the indicator per 100 students, over all the level's schools.
    pub per_100: f64,
    /// Lowest value per 100 students at one school of the level.
    pub lowest_school: f64,
    /// Inter-school CV, `None` without a teacher of the indicator.
    pub cv: Option<f64>,
}

/// What a county looks like against the seed's figures.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CountyFigures {
    /// Primary, junior, nine-year and special schools.
    pub schools_by_level: [usize; 4],
    /// Teachers.
    pub teachers: usize,
    /// Students of primary and junior schools (nine-year schools count in both).
    pub students: [u64; 2],
    /// Students per teacher, primary and junior schools.
    pub students_per_teacher: [f64; 2],
    /// Backbone teachers (county level or above) as a share of all teachers.
    pub backbone_share: f64,
    /// Eligible teachers as a share of all teachers, under the policy given.
    pub eligible_share: f64,
    /// Backbone teachers as a share of the eligible teachers.
    pub eligible_backbone_share: f64,
    /// Teachers with an intermediate or senior title, as a share of all teachers.
    pub high_title_share: f64,
    /// Teachers above the required qualification, as a share of the teachers of
    /// primary and junior schools.
    pub qualified_share: [f64; 2],
    /// Every indicator on both levels, in the order qualified, backbone, PE/art ×
    /// primary, junior.
    pub indicators: Vec<IndicatorFigure>,
}

impl CountyFigures {
    /// The figure of `indicator` on `side`.
    pub fn indicator(&self, indicator: Indicator, side: Side) -> &IndicatorFigure {
        self.indicators
            .iter()
            .find(|f| f.indicator == indicator && f.side == side)
            .expect("every indicator on both levels")
    }
}

/// The seed's Haiyan county (2022), as `/work/shared/DOMAIN.md` and the paper give it.
pub mod seed {
    /// Junior, primary and special schools.
    pub const SCHOOLS: [usize; 3] = [13, 21, 1];
    /// Full-time teachers (专任教师 4,000 余人).
    pub const TEACHERS: usize = 4000;
    /// Renowned teachers and principals (各类名师、名校长 560 多人), read as the
    /// backbone teachers: 14% of the teachers.
    pub const BACKBONE_SHARE: f64 = 560.0 / 4000.0;
    /// Backbone among the eligible measured in other counties (no Haiyan figure).
    pub const ELIGIBLE_BACKBONE_SHARE: (f64, f64) = (0.17, 0.21);
    /// Intermediate or senior titles (中、高级职称).
    pub const HIGH_TITLE_SHARE: f64 = 0.769;
    /// Teachers above the required qualification per 100 students, primary and junior.
    pub const QUALIFIED_PER_100: [f64; 2] = [5.94, 8.96];
    /// Backbone teachers per 100 students, primary and junior.
    pub const BACKBONE_PER_100: [f64; 2] = [1.74, 2.62];
    /// The national standard of PE and art teachers per 100 students (no Haiyan figure).
    pub const PE_ART_PER_100: f64 = 0.9;
    /// Inter-school CV of the resource indicators, primary and junior.
    pub const CV: [f64; 2] = [0.272, 0.288];
}

fn side_index(side: Side) -> usize {
    match side {
        Side::Primary => 0,
        Side::Junior => 1,
    }
}

/// Measures `county`; eligibility under `policy`.
pub fn county_figures(county: &County, policy: &Policy) -> CountyFigures {
    let n = county.teachers.len().max(1) as f64;
    let mut schools_by_level = [0; 4];
    for s in &county.schools {
        schools_by_level[s.level as usize] += 1;
    }
    let eligibility = county_eligibility(county, policy);
    let eligible: Vec<_> = county
        .teachers
        .iter()
        .zip(&eligibility)
        .filter(|(_, e)| e.is_eligible())
        .map(|(t, _)| t)
        .collect();
    let share = |count: usize, of: usize| count as f64 / of.max(1) as f64;
    let mut students = [0u64; 2];
    let mut staff = [0usize; 2];
    let mut qualified = [0usize; 2];
    for side in Side::iter() {
        let k = side_index(side);
        let judged: Vec<bool> = county.schools.iter().map(|s| side.judges(s)).collect();
        students[k] = county
            .schools
            .iter()
            .filter(|s| side.judges(s))
            .map(|s| s.students as u64)
            .sum();
        for t in county.teachers.iter().filter(|t| judged[t.school]) {
            staff[k] += 1;
            qualified[k] += usize::from(Indicator::Qualified.counts(t, side, &policy.indicators));
        }
    }
    let mut indicators = Vec::new();
    for indicator in Indicator::iter() {
        for side in Side::iter() {
            let counts = side_counts(county, &policy.indicators, indicator, side, &[]);
            let total: u32 = counts.before.iter().sum();
            let pupils: u32 = counts.students.iter().sum();
            indicators.push(IndicatorFigure {
                indicator,
                side,
                per_100: 100.0 * total as f64 / pupils.max(1) as f64,
                lowest_school: counts
                    .before
                    .iter()
                    .zip(&counts.students)
                    .map(|(&c, &p)| 100.0 * c as f64 / p as f64)
                    .fold(f64::INFINITY, f64::min),
                cv: cv(&counts.before, &counts.students),
            });
        }
    }
    CountyFigures {
        schools_by_level,
        teachers: county.teachers.len(),
        students,
        students_per_teacher: [0, 1].map(|k| students[k] as f64 / staff[k].max(1) as f64),
        backbone_share: share(
            county
                .teachers
                .iter()
                .filter(|t| t.backbone.is_backbone())
                .count(),
            county.teachers.len(),
        ),
        eligible_share: share(eligible.len(), county.teachers.len()),
        eligible_backbone_share: share(
            eligible.iter().filter(|t| t.backbone.is_backbone()).count(),
            eligible.len(),
        ),
        high_title_share: county
            .teachers
            .iter()
            .filter(|t| matches!(t.title, Title::Intermediate | Title::Senior))
            .count() as f64
            / n,
        qualified_share: [0, 1].map(|k| share(qualified[k], staff[k])),
        indicators,
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn opt3(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".into(), |x| format!("{x:.3}"))
}

/// The seed's figures next to `figures`, as a Markdown table.
pub fn comparison_table(figures: &CountyFigures) -> String {
    let f = figures;
    let level = |l: Level| f.schools_by_level[l as usize];
    let mut rows: Vec<[String; 3]> = vec![
        [
            "schools: junior / primary / special".into(),
            format!(
                "{} / {} / {}",
                seed::SCHOOLS[0],
                seed::SCHOOLS[1],
                seed::SCHOOLS[2]
            ),
            format!(
                "{} / {} / {}{}",
                level(Level::Junior),
                level(Level::Primary),
                level(Level::Special),
                match level(Level::NineYear) {
                    0 => String::new(),
                    n => format!(" (+{n} nine-year)"),
                }
            ),
        ],
        [
            "teachers".into(),
            format!("about {}", seed::TEACHERS),
            f.teachers.to_string(),
        ],
        [
            "students: primary / junior".into(),
            "not given".into(),
            format!("{} / {}", f.students[0], f.students[1]),
        ],
        [
            "students per teacher: primary / junior".into(),
            "not given".into(),
            format!(
                "{:.1} / {:.1}",
                f.students_per_teacher[0], f.students_per_teacher[1]
            ),
        ],
        [
            "backbone teachers, share of all teachers".into(),
            format!("{} (560 named teachers)", pct(seed::BACKBONE_SHARE)),
            pct(f.backbone_share),
        ],
        [
            "eligible teachers, share of all teachers".into(),
            "not given".into(),
            pct(f.eligible_share),
        ],
        [
            "backbone teachers, share of the eligible".into(),
            format!(
                "{}–{} (other counties)",
                pct(seed::ELIGIBLE_BACKBONE_SHARE.0),
                pct(seed::ELIGIBLE_BACKBONE_SHARE.1)
            ),
            pct(f.eligible_backbone_share),
        ],
        [
            "intermediate or senior title".into(),
            pct(seed::HIGH_TITLE_SHARE),
            pct(f.high_title_share),
        ],
        [
            "above the required degree, share of teachers: primary / junior".into(),
            "not given".into(),
            format!(
                "{} / {}",
                pct(f.qualified_share[0]),
                pct(f.qualified_share[1])
            ),
        ],
    ];
    for indicator in Indicator::iter() {
        let [p, j] = [Side::Primary, Side::Junior].map(|s| f.indicator(indicator, s));
        let seed_per_100 = match indicator {
            Indicator::Qualified => format!(
                "{} / {}",
                seed::QUALIFIED_PER_100[0],
                seed::QUALIFIED_PER_100[1]
            ),
            Indicator::Backbone => format!(
                "{} / {}",
                seed::BACKBONE_PER_100[0],
                seed::BACKBONE_PER_100[1]
            ),
            Indicator::PeArt => format!("≥ {} (national standard)", seed::PE_ART_PER_100),
        };
        rows.push([
            format!("{} per 100 students: primary / junior", indicator.en()),
            seed_per_100,
            format!("{:.2} / {:.2}", p.per_100, j.per_100),
        ]);
        rows.push([
            format!("{}, lowest school: primary / junior", indicator.en()),
            "not given".into(),
            format!("{:.2} / {:.2}", p.lowest_school, j.lowest_school),
        ]);
        rows.push([
            format!("{}, inter-school CV: primary / junior", indicator.en()),
            format!("{} / {} (resource indicators)", seed::CV[0], seed::CV[1]),
            format!("{} / {}", opt3(p.cv), opt3(j.cv)),
        ]);
    }
    let mut out = String::from("| figure | seed (Haiyan 2022) | generated |\n|---|---|---|\n");
    for [a, b, c] in rows {
        let _ = writeln!(out, "| {a} | {b} | {c} |");
    }
    out
}
