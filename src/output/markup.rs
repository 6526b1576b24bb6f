//! What the HTML and SVG templates (askama, `templates/`) share: the escaper that every
//! `{{ value }}` of an `.html` or `.svg` template goes through, and rendering to text.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn escape(text: &str) -> String {
        let mut out = String::new();
        Xml.write_escaped_str(&mut out, text).unwrap();
        out
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(escape("城东 no markup"), "城东 no markup");
        assert_eq!(escape("&&"), "&amp;&amp;");
    }
}
