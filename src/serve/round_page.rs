//! A round's pages: its status while it waits or runs (updated live), its plan when
//! done (summary, indicators, map, every move with its reason, schools, downloads),
//! pins and re-planning (`/rounds/{id}/replan`), and two rounds compared
//! (`/compare?a=…&b=…`).

use crate::serve::api::{form_refused, submit, ApiError};
use crate::serve::figures::{figures, fixed, level, zone};
use crate::serve::form_pins::{named_on_page, replan_pins};
use crate::serve::home::{compare_refused, CompareAsked};
use crate::serve::page::{html, language, not_found, render, Page};
use crate::serve::store::{Problem, RoundRecord, Status};
use crate::serve::upload::{upload_of, NewRound};
use crate::serve::upload_message::UploadMessage;
use crate::serve::worker::{MoveRow, RoundView};
use crate::serve::AppState;
use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "serve/round.html", config = "templates/askama.toml")]
struct RoundPage {
    page: Page,
    record: RoundRecord,
    status: &'static str,
    figures: Vec<(String, String, &'static str)>,
    view: RoundView,
    files: Vec<(&'static str, &'static str)>,
    schools: Vec<Vec<String>>,
    indicators: Vec<Vec<String>>,
    verdict: (String, String),
    explanations: Vec<String>,
    problems: Vec<Problem>,
}

impl RoundPage {
    fn stay_reason<'a>(&self, s: &'a crate::serve::explained::StayedRow) -> &'a str {
        if self.page.zh {
            &s.reason_zh
        } else {
            &s.reason_en
        }
    }

    /// A subject by its Chinese name on a Chinese page, as written otherwise.
    fn subject<'a>(&self, subject: &'a str) -> &'a str {
        if self.page.zh {
            crate::input::vocabulary::subject_zh(subject)
        } else {
            subject
        }
    }

    /// A pin's action (`stay`, `move`, `move_to`) in the page's language.
    fn action<'a>(&self, action: &'a str) -> &'a str {
        match action {
            "stay" => self.page.t("留任", "stay"),
            "move" => self.page.t("必须交流", "move"),
            "move_to" => self.page.t("调往", "move_to"),
            other => other,
        }
    }

    /// The map in the page's language (the English one for rounds kept before the
    /// Chinese map was).
    fn map(&self) -> &str {
        if self.page.zh && !self.view.map_svg_zh.is_empty() {
            &self.view.map_svg_zh
        } else {
            &self.view.map_svg
        }
    }

    /// The commute column's header with its unit: minutes when the county has travel
    /// times (roads, or a distance table in minutes: `commute_unit` is `min` in the
    /// summary), else km.
    fn commute_header(&self) -> &'static str {
        let minutes = self
            .record
            .summary
            .as_ref()
            .is_some_and(|s| s["commute_unit"] == "min");
        if minutes {
            self.page.t("通勤（分钟）", "Commute (min)")
        } else {
            self.page.t("通勤（公里）", "Commute (km)")
        }
    }

    fn reason<'a>(&self, m: &'a MoveRow) -> &'a str {
        if self.page.zh {
            &m.reason_zh
        } else {
            &m.reason_en
        }
    }
}
fn round_page(
    state: &AppState,
    page: Page,
    mut record: RoundRecord,
    problems: Vec<Problem>,
) -> String {
    let dir = state.store.dir(&record.id);
    let mut view = if record.status == Status::Done {
        RoundView::read(&dir).unwrap_or_default()
    } else {
        RoundView::default()
    };
    // On a page a round's pins are a form's (the upload form's pins box, the re-plan
    // form): their problems name it and the teacher, not `pins.csv`. A re-plan's came
    // from the re-plan form, which has no lines to cite.
    if let Ok(pins) = std::fs::read_to_string(dir.join("pins.csv")) {
        let typed = record.previous.is_none();
        let name = |p: Vec<Problem>| named_on_page(p, &pins, typed, &page);
        record.diagnostics = name(std::mem::take(&mut record.diagnostics));
        view.warnings = name(std::mem::take(&mut view.warnings));
    }
    let figures = record
        .summary
        .as_ref()
        .map(|s| figures(&page, s))
        .unwrap_or_default();
    let files = [
        (
            "plan.xlsx",
            page.t("方案工作簿（Excel）", "plan workbook (Excel)"),
        ),
        ("plan.csv", page.t("交流名单 plan.csv", "moves plan.csv")),
        (
            "schools.csv",
            page.t("学校汇总 schools.csv", "schools schools.csv"),
        ),
        (
            "summary.json",
            page.t("汇总 summary.json", "summary summary.json"),
        ),
        ("report.html", page.t("报告（网页）", "report (HTML)")),
        (
            "changes.csv",
            page.t("变动清单 changes.csv", "changes changes.csv"),
        ),
        (
            "stayed.csv",
            page.t("未交流原因 stayed.csv", "who stays and why stayed.csv"),
        ),
        (
            "notices.html",
            page.t("交流通知（打印）", "notices, Chinese (print)"),
        ),
        (
            "notices-en.html",
            page.t("交流通知（英文）", "notices, English (print)"),
        ),
        (
            "history.csv",
            page.t(
                "更新后的交流记录 history.csv",
                "updated history history.csv",
            ),
        ),
        (
            "wishes.json",
            page.t("意愿审核 wishes.json", "wishes audit wishes.json"),
        ),
    ]
    .into_iter()
    .filter(|(n, _)| state.store.output(&record.id, n).is_some())
    .collect();
    let schools = view
        .schools
        .iter()
        .map(|s| {
            let n = |k: &str| s[k].to_string();
            vec![
                s["school"].as_str().unwrap_or("").to_string(),
                s["name"].as_str().unwrap_or("").to_string(),
                zone(&page, &s["zone"]),
                level(&page, &s["level"]),
                n("students"),
                n("staff"),
                n("out"),
                n("in"),
                n("staff_after"),
                format!("{} → {}", n("backbone_before"), n("backbone_after")),
                format!(
                    "{} → {}",
                    fixed(&s["backbone_per_100_before"], 2),
                    fixed(&s["backbone_per_100_after"], 2)
                ),
            ]
        })
        .collect();
    let (indicators, verdict, explanations) = if page.zh {
        (
            view.indicators_zh.clone(),
            view.verdict_zh.clone(),
            view.explanations_zh.clone(),
        )
    } else {
        (
            view.indicators_en
                .iter()
                .map(|l| vec![l.trim().to_string()])
                .collect(),
            view.verdict_en.clone(),
            view.explanations_en.clone(),
        )
    };
    let status = page.status(&record.status);
    render(&RoundPage {
        page,
        record,
        status,
        figures,
        view,
        files,
        schools,
        indicators,
        verdict,
        explanations,
        problems,
    })
}

/// `GET /rounds/{id}`: the round's status while it waits or runs (updated live), its
/// plan when done, its problems when failed.
pub async fn round(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (page, cookie) = language(&headers, &q, &format!("/rounds/{id}"));
    let Some(record) = state.store.get(&id) else {
        return not_found(page);
    };
    html(
        StatusCode::OK,
        round_page(&state, page, record, vec![]),
        cookie,
    )
}

/// `POST /rounds/{id}/replan`: the pins of the form (kept pins `old`, per-move
/// `pin.<teacher>` = `stay`/`keep`, one free row) → a new round against this one.
pub async fn replan(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let (page, _) = language(&headers, &HashMap::new(), &format!("/rounds/{id}"));
    let Some(record) = state.store.get(&id) else {
        return not_found(page);
    };
    let form = match form {
        Ok(Form(form)) => form,
        Err(e) => match form_refused(&e, &state, &page) {
            Some((status, problems)) => {
                return html(status, round_page(&state, page, record, problems), None)
            }
            None => return e.into_response(),
        },
    };
    let view = RoundView::read(&state.store.dir(&id)).unwrap_or_default();
    let to_of: HashMap<&str, &str> = view
        .moves
        .iter()
        .map(|m| (m.teacher.as_str(), m.to.as_str()))
        .collect();
    // Two choices for one teacher that disagree are refused, nothing queued: which one
    // the officer meant is theirs to say.
    let pins = match replan_pins(&form, &to_of, &page) {
        Ok(pins) => pins,
        Err(problems) => {
            return html(
                StatusCode::BAD_REQUEST,
                round_page(&state, page, record, problems),
                None,
            )
        }
    };
    let csv: String = std::iter::once("teacher,action,school".to_string())
        .chain(pins.iter().map(|(t, a, s)| format!("{t},{a},{s}")))
        .collect::<Vec<_>>()
        .join("\n");
    let policy =
        std::fs::read_to_string(state.store.dir(&id).join("policy.toml")).unwrap_or_default();
    let Some(instance) = upload_of(&state.store, &record) else {
        return ApiError::NotFound.into_response();
    };
    let new = NewRound {
        instance,
        policy,
        pins: (!pins.is_empty()).then_some(csv.clone()),
        previous: Some(id.clone()),
    };
    match submit(&state, new, page.lang()).await {
        Ok(r) => Redirect::to(&format!("/rounds/{}", r.id)).into_response(),
        Err(e) => match e.on_page(&page) {
            Some((status, problems)) => {
                let problems = named_on_page(problems, &csv, false, &page);
                html(status, round_page(&state, page, record, problems), None)
            }
            None => not_found(page),
        },
    }
}

#[derive(Template)]
#[template(path = "serve/compare.html", config = "templates/askama.toml")]
struct Compare {
    page: Page,
    a: RoundRecord,
    b: RoundRecord,
    rows: Vec<(String, String, String)>,
}

/// `GET /compare?a=ID&b=ID`: the key figures of two done rounds side by side. Without
/// two different rounds ticked, or with one not done, the list of rounds again saying
/// why (HTTP 400), not "not found": the officer only missed a tick. An id no round has
/// stays a 404.
pub async fn compare(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let ticked = |k: &str| q.get(k).map(|id| id.trim()).unwrap_or("").to_string();
    let (ida, idb) = (ticked("a"), ticked("b"));
    let path = format!("/compare?a={ida}&b={idb}");
    let (page, cookie) = language(&headers, &q, &path);
    let refuse = |page: Page, why: UploadMessage, cookie| {
        let asked = CompareAsked {
            why: why.text(page.lang()),
            a: ida.clone(),
            b: idb.clone(),
        };
        html(
            StatusCode::BAD_REQUEST,
            compare_refused(&state, page, asked),
            cookie,
        )
    };
    if ida.is_empty() || idb.is_empty() || ida == idb {
        return refuse(page, UploadMessage::CompareNeedsTwo, cookie);
    }
    let (Some(a), Some(b)) = (state.store.get(&ida), state.store.get(&idb)) else {
        return not_found(page);
    };
    let (Some(sa), Some(sb)) = (&a.summary, &b.summary) else {
        let id = if a.summary.is_none() {
            ida.clone()
        } else {
            idb.clone()
        };
        return refuse(page, UploadMessage::CompareNotDone { id }, cookie);
    };
    let fa = figures(&page, sa);
    let fb = figures(&page, sb);
    let mut rows = vec![(
        page.t("方案", "Policy").to_string(),
        a.policy.clone(),
        b.policy.clone(),
    )];
    rows.extend(fa.into_iter().zip(fb).map(|(x, y)| (x.0, x.1, y.1)));
    html(
        StatusCode::OK,
        render(&Compare { page, a, b, rows }),
        cookie,
    )
}

// The change list's words in the page's language (the row itself is kept in
// `view.json` by the worker).
impl crate::serve::worker::ChangeRow {
    /// The kind in the page's language.
    pub fn kind_in(&self, lang: crate::model::lang::Lang) -> &str {
        crate::round::replan::change_kind_text(&self.kind, lang)
    }

    /// Why, in the page's language.
    pub fn why_in(&self, lang: crate::model::lang::Lang) -> &str {
        match lang {
            crate::model::lang::Lang::Zh if !self.why_zh.is_empty() => &self.why_zh,
            _ => &self.why,
        }
    }
}
