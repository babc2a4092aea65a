//! Plain-text articles, as saved from news sites or written by scrapers.
//!
//! Conventions understood at the top of the file, in any order:
//! - a ` date YYYY-MM-DD` marker, possibly followed on the same line by the first line of text;
//! - a `Site icon NAME` line naming the outlet;
//! - a `Key: Value` header block ended by a blank line (Title, Date/Published, Source/
//!   Publisher/Site, URL/Link, Author/By);
//! - a short headline line without final punctuation, possibly preceded by a shorter kicker
//!   line and followed by a Title-Case copy of itself.
//!
//! Lines that are site furniture rather than article text are dropped (see `text`).

use super::fields::{self, Key};
use super::{Draft, text};

/// Parses one plain-text article.
pub(super) fn parse(content: &str) -> Draft {
    let content = content.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<&str> = content.lines().collect();
    let mut draft = Draft::default();
    strip_leading_markers(&mut lines, &mut draft);
    let header_title = take_header_block(&mut lines, &mut draft);

    let mut paragraphs: Vec<String> = text::paragraphs(&lines.join("\n"))
        .into_iter()
        .filter(|paragraph| !text::is_boilerplate(paragraph))
        .collect();
    if draft.author.is_none() {
        draft.author = text::take_byline(&mut paragraphs);
    }
    match header_title {
        Some(title) => {
            text::drop_repeated_title(&mut paragraphs, &title);
            draft.title = Some(title);
        }
        None => (draft.kicker, draft.title) = text::take_headline(&mut paragraphs),
    }
    draft.body = paragraphs.join("\n\n");
    draft
}

/// Removes the date marker and `Site icon` lines from the top of the file, keeping any text
/// that follows the date on its line.
fn strip_leading_markers(lines: &mut Vec<&str>, draft: &mut Draft) {
    loop {
        let Some(first) = lines.iter().position(|line| !line.trim().is_empty()) else {
            return;
        };
        lines.drain(..first);
        let line = lines[0].trim();
        if draft.date.is_none()
            && let Some((date, rest)) = date_marker(line)
        {
            draft.date = Some(date.to_string());
            if rest.is_empty() {
                lines.remove(0);
            } else {
                lines[0] = rest;
            }
        } else if draft.source.is_none()
            && let Some(name) = site_icon(line)
        {
            draft.source = Some(name.to_string());
            lines.remove(0);
        } else {
            return;
        }
    }
}

/// Recognises `date 2024-10-20` (or `date: 2024-10-20`, with an optional time) at the start of
/// a line and returns the date value and the rest of the line.
fn date_marker(line: &str) -> Option<(&str, &str)> {
    let rest = strip_prefix_ignore_case(line, "date")?;
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    let (value, after) = rest.split_at(rest.find(char::is_whitespace).unwrap_or(rest.len()));
    let is_iso_date = value.len() >= 10
        && value.is_char_boundary(10)
        && value[..10]
            .bytes()
            .enumerate()
            .all(|(index, byte)| match index {
                4 | 7 => byte == b'-',
                _ => byte.is_ascii_digit(),
            })
        && (value.len() == 10 || value[10..].starts_with('T'));
    is_iso_date.then(|| (value, after.trim()))
}

/// Recognises the `Site icon NAME` line that WordPress themes put above an article.
fn site_icon(line: &str) -> Option<&str> {
    let name = strip_prefix_ignore_case(line, "site icon")?.trim();
    (!name.is_empty() && name.split_whitespace().count() <= 8).then_some(name)
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Takes a leading `Key: Value` block ended by a blank line, if every line of it has that form
/// and at least one key is one newsdex knows. Returns the title it gives.
fn take_header_block(lines: &mut Vec<&str>, draft: &mut Draft) -> Option<String> {
    let start = lines.iter().position(|line| !line.trim().is_empty())?;
    let end = lines[start..]
        .iter()
        .position(|line| line.trim().is_empty())
        .map_or(lines.len(), |offset| start + offset);
    let mut pairs = Vec::new();
    for line in &lines[start..end] {
        pairs.push(header_line(line)?);
    }
    let known: Vec<(Key, &str)> = pairs
        .iter()
        .filter_map(|(name, value)| Some((fields::key(name)?, *value)))
        .filter(|(key, _)| *key != Key::Body && *key != Key::Id)
        .collect();
    if known.is_empty() || end == lines.len() {
        return None;
    }
    let mut title = None;
    for (key, value) in known {
        let value = Some(value.to_string()).filter(|value| !value.is_empty());
        match key {
            Key::Title => title = title.or(value),
            Key::Date => draft.date = draft.date.take().or(value),
            Key::Source => draft.source = draft.source.take().or(value),
            Key::Url => draft.url = draft.url.take().or(value),
            Key::Author => draft.author = draft.author.take().or(value),
            Key::Body | Key::Id => {}
        }
    }
    lines.drain(..end);
    title
}

/// Splits `Key: value` where the key is a short name of letters, digits, spaces, `-` or `_`.
fn header_line(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.trim().split_once(':')?;
    let valid_name = name.chars().count() <= 30
        && name.chars().next().is_some_and(char::is_alphabetic)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'));
    valid_name.then(|| (name.trim(), value.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_marker_gives_the_date_and_keeps_the_first_sentence() {
        let draft = parse(" date 2024-10-20 North Korea has deployed soldiers.\n\nMore text here.");
        assert_eq!(draft.date.as_deref(), Some("2024-10-20"));
        assert_eq!(
            draft.body,
            "North Korea has deployed soldiers.\n\nMore text here."
        );
        assert_eq!(draft.title, None);
        assert_eq!(draft.source, None);
    }

    #[test]
    fn a_marker_that_is_not_a_date_is_text() {
        let draft = parse("date 2024-13 was the day.\nBody.");
        assert_eq!(draft.date, None);
        assert!(draft.body.starts_with("date 2024-13"));
    }

    #[test]
    fn site_icon_gives_the_source_and_headline_copies_are_dropped() {
        let draft = parse(
            "Site icon Then13\n\nSoldiers receive equipment in Russia\n\nSoldiers Receive Equipment In Russia\n\nImage Source - example.com\n\nThe body starts here.\n\nExit mobile version",
        );
        assert_eq!(draft.source.as_deref(), Some("Then13"));
        assert_eq!(
            draft.title.as_deref(),
            Some("Soldiers receive equipment in Russia")
        );
        assert_eq!(draft.kicker, None);
        assert_eq!(draft.body, "The body starts here.");
    }

    #[test]
    fn a_shorter_line_before_the_headline_is_a_kicker() {
        let draft = parse(
            " date 2024-10-18 Deployment in Ukraine\nVideos allegedly show soldiers in Russia\nAccording to reports, troops arrived.\nSub heading here\nMore text.",
        );
        assert_eq!(draft.kicker.as_deref(), Some("Deployment in Ukraine"));
        assert_eq!(
            draft.title.as_deref(),
            Some("Videos allegedly show soldiers in Russia")
        );
        assert_eq!(
            draft.body,
            "According to reports, troops arrived.\n\nSub heading here\n\nMore text."
        );
    }

    #[test]
    fn a_translation_notice_split_over_two_lines_is_dropped() {
        let draft = parse(
            "Body sentence.\nThis article has been automatically translated,\nread the original article here.",
        );
        assert_eq!(draft.body, "Body sentence.");
    }

    #[test]
    fn a_header_block_gives_the_metadata() {
        let draft = parse(
            "Title: Troops arrive in Vladivostok\nPublished: October 18, 2024\nSource: Korea Herald\nURL: https://example.com/a\nBy: Kim Min-ji\nTags: war\n\nTroops arrive in Vladivostok\n\nThe first contingent arrived.",
        );
        assert_eq!(
            draft,
            Draft {
                title: Some("Troops arrive in Vladivostok".into()),
                date: Some("October 18, 2024".into()),
                source: Some("Korea Herald".into()),
                url: Some("https://example.com/a".into()),
                author: Some("Kim Min-ji".into()),
                body: "The first contingent arrived.".into(),
                ..Draft::default()
            }
        );
    }

    #[test]
    fn a_colon_in_the_first_sentence_is_not_a_header() {
        let draft = parse("Note: the troops arrived on Friday.\n\nMore text.");
        assert_eq!(
            draft.body,
            "Note: the troops arrived on Friday.\n\nMore text."
        );
        let draft = parse("Title: Only a header\n");
        assert_eq!(draft.title, None);
    }

    #[test]
    fn a_headline_alone_without_body_is_body_text() {
        let draft = parse("Just one short line");
        assert_eq!(draft.body, "Just one short line");
        assert_eq!(draft.title, None);
    }
}
