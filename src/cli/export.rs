//! `rotation export`: writes the model `plan` would solve as a free-format MPS or a
//! CPLEX LP file with readable names, to hand to another solver or read by eye. The
//! model is that of the round's county, as `plan` builds it: the teacher side the
//! instance carries (history, wishes, teams, joint appointments), or the files
//! `--history`, `--wishes`, `--teams`, `--joint` name instead, applied.

use super::common::candidate_limit;
use rotation::input::instance::{instance_files, read_instance};
use rotation::model::usage_message::UsageMessage;
use rotation::output::files::check_output_file;
use rotation::research::export::{export_model, ModelFormat};
use rotation::{Policy, Result, RotationError};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    instance: PathBuf,
    #[arg(long)]
    policy: PathBuf,
    /// Write free-format MPS here.
    #[arg(long)]
    mps: Option<PathBuf>,
    /// Write CPLEX LP format here.
    #[arg(long)]
    lp: Option<PathBuf>,
    /// Overwrite an existing model file (never a file this command reads).
    #[arg(long)]
    force: bool,
    /// Keep only the K nearest allowed schools of each teacher (a heuristic).
    #[arg(long)]
    candidates: Option<usize>,
    /// The exchange history, read instead of the instance's own history.csv /
    /// 交流记录 sheet, as `plan --history` reads it (this year's returns in the rows).
    #[arg(long, value_name = "history.csv")]
    history: Option<PathBuf>,
    /// The teachers' wishes, instead of the instance's own (as `plan --wishes`).
    #[arg(long, value_name = "wishes.csv")]
    wishes: Option<PathBuf>,
    /// Exchange teams, instead of the instance's own (as `plan --teams`).
    #[arg(long, value_name = "teams.csv")]
    teams: Option<PathBuf>,
    /// Joint appointments (联聘), instead of the instance's own (as `plan --joint`).
    #[arg(long, value_name = "joint.csv")]
    joint: Option<PathBuf>,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        let (format, path) = match (self.mps, self.lp) {
            (Some(p), None) => (ModelFormat::Mps, p),
            (None, Some(p)) => (ModelFormat::Lp, p),
            (None, None) => return Err(RotationError::Refused(UsageMessage::ExportNeedsAFile)),
            (Some(_), Some(_)) => return Err(RotationError::Refused(UsageMessage::ExportOneFile)),
        };
        let files = crate::cli::common::teacher_files(
            &self.instance,
            &rotation::input::teacher_files::TeacherFiles::flags(
                self.history.as_deref(),
                self.wishes.as_deref(),
                self.teams.as_deref(),
                self.joint.as_deref(),
            ),
        );
        let mut inputs = instance_files(&self.instance);
        inputs.push(self.policy.clone());
        inputs.extend(files.paths().map(std::path::Path::to_path_buf));
        check_output_file(&path, self.force, &inputs)?;
        let limit = candidate_limit(self.candidates)?;
        let loaded = read_instance(&self.instance)?;
        let policy = Policy::read(&self.policy)?;
        rotation::input::plausibility::check(&loaded, &policy, &self.policy.display().to_string())?;
        super::print_warnings(&loaded.warnings);
        let side = crate::cli::common::teacher_side(&loaded.county, &files)?;
        let county = side.county(&loaded.county, &policy)?;
        let size = export_model(&county, &policy, limit, format, &path)?;
        let wrote = crate::cli::messages::CliMessage::WroteModel {
            path: path.display().to_string(),
            columns: size.columns,
            binaries: size.binaries,
            rows: size.rows,
            nonzeros: size.nonzeros,
        };
        eprintln!("{}", wrote.text(super::lang()));
        Ok(0)
    }
}
