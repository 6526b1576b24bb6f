//! Long file: a plan section is one template's data (key figures, technical details,
//! map, charts, schools); splitting it would scatter what the page shows.
//!
//! Reports as one self-contained HTML file, readable offline: no scripts, fonts, style
//! sheets or images from anywhere else; the pictures are inline SVG. Labels are in
//! Chinese and English. The markup is in askama templates (`templates/report/`), which
//! escape every text; it is also well-formed XML (void elements closed, attributes
//! quoted), so strict tools read it too.

use crate::model::county::{County, Level, Zone};
use crate::model::lang::Lang;
use crate::model::moves::Move;
use crate::model::policy::{BackboneBase, PartnershipRule, Policy};
use crate::model::shares::percent;
use crate::model::travel::CommuteUnit;
use crate::output::chart::{num, CommuteHistogram};
use crate::output::cv_chart::CvChart;
use crate::output::indicator_report::IndicatorSection;
use crate::output::markup::render;
use crate::output::school_map::SchoolMap;
use crate::round::run::PlanOutcome;
use crate::round::shortfall::ShortfallCause;
use crate::rules::metrics::{PlanFigures, SchoolFigures, CV_STANDARD_JUNIOR, CV_STANDARD_PRIMARY};
use crate::rules::verify::Violation;
use crate::solve::highs::{SolveOutcome, SolveStatus};
use askama::Template;

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

fn cv_text(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.3}")).unwrap_or_else(|| "n/a".into())
}

/// A verdict on a figure: met (green), missed (red), or plain text.
struct Verdict {
    /// `met` or `miss`; none for plain text.
    class: Option<&'static str>,
    text: String,
}

impl Verdict {
    fn of(ok: bool, yes: &str, no: &str) -> Verdict {
        let (class, text) = if ok { ("met", yes) } else { ("miss", no) };
        Verdict {
            class: Some(class),
            text: text.into(),
        }
    }

    fn plain(text: &str) -> Verdict {
        Verdict {
            class: None,
            text: text.into(),
        }
    }
}

/// A row of the key figures: the plan's value against the target.
struct FigureRow {
    label: &'static str,
    value: String,
    target: String,
    verdict: Verdict,
}

fn row(label: &'static str, value: String, target: &str, verdict: Verdict) -> FigureRow {
    FigureRow {
        label,
        value,
        target: target.into(),
        verdict,
    }
}

/// A row of the schools table.
struct SchoolRow<'a> {
    f: &'a SchoolFigures,
    /// The partnership group's number.
    group: String,
    /// The school loses more than 15% of its staff.
    warn: bool,
}

/// The body of one plan: key figures against targets, map, CV, histogram, schools
/// (`templates/report/plan_section.html`).
#[derive(Template)]
#[template(path = "report/plan_section.html", config = "templates/askama.toml")]
pub(crate) struct PlanSection<'a> {
    /// The heading's tag (`h2`) and the id it is linked by.
    heading: &'static str,
    id: String,
    title: String,
    figures: Vec<FigureRow>,
    /// Why a target is missed, in English.
    explanations: Vec<String>,
    /// Broken rules: the rule's name and the message.
    violations: Vec<(String, String)>,
    map: SchoolMap<'a>,
    moves: usize,
    /// Pairs of schools with teachers moving between them.
    pairs: usize,
    cv: CvChart,
    histogram: CommuteHistogram,
    /// `Commute distances 通勤距离`, or travel times with roads.
    commute_heading: String,
    schools: Vec<SchoolRow<'a>>,
    /// The national method's teacher indicators.
    indicators: IndicatorSection,
    /// Solver figures and raw shortfalls, folded into a "technical" section.
    technical: Vec<(String, String)>,
}

/// The key figures of a plan against the policy's targets.
fn key_figures(view: &PlanView) -> Vec<FigureRow> {
    let f = view.figures;
    let p = view.policy;
    let mut rows = Vec::new();
    rows.push(row(
        "Teachers moved / exchange rate 交流人数/交流比例",
        format!(
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
        Verdict::of(
            f.shortfall.exchange <= 0.0,
            "met 达标",
            &format!(
                "short by {} 差{}人 未达标",
                f.shortfall.exchange, f.shortfall.exchange
            ),
        ),
    ));
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
    rows.push(row(
        "Backbone teachers moved 骨干教师交流",
        format!(
            "{} ({:.2}% of movers)",
            f.backbone_moved,
            100.0 * f.backbone_share
        ),
        &backbone_target,
        Verdict::of(
            f.shortfall.backbone <= 0.0,
            "met 达标",
            &format!(
                "short by {} 差{}人 未达标",
                f.shortfall.backbone.ceil(),
                f.shortfall.backbone.ceil()
            ),
        ),
    ));
    // With roads.csv every commute is minutes on the roads, capped by
    // `max_commute_minutes`; label and compare in that unit.
    let unit = view.county.commute_unit();
    let (u, cap) = (unit.symbol(), p.commute_cap(unit));
    rows.push(row(
        match unit {
            CommuteUnit::Km => "Commute total / mean 通勤总里程/平均",
            CommuteUnit::Minutes => "Commute total / mean 通勤总时间/平均",
        },
        format!(
            "{:.1} {u} / {:.1} {u}",
            f.total_commute_km, f.mean_commute_km
        ),
        "as low as the rules allow 越低越好",
        Verdict::plain(""),
    ));
    rows.push(row(
        "Commute 95th percentile / max 通勤95%分位/最长",
        format!("{:.1} {u} / {:.1} {u}", f.p95_commute_km, f.max_commute_km),
        &format!("≤ {} {u}", num(cap)),
        Verdict::of(
            f.max_commute_km <= cap + 1e-9,
            "within the cap 未超上限",
            "over the cap 超上限",
        ),
    ));
    let (group_target, group_ok) = match p.rules.partnership {
        PartnershipRule::Require => (
            "0: moves stay in groups 须在共同体内",
            f.cross_group_moves == 0,
        ),
        PartnershipRule::Prefer => ("few: each costs extra 尽量在共同体内", true),
        PartnershipRule::Ignore => ("groups ignored 不限", true),
    };
    rows.push(row(
        "Moves across partnership groups 跨共同体交流",
        f.cross_group_moves.to_string(),
        group_target,
        if group_ok {
            Verdict::plain("")
        } else {
            Verdict::of(false, "", "broken 违反")
        },
    ));
    let allowed = |may: bool| {
        if may {
            "allowed, at a cost 允许(计成本)"
        } else {
            "exempt 不参加交流"
        }
    };
    rows.push(row(
        "Class head teachers moved 班主任交流",
        f.homeroom_moved.to_string(),
        allowed(p.eligibility.homeroom_may_move),
        Verdict::plain(""),
    ));
    rows.push(row(
        "Graduating-class teachers moved 毕业班教师交流",
        f.graduating_moved.to_string(),
        allowed(p.eligibility.graduating_may_move),
        Verdict::plain(""),
    ));
    rows.push(row(
        "Schools losing >15% of staff 流出超15%的学校",
        f.schools_losing_over_15pct.to_string(),
        &format!(
            "outflow cap 流出上限 {}% of staff",
            percent(p.rules.outflow_cap)
        ),
        Verdict::plain(""),
    ));
    rows.push(row(
        "School subjects left short 学科净流出(校·学科)",
        f.subjects_left_short.to_string(),
        &format!("each ≤ {} teacher(s) 每科不超过", p.rules.subject_tolerance),
        Verdict::plain(""),
    ));
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
        rows.push(row(
            label,
            format!("{} → {}", cv_text(before), cv_text(after)),
            &format!("≤ {standard:.2}"),
            match after {
                Some(a) => Verdict::of(a <= standard, "meets 达标", "above 超标"),
                None => Verdict::plain("n/a"),
            },
        ));
    }
    rows
}

/// What only a technician needs, folded away under the plan: how the solver did, the
/// objective and the raw shortfalls the model worked with.
fn technical_rows(view: &PlanView) -> Vec<(String, String)> {
    let f = view.figures;
    let mut rows = vec![
        (
            "Shortfall against the exchange target (model) 交流缺口（模型值）".to_string(),
            format!("{}", f.shortfall.exchange),
        ),
        (
            "Shortfall against the backbone target (model) 骨干缺口（模型值）".to_string(),
            format!("{:.4}", f.shortfall.backbone),
        ),
    ];
    if let Some(s) = view.solve {
        let status = match s.status {
            SolveStatus::Optimal => "optimal 最优",
            SolveStatus::TimeLimit => "time limit: best found 时间上限",
            SolveStatus::Infeasible => "infeasible 无可行解",
        };
        rows.extend([
            ("Solver status 求解状态".to_string(), status.to_string()),
            ("Method 方法".to_string(), format!("{:?}", s.method)),
            (
                "Objective / bound / gap 目标值/下界/间隙".to_string(),
                format!(
                    "{:.3} / {:.3} / {:.3}%",
                    s.objective,
                    s.dual_bound,
                    100.0 * s.mip_gap.max(0.0)
                ),
            ),
            (
                "Model 模型".to_string(),
                format!(
                    "{} columns × {} rows, {} nonzeros; {} nodes",
                    s.size.columns, s.size.rows, s.size.nonzeros, s.nodes
                ),
            ),
            (
                "Solve time 求解时间".to_string(),
                format!("{:.2} s", s.solve_seconds),
            ),
        ]);
    }
    rows
}

impl<'a> PlanSection<'a> {
    /// The section of `view`, headed by a `heading` (`h2`) with the anchor `id`.
    pub(crate) fn new(view: &PlanView<'a>, id: &str, heading: &'static str) -> PlanSection<'a> {
        let unit = view.county.commute_unit();
        let mut pairs: Vec<(usize, usize)> = view
            .moves
            .iter()
            .map(|m| (view.county.teachers[m.teacher].school, m.to))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        PlanSection {
            heading,
            id: id.into(),
            title: view.title.clone(),
            figures: key_figures(view),
            explanations: view.explanations.iter().map(|e| e.text(Lang::En)).collect(),
            violations: view
                .violations
                .iter()
                .map(|v| (<&str>::from(v.rule()).to_string(), v.message()))
                .collect(),
            map: SchoolMap::new(view.county, view.moves, id),
            moves: view.moves.len(),
            pairs: pairs.len(),
            cv: CvChart::new(&view.figures.cv_backbone_per_100),
            histogram: CommuteHistogram::new(view.moves, view.policy.commute_cap(unit), unit),
            commute_heading: {
                let (en, zh) = unit.measures();
                format!("Commute {en} 通勤{zh}")
            },
            schools: view
                .schools
                .iter()
                .enumerate()
                .map(|(s, f)| SchoolRow {
                    f,
                    group: view
                        .county
                        .group_of
                        .get(s)
                        .map(|&g| view.county.groups[g].number.to_string())
                        .unwrap_or_default(),
                    warn: f.out as f64 > 0.15 * f.staff as f64,
                })
                .collect(),
            indicators: IndicatorSection::new(view.county, &view.figures.indicators),
            technical: technical_rows(view),
        }
    }
}

#[derive(Template)]
#[template(path = "report/plan.html", config = "templates/askama.toml")]
struct PlanReport<'a> {
    title: String,
    instance: String,
    what: String,
    section: PlanSection<'a>,
}

/// The report of one plan.
pub fn plan_report(instance: &str, view: &PlanView) -> String {
    let county = county_name(instance);
    render(&PlanReport {
        title: format!("{county} 交流轮岗方案报告 · {}", view.policy.name),
        instance: county,
        what: format!("policy 政策: {}", view.policy.name),
        section: PlanSection::new(view, "plan", "h2"),
    })
}

/// The county's name for headings: the instance's folder or workbook name, without
/// the folders above it or the file's extension (`instances/haiyan-like` → `haiyan-like`,
/// `县/海盐县.xlsx` → `海盐县`).
pub fn county_name(instance: &str) -> String {
    let path = std::path::Path::new(instance.trim_end_matches(['/', '\\']));
    let stem = match path.extension().and_then(|e| e.to_str()) {
        Some(e) if ["xlsx", "zip", "csv"].contains(&e.to_ascii_lowercase().as_str()) => {
            path.file_stem()
        }
        _ => path.file_name(),
    };
    stem.map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| instance.to_string())
}

/// A table of text whose first column is left-aligned; `short`, `failed` and `error`
/// cells are marked red, `met` green (`templates/report/table.html`).
#[derive(Template)]
#[template(path = "report/table.html", config = "templates/askama.toml")]
pub(crate) struct Table<'a> {
    rows: &'a [Vec<String>],
    first_is_header: bool,
}

impl<'a> Table<'a> {
    /// The table of `rows`, the first of them a header row when `first_is_header`.
    pub(crate) fn new(rows: &'a [Vec<String>], first_is_header: bool) -> Table<'a> {
        Table {
            rows,
            first_is_header,
        }
    }

    fn cell_tag(&self, row: usize) -> &'static str {
        if row == 0 && self.first_is_header {
            "th"
        } else {
            "td"
        }
    }

    fn mark(&self, cell: &str) -> Option<&'static str> {
        match cell {
            "short" | "failed" | "error" => Some("miss"),
            "met" => Some("met"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::chart::tests::tricky_county;
    use crate::rules::eligibility::county_eligibility;
    use crate::rules::metrics::{plan_figures, school_figures};
    use crate::rules::verify::verify;

    #[test]
    fn school_and_policy_names_are_escaped_in_the_report() {
        let (county, moves) = tricky_county();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut policy = Policy::read(&dir.join("models/haiyan-2022.toml")).unwrap();
        policy.name = "<b>A&B's \"plan\"</b>".into();
        let eligibility = county_eligibility(&county, &policy);
        let violations = verify(&county, &policy, &eligibility, &moves);
        let figures = plan_figures(&county, &policy, &eligibility, &moves);
        let schools = school_figures(&county, &moves);
        let view = PlanView {
            title: format!("{} — <plan>.csv", policy.name),
            county: &county,
            policy: &policy,
            moves: &moves,
            figures: &figures,
            schools: &schools,
            solve: None,
            explanations: &[],
            violations: &violations,
        };
        let html = plan_report("<instances>/tiny&'", &view);
        // The schools table and the map.
        assert!(html.contains(
            "<td class=\"l\">R&lt;1&gt;&amp;&#39;</td><td class=\"l\">&lt;script&gt;&amp;&quot;&#39;</td>"
        ));
        assert!(html.contains(">&lt;script&gt;&amp;&quot;&#39;</text>"));
        // The header, the plan's heading and the page's own markup.
        assert!(html.contains("County 县域: tiny&amp;&#39; · policy 政策: &lt;b&gt;A&amp;B&#39;s &quot;plan&quot;&lt;/b&gt;"));
        assert!(html.contains(
            "<h2 id=\"plan\">&lt;b&gt;A&amp;B&#39;s &quot;plan&quot;&lt;/b&gt; — &lt;plan&gt;.csv</h2>"
        ));
        assert!(html.starts_with(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\"/>"
        ));
        assert!(html.ends_with("</body>\n</html>\n"));
        for raw in ["<script", "<b>A", "R<1>", "<plan>", "<instances>"] {
            assert!(!html.contains(raw), "{raw} is not escaped");
        }
    }

    #[test]
    fn the_county_is_named_without_its_folders() {
        assert_eq!(county_name("instances/haiyan-like"), "haiyan-like");
        assert_eq!(county_name("instances/haiyan-like/"), "haiyan-like");
        assert_eq!(county_name("/data/县/海盐县.xlsx"), "海盐县");
        assert_eq!(county_name("upload.XLSX"), "upload");
        assert_eq!(county_name("a.b"), "a.b");
    }

    #[test]
    fn table_cells_are_escaped_and_marked() {
        let rows = vec![
            vec!["Figure".to_string(), "<a>".to_string()],
            vec!["x & y".to_string(), "short".to_string()],
            vec!["'z'".to_string(), "met".to_string()],
        ];
        assert_eq!(
            render(&Table::new(&rows, true)),
            "<table><tr><th class=\"l\">Figure</th><th>&lt;a&gt;</th></tr>\
             <tr><td class=\"l\">x &amp; y</td><td><span class=\"miss\">short</span></td></tr>\
             <tr><td class=\"l\">&#39;z&#39;</td><td><span class=\"met\">met</span></td></tr></table>"
        );
    }
}
