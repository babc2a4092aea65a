//! String helpers: whitespace, entities and comparison forms.

use dom_query::Document;

/// Decodes HTML entities left in a string (as JSON-LD and doubly-escaped attributes have).
pub(super) fn decode_entities(text: &str) -> String {
    if !text.contains('&') || !text.contains(';') {
        return text.to_string();
    }
    let fragment = Document::fragment(text.replace('<', "&lt;"));
    collapse(&fragment.root().text())
}

/// Collapses whitespace runs to one space and trims; drops zero-width and soft-hyphen chars.
pub(super) fn collapse(text: &str) -> String {
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
pub(super) fn norm(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

pub(super) fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

pub(super) fn push_unique(names: &mut Vec<String>, name: String) {
    if !names.contains(&name) {
        names.push(name);
    }
}
