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
    /// The exchange history (history.csv or a workbook's 交流记录 sheet): teachers still
    /// on exchange, returning, or rotated within `eligibility.no_repeat_years` are not
    /// eligible, with that reason.
    #[arg(long, value_name = "history.csv")]
    history: Option<PathBuf>,
    /// Exchange teams (`team, teacher`; CSV or a workbook's 组团交流 sheet): each
    /// team moves together to one school or not at all.
    #[arg(long, value_name = "teams.csv")]
    teams: Option<PathBuf>,
    /// Joint appointments (`teacher, school`; CSV or a workbook's 联聘 sheet): each
    /// teacher stays at their school and also serves `school`, half a post in each.
    /// Read instead of the instance's own joint.csv / 联聘 sheet.
    #[arg(long, value_name = "joint.csv")]
    joint: Option<PathBuf>,
    /// Overwrite an existing --out file (never a file this command reads).
    #[arg(long)]
    force: bool,
    /// A plan (plan.csv or the plan workbook): each teacher's place in it is added,
    /// with why each eligible teacher it does not move stays.
    #[arg(long)]
    plan: Option<PathBuf>,
    /// The pins the plan was made with (a teacher pinned to stay says so).
    #[arg(long, requires = "plan")]
    pins: Option<PathBuf>,
    /// Write --out with a UTF-8 BOM so that Excel and WPS open it as UTF-8 (with
    /// --lang zh, the eligible column reads 是/否).
    #[arg(long, requires = "out")]
    excel_csv: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        // The instance's own history, teams and joint appointments (and wishes), each
        // replaced by its flag.
        let files = crate::cli::common::teacher_files(
            &self.instance,
            &rotation::input::teacher_files::TeacherFiles::flags(
                self.history.as_deref(),
                None,
                self.teams.as_deref(),
                self.joint.as_deref(),
            ),
        );
        if let Some(out) = &self.out {
            let mut inputs = instance_files(&self.instance);
            inputs.push(self.policy.clone());
            inputs.extend(self.plan.iter().cloned());
            inputs.extend(self.pins.iter().cloned());
            inputs.extend(files.paths().map(std::path::Path::to_path_buf));
            check_output_file(out, self.force, &inputs)?;
        }
        let loaded = read_instance(&self.instance)?;
        let policy = Policy::read(&self.policy)?;
        rotation::input::plausibility::check(&loaded, &policy, &self.policy.display().to_string())?;
        print_warnings(&loaded.warnings);
        let side = crate::cli::common::teacher_side(&loaded.county, &files)?;
        let county = &side.county(&loaded.county, &policy)?;
        let list = county_eligibility(county, &policy);
        let in_plan = match &self.plan {
            Some(path) => Some(plan_places(
                county,
                &policy,
                path,
                self.pins.as_deref(),
                super::lang(),
            )?),
            None => None,
        };
        let place = |t: usize| in_plan.as_ref().map(|p| p[t].clone());
        let rows: Vec<serde_json::Value> = county
            .teachers
            .iter()
            .zip(&list)
            .enumerate()
            .map(|(i, (t, e))| {
                let mut row = serde_json::json!({
                    "teacher": t.id.0,
                    "name": t.name,
                    "school": county.schools[t.school].id.0,
                    "eligible": e.is_eligible(),
                    "reason": e.reason_in_full(),
                });
                if let Some(p) = place(i) {
                    row["in_plan"] = p.key.into();
                    row["stay_reason"] = p.stay_key.into();
                    row["why"] = p.why.into();
                }
                row
            })
            .collect();
        let lang = super::lang();
        if let Some(out) = &self.out {
            let plan_columns: Option<Vec<[String; 3]>> = in_plan.as_ref().map(|places| {
                places
                    .iter()
                    .map(|p| [p.key.to_string(), p.stay_key.to_string(), p.why.clone()])
                    .collect()
            });
            let bytes = rotation::output::eligibility_list::eligibility_csv(
                county,
                &list,
                lang,
                self.excel_csv,
                plan_columns.as_deref(),
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
                for (i, (t, e)) in county.teachers.iter().zip(&list).enumerate() {
                    let plan = place(i)
                        .map(|p| {
                            let place = CliMessage::PlanPlace {
                                key: p.key.into(),
                                why: p.why,
                            };
                            place.text(lang)
                        })
                        .unwrap_or_default();
                    println!(
                        "{}\t{}\t{}\t{}{plan}",
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

/// A teacher's place in a plan: `moves` (with the move's reason), `stays` (an eligible
/// teacher, with why), or `not_eligible` (and not moved).
#[derive(Clone)]
struct Place {
    key: &'static str,
    stay_key: &'static str,
    why: String,
}

fn plan_places(
    county: &rotation::County,
    policy: &Policy,
    path: &std::path::Path,
    pins: Option<&std::path::Path>,
    lang: Lang,
) -> Result<Vec<Place>> {
    let mut warnings = rotation::model::diagnostics::Diagnostics::default();
    let moves = rotation::input::plan_file::read_plan_checked(path, county, &mut warnings)?;
    print_warnings(&warnings);
    super::common::warn_about_plan_folder(path);
    let pins = pins
        .map(|p| rotation::model::pins::Pins::read(p, county))
        .transpose()?;
    let reasons =
        rotation::round::plan_reasons::plan_reasons(county, policy, pins.as_ref(), &moves)?;
    let mut places = vec![
        Place {
            key: "not_eligible",
            stay_key: "",
            why: String::new(),
        };
        county.teachers.len()
    ];
    for (m, r) in moves.iter().zip(&reasons.moves) {
        places[m.teacher] = Place {
            key: "moves",
            stay_key: "",
            why: match lang {
                Lang::En => format!("to {}: {}", county.schools[m.to].id, r.text(lang)),
                Lang::Zh => format!("调往 {}：{}", county.schools[m.to].id, r.text(lang)),
            },
        };
    }
    for s in &reasons.stayed {
        places[s.teacher] = Place {
            key: "stays",
            stay_key: s.reason.key(),
            why: s.reason.text(lang),
        };
    }
    Ok(places)
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
