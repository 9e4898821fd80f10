//! Finding a date in free text, for remediation commitments ("action and date").
//!
//! Accepted, in UK order: `2027-03-31`, `31/03/2027`, `31.03.2027`, `31-03-2027`,
//! `31 March 2027`, `31st Mar 2027`, `March 31, 2027`, and a month with a year (`March 2027`,
//! read as the end of that month). Impossible dates such as `31/02/2027` are not dates.

use std::fmt;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A date if it exists in the calendar (years 1900–2999).
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        if !(1900..=2999).contains(&year)
            || !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
        {
            return None;
        }
        Some(Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut parts = s.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// The date `days` days after 1899-12-30, the day Excel's serial numbers count from.
    pub fn from_excel_serial(days: i64) -> Option<Date> {
        // Days from 1970-01-01, then the civil-from-days algorithm (Howard Hinnant).
        let z = days - 25569 + 719468;
        let era = z.div_euclid(146097);
        let doe = z.rem_euclid(146097);
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(u32::try_from(year).ok()?, month as u32, day as u32)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            *m == w || (w.len() >= 3 && m.starts_with(w) && (w.len() == 3 || w == "sept"))
        })
        .map(|i| i as u32 + 1)
}

fn day(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(&w);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(word: &str) -> Option<u32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

/// `31/03/2027`, `31.03.2027`, `31-03-2027` or `2027-03-31`.
fn numeric(word: &str) -> Option<Date> {
    if let Some(d) = Date::parse_iso(word) {
        return Some(d);
    }
    let sep = ['/', '.', '-'].into_iter().find(|c| word.contains(*c))?;
    let parts: Vec<&str> = word.split(sep).collect();
    if parts.len() != 3 || parts[2].len() != 4 || parts[0].len() > 2 || parts[1].len() > 2 {
        return None;
    }
    Date::new(
        parts[2].parse().ok()?,
        parts[1].parse().ok()?,
        parts[0].parse().ok()?,
    )
}

/// The first date written in `text`, if any.
pub fn find_date(text: &str) -> Option<Date> {
    let words: Vec<&str> = text
        .split(|c: char| {
            c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '[' | ']' | '"' | '“' | '”')
        })
        .map(|w| w.trim_end_matches(['.', ':', '!', '?']))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(d) = numeric(w) {
            return Some(d);
        }
        let next = |k: usize| words.get(i + k).copied().unwrap_or("");
        // 31 March 2027
        if let (Some(d), Some(m), Some(y)) = (day(w), month(next(1)), year(next(2))) {
            if let Some(date) = Date::new(y, m, d) {
                return Some(date);
            }
        }
        if let Some(m) = month(w) {
            // March 31, 2027
            if let (Some(d), Some(y)) = (day(next(1)), year(next(2))) {
                if let Some(date) = Date::new(y, m, d) {
                    return Some(date);
                }
            }
            // March 2027: the end of the month
            if let Some(y) = year(next(1)) {
                if (1900..=2999).contains(&y) {
                    return Date::new(y, m, days_in_month(y, m));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<String> {
        find_date(s).map(|d| d.to_string())
    }

    #[test]
    fn dates_in_common_uk_forms_are_found() {
        assert_eq!(d("Deploy MFA by 2027-03-31."), Some("2027-03-31".into()));
        assert_eq!(d("Deploy MFA by 31/03/2027"), Some("2027-03-31".into()));
        assert_eq!(d("Deploy MFA by 31.3.2027"), Some("2027-03-31".into()));
        assert_eq!(d("Deploy MFA by 31 March 2027"), Some("2027-03-31".into()));
        assert_eq!(d("by 1st Sept 2027"), Some("2027-09-01".into()));
        assert_eq!(d("by March 31, 2027"), Some("2027-03-31".into()));
        assert_eq!(d("by end of February 2028"), Some("2028-02-29".into()));
    }

    #[test]
    fn vague_or_impossible_dates_are_not_dates() {
        assert_eq!(d("We will fix this soon"), None);
        assert_eq!(d("Within 3 months of award"), None);
        assert_eq!(d("by 31/02/2027"), None);
        assert_eq!(d("next May"), None);
        assert_eq!(d("ISO 27001 certification"), None);
    }

    #[test]
    fn excel_serial_numbers_convert() {
        assert_eq!(
            Date::from_excel_serial(46477).map(|d| d.to_string()),
            Some("2027-03-31".into())
        );
        assert_eq!(
            Date::from_excel_serial(25569).map(|d| d.to_string()),
            Some("1970-01-01".into())
        );
    }
}
