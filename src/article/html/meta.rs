//! Page metadata: the parsed page with its `<meta>` tags and JSON-LD indexed, and the
//! article's URL, site name and date. The headline and the byline are in `title` and `author`.

use std::cell::OnceCell;

use dom_query::{Document, NodeRef};
use serde_json::{Map, Value};

use super::ANCESTOR_STEPS;
use super::body::densest_block;
use super::dom::{Shape, class_words, has_ancestor, has_token, text_within, visible_text, walk};
use super::furniture::{PUBLISHED_PHRASES, UPDATED_PHRASES, is_hidden};
use super::jsonld::{collect_json_ld, is_article, is_page, ld_text};
use super::text::{collapse, decode_entities, non_empty, push_unique};
use super::url::{date_in_url, is_absolute, looks_like_url};
use crate::article::dating::{MAX_DATELINE_CHARS, find_date_in_dateline, parse_date_value};

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
    "og:article:published_time",
    "article:published",
    "article:published_date",
    "article:post_date",
    "article.created",
    "article_date_original",
    "published_time",
    "published-date",
    "published_date",
    "date_published",
    "publication-date",
    "original-publish-date",
    "originalpublicationdate",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "dc.date.created",
    "dc.date.publication",
    "dcterms.date",
    "rnews:datepublished",
    "displaydate",
    "release_date",
    "pdate",
];

/// An element whose whole text is a date is at most this long (in characters).
const MAX_BARE_DATE_CHARS: usize = 30;

/// True for class words that mark an update or a comment, whose dates are not the article's.
fn marks_update_or_comment(words: &[String]) -> bool {
    words
        .iter()
        .any(|w| w.contains("updat") || w.contains("modif") || w.contains("comment"))
}

/// A parsed page with its metadata indexed.
pub(super) struct Page<'a> {
    pub(super) doc: &'a Document,
    pub(super) shape: Shape,
    /// `(lowercased name/property/itemprop, content)` of every `<meta>` with content.
    pub(super) meta: Vec<(String, String)>,
    /// Every JSON-LD object, `@graph` members flattened, in document order.
    ld: Vec<Map<String, Value>>,
    /// The text of the page's `<title>`.
    pub(super) title_tag: Option<String>,
    /// The `<h1>` most likely to be the headline.
    pub(super) h1: Option<NodeRef<'a>>,
    /// The element holding the most paragraph text, once asked for.
    densest: OnceCell<Option<NodeRef<'a>>>,
    /// Where the page was saved from, as its container says (an MHTML file's
    /// `Content-Location`): the URL when the page names none itself.
    pub(super) saved_from: Option<String>,
}

impl<'a> Page<'a> {
    pub(super) fn new(doc: &'a Document) -> Page<'a> {
        let shape = Shape::of(doc);
        let mut page = Page {
            doc,
            shape,
            meta: collect_meta(doc),
            ld: collect_json_ld(doc),
            title_tag: None,
            h1: None,
            densest: OnceCell::new(),
            saved_from: None,
        };
        page.title_tag = page.find_title_tag();
        page.h1 = page.find_h1();
        page
    }

    /// The content of the first `<meta>` with this (lowercase) name, property or itemprop.
    pub(super) fn meta(&self, key: &str) -> Option<String> {
        self.meta
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, content)| content.clone())
    }

    /// JSON-LD objects that describe the article, then those describing the page.
    pub(super) fn ld_main(&self) -> impl Iterator<Item = &Map<String, Value>> {
        let articles = self.ld.iter().filter(|obj| is_article(obj));
        let pages = self
            .ld
            .iter()
            .filter(|obj| !is_article(obj) && is_page(obj));
        articles.chain(pages)
    }

    /// The first string value of `key` among the article (then page) JSON-LD objects.
    pub(super) fn ld_main_text(&self, key: &str) -> Option<String> {
        self.ld_main()
            .find_map(|obj| obj.get(key).and_then(ld_text))
    }

    pub(super) fn url(&self) -> Option<String> {
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
            .or_else(|| self.saved_from.clone())
    }

    pub(super) fn site_name(&self) -> Option<String> {
        self.meta("og:site_name")
            .map(|name| decode_entities(&name))
            .or_else(|| self.publisher_names().into_iter().next())
            .filter(|name| !name.is_empty())
    }

    /// Publisher names from JSON-LD, the article's first.
    pub(super) fn publisher_names(&self) -> Vec<String> {
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

    /// The publication date as the page states it: the first of its candidates, in order of
    /// trust, that reads as a date (else the first candidate, so that the reader is warned
    /// about it). The page's URL ranks after what the page says in its markup, and creation
    /// and modification dates come last.
    pub(super) fn date(&self) -> Option<String> {
        let candidates: [&dyn Fn() -> Option<String>; 11] = [
            &|| self.meta("article:published_time"),
            &|| self.ld_main_text("datePublished"),
            &|| self.itemprop_date("datepublished"),
            &|| DATE_META_NAMES.iter().find_map(|name| self.meta(name)),
            &|| self.time_element(),
            &|| self.url().as_deref().and_then(date_in_url),
            &|| self.ld_main_text("dateCreated"),
            &|| self.meta("article:modified_time"),
            &|| self.ld_main_text("dateModified"),
            &|| self.itemprop_date("datemodified"),
            &|| self.meta("og:updated_time"),
        ];
        let mut unreadable = None;
        for candidate in candidates {
            let Some(value) = candidate().map(|date| collapse(&date)) else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            if parse_date_value(&value).is_some() {
                return Some(value);
            }
            unreadable.get_or_insert(value);
        }
        unreadable
    }

    /// The text of the element most likely to be the article's date line (a `<time>` without
    /// a machine-readable value, an element marked as the date, the byline), when it holds a
    /// full date: read when the page's metadata has none.
    ///
    /// Reading the text of every candidate costs its subtree, so pages too large or deep for
    /// readability are not searched.
    pub(super) fn dateline(&self) -> Option<String> {
        if self.shape.is_unwieldy() {
            return None;
        }
        let mut best: Option<(u8, String)> = self.published_line().map(|line| (0, line));
        for node in self
            .doc
            .select("time, abbr[title], [class], [id], [itemprop]")
            .nodes()
        {
            let words = class_words(node);
            let itemprop = node.attr_or("itemprop", "").to_ascii_lowercase();
            let any =
                |pred: &dyn Fn(&str) -> bool| words.iter().any(|w| pred(w)) || pred(&itemprop);
            if marks_update_or_comment(&words)
                || marks_update_or_comment(std::slice::from_ref(&itemprop))
            {
                continue;
            }
            // `<time>` of a post embedded from a social network is that post's date.
            if has_ancestor(node, |a| a.has_name("blockquote")) {
                continue;
            }
            let rank = if any(&|w| {
                w.contains("publish")
                    || w.contains("posted")
                    || w.contains("pubdate")
                    // Drupal's "Submitted by … on …"
                    || w == "submitted"
            }) {
                0
            } else if node.has_name("time")
                    // `<abbr title="2011-08-25T01:40:40Z">1 hr ago</abbr>` (microformats)
                    || node.has_name("abbr")
                    || any(&|w| {
                        (w.contains("date") && !w.contains("validat"))
                        || w == "time"
                        || w.contains("timestamp")
                        || w.contains("datetime")
                        || w.contains("created")
                        // German and Spanish class names.
                        || w.contains("datum")
                        || w.contains("fecha")
                    })
            {
                1
            } else if any(&|w| {
                w.contains("byline")
                    || w.contains("author")
                    || w.contains("autor")
                    || w.starts_with("meta")
                    || w.ends_with("meta")
                    || w == "info"
            }) {
                2
            } else {
                continue;
            };
            if best
                .as_ref()
                .is_some_and(|(best_rank, _)| *best_rank <= rank)
            {
                continue;
            }
            // The text, else a machine-readable value (`<abbr class="published" title="…">`).
            let found = [
                visible_text(*node).into(),
                node.attr_or("title", ""),
                node.attr_or("content", ""),
            ]
            .into_iter()
            .map(|text| collapse(&text))
            .find(|text| {
                !text.is_empty()
                    && text.chars().count() <= MAX_DATELINE_CHARS
                    && find_date_in_dateline(text).is_some()
            });
            let Some(text) = found else {
                continue;
            };
            if self.is_page_furniture(node) {
                continue;
            }
            best = Some((rank, text));
        }
        // Last, an element whose whole text is a date.
        best.map(|(_, text)| text).or_else(|| self.bare_date())
    }

    /// The first element, outside page furniture, whose whole text is a date ("23.01.2019",
    /// "13. Juli 2021 | 05:00"): the date line of a page that marks it in no other way.
    fn bare_date(&self) -> Option<String> {
        let mut found = None;
        walk(self.doc.root(), |node, _| {
            if found.is_some() {
                return false;
            }
            let Some(name) = node.node_name() else {
                return true;
            };
            if matches!(
                name.as_ref(),
                "script"
                    | "style"
                    | "noscript"
                    | "template"
                    | "head"
                    | "nav"
                    | "aside"
                    | "footer"
                    | "a"
                    | "option"
                    | "select"
                    | "input"
                    | "textarea"
                    // A post embedded from a social network.
                    | "blockquote"
            ) || is_hidden(node)
                || marks_update_or_comment(&class_words(node))
            {
                return false;
            }
            let has_element_child = node.children_it(false).any(|child| child.is_element());
            if has_element_child {
                return true;
            }
            let text = collapse(&node.text());
            let lower = text.to_lowercase();
            if !text.is_empty()
                && text.chars().count() <= MAX_BARE_DATE_CHARS
                && !UPDATED_PHRASES
                    .iter()
                    .chain(&["©", "copyright"])
                    .any(|word| lower.contains(word))
                && find_date_in_dateline(&text).is_some()
                && !self.is_page_furniture(node)
            {
                found = Some(text);
            }
            false
        });
        found
    }

    /// The first short line of text that says when the article was published ("Publié le
    /// 29/10/2012"), outside page furniture, whatever the classes of its elements.
    fn published_line(&self) -> Option<String> {
        let mut found = None;
        walk(self.doc.root(), |node, _| {
            if found.is_some() {
                return false;
            }
            if !node.is_text() {
                return !matches!(
                    node.node_name().as_deref(),
                    Some("script" | "style" | "noscript" | "template" | "head")
                );
            }
            let text = collapse(&node.text());
            let lower = text.to_lowercase();
            if text.chars().count() <= MAX_DATELINE_CHARS
                && PUBLISHED_PHRASES
                    .iter()
                    .any(|phrase| lower.starts_with(phrase))
                && find_date_in_dateline(&text).is_some()
                && !node
                    .parent()
                    .is_some_and(|parent| self.is_page_furniture(&parent))
            {
                found = Some(text);
            }
            false
        });
        found
    }

    /// True for elements in navigation, asides, comments and related links, and in page
    /// footers (an article's own footer counts as the article). A container that holds the
    /// headline (else the densest block of paragraphs) is never furniture, whatever its class:
    /// `<div class="wrap sidebar">` is often a layout with a sidebar.
    fn is_page_furniture(&self, node: &NodeRef) -> bool {
        let in_article = has_ancestor(node, |a| a.has_name("article") || a.has_name("main"));
        let anchor = self
            .h1
            .or_else(|| *self.densest.get_or_init(|| densest_block(self.doc)));
        let holds_article = |a: &NodeRef| {
            anchor.is_some_and(|anchor| {
                anchor
                    .ancestors_it(Some(ANCESTOR_STEPS))
                    .any(|ancestor| ancestor.id == a.id)
            })
        };
        has_ancestor(node, |a| {
            if holds_article(a) {
                return false;
            }
            if a.has_name("nav") || a.has_name("aside") || (a.has_name("footer") && !in_article) {
                return true;
            }
            // A date container is not a comment box whatever else its classes say
            // (`PublishDate ArticleHeaderComment_publishDate`, of a commentary's header).
            let words = class_words(a);
            !words.iter().any(|w| w == "publish" || w == "date")
                && words
                    .iter()
                    .any(|w| matches!(w.as_str(), "comment" | "comments" | "related" | "sidebar"))
        })
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
                    // `<abbr itemprop="datePublished" title="2011-03-30T21:05:00-07:00">`
                    .or_else(|| {
                        node.attr("title")
                            .map(|title| collapse(&title))
                            .filter(|title| parse_date_value(title).is_some())
                    })
                    .or_else(|| {
                        text_within(node, 4_096)
                            .and_then(|text| non_empty(collapse(&text)))
                            .filter(|t| t.chars().count() <= 100)
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
            // Article footers often carry the date; page footers, asides and comments do not,
            // nor a post embedded from a social network (Instagram's and Twitter's embeds).
            if self.is_page_furniture(time) || has_ancestor(time, |a| a.has_name("blockquote")) {
                continue;
            }
            let in_article = has_ancestor(time, |a| a.has_name("article") || a.has_name("main"));
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

    /// Person or organisation names in a JSON-LD value: a string, an object with `name` (or an
    /// `@id` pointing at one), or a list of these.
    pub(super) fn ld_names(&self, value: &Value, depth: usize) -> Vec<String> {
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
