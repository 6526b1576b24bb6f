//! The manifest of an output set (`manifest.json`): written last into every folder
//! `rotation` writes as one set (a plan folder, a generated county, the lab's folders),
//! naming each file with its size and SHA-256, so that a reader can tell one complete
//! set from a folder whose files come from different runs or were cut short.

use crate::model::lang::Lang;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

/// File name of the manifest inside an output folder.
pub const MANIFEST_FILE: &str = "manifest.json";

/// What `manifest.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The program that wrote the set, e.g. `rotation 0.1.0`.
    pub written_by: String,
    /// Every file of the set except the manifest itself, by path relative to the folder
    /// (`/`-separated), in the order written.
    pub files: Vec<ManifestFile>,
}

/// One file of an output set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// Path relative to the folder, `/`-separated (e.g. `plan.csv`, `strict/plan.csv`).
    pub name: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the content, lowercase hexadecimal.
    pub sha256: String,
}

impl ManifestFile {
    /// The entry for `name` with content `bytes`.
    pub fn of(name: &str, bytes: &[u8]) -> ManifestFile {
        ManifestFile {
            name: name.to_string(),
            bytes: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        }
    }
}

/// SHA-256 of `bytes` in lowercase hexadecimal.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// How a folder compares with its manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetCheck {
    /// The folder has no `manifest.json` (written by an older version, or by hand).
    NoManifest,
    /// Every file the manifest names is there, unchanged.
    Complete,
    /// Something differs; each problem as data (`summary.json is missing`, ...).
    Broken(Vec<SetProblem>),
}

/// One way a folder differs from its manifest.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetProblem {
    /// `manifest.json` cannot be read (the system's words in `error`).
    Unreadable { error: String },
    /// `manifest.json` is not one rotation wrote (the JSON reader's words in `error`).
    NotAManifest { error: String },
    /// A file the manifest names is missing.
    Missing { name: String },
    /// A file differs in size or SHA-256 from the manifest.
    Changed { name: String },
    /// A file of a plan set the manifest does not name.
    NotNamed { name: String },
}

impl SetProblem {
    /// The problem in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use SetProblem as P;
        let en = lang == Lang::En;
        match self {
            P::Unreadable { error } if en => format!("{MANIFEST_FILE} cannot be read: {error}"),
            P::Unreadable { error } => format!("无法读取 {MANIFEST_FILE}（系统原文：{error}）"),
            P::NotAManifest { error } if en => {
                format!("{MANIFEST_FILE} is not a manifest written by rotation ({error})")
            }
            P::NotAManifest { error } => {
                format!("{MANIFEST_FILE} 不是本程序写出的清单（读取器原文：{error}）")
            }
            P::Missing { name } if en => format!("{name} is missing"),
            P::Missing { name } => format!("缺少 {name}"),
            P::Changed { name } if en => format!(
                "{name} is not the file written with this set (its size or SHA-256 differs \
                 from {MANIFEST_FILE})"
            ),
            P::Changed { name } => format!(
                "{name} 不是与本组文件一起写出的文件（其大小或 SHA-256 与 {MANIFEST_FILE} 不符）"
            ),
            P::NotNamed { name } if en => {
                format!("{name} is not named in {MANIFEST_FILE}: it comes from another run")
            }
            P::NotNamed { name } => {
                format!("{MANIFEST_FILE} 中没有 {name}：它来自另一次运行")
            }
        }
    }
}

/// A warning about the folder a plan file was read from.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FolderWarning {
    /// The plan file was edited after rotation wrote it.
    PlanChanged { plan: String },
    /// The folder mixes runs or was cut short.
    NotOneSet {
        dir: String,
        problems: Vec<SetProblem>,
    },
}

impl FolderWarning {
    /// The warning in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (FolderWarning::PlanChanged { plan }, Lang::En) => format!(
                "{plan}: changed since rotation wrote it (its SHA-256 differs from \
                 {MANIFEST_FILE}); it is read as it is now"
            ),
            (FolderWarning::PlanChanged { plan }, Lang::Zh) => format!(
                "{plan}：写出后被改动过（其 SHA-256 与 {MANIFEST_FILE} 不符）；按现在的内容读取"
            ),
            (FolderWarning::NotOneSet { dir, problems }, _) => {
                let list: Vec<String> = problems.iter().map(|p| p.text(lang)).collect();
                match lang {
                    Lang::En => format!("{dir}: not one complete output set: {}", list.join("; ")),
                    Lang::Zh => format!("{dir}：不是一组完整的输出文件：{}", list.join("；")),
                }
            }
        }
    }
}

/// Checks the files of `dir` against its `manifest.json`: every file named must be
/// there with its size and hash; a file of a plan set (`plan.csv`, `schools.csv`,
/// `summary.json`, `changes.csv`) that the manifest does not name is from another run.
pub fn check_set(dir: &Path) -> SetCheck {
    let text = match std::fs::read(dir.join(MANIFEST_FILE)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return SetCheck::NoManifest,
        Err(e) => {
            return SetCheck::Broken(vec![SetProblem::Unreadable {
                error: e.to_string(),
            }])
        }
    };
    let manifest: Manifest = match serde_json::from_slice(&text) {
        Ok(m) => m,
        Err(e) => {
            return SetCheck::Broken(vec![SetProblem::NotAManifest {
                error: e.to_string(),
            }])
        }
    };
    let mut problems = Vec::new();
    for f in &manifest.files {
        match std::fs::read(dir.join(&f.name)) {
            Err(_) => problems.push(SetProblem::Missing {
                name: f.name.clone(),
            }),
            Ok(bytes) if bytes.len() as u64 != f.bytes || sha256_hex(&bytes) != f.sha256 => {
                problems.push(SetProblem::Changed {
                    name: f.name.clone(),
                })
            }
            Ok(_) => {}
        }
    }
    for name in PLAN_SET_FILES {
        if dir.join(name).exists() && !manifest.files.iter().any(|f| f.name == *name) {
            problems.push(SetProblem::NotNamed {
                name: name.to_string(),
            });
        }
    }
    if problems.is_empty() {
        SetCheck::Complete
    } else {
        SetCheck::Broken(problems)
    }
}

/// The files a plan folder may hold besides the manifest.
pub const PLAN_SET_FILES: &[&str] = &[
    "plan.csv",
    "schools.csv",
    "summary.json",
    "changes.csv",
    "stayed.csv",
    "notices.html",
    "history.csv",
    "wishes.json",
];

/// Warnings about the folder a plan file was read from (`verify --plan`, `--previous`,
/// `report --plan`): nothing when the folder has no manifest or is one complete set; a
/// plan edited by hand after it was written is said to be checked as it is now; any
/// other difference means the folder mixes runs or was cut short.
pub fn plan_folder_warnings(plan: &Path) -> Vec<FolderWarning> {
    let dir = match plan.parent() {
        Some(d) if d.as_os_str().is_empty() => Path::new("."),
        Some(d) => d,
        None => return Vec::new(),
    };
    let SetCheck::Broken(problems) = check_set(dir) else {
        return Vec::new();
    };
    let plan_name = plan
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (own, others): (Vec<SetProblem>, Vec<SetProblem>) = problems
        .into_iter()
        .partition(|p| matches!(p, SetProblem::Changed { name } if *name == plan_name));
    let mut warnings = Vec::new();
    if !own.is_empty() {
        warnings.push(FolderWarning::PlanChanged {
            plan: plan.display().to_string(),
        });
    }
    if !others.is_empty() {
        warnings.push(FolderWarning::NotOneSet {
            dir: dir.display().to_string(),
            problems: others,
        });
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_set(dir: &Path, files: &[(&str, &[u8])]) {
        for (name, bytes) in files {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        let manifest = Manifest {
            written_by: "test".into(),
            files: files.iter().map(|(n, b)| ManifestFile::of(n, b)).collect(),
        };
        std::fs::write(
            dir.join(MANIFEST_FILE),
            serde_json::to_vec(&manifest).unwrap(),
        )
        .unwrap();
    }

    #[test]
    fn sha256_of_the_empty_input_is_the_known_one() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn a_set_is_complete_missing_or_mixed() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(check_set(dir.path()), SetCheck::NoManifest);
        write_set(dir.path(), &[("plan.csv", b"a"), ("summary.json", b"{}")]);
        assert_eq!(check_set(dir.path()), SetCheck::Complete);
        std::fs::write(dir.path().join("schools.csv"), b"x").unwrap();
        std::fs::write(dir.path().join("summary.json"), b"{ }").unwrap();
        let SetCheck::Broken(p) = check_set(dir.path()) else {
            panic!("a mixed folder passed")
        };
        assert_eq!(p.len(), 2, "{p:?}");
        let w = plan_folder_warnings(&dir.path().join("plan.csv"));
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].text(Lang::En).contains("not one complete output set"),
            "{w:?}"
        );
        assert!(w[0].text(Lang::Zh).contains("不是一组完整的输出文件"));
        std::fs::write(dir.path().join("plan.csv"), b"edited").unwrap();
        let w = plan_folder_warnings(&dir.path().join("plan.csv"));
        assert!(
            w[0].text(Lang::En)
                .contains("changed since rotation wrote it"),
            "{w:?}"
        );
    }

    #[test]
    fn every_set_problem_and_folder_warning_has_chinese_and_english() {
        use crate::model::lang::has_chinese;
        let n = || "plan.csv".to_string();
        let problems = vec![
            SetProblem::Unreadable { error: "e".into() },
            SetProblem::NotAManifest { error: "e".into() },
            SetProblem::Missing { name: n() },
            SetProblem::Changed { name: n() },
            SetProblem::NotNamed { name: n() },
        ];
        let warnings = [
            FolderWarning::PlanChanged { plan: n() },
            FolderWarning::NotOneSet {
                dir: "out".into(),
                problems: problems.clone(),
            },
        ];
        let texts = problems
            .iter()
            .map(|p| (p.text(Lang::En), p.text(Lang::Zh)))
            .chain(
                warnings
                    .iter()
                    .map(|w| (w.text(Lang::En), w.text(Lang::Zh))),
            );
        for (en, zh) in texts {
            assert!(has_chinese(&zh), "{zh}");
            assert!(!has_chinese(&en), "{en}");
        }
    }
}
