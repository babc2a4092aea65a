//! The nesting guard: tags nested absurdly deep are dropped before parsing.

use std::borrow::Cow;
use std::collections::HashMap;

use super::MAX_PARSE_DEPTH;

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
pub(super) fn limit_nesting(html: &str) -> Cow<'_, str> {
    if scan_nesting(html, None).0 <= MAX_PARSE_DEPTH {
        return Cow::Borrowed(html);
    }
    Cow::Owned(scan_nesting(html, Some(MAX_PARSE_DEPTH)).1)
}

/// The HTML parser's "special" elements: an end tag of another element does not close
/// anything across one of them (`<span><div></span>` leaves both open).
const SPECIAL_TAGS: &[&str] = &[
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "base",
    "basefont",
    "bgsound",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "img",
    "input",
    "keygen",
    "li",
    "link",
    "listing",
    "main",
    "marquee",
    "menu",
    "meta",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "p",
    "param",
    "plaintext",
    "pre",
    "script",
    "search",
    "section",
    "select",
    "source",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
    "wbr",
    "xmp",
];

/// Elements that bound the scope an end tag of a special element looks through.
const SCOPE_TAGS: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
];

/// Formatting elements: the parser may reparent ("adoption agency") rather than close them.
const FORMATTING_TAGS: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// How far down the open elements an end tag is looked for; past that it is taken to close
/// nothing, which can only overestimate the depth.
const END_TAG_LOOKUP: usize = 64;

/// Where in `open` (innermost last) an end tag of `name` closes, as the parser reads it, or
/// `None` when it closes nothing: the innermost open element of that name, unless a special
/// element (for an ordinary end tag) or a scope boundary (for a special one) lies above it. A
/// formatting element is taken as closed only when innermost.
fn closed_by(open: &[(&str, bool)], name: &str) -> Option<usize> {
    if FORMATTING_TAGS.contains(&name) {
        return (open.last()?.0 == name).then(|| open.len() - 1);
    }
    let special = SPECIAL_TAGS.contains(&name);
    for (index, (inner, _)) in open.iter().enumerate().rev().take(END_TAG_LOOKUP) {
        if *inner == name {
            return Some(index);
        }
        let barrier = if special { SCOPE_TAGS } else { SPECIAL_TAGS };
        if barrier.contains(inner) {
            return None;
        }
    }
    None
}

/// A linear pass over the tags of a page, estimating how deep they nest. With a `limit`,
/// also returns the page without the start tags (and matching end tags) beyond it.
///
/// End tags are matched as the parser matches them (`closed_by`), or taken to close nothing
/// where that is unsure, so the estimate is never below the parser's depth: `<div></x>`,
/// `<span><div></span>` and `<b><div></b>` repeated all nest. A `/>` closes an element only
/// inside SVG or MathML, as in the parser (`<div/>` opens a `div`).
fn scan_nesting(html: &str, limit: Option<usize>) -> (usize, String) {
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let len = bytes.len();
    let mut out = String::new();
    // The open elements, innermost last, each with whether its start tag was dropped; how
    // many are open by name; how many of them were kept.
    let mut open: Vec<(&str, bool)> = Vec::new();
    let mut open_by_name: HashMap<&str, usize> = HashMap::new();
    let (mut kept, mut max_depth) = (0usize, 0usize);
    let (mut i, mut copied) = (0usize, 0usize);
    while let Some(offset) = lower[i..].find('<') {
        let start = i + offset;
        let rest = &lower[start..];
        // `<!-->` and `<!--->` are whole (empty) comments, as the parser reads them.
        if rest.starts_with("<!-->") || rest.starts_with("<!--->") {
            i = start + if rest.starts_with("<!-->") { 5 } else { 6 };
            continue;
        }
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
        let in_foreign = ["svg", "math"].contains(&name)
            || ["svg", "math"]
                .iter()
                .any(|foreign| open_by_name.get(foreign).is_some_and(|count| *count > 0));
        let self_closing =
            !closing && in_foreign && end >= 2 && bytes[end - 2] == b'/' && bytes[end - 1] == b'>';
        let counted = !VOID_TAGS.contains(&name) && !SELF_ENDING_TAGS.contains(&name);
        let mut drop_tag = false;
        if counted && closing {
            let is_open = open_by_name.get(name).is_some_and(|count| *count > 0);
            if let Some(at) = closed_by(&open, name).filter(|_| is_open) {
                // Closes that element and those opened inside it.
                for (inner, dropped) in open.drain(at..).rev() {
                    if let Some(count) = open_by_name.get_mut(inner) {
                        *count = count.saturating_sub(1);
                    }
                    if !dropped {
                        kept = kept.saturating_sub(1);
                    }
                    if inner == name {
                        drop_tag = dropped;
                    }
                }
            }
        } else if counted && !self_closing {
            let dropped = limit.is_some_and(|limit| kept >= limit);
            if dropped {
                drop_tag = true;
            } else {
                kept += 1;
            }
            open.push((name, dropped));
            *open_by_name.entry(name).or_default() += 1;
            max_depth = max_depth.max(open.len());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_nesting_is_measured_and_kept() {
        let page = "<html><body><div><div><span>a</span></div><p>b<p>c</div></body></html>";
        assert_eq!(scan_nesting(page, None).0, 5);
        assert!(matches!(limit_nesting(page), Cow::Borrowed(_)));
    }

    #[test]
    fn stray_end_tags_and_empty_comments_do_not_hide_depth() {
        // An end tag of an element that is not open closes nothing.
        let stray = format!(
            "<html><body>{}text</body></html>",
            "<div></x>".repeat(2_000)
        );
        assert_eq!(scan_nesting(&stray, None).0, 2_002);
        // `<!-->` is an empty comment, not the start of one that runs to the end.
        let comment = format!(
            "<html><body><!-->{}text</body></html>",
            "<div>".repeat(2_000)
        );
        assert_eq!(scan_nesting(&comment, None).0, 2_002);
        for page in [stray, comment] {
            let limited = limit_nesting(&page);
            assert_eq!(scan_nesting(&limited, None).0, MAX_PARSE_DEPTH);
            assert!(limited.contains("text"));
        }
    }

    #[test]
    fn an_end_tag_closes_the_elements_opened_inside_its_element() {
        let page = format!("<div>{}</div><div>x</div>", "<span>".repeat(10));
        assert_eq!(scan_nesting(&page, None).0, 11);
        let page = format!("<span>{}</span><span>x</span>", "<em>".repeat(10));
        assert_eq!(scan_nesting(&page, None).0, 11);
    }

    #[test]
    fn end_tags_the_parser_ignores_close_nothing() {
        // Across a special element, an ordinary end tag closes nothing; a formatting element
        // may be reparented instead of closed; `<div/>` opens a div.
        for (unit, per_unit) in [
            ("<span><div></span>", 2),
            ("<b><div></b>", 2),
            ("<a><div></a>", 2),
            ("<div/>", 1),
        ] {
            let page = format!("<html><body>{}x</body></html>", unit.repeat(1_500));
            assert_eq!(scan_nesting(&page, None).0, 2 + 1_500 * per_unit, "{unit}");
            let limited = limit_nesting(&page);
            assert!(scan_nesting(&limited, None).0 <= MAX_PARSE_DEPTH, "{unit}");
        }
        // In SVG, `/>` closes.
        let svg = format!("<svg>{}</svg>", "<path/>".repeat(50));
        assert_eq!(scan_nesting(&svg, None).0, 1);
    }
}
