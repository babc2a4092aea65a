//! The headline: `og:title`, JSON-LD, the headline `<h1>` or `<title>`, with the site name
//! stripped.

use dom_query::NodeRef;

use super::dom::{has_ancestor, text_within};
use super::furniture::is_hidden;
use super::meta::Page;
use super::text::{collapse, decode_entities, non_empty, norm};
use super::url::{domain, host_labels};
use crate::article::dating::parse_date_value;

/// Text a heading may hold to be a candidate headline (more is a section, not a headline).
const MAX_HEADING_BYTES: usize = 4_096;

/// Separators between a headline and a site name in `<title>` and `og:title`.
const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " -- ", " – ", " — ", " :: ", " · ", " • ", " » ", " › ", " ‹ ", " // ",
];

impl<'a> Page<'a> {
    pub(super) fn find_title_tag(&self) -> Option<String> {
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

    /// The headline element: an `<h1>` inside `<article>`, else inside `<main>`, else one that
    /// the `<title>` repeats; else an `<h2>` that the `<title>` repeats (pages whose `<h1>` is
    /// the site's logo or a section name); else the first `<h1>` outside navigation; else,
    /// on a page with no `<h1>` text at all, the first `<h2>` inside `<article>` or `<main>`.
    pub(super) fn find_h1(&self) -> Option<NodeRef<'a>> {
        let h1s = self.headings("h1");
        let title_norm = self.title_tag.as_deref().map(norm).unwrap_or_default();
        let title_head = self
            .title_tag
            .as_deref()
            .and_then(split_last_separator)
            .map(|(head, _)| norm(head));
        let in_tag = |node: &NodeRef, tag: &str| has_ancestor(node, |a| a.has_name(tag));
        let repeated_by_title = |heading: &&NodeRef| {
            let text = heading.text();
            let norm = norm(&text);
            title_head.as_ref() == Some(&norm)
                || (text.split_whitespace().count() >= 3 && title_norm.contains(norm.as_str()))
        };
        let in_article = h1s.iter().find(|h1| in_tag(h1, "article"));
        let in_main = || h1s.iter().find(|h1| in_tag(h1, "main"));
        let repeated = || {
            h1s.iter()
                .filter(repeated_by_title)
                .max_by_key(|h1| norm(&h1.text()).len())
        };
        let h2s = self.headings("h2");
        in_article
            .or_else(in_main)
            .or_else(repeated)
            .or_else(|| h2s.iter().find(repeated_by_title))
            .or_else(|| h1s.first())
            .or_else(|| {
                h2s.iter()
                    .find(|h2| in_tag(h2, "article") || in_tag(h2, "main"))
            })
            .copied()
    }

    /// The headings of one level with text, outside navigation, footers and asides.
    fn headings(&self, tag: &str) -> Vec<NodeRef<'a>> {
        self.doc
            .select(tag)
            .nodes()
            .iter()
            .filter(|heading| {
                let text = text_within(heading, MAX_HEADING_BYTES)
                    .map_or_else(String::new, |text| collapse(&text));
                !text.is_empty()
                    && text.chars().count() <= 300
                    && !is_hidden(heading)
                    && !has_ancestor(heading, |a| {
                        a.has_name("nav") || a.has_name("footer") || a.has_name("aside")
                    })
            })
            .copied()
            .collect()
    }

    fn h1_text(&self) -> Option<String> {
        self.h1.and_then(|h1| non_empty(collapse(&h1.text())))
    }

    pub(super) fn title(&self, site_name: Option<&str>, url: Option<&str>) -> Option<String> {
        // A slug is not a headline (`og:title` "adac-kindersitztest-herbst-2018").
        let og = self
            .meta("og:title")
            .map(|t| decode_entities(&t))
            .filter(|t| !is_slug(t));
        let headline = self
            .ld_main_text("headline")
            .map(|t| decode_entities(&t))
            .filter(|t| !is_slug(t));
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
        // An `<h1>` that is the site's logo or name is not the headline: "<h1><a href='/'>
        // Internet-Law</a></h1>" above "Internet-Law » Verstößt der Ausschluss …". A logo's
        // text names the site.
        let mut h1 = self.h1_text();
        if self.h1.is_some_and(|node| links_home(&node)) {
            names.extend(h1.take());
        }
        let h1 = h1.filter(|text| !names.iter().any(|name| norm(name) == norm(text)));
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
        // A two-letter outlet ("DW" of `DW.COM` or dw.com) names the site only as a whole part.
        let acronyms: Vec<String> = [site_name, url.and_then(domain).as_deref()]
            .into_iter()
            .flatten()
            .filter_map(|name| name.trim_start_matches("www.").split('.').next().map(norm))
            .filter(|label| label.len() == 2)
            .collect();
        let names: Vec<String> = names
            .iter()
            .map(|name| norm(name))
            .filter(|name| name.len() >= 3)
            .chain(acronyms)
            .collect();

        // Metadata that agrees with neither the `<h1>` nor the `<title>`, where those two agree,
        // is a description, not the headline (Wikipedia's JSON-LD "headline").
        // The `<title>` without its site names and sections.
        let tag_headline = title_tag
            .as_deref()
            .map(|tag| strip_site_name(&collapse(tag), &names, true));
        let h1_and_tag_agree = match (&h1, &tag_headline) {
            (Some(h1), Some(tag)) => norm(h1) == norm(tag),
            _ => false,
        };
        let disagrees = |t: &String| {
            h1.as_deref().is_some_and(|h1| {
                let (t, h1) = (norm(t), norm(h1));
                !t.contains(&h1) && !h1.contains(&t)
            })
        };
        let (og, headline) = if h1_and_tag_agree {
            (
                og.filter(|t| !disagrees(t)),
                headline.filter(|t| !disagrees(t)),
            )
        } else {
            (og, headline)
        };
        let from_metadata = og.is_some() || headline.is_some();
        let title = [og, headline, h1, title_tag.clone()]
            .into_iter()
            .flatten()
            .map(|t| collapse(&t))
            .find(|t| !t.is_empty())?;
        let is_title_tag = title_tag.as_deref() == Some(title.as_str());
        let title = strip_site_name(&title, &names, is_title_tag);
        // An `<h1>` that runs its headline into a site name or section ("…InfantaUltima Hora
        // Mallorca", from `<span>` and `<a>` side by side): the `<title>` gives the headline.
        if !from_metadata
            && !is_title_tag
            && let Some(from_tag) = tag_headline
            && let Some(rest) = title.strip_prefix(from_tag.as_str())
            && from_tag.split_whitespace().count() >= 3
            && !rest.trim().is_empty()
            && rest.split_whitespace().count() <= 5
        {
            return non_empty(from_tag);
        }
        non_empty(title)
    }
}

/// Removes a site name after the last (or before the first) separator of a title.
fn strip_site_name(title: &str, names: &[String], is_title_tag: bool) -> String {
    let mut title = title.to_string();
    // A site name, a section and a date ("Headline | DW | 19.01.2020") at the most.
    for _ in 0..3 {
        let Some((prefix, suffix)) = split_last_separator(&title) else {
            break;
        };
        let suffix_norm = norm(suffix);
        let names_site = names.iter().any(|name| names_match(&suffix_norm, name));
        let dated = parse_date_value(suffix).is_some() && prefix.split_whitespace().count() >= 3;
        // A bare `<title>` ending in a short capitalised tail almost always names the site.
        let generic = is_title_tag
            && suffix.split_whitespace().count() <= 4
            && suffix.chars().count() <= 40
            && suffix
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
            && prefix.split_whitespace().count() >= 3;
        if !(names_site || generic || dated) {
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

/// True for a URL slug: one long "word" of letters, digits, hyphens and underscores.
fn is_slug(title: &str) -> bool {
    let title = title.trim();
    title.chars().count() >= 12
        && title.contains(['-', '_'])
        && title
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// True for a heading whose whole text is a link to the site's home page (a logo).
fn links_home(heading: &NodeRef) -> bool {
    let text = norm(&heading.text());
    !text.is_empty()
        && dom_query::Selection::from(*heading)
            .select("a[href]")
            .nodes()
            .iter()
            .any(|link| {
                let href = link.attr_or("href", "");
                let path = match href.split_once("://") {
                    Some((_, rest)) => rest.find('/').map_or("", |slash| &rest[slash..]),
                    None => href.as_ref(),
                };
                matches!(path.trim(), "" | "/" | "./" | "/index.html" | "/index.php")
                    && norm(&link.text()) == text
            })
}

/// True if a normalised title part names the same site as a normalised site name.
fn names_match(part: &str, name: &str) -> bool {
    if name.len() < 3 {
        return part == name;
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

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
    fn dates_and_two_letter_site_names_are_stripped() {
        let names = vec![norm("dw.com"), "dw".to_string()];
        assert_eq!(
            strip_site_name(
                "Berlin confronts its colonial past | DW | 19.01.2020",
                &names,
                false
            ),
            "Berlin confronts its colonial past"
        );
        // A two-letter name counts only as a whole part; a date only after a real headline.
        assert_eq!(
            strip_site_name("Floods close the M4 - Lowdown", &names, false),
            "Floods close the M4 - Lowdown"
        );
        assert_eq!(
            strip_site_name("Budget | 19.01.2020", &names, false),
            "Budget | 19.01.2020"
        );
    }

    #[test]
    fn two_letter_outlets_come_from_the_site_name_or_the_domain() {
        let html = "<html><head><meta property='og:site_name' content='DW.COM'>\
            <meta property='og:title' content='Berlin confronts its colonial past | DW'>\
            </head><body></body></html>";
        let doc = Document::from(html);
        let page = Page::new(&doc);
        assert_eq!(
            page.title(page.site_name().as_deref(), None).as_deref(),
            Some("Berlin confronts its colonial past")
        );
    }
}
