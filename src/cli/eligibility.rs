//! `rotation eligibility`: every teacher of a county, eligible to rotate under a
//! policy or not, and the reason; printed, or written as CSV with `--out`. This is the
//! bureau's own list: it names the cause of an exemption, which no other output does.

use super::{print_json, print_warnings, Format};
use rotation::input::instance::{instance_files, read_instance};
use rotation::model::history::History;
use rotation::output::files::check_output_file;
use rotation::rules::eligibility::county_eligibility;
use rotation::rules::terms::round_county;
use rotation::{Policy, Result};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    instance: PathBuf,
    #[arg(long)]
    policy: PathBuf,
    /// Write the list as CSV here instead of printing it.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The exchange history (history.csv or a workbook's 交流记录 sheet): teachers still
    /// on exchange, returning, or rotated within `eligibility.no_repeat_years` are not
    /// eligible, with that reason.
    #[arg(long, value_name = "history.csv")]
    history: Option<PathBuf>,
    /// Overwrite an existing --out file (never a file this command reads).
    #[arg(long)]
    force: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        if let Some(out) = &self.out {
            let mut inputs = instance_files(&self.instance);
            inputs.push(self.policy.clone());
            inputs.extend(self.history.iter().cloned());
            check_output_file(out, self.force, &inputs)?;
        }
        let loaded = read_instance(&self.instance)?;
        let policy = Policy::read(&self.policy)?;
        rotation::input::plausibility::check(&loaded, &policy, &self.policy.display().to_string())?;
        print_warnings(&loaded.warnings);
        let history = self
            .history
            .as_deref()
            .map(|p| History::read(p, &loaded.county))
            .transpose()?;
        let county = &round_county(&loaded.county, history.as_ref(), &policy)?;
        let list = county_eligibility(county, &policy);
        let rows: Vec<serde_json::Value> = county
            .teachers
            .iter()
            .zip(&list)
            .map(|(t, e)| {
                serde_json::json!({
                    "teacher": t.id.0,
                    "name": t.name,
                    "school": county.schools[t.school].id.0,
                    "eligible": e.is_eligible(),
                    "reason": e.reason_in_full(),
                })
            })
            .collect();
        if let Some(out) = &self.out {
            let bytes = rotation::output::files::excel_csv_bytes(
                &["teacher", "name", "school", "eligible", "reason"],
                county.teachers.iter().zip(&list).map(|(t, e)| {
                    vec![
                        t.id.0.clone(),
                        t.name.clone(),
                        county.schools[t.school].id.0.clone(),
                        if e.is_eligible() { "yes" } else { "no" }.to_string(),
                        e.reason_in_full(),
                    ]
                }),
            );
            rotation::output::files::write_atomic(out, &bytes)?;
            let n = list.iter().filter(|e| e.is_eligible()).count();
            eprintln!(
                "wrote {} ({} teachers, {} eligible)",
                out.display(),
                list.len(),
                n
            );
            return Ok(0);
        }
        match self.format {
            Format::Json => print_json(&rows),
            Format::Text => {
                for (t, e) in county.teachers.iter().zip(&list) {
                    println!(
                        "{}\t{}\t{}\t{}",
                        t.id,
                        county.schools[t.school].id,
                        if e.is_eligible() { "yes" } else { "no" },
                        e.reason_in_full()
                    );
                }
            }
        }
        Ok(0)
    }
}
