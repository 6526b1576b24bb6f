//! `rotation validate`: loads an instance (and, if given, a policy), reports every
//! problem at once, and otherwise prints what the county holds. Exit 2 when invalid.

use super::messages::CliMessage;
use super::{print_json, print_warnings, Format};
use rotation::input::instance::read_instance;
use rotation::rules::county_summary::inventory;
use rotation::rules::eligibility::county_eligibility;
use rotation::{Policy, Result, RotationError};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Instance folder (schools.csv, teachers.csv, partnerships.csv, roads.csv) or
    /// one .xlsx workbook (sheets schools/学校, teachers/教师, partnerships/共同体).
    instance: PathBuf,
    /// Policy file; with it, eligible teachers are counted too.
    #[arg(long)]
    policy: Option<PathBuf>,
    /// Exchange teams (`team, teacher`; CSV or a workbook's 组团交流 sheet): each
    /// team moves together to one school or not at all. Read instead of the
    /// instance's own teams.csv / 组团交流 sheet.
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
        let instance = &self.instance;
        // Read both before reporting, so that problems in either are all shown at once.
        let loaded = read_instance(instance);
        let policy = self.policy.as_deref().map(Policy::read).transpose();
        let (loaded, policy) = match (loaded, policy) {
            (Ok(l), Ok(p)) => (l, p),
            (Err(RotationError::Invalid(mut a)), Err(RotationError::Invalid(b))) => {
                a.extend(b);
                return Err(RotationError::Invalid(a));
            }
            (Err(e), _) | (_, Err(e)) => return Err(e),
        };
        if let (Some(policy), Some(file)) = (&policy, &self.policy) {
            rotation::input::plausibility::check(&loaded, policy, &file.display().to_string())?;
        }
        print_warnings(&loaded.warnings);
        // The instance's own history, wishes, teams and joint appointments (`--teams`
        // and `--joint` replacing its own) are checked too, on the county of the round
        // (the policy's term rules, or the defaults without a policy).
        let files = crate::cli::common::teacher_files(
            instance,
            &rotation::input::teacher_files::TeacherFiles::flags(
                None,
                None,
                self.teams.as_deref(),
                self.joint.as_deref(),
            ),
        );
        let side = crate::cli::common::teacher_side(&loaded.county, &files)?;
        let county = &side.county(&loaded.county, &policy.clone().unwrap_or_default())?;
        let eligibility = policy.as_ref().map(|p| county_eligibility(county, p));
        let inv = inventory(county, eligibility.as_deref());
        match self.format {
            Format::Json => print_json(&serde_json::json!({
                "valid": true,
                "inventory": inv,
                "joint_appointments": county.joint.list.len(),
            })),
            Format::Text => {
                let lang = super::lang();
                let say = |m: CliMessage| println!("{}", m.text(lang));
                say(CliMessage::Valid {
                    instance: instance.display().to_string(),
                });
                say(CliMessage::Schools {
                    total: inv.schools,
                    by_kind: inv.schools_by_kind.clone().into_iter().collect(),
                });
                say(CliMessage::Students {
                    total: inv.students,
                });
                say(CliMessage::Teachers {
                    total: inv.teachers,
                    backbone: inv.backbone_teachers,
                });
                say(CliMessage::Groups {
                    groups: inv.groups,
                    partnerships: inv.partnerships,
                });
                if county.joint.any() {
                    let mut schools: Vec<usize> = county
                        .joint
                        .list
                        .iter()
                        .flat_map(|j| [j.school, county.teachers[j.teacher].school])
                        .collect();
                    schools.sort_unstable();
                    schools.dedup();
                    say(CliMessage::JointAppointments {
                        appointments: county.joint.list.len(),
                        schools: schools.len(),
                    });
                }
                if let (Some(e), Some(p)) = (&inv.eligible, &policy) {
                    say(CliMessage::Eligible {
                        eligible: e.eligible,
                        share: e.share_of_teachers,
                        backbone: e.eligible_backbone,
                        policy: p.title(lang).to_string(),
                    });
                    for (rule, n) in &e.excluded_by_rule {
                        say(CliMessage::NotEligible {
                            teachers: *n,
                            rule: rule.clone(),
                        });
                    }
                }
            }
        }
        Ok(0)
    }
}
