//! Problems found in the input, collected rather than first-one-wins, so that an HR
//! officer fixes a file once, not ten times.

use serde::Serialize;
use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}
