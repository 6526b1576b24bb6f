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
use crate::research::family_lines::{column_of, county_lines, line_of};
use crate::research::family_message::{BothLanguages, FamilyProblem};
use crate::research::family_targets::{read_targets, SpeedTarget, TargetFile};
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
    let targets = read_targets(family.target, text, file, &mut diags);
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

    #[test]
    fn an_unknown_speed_target_key_names_its_line() {
        let errs = errors(&format!(
            "{GOOD}\n[[family.target]]\nteachers = [1, 2]\ngaps = 0.1\n"
        ));
        assert!(
            errs[0].contains("m.toml:30:") && errs[0].contains("gaps"),
            "{errs:?}"
        );
    }

    #[test]
    fn a_manifest_without_a_family_says_so() {
        let errs = errors("policy = \"x.toml\"\n");
        assert!(errs[0].contains("no [family]"), "{errs:?}");
    }
}
