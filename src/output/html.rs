//! Long file: a plan section is one template's data (key figures, technical details,
//! map, charts, schools); splitting it would scatter what the page shows.
//!
//! Reports as one self-contained HTML file, readable offline: no scripts, fonts, style
//! sheets or images from anywhere else; the pictures are inline SVG. Labels are in
//! Chinese and English. The markup is in askama templates (`templates/report/`), which
//! escape every text; it is also well-formed XML (void elements closed, attributes
//! quoted), so strict tools read it too.

use crate::model::county::{County, Level, Zone};
use crate::model::indicator::Side;
use crate::model::lang::Lang;
use crate::model::moves::Move;
use crate::model::policy::{BackboneBase, PartnershipRule, Policy};
use crate::model::shares::percent;
use crate::output::chart::{num, CommuteHistogram};
use crate::output::cv_chart::CvChart;
use crate::output::indicator_report::IndicatorSection;
use crate::output::markup::render;
use crate::output::report_text::ReportText as T;
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

fn cv_text(v: Option<f64>, lang: Lang) -> String {
    v.map(|v| format!("{v:.3}"))
        .unwrap_or_else(|| T::NotAvailable.text(lang))
}

/// A verdict on a figure: met (green), missed (red), or plain text.
struct Verdict {
    /// `met` or `miss`; none for plain text.
    class: Option<&'static str>,
    text: String,
}

impl Verdict {
    fn of(ok: bool, yes: String, no: String) -> Verdict {
        let (class, text) = if ok { ("met", yes) } else { ("miss", no) };
        Verdict {
            class: Some(class),
            text,
        }
    }

    fn plain(text: String) -> Verdict {
        Verdict { class: None, text }
    }
}

/// A row of the key figures: the plan's value against the target.
struct FigureRow {
    label: String,
    value: String,
    target: String,
    verdict: Verdict,
}

fn row(label: String, value: String, target: String, verdict: Verdict) -> FigureRow {
    FigureRow {
        label,
        value,
        target,
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
    /// Urban or rural, in the report's language.
    zone: String,
    /// The level, in the report's language.
    level: String,
}

/// The body of one plan: key figures against targets, map, CV, histogram, schools
/// (`templates/report/plan_section.html`).
#[derive(Template)]
#[template(path = "report/plan_section.html", config = "templates/askama.toml")]
pub(crate) struct PlanSection<'a> {
    /// The report's language: Chinese alone, or English with the Chinese labels.
    lang: Lang,
    /// The heading's tag (`h2`) and the id it is linked by.
    heading: &'static str,
    id: String,
    title: String,
    figures: Vec<FigureRow>,
    /// Why a target is missed, in the report's language.
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

impl PlanSection<'_> {
    /// A label of the section in its language (used by the template).
    fn l(&self, text: impl std::borrow::Borrow<T>) -> String {
        text.borrow().label(self.lang)
    }

    /// A sentence of the section: the English then the Chinese, or the Chinese alone.
    fn note(&self, text: impl std::borrow::Borrow<T>) -> String {
        text.borrow().label(self.lang)
    }
}

/// The key figures of a plan against the policy's targets.
fn key_figures(view: &PlanView, lang: Lang) -> Vec<FigureRow> {
    let f = view.figures;
    let p = view.policy;
    // Labels, targets and verdicts as labels (bilingual in English); values alone.
    let l = |t: T| t.label(lang);
    let v = |t: T| t.text(lang);
    let mut rows = Vec::new();
    rows.push(row(
        l(T::MovedRate),
        v(T::MovedOfEligible {
            moved: f.moved,
            eligible: f.eligible,
            rate: f.exchange_rate,
        }),
        l(T::ExchangeTarget {
            count: f.exchange_target,
            percent: percent(p.targets.exchange_rate),
        }),
        Verdict::of(
            f.shortfall.exchange <= 0.0,
            l(T::Met),
            l(T::ShortBy {
                by: f.shortfall.exchange,
            }),
        ),
    ));
    let backbone_target = match p.targets.backbone_base {
        BackboneBase::Exchanged => T::BackboneOfMoversTarget {
            percent: percent(p.targets.backbone_share),
        },
        BackboneBase::EligibleBackbone => T::BackboneOfEligibleTarget {
            count: f.backbone_target_count.unwrap_or(0),
            percent: percent(p.targets.backbone_share),
            eligible: f.eligible_backbone,
        },
    };
    rows.push(row(
        l(T::BackboneMoved),
        v(T::BackboneOfMovers {
            moved: f.backbone_moved,
            share: f.backbone_share,
        }),
        l(backbone_target),
        Verdict::of(
            f.shortfall.backbone <= 0.0,
            l(T::Met),
            l(T::ShortBy {
                by: f.shortfall.backbone.ceil(),
            }),
        ),
    ));
    // With roads.csv every commute is minutes on the roads, capped by
    // `max_commute_minutes`; label and compare in that unit.
    let unit = view.county.commute_unit();
    let (u, cap) = (unit.symbol(), p.commute_cap(unit));
    rows.push(row(
        l(T::CommuteTotalMean(unit)),
        format!(
            "{:.1} {u} / {:.1} {u}",
            f.total_commute_km, f.mean_commute_km
        ),
        l(T::AsLowAsAllowed),
        Verdict::plain(String::new()),
    ));
    rows.push(row(
        l(T::CommuteP95Max),
        format!("{:.1} {u} / {:.1} {u}", f.p95_commute_km, f.max_commute_km),
        format!("≤ {} {u}", num(cap)),
        Verdict::of(
            f.max_commute_km <= cap + 1e-9,
            l(T::WithinCap),
            l(T::OverCap),
        ),
    ));
    let (group_target, group_ok) = match p.rules.partnership {
        PartnershipRule::Require => (T::GroupsRequired, f.cross_group_moves == 0),
        PartnershipRule::Prefer => (T::GroupsPreferred, true),
        PartnershipRule::Ignore => (T::GroupsIgnored, true),
    };
    rows.push(row(
        l(T::AcrossGroups),
        f.cross_group_moves.to_string(),
        l(group_target),
        if group_ok {
            Verdict::plain(String::new())
        } else {
            Verdict::of(false, String::new(), l(T::Broken))
        },
    ));
    let allowed = |may: bool| l(if may { T::AllowedAtCost } else { T::Exempt });
    rows.push(row(
        l(T::HomeroomMoved),
        f.homeroom_moved.to_string(),
        allowed(p.eligibility.homeroom_may_move),
        Verdict::plain(String::new()),
    ));
    rows.push(row(
        l(T::GraduatingMoved),
        f.graduating_moved.to_string(),
        allowed(p.eligibility.graduating_may_move),
        Verdict::plain(String::new()),
    ));
    rows.push(row(
        l(T::SchoolsLosing),
        f.schools_losing_over_15pct.to_string(),
        l(T::OutflowCap {
            percent: percent(p.rules.outflow_cap),
        }),
        Verdict::plain(String::new()),
    ));
    rows.push(row(
        l(T::SubjectsShort),
        f.subjects_left_short.to_string(),
        l(T::SubjectTolerance {
            teachers: p.rules.subject_tolerance,
        }),
        Verdict::plain(String::new()),
    ));
    let cv = &f.cv_backbone_per_100;
    for (side, before, after, standard) in [
        (
            Side::Primary,
            cv.primary_before,
            cv.primary_after,
            CV_STANDARD_PRIMARY,
        ),
        (
            Side::Junior,
            cv.junior_before,
            cv.junior_after,
            CV_STANDARD_JUNIOR,
        ),
    ] {
        rows.push(row(
            l(T::CvBackbone(side)),
            format!("{} → {}", cv_text(before, lang), cv_text(after, lang)),
            format!("≤ {standard:.2}"),
            match after {
                Some(a) => Verdict::of(a <= standard, l(T::Meets), l(T::Above)),
                None => Verdict::plain(v(T::NotAvailable)),
            },
        ));
    }
    rows
}

/// What only a technician needs, folded away under the plan: how the solver did, the
/// objective and the raw shortfalls the model worked with.
fn technical_rows(view: &PlanView, lang: Lang) -> Vec<(String, String)> {
    let f = view.figures;
    let l = |t: T| t.label(lang);
    let mut rows = vec![
        (l(T::ShortfallExchange), format!("{}", f.shortfall.exchange)),
        (
            l(T::ShortfallBackbone),
            format!("{:.4}", f.shortfall.backbone),
        ),
    ];
    if let Some(s) = view.solve {
        let status = match s.status {
            SolveStatus::Optimal => T::Optimal,
            SolveStatus::TimeLimit => T::TimeLimit,
            SolveStatus::Infeasible => T::Infeasible,
        };
        rows.extend([
            (l(T::SolverStatus), l(status)),
            (
                l(T::Method),
                match lang {
                    // The solver's own name of the method, as earlier reports showed it.
                    Lang::En => format!("{:?}", s.method),
                    Lang::Zh => crate::output::summary_text::method_text(s.method, s.nodes, lang),
                },
            ),
            (l(T::ObjectiveBoundGap), {
                // No bound yet (a plan written at a time limit before any): a dash,
                // never "NaN" or a gap of 0.
                let or_dash =
                    |x: f64, text: String| if x.is_finite() { text } else { "—".into() };
                format!(
                    "{:.3} / {} / {}",
                    s.objective,
                    or_dash(s.dual_bound, format!("{:.3}", s.dual_bound)),
                    or_dash(s.mip_gap, format!("{:.3}%", 100.0 * s.mip_gap.max(0.0)))
                )
            }),
            (
                l(T::Model),
                T::ModelSize {
                    columns: s.size.columns,
                    rows: s.size.rows,
                    nonzeros: s.size.nonzeros,
                    nodes: s.nodes,
                }
                .text(lang),
            ),
            (l(T::SolveTime), format!("{:.2} s", s.solve_seconds)),
        ]);
    }
    rows
}

impl<'a> PlanSection<'a> {
    /// The section of `view`, headed by a `heading` (`h2`) with the anchor `id`, in
    /// `lang`.
    pub(crate) fn new(
        view: &PlanView<'a>,
        id: &str,
        heading: &'static str,
        lang: Lang,
    ) -> PlanSection<'a> {
        let unit = view.county.commute_unit();
        let mut pairs: Vec<(usize, usize)> = view
            .moves
            .iter()
            .map(|m| (view.county.teachers[m.teacher].school, m.to))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        PlanSection {
            lang,
            heading,
            id: id.into(),
            title: view.title.clone(),
            figures: key_figures(view, lang),
            explanations: view.explanations.iter().map(|e| e.text(lang)).collect(),
            violations: view
                .violations
                .iter()
                .map(|v| match lang {
                    Lang::En => (<&str>::from(v.rule()).to_string(), v.message()),
                    Lang::Zh => (v.rule().label(lang).to_string(), v.text(lang)),
                })
                .collect(),
            map: SchoolMap::new(view.county, view.moves, id, lang),
            moves: view.moves.len(),
            pairs: pairs.len(),
            cv: CvChart::new(&view.figures.cv_backbone_per_100, lang),
            histogram: CommuteHistogram::new(view.moves, view.policy.commute_cap(unit), unit, lang),
            commute_heading: T::CommuteHeading(unit).label(lang),
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
                    zone: match f.zone {
                        Zone::Urban => T::Urban,
                        Zone::Rural => T::Rural,
                    }
                    .label(lang),
                    level: match f.level {
                        Level::Primary => T::Primary,
                        Level::Junior => T::Junior,
                        Level::NineYear => T::NineYear,
                        Level::Special => T::Special,
                    }
                    .label(lang),
                })
                .collect(),
            indicators: IndicatorSection::new(view.county, &view.figures.indicators, lang),
            technical: technical_rows(view, lang),
        }
    }
}

#[derive(Template)]
#[template(path = "report/plan.html", config = "templates/askama.toml")]
struct PlanReport<'a> {
    lang: Lang,
    title: String,
    instance: String,
    what: String,
    section: PlanSection<'a>,
}

impl PlanReport<'_> {
    fn l(&self, text: impl std::borrow::Borrow<T>) -> String {
        text.borrow().label(self.lang)
    }
}

/// The report of one plan: in Chinese alone under `Lang::Zh`; with English labels and
/// sentences beside the Chinese labels under `Lang::En`.
pub fn plan_report(instance: &str, view: &PlanView, lang: Lang) -> String {
    let county = county_name(instance);
    render(&PlanReport {
        lang,
        title: format!("{county} 交流轮岗方案报告 · {}", view.policy.title(lang)),
        instance: county,
        what: match lang {
            Lang::En => format!("{}: {}", T::Policy.label(lang), view.policy.name),
            Lang::Zh => format!("{}：{}", T::Policy.text(lang), view.policy.title(lang)),
        },
        section: PlanSection::new(view, "plan", "h2", lang),
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
        let html = plan_report("<instances>/tiny&'", &view, Lang::En);
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
    fn a_plan_without_a_bound_shows_dashes_not_nan_or_a_gap_of_0() {
        use crate::solve::highs::{SolveMethod, SolveOutcome};
        let (county, moves) = tricky_county();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let policy = Policy::read(&dir.join("models/haiyan-2022.toml")).unwrap();
        let eligibility = county_eligibility(&county, &policy);
        let figures = plan_figures(&county, &policy, &eligibility, &moves);
        let schools = school_figures(&county, &moves);
        // What `solve::stages::least_shortfall_at_limit` leaves, with the round's cost.
        let mut solve = SolveOutcome::nobody_moves(0, 0, 2.0);
        solve.method = SolveMethod::LeastShortfall;
        solve.objective = 7664.999;
        let view = PlanView {
            title: "plan".into(),
            county: &county,
            policy: &policy,
            moves: &moves,
            figures: &figures,
            schools: &schools,
            solve: Some(&solve),
            explanations: &[],
            violations: &[],
        };
        let row = |view: &PlanView| {
            technical_rows(view, Lang::En)
                .into_iter()
                .find(|(label, _)| *label == T::ObjectiveBoundGap.label(Lang::En))
                .expect("the objective row")
                .1
        };
        assert_eq!(row(&view), "7664.999 / — / —");
        let bounded = SolveOutcome {
            dual_bound: 7600.0,
            mip_gap: 0.0085,
            ..solve.clone()
        };
        let view = PlanView {
            solve: Some(&bounded),
            ..view
        };
        assert_eq!(row(&view), "7664.999 / 7600.000 / 0.850%");
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
