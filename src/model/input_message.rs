//! What is wrong with an input, as data: one variant per kind of problem, rendered in
//! English or Chinese by [`InputMessage::text`], the one place these words live. A
//! reader builds the variant where it finds the problem; the CLI, the JSON and the
//! web pages render it in the user's language.

use crate::model::lang::Lang;

/// One problem with an input file, without its location (the [`Diagnostic`] holds the
/// file, line and column).
///
/// [`Diagnostic`]: crate::model::diagnostics::Diagnostic
#[derive(Debug, Clone, PartialEq)]
pub enum InputMessage {
    /// A message not yet given its own kind: shown as written, in English, in every
    /// language.
    Untranslated(String),
}

impl From<String> for InputMessage {
    fn from(text: String) -> Self {
        InputMessage::Untranslated(text)
    }
}

impl From<&str> for InputMessage {
    fn from(text: &str) -> Self {
        InputMessage::Untranslated(text.to_string())
    }
}

impl InputMessage {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            InputMessage::Untranslated(text) => {
                let _ = lang;
                text.clone()
            }
        }
    }
}

impl std::fmt::Display for InputMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}
