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

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use dom_query::{Document, NodeId, NodeRef};
use dom_smoothie::{Config, Readability, TextMode};
use serde_json::{Map, Value};

use super::Draft;

/// Tags nested deeper than this are dropped before parsing (html5ever is quadratic in depth).
const MAX_PARSE_DEPTH: usize = 1_000;
/// Pages with more elements than this skip readability and use the `<p>` harvest.
const MAX_ELEMENTS: usize = 30_000;
/// Pages nested deeper than this skip readability and the selector-based cleaning.
const MAX_DEPTH: usize = 400;
/// How far up the tree ancestor checks look.
const ANCESTOR_STEPS: usize = 64;
/// A body shorter than this (in characters) counts as "readability found nothing".
const MIN_BODY_CHARS: usize = 100;
/// Bylines longer than this are not names.
const MAX_BYLINE_CHARS: usize = 80;
/// At most this many JSON-LD objects are kept.
const MAX_LD_OBJECTS: usize = 256;

/// Separators between a headline and a site name in `<title>` and `og:title`.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " // "];

/// Meta names that hold a publication date, after `article:published_time` and JSON-LD.
const DATE_META_NAMES: &[&str] = &[
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.issued",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
    "og:published_time",
    "datepublished",
];

/// Elements that never hold article text.
const FURNITURE_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "footer",
    "form",
    "button",
    "select",
    "textarea",
    "input",
    "label",
    "iframe",
    "svg",
    "canvas",
    "figure",
    "figcaption",
    "picture",
    "video",
    "audio",
    "object",
    "embed",
    "dialog",
    "menu",
];

/// Words in a class or id that mark page furniture.
const FURNITURE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "author",
    "banner-ad",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "caption",
    "comment",
    "comments",
    "consent",
    "cookie",
    "cookies",
    "credit",
    "credits",
    "date",
    "disqus",
    "footer",
    "gdpr",
    "menu",
    "meta",
    "modal",
    "nav",
    "navbar",
    "navigation",
    "newsletter",
    "outbrain",
    "pagination",
    "pager",
    "paywall",
    "popup",
    "promo",
    "promotion",
    "pubdate",
    "recommended",
    "recommendations",
    "related",
    "share",
    "sharing",
    "sidebar",
    "signup",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "subscription",
    "taboola",
    "tags",
    "timestamp",
    "toolbar",
    "trending",
];

/// Multi-word furniture names, matched against an element's class and id with everything but
/// letters and digits removed (`most-read`, `mostRead` and `most_read` all give `mostread`).
const FURNITURE_PHRASES: &[&str] = &[
    "mostread",
    "mostpopular",
    "mostviewed",
    "morestories",
    "morefrom",
    "youmayalsolike",
    "youmaylike",
    "alsoread",
    "furtherreading",
    "recirc",
    "skiplink",
    "skipto",
];

/// Class names that hide an element.
const HIDDEN_CLASSES: &[&str] = &[
    "hidden",
    "is-hidden",
    "d-none",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader-text",
    "screen-reader-only",
];

/// ARIA roles of page furniture.
const FURNITURE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "dialog",
    "alertdialog",
    "search",
    "menu",
    "menubar",
];

/// Whole paragraphs that are page furniture wherever they appear (compared lowercased, without
/// trailing punctuation).
const FURNITURE_LINES: &[&str] = &[
    "ad",
    "advertisement",
    "advertising",
    "sponsored",
    "sponsored content",
    "story continues below advertisement",
    "article continues below advertisement",
    "article continues below",
    "continue reading below",
    "scroll to continue with content",
    "skip to content",
    "skip to main content",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share on facebook",
    "share on twitter",
    "tweet",
    "email",
    "print",
    "copy link",
    "link copied",
    "read more",
    "read next",
    "continue reading",
    "related",
    "related articles",
    "related stories",
    "comments",
    "leave a comment",
    "view comments",
    "show comments",
    "loading",
    "listen to this article",
    "supported by",
];

/// Extracts the article from a saved HTML page.
pub(crate) fn parse(html: &str) -> Draft {
    let doc = Document::from(limit_nesting(html).as_ref());
    let page = Page::new(&doc);
    let url = page.url();
    let site_name = page.site_name();
    let source = site_name
        .clone()
        .or_else(|| url.as_deref().and_then(domain));
    let title = page.title(site_name.as_deref(), url.as_deref());
    let date = page.date();
    let author = page.author();
    let body = body(&doc, &page, title.as_deref(), author.as_deref());
    Draft {
        title,
        body,
        date,
        source,
        url,
        author,
        ..Draft::default()
    }
}

/// Size of a parsed page.
#[derive(Debug, Clone, Copy)]
struct Shape {
    elements: usize,
    depth: usize,
}

impl Shape {
    fn of(doc: &Document) -> Shape {
        let mut shape = Shape {
            elements: 0,
            depth: 0,
        };
        walk(doc.root(), |node, depth| {
            if node.is_element() {
                shape.elements += 1;
                shape.depth = shape.depth.max(depth);
            }
            true
        });
        shape
    }

    /// True for pages too large or too deep for readability and selector-based cleaning.
    fn is_unwieldy(self) -> bool {
        self.elements > MAX_ELEMENTS || self.depth > MAX_DEPTH
    }
}

/// A parsed page with its metadata indexed.
struct Page<'a> {
    doc: &'a Document,
    shape: Shape,
    /// `(lowercased name/property/itemprop, content)` of every `<meta>` with content.
    meta: Vec<(String, String)>,
    /// Every JSON-LD object, `@graph` members flattened, in document order.
    ld: Vec<Map<String, Value>>,
    /// The text of the page's `<title>`.
    title_tag: Option<String>,
    /// The `<h1>` most likely to be the headline.
    h1: Option<NodeRef<'a>>,
}

impl<'a> Page<'a> {
    fn new(doc: &'a Document) -> Page<'a> {
        let shape = Shape::of(doc);
        let mut page = Page {
            doc,
            shape,
            meta: collect_meta(doc),
            ld: collect_json_ld(doc),
            title_tag: None,
            h1: None,
        };
        page.title_tag = page.find_title_tag();
        page.h1 = page.find_h1();
        page
    }

    /// The content of the first `<meta>` with this (lowercase) name, property or itemprop.
    fn meta(&self, key: &str) -> Option<String> {
        self.meta
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, content)| content.clone())
    }

    /// JSON-LD objects that describe the article, then those describing the page.
    fn ld_main(&self) -> impl Iterator<Item = &Map<String, Value>> {
        let articles = self.ld.iter().filter(|obj| is_article(obj));
        let pages = self
            .ld
            .iter()
            .filter(|obj| !is_article(obj) && is_page(obj));
        articles.chain(pages)
    }

    /// The first string value of `key` among the article (then page) JSON-LD objects.
    fn ld_main_text(&self, key: &str) -> Option<String> {
        self.ld_main()
            .find_map(|obj| obj.get(key).and_then(ld_text))
    }

    fn url(&self) -> Option<String> {
        let canonical = self
            .doc
            .select("link[rel][href]")
            .nodes()
            .iter()
            .filter(|link| {
                link.attr("rel")
                    .is_some_and(|rel| has_token(&rel, "canonical"))
            })
            .find_map(|link| link.attr("href"))
            .map(|href| href.trim().to_string())
            .filter(|href| is_absolute(href));
        canonical
            .or_else(|| self.meta("og:url").filter(|url| is_absolute(url)))
            .or_else(|| {
                self.ld_main().find_map(|obj| {
                    ["url", "mainEntityOfPage"].iter().find_map(|key| {
                        let value = obj.get(*key)?;
                        let url = match value {
                            Value::Object(inner) => inner
                                .get("@id")
                                .or_else(|| inner.get("url"))
                                .and_then(ld_text),
                            other => ld_text(other),
                        }?;
                        is_absolute(&url).then_some(url)
                    })
                })
            })
    }

    fn site_name(&self) -> Option<String> {
        self.meta("og:site_name")
            .map(|name| decode_entities(&name))
            .or_else(|| self.publisher_names().into_iter().next())
            .filter(|name| !name.is_empty())
    }

    /// Publisher names from JSON-LD, the article's first.
    fn publisher_names(&self) -> Vec<String> {
        let articles = self.ld.iter().filter(|obj| is_article(obj));
        let others = self.ld.iter().filter(|obj| !is_article(obj));
        let mut names = Vec::new();
        for obj in articles.chain(others) {
            if let Some(publisher) = obj.get("publisher") {
                for name in self.ld_names(publisher, 0) {
                    push_unique(&mut names, name);
                }
            }
        }
        names
    }

    fn find_title_tag(&self) -> Option<String> {
        let titles = self.doc.select("title");
        let nodes = titles.nodes();
        let in_head = nodes
            .iter()
            .find(|node| node.parent().is_some_and(|parent| parent.has_name("head")));
        let first = in_head.or_else(|| {
            nodes
                .iter()
                .find(|node| !has_ancestor(node, |a| a.has_name("svg")))
        })?;
        non_empty(collapse(&first.text()))
    }

    /// The headline `<h1>`: one inside `<article>`, else inside `<main>`, else one that the
    /// `<title>` repeats, else the first outside navigation.
    fn find_h1(&self) -> Option<NodeRef<'a>> {
        let h1s = self.doc.select("h1");
        let candidates: Vec<NodeRef<'a>> = h1s
            .nodes()
            .iter()
            .filter(|h1| {
                let text = collapse(&h1.text());
                !text.is_empty()
                    && text.chars().count() <= 300
                    && !has_ancestor(h1, |a| {
                        a.has_name("nav") || a.has_name("footer") || a.has_name("aside")
                    })
            })
            .copied()
            .collect();
        let title_norm = self.title_tag.as_deref().map(norm).unwrap_or_default();
        candidates
            .iter()
            .find(|h1| has_ancestor(h1, |a| a.has_name("article")))
            .or_else(|| {
                candidates
                    .iter()
                    .find(|h1| has_ancestor(h1, |a| a.has_name("main")))
            })
            .or_else(|| {
                candidates
                    .iter()
                    .map(|h1| (norm(&h1.text()), h1))
                    .filter(|(text, _)| !text.is_empty() && title_norm.contains(text.as_str()))
                    .max_by_key(|(text, _)| text.len())
                    .map(|(_, h1)| h1)
            })
            .or_else(|| candidates.first())
            .copied()
    }

    fn h1_text(&self) -> Option<String> {
        self.h1.and_then(|h1| non_empty(collapse(&h1.text())))
    }

    fn title(&self, site_name: Option<&str>, url: Option<&str>) -> Option<String> {
        let og = self.meta("og:title").map(|t| decode_entities(&t));
        let headline = self.ld_main_text("headline").map(|t| decode_entities(&t));
        let h1 = self.h1_text();
        let title_tag = self.title_tag.clone();

        let mut names: Vec<String> = Vec::new();
        if let Some(name) = site_name {
            names.push(name.to_string());
        }
        names.extend(self.publisher_names());
        if let Some(name) = self.meta("application-name") {
            names.push(name);
        }
        if let Some(host) = url.and_then(domain) {
            names.extend(host_labels(&host));
            names.push(host);
        }
        // A `<title>` that is another source's headline plus a suffix names the site.
        if let Some((prefix, suffix)) = title_tag.as_deref().and_then(split_last_separator) {
            let prefix = norm(prefix);
            if [&og, &headline, &h1]
                .iter()
                .any(|t| t.as_deref().is_some_and(|t| norm(t) == prefix))
            {
                names.push(suffix.to_string());
            }
        }
        let names: Vec<String> = names
            .iter()
            .map(|name| norm(name))
            .filter(|name| name.len() >= 3)
            .collect();

        let title = [og, headline, h1, title_tag.clone()]
            .into_iter()
            .flatten()
            .map(|t| collapse(&t))
            .find(|t| !t.is_empty())?;
        let is_title_tag = title_tag.as_deref() == Some(title.as_str());
        non_empty(strip_site_name(&title, &names, is_title_tag))
    }

    fn date(&self) -> Option<String> {
        self.meta("article:published_time")
            .or_else(|| self.ld_main_text("datePublished"))
            .or_else(|| self.itemprop_date("datepublished"))
            .or_else(|| DATE_META_NAMES.iter().find_map(|name| self.meta(name)))
            .or_else(|| self.time_element())
            // Creation and modification dates only when nothing else is known.
            .or_else(|| self.ld_main_text("dateCreated"))
            .or_else(|| self.meta("article:modified_time"))
            .or_else(|| self.ld_main_text("dateModified"))
            .or_else(|| self.itemprop_date("datemodified"))
            .or_else(|| self.meta("og:updated_time"))
            .map(|date| collapse(&date))
            .filter(|date| !date.is_empty())
    }

    /// The value of the first element whose itemprop is `prop` (lowercase).
    fn itemprop_date(&self, prop: &str) -> Option<String> {
        self.doc
            .select("[itemprop]")
            .nodes()
            .iter()
            .find_map(|node| {
                let itemprop = node.attr("itemprop")?;
                if !itemprop
                    .split_whitespace()
                    .any(|p| p.eq_ignore_ascii_case(prop))
                {
                    return None;
                }
                ["content", "datetime"]
                    .iter()
                    .find_map(|attr| node.attr(attr).and_then(|v| non_empty(collapse(&v))))
                    .or_else(|| {
                        non_empty(collapse(&node.text())).filter(|t| t.chars().count() <= 100)
                    })
            })
    }

    /// The `datetime` of the `<time>` most likely to give the publication date.
    fn time_element(&self) -> Option<String> {
        let times = self.doc.select("time[datetime]");
        let mut best: Option<(u8, String)> = None;
        for time in times.nodes() {
            let Some(value) = time.attr("datetime").and_then(|v| non_empty(collapse(&v))) else {
                continue;
            };
            let in_article = has_ancestor(time, |a| a.has_name("article") || a.has_name("main"));
            // Article footers often carry the date; page footers, asides and comments do not.
            if has_ancestor(time, |a| {
                a.has_name("nav")
                    || a.has_name("aside")
                    || (a.has_name("footer") && !in_article)
                    || class_words(a).iter().any(|w| {
                        matches!(w.as_str(), "comment" | "comments" | "related" | "sidebar")
                    })
            }) {
                continue;
            }
            let marks = format!(
                "{} {} {}",
                time.attr_or("class", ""),
                time.attr_or("itemprop", ""),
                time.attr_or("id", "")
            )
            .to_ascii_lowercase();
            let rank = if marks.contains("modif") || marks.contains("updat") {
                3
            } else if time.has_attr("pubdate") || marks.contains("publish") {
                0
            } else if in_article || has_ancestor(time, |a| a.has_name("header")) {
                1
            } else {
                2
            };
            if best.as_ref().is_none_or(|(best_rank, _)| rank < *best_rank) {
                best = Some((rank, value));
            }
        }
        best.map(|(_, value)| value)
    }

    fn author(&self) -> Option<String> {
        let meta_authors: Vec<String> = self
            .meta
            .iter()
            .filter(|(name, content)| name == "author" && !looks_like_url(content))
            .map(|(_, content)| clean_byline(&decode_entities(content)))
            .filter(|name| !name.is_empty())
            .fold(Vec::new(), |mut names, name| {
                push_unique(&mut names, name);
                names
            });
        if !meta_authors.is_empty() {
            return Some(meta_authors.join(", "));
        }
        let ld_authors = self
            .ld_main()
            .map(|obj| {
                obj.get("author")
                    .map(|author| self.ld_names(author, 0))
                    .unwrap_or_default()
            })
            .find(|names| !names.is_empty());
        if let Some(names) = ld_authors {
            let names: Vec<String> = names
                .iter()
                .map(|name| clean_byline(name))
                .filter(|name| !name.is_empty())
                .collect();
            if !names.is_empty() {
                return Some(names.join(", "));
            }
        }
        if let Some(author) = self
            .meta("article:author")
            .filter(|author| !looks_like_url(author))
            .map(|author| clean_byline(&decode_entities(&author)))
            .filter(|author| !author.is_empty())
        {
            return Some(author);
        }
        self.byline_element()
    }

    /// Names from `rel=author` links, `itemprop=author` elements or a `byline` element.
    fn byline_element(&self) -> Option<String> {
        let usable = |node: &NodeRef| {
            !has_ancestor(node, |a| {
                a.has_name("nav")
                    || a.has_name("aside")
                    || a.has_name("footer")
                    || class_words(a)
                        .iter()
                        .any(|w| matches!(w.as_str(), "comment" | "comments" | "related"))
            })
        };
        let short = |text: String| {
            let text = clean_byline(&text);
            (!text.is_empty() && text.chars().count() <= MAX_BYLINE_CHARS).then_some(text)
        };

        let mut names = Vec::new();
        for link in self.doc.select("[rel]").nodes() {
            if link
                .attr("rel")
                .is_some_and(|rel| has_token(&rel, "author"))
                && usable(link)
                && let Some(name) = short(link.text().to_string())
            {
                push_unique(&mut names, name);
            }
        }
        if names.is_empty() {
            for node in self.doc.select("[itemprop]").nodes() {
                if !node
                    .attr("itemprop")
                    .is_some_and(|prop| has_token(&prop, "author"))
                    || !usable(node)
                {
                    continue;
                }
                let name_node = dom_query::Selection::from(*node).select("[itemprop~=name]");
                let text = name_node
                    .nodes()
                    .first()
                    .map(|n| n.attr("content").unwrap_or_else(|| n.text()))
                    .unwrap_or_else(|| node.attr("content").unwrap_or_else(|| node.text()));
                if let Some(name) = short(text.to_string()) {
                    push_unique(&mut names, name);
                }
            }
        }
        if names.is_empty() {
            for node in self.doc.select("[class*=byline]").nodes() {
                if usable(node)
                    && let Some(name) = short(node.text().to_string())
                {
                    names.push(name);
                    break;
                }
            }
        }
        non_empty(names.join(", "))
    }

    /// Person or organisation names in a JSON-LD value: a string, an object with `name` (or an
    /// `@id` pointing at one), or a list of these.
    fn ld_names(&self, value: &Value, depth: usize) -> Vec<String> {
        if depth > 3 {
            return Vec::new();
        }
        let mut names = Vec::new();
        match value {
            Value::String(name) => {
                let name = collapse(name);
                if !name.is_empty() && !looks_like_url(&name) {
                    names.push(decode_entities(&name));
                }
            }
            Value::Array(items) => {
                for item in items {
                    for name in self.ld_names(item, depth + 1) {
                        push_unique(&mut names, name);
                    }
                }
            }
            Value::Object(obj) => {
                let name = obj.get("name").and_then(ld_text).or_else(|| {
                    let given = obj.get("givenName").and_then(ld_text)?;
                    let family = obj.get("familyName").and_then(ld_text).unwrap_or_default();
                    Some(format!("{given} {family}"))
                });
                match name {
                    Some(name) => {
                        let name = collapse(&name);
                        if !name.is_empty() && !looks_like_url(&name) {
                            names.push(decode_entities(&name));
                        }
                    }
                    None => {
                        let target = obj.get("@id").and_then(ld_text).and_then(|id| {
                            self.ld.iter().find(|other| {
                                other.len() > 1
                                    && other.get("@id").and_then(ld_text).as_deref()
                                        == Some(id.as_str())
                            })
                        });
                        if let Some(target) = target {
                            names = self.ld_names(&Value::Object(target.clone()), depth + 1);
                        }
                    }
                }
            }
            _ => {}
        }
        names
    }
}

// ---------------------------------------------------------------------------------------------
// Body

/// The article text: readability on a cleaned copy of the page, else the `<p>` harvest.
fn body(doc: &Document, page: &Page, title: Option<&str>, author: Option<&str>) -> String {
    let paragraphs = if page.shape.is_unwieldy() {
        harvest_paragraphs(doc)
    } else {
        let cleaned = doc.clone();
        remove_furniture(&cleaned, page);
        focus_on_article(&cleaned, page.h1.map(|h1| h1.id));
        let mut best = readability_paragraphs(&cleaned).unwrap_or_default();
        if char_count(&best) < MIN_BODY_CHARS {
            // Readability failed or found next to nothing: harvest the paragraphs, and if the
            // cleaning was too eager, try the page as it is.
            let fallbacks: [&dyn Fn() -> Vec<String>; 3] = [
                &|| harvest_paragraphs(&cleaned),
                &|| readability_paragraphs(doc).unwrap_or_default(),
                &|| harvest_paragraphs(doc),
            ];
            for fallback in fallbacks {
                if char_count(&best) >= MIN_BODY_CHARS {
                    break;
                }
                let candidate = fallback();
                if char_count(&candidate) > char_count(&best) {
                    best = candidate;
                }
            }
        }
        best
    };
    finish_body(paragraphs, title, author)
}

/// Runs readability and splits its formatted text into normalised paragraphs.
///
/// A panic inside the library (a bug triggered by some odd page) is caught and treated like a
/// failed extraction, so one page cannot bring down a whole indexing run.
fn readability_paragraphs(doc: &Document) -> Option<Vec<String>> {
    let config = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let copy = doc.clone();
    let text = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let mut readability = Readability::with_document(copy, None, Some(config)).ok()?;
        let article = readability.parse().ok()?;
        Some(article.text_content.to_string())
    }))
    .ok()??;
    Some(split_paragraphs(&text))
}

/// Splits text into trimmed, whitespace-collapsed, non-empty lines.
fn split_paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(collapse)
        .filter(|line| !line.is_empty())
        .collect()
}

fn char_count(paragraphs: &[String]) -> usize {
    paragraphs.iter().map(|p| p.chars().count()).sum()
}

/// Drops furniture lines and a leading copy of the title or byline, and joins the paragraphs.
fn finish_body(paragraphs: Vec<String>, title: Option<&str>, author: Option<&str>) -> String {
    let title = title.map(norm).unwrap_or_default();
    let author = author.map(norm).unwrap_or_default();
    let mut kept: Vec<String> = Vec::with_capacity(paragraphs.len());
    for paragraph in paragraphs {
        if is_furniture_line(&paragraph) {
            continue;
        }
        if kept.is_empty() {
            let n = norm(&paragraph);
            let byline = norm(&clean_byline(&paragraph));
            if (!title.is_empty() && n == title) || (!author.is_empty() && byline == author) {
                continue;
            }
        }
        kept.push(paragraph);
    }
    kept.join("\n\n")
}

fn is_furniture_line(paragraph: &str) -> bool {
    let line = paragraph
        .trim_end_matches(['.', ':', '…', '!', '>', '»', '›'])
        .trim()
        .to_lowercase();
    FURNITURE_LINES.contains(&line.as_str())
}

/// Removes page furniture from `doc`, sparing the elements that hold the article.
fn remove_furniture(doc: &Document, page: &Page) {
    let protected = protected_nodes(doc, page);
    let mut doomed: Vec<NodeRef> = Vec::new();
    walk(doc.root(), |node, _| {
        if !node.is_element() || protected.contains(&node.id) {
            return true;
        }
        if is_furniture(node) {
            doomed.push(*node);
            return false;
        }
        true
    });
    for node in doomed {
        node.remove_from_parent();
    }
}

/// Nodes that must survive cleaning: the headline, `<main>`, `itemprop=articleBody` and the
/// element holding the most paragraph text, with all their ancestors.
fn protected_nodes(doc: &Document, page: &Page) -> HashSet<NodeId> {
    let mut anchors: Vec<NodeRef> = Vec::new();
    // The page's h1 node comes from the same tree shape; find it in the copy by id.
    if let Some(h1) = page.h1 {
        anchors.push(NodeRef::new(h1.id, &doc.tree));
    }
    anchors.extend(doc.select("main").nodes().iter().copied());
    anchors.extend(
        doc.select("[itemprop]")
            .nodes()
            .iter()
            .filter(|n| {
                n.attr("itemprop")
                    .is_some_and(|p| has_token(&p, "articleBody"))
            })
            .copied(),
    );
    anchors.extend(densest_block(doc));
    let mut protected = HashSet::new();
    for anchor in anchors {
        let mut node = Some(anchor);
        while let Some(current) = node {
            if !protected.insert(current.id) {
                break;
            }
            node = current.parent();
        }
    }
    protected
}

/// The element holding the most paragraph text: each `<p>` counts fully for its parent and
/// half for its grandparent, so bodies that wrap every paragraph in its own `<div>` still win.
fn densest_block(doc: &Document) -> Option<NodeRef<'_>> {
    let mut scores: HashMap<NodeId, usize> = HashMap::new();
    for p in doc.select("p").nodes() {
        let Some(parent) = p.parent() else {
            continue;
        };
        let len = p.text().trim().chars().count();
        *scores.entry(parent.id).or_default() += len;
        if let Some(grandparent) = parent.parent() {
            *scores.entry(grandparent.id).or_default() += len / 2;
        }
    }
    scores
        .into_iter()
        .filter(|(_, score)| *score > 0)
        .max_by_key(|(id, score)| (*score, std::cmp::Reverse(*id)))
        .map(|(id, _)| NodeRef::new(id, &doc.tree))
}

/// Narrows a cleaned page to its article: when one `<article>` holds the densest paragraph
/// block and most of the page's paragraph text, everything beside it is dropped (teasers,
/// "most read" boxes, recirculation); and whatever precedes the headline within the article
/// (kickers, breadcrumbs, labels) goes too.
fn focus_on_article(doc: &Document, h1: Option<NodeId>) {
    let Some(block) = densest_block(doc) else {
        return;
    };
    let total: usize = doc
        .select("p")
        .nodes()
        .iter()
        .map(|p| p.text().trim().chars().count())
        .sum();
    let article = std::iter::once(block)
        .chain(block.ancestors_it(Some(ANCESTOR_STEPS)))
        .find(|node| node.has_name("article"));
    if let Some(article) = article {
        let inside: usize = dom_query::Selection::from(article)
            .select("p")
            .nodes()
            .iter()
            .map(|p| p.text().trim().chars().count())
            .sum();
        if inside * 10 >= total * 6 {
            let mut current = article;
            while let Some(parent) = current.parent() {
                if current.has_name("body") || parent.is_document() {
                    break;
                }
                for sibling in parent.children() {
                    if sibling.id != current.id && !sibling.has_name("head") {
                        sibling.remove_from_parent();
                    }
                }
                current = parent;
            }
        }
    }
    // Drop what precedes the headline, up to the level of the element that holds the body.
    let Some(h1) = h1.map(|id| NodeRef::new(id, &doc.tree)) else {
        return;
    };
    let attached = h1.ancestors_it(None).any(|ancestor| ancestor.is_document());
    if !attached || h1.id > block.id {
        return;
    }
    let block_path: HashSet<NodeId> = std::iter::once(block.id)
        .chain(block.ancestors_it(None).map(|node| node.id))
        .collect();
    let mut current = h1;
    while let Some(parent) = current.parent() {
        if current.has_name("body") || parent.is_document() {
            break;
        }
        let mut sibling = current.prev_sibling();
        while let Some(node) = sibling {
            sibling = node.prev_sibling();
            node.remove_from_parent();
        }
        if block_path.contains(&parent.id) {
            break;
        }
        current = parent;
    }
}

/// True for elements that are page furniture by tag, role, visibility, class or id.
fn is_furniture(node: &NodeRef) -> bool {
    let Some(name) = node.node_name() else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    if matches!(name.as_str(), "html" | "head" | "body" | "main") {
        return false;
    }
    if FURNITURE_TAGS.contains(&name.as_str()) {
        return true;
    }
    if name == "header" && !has_ancestor(node, |a| a.has_name("article")) {
        return true;
    }
    if name == "time"
        && !has_ancestor(node, |a| {
            ["p", "li", "td", "dd", "blockquote"]
                .iter()
                .any(|tag| a.has_name(tag))
        })
    {
        return true;
    }
    if node.has_attr("hidden")
        || node
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if let Some(style) = node.attr("style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    if node
        .attr("role")
        .is_some_and(|role| FURNITURE_ROLES.contains(&role.trim().to_ascii_lowercase().as_str()))
    {
        return true;
    }
    if node.attr("class").is_some_and(|class| {
        class
            .split_whitespace()
            .any(|c| HIDDEN_CLASSES.contains(&c.to_ascii_lowercase().as_str()))
    }) {
        return true;
    }
    let words = class_words(node);
    if words
        .iter()
        .any(|word| FURNITURE_WORDS.contains(&word.as_str()))
    {
        return true;
    }
    let joined = words.concat();
    FURNITURE_PHRASES
        .iter()
        .any(|phrase| joined.contains(phrase))
}

/// The words of an element's class and id: split at non-alphanumerics and camelCase humps,
/// lowercased. `relatedArticles sidebar-box` gives `related articles sidebar box`.
fn class_words(node: &NodeRef) -> Vec<String> {
    let mut words = Vec::new();
    for attr in ["class", "id"] {
        let Some(value) = node.attr(attr) else {
            continue;
        };
        let mut word = String::new();
        let mut prev_lower = false;
        for ch in value.chars() {
            if !ch.is_alphanumeric() {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                prev_lower = false;
                continue;
            }
            if ch.is_uppercase() && prev_lower && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            prev_lower = ch.is_lowercase() || ch.is_numeric();
            word.extend(ch.to_lowercase());
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

/// The text of the `<p>` elements of the page's article (the `<article>` with the most
/// paragraph text, else `<main>`, else `<body>`), skipping navigation, headers, footers,
/// asides and forms. Walks the tree by hand, so it is linear even on pathological pages.
fn harvest_paragraphs(doc: &Document) -> Vec<String> {
    let mut articles: Vec<NodeRef> = Vec::new();
    let mut main: Option<NodeRef> = None;
    let mut body: Option<NodeRef> = None;
    walk(doc.root(), |node, _| {
        if node.has_name("article") {
            articles.push(*node);
        } else if node.has_name("main") && main.is_none() {
            main = Some(*node);
        } else if node.has_name("body") && body.is_none() {
            body = Some(*node);
        }
        true
    });
    let best_article = articles
        .iter()
        .map(|article| (paragraphs_in(*article, true), article))
        .max_by_key(|(paragraphs, _)| char_count(paragraphs))
        .map(|(paragraphs, _)| paragraphs)
        .filter(|paragraphs| !paragraphs.is_empty());
    if let Some(paragraphs) = best_article {
        return paragraphs;
    }
    for container in [main, body, Some(doc.root())].into_iter().flatten() {
        let paragraphs = paragraphs_in(container, true);
        if !paragraphs.is_empty() {
            return paragraphs;
        }
        // Some sites wrap the whole page in a form.
        let paragraphs = paragraphs_in(container, false);
        if !paragraphs.is_empty() {
            return paragraphs;
        }
    }
    Vec::new()
}

/// The normalised text of the `<p>` elements under `root`, outside excluded containers.
fn paragraphs_in(root: NodeRef, skip_forms: bool) -> Vec<String> {
    let mut paragraphs = Vec::new();
    walk(root, |node, _| {
        let Some(name) = node.node_name() else {
            return !node.is_text();
        };
        match name.as_ref() {
            "nav" | "header" | "footer" | "aside" | "script" | "style" | "noscript"
            | "template" | "svg" => false,
            "form" => !skip_forms,
            "p" => {
                let text = collapse(&node.text());
                if !text.is_empty() {
                    paragraphs.push(text);
                }
                false
            }
            _ => true,
        }
    });
    paragraphs
}

// ---------------------------------------------------------------------------------------------
// Nesting guard

/// Elements without content.
const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];
/// Elements closed implicitly by their next sibling; they do not pile up.
const SELF_ENDING_TAGS: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "rb", "rt", "rtc", "rp",
];
/// Elements whose content is raw text up to their end tag.
const RAW_TEXT_TAGS: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// The page with tags nested deeper than [`MAX_PARSE_DEPTH`] removed (their text stays).
///
/// html5ever looks through the stack of open elements for most tags, so parsing costs grow
/// with the square of the nesting depth; a page of 100,000 unclosed `<div>`s would take
/// minutes. Real pages are a few dozen levels deep and come back unchanged.
fn limit_nesting(html: &str) -> Cow<'_, str> {
    if scan_nesting(html, None).0 <= MAX_PARSE_DEPTH {
        return Cow::Borrowed(html);
    }
    Cow::Owned(scan_nesting(html, Some(MAX_PARSE_DEPTH)).1)
}

/// A linear pass over the tags of a page, estimating how deep they nest. With a `limit`,
/// also returns the page without the start tags (and matching end tags) beyond it.
fn scan_nesting(html: &str, limit: Option<usize>) -> (usize, String) {
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let len = bytes.len();
    let mut out = String::new();
    let (mut depth, mut max_depth, mut dropped) = (0usize, 0usize, 0usize);
    let (mut i, mut copied) = (0usize, 0usize);
    while let Some(offset) = lower[i..].find('<') {
        let start = i + offset;
        let rest = &lower[start..];
        if rest.starts_with("<!--") {
            i = lower[start + 4..]
                .find("-->")
                .map_or(len, |end| start + 4 + end + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = lower[start..].find('>').map_or(len, |end| start + end + 1);
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        let name = &lower[name_start..name_start + name_len];
        let end = tag_end(bytes, name_start + name_len);
        let self_closing = !closing && end >= 2 && bytes[end - 2] == b'/' && bytes[end - 1] == b'>';
        let counted = !VOID_TAGS.contains(&name) && !SELF_ENDING_TAGS.contains(&name);
        let mut drop_tag = false;
        if counted && closing {
            if dropped > 0 {
                dropped -= 1;
                drop_tag = true;
            } else {
                depth = depth.saturating_sub(1);
            }
        } else if counted && !self_closing {
            if limit.is_some_and(|limit| depth >= limit) {
                dropped += 1;
                drop_tag = true;
            } else {
                depth += 1;
                max_depth = max_depth.max(depth);
            }
        }
        if drop_tag {
            out.push_str(&html[copied..start]);
            copied = end;
        }
        i = end;
        if !closing && !self_closing && RAW_TEXT_TAGS.contains(&name) {
            let close = format!("</{name}");
            i = lower[end..].find(&close).map_or(len, |at| end + at);
        }
    }
    if limit.is_some() {
        out.push_str(&html[copied..]);
    }
    (max_depth, out)
}

/// The index just past the `>` that ends a tag whose attributes start at `from`, skipping
/// quoted attribute values.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (index, &byte) in bytes.iter().enumerate().skip(from) {
        match quote {
            Some(q) if byte == q => quote = None,
            Some(_) => {}
            None if byte == b'"' || byte == b'\'' => quote = Some(byte),
            None if byte == b'>' => return index + 1,
            None => {}
        }
    }
    bytes.len()
}

// ---------------------------------------------------------------------------------------------
// Tree helpers

/// Visits `root` and its descendants depth-first in document order; `visit` returns whether to
/// descend into the node. Iterative, so depth costs no stack.
fn walk<'a>(root: NodeRef<'a>, mut visit: impl FnMut(&NodeRef<'a>, usize) -> bool) {
    let mut stack = vec![(root, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if visit(&node, depth) {
            stack.extend(node.children_it(true).map(|child| (child, depth + 1)));
        }
    }
}

/// True if one of the node's nearest ancestors satisfies `pred`.
fn has_ancestor(node: &NodeRef, pred: impl Fn(&NodeRef) -> bool) -> bool {
    let mut current = node.parent();
    for _ in 0..ANCESTOR_STEPS {
        match current {
            Some(ancestor) => {
                if pred(&ancestor) {
                    return true;
                }
                current = ancestor.parent();
            }
            None => return false,
        }
    }
    false
}

// ---------------------------------------------------------------------------------------------
// Metadata helpers

/// `(key, content)` for each `<meta>`: keys are the lowercased words of `property`, `name` and
/// `itemprop`.
fn collect_meta(doc: &Document) -> Vec<(String, String)> {
    let mut meta = Vec::new();
    for node in doc.select("meta").nodes() {
        let Some(content) = node.attr("content") else {
            continue;
        };
        let content = collapse(&content);
        if content.is_empty() {
            continue;
        }
        for attr in ["property", "name", "itemprop"] {
            if let Some(keys) = node.attr(attr) {
                for key in keys.split_whitespace() {
                    meta.push((key.to_ascii_lowercase(), content.clone()));
                }
            }
        }
    }
    meta
}

/// Every object of every JSON-LD block, with `@graph` lists and `mainEntity` objects
/// flattened into the list. Blocks that do not parse are skipped.
fn collect_json_ld(doc: &Document) -> Vec<Map<String, Value>> {
    let mut objects = Vec::new();
    for script in doc.select("script[type]").nodes() {
        let is_ld = script.attr("type").is_some_and(|t| {
            t.trim()
                .to_ascii_lowercase()
                .starts_with("application/ld+json")
        });
        if !is_ld {
            continue;
        }
        if let Some(value) = parse_json_lenient(&script.text()) {
            flatten_ld(value, &mut objects, 0);
        }
        if objects.len() >= MAX_LD_OBJECTS {
            break;
        }
    }
    objects.truncate(MAX_LD_OBJECTS);
    objects
}

/// Parses a JSON-LD block, tolerating comment or CDATA wrappers, raw control characters in
/// strings and a trailing semicolon.
fn parse_json_lenient(text: &str) -> Option<Value> {
    let mut text = text.trim();
    for (open, close) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(inner) = text.strip_prefix(open) {
            text = inner.strip_suffix(close).unwrap_or(inner).trim();
        }
    }
    if let Ok(value) = serde_json::from_str(text) {
        return Some(value);
    }
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    serde_json::from_str(cleaned.trim().trim_end_matches(';')).ok()
}

fn flatten_ld(value: Value, out: &mut Vec<Map<String, Value>>, depth: usize) {
    if depth > 4 || out.len() >= MAX_LD_OBJECTS {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                flatten_ld(item, out, depth + 1);
            }
        }
        Value::Object(mut obj) => {
            let graph = obj.remove("@graph");
            let main_entity = match obj.get("mainEntity") {
                Some(Value::Object(entity)) if is_article(entity) => Some(entity.clone()),
                _ => None,
            };
            out.push(obj);
            if let Some(entity) = main_entity {
                flatten_ld(Value::Object(entity), out, depth + 1);
            }
            if let Some(graph) = graph {
                flatten_ld(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// The object's `@type`s, without any `schema.org` prefix.
fn ld_types(obj: &Map<String, Value>) -> Vec<&str> {
    fn short(t: &str) -> &str {
        t.rsplit(['/', ':', '#']).next().unwrap_or(t)
    }
    match obj.get("@type") {
        Some(Value::String(t)) => vec![short(t)],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(short).collect(),
        _ => Vec::new(),
    }
}

fn is_article(obj: &Map<String, Value>) -> bool {
    ld_types(obj).iter().any(|t| {
        t.ends_with("Article")
            || matches!(
                *t,
                "BlogPosting"
                    | "LiveBlogPosting"
                    | "ReportageNews"
                    | "Report"
                    | "SocialMediaPosting"
            )
    })
}

fn is_page(obj: &Map<String, Value>) -> bool {
    let types = ld_types(obj);
    types.is_empty()
        || types
            .iter()
            .any(|t| t.ends_with("WebPage") || *t == "ItemPage")
}

/// A JSON-LD value as text: a string, the first string of a list, or an object's `@value`.
fn ld_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => non_empty(s.trim().to_string()),
        Value::Array(items) => items.iter().find_map(ld_text),
        Value::Object(obj) => obj.get("@value").and_then(ld_text),
        _ => None,
    }
}

/// Removes a site name after the last (or before the first) separator of a title.
fn strip_site_name(title: &str, names: &[String], is_title_tag: bool) -> String {
    let mut title = title.to_string();
    for _ in 0..2 {
        let Some((prefix, suffix)) = split_last_separator(&title) else {
            break;
        };
        let suffix_norm = norm(suffix);
        let names_site = names.iter().any(|name| names_match(&suffix_norm, name));
        // A bare `<title>` ending in a short capitalised tail almost always names the site.
        let generic = is_title_tag
            && suffix.split_whitespace().count() <= 4
            && suffix.chars().count() <= 40
            && suffix
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
            && prefix.split_whitespace().count() >= 3;
        if !(names_site || generic) {
            break;
        }
        title = prefix.trim().to_string();
    }
    if let Some((prefix, rest)) = split_first_separator(&title) {
        let prefix_norm = norm(prefix);
        if names.iter().any(|name| names_match(&prefix_norm, name))
            && rest.split_whitespace().count() >= 2
        {
            title = rest.trim().to_string();
        }
    }
    title
}

/// True if a normalised title part names the same site as a normalised site name.
fn names_match(part: &str, name: &str) -> bool {
    part.len() >= 3
        && (part == name || part.contains(name) || (part.len() >= 4 && name.contains(part)))
}

fn split_last_separator(title: &str) -> Option<(&str, &str)> {
    let (index, sep) = TITLE_SEPARATORS
        .iter()
        .filter_map(|sep| title.rfind(sep).map(|index| (index, *sep)))
        .max_by_key(|(index, _)| *index)?;
    let prefix = title[..index].trim();
    let suffix = title[index + sep.len()..].trim();
    (!prefix.is_empty() && !suffix.is_empty()).then_some((prefix, suffix))
}

fn split_first_separator(title: &str) -> Option<(&str, &str)> {
    let (index, sep) = TITLE_SEPARATORS
        .iter()
        .filter_map(|sep| title.find(sep).map(|index| (index, *sep)))
        .min_by_key(|(index, _)| *index)?;
    let prefix = title[..index].trim();
    let rest = title[index + sep.len()..].trim();
    (!prefix.is_empty() && !rest.is_empty()).then_some((prefix, rest))
}

/// The host of an absolute URL, lowercased, without `www.`, port or credentials.
fn domain(url: &str) -> Option<String> {
    let (_, rest) = url.trim().split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (host.contains('.') && !host.starts_with('.')).then(|| host.to_string())
}

/// The distinctive labels of a host name (`edition.cnn.com` gives `edition`, `cnn`).
fn host_labels(host: &str) -> Vec<String> {
    const COMMON: &[&str] = &[
        "com", "co", "org", "net", "gov", "edu", "uk", "de", "fr", "www", "news", "amp", "m",
        "info", "io",
    ];
    host.split('.')
        .filter(|label| label.len() >= 3 && !COMMON.contains(label))
        .map(str::to_string)
        .collect()
}

fn is_absolute(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && domain(url).is_some()
}

fn looks_like_url(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

/// True if a space-separated attribute value holds `token` (ASCII case-insensitive).
fn has_token(value: &str, token: &str) -> bool {
    value
        .split_whitespace()
        .any(|word| word.eq_ignore_ascii_case(token))
}

/// Trims a byline and removes a leading "By".
fn clean_byline(text: &str) -> String {
    let text = collapse(text);
    for prefix in ["written by", "posted by", "words by", "by"] {
        let starts = text
            .as_bytes()
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()));
        // The matched bytes are ASCII, so `prefix.len()` is a char boundary.
        if starts && text[prefix.len()..].starts_with([' ', ':']) {
            return text[prefix.len()..]
                .trim_start_matches([' ', ':'])
                .trim()
                .to_string();
        }
    }
    text
}

/// Decodes HTML entities left in a string (as JSON-LD and doubly-escaped attributes have).
fn decode_entities(text: &str) -> String {
    if !text.contains('&') || !text.contains(';') {
        return text.to_string();
    }
    let fragment = Document::fragment(text.replace('<', "&lt;"));
    collapse(&fragment.root().text())
}

/// Collapses whitespace runs to one space and trims; drops zero-width and soft-hyphen chars.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        let word: String = word
            .chars()
            .filter(|c| {
                !matches!(
                    c,
                    '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
                )
            })
            .collect();
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

/// Lowercase alphanumerics only, for comparing titles and names.
fn norm(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

fn push_unique(names: &mut Vec<String>, name: String) {
    if !names.contains(&name) {
        names.push(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDPRESS: &str = include_str!("../../tests/fixtures/html/wordpress_yoast.html");
    const JSONLD_NEWS: &str = include_str!("../../tests/fixtures/html/jsonld_newsarticle.html");
    const TITLE_AND_H1: &str = include_str!("../../tests/fixtures/html/title_and_h1_only.html");
    const HEAVY: &str = include_str!("../../tests/fixtures/html/heavy_boilerplate.html");
    const BROKEN: &str = include_str!("../../tests/fixtures/html/broken_no_article.html");
    const MICRODATA: &str = include_str!("../../tests/fixtures/html/microdata_bylines.html");

    fn some(text: &str) -> Option<String> {
        Some(text.to_string())
    }

    /// Checks the body's shape: paragraphs separated by exactly one blank line, trimmed,
    /// with single spaces.
    fn assert_well_formed(body: &str) {
        for paragraph in body.split("\n\n") {
            assert!(!paragraph.is_empty(), "empty paragraph in {body:?}");
            assert!(!paragraph.contains('\n'), "line break in {paragraph:?}");
            assert_eq!(paragraph, paragraph.trim(), "untrimmed {paragraph:?}");
            assert!(!paragraph.contains("  "), "double space in {paragraph:?}");
        }
    }

    fn assert_absent(body: &str, furniture: &[&str]) {
        for text in furniture {
            assert!(!body.contains(text), "{text:?} leaked into body:\n{body}");
        }
    }

    #[test]
    fn wordpress_page_with_yoast_graph() {
        let draft = parse(WORDPRESS);
        assert_eq!(
            draft.title,
            some("Council approves 12 miles of protected bike lanes")
        );
        assert_eq!(draft.date, some("2024-03-12T21:14:05+00:00"));
        assert_eq!(draft.source, some("Riverside Gazette"));
        assert_eq!(
            draft.url,
            some("https://riversidegazette.com/2024/03/12/council-approves-bike-lanes/")
        );
        // Resolved through the @graph Person that the article's author @id points at.
        assert_eq!(draft.author, some("Maria Ochoa"));
        assert_eq!(draft.id, None);
        assert_eq!(draft.kicker, None);
        let expected = [
            "The Riverside City Council voted 7-2 on Tuesday night to spend $4.8 million on a network of protected bike lanes, ending a debate that has divided the valley’s largest city for more than two years.",
            "The plan adds 12 miles of lanes separated from traffic by concrete curbs and planters, starting with Mill Street and the Harbor Road corridor, where three cyclists were killed in collisions last year.",
            "Business owners split",
            "Several downtown merchants spoke against the project during the four-hour public comment period, warning that removing 140 parking spaces along Mill Street would drive customers to the malls on the edge of town.",
            "“People don’t ride a bicycle to buy a sofa,” said Tom Brennan, who has run a furniture store on Mill Street since 1994.",
            "Others backed the plan. Alicia Park, who owns a café two blocks from city hall, said her sales rose after a temporary lane was painted outside her door last summer.",
            "Construction on the first segment is scheduled to begin in June and should be finished before the start of the school year, according to the city’s public works director, Sam Reyes.",
        ]
        .join("\n\n");
        assert_eq!(draft.body, expected);
        assert_well_formed(&draft.body);
    }

    #[test]
    fn wordpress_page_leaves_out_its_furniture() {
        let body = parse(WORDPRESS).body;
        assert_absent(
            &body,
            &[
                "Skip to content",
                "Local News",
                "Posted on",
                "Maria Ochoa",
                "Photo: Dana Whitfield",
                "Share this",
                "Facebook",
                "Third cyclist killed",
                "Tagged",
                "Finally. I have been waiting",
                "Leave a Reply",
                "Recent Posts",
                "Support local journalism",
                "All rights reserved",
            ],
        );
    }

    #[test]
    fn news_page_with_only_json_ld_and_time_elements() {
        let draft = parse(JSONLD_NEWS);
        assert_eq!(
            draft.title,
            some("Drought pushes reservoir to lowest level since 1977")
        );
        // JSON-LD only has dateModified, and the first <time> is the update: the date is the
        // published <time>.
        assert_eq!(draft.date, some("2023-08-21T13:05:00Z"));
        assert_eq!(draft.source, some("The Daily Ledger"));
        assert_eq!(
            draft.url,
            some(
                "https://www.dailyledger.example/climate/2023/08/21/lake-corran-drought-record-low"
            )
        );
        assert_eq!(draft.author, some("Priya Raman, Owen Castellano"));
        let expected = [
            "Water managers warned of mandatory cuts as Lake Corran fell below 30 percent of capacity.",
            "Lake Corran, the reservoir that supplies drinking water to nearly two million people in the Ashby basin, fell to 29 percent of its capacity this weekend, its lowest level since the drought of 1977.",
            "The regional water authority said on Monday that it would vote next month on the first mandatory cuts in its history if the lake dropped below 25 percent, a threshold forecasters expect it to reach by October.",
            "“We are not in a crisis yet, but we are closer than we have ever been,” said Helen Marsh, the authority’s general manager. “Every household can help by cutting outdoor watering in half.”",
            "The proposed restrictions would:",
            "limit lawn watering to two days a week;",
            "ban the filling of private swimming pools;",
            "raise rates for the heaviest users by up to 40 percent.",
            "Farmers, who use about two-thirds of the basin’s water, have already lost a quarter of their allocations this year. Several growers said they had left fields unplanted rather than pay for water trucked in from the north.",
            "“You cannot grow almonds on promises,” said Javier Ortega, whose family has farmed near Hatton for four generations.",
            "Forecasters give even odds that a wet winter will refill the lake. If it does not, the authority has said it will consider buying water from neighbouring districts at prices that could double household bills.",
        ]
        .join("\n\n");
        assert_eq!(draft.body, expected);
        assert_well_formed(&draft.body);
        assert_absent(
            &draft.body,
            &[
                "Advertisement",
                "Climate\n",
                "Priya Raman",
                "Updated",
                "Luis Ferreira",
                "Heat wave breaks records",
                "Share on",
                "Get the Climate Ledger newsletter",
                "Most read",
                "State budget deal",
                "All rights reserved",
                "PRELOADED",
            ],
        );
    }

    #[test]
    fn page_with_only_a_title_an_h1_and_a_canonical_link() {
        let draft = parse(TITLE_AND_H1);
        // The headline h1 wins over the logo h1, which the <title> also contains.
        assert_eq!(
            draft.title,
            some("Ferry service to resume after storm repairs")
        );
        assert_eq!(draft.date, None);
        assert_eq!(draft.source, some("valleypost.co.uk"));
        assert_eq!(
            draft.url,
            some(
                "https://www.valleypost.co.uk/news/local/ferry-service-to-resume-after-storm-repairs-1-4410297"
            )
        );
        assert_eq!(draft.author, None);
        let expected = [
            "The ferry link between Port Ellan and the island of Carra will reopen on Monday, six weeks after a winter storm tore away part of the pier.",
            "Repair crews have replaced two of the pier's concrete pilings and rebuilt the ramp used by cars and lorries, the harbour trust said.",
            "The closure left the island's 900 residents relying on a small passenger launch, which could not carry vehicles or fuel. Supplies were flown in twice a week.",
            "Island councillor Morag Finlay said: \"People have been incredibly patient. Getting the ferry back means the shop can be restocked properly and the school minibus can run again.\"",
            "The first sailing leaves Port Ellan at 7.30am.",
            "Timetables are available at the harbour office.",
        ]
        .join("\n\n");
        assert_eq!(draft.body, expected);
        assert_absent(
            &draft.body,
            &[
                "Valley Post",
                "Home",
                "Published on",
                "Print this page",
                "Latest headlines",
                "_gaq",
            ],
        );
    }

    #[test]
    fn short_article_surrounded_by_heavy_boilerplate() {
        let draft = parse(HEAVY);
        // og:title carries the site name as a suffix, <title> as a prefix.
        assert_eq!(
            draft.title,
            some("Rail strike called off after overnight talks")
        );
        assert_eq!(draft.date, some("2022-11-04T06:45:00+01:00"));
        assert_eq!(draft.source, some("Nordic Wire"));
        // The canonical link is relative, so og:url is used.
        assert_eq!(
            draft.url,
            some("https://nordicwire.example/business/rail-strike-called-off")
        );
        assert_eq!(draft.author, some("Lars Holm"));
        let expected = [
            "A national rail strike planned for Monday has been called off after unions and the state operator reached an agreement at about 4am on Friday, following 19 hours of talks.",
            "The deal raises wages by 4.5 percent this year and guarantees that no ticket offices will close before 2025. Union members still have to approve it in a vote later this month.",
            "Trains will run normally over the weekend and on Monday, the operator said.",
        ]
        .join("\n\n");
        assert_eq!(draft.body, expected);
        assert_absent(
            &draft.body,
            &[
                "cookies",
                "Accept all",
                "Breaking",
                "Parliament passes budget",
                "reader-funded newsroom",
                "Log in",
                "Lars Holm",
                "4 November 2022",
                "Facebook",
                "Advertisement",
                "Topics",
                "Related articles",
                "Rail workers vote",
                "Comments",
                "Good news for once",
                "below inflation",
                "night trains",
                "Morning Briefing",
                "Most read",
                "Stockholm",
                "© 2022",
                "dataLayer",
            ],
        );
    }

    #[test]
    fn broken_page_without_an_article_does_not_panic() {
        let draft = parse(BROKEN);
        // An empty og:title is skipped; no site name is known, and "Sign in" is too short to
        // be a headline followed by a site name.
        assert_eq!(draft.title, some("Sign in – Example Times"));
        assert_eq!(draft.date, None);
        assert_eq!(draft.source, None);
        assert_eq!(draft.url, None);
        assert_eq!(draft.author, None);
        assert_eq!(
            draft.body,
            "Sign in to continue reading\n\n\
             Don't have an account? Subscribe from $1 a week\n\n\
             Need help? Contact customer service\n\n\
             © Example Times 2021"
        );
        assert_absent(&draft.body, &["Password", "Email", "Unfinished", "@type"]);
    }

    #[test]
    fn microdata_rel_author_links_and_lenient_json_ld() {
        let draft = parse(MICRODATA);
        assert_eq!(
            draft.title,
            some("Harbour wall to be rebuilt after 150 years")
        );
        // itemprop=datePublished comes before parsely-pub-date and <time pubdate>.
        assert_eq!(draft.date, some("2021-06-30"));
        // From a JSON-LD block with a raw line break inside a string.
        assert_eq!(draft.source, some("The Harbour Times"));
        assert_eq!(
            draft.url,
            some("https://harbourtimes.example/local/harbour-wall-rebuilt")
        );
        // article:author is a URL; the rel=author links give the names.
        assert_eq!(draft.author, some("Jane Roe, Ahmed Said"));
        let expected = [
            "The Victorian sea wall that protects the town's harbour is to be rebuilt at a cost of £6.2m after engineers found it was moving by almost a centimetre a year.",
            "The wall, finished in 1871, shelters about 60 fishing boats and the lifeboat station. A survey last winter found cracks along a third of its length.",
            "Work will start in September and is expected to take two years. The harbour will stay open, although some moorings will move while the eastern arm is closed.",
            "The harbour master, Ruth Cole, said the repairs were overdue. \"If we do nothing, a big storm could take part of it away,\" she said.",
        ]
        .join("\n\n");
        assert_eq!(draft.body, expected);
        assert_absent(
            &draft.body,
            &[
                "Jane Roe", "30 June", "low tide", "Photo:", "Print", "About us",
            ],
        );
    }

    /// A page with these head and body contents.
    fn page(head: &str, body: &str) -> String {
        format!("<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")
    }

    /// Enough text for readability to treat the block as an article.
    const PARAGRAPHS: &str = "<p>The first paragraph of the story is long enough to be counted \
        as real article text by any reasonable extractor, with commas, and clauses.</p>\
        <p>The second paragraph adds more detail about what happened, who said what, and when \
        the next step is expected to take place in the coming weeks.</p>";

    #[test]
    fn title_prefers_og_title_then_headline_then_h1_then_title_tag() {
        let head = "<title>Tag title words here | Example</title>\
            <meta property='og:title' content='Open Graph title'>\
            <script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":\"LD headline\"}</script>";
        let body = format!("<article><h1>Heading one</h1>{PARAGRAPHS}</article>");
        assert_eq!(parse(&page(head, &body)).title, some("Open Graph title"));
        let head = "<title>Tag title words here | Example</title>\
            <script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":\"LD headline\"}</script>";
        assert_eq!(parse(&page(head, &body)).title, some("LD headline"));
        let head = "<title>Tag title words here | Example</title>";
        assert_eq!(parse(&page(head, &body)).title, some("Heading one"));
        assert_eq!(
            parse(&page(head, PARAGRAPHS)).title,
            some("Tag title words here")
        );
        assert_eq!(parse(&page("", PARAGRAPHS)).title, None);
        assert_eq!(parse(&page("<title>  </title>", "<h1> </h1>")).title, None);
    }

    #[test]
    fn h1_inside_the_article_beats_an_earlier_one() {
        let body = format!(
            "<div class='brand'><h1>Site Logo Text</h1></div>\
             <article><h1>The real headline</h1>{PARAGRAPHS}</article>"
        );
        assert_eq!(parse(&page("", &body)).title, some("The real headline"));
    }

    #[test]
    fn site_name_suffixes_and_prefixes_are_stripped() {
        let names = vec![norm("BBC News"), norm("bbc")];
        assert_eq!(
            strip_site_name("Ukraine - the war goes on - BBC News", &names, false),
            "Ukraine - the war goes on"
        );
        assert_eq!(
            strip_site_name("BBC News | Floods close the M4", &names, false),
            "Floods close the M4"
        );
        assert_eq!(
            strip_site_name("Floods close the M4 — BBC", &names, false),
            "Floods close the M4"
        );
        // Not the site: kept.
        assert_eq!(
            strip_site_name("Floods close the M4 - Live updates", &names, false),
            "Floods close the M4 - Live updates"
        );
        // A bare <title> with a short capitalised tail loses it; a short head keeps it.
        assert_eq!(
            strip_site_name("Floods close the M4 - Live updates", &[], true),
            "Floods close the M4"
        );
        assert_eq!(
            strip_site_name("Sign in – Example Times", &[], true),
            "Sign in – Example Times"
        );
        assert_eq!(strip_site_name("BBC News", &names, false), "BBC News");
    }

    #[test]
    fn site_name_comes_from_the_domain_or_a_title_that_repeats_the_headline() {
        let head = "<title>Bridge reopens to traffic | Harbourside Chronicle</title>\
            <meta property='og:title' content='Bridge reopens to traffic | Harbourside Chronicle'>\
            <link rel='canonical' href='https://www.harbourside-chronicle.example/a/1'>";
        let draft = parse(&page(head, PARAGRAPHS));
        assert_eq!(draft.title, some("Bridge reopens to traffic"));
        assert_eq!(draft.source, some("harbourside-chronicle.example"));

        let head = "<title>Bridge reopens to traffic · HC Online</title>\
            <meta property='og:title' content='Bridge reopens to traffic · HC Online'>";
        let body = format!("<h1>Bridge reopens to traffic</h1>{PARAGRAPHS}");
        assert_eq!(
            parse(&page(head, &body)).title,
            some("Bridge reopens to traffic")
        );
    }

    #[test]
    fn date_sources_in_order_of_trust() {
        let graph = "<script type='application/ld+json'>{\"@context\":\"https://schema.org\",\
            \"@graph\":[{\"@type\":\"WebSite\",\"name\":\"X\"},{\"@type\":[\"NewsArticle\"],\
            \"datePublished\":\"2020-02-02\",\"dateModified\":\"2020-02-05\"}]}</script>";
        let og = "<meta property='article:published_time' content='2020-01-01T10:00:00Z'>";
        let itemprop = "<meta itemprop='datePublished' content='2020-03-03'>";
        let named = "<meta name='DC.date.issued' content='2020-04-04'>";
        let time = "<article><time datetime='2020-05-05'>May 5</time></article>";
        let modified = "<meta property='article:modified_time' content='2020-06-06'>";
        let date = |head: String, body: &str| parse(&page(&head, body)).date;

        assert_eq!(
            date(format!("{modified}{named}{itemprop}{graph}{og}"), time),
            some("2020-01-01T10:00:00Z")
        );
        assert_eq!(
            date(format!("{modified}{named}{itemprop}{graph}"), time),
            some("2020-02-02")
        );
        assert_eq!(
            date(format!("{modified}{named}{itemprop}"), time),
            some("2020-03-03")
        );
        assert_eq!(date(format!("{modified}{named}"), time), some("2020-04-04"));
        assert_eq!(date(modified.to_string(), time), some("2020-05-05"));
        assert_eq!(date(modified.to_string(), ""), some("2020-06-06"));
        assert_eq!(date(String::new(), "<p>No date at all.</p>"), None);
    }

    #[test]
    fn time_elements_prefer_the_publication_date() {
        let body = "<aside><time datetime='2019-09-09'>Sidebar</time></aside>\
            <div><time datetime='2019-01-01'>Loose</time></div>\
            <article><header><time class='updated' datetime='2019-03-03'>Updated</time>\
            <time datetime='2019-02-02'>Posted</time></header></article>";
        assert_eq!(parse(&page("", body)).date, some("2019-02-02"));
        let body = format!("{body}<div><time pubdate datetime='2019-04-04'>On</time></div>");
        assert_eq!(parse(&page("", &body)).date, some("2019-04-04"));
        let body = "<nav><time datetime='2019-09-09'>Nav</time></nav>";
        assert_eq!(parse(&page("", body)).date, None);
        // A page footer does not date the article; the article's own footer does.
        let body = "<footer><time datetime='2019-09-09'>Site</time></footer><article><p>Text.</p>\
            <footer class='entry-footer'><time datetime='2019-07-07'>Posted</time></footer></article>";
        assert_eq!(parse(&page("", body)).date, some("2019-07-07"));
        let body = "<div id='comments'><time datetime='2019-08-08'>Reply</time></div>";
        assert_eq!(parse(&page("", body)).date, None);
    }

    #[test]
    fn json_ld_authors_in_every_shape() {
        let ld = |author: &str| {
            let head = format!(
                "<script type='application/ld+json'>{{\"@type\":\"BlogPosting\",\"author\":{author}}}</script>"
            );
            parse(&page(&head, PARAGRAPHS)).author
        };
        assert_eq!(ld("\"Ann Lee\""), some("Ann Lee"));
        assert_eq!(
            ld("{\"@type\":\"Person\",\"name\":\"By Ann Lee\"}"),
            some("Ann Lee")
        );
        assert_eq!(
            ld("[{\"name\":\"Ann Lee\"},\"Bo Chen\",{\"name\":\"Ann Lee\"}]"),
            some("Ann Lee, Bo Chen")
        );
        assert_eq!(
            ld("{\"givenName\":\"Ann\",\"familyName\":\"Lee\"}"),
            some("Ann Lee")
        );
        assert_eq!(ld("\"https://example.com/staff/ann\""), None);
        assert_eq!(ld("[]"), None);
    }

    #[test]
    fn author_sources_in_order_of_trust() {
        let ld = "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"author\":\"LD Name\"}</script>";
        let meta = "<meta name='author' content='By: Meta Name'>";
        let og = "<meta property='article:author' content='OG Name'>";
        let byline = "<div class='byline'>By  Byline Name </div>";
        let author = |head: String, body: &str| parse(&page(&head, body)).author;
        assert_eq!(author(format!("{og}{ld}{meta}"), byline), some("Meta Name"));
        assert_eq!(author(format!("{og}{ld}"), byline), some("LD Name"));
        assert_eq!(author(og.to_string(), byline), some("OG Name"));
        assert_eq!(author(String::new(), byline), some("Byline Name"));
        let long = format!("<div class='byline'>{}</div>", "word ".repeat(40));
        assert_eq!(author(String::new(), &long), None);
    }

    #[test]
    fn urls_must_be_absolute() {
        let url = |head: &str| parse(&page(head, "")).url;
        assert_eq!(
            url(
                "<link rel='canonical' href='https://a.example/x'><meta property='og:url' content='https://b.example/y'>"
            ),
            some("https://a.example/x")
        );
        assert_eq!(
            url(
                "<link rel='canonical' href='/x'><meta property='og:url' content='https://b.example/y'>"
            ),
            some("https://b.example/y")
        );
        assert_eq!(
            url(
                "<script type='application/ld+json'>{\"@type\":\"Article\",\"mainEntityOfPage\":{\"@id\":\"https://c.example/z\"}}</script>"
            ),
            some("https://c.example/z")
        );
        // An organisation's url is its home page, not the article's.
        assert_eq!(
            url(
                "<script type='application/ld+json'>{\"@type\":\"Organization\",\"url\":\"https://c.example/\"}</script>"
            ),
            None
        );
        assert_eq!(url("<link rel='canonical' href='about:blank'>"), None);
    }

    #[test]
    fn domains_lose_www_ports_and_credentials() {
        assert_eq!(
            domain("https://www.Example.co.uk/a?b#c"),
            some("example.co.uk")
        );
        assert_eq!(
            domain("http://user:pw@news.example.com:8080/x"),
            some("news.example.com")
        );
        assert_eq!(domain("https://localhost/x"), None);
        assert_eq!(domain("/relative/path"), None);
    }

    #[test]
    fn json_ld_is_parsed_leniently() {
        assert!(parse_json_lenient("<!--{\"a\":1}-->").is_some());
        assert!(parse_json_lenient("//<![CDATA[\n{\"a\":1}\n//]]>").is_some());
        assert!(parse_json_lenient("{\"a\":\"line\nbreak\"};").is_some());
        assert!(parse_json_lenient("{\"a\":").is_none());
        assert!(parse_json_lenient("").is_none());
        let head = "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\
            \"headline\":\"Caf&eacute; &amp; bar &#8216;closes&#8217;\",\
            \"publisher\":{\"@type\":\"Organization\",\"name\":\"Ink &amp; Paper\"}}</script>";
        let draft = parse(&page(head, ""));
        assert_eq!(draft.title, some("Café & bar ‘closes’"));
        assert_eq!(draft.source, some("Ink & Paper"));
    }

    #[test]
    fn a_leading_copy_of_the_title_or_byline_is_dropped() {
        let paragraphs = ["Big news today", "By Ann Lee", "Text.", "Big news today"]
            .map(str::to_string)
            .to_vec();
        assert_eq!(
            finish_body(paragraphs.clone(), Some("Big news today"), Some("Ann Lee")),
            "Text.\n\nBig news today"
        );
        assert_eq!(
            finish_body(paragraphs, None, None),
            "Big news today\n\nBy Ann Lee\n\nText.\n\nBig news today"
        );
        let furniture = ["Advertisement", "Share this:", "Real text.", "READ MORE »"]
            .map(str::to_string)
            .to_vec();
        assert_eq!(finish_body(furniture, None, None), "Real text.");
    }

    #[test]
    fn paragraph_harvest_skips_navigation_and_picks_the_main_article() {
        let doc = Document::from(page(
            "",
            "<nav><p>Menu text</p></nav>\
             <article class='teaser'><p>Short teaser.</p></article>\
             <article><header><p>Kicker</p></header><p> Body   one\u{a0}</p><aside><p>Aside</p></aside>\
             <div><p>Body two</p></div><footer><p>Footer</p></footer></article>",
        ));
        assert_eq!(harvest_paragraphs(&doc), vec!["Body one", "Body two"]);
        let doc = Document::from(page(
            "",
            "<form><main><p>Inside a page-wide form</p></main></form>",
        ));
        assert_eq!(harvest_paragraphs(&doc), vec!["Inside a page-wide form"]);
        assert!(harvest_paragraphs(&Document::from("")).is_empty());
    }

    #[test]
    fn class_words_split_at_separators_and_camel_case() {
        let doc =
            Document::from("<div id='mainContent' class='relatedArticles share_bar--top'></div>");
        let div = doc.select("div");
        let node = div.nodes().first().copied().unwrap();
        assert_eq!(
            class_words(&node),
            [
                "related", "articles", "share", "bar", "top", "main", "content"
            ]
        );
    }

    #[test]
    fn empty_and_non_html_input() {
        for input in [
            "",
            "   ",
            "plain text, no markup",
            "<",
            "<<<>>>&&&;;",
            "\u{0}\u{feff}",
        ] {
            let draft = parse(input);
            assert_eq!(draft.title, None, "{input:?}");
            assert_eq!(draft.date, None);
            assert_eq!(draft.url, None);
            assert_well_formed_or_empty(&draft.body);
        }
        assert_eq!(parse("plain text, no markup").body, "plain text, no markup");
    }

    fn assert_well_formed_or_empty(body: &str) {
        if !body.is_empty() {
            assert_well_formed(body);
        }
    }

    #[test]
    fn deeply_nested_pages_are_handled_without_recursion() {
        let depth = 100_000;
        let html = format!(
            "<html><head><title>Deep page</title></head><body>{}<p>{}</p>{}</body></html>",
            "<div>".repeat(depth),
            "Deep text. ".repeat(20),
            "</div>".repeat(depth)
        );
        let draft = parse(&html);
        assert_eq!(draft.title, some("Deep page"));
        assert_eq!(draft.body, "Deep text. ".repeat(20).trim());
        // Unclosed formatting elements nest too.
        let html = format!("<p>{}</p>", "<b><i>word ".repeat(20_000));
        let draft = parse(&html);
        assert!(draft.body.starts_with("word word"), "{}", &draft.body[..40]);
    }

    #[test]
    fn pages_with_too_many_elements_use_the_paragraph_harvest() {
        let links = "<li><a href='/x'>Link</a></li>".repeat(MAX_ELEMENTS / 2);
        let html = page(
            "<title>Big page</title>",
            &format!("<nav><ul>{links}</ul></nav><article>{PARAGRAPHS}</article>"),
        );
        let draft = parse(&html);
        assert!(
            draft.body.starts_with("The first paragraph"),
            "{}",
            draft.body
        );
        assert!(
            draft.body.ends_with("in the coming weeks."),
            "{}",
            draft.body
        );
        assert!(!draft.body.contains("Link"));
    }
}
