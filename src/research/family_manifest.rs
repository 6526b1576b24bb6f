//! The benchmark family's manifest (`[family]` of `instances/bench/manifest.toml`):
//! counties generated from a few settings each, every one planned under a base policy
//! with some of its keys set anew. Read and checked here, every problem collected and
//! named by file, line and key; run by `research::family`.
//!
//! ```toml
//! [family]
//! policy = "../../models/haiyan-2022.toml"   # relative to the manifest
//!
//! [[family.county]]
//! name = "grid-4k-tol1"
//! teachers = 4000          # schools: as `rotation bench` sizes them, unless given
//! seed = 3
//! calibration = "haiyan"   # or "classic" (default)
//! backbone_share = 0.20    # of all teachers; default: the calibration's
//! latlon = true            # default false: the km grid
//! [family.county.policy]   # merged over the base policy, key by key
//! rules.staffing_tolerance = 1
//! rules.partnership = "require"
//! ```

use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::input_message::InputMessage;
use crate::model::policy::Policy;
use crate::research::bench::schools_for;
use crate::research::family_lines::{column_of, county_lines, line_of, target_lines};
use crate::research::family_message::{BothLanguages, FamilyProblem, TargetRange};
use crate::research::generator_spec::{Calibration, GeneratorSpec, Positions};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The family: its base policy and its counties, checked.
#[derive(Debug, Clone)]
pub struct Family {
    /// The base policy file, as found from the manifest.
    pub base_file: PathBuf,
    /// The base policy (for `--practice` folders, and every county without `base`).
    pub base: Policy,
    /// The counties, in manifest order.
    pub counties: Vec<FamilyCounty>,
    /// The speed targets the counties are held to (`[[family.target]]`), in manifest
    /// order.
    pub targets: Vec<SpeedTarget>,
}

/// A speed target (`[[family.target]]`): what every county of a size must reach.
/// `rotation bench --family` names each county that misses one.
///
/// ```toml
/// [[family.target]]
/// about = "4,000-teacher counties"
/// teachers = [3500, 4500]   # the counties of this many teachers (both ends included)
/// gap = 1e-4                # proven within this gap
/// seconds = 2.0             # end to end
/// floor_ratio = 3.0         # at most this many times the LP floor
/// tolerance_ratio = 3.0     # at tolerances above 0: at most this many times the same
///                           # county at tolerance 0, where the family has it
/// ```
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

impl Family {
    /// The family's county that is `name` at tolerance 0: the same generated county
    /// under the same base and keys, but for the tolerances, which are 0. `None` for a
    /// county at tolerance 0 itself, or one the family has no such twin of.
    pub fn at_tolerance_zero(&self, name: &str) -> Option<&str> {
        let tolerance = |k: &String| {
            k.starts_with("rules.staffing_tolerance ") || k.starts_with("rules.subject_tolerance ")
        };
        let other_keys = |c: &FamilyCounty| -> Vec<String> {
            c.overrides
                .iter()
                .filter(|k| !tolerance(k))
                .cloned()
                .collect()
        };
        let zero = |c: &FamilyCounty| {
            c.policy.rules.staffing_tolerance == 0 && c.policy.rules.subject_tolerance == 0
        };
        let county = self.counties.iter().find(|c| c.name == name)?;
        if zero(county) {
            return None;
        }
        self.counties
            .iter()
            .find(|c| {
                zero(c)
                    && c.spec == county.spec
                    && c.base == county.base
                    && other_keys(c) == other_keys(county)
            })
            .map(|c| c.name.as_str())
    }
}

/// One county of the family: what to generate and the policy to plan it under.
#[derive(Debug, Clone)]
pub struct FamilyCounty {
    /// Unique name (the CSV's first column).
    pub name: String,
    /// What the county is there to test, in words.
    pub about: String,
    /// What to generate.
    pub spec: GeneratorSpec,
    /// The base policy file's stem (`haiyan-2022`).
    pub base: String,
    /// The policy: the base with the county's keys set.
    pub policy: Policy,
    /// The keys the county sets, `key = value`, in manifest order.
    pub overrides: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    /// The scaling set's policy (read by no command; see the manifest's comment).
    #[serde(rename = "policy")]
    _policy: Option<String>,
    /// The scaling set (`rotation bench --sizes`).
    #[serde(default, rename = "instance")]
    _instance: Vec<toml::Value>,
    family: Option<FamilyFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FamilyFile {
    policy: String,
    #[serde(default)]
    county: Vec<CountyFile>,
    #[serde(default)]
    target: Vec<TargetFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetFile {
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

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum Shares {
    Classic,
    Haiyan,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountyFile {
    name: String,
    #[serde(default)]
    about: String,
    teachers: usize,
    schools: Option<usize>,
    #[serde(default = "one")]
    seed: u64,
    calibration: Option<Shares>,
    backbone_share: Option<f64>,
    #[serde(default)]
    latlon: bool,
    base: Option<String>,
    #[serde(default)]
    policy: toml::Table,
}

fn one() -> u64 {
    1
}

/// Every leaf of `table`: its dotted key and value.
fn leaves(table: &toml::Table, prefix: &str, out: &mut Vec<(String, toml::Value)>) {
    for (key, value) in table {
        let path = format!("{prefix}{key}");
        match value {
            toml::Value::Table(inner) => leaves(inner, &format!("{path}."), out),
            v => out.push((path, v.clone())),
        }
    }
}

/// A table holding only `value` at the dotted `path`.
fn nested(path: &str, value: toml::Value) -> toml::Table {
    let mut parts: Vec<&str> = path.split('.').collect();
    let last = parts.pop().unwrap_or_default();
    let mut table = toml::Table::new();
    table.insert(last.to_string(), value);
    for part in parts.into_iter().rev() {
        let mut outer = toml::Table::new();
        outer.insert(part.to_string(), toml::Value::Table(table));
        table = outer;
    }
    table
}

/// `over` merged into `base`, key by key (tables merge, anything else replaces).
pub fn merge(base: &mut toml::Table, over: &toml::Table) {
    for (key, value) in over {
        match (base.get_mut(key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            _ => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A base policy file, its text as a table and as a policy.
fn read_base(path: &Path) -> Result<(toml::Table, Policy)> {
    let policy = Policy::read(path)?;
    let text = std::fs::read_to_string(path).map_err(|e| RotationError::io(path, e))?;
    let table = text.parse::<toml::Table>().map_err(|e| {
        let mut d = Diagnostics::default();
        d.error(
            &path.display().to_string(),
            None,
            None,
            InputMessage::said(&FamilyProblem::Toml {
                detail: e.to_string(),
            }),
        );
        RotationError::Invalid(d)
    })?;
    Ok((table, policy))
}

/// Reads and checks the family of the manifest at `path`. Every problem is collected:
/// an unknown or bad key names the manifest, its line and the key.
pub fn read_family(path: &Path) -> Result<Family> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| RotationError::io(path, e))?;
    parse_family(&text, &file, path.parent().unwrap_or(Path::new(".")))
}

/// [`read_family`] on the manifest's text; `file` names it in messages and relative
/// policy paths are found from `dir`.
pub fn parse_family(text: &str, file: &str, dir: &Path) -> Result<Family> {
    let mut diags = Diagnostics::default();
    let manifest: ManifestFile = match toml::from_str(text) {
        Ok(m) => m,
        Err(e) => {
            let at = e
                .span()
                .map(|s| (line_of(text, s.start), column_of(text, s.start)));
            let message = InputMessage::said(&FamilyProblem::Toml {
                detail: e.message().trim().to_string(),
            });
            match at {
                Some((line, col)) => diags.error(file, Some(line), Some((col, "")), message),
                None => diags.error(file, None, None, message),
            }
            return Err(RotationError::Invalid(diags));
        }
    };
    let Some(family) = manifest.family else {
        diags.error(
            file,
            None,
            None,
            InputMessage::said(&FamilyProblem::NoFamily),
        );
        return Err(RotationError::Invalid(diags));
    };
    let lines = county_lines(text);
    let base_file = dir.join(&family.policy);
    let mut bases: BTreeMap<PathBuf, (toml::Table, Policy)> = BTreeMap::new();
    match read_base(&base_file) {
        Ok(b) => {
            bases.insert(base_file.clone(), b);
        }
        Err(e) => {
            for m in BothLanguages::of_error(e) {
                diags.error(
                    file,
                    None,
                    None,
                    InputMessage::said(&FamilyProblem::BasePolicy(m)),
                );
            }
            return Err(RotationError::Invalid(diags));
        }
    }
    if family.county.is_empty() {
        diags.error(
            file,
            None,
            None,
            InputMessage::said(&FamilyProblem::NoCounties),
        );
    }
    let mut names = BTreeSet::new();
    let mut counties = Vec::new();
    for (i, c) in family.county.into_iter().enumerate() {
        let here = lines.get(i);
        let name_line = here.and_then(|l| l.name);
        let mut bad = |line: Option<usize>, problem: FamilyProblem| {
            diags.error(file, line, None, InputMessage::said(&problem));
        };
        if !names.insert(c.name.clone()) {
            bad(
                name_line,
                FamilyProblem::NameTwice {
                    county: c.name.clone(),
                },
            );
        }
        let mut spec = GeneratorSpec::sized(
            c.teachers,
            c.schools.unwrap_or_else(|| schools_for(c.teachers)),
            c.seed,
        );
        if let Some(Shares::Haiyan) = c.calibration {
            spec.calibration = Calibration::haiyan();
        }
        spec.calibration.backbone_share = c.backbone_share;
        if c.latlon {
            spec.positions = Positions::LatLon;
        }
        if let Err(problem) = spec.check() {
            bad(
                name_line,
                FamilyProblem::Spec {
                    county: c.name.clone(),
                    problem,
                },
            );
        }
        let base_path = c
            .base
            .as_ref()
            .map_or_else(|| base_file.clone(), |b| dir.join(b));
        if !bases.contains_key(&base_path) {
            match read_base(&base_path) {
                Ok(b) => {
                    bases.insert(base_path.clone(), b);
                }
                Err(e) => {
                    for problem in BothLanguages::of_error(e) {
                        bad(
                            name_line,
                            FamilyProblem::CountyBase {
                                county: c.name.clone(),
                                problem,
                            },
                        );
                    }
                    continue;
                }
            }
        }
        let (base_table, _) = &bases[&base_path];
        let mut keys = Vec::new();
        leaves(&c.policy, "", &mut keys);
        let mut key_ok = true;
        for (key, value) in &keys {
            let alone = toml::to_string(&nested(key, value.clone())).unwrap_or_default();
            if let Err(e) = Policy::parse(&alone, file) {
                key_ok = false;
                let line = here.and_then(|l| l.keys.get(key).copied());
                for problem in BothLanguages::of_error(e) {
                    bad(
                        line,
                        FamilyProblem::PolicyKey {
                            county: c.name.clone(),
                            key: key.clone(),
                            problem,
                        },
                    );
                }
            }
        }
        if !key_ok {
            continue;
        }
        let mut merged = base_table.clone();
        merge(&mut merged, &c.policy);
        let policy = match toml::to_string(&merged)
            .map_err(|e| {
                RotationError::rejected(FamilyProblem::Toml {
                    detail: e.to_string(),
                })
            })
            .and_then(|t| Policy::parse(&t, file))
        {
            Ok(p) => p,
            Err(e) => {
                for problem in BothLanguages::of_error(e) {
                    bad(
                        name_line,
                        FamilyProblem::CountyPolicy {
                            county: c.name.clone(),
                            problem,
                        },
                    );
                }
                continue;
            }
        };
        counties.push(FamilyCounty {
            name: c.name,
            about: c.about,
            spec,
            base: stem(&base_path),
            policy,
            overrides: keys.iter().map(|(k, v)| format!("{k} = {v}")).collect(),
        });
    }
    let target_lines = target_lines(text);
    let mut targets = Vec::new();
    for (i, t) in family.target.into_iter().enumerate() {
        match t.checked() {
            Ok(t) => targets.push(t),
            Err(bad) => {
                for (key, expected) in bad {
                    let line = target_lines
                        .get(i)
                        .and_then(|l| l.get(key).or_else(|| l.get("")).copied());
                    diags.error(
                        file,
                        line,
                        None,
                        InputMessage::said(&FamilyProblem::Target {
                            which: i + 1,
                            key,
                            expected,
                        }),
                    );
                }
            }
        }
    }
    if diags.has_errors() {
        return Err(RotationError::Invalid(diags));
    }
    let base = bases[&base_file].1.clone();
    Ok(Family {
        base_file,
        base,
        counties,
        targets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::policy::PartnershipRule;

    fn models() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("models")
    }

    const GOOD: &str = r#"policy = "models/haiyan-2022.toml"

[[instance]]
name = "county-4000"
teachers = 4000

[family]
policy = "haiyan-2022.toml"

[[family.county]]
name = "a"
teachers = 300
schools = 8
seed = 2
backbone_share = 0.25
latlon = true
[family.county.policy]
rules.staffing_tolerance = 1
rules.partnership = "require"
targets.backbone_base = "eligible_backbone"

[[family.county]]
name = "b"
teachers = 1000
calibration = "haiyan"
base = "national-minimum.toml"
"#;

    #[test]
    fn a_family_reads_with_its_keys_merged_over_the_base() {
        let family = parse_family(GOOD, "m.toml", &models()).unwrap();
        assert_eq!(family.counties.len(), 2);
        let a = &family.counties[0];
        assert_eq!(a.spec.teachers, 300);
        assert_eq!(a.spec.schools(), 8);
        assert_eq!(a.spec.positions, Positions::LatLon);
        assert_eq!(a.spec.calibration.backbone_share, Some(0.25));
        assert_eq!(a.policy.rules.staffing_tolerance, 1);
        assert_eq!(a.policy.rules.partnership, PartnershipRule::Require);
        // Keys the county does not set keep the base's values.
        assert_eq!(a.policy.targets.exchange_rate, 0.35);
        assert_eq!(a.base, "haiyan-2022");
        let b = &family.counties[1];
        assert_eq!(b.spec.schools(), schools_for(1000));
        assert_eq!(b.spec.calibration, Calibration::haiyan());
        assert_eq!(b.policy.targets.exchange_rate, 0.10);
        assert_eq!(b.base, "national-minimum");
    }

    fn errors(text: &str) -> Vec<String> {
        match parse_family(text, "m.toml", &models()) {
            Err(RotationError::Invalid(d)) => d.errors().map(|d| d.to_string()).collect(),
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    #[test]
    fn a_bad_policy_key_names_the_file_line_and_key() {
        let text = GOOD.replace(
            "rules.staffing_tolerance = 1",
            "rules.staffing_tolerence = 1",
        );
        let errs = errors(&text);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].starts_with("error: m.toml:18:"), "{errs:?}");
        assert!(errs[0].contains("rules.staffing_tolerence"), "{errs:?}");
    }

    #[test]
    fn every_bad_key_is_named_not_only_the_first() {
        let text = GOOD
            .replace("rules.staffing_tolerance = 1", "rules.outflow_cap = 2.0")
            .replace(
                "targets.backbone_base = \"eligible_backbone\"",
                "targets.base = 1",
            );
        let errs = errors(&text);
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].contains("m.toml:18:") && errs[0].contains("outflow_cap"));
        assert!(errs[1].contains("m.toml:20:") && errs[1].contains("targets.base"));
    }

    #[test]
    fn an_unknown_county_key_names_its_line() {
        let text = GOOD.replace("latlon = true", "lat_lon = true");
        let errs = errors(&text);
        assert!(errs[0].contains("m.toml:16:"), "{errs:?}");
        assert!(errs[0].contains("lat_lon"), "{errs:?}");
    }

    #[test]
    fn bad_sizes_and_repeated_names_are_named() {
        let text = GOOD
            .replace("teachers = 300", "teachers = 5")
            .replace("name = \"b\"", "name = \"a\"");
        let errs = errors(&text);
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].contains("m.toml:11:") && errs[0].contains("teachers"));
        assert!(errs[1].contains("used twice"));
    }

    const TARGETS: &str = r#"
[[family.target]]
about = "small"
teachers = [200, 400]
gap = 1e-4
seconds = 2.0
floor_ratio = 3.0
tolerance_ratio = 3.0
"#;

    #[test]
    fn speed_targets_read_and_hold_their_sizes() {
        let family = parse_family(&format!("{GOOD}{TARGETS}"), "m.toml", &models()).unwrap();
        assert_eq!(family.targets.len(), 1);
        let t = &family.targets[0];
        assert_eq!(t.teachers, (200, 400));
        assert_eq!((t.gap, t.seconds), (Some(1e-4), Some(2.0)));
        assert!(t.holds(200) && t.holds(400) && t.holds(300));
        assert!(!t.holds(199) && !t.holds(1000));
        assert!(parse_family(GOOD, "m.toml", &models())
            .unwrap()
            .targets
            .is_empty());
    }

    #[test]
    fn a_bad_speed_target_names_its_line_and_key() {
        let text = format!("{GOOD}{TARGETS}")
            .replace("teachers = [200, 400]", "teachers = [400, 200]")
            .replace("seconds = 2.0", "seconds = -1.0");
        let errs = errors(&text);
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(
            errs[0].contains("m.toml:30:") && errs[0].contains("`teachers`"),
            "{errs:?}"
        );
        assert!(
            errs[1].contains("m.toml:32:") && errs[1].contains("`seconds`"),
            "{errs:?}"
        );
        let unknown = format!("{GOOD}{TARGETS}").replace("gap = 1e-4", "gaps = 1e-4");
        let errs = errors(&unknown);
        assert!(
            errs[0].contains("m.toml:31:") && errs[0].contains("gaps"),
            "{errs:?}"
        );
    }

    #[test]
    fn a_county_at_tolerances_finds_its_twin_at_zero() {
        let text = r#"
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
targets.exchange_rate = 0.3
rules.staffing_tolerance = 1
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
"#;
        let family = parse_family(text, "m.toml", &models()).unwrap();
        assert_eq!(family.at_tolerance_zero("one"), Some("zero"));
        assert_eq!(family.at_tolerance_zero("zero"), None);
        assert_eq!(family.at_tolerance_zero("other-seed"), None);
        assert_eq!(family.at_tolerance_zero("other-rate"), None);
        assert_eq!(family.at_tolerance_zero("nobody"), None);
    }

    #[test]
    fn a_manifest_without_a_family_says_so() {
        let errs = errors("policy = \"x.toml\"\n");
        assert!(errs[0].contains("no [family]"), "{errs:?}");
    }
}
