//! Problems found in the input, collected rather than first-one-wins, so that an HR
//! officer fixes a file once, not ten times.

use crate::model::input_message::InputMessage;
use crate::model::lang::Lang;
use serde::Serialize;
use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The input cannot be used; the command writes nothing and exits with code 2.
    Error,
    /// Reported, but the input is still read (an ignored column, a pair listed twice, a
    /// GBK file, ...).
    Warning,
}

/// One problem, located as precisely as the input allows.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file (or `book.xlsx[sheet]`) the problem is in, as shown to the user.
    pub file: String,
    /// 1-based line in the file (the header is line 1).
    pub line: Option<usize>,
    /// 1-based column number and the column's header name.
    pub column: Option<(usize, String)>,
    /// What is wrong and what was expected, as data rendered per language (JSON
    /// carries the English).
    #[serde(serialize_with = "english")]
    pub message: InputMessage,
}

fn english<S: serde::Serializer>(m: &InputMessage, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&m.text(Lang::En))
}

impl Severity {
    /// `error` / `错误`.
    pub fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Warning, Lang::Zh) => "警告",
        }
    }
}

/// Where a problem is, in words: `teachers.csv:12:3 (column `subject`)` or
/// `teachers.csv 第 12 行第 3 列（列 `subject`）`.
pub fn location(
    lang: Lang,
    file: &str,
    line: Option<usize>,
    column: Option<(usize, &str)>,
) -> String {
    let mut out = file.to_string();
    match lang {
        Lang::En => {
            if let Some(line) = line {
                out.push_str(&format!(":{line}"));
                if let Some((col, _)) = column {
                    out.push_str(&format!(":{col}"));
                }
            }
            // A TOML file's problems have a column number but no column name.
            if let Some((_, name)) = column.filter(|(_, n)| !n.is_empty()) {
                out.push_str(&format!(" (column `{name}`)"));
            }
        }
        Lang::Zh => {
            if let Some(line) = line {
                out.push_str(&format!(" 第 {line} 行"));
                if let Some((col, _)) = column {
                    out.push_str(&format!("第 {col} 列"));
                }
            }
            if let Some((_, name)) = column.filter(|(_, n)| !n.is_empty()) {
                out.push_str(&format!("（列 `{name}`）"));
            }
        }
    }
    out
}

impl Diagnostic {
    /// The diagnostic on one line, in `lang`: `error: teachers.csv:12:3 (column
    /// `subject`): …` or `错误：teachers.csv 第 12 行第 3 列（列 `subject`）：…`.
    pub fn render(&self, lang: Lang) -> String {
        let column = self.column.as_ref().map(|(i, n)| (*i, n.as_str()));
        let at = location(lang, &self.file, self.line, column);
        let kind = self.severity.word(lang);
        let message = self.message.text(lang);
        match lang {
            Lang::En => format!("{kind}: {at}: {message}"),
            Lang::Zh => format!("{kind}：{at}：{message}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// A growing list of diagnostics.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Records an error in `file`, at a 1-based line and column (number and header) when
    /// known.
    pub fn error(
        &mut self,
        file: &str,
        line: Option<usize>,
        column: Option<(usize, &str)>,
        message: impl Into<InputMessage>,
    ) {
        self.push(Severity::Error, file, line, column, message);
    }

    /// Records a warning in `file`, at a 1-based line and column (number and header) when
    /// known.
    pub fn warning(
        &mut self,
        file: &str,
        line: Option<usize>,
        column: Option<(usize, &str)>,
        message: impl Into<InputMessage>,
    ) {
        self.push(Severity::Warning, file, line, column, message);
    }

    fn push(
        &mut self,
        severity: Severity,
        file: &str,
        line: Option<usize>,
        column: Option<(usize, &str)>,
        message: impl Into<InputMessage>,
    ) {
        self.0.push(Diagnostic {
            severity,
            file: file.to_string(),
            line,
            column: column.map(|(i, n)| (i, n.to_string())),
            message: message.into(),
        });
    }

    /// Whether any diagnostic is an error (then the input must not be used).
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// The errors, in the order they were found.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Error)
    }

    /// The warnings, in the order they were found.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// Appends every diagnostic of `other`, keeping their order.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
}

/// How many diagnostics of one kind (same severity, file, column and message up to
/// its quoted values and numbers) are shown before the rest are counted in one line.
pub const SHOWN_PER_KIND: usize = 3;

impl Diagnostic {
    /// What makes two diagnostics "alike": severity, file, column name, and the message
    /// with every `quoted` value and every number blanked.
    fn kind_key(&self) -> (Severity, &str, Option<&str>, String) {
        let message = self.message.text(Lang::En);
        let mut shape = String::with_capacity(message.len());
        let mut quoted = false;
        for c in message.chars() {
            match c {
                '`' => {
                    quoted = !quoted;
                    shape.push(c);
                }
                _ if quoted => {}
                '0'..='9' => {
                    if !shape.ends_with('#') {
                        shape.push('#');
                    }
                }
                _ => shape.push(c),
            }
        }
        (
            self.severity,
            self.file.as_str(),
            self.column.as_ref().map(|(_, n)| n.as_str()),
            shape,
        )
    }

    /// Whether the diagnostic is about a whole file or its header rather than one row:
    /// such a problem is usually the cause of the others, and is shown first.
    fn about_the_file(&self) -> bool {
        self.line.is_none_or(|l| l <= 1)
    }
}

/// `4038` as `4,038`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Lists the diagnostics, one per line: for each file, the problems of the whole file
/// or its header first (usually the cause of the rest), then the rows in order.
/// Beyond [`SHOWN_PER_KIND`] alike diagnostics, one line counts the rest ("… and
/// 4,038 more rows like this"); the list itself ([`Diagnostics::errors`], JSON) keeps
/// them all.
impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl Diagnostics {
    /// The list as [`Display`](fmt::Display) shows it, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.render_into(&mut out, lang)
            .expect("writing to a String cannot fail");
        out
    }

    fn render_into(&self, f: &mut String, lang: Lang) -> fmt::Result {
        use std::fmt::Write;
        let mut files: Vec<&str> = Vec::new();
        for d in &self.0 {
            if !files.contains(&d.file.as_str()) {
                files.push(&d.file);
            }
        }
        let mut order: Vec<&Diagnostic> = Vec::with_capacity(self.0.len());
        for file in files {
            let of_file = || self.0.iter().filter(move |d| d.file == file);
            order.extend(of_file().filter(|d| d.about_the_file()));
            order.extend(of_file().filter(|d| !d.about_the_file()));
        }
        let mut total: std::collections::HashMap<_, Vec<Option<usize>>> =
            std::collections::HashMap::new();
        for d in &order {
            total.entry(d.kind_key()).or_default().push(d.line);
        }
        let mut shown: std::collections::HashMap<_, usize> = std::collections::HashMap::new();
        for d in order {
            let key = d.kind_key();
            let n = shown.entry(key.clone()).or_default();
            *n += 1;
            let all = &total[&key];
            // One more than the shown count is printed itself: a summary of one row
            // would say less than the row.
            if *n <= SHOWN_PER_KIND || all.len() == SHOWN_PER_KIND + 1 {
                writeln!(f, "{}", d.render(lang))?;
            }
            if *n == SHOWN_PER_KIND && all.len() > SHOWN_PER_KIND + 1 {
                let rest = &all[SHOWN_PER_KIND..];
                let lines: Vec<usize> = rest.iter().flatten().copied().collect();
                let kind = d.severity.word(lang);
                let rows = lines.len() == rest.len();
                let more = thousands(rest.len());
                match lang {
                    Lang::En => {
                        let what = if rows { "rows" } else { "times" };
                        write!(f, "{kind}: {}: … and {more} more {what} like this", d.file)?;
                    }
                    Lang::Zh => {
                        let what = if rows { "行" } else { "处" };
                        write!(f, "{kind}：{}：……另有 {more} {what}同类问题", d.file)?;
                    }
                }
                if let (Some(lo), Some(hi)) = (lines.iter().min(), lines.iter().max()) {
                    match (lang, lo == hi) {
                        (Lang::En, true) => write!(f, " (line {lo}")?,
                        (Lang::En, false) => write!(f, " (lines {lo}–{hi}")?,
                        (Lang::Zh, true) => write!(f, "（第 {lo} 行")?,
                        (Lang::Zh, false) => write!(f, "（第 {lo}–{hi} 行")?,
                    }
                    if let Some((_, name)) = &d.column {
                        match lang {
                            Lang::En => write!(f, ", column `{name}`")?,
                            Lang::Zh => write!(f, "，列 `{name}`")?,
                        }
                    }
                    write!(f, "{}", lang.pick(")", "）"))?;
                }
                writeln!(f)?;
            }
        }
        Ok(())
    }
}
