//! The plan as an Excel workbook with Chinese labels, to print and hand to
//! principals: `汇总` (key figures and targets, the national method's teacher
//! indicators and verdict), `交流名单` (every move with its reason), `教师指标` (each
//! school's teacher indicators before and after), one sheet per school (who leaves, who arrives), one per partnership group
//! (共同体), `未交流原因` (why each eligible teacher who stays does), the notices
//! `学校通知` and `交流通知书`, and `变动` (changes to the previous plan) when re-planning. Rendered in
//! memory; the caller writes the bytes atomically. Long file: one workbook, its
//! sheets sharing the styles, the move rows and the names already used.

use crate::input::vocabulary::{backbone_zh, level_zh, subject_zh, zone_zh, PLAN};
use crate::model::county::County;
use crate::model::date::IssueDate;
use crate::model::error::{Result, RotationError};
use crate::model::lang::Lang;
use crate::model::output_failure::{OutputFailure, RenderedOutput};
use crate::model::travel::CommuteUnit;
use crate::round::run::PlanOutcome;
use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet, XlsxError};

fn xlsx_err(e: XlsxError) -> RotationError {
    RotationError::Output(OutputFailure::new(RenderedOutput::PlanWorkbook, e))
}

/// A sheet name Excel accepts, whatever the ids and names in it: none of `[]:*?/\`
/// nor control characters, no apostrophe first or last, not empty, not `History`
/// (reserved), at most 31 UTF-16 units with the `~N` that keeps it unique (Excel
/// compares sheet names without case).
fn sheet_name(wanted: &str, used: &mut Vec<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let mut clean = clean.trim().to_string();
    if clean.is_empty() || clean.eq_ignore_ascii_case("history") {
        clean.push('_');
    }
    // At most `room` UTF-16 units, with no apostrophe first or last.
    let fit = |room: usize| -> String {
        let mut out = String::new();
        for c in clean.chars() {
            if out.encode_utf16().count() + c.len_utf16() > room {
                break;
            }
            out.push(c);
        }
        if out.starts_with('\'') {
            out.replace_range(..1, "_");
        }
        if out.ends_with('\'') {
            out.pop();
            out.push('_');
        }
        out
    };
    let taken =
        |name: &str, used: &[String]| used.iter().any(|u| u.to_lowercase() == name.to_lowercase());
    let mut name = fit(31);
    let mut n = 2;
    while taken(&name, used) {
        let suffix = format!("~{n}");
        name = format!("{}{suffix}", fit(31 - suffix.len()));
        n += 1;
    }
    used.push(name.clone());
    name
}

struct Styles {
    header: Format,
    title: Format,
    wrap: Format,
}

/// Writes a header row (bold, bordered, frozen) and the rows; sets column widths.
fn table(
    sheet: &mut Worksheet,
    styles: &Styles,
    first_row: u32,
    headers: &[&str],
    widths: &[f64],
    rows: &[Vec<String>],
) -> std::result::Result<(), XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(first_row, c as u16, *h, &styles.header)?;
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.set_freeze_panes(first_row + 1, 0)?;
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (first_row + 1 + r as u32, c as u16);
            // Numbers stay numbers so Excel can sum them.
            let leading_zero = v.len() > 1 && v.starts_with('0') && !v.starts_with("0.");
            match v.parse::<f64>() {
                Ok(x) if !leading_zero && x.is_finite() => {
                    sheet.write_number(r, c, x)?;
                }
                _ if v.len() > 40 => {
                    sheet.write_string_with_format(r, c, v, &styles.wrap)?;
                }
                _ => {
                    sheet.write_string(r, c, v)?;
                }
            }
        }
    }
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// The moves' headers: the commute's with its unit, as the Chinese `plan.csv` names
/// it (`通勤km`, or `通勤分钟` on roads), which a plan workbook read back maps too.
fn move_headers(county: &County) -> Vec<&'static str> {
    let commute = match county.commute_unit() {
        CommuteUnit::Km => "通勤km",
        CommuteUnit::Minutes => "通勤分钟",
    };
    vec![
        "教师编号",
        "姓名",
        "学科",
        "骨干等级",
        "原学校",
        "原学校名称",
        "交流学校",
        "交流学校名称",
        "方向",
        commute,
        "交流理由",
    ]
}
const MOVE_WIDTHS: &[f64] = &[10.0, 10.0, 8.0, 9.0, 9.0, 16.0, 9.0, 16.0, 12.0, 8.0, 80.0];

fn move_row(county: &County, outcome: &PlanOutcome, i: usize) -> Vec<String> {
    let m = &outcome.moves[i];
    let t = &county.teachers[m.teacher];
    let from = &county.schools[t.school];
    let to = &county.schools[m.to];
    vec![
        t.id.0.clone(),
        t.name.clone(),
        subject_zh(&t.subject).to_string(),
        backbone_zh(t.backbone).into(),
        from.id.0.clone(),
        from.name.clone(),
        to.id.0.clone(),
        to.name.clone(),
        format!("{}→{}", zone_zh(from.zone), zone_zh(to.zone)),
        format!("{:.1}", m.km),
        outcome
            .reasons
            .get(i)
            .map(|r| r.text(Lang::Zh))
            .unwrap_or_default()
            + &team_note(county, m.teacher),
    ]
}

/// The note on a mover of an exchange team (`teams.csv`), after the reason: the team
/// moves together (plan.csv has a `team` column for the same).
fn team_note(county: &County, t: usize) -> String {
    match county.exchange_teams.of_teacher(t) {
        Some(team) if team.members.len() > 1 => {
            format!(
                "；随交流团队“{}”整体交流（{} 人）",
                team.name,
                team.members.len()
            )
        }
        _ => String::new(),
    }
}

/// Renders the plan workbook, its notices dated today.
pub fn plan_workbook(county: &County, outcome: &PlanOutcome) -> Result<Vec<u8>> {
    plan_workbook_on(county, outcome, IssueDate::today())
}

/// Renders the plan workbook, its notices (`学校通知`, `交流通知书`) dated `date`.
pub fn plan_workbook_on(
    county: &County,
    outcome: &PlanOutcome,
    date: IssueDate,
) -> Result<Vec<u8>> {
    render(county, outcome, date).map_err(xlsx_err)
}

fn render(
    county: &County,
    outcome: &PlanOutcome,
    date: IssueDate,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let styles = Styles {
        header: Format::new()
            .set_bold()
            .set_border(FormatBorder::Thin)
            .set_background_color(0xDDEBF7),
        title: Format::new().set_bold().set_font_size(14),
        wrap: Format::new().set_text_wrap(),
    };
    let mut used = Vec::new();
    let unit = match outcome.commute_unit {
        CommuteUnit::Minutes => "分钟",
        CommuteUnit::Km => "km",
    };
    let f = &outcome.figures;

    // 汇总: key figures and targets.
    {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name("汇总", &mut used))?;
        sheet.write_string_with_format(
            0,
            0,
            format!(
                "交流轮岗方案：{}",
                outcome.policy_in(crate::model::lang::Lang::Zh)
            ),
            &styles.title,
        )?;
        let pct = |x: f64| format!("{:.2}%", 100.0 * x);
        let met = |short: f64| if short > 0.0 { "未达到" } else { "达到" };
        let backbone_target = match f.backbone_target_count {
            Some(c) => format!("{c} 名（可交流骨干 {} 名）", f.eligible_backbone),
            None => format!("交流教师的 {}", pct(f.backbone_target_share)),
        };
        let mut rows: Vec<Vec<String>> = vec![
            vec!["可交流教师".into(), f.eligible.to_string(), String::new()],
            vec![
                "交流人数目标".into(),
                f.exchange_target.to_string(),
                String::new(),
            ],
            vec![
                "实际交流人数".into(),
                f.moved.to_string(),
                met(f.shortfall.exchange).into(),
            ],
            vec!["交流比例".into(), pct(f.exchange_rate), String::new()],
            vec!["骨干教师目标".into(), backbone_target, String::new()],
            vec![
                "交流骨干教师".into(),
                f.backbone_moved.to_string(),
                met(f.shortfall.backbone).into(),
            ],
            vec![
                "骨干教师占交流教师比例".into(),
                pct(f.backbone_share),
                String::new(),
            ],
            vec![
                "城区→农村".into(),
                f.directions.urban_to_rural.to_string(),
                String::new(),
            ],
            vec![
                "农村→城区".into(),
                f.directions.rural_to_urban.to_string(),
                String::new(),
            ],
            vec![
                "同类区域内".into(),
                f.directions.within_zone.to_string(),
                String::new(),
            ],
            vec![
                "跨共同体交流".into(),
                f.cross_group_moves.to_string(),
                String::new(),
            ],
            vec![
                format!("通勤合计（{unit}）"),
                format!("{:.1}", f.total_commute_km),
                String::new(),
            ],
            vec![
                format!("平均通勤（{unit}）"),
                format!("{:.1}", f.mean_commute_km),
                String::new(),
            ],
            vec![
                format!("最长通勤（{unit}）"),
                format!("{:.1}", f.max_commute_km),
                String::new(),
            ],
        ];
        let cv = &f.cv_backbone_per_100;
        let show = |v: Option<f64>| v.map(|v| format!("{v:.3}")).unwrap_or_else(|| "—".into());
        rows.push(vec![
            "小学骨干教师差异系数（前→后）".into(),
            format!("{} → {}", show(cv.primary_before), show(cv.primary_after)),
            format!("标准 ≤ {:.2}", crate::rules::metrics::CV_STANDARD_PRIMARY),
        ]);
        rows.push(vec![
            "初中骨干教师差异系数（前→后）".into(),
            format!("{} → {}", show(cv.junior_before), show(cv.junior_after)),
            format!("标准 ≤ {:.2}", crate::rules::metrics::CV_STANDARD_JUNIOR),
        ]);
        rows.extend(crate::output::indicator_sheet::summary_rows(&f.indicators));
        rows.push(vec![
            "目标函数值".into(),
            format!("{:.3}", outcome.objective),
            String::new(),
        ]);
        if let Some(c) = &outcome.changes {
            rows.push(vec![
                "与上一方案相比".into(),
                format!(
                    "保留 {} / {}，变动 {}",
                    c.kept,
                    c.previous_moves,
                    c.changes.len()
                ),
                String::new(),
            ]);
        }
        for p in &outcome.pin_notes {
            rows.push(vec!["锁定".into(), p.text(Lang::Zh), String::new()]);
        }
        for e in &outcome.explanations {
            rows.push(vec!["未达标原因".into(), e.text(Lang::Zh), String::new()]);
        }
        table(
            sheet,
            &styles,
            2,
            &["项目", "数值", "说明"],
            &[30.0, 40.0, 20.0],
            &rows,
        )?;
    }

    // 交流名单: every move.
    {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(PLAN.sheet_zh, &mut used))?;
        let rows: Vec<Vec<String>> = (0..outcome.moves.len())
            .map(|i| move_row(county, outcome, i))
            .collect();
        table(sheet, &styles, 0, &move_headers(county), MOVE_WIDTHS, &rows)?;
    }

    // 教师指标: the national method's teacher indicators, school by school.
    {
        use crate::output::indicator_sheet::{school_table, SHEET};
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(SHEET, &mut used))?;
        let (headers, widths, rows) = school_table(county, &f.indicators);
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        table(sheet, &styles, 0, &headers, &widths, &rows)?;
    }

    // One sheet per school.
    for (s, school) in county.schools.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(
            &format!("{} {}", school.id, school.name),
            &mut used,
        ))?;
        let title = format!(
            "{}（{}，{}，{}）",
            school.name,
            school.id,
            zone_zh(school.zone),
            level_zh(school.level)
        );
        sheet.write_string_with_format(0, 0, title, &styles.title)?;
        let mut rows = Vec::new();
        for (i, m) in outcome.moves.iter().enumerate() {
            let from = county.teachers[m.teacher].school;
            let way = if from == s {
                "调出"
            } else if m.to == s {
                "调入"
            } else {
                continue;
            };
            let mut row = vec![way.to_string()];
            row.extend(move_row(county, outcome, i));
            rows.push(row);
        }
        rows.sort_by(|a, b| a[0].cmp(&b[0]).reverse());
        let mut headers = vec!["调出/调入"];
        headers.extend(move_headers(county));
        let mut widths = vec![9.0];
        widths.extend(MOVE_WIDTHS);
        table(sheet, &styles, 2, &headers, &widths, &rows)?;
    }

    // One sheet per partnership group.
    for group in &county.groups {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&format!("共同体{}", group.number), &mut used))?;
        let names: Vec<String> = group
            .schools
            .iter()
            .map(|&s| format!("{} {}", county.schools[s].id, county.schools[s].name))
            .collect();
        sheet.write_string_with_format(
            0,
            0,
            format!("共同体 {}：{}", group.number, names.join("、")),
            &styles.title,
        )?;
        let rows: Vec<Vec<String>> = outcome
            .moves
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                group.schools.contains(&county.teachers[m.teacher].school)
                    || group.schools.contains(&m.to)
            })
            .map(|(i, _)| move_row(county, outcome, i))
            .collect();
        table(sheet, &styles, 2, &move_headers(county), MOVE_WIDTHS, &rows)?;
    }

    // 变动: changes to the previous plan.
    if let Some(c) = &outcome.changes {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name("变动", &mut used))?;
        let rows: Vec<Vec<String>> = c
            .changes
            .iter()
            .map(|ch| {
                vec![
                    ch.teacher.clone(),
                    crate::round::replan::change_kind_text(ch.kind, Lang::Zh).into(),
                    ch.before.clone().unwrap_or_default(),
                    ch.after.clone().unwrap_or_default(),
                    ch.cause.text(Lang::Zh),
                ]
            })
            .collect();
        table(
            sheet,
            &styles,
            0,
            &["教师编号", "变动", "原方案", "新方案", "原因"],
            &[10.0, 8.0, 12.0, 12.0, 70.0],
            &rows,
        )?;
    }

    // 未交流原因, 学校通知, 交流通知书: who stays and why, and the notices.
    let plan = crate::output::notices::NoticePlan {
        county,
        policy: outcome.policy_in(Lang::Zh),
        moves: &outcome.moves,
        reasons: &outcome.reasons,
        date,
    };
    let mut parts = vec![crate::output::stayed_files::stayed_table(
        county,
        &outcome.stayed,
    )];
    parts.extend(crate::output::notices::notice_tables(&plan, Lang::Zh));
    for (name, headers, widths, rows) in parts {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&name, &mut used))?;
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        table(sheet, &styles, 0, &headers, &widths, &rows)?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::sheet_name;

    #[test]
    fn any_id_makes_a_sheet_name_excel_accepts() {
        let mut used = Vec::new();
        let long = "长".repeat(40);
        let astral = "𠀀".repeat(20);
        for wanted in [
            "'R1 城西小学",
            "R2'",
            "'",
            "",
            "History",
            "a[b]:c*d?e/f\\g",
            "tab\there",
            long.as_str(),
            long.as_str(),
            astral.as_str(),
            "U1",
            "u1",
        ] {
            let name = sheet_name(wanted, &mut used);
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            assert!(sheet.set_name(&name).is_ok(), "{wanted:?} gave {name:?}");
            assert!(name.encode_utf16().count() <= 31, "{name:?}");
        }
        let lower: Vec<String> = used.iter().map(|u| u.to_lowercase()).collect();
        let mut unique = lower.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), lower.len(), "{used:?}");
    }
}
