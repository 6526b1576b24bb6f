//! What every page shares: its language (Chinese unless `?lang=en`, remembered in a
//! cookie), the language switch, and rendering.

use crate::model::lang::Lang;
use crate::serve::store::Status;
use askama::Template;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use std::collections::HashMap;

/// What every page knows: its language and its path (for the language switch).
pub struct Page {
    /// Chinese (the default) or English.
    pub zh: bool,
    /// The page's path, without the query.
    pub path: String,
}

impl Page {
    /// The Chinese or the English text, by the page's language.
    pub fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        if self.zh {
            zh
        } else {
            en
        }
    }

    /// The link to this page in language `to` (`zh` or `en`).
    pub fn switch(&self, to: &str) -> String {
        let sep = if self.path.contains('?') { '&' } else { '?' };
        format!("{}{sep}lang={to}", self.path)
    }

    /// A round's status in words.
    pub fn status(&self, s: &Status) -> &'static str {
        match s {
            Status::Queued => self.t("排队中", "queued"),
            Status::Running => self.t("编制中", "running"),
            Status::Done => self.t("已完成", "done"),
            Status::Failed => self.t("失败", "failed"),
        }
    }

    /// The page's language.
    pub fn lang(&self) -> Lang {
        if self.zh {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

/// The page's language: `?lang=` first (then remembered in a cookie), else the cookie,
/// else Chinese.
pub fn language(
    headers: &HeaderMap,
    query: &HashMap<String, String>,
    path: &str,
) -> (Page, Option<String>) {
    let asked = query.get("lang").map(String::as_str);
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix("lang="))
        .next_back()
        .map(str::to_string);
    let zh = asked.or(cookie.as_deref()) != Some("en");
    let set = asked.map(|a| {
        format!(
            "lang={}; Path=/; SameSite=Lax; Max-Age=31536000",
            if a == "en" { "en" } else { "zh" }
        )
    });
    (
        Page {
            zh,
            path: path.to_string(),
        },
        set,
    )
}

/// An HTML response, setting the language cookie when asked.
pub fn html(status: StatusCode, body: String, cookie: Option<String>) -> Response {
    let mut response = (status, Html(body)).into_response();
    if let Some(c) = cookie.and_then(|c| c.parse().ok()) {
        response.headers_mut().insert(header::SET_COOKIE, c);
    }
    response
}

#[derive(Template)]
#[template(path = "serve/not_found.html", config = "templates/askama.toml")]
struct NotFound {
    page: Page,
}

/// HTTP 404 as a page in the page's language (the API's own 404 is JSON).
pub fn not_found(page: Page) -> Response {
    html(StatusCode::NOT_FOUND, render(&NotFound { page }), None)
}

/// Renders a page (the templates cannot fail).
pub fn render(t: &impl Template) -> String {
    t.render().expect("the pages render")
}
