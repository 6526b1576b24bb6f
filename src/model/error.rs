//! The library's error type. The binary maps each kind to an exit code:
//! bad input or usage → 2, a broken rule found by `verify` → 1, anything else → 1
//! (`rotation plan` exits 3 for a plan written that misses a target: not an error).

use crate::model::diagnostics::Diagnostics;
use crate::model::lang::Lang;
use crate::model::message::Message;
use crate::model::output_failure::OutputFailure;
use crate::model::solver_message::SolverMessage;
use crate::model::usage_message::UsageMessage;
use thiserror::Error;

/// Everything that can go wrong in the library; [`RotationError::exit_code`] maps each
/// kind to the process exit code.
#[derive(Debug, Error)]
pub enum RotationError {
    /// The input is invalid; every problem found is listed.
    #[error("{0}")]
    Invalid(Diagnostics),
    /// A usage problem found before any work, as an English text shown in either
    /// language. Kept for callers' own texts (`examples/`); the library says its
    /// refusals through [`RotationError::Refused`] and [`RotationError::Rejected`].
    #[error("{0}")]
    Usage(String),
    /// A usage problem found before any work, as data rendered per language.
    #[error("{}", .0.text(Lang::En))]
    Refused(UsageMessage),
    /// A problem found before any work, worded by the layer that found it (a study
    /// file, a sweep grid, a benchmark manifest, ...) and rendered per language.
    #[error("{}", .0.text(Lang::En))]
    Rejected(Box<dyn Message>),
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
    /// failure says which output and why (exit code 1).
    #[error("{}", .0.text(Lang::En))]
    Output(OutputFailure),
    /// The solver failed or returned a plan that breaks a rule.
    #[error("solver: {}", .0.text(Lang::En))]
    Solver(SolverMessage),
    /// The time limit ran out before the solver had any plan. Not a failure of the
    /// solver: a longer limit may give one, and solving again at once would not.
    #[error("solver: {}", .0.text(Lang::En))]
    TimeLimit(SolverMessage),
}

impl RotationError {
    /// An [`RotationError::Io`] error for `path`.
    pub fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        RotationError::Io {
            path: path.as_ref().display().to_string(),
            source,
        }
    }

    /// A [`RotationError::Rejected`] error carrying `message`.
    pub fn rejected(message: impl Message + 'static) -> Self {
        RotationError::Rejected(Box::new(message))
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            RotationError::Invalid(_)
            | RotationError::Usage(_)
            | RotationError::Refused(_)
            | RotationError::Rejected(_) => 2,
            RotationError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => 2,
            _ => 1,
        }
    }
}

impl RotationError {
    /// The error as the user reads it in `lang`, without the `error:` prefix the CLI
    /// adds: the input's problems listed (one per line), or one line.
    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (RotationError::Invalid(diags), _) => diags.render(lang),
            (RotationError::Refused(message), _) => message.text(lang),
            (RotationError::Rejected(message), _) => message.text(lang),
            (RotationError::Output(failure), _) => failure.text(lang),
            (_, Lang::En) => self.to_string(),
            (RotationError::Usage(text), Lang::Zh) => text.clone(),
            (RotationError::Io { path, source }, Lang::Zh) => {
                format!("{path}：{}", io_error_zh(source))
            }
            (RotationError::Solver(message) | RotationError::TimeLimit(message), Lang::Zh) => {
                format!("求解器：{}", message.text(lang))
            }
        }
    }
}

/// The operating system's error in Chinese words, by its kind; the system's own
/// (English) text follows in brackets only when the kind has no Chinese words of its
/// own.
pub fn io_error_zh(error: &std::io::Error) -> String {
    match io_kind_zh(error.kind()) {
        "无法读写" => format!("无法读写（{error}）"),
        words => words.to_string(),
    }
}

/// The operating system's error in Chinese words, by its kind.
fn io_kind_zh(kind: std::io::ErrorKind) -> &'static str {
    use std::io::ErrorKind as K;
    match kind {
        K::NotFound => "文件或文件夹不存在",
        K::PermissionDenied => "没有读写权限",
        K::AlreadyExists => "已存在",
        K::InvalidData => "内容无法读取",
        K::StorageFull => "磁盘已满",
        K::IsADirectory => "这是一个文件夹，不是文件",
        K::NotADirectory => "这不是文件夹",
        K::ReadOnlyFilesystem => "所在磁盘只读",
        _ => "无法读写",
    }
}

/// The library's result type, with [`RotationError`] as the error.
pub type Result<T> = std::result::Result<T, RotationError>;
