//! The worker: plans one round at a time (a solve uses the machine's cores), reading
//! the round's folder, reporting its progress, and writing the outputs and the record.
//! The queue is in memory; the records on disk let a restart queue again what was
//! waiting or running.
//!
//! Long file: a round's life from its inputs to its view (what the page shows, in
//! both languages) is one story; the view's rows are kept beside the code that fills
//! them.

use crate::model::{error::RotationError, lang::Lang};
use crate::output::html::{plan_report, PlanView};
use crate::output::output_set::OutputSet;
use crate::output::plan_files::plan_set_files;
use crate::output::plan_workbook::plan_workbook;
use crate::output::school_map::school_map_in;
use crate::output::summary::summary_json;
use crate::round::run::{PlanOutcome, Round};
use crate::serve::round_inputs::{read_inputs, Inputs};
use crate::serve::store::{Problem, RoundRecord, Status, Store};
use crate::serve::teacher_side::{
    teacher_side_files, wish_report, with_teacher_side, TeacherSideView,
};
use crate::solve::highs::{Observer, Progress, SolveOptions, SolveStage};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// The files of a round's `out/` folder.
const OUT_FILES: &[&str] = &[
    "plan.csv",
    "schools.csv",
    "summary.json",
    "changes.csv",
    "plan.xlsx",
    "report.html",
    "stayed.csv",
    "notices.html",
    "notices-en.html",
    "history.csv",
    "wishes.json",
];

/// What the page of a running round shows.
#[derive(Debug, Clone, Serialize)]
pub struct RunningProgress {
    /// The solve's stage in words (`reading`, `LP relaxation`, `branch and bound`, ...).
    pub stage: String,
    /// Seconds since the round started.
    pub elapsed_seconds: f64,
    /// The objective of the best plan found so far.
    pub best_plan: Option<f64>,
    /// The best bound proven so far.
    pub bound: Option<f64>,
}

struct Running {
    id: String,
    started: Instant,
    stage: String,
    /// The stage with its own objective under way (none before the first such).
    objective: Option<SolveStage>,
    best: Option<f64>,
    bound: Option<f64>,
}

/// The queue of rounds waiting for the worker and the progress of the one running.
#[derive(Default)]
pub struct Queue {
    waiting: Mutex<VecDeque<String>>,
    running: Mutex<Option<Running>>,
    wake: tokio::sync::Notify,
}

impl Queue {
    /// Adds a round at the end of the queue.
    pub fn push(&self, id: String) {
        self.waiting.lock().expect("queue").push_back(id);
        self.wake.notify_one();
    }

    /// The 1-based place of round `id` in the queue, when it waits.
    pub fn position(&self, id: &str) -> Option<usize> {
        let waiting = self.waiting.lock().expect("queue");
        waiting.iter().position(|w| w == id).map(|i| i + 1)
    }

    /// The progress of round `id`, when it is the one running.
    pub fn progress(&self, id: &str) -> Option<RunningProgress> {
        let running = self.running.lock().expect("queue");
        let r = running.as_ref().filter(|r| r.id == id)?;
        Some(RunningProgress {
            stage: r.stage.clone(),
            elapsed_seconds: r.started.elapsed().as_secs_f64(),
            best_plan: r.best,
            bound: r.bound,
        })
    }

    fn set_stage(&self, stage: &str) {
        if let Some(r) = self.running.lock().expect("queue").as_mut() {
            r.stage = stage.to_string();
        }
    }

    async fn next(&self) -> String {
        loop {
            if let Some(id) = self.waiting.lock().expect("queue").pop_front() {
                return id;
            }
            self.wake.notified().await;
        }
    }
}

/// Runs the queue forever: one round at a time, each on a blocking thread.
pub async fn work(store: Store, queue: Arc<Queue>, time_limit: f64) {
    loop {
        let id = queue.next().await;
        *queue.running.lock().expect("queue") = Some(Running {
            id: id.clone(),
            started: Instant::now(),
            stage: "reading".into(),
            objective: None,
            best: None,
            bound: None,
        });
        let (s, q) = (store.clone(), queue.clone());
        let run_id = id.clone();
        let _ = tokio::task::spawn_blocking(move || run_round(&s, &q, &run_id, time_limit)).await;
        *queue.running.lock().expect("queue") = None;
    }
}

/// Queues again, oldest first, the rounds a stopped server left queued or running.
pub fn requeue(store: &Store, queue: &Queue) {
    let mut rounds = store.list();
    rounds.reverse();
    for mut r in rounds {
        if matches!(r.status, Status::Queued | Status::Running) {
            r.status = Status::Queued;
            let _ = store.put(&r);
            queue.push(r.id);
        }
    }
}

/// One move as the round's page lists it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MoveRow {
    /// Teacher id.
    pub teacher: String,
    /// Teacher's name.
    pub name: String,
    /// Subject.
    pub subject: String,
    /// Backbone level (`none`, `county`, ...).
    pub backbone: String,
    /// Current school id and name.
    pub from: String,
    /// Current school's name.
    pub from_name: String,
    /// New school id.
    pub to: String,
    /// New school's name.
    pub to_name: String,
    /// Commute to the new school (km, or minutes on roads).
    pub commute: f64,
    /// Why this teacher and this school, in Chinese.
    pub reason_zh: String,
    /// The same in English.
    pub reason_en: String,
}

/// A change to the previous plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChangeRow {
    /// Teacher id.
    pub teacher: String,
    /// `dropped`, `added` or `redirected`.
    pub kind: String,
    /// The previous school, when there was a move.
    pub before: String,
    /// The new school, when there is a move.
    pub after: String,
    /// Why, in English.
    pub why: String,
    /// Why, in Chinese (rounds planned before it was kept show the English).
    #[serde(default)]
    pub why_zh: String,
}

/// What the round's page shows beyond `summary.json`, rendered once when the round is
/// done (`view.json`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RoundView {
    /// Every move with its reason.
    pub moves: Vec<MoveRow>,
    /// Each eligible teacher who stays, with why (absent from older rounds).
    #[serde(default)]
    pub stayed: Vec<crate::serve::explained::StayedRow>,
    /// `schools.csv` as rows: the school and its figures before and after.
    pub schools: Vec<serde_json::Value>,
    /// Every school as `(id, name)`, for the pins form.
    pub school_names: Vec<(String, String)>,
    /// The map of schools with the flows (SVG), English beside the Chinese.
    pub map_svg: String,
    /// The same map in Chinese alone (absent from older rounds).
    #[serde(default)]
    pub map_svg_zh: String,
    /// The teacher indicators as the workbook's rows (项目, 数值, 说明).
    pub indicators_zh: Vec<Vec<String>>,
    /// The teacher indicators as the text summary's lines.
    pub indicators_en: Vec<String>,
    /// The verdict on the teacher indicators before and after, in Chinese.
    pub verdict_zh: (String, String),
    /// The same in English.
    pub verdict_en: (String, String),
    /// Why a target is missed, in Chinese.
    pub explanations_zh: Vec<String>,
    /// The same in English.
    pub explanations_en: Vec<String>,
    /// Changes to the previous plan.
    pub changes: Vec<ChangeRow>,
    /// Previous moves kept, of how many.
    pub kept: Option<(usize, usize)>,
    /// The pins, in words.
    pub pins: Vec<String>,
    /// The pins as `(teacher, action, school)`, to carry into a re-plan.
    pub pin_rows: Vec<(String, String, String)>,
    /// Warnings from reading the inputs.
    pub warnings: Vec<Problem>,
    /// The text summary (English), as `rotation plan` prints it.
    pub text_summary: String,
    /// What the history, wishes and teams did (absent from older rounds).
    #[serde(default)]
    pub teacher_side: TeacherSideView,
}

impl RoundView {
    fn of(inputs: &Inputs, outcome: &PlanOutcome) -> RoundView {
        let county = &inputs.round.county;
        let moves = outcome
            .moves
            .iter()
            .zip(&outcome.reasons)
            .map(|(m, r)| {
                let t = &county.teachers[m.teacher];
                let (from, to) = (&county.schools[t.school], &county.schools[m.to]);
                MoveRow {
                    teacher: t.id.0.clone(),
                    name: t.name.clone(),
                    subject: t.subject.clone(),
                    backbone: <&str>::from(t.backbone).into(),
                    from: from.id.0.clone(),
                    from_name: from.name.clone(),
                    to: to.id.0.clone(),
                    to_name: to.name.clone(),
                    commute: m.km,
                    reason_zh: r.text(Lang::Zh),
                    reason_en: r.text(Lang::En),
                }
            })
            .collect();
        let f = &outcome.figures.indicators;
        RoundView {
            moves,
            stayed: crate::serve::explained::stayed_rows(county, outcome),
            schools: outcome
                .schools
                .iter()
                .map(|s| serde_json::to_value(s).expect("serialisable school"))
                .collect(),
            school_names: county
                .schools
                .iter()
                .map(|s| (s.id.0.clone(), s.name.clone()))
                .collect(),
            map_svg: school_map_in(county, &outcome.moves, "m", Lang::En),
            map_svg_zh: school_map_in(county, &outcome.moves, "m", Lang::Zh),
            indicators_zh: crate::output::indicator_sheet::summary_rows(f),
            indicators_en: crate::output::summary::indicator_texts(f, Lang::En),
            verdict_zh: (
                f.verdict_text(false, Lang::Zh),
                f.verdict_text(true, Lang::Zh),
            ),
            verdict_en: (
                f.verdict_text(false, Lang::En),
                f.verdict_text(true, Lang::En),
            ),
            explanations_zh: outcome
                .explanations
                .iter()
                .map(|e| e.text(Lang::Zh))
                .collect(),
            explanations_en: outcome
                .explanations
                .iter()
                .map(|e| e.text(Lang::En))
                .collect(),
            changes: outcome
                .changes
                .iter()
                .flat_map(|c| &c.changes)
                .map(|c| ChangeRow {
                    teacher: c.teacher.clone(),
                    kind: c.kind.to_string(),
                    before: c.before.clone().unwrap_or_default(),
                    after: c.after.clone().unwrap_or_default(),
                    why: c.why.clone(),
                    why_zh: c.cause.text(crate::model::lang::Lang::Zh),
                })
                .collect(),
            kept: outcome.changes.as_ref().map(|c| (c.kept, c.previous_moves)),
            pins: outcome.pins.clone(),
            pin_rows: inputs
                .pins
                .iter()
                .flat_map(|p| &p.pins)
                .map(|p| {
                    let (action, school) = match p.action {
                        crate::model::pins::PinAction::Stay => ("stay", String::new()),
                        crate::model::pins::PinAction::Move => ("move", String::new()),
                        crate::model::pins::PinAction::MoveTo(s) => {
                            ("move_to", county.schools[s].id.0.clone())
                        }
                    };
                    (
                        county.teachers[p.teacher].id.0.clone(),
                        action.to_string(),
                        school,
                    )
                })
                .collect(),
            warnings: inputs.warnings.clone(),
            text_summary: crate::output::summary::text_summary(outcome, Lang::En),
            teacher_side: TeacherSideView::default(),
        }
    }

    /// The view of a done round, when it has one.
    pub fn read(dir: &Path) -> Option<RoundView> {
        let bytes = std::fs::read(dir.join("view.json")).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

/// Plans one round and records the result (done with the summary, or failed with the
/// diagnostics or the error).
fn run_round(store: &Store, queue: &Arc<Queue>, id: &str, time_limit: f64) {
    let Some(mut record) = store.get(id) else {
        return;
    };
    record.status = Status::Running;
    let _ = store.put(&record);
    let started = Instant::now();
    match plan_dir(store, queue, &record, time_limit) {
        Ok(summary) => {
            record.status = Status::Done;
            record.summary = Some(summary);
            record.seconds = Some(started.elapsed().as_secs_f64());
        }
        Err(Failure::Input(problems)) => {
            record.status = Status::Failed;
            record.diagnostics = problems;
        }
        Err(Failure::Other(error, error_zh)) => {
            record.status = Status::Failed;
            record.error = Some(error);
            record.error_zh = Some(error_zh);
        }
    }
    let _ = store.put(&record);
}

/// Why a round was not planned.
enum Failure {
    /// The inputs (or the pins together) are invalid: the problems, located.
    Input(Vec<Problem>),
    /// The solver or a file failed: the error in English and in Chinese.
    Other(String, String),
}

fn plan_dir(
    store: &Store,
    queue: &Arc<Queue>,
    record: &RoundRecord,
    time_limit: f64,
) -> Result<serde_json::Value, Failure> {
    let dir = store.dir(&record.id);
    let inputs = read_inputs(store, record).map_err(Failure::Input)?;
    queue.set_stage("planning");
    let q = queue.clone();
    let observer = Observer::new(move |p| {
        if let Some(r) = q.running.lock().expect("queue").as_mut() {
            match p {
                Progress::Stage(s) => {
                    r.stage = match r.objective {
                        Some(o) => format!("{} · {}", o.text(Lang::En), s.text(Lang::En)),
                        None => s.text(Lang::En).to_string(),
                    }
                }
                Progress::Plan(v) => r.best = Some(v),
                // Every bound heard within one objective holds: the best stays.
                Progress::Bound(b) => r.bound = Some(r.bound.map_or(b, |old| old.max(b))),
                Progress::Objective(o) => {
                    r.objective = Some(o);
                    r.stage = o.text(Lang::En).to_string();
                    (r.best, r.bound) = (None, None);
                }
            }
        }
    });
    let options = SolveOptions {
        time_limit: Some(time_limit),
        observer,
        ..SolveOptions::default()
    };
    let county = &inputs.round.county;
    let mut round = Round::new(county, &inputs.policy).options(options);
    if let Some(p) = &inputs.pins {
        round = round.pins(p);
    }
    if let Some(p) = &inputs.previous {
        round = round.previous(p);
    }
    let failed = |e: RotationError| match e {
        RotationError::Invalid(d) => Failure::Input(Problem::all(&d, &dir)),
        other => Failure::Other(other.to_string(), other.render(Lang::Zh)),
    };
    let outcome = round.plan().map_err(failed)?;
    queue.set_stage("writing");
    // The round's outputs as one set (all of them with their manifest, or none), the
    // workbook and the report included.
    let out = dir.join("out");
    let lang = record.lang(); // the CSV reasons and the report
    let view = PlanView::of_outcome(
        inputs.policy.title(lang).to_string(),
        county,
        &inputs.policy,
        &outcome,
    );
    let report = plan_report(&record.instance, &view, lang);
    let workbook = plan_workbook(county, &outcome).map_err(failed)?;
    let mut set = OutputSet::begin(&out, true, &[], OUT_FILES).map_err(failed)?;
    let replanned = inputs.previous.is_some();
    for (name, bytes) in plan_set_files(county, &outcome, true, replanned, lang) {
        set.add(name, bytes);
    }
    set.add("plan.xlsx", workbook);
    set.add("report.html", report.into_bytes());
    for (name, bytes) in crate::serve::explained::notice_files(county, &outcome) {
        set.add(name, bytes);
    }
    let wishes = wish_report(&inputs.round, &inputs.policy, &outcome);
    for (name, bytes) in
        teacher_side_files(&inputs.round, &inputs.policy, &outcome, wishes.as_ref())
    {
        set.add(name, bytes);
    }
    set.commit().map_err(failed)?;
    let mut page = RoundView::of(&inputs, &outcome);
    page.teacher_side = TeacherSideView::of(&inputs.round, &outcome, wishes.as_ref());
    let bytes = serde_json::to_vec(&page).expect("serialisable view");
    crate::output::files::write_atomic(&dir.join("view.json"), &bytes).map_err(failed)?;
    Ok(with_teacher_side(
        summary_json(&outcome),
        &inputs.round,
        wishes,
    ))
}
