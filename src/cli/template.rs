//! `rotation template`: empty, documented input files for a county — one .xlsx
//! workbook or a folder of CSV files — or, with `--from`, a workbook filled with an
//! existing instance to hand to an Excel user.

use rotation::input::instance::{instance_files, read_instance};
use rotation::input::workbook::is_workbook;
use rotation::model::lang::Lang;
use rotation::model::usage_message::UsageMessage;
use rotation::output::files::{check_output_file, write_atomic};
use rotation::output::template::{county_workbook_with, template_csv, template_workbook};
use rotation::{Result, RotationError};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// FILE.xlsx for a workbook, or a folder for CSV files.
    #[arg(long)]
    out: PathBuf,
    /// Fill the workbook with this instance (folder or workbook) instead of
    /// leaving it empty: an instance handed to an Excel user (with the history, wishes
    /// and teams it carries, as sheets 交流记录, 意愿, 组团交流).
    #[arg(long)]
    from: Option<PathBuf>,
    /// Overwrite existing files.
    #[arg(long)]
    force: bool,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        let out = &self.out;
        // The global `--lang` chooses the headers, sheet names and example values;
        // without it a template is Chinese whatever the locale, as the bureau fills it.
        let lang = super::explicit_lang().unwrap_or(Lang::Zh);
        let files: Vec<(PathBuf, Vec<u8>)> = if let Some(instance) = &self.from {
            if !is_workbook(out) {
                return Err(RotationError::Refused(UsageMessage::FromNeedsWorkbook {
                    path: out.display().to_string(),
                }));
            }
            let loaded = read_instance(instance)?;
            super::print_warnings(&loaded.warnings);
            // The history, wishes and teams the instance carries go into the workbook.
            let side = rotation::input::teacher_files::TeacherFiles::of_instance(instance);
            vec![(
                out.to_path_buf(),
                county_workbook_with(&loaded.county, &side, lang)?,
            )]
        } else if is_workbook(out) {
            vec![(out.to_path_buf(), template_workbook(lang)?)]
        } else {
            template_csv(lang)
                .into_iter()
                .map(|(name, bytes)| (out.join(name), bytes))
                .collect()
        };
        // Checked for every file before writing any, so a refusal leaves nothing half done.
        let inputs = self.from.as_deref().map(instance_files).unwrap_or_default();
        for (p, _) in &files {
            check_output_file(p, self.force, &inputs)?;
        }
        for (path, bytes) in &files {
            write_atomic(path, bytes)?;
            let wrote = crate::cli::messages::CliMessage::Wrote {
                what: path.display().to_string(),
            };
            println!("{}", wrote.text(super::lang()));
        }
        Ok(0)
    }
}
