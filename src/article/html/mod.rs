//! Saved web pages: the article's main text and its metadata.
//!
//! Metadata comes from `<meta>` tags, JSON-LD and a few well-known elements, in a fixed order
//! of trust. The body comes from dom_smoothie (a port of readability.js), run on a copy of the
//! page from which obvious furniture (navigation, cookie banners, share bars, related links,
//! comments, captions) was removed first; when that yields next to nothing, the `<p>` elements
//! of the article are harvested instead.
//!
//! Work is bounded: tags nested absurdly deep are dropped before parsing (html5ever is
//! quadratic in depth), very large or deep trees skip readability, and every walk over the
//! tree is iterative, so malformed pages cost about linear time and never overflow the stack.

mod author;
mod body;
mod dom;
mod furniture;
mod jsonld;
mod meta;
mod nesting;
#[cfg(test)]
mod tests;
mod text;
mod title;
mod url;

use dom_query::Document;

use self::body::body;
use self::meta::Page;
use self::nesting::limit_nesting;
use self::url::domain;
use super::Draft;
use super::dating::parse_date_value;

/// Tags nested deeper than this are dropped before parsing (html5ever is quadratic in depth).
const MAX_PARSE_DEPTH: usize = 1_000;
/// Pages with more elements than this skip readability and use the `<p>` harvest.
const MAX_ELEMENTS: usize = 30_000;
/// Pages nested deeper than this skip readability and the selector-based cleaning.
const MAX_DEPTH: usize = 400;
/// How far up the tree ancestor checks look.
const ANCESTOR_STEPS: usize = 64;

/// Extracts the article from a saved HTML page.
pub(crate) fn parse(html: &str) -> Draft {
    parse_saved_from(html, None)
}

/// Extracts the article from a saved HTML page that its container says was saved from
/// `saved_from` (used when the page names no URL itself).
pub(crate) fn parse_saved_from(html: &str, saved_from: Option<&str>) -> Draft {
    let doc = Document::from(limit_nesting(html).as_ref());
    let mut page = Page::new(&doc);
    page.saved_from = saved_from
        .filter(|url| self::url::is_absolute(url))
        .map(str::to_string);
    let url = page.url();
    let site_name = page.site_name();
    let source = site_name
        .clone()
        .or_else(|| url.as_deref().and_then(domain));
    let title = page.title(site_name.as_deref(), url.as_deref());
    // A date line is read when the metadata gives no date it can read.
    let date = page.date();
    let readable = date.as_deref().and_then(parse_date_value).is_some();
    let author = page.author();
    let body = body(&doc, &page, title.as_deref(), author.as_deref());
    // Else the date line that opened the text, which the text no longer holds.
    let dateline = (!readable)
        .then(|| page.dateline().or(body.date_line))
        .flatten();
    let date = if dateline.is_some() { None } else { date };
    Draft {
        title,
        body: body.text,
        date,
        source,
        url,
        author,
        dateline,
        ..Draft::default()
    }
}
