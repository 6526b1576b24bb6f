//! The home page (`/`): upload a county (a workbook or a zip of CSV files), choose a
//! policy of `models/` and edit it as a form, and the rounds so far; `POST /rounds`
//! makes a round of the form.

use crate::serve::api::{parts, submit, ApiError};
use crate::serve::form_pins::named_on_page;
use crate::serve::page::{html, language, render, Page};
use crate::serve::policy_form::{form, model_in, model_title, policy_text, FieldView, MODELS};
use crate::serve::store::{Problem, Status};
use crate::serve::upload::{NewRound, Upload};
use crate::serve::AppState;
use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

struct RoundRow {
    id: String,
    instance: String,
    policy: String,
    status: Status,
    previous: String,
    pins: usize,
}

#[derive(Template)]
#[template(path = "serve/home.html", config = "templates/askama.toml")]
struct Home {
    page: Page,
    models: Vec<(&'static str, String, bool)>,
    model: &'static str,
    sections: Vec<(&'static str, Vec<FieldView>)>,
    problems: Vec<Problem>,
    /// The pins box's text: its header, or what the officer typed when the form comes
    /// back with problems (nothing typed is lost).
    pins: String,
    rounds: Vec<RoundRow>,
    /// Why `/compare` sent the officer back to the list, with the rounds they ticked.
    compare: Option<CompareAsked>,
}

/// A comparison refused: why, in the page's language, and the rounds ticked as A and B
/// (ticked again on the list).
pub struct CompareAsked {
    /// Why it was refused.
    pub why: String,
    /// The round ticked as A, if any.
    pub a: String,
    /// The round ticked as B, if any.
    pub b: String,
}

impl Home {
    /// Round `id` was ticked as `which` (`a` or `b`) on a comparison sent back.
    fn ticked(&self, which: &str, id: &str) -> bool {
        self.compare
            .as_ref()
            .is_some_and(|c| if which == "a" { c.a == id } else { c.b == id })
    }
}

fn home_page(
    state: &AppState,
    page: Page,
    model_name: &str,
    policy: Option<crate::model::policy::Policy>,
    problems: Vec<Problem>,
    compare: Option<CompareAsked>,
    pins: Option<&str>,
) -> String {
    let (name, base) = model_in(model_name, page.lang());
    let policy = policy.unwrap_or(base);
    let models = MODELS
        .iter()
        .map(|(n, _)| (*n, model_title(n, page.lang()), *n == name))
        .collect();
    let rounds = state
        .store
        .list()
        .into_iter()
        .map(|r| RoundRow {
            id: r.id,
            instance: r.instance,
            policy: r.policy,
            status: r.status,
            previous: r.previous.unwrap_or_default(),
            pins: r.pins,
        })
        .collect();
    let sections = form(&policy, page.lang());
    let pins = pins.map(str::to_string).unwrap_or_else(|| {
        page.t("教师编号,操作,学校编号", "teacher,action,school")
            .to_string()
    });
    render(&Home {
        page,
        models,
        model: name,
        sections,
        problems,
        pins,
        rounds,
        compare,
    })
}

/// The home page again, its list of rounds saying why `/compare` cannot compare what
/// was ticked (HTTP 400): the list is where the two rounds are ticked.
pub fn compare_refused(state: &AppState, page: Page, asked: CompareAsked) -> String {
    home_page(state, page, "", None, Vec::new(), Some(asked), None)
}

/// `GET /`: upload a county, choose and edit a policy, the rounds so far.
pub async fn home(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (page, cookie) = language(&headers, &q, "/");
    let model_name = q.get("model").cloned().unwrap_or_default();
    html(
        StatusCode::OK,
        home_page(&state, page, &model_name, None, vec![], None, None),
        cookie,
    )
}

/// `POST /rounds`: the upload form; on success to the round's page, else the form
/// again with every problem (HTTP 400).
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let (page, _) = language(&headers, &HashMap::new(), "/");
    let mut parts = match parts(multipart, state.config.max_upload).await {
        Ok(p) => p,
        Err(e) => return refused(&state, page, "", None, "", e),
    };
    let fields: HashMap<String, String> = parts
        .iter()
        .filter(|(_, p)| p.filename.is_none())
        .map(|(k, p)| (k.clone(), p.text()))
        .collect();
    let model_name = fields.get("model").cloned().unwrap_or_default();
    // The pins box as a pins file: what the officer typed or pasted, read as they
    // meant it (see `box_pins`), and shown back as read when the form returns.
    let pins = fields.get("pins").map(|p| box_pins(p, &page));
    // A browser sends the file part with no name when no file was chosen; a chosen
    // file that is empty is refused as empty, not as missing.
    let instance = parts
        .remove("instance")
        .filter(|p| p.filename.as_deref().is_some_and(|n| !n.is_empty()) || !p.bytes.is_empty());
    let policy = policy_text(&fields);
    let shown = policy
        .as_ref()
        .ok()
        .and_then(|t| crate::model::policy::Policy::parse(t, "policy").ok());
    let (instance, policy) = match (instance, policy) {
        (Some(i), Ok(p)) => (i, p),
        (i, p) => {
            let mut problems = Vec::new();
            if i.is_none() {
                problems.push(Problem::plain(
                    page.t("县域数据", "county"),
                    page.t(
                        "请选择县域数据文件（.xlsx 工作簿，或 CSV 文件的 .zip 压缩包）",
                        "choose the county file (an .xlsx workbook or a .zip of the CSV files)",
                    ),
                ));
            }
            if let Err(e) = p {
                problems.extend(e);
            }
            return html(
                StatusCode::BAD_REQUEST,
                home_page(
                    &state,
                    page,
                    &model_name,
                    shown,
                    problems,
                    None,
                    pins.as_deref(),
                ),
                None,
            );
        }
    };
    let new = NewRound {
        instance: Upload {
            filename: instance.filename.clone().unwrap_or_default(),
            bytes: instance.bytes,
        },
        policy,
        pins: pins.clone(),
        previous: None,
    };
    let lang = page.lang();
    let pins = pins.unwrap_or_default();
    match submit(&state, new, lang).await {
        Ok(record) => Redirect::to(&format!("/rounds/{}", record.id)).into_response(),
        Err(e) => refused(&state, page, &model_name, shown, &pins, e),
    }
}

/// The pins box's text as a pins file, read as an officer types or pastes it: cells
/// pasted from Excel (tab-separated) and full-width commas (`，`) separate cells, full-width
/// letters and digits are read as ASCII, a row of a teacher and an action alone gets its
/// empty school cell, and a box whose header was deleted gets it back (the box is shown
/// back this way, so a problem's line is the line the officer sees).
pub fn box_pins(text: &str, page: &Page) -> String {
    let rows: Vec<String> = text
        .lines()
        .map(|l| {
            let l = crate::input::table::half_width(l).replace(['\t', '，'], ",");
            let l = l.trim().to_string();
            if !l.is_empty() && l.matches(',').count() == 1 {
                format!("{l},")
            } else {
                l
            }
        })
        .collect();
    let first = rows.iter().find(|r| !r.is_empty());
    let has_header = first.is_none_or(|r| {
        let head = r.split(',').next().unwrap_or("").trim().to_lowercase();
        head == "teacher" || head.contains("教师")
    });
    let mut out = String::new();
    if !has_header {
        out.push_str(page.t("教师编号,操作,学校编号", "teacher,action,school"));
        out.push('\n');
    }
    for r in rows {
        out.push_str(&r);
        out.push('\n');
    }
    out
}

/// The form again with why the upload was refused, in the page's language (a bad
/// file 400, a file above the limit 413); a problem of the pins typed in the form
/// (`pins`) names the form's pins box and the teacher, with the box's line.
fn refused(
    state: &AppState,
    page: Page,
    model_name: &str,
    shown: Option<crate::model::policy::Policy>,
    pins: &str,
    e: ApiError,
) -> Response {
    match e.on_page(&page) {
        Some((status, problems)) => {
            let problems = named_on_page(problems, pins, true, &page);
            let body = home_page(state, page, model_name, shown, problems, None, Some(pins));
            html(status, body, None)
        }
        None => crate::serve::page::not_found(page),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn zh() -> Page {
        Page {
            zh: true,
            path: "/".into(),
        }
    }

    #[test]
    fn pins_pasted_or_typed_as_officers_do_read_as_a_pins_file() {
        // Excel's tab-separated cells, no header: the header comes back.
        assert_eq!(
            box_pins("T01\t留任\t\nT02\t调往\tR1", &zh()),
            "教师编号,操作,学校编号\nT01,留任,\nT02,调往,R1\n"
        );
        // A full-width comma and full-width letters; a row without its school cell.
        assert_eq!(
            box_pins("教师编号,操作,学校编号\nＴ０１，留任", &zh()),
            "教师编号,操作,学校编号\nT01,留任,\n"
        );
        // The box as it comes (its header) and an emptied box stay without pins.
        assert_eq!(
            box_pins("teacher,action,school", &zh()),
            "teacher,action,school\n"
        );
        assert_eq!(box_pins("", &zh()).trim(), "");
    }
}
