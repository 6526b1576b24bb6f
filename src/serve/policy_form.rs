//! The policy as a form: the models of `models/` to start from, and every main key as
//! a labelled field with its help text and range (Chinese and English). A submitted
//! form becomes the policy's TOML text, checked by the same parser as a file.

use crate::model::error::RotationError;
use crate::model::lang::Lang;
use crate::model::policy::Policy;
use crate::serve::store::Problem;
use std::collections::HashMap;

/// The policies of `models/`, built in: `(name, TOML text)`; the first is the default.
pub const MODELS: &[(&str, &str)] = &[
    ("haiyan-2022", include_str!("../../models/haiyan-2022.toml")),
    (
        "national-minimum",
        include_str!("../../models/national-minimum.toml"),
    ),
    (
        "stay-in-groups",
        include_str!("../../models/stay-in-groups.toml"),
    ),
    (
        "commute-20km",
        include_str!("../../models/commute-20km.toml"),
    ),
    (
        "exempt-graduating",
        include_str!("../../models/exempt-graduating.toml"),
    ),
];

/// The model named `name`, else the default.
pub fn model(name: &str) -> (&'static str, Policy) {
    let (n, text) = MODELS
        .iter()
        .find(|(n, _)| *n == name)
        .copied()
        .unwrap_or(MODELS[0]);
    (
        n,
        Policy::parse(text, n).expect("the shipped models are valid"),
    )
}

/// What a field holds.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Int(i64, i64),
    /// A number ≥ the bound (or > it when the flag is set), at most the upper bound.
    Number(f64, bool, Option<f64>),
    /// As `Number`, or empty for none.
    Optional(f64, bool, Option<f64>),
    Bool,
    /// `(value, 中文, English)`.
    Choice(&'static [(&'static str, &'static str, &'static str)]),
}

/// One policy key as a form field.
struct Field {
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    help_zh: &'static str,
    help_en: &'static str,
    kind: Kind,
}

const SHARE: Kind = Kind::Number(0.0, false, Some(1.0));
const WEIGHT: Kind = Kind::Number(0.0, false, None);

#[rustfmt::skip]
const FIELDS: &[Field] = &[
    Field { key: "name", zh: "方案名称", en: "Name", help_zh: "显示在结果和工作簿中的名称。", help_en: "Shown on the results and in the workbook.", kind: Kind::Text },
    Field { key: "year", zh: "编制年份", en: "Planning year", help_zh: "年龄按 年份 − 出生年份 计算。", help_en: "A teacher's age is year − birth year.", kind: Kind::Int(1950, 2100) },
    Field { key: "targets.exchange_rate", zh: "交流比例", en: "Exchange rate", help_zh: "符合交流条件的教师中必须交流的比例，目标人数为 ⌈比例 × 符合条件人数⌉。国家要求 ≥ 0.10，海盐 2022 年为 0.35。", help_en: "Share of eligible teachers who must rotate (target ⌈rate · eligible⌉). National minimum 0.10; Haiyan 2022: 0.35.", kind: SHARE },
    Field { key: "targets.backbone_share", zh: "骨干教师比例", en: "Backbone share", help_zh: "骨干教师占交流教师的比例（按下面的基数计）。国家要求 ≥ 0.20，海盐为 0.3252。", help_en: "Backbone teachers among the movers (on the base below). National minimum 0.20; Haiyan: 0.3252.", kind: SHARE },
    Field { key: "targets.backbone_base", zh: "骨干比例基数", en: "Backbone base", help_zh: "按交流教师计（国家规定），或按符合条件的骨干教师计（省级做法）。", help_en: "Measured on the movers (national rule) or on the eligible backbone teachers (a provincial variant).", kind: Kind::Choice(&[("exchanged", "占交流教师", "share of movers"), ("eligible_backbone", "占符合条件的骨干教师", "share of eligible backbone teachers")]) },
    Field { key: "eligibility.min_years_at_school", zh: "本校连续任教年限", en: "Years at the school", help_zh: "在本校连续任教满此年限才符合交流条件。", help_en: "Consecutive years at the current school before a teacher is eligible.", kind: Kind::Int(0, 50) },
    Field { key: "eligibility.max_age_female", zh: "女教师年龄上限", en: "Age limit, women", help_zh: "超过此年龄的女教师不交流（临近退休）。", help_en: "Women older than this are not eligible (near retirement).", kind: Kind::Int(18, 80) },
    Field { key: "eligibility.max_age_male", zh: "男教师年龄上限", en: "Age limit, men", help_zh: "超过此年龄的男教师不交流。", help_en: "Men older than this are not eligible.", kind: Kind::Int(18, 80) },
    Field { key: "eligibility.homeroom_may_move", zh: "班主任可交流", en: "Class heads may move", help_zh: "班主任是否可以交流。", help_en: "Whether class head teachers may rotate.", kind: Kind::Bool },
    Field { key: "eligibility.graduating_may_move", zh: "毕业班教师可交流", en: "Graduating-class teachers may move", help_zh: "任教毕业班的教师是否可以交流。", help_en: "Whether teachers of a graduating class may rotate.", kind: Kind::Bool },
    Field { key: "rules.direction", zh: "交流方向", en: "Direction", help_zh: "城乡交流：只在城区与农村之间；不限：同学段任一学校。", help_en: "cross_zone: only urban ↔ rural; any: any school of a compatible level.", kind: Kind::Choice(&[("cross_zone", "城乡交流", "urban ↔ rural"), ("any", "不限", "any")]) },
    Field { key: "rules.partnership", zh: "教育共同体", en: "Partnership groups", help_zh: "必须在共同体内交流、优先（跨共同体计成本）或不考虑。", help_en: "require: stay inside the group; prefer: a move across groups costs weights.cross_group; ignore.", kind: Kind::Choice(&[("require", "必须在共同体内", "require"), ("prefer", "优先在共同体内", "prefer"), ("ignore", "不考虑", "ignore")]) },
    Field { key: "rules.outflow_cap", zh: "每校调出上限", en: "Outflow cap", help_zh: "每所学校调出教师不超过 ⌊比例 × 教职工数⌋。", help_en: "At most ⌊cap · staff⌋ teachers leave a school.", kind: SHARE },
    Field { key: "rules.max_commute_km", zh: "最远通勤距离（公里）", en: "Longest commute (km)", help_zh: "从家（无住址时从现学校）到新学校的最远距离。", help_en: "Longest commute from home (else the current school) to the new school.", kind: Kind::Number(0.0, true, None) },
    Field { key: "rules.max_commute_minutes", zh: "最长通勤时间（分钟）", en: "Longest commute (minutes)", help_zh: "县域给出道路表（道路）或按分钟计的距离表时，从家（无住址时从现学校）到新学校的最长车程；此时不用公里上限。", help_en: "With a road table (roads) or a distance table in minutes: the longest travel time from home (else the current school) to the new school, used instead of the km cap.", kind: Kind::Number(0.0, true, None) },
    Field { key: "rules.staffing_tolerance", zh: "编制人数允许变动", en: "Staffing tolerance", help_zh: "每校调入与调出人数之差的上限 |调入 − 调出|。", help_en: "How far a school's headcount may change, |in − out|.", kind: Kind::Int(0, 1000) },
    Field { key: "rules.subject_tolerance", zh: "学科人数允许净减少", en: "Subject tolerance", help_zh: "每校每学科允许净减少的教师数。", help_en: "How many teachers of one subject a school may lose net.", kind: Kind::Int(0, 1000) },
    Field { key: "weights.km", zh: "每公里通勤成本", en: "Cost per km", help_zh: "目标函数中每公里通勤的成本。", help_en: "Cost per km of commute to the new school.", kind: WEIGHT },
    Field { key: "weights.minute", zh: "每分钟通勤成本", en: "Cost per minute", help_zh: "通勤按分钟计时（道路表或按分钟的距离表），目标函数中每分钟车程的成本，代替每公里成本。", help_en: "When commutes are minutes (roads, or a distance table in minutes): cost per minute of travel, instead of the cost per km.", kind: WEIGHT },
    Field { key: "weights.cross_group", zh: "跨共同体交流成本", en: "Cost across groups", help_zh: "“优先在共同体内”时每次跨共同体交流的成本。", help_en: "Cost of a move across groups (rule prefer).", kind: WEIGHT },
    Field { key: "weights.homeroom", zh: "班主任交流成本", en: "Cost of moving a class head", help_zh: "每交流一名班主任的成本。", help_en: "Cost of moving a class head teacher.", kind: WEIGHT },
    Field { key: "weights.graduating", zh: "毕业班教师交流成本", en: "Cost of moving a graduating-class teacher", help_zh: "每交流一名毕业班教师的成本。", help_en: "Cost of moving a teacher of a graduating class.", kind: WEIGHT },
    Field { key: "weights.stability", zh: "重新编制的变动成本", en: "Cost of a change (re-plan)", help_zh: "重新编制时，相对上一方案每一处变动的成本。", help_en: "Re-planning: cost of each change to the previous plan.", kind: WEIGHT },
    Field { key: "weights.balance", zh: "差异系数改善奖励", en: "Balance reward", help_zh: "差异系数规则为“改善”时，每降低 0.001 节省的成本。", help_en: "Under improve: cost saved per 0.001 a level's CV is lowered.", kind: WEIGHT },
    Field { key: "balance.indicator", zh: "均衡指标", en: "Balance indicator", help_zh: "下列均衡规则所针对的国家教师指标（高于规定学历需要学历列）。", help_en: "The national indicator the balance keys apply to (qualified needs the degree column).", kind: Kind::Choice(&[("backbone", "县级及以上骨干教师", "backbone teachers"), ("qualified", "高于规定学历教师", "above the required degree"), ("pe_art", "体育、艺术教师", "PE and art teachers")]) },
    Field { key: "balance.backbone_cv", zh: "差异系数规则", en: "CV rule", help_zh: "不得变差：方案后小学、初中的校际差异系数不高于方案前；改善：并奖励降低；关闭：仅报告。", help_en: "never_worse: the CV after is at most the CV before, per level; improve: and lowering it is rewarded; off: only reported.", kind: Kind::Choice(&[("never_worse", "不得变差", "never worse"), ("improve", "改善", "improve"), ("off", "仅报告", "off")]) },
    Field { key: "balance.cv_primary_max", zh: "小学差异系数上限", en: "CV cap, primary", help_zh: "方案后小学校际差异系数的上限（国家标准 0.50）；留空为不限。", help_en: "Cap on the primary schools' CV after the plan (standard 0.50); empty for none.", kind: Kind::Optional(0.0, true, None) },
    Field { key: "balance.cv_junior_max", zh: "初中差异系数上限", en: "CV cap, junior", help_zh: "方案后初中校际差异系数的上限（国家标准 0.45）；留空为不限。", help_en: "Cap on the junior schools' CV after the plan (standard 0.45); empty for none.", kind: Kind::Optional(0.0, true, None) },
    Field { key: "balance.min_backbone_per_100", zh: "每校每百名学生下限", en: "Floor per 100 students", help_zh: "方案后每校该指标每百名学生的下限（骨干教师国家标准 1.0）；留空为不限。", help_en: "Per-school floor of the indicator per 100 students after the plan (backbone standard 1.0); empty for none.", kind: Kind::Optional(0.0, false, Some(100.0)) },
    Field { key: "indicators.qualified_from_primary", zh: "小学“高于规定学历”起点", en: "Qualified from (primary)", help_zh: "国家教师指标“高于规定学历”：小学教师达到此学历即计入（国家标准为大专）。", help_en: "The national indicator \"above the required qualification\": the lowest degree that counts at a primary school (national: associate).", kind: Kind::Choice(DEGREES) },
    Field { key: "indicators.qualified_from_junior", zh: "初中“高于规定学历”起点", en: "Qualified from (junior)", help_zh: "初中教师达到此学历即计入（国家标准为本科）。", help_en: "The lowest degree that counts at a junior school (national: bachelor).", kind: Kind::Choice(DEGREES) },
];

/// The degrees, lowest first, as `[indicators]` takes them.
const DEGREES: &[(&str, &str, &str)] = &[
    ("secondary", "中专", "secondary"),
    ("associate", "大专", "associate"),
    ("bachelor", "本科", "bachelor"),
    ("master", "研究生", "master"),
    ("doctor", "博士", "doctor"),
];

/// One option of a choice.
pub struct OptionView {
    /// The value sent.
    pub value: &'static str,
    /// The label shown.
    pub label: &'static str,
    /// Whether it is the field's value.
    pub selected: bool,
}

/// A field as the page shows it.
pub struct FieldView {
    /// The policy key, also the input's name.
    pub key: &'static str,
    /// The label.
    pub label: &'static str,
    /// What the key does.
    pub help: &'static str,
    /// The range, in words.
    pub range: String,
    /// `text`, `number` or `select`.
    pub input: &'static str,
    /// The current value (empty for none).
    pub value: String,
    /// For numbers: `min` (empty for none).
    pub min: String,
    /// For numbers: `max` (empty for none).
    pub max: String,
    /// For numbers: `1` for whole numbers, else `any`.
    pub step: &'static str,
    /// For choices and yes/no.
    pub options: Vec<OptionView>,
}

/// The form's fields grouped by section: `(section title, fields)`.
pub fn form(policy: &Policy, lang: Lang) -> Vec<(&'static str, Vec<FieldView>)> {
    let value = toml::Value::try_from(policy).expect("a policy serialises");
    let zh = lang == Lang::Zh;
    let pick = |a: &'static str, b: &'static str| if zh { a } else { b };
    let mut sections: Vec<(&'static str, Vec<FieldView>)> = Vec::new();
    for f in FIELDS {
        let section = match f.key.split_once('.').map(|(s, _)| s) {
            None => pick("基本信息", "General"),
            Some("targets") => pick("交流目标", "Targets"),
            Some("eligibility") => pick("交流资格", "Eligibility"),
            Some("rules") => pick("交流规则", "Move rules"),
            Some("weights") => pick("成本权重", "Weights"),
            Some("indicators") => pick("国家教师指标", "Teacher indicators"),
            _ => pick("优质均衡", "Balance"),
        };
        let current = lookup(&value, f.key);
        let text = match &current {
            Some(toml::Value::String(s)) => s.clone(),
            Some(toml::Value::Float(x)) => format!("{x}"),
            Some(toml::Value::Integer(i)) => i.to_string(),
            Some(toml::Value::Boolean(b)) => b.to_string(),
            _ => String::new(),
        };
        let bound = |x: Option<f64>| x.map(|x| format!("{x}")).unwrap_or_default();
        let (input, min, max, step, range, options) = match f.kind {
            Kind::Text => (
                "text",
                String::new(),
                String::new(),
                "any",
                pick("文字", "text").to_string(),
                vec![],
            ),
            Kind::Int(lo, hi) => (
                "number",
                lo.to_string(),
                hi.to_string(),
                "1",
                format!("{lo}–{hi}"),
                vec![],
            ),
            Kind::Number(lo, open, hi) | Kind::Optional(lo, open, hi) => {
                let range = match (open, hi) {
                    (false, Some(hi)) => format!("[{lo}, {hi}]"),
                    (true, Some(hi)) => format!("({lo}, {hi}]"),
                    (false, None) => format!("≥ {lo}"),
                    (true, None) => format!("> {lo}"),
                };
                let range = if matches!(f.kind, Kind::Optional(..)) {
                    format!("{range}{}", pick("，可留空", ", or empty"))
                } else {
                    range
                };
                (
                    "number",
                    if open { String::new() } else { bound(Some(lo)) },
                    bound(hi),
                    "any",
                    range,
                    vec![],
                )
            }
            Kind::Bool => {
                let options = [("true", "是", "yes"), ("false", "否", "no")]
                    .iter()
                    .map(|&(v, z, e)| OptionView {
                        value: v,
                        label: pick(z, e),
                        selected: text == v,
                    })
                    .collect();
                (
                    "select",
                    String::new(),
                    String::new(),
                    "any",
                    pick("是 / 否", "yes / no").to_string(),
                    options,
                )
            }
            Kind::Choice(choices) => {
                let options = choices
                    .iter()
                    .map(|&(v, z, e)| OptionView {
                        value: v,
                        label: pick(z, e),
                        selected: text == v,
                    })
                    .collect();
                let range = choices.iter().map(|c| c.0).collect::<Vec<_>>().join(", ");
                (
                    "select",
                    String::new(),
                    String::new(),
                    "any",
                    range,
                    options,
                )
            }
        };
        let view = FieldView {
            key: f.key,
            label: pick(f.zh, f.en),
            help: pick(f.help_zh, f.help_en),
            range,
            input,
            value: text,
            min,
            max,
            step,
            options,
        };
        match sections.iter_mut().find(|(s, _)| *s == section) {
            Some((_, fields)) => fields.push(view),
            None => sections.push((section, vec![view])),
        }
    }
    sections
}

fn lookup(value: &toml::Value, key: &str) -> Option<toml::Value> {
    let mut v = value;
    for part in key.split('.') {
        v = v.get(part)?;
    }
    Some(v.clone())
}

/// The policy of a submitted form, as TOML text: the model named by the field
/// `model`, with every field of the form set on it, then checked like a policy file
/// (each problem names its key).
pub fn policy_text(form: &HashMap<String, String>) -> Result<String, Vec<Problem>> {
    let (_, base) = model(form.get("model").map(String::as_str).unwrap_or(""));
    let mut value = toml::Value::try_from(&base).expect("a policy serialises");
    let mut problems = Vec::new();
    for f in FIELDS {
        let Some(raw) = form.get(f.key) else { continue };
        let raw = raw.trim();
        let bad = |expected: &str, expected_zh: &str| {
            let mut p = Problem::plain(
                "policy",
                format!("`{}` = `{raw}`: expected {expected}", f.key),
            );
            p.message_zh = format!("`{}` = `{raw}`：应为{expected_zh}", f.key);
            p.column_name = Some(f.key.to_string());
            p
        };
        let new = match f.kind {
            Kind::Text => Some(toml::Value::String(raw.to_string())),
            Kind::Int(..) => match raw.parse::<i64>() {
                Ok(i) => Some(toml::Value::Integer(i)),
                Err(_) => {
                    problems.push(bad("a whole number", "整数"));
                    continue;
                }
            },
            Kind::Optional(..) if raw.is_empty() => None,
            Kind::Number(..) | Kind::Optional(..) => match raw.parse::<f64>() {
                Ok(x) if x.is_finite() => Some(toml::Value::Float(x)),
                _ => {
                    problems.push(bad("a number", "数字"));
                    continue;
                }
            },
            Kind::Bool => match raw {
                "true" => Some(toml::Value::Boolean(true)),
                "false" => Some(toml::Value::Boolean(false)),
                _ => {
                    problems.push(bad("true or false", "true（是）或 false（否）"));
                    continue;
                }
            },
            Kind::Choice(choices) => {
                if choices.iter().any(|c| c.0 == raw) {
                    Some(toml::Value::String(raw.to_string()))
                } else {
                    let list = choices.iter().map(|c| c.0).collect::<Vec<_>>().join(", ");
                    problems.push(bad(&format!("one of {list}"), &format!("以下之一：{list}")));
                    continue;
                }
            }
        };
        set(&mut value, f.key, new);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let text = toml::to_string(&value).expect("a TOML table serialises");
    match Policy::parse(&text, "policy") {
        Ok(_) => Ok(text),
        Err(RotationError::Invalid(d)) => Err(Problem::all(&d, std::path::Path::new(""))),
        Err(e) => Err(vec![Problem::plain("policy", e.to_string())]),
    }
}

fn set(value: &mut toml::Value, key: &str, new: Option<toml::Value>) {
    let mut parts: Vec<&str> = key.split('.').collect();
    let last = parts.pop().expect("a key has a name");
    let mut v = value;
    for part in parts {
        let table = v.as_table_mut().expect("policy sections are tables");
        v = table
            .entry(part)
            .or_insert_with(|| toml::Value::Table(Default::default()));
    }
    let table = v.as_table_mut().expect("policy sections are tables");
    match new {
        Some(n) => {
            table.insert(last.to_string(), n);
        }
        None => {
            table.remove(last);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_has_the_minute_keys_and_the_indicators() {
        let (_, policy) = model("haiyan-2022");
        let sections = form(&policy, Lang::Zh);
        let keys: Vec<&str> = sections
            .iter()
            .flat_map(|(_, fields)| fields.iter().map(|f| f.key))
            .collect();
        for key in [
            "rules.max_commute_minutes",
            "weights.minute",
            "indicators.qualified_from_primary",
            "indicators.qualified_from_junior",
        ] {
            assert!(keys.contains(&key), "{key} is not on the form");
        }
        let minutes = sections
            .iter()
            .flat_map(|(_, f)| f)
            .find(|f| f.key == "rules.max_commute_minutes")
            .unwrap();
        assert_eq!(minutes.value, "60");
        assert_eq!(minutes.range, "> 0");
        assert!(sections.iter().any(|(s, _)| *s == "国家教师指标"));
        let primary = sections
            .iter()
            .flat_map(|(_, f)| f)
            .find(|f| f.key == "indicators.qualified_from_primary")
            .unwrap();
        assert!(primary
            .options
            .iter()
            .any(|o| o.selected && o.value == "associate"));
    }

    #[test]
    fn submitted_minute_keys_and_indicators_reach_the_policy() {
        let form: HashMap<String, String> = [
            ("rules.max_commute_minutes", "45"),
            ("weights.minute", "2.5"),
            ("indicators.qualified_from_primary", "bachelor"),
            ("indicators.qualified_from_junior", "master"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let text = policy_text(&form).unwrap();
        let p = Policy::parse(&text, "form").unwrap();
        assert_eq!(p.rules.max_commute_minutes, 45.0);
        assert_eq!(p.weights.minute, 2.5);
        assert_eq!(
            p.indicators.qualified_from_primary,
            crate::model::county::Degree::Bachelor
        );
        assert_eq!(
            p.indicators.qualified_from_junior,
            crate::model::county::Degree::Master
        );
    }

    #[test]
    fn bad_minute_keys_and_degrees_are_refused_by_key() {
        for (key, raw) in [
            ("rules.max_commute_minutes", "0"),
            ("weights.minute", "-1"),
            ("indicators.qualified_from_junior", "phd"),
        ] {
            let form: HashMap<String, String> =
                [(key.to_string(), raw.to_string())].into_iter().collect();
            let problems = policy_text(&form).unwrap_err();
            assert_eq!(problems.len(), 1, "{key}");
            assert!(
                problems[0].column_name.as_deref() == Some(key)
                    || problems[0].message.contains(key),
                "{key}: {:?}",
                problems[0].message
            );
        }
    }
}
