//! The exchange cycle over several years (`rules.cycle_years`, `rules.cycle_share`):
//! "every eligible teacher rotates at least once within six years", checked on a
//! multi-year plan without the solver.
//!
//! The rule is read at the end of a horizon of rounds `first..=last`:
//! - the window is the `cycle_years` years ending with the horizon's last round,
//!   `last − cycle_years + 1 ..= last`;
//! - the teachers due are those eligible in the horizon's first round, and those whose
//!   latest exchange (by the history) began inside the window: they already count as
//!   done, whatever their standing this year;
//! - a teacher due is done when an exchange of theirs (history, or a move of the
//!   horizon) began inside the window;
//! - the rule holds when done ≥ ⌈cycle_share · due⌉.
//!
//! Teachers who first become eligible during the horizon start their own cycle and are
//! not due within it.

use crate::model::history::Stint;
use crate::model::lang::Lang;
use crate::model::shares::ceil_share;
use crate::rules::eligibility::Eligibility;
use serde::Serialize;

/// The cycle rule of a policy: `rules.cycle_years` and `rules.cycle_share`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CycleRule {
    /// `rules.cycle_years`.
    pub years: u32,
    /// `rules.cycle_share`.
    pub share: f64,
}

impl CycleRule {
    /// The rule of `policy`, when it sets `rules.cycle_years`.
    pub fn of(policy: &crate::model::policy::Policy) -> Option<CycleRule> {
        policy.rules.cycle_years.map(|years| CycleRule {
            years,
            share: policy.rules.cycle_share,
        })
    }

    /// The window of a horizon whose last round is `last`: first and last year.
    pub fn window(&self, last: i32) -> (i32, i32) {
        (last - self.years as i32 + 1, last)
    }
}

/// Who the cycle holds to account over a horizon: per teacher, whether they are due.
pub fn due_teachers(
    rule: &CycleRule,
    last: i32,
    first_eligibility: &[Eligibility],
    history: &[Stint],
) -> Vec<bool> {
    let (from, to) = rule.window(last);
    let mut due: Vec<bool> = first_eligibility.iter().map(|e| e.is_eligible()).collect();
    for s in history {
        if (from..=to).contains(&s.start_year) {
            due[s.teacher] = true;
        }
    }
    due
}

/// The cycle rule read on a whole horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CycleCheck {
    /// The rule.
    pub rule: CycleRule,
    /// The window's first and last year.
    pub window: (i32, i32),
    /// Teachers due.
    pub due: u32,
    /// Teachers due who rotated inside the window.
    pub done: u32,
    /// ⌈cycle_share · due⌉.
    pub required: u32,
    /// `required − done` when positive, else 0.
    pub shortfall: u32,
}

impl CycleCheck {
    /// Whether the rule holds.
    pub fn met(&self) -> bool {
        self.shortfall == 0
    }

    /// The result in words, naming the rule, the window and how short the plan is.
    pub fn text(&self, lang: Lang) -> String {
        self.text_after(lang, 0)
    }

    /// [`CycleCheck::text`] after a horizon of which `stopped` years stopped at the
    /// time limit: a cycle missed then may not be the yearly rules' doing alone (those
    /// years may have moved more of the teachers due, or moved nobody for lack of
    /// time), so the text says so after its own diagnosis.
    pub fn text_after(&self, lang: Lang, stopped: usize) -> String {
        let text = self.words(lang);
        if stopped == 0 || self.met() {
            return text;
        }
        match lang {
            Lang::En => format!(
                "{text}. {stopped} year(s) stopped at the time limit: a longer --time-limit \
                 may move more of the teachers due"
            ),
            Lang::Zh => format!(
                "{text}。有 {stopped} 年达到时间上限：延长 --time-limit 可能使更多应交流教师交流"
            ),
        }
    }

    fn words(&self, lang: Lang) -> String {
        let (from, to) = self.window;
        let (years, share) = (self.rule.years, self.rule.share);
        let pct = |n: u32| {
            if self.due == 0 {
                0.0
            } else {
                100.0 * n as f64 / self.due as f64
            }
        };
        match (lang, self.met()) {
            (Lang::En, true) => format!(
                "cycle rule met: {} of {} teachers due ({:.1}%) rotated within {from}–{to} \
                 (rules.cycle_years = {years}, rules.cycle_share = {share} needs {})",
                self.done,
                self.due,
                pct(self.done),
                self.required
            ),
            (Lang::En, false) => format!(
                "cycle rule missed: only {} of {} teachers due ({:.1}%) rotated within \
                 {from}–{to}; rules.cycle_share = {share} over rules.cycle_years = {years} \
                 needs {}: {} short. The yearly rules (outflow caps, staffing and subject \
                 balance, commute cap, no_repeat_years) leave too few moves of the teachers \
                 due; plan more years, lower the share, or loosen a yearly rule",
                self.done,
                self.due,
                pct(self.done),
                self.required,
                self.shortfall
            ),
            (Lang::Zh, true) => format!(
                "轮岗周期达标：{from}–{to} 年间应交流教师 {} 人中已交流 {} 人（{:.1}%）\
                 （rules.cycle_years = {years}，rules.cycle_share = {share}，需 {} 人）",
                self.due,
                self.done,
                pct(self.done),
                self.required
            ),
            (Lang::Zh, false) => format!(
                "轮岗周期未达标：{from}–{to} 年间应交流教师 {} 人中仅 {} 人交流（{:.1}%）；\
                 rules.cycle_years = {years} 年内比例 rules.cycle_share = {share} 需 {} 人，\
                 差 {} 人。各年的规则（流出上限、编制与学科平衡、通勤上限、no_repeat_years）\
                 留给应交流教师的调动太少；可规划更多年、降低比例或放宽某年的规则",
                self.due,
                self.done,
                pct(self.done),
                self.required,
                self.shortfall
            ),
        }
    }
}

/// Reads the cycle rule on a horizon whose last round is `last`: `due` from
/// [`due_teachers`], `stints` every exchange known at the end (the history read and
/// every move of the horizon).
pub fn check_cycle(rule: &CycleRule, last: i32, due: &[bool], stints: &[Stint]) -> CycleCheck {
    let window = rule.window(last);
    let mut done = vec![false; due.len()];
    for s in stints {
        if (window.0..=window.1).contains(&s.start_year) {
            done[s.teacher] = true;
        }
    }
    let due_count = due.iter().filter(|&&d| d).count() as u32;
    let done_count = due.iter().zip(&done).filter(|(&d, &r)| d && r).count() as u32;
    let required = ceil_share(rule.share, due_count);
    CycleCheck {
        rule: *rule,
        window,
        due: due_count,
        done: done_count,
        required,
        shortfall: required.saturating_sub(done_count),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::input_message::has_chinese;

    fn stint(teacher: usize, start_year: i32) -> Stint {
        Stint {
            teacher,
            from: 0,
            to: 1,
            start_year,
            end_year: None,
            line: 0,
        }
    }

    fn eligible(n: usize) -> Vec<Eligibility> {
        vec![Eligibility::Eligible { years_at_school: 6 }; n]
    }

    #[test]
    fn a_rotation_inside_the_window_counts_as_done_and_one_before_does_not() {
        let rule = CycleRule {
            years: 3,
            share: 0.5,
        };
        // Window 2022–2024: teacher 0 went in 2021 (too early), teacher 1 in 2022.
        let history = [stint(0, 2021), stint(1, 2022)];
        let mut first = eligible(4);
        first[1] = Eligibility::RotatedRecently {
            year: 2022,
            years: 6,
        };
        let due = due_teachers(&rule, 2024, &first, &history);
        assert_eq!(due, vec![true, true, true, true]);
        let check = check_cycle(&rule, 2024, &due, &history);
        assert_eq!((check.due, check.done, check.required), (4, 1, 2));
        assert_eq!(check.shortfall, 1);
        let with_move = [stint(0, 2021), stint(1, 2022), stint(3, 2024)];
        assert!(check_cycle(&rule, 2024, &due, &with_move).met());
    }

    #[test]
    fn teachers_not_eligible_in_the_first_round_are_not_due() {
        let rule = CycleRule {
            years: 6,
            share: 1.0,
        };
        let mut first = eligible(2);
        first[1] = Eligibility::TooFewYears {
            years: 2,
            needed: 6,
        };
        let due = due_teachers(&rule, 2024, &first, &[]);
        let check = check_cycle(&rule, 2024, &due, &[stint(0, 2023)]);
        assert_eq!((check.due, check.done, check.required), (1, 1, 1));
        assert!(check.met());
    }

    #[test]
    fn the_shortfall_is_said_in_both_languages() {
        let rule = CycleRule {
            years: 6,
            share: 1.0,
        };
        let check = check_cycle(&rule, 2024, &[true, true], &[]);
        assert_eq!(check.shortfall, 2);
        let en = check.text(Lang::En);
        assert!(en.contains("2 short") && en.contains("2019–2024"), "{en}");
        let zh = check.text(Lang::Zh);
        assert!(has_chinese(&zh) && zh.contains("差 2 人"), "{zh}");
        assert!(has_chinese(
            &check_cycle(&rule, 2024, &[false], &[]).text(Lang::Zh)
        ));
    }

    /// A cycle missed after years stopped at the time limit names the limit after its
    /// own diagnosis; met, it reads as without.
    #[test]
    fn a_cycle_missed_after_years_at_the_time_limit_names_the_limit() {
        let rule = CycleRule {
            years: 6,
            share: 1.0,
        };
        let missed = check_cycle(&rule, 2024, &[true, true], &[]);
        let en = missed.text_after(Lang::En, 1);
        assert!(en.starts_with(&missed.text(Lang::En)), "{en}");
        assert!(en.contains("1 year(s) stopped at the time limit"), "{en}");
        assert!(!en.contains("  "), "{en}");
        let zh = missed.text_after(Lang::Zh, 1);
        assert!(zh.starts_with(&missed.text(Lang::Zh)), "{zh}");
        assert!(zh.contains("有 1 年达到时间上限"), "{zh}");
        assert_eq!(missed.text_after(Lang::En, 0), missed.text(Lang::En));
        let met = check_cycle(&rule, 2024, &[true], &[stint(0, 2023)]);
        assert!(met.met());
        assert_eq!(met.text_after(Lang::Zh, 2), met.text(Lang::Zh));
    }
}
