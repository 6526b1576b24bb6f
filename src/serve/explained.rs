//! What a done round adds for the teachers: why each eligible teacher stays (shown on
//! the round's page) and the printable notices (`notices.html` in Chinese,
//! `notices-en.html` in English), dated the day the round is planned.

use crate::model::county::County;
use crate::model::date::IssueDate;
use crate::model::lang::Lang;
use crate::output::notices::{notices_html, NoticePlan};
use crate::round::run::PlanOutcome;
use serde::{Deserialize, Serialize};

/// One eligible teacher who stays, as the round's page lists them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StayedRow {
    /// Teacher id.
    pub teacher: String,
    /// Teacher's name.
    pub name: String,
    /// Subject, as written.
    pub subject: String,
    /// School id.
    pub school: String,
    /// Why, in Chinese.
    pub reason_zh: String,
    /// The same in English.
    pub reason_en: String,
}

/// The stayed teachers of a plan, with their reasons in both languages.
pub fn stayed_rows(county: &County, outcome: &PlanOutcome) -> Vec<StayedRow> {
    outcome
        .stayed
        .iter()
        .map(|s| {
            let t = &county.teachers[s.teacher];
            StayedRow {
                teacher: t.id.0.clone(),
                name: t.name.clone(),
                subject: t.subject.clone(),
                school: county.schools[t.school].id.0.clone(),
                reason_zh: s.reason.text(Lang::Zh),
                reason_en: s.reason.text(Lang::En),
            }
        })
        .collect()
}

/// The notices of a plan, in Chinese (`notices.html`) and English (`notices-en.html`).
pub fn notice_files(county: &County, outcome: &PlanOutcome) -> Vec<(String, Vec<u8>)> {
    [("notices.html", Lang::Zh), ("notices-en.html", Lang::En)]
        .into_iter()
        .map(|(name, lang)| {
            let plan = NoticePlan {
                county,
                policy: outcome.policy_in(lang),
                moves: &outcome.moves,
                reasons: &outcome.reasons,
                date: IssueDate::today(),
            };
            (name.to_string(), notices_html(&plan, lang).into_bytes())
        })
        .collect()
}
