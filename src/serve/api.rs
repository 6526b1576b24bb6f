//! The JSON API under the pages: `POST /api/rounds` (multipart: `instance`, `policy`,
//! optional `pins`, `previous`) → `{"id": …}`; `GET /api/rounds/{id}` → the status;
//! `GET /api/rounds/{id}/files/{name}` → an output. Bad input is HTTP 400 with the
//! diagnostics, an upload above the limit 413, an unknown round or file 404.

use crate::model::lang::Lang;
use crate::serve::page::Page;
use crate::serve::store::{Problem, RoundRecord, Status, OUTPUT_FILES};
use crate::serve::upload::{create_round, NewRound, Refusal, Upload};
use crate::serve::upload_message::UploadMessage;
use crate::serve::AppState;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use std::collections::HashMap;

/// An API error: its status and a JSON body.
pub enum ApiError {
    /// 400 with every problem found.
    Invalid(Vec<Problem>),
    /// 413 with what was too large.
    TooLarge(UploadMessage),
    /// 404.
    NotFound,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Invalid(problems) => (
                StatusCode::BAD_REQUEST,
                Json(json!({"error": "invalid input", "diagnostics": problems})),
            )
                .into_response(),
            ApiError::TooLarge(what) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                Json(json!({
                    "error": format!("upload too large: {}", what.text(Lang::En)),
                    "error_zh": what.text(Lang::Zh),
                })),
            )
                .into_response(),
            ApiError::NotFound => not_found_response(),
        }
    }
}

impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> ApiError {
        match r {
            Refusal::Invalid(p) => ApiError::Invalid(p),
            Refusal::TooLarge(w) => ApiError::TooLarge(w),
        }
    }
}

impl ApiError {
    /// What a page shows of the error instead of the API's JSON: its status and its
    /// problems, the file named in the page's language; `None` for a 404, which has a
    /// page of its own.
    pub fn on_page(self, page: &Page) -> Option<(StatusCode, Vec<Problem>)> {
        match self {
            ApiError::Invalid(problems) => Some((StatusCode::BAD_REQUEST, problems)),
            ApiError::TooLarge(what) => Some(too_large_on_page(what, page)),
            ApiError::NotFound => None,
        }
    }
}

fn not_found_response() -> Response {
    (StatusCode::NOT_FOUND, Json(json!({"error": "not found"}))).into_response()
}

/// Anything that is neither a page nor an API route: JSON under `/api/`, a page in
/// the reader's language elsewhere.
pub async fn not_found(uri: axum::http::Uri, headers: axum::http::HeaderMap) -> Response {
    if uri.path().starts_with("/api/") {
        return not_found_response();
    }
    let (page, _) = crate::serve::page::language(&headers, &HashMap::new(), "/");
    crate::serve::page::not_found(page)
}

/// One part of a multipart upload.
pub struct Part {
    /// The file name, for a file.
    pub filename: Option<String>,
    /// The content.
    pub bytes: Vec<u8>,
}

impl Part {
    /// The content as text (a BOM dropped).
    pub fn text(&self) -> String {
        let text = String::from_utf8_lossy(&self.bytes).into_owned();
        text.strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text)
    }
}

/// Every part of a multipart body by name; a body above `limit` bytes is 413.
pub async fn parts(
    mut multipart: Multipart,
    limit: usize,
) -> Result<HashMap<String, Part>, ApiError> {
    let mut parts = HashMap::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return Ok(parts),
            Err(e) => return Err(multipart_error(e, limit)),
        };
        let name = field.name().unwrap_or_default().to_string();
        let filename = field.file_name().map(str::to_string);
        let bytes = field
            .bytes()
            .await
            .map_err(|e| multipart_error(e, limit))?
            .to_vec();
        parts.insert(name, Part { filename, bytes });
    }
}

/// A multipart error as the API answers it: 413 above the size limit (`limit` bytes),
/// else 400.
pub fn multipart_error(e: axum::extract::multipart::MultipartError, limit: usize) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::TooLarge(UploadMessage::TooLarge {
            limit: limit as u64,
        })
    } else {
        ApiError::Invalid(vec![Problem::plain("upload", e.body_text())])
    }
}

/// A page's form the server could not read because it is above the size limit: the
/// status and the problem to show on the page (as [`ApiError::on_page`]); `None` for
/// any other rejection, which keeps axum's own answer.
pub fn form_refused(
    e: &axum::extract::rejection::FormRejection,
    state: &AppState,
    page: &Page,
) -> Option<(StatusCode, Vec<Problem>)> {
    (e.status() == StatusCode::PAYLOAD_TOO_LARGE).then(|| {
        let limit = state.config.max_upload as u64;
        too_large_on_page(UploadMessage::TooLarge { limit }, page)
    })
}

fn too_large_on_page(what: UploadMessage, page: &Page) -> (StatusCode, Vec<Problem>) {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        vec![what.problem(page.t("上传的文件", "upload"))],
    )
}

/// Saves and checks a new round off the request thread, records its language (the
/// language its CSV reasons and report are written in), then queues it. The round is
/// queued by the task that saves it: a request dropped while it waits (the browser
/// closed, a double click that cancels the first submission) must not leave a round
/// on disk as queued that the worker never hears of.
pub async fn submit(state: &AppState, new: NewRound, lang: Lang) -> Result<RoundRecord, ApiError> {
    let store = state.store.clone();
    let queue = state.queue.clone();
    let limit = 20 * state.config.max_upload as u64;
    let record = tokio::task::spawn_blocking(move || {
        let record = create_round(&store, new, limit, lang)?;
        queue.push(record.id.clone());
        Ok::<_, Refusal>(record)
    })
    .await
    .map_err(|e| ApiError::Invalid(vec![Problem::plain("upload", e.to_string())]))??;
    Ok(record)
}

/// The `lang` part of an API request: `zh` or `en`, English when absent (scripts read
/// the API; the pages send their own language).
fn api_lang(part: Option<Part>) -> Result<Lang, ApiError> {
    match part
        .map(|p| p.text().trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("") | Some("en") => Ok(Lang::En),
        Some("zh") => Ok(Lang::Zh),
        Some(other) => {
            let mut p = Problem::plain(
                "lang",
                format!("`{other}` is not a language; expected `zh` or `en`"),
            );
            p.message_zh = format!("`{other}` 不是可用的语言；应为 `zh`（中文）或 `en`（英文）");
            Err(ApiError::Invalid(vec![p]))
        }
    }
}

/// `POST /api/rounds`.
pub async fn create(
    State(state): State<AppState>,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    let mut parts = parts(multipart, state.config.max_upload).await?;
    let Some(instance) = parts.remove("instance") else {
        return Err(ApiError::Invalid(vec![Problem::plain(
            "instance",
            "missing part `instance`: the county as an .xlsx workbook or a .zip of the CSV files",
        )]));
    };
    let Some(policy) = parts.remove("policy") else {
        return Err(ApiError::Invalid(vec![Problem::plain(
            "policy",
            "missing part `policy`: the policy as TOML text (e.g. models/haiyan-2022.toml)",
        )]));
    };
    let lang = api_lang(parts.remove("lang"))?;
    let new = NewRound {
        instance: Upload {
            filename: instance
                .filename
                .clone()
                .unwrap_or_else(|| "county.xlsx".into()),
            bytes: instance.bytes,
        },
        policy: policy.text(),
        pins: parts.remove("pins").map(|p| p.text()),
        previous: parts
            .remove("previous")
            .map(|p| p.text().trim().to_string()),
    };
    let record = submit(&state, new, lang).await?;
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, format!("/api/rounds/{}", record.id))],
        Json(json!({"id": record.id, "status": record.status})),
    )
        .into_response())
}

/// The status of a round as the API shows it.
pub fn status_json(state: &AppState, record: &RoundRecord) -> serde_json::Value {
    let mut v = serde_json::to_value(record).expect("serialisable record");
    match record.status {
        Status::Queued => v["queue_position"] = json!(state.queue.position(&record.id)),
        Status::Running => v["progress"] = json!(state.queue.progress(&record.id)),
        Status::Done => {
            let files: Vec<&str> = OUTPUT_FILES
                .iter()
                .map(|(n, _)| *n)
                .filter(|n| state.store.output(&record.id, n).is_some())
                .collect();
            v["files"] = json!(files);
        }
        Status::Failed => {}
    }
    v
}

/// `GET /api/rounds/{id}`.
pub async fn status(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let record = state.store.get(&id).ok_or(ApiError::NotFound)?;
    Ok(Json(status_json(&state, &record)).into_response())
}

/// `GET /api/rounds`: every round, newest first (without summaries).
pub async fn list(State(state): State<AppState>) -> Json<serde_json::Value> {
    let rounds: Vec<serde_json::Value> = state
        .store
        .list()
        .into_iter()
        .map(|mut r| {
            r.summary = None;
            serde_json::to_value(r).expect("serialisable record")
        })
        .collect();
    Json(json!({ "rounds": rounds }))
}

/// `GET /api/rounds/{id}/files/{name}`: only the outputs' names, never a path.
pub async fn file(
    State(state): State<AppState>,
    Path((id, name)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let path = state.store.output(&id, &name).ok_or(ApiError::NotFound)?;
    let bytes = tokio::task::spawn_blocking(move || std::fs::read(path))
        .await
        .ok()
        .and_then(|r| r.ok())
        .ok_or(ApiError::NotFound)?;
    let media = OUTPUT_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, m)| *m)
        .unwrap_or("application/octet-stream");
    let disposition = if name.ends_with(".html") {
        "inline".to_string()
    } else {
        format!("attachment; filename=\"{id}-{name}\"")
    };
    Ok((
        [
            (header::CONTENT_TYPE, media.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
