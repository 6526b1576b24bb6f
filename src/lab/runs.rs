//! One planning run of the lab, and the settings of runs solved side by side (for
//! `compare` and `sweep`, through `solve::parallel`): a run ends in a checked plan or
//! in the reason there is none, and a failed run never stops the others.

use crate::model::county::County;
use crate::model::error::RotationError;
use crate::model::lang::Lang;
use crate::model::message::Message;
use crate::model::policy::Policy;
use crate::round::inputs::TeacherSide;
use crate::round::run::{plan_round, PlanOutcome};
use crate::solve::highs::SolveOptions;

/// How one run ended: a checked plan, or the reason there is none.
#[derive(Debug, Clone)]
pub enum RunOutcome {
    /// The round was planned; the plan passed every check (a target may still be short).
    Planned(Box<PlanOutcome>),
    /// The solver failed (or panicked) on this run; the message says why.
    Failed(RunFailure),
}

/// Why a run has no plan, in both languages: English in the files (`compare.csv`,
/// `sweep.csv`, the JSON, `results.csv`), the chosen language on the terminal.
#[derive(Debug, Clone, PartialEq)]
pub struct RunFailure {
    /// The reason in English, as the files write it.
    pub en: String,
    /// The reason in Chinese.
    pub zh: String,
}

impl RunFailure {
    /// The failure of a run that ended in `error`, one line (a county's several
    /// problems joined by `; `).
    pub fn of(error: &RotationError) -> Self {
        // A county's problems rendered in Chinese each start with 错误： (the English
        // display has no such word); the run's line is prefixed once by its reader.
        let rendered = error.render(Lang::Zh);
        let zh: Vec<&str> = rendered
            .lines()
            .map(|l| l.strip_prefix("错误：").unwrap_or(l))
            .collect::<Vec<_>>();
        RunFailure {
            en: error.to_string().trim_end().replace('\n', "; "),
            zh: zh.join("；").trim_end().to_string(),
        }
    }

    /// The failure said by a message enum (a generated county's bad size).
    pub fn said(message: &dyn Message) -> Self {
        RunFailure {
            en: message.text(Lang::En),
            zh: message.text(Lang::Zh),
        }
    }

    /// The reason in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.zh)
    }
}

/// Where a text is expected (a table cell, the report), the English reason.
impl std::ops::Deref for RunFailure {
    type Target = str;
    fn deref(&self) -> &str {
        &self.en
    }
}

/// Shown as its English reason (a script's log).
impl std::fmt::Display for RunFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

/// JSON keeps the English reason, as a string.
impl serde::Serialize for RunFailure {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.en)
    }
}

#[cfg(test)]
impl From<&str> for RunFailure {
    fn from(text: &str) -> Self {
        RunFailure {
            en: text.to_string(),
            zh: format!("求解失败：{text}"),
        }
    }
}

impl RunOutcome {
    /// The plan, when the run has one.
    pub fn plan(&self) -> Option<&PlanOutcome> {
        match self {
            RunOutcome::Planned(p) => Some(p),
            RunOutcome::Failed(_) => None,
        }
    }

    /// `met`, `short` (a target cannot be reached under the hard rules: the exchange or
    /// backbone target, a CV cap or the per-school floor of `[balance]`) or `failed`.
    pub fn verdict(&self) -> Verdict {
        match self {
            RunOutcome::Planned(p) => {
                let s = &p.figures.shortfall;
                if s.exchange > 0.0 || s.backbone > 0.0 || !p.targets_met() {
                    Verdict::Short
                } else {
                    Verdict::Met
                }
            }
            RunOutcome::Failed(_) => Verdict::Failed,
        }
    }
}

/// Whether a run reaches its targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every target is met.
    Met,
    /// The hard rules leave no plan that meets the targets (or the balance caps and
    /// floor): the best plan falls short.
    Short,
    /// No plan: the solve failed.
    Failed,
}

impl Verdict {
    /// The verdict as written in tables and files: `met`, `short` or `failed`.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Short => "short",
            Verdict::Failed => "failed",
        }
    }
}

/// Plans one round on the county as the teachers' side leaves it under `policy`
/// ([`TeacherSide::county`], as `rotation plan` does) and catches every failure (a
/// panic included) as a `Failed` run.
pub fn run_policy(
    county: &County,
    side: &TeacherSide,
    policy: &Policy,
    options: &SolveOptions,
) -> RunOutcome {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if side.is_empty() {
            plan_round(county, policy, options)
        } else {
            plan_round(&side.county(county, policy)?, policy, options)
        }
    }));
    match result {
        Ok(Ok(outcome)) => RunOutcome::Planned(Box::new(outcome)),
        Ok(Err(e)) => RunOutcome::Failed(RunFailure::of(&e)),
        Err(panic) => {
            let why = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("panic");
            RunOutcome::Failed(RunFailure {
                en: format!("the solver stopped unexpectedly: {why}"),
                zh: format!("求解器意外中止（原文：{why}）"),
            })
        }
    }
}

/// The solver settings for runs solved side by side: one HiGHS thread per run unless
/// the caller chose, so that results do not depend on how many run at once.
pub fn lab_options(options: &SolveOptions) -> SolveOptions {
    SolveOptions {
        threads: Some(options.threads.unwrap_or(1)),
        ..options.clone()
    }
}
