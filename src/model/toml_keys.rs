//! Where a key sits in a TOML text, so that a problem found after parsing (a value out
//! of range) names the line and column the user has to change, as a problem the parser
//! found does. A line scan, not a second parser: `[table]` headers and `key = value`
//! lines are all a policy file has.

/// One `[table]` header or `key = value` line: 1-based line and column, and the key
/// with its table (`targets.exchange_rate`).
#[derive(Debug, Clone, PartialEq)]
pub struct KeyLine {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters) where the key starts.
    pub column: usize,
    /// The dotted key, quotes removed.
    pub key: String,
}

/// `a . "b"` → `a.b`.
fn clean(key: &str) -> String {
    key.split('.')
        .map(|p| p.trim().trim_matches('"').trim_matches('\''))
        .collect::<Vec<_>>()
        .join(".")
}

/// Every table header and key line of `text`, in order.
pub fn key_lines(text: &str) -> Vec<KeyLine> {
    let mut table = String::new();
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start();
        let column = raw[..raw.len() - trimmed.len()].chars().count() + 1;
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            let rest = rest.trim_start_matches('[');
            if let Some(end) = rest.find(']') {
                table = clean(&rest[..end]);
                out.push(KeyLine {
                    line: i + 1,
                    column,
                    key: table.clone(),
                });
            }
            continue;
        }
        if let Some(eq) = trimmed.find('=') {
            let key = clean(&trimmed[..eq]);
            if key.is_empty() || key.contains([' ', ',', '[', '{']) {
                continue;
            }
            let key = if table.is_empty() {
                key
            } else {
                format!("{table}.{key}")
            };
            out.push(KeyLine {
                line: i + 1,
                column,
                key,
            });
        }
    }
    out
}

/// The line and column of `key` (the last place it is written: TOML takes no key
/// twice, and a table's header stands for the keys under it).
pub fn position_of(text: &str, key: &str) -> Option<(usize, usize)> {
    let lines = key_lines(text);
    lines
        .iter()
        .rev()
        .find(|k| k.key == key)
        .or_else(|| {
            // A key inside an inline table or array: its table's line.
            lines
                .iter()
                .rev()
                .find(|k| key.starts_with(&format!("{}.", k.key)))
        })
        .map(|k| (k.line, k.column))
}

/// The dotted key written on the line holding byte `offset` (where the TOML reader
/// stopped), if that line has one.
pub fn key_at(text: &str, offset: usize) -> Option<String> {
    let line = text[..offset.min(text.len())].matches('\n').count() + 1;
    key_lines(text)
        .into_iter()
        .find(|k| k.line == line)
        .map(|k| k.key)
}

/// 1-based line and column (in characters) of byte `offset`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "name = \"x\"\n[targets]\n  exchange_rate = 1.5\n# c\n[teams.loads]\nmath = 0\n";

    #[test]
    fn keys_are_found_with_their_table() {
        assert_eq!(position_of(TEXT, "name"), Some((1, 1)));
        assert_eq!(position_of(TEXT, "targets.exchange_rate"), Some((3, 3)));
        assert_eq!(position_of(TEXT, "teams.loads.math"), Some((6, 1)));
        assert_eq!(position_of(TEXT, "teams.loads"), Some((5, 1)));
        assert_eq!(position_of(TEXT, "rules.term_years"), None);
    }

    #[test]
    fn an_offset_names_its_line_and_key() {
        let at = TEXT.find("1.5").unwrap();
        assert_eq!(key_at(TEXT, at).as_deref(), Some("targets.exchange_rate"));
        assert_eq!(line_column(TEXT, at), (3, 19));
        assert_eq!(line_column("教师 = x", 7), (1, 4));
    }
}
