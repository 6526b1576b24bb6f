//! What the command line says of its own (summaries, "wrote …", the closing line of a
//! list of problems), as data rendered in English or Chinese here and nowhere else.

use rotation::model::lang::Lang;
use rotation::rules::eligibility::Eligibility;

/// One message of the command line.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter), vis(pub(crate))))]
pub enum CliMessage {
    /// The closing line of a list of input problems.
    NothingWritten { problems: usize },
    /// `validate`: the instance is usable.
    Valid { instance: String },
    /// `validate`: schools, by zone and level (`urban/primary` keys).
    Schools {
        total: usize,
        by_kind: Vec<(String, usize)>,
    },
    /// `validate`: students.
    Students { total: u64 },
    /// `validate`: teachers and backbone teachers.
    Teachers { total: usize, backbone: usize },
    /// `validate`: partnership groups and the partnerships they come from.
    Groups { groups: usize, partnerships: usize },
    /// `validate --policy`: eligible teachers under a policy.
    Eligible {
        eligible: usize,
        share: f64,
        backbone: usize,
        policy: String,
    },
    /// `validate --policy`: teachers excluded by one rule (`too_few_years`, ...).
    NotEligible { teachers: usize, rule: String },
    /// `eligibility --out`: the list was written.
    WroteEligibility {
        path: String,
        teachers: usize,
        eligible: usize,
    },
    /// `plan --years`: the horizon planned.
    HorizonPlanned {
        years: usize,
        first: i32,
        last: i32,
        policy: String,
        seconds: f64,
    },
    /// `plan --years`: one year of the horizon.
    HorizonYear {
        year: i32,
        eligible: u32,
        target: u32,
        movers: u32,
        backbone: u32,
        returns: u32,
        met: bool,
        /// The policy's own exchange rate and the rate the cycle look-ahead set.
        raised: Option<(f64, f64)>,
    },
    /// `plan --years`: the folders written.
    WroteHorizon { out: String, years: usize },
}

/// `urban/primary` as `城区/小学`; each part's English code mapped, unknown ones kept.
fn kind_zh(kind: &str) -> String {
    kind.split('/')
        .map(|part| match part {
            "urban" => "城区",
            "rural" => "农村",
            "primary" => "小学",
            "junior" => "初中",
            "nine_year" => "九年一贯制",
            "special" => "特殊教育",
            other => other,
        })
        .collect::<Vec<_>>()
        .join("/")
}

impl CliMessage {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use CliMessage as M;
        match (self, lang) {
            (M::NothingWritten { problems }, Lang::En) => format!(
                "{problems} problem{} found; nothing was written",
                if *problems == 1 { "" } else { "s" }
            ),
            (M::NothingWritten { problems }, Lang::Zh) => {
                format!("发现 {problems} 个问题；未写入任何文件")
            }
            (M::Valid { instance }, Lang::En) => format!("{instance}: valid"),
            (M::Valid { instance }, Lang::Zh) => format!("{instance}：数据有效"),
            (M::Schools { total, by_kind }, Lang::En) => format!(
                "  schools   {total} ({})",
                by_kind
                    .iter()
                    .map(|(k, n)| format!("{n} {k}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (M::Schools { total, by_kind }, Lang::Zh) => format!(
                "  学校      {total} 所（{}）",
                by_kind
                    .iter()
                    .map(|(k, n)| format!("{} {n} 所", kind_zh(k)))
                    .collect::<Vec<_>>()
                    .join("，")
            ),
            (M::Students { total }, Lang::En) => format!("  students  {total}"),
            (M::Students { total }, Lang::Zh) => format!("  学生      {total} 人"),
            (M::Teachers { total, backbone }, Lang::En) => {
                format!("  teachers  {total} ({backbone} backbone)")
            }
            (M::Teachers { total, backbone }, Lang::Zh) => {
                format!("  教师      {total} 人（骨干教师 {backbone} 人）")
            }
            (M::Groups { groups, partnerships }, Lang::En) => {
                format!("  groups    {groups} (from {partnerships} partnerships)")
            }
            (M::Groups { groups, partnerships }, Lang::Zh) => {
                format!("  共同体    {groups} 个（由 {partnerships} 条结对关系组成）")
            }
            (M::Eligible { eligible, share, backbone, policy }, Lang::En) => format!(
                "  eligible  {eligible} ({:.1}% of teachers, {backbone} backbone) under \"{policy}\"",
                100.0 * share
            ),
            (M::Eligible { eligible, share, backbone, policy }, Lang::Zh) => format!(
                "  符合条件  {eligible} 人（占教师 {:.1}%，骨干教师 {backbone} 人），政策「{policy}」",
                100.0 * share
            ),
            (M::NotEligible { teachers, rule }, Lang::En) => {
                format!("            {teachers} not eligible: {rule}")
            }
            (M::NotEligible { teachers, rule }, Lang::Zh) => format!(
                "            {teachers} 人不符合条件：{}",
                Eligibility::rule_label(rule, Lang::Zh)
            ),
            (M::WroteEligibility { path, teachers, eligible }, Lang::En) => {
                format!("wrote {path} ({teachers} teachers, {eligible} eligible)")
            }
            (M::WroteEligibility { path, teachers, eligible }, Lang::Zh) => {
                format!("已写入 {path}（教师 {teachers} 人，符合交流条件 {eligible} 人）")
            }
            (M::HorizonPlanned { years, first, last, policy, seconds }, Lang::En) => format!(
                "planned {years} rounds, {first}–{last}, under \"{policy}\" in {seconds:.1} s \
                 (rolling horizon: each year on the county the earlier years leave)"
            ),
            (M::HorizonPlanned { years, first, last, policy, seconds }, Lang::Zh) => format!(
                "已规划 {first}–{last} 年共 {years} 轮，政策「{policy}」，用时 {seconds:.1} 秒\
                 （滚动规划：每年以前几年留下的县域为起点）"
            ),
            (M::HorizonYear { year, eligible, target, movers, backbone, returns, met, raised }, Lang::En) => {
                format!(
                    "  {year}  eligible {eligible:>5}  target {target:>4}  moved {movers:>4} \
                     ({backbone} backbone)  returns {returns:>3}  {}{}",
                    if *met { "targets met" } else { "TARGET MISSED" },
                    raised
                        .map(|(from, to)| format!(
                            "  (exchange rate raised from {:.1}% to {:.1}% for the cycle)",
                            100.0 * from,
                            100.0 * to
                        ))
                        .unwrap_or_default()
                )
            }
            (M::HorizonYear { year, eligible, target, movers, backbone, returns, met, raised }, Lang::Zh) => {
                format!(
                    "  {year} 年  符合条件 {eligible:>5} 人  目标 {target:>4} 人  交流 {movers:>4} 人\
                     （骨干 {backbone} 人）  期满返回 {returns:>3} 人  {}{}",
                    if *met { "达标" } else { "未达标" },
                    raised
                        .map(|(from, to)| format!(
                            "（为轮岗周期，交流比例由 {:.1}% 提高到 {:.1}%）",
                            100.0 * from,
                            100.0 * to
                        ))
                        .unwrap_or_default()
                )
            }
            (M::WroteHorizon { out, years }, Lang::En) => format!(
                "  wrote     {out}/year-1/ … year-{years}/ (each a plan folder with input/), \
                 horizon.csv, horizon.json, manifest.json"
            ),
            (M::WroteHorizon { out, years }, Lang::Zh) => format!(
                "  已写入    {out}/year-1/ … year-{years}/（每年一个方案文件夹，含 input/），\
                 horizon.csv、horizon.json、manifest.json"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    /// One example of every kind of message; the test below fails when a kind has
    /// none, so a new message cannot go without its Chinese.
    fn examples() -> Vec<CliMessage> {
        use CliMessage as M;
        vec![
            M::NothingWritten { problems: 2 },
            M::Valid {
                instance: "county".into(),
            },
            M::Schools {
                total: 3,
                by_kind: vec![("urban/primary".into(), 3)],
            },
            M::Students { total: 900 },
            M::Teachers {
                total: 40,
                backbone: 8,
            },
            M::Groups {
                groups: 2,
                partnerships: 3,
            },
            M::Eligible {
                eligible: 10,
                share: 0.25,
                backbone: 2,
                policy: "p".into(),
            },
            M::NotEligible {
                teachers: 4,
                rule: "too_few_years".into(),
            },
            M::WroteEligibility {
                path: "e.csv".into(),
                teachers: 40,
                eligible: 10,
            },
            M::HorizonPlanned {
                years: 3,
                first: 2022,
                last: 2024,
                policy: "p".into(),
                seconds: 12.0,
            },
            M::HorizonYear {
                year: 2023,
                eligible: 900,
                target: 315,
                movers: 315,
                backbone: 103,
                returns: 30,
                met: true,
                raised: Some((0.35, 0.4)),
            },
            M::WroteHorizon {
                out: "out".into(),
                years: 3,
            },
        ]
    }

    #[test]
    fn every_cli_message_has_chinese() {
        let examples = examples();
        for kind in CliMessageDiscriminants::iter() {
            let m = examples
                .iter()
                .find(|m| CliMessageDiscriminants::from(*m) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            let zh = m.text(Lang::Zh);
            assert!(has_cjk(&zh), "{kind:?} has no Chinese: {zh}");
            assert!(!m.text(Lang::En).trim().is_empty(), "{kind:?}");
            assert!(!has_cjk(&m.text(Lang::En)), "{kind:?} English has Chinese");
        }
    }

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }
}
