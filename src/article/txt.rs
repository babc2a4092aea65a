//! Plain-text articles, as saved from news sites.
//!
//! Conventions understood (all optional, in any order at the top of the file):
//! - a ` date YYYY-MM-DD` marker, possibly followed on the same line by the first line of text;
//! - a `Site icon NAME` line naming the outlet;
//! - a short headline line without final punctuation, possibly preceded by a shorter kicker
//!   line and followed by a Title-Case copy of itself.
//!
//! Lines that are site furniture rather than article text (`Exit mobile version`, `Image Source -
//! …` credits, machine-translation notices) are dropped.

use chrono::NaiveDate;

use super::{Article, DateProvenance, UNKNOWN_SOURCE, derive_title};

/// A headline has at most this many words.
const MAX_TITLE_WORDS: usize = 25;

/// Parses one plain-text article. Returns `None` when the file holds no text at all.
pub(super) fn parse(path: &str, text: &str) -> Option<Article> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<&str> = text.lines().map(str::trim).collect();

    let mut date = None;
    let mut source = None;
    strip_leading_markers(&mut lines, &mut date, &mut source);

    let mut paragraphs: Vec<String> = join_paragraphs(&lines)
        .into_iter()
        .filter(|paragraph| !is_boilerplate(paragraph))
        .collect();

    let (kicker, title) = take_headline(&mut paragraphs);
    let body = paragraphs.join("\n\n");
    if body.is_empty() && title.is_none() {
        return None;
    }
    let (title, title_derived) = match title {
        Some(title) => (title, false),
        None => (derive_title(&body), true),
    };
    Some(Article {
        id: path.to_string(),
        path: path.to_string(),
        title,
        title_derived,
        kicker,
        source: source.unwrap_or_else(|| UNKNOWN_SOURCE.to_string()),
        date_provenance: if date.is_some() {
            DateProvenance::Metadata
        } else {
            DateProvenance::None
        },
        date,
        body,
    })
}

/// Removes the date marker and `Site icon` lines from the top of the file, keeping any text
/// that follows the date on its line.
fn strip_leading_markers(
    lines: &mut Vec<&str>,
    date: &mut Option<NaiveDate>,
    source: &mut Option<String>,
) {
    loop {
        let Some(first) = lines.iter().position(|line| !line.is_empty()) else {
            return;
        };
        lines.drain(..first);
        let line = lines[0];
        if date.is_none()
            && let Some((day, rest)) = date_marker(line)
        {
            *date = Some(day);
            if rest.is_empty() {
                lines.remove(0);
            } else {
                lines[0] = rest;
            }
        } else if source.is_none()
            && let Some(name) = site_icon(line)
        {
            *source = Some(name.to_string());
            lines.remove(0);
        } else {
            return;
        }
    }
}

/// Recognises `date 2024-10-20` (or `date: 2024-10-20`) at the start of a line and returns the
/// date and the rest of the line.
fn date_marker(line: &str) -> Option<(NaiveDate, &str)> {
    let rest = strip_prefix_ignore_case(line, "date")?;
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    let candidate = rest.get(..10)?;
    let day = NaiveDate::parse_from_str(candidate, "%Y-%m-%d").ok()?;
    let after = &rest[10..];
    // A time of day may follow the date (`2024-10-20T08:00:00Z`); it is dropped.
    let after = match after.strip_prefix('T') {
        Some(time) => time.trim_start_matches(|c: char| !c.is_whitespace()),
        None if after.is_empty() || after.starts_with(char::is_whitespace) => after,
        None => return None,
    };
    Some((day, after.trim()))
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

/// Groups lines into paragraphs. Blank lines separate paragraphs, and so does a line break
/// after a complete sentence or before a capitalised line; a line that stops mid-sentence
/// and continues in lowercase on the next line is joined to it (hard-wrapped text).
fn join_paragraphs(lines: &[&str]) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in lines {
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() {
            if continues_sentence(&current, line) {
                current.push(' ');
            } else {
                paragraphs.push(std::mem::take(&mut current));
            }
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

fn continues_sentence(previous: &str, next: &str) -> bool {
    let ends_sentence = previous
        .chars()
        .next_back()
        .is_some_and(|c| ".!?:;\"”’)]…".contains(c));
    let starts_lowercase = next.chars().next().is_some_and(char::is_lowercase);
    !ends_sentence && starts_lowercase
}

/// Site furniture that is never article text, compared after folding case and white space.
const BOILERPLATE_LINES: &[&str] = &[
    "exit mobile version",
    "skip to content",
    "advertisement",
    "this article has been automatically translated, read the original article here.",
    "this article has been automatically translated.",
];

/// Prefixes of short credit lines that are not article text.
const BOILERPLATE_PREFIXES: &[&str] = &[
    "image source -",
    "image source:",
    "image credit:",
    "photo credit:",
    "site icon ",
];

fn is_boilerplate(paragraph: &str) -> bool {
    let folded = paragraph
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    BOILERPLATE_LINES.contains(&folded.as_str())
        || (folded.split(' ').count() <= 12
            && BOILERPLATE_PREFIXES
                .iter()
                .any(|prefix| folded.starts_with(prefix)))
}

/// Takes the kicker and headline off the front of the paragraphs, if they are there, and drops
/// a repeated copy of the headline.
fn take_headline(paragraphs: &mut Vec<String>) -> (Option<String>, Option<String>) {
    let has_body_after = |index: usize, paragraphs: &[String]| paragraphs.len() > index + 1;
    if paragraphs.is_empty() || !is_headline(&paragraphs[0]) || !has_body_after(0, paragraphs) {
        return (None, None);
    }
    let mut kicker = None;
    if !same_words(&paragraphs[0], &paragraphs[1])
        && is_headline(&paragraphs[1])
        && has_body_after(1, paragraphs)
        && word_count(&paragraphs[0]) < word_count(&paragraphs[1])
    {
        kicker = Some(paragraphs.remove(0));
    }
    let title = paragraphs.remove(0);
    if paragraphs
        .first()
        .is_some_and(|next| same_words(next, &title))
    {
        paragraphs.remove(0);
    }
    (kicker, Some(title))
}

/// A headline is a short line that does not end like a sentence.
fn is_headline(line: &str) -> bool {
    let words = word_count(line);
    let ends_like_sentence = line
        .chars()
        .next_back()
        .is_some_and(|c| ".!:;,\"”'’)…".contains(c));
    (1..=MAX_TITLE_WORDS).contains(&words) && !ends_like_sentence
}

fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace()
        .map(str::to_lowercase)
        .eq(b.split_whitespace().map(str::to_lowercase))
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Article {
        match parse("a.txt", text) {
            Some(article) => article,
            None => panic!("no article parsed from {text:?}"),
        }
    }

    #[test]
    fn a_date_marker_gives_the_date_and_keeps_the_first_sentence() {
        let article =
            parse_str(" date 2024-10-20 North Korea has deployed soldiers.\n\nMore text here.");
        assert_eq!(article.date, NaiveDate::from_ymd_opt(2024, 10, 20));
        assert_eq!(article.date_provenance, DateProvenance::Metadata);
        assert_eq!(
            article.body,
            "North Korea has deployed soldiers.\n\nMore text here."
        );
        assert_eq!(article.title, "North Korea has deployed soldiers.");
        assert!(article.title_derived);
        assert_eq!(article.source, "unknown");
    }

    #[test]
    fn an_invalid_date_marker_is_text() {
        let article = parse_str("date 2024-13-45 was the day.\nBody.");
        assert_eq!(article.date, None);
        assert_eq!(article.date_provenance, DateProvenance::None);
        assert!(article.body.starts_with("date 2024-13-45"));
    }

    #[test]
    fn site_icon_gives_the_source_and_headline_copies_are_dropped() {
        let article = parse_str(
            "Site icon Then13\n\nSoldiers receive equipment in Russia\n\nSoldiers Receive Equipment In Russia\n\nImage Source - example.com\n\nThe body starts here.\n\nExit mobile version",
        );
        assert_eq!(article.source, "Then13");
        assert_eq!(article.title, "Soldiers receive equipment in Russia");
        assert!(!article.title_derived);
        assert_eq!(article.kicker, None);
        assert_eq!(article.body, "The body starts here.");
    }

    #[test]
    fn a_shorter_line_before_the_headline_is_a_kicker() {
        let article = parse_str(
            " date 2024-10-18 Deployment in Ukraine\nVideos allegedly show soldiers in Russia\nAccording to reports, troops arrived.\nSub heading here\nMore text.",
        );
        assert_eq!(article.kicker.as_deref(), Some("Deployment in Ukraine"));
        assert_eq!(article.title, "Videos allegedly show soldiers in Russia");
        assert_eq!(
            article.body,
            "According to reports, troops arrived.\n\nSub heading here\n\nMore text."
        );
    }

    #[test]
    fn a_translation_notice_split_over_two_lines_is_dropped() {
        let article = parse_str(
            "Body sentence.\nThis article has been automatically translated,\nread the original article here.",
        );
        assert_eq!(article.body, "Body sentence.");
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let article = parse_str("The minister said that\nthe troops would stay.\nNext paragraph.");
        assert_eq!(
            article.body,
            "The minister said that the troops would stay.\n\nNext paragraph."
        );
    }

    #[test]
    fn a_headline_alone_without_body_is_not_taken_as_title() {
        let article = parse_str("Just one short line");
        assert_eq!(article.body, "Just one short line");
        assert!(article.title_derived);
    }

    #[test]
    fn empty_text_is_no_article() {
        assert_eq!(parse("a.txt", " \n\n Exit mobile version\n"), None);
    }
}
