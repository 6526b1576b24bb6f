//! Text placed in HTML or SVG markup: the escaper that every `{{ value }}` of an `.html`
//! or `.svg` template (askama, `templates/`) goes through, rendering to text, and the
//! escape of the pages still written by hand.
//!
//! `templates/askama.toml` sets [`Xml`] as the escaper of both extensions, so no text
//! reaches the markup unescaped unless a template says `|safe`, which the templates do
//! only for the output of another template.

use askama::filters::Escaper;
use std::fmt;

/// Escapes text for HTML and XML (`& < > " '`) with the named entities the reports
/// have always used; askama's own HTML escaper writes numeric ones (`&#60;`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Xml;

impl Escaper for Xml {
    fn write_escaped_str<W: fmt::Write>(&self, mut dest: W, text: &str) -> fmt::Result {
        let mut plain = 0;
        for (i, b) in text.bytes().enumerate() {
            let entity = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            dest.write_str(&text[plain..i])?;
            dest.write_str(entity)?;
            plain = i + 1;
        }
        dest.write_str(&text[plain..])
    }
}

/// Renders a template to text. The templates only write to a `String` and call no
/// fallible filter, so rendering cannot fail.
pub(crate) fn render(template: &impl askama::Template) -> String {
    template
        .render()
        .expect("a report template writes to a String and cannot fail")
}

/// Escapes text for HTML and XML: `& < > " '` (the pages not yet templated).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
