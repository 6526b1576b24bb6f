//! `validate`, `groups`, `eligibility`, `generate`.

use super::{print_json, print_warnings, Format, Preset};
use rotation::input::instance::read_instance;
use rotation::research::generate::{generate as generate_county, GeneratorSpec};
use rotation::rules::county_summary::inventory;
use rotation::rules::county_summary::summarize_groups;
use rotation::rules::eligibility::county_eligibility;
use rotation::{Policy, Result, RotationError};
use std::path::Path;

pub fn validate(instance: &Path, policy: Option<&Path>, format: Format) -> Result<i32> {
    // Read both before reporting, so that problems in either are all shown at once.
    let loaded = read_instance(instance);
    let policy = policy.map(Policy::read).transpose();
    let (loaded, policy) = match (loaded, policy) {
        (Ok(l), Ok(p)) => (l, p),
        (Err(RotationError::Invalid(mut a)), Err(RotationError::Invalid(b))) => {
            a.extend(b);
            return Err(RotationError::Invalid(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    print_warnings(&loaded.warnings);
    let county = &loaded.county;
    let eligibility = policy.as_ref().map(|p| county_eligibility(county, p));
    let inv = inventory(county, eligibility.as_deref());
    match format {
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

pub fn groups(instance: &Path, format: Format) -> Result<i32> {
    let loaded = read_instance(instance)?;
    print_warnings(&loaded.warnings);
    let county = &loaded.county;
    let groups = summarize_groups(county);
    for g in &groups {
        if let Some(w) = &g.warning {
            eprintln!("warning: {w}");
        }
    }
    match format {
        Format::Json => print_json(&groups),
        Format::Text => {
            println!(
                "{:>5}  {:>5}  {:>5}  {:>8}  {:>8}  schools",
                "group", "urban", "rural", "teachers", "students"
            );
            for g in &groups {
                println!(
                    "{:>5}  {:>5}  {:>5}  {:>8}  {:>8}  {}",
                    g.number,
                    g.urban_schools,
                    g.rural_schools,
                    g.teachers,
                    g.students,
                    g.schools.join(" ")
                );
            }
        }
    }
    Ok(0)
}

pub fn eligibility(
    instance: &Path,
    policy: &Path,
    out: Option<&Path>,
    format: Format,
) -> Result<i32> {
    let loaded = read_instance(instance)?;
    let policy = Policy::read(policy)?;
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
                "reason": e.reason(),
            })
        })
        .collect();
    if let Some(out) = out {
        let bytes = rotation::output::files::csv_bytes(
            &["teacher", "name", "school", "eligible", "reason"],
            county.teachers.iter().zip(&list).map(|(t, e)| {
                vec![
                    t.id.0.clone(),
                    t.name.clone(),
                    county.schools[t.school].id.0.clone(),
                    if e.is_eligible() { "yes" } else { "no" }.to_string(),
                    e.reason(),
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
    match format {
        Format::Json => print_json(&rows),
        Format::Text => {
            for (t, e) in county.teachers.iter().zip(&list) {
                println!(
                    "{}\t{}\t{}\t{}",
                    t.id,
                    county.schools[t.school].id,
                    if e.is_eligible() { "yes" } else { "no" },
                    e.reason()
                );
            }
        }
    }
    Ok(0)
}

pub fn generate(
    like: Option<Preset>,
    teachers: Option<usize>,
    schools: Option<usize>,
    groups: Option<usize>,
    urban_share: Option<f64>,
    seed: u64,
    out: &Path,
) -> Result<i32> {
    let mut spec = match (like, teachers, schools) {
        (Some(Preset::Haiyan), None, None) => GeneratorSpec::haiyan(seed),
        (Some(_), _, _) => {
            return Err(RotationError::Usage(
                "--like sets the size; drop --teachers and --schools".into(),
            ))
        }
        (None, Some(t), Some(s)) => GeneratorSpec::sized(t, s, seed),
        (None, _, _) => {
            return Err(RotationError::Usage(
                "give --like haiyan, or both --teachers N and --schools M".into(),
            ))
        }
    };
    if let Some(g) = groups {
        spec.groups = g;
    }
    if let Some(u) = urban_share {
        spec.urban_share = u;
    }
    spec.check().map_err(RotationError::Usage)?;
    let county = generate_county(&spec);
    rotation::output::files::write_instance(&county, out)?;
    eprintln!(
        "wrote {} ({} schools, {} teachers, {} groups, seed {})",
        out.display(),
        county.schools.len(),
        county.teachers.len(),
        county.groups.len(),
        seed
    );
    Ok(0)
}
