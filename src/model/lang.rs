//! The language a text is rendered in.

/// The language of headers, sheet names, example values and every message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Chinese (中文): Chinese sheet names, headers and values, e.g. `学校`, `城区`.
    Zh,
    /// English: the CSV names, e.g. `schools`, `urban`.
    En,
}

impl Lang {
    /// The language a locale asks for, as POSIX decides which variable counts: the
    /// first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not empty. A value
    /// starting with `zh` (`zh_CN.UTF-8`, `zh_TW`, `zh`) is Chinese; anything else,
    /// or nothing set (`C`, `C.UTF-8`, a CI machine), is English.
    pub fn from_locale(
        lc_all: Option<&str>,
        lc_messages: Option<&str>,
        lang: Option<&str>,
    ) -> Lang {
        let chosen = [lc_all, lc_messages, lang]
            .into_iter()
            .flatten()
            .find(|v| !v.is_empty());
        match chosen {
            Some(v) if v.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// `zh` or `en`, as the `--lang` flag spells it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The English or the Chinese of a short fixed text (a label, a word), chosen in
    /// the one place that renders it.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// Whether a text holds Chinese characters (a CJK unified ideograph): how the tests
/// check that a message has its Chinese.
pub fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn the_first_set_locale_variable_decides() {
        assert_eq!(Lang::from_locale(None, None, None), Lang::En);
        assert_eq!(Lang::from_locale(None, None, Some("C.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(None, None, Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(
            Lang::from_locale(Some("C"), None, Some("zh_CN.UTF-8")),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale(Some(""), Some("zh_TW"), Some("en_US")),
            Lang::Zh
        );
        assert_eq!(
            Lang::from_locale(None, Some("en_GB"), Some("zh_CN")),
            Lang::En
        );
        assert_eq!(Lang::from_locale(Some("ZH_cn"), None, None), Lang::Zh);
    }
}
