//! What every article-parser target checks: the file parses without a panic, and the passages
//! of every article lie within its text, in order, on UTF-8 boundaries.

use chrono::NaiveDate;
use newsdex::article::{self, ParseContext};
use newsdex::passage;

pub fn check_file(name: &str, data: &[u8]) {
    // The indexer rules these out before parsing; the parsers may assume it.
    if data.iter().all(u8::is_ascii_whitespace) || article::is_binary(data) {
        return;
    }
    let context = ParseContext {
        today: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default(),
        overrides: None,
        folder_source: None,
    };
    let parsed = article::parse_file(name, name, data, &context);
    for article in &parsed.articles {
        assert!(!article.id.is_empty());
        assert!(!article.body.trim().is_empty(), "an article without text");
        let passages = passage::split(&article.body);
        let mut previous_end = 0;
        for (ordinal, passage) in passages.iter().enumerate() {
            assert_eq!(passage.ordinal, ordinal);
            assert!(passage.start >= previous_end && passage.start < passage.end);
            assert!(passage.end <= article.body.len());
            assert!(article.body.is_char_boundary(passage.start));
            assert!(article.body.is_char_boundary(passage.end));
            previous_end = passage.end;
        }
        let _ = article::derive_title(&article.body);
    }
}
