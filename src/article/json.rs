//! JSON articles: one object per `.json` file (or an array of them), one per line in
//! `.jsonl`/`.ndjson`. Field names follow news-please, BEIR and common scraper output.

use rayon::prelude::*;
use serde_json::{Map, Value};

use super::fields::{self, Key};
use super::{Draft, text};
use crate::skip::SkipKind;

/// The records of a JSON file: each with its line (JSON Lines) or position (arrays), and the
/// records that could not be read.
#[derive(Debug, Default)]
pub(super) struct Records {
    /// Readable records, with their 1-based line or position.
    pub drafts: Vec<(Option<usize>, Draft)>,
    /// Unreadable records, with their 1-based line or position.
    pub problems: Vec<(Option<usize>, SkipKind, String)>,
}

/// Parses a `.json` file: one object, or an array of objects.
pub(super) fn parse_document(content: &str) -> Records {
    let mut records = Records::default();
    match serde_json::from_str::<Value>(content) {
        Ok(Value::Object(object)) => records.drafts.push((None, draft(&object))),
        Ok(Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                match item {
                    Value::Object(object) => records.drafts.push((Some(index + 1), draft(object))),
                    _ => records.problems.push((
                        Some(index + 1),
                        SkipKind::Malformed,
                        "array item is not a JSON object".to_string(),
                    )),
                }
            }
        }
        Ok(_) => records.problems.push((
            None,
            SkipKind::Malformed,
            "not a JSON object or array of objects".to_string(),
        )),
        Err(err) => {
            records
                .problems
                .push((None, SkipKind::Malformed, format!("invalid JSON: {err}")))
        }
    }
    records
}

/// Parses a JSON Lines file, or a part of one whose first line is `first_line` (1-based); a bad
/// line is reported and the others are kept.
pub(super) fn parse_lines(content: &str, first_line: usize) -> Records {
    let lines: Vec<(usize, &str)> = content
        .lines()
        .enumerate()
        .map(|(index, line)| (index + first_line, line.trim()))
        .filter(|(_, line)| !line.is_empty())
        .collect();
    // Lines are independent: parse them on all cores, keeping their order.
    let parsed: Vec<(usize, LineRecord)> = lines
        .par_iter()
        .map(|&(line_number, line)| {
            let record = match serde_json::from_str::<Value>(line) {
                Ok(Value::Object(object)) => Ok(draft(&object)),
                Ok(_) => Err((SkipKind::Malformed, "not a JSON object".to_string())),
                Err(err) => Err((SkipKind::Malformed, line_error(&err))),
            };
            (line_number, record)
        })
        .collect();
    let mut records = Records::default();
    for (line_number, record) in parsed {
        match record {
            Ok(draft) => records.drafts.push((Some(line_number), draft)),
            Err((kind, detail)) => records.problems.push((Some(line_number), kind, detail)),
        }
    }
    records
}

/// A line's record, or why it could not be read.
type LineRecord = Result<Draft, (SkipKind, String)>;

/// Describes a JSON error within one line: by column, since the line is named already.
fn line_error(err: &serde_json::Error) -> String {
    let message = err.to_string();
    let reason = message
        .rfind(" at line ")
        .map_or(message.as_str(), |at| &message[..at]);
    format!("invalid JSON at column {}: {reason}", err.column())
}

/// Reads the known fields of a record; the first field found for each wins.
fn draft(object: &Map<String, Value>) -> Draft {
    let mut draft = Draft::default();
    let mut body = None;
    for (name, value) in object {
        let Some(key) = fields::key(name) else {
            continue;
        };
        let separator = if key == Key::Body { "\n\n" } else { ", " };
        let value = match value {
            // An explicit null date is kept, so that it is reported rather than ignored.
            Value::Null if key == Key::Date => "null".to_string(),
            _ => match value_text(value, separator) {
                Some(value) => value,
                None => continue,
            },
        };
        let slot = match key {
            Key::Id => &mut draft.id,
            Key::Title => &mut draft.title,
            Key::Body => &mut body,
            Key::Date => &mut draft.date,
            Key::Source => &mut draft.source,
            Key::Url => &mut draft.url,
            Key::Author => &mut draft.author,
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }
    draft.title = draft.title.map(|title| text::collapse_whitespace(&title));
    let mut paragraphs: Vec<String> = text::paragraphs(body.as_deref().unwrap_or(""))
        .into_iter()
        .filter(|paragraph| !text::is_boilerplate(paragraph))
        .collect();
    if let Some(title) = &draft.title {
        text::drop_repeated_title(&mut paragraphs, title);
    }
    draft.body = paragraphs.join("\n\n");
    draft
}

/// The text of a field value: strings as they are, numbers written out, arrays joined, and
/// objects by their `name` (`"source": {"name": "BBC"}`) or `text`.
fn value_text(value: &Value, separator: &str) -> Option<String> {
    let text = match value {
        Value::String(text) => text.trim().to_string(),
        Value::Number(number) => number.to_string(),
        Value::Array(items) => items
            .iter()
            .filter_map(|item| value_text(item, separator))
            .collect::<Vec<_>>()
            .join(separator),
        Value::Object(object) => ["name", "text", "@id"].iter().find_map(|key| {
            object
                .get(*key)
                .and_then(|inner| value_text(inner, separator))
        })?,
        Value::Null | Value::Bool(_) => return None,
    };
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_please_records_are_read() {
        let records = parse_document(
            r#"{"title": "Troops  arrive", "maintext": "First paragraph.\nSecond one.", "date_publish": "2024-10-18 08:00:00", "source_domain": "example.com", "url": "https://example.com/a", "authors": ["Kim", "Lee"], "description": "ignored"}"#,
        );
        assert!(records.problems.is_empty());
        assert_eq!(
            records.drafts,
            vec![(
                None,
                Draft {
                    title: Some("Troops arrive".into()),
                    body: "First paragraph.\n\nSecond one.".into(),
                    date: Some("2024-10-18 08:00:00".into()),
                    source: Some("example.com".into()),
                    url: Some("https://example.com/a".into()),
                    author: Some("Kim, Lee".into()),
                    ..Draft::default()
                }
            )]
        );
    }

    #[test]
    fn beir_records_have_ids_and_numbers_are_text() {
        let records = parse_lines(
            "{\"_id\": 4983, \"title\": \"\", \"text\": \"Alterations.\"}\n\n{\"_id\": \"7\", \"text\": \"More.\"}\n",
            1,
        );
        let ids: Vec<(Option<usize>, Option<String>)> = records
            .drafts
            .iter()
            .map(|(line, draft)| (*line, draft.id.clone()))
            .collect();
        assert_eq!(
            ids,
            vec![(Some(1), Some("4983".into())), (Some(3), Some("7".into()))]
        );
        assert_eq!(records.drafts[0].1.title, None);
    }

    #[test]
    fn a_bad_line_is_reported_and_the_others_kept() {
        let records = parse_lines(
            "{\"text\": \"one\"}\n{\"text\": \"two\"\n[1]\n{\"text\": \"four\"}\n",
            1,
        );
        assert_eq!(records.drafts.len(), 2);
        assert_eq!(
            records.problems,
            vec![
                (
                    Some(2),
                    SkipKind::Malformed,
                    "invalid JSON at column 14: EOF while parsing an object".to_string()
                ),
                (
                    Some(3),
                    SkipKind::Malformed,
                    "not a JSON object".to_string()
                ),
            ]
        );
    }

    #[test]
    fn nested_sources_and_arrays_of_records() {
        let records =
            parse_document(r#"[{"title": "A", "source": {"id": "bbc", "name": "BBC News"}}, 3]"#);
        assert_eq!(records.drafts[0].1.source.as_deref(), Some("BBC News"));
        assert_eq!(records.drafts[0].0, Some(1));
        assert_eq!(
            records.problems,
            vec![(
                Some(2),
                SkipKind::Malformed,
                "array item is not a JSON object".to_string()
            )]
        );
    }
}
