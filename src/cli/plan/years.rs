//! `rotation plan … --years N`: the next N rounds planned together
//! (`round::horizon`), written as one output set: a plan folder per year and the
//! horizon's summary.

use super::Args;
use crate::cli::messages::CliMessage;
use crate::cli::{lang, print_json, print_warnings, Format};
use rotation::input::instance::{instance_files, read_instance};
use rotation::model::diagnostics::Diagnostics;
use rotation::model::error::RotationError;
use rotation::model::history::History;
use rotation::model::input_message::InputMessage;
use rotation::model::policy::MAX_HORIZON_YEARS;
use rotation::output::horizon_files::{horizon_files, horizon_summary, year_folder};
use rotation::output::output_set::OutputSet;
use rotation::round::horizon::plan_horizon;
use rotation::{Policy, Result};

impl Args {
    /// Plans and writes the horizon; exit 0 when every year meets its targets and the
    /// cycle rule holds, 3 when not (the plans are written either way), 1 when a year
    /// after the first has no plan (the years before it are written and the error
    /// names the year; the first year's failure writes nothing).
    pub(super) fn run_years(self, years: u32, started: std::time::Instant) -> Result<i32> {
        // The flag is checked before any file is read: a wrong N is a typo.
        if !(1..=MAX_HORIZON_YEARS).contains(&years) {
            let mut d = Diagnostics::default();
            d.error(
                "--years",
                None,
                None,
                InputMessage::HorizonOutOfRange {
                    years,
                    max: MAX_HORIZON_YEARS,
                },
            );
            return Err(RotationError::Invalid(d));
        }
        let date = match &self.date {
            Some(text) => rotation::model::date::IssueDate::parse(text, "--date")?,
            None => rotation::model::date::IssueDate::today(),
        };
        let mut options = self.solver.options()?;
        let (bar, observer) = crate::cli::common::solve_progress(
            matches!(self.format, Format::Text) && !options.verbose,
        );
        options.observer = observer;
        let limit = self.solver.limit()?;
        let loaded = read_instance(&self.instance)?;
        let policy = Policy::read(&self.policy)?;
        let policy_title = policy.title(lang()).to_string();
        rotation::input::plausibility::check(&loaded, &policy, &self.policy.display().to_string())?;
        print_warnings(&loaded.warnings);
        // The instance's own history and joint appointments (or --history, --joint); a
        // horizon plans without wishes and teams (`--wishes` and `--teams` are refused
        // with --years), so the instance's are named as not used.
        let files = crate::cli::common::teacher_files(
            &self.instance,
            &rotation::input::teacher_files::TeacherFiles::flags(
                self.history.as_deref(),
                None,
                None,
                self.joint.as_deref(),
            ),
        );
        let own = rotation::input::teacher_files::TeacherFiles::of_instance(&self.instance);
        for (table, kind) in [
            (&own.wishes, &rotation::input::vocabulary::WISHES),
            (&own.teams, &rotation::input::vocabulary::EXCHANGE_TEAMS),
        ] {
            if table.is_some() {
                let note = CliMessage::TeacherTableNotUsed {
                    table: rotation::input::teacher_files::table_name(&self.instance, kind),
                };
                eprintln!("{}", note.text(lang()));
            }
        }
        let history = files
            .history
            .as_deref()
            .map(|p| History::read(p, &loaded.county))
            .transpose()?;
        // A joint appointment (联聘) holds for every year of the horizon: the teacher
        // stays at the own school each year (never eligible), so the county's later
        // years keep it as it is read against the first year's round.
        let mut county = loaded.county.clone();
        if let Some(path) = &files.joint {
            let first = rotation::rules::terms::round_county(&county, history.as_ref(), &policy)?;
            county.joint = rotation::model::joint::JointAppointments::read(path, &first)?;
        }
        let mut inputs = instance_files(&self.instance);
        inputs.push(self.policy.clone());
        inputs.extend(files.paths().map(std::path::Path::to_path_buf));
        let folders: Vec<String> = (1..=years as usize).map(year_folder).collect();
        let mut expected: Vec<&str> = folders.iter().map(String::as_str).collect();
        expected.extend(["horizon.csv", "horizon.json"]);
        let mut set = OutputSet::begin(&self.out, self.force, &inputs, &expected)?;
        for left in &set.removed_leftovers {
            eprintln!(
                "warning: removed {}, left by an interrupted run",
                left.display()
            );
        }
        // The limit counts from the command's start, reading included.
        let options = options.left_since(started);
        let outcome = plan_horizon(&county, history.as_ref(), &policy, years, &options, limit);
        bar.finish_and_clear();
        let plan = outcome?;
        for (name, bytes) in horizon_files(&plan, self.excel_csv, date, crate::cli::lang()) {
            set.add(name, bytes);
        }
        set.commit()?;
        let summary = horizon_summary(&plan, lang());
        match self.format {
            Format::Json => print_json(&summary),
            Format::Text => {
                let lang = lang();
                println!(
                    "{}",
                    CliMessage::HorizonPlanned {
                        years: plan.years.len(),
                        first: summary.first_year,
                        last: summary.last_year,
                        policy: policy_title.clone(),
                        seconds: plan.total_seconds,
                    }
                    .text(lang)
                );
                // How each year's solve stopped at the time limit, when it did.
                let stopped: Vec<_> = plan
                    .years
                    .iter()
                    .map(|y| y.outcome.solve.limit_stop())
                    .collect();
                for (y, stopped) in summary.years.iter().zip(&stopped) {
                    println!(
                        "{}",
                        CliMessage::HorizonYear {
                            year: y.year,
                            eligible: y.eligible,
                            target: y.exchange_target,
                            movers: y.movers,
                            backbone: y.backbone_movers,
                            returns: y.returns,
                            met: y.targets_met,
                            raised: y.raised_from.map(|from| (from, y.exchange_rate_target)),
                            stopped: *stopped,
                        }
                        .text(lang)
                    );
                }
                for y in &plan.years {
                    for cause in &y.outcome.explanations {
                        println!("  {}: {}", y.year, cause.text(lang));
                    }
                }
                if let Some(cycle) = &plan.cycle {
                    let years_stopped = stopped.iter().flatten().count();
                    println!("  {}", cycle.text_after(lang, years_stopped));
                }
                println!(
                    "{}",
                    CliMessage::WroteHorizon {
                        out: self.out.display().to_string(),
                        years: plan.years.len(),
                    }
                    .text(lang)
                );
            }
        }
        if let Some(stop) = &plan.stopped {
            // On stderr in either format, as any error: the JSON on stdout says it too
            // (`stopped`).
            eprintln!(
                "{}",
                CliMessage::HorizonStopped {
                    year: stop.year,
                    planned: plan.years.len(),
                    reason: stop.error().render(lang()),
                }
                .text(lang())
            );
            return Ok(stop.error().exit_code());
        }
        Ok(if plan.targets_met() { 0 } else { 3 })
    }
}
