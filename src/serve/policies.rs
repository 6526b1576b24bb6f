//! Several policies on one uploaded county, side by side: one round per policy, each
//! the same county, planned by the worker like any other round (so each has its
//! progress, its files and its report, and survives a restart); the page puts their
//! key figures in columns as they finish, like `rotation compare`.
//!
//! - `POST /api/comparisons` (multipart): the county as `instance` (a file) or as
//!   `round` (the id of a round whose upload is reused), and 2 to 8 policies as
//!   `policy` parts (TOML text) and/or `model` parts (names in `models/`). Every
//!   policy is checked before any round is made: a bad one is a 400 naming it
//!   (`policy 2`), and nothing is queued. → 202 `{"rounds": [ids], "page": "/policies?ids=…"}`.
//! - `GET /policies?round=ID`: the form (models to tick, a policy to paste);
//!   `POST /policies` makes the rounds and goes to `GET /policies?ids=a,b,…`, the table.

use crate::model::error::RotationError;
use crate::model::lang::Lang;
use crate::model::policy::Policy;
use crate::serve::api::{form_refused, multipart_error, status_json, submit, ApiError};
use crate::serve::figures::figures;
use crate::serve::page::{html, language, not_found, render, Page};
use crate::serve::policy_form::{model_in, model_title, MODELS};
use crate::serve::store::{Problem, RoundRecord, Status};
use crate::serve::upload::{upload_of, NewRound, Upload};
use crate::serve::upload_message::UploadMessage;
use crate::serve::AppState;
use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Multipart, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Json, Redirect, Response};
use serde_json::json;
use std::collections::HashMap;

/// At most this many policies in one comparison (each is a round in the queue).
pub const MOST_POLICIES: usize = 8;

/// The county of a comparison: uploaded now, or the upload of an existing round.
fn county_of(
    state: &AppState,
    round: Option<&str>,
    file: Option<Upload>,
) -> Result<Upload, ApiError> {
    if let Some(upload) = file {
        return Ok(upload);
    }
    let refuse = |file: &str, m: UploadMessage| ApiError::Invalid(vec![m.problem(file)]);
    let Some(id) = round.map(str::trim).filter(|id| !id.is_empty()) else {
        return Err(refuse("instance", UploadMessage::NoCounty));
    };
    let record = state
        .store
        .get(id)
        .ok_or_else(|| refuse("round", UploadMessage::NoRound { id: id.into() }))?;
    upload_of(&state.store, &record)
        .ok_or_else(|| refuse("round", UploadMessage::UploadGone { id: id.into() }))
}

/// The policies' TOML texts from `model` names and `policy` texts, each checked; every
/// problem names which policy (`policy 2`, counted in the order given).
fn checked_policies(
    models: &[String],
    texts: &[String],
    lang: Lang,
) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for name in models {
        match MODELS.iter().find(|(n, _)| n == name) {
            // From a Chinese page a model is planned under its Chinese title.
            Some(_) if lang == Lang::Zh => {
                out.push(toml::to_string(&model_in(name, lang).1).expect("a policy serialises"))
            }
            Some((_, text)) => out.push(text.to_string()),
            None => problems.push(
                UploadMessage::NoModel {
                    name: name.clone(),
                    known: MODELS.iter().map(|m| m.0).collect::<Vec<_>>().join(", "),
                }
                .problem(if lang == Lang::Zh {
                    "政策模板"
                } else {
                    "model"
                }),
            ),
        }
    }
    for text in texts {
        let which = format!("policy {}", out.len() + 1);
        match Policy::parse(text, &which) {
            Ok(_) => out.push(text.clone()),
            Err(RotationError::Invalid(d)) => {
                problems.extend(Problem::all(&d, std::path::Path::new("")))
            }
            Err(e) => problems.push(Problem::plain(&which, e.to_string())),
        }
    }
    if problems.is_empty() && !(2..=MOST_POLICIES).contains(&out.len()) {
        problems.push(
            UploadMessage::PolicyCount {
                given: out.len(),
                most: MOST_POLICIES,
            }
            .problem(if lang == Lang::Zh { "政策" } else { "policy" }),
        );
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(ApiError::Invalid(problems))
    }
}

/// Queues one round per policy on `county`; the county is checked by the first.
async fn start(
    state: &AppState,
    county: Upload,
    policies: Vec<String>,
    lang: Lang,
) -> Result<Vec<RoundRecord>, ApiError> {
    let mut rounds = Vec::new();
    for policy in policies {
        let new = NewRound {
            instance: Upload {
                filename: county.filename.clone(),
                bytes: county.bytes.clone(),
            },
            policy,
            pins: None,
            previous: None,
        };
        rounds.push(submit(state, new, lang).await?);
    }
    Ok(rounds)
}

fn page_of(rounds: &[RoundRecord]) -> String {
    let ids: Vec<&str> = rounds.iter().map(|r| r.id.as_str()).collect();
    format!("/policies?ids={}", ids.join(","))
}

/// `POST /api/comparisons`.
pub async fn create_api(
    State(state): State<AppState>,
    mut multipart: Multipart,
) -> Result<Response, ApiError> {
    let (mut file, mut round, mut models, mut texts) = (None, None, Vec::new(), Vec::new());
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(multipart_error(e, state.config.max_upload)),
        };
        let name = field.name().unwrap_or_default().to_string();
        let filename = field.file_name().map(str::to_string);
        let bytes = field
            .bytes()
            .await
            .map_err(|e| multipart_error(e, state.config.max_upload))?
            .to_vec();
        let text = || {
            let t = String::from_utf8_lossy(&bytes).into_owned();
            t.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(t)
        };
        match name.as_str() {
            "instance" => {
                file = Some(Upload {
                    filename: filename.unwrap_or_else(|| "county.xlsx".into()),
                    bytes: bytes.clone(),
                })
            }
            "round" => round = Some(text()),
            "model" => models.push(text().trim().to_string()),
            "policy" => texts.push(text()),
            _ => {}
        }
    }
    let policies = checked_policies(&models, &texts, Lang::En)?;
    let county = county_of(&state, round.as_deref(), file)?;
    // The API's rounds are English, as `POST /api/rounds` without `lang`.
    let rounds = start(&state, county, policies, Lang::En).await?;
    let page = page_of(&rounds);
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, page.clone())],
        Json(json!({
            "rounds": rounds.iter().map(|r| r.id.clone()).collect::<Vec<_>>(),
            "page": page,
        })),
    )
        .into_response())
}

/// `GET /api/comparisons?ids=a,b`: the status of each round, in order.
pub async fn status_api(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let records = records(&state, &q)?;
    Ok(Json(json!({
        "rounds": records.iter().map(|r| status_json(&state, r)).collect::<Vec<_>>(),
    })))
}

fn records(state: &AppState, q: &HashMap<String, String>) -> Result<Vec<RoundRecord>, ApiError> {
    let ids = q.get("ids").map(String::as_str).unwrap_or("");
    let records: Option<Vec<RoundRecord>> = ids
        .split(',')
        .filter(|id| !id.is_empty())
        .map(|id| state.store.get(id))
        .collect();
    match records {
        Some(r) if !r.is_empty() => Ok(r),
        _ => Err(ApiError::NotFound),
    }
}

/// The table of several rounds, or the form to start them.
#[derive(Template)]
#[template(path = "serve/policies.html", config = "templates/askama.toml")]
struct Policies {
    page: Page,
    /// The county's round, for the form.
    round: Option<RoundRecord>,
    /// The models to tick: name, label, ticked.
    models: Vec<(&'static str, String, bool)>,
    /// The rounds compared.
    rounds: Vec<RoundRecord>,
    /// A row per figure: its label, then one cell per round.
    rows: Vec<(String, Vec<String>)>,
    /// Some round is still queued or running: the page reloads itself.
    pending: bool,
    problems: Vec<Problem>,
}

/// `GET /policies?round=ID` (the form) or `GET /policies?ids=a,b` (the table).
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let path = match (q.get("ids"), q.get("round")) {
        (Some(ids), _) => format!("/policies?ids={ids}"),
        (None, Some(r)) => format!("/policies?round={r}"),
        _ => "/policies".to_string(),
    };
    let (page, cookie) = language(&headers, &q, &path);
    if q.contains_key("ids") {
        let Ok(rounds) = records(&state, &q) else {
            return not_found(page);
        };
        let rows = table(&page, &rounds);
        let pending = rounds
            .iter()
            .any(|r| matches!(r.status, Status::Queued | Status::Running));
        return html(
            StatusCode::OK,
            render(&Policies {
                page,
                round: None,
                models: Vec::new(),
                rounds,
                rows,
                pending,
                problems: Vec::new(),
            }),
            cookie,
        );
    }
    let round = q.get("round").and_then(|id| state.store.get(id));
    if round.is_none() {
        return not_found(page);
    }
    html(
        StatusCode::OK,
        form_page(page, round, &[], Vec::new()),
        cookie,
    )
}

fn form_page(
    page: Page,
    round: Option<RoundRecord>,
    ticked: &[String],
    problems: Vec<Problem>,
) -> String {
    let models = MODELS
        .iter()
        .map(|(name, _)| {
            (
                *name,
                model_title(name, page.lang()),
                ticked.iter().any(|t| t == name),
            )
        })
        .collect();
    render(&Policies {
        page,
        round,
        models,
        rounds: Vec::new(),
        rows: Vec::new(),
        pending: false,
        problems,
    })
}

/// The figures of each round in columns: the policy, the status, then every key figure
/// of a done round (empty cells for the others).
fn table(page: &Page, rounds: &[RoundRecord]) -> Vec<(String, Vec<String>)> {
    let mut rows = vec![
        (
            page.t("政策", "Policy").to_string(),
            rounds.iter().map(|r| r.policy.clone()).collect(),
        ),
        (
            page.t("状态", "Status").to_string(),
            rounds
                .iter()
                .map(|r| page.status(&r.status).to_string())
                .collect(),
        ),
    ];
    let columns: Vec<Vec<(String, String, &'static str)>> = rounds
        .iter()
        .map(|r| {
            r.summary
                .as_ref()
                .map(|s| figures(page, s))
                .unwrap_or_default()
        })
        .collect();
    let Some(labels) = columns.iter().find(|c| !c.is_empty()) else {
        return rows;
    };
    for (i, (label, _, _)) in labels.iter().enumerate() {
        rows.push((
            label.clone(),
            columns
                .iter()
                .map(|c| c.get(i).map(|f| f.1.clone()).unwrap_or_default())
                .collect(),
        ));
    }
    rows
}

/// `POST /policies` (form: `round`, ticked `model`s, an optional `policy` text).
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    fields: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let (page, cookie) = language(&headers, &q, "/policies");
    let fields = match fields {
        Ok(Form(fields)) => fields,
        // The form names its round in its address too, to be shown again when its
        // body cannot be read.
        Err(e) => match form_refused(&e, &state, &page) {
            Some((status, problems)) => {
                let record = q.get("round").and_then(|id| state.store.get(id));
                return html(status, form_page(page, record, &[], problems), cookie);
            }
            None => return e.into_response(),
        },
    };
    let get = |k: &'static str| -> Vec<String> {
        fields
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let round = get("round").into_iter().next();
    let models = get("model");
    let texts: Vec<String> = get("policy")
        .into_iter()
        .filter(|t| !t.trim().is_empty())
        .collect();
    let result = async {
        let policies = checked_policies(&models, &texts, page.lang())?;
        let county = county_of(&state, round.as_deref(), None)?;
        start(&state, county, policies, page.lang()).await
    }
    .await;
    match result {
        Ok(rounds) => Redirect::to(&page_of(&rounds)).into_response(),
        Err(e) => {
            let record = round.as_deref().and_then(|id| state.store.get(id));
            match e.on_page(&page) {
                Some((status, problems)) => {
                    html(status, form_page(page, record, &models, problems), cookie)
                }
                None => not_found(page),
            }
        }
    }
}
