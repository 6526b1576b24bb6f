//! What a family run comes to: the median and the worst time and ratio to the LP
//! floor, and the instances that did not pass, each with what it misses.

use crate::research::family::FamilyRow;
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

#[cfg(test)]
mod tests {
    use super::*;

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
