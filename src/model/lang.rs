//! The language a text is rendered in.

/// The language of headers, sheet names and example values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}
