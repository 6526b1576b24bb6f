//! The language a text is rendered in.

/// The language of headers, sheet names and example values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Chinese (中文): Chinese sheet names, headers and values, e.g. `学校`, `城区`.
    Zh,
    /// English: the CSV names, e.g. `schools`, `urban`.
    En,
}
