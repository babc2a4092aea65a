//! JSON-LD: collecting the blocks of a page, parsing them leniently, flattening `@graph`
//! lists and reading types and text values.

use dom_query::Document;
use serde_json::{Map, Value};

use super::text::non_empty;

/// At most this many JSON-LD objects are kept.
const MAX_LD_OBJECTS: usize = 256;

/// Every object of every JSON-LD block, with `@graph` lists and `mainEntity` objects
/// flattened into the list. Blocks that do not parse are skipped.
pub(super) fn collect_json_ld(doc: &Document) -> Vec<Map<String, Value>> {
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

pub(super) fn is_article(obj: &Map<String, Value>) -> bool {
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

pub(super) fn is_page(obj: &Map<String, Value>) -> bool {
    let types = ld_types(obj);
    types.is_empty()
        || types
            .iter()
            .any(|t| t.ends_with("WebPage") || *t == "ItemPage")
}

/// A JSON-LD value as text: a string, the first string of a list, or an object's `@value`.
pub(super) fn ld_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => non_empty(s.trim().to_string()),
        Value::Array(items) => items.iter().find_map(ld_text),
        Value::Object(obj) => obj.get("@value").and_then(ld_text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::html::parse;
    use crate::article::html::tests::{page, some};

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
}
