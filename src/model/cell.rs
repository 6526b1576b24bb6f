//! Text cells bound for a spreadsheet: the formula-injection rule. A cell that begins
//! with `=`, `+`, `-`, `@`, a tab or a carriage return is taken by Excel (and WPS, and
//! LibreOffice) as a formula when the CSV file is opened, so an id or a name such as
//! `=HYPERLINK(...)` would run. Such a cell is written with a leading apostrophe (the
//! OWASP rule), which the spreadsheet shows as text; plain numbers (`-0.5`) are left
//! as they are. Readers of the tool's own CSV files undo it where an id is not found.

use std::borrow::Cow;

/// Whether a spreadsheet would read `cell` as a formula.
pub fn is_formula_like(cell: &str) -> bool {
    matches!(
        cell.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    ) && cell.parse::<f64>().is_err()
}

/// `cell` as written into a CSV file meant for a spreadsheet: with a leading `'` when
/// it would otherwise be read as a formula.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if is_formula_like(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The text [`neutralise`] was given, when `cell` is one of its results (an apostrophe
/// before a formula-like text); `None` otherwise.
pub fn unquote(cell: &str) -> Option<&str> {
    cell.strip_prefix('\'').filter(|rest| is_formula_like(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_get_an_apostrophe_and_numbers_do_not() {
        for bad in [
            "=1+1",
            "+T01",
            "-cmd",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "=HYPERLINK(\"x\")",
        ] {
            assert_eq!(neutralise(bad), format!("'{bad}"));
            assert_eq!(unquote(&neutralise(bad)), Some(bad));
        }
        for fine in ["T01", "-0.97", "+3", "12.5", "", "'R1", "王芳", "a=b"] {
            assert_eq!(neutralise(fine), fine);
        }
        assert_eq!(unquote("'R1"), None);
    }
}
