//! The policy as a form: the models of `models/` to start from, and every main key as
//! a labelled field with its help text and range (Chinese and English). A submitted
//! form becomes the policy's TOML text, checked by the same parser as a file.

use crate::model::error::RotationError;
use crate::model::lang::Lang;
use crate::model::policy::Policy;
use crate::model::policy_labels::policy_key_label;
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

/// A model's title in `lang`: in Chinese its file's `name_zh` (every shipped model has
/// one), else its `name`.
pub fn model_title(name: &str, lang: Lang) -> String {
    model(name).1.title(lang).to_string()
}

/// The model named `name` as the page in `lang` starts from: on a Chinese page its
/// name is its Chinese title.
pub fn model_in(name: &str, lang: Lang) -> (&'static str, Policy) {
    let (n, mut policy) = model(name);
    policy.name = model_title(n, lang);
    (n, policy)
}

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

/// One policy key as a form field: its labels and help are the shared ones
/// (`model::policy_labels`), which the compare and sweep tables use too.
struct Field {
    key: &'static str,
    kind: Kind,
}

const SHARE: Kind = Kind::Number(0.0, false, Some(1.0));
const WEIGHT: Kind = Kind::Number(0.0, false, None);

#[rustfmt::skip]
const FIELDS: &[Field] = &[
    Field { key: "name", kind: Kind::Text },
    Field { key: "year", kind: Kind::Int(1950, 2100) },
    Field { key: "targets.exchange_rate", kind: SHARE },
    Field { key: "targets.backbone_share", kind: SHARE },
    Field { key: "targets.backbone_base", kind: Kind::Choice(&[("exchanged", "占交流教师", "share of movers"), ("eligible_backbone", "占符合条件的骨干教师", "share of eligible backbone teachers")]) },
    Field { key: "eligibility.min_years_at_school", kind: Kind::Int(0, 50) },
    Field { key: "eligibility.max_age_female", kind: Kind::Int(18, 80) },
    Field { key: "eligibility.max_age_male", kind: Kind::Int(18, 80) },
    Field { key: "eligibility.homeroom_may_move", kind: Kind::Bool },
    Field { key: "eligibility.graduating_may_move", kind: Kind::Bool },
    Field { key: "rules.direction", kind: Kind::Choice(&[("cross_zone", "城乡交流", "urban ↔ rural"), ("any", "不限", "any")]) },
    Field { key: "rules.partnership", kind: Kind::Choice(&[("require", "必须在共同体内", "require"), ("prefer", "优先在共同体内", "prefer"), ("ignore", "不考虑", "ignore")]) },
    Field { key: "rules.outflow_cap", kind: SHARE },
    Field { key: "rules.max_commute_km", kind: Kind::Number(0.0, true, None) },
    Field { key: "rules.max_commute_minutes", kind: Kind::Number(0.0, true, None) },
    Field { key: "rules.staffing_tolerance", kind: Kind::Int(0, 1000) },
    Field { key: "rules.subject_tolerance", kind: Kind::Int(0, 1000) },
    Field { key: "weights.km", kind: WEIGHT },
    Field { key: "weights.minute", kind: WEIGHT },
    Field { key: "weights.cross_group", kind: WEIGHT },
    Field { key: "weights.homeroom", kind: WEIGHT },
    Field { key: "weights.graduating", kind: WEIGHT },
    Field { key: "weights.stability", kind: WEIGHT },
    Field { key: "weights.balance", kind: WEIGHT },
    Field { key: "balance.indicator", kind: Kind::Choice(&[("backbone", "县级及以上骨干教师", "backbone teachers"), ("qualified", "高于规定学历教师", "above the required degree"), ("pe_art", "体育、艺术教师", "PE and art teachers")]) },
    Field { key: "balance.backbone_cv", kind: Kind::Choice(&[("never_worse", "不得变差", "never worse"), ("improve", "改善", "improve"), ("off", "仅报告", "off")]) },
    Field { key: "balance.cv_primary_max", kind: Kind::Optional(0.0, true, None) },
    Field { key: "balance.cv_junior_max", kind: Kind::Optional(0.0, true, None) },
    Field { key: "balance.min_backbone_per_100", kind: Kind::Optional(0.0, false, Some(100.0)) },
    Field { key: "indicators.qualified_from_primary", kind: Kind::Choice(DEGREES) },
    Field { key: "indicators.qualified_from_junior", kind: Kind::Choice(DEGREES) },
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
                // The choices as the page's language names them.
                let range = choices
                    .iter()
                    .map(|&(_, z, e)| pick(z, e))
                    .collect::<Vec<_>>()
                    .join(pick("、", ", "));
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
        let labels = policy_key_label(f.key).expect("every form key has labels");
        let view = FieldView {
            key: f.key,
            label: labels.label(lang),
            help: labels.help(lang),
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
    // The form has one name field, shown in the page's language: what it holds is the
    // policy's name in every language (a model's `name_zh` would hide an edited name).
    if form.contains_key("name") {
        if let Some(table) = value.as_table_mut() {
            table.remove("name_zh");
        }
    }
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
                    let list_zh = choices
                        .iter()
                        .map(|c| format!("{}（{}）", c.0, c.1))
                        .collect::<Vec<_>>()
                        .join("、");
                    problems.push(bad(
                        &format!("one of {list}"),
                        &format!("以下之一：{list_zh}"),
                    ));
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
    fn every_form_field_has_the_shared_labels() {
        for f in FIELDS {
            assert!(policy_key_label(f.key).is_some(), "{} has no labels", f.key);
        }
    }

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
