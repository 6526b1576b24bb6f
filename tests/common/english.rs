//! English left in a Chinese text: the words a Chinese reader would have to read in
//! English, found on a page's visible text or in a downloaded file.

/// The English words a Chinese page or file may keep, each for a reason.
pub const ALLOWED: &[&str] = &[
    // The language switch names English in English, as bilingual sites do.
    "English",
    // The program the bureau opens the workbook with, and the file format, named so in
    // Chinese as well.
    "Excel", "CSV", // Units written after numbers in tables (sentences say 公里).
    "km",  // The hash a draw is checked by, named so in Chinese as well (SHA-256).
    "SHA",
];

/// Codes a file may hold instead of the Chinese, given in full-width brackets after it
/// (`应为城区或农村（urban/rural）`): a hint for whoever fills the file with the
/// English codes, not English to read.
fn without_bracketed_codes(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('（') {
        out.push_str(&rest[..open]);
        let after = &rest[open + '（'.len_utf8()..];
        match after.find('）') {
            Some(close)
                if after[..close]
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || matches!(c, '_' | '/' | ' ' | ',')) =>
            {
                rest = &after[close + '）'.len_utf8()..];
            }
            _ => {
                out.push('（');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Extensions that make an ASCII token a file name (`plan.csv`, `haiyan-like.xlsx`).
const FILE_EXTENSIONS: &[&str] = &[
    ".csv", ".xlsx", ".json", ".html", ".zip", ".toml", ".svg", ".mps", ".lp",
];

/// The English words of `text`: runs of two or more ASCII letters, leaving out flags
/// (`--force`), ids
/// (letters then digits: `T000012`, `H033`; a round's 12 hexadecimal digits, a
/// SHA-256's 64), file names, codes in brackets after their
/// Chinese and the [`ALLOWED`] words.
pub fn english_words(text: &str) -> Vec<String> {
    let text = without_bracketed_codes(text);
    let mut found = Vec::new();
    let token_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '/');
    for token in text.split(|c: char| !token_char(c)) {
        // A flag, as the user types it (`--force`): the command's words, not English.
        if token.starts_with("--") {
            continue;
        }
        let lower = token.to_ascii_lowercase();
        if FILE_EXTENSIONS.iter().any(|e| lower.ends_with(e)) {
            continue;
        }
        for part in token.split(['.', '-', '/', '_']) {
            let letters = part.trim_end_matches(|c: char| c.is_ascii_digit());
            let is_id =
                letters.len() < part.len() && letters.chars().all(|c| c.is_ascii_uppercase());
            // A round's id: 12 hexadecimal digits (`ea662a75b5f0`); a SHA-256: 64.
            let round_id = (part.len() == 12 || part.len() == 64)
                && part.chars().all(|c| c.is_ascii_hexdigit());
            if is_id || round_id || part.chars().any(|c| c.is_ascii_digit()) && letters.len() <= 1 {
                continue;
            }
            for word in part.split(|c: char| !c.is_ascii_alphabetic()) {
                if word.len() >= 2 && !ALLOWED.contains(&word) {
                    found.push(word.to_string());
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}
