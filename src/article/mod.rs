//! Articles: what a corpus file says, parsed into title, date, source, URL, author and body.
//!
//! Parsers are pure functions of a path and bytes: they know nothing of the file system walk,
//! the index or the terminal. Each format parser produces [`Draft`]s; [`parse_file`] then
//! applies manifest overrides, resolves the date with its provenance and fills in defaults, the
//! same way for every format.

mod dating;
mod decode;
pub(crate) mod fields;
mod html;
mod json;
mod markdown;
mod mhtml;
mod text;
mod txt;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

pub use dating::{find_date_in_text, parse_date_value};
pub use decode::{Decoded, decode, is_binary};

use crate::skip::{Skip, SkipKind};

/// One news article, as parsed from a corpus file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Stable identifier: the record's own id, else the corpus-relative path (with `:LINE` for
    /// a record of a JSON Lines file or JSON array).
    pub id: String,
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
    /// The article's URL, if known.
    pub url: Option<String>,
    /// The byline, if known.
    pub author: Option<String>,
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
    /// A short text near the headline that holds the date (a web page's date line), searched
    /// for one when the metadata has none, before the opening of the body.
    pub dateline: Option<String>,
}

/// Where an article's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateProvenance {
    /// A metadata line or field (` date 2024-10-20`, a header, front matter, JSON, HTML meta,
    /// the manifest).
    Metadata,
    /// A full date found in the opening of the text.
    Text,
    /// A month and day whose stated weekday fixes the year (an inference).
    Weekday,
    /// No date is known.
    None,
}

impl DateProvenance {
    /// Every provenance, in order of trust.
    pub const ALL: [DateProvenance; 4] = [
        DateProvenance::Metadata,
        DateProvenance::Text,
        DateProvenance::Weekday,
        DateProvenance::None,
    ];

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
        DateProvenance::ALL
            .into_iter()
            .find(|provenance| provenance.as_str() == name)
            .unwrap_or(DateProvenance::None)
    }

    /// True for dates that were inferred rather than stated.
    pub fn is_inferred(self) -> bool {
        self == DateProvenance::Weekday
    }
}

/// The source recorded for articles whose outlet is not known.
pub const UNKNOWN_SOURCE: &str = "unknown";

/// Extensions of saved web pages (lowercase): a page, or a page saved as one file (MHTML).
pub const HTML_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "mhtml", "mht"];

/// The formats newsdex reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text (`.txt`, `.text`).
    Text,
    /// Markdown with optional front matter (`.md`, `.markdown`).
    Markdown,
    /// One JSON object or an array of them (`.json`).
    Json,
    /// One JSON object per line (`.jsonl`, `.ndjson`).
    JsonLines,
    /// A saved web page (`.html`, `.htm`, `.xhtml`; `.mhtml` and `.mht`, a page saved as
    /// one file with its resources).
    Html,
}

impl Format {
    /// The format a file name's extension announces, if newsdex reads it.
    pub fn from_name(file_name: &str) -> Option<Format> {
        let (stem, ext) = file_name.rsplit_once('.')?;
        if stem.is_empty() {
            return None;
        }
        Some(match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            ext if HTML_EXTENSIONS.contains(&ext) => Format::Html,
            _ => return None,
        })
    }

    /// The format of a file whose name may not say it: what the extension announces, else a
    /// web page for a file that holds one and whose name has no extension or a server's
    /// (`story.php?id=5` and `2024/10/story`, as `wget` saves them). `head` is the start of
    /// the file (a kilobyte is enough).
    pub fn of_file(file_name: &str, head: &[u8]) -> Option<Format> {
        Format::from_name(file_name).or_else(|| {
            let name = file_name.rsplit('/').next().unwrap_or(file_name);
            let head = &head[..head.len().min(1024)];
            (may_be_served_page(name) && looks_like_page(&String::from_utf8_lossy(head)))
                .then_some(Format::Html)
        })
    }

    /// The format the content shows, where the extension lies: a web page saved as `.txt`, a
    /// JSON Lines file named `.json`, a JSON array named `.jsonl`, text named `.html`.
    fn sniff(self, content: &str) -> Format {
        let start = content.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
        let looks_html = looks_like_page(start);
        // A page named `.html` may open with a long script before `<html>`: any markup at its
        // start keeps it a page; only text without a tag is text.
        let markup_first = start.starts_with('<');
        match self {
            _ if looks_html => Format::Html,
            Format::Html if markup_first => Format::Html,
            Format::Html => Format::Text,
            Format::Json if start.starts_with('{') && is_json_lines(start) => Format::JsonLines,
            Format::JsonLines if start.starts_with('[') => Format::Json,
            other => other,
        }
    }
}

/// Extensions of pages a web server generated, which `wget` and scrapers keep in the names of
/// the pages they save. Such a file is read as a page when it holds one.
const SERVER_PAGE_EXTENSIONS: &[&str] = &[
    "shtml", "php", "php3", "asp", "aspx", "jsp", "jspx", "cfm", "cgi",
];

/// True for a file name that may hold a page although its extension does not say so: no
/// extension, or a server page's, with or without a query after it (`story.php?id=5`).
pub fn may_be_served_page(name: &str) -> bool {
    match name.split('?').next().unwrap_or(name).rsplit_once('.') {
        None => !name.starts_with('.'),
        Some(("", _)) => false,
        Some((_, ext)) => SERVER_PAGE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()),
    }
}

/// True when a text opens as a web page does: a doctype or `<html>`, or markup that holds
/// `<html>` or `<body>` within its first kilobyte.
fn looks_like_page(content: &str) -> bool {
    let start = content.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let head: String = start.chars().take(1024).collect::<String>().to_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with('<') && (head.contains("<html") || head.contains("<body")))
}

/// True when the text holds more than one line that is a JSON object on its own.
fn is_json_lines(content: &str) -> bool {
    let mut objects = content
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .take(3);
    let first = objects.next();
    let second = objects.next();
    [first, second].into_iter().all(|line| {
        line.is_some_and(|line| {
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(line).is_ok()
        })
    })
}

/// Title, date, source, URL or author given for a file by the corpus manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Replaces the title.
    pub title: Option<String>,
    /// Replaces the date (a value in any supported format).
    pub date: Option<String>,
    /// Replaces the source.
    pub source: Option<String>,
    /// Replaces the URL.
    pub url: Option<String>,
    /// Replaces the author.
    pub author: Option<String>,
}

/// What parsing needs besides the file's bytes.
#[derive(Debug, Clone)]
pub struct ParseContext<'a> {
    /// Today's date, to infer a year from a weekday.
    pub today: NaiveDate,
    /// The manifest's overrides for this file.
    pub overrides: Option<&'a Overrides>,
    /// The source given by the folder the file is in (`--source-from folder`).
    pub folder_source: Option<&'a str>,
}

/// Something to tell the user about a file, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A record (or the whole file) was not indexed.
    Skipped(Skip),
    /// A problem that did not stop indexing (a date that cannot be parsed).
    Warning(String),
}

/// The articles of one file, and what could not be taken from it.
#[derive(Debug, Default)]
pub struct ParsedFile {
    /// Articles, in file order.
    pub articles: Vec<Article>,
    /// Skipped records and warnings, in file order.
    pub notices: Vec<Notice>,
    /// The legacy encoding the file was decoded from, if any.
    pub legacy_encoding: Option<&'static str>,
}

/// Parses the bytes of one corpus file.
///
/// `rel` is the corpus-relative path (it becomes the article id); `shown` is how the file is
/// named in warnings. The caller has already ruled out empty and binary files.
pub fn parse_file(rel: &str, shown: &str, bytes: &[u8], context: &ParseContext) -> ParsedFile {
    let declared = Format::of_file(rel, bytes).unwrap_or(Format::Text);
    if declared == Format::Html && mhtml::looks_like_mhtml(bytes) {
        return parse_mhtml(rel, shown, bytes, context);
    }
    let decoded = decode(bytes, declared == Format::Html);
    let format = declared.sniff(&decoded.text);
    parse_as(format, rel, shown, decoded, 1, context)
}

/// Parses a page saved as one MHTML file: its HTML part, with the URL it was saved from.
fn parse_mhtml(rel: &str, shown: &str, bytes: &[u8], context: &ParseContext) -> ParsedFile {
    let Some(page) = mhtml::saved_page(bytes) else {
        return ParsedFile {
            notices: vec![Notice::Skipped(Skip {
                location: shown.to_string(),
                kind: SkipKind::Malformed,
                detail: "an MHTML file without a web page in it (no text/html part)".to_string(),
            })],
            ..ParsedFile::default()
        };
    };
    let draft = html::parse_saved_from(&page.html, page.url.as_deref());
    let mut parsed = ParsedFile::default();
    finish_drafts(&mut parsed, vec![(None, Ok(draft))], rel, shown, context);
    parsed
}

/// Parses a part of a JSON Lines file: whole lines, the first of them line `first_line`
/// (1-based) of the file, so that records keep the ids and locations they have when the file
/// is parsed whole.
pub fn parse_json_lines_part(
    rel: &str,
    shown: &str,
    bytes: &[u8],
    first_line: usize,
    context: &ParseContext,
) -> ParsedFile {
    parse_as(
        Format::JsonLines,
        rel,
        shown,
        decode(bytes, false),
        first_line,
        context,
    )
}

fn parse_as(
    format: Format,
    rel: &str,
    shown: &str,
    decoded: Decoded,
    first_line: usize,
    context: &ParseContext,
) -> ParsedFile {
    let mut parsed = ParsedFile {
        legacy_encoding: decoded.legacy,
        ..ParsedFile::default()
    };
    // Records and unreadable records, by line, so that notices come out in file order.
    let mut entries: Vec<(Option<usize>, Result<Draft, Skip>)> = Vec::new();
    match format {
        Format::Text => entries.push((None, Ok(txt::parse(&decoded.text)))),
        Format::Markdown => {
            let (draft, warning) = markdown::parse(&decoded.text);
            if let Some(warning) = warning {
                parsed
                    .notices
                    .push(Notice::Warning(format!("{shown}: {warning}")));
            }
            entries.push((None, Ok(draft)));
        }
        Format::Html => entries.push((None, Ok(html::parse(&decoded.text)))),
        Format::Json | Format::JsonLines => {
            let records = if format == Format::Json {
                json::parse_document(&decoded.text)
            } else {
                json::parse_lines(&decoded.text, first_line)
            };
            entries.extend(
                records
                    .drafts
                    .into_iter()
                    .map(|(line, draft)| (line, Ok(draft))),
            );
            entries.extend(records.problems.into_iter().map(|(line, kind, detail)| {
                let location = located(shown, line);
                (
                    line,
                    Err(Skip {
                        location,
                        kind,
                        detail,
                    }),
                )
            }));
            entries.sort_by_key(|(line, _)| *line);
        }
    }
    finish_drafts(&mut parsed, entries, rel, shown, context);
    parsed
}

/// Finishes the drafts of a file, or the reasons they were skipped, into `parsed`: on all
/// cores (dates, text clean-up), in file order.
fn finish_drafts(
    parsed: &mut ParsedFile,
    entries: Vec<(Option<usize>, Result<Draft, Skip>)>,
    rel: &str,
    shown: &str,
    context: &ParseContext,
) {
    let finished: Vec<(Option<Article>, Vec<Notice>)> = entries
        .into_par_iter()
        .map(|(line, entry)| {
            let mut notices = Vec::new();
            let draft = match entry {
                Ok(draft) => draft,
                Err(skip) => return (None, vec![Notice::Skipped(skip)]),
            };
            let location = located(shown, line);
            let fallback_id = match line {
                Some(line) => format!("{rel}:{line}"),
                None => rel.to_string(),
            };
            let article = finish(draft, fallback_id, &location, context, &mut notices);
            if article.is_none() {
                notices.push(Notice::Skipped(Skip {
                    location,
                    kind: SkipKind::NoText,
                    detail: "no article text".to_string(),
                }));
            }
            (article, notices)
        })
        .collect();
    for (article, notices) in finished {
        parsed.articles.extend(article);
        parsed.notices.extend(notices);
    }
}

fn located(shown: &str, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{shown}:{line}"),
        None => shown.to_string(),
    }
}

/// Turns a draft into an article: overrides, date and provenance, defaults. Returns `None`
/// for a record with no text at all.
fn finish(
    mut draft: Draft,
    fallback_id: String,
    location: &str,
    context: &ParseContext,
    notices: &mut Vec<Notice>,
) -> Option<Article> {
    if let Some(overrides) = context.overrides {
        let replace = |slot: &mut Option<String>, value: &Option<String>| {
            if value.is_some() {
                slot.clone_from(value);
            }
        };
        replace(&mut draft.title, &overrides.title);
        replace(&mut draft.date, &overrides.date);
        replace(&mut draft.source, &overrides.source);
        replace(&mut draft.url, &overrides.url);
        replace(&mut draft.author, &overrides.author);
    }
    let clean = |value: Option<String>| {
        value
            .map(|value| cut_to(text::collapse_whitespace(&value), MAX_METADATA_CHARS))
            .filter(|value| !value.is_empty())
    };
    let title = clean(draft.title);
    if draft.body.trim().is_empty() {
        // A wire brief: the headline is all the text there is.
        draft.body = title.clone()?;
    }
    let (date, date_provenance) = match clean(draft.date) {
        Some(value) => match dating::parse_date_value(&value) {
            Some(day) => (Some(day), DateProvenance::Metadata),
            None => {
                let value = cut_to(value, 100);
                notices.push(Notice::Warning(format!(
                    "{location}: cannot parse the date '{value}'; the article is indexed undated"
                )));
                (None, DateProvenance::None)
            }
        },
        None => {
            let in_dateline = draft
                .dateline
                .as_deref()
                .and_then(dating::find_date_in_dateline)
                .map(|day| (day, DateProvenance::Text));
            match in_dateline.or_else(|| dating::find_date_in_text(&draft.body, context.today)) {
                Some((day, provenance)) => (Some(day), provenance),
                None => (None, DateProvenance::None),
            }
        }
    };
    let source = context
        .overrides
        .and_then(|overrides| overrides.source.clone())
        .or_else(|| context.folder_source.map(str::to_string))
        .or(draft.source);
    let (title, title_derived) = match title {
        Some(title) => (title, false),
        None => (derive_title(&draft.body), true),
    };
    Some(Article {
        id: clean(draft.id).unwrap_or(fallback_id),
        title,
        title_derived,
        kicker: clean(draft.kicker),
        source: clean(source).unwrap_or_else(|| UNKNOWN_SOURCE.to_string()),
        date,
        date_provenance,
        url: clean(draft.url),
        author: clean(draft.author),
        body: draft.body,
    })
}

/// Characters kept of a metadata value (headline, id, source, URL, author, kicker, date).
/// Each is stored with every passage of its article: a megabyte-long headline in a record of
/// 300 paragraphs made a 5.8 MB file a 1.7 GB index.
const MAX_METADATA_CHARS: usize = 2_000;

/// `text` cut to at most `max` characters, with `…` in place of what was cut.
fn cut_to(mut text: String, max: usize) -> String {
    if text.len() > max
        && let Some((at, _)) = text.char_indices().nth(max)
    {
        text.truncate(at);
        text.push('…');
    }
    text
}

/// Derives a display title from the first sentence of a body: at most about 100 characters,
/// cut at a word boundary and ended with `…` when shortened.
pub fn derive_title(body: &str) -> String {
    const MAX_CHARS: usize = 100;
    // The first sentence, if longer than a title, is cut anyway: look no further than this.
    let opening = crate::passage::prefix(body, 4096);
    let first_paragraph = opening.split("\n\n").next().unwrap_or("");
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

    fn context() -> ParseContext<'static> {
        ParseContext {
            today: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default(),
            overrides: None,
            folder_source: None,
        }
    }

    #[test]
    fn formats_are_chosen_by_extension() {
        assert_eq!(Format::from_name("a.txt"), Some(Format::Text));
        assert_eq!(Format::from_name("A.MD"), Some(Format::Markdown));
        assert_eq!(Format::from_name("a.ndjson"), Some(Format::JsonLines));
        assert_eq!(Format::from_name("a.htm"), Some(Format::Html));
        assert_eq!(Format::from_name("Saved page.MHTML"), Some(Format::Html));
        assert_eq!(Format::from_name("a.mht"), Some(Format::Html));
        assert_eq!(Format::from_name(".txt"), None);
        assert_eq!(Format::from_name("notes.pdf"), None);
        assert_eq!(Format::from_name("README"), None);
    }

    #[test]
    fn pages_saved_without_a_page_extension_are_known_by_their_content() {
        let page = b"<!DOCTYPE html>\n<html><head><title>T</title></head><body></body></html>";
        assert_eq!(Format::of_file("story.php?id=5", page), Some(Format::Html));
        assert_eq!(Format::of_file("2024/10/story", page), Some(Format::Html));
        assert_eq!(Format::of_file("Default.ASPX", page), Some(Format::Html));
        assert_eq!(
            Format::of_file("news.shtml", b"<html lang=\"de\">"),
            Some(Format::Html)
        );
        // Not pages: a server script's source, a text without an extension, other files.
        assert_eq!(Format::of_file("index.php", b"<?php echo 1; ?>"), None);
        assert_eq!(Format::of_file("README", b"Notes on the corpus."), None);
        assert_eq!(Format::of_file("logo.png", page), None);
        assert_eq!(Format::of_file(".hidden", page), None);
        // A known extension decides without the content.
        assert_eq!(Format::of_file("a.txt", page), Some(Format::Text));
    }

    #[test]
    fn content_overrides_a_lying_extension() {
        assert_eq!(Format::Text.sniff("<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(
            Format::Json.sniff("{\"a\": 1}\n{\"a\": 2}\n"),
            Format::JsonLines
        );
        assert_eq!(Format::Json.sniff("{\"a\": 1,\n \"b\": 2}\n"), Format::Json);
        assert_eq!(Format::JsonLines.sniff("[{\"a\": 1}]"), Format::Json);
        assert_eq!(Format::Html.sniff("Just text."), Format::Text);
        // A page that opens with a script longer than the look-ahead is still a page.
        let script = format!(
            "\n<script>{}</script><html><body>",
            "var a = 1;\n".repeat(200)
        );
        assert_eq!(Format::Html.sniff(&script), Format::Html);
        assert_eq!(Format::Text.sniff(&script), Format::Text);
        assert_eq!(Format::Text.sniff("Plain <b>text</b>."), Format::Text);
    }

    #[test]
    fn metadata_values_are_cut_to_a_bounded_length() {
        let draft = Draft {
            title: Some("Headline ".repeat(1_000)),
            author: Some("é".repeat(3_000)),
            date: Some("x".repeat(500)),
            body: "Troops arrived.".to_string(),
            ..Draft::default()
        };
        let mut notices = Vec::new();
        let article = finish(
            draft,
            "a.json".to_string(),
            "a.json",
            &context(),
            &mut notices,
        )
        .expect("an article");
        assert_eq!(article.title, format!("{}He…", "Headline ".repeat(222)));
        assert_eq!(
            article.author,
            Some(format!("{}…", "é".repeat(MAX_METADATA_CHARS)))
        );
        let [Notice::Warning(warning)] = notices.as_slice() else {
            panic!("{notices:?}");
        };
        assert_eq!(
            warning,
            &format!(
                "a.json: cannot parse the date '{}…'; the article is indexed undated",
                "x".repeat(100)
            )
        );
        // Values within the bound are kept whole.
        assert_eq!(cut_to("Troops".to_string(), 6), "Troops");
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
        let title = derive_title(&"word ".repeat(40));
        assert!(title.ends_with("word…"), "{title}");
        assert!(title.chars().count() <= 101);
    }

    #[test]
    fn overrides_and_folder_sources_apply_in_order() {
        let overrides = Overrides {
            title: Some("Manifest title".into()),
            source: Some("Manifest source".into()),
            ..Overrides::default()
        };
        let mut context = context();
        context.folder_source = Some("folder");
        let parsed = parse_file(
            "a/b.txt",
            "corpus/a/b.txt",
            b"Site icon Site\n\nBody text here.",
            &context,
        );
        assert_eq!(parsed.articles[0].source, "folder");
        context.overrides = Some(&overrides);
        let parsed = parse_file(
            "a/b.txt",
            "corpus/a/b.txt",
            b"Site icon Site\n\nBody text here.",
            &context,
        );
        assert_eq!(parsed.articles[0].source, "Manifest source");
        assert_eq!(parsed.articles[0].title, "Manifest title");
        assert!(!parsed.articles[0].title_derived);
    }

    #[test]
    fn pages_saved_as_one_mhtml_file_are_read_with_the_url_they_came_from() {
        let parsed = parse_file(
            "saved/story.mhtml",
            "corpus/saved/story.mhtml",
            mhtml::tests::CHROME_PAGE.as_bytes(),
            &context(),
        );
        assert_eq!(parsed.notices, []);
        let [article] = parsed.articles.as_slice() else {
            panic!("one article expected: {:?}", parsed.articles);
        };
        assert_eq!(article.title, "Story headline");
        assert_eq!(article.body, "Café text here.");
        assert_eq!(
            article.url.as_deref(),
            Some("https://example.com/news/story")
        );
        assert_eq!(article.source, "example.com");
        // An MHTML file without a page in it is skipped, and says why.
        let parsed = parse_file(
            "saved/empty.mht",
            "corpus/saved/empty.mht",
            b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n\
              Content-Type: text/css\r\n\r\nbody{}\r\n--b--\r\n",
            &context(),
        );
        assert!(parsed.articles.is_empty());
        assert_eq!(
            parsed.notices,
            [Notice::Skipped(Skip {
                location: "corpus/saved/empty.mht".to_string(),
                kind: SkipKind::Malformed,
                detail: "an MHTML file without a web page in it (no text/html part)".to_string(),
            })]
        );
    }

    #[test]
    fn a_title_without_body_is_a_brief_and_nothing_at_all_is_skipped() {
        let parsed = parse_file(
            "wire.jsonl",
            "wire.jsonl",
            b"{\"id\": \"r1\", \"title\": \"OIL PRICES RISE\"}\n{\"id\": \"r2\", \"title\": \"\", \"body\": \"\"}\n",
            &context(),
        );
        assert_eq!(parsed.articles.len(), 1);
        assert_eq!(parsed.articles[0].id, "r1");
        assert_eq!(parsed.articles[0].body, "OIL PRICES RISE");
        assert_eq!(
            parsed.notices,
            vec![Notice::Skipped(Skip {
                location: "wire.jsonl:2".into(),
                kind: SkipKind::NoText,
                detail: "no article text".into()
            })]
        );
    }

    #[test]
    fn records_without_an_id_are_named_by_file_and_line() {
        let parsed = parse_file(
            "w.jsonl",
            "w.jsonl",
            b"{\"text\": \"One.\"}\n{\"text\": \"Two.\"}\n",
            &context(),
        );
        let ids: Vec<&str> = parsed
            .articles
            .iter()
            .map(|article| article.id.as_str())
            .collect();
        assert_eq!(ids, vec!["w.jsonl:1", "w.jsonl:2"]);
    }
}
