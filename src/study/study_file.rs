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

/// The keys of the study file's tables (`""` is the top level), as [`StudyFile`] and
/// its tables declare them.
const KEYS: [(&str, &[&str]); 5] = [
    ("", &["name", "counties", "policies", "sweep", "solver"]),
    ("counties", &["folders", "sizes", "seeds"]),
    ("policies", &["files"]),
    ("sweep", &["vary"]),
    ("solver", &["gap", "time_limit", "threads", "seed"]),
];

/// A key the study file does not have: its dotted name, where it is, and the keys its
/// table has.
pub(crate) struct UnknownKey {
    pub(crate) key: String,
    pub(crate) span: std::ops::Range<usize>,
    pub(crate) expected: &'static [&'static str],
    /// The key of the table it most likely means (`policy` for `policies`).
    pub(crate) meant: Option<&'static str>,
}

/// The key of `keys` that `stray` most likely misspells, if one is close.
fn meant(stray: &str, keys: &'static [&'static str]) -> Option<&'static str> {
    keys.iter()
        .map(|k| (strsim::jaro_winkler(stray, k), *k))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// Takes every unknown key out of the parsed file, so that the rest is read and
/// checked as well (every problem of the file at once, not the first unknown key
/// alone), and returns them in file order.
pub(crate) fn take_unknown_keys(root: &mut toml::de::DeTable<'_>) -> Vec<UnknownKey> {
    let mut found = Vec::new();
    let top = KEYS[0].1;
    let strays: Vec<_> = root
        .keys()
        .filter(|k| !top.contains(&k.get_ref().as_ref()))
        .cloned()
        .collect();
    for k in strays {
        found.push(UnknownKey {
            key: k.get_ref().to_string(),
            span: k.span(),
            expected: top,
            meant: meant(k.get_ref(), top),
        });
        root.remove(&k);
    }
    for (table, keys) in &KEYS[1..] {
        let Some((_, value)) = root
            .iter_mut()
            .find(|(k, _)| k.get_ref().as_ref() == *table)
        else {
            continue;
        };
        let toml::de::DeValue::Table(inner) = value.get_mut() else {
            continue;
        };
        let strays: Vec<_> = inner
            .keys()
            .filter(|k| !keys.contains(&k.get_ref().as_ref()))
            .cloned()
            .collect();
        for k in strays {
            found.push(UnknownKey {
                key: format!("{table}.{}", k.get_ref()),
                span: k.span(),
                expected: keys,
                meant: meant(k.get_ref(), keys),
            });
            inner.remove(&k);
        }
    }
    found.sort_by_key(|u| u.span.start);
    found
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
