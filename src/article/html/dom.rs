//! Tree helpers: the size of a page, iterative walks, ancestor checks and the words of
//! class and id attributes.

use dom_query::{Document, NodeRef};

use super::{ANCESTOR_STEPS, MAX_DEPTH, MAX_ELEMENTS};

/// Size of a parsed page.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shape {
    elements: usize,
    depth: usize,
}

impl Shape {
    pub(super) fn of(doc: &Document) -> Shape {
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
    pub(super) fn is_unwieldy(self) -> bool {
        self.elements > MAX_ELEMENTS || self.depth > MAX_DEPTH
    }
}

/// Visits `root` and its descendants depth-first in document order; `visit` returns whether to
/// descend into the node. Iterative, so depth costs no stack.
pub(super) fn walk<'a>(root: NodeRef<'a>, mut visit: impl FnMut(&NodeRef<'a>, usize) -> bool) {
    let mut stack = vec![(root, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if visit(&node, depth) {
            stack.extend(node.children_it(true).map(|child| (child, depth + 1)));
        }
    }
}

/// The text of `root` without that of scripts, styles and templates inside it (a date line
/// `<div class="date">` may hold the script of a share button), a space between the texts of
/// its elements (`<span class="date">Mai<span>06</span>2018</span>` reads "Mai 06 2018").
pub(super) fn visible_text(root: NodeRef) -> String {
    let mut text = String::new();
    walk(root, |node, _| {
        if node.is_text() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&node.text());
            return false;
        }
        !matches!(
            node.node_name().as_deref(),
            Some("script" | "style" | "noscript" | "template")
        )
    });
    text
}

/// The text of `node` (as `text()` gives it) when it is at most `max_bytes` long, else `None`,
/// found without copying more than that: a byline or a date element that holds the whole
/// page, nested hundreds deep, would otherwise copy the page once per level.
pub(super) fn text_within(node: &NodeRef, max_bytes: usize) -> Option<String> {
    let mut text = String::new();
    for descendant in node.descendants_it() {
        if descendant.is_text() {
            let piece = descendant.text();
            if text.len() + piece.len() > max_bytes {
                return None;
            }
            text.push_str(&piece);
        }
    }
    Some(text)
}

/// True if one of the node's nearest ancestors satisfies `pred`.
pub(super) fn has_ancestor(node: &NodeRef, pred: impl Fn(&NodeRef) -> bool) -> bool {
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

/// True if a space-separated attribute value holds `token` (ASCII case-insensitive).
pub(super) fn has_token(value: &str, token: &str) -> bool {
    value
        .split_whitespace()
        .any(|word| word.eq_ignore_ascii_case(token))
}

/// The words of an element's class and id: split at non-alphanumerics and camelCase humps,
/// lowercased. `relatedArticles sidebar-box` gives `related articles sidebar box`.
pub(super) fn class_words(node: &NodeRef) -> Vec<String> {
    attribute_words(node, &["class", "id"])
}

/// The words of an element's class alone (see `class_words`).
pub(super) fn class_only_words(node: &NodeRef) -> Vec<String> {
    attribute_words(node, &["class"])
}

fn attribute_words(node: &NodeRef, attrs: &[&str]) -> Vec<String> {
    let mut words = Vec::new();
    for &attr in attrs {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
