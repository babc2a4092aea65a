//! The article's main text: readability on a cleaned copy of the page, narrowed to its
//! `<article>`, with a harvest of `<p>` elements as the fallback.

use std::collections::{HashMap, HashSet};

use dom_query::{Document, NodeId, NodeRef};
use dom_smoothie::{Config, Readability, TextMode};

use super::author::clean_byline;
use super::dom::walk;
use super::furniture::{
    is_crumb, is_date_line, is_furniture_line, opens_comments, remove_furniture,
};
use super::meta::Page;
use super::text::{collapse, decode_entities, norm};
use super::{ANCESTOR_STEPS, MAX_ELEMENTS};

/// A body shorter than this (in characters) counts as "readability found nothing".
const MIN_BODY_CHARS: usize = 100;
/// A JSON-LD `articleBody` replaces the text found on the page when the page's text is less
/// than this share of it: the page hid most of the article from the extraction (paragraphs
/// loaded by script, a paywall's markup, a layout readability misreads).
const MIN_SHARE_OF_LD_BODY: f64 = 0.5;
/// After this much text (in characters), a comment heading ends the article wherever it is.
const MIN_TEXT_BEFORE_COMMENTS: usize = 500;

/// The article's text, and the date line that opened it, if any.
#[derive(Debug)]
pub(super) struct Body {
    /// Paragraphs separated by blank lines.
    pub text: String,
    /// A line of metadata with a date that stood before the text ("Datum: 22.12.2012,
    /// Rubrik: USA"), taken out of it: it can still date the page.
    pub date_line: Option<String>,
}

/// The article text: readability on a cleaned copy of the page, else the `<p>` harvest.
pub(super) fn body(doc: &Document, page: &Page, title: Option<&str>, author: Option<&str>) -> Body {
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
    let paragraphs = if char_count(&paragraphs) < MIN_BODY_CHARS {
        // Text outside any paragraph element (a page of bare text in divs, or one nested too
        // deep for readability): take the loose text, block by block.
        let loose = loose_text(doc);
        if char_count(&loose) > char_count(&paragraphs) {
            loose
        } else {
            paragraphs
        }
    } else {
        paragraphs
    };
    let paragraphs = match page
        .ld_main_text("articleBody")
        .map(|text| ld_paragraphs(&text))
    {
        Some(ld)
            if (char_count(&paragraphs) as f64) < MIN_SHARE_OF_LD_BODY * char_count(&ld) as f64 =>
        {
            ld
        }
        _ => paragraphs,
    };
    finish_body(paragraphs, title, author)
}

/// The paragraphs of a JSON-LD `articleBody`: plain text with a paragraph per line, or (on
/// some sites) HTML.
fn ld_paragraphs(text: &str) -> Vec<String> {
    if text.contains("</") || text.contains("<br") {
        return loose_text(&Document::from(text));
    }
    split_paragraphs(text)
        .iter()
        .map(|paragraph| decode_entities(paragraph))
        .filter(|paragraph| !paragraph.is_empty())
        .collect()
}

/// The page's text outside navigation, scripts and the like, a paragraph per block element.
fn loose_text(doc: &Document) -> Vec<String> {
    let mut blocks: Vec<String> = vec![String::new()];
    let root = doc
        .select("body")
        .nodes()
        .first()
        .copied()
        .unwrap_or(doc.root());
    walk(root, |node, _| {
        if node.is_text() {
            if let Some(current) = blocks.last_mut() {
                current.push_str(&node.text());
            }
            return false;
        }
        let Some(name) = node.node_name() else {
            return true;
        };
        match name.as_ref() {
            "nav" | "header" | "footer" | "aside" | "script" | "style" | "noscript"
            | "template" | "svg" | "head" | "title" | "select" | "button" => false,
            "p" | "div" | "br" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "section"
            | "article" | "main" | "blockquote" | "tr" | "td" | "dd" | "dt" | "pre" | "table"
            | "ul" | "ol" | "figure" | "figcaption" => {
                blocks.push(String::new());
                true
            }
            _ => true,
        }
    });
    blocks
        .iter()
        .map(|block| collapse(block))
        .filter(|block| !block.is_empty())
        .collect()
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

/// Drops furniture lines, a leading copy of the title or byline and date lines before the text,
/// and joins the paragraphs.
fn finish_body(paragraphs: Vec<String>, title: Option<&str>, author: Option<&str>) -> Body {
    let title = title.map(norm).unwrap_or_default();
    let author = author.map(norm).unwrap_or_default();
    let mut kept: Vec<String> = Vec::with_capacity(paragraphs.len());
    let total = char_count(&paragraphs);
    let in_crumb_run = crumb_runs(&paragraphs);
    let mut date_line = None;
    // Characters seen, and kept (counted as they come: recounting was quadratic).
    let (mut seen, mut kept_chars) = (0, 0);
    for (paragraph, in_crumb_run) in paragraphs.into_iter().zip(in_crumb_run) {
        let chars = paragraph.chars().count();
        seen += chars;
        if opens_comments(&paragraph) {
            // The comment section: the article ended before it. Near the top of a long page
            // such a line is more likely a link to the comments, and only it is dropped.
            if kept_chars >= MIN_TEXT_BEFORE_COMMENTS || seen * 2 > total {
                break;
            }
            continue;
        }
        if in_crumb_run || is_furniture_line(&paragraph) {
            continue;
        }
        // A date line before the text starts is the page's metadata.
        if kept_chars < MIN_BODY_CHARS && is_date_line(&paragraph) {
            date_line.get_or_insert(paragraph);
            continue;
        }
        if kept.is_empty() {
            let n = norm(&paragraph);
            let byline = norm(&clean_byline(&paragraph));
            if (!title.is_empty() && n == title) || (!author.is_empty() && byline == author) {
                continue;
            }
        }
        kept_chars += chars;
        kept.push(paragraph);
    }
    Body {
        text: kept.join("\n\n"),
        date_line,
    }
}

/// Widget crumbs come in runs of at least this many lines (a calendar's days, a pager's pages).
const MIN_CRUMB_RUN: usize = 4;

/// For each paragraph, whether it is part of a run of `MIN_CRUMB_RUN` or more crumbs
/// (`furniture::is_crumb`).
fn crumb_runs(paragraphs: &[String]) -> Vec<bool> {
    let crumbs: Vec<bool> = paragraphs.iter().map(|p| is_crumb(p)).collect();
    let mut in_run = vec![false; crumbs.len()];
    let mut start = 0;
    while start < crumbs.len() {
        let len = crumbs[start..].iter().take_while(|c| **c).count();
        if len >= MIN_CRUMB_RUN {
            in_run[start..start + len].fill(true);
        }
        start += len.max(1);
    }
    in_run
}

/// The element holding the most paragraph text: each `<p>` counts fully for its parent and
/// half for its grandparent, so bodies that wrap every paragraph in its own `<div>` still win.
pub(super) fn densest_block(doc: &Document) -> Option<NodeRef<'_>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::html::tests::page;

    #[test]
    fn a_leading_copy_of_the_title_or_byline_is_dropped() {
        let paragraphs = ["Big news today", "By Ann Lee", "Text.", "Big news today"]
            .map(str::to_string)
            .to_vec();
        assert_eq!(
            finish_body(paragraphs.clone(), Some("Big news today"), Some("Ann Lee")).text,
            "Text.\n\nBig news today"
        );
        assert_eq!(
            finish_body(paragraphs, None, None).text,
            "Big news today\n\nBy Ann Lee\n\nText.\n\nBig news today"
        );
        let furniture = ["Advertisement", "Share this:", "Real text.", "READ MORE »"]
            .map(str::to_string)
            .to_vec();
        assert_eq!(finish_body(furniture, None, None).text, "Real text.");
    }

    #[test]
    fn link_bars_and_tag_lines_are_dropped() {
        let paragraphs = [
            "Real text.",
            "Tags: Bilt, Cent, Eimsbüttel",
            "Kommentarfeed | Kommentare geschlossen | Trackback-URL",
            "Filed under: Politics",
            "Home | About | Contact",
            "© privat",
            "Anzeige:",
            "Publicité",
            "READ THE REST",
            "You might also like:",
            "Weiterlesen »",
            "READ MORE: Storm closes the harbour bridge",
            "Lesen Sie auch: Sturm schließt die Hafenbrücke",
            "Photo: Jane Doe/Reuters",
            "Teilen",
            "Kommentieren",
            "Weiterführende Links",
            "Visto 314 veces",
            "5 min read",
            "Lesezeit: 3 Minuten",
            "1,234 views",
            "Pages: 1 2 3 4",
            "Seite 2 von 5",
            "All rights reserved. This material may not be published, broadcast or rewritten.",
            "Twitter",
            "Dies könnte Sie auch interessieren:",
            "(END)",
            "【责任编辑：严玉洁】",
            "Illustration by Mike Nudelman",
            "« Zurück zu den Veranstaltungen",
            "More text.",
            // Pipes between longer phrases, and long lines that start like a tag line, are text.
            "Sales rose in May | fell sharply in June | and recovered in the autumn months",
            "Photo: a word the photographers' union uses for every picture it sells to papers \
             across the country, whatever its subject.",
            "Tags: the word for labels people put on things, from luggage to suitcases, which \
             this paragraph goes on about at some length, long enough not to be a tag line at \
             all but a paragraph of the article in its own right, about tags and their uses.",
            "It took 5 minutes.",
            "500 €",
            "« Nous avons gagné », a dit le maire.",
        ]
        .map(str::to_string)
        .to_vec();
        let body = finish_body(paragraphs, None, None).text;
        let kept: Vec<&str> = body.split("\n\n").collect();
        assert_eq!(kept.len(), 8, "{body}");
        assert_eq!(kept[..2], ["Real text.", "More text."]);
        assert!(kept[2].starts_with("Sales rose"));
        assert!(kept[3].starts_with("Photo: a word"));
        assert!(kept[4].starts_with("Tags: the word"));
        assert_eq!(
            kept[5..],
            [
                "It took 5 minutes.",
                "500 €",
                "« Nous avons gagné », a dit le maire."
            ]
        );
    }

    #[test]
    fn a_comment_section_ends_the_article() {
        let long = "A paragraph of the article, long enough to count. ".repeat(12);
        let body = |paragraphs: &[&str]| {
            let paragraphs = paragraphs.iter().map(|p| p.to_string()).collect();
            finish_body(paragraphs, None, None).text
        };
        for heading in [
            "Comments",
            "3 Comments",
            "12 thoughts on “Parking in Paris”",
            "One response to “Parking in Paris”",
            "Leave a Reply",
            "Kommentare",
            "Schreibe einen Kommentar",
            "2 commentaires",
        ] {
            assert_eq!(
                body(&[long.trim(), heading, "#1 Kommentar von Naru", "Nice!"]),
                long.trim(),
                "{heading}"
            );
        }
        // After a short article, the comments past the middle of the page are cut too.
        assert_eq!(
            body(&["Kapitel 121 ist nun auch online.", "Kommentare", "Danke!"]),
            "Kapitel 121 ist nun auch online."
        );
        // Near the top of a long article, it is a link to the comments: only it goes.
        assert_eq!(
            body(&["By Ann Lee", "12 Comments", long.trim()]),
            format!("By Ann Lee\n\n{}", long.trim())
        );
        // Words that only start like a count are text.
        assert_eq!(
            body(&["Real text.", "3 comments on the budget were heard."]),
            "Real text.\n\n3 comments on the budget were heard."
        );
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
}
