//! The lab's HTML reports: a comparison of policies and a sweep, each followed by
//! every plan, built from the plan report's parts.

use crate::lab::compare::{comparison_rows, PolicyRun};
use crate::lab::runs::{RunOutcome, Verdict};
use crate::lab::sweep::{sweep_text_rows, SweepRow};
use crate::lab::sweep_chart::sweep_chart;
use crate::model::county::County;
use crate::model::policy::Policy;
use crate::output::html::{document, header, plan_section, table_html, PlanView};
use crate::output::markup::escape;
use std::fmt::Write;

fn run_section(
    county: &County,
    policy: &Policy,
    outcome: &RunOutcome,
    title: String,
    id: &str,
) -> String {
    match outcome {
        RunOutcome::Planned(p) => {
            plan_section(&PlanView::of_outcome(title, county, policy, p), id, "h2")
        }
        RunOutcome::Failed(e) => format!(
            "<h2 id=\"{id}\">{}</h2><p class=\"miss\">No plan 无方案: {}</p>",
            escape(&title),
            escape(e)
        ),
    }
}

/// The report of several policies on one county: the comparison table, then each plan.
pub fn comparison_report(instance: &str, county: &County, runs: &[PolicyRun]) -> String {
    let title = "Policy comparison 政策比较";
    let mut body = String::new();
    header(
        &mut body,
        title,
        instance,
        &format!("{} policies 个政策", runs.len()),
    );
    let mut rows = vec![{
        let mut h = vec!["Figure 指标".to_string()];
        h.extend(runs.iter().map(|r| r.label.clone()));
        h
    }];
    rows.extend(comparison_rows(runs, true));
    body.push_str("<h2>Side by side 并列比较</h2>");
    body.push_str(&table_html(&rows, true));
    body.push_str("<ul>");
    for (i, r) in runs.iter().enumerate() {
        let _ = write!(
            body,
            "<li><a href=\"#p{}\">{}</a> <span class=\"note\">({})</span></li>",
            i + 1,
            escape(&r.label),
            escape(&r.file)
        );
    }
    body.push_str("</ul>");
    for (i, r) in runs.iter().enumerate() {
        body.push_str(&run_section(
            county,
            &r.policy,
            &r.outcome,
            format!("{} — {}", r.label, r.file),
            &format!("p{}", i + 1),
        ));
    }
    document(title, &body)
}

/// The report of a sweep: the trade-off chart, one row per point, and each point's plan
/// folded away.
pub fn sweep_report(
    instance: &str,
    county: &County,
    base: &str,
    keys: &[String],
    rows: &[SweepRow],
) -> String {
    let title = "Policy sweep 政策参数扫描";
    let mut body = String::new();
    header(
        &mut body,
        title,
        instance,
        &format!(
            "base policy 基准政策: {base}; varied 变化: {}",
            keys.join(", ")
        ),
    );
    body.push_str("<h2>The price of policy 政策代价</h2>");
    body.push_str(&sweep_chart(keys, rows, false));
    body.push_str(&table_html(&sweep_text_rows(keys, rows), true));
    body.push_str("<p class=\"note\">short: the hard rules leave no plan that meets the targets at this point; the best plan falls short. 未达标：在硬性规则下无法达到目标。</p>");
    body.push_str("<h2>Plans 各点方案</h2>");
    for (i, r) in rows.iter().enumerate() {
        let tag = match r.outcome.verdict() {
            Verdict::Met => "met 达标",
            Verdict::Short => "short 未达标",
            Verdict::Failed => "failed 求解失败",
        };
        let _ = write!(
            body,
            "<details><summary>{} — {}</summary>{}</details>",
            escape(&r.point.label()),
            tag,
            run_section(
                county,
                &r.point.policy,
                &r.outcome,
                r.point.label(),
                &format!("s{}", i + 1)
            )
        );
    }
    document(title, &body)
}
