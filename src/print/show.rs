//! Output of `newsdex show`: the article's metadata, then its passages, numbered.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::article::DateProvenance;
use crate::print::human::{printable, printable_name};
use crate::show::ShownArticle;

const TITLE: Style = Style::new().bold();
const DERIVED_TITLE: Style = Style::new().italic();
const DIM: Style = Style::new().dimmed();
const SOURCE: Style = AnsiColor::Cyan.on_default().bold();
const DATE: Style = AnsiColor::Green.on_default();
const MARK: Style = AnsiColor::Yellow.on_default().bold();

/// Where a date came from, in words.
fn provenance(provenance: DateProvenance) -> &'static str {
    match provenance {
        DateProvenance::Metadata => "from the article's metadata",
        DateProvenance::Text => "found in the text",
        DateProvenance::Weekday => "inferred from a weekday in the text",
        DateProvenance::None => "no date found",
    }
}

/// Writes the article for people; `marked` passage is flagged.
pub fn human(
    out: &mut dyn Write,
    article: &ShownArticle,
    marked: Option<u64>,
) -> std::io::Result<()> {
    let meta = article.meta();
    if meta.title_derived {
        writeln!(
            out,
            "{DIM}[no headline]{DIM:#} {DERIVED_TITLE}{}{DERIVED_TITLE:#}",
            printable(&meta.title)
        )?;
    } else {
        if let Some(kicker) = &meta.kicker {
            writeln!(out, "{DIM}{}{DIM:#}", printable(kicker))?;
        }
        writeln!(out, "{TITLE}{}{TITLE:#}", printable(&meta.title))?;
    }
    let date = match &meta.date {
        Some(date) if meta.date_provenance.is_inferred() => format!("~{date}"),
        Some(date) => date.clone(),
        None => "undated".to_string(),
    };
    writeln!(
        out,
        "{SOURCE}{}{SOURCE:#}  {DATE}{date}{DATE:#} {DIM}({}){DIM:#}",
        printable(&meta.source),
        provenance(meta.date_provenance)
    )?;
    if let Some(author) = &meta.author {
        writeln!(out, "by {}", printable(author))?;
    }
    writeln!(out, "{DIM}id   {}{DIM:#}", printable_name(&meta.id))?;
    writeln!(out, "{DIM}file {}{DIM:#}", printable_name(&meta.path))?;
    if let Some(url) = &meta.url {
        writeln!(out, "{DIM}url  {}{DIM:#}", printable(url))?;
    }
    for passage in &article.passages {
        writeln!(out)?;
        let text = printable(&passage.text).replace("\n\n", "\n     ");
        if marked == Some(passage.passage) {
            writeln!(out, "{MARK}▶ [{}]{MARK:#} {text}", passage.passage)?;
        } else {
            writeln!(out, "{DIM}  [{}]{DIM:#} {text}", passage.passage)?;
        }
    }
    out.flush()
}

#[derive(Serialize)]
struct ArticleRecord<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'a str,
    path: &'a str,
    title: &'a str,
    title_derived: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    kicker: Option<&'a str>,
    source: &'a str,
    date: Option<&'a str>,
    date_provenance: DateProvenance,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    marked_passage: Option<u64>,
    passages: Vec<PassageRecord<'a>>,
}

#[derive(Serialize)]
struct PassageRecord<'a> {
    passage: u64,
    start: u64,
    end: u64,
    text: &'a str,
}

/// Writes the article as one JSON object.
pub fn json(
    out: &mut dyn Write,
    article: &ShownArticle,
    marked: Option<u64>,
) -> std::io::Result<()> {
    let meta = article.meta();
    let record = ArticleRecord {
        kind: "article",
        id: &meta.id,
        path: &meta.path,
        title: &meta.title,
        title_derived: meta.title_derived,
        kicker: meta.kicker.as_deref(),
        source: &meta.source,
        date: meta.date.as_deref(),
        date_provenance: meta.date_provenance,
        url: meta.url.as_deref(),
        author: meta.author.as_deref(),
        marked_passage: marked,
        passages: article
            .passages
            .iter()
            .map(|passage| PassageRecord {
                passage: passage.passage,
                start: passage.start,
                end: passage.end,
                text: &passage.text,
            })
            .collect(),
    };
    serde_json::to_writer(&mut *out, &record)?;
    out.write_all(b"\n")?;
    out.flush()
}
