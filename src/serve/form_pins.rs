//! The pins of the pages' forms. The re-plan form's choices (the pins carried, a
//! choice per mover, one free row) become the rows of the round's `pins.csv`; a
//! teacher given two choices that disagree is refused by name, as `--pins` refuses
//! such rows from a file, instead of the later choice silently winning.

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
