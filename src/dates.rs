//! Dates given on the command line: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or RFC 3339.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// A span of time named by a date filter value: a whole year, month or day, or one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpan {
    /// The first instant of the span.
    pub start: DateTime<Utc>,
    /// The first instant after the span.
    pub end: DateTime<Utc>,
}

/// Explains which date forms are accepted; used in error messages.
pub const DATE_FORMS: &str =
    "use YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 time such as 2024-10-19T08:00:00Z";

impl DateSpan {
    /// Parses a date filter value.
    pub fn parse(value: &str) -> Result<DateSpan, String> {
        let value = value.trim();
        let invalid = || format!("'{value}' is not a date: {DATE_FORMS}");
        // Articles carry calendar dates, not times: a time names its day, as written.
        if let Ok(instant) = DateTime::parse_from_rfc3339(value) {
            let day = instant.date_naive();
            if let Some(next) = day.succ_opt() {
                return Ok(DateSpan {
                    start: midnight(day),
                    end: midnight(next),
                });
            }
        }
        let parts: Vec<&str> = value.split('-').collect();
        let number = |text: &str, digits: usize| -> Result<u32, String> {
            if text.len() == digits && text.bytes().all(|b| b.is_ascii_digit()) {
                text.parse().map_err(|_| invalid())
            } else {
                Err(invalid())
            }
        };
        let (first, next) = match parts.as_slice() {
            [year] => {
                let year = number(year, 4)? as i32;
                (ymd(year, 1, 1), ymd(year + 1, 1, 1))
            }
            [year, month] => {
                let year = number(year, 4)? as i32;
                let month = number(month, 2)?;
                let first = ymd(year, month, 1);
                let next = first.and_then(|day| day.checked_add_months(chrono::Months::new(1)));
                (first, next)
            }
            [year, month, day] => {
                let first = ymd(number(year, 4)? as i32, number(month, 2)?, number(day, 2)?);
                (first, first.and_then(|day| day.succ_opt()))
            }
            _ => return Err(invalid()),
        };
        match (first, next) {
            (Some(first), Some(next)) => Ok(DateSpan {
                start: midnight(first),
                end: midnight(next),
            }),
            _ => Err(invalid()),
        }
    }
}

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The first instant of a day, in UTC: how article dates are stored.
pub fn midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// Formats an article date the way newsdex prints it.
pub fn format_day(day: NaiveDate) -> String {
    let (year, month, date) = (day.year(), day.month(), day.day());
    match u32::try_from(year) {
        // Digit by digit: `format!` was a tenth of the cost of a hit's record.
        Ok(year) if year <= 9999 => {
            let mut out = String::with_capacity(10);
            push_digits(&mut out, year, 4);
            out.push('-');
            push_digits(&mut out, month, 2);
            out.push('-');
            push_digits(&mut out, date, 2);
            out
        }
        _ => format!("{year:04}-{month:02}-{date:02}"),
    }
}

/// Appends the last `count` decimal digits of `value`, zero-padded.
fn push_digits(out: &mut String, value: u32, count: u32) {
    for place in (0..count).rev() {
        let digit = value / 10u32.pow(place) % 10;
        out.push(char::from_digit(digit, 10).unwrap_or('0'));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_print_as_iso_dates_in_any_year() {
        for (year, month, day) in [(2024, 10, 19), (1987, 2, 26), (5, 1, 9), (9999, 12, 31)] {
            let date = NaiveDate::from_ymd_opt(year, month, day);
            let expected = format!("{year:04}-{month:02}-{day:02}");
            assert_eq!(date.map(format_day), Some(expected));
        }
        let far = [(10_000, "10000-01-01"), (-44, "-044-01-01")];
        for (year, expected) in far {
            let date = NaiveDate::from_ymd_opt(year, 1, 1);
            assert_eq!(date.map(format_day).as_deref(), Some(expected));
        }
    }

    fn span(value: &str) -> (String, String) {
        match DateSpan::parse(value) {
            Ok(span) => (span.start.to_rfc3339(), span.end.to_rfc3339()),
            Err(message) => panic!("{message}"),
        }
    }

    #[test]
    fn years_months_and_days_are_whole_spans() {
        assert_eq!(
            span("2024"),
            (
                "2024-01-01T00:00:00+00:00".into(),
                "2025-01-01T00:00:00+00:00".into()
            )
        );
        assert_eq!(
            span("2024-12"),
            (
                "2024-12-01T00:00:00+00:00".into(),
                "2025-01-01T00:00:00+00:00".into()
            )
        );
        assert_eq!(
            span("2024-02-29"),
            (
                "2024-02-29T00:00:00+00:00".into(),
                "2024-03-01T00:00:00+00:00".into()
            )
        );
    }

    #[test]
    fn rfc3339_times_name_their_day_as_written() {
        assert_eq!(
            span("2024-10-19T23:30:00-05:00"),
            (
                "2024-10-19T00:00:00+00:00".into(),
                "2024-10-20T00:00:00+00:00".into()
            )
        );
    }

    #[test]
    fn bad_dates_are_explained() {
        for bad in [
            "2024-13",
            "2023-02-29",
            "24-10-19",
            "yesterday",
            "",
            "2024-1-5",
        ] {
            let message = DateSpan::parse(bad).err().unwrap_or_default();
            assert_eq!(message, format!("'{bad}' is not a date: {DATE_FORMS}"));
        }
    }
}
