//! The bureau's eligibility list (`rotation eligibility --out`): every teacher, eligible
//! or not, and why, in the user's language. It names the cause of an exemption, which
//! no other output does.

use crate::input::vocabulary::bool_zh;
use crate::model::county::County;
use crate::model::lang::Lang;
use crate::output::files::excel_csv_bytes;
use crate::rules::eligibility::Eligibility;

/// The list as CSV: headers, yes/no (是/否) and reasons in `lang`; with `bom`, a
/// leading UTF-8 byte-order mark so that Excel and WPS read the Chinese right. With
/// `plan`, each teacher's place in a plan: `in_plan` (`moves`, `stays`,
/// `not_eligible`), `stay_reason` (its key) and `why`.
pub fn eligibility_csv(
    county: &County,
    list: &[Eligibility],
    lang: Lang,
    bom: bool,
    plan: Option<&[[String; 3]]>,
) -> Vec<u8> {
    let mut header = match lang {
        Lang::En => vec!["teacher", "name", "school", "eligible", "reason"],
        Lang::Zh => vec!["教师编号", "姓名", "学校编号", "是否符合交流条件", "原因"],
    };
    if plan.is_some() {
        header.extend(match lang {
            Lang::En => ["in_plan", "stay_reason", "why"],
            Lang::Zh => ["方案中", "未交流原因", "说明"],
        });
    }
    let mut bytes = excel_csv_bytes(
        &header,
        county
            .teachers
            .iter()
            .zip(list)
            .enumerate()
            .map(|(i, (t, e))| {
                let eligible = match lang {
                    Lang::En => if e.is_eligible() { "yes" } else { "no" }.to_string(),
                    Lang::Zh => bool_zh(e.is_eligible()).to_string(),
                };
                let mut row = vec![
                    t.id.0.clone(),
                    t.name.clone(),
                    county.schools[t.school].id.0.clone(),
                    eligible,
                    e.text(lang, true),
                ];
                if let Some(plan) = plan {
                    row.extend(plan[i].iter().cloned());
                }
                row
            }),
    );
    if bom {
        bytes.splice(0..0, *b"\xEF\xBB\xBF");
    }
    bytes
}
