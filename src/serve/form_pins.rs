//! The pins of the pages' forms. The re-plan form's choices (the pins carried, a
//! choice per mover, one free row) become the rows of the round's `pins.csv`; a
//! teacher given two choices that disagree is refused by name, as `--pins` refuses
//! such rows from a file, instead of the later choice silently winning. And the
//! problems of pins are named as the officer knows them: the form (锁定) and the
//! teacher of the row, never the `pins.csv` the server keeps them in.

use crate::serve::page::Page;
use crate::serve::store::Problem;
use std::collections::HashMap;

/// One pin of a form: teacher, action (`stay`, `move`, `move_to`), school.
pub type FormPin = (String, String, String);

/// The pins of the re-plan form `form` (`old` = `teacher|action|school` for each pin
/// carried, `pin.<teacher>` = `stay` or `keep` for a mover, whose current school is
/// `to_of`, and the free row `extra_teacher`, `extra_action`, `extra_school`), in the
/// form's order. A teacher chosen twice alike is pinned once; chosen twice with
/// choices that disagree (留任 and 调往, two schools), the problems name each such
/// teacher with both choices, in the page's language.
pub fn replan_pins(
    form: &[(String, String)],
    to_of: &HashMap<&str, &str>,
    page: &Page,
) -> Result<Vec<FormPin>, Vec<Problem>> {
    let get = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim())
            .unwrap_or("")
    };
    let mut chosen: Vec<FormPin> = Vec::new();
    for (name, value) in form {
        if name == "old" {
            let mut f = value.splitn(3, '|');
            let mut next = || f.next().unwrap_or("").to_string();
            let (t, a, s) = (next(), next(), next());
            chosen.push((t, a, s));
        } else if let Some(t) = name.strip_prefix("pin.") {
            match value.as_str() {
                "stay" => chosen.push((t.into(), "stay".into(), String::new())),
                "keep" => chosen.push((
                    t.into(),
                    "move_to".into(),
                    to_of.get(t).copied().unwrap_or("").into(),
                )),
                _ => {}
            }
        }
    }
    let extra = get("extra_teacher");
    if !extra.is_empty() {
        let action = get("extra_action");
        let school = if action == "move_to" {
            get("extra_school")
        } else {
            ""
        };
        chosen.push((extra.into(), action.into(), school.into()));
    }
    let mut pins: Vec<FormPin> = Vec::new();
    let mut problems = Vec::new();
    for pin in chosen {
        match pins.iter().find(|p| p.0 == pin.0) {
            None => pins.push(pin),
            Some(first) if *first == pin => {}
            Some(first) => problems.push(contradiction(first, &pin, page)),
        }
    }
    if problems.is_empty() {
        Ok(pins)
    } else {
        Err(problems)
    }
}

/// A pin's choice in words: `留任`, `必须交流`, `调往 S02` (`stay`, `move`, `move_to S02`).
fn choice(pin: &FormPin, lang: crate::model::lang::Lang) -> String {
    let zh = lang == crate::model::lang::Lang::Zh;
    let action = match (pin.1.as_str(), zh) {
        ("stay", true) => "留任",
        ("move", true) => "必须交流",
        ("move_to", true) => "调往",
        (other, _) => other,
    };
    if pin.2.is_empty() {
        action.to_string()
    } else {
        format!("{action} {}", pin.2)
    }
}

fn contradiction(first: &FormPin, this: &FormPin, page: &Page) -> Problem {
    use crate::model::lang::Lang;
    let t = &first.0;
    let mut p = Problem::plain(
        &form_name(page, Some(t)),
        format!(
            "contradictory pins for teacher {t}: `{}` and `{}`; keep one (untick the pin carried, or change the choice)",
            choice(first, Lang::En),
            choice(this, Lang::En)
        ),
    );
    p.message_zh = format!(
        "教师 {t} 的锁定互相矛盾：“{}”与“{}”；请只保留一个（取消勾选已有锁定，或改选）",
        choice(first, Lang::Zh),
        choice(this, Lang::Zh)
    );
    p
}

/// The form's name where a problem names its file: 锁定 (pins), with the teacher.
fn form_name(page: &Page, teacher: Option<&str>) -> String {
    match teacher.filter(|t| !t.is_empty()) {
        Some(t) => format!(
            "{}{t}{}",
            page.t("锁定（教师 ", "pins (teacher "),
            page.t("）", ")")
        ),
        None => page.t("锁定", "pins").to_string(),
    }
}

/// `problems` as the page shows them: a problem of `pins.csv`, which the server wrote
/// from a form (`csv`, its text), names the form and the teacher of its row instead.
/// Its line and column stay when the officer typed the rows (`typed`: the pins box of
/// the upload form, whose lines they are); the re-plan form has no lines, so they go,
/// with the lines its messages cite.
pub fn named_on_page(problems: Vec<Problem>, csv: &str, typed: bool, page: &Page) -> Vec<Problem> {
    problems
        .into_iter()
        .map(|mut p| {
            if p.file != "pins.csv" {
                return p;
            }
            let teacher = p
                .line
                .and_then(|l| csv.lines().nth(l.checked_sub(1)?))
                .map(|row| {
                    let first = row.split(',').next().unwrap_or("");
                    first
                        .trim()
                        .trim_matches('"')
                        .trim_start_matches('\u{feff}')
                });
            p.file = form_name(page, teacher);
            let named = |text: &str, form: &str| text.replace("pins.csv", form);
            p.message = named(&p.message, "the pins");
            p.message_zh = named(&p.message_zh, "「锁定」");
            if !typed {
                (p.line, p.column, p.column_name) = (None, None, None);
                p.message = without_lines(&p.message, " (line ", ")");
                p.message = without_lines(&p.message, " (lines ", ")");
                p.message_zh = without_lines(&p.message_zh, "（第 ", " 行）");
            }
            p
        })
        .collect()
}

/// `text` without the line numbers it cites as `{open}N{close}` (or a range `N–M`).
fn without_lines(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(open) {
        let after = &rest[i + open.len()..];
        let digits = after.len()
            - after
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '–')
                .len();
        if digits > 0 && after[digits..].starts_with(close) {
            out.push_str(&rest[..i]);
            rest = &after[digits + close.len()..];
        } else {
            out.push_str(&rest[..i + open.len()]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_ranges_of_lines_are_taken_out() {
        let en = "`A` (line 2), `B` (line 3) and 16 more (lines 8–23); x";
        let en = without_lines(&without_lines(en, " (line ", ")"), " (lines ", ")");
        assert_eq!(en, "`A`, `B` and 16 more; x");
        let zh = "`甲`（第 2 行）及另外 16 条（第 8–23 行）；x";
        assert_eq!(without_lines(zh, "（第 ", " 行）"), "`甲`及另外 16 条；x");
    }

    fn page(zh: bool) -> Page {
        Page {
            zh,
            path: "/".into(),
        }
    }

    fn form(fields: &[(&str, &str)]) -> Vec<(String, String)> {
        fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_teacher_chosen_twice_alike_is_pinned_once() {
        let to_of = HashMap::from([("T05", "S02")]);
        let pins = replan_pins(
            &form(&[
                ("old", "T05|move_to|S02"),
                ("pin.T05", "keep"),
                ("pin.T06", ""),
            ]),
            &to_of,
            &page(true),
        )
        .unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(pins, vec![("T05".into(), "move_to".into(), "S02".into())]);
    }

    #[test]
    fn choices_that_disagree_are_named_in_the_page_language() {
        let to_of = HashMap::from([("T05", "S02")]);
        let fields = form(&[
            ("old", "T05|move_to|S02"),
            ("pin.T05", "stay"),
            ("extra_teacher", "T07"),
            ("extra_action", "stay"),
            ("extra_school", "S03"),
            ("old", "T07|move_to|S03"),
        ]);
        let zh = replan_pins(&fields, &to_of, &page(true)).unwrap_err();
        assert_eq!(zh.len(), 2, "{zh:?}");
        assert_eq!(zh[0].file, "锁定（教师 T05）");
        assert_eq!(
            zh[0].message_zh,
            "教师 T05 的锁定互相矛盾：“调往 S02”与“留任”；请只保留一个（取消勾选已有锁定，或改选）"
        );
        // The carried pin comes first in the form, the free row last.
        assert!(zh[1].message_zh.contains("“调往 S03”与“留任”"), "{zh:?}");
        let en = replan_pins(&fields, &to_of, &page(false)).unwrap_err();
        assert_eq!(en[0].file, "pins (teacher T05)");
        assert_eq!(
            en[0].message,
            "contradictory pins for teacher T05: `move_to S02` and `stay`; keep one (untick the pin carried, or change the choice)"
        );
    }

    fn pins_problem(line: usize, message: &str, message_zh: &str) -> Problem {
        let mut p = Problem::plain("pins.csv", message);
        p.message_zh = message_zh.into();
        p.line = Some(line);
        p.column = Some(1);
        p.column_name = Some("teacher".into());
        p
    }

    #[test]
    fn a_pin_problem_names_the_form_and_the_teacher_not_pins_csv() {
        let csv = "teacher,action,school\nT05,stay,\nT99,stay,";
        let problems = vec![
            pins_problem(
                3,
                "pin `T99 stay` cannot hold together with `T05 stay` (line 2): see pins.csv",
                "锁定“T99 留任”与 `T05 留任`（第 2 行）无法同时满足",
            ),
            Problem::plain("policy.toml", "kept as is"),
        ];
        let typed = named_on_page(problems.clone(), csv, true, &page(true));
        assert_eq!(typed[0].file, "锁定（教师 T99）");
        assert_eq!((typed[0].line, typed[0].column), (Some(3), Some(1)));
        assert!(typed[0].message_zh.contains("（第 2 行）"), "{typed:?}");
        assert_eq!(typed[1], problems[1]);
        let form = named_on_page(problems, csv, false, &page(false));
        assert_eq!(form[0].file, "pins (teacher T99)");
        assert_eq!((form[0].line, form[0].column), (None, None));
        assert_eq!(
            form[0].message,
            "pin `T99 stay` cannot hold together with `T05 stay`: see the pins"
        );
        assert_eq!(
            form[0].message_zh,
            "锁定“T99 留任”与 `T05 留任`无法同时满足"
        );
        assert!(!format!("{form:?}").contains("pins.csv"));
    }
}
