//! Fuzzing every reader: arbitrary bytes, and arbitrary small edits of valid files
//! (CSV in UTF-8, UTF-8 with a BOM and CRLF, GBK and UTF-16; a workbook; a policy;
//! pins; exchange teams and pins naming a team; joint appointments; a previous plan;
//! roads; a distance table), must never panic. A file that is not valid gives
//! `RotationError::Invalid` whose every error names a file; the binary exits 2 and
//! writes nothing.
//!
//! `make test` runs a few dozen cases per reader; `make fuzz` runs the same
//! properties with many more (`PROPTEST_CASES`), see `docs/fuzzing.md`.

mod common;
use common::*;
use proptest::prelude::*;
use rotation::model::diagnostics::Diagnostics;
use rotation::{County, Pins, Policy, Previous, RotationError};

/// Cases per property: `PROPTEST_CASES`, else a modest number for `make test`.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(24);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// One small edit of a file's bytes: delete a range, insert bytes, overwrite a byte,
/// duplicate a line, or insert a structural byte (comma, quote, line break, NUL).
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    Overwrite(usize, u8),
    DuplicateLine(usize),
    Structural(usize, u8),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1usize..12).prop_map(|(p, n)| Edit::Delete(p, n)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(p, b)| Edit::Insert(p, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Edit::Overwrite(p, b)),
        any::<usize>().prop_map(Edit::DuplicateLine),
        (
            any::<usize>(),
            prop::sample::select(vec![b',', b'"', b'\n', b'\r', 0u8, b'#', b' ', 0xE5])
        )
            .prop_map(|(p, b)| Edit::Structural(p, b)),
    ]
}

fn apply(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for e in edits {
        let at = |p: usize, len: usize| if len == 0 { 0 } else { p % (len + 1) };
        match e {
            Edit::Delete(p, n) => {
                let s = at(*p, b.len()).min(b.len());
                let end = (s + n).min(b.len());
                b.drain(s..end);
            }
            Edit::Insert(p, ins) => {
                let s = at(*p, b.len());
                b.splice(s..s, ins.iter().copied());
            }
            Edit::Overwrite(p, x) => {
                if !b.is_empty() {
                    let s = p % b.len();
                    b[s] = *x;
                }
            }
            Edit::Structural(p, x) => {
                let s = at(*p, b.len());
                b.insert(s, *x);
            }
            Edit::DuplicateLine(p) => {
                let lines: Vec<&[u8]> = b.split_inclusive(|&c| c == b'\n').collect();
                if !lines.is_empty() {
                    let i = p % lines.len();
                    let mut out: Vec<u8> = Vec::new();
                    for (j, l) in lines.iter().enumerate() {
                        out.extend_from_slice(l);
                        if j == i {
                            out.extend_from_slice(l);
                        }
                    }
                    b = out;
                }
            }
        }
    }
    b
}

/// How a CSV file is saved.
#[derive(Debug, Clone, Copy)]
enum Encoding {
    Utf8,
    BomCrlf,
    Gbk,
    Utf16,
}

fn encode(text: &str, e: Encoding) -> Vec<u8> {
    match e {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::BomCrlf => format!("\u{feff}{}", text.replace('\n', "\r\n")).into_bytes(),
        Encoding::Gbk => encoding_rs::GBK.encode(text).0.into_owned(),
        Encoding::Utf16 => {
            let mut b = vec![0xFF, 0xFE];
            b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            b
        }
    }
}

fn encoding_strategy() -> impl Strategy<Value = Encoding> {
    prop::sample::select(vec![
        Encoding::Utf8,
        Encoding::BomCrlf,
        Encoding::Gbk,
        Encoding::Utf16,
    ])
}

/// Either arbitrary bytes or small edits of `valid`.
fn mangle(valid: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..400),
        4 => prop::collection::vec(edit_strategy(), 1..4)
            .prop_map(move |edits| apply(&valid, &edits)),
    ]
}

/// The result of a reader: fine when valid; when not, every error names a file and
/// the error is `Invalid`. `Io` is allowed only for a file that does not exist.
fn check<T>(result: rotation::Result<T>) -> std::result::Result<(), TestCaseError> {
    match result {
        Ok(_) => Ok(()),
        Err(RotationError::Invalid(d)) => names_files(&d),
        Err(other) => Err(TestCaseError::fail(format!("not Invalid: {other}"))),
    }
}

fn names_files(d: &Diagnostics) -> std::result::Result<(), TestCaseError> {
    prop_assert!(d.has_errors(), "Invalid without an error: {d}");
    for e in d.errors() {
        prop_assert!(!e.file.trim().is_empty(), "an error names no file: {e}");
        prop_assert!(
            !e.message.to_string().trim().is_empty(),
            "an empty message: {e}"
        );
        let zh = e.message.text(rotation::model::lang::Lang::Zh);
        prop_assert!(!zh.trim().is_empty(), "an empty Chinese message: {e}");
    }
    // Rendering the list must not panic either, in either language.
    let _ = d.to_string();
    let _ = d.render(rotation::model::lang::Lang::Zh);
    Ok(())
}

const CSV_FILES: [&str; 4] = [
    "schools.csv",
    "teachers.csv",
    "partnerships.csv",
    "roads.csv",
];

/// `instances/tiny` with a small road network, as files.
fn tiny_files() -> Vec<(&'static str, String)> {
    let mut files: Vec<(&str, String)> = CSV_FILES[..3]
        .iter()
        .map(|f| (*f, std::fs::read_to_string(tiny().join(f)).unwrap()))
        .collect();
    files.push((
        "roads.csv",
        "from,to,minutes\nU1,U2,5\nU1,R1,20\nU2,R1,15\nU1,R2,25\n".into(),
    ));
    files
}

fn tiny_county() -> County {
    rotation::read_instance(&tiny()).unwrap().county
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn csv_instance_never_panics(
        file in 0usize..4,
        encoding in encoding_strategy(),
        edits in prop::collection::vec(edit_strategy(), 0..4),
        raw in prop::option::weighted(0.2, prop::collection::vec(any::<u8>(), 0..400)),
    ) {
        let dir = tempfile::TempDir::new().unwrap();
        for (i, (name, text)) in tiny_files().into_iter().enumerate() {
            let bytes = if i == file {
                raw.clone().unwrap_or_else(|| apply(&encode(&text, encoding), &edits))
            } else {
                text.into_bytes()
            };
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        check(rotation::read_instance(dir.path()))?;
    }

    #[test]
    fn distance_table_never_panics(
        with_coordinates in any::<bool>(),
        encoding in encoding_strategy(),
        edits in prop::collection::vec(edit_strategy(), 0..4),
        raw in prop::option::weighted(0.2, prop::collection::vec(any::<u8>(), 0..400)),
    ) {
        // The tiny county with its commutes in a distance table, the schools with or
        // without their coordinates; the table mangled.
        let dir = tempfile::TempDir::new().unwrap();
        for (name, text) in tiny_files().into_iter().take(3) {
            let text = if name == "schools.csv" && !with_coordinates {
                text.lines()
                    .map(|l| l.rsplitn(3, ',').last().unwrap().to_string() + "\n")
                    .collect()
            } else {
                text
            };
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let table = "from,to,km\nU1,U2,2\nU1,R1,10\nR1,U2,8\nU1,R2,12\n";
        let bytes = raw.unwrap_or_else(|| apply(&encode(table, encoding), &edits));
        std::fs::write(dir.path().join("distances.csv"), bytes).unwrap();
        check(rotation::read_instance(dir.path()))?;
    }

    #[test]
    fn workbook_never_panics(bytes in mangle(tiny_workbook())) {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("county.xlsx");
        std::fs::write(&path, bytes).unwrap();
        check(rotation::read_instance(&path))?;
    }

    #[test]
    fn workbook_cells_never_panic(
        sheet in 0usize..3,
        row in 0usize..20,
        col in 0usize..16,
        text in prop::string::string_regex("(|[-0-9.eE]{1,8}|[ -~]{0,12}|[学校教师合计总计城区农村是否\n ]{0,6})").unwrap(),
    ) {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("county.xlsx");
        std::fs::write(&path, workbook_with_cell(sheet, row, col, &text)).unwrap();
        check(rotation::read_instance(&path))?;
    }

    #[test]
    fn policy_never_panics(bytes in mangle(std::fs::read(model("haiyan-2022")).unwrap())) {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("policy.toml");
        std::fs::write(&path, bytes).unwrap();
        check(Policy::read(&path))?;
    }

    #[test]
    fn pins_never_panic(
        encoding in encoding_strategy(),
        bytes_edits in prop::collection::vec(edit_strategy(), 0..4),
        raw in prop::option::weighted(0.2, prop::collection::vec(any::<u8>(), 0..300)),
    ) {
        let valid = "teacher,action,school\nT01,move_to,R1\nT02,stay,\nT09,move,\n";
        let bytes = raw.unwrap_or_else(|| apply(&encode(valid, encoding), &bytes_edits));
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("pins.csv");
        std::fs::write(&path, bytes).unwrap();
        check(Pins::read(&path, &tiny_county()))?;
    }

    #[test]
    fn exchange_teams_and_team_pins_never_panic(
        encoding in encoding_strategy(),
        edits in prop::collection::vec(edit_strategy(), 0..4),
        raw in prop::option::weighted(0.2, prop::collection::vec(any::<u8>(), 0..300)),
    ) {
        let valid = "团队,教师编号\nA,T01\nA,T02\nB,T09\nB,T10\n";
        let bytes = raw.unwrap_or_else(|| apply(&encode(valid, encoding), &edits));
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("teams.csv");
        std::fs::write(&path, bytes).unwrap();
        let mut county = tiny_county();
        let mut warnings = Diagnostics::default();
        let teams = rotation::model::exchange_teams::ExchangeTeams::read(&path, &county, &mut warnings);
        let _ = warnings.to_string();
        if let Ok(teams) = &teams {
            // Pins naming a team or splitting one, against what was read.
            county.exchange_teams = teams.clone();
            let pins = dir.path().join("pins.csv");
            std::fs::write(&pins, "teacher,action,school\nA,move_to,R1\nT02,stay,\nB,move,\n").unwrap();
            check(Pins::read(&pins, &county))?;
        }
        check(teams)?;
    }

    #[test]
    fn joint_appointments_and_pins_moving_them_never_panic(
        encoding in encoding_strategy(),
        edits in prop::collection::vec(edit_strategy(), 0..4),
        raw in prop::option::weighted(0.2, prop::collection::vec(any::<u8>(), 0..300)),
    ) {
        let valid = "教师编号,联聘学校\nT01,R1\nT09,U2\n";
        let bytes = raw.unwrap_or_else(|| apply(&encode(valid, encoding), &edits));
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("joint.csv");
        std::fs::write(&path, bytes).unwrap();
        let mut county = tiny_county();
        let joint = rotation::model::joint::JointAppointments::read(&path, &county);
        if let Ok(joint) = &joint {
            // Pins that move a joint teacher, against what was read.
            county.joint = joint.clone();
            let pins = dir.path().join("pins.csv");
            std::fs::write(&pins, "teacher,action,school\nT01,move_to,R2\nT09,move,\n").unwrap();
            check(Pins::read(&pins, &county))?;
        }
        check(joint)?;
    }

    #[test]
    fn an_instance_joint_file_or_sheet_never_panics(
        chinese_name in any::<bool>(),
        in_workbook in any::<bool>(),
        encoding in encoding_strategy(),
        edits in prop::collection::vec(edit_strategy(), 0..4),
        cell in (0usize..4, 0usize..3, prop::string::string_regex("(|[ -~]{0,10}|[教师联聘学校编号T0-9RU#\n ]{0,6})").unwrap()),
    ) {
        // The joint appointments an instance carries, read as every command reads
        // them (`TeacherFiles::of_instance`, then the round's county): a folder's
        // joint.csv or 联聘.csv mangled, or one cell of a workbook's 联聘 sheet.
        let valid = "教师编号,联聘学校\nT01,R1\nT09,U2\n";
        let dir = tempfile::TempDir::new().unwrap();
        let instance = if in_workbook {
            let path = dir.path().join("county.xlsx");
            std::fs::write(&path, workbook_with_joint_cell(valid, cell.0, cell.1, &cell.2)).unwrap();
            path
        } else {
            for (name, text) in tiny_files().into_iter().take(3) {
                std::fs::write(dir.path().join(name), text).unwrap();
            }
            let name = if chinese_name { "联聘.csv" } else { "joint.csv" };
            std::fs::write(dir.path().join(name), apply(&encode(valid, encoding), &edits)).unwrap();
            dir.path().to_path_buf()
        };
        let loaded = rotation::read_instance(&instance).unwrap();
        let files = rotation::input::teacher_files::TeacherFiles::of_instance(&instance);
        let side = rotation::round::inputs::TeacherSide::read(&loaded.county, &files);
        if let Ok(side) = &side {
            check(side.county(&loaded.county, &Policy::default()))?;
        }
        check(side)?;
    }

    #[test]
    fn previous_and_verify_plans_never_panic(
        encoding in encoding_strategy(),
        edits in prop::collection::vec(edit_strategy(), 0..4),
        raw in prop::option::weighted(0.2, prop::collection::vec(any::<u8>(), 0..300)),
    ) {
        let valid = "teacher,name,subject,backbone,from_school,to_school,from_zone,to_zone,commute_km,reason\n\
                     T01,王芳,math,county,U1,R2,urban,rural,12.00,\"8 years, eligible\"\n\
                     T13,钱伟,math,city,R2,U1,rural,urban,12.00,x\n";
        let bytes = raw.unwrap_or_else(|| apply(&encode(valid, encoding), &edits));
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("plan.csv");
        std::fs::write(&path, bytes).unwrap();
        let county = tiny_county();
        let mut warnings = Diagnostics::default();
        check(Previous::read(&path, &county, &mut warnings))?;
        let _ = warnings.to_string();
        let mut warnings = Diagnostics::default();
        check(rotation::input::plan_file::read_plan_checked(&path, &county, &mut warnings))?;
        let _ = warnings.to_string();
    }
}

proptest! {
    // Each case runs the binary (and may solve): fewer cases.
    #![proptest_config(ProptestConfig { cases: config().cases.div_ceil(4), ..config() })]

    #[test]
    fn plan_on_mangled_input_exits_2_and_writes_nothing(
        file in 0usize..3,
        encoding in encoding_strategy(),
        edits in prop::collection::vec(edit_strategy(), 1..4),
    ) {
        let dir = tempfile::TempDir::new().unwrap();
        for (i, (name, text)) in tiny_files().into_iter().take(3).enumerate() {
            let bytes = if i == file {
                apply(&encode(&text, encoding), &edits)
            } else {
                text.into_bytes()
            };
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        let out_dir = dir.path().join("out");
        let out = rotation()
            .arg("plan")
            .arg(dir.path())
            .arg("--policy")
            .arg(model("haiyan-2022"))
            .arg("--out")
            .arg(&out_dir)
            .output()
            .unwrap();
        let code = out.status.code();
        let err = stderr_of(&out);
        prop_assert!(!err.contains("panicked"), "{err}");
        prop_assert!(matches!(code, Some(0..=3)), "exit {code:?}: {err}");
        if code == Some(2) {
            prop_assert!(err.contains("nothing was written"), "{err}");
            prop_assert!(!out_dir.exists(), "written despite exit 2: {err}");
            let first = err.lines().next().unwrap_or("");
            prop_assert!(first.starts_with("error: ") || first.starts_with("warning: "), "{err}");
        }
    }
}

/// `instances/tiny` as a workbook (`rotation template --from`), built once.
fn tiny_workbook() -> Vec<u8> {
    static BOOK: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BOOK.get_or_init(|| {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("tiny.xlsx");
        rotation()
            .args(["template", "--from"])
            .arg(tiny())
            .arg("--out")
            .arg(&path)
            .assert()
            .success();
        std::fs::read(&path).unwrap()
    })
    .clone()
}

/// `instances/tiny` as a workbook with one cell of one sheet replaced by `text`.
fn workbook_with_cell(sheet: usize, row: usize, col: usize, text: &str) -> Vec<u8> {
    use calamine::{open_workbook_auto_from_rs, Reader};
    let mut source = open_workbook_auto_from_rs(std::io::Cursor::new(tiny_workbook())).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    for (i, name) in source.sheet_names().into_iter().enumerate() {
        let range = source.worksheet_range(&name).unwrap();
        let ws = book.add_worksheet();
        ws.set_name(&name).unwrap();
        for (r, cells) in range.rows().enumerate() {
            for (c, v) in cells.iter().enumerate() {
                ws.write_string(r as u32, c as u16, rotation::input::workbook::cell_text(v))
                    .unwrap();
            }
        }
        if i == sheet {
            ws.write_string(row as u32, col as u16, text).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// `instances/tiny` as a workbook with a 联聘 sheet of `joint` (CSV text), one cell of
/// which is replaced by `text`.
fn workbook_with_joint_cell(joint: &str, row: usize, col: usize, text: &str) -> Vec<u8> {
    use calamine::{open_workbook_auto_from_rs, Reader};
    let mut source = open_workbook_auto_from_rs(std::io::Cursor::new(tiny_workbook())).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    for name in source.sheet_names() {
        let range = source.worksheet_range(&name).unwrap();
        let ws = book.add_worksheet();
        ws.set_name(&name).unwrap();
        for (r, cells) in range.rows().enumerate() {
            for (c, v) in cells.iter().enumerate() {
                ws.write_string(r as u32, c as u16, rotation::input::workbook::cell_text(v))
                    .unwrap();
            }
        }
    }
    let ws = book.add_worksheet();
    ws.set_name("联聘").unwrap();
    for (r, line) in joint.lines().enumerate() {
        for (c, v) in line.split(',').enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    ws.write_string(row as u32, col as u16, text).unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn the_mangled_files_start_from_valid_ones() {
    // The properties above edit valid files: check that they are valid.
    let dir = tempfile::TempDir::new().unwrap();
    for (name, text) in tiny_files() {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    assert!(rotation::read_instance(dir.path()).is_ok());
    let book = dir.path().join("tiny.xlsx");
    std::fs::write(&book, tiny_workbook()).unwrap();
    assert!(rotation::read_instance(&book).is_ok());
}
