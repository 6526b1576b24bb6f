//! `rotation bench --family`: the benchmark family of a manifest, one line per
//! instance on stderr as it is done, the CSV, then the median and the worst.

use super::common::or_dash;
use rotation::model::shard::{take_shard, Shard};
use rotation::research::family::{check_not_empty, family_csv, run_family, FamilyRow};
use rotation::research::family_manifest::read_family;
use rotation::research::family_summary::{speed_misses, summarize};
use rotation::study::shard_tables::record_bytes;
use rotation::{Result, SolveOptions};
use std::path::{Path, PathBuf};

fn cv_pair(cv: [Option<f64>; 2]) -> String {
    match cv {
        [Some(a), Some(b)] => format!("{a:.3}→{b:.3}"),
        _ => "n/a".into(),
    }
}

fn print_row(r: &FamilyRow) {
    eprintln!(
        "{:<24} {:>6} {:>4} {:>6} {:>6.1}% {:>5} {:<4} {:<28} {:>7.2} {:>7} {:>6} {:>8} {:>6}  {:<12} {:<12} {:<5} {:<5} {}",
        r.name,
        r.teachers,
        r.schools,
        r.eligible,
        100.0 * r.backbone_share_eligible,
        r.exchange_target,
        r.target_parity(),
        format!("{} {}", r.status, r.method),
        r.seconds,
        or_dash(r.lp_floor_seconds, |x| format!("{x:.2}")),
        or_dash(r.ratio, |x| format!("{x:.1}")),
        or_dash(r.gap, |x| format!("{x:.1e}")),
        r.nodes,
        cv_pair(r.cv_primary),
        cv_pair(r.cv_junior),
        r.targets_met,
        r.verify_ok,
        r.error
    );
}

/// Runs the family (of `shard`'s instances only, when given: the family's counties
/// then the practice folders, numbered from 0) and writes `out` (and the shard's
/// record beside it).
pub fn run(
    manifest: &Path,
    practice: &[PathBuf],
    options: &SolveOptions,
    out: &Path,
    shard: Option<(Shard, &Path, String)>,
) -> Result<i32> {
    let mut family = read_family(manifest)?;
    let mut practice: Vec<&Path> = practice.iter().map(PathBuf::as_path).collect();
    check_not_empty(&family, &practice)?;
    let record = shard.map(|(shard, file, solver)| {
        let counties = family.counties.len();
        let mut labels: Vec<String> = family
            .counties
            .iter()
            .map(|c| c.name.clone())
            // By folder name, as the rows name them: the same folder elsewhere is the
            // same job.
            .chain(practice.iter().map(|p| {
                p.file_name().map_or_else(
                    || p.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                )
            }))
            .collect();
        // The rows depend on each county's generator settings and policy, on the
        // practice counties' files and the base policy they run under, and on the
        // solver flags (`take_shard` numbers only the first `counties + practice`
        // labels' jobs: the rest name the context).
        let jobs: Vec<usize> = (0..labels.len()).collect();
        labels.extend(family.counties.iter().map(|c| {
            format!(
                "county {:?} {}",
                c.spec,
                super::bench::policy_label(&c.policy)
            )
        }));
        labels.push(super::bench::policy_label(&family.base));
        for p in &practice {
            labels.extend(crate::cli::common::content_labels(
                &rotation::input::instance::instance_files(p),
            ));
        }
        labels.push(solver);
        let (kept, record) = take_shard(jobs, shard, "bench", &labels);
        family.counties = kept
            .iter()
            .filter(|&&j| j < counties)
            .map(|&j| family.counties[j].clone())
            .collect();
        practice = kept
            .iter()
            .filter(|&&j| j >= counties)
            .map(|&j| practice[j - counties])
            .collect();
        (record, file)
    });
    eprintln!(
        "{:<24} {:>6} {:>4} {:>6} {:>7} {:>5} {:<4} {:<28} {:>7} {:>7} {:>6} {:>8} {:>6}  {:<12} {:<12} {:<5} {:<5}",
        "instance",
        "teach",
        "sch",
        "elig",
        "bb/elig",
        "K",
        "K%2",
        "status method",
        "total_s",
        "lp_s",
        "ratio",
        "gap",
        "nodes",
        "cv primary",
        "cv junior",
        "met",
        "ok"
    );
    let rows = run_family(&family, &practice, options, print_row)?;
    rotation::output::files::write_atomic(out, &family_csv(&rows))?;
    eprintln!(
        "wrote {} ({} instance{})",
        out.display(),
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    if let Some((record, file)) = &record {
        // Written after the table: a shard without its record is not mergeable,
        // never a record without its rows.
        rotation::output::files::write_atomic(file, &record_bytes(record))?;
        eprintln!("wrote {} (shard {})", file.display(), record.shard);
    }
    let summary = summarize(&rows);
    if let Some(s) = &summary.seconds {
        eprintln!(
            "end to end: median {:.2} s, worst {:.2} s ({})",
            s.median, s.worst, s.worst_instance
        );
    }
    if let Some(s) = &summary.ratio {
        eprintln!(
            "ratio to the LP floor: median {:.2}, worst {:.2} ({})",
            s.median, s.worst, s.worst_instance
        );
    }
    if summary.failures.is_empty() {
        eprintln!("every instance: proven optimal, verified, targets met, no CV rose");
    } else {
        eprintln!("not passed ({}):", summary.failures.len());
        for f in &summary.failures {
            eprintln!("  {f}");
        }
    }
    // Speed is measured, not a rule: a missed target is named, and changes no exit
    // code.
    if !family.targets.is_empty() {
        let misses = speed_misses(&family, &rows);
        if record.is_some() {
            eprintln!(
                "speed targets: a county's twin at tolerance 0 is compared only within this shard"
            );
        }
        if misses.is_empty() {
            eprintln!("speed targets ([[family.target]]): every county within them");
        } else {
            eprintln!(
                "speed targets ([[family.target]]) missed ({}):",
                misses.len()
            );
            for m in &misses {
                eprintln!("  {m}");
            }
        }
    }
    // A plan that breaks a hard rule is a bug: exit 1, as `verify` does.
    let broken = rows.iter().any(|r| r.status != "error" && !r.verify_ok);
    Ok(if broken { 1 } else { 0 })
}
