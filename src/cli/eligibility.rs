//! `rotation eligibility`: every teacher of a county, eligible to rotate under a
//! policy or not, and the reason; printed, or written as CSV with `--out`. This is the
//! bureau's own list: it names the cause of an exemption, which no other output does.

use super::messages::CliMessage;
use super::{print_json, print_warnings, Format};
use rotation::input::instance::{instance_files, read_instance};
use rotation::model::lang::Lang;
use rotation::output::files::check_output_file;
use rotation::rules::eligibility::county_eligibility;
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
    /// Overwrite an existing --out file (never a file this command reads).
    #[arg(long)]
    force: bool,
    /// Write --out with a UTF-8 BOM so that Excel and WPS open it as UTF-8 (with
    /// --lang zh, the eligible column reads 是/否).
    #[arg(long, requires = "out")]
    excel_csv: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        if let Some(out) = &self.out {
            let mut inputs = instance_files(&self.instance);
            inputs.push(self.policy.clone());
            check_output_file(out, self.force, &inputs)?;
        }
        let loaded = read_instance(&self.instance)?;
        let policy = Policy::read(&self.policy)?;
        rotation::input::plausibility::check(&loaded, &policy, &self.policy.display().to_string())?;
        print_warnings(&loaded.warnings);
        let county = &loaded.county;
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
        let lang = super::lang();
        if let Some(out) = &self.out {
            let bytes = rotation::output::eligibility_list::eligibility_csv(
                county,
                &list,
                lang,
                self.excel_csv,
            );
            rotation::output::files::write_atomic(out, &bytes)?;
            let n = list.iter().filter(|e| e.is_eligible()).count();
            let wrote = CliMessage::WroteEligibility {
                path: out.display().to_string(),
                teachers: list.len(),
                eligible: n,
            };
            eprintln!("{}", wrote.text(lang));
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
                        yes_no(e.is_eligible(), lang),
                        e.text(lang, true)
                    );
                }
            }
        }
        Ok(0)
    }
}

/// `yes`/`no`, or `是`/`否` in Chinese.
fn yes_no(b: bool, lang: Lang) -> &'static str {
    match lang {
        Lang::En => {
            if b {
                "yes"
            } else {
                "no"
            }
        }
        Lang::Zh => rotation::input::vocabulary::bool_zh(b),
    }
}
