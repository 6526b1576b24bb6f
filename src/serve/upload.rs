//! A new round from what was uploaded: the county (an `.xlsx` workbook, or a `.zip` of
//! the CSV files), the policy's TOML text, optional pins and the previous round. Every
//! input is read and checked before the round is queued, so a bad upload is refused
//! at once with the same diagnostics as the CLI.

use crate::model::lang::Lang;
use crate::serve::round_inputs::read_inputs;
use crate::serve::store::{now_ms, Problem, RoundRecord, Status, Store};
use crate::serve::upload_message::UploadMessage;
use std::io::Read;
use std::path::Path;

/// An uploaded file: its name as the user's computer named it, and its bytes.
pub struct Upload {
    /// The file name (any folder part is dropped).
    pub filename: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// What makes a round.
pub struct NewRound {
    /// The county.
    pub instance: Upload,
    /// The policy as TOML text.
    pub policy: String,
    /// Pins as CSV text (`teacher,action,school`), when any.
    pub pins: Option<String>,
    /// The round this one re-plans.
    pub previous: Option<String>,
}

/// Why an upload is refused.
#[derive(Debug)]
pub enum Refusal {
    /// The input is invalid (HTTP 400): every problem, located.
    Invalid(Vec<Problem>),
    /// The upload, or the files in the zip, are above the size limit (HTTP 413).
    TooLarge(UploadMessage),
}

/// Keeps the last part of an uploaded file name and drops anything that could leave
/// the round's folder.
fn file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    if clean.is_empty() {
        "county.xlsx".into()
    } else {
        clean
    }
}

/// The county's kind by its file name.
enum Kind {
    Workbook,
    Zip,
}

fn kind(name: &str) -> Option<Kind> {
    let ext = name.rsplit('.').next()?.to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => Some(Kind::Workbook),
        "zip" => Some(Kind::Zip),
        _ => None,
    }
}

/// Writes the CSV files of a zip into `dir`, each by its own name (folders inside the
/// zip are ignored). At most `limit` bytes unpacked in all.
fn unzip_csv(bytes: &[u8], zip_name: &str, dir: &Path, limit: u64) -> Result<(), Refusal> {
    let bad = |m: String| Refusal::Invalid(vec![Problem::plain(zip_name, m)]);
    let refuse = |m: UploadMessage| Refusal::Invalid(vec![m.problem(zip_name)]);
    let unreadable = |e: zip::result::ZipError| {
        refuse(UploadMessage::ZipUnreadable {
            error: e.to_string(),
        })
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(unreadable)?;
    std::fs::create_dir_all(dir).map_err(|e| bad(e.to_string()))?;
    let mut total = 0u64;
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(unreadable)?;
        if entry.is_dir() {
            continue;
        }
        let Some(name) = entry
            .enclosed_name()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        else {
            continue;
        };
        if !name.to_ascii_lowercase().ends_with(".csv") || name.starts_with('.') {
            continue;
        }
        if !seen.insert(name.clone()) {
            return Err(refuse(UploadMessage::ZipTwice { name }));
        }
        let mut content = Vec::new();
        let read = (&mut entry)
            .take(limit - total + 1)
            .read_to_end(&mut content)
            .map_err(|e| {
                refuse(UploadMessage::CannotUnpack {
                    name: name.clone(),
                    error: e.to_string(),
                })
            })?;
        total += read as u64;
        if total > limit {
            return Err(Refusal::TooLarge(UploadMessage::UnpacksTooLarge { limit }));
        }
        std::fs::write(dir.join(&name), content).map_err(|e| bad(e.to_string()))?;
    }
    if seen.is_empty() {
        return Err(refuse(UploadMessage::ZipHoldsNoCsv));
    }
    Ok(())
}

/// Saves, reads and checks a new round, and records it as queued; nothing is kept of
/// a refused upload. The caller queues the round.
///
/// The round keeps `lang`, the language of the page that started it: its CSV reasons,
/// its report and its policy's name (`name_zh` in Chinese) are in it.
pub fn create_round(
    store: &Store,
    new: NewRound,
    unzip_limit: u64,
    lang: Lang,
) -> Result<RoundRecord, Refusal> {
    let filename = file_name(&new.instance.filename);
    if new.instance.bytes.is_empty() {
        return Err(Refusal::Invalid(vec![
            UploadMessage::EmptyFile.problem(&filename)
        ]));
    }
    let Some(kind) = kind(&filename) else {
        return Err(Refusal::Invalid(vec![
            UploadMessage::NotACountyFile.problem(&filename)
        ]));
    };
    let previous = new.previous.filter(|p| !p.trim().is_empty());
    if let Some(p) = &previous {
        match store.get(p.trim()) {
            Some(r) if r.status == Status::Done => {}
            Some(_) => {
                return Err(Refusal::Invalid(vec![UploadMessage::PreviousNotDone {
                    id: p.clone(),
                }
                .problem("previous")]))
            }
            None => {
                return Err(Refusal::Invalid(vec![UploadMessage::NoPrevious {
                    id: p.clone(),
                }
                .problem("previous")]))
            }
        }
    }
    let (id, dir) = store
        .create()
        .map_err(|e| Refusal::Invalid(vec![Problem::plain("data", e.to_string())]))?;
    let result = fill_round(
        store,
        &id,
        &dir,
        kind,
        filename,
        new.instance.bytes,
        &new.policy,
        new.pins,
        previous,
        unzip_limit,
        lang,
    );
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

#[allow(clippy::too_many_arguments)]
fn fill_round(
    store: &Store,
    id: &str,
    dir: &Path,
    kind: Kind,
    filename: String,
    bytes: Vec<u8>,
    policy: &str,
    pins: Option<String>,
    previous: Option<String>,
    unzip_limit: u64,
    lang: Lang,
) -> Result<RoundRecord, Refusal> {
    let io = |e: std::io::Error| Refusal::Invalid(vec![Problem::plain("data", e.to_string())]);
    let instance_path = match kind {
        Kind::Workbook => {
            std::fs::write(dir.join(&filename), &bytes).map_err(io)?;
            filename.clone()
        }
        Kind::Zip => {
            std::fs::write(dir.join("upload.zip"), &bytes).map_err(io)?;
            unzip_csv(&bytes, &filename, &dir.join("instance"), unzip_limit)?;
            "instance".into()
        }
    };
    std::fs::write(dir.join("policy.toml"), policy).map_err(io)?;
    if let Some(pins) = pins.filter(|p| !p.trim().is_empty()) {
        std::fs::write(dir.join("pins.csv"), pins).map_err(io)?;
    }
    let mut record = RoundRecord {
        id: id.to_string(),
        created_ms: now_ms(),
        instance: filename,
        instance_path,
        policy: String::new(),
        previous: previous.map(|p| p.trim().to_string()),
        pins: 0,
        status: Status::Queued,
        summary: None,
        diagnostics: Vec::new(),
        error: None,
        error_zh: None,
        seconds: None,
        lang: lang.code().into(),
    };
    let inputs = read_inputs(store, &record).map_err(Refusal::Invalid)?;
    record.policy = inputs.policy.title(lang).to_string();
    record.pins = inputs.pins.as_ref().map_or(0, |p| p.pins.len());
    store
        .put(&record)
        .map_err(|e| Refusal::Invalid(vec![Problem::plain("data", e.to_string())]))?;
    Ok(record)
}

/// The bytes and file name a round was made from, to make a re-plan of it.
pub fn upload_of(store: &Store, record: &RoundRecord) -> Option<Upload> {
    let dir = store.dir(&record.id);
    let path = if record.instance_path == "instance" {
        dir.join("upload.zip")
    } else {
        dir.join(&record.instance_path)
    };
    Some(Upload {
        filename: record.instance.clone(),
        bytes: std::fs::read(path).ok()?,
    })
}
