//! The library's error type. The binary maps each kind to an exit code:
//! bad input or usage → 2, a broken rule found by `verify` → 1, anything else → 1
//! (`rotation plan` exits 3 for a plan written that misses a target: not an error).

use crate::model::diagnostics::Diagnostics;
use thiserror::Error;

/// Everything that can go wrong in the library; [`RotationError::exit_code`] maps each
/// kind to the process exit code.
#[derive(Debug, Error)]
pub enum RotationError {
    /// The input is invalid; every problem found is listed.
    #[error("{0}")]
    Invalid(Diagnostics),
    /// A usage problem found before any work (bad flag value, output exists, ...).
    #[error("{0}")]
    Usage(String),
    /// A file or folder could not be read or written (exit code 2 when it does not exist,
    /// else 1).
    #[error("{path}: {source}")]
    Io {
        /// The file or folder, as displayed in the message.
        path: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// An output could not be rendered (the workbook writer refused something); the
    /// message says which output and why (exit code 1).
    #[error("{0}")]
    Output(String),
    /// The solver failed or returned a plan that breaks a rule.
    #[error("solver: {0}")]
    Solver(String),
    /// The time limit ran out before the solver had any plan. Not a failure of the
    /// solver: a longer limit may give one, and solving again at once would not.
    #[error("solver: {0}")]
    TimeLimit(String),
}

impl RotationError {
    /// An [`RotationError::Io`] error for `path`.
    pub fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        RotationError::Io {
            path: path.as_ref().display().to_string(),
            source,
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            RotationError::Invalid(_) | RotationError::Usage(_) => 2,
            RotationError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => 2,
            _ => 1,
        }
    }
}

/// The library's result type, with [`RotationError`] as the error.
pub type Result<T> = std::result::Result<T, RotationError>;
