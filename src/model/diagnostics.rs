//! Problems found in the input, collected rather than first-one-wins, so that an HR
//! officer fixes a file once, not ten times.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located as precisely as the input allows.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    /// 1-based line in the file (the header is line 1).
    pub line: Option<usize>,
    /// 1-based column number and the column's header name.
    pub column: Option<(usize, String)>,
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
    pub fn error(
        &mut self,
        file: &str,
        line: Option<usize>,
        column: Option<(usize, &str)>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Error, file, line, column, message);
    }

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

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Warning)
    }

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
