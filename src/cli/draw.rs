//! `rotation draw`: teams matched to classes by a lottery seeded by a public text, and
//! `--check` to re-run a recorded draw and confirm it.

use crate::cli::messages::CliMessage;
use rotation::input::school_files::{read_class_lists, read_draw_record, read_team_members};
use rotation::model::usage_message::UsageMessage;
use rotation::output::draw_files::{draw_files, DRAW_FILES};
use rotation::output::output_set::OutputSet;
use rotation::school::draw::{check, draw};
use rotation::{Result, RotationError};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The output folder of `rotation teams` (team_members.csv).
    #[arg(long)]
    teams: PathBuf,
    /// The output folder of `rotation classes` (class_lists.csv).
    #[arg(long)]
    classes: PathBuf,
    /// The text announced before the draw, e.g. "2026-08-31 福彩3D 第2026235期 407".
    #[arg(long, value_name = "TEXT")]
    seed_from: Option<String>,
    /// Output folder (draw.csv, draw.json, draw.xlsx, notices.html).
    #[arg(long, conflicts_with = "check")]
    out: Option<PathBuf>,
    /// Re-run the draw recorded in this folder (its draw.json) and confirm it.
    #[arg(long, value_name = "DRAW_DIR")]
    check: Option<PathBuf>,
    /// An optional county (folder or workbook) whose school names the notices show.
    #[arg(long)]
    instance: Option<PathBuf>,
    /// Replace the outputs of an earlier draw.
    #[arg(long)]
    force: bool,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        let lang = super::lang();
        let members = self.teams.join("team_members.csv");
        let lists = self.classes.join("class_lists.csv");
        let teams = read_team_members(&members)?;
        let classes = read_class_lists(&lists)?;
        if let Some(dir) = &self.check {
            let record = read_draw_record(&dir.join("draw.json"))?;
            if let Some(text) = &self.seed_from {
                if *text != record.seed_text {
                    let differs = CliMessage::DrawSeedDiffers {
                        recorded: record.seed_text.clone(),
                        given: text.clone(),
                    };
                    eprintln!("{}", differs.text(lang));
                    return Ok(1);
                }
            }
            let mismatches = check(&record, &teams, &classes)?;
            if mismatches.is_empty() {
                let confirmed = CliMessage::DrawConfirmed {
                    classes: record.pairs.len(),
                    seed_text: record.seed_text.clone(),
                    inputs_sha256: record.inputs_sha256.clone(),
                };
                println!("{}", confirmed.text(lang));
                return Ok(0);
            }
            for m in &mismatches {
                eprintln!("{}", m.text(lang));
            }
            let differences = CliMessage::DrawNotConfirmed {
                differences: mismatches.len(),
                record: dir.join("draw.json").display().to_string(),
            };
            eprintln!("{}", differences.text(lang));
            return Ok(1);
        }
        let (Some(text), Some(out)) = (&self.seed_from, &self.out) else {
            return Err(RotationError::Refused(UsageMessage::DrawNeedsSeed));
        };
        if text.trim().is_empty() {
            return Err(RotationError::Refused(UsageMessage::SeedEmpty));
        }
        let county = match &self.instance {
            Some(p) => Some(rotation::read_instance(p)?.county),
            None => None,
        };
        let mut inputs = vec![members, lists];
        inputs.extend(self.instance.clone());
        let mut set = OutputSet::begin(out, self.force, &inputs, DRAW_FILES)?;
        let record = draw(&teams, &classes, text)?;
        let name = |id: &str| {
            county
                .as_ref()
                .and_then(|c| c.school_index(id).map(|s| c.schools[s].name.clone()))
                .unwrap_or_else(|| id.to_string())
        };
        for (file, bytes) in draw_files(&record, &teams, &classes, &name)? {
            set.add(file, bytes);
        }
        set.commit()?;
        let recorded = CliMessage::DrawRecorded {
            seed_text: record.seed_text.clone(),
            seed_sha256: record.seed_sha256.clone(),
            inputs_sha256: record.inputs_sha256.clone(),
            algorithm: record.algorithm.clone(),
        };
        println!("{}", recorded.text(lang));
        for p in &record.pairs {
            let pair = CliMessage::DrawPair {
                school: p.school.clone(),
                grade: p.grade.clone(),
                class: p.class.clone(),
                team: p.team.clone(),
            };
            println!("{}", pair.text(lang));
        }
        let wrote = CliMessage::Wrote {
            what: format!("{}: {}", out.display(), DRAW_FILES.join(", ")),
        };
        println!("{}", wrote.text(lang));
        Ok(0)
    }
}
