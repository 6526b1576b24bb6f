//! The benchmark family's speed targets (`[[family.target]]` of the manifest): what
//! every county of a size must reach, read and checked here (the counties that miss
//! one after a run: `family_summary::speed_misses`). Speed is measured, not a rule:
//! `rotation bench --family` names the misses and changes no exit code for them.
//!
//! ```toml
//! [[family.target]]
//! about = "4,000-teacher counties"
//! teachers = [3500, 4500]   # the counties of this many teachers (both ends included)
//! gap = 1e-4                # proven within this gap
//! seconds = 2.0             # end to end
//! floor_ratio = 3.0         # at most this many times the LP floor
//! tolerance_ratio = 3.0     # at a tolerance above 0: at most this many times the
//!                           # same county at tolerance 0, where the family has it
//! ```

use crate::model::diagnostics::Diagnostics;
use crate::model::input_message::InputMessage;
use crate::research::family_lines::target_lines;
use crate::research::family_message::{FamilyProblem, TargetRange};
use serde::Deserialize;

/// A speed target: what every county of a size must reach.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeedTarget {
    /// Which counties, in words.
    pub about: String,
    /// The least and the most teachers of the counties it holds.
    pub teachers: (usize, usize),
    /// The largest relative gap a plan may be proven within.
    pub gap: Option<f64>,
    /// The most seconds end to end.
    pub seconds: Option<f64>,
    /// The most times the LP floor.
    pub floor_ratio: Option<f64>,
    /// The most times the same county's time at tolerance 0.
    pub tolerance_ratio: Option<f64>,
}

impl SpeedTarget {
    /// Whether a county of `teachers` teachers is held to it.
    pub fn holds(&self, teachers: usize) -> bool {
        (self.teachers.0..=self.teachers.1).contains(&teachers)
    }
}

/// A `[[family.target]]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TargetFile {
    #[serde(default)]
    about: String,
    teachers: [usize; 2],
    gap: Option<f64>,
    seconds: Option<f64>,
    floor_ratio: Option<f64>,
    tolerance_ratio: Option<f64>,
}

impl TargetFile {
    /// The target, or each key out of range with what it takes.
    fn checked(self) -> std::result::Result<SpeedTarget, Vec<(&'static str, TargetRange)>> {
        let mut bad = Vec::new();
        if self.teachers[0] > self.teachers[1] {
            bad.push(("teachers", TargetRange::Teachers));
        }
        if self
            .gap
            .is_some_and(|g| !(g.is_finite() && (0.0..1.0).contains(&g)))
        {
            bad.push(("gap", TargetRange::Gap));
        }
        for (key, value) in [
            ("seconds", self.seconds),
            ("floor_ratio", self.floor_ratio),
            ("tolerance_ratio", self.tolerance_ratio),
        ] {
            if value.is_some_and(|v| !(v.is_finite() && v > 0.0)) {
                bad.push((key, TargetRange::Positive));
            }
        }
        if !bad.is_empty() {
            return Err(bad);
        }
        Ok(SpeedTarget {
            about: self.about,
            teachers: (self.teachers[0], self.teachers[1]),
            gap: self.gap,
            seconds: self.seconds,
            floor_ratio: self.floor_ratio,
            tolerance_ratio: self.tolerance_ratio,
        })
    }
}

/// The targets as written, checked: each key out of range is an error naming the
/// manifest `file` (whose text is `text`), the key's line and what it takes.
pub(crate) fn read_targets(
    written: Vec<TargetFile>,
    text: &str,
    file: &str,
    diags: &mut Diagnostics,
) -> Vec<SpeedTarget> {
    let lines = target_lines(text);
    let mut targets = Vec::new();
    for (i, t) in written.into_iter().enumerate() {
        match t.checked() {
            Ok(t) => targets.push(t),
            Err(bad) => {
                for (key, expected) in bad {
                    let line = lines
                        .get(i)
                        .and_then(|l| l.get(key).or_else(|| l.get("")).copied());
                    let problem = FamilyProblem::Target {
                        which: i + 1,
                        key,
                        expected,
                    };
                    diags.error(file, line, None, InputMessage::said(&problem));
                }
            }
        }
    }
    targets
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const ONE_COUNTY: &str = r#"[family]
policy = "haiyan-2022.toml"

[[family.county]]
name = "a"
teachers = 300
"#;

    #[derive(Deserialize)]
    struct Manifest {
        family: Written,
    }

    #[derive(Deserialize)]
    struct Written {
        #[serde(default)]
        target: Vec<TargetFile>,
    }

    /// The targets of `text`, or the messages of its problems.
    fn read(text: &str) -> Result<Vec<SpeedTarget>, Vec<String>> {
        let written: Manifest = toml::from_str(text).expect("TOML");
        let mut diags = Diagnostics::default();
        let targets = read_targets(written.family.target, text, "m.toml", &mut diags);
        if diags.has_errors() {
            return Err(diags.errors().map(|d| d.to_string()).collect());
        }
        Ok(targets)
    }

    /// A target of the counties of 200 to 400 teachers, every key set.
    pub(crate) const TARGET: &str = r#"
[[family.target]]
about = "small"
teachers = [200, 400]
gap = 1e-4
seconds = 2.0
floor_ratio = 3.0
tolerance_ratio = 3.0
"#;

    fn errors(text: &str) -> Vec<String> {
        read(text).expect_err("a problem")
    }

    #[test]
    fn speed_targets_read_and_hold_their_sizes() {
        let targets = read(&format!("{ONE_COUNTY}{TARGET}")).unwrap();
        assert_eq!(targets.len(), 1);
        let t = &targets[0];
        assert_eq!(t.about, "small");
        assert_eq!(t.teachers, (200, 400));
        assert_eq!((t.gap, t.seconds), (Some(1e-4), Some(2.0)));
        assert_eq!((t.floor_ratio, t.tolerance_ratio), (Some(3.0), Some(3.0)));
        assert!(t.holds(200) && t.holds(400) && t.holds(300));
        assert!(!t.holds(199) && !t.holds(1000));
        assert!(read(ONE_COUNTY).unwrap().is_empty());
    }

    #[test]
    fn a_bad_speed_target_names_its_line_and_key() {
        // Lines: the target's header is line 8, `teachers` 10, `gap` 11, `seconds` 12.
        let text = format!("{ONE_COUNTY}{TARGET}")
            .replace("teachers = [200, 400]", "teachers = [400, 200]")
            .replace("seconds = 2.0", "seconds = -1.0")
            .replace("gap = 1e-4", "gap = nan");
        let errs = errors(&text);
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert!(
            errs[0].contains("m.toml:10:") && errs[0].contains("`teachers`"),
            "{errs:?}"
        );
        assert!(
            errs[1].contains("m.toml:11:") && errs[1].contains("`gap`"),
            "{errs:?}"
        );
        assert!(
            errs[2].contains("m.toml:12:") && errs[2].contains("`seconds`"),
            "{errs:?}"
        );
    }
}
