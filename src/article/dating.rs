//! Article dates: parsing metadata values and finding dates in the text.

use chrono::NaiveDate;

use super::DateProvenance;

/// Parses a date as found in metadata (header, front matter, JSON field, HTML meta, manifest).
pub(crate) fn parse_date_value(_value: &str) -> Option<NaiveDate> {
    None
}

/// Finds a date in the opening of an article's text: a full date (`Text`), or a month and day
/// whose stated weekday fixes the year (`Weekday`, the latest such date not after `today`).
pub(crate) fn find_date_in_text(
    _text: &str,
    _today: NaiveDate,
) -> Option<(NaiveDate, DateProvenance)> {
    None
}
