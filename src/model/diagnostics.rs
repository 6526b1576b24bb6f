//! Problems found in the input, collected rather than first-one-wins, so that an HR
//! officer fixes a file once, not ten times.

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
    /// What is wrong and what was expected, in words.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some((col, _)) = &self.column {
                write!(f, ":{col}")?;
            }
        }
        if let Some((_, name)) = &self.column {
            write!(f, " (column `{name}`)")?;
        }
        write!(f, ": {}", self.message)
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
        message: impl Into<String>,
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
        message: impl Into<String>,
    ) {
        self.push(Severity::Warning, file, line, column, message);
    }

    fn push(
        &mut self,
        severity: Severity,
        file: &str,
        line: Option<usize>,
        column: Option<(usize, &str)>,
        message: impl Into<String>,
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
        let mut shape = String::with_capacity(self.message.len());
        let mut quoted = false;
        for c in self.message.chars() {
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
            if *n <= SHOWN_PER_KIND {
                writeln!(f, "{d}")?;
            }
            let all = &total[&key];
            if *n == SHOWN_PER_KIND && all.len() > SHOWN_PER_KIND {
                let rest = &all[SHOWN_PER_KIND..];
                let lines: Vec<usize> = rest.iter().flatten().copied().collect();
                let kind = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let what = if lines.len() == rest.len() {
                    "rows"
                } else {
                    "times"
                };
                write!(
                    f,
                    "{kind}: {}: … and {} more {what} like this",
                    d.file,
                    thousands(rest.len())
                )?;
                if let (Some(lo), Some(hi)) = (lines.iter().min(), lines.iter().max()) {
                    write!(f, " (lines {lo}–{hi}")?;
                    if let Some((_, name)) = &d.column {
                        write!(f, ", column `{name}`")?;
                    }
                    write!(f, ")")?;
                }
                writeln!(f)?;
            }
        }
        Ok(())
    }
}
