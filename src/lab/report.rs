//! The lab's HTML reports: a comparison of policies and a sweep, each followed by
//! every plan, built from the plan report's parts. The markup is in askama templates
//! (`templates/lab/`), which escape every text.

use crate::lab::compare::{comparison_rows, PolicyRun};
use crate::lab::plot::Plot;
use crate::lab::runs::{RunOutcome, Verdict};
use crate::lab::sweep::{sweep_text_rows, SweepRow};
use crate::lab::sweep_chart::SweepChart;
use crate::model::county::County;
use crate::model::policy::Policy;
use crate::output::html::{county_name, PlanSection, PlanView, Table};
use crate::output::markup::render;
use askama::Template;

/// One run's section: its plan, or why there is none (`templates/lab/run_section.html`).
#[derive(Template)]
#[template(path = "lab/run_section.html", config = "templates/askama.toml")]
struct RunSection<'a> {
    plan: Option<PlanSection<'a>>,
    /// The heading's anchor and text, and the failure, when there is no plan.
    id: String,
    title: String,
    error: &'a str,
}

impl<'a> RunSection<'a> {
    fn new(
        county: &'a County,
        policy: &'a Policy,
        outcome: &'a RunOutcome,
        title: String,
        id: String,
    ) -> RunSection<'a> {
        match outcome {
            RunOutcome::Planned(p) => RunSection {
                plan: Some(PlanSection::new(
                    &PlanView::of_outcome(title, county, policy, p),
                    &id,
                    "h2",
                    // The lab's reports keep their bilingual labels.
                    crate::model::lang::Lang::En,
                )),
                id,
                title: String::new(),
                error: "",
            },
            RunOutcome::Failed(e) => RunSection {
                plan: None,
                id,
                title,
                error: e,
            },
        }
    }
}

#[derive(Template)]
#[template(path = "lab/comparison.html", config = "templates/askama.toml")]
struct ComparisonReport<'a> {
    title: &'a str,
    instance: &'a str,
    what: String,
    table: Table<'a>,
    runs: &'a [PolicyRun],
    sections: Vec<RunSection<'a>>,
}

/// The report of several policies on one county: the comparison table, then each plan.
pub fn comparison_report(instance: &str, county: &County, runs: &[PolicyRun]) -> String {
    let mut rows = vec![{
        let mut h = vec!["Figure 指标".to_string()];
        h.extend(runs.iter().map(|r| r.label.clone()));
        h
    }];
    rows.extend(comparison_rows(runs, true));
    let county_title = county_name(instance);
    render(&ComparisonReport {
        title: "Policy comparison 政策比较",
        instance: &county_title,
        what: format!("{} policies 个政策", runs.len()),
        table: Table::new(&rows, true),
        runs,
        sections: runs
            .iter()
            .enumerate()
            .map(|(i, r)| {
                RunSection::new(
                    county,
                    &r.policy,
                    &r.outcome,
                    format!("{} — {}", r.label, r.file),
                    format!("p{}", i + 1),
                )
            })
            .collect(),
    })
}

/// A sweep point's plan, folded away under its label and verdict.
struct PointSection<'a> {
    label: String,
    tag: &'static str,
    run: RunSection<'a>,
}

#[derive(Template)]
#[template(path = "lab/sweep.html", config = "templates/askama.toml")]
struct SweepReport<'a> {
    title: &'a str,
    instance: &'a str,
    what: String,
    chart: SweepChart,
    table: Table<'a>,
    points: Vec<PointSection<'a>>,
}

/// The report of a sweep: the chart of `plot`, one row per point, and each point's plan
/// folded away.
pub fn sweep_report(
    instance: &str,
    county: &County,
    base: &str,
    plot: &Plot,
    keys: &[String],
    rows: &[SweepRow],
) -> String {
    let mut text_rows = sweep_text_rows(keys, rows);
    // Long keys (`targets.exchange_rate`) may break after a dot or an underscore, so the
    // table fits an A4 page and a laptop screen.
    if let Some(head) = text_rows.first_mut() {
        for cell in head.iter_mut() {
            *cell = cell.replace('.', ".\u{200b}").replace('_', "_\u{200b}");
        }
    }
    let county_title = county_name(instance);
    render(&SweepReport {
        title: "Policy sweep 政策参数扫描",
        instance: &county_title,
        what: format!(
            "base policy 基准政策: {base}; varied 变化: {}",
            keys.join(", ")
        ),
        chart: SweepChart::new(plot, keys, rows, false),
        table: Table::new(&text_rows, true),
        points: rows
            .iter()
            .enumerate()
            .map(|(i, r)| PointSection {
                label: r.point.label(),
                tag: match r.outcome.verdict() {
                    Verdict::Met => "met 达标",
                    Verdict::Short => "short 未达标",
                    Verdict::Failed => "failed 求解失败",
                },
                run: RunSection::new(
                    county,
                    &r.point.policy,
                    &r.outcome,
                    r.point.label(),
                    format!("s{}", i + 1),
                ),
            })
            .collect(),
    })
}
