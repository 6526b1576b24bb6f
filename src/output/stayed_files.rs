//! `stayed.csv` and the workbook's `未交流原因` sheet: each eligible teacher a plan
//! does not move, and why (see [`crate::rules::stay`]).

use crate::input::vocabulary::subject_zh;
use crate::model::county::County;
use crate::model::lang::Lang;
use crate::output::files::excel_csv_bytes;
use crate::rules::stay::Stayed;

/// The header of `stayed.csv`.
pub const STAYED_COLUMNS: &[&str] = &[
    "teacher",
    "name",
    "subject",
    "school",
    "reason_key",
    "extra_cost",
    "reason",
];

/// `stayed.csv`: one row per eligible teacher who stays, the reason in English (the
/// workbook has it in Chinese); `extra_cost` when the reason is a cost.
pub fn stayed_csv(county: &County, stayed: &[Stayed], lang: Lang) -> Vec<u8> {
    excel_csv_bytes(
        STAYED_COLUMNS,
        stayed.iter().map(|s| {
            let t = &county.teachers[s.teacher];
            vec![
                t.id.0.clone(),
                t.name.clone(),
                t.subject.clone(),
                county.schools[t.school].id.0.clone(),
                s.reason.key().to_string(),
                s.reason
                    .extra_cost()
                    .map(|x| format!("{x:.2}"))
                    .unwrap_or_default(),
                s.reason.text(lang),
            ]
        }),
    )
}

/// The name of the workbook sheet.
pub const STAYED_SHEET: &str = "未交流原因";

/// The `未交流原因` sheet as its name, headers, widths and rows (Chinese).
pub fn stayed_table(county: &County, stayed: &[Stayed]) -> crate::output::notices::SheetTable {
    let headers = ["教师编号", "姓名", "学科", "学校", "学校名称", "原因"]
        .map(String::from)
        .to_vec();
    let widths = vec![10.0, 10.0, 8.0, 9.0, 16.0, 90.0];
    let rows = stayed
        .iter()
        .map(|s| {
            let t = &county.teachers[s.teacher];
            let school = &county.schools[t.school];
            vec![
                t.id.0.clone(),
                t.name.clone(),
                subject_zh(&t.subject).to_string(),
                school.id.0.clone(),
                school.name.clone(),
                s.reason.text(Lang::Zh),
            ]
        })
        .collect();
    (STAYED_SHEET.to_string(), headers, widths, rows)
}
