//! The date a notice is issued on (落款日期): given as `YYYY-MM-DD`, or today, so that
//! notices written in tests and re-runs are reproducible.

use crate::model::error::{Result, RotationError};
use crate::model::lang::Lang;
use crate::model::usage_message::UsageMessage;
use std::fmt;

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct IssueDate {
    /// Year, 1900–9999.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31 (checked against the month).
    pub day: u32,
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl IssueDate {
    /// Parses `YYYY-MM-DD`; `flag` names the option in the message.
    pub fn parse(text: &str, flag: &str) -> Result<IssueDate> {
        let bad = || {
            RotationError::Refused(UsageMessage::BadDate {
                flag: flag.to_string(),
                text: text.to_string(),
            })
        };
        let parts: Vec<&str> = text.trim().split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let (year, month, day) = (
            y.parse::<i32>().map_err(|_| bad())?,
            m.parse::<u32>().map_err(|_| bad())?,
            d.parse::<u32>().map_err(|_| bad())?,
        );
        if !(1900..=9999).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
        {
            return Err(bad());
        }
        Ok(IssueDate { year, month, day })
    }

    /// Today, in UTC, from the system clock.
    pub fn today() -> IssueDate {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        IssueDate::from_days((secs / 86_400) as i64)
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's civil-from-days).
    pub fn from_days(days: i64) -> IssueDate {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + if month <= 2 { 1 } else { 0 }) as i32;
        IssueDate { year, month, day }
    }

    /// The date as a notice prints it: `2026年8月25日`, or `25 August 2026`.
    pub fn text(&self, lang: Lang) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        match lang {
            Lang::Zh => format!("{}年{}月{}日", self.year, self.month, self.day),
            Lang::En => format!(
                "{} {} {}",
                self.day,
                MONTHS[(self.month - 1) as usize],
                self.year
            ),
        }
    }
}

/// `YYYY-MM-DD`.
impl fmt::Display for IssueDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_reads_and_prints_back() {
        let d = IssueDate::parse("2024-02-29", "--date").unwrap();
        assert_eq!(d.to_string(), "2024-02-29");
        assert_eq!(d.text(Lang::Zh), "2024年2月29日");
        assert_eq!(d.text(Lang::En), "29 February 2024");
    }

    #[test]
    fn impossible_dates_are_refused_with_the_flag() {
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-1-5",
            "26-01-05",
            "today",
            "",
        ] {
            let e = IssueDate::parse(bad, "--date").unwrap_err().to_string();
            assert!(e.starts_with("--date") && e.contains("YYYY-MM-DD"), "{e}");
        }
    }

    #[test]
    fn days_since_the_epoch_give_the_calendar_date() {
        assert_eq!(IssueDate::from_days(0).to_string(), "1970-01-01");
        assert_eq!(IssueDate::from_days(19_723).to_string(), "2024-01-01");
        assert_eq!(IssueDate::from_days(11_016).to_string(), "2000-02-29");
    }
}
