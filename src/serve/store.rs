//! Rounds on disk: one folder per round under the data folder, holding what was
//! uploaded (`upload.*`, `instance/` for a zip of CSV files), `policy.toml`,
//! `pins.csv`, the outputs in `out/`, and `status.json` (the round's record). The
//! folders are the only state that outlives the process: a restart reads them back.

use crate::model::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::model::error::{Result, RotationError};
use crate::model::lang::Lang;
use crate::output::files::write_atomic;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Where a round is in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for the worker (one round is solved at a time).
    Queued,
    /// Being planned.
    Running,
    /// Planned: the outputs are in `out/`.
    Done,
    /// Not planned: the diagnostics or the error say why.
    Failed,
}

/// One diagnostic as the API shows it: the file (or `book.xlsx[sheet]`), the line, the
/// column number and header, and the message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// `error` or `warning`.
    pub severity: String,
    /// The file, or `book.xlsx[sheet]`, as the user named it.
    pub file: String,
    /// 1-based line (the header is line 1; in a workbook, the Excel row).
    pub line: Option<usize>,
    /// 1-based column number.
    pub column: Option<usize>,
    /// The column's header as written.
    pub column_name: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
    /// The same in Chinese (empty for a problem that has only its English).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message_zh: String,
}

impl Problem {
    /// The diagnostic `d`, with the round folder `dir` taken off its file name and off
    /// the paths its message names (a missing `teachers.csv`), so that only what the
    /// user uploaded is named, never where the server keeps it.
    pub fn of(d: &Diagnostic, dir: &Path) -> Problem {
        let prefix = format!("{}/", dir.display());
        let file = d.file.strip_prefix(&prefix).unwrap_or(&d.file).to_string();
        // Without a folder (a pasted policy) there is nothing to take off: a prefix of
        // "/" would take every slash out of the message, the user's own text included.
        let unplaced = |text: String| {
            if dir.as_os_str().is_empty() {
                text
            } else {
                text.replace(&prefix, "")
            }
        };
        Problem {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            }
            .into(),
            file,
            line: d.line,
            column: d.column.as_ref().map(|(i, _)| *i),
            column_name: d.column.as_ref().map(|(_, n)| n.clone()),
            message: unplaced(d.message.to_string()),
            message_zh: unplaced(d.message.text(crate::model::lang::Lang::Zh)),
        }
    }

    /// Every diagnostic of `diags`, errors first.
    pub fn all(diags: &Diagnostics, dir: &Path) -> Vec<Problem> {
        diags
            .errors()
            .chain(diags.warnings())
            .map(|d| Problem::of(d, dir))
            .collect()
    }

    /// A problem that belongs to no file line (a missing field, an unknown round).
    pub fn plain(file: &str, message: impl Into<String>) -> Problem {
        Problem {
            severity: "error".into(),
            file: file.into(),
            line: None,
            column: None,
            column_name: None,
            message: message.into(),
            message_zh: String::new(),
        }
    }

    /// The message in the page's language (the English when it has no Chinese).
    pub fn message_in(&self, lang: crate::model::lang::Lang) -> &str {
        match lang {
            crate::model::lang::Lang::Zh if !self.message_zh.is_empty() => &self.message_zh,
            _ => &self.message,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.severity, self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        if let Some(name) = &self.column_name {
            write!(f, " (column `{name}`)")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A round's record (`status.json`): what went in and where it stands.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoundRecord {
    /// The round's id (12 hexadecimal digits), also its folder's name.
    pub id: String,
    /// When the round was created, milliseconds since 1970 (orders the queue).
    pub created_ms: u64,
    /// The uploaded county's file name, as the user named it.
    pub instance: String,
    /// The county as read: the workbook's path or `instance` (the CSV folder),
    /// relative to the round's folder.
    pub instance_path: String,
    /// The policy's display name.
    pub policy: String,
    /// The round this one re-plans, when it does.
    pub previous: Option<String>,
    /// How many pins (locked decisions) the round has.
    pub pins: usize,
    /// Queued, running, done or failed.
    pub status: Status,
    /// `summary.json` of the plan, when done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<serde_json::Value>,
    /// Why the round failed: the input's problems (file, line, column).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Problem>,
    /// Why the round failed, when it is not the input (the solver, a file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The same in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_zh: Option<String>,
    /// Seconds the planning took, when done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
    /// The round's language, `zh` or `en`: the language of the page that started it
    /// (or the API's `lang` part), which its CSV reasons and its report are written
    /// in. Rounds kept before it was recorded read as Chinese, the pages' default.
    #[serde(default = "chinese")]
    pub lang: String,
}

fn chinese() -> String {
    Lang::Zh.code().to_string()
}

impl RoundRecord {
    /// Why the round failed, when it is not the input, in `lang`.
    pub fn error_in(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Zh => self.error_zh.as_deref().or(self.error.as_deref()),
            Lang::En => self.error.as_deref(),
        }
    }

    /// The round's language.
    pub fn lang(&self) -> Lang {
        if self.lang == Lang::En.code() {
            Lang::En
        } else {
            Lang::Zh
        }
    }
}

/// The data folder: one sub-folder per round.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

/// Whether `id` has the shape of a round id; anything else (`..`, slashes) names no
/// round.
pub fn is_round_id(id: &str) -> bool {
    id.len() == 12
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Milliseconds since 1970.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl Store {
    /// The store in `root`, created when missing.
    pub fn open(root: &Path) -> Result<Store> {
        std::fs::create_dir_all(root).map_err(|e| RotationError::io(root, e))?;
        Ok(Store {
            root: root.to_path_buf(),
        })
    }

    /// The data folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder of round `id` (which need not exist).
    pub fn dir(&self, id: &str) -> PathBuf {
        self.root.join(id)
    }

    /// The folder of a new round, with a fresh id.
    pub fn create(&self) -> Result<(String, PathBuf)> {
        loop {
            let id = format!("{:012x}", rand::random::<u64>() & 0xffff_ffff_ffff);
            let dir = self.dir(&id);
            match std::fs::create_dir(&dir) {
                Ok(()) => return Ok((id, dir)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(RotationError::io(&dir, e)),
            }
        }
    }

    /// The record of round `id`, when there is such a round.
    pub fn get(&self, id: &str) -> Option<RoundRecord> {
        if !is_round_id(id) {
            return None;
        }
        let text = std::fs::read(self.dir(id).join("status.json")).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// Writes a round's record, atomically.
    pub fn put(&self, record: &RoundRecord) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(record).expect("serialisable record");
        write_atomic(&self.dir(&record.id).join("status.json"), &bytes)
    }

    /// Every round with a record, newest first.
    pub fn list(&self) -> Vec<RoundRecord> {
        let mut rounds: Vec<RoundRecord> = std::fs::read_dir(&self.root)
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| self.get(&e.file_name().to_string_lossy()))
                    .collect()
            })
            .unwrap_or_default();
        rounds.sort_by(|a, b| b.created_ms.cmp(&a.created_ms).then(b.id.cmp(&a.id)));
        rounds
    }

    /// The path of output `name` of round `id`, when the round has such an output.
    /// Only the names of [`OUTPUT_FILES`] are served: nothing else in the folder.
    pub fn output(&self, id: &str, name: &str) -> Option<PathBuf> {
        if !is_round_id(id) || !OUTPUT_FILES.iter().any(|(n, _)| *n == name) {
            return None;
        }
        let path = self.dir(id).join("out").join(name);
        path.is_file().then_some(path)
    }
}

/// The outputs of a round, with their media types.
pub const OUTPUT_FILES: &[(&str, &str)] = &[
    ("plan.csv", "text/csv; charset=utf-8"),
    ("schools.csv", "text/csv; charset=utf-8"),
    ("summary.json", "application/json"),
    (
        "plan.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("report.html", "text/html; charset=utf-8"),
    ("changes.csv", "text/csv; charset=utf-8"),
    ("stayed.csv", "text/csv; charset=utf-8"),
    ("notices.html", "text/html; charset=utf-8"),
    ("notices-en.html", "text/html; charset=utf-8"),
    // The teacher side's outputs, when the county carries a history or wishes.
    ("history.csv", "text/csv; charset=utf-8"),
    ("wishes.json", "application/json"),
];
