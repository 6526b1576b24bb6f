//! `rotation validate`: loads an instance (and, if given, a policy), reports every
//! problem at once, and otherwise prints what the county holds. Exit 2 when invalid.

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
        let county = &loaded.county;
        let eligibility = policy.as_ref().map(|p| county_eligibility(county, p));
        let inv = inventory(county, eligibility.as_deref());
        match self.format {
            Format::Json => print_json(&serde_json::json!({"valid": true, "inventory": inv})),
            Format::Text => {
                println!("{}: valid", instance.display());
                println!(
                    "  schools   {} ({})",
                    inv.schools,
                    inv.schools_by_kind
                        .iter()
                        .map(|(k, n)| format!("{n} {k}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                println!("  students  {}", inv.students);
                println!(
                    "  teachers  {} ({} backbone)",
                    inv.teachers, inv.backbone_teachers
                );
                println!(
                    "  groups    {} (from {} partnerships)",
                    inv.groups, inv.partnerships
                );
                if let (Some(e), Some(p)) = (&inv.eligible, &policy) {
                    println!(
                        "  eligible  {} ({:.1}% of teachers, {} backbone) under \"{}\"",
                        e.eligible,
                        100.0 * e.share_of_teachers,
                        e.eligible_backbone,
                        p.name
                    );
                    for (rule, n) in &e.excluded_by_rule {
                        println!("            {n} not eligible: {rule}");
                    }
                }
            }
        }
        Ok(0)
    }
}
