//! What a family run comes to: the median and the worst time and ratio to the LP
//! floor, the instances that did not pass, each with what it misses, and the counties
//! that miss a speed target of their size (`research::family_targets`).

use crate::research::family::{FamilyRow, Source};
use crate::research::family_manifest::{Family, FamilyCounty};
use serde::Serialize;

/// The median and the worst of one figure, with the instance of the worst.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Spread {
    /// Median over the instances with a plan (the mean of the middle two when even).
    pub median: f64,
    /// Largest value.
    pub worst: f64,
    /// The instance with the largest value.
    pub worst_instance: String,
}

/// What the family run comes to.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FamilySummary {
    /// Instances run.
    pub instances: usize,
    /// End-to-end seconds over the instances with a plan.
    pub seconds: Option<Spread>,
    /// Ratio to the LP floor over the instances with a plan and a floor.
    pub ratio: Option<Spread>,
    /// Instances that are not proven optimal with every rule and target met, each with
    /// what it misses.
    pub failures: Vec<String>,
}

fn spread(values: impl Iterator<Item = (f64, String)>) -> Option<Spread> {
    let mut v: Vec<(f64, String)> = values.filter(|(x, _)| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2].0
    } else {
        0.5 * (v[n / 2 - 1].0 + v[n / 2].0)
    };
    let (worst, worst_instance) = v.pop().unwrap_or_default();
    Some(Spread {
        median,
        worst,
        worst_instance,
    })
}

/// The median and worst time and ratio, and the instances that did not pass.
pub fn summarize(rows: &[FamilyRow]) -> FamilySummary {
    let planned = || rows.iter().filter(|r| r.status != "error");
    let failures = rows
        .iter()
        .filter(|r| !r.passed())
        .map(|r| {
            let mut why = Vec::new();
            if r.status != "optimal" {
                why.push(if r.error.is_empty() {
                    r.status.clone()
                } else {
                    format!("error: {}", r.error)
                });
            }
            if r.status != "error" {
                if !r.verify_ok {
                    why.push("a hard rule broken".into());
                }
                if !r.targets_met {
                    why.push("targets missed".into());
                }
                if !r.cv_not_worse {
                    why.push("a CV rose".into());
                }
            }
            format!("{}: {}", r.name, why.join(", "))
        })
        .collect();
    FamilySummary {
        instances: rows.len(),
        seconds: spread(planned().map(|r| (r.seconds, r.name.clone()))),
        ratio: spread(planned().map(|r| (r.ratio, r.name.clone()))),
        failures,
    }
}

impl Family {
    /// The family's county that is `name` at tolerance 0: the same generated county
    /// under the same base, whose policy is the county's with both tolerances 0
    /// (however the keys are written). `None` for a county at tolerance 0 itself, or
    /// one the family has no such twin of (under `--shard`, one in another shard).
    pub fn at_tolerance_zero(&self, name: &str) -> Option<&str> {
        let zero = |c: &FamilyCounty| {
            c.policy.rules.staffing_tolerance == 0 && c.policy.rules.subject_tolerance == 0
        };
        let county = self.counties.iter().find(|c| c.name == name)?;
        if zero(county) {
            return None;
        }
        let mut wanted = county.policy.clone();
        wanted.rules.staffing_tolerance = 0;
        wanted.rules.subject_tolerance = 0;
        self.counties
            .iter()
            .find(|c| c.spec == county.spec && c.base == county.base && c.policy == wanted)
            .map(|c| c.name.as_str())
    }
}

/// Each speed target of the family a county misses, as `county: what it reached (what
/// the target allows)`, in row order. A county without a plan is among the failures
/// of [`summarize`] already. Practice counties are held to the targets
/// of their size too, but have no twin at tolerance 0.
pub fn speed_misses(family: &Family, rows: &[FamilyRow]) -> Vec<String> {
    let mut misses = Vec::new();
    for r in rows.iter().filter(|r| r.status != "error") {
        for t in family.targets.iter().filter(|t| t.holds(r.teachers)) {
            let mut what = Vec::new();
            if let Some(gap) = t.gap {
                if r.status != "optimal" || r.gap.is_nan() || r.gap > gap {
                    what.push(format!(
                        "{} at a gap of {:.1e} (at most {gap:e})",
                        r.status, r.gap
                    ));
                }
            }
            if let Some(most) = t.seconds.filter(|&most| r.seconds > most) {
                what.push(format!("{:.2} s (at most {most} s)", r.seconds));
            }
            // A floor HiGHS did not measure (NaN) is no pass: the ratio is unknown.
            if let Some(most) = t.floor_ratio {
                if r.ratio.is_nan() {
                    what.push(format!("the LP floor unknown (at most {most} times it)"));
                } else if r.ratio > most {
                    what.push(format!(
                        "{:.2} times the LP floor (at most {most})",
                        r.ratio
                    ));
                }
            }
            let twin = (r.source == Source::Family)
                .then(|| family.at_tolerance_zero(&r.name))
                .flatten()
                .and_then(|z| {
                    rows.iter()
                        .find(|o| o.name == z && o.source == Source::Family && o.status != "error")
                })
                .filter(|z| z.seconds > 0.0);
            if let (Some(most), Some(zero)) = (t.tolerance_ratio, twin) {
                let times = r.seconds / zero.seconds;
                if times > most {
                    what.push(format!(
                        "{times:.2} times `{}` at tolerance 0 (at most {most})",
                        zero.name
                    ));
                }
            }
            if !what.is_empty() {
                misses.push(format!("{}: {}", r.name, what.join(", ")));
            }
        }
    }
    misses
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::research::family::family_instance;
    use crate::research::family_manifest::parse_family;
    use crate::research::family_targets::tests::TARGET;
    use std::path::{Path, PathBuf};

    fn models() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("models")
    }

    const TWINS: &str = r#"
[family]
policy = "haiyan-2022.toml"

[[family.county]]
name = "zero"
teachers = 300
seed = 2
[family.county.policy]
targets.exchange_rate = 0.3

[[family.county]]
name = "one"
teachers = 300
seed = 2
[family.county.policy]
rules.staffing_tolerance = 1
targets.exchange_rate = 0.3
rules.subject_tolerance = 1

[[family.county]]
name = "other-seed"
teachers = 300
seed = 3
[family.county.policy]
targets.exchange_rate = 0.3
rules.staffing_tolerance = 1

[[family.county]]
name = "other-rate"
teachers = 300
seed = 2
[family.county.policy]
targets.exchange_rate = 0.4
rules.subject_tolerance = 2

[[family.county]]
name = "big"
teachers = 900
seed = 2
"#;

    #[test]
    fn a_county_at_tolerances_finds_its_twin_at_zero() {
        let family = parse_family(TWINS, "m.toml", &models()).unwrap();
        // Keys in another order, the twin found all the same.
        assert_eq!(family.at_tolerance_zero("one"), Some("zero"));
        assert_eq!(family.at_tolerance_zero("zero"), None);
        assert_eq!(family.at_tolerance_zero("other-seed"), None);
        assert_eq!(family.at_tolerance_zero("other-rate"), None);
        assert_eq!(family.at_tolerance_zero("nobody"), None);
    }

    /// Each target of its size a county misses is named with what it reached; a county
    /// within them, or of another size, is not; the tolerance ratio is taken against the
    /// county's twin at tolerance 0, never against a practice county of the same name.
    #[test]
    fn speed_misses_name_each_target_missed() {
        let family = parse_family(&format!("{TWINS}{TARGET}"), "m.toml", &models()).unwrap();
        let c = &family.counties[0];
        let county = crate::research::generate::generate(&c.spec);
        let real = family_instance(
            "zero",
            Source::Family,
            &county,
            &c.base,
            &c.policy,
            &Default::default(),
        );
        let row = |name: &str, teachers: usize, seconds: f64, ratio: f64, gap: f64| FamilyRow {
            name: name.into(),
            teachers,
            seconds,
            ratio,
            gap,
            status: "optimal".into(),
            ..real.clone()
        };
        let rows = [
            row("zero", 300, 0.5, 1.0, 0.0),
            row("one", 300, 2.5, 4.0, 2e-4),
            row("big", 900, 50.0, 40.0, 0.5),
        ];
        let misses = speed_misses(&family, &rows);
        assert_eq!(misses.len(), 1, "{misses:?}");
        let m = &misses[0];
        assert!(
            m.starts_with("one: optimal at a gap of 2.0e-4 (at most 1e-4)"),
            "{m}"
        );
        assert!(m.contains("2.50 s (at most 2 s)"), "{m}");
        assert!(m.contains("4.00 times the LP floor (at most 3)"), "{m}");
        assert!(
            m.contains("5.00 times `zero` at tolerance 0 (at most 3)"),
            "{m}"
        );
        let within = [
            row("zero", 300, 0.5, 1.0, 0.0),
            row("one", 300, 1.4, 2.9, 1e-4),
        ];
        assert!(speed_misses(&family, &within).is_empty());
        // A practice folder named like the twin is not the twin; a twin of 0 s is none.
        let practice = FamilyRow {
            source: Source::Practice,
            ..row("zero", 300, 0.1, 1.0, 0.0)
        };
        let rows = [practice, row("one", 300, 1.4, 2.9, 1e-4)];
        assert!(speed_misses(&family, &rows).is_empty());
        let rows = [
            row("zero", 300, 0.0, 1.0, 0.0),
            row("one", 300, 1.4, 2.9, 1e-4),
        ];
        assert!(speed_misses(&family, &rows).is_empty());
        // A floor that failed leaves the ratio unknown: a miss, not a pass.
        let rows = [
            row("zero", 300, 0.5, 1.0, 0.0),
            row("one", 300, 1.4, f64::NAN, 1e-4),
        ];
        let misses = speed_misses(&family, &rows);
        assert_eq!(
            misses,
            ["one: the LP floor unknown (at most 3 times it)"],
            "{misses:?}"
        );
    }

    #[test]
    fn spreads_take_the_middle_and_name_the_worst() {
        let s = spread(
            [(3.0, "c"), (1.0, "a"), (f64::NAN, "x"), (2.0, "b")]
                .into_iter()
                .map(|(x, n)| (x, n.to_string())),
        )
        .unwrap();
        assert_eq!(s.median, 2.0);
        assert_eq!(s.worst, 3.0);
        assert_eq!(s.worst_instance, "c");
        let even = spread([(1.0, "a".into()), (2.0, "b".into())].into_iter()).unwrap();
        assert_eq!(even.median, 1.5);
    }
}
