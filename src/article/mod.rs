//! Articles: what a corpus file says, parsed into title, date, source and body.
//!
//! Parsers are pure functions of a path and bytes: they know nothing of the file system walk,
//! the index or the terminal.

mod dating;
mod html;
mod txt;

use chrono::NaiveDate;
use serde::Serialize;

/// One news article, as parsed from a corpus file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Stable identifier: the corpus-relative path for single-article files.
    pub id: String,
    /// Corpus-relative path of the file the article came from, with `/` separators.
    pub path: String,
    /// The headline, or a display title derived from the first sentence.
    pub title: String,
    /// True when `title` was derived from the body because the article has none.
    pub title_derived: bool,
    /// A section label printed above the headline ("Deployment in Ukraine").
    pub kicker: Option<String>,
    /// The outlet, or `unknown`.
    pub source: String,
    /// The publication date, if one is known.
    pub date: Option<NaiveDate>,
    /// Where `date` came from.
    pub date_provenance: DateProvenance,
    /// The article text: paragraphs separated by a blank line, boilerplate removed.
    pub body: String,
}

/// What a format parser found in one record, before dates are resolved and defaults applied.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Draft {
    /// The record's own id (`id`/`_id` in JSON), if it has one.
    pub id: Option<String>,
    /// The headline, if the record has one.
    pub title: Option<String>,
    /// A section label above the headline.
    pub kicker: Option<String>,
    /// Article text: paragraphs separated by one blank line (`\n\n`), trimmed, no boilerplate.
    pub body: String,
    /// The publication date exactly as the metadata gives it (parsed later).
    pub date: Option<String>,
    /// The outlet's name.
    pub source: Option<String>,
    /// The article's URL.
    pub url: Option<String>,
    /// The byline.
    pub author: Option<String>,
}

/// Where an article's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateProvenance {
    /// A metadata line or field (` date 2024-10-20`, a header, front matter).
    Metadata,
    /// A full date found in the text.
    Text,
    /// A month and day whose stated weekday fixes the year (an inference).
    Weekday,
    /// No date is known.
    None,
}

impl DateProvenance {
    /// The name used in the index and in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            DateProvenance::Metadata => "metadata",
            DateProvenance::Text => "text",
            DateProvenance::Weekday => "weekday",
            DateProvenance::None => "none",
        }
    }

    /// Parses a name written by [`DateProvenance::as_str`].
    pub fn from_name(name: &str) -> DateProvenance {
        match name {
            "metadata" => DateProvenance::Metadata,
            "text" => DateProvenance::Text,
            "weekday" => DateProvenance::Weekday,
            _ => DateProvenance::None,
        }
    }

    /// True for dates that were inferred rather than stated.
    pub fn is_inferred(self) -> bool {
        self == DateProvenance::Weekday
    }
}

/// The source recorded for articles whose outlet is not known.
pub const UNKNOWN_SOURCE: &str = "unknown";

/// File extensions (lowercase) that newsdex reads as articles.
pub const EXTENSIONS: &[&str] = &["txt", "text"];

/// True if a file with this name is read as an article.
pub fn is_article_file(file_name: &str) -> bool {
    match file_name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => EXTENSIONS
            .iter()
            .any(|known| ext.eq_ignore_ascii_case(known)),
        _ => false,
    }
}

/// Parses the bytes of one corpus file into its articles.
///
/// `path` is the corpus-relative path; it becomes the article id.
pub fn parse(path: &str, bytes: &[u8]) -> Vec<Article> {
    let text = decode(bytes);
    txt::parse(path, &text).into_iter().collect()
}

/// Decodes file bytes as UTF-8, dropping a byte-order mark and replacing invalid sequences.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(bytes).into_owned()
}

/// Derives a display title from the first sentence of a body: at most about 100 characters,
/// cut at a word boundary and ended with `…` when shortened.
pub fn derive_title(body: &str) -> String {
    const MAX_CHARS: usize = 100;
    let first_paragraph = body.split("\n\n").next().unwrap_or("");
    let sentence = crate::passage::sentences(first_paragraph)
        .first()
        .map(|range| &first_paragraph[range.clone()])
        .unwrap_or(first_paragraph)
        .trim();
    if sentence.chars().count() <= MAX_CHARS {
        return sentence.to_string();
    }
    let mut cut = 0;
    for (count, (index, ch)) in sentence.char_indices().enumerate() {
        if count > MAX_CHARS {
            break;
        }
        if ch.is_whitespace() {
            cut = index;
        }
    }
    if cut == 0 {
        cut = sentence
            .char_indices()
            .nth(MAX_CHARS)
            .map_or(sentence.len(), |(index, _)| index);
    }
    let shortened = sentence[..cut].trim_end_matches(|c: char| c.is_whitespace() || c == ',');
    format!("{shortened}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_files_are_chosen_by_extension() {
        assert!(is_article_file("a.txt"));
        assert!(is_article_file("A.TXT"));
        assert!(!is_article_file(".txt"));
        assert!(!is_article_file("notes.pdf"));
        assert!(!is_article_file("README"));
    }

    #[test]
    fn derived_titles_are_the_first_sentence() {
        assert_eq!(
            derive_title("Troops moved. Then more came.\n\nSecond."),
            "Troops moved."
        );
    }

    #[test]
    fn long_derived_titles_are_cut_at_a_word() {
        let body = "word ".repeat(40);
        let title = derive_title(&body);
        assert!(title.ends_with("word…"), "{title}");
        assert!(title.chars().count() <= 101);
    }

    #[test]
    fn byte_order_marks_are_dropped() {
        assert_eq!(decode(b"\xEF\xBB\xBFhello"), "hello");
    }
}
