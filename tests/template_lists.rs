//! `rotation template` writes a workbook whose enumerated columns carry drop-down lists
//! (Excel data validation) with the values a county types, and whose headers carry
//! Chinese notes: read back from the sheet XML inside the .xlsx.

mod common;

use common::{rotation, stderr_of};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::BTreeMap;
use std::io::Read;
use tempfile::TempDir;

/// The validations of one sheet's XML: `(type, formula1)` for each, entities decoded.
fn validations(xml: &str) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let (mut kind, mut formula) = (String::new(), None::<String>);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().0 == "dataValidation" => {
                kind = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.0 == "type")
                    .map(|a| a.value.to_string())
                    .unwrap_or_default();
            }
            Event::Start(e) if e.name().0 == "formula1" => formula = Some(String::new()),
            Event::Text(t) => {
                if let Some(f) = formula.as_mut() {
                    f.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(f) = formula.as_mut() {
                    f.push_str(match &*r {
                        "quot" => "\"",
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "apos" => "'",
                        other => other,
                    });
                }
            }
            Event::End(e) if e.name().0 == "formula1" => {
                out.push((kind.clone(), formula.take().unwrap_or_default()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Every file of the workbook, by name.
fn unzip(path: &std::path::Path) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut text = String::new();
        if f.read_to_string(&mut text).is_ok() {
            out.insert(f.name().unwrap().to_string(), text);
        }
    }
    out
}

fn template(lang: &str) -> (TempDir, BTreeMap<String, String>) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("t.xlsx");
    let o = rotation()
        .args(["template", "--out"])
        .arg(&path)
        .args(["--lang", lang])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let files = unzip(&path);
    (dir, files)
}

fn has_list(v: &[(String, String)], values: &str) -> bool {
    v.iter()
        .any(|(t, f)| t == "list" && f == &format!("\"{values}\""))
}

#[test]
fn the_chinese_template_has_a_drop_down_for_every_enumerated_column() {
    let (_dir, files) = template("zh");
    // Sheets in order: 学校, 教师, 共同体, 道路, 距离, 锁定, 说明.
    let sheet = |n: usize| validations(&files[&format!("xl/worksheets/sheet{n}.xml")]);
    let schools = sheet(1);
    assert!(has_list(&schools, "城区,农村"), "{schools:?}");
    assert!(
        has_list(&schools, "小学,初中,九年一贯制,特殊教育"),
        "{schools:?}"
    );
    assert!(
        schools.iter().any(|(t, f)| t == "whole" && f == "0"),
        "students"
    );
    let teachers = sheet(2);
    for list in [
        "女,男",
        "无,县级,市级,省级",
        "无,初级,中级,高级",
        "中专,大专,本科,研究生,博士",
        "是,否",
        "语文,数学,英语,科学,体育,音乐,美术,信息技术,道德与法治,特殊教育",
    ] {
        assert!(has_list(&teachers, list), "{list}: {teachers:?}");
    }
    // 毕业班 and 班主任 both.
    assert_eq!(teachers.iter().filter(|(_, f)| f == "\"是,否\"").count(), 2);
    // The current school is picked from the schools sheet.
    assert!(
        teachers
            .iter()
            .any(|(t, f)| t == "list" && f.starts_with("学校!$A$2")),
        "{teachers:?}"
    );
    let partnerships = sheet(3);
    assert_eq!(partnerships.len(), 2, "{partnerships:?}");
    let roads = sheet(4);
    assert!(roads.iter().any(|(t, _)| t == "decimal"), "{roads:?}");
    let distances = sheet(5);
    assert!(
        distances.iter().any(|(t, _)| t == "decimal"),
        "{distances:?}"
    );
    let pins = sheet(6);
    assert!(has_list(&pins, "留任,交流,调往"), "{pins:?}");
    // Chinese notes on the headers.
    let notes: String = files
        .iter()
        .filter(|(name, _)| name.starts_with("xl/comments"))
        .map(|(_, text)| text.as_str())
        .collect();
    assert!(notes.contains("城区或农村，从下拉列表选择"), "{notes}");
    assert!(notes.contains("必填"));
}

#[test]
fn the_english_template_lists_the_english_values() {
    let (_dir, files) = template("en");
    let schools = validations(&files["xl/worksheets/sheet1.xml"]);
    assert!(has_list(&schools, "urban,rural"), "{schools:?}");
    let teachers = validations(&files["xl/worksheets/sheet2.xml"]);
    assert!(
        has_list(&teachers, "none,county,city,province"),
        "{teachers:?}"
    );
    assert!(teachers.iter().any(|(_, f)| f.starts_with("schools!$A$2")));
    let pins = validations(&files["xl/worksheets/sheet6.xml"]);
    assert!(has_list(&pins, "stay,move,move_to"), "{pins:?}");
}

/// The 说明 sheet of the template is in the template's language: Chinese by default
/// (whatever the locale, as the headers are), English with `--lang en`.
#[test]
fn the_notes_sheet_speaks_the_templates_language() {
    use calamine::Reader;
    let dir = TempDir::new().unwrap();
    let notes = |args: &[&str], name: &str| -> Vec<Vec<String>> {
        let path = dir.path().join(format!("{name}.xlsx"));
        let o = rotation()
            .args(["template", "--out"])
            .arg(&path)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let range = book.worksheet_range(name).expect("the notes sheet");
        range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    };
    let zh = notes(&[], "说明");
    assert_eq!(
        zh[0],
        ["工作表", "英文列名", "中文列名", "其他写法", "必填", "内容"]
    );
    let degree = zh.iter().find(|r| r[1] == "degree").expect("degree");
    assert_eq!(degree[0], "教师（teachers.csv）");
    assert_eq!(degree[5], "中专、大专、本科、研究生或博士；不详可空");
    let text = format!("{zh:?}");
    assert!(!text.contains("empty if unknown"), "{text}");
    assert!(!text.contains("comments"), "{text}");
    let en = notes(&["--lang", "en"], "notes");
    assert_eq!(en[0][0], "sheet");
    let degree = en.iter().find(|r| r[1] == "degree").expect("degree");
    assert_eq!(
        degree[5],
        "中专, 大专, 本科, 研究生 or 博士; empty if unknown"
    );
}
