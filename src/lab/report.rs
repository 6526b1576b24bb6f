//! The lab's HTML reports: a comparison of policies and a sweep, each followed by
//! every plan, built from the plan report's parts. The markup is in askama templates
//! (`templates/lab/`), which escape every text.

use crate::lab::compare::{comparison_report_rows, PolicyRun};
use crate::lab::lab_text::LabText;
use crate::lab::plot::Plot;
use crate::lab::runs::RunOutcome;
use crate::lab::stopped::stopped_at_limit;
use crate::lab::sweep::{sweep_table_rows, SweepRow};
use crate::lab::sweep_chart::SweepChart;
use crate::model::county::County;
use crate::model::lang::Lang;
use crate::model::policy::Policy;
use crate::output::html::{county_name, PlanSection, PlanView, Table};
use crate::output::markup::render;
use crate::output::report_text::ReportText;
use askama::Template;

/// One run's section: its plan, or why there is none (`templates/lab/run_section.html`).
#[derive(Template)]
#[template(path = "lab/run_section.html", config = "templates/askama.toml")]
struct RunSection<'a> {
    plan: Option<PlanSection<'a>>,
    /// The heading's anchor and text, and the failure, when there is no plan.
    id: String,
    title: String,
    /// `No plan 无方案: ` before the failure, in the report's language.
    no_plan: String,
    error: &'a str,
}

impl<'a> RunSection<'a> {
    fn new(
        county: &'a County,
        policy: &'a Policy,
        outcome: &'a RunOutcome,
        title: String,
        id: String,
        lang: Lang,
    ) -> RunSection<'a> {
        match outcome {
            RunOutcome::Planned(p) => RunSection {
                plan: Some(PlanSection::new(
                    &PlanView::of_outcome(title, county, policy, p),
                    &id,
                    "h2",
                    lang,
                )),
                id,
                title: String::new(),
                no_plan: String::new(),
                error: "",
            },
            RunOutcome::Failed(e) => RunSection {
                plan: None,
                id,
                title,
                no_plan: LabText::NoPlan.text(lang),
                error: e.text(lang),
            },
        }
    }
}

/// The report's header (`templates/report/header.html`) in its language.
struct Header {
    /// `County 县域: ` before the county's name.
    county: String,
    /// Which program made the report.
    made_by: String,
}

impl Header {
    fn new(lang: Lang) -> Header {
        let version = env!("CARGO_PKG_VERSION").to_string();
        Header {
            county: match lang {
                Lang::En => format!("{}: ", ReportText::County.label(lang)),
                Lang::Zh => format!("{}：", ReportText::County.text(lang)),
            },
            made_by: ReportText::MadeBy { version }.text(lang),
        }
    }
}

#[derive(Template)]
#[template(path = "lab/comparison.html", config = "templates/askama.toml")]
struct ComparisonReport<'a> {
    title: String,
    header: Header,
    instance: &'a str,
    what: String,
    side_by_side: String,
    table: Table<'a>,
    /// Each policy's heading and file.
    runs: Vec<(String, &'a str)>,
    sections: Vec<RunSection<'a>>,
}

/// The report of several policies on one county, in `lang`: the comparison table, then
/// each plan.
pub fn comparison_report(
    instance: &str,
    county: &County,
    runs: &[PolicyRun],
    lang: Lang,
) -> String {
    let rows = comparison_report_rows(runs, lang);
    let county_title = county_name(instance);
    render(&ComparisonReport {
        title: LabText::ComparisonTitle.text(lang),
        header: Header::new(lang),
        instance: &county_title,
        what: LabText::PolicyCount(runs.len()).text(lang),
        side_by_side: LabText::SideBySide.text(lang),
        table: Table::new(&rows, true),
        runs: runs
            .iter()
            .map(|r| (r.label_in(lang).to_string(), r.file.as_str()))
            .collect(),
        sections: runs
            .iter()
            .enumerate()
            .map(|(i, r)| {
                RunSection::new(
                    county,
                    &r.policy,
                    &r.outcome,
                    format!("{} — {}", r.label_in(lang), r.file),
                    format!("p{}", i + 1),
                    lang,
                )
            })
            .collect(),
    })
}

/// A sweep point's plan, folded away under its label and verdict.
struct PointSection<'a> {
    label: String,
    tag: String,
    run: RunSection<'a>,
}

#[derive(Template)]
#[template(path = "lab/sweep.html", config = "templates/askama.toml")]
struct SweepReport<'a> {
    title: String,
    header: Header,
    instance: &'a str,
    what: String,
    /// The headings and the note, in the report's language.
    price: String,
    short: String,
    /// The points stopped at the time limit, when any did.
    stopped: Option<String>,
    plans: String,
    chart: SweepChart,
    table: Table<'a>,
    points: Vec<PointSection<'a>>,
}

/// The report of a sweep in `lang`: the chart of `plot`, one row per point, and each
/// point's plan folded away.
pub fn sweep_report(
    instance: &str,
    county: &County,
    base: &str,
    plot: &Plot,
    keys: &[String],
    rows: &[SweepRow],
    lang: Lang,
) -> String {
    let mut text_rows = sweep_table_rows(keys, rows, lang);
    // Long keys (`targets.exchange_rate`) may break after a dot or an underscore, so the
    // table fits an A4 page and a laptop screen.
    if let Some(head) = text_rows.first_mut() {
        for cell in head.iter_mut() {
            *cell = cell.replace('.', ".\u{200b}").replace('_', "_\u{200b}");
        }
    }
    let county_title = county_name(instance);
    render(&SweepReport {
        title: LabText::SweepTitle.text(lang),
        header: Header::new(lang),
        instance: &county_title,
        what: LabText::SweepWhat {
            base: base.to_string(),
            keys: keys.to_vec(),
        }
        .text(lang),
        price: LabText::PriceOfPolicy.text(lang),
        short: LabText::ShortExplained.text(lang),
        stopped: {
            let stopped = stopped_at_limit(rows.iter().map(|r| &r.outcome));
            (stopped.stopped > 0).then(|| {
                LabText::StoppedAtLimit {
                    stopped,
                    points: rows.len(),
                }
                .text(lang)
            })
        },
        plans: LabText::PlansHeading.text(lang),
        chart: SweepChart::new(plot, keys, rows, false, lang),
        table: Table::new(&text_rows, true),
        points: rows
            .iter()
            .enumerate()
            .map(|(i, r)| PointSection {
                label: r.point.label_in(lang),
                tag: LabText::Verdict(r.outcome.verdict()).text(lang),
                run: RunSection::new(
                    county,
                    &r.point.policy,
                    &r.outcome,
                    r.point.label_in(lang),
                    format!("s{}", i + 1),
                    lang,
                ),
            })
            .collect(),
    })
}
