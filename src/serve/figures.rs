//! The key figures of a plan's summary as the pages show them (round page, comparison),
//! in the page's language.

use crate::serve::page::Page;
use serde_json::Value;

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// A number with `digits` decimals, or a dash.
pub fn fixed(v: &Value, digits: usize) -> String {
    num(v)
        .map(|x| format!("{x:.digits$}"))
        .unwrap_or_else(|| "—".into())
}

fn pct(v: &Value) -> String {
    num(v)
        .map(|x| format!("{:.1}%", 100.0 * x))
        .unwrap_or_else(|| "—".into())
}

/// The key figures of a plan's summary, as `(label, value, class)`.
pub fn figures(page: &Page, s: &Value) -> Vec<(String, String, &'static str)> {
    let t = |zh: &str, en: &str| page.t(zh, en).to_string();
    let met = |ok: bool| if ok { "met" } else { "miss" };
    let moved = s["moved"].as_u64().unwrap_or(0);
    let target = s["exchange_target"].as_u64().unwrap_or(0);
    let cv = &s["cv_backbone_per_100"];
    let cv_row = |level: &str, std: &str| {
        let after = num(&cv[format!("{level}_after")]);
        let standard = num(&cv[std]).unwrap_or(f64::NAN);
        let class = match after {
            Some(a) if a <= standard => "met",
            Some(_) => "miss",
            None => "",
        };
        (
            format!(
                "{} → {}（≤ {standard:.2}）",
                fixed(&cv[format!("{level}_before")], 3),
                fixed(&cv[format!("{level}_after")], 3)
            ),
            class,
        )
    };
    let (cv_p, cv_p_class) = cv_row("primary", "standard_primary");
    let (cv_j, cv_j_class) = cv_row("junior", "standard_junior");
    let unit = if s["commute_unit"] == "min" {
        page.t("分钟", "min")
    } else {
        page.t("公里", "km")
    };
    let by = &s["moves_by_direction"];
    vec![
        (
            t("目标", "Targets"),
            if s["targets_met"] == true {
                t("全部达成", "all met")
            } else {
                t("未达成", "NOT MET")
            },
            met(s["targets_met"] == true),
        ),
        (t("符合交流条件", "Eligible"), s["eligible"].to_string(), ""),
        (
            t("交流人数", "Movers"),
            format!(
                "{moved} / {} ({}); {} {target}",
                s["eligible"],
                pct(&s["exchange_rate"]),
                t("目标", "target")
            ),
            met(moved >= target),
        ),
        (
            t("骨干教师", "Backbone movers"),
            format!(
                "{} ({}); {} {}",
                s["backbone_moved"],
                pct(&s["backbone_share"]),
                t("目标", "target"),
                if s["backbone_target_share"].is_null() {
                    s["backbone_target_count"].to_string()
                } else {
                    pct(&s["backbone_target_share"])
                }
            ),
            met(s["shortfall"]["backbone"].as_f64().unwrap_or(0.0) <= 0.0),
        ),
        (
            t("交流方向", "Directions"),
            format!(
                "{} {}, {} {}, {} {}",
                t("城区→农村", "urban→rural"),
                by["urban_to_rural"],
                t("农村→城区", "rural→urban"),
                by["rural_to_urban"],
                t("同类区域内", "within a zone"),
                by["within_zone"]
            ),
            "",
        ),
        (
            t("跨共同体交流", "Across groups"),
            s["cross_group_moves"].to_string(),
            "",
        ),
        (
            t("通勤", "Commute"),
            format!(
                "{} {} {unit}, {} {} {unit}, {} {} {unit}",
                t("合计", "total"),
                fixed(&s["total_commute_km"], 1),
                t("平均", "mean"),
                fixed(&s["mean_commute_km"], 1),
                t("最远", "max"),
                fixed(&s["max_commute_km"], 1)
            ),
            "",
        ),
        (
            t("骨干教师差异系数（小学）", "Backbone CV, primary"),
            cv_p,
            cv_p_class,
        ),
        (
            t("骨干教师差异系数（初中）", "Backbone CV, junior"),
            cv_j,
            cv_j_class,
        ),
        (
            t("求解", "Solve"),
            format!(
                "{} · {} {} · {} {}",
                match s["status"].as_str().unwrap_or("") {
                    "optimal" => t("最优", "optimal"),
                    "time_limit" => t("时间上限内的最好方案", "time limit: best found"),
                    "infeasible" => t("无可行解", "infeasible"),
                    other => other.to_string(),
                },
                t("间隙", "gap"),
                fixed(&s["mip_gap"], 5),
                fixed(&s["total_seconds"], 2),
                t("秒", "s")
            ),
            "",
        ),
    ]
}

/// A zone in words.
pub fn zone(page: &Page, v: &Value) -> String {
    match v.as_str().unwrap_or("") {
        "urban" => page.t("城区", "urban").into(),
        "rural" => page.t("农村", "rural").into(),
        other => other.into(),
    }
}

/// A school level in words.
pub fn level(page: &Page, v: &Value) -> String {
    match v.as_str().unwrap_or("") {
        "primary" => page.t("小学", "primary").into(),
        "junior" => page.t("初中", "junior").into(),
        "nine_year" => page.t("九年一贯制", "nine-year").into(),
        "special" => page.t("特殊教育", "special").into(),
        other => other.into(),
    }
}
