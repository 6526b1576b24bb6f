//! `rotation verify`: checks any plan, however it was made, against every rule of a
//! policy without the solver, and prints its figures. Exit 1 when a rule is broken.

use super::messages::CliMessage;
use super::{print_json, print_warnings, Format};
use rotation::input::instance::read_instance;
use rotation::input::plan_file::read_plan_checked;
use rotation::model::lang::Lang;
use rotation::model::pins::Pins;
use rotation::output::summary::{cv_lines, figures_json, indicator_lines, render_lines};
use rotation::output::summary_text::SummaryLine;
use rotation::rules::eligibility::county_eligibility;
use rotation::rules::metrics::plan_figures;
use rotation::rules::verify::verify_excusing;
use rotation::{Policy, Result};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    instance: PathBuf,
    #[arg(long)]
    policy: PathBuf,
    /// The plan to check (plan.csv or the plan workbook).
    #[arg(long)]
    plan: PathBuf,
    /// The pins the plan was made with: pinned moves of ineligible teachers are
    /// accepted, and every pin must hold.
    #[arg(long)]
    pins: Option<PathBuf>,
    /// The exchange history the plan was made with: its returns count in staffing and
    /// subjects, and its eligibility rules apply.
    #[arg(long, value_name = "history.csv")]
    history: Option<PathBuf>,
    /// The teachers' wishes the plan was made with: under `rules.stable` no pair may
    /// have justified envy (rule `stability`), and the `only` wish rule applies.
    #[arg(long, value_name = "wishes.csv")]
    wishes: Option<PathBuf>,
    /// Exchange teams (`team, teacher`; CSV or a workbook's 组团交流 sheet): each
    /// team moves together to one school or not at all.
    #[arg(long, value_name = "teams.csv")]
    teams: Option<PathBuf>,
    /// Joint appointments (`teacher, school`; CSV or a workbook's 联聘 sheet): each
    /// teacher stays at their school and also serves `school`, half a post in each.
    /// Read instead of the instance's own joint.csv / 联聘 sheet.
    #[arg(long, value_name = "joint.csv")]
    joint: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        let format = self.format;
        let plan = &self.plan;
        let loaded = read_instance(&self.instance)?;
        let policy = Policy::read(&self.policy)?;
        rotation::input::plausibility::check(&loaded, &policy, &self.policy.display().to_string())?;
        print_warnings(&loaded.warnings);
        // The plan is checked on the county of its round: the instance's own history,
        // wishes and teams (or the flags) applied as `plan` applies them.
        let files = crate::cli::common::teacher_files(
            &self.instance,
            &rotation::input::teacher_files::TeacherFiles::flags(
                self.history.as_deref(),
                self.wishes.as_deref(),
                self.teams.as_deref(),
                self.joint.as_deref(),
            ),
        );
        let side = crate::cli::common::teacher_side(&loaded.county, &files)?;
        let county = &side.county(&loaded.county, &policy)?;
        let mut plan_warnings = rotation::model::diagnostics::Diagnostics::default();
        let moves = read_plan_checked(plan, county, &mut plan_warnings)?;
        print_warnings(&plan_warnings);
        super::common::warn_about_plan_folder(plan);
        let pins = self
            .pins
            .as_deref()
            .map(|p| Pins::read(p, county))
            .transpose()?;
        let eligibility = county_eligibility(county, &policy);
        let excused = pins
            .as_ref()
            .map(|p| rotation::rules::pins::excused(p, &eligibility))
            .unwrap_or_default();
        let lang = super::lang();
        let mut violations = verify_excusing(county, &policy, &eligibility, &moves, &excused);
        if let Some(pins) = &pins {
            violations.extend(rotation::rules::pins::check(county, pins, &moves));
            if format == Format::Text {
                for &t in &excused {
                    if moves.iter().any(|m| m.teacher == t) {
                        let pinned = CliMessage::PinnedNotEligible {
                            teacher: county.teachers[t].id.0.clone(),
                            name: county.teachers[t].name.clone(),
                            why: eligibility[t].text(lang, false),
                        };
                        println!("{}", pinned.text(lang));
                    }
                }
            }
        }
        let figures = plan_figures(county, &policy, &eligibility, &moves);
        match format {
            Format::Json => print_json(&serde_json::json!({
                "valid": violations.is_empty(),
                "violations": violations,
                "figures": figures_json(&figures),
            })),
            Format::Text => {
                let plan = plan.display().to_string();
                let heading = if violations.is_empty() {
                    CliMessage::EveryRuleHolds { plan }
                } else {
                    CliMessage::RulesBroken {
                        plan,
                        count: violations.len(),
                    }
                };
                println!("{}", heading.text(lang));
                for v in &violations {
                    // In Chinese the teachers and schools are named as well as numbered.
                    let text = match lang {
                        Lang::En => v.text(lang),
                        Lang::Zh => v.breach.named(county).text(lang),
                    };
                    println!("  [{}] {text}", v.rule().label(lang));
                }
                let mut lines = vec![
                    SummaryLine::Rotate {
                        moved: figures.moved,
                        eligible: figures.eligible,
                        rate: figures.exchange_rate,
                        target: figures.exchange_target,
                        backbone: figures.backbone_moved,
                        share: figures.backbone_share,
                    },
                    SummaryLine::Commute {
                        total: figures.total_commute_km,
                        mean: figures.mean_commute_km,
                        max: figures.max_commute_km,
                        unit: county.commute_unit(),
                    },
                ];
                if let Some(joint) = &figures.joint {
                    lines.push(SummaryLine::Joint {
                        appointments: joint.len(),
                    });
                }
                lines.extend(cv_lines(&figures.cv_backbone_per_100));
                lines.extend(indicator_lines(&figures.indicators, lang));
                println!("{}", render_lines(&lines, lang));
            }
        }
        Ok(if violations.is_empty() { 0 } else { 1 })
    }
}
