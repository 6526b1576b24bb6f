//! Several policies solved on the same county and set side by side: as a table for a
//! terminal, CSV, or JSON.

use crate::lab::figures::{any_wishes, table_figures, table_labels, Figure};
use crate::lab::lab_text::LabText;
use crate::lab::runs::{lab_options, run_policy, RunOutcome};
use crate::model::county::County;
use crate::model::lang::Lang;
use crate::model::policy::Policy;
use crate::output::files::excel_csv_bytes;
use crate::round::inputs::TeacherSide;
use crate::solve::highs::SolveOptions;
use crate::solve::parallel::{in_parallel, LimitShare};
use serde_json::json;
use unicode_width::UnicodeWidthStr;

/// One policy solved on the county.
#[derive(Debug, Clone)]
pub struct PolicyRun {
    /// Column heading: the policy's name (with its file when two names agree).
    pub label: String,
    /// The same in Chinese: the policy's Chinese name (`name_zh`), else its name.
    pub label_zh: String,
    /// Where the policy came from (a file path).
    pub file: String,
    /// The policy as read (and checked).
    pub policy: Policy,
    /// How the run ended: a plan, or why there is none.
    pub outcome: RunOutcome,
}

impl PolicyRun {
    /// The column heading in `lang`.
    pub fn label_in(&self, lang: Lang) -> &str {
        lang.pick(&self.label, &self.label_zh)
    }
}

/// Column headings for policies: their names in `lang` (`Policy::title`), made unique
/// with the file when needed.
pub fn policy_labels(policies: &[(String, Policy)], lang: Lang) -> Vec<String> {
    policies
        .iter()
        .map(|(file, p)| {
            let name = p.title(lang);
            let twins = policies
                .iter()
                .filter(|(_, q)| q.title(lang) == name)
                .count();
            if twins > 1 || name.trim().is_empty() {
                match lang {
                    Lang::En => format!("{name} ({file})"),
                    Lang::Zh => format!("{name}（{file}）"),
                }
            } else {
                name.to_string()
            }
        })
        .collect()
}

/// Solves every policy on the same county, `jobs` at a time; a failed solve is recorded
/// in its run, never stops the others.
pub fn compare_policies(
    county: &County,
    side: &TeacherSide,
    policies: Vec<(String, Policy)>,
    options: &SolveOptions,
    jobs: usize,
    done: &(dyn Fn() + Sync),
) -> Vec<PolicyRun> {
    let options = lab_options(options);
    let share = LimitShare::new(&options, policies.len(), jobs);
    let outcomes = in_parallel(
        &policies,
        jobs,
        |(_, policy)| run_policy(county, side, policy, &share.next()),
        done,
    );
    let labels = policy_labels(&policies, Lang::En);
    let labels_zh = policy_labels(&policies, Lang::Zh);
    policies
        .into_iter()
        .zip(outcomes)
        .zip(labels.into_iter().zip(labels_zh))
        .map(|(((file, policy), outcome), (label, label_zh))| PolicyRun {
            label,
            label_zh,
            file,
            policy,
            outcome,
        })
        .collect()
}

/// The comparison as rows of text: a heading row, then one row per key figure
/// (`figure`, then one cell per policy).
pub fn comparison_rows(runs: &[PolicyRun], display: bool) -> Vec<Vec<String>> {
    let wishes = any_wishes(runs.iter().map(|r| &r.outcome));
    let figures: Vec<Vec<Figure>> = runs
        .iter()
        .map(|r| table_figures(&r.outcome, wishes))
        .collect();
    let mut rows = Vec::new();
    for (i, &(key, en, zh)) in table_labels(wishes).iter().enumerate() {
        let mut row = if display {
            vec![format!("{en} {zh}")]
        } else {
            vec![key.to_string(), en.to_string(), zh.to_string()]
        };
        for f in &figures {
            row.push(if display {
                f[i].value.display()
            } else {
                f[i].value.raw()
            });
        }
        rows.push(row);
    }
    rows
}

/// `compare.csv`: a row per key figure, a column per policy.
pub fn comparison_csv(runs: &[PolicyRun]) -> Vec<u8> {
    let mut header = vec!["key", "figure", "figure_zh"];
    header.extend(runs.iter().map(|r| r.label.as_str()));
    excel_csv_bytes(&header, comparison_rows(runs, false))
}

/// `compare.json`: each policy with its file, figures (by key), explanations and error.
pub fn comparison_json(instance: &str, runs: &[PolicyRun]) -> serde_json::Value {
    let wishes = any_wishes(runs.iter().map(|r| &r.outcome));
    let policies: Vec<serde_json::Value> = runs
        .iter()
        .map(|r| {
            let figures: serde_json::Map<String, serde_json::Value> = table_figures(&r.outcome, wishes)
                .into_iter()
                .map(|f| (f.key.to_string(), f.value.json()))
                .collect();
            json!({
                "label": r.label,
                "name": r.policy.name,
                "file": r.file,
                "figures": figures,
                "explanations": r.outcome.plan().map(|p| p.explanations.iter().map(|e| e.text(Lang::En)).collect::<Vec<_>>()).unwrap_or_default(),
                "error": match &r.outcome { RunOutcome::Failed(e) => Some(e.clone()), _ => None },
            })
        })
        .collect();
    json!({
        "instance": instance,
        "figures": table_labels(wishes).iter().map(|(k, en, zh)| json!({"key": k, "en": en, "zh": zh})).collect::<Vec<_>>(),
        "policies": policies,
    })
}

/// Lays rows out as an aligned text table (the first row is the heading), counting
/// CJK characters as two columns wide.
pub fn text_table(rows: &[Vec<String>]) -> String {
    // Display columns: a Chinese character takes two, as a terminal draws it.
    let width = |s: &str| -> usize { UnicodeWidthStr::width(s) };
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c].saturating_sub(width(cell));
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if i == 0 {
            let total: usize = widths.iter().sum::<usize>() + 2 * columns.saturating_sub(1);
            out.push_str(&"─".repeat(total));
            out.push('\n');
        }
    }
    out
}

/// The comparison as a text table for a terminal, in `lang`: the figures by their
/// label in that language, the solver's and the verdict's words translated (the
/// bilingual rows of [`comparison_rows`] are the report's).
pub fn comparison_text(runs: &[PolicyRun], lang: Lang) -> String {
    text_table(&comparison_table_rows(runs, lang))
}

/// The rows of [`comparison_text`], heading first.
fn comparison_table_rows(runs: &[PolicyRun], lang: Lang) -> Vec<Vec<String>> {
    let wishes = any_wishes(runs.iter().map(|r| &r.outcome));
    let figures: Vec<Vec<Figure>> = runs
        .iter()
        .map(|r| table_figures(&r.outcome, wishes))
        .collect();
    let mut rows = vec![{
        let mut h = vec![lang.pick("figure", "指标").to_string()];
        h.extend(runs.iter().map(|r| r.label_in(lang).to_string()));
        h
    }];
    for (i, &(_, en, zh)) in table_labels(wishes).iter().enumerate() {
        let mut row = vec![lang.pick(en, zh).to_string()];
        row.extend(figures.iter().map(|f| f[i].value.display_in(lang)));
        rows.push(row);
    }
    rows
}

/// The comparison table of the report, heading first: in English the bilingual rows
/// of [`comparison_rows`] (as the report has always shown them), in Chinese the
/// terminal's Chinese rows.
pub fn comparison_report_rows(runs: &[PolicyRun], lang: Lang) -> Vec<Vec<String>> {
    match lang {
        Lang::En => {
            let mut rows = vec![{
                let mut h = vec![LabText::FigureColumn.text(lang)];
                h.extend(runs.iter().map(|r| r.label.clone()));
                h
            }];
            rows.extend(comparison_rows(runs, true));
            rows
        }
        Lang::Zh => comparison_table_rows(runs, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::figures::{key_figures, FIGURE_LABELS};

    #[test]
    fn every_figure_has_a_label() {
        let run = RunOutcome::Failed("x".into());
        assert_eq!(key_figures(&run).len(), FIGURE_LABELS.len());
        for wishes in [false, true] {
            assert_eq!(
                table_figures(&run, wishes).len(),
                table_labels(wishes).len()
            );
        }
    }

    #[test]
    fn twin_names_get_their_file() {
        let p = Policy::default();
        let policies = [("a.toml".into(), p.clone()), ("b.toml".into(), p)];
        let labels = policy_labels(&policies, Lang::En);
        assert_eq!(labels, vec!["default (a.toml)", "default (b.toml)"]);
        let labels = policy_labels(&policies, Lang::Zh);
        assert_eq!(labels, vec!["default（a.toml）", "default（b.toml）"]);
    }

    #[test]
    fn a_chinese_heading_is_the_policy_chinese_name() {
        let p = Policy {
            name_zh: "海盐县 2022 年做法".into(),
            ..Policy::default()
        };
        let policies = [("a.toml".into(), p)];
        assert_eq!(policy_labels(&policies, Lang::Zh), ["海盐县 2022 年做法"]);
        assert_eq!(policy_labels(&policies, Lang::En), ["default"]);
    }

    #[test]
    fn cjk_counts_double_in_tables() {
        let t = text_table(&[
            vec!["a".into(), "b".into()],
            vec!["中文".into(), "1".into()],
        ]);
        assert!(t.contains("中文  1"), "{t}");
    }
}
