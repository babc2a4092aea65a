//! The byline: `<meta name=author>`, JSON-LD, `article:author`, then bylines in the page.

use dom_query::NodeRef;

use super::dom::{class_words, has_ancestor, has_token, text_within};
use super::meta::Page;
use super::text::{collapse, decode_entities, non_empty, norm, push_unique};
use super::url::looks_like_url;

/// Bylines longer than this are not names.
const MAX_BYLINE_CHARS: usize = 80;
/// Text an element may hold to be read as a byline before cleaning ("By …, updated …").
const MAX_BYLINE_ELEMENT_BYTES: usize = 4_096;

/// True if a JSON-LD author value is, or lists, an object typed `Person`.
fn names_people(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Array(items) => items.iter().any(names_people),
        serde_json::Value::Object(obj) => obj.get("@type").is_some_and(|kind| match kind {
            serde_json::Value::String(kind) => kind.ends_with("Person"),
            serde_json::Value::Array(kinds) => kinds
                .iter()
                .any(|kind| kind.as_str().is_some_and(|kind| kind.ends_with("Person"))),
            _ => false,
        }),
        _ => false,
    }
}

impl Page<'_> {
    pub(super) fn author(&self) -> Option<String> {
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
        // JSON-LD authors, and whether they are typed as people.
        let ld_authors = self
            .ld_main()
            .filter_map(|obj| obj.get("author"))
            .map(|author| {
                let names: Vec<String> = self
                    .ld_names(author, 0)
                    .iter()
                    .map(|name| clean_byline(name))
                    .filter(|name| !name.is_empty())
                    .collect();
                (names, names_people(author))
            })
            .find(|(names, _)| !names.is_empty());
        // A `<meta name="author">` wins, unless JSON-LD names people and the meta tag none of
        // them: then it holds the publisher or the site's owner ("Condé Nast" on Wired).
        let people_disagree = ld_authors.as_ref().is_some_and(|(names, people)| {
            *people
                && !meta_authors
                    .iter()
                    .any(|meta| names.iter().any(|name| norm(name) == norm(meta)))
        });
        if !meta_authors.is_empty() && !people_disagree {
            return Some(meta_authors.join(", "));
        }
        if let Some((names, _)) = ld_authors {
            return Some(names.join(", "));
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
                && let Some(name) = text_within(link, MAX_BYLINE_ELEMENT_BYTES).and_then(short)
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
                let text_of = |n: &NodeRef| {
                    n.attr("content")
                        .map(|content| content.to_string())
                        .or_else(|| text_within(n, MAX_BYLINE_ELEMENT_BYTES))
                };
                let text = match name_node.nodes().first() {
                    Some(name) => text_of(name),
                    None => text_of(node),
                };
                if let Some(name) = text.and_then(short) {
                    push_unique(&mut names, name);
                }
            }
        }
        if names.is_empty() {
            for node in self.doc.select("[class*=byline]").nodes() {
                if usable(node)
                    && let Some(name) = text_within(node, MAX_BYLINE_ELEMENT_BYTES).and_then(short)
                {
                    names.push(name);
                    break;
                }
            }
        }
        non_empty(names.join(", "))
    }
}

/// Trims a byline and removes a leading "By".
pub(super) fn clean_byline(text: &str) -> String {
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
