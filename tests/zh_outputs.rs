//! The whole round on the command line in Chinese: each subcommand's normal path run
//! with `--lang zh` on the sample county (`instances/haiyan-like` with its teacher side,
//! `instances/haiyan-like-classes`, `models/`), and everything a Chinese officer reads
//! — the terminal's lines, the HTML reports and pictures, the notes written for the
//! office — checked for English words with the browser test's allow-list
//! (`tests/common/english.rs`: ids, file names, units, Excel/CSV). The paths the
//! officer typed are left out (they are the officer's words), and so are the county's
//! own values (its exemption reasons, as its file writes them).

mod common;
use common::*;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The sample county with its teacher side, copied into a folder named in Chinese
/// (the name is printed and shown in the reports' headers).
fn county_with_teachers(work: &Path) -> PathBuf {
    let county = work.join("海盐县");
    std::fs::create_dir_all(&county).unwrap();
    for f in ["schools.csv", "teachers.csv", "partnerships.csv"] {
        std::fs::copy(haiyan_like().join(f), county.join(f)).unwrap();
    }
    for f in ["history.csv", "wishes.csv"] {
        std::fs::copy(haiyan_like_teachers().join(f), county.join(f)).unwrap();
    }
    county
}

/// The words of the county's own values that a Chinese report quotes as written: the
/// exemption reasons of `teachers.csv` (the sample county's are English).
fn county_words(county: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(county.join("teachers.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let exempt = header.iter().position(|h| *h == "exempt").unwrap();
    let mut words: Vec<String> = lines
        .filter_map(|l| l.split(',').nth(exempt))
        .flat_map(|v| v.split(' ').map(str::to_string).collect::<Vec<_>>())
        .filter(|w| !w.is_empty())
        .collect();
    words.sort();
    words.dedup();
    words
}

/// The visible text of an HTML page or an SVG picture: no style sheet, no tags, the
/// five entities read back.
fn visible(markup: &str) -> String {
    let mut text = String::new();
    let mut rest = markup;
    while let Some(start) = rest.find("<style") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .split_once("</style>")
            .map_or("", |(_, after)| after);
    }
    text.push_str(rest);
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// What the officer reads, checked: no English word but the allow-list's, once the
/// paths typed (`paths`) and the county's own words are taken out.
struct Reader {
    paths: Vec<String>,
    data: Vec<String>,
}

impl Reader {
    fn new(work: &Path, county: &Path) -> Reader {
        let mut paths = vec![work.display().to_string(), root().display().to_string()];
        paths.sort_by_key(|p| std::cmp::Reverse(p.len()));
        Reader {
            paths,
            data: county_words(county),
        }
    }

    fn check(&self, what: &str, text: &str) {
        let mut text = text.to_string();
        for p in &self.paths {
            text = text.replace(p.as_str(), "");
        }
        let words: Vec<String> = common::english::english_words(&text)
            .into_iter()
            .filter(|w| !self.data.contains(w))
            .collect();
        assert!(
            words.is_empty(),
            "English in the Chinese {what}: {words:?}\n{}",
            text.chars().take(3000).collect::<String>()
        );
    }

    /// Runs `rotation --lang zh ARGS` in `dir`, expects `code`, checks both streams.
    fn run(&self, dir: &Path, args: &[&str], code: i32) -> String {
        let out = rotation()
            .current_dir(dir)
            .args(["--lang", "zh"])
            .args(args)
            .output()
            .unwrap();
        let (o, e) = (stdout_of(&out), stderr_of(&out));
        assert_eq!(out.status.code(), Some(code), "{args:?}\n{o}\n{e}");
        self.check(&format!("output of {args:?}"), &format!("{o}\n{e}"));
        o + &e
    }

    fn check_markup(&self, file: &Path) {
        let text = std::fs::read_to_string(file).unwrap();
        self.check(&file.display().to_string(), &visible(&text));
    }

    fn check_file(&self, file: &Path) {
        let text = std::fs::read_to_string(file).unwrap();
        self.check(&file.display().to_string(), &text);
    }
}

fn m(name: &str) -> String {
    model(name).display().to_string()
}

#[test]
fn every_shipped_model_has_a_chinese_name() {
    for entry in std::fs::read_dir(root().join("models")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let policy = rotation::Policy::read(&path).unwrap();
            assert!(
                rotation::model::lang::has_chinese(&policy.name_zh),
                "{} has no name_zh",
                path.display()
            );
            assert_eq!(policy.title(rotation::Lang::Zh), policy.name_zh);
            assert_eq!(policy.title(rotation::Lang::En), policy.name);
        }
    }
}

#[test]
fn a_round_planned_checked_and_reported_in_chinese_has_no_english() {
    let work = TempDir::new().unwrap();
    let w = work.path();
    let county = county_with_teachers(w);
    let r = Reader::new(w, &county);
    let cycle = m("haiyan-cycle");
    let out = r.run(
        w,
        &[
            "plan",
            "海盐县",
            "--policy",
            &cycle,
            "--out",
            "方案",
            "--report",
            "报告.html",
        ],
        0,
    );
    assert!(out.contains("海盐县 2022 年做法，三年任期"), "{out}");
    r.check_markup(&w.join("报告.html"));
    r.check_markup(&w.join("方案/notices.html"));
    r.run(w, &["validate", "海盐县", "--policy", &cycle], 0);
    r.run(
        w,
        &[
            "verify",
            "海盐县",
            "--plan",
            "方案/plan.csv",
            "--policy",
            &cycle,
        ],
        0,
    );
    r.run(w, &["groups", "海盐县"], 0);
    r.run(
        w,
        &[
            "eligibility",
            "海盐县",
            "--policy",
            &cycle,
            "--out",
            "名单.csv",
        ],
        0,
    );
    r.check_file(&w.join("名单.csv"));
    r.run(
        w,
        &[
            "eligibility",
            "海盐县",
            "--policy",
            &cycle,
            "--plan",
            "方案/plan.csv",
        ],
        0,
    );
    r.run(
        w,
        &[
            "report",
            "海盐县",
            "--plan",
            "方案/plan.csv",
            "--policy",
            &cycle,
            "--out",
            "报告2.html",
        ],
        0,
    );
    r.check_markup(&w.join("报告2.html"));
    r.run(
        w,
        &[
            "notices",
            "海盐县",
            "--plan",
            "方案/plan.csv",
            "--policy",
            &cycle,
            "--out",
            "通知",
        ],
        0,
    );
    r.check_markup(&w.join("通知/notices.html"));
    r.run(w, &["template", "--out", "模板.xlsx"], 0);
    r.run(
        w,
        &[
            "export",
            "海盐县",
            "--policy",
            &m("haiyan-2022"),
            "--mps",
            "模型.mps",
        ],
        0,
    );
    r.run(
        w,
        &[
            "generate",
            "--teachers",
            "300",
            "--schools",
            "10",
            "--seed",
            "1",
            "--out",
            "生成",
        ],
        0,
    );
    r.run(
        w,
        &["anonymize", "海盐县", "--out", "匿名", "--seed", "7"],
        0,
    );
    // Error paths: a plan folder given for a plan file, a horizon whose history file
    // is missing.
    r.run(
        w,
        &[
            "eligibility",
            "海盐县",
            "--policy",
            &cycle,
            "--plan",
            "方案",
        ],
        2,
    );
    let missing = w.join("没有这个文件.csv");
    r.run(
        w,
        &[
            "plan",
            "海盐县",
            "--policy",
            &m("haiyan-years"),
            "--years",
            "2",
            "--history",
            &missing.display().to_string(),
            "--out",
            "多年",
        ],
        2,
    );
}

#[test]
fn compare_and_sweep_reports_in_chinese_have_no_english() {
    let work = TempDir::new().unwrap();
    let w = work.path();
    let county = county_with_teachers(w);
    let r = Reader::new(w, &county);
    let out = r.run(
        w,
        &[
            "compare",
            "海盐县",
            "--policy",
            &m("haiyan-2022"),
            "--policy",
            &m("stay-in-groups"),
            "--out",
            "比较",
            "--report",
            "比较.html",
        ],
        0,
    );
    assert!(out.contains("只在共同体内交流"), "{out}");
    let html = std::fs::read_to_string(w.join("比较.html")).unwrap();
    assert!(
        html.contains("海盐县 2022 年做法"),
        "the models' Chinese names"
    );
    r.check_markup(&w.join("比较.html"));
    r.run(
        w,
        &[
            "sweep",
            "海盐县",
            "--policy",
            &m("haiyan-2022"),
            "--vary",
            "targets.exchange_rate=0.1:0.3:0.1",
            "--plot",
            "price,cv",
            "--out",
            "扫描",
            "--report",
            "扫描.html",
        ],
        0,
    );
    r.check_markup(&w.join("扫描.html"));
    r.check_markup(&w.join("扫描/sweep.svg"));
}

#[test]
fn teams_classes_and_the_draw_in_chinese_have_no_english() {
    let work = TempDir::new().unwrap();
    let w = work.path();
    let county = county_with_teachers(w);
    let r = Reader::new(w, &county);
    let classes = root().join("instances/haiyan-like-classes");
    let classes_csv = classes.join("classes.csv").display().to_string();
    let students_csv = classes.join("students.csv").display().to_string();
    let school = std::fs::read_to_string(&classes_csv).unwrap();
    let school = school.lines().nth(1).unwrap().split(',').next().unwrap();
    r.run(
        w,
        &[
            "teams",
            "海盐县",
            "--classes",
            &classes_csv,
            "--school",
            school,
            "--out",
            "团队",
        ],
        0,
    );
    r.check_file(&w.join("团队/team_notes.csv"));
    r.run(
        w,
        &[
            "classes",
            &students_csv,
            "--classes",
            &classes_csv,
            "--out",
            "分班",
        ],
        0,
    );
    r.check_file(&w.join("分班/class_notes.csv"));
    let out = r.run(
        w,
        &[
            "draw",
            "--teams",
            "团队",
            "--classes",
            "分班",
            "--seed-from",
            "2026年 福彩 407",
            "--out",
            "抽签",
        ],
        0,
    );
    assert!(out.contains("种子文本"), "{out}");
    let out = r.run(
        w,
        &[
            "draw",
            "--teams",
            "团队",
            "--classes",
            "分班",
            "--check",
            "抽签",
        ],
        0,
    );
    assert!(out.contains("抽签结果核对无误"), "{out}");
    r.run(
        w,
        &[
            "draw",
            "--teams",
            "团队",
            "--classes",
            "分班",
            "--check",
            "抽签",
            "--seed-from",
            "另一个种子",
        ],
        1,
    );
}
