//! The teacher side of a round in the browser: the history, wishes, exchange teams and
//! joint appointments an uploaded county carries (the workbook's sheets 交流记录, 意愿,
//! 组团交流, 联聘, or `history.csv`, `wishes.csv`, `teams.csv`, `joint.csv` in the
//! zip) are read as `rotation plan` reads an instance's own tables
//! (`input::teacher_files`), the round is planned on the county they make, and the
//! round's page shows what they did: the teachers who return this year, the wishes
//! granted by rank and the justified-envy pairs, the teams that moved together or
//! stayed, the joint teachers who stay and serve a second school. Its lines are the
//! text summary's (`output::summary_text::SummaryLine`), in both languages.

use crate::input::county_tables::Loaded;
use crate::input::teacher_files::{table_name, TeacherFiles};
use crate::model::county::County;
use crate::model::error::Result;
use crate::model::exchange_teams::TeamOutcome;
use crate::model::lang::Lang;
use crate::model::policy::Policy;
use crate::output::summary::wish_lines;
use crate::output::summary_text::SummaryLine;
use crate::round::inputs::TeacherSide;
use crate::round::run::PlanOutcome;
use crate::round::wishes::WishReport;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The round's teacher side and the county it plans (term ends applied, wishes and
/// teams read against it).
pub struct RoundSide {
    /// The tables read, as the upload names them (`county.xlsx[意愿]`, `history.csv`).
    pub tables: Vec<String>,
    /// The history (read) and where the wishes and teams are.
    pub side: TeacherSide,
    /// The county of the round.
    pub county: County,
}

/// Reads the teacher side the uploaded county at `instance` carries and builds the
/// round's county under `policy`; a bad row is an error with its sheet, row and
/// column, as on the command line.
pub fn round_side(instance: &Path, loaded: &Loaded, policy: &Policy) -> Result<RoundSide> {
    let files = TeacherFiles::of_instance(instance);
    let side = TeacherSide::read(&loaded.county, &files)?;
    let county = side.county(&loaded.county, policy)?;
    let tables = files
        .tables()
        .into_iter()
        .filter(|(file, _)| file.is_some())
        .map(|(_, kind)| {
            let name = table_name(instance, kind);
            // A zip's files are in the round's `instance/` folder: named as in the zip.
            match Path::new(&name).strip_prefix(instance) {
                Ok(rest) => rest.display().to_string(),
                Err(_) => name,
            }
        })
        .collect();
    Ok(RoundSide {
        tables,
        side,
        county,
    })
}

/// A teacher whose exchange term ends this year.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReturnRow {
    /// Teacher id.
    pub teacher: String,
    /// Teacher's name.
    pub name: String,
    /// The school the term was served at.
    pub host: String,
    /// The home school the teacher returns to (or, under `on_term_end = "stay"`, the
    /// school they are confirmed at).
    pub home: String,
}

/// An exchange team and what the plan did with it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TeamRow {
    /// The team's name.
    pub team: String,
    /// Its members' ids.
    pub members: Vec<String>,
    /// The school the team moved to together, empty when it stayed.
    pub moved_to: String,
}

/// A joint appointment (联聘) of the round: the teacher stays and also serves `second`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JointRow {
    /// Teacher id.
    pub teacher: String,
    /// Teacher's name.
    pub name: String,
    /// The teacher's own school, where they stay.
    pub school: String,
    /// The second school they also serve.
    pub second: String,
}

/// A justified-envy pair of the plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnvyRow {
    /// The teacher who wished for the school.
    pub teacher: String,
    /// The school.
    pub school: String,
    /// Their rank of it.
    pub rank: u32,
    /// The teacher placed there with fewer points.
    pub other: String,
}

/// What the round's page shows of the teacher side (empty without one).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TeacherSideView {
    /// The tables the round read, as the upload names them (`county.xlsx[意愿]`).
    pub tables: Vec<String>,
    /// The summary's lines on returns, wishes, envy and teams, in Chinese.
    pub lines_zh: Vec<String>,
    /// The same in English.
    pub lines_en: Vec<String>,
    /// The teachers whose term ends this year.
    pub returns: Vec<ReturnRow>,
    /// The justified-envy pairs.
    pub envy: Vec<EnvyRow>,
    /// The exchange teams.
    pub teams: Vec<TeamRow>,
    /// The joint appointments (empty in a view saved before they were shown).
    #[serde(default)]
    pub joint: Vec<JointRow>,
}

impl TeacherSideView {
    /// Whether the round had no teacher side.
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }

    /// The view of a planned round.
    pub fn of(
        round: &RoundSide,
        outcome: &PlanOutcome,
        wishes: Option<&WishReport>,
    ) -> TeacherSideView {
        let county = &round.county;
        let mut lines = Vec::new();
        if round.side.history.is_some() {
            lines.push(SummaryLine::Returns {
                teachers: county.history.returns.len(),
            });
        }
        if let Some(w) = wishes {
            lines.extend(wish_lines(w));
        }
        if let Some(t) = outcome.figures.exchange_teams {
            lines.push(SummaryLine::Teams {
                moved: t.moved,
                teams: t.teams,
            });
        }
        if county.joint.any() {
            lines.push(SummaryLine::Joint {
                appointments: county.joint.list.len(),
            });
        }
        let render = |lang| {
            lines
                .iter()
                .map(|l| l.text(lang).trim().to_string())
                .collect()
        };
        let mut went: Vec<Option<usize>> = vec![None; county.teachers.len()];
        for m in &outcome.moves {
            went[m.teacher] = Some(m.to);
        }
        let school = |s: usize| county.schools[s].id.0.clone();
        TeacherSideView {
            tables: round.tables.clone(),
            lines_zh: render(Lang::Zh),
            lines_en: render(Lang::En),
            returns: county
                .history
                .returns
                .iter()
                .map(|r| ReturnRow {
                    teacher: county.teachers[r.teacher].id.0.clone(),
                    name: county.teachers[r.teacher].name.clone(),
                    host: school(r.host),
                    home: school(r.home),
                })
                .collect(),
            envy: wishes
                .iter()
                .flat_map(|w| &w.envy)
                .map(|e| EnvyRow {
                    teacher: e.teacher.clone(),
                    school: e.school.clone(),
                    rank: e.rank,
                    other: e.other.clone(),
                })
                .collect(),
            teams: county
                .exchange_teams
                .teams
                .iter()
                .map(|team| TeamRow {
                    team: team.name.clone(),
                    members: team
                        .members
                        .iter()
                        .map(|&t| county.teachers[t].id.0.clone())
                        .collect(),
                    moved_to: match team.outcome(&went) {
                        TeamOutcome::Moved(s) => school(s),
                        // A split team is a broken rule: no checked plan has one.
                        TeamOutcome::Stayed | TeamOutcome::Split(_) => String::new(),
                    },
                })
                .collect(),
            joint: county
                .joint
                .list
                .iter()
                .map(|j| {
                    let t = &county.teachers[j.teacher];
                    JointRow {
                        teacher: t.id.0.clone(),
                        name: t.name.clone(),
                        school: school(t.school),
                        second: school(j.school),
                    }
                })
                .collect(),
        }
    }
}

/// The wishes report of a planned round, when it has wishes (the price of stability
/// is left out: the browser plans one round, not the round without `rules.stable`).
pub fn wish_report(
    round: &RoundSide,
    policy: &Policy,
    outcome: &PlanOutcome,
) -> Option<WishReport> {
    round
        .side
        .wishes
        .as_ref()
        .map(|_| crate::round::wishes::wish_report(&round.county, policy, outcome, None))
}

/// The teacher side's outputs: the updated `history.csv` (with this round's moves) and
/// `wishes.json`, as `rotation plan` writes them.
pub fn teacher_side_files(
    round: &RoundSide,
    policy: &Policy,
    outcome: &PlanOutcome,
    wishes: Option<&WishReport>,
) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    if round.side.history.is_some() {
        let next = crate::rules::terms::next_history(&round.county, policy, &outcome.moves);
        files.push((
            "history.csv".to_string(),
            crate::output::history_file::history_csv(&round.county, &next),
        ));
    }
    if let Some(w) = wishes {
        files.push((
            "wishes.json".to_string(),
            serde_json::to_vec_pretty(w).expect("serialisable wishes report"),
        ));
    }
    files
}

/// The round's summary (`GET /api/rounds/{id}`) with its teacher side: `returns`, the
/// teachers back home this year, and `wishes`, the wishes audit (granted by rank,
/// envy pairs), when the county carries them.
pub fn with_teacher_side(
    mut summary: serde_json::Value,
    round: &RoundSide,
    wishes: Option<WishReport>,
) -> serde_json::Value {
    if let Some(map) = summary.as_object_mut() {
        if round.side.history.is_some() {
            map.insert(
                "returns".into(),
                serde_json::json!(round.county.history.returns.len()),
            );
        }
        if let Some(w) = wishes {
            map.insert(
                "wishes".into(),
                serde_json::to_value(w).expect("serialisable wishes report"),
            );
        }
        if round.county.joint.any() {
            map.insert(
                "joint_appointments".into(),
                serde_json::json!(round.county.joint.list.len()),
            );
        }
        if !round.tables.is_empty() {
            map.insert("teacher_side".into(), serde_json::json!(round.tables));
        }
    }
    summary
}
