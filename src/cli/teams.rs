//! `rotation teams`: balanced class teaching teams for each school and grade of
//! `classes.csv`, with the staff after the plan.

use crate::cli::messages::CliMessage;
use rotation::input::school_files::read_classes;
use rotation::model::usage_message::UsageMessage;
use rotation::output::output_set::OutputSet;
use rotation::output::school_files::{team_files, TEAM_FILES};
use rotation::school::formation::form_school_teams;
use rotation::school::staff::schools_after;
use rotation::{Policy, Result, RotationError};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The county (folder of CSV files or workbook).
    instance: PathBuf,
    /// The plan whose staff forms the teams (default: the staff before the round).
    #[arg(long)]
    plan: Option<PathBuf>,
    /// The policy with the `[teams]` table (default: its documented defaults).
    #[arg(long)]
    policy: Option<PathBuf>,
    /// `classes.csv`: the classes of each school and grade.
    #[arg(long)]
    classes: PathBuf,
    /// Form the teams of this school only.
    #[arg(long, conflicts_with = "all")]
    school: Option<String>,
    /// Form the teams of every school of classes.csv.
    #[arg(long)]
    all: bool,
    /// Output folder (team_members.csv, team_summary.csv, team_notes.csv, teams.xlsx).
    #[arg(long)]
    out: PathBuf,
    /// Replace the outputs of an earlier run.
    #[arg(long)]
    force: bool,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        let lang = super::lang();
        if self.school.is_none() && !self.all {
            return Err(RotationError::Refused(UsageMessage::TeamsNeedSchool));
        }
        let loaded = rotation::read_instance(&self.instance)?;
        let county = loaded.county;
        let policy = match &self.policy {
            Some(p) => Policy::read(p)?,
            None => Policy::default(),
        };
        let moves = match &self.plan {
            Some(p) => rotation::read_plan(p, &county)?,
            None => Vec::new(),
        };
        let grades = read_classes(&self.classes, Some(&county))?;
        let schools: Vec<usize> = match &self.school {
            Some(id) => {
                let s = county.school_index(id).ok_or_else(|| {
                    RotationError::Refused(UsageMessage::NoSuchSchool { id: id.clone() })
                })?;
                if !grades.iter().any(|g| g.school == *id) {
                    return Err(RotationError::Refused(UsageMessage::NoClassesOfSchool {
                        id: id.clone(),
                        file: self.classes.display().to_string(),
                    }));
                }
                vec![s]
            }
            None => {
                let mut s: Vec<usize> = grades
                    .iter()
                    .filter_map(|g| county.school_index(&g.school))
                    .collect();
                s.dedup();
                s
            }
        };
        let mut inputs = vec![self.instance.clone(), self.classes.clone()];
        inputs.extend(self.plan.clone());
        inputs.extend(self.policy.clone());
        let mut set = OutputSet::begin(&self.out, self.force, &inputs, TEAM_FILES)?;
        let school_of = schools_after(&county, &moves);
        let mut results = Vec::new();
        for s in schools {
            let of_school: Vec<_> = grades
                .iter()
                .filter(|g| g.school == county.schools[s].id.0)
                .collect();
            results.push(form_school_teams(
                &county, &school_of, &policy, s, &of_school,
            )?);
        }
        for (name, bytes) in team_files(&county, &results, lang)? {
            set.add(name, bytes);
        }
        set.commit()?;
        for r in &results {
            let school = &county.schools[r.school];
            for g in &r.grades {
                let strengths: Vec<String> =
                    g.teams.iter().map(|t| t.strength.to_string()).collect();
                let line = CliMessage::TeamsOfGrade {
                    school: school.id.0.clone(),
                    grade: g.grade.clone(),
                    teams: g.teams.len(),
                    strengths,
                    spread: g.spread.to_string(),
                    proven: r.proven,
                };
                println!("{}", line.text(lang));
            }
            for n in &r.notes {
                println!("{}", CliMessage::TeamNote { note: n.text(lang) }.text(lang));
            }
        }
        let wrote = CliMessage::Wrote {
            what: format!("{}: {}", self.out.display(), TEAM_FILES.join(", ")),
        };
        println!("{}", wrote.text(lang));
        Ok(0)
    }
}
