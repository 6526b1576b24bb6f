//! Reports as one self-contained HTML file, readable offline: no scripts, fonts, style
//! sheets or images from anywhere else; the pictures are inline SVG. Labels are in
//! Chinese and English. Every text that comes from the data is escaped. The markup is
//! also well-formed XML (void elements closed, attributes quoted), so strict tools read
//! it too.

use crate::model::county::{County, Level, Zone};
use crate::model::lang::Lang;
use crate::model::moves::Move;
use crate::model::policy::{BackboneBase, PartnershipRule, Policy};
use crate::model::shares::percent;
use crate::output::chart::{commute_histogram, cv_chart, school_map};
use crate::output::markup::escape;
use crate::round::run::PlanOutcome;
use crate::round::shortfall::ShortfallCause;
use crate::rules::metrics::{PlanFigures, SchoolFigures, CV_STANDARD_JUNIOR, CV_STANDARD_PRIMARY};
use crate::rules::verify::Violation;
use crate::solve::highs::{SolveOutcome, SolveStatus};
use std::fmt::Write;

/// Everything a report shows about one plan, however the plan was made (solved now,
/// or read from a `plan.csv`).
pub struct PlanView<'a> {
    /// The heading of the plan's section in the report.
    pub title: String,
    /// The county the plan is for.
    pub county: &'a County,
    /// The policy the plan was made or checked under.
    pub policy: &'a Policy,
    /// The plan's moves.
    pub moves: &'a [Move],
    /// Key figures of the plan: exchange rate, backbone share, commutes, CV, shortfalls.
    pub figures: &'a PlanFigures,
    /// Per-school figures before and after the plan.
    pub schools: &'a [SchoolFigures],
    /// How the solver did, when the plan was solved in this run.
    pub solve: Option<&'a SolveOutcome>,
    /// Why a target is missed, in words (empty when every target is met).
    pub explanations: &'a [ShortfallCause],
    /// Rules a plan read from a file breaks.
    pub violations: &'a [Violation],
}

impl<'a> PlanView<'a> {
    /// The view of a plan solved in this run, with its solver figures and missed targets.
    pub fn of_outcome(
        title: String,
        county: &'a County,
        policy: &'a Policy,
        outcome: &'a PlanOutcome,
    ) -> PlanView<'a> {
        PlanView {
            title,
            county,
            policy,
            moves: &outcome.moves,
            figures: &outcome.figures,
            schools: &outcome.schools,
            solve: Some(&outcome.solve),
            explanations: &outcome.explanations,
            violations: &outcome.target_violations,
        }
    }
}

const STYLE: &str = "
body { font-family: sans-serif; margin: 1.5em auto; max-width: 1100px; color: #222; line-height: 1.4; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 2px solid #4e79a7; padding-bottom: 0.2em; margin-top: 2em; }
h3 { font-size: 1.05em; margin-top: 1.5em; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: right; }
th { background: #f0f3f7; }
td.l, th.l { text-align: left; }
tr.warn td { background: #fff1f0; }
.met { color: #2e7d32; font-weight: bold; }
.miss { color: #c62828; font-weight: bold; }
.note { color: #555; font-size: 0.9em; }
details { margin: 0.5em 0; border: 1px solid #ddd; padding: 0.3em 0.8em; }
summary { cursor: pointer; font-weight: bold; }
svg { max-width: 100%; height: auto; display: block; margin: 0.5em 0; }
";

pub(crate) fn document(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<meta name=\"generator\" content=\"rotation {}\"/>\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        escape(title)
    )
}

fn verdict(ok: bool, yes: &str, no: &str) -> String {
    if ok {
        format!("<span class=\"met\">{}</span>", escape(yes))
    } else {
        format!("<span class=\"miss\">{}</span>", escape(no))
    }
}

fn cv_text(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.3}")).unwrap_or_else(|| "n/a".into())
}

fn row(out: &mut String, label: &str, value: &str, target: &str, verdict_html: &str) {
    let _ = write!(
        out,
        "<tr><td class=\"l\">{}</td><td>{}</td><td class=\"l\">{}</td><td class=\"l\">{verdict_html}</td></tr>",
        escape(label),
        escape(value),
        escape(target)
    );
}

fn zone_text(z: Zone) -> &'static str {
    match z {
        Zone::Urban => "urban 城区",
        Zone::Rural => "rural 农村",
    }
}

fn level_text(l: Level) -> &'static str {
    match l {
        Level::Primary => "primary 小学",
        Level::Junior => "junior 初中",
        Level::NineYear => "nine-year 九年一贯",
        Level::Special => "special 特教",
    }
}

/// The body of one plan: key figures against targets, map, CV, histogram, schools.
pub(crate) fn plan_section(view: &PlanView, id: &str, heading: &str) -> String {
    let f = view.figures;
    let p = view.policy;
    let mut out = String::new();
    let _ = write!(
        out,
        "<{heading} id=\"{id}\">{}</{heading}>",
        escape(&view.title)
    );
    // Key figures against targets.
    out.push_str("<h3>Key figures 主要指标</h3><table><tr><th class=\"l\">Figure 指标</th><th>Plan 方案</th><th class=\"l\">Target 目标</th><th class=\"l\">Verdict 结论</th></tr>");
    row(
        &mut out,
        "Teachers moved / exchange rate 交流人数/交流比例",
        &format!(
            "{} of {} eligible ({:.1}%)",
            f.moved,
            f.eligible,
            100.0 * f.exchange_rate
        ),
        &format!(
            "≥ {} ({}% of eligible 应交流教师)",
            f.exchange_target,
            percent(p.targets.exchange_rate)
        ),
        &verdict(
            f.shortfall.exchange <= 0.0,
            "met 达标",
            &format!("short by {} 未达标", f.shortfall.exchange),
        ),
    );
    let backbone_target = match p.targets.backbone_base {
        BackboneBase::Exchanged => format!(
            "≥ {}% of movers 交流教师",
            percent(p.targets.backbone_share)
        ),
        BackboneBase::EligibleBackbone => format!(
            "≥ {} ({}% of {} eligible backbone 应交流骨干)",
            f.backbone_target_count.unwrap_or(0),
            percent(p.targets.backbone_share),
            f.eligible_backbone
        ),
    };
    row(
        &mut out,
        "Backbone teachers moved 骨干教师交流",
        &format!(
            "{} ({:.2}% of movers)",
            f.backbone_moved,
            100.0 * f.backbone_share
        ),
        &backbone_target,
        &verdict(
            f.shortfall.backbone <= 0.0,
            "met 达标",
            &format!("short by {:.2} 未达标", f.shortfall.backbone),
        ),
    );
    // With roads.csv every commute is minutes on the roads, capped by
    // `max_commute_minutes`; label and compare in that unit.
    let unit = view.county.commute_unit();
    let (u, cap) = (unit.symbol(), unit.cap(p));
    row(
        &mut out,
        "Commute total / mean 通勤总里程/平均",
        &format!(
            "{:.1} {u} / {:.1} {u}",
            f.total_commute_km, f.mean_commute_km
        ),
        "as low as the rules allow 越低越好",
        "",
    );
    row(
        &mut out,
        "Commute 95th percentile / max 通勤95%分位/最长",
        &format!("{:.1} {u} / {:.1} {u}", f.p95_commute_km, f.max_commute_km),
        &format!("≤ {} {u}", crate::output::chart::num(cap)),
        &verdict(
            f.max_commute_km <= cap + 1e-9,
            "within the cap 未超上限",
            "over the cap 超上限",
        ),
    );
    let (group_target, group_ok) = match p.rules.partnership {
        PartnershipRule::Require => (
            "0: moves stay in groups 须在共同体内",
            f.cross_group_moves == 0,
        ),
        PartnershipRule::Prefer => ("few: each costs extra 尽量在共同体内", true),
        PartnershipRule::Ignore => ("groups ignored 不限", true),
    };
    row(
        &mut out,
        "Moves across partnership groups 跨共同体交流",
        &f.cross_group_moves.to_string(),
        group_target,
        &if group_ok {
            String::new()
        } else {
            verdict(false, "", "broken 违反")
        },
    );
    let allowed = |may: bool| {
        if may {
            "allowed, at a cost 允许(计成本)"
        } else {
            "exempt 不参加交流"
        }
    };
    row(
        &mut out,
        "Class head teachers moved 班主任交流",
        &f.homeroom_moved.to_string(),
        allowed(p.eligibility.homeroom_may_move),
        "",
    );
    row(
        &mut out,
        "Graduating-class teachers moved 毕业班教师交流",
        &f.graduating_moved.to_string(),
        allowed(p.eligibility.graduating_may_move),
        "",
    );
    row(
        &mut out,
        "Schools losing >15% of staff 流出超15%的学校",
        &f.schools_losing_over_15pct.to_string(),
        &format!(
            "outflow cap 流出上限 {}% of staff",
            percent(p.rules.outflow_cap)
        ),
        "",
    );
    row(
        &mut out,
        "School subjects left short 学科净流出(校·学科)",
        &f.subjects_left_short.to_string(),
        &format!("each ≤ {} teacher(s) 每科不超过", p.rules.subject_tolerance),
        "",
    );
    let cv = &f.cv_backbone_per_100;
    for (label, before, after, standard) in [
        (
            "CV backbone/100 students, primary 小学骨干教师差异系数",
            cv.primary_before,
            cv.primary_after,
            CV_STANDARD_PRIMARY,
        ),
        (
            "CV backbone/100 students, junior 初中骨干教师差异系数",
            cv.junior_before,
            cv.junior_after,
            CV_STANDARD_JUNIOR,
        ),
    ] {
        row(
            &mut out,
            label,
            &format!("{} → {}", cv_text(before), cv_text(after)),
            &format!("≤ {standard:.2}"),
            &match after {
                Some(a) => verdict(a <= standard, "meets 达标", "above 超标"),
                None => "n/a".into(),
            },
        );
    }
    if let Some(s) = view.solve {
        let status = match s.status {
            SolveStatus::Optimal => "optimal 最优".to_string(),
            SolveStatus::TimeLimit => "time limit: best found 时间上限".to_string(),
            SolveStatus::Infeasible => "infeasible 无可行解".to_string(),
        };
        row(
            &mut out,
            "Solver 求解",
            &format!(
                "{status}; {:.2} s; gap {:.3}%",
                s.solve_seconds,
                100.0 * s.mip_gap.max(0.0)
            ),
            "",
            "",
        );
    }
    out.push_str("</table>");
    if !view.explanations.is_empty() {
        out.push_str("<p><b>Why short 未达标原因:</b></p><ul>");
        for e in view.explanations {
            let _ = write!(out, "<li>{}</li>", escape(&e.text(Lang::En)));
        }
        out.push_str("</ul>");
    }
    if !view.violations.is_empty() {
        out.push_str("<p><b>Rules broken 违反规则:</b></p><ul>");
        for v in view.violations {
            let rule = serde_json::to_value(v.rule)
                .ok()
                .and_then(|r| r.as_str().map(str::to_string))
                .unwrap_or_default();
            let _ = write!(
                out,
                "<li class=\"miss\">[{}] {}</li>",
                escape(&rule),
                escape(&v.message())
            );
        }
        out.push_str("</ul>");
    }
    // Map.
    let _ = write!(
        out,
        "<h3>Map of schools and flows 学校分布与教师流向</h3>{}<p class=\"note\">{} moves between {} pairs of schools. Hover an arrow or a school for details. 悬停查看详情。</p>",
        school_map(view.county, view.moves, id),
        view.moves.len(),
        {
            let mut pairs: Vec<(usize, usize)> = view
                .moves
                .iter()
                .map(|m| (view.county.teachers[m.teacher].school, m.to))
                .collect();
            pairs.sort_unstable();
            pairs.dedup();
            pairs.len()
        }
    );
    let _ = write!(
        out,
        "<h3>Inter-school variation (CV) 校际差异系数</h3>{}<p class=\"note\">Student-weighted coefficient of variation of backbone teachers per 100 students; the standard is ≤ 0.50 for primary and ≤ 0.45 for junior schools. 按学生数加权的每百名学生骨干教师数差异系数。</p>",
        cv_chart(cv)
    );
    let _ = write!(
        out,
        "<h3>Commute distances 通勤距离</h3>{}",
        commute_histogram(view.moves, cap, unit)
    );
    // Schools.
    out.push_str("<h3>Schools before and after 各校交流前后</h3><table><tr><th class=\"l\">School 学校</th><th class=\"l\">Name 校名</th><th class=\"l\">Zone 城乡</th><th class=\"l\">Level 学段</th><th>Group 共同体</th><th>Students 学生</th><th>Staff 教师</th><th>Out 流出</th><th>In 流入</th><th>Staff after 交流后</th><th>Backbone/100 before 骨干/百生 前</th><th>after 后</th></tr>");
    for (s, school) in view.schools.iter().enumerate() {
        let warn = school.out as f64 > 0.15 * school.staff as f64;
        let group = view
            .county
            .group_of
            .get(s)
            .map(|&g| view.county.groups[g].number.to_string())
            .unwrap_or_default();
        let _ = write!(
            out,
            "<tr{}><td class=\"l\">{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{group}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.2}</td><td>{:.2}</td></tr>",
            if warn { " class=\"warn\"" } else { "" },
            escape(&school.school),
            escape(&school.name),
            zone_text(school.zone),
            level_text(school.level),
            school.students,
            school.staff,
            school.out,
            school.inflow,
            school.staff_after,
            school.backbone_per_100_before,
            school.backbone_per_100_after
        );
    }
    out.push_str("</table><p class=\"note\">Rows in red: the school loses more than 15% of its staff. 红色行：流出超过15%。</p>");
    out
}

pub(crate) fn header(out: &mut String, title: &str, instance: &str, what: &str) {
    let _ = write!(
        out,
        "<h1>{}</h1><p class=\"note\">County 县域实例: {} · {} · made by rotation {}</p>",
        escape(title),
        escape(instance),
        escape(what),
        env!("CARGO_PKG_VERSION")
    );
}

/// The report of one plan.
pub fn plan_report(instance: &str, view: &PlanView) -> String {
    let title = "Exchange round report 交流轮岗方案报告";
    let mut body = String::new();
    header(
        &mut body,
        title,
        instance,
        &format!("policy 政策: {}", view.policy.name),
    );
    body.push_str(&plan_section(view, "plan", "h2"));
    document(title, &body)
}

pub(crate) fn table_html(rows: &[Vec<String>], first_is_header: bool) -> String {
    let mut out = String::from("<table>");
    for (i, r) in rows.iter().enumerate() {
        let cell = if i == 0 && first_is_header {
            "th"
        } else {
            "td"
        };
        out.push_str("<tr>");
        for (j, c) in r.iter().enumerate() {
            let class = if j == 0 { " class=\"l\"" } else { "" };
            let html = match c.as_str() {
                "short" | "failed" | "error" => {
                    format!("<span class=\"miss\">{}</span>", escape(c))
                }
                "met" => format!("<span class=\"met\">{}</span>", escape(c)),
                _ => escape(c),
            };
            let _ = write!(out, "<{cell}{class}>{html}</{cell}>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
