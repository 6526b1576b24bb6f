//! The national method's teacher indicators in the plan workbook, in Chinese: rows of
//! the `汇总` sheet (each CV before → after against its standard, the schools below
//! each per-school standard, the county's verdict) and the `教师指标` sheet (every
//! school's value per 100 students before and after, its standard, whether it meets it).

use crate::input::vocabulary::{bool_zh, level_zh};
use crate::model::county::{County, Level};
use crate::model::indicator::{Indicator, Side};
use crate::model::lang::Lang;
use crate::rules::indicator_verdict::{short_name, Verdict};
use crate::rules::indicators::{IndicatorFigures, PER_SCHOOL_SHARE};

/// The name of the sheet of per-school indicators.
pub const SHEET: &str = "教师指标";

const INDICATORS: [Indicator; 3] = [Indicator::Qualified, Indicator::Backbone, Indicator::PeArt];
const SIDES: [Side; 2] = [Side::Primary, Side::Junior];

fn show(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.3}")).unwrap_or_else(|| "—".into())
}

/// Rows `项目, 数值, 说明` for the `汇总` sheet.
pub fn summary_rows(f: &IndicatorFigures) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for indicator in INDICATORS {
        for side in SIDES {
            let l = f.level(indicator, side);
            if l.counts.schools.is_empty() {
                continue;
            }
            let label = format!("{}{}/百名学生", side.zh(), indicator.zh());
            if !l.available {
                rows.push(vec![
                    label,
                    "未评估".into(),
                    "教师表未提供学历（学历列）".into(),
                ]);
                continue;
            }
            let verdict = match (l.cv_meets(true), l.cv(true)) {
                (Some(true), _) => "达标",
                (_, None) => "无此类教师",
                _ => "超标",
            };
            rows.push(vec![
                format!("{label} 差异系数（前→后）"),
                format!("{} → {}", show(l.cv(false)), show(l.cv(true))),
                format!("标准 ≤ {:.2}，{verdict}", l.cv_standard()),
            ]);
            rows.push(vec![
                format!("{label} 低于标准的学校（前→后）"),
                format!(
                    "{} → {}（共 {} 所）",
                    l.below(false).unwrap_or(0),
                    l.below(true).unwrap_or(0),
                    l.counts.schools.len()
                ),
                format!("标准 ≥ {:.1}", l.standard()),
            ]);
        }
    }
    for side in SIDES {
        if let (Some(before), Some(after)) = (
            f.failing_per_school_rule(side, false),
            f.failing_per_school_rule(side, true),
        ) {
            rows.push(vec![
                format!("{}无法达到单校要求的学校（前→后）", side.zh()),
                format!("{before} → {after}"),
                format!(
                    "两项教师指标未达标，或一项低于标准的{}%",
                    (PER_SCHOOL_SHARE * 100.0).round()
                ),
            ]);
        }
    }
    let word = |after| match f.verdict(after) {
        Verdict::Meets => "达标",
        Verdict::Misses(_) => "未达标",
        Verdict::NotJudged => "不评估",
    };
    rows.push(vec![
        "教师指标结论（交流后）".into(),
        f.verdict_text(true, Lang::Zh),
        word(true).into(),
    ]);
    rows.push(vec![
        "教师指标结论（交流前）".into(),
        f.verdict_text(false, Lang::Zh),
        word(false).into(),
    ]);
    rows.push(vec![
        "说明".into(),
        "国家评估办法共7项资源配置指标，每校至少6项达标、其余不低于标准的85%，各项差异系数小学≤0.50、初中≤0.45；此处为其中3项教师指标".into(),
        String::new(),
    ]);
    rows
}

/// The `教师指标` sheet: headers, column widths and one row per school and level
/// judged (a nine-year school on both levels), in county order per level.
pub fn school_table(
    county: &County,
    f: &IndicatorFigures,
) -> (Vec<String>, Vec<f64>, Vec<Vec<String>>) {
    let shown: Vec<Indicator> = INDICATORS
        .into_iter()
        .filter(|&i| f.level(i, Side::Primary).available)
        .collect();
    let mut headers: Vec<String> = ["学校编号", "学校名称", "学段", "学生数"]
        .map(String::from)
        .to_vec();
    let mut widths = vec![10.0, 16.0, 16.0, 8.0];
    for &i in &shown {
        let short = short_name(i, Lang::Zh);
        headers.extend([
            format!("{}/百名学生（前）", i.zh()),
            format!("{}/百名学生（后）", i.zh()),
            format!("{short}标准"),
            format!("{short}达标（前）"),
            format!("{short}达标（后）"),
        ]);
        widths.extend([14.0, 14.0, 10.0, 10.0, 10.0]);
    }
    let mut rows = Vec::new();
    for side in SIDES {
        let schools = &f.level(Indicator::Backbone, side).counts.schools;
        for &s in schools {
            let school = &county.schools[s];
            let level = if school.level == Level::NineYear {
                format!("{}（{}）", side.zh(), level_zh(school.level))
            } else {
                side.zh().to_string()
            };
            let mut row = vec![
                school.id.0.clone(),
                school.name.clone(),
                level,
                school.students.to_string(),
            ];
            for &i in &shown {
                let v = f.level(i, side).at(s).expect("a school the level judges");
                row.extend([
                    format!("{:.2}", v.per_100_before),
                    format!("{:.2}", v.per_100_after),
                    format!("{:.1}", v.standard),
                    bool_zh(v.meets(false)).to_string(),
                    bool_zh(v.meets(true)).to_string(),
                ]);
            }
            rows.push(row);
        }
    }
    (headers, widths, rows)
}
