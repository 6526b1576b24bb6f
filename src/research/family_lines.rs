//! Where things are in a benchmark-family manifest's text: the line and column of a
//! byte, and the lines of each county's name and policy keys, so that a problem found
//! after the manifest is parsed still names its line.

use std::collections::BTreeMap;
use toml::de::{DeTable, DeValue};

/// The line of byte `offset` in `text`, counted from 1.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Where each county's `name` and policy keys are, by the county's index.
#[derive(Default)]
pub struct CountyLines {
    /// The line of its `name`.
    pub name: Option<usize>,
    /// The line of each policy key it sets (dotted key → line).
    pub keys: BTreeMap<String, usize>,
}

fn key_lines(text: &str, table: &DeTable, prefix: &str, out: &mut BTreeMap<String, usize>) {
    for (key, value) in table.iter() {
        let path = format!("{prefix}{}", key.get_ref());
        match value.get_ref() {
            DeValue::Table(inner) => key_lines(text, inner, &format!("{path}."), out),
            _ => {
                out.insert(path, line_of(text, key.span().start));
            }
        }
    }
}

/// The span of `key` in `table` and its value.
fn find<'i>(table: &DeTable<'i>, key: &str) -> Option<(std::ops::Range<usize>, DeValue<'i>)> {
    table
        .iter()
        .find(|(k, _)| k.get_ref() == key)
        .map(|(k, v)| (k.span(), v.get_ref().clone()))
}

/// Where each `[[family.county]]` of the manifest `text` writes its name and keys.
pub fn county_lines(text: &str) -> Vec<CountyLines> {
    let Ok(root) = DeTable::parse(text) else {
        return Vec::new();
    };
    let Some((_, DeValue::Table(family))) = find(root.get_ref(), "family") else {
        return Vec::new();
    };
    let Some((_, DeValue::Array(counties))) = find(&family, "county") else {
        return Vec::new();
    };
    counties
        .iter()
        .map(|c| {
            let mut lines = CountyLines::default();
            if let DeValue::Table(county) = c.get_ref() {
                lines.name = find(county, "name").map(|(span, _)| line_of(text, span.start));
                if let Some((_, DeValue::Table(policy))) = find(county, "policy") {
                    key_lines(text, &policy, "", &mut lines.keys);
                }
            }
            lines
        })
        .collect()
}

/// For each `[[family.target]]` of the manifest `text`, in order: the line of each of
/// its keys, and under the key `""` the first of those lines (for a problem of the
/// target as a whole). Empty where the text does not parse.
pub fn target_lines(text: &str) -> Vec<BTreeMap<String, usize>> {
    let Ok(root) = DeTable::parse(text) else {
        return Vec::new();
    };
    let Some((_, DeValue::Table(family))) = find(root.get_ref(), "family") else {
        return Vec::new();
    };
    let Some((_, DeValue::Array(targets))) = find(&family, "target") else {
        return Vec::new();
    };
    targets
        .iter()
        .map(|t| {
            let mut lines = BTreeMap::new();
            if let DeValue::Table(target) = t.get_ref() {
                for (key, _) in target.iter() {
                    lines.insert(key.get_ref().to_string(), line_of(text, key.span().start));
                }
            }
            let first = lines.values().min().copied();
            if let Some(first) = first {
                lines.insert(String::new(), first);
            }
            lines
        })
        .collect()
}

/// The column of byte `offset` in `text`, counted in characters from 1.
pub fn column_of(text: &str, offset: usize) -> usize {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before[line_start..].chars().count() + 1
}
