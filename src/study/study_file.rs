//! The study file as the TOML parser sees it (before any check), and where a byte of
//! it lies as line and column: the raw shapes `study::spec` checks and expands.

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StudyFile {
    pub(crate) name: Option<String>,
    pub(crate) counties: Option<Spanned<CountiesTable>>,
    pub(crate) policies: Option<Spanned<PoliciesTable>>,
    pub(crate) sweep: Option<SweepTable>,
    pub(crate) solver: Option<Spanned<SolverTable>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CountiesTable {
    #[serde(default)]
    pub(crate) folders: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) sizes: Vec<Spanned<SizeEntry>>,
    #[serde(default)]
    pub(crate) seeds: Option<Spanned<Vec<u64>>>,
}

/// A size as a number of teachers (`400`) or text (`"600x10"`).
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum SizeEntry {
    Teachers(u64),
    Text(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PoliciesTable {
    #[serde(default)]
    pub(crate) files: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SweepTable {
    #[serde(default)]
    pub(crate) vary: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SolverTable {
    pub(crate) gap: Option<f64>,
    pub(crate) time_limit: Option<f64>,
    pub(crate) threads: Option<u32>,
    pub(crate) seed: Option<u32>,
}

/// 1-based line and column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}
