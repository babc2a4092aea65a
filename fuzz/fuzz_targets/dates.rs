#![no_main]

use chrono::NaiveDate;
use newsdex::article::{find_date_in_text, parse_date_value};
use newsdex::dates::DateSpan;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default();
    let _ = parse_date_value(text);
    if let Some((day, _)) = find_date_in_text(text, today) {
        let _ = newsdex::dates::midnight(day);
    }
    if let Ok(span) = DateSpan::parse(text) {
        assert!(span.start <= span.end);
    }
});
