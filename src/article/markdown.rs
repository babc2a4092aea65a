//! Markdown articles with optional YAML (`---`) or TOML (`+++`) front matter.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use std::collections::HashMap;

use yaml_rust2::parser::Event as YamlEvent;
use yaml_rust2::{Yaml, YamlLoader};

use super::fields::{self, Key};
use super::{Draft, text};

/// Parses one Markdown article. Returns the draft and a warning when the front matter cannot
/// be read (the article is then indexed without it).
pub(super) fn parse(content: &str) -> (Draft, Option<String>) {
    let content = content.replace("\r\n", "\n");
    let (front, body) = split_front_matter(&content);
    let mut draft = Draft::default();
    let mut warning = None;
    if let Some((kind, front)) = front {
        let pairs = match kind {
            FrontMatter::Yaml => yaml_pairs(front),
            FrontMatter::Toml => toml_pairs(front),
        };
        match pairs {
            Ok(pairs) => apply(&mut draft, pairs),
            Err(reason) => warning = Some(format!("front matter cannot be read ({reason})")),
        }
    }
    let (heading, mut paragraphs) = markdown_text(body);
    paragraphs.retain(|paragraph| !text::is_boilerplate(paragraph));
    match (&draft.title, heading) {
        (None, heading) => draft.title = heading,
        // A heading that is not the front matter's title is part of the text.
        (Some(title), Some(heading)) if !text::same_words(title, &heading) => {
            paragraphs.insert(0, heading);
        }
        (Some(title), _) => text::drop_repeated_title(&mut paragraphs, title),
    }
    draft.body = paragraphs.join("\n\n");
    (draft, warning)
}

enum FrontMatter {
    Yaml,
    Toml,
}

fn split_front_matter(content: &str) -> (Option<(FrontMatter, &str)>, &str) {
    let trimmed = content.trim_start_matches('\u{feff}');
    for (fence, kind) in [("---", FrontMatter::Yaml), ("+++", FrontMatter::Toml)] {
        let Some(rest) = trimmed
            .strip_prefix(fence)
            .and_then(|rest| rest.strip_prefix('\n'))
        else {
            continue;
        };
        let closing = format!("\n{fence}");
        let end = if rest.starts_with(fence) {
            Some(0)
        } else {
            rest.find(&closing).map(|at| at + 1)
        };
        if let Some(end) = end {
            let after = &rest[end + fence.len()..];
            let after = after.split_once('\n').map_or("", |(_, body)| body);
            return (Some((kind, &rest[..end])), after);
        }
    }
    (None, trimmed)
}

/// Bytes YAML front matter may hold once its aliases are expanded (each value counts its
/// text and [`YAML_VALUE_BYTES`] more).
const MAX_YAML_BYTES: u64 = 1 << 20;
/// What a value costs beyond its text, in the count above.
const YAML_VALUE_BYTES: u64 = 64;

fn yaml_pairs(front: &str) -> Result<Vec<(String, String)>, String> {
    if expanded_bytes(front, MAX_YAML_BYTES)?.is_none() {
        return Err("its aliases (*name) expand to more than 1 MiB".to_string());
    }
    let documents = YamlLoader::load_from_str(front).map_err(|err| err.to_string())?;
    let Some(Yaml::Hash(hash)) = documents.into_iter().next() else {
        return Ok(Vec::new());
    };
    Ok(hash
        .into_iter()
        .filter_map(|(key, value)| Some((key.as_str()?.to_string(), yaml_text(&value)?)))
        .collect())
}

/// How many bytes the YAML text's values (scalars and collections) come to with its aliases
/// expanded, counted from the parser's events without expanding them; `None` past `limit`.
/// The loader copies an anchored value at each alias, so a few hundred bytes of aliases of
/// aliases ("billion laughs"), or a long value named thousands of times, would expand to
/// gigabytes.
fn expanded_bytes(yaml: &str, limit: u64) -> Result<Option<u64>, String> {
    let mut parser = yaml_rust2::parser::Parser::new_from_str(yaml);
    // Bytes under each anchor, by anchor id.
    let mut anchored: HashMap<usize, u64> = HashMap::new();
    // The collections open: their anchor id and the count when they opened.
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut bytes: u64 = 0;
    loop {
        let (event, _) = parser.next_token().map_err(|err| err.to_string())?;
        match event {
            YamlEvent::StreamEnd => return Ok(Some(bytes)),
            YamlEvent::Scalar(text, _, anchor, _) => {
                let size = YAML_VALUE_BYTES.saturating_add(text.len() as u64);
                bytes = bytes.saturating_add(size);
                if anchor > 0 {
                    anchored.insert(anchor, size);
                }
            }
            YamlEvent::SequenceStart(anchor, _) | YamlEvent::MappingStart(anchor, _) => {
                open.push((anchor, bytes));
                bytes = bytes.saturating_add(YAML_VALUE_BYTES);
            }
            YamlEvent::SequenceEnd | YamlEvent::MappingEnd => {
                if let Some((anchor, at_start)) = open.pop()
                    && anchor > 0
                {
                    anchored.insert(anchor, bytes - at_start);
                }
            }
            YamlEvent::Alias(anchor) => {
                let size = anchored.get(&anchor).copied().unwrap_or(YAML_VALUE_BYTES);
                bytes = bytes.saturating_add(size);
            }
            _ => {}
        }
        if bytes > limit {
            return Ok(None);
        }
    }
}

fn yaml_text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(text) | Yaml::Real(text) => Some(text.clone()),
        Yaml::Integer(number) => Some(number.to_string()),
        Yaml::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(yaml_text).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        Yaml::Hash(hash) => hash
            .iter()
            .find(|(key, _)| key.as_str() == Some("name"))
            .and_then(|(_, name)| yaml_text(name)),
        _ => None,
    }
}

fn toml_pairs(front: &str) -> Result<Vec<(String, String)>, String> {
    let table: toml::Table = front
        .parse()
        .map_err(|err: toml::de::Error| err.message().to_string())?;
    Ok(table
        .into_iter()
        .filter_map(|(key, value)| Some((key, toml_text(&value)?)))
        .collect())
}

fn toml_text(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(text) => Some(text.clone()),
        toml::Value::Integer(number) => Some(number.to_string()),
        toml::Value::Datetime(datetime) => Some(datetime.to_string()),
        toml::Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(toml_text).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        toml::Value::Table(table) => table.get("name").and_then(toml_text),
        _ => None,
    }
}

/// Applies front matter pairs to a draft; the first value for a field wins.
fn apply(draft: &mut Draft, pairs: Vec<(String, String)>) {
    for (name, value) in pairs {
        let value = value.trim().to_string();
        if value.is_empty() {
            continue;
        }
        let slot = match fields::key(&name) {
            Some(Key::Id) => &mut draft.id,
            Some(Key::Title) => &mut draft.title,
            Some(Key::Date) => &mut draft.date,
            Some(Key::Source) => &mut draft.source,
            Some(Key::Url) => &mut draft.url,
            Some(Key::Author) => &mut draft.author,
            Some(Key::Body) | None => continue,
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }
}

/// The text of a Markdown body as paragraphs, and its first top-level heading if the body
/// starts with one (taken out of the paragraphs).
fn markdown_text(body: &str) -> (Option<String>, Vec<String>) {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut heading = None;
    let mut in_title_heading = false;
    let mut image_depth = 0usize;
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if paragraphs.is_empty() && heading.is_none() && current.is_empty() => {
                in_title_heading = true;
            }
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Text(text) | Event::Code(text) if image_depth == 0 => current.push_str(&text),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::End(TagEnd::Heading(_)) if in_title_heading => {
                in_title_heading = false;
                let title = collapse(&current);
                current.clear();
                heading = Some(title).filter(|title| !title.is_empty());
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableRow,
            ) => {
                let paragraph = collapse(&current);
                current.clear();
                if !paragraph.is_empty() {
                    paragraphs.push(paragraph);
                }
            }
            _ => {}
        }
    }
    let rest = collapse(&current);
    if !rest.is_empty() {
        paragraphs.push(rest);
    }
    (heading, paragraphs)
}

fn collapse(text: &str) -> String {
    super::text::collapse_whitespace(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_aliases_that_expand_past_reason_are_refused_without_expanding_them() {
        let mut front =
            String::from("---\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in 1..=12 {
            let aliases = vec![format!("*a{}", level - 1); 9].join(", ");
            front.push_str(&format!("a{level}: &a{level} [{aliases}]\n"));
        }
        // 9^13 values: building them would take terabytes.
        let text = format!("{front}title: *a12\n---\nTroops arrived.\n");
        let (draft, warning) = parse(&text);
        let refused =
            Some("front matter cannot be read (its aliases (*name) expand to more than 1 MiB)");
        assert_eq!(warning.as_deref(), refused);
        assert_eq!(draft.body, "Troops arrived.");
        // A long value named thousands of times: few values, many bytes.
        let long = format!(
            "---\na: &a \"{}\"\nb: [{}]\n---\nTroops arrived.\n",
            "x".repeat(200_000),
            vec!["*a"; 9_000].join(", ")
        );
        let (draft, warning) = parse(&long);
        assert_eq!(warning.as_deref(), refused);
        assert_eq!(draft.body, "Troops arrived.");
        // Aliases within reason are read.
        let (draft, warning) =
            parse("---\nwho: &w Kim Lee\nauthor: *w\ntitle: Troops\n---\nText.\n");
        assert_eq!(warning, None);
        assert_eq!(draft.author.as_deref(), Some("Kim Lee"));
    }

    #[test]
    fn yaml_front_matter_gives_the_metadata() {
        let (draft, warning) = parse(
            "---\ntitle: \"Troops arrive\"\ndate: 2024-10-18T08:00:00+09:00\npublisher:\n  name: Korea Herald\nauthors:\n  - Kim\n  - Lee\nlink: https://example.com/a\ntags: [war]\n---\n# Troops arrive\n\nThe *first* contingent [arrived](https://x.y).\nIt was\nlate.\n\n![photo](a.jpg)\n\n- one item\n",
        );
        assert_eq!(warning, None);
        assert_eq!(
            draft,
            Draft {
                title: Some("Troops arrive".into()),
                date: Some("2024-10-18T08:00:00+09:00".into()),
                source: Some("Korea Herald".into()),
                author: Some("Kim, Lee".into()),
                url: Some("https://example.com/a".into()),
                body: "The first contingent arrived. It was late.\n\none item".into(),
                ..Draft::default()
            }
        );
    }

    #[test]
    fn toml_front_matter_gives_the_metadata() {
        let (draft, warning) = parse(
            "+++\ntitle = \"Troops arrive\"\npublished = 2024-10-18\nsite = \"Herald\"\n+++\nBody text.\n",
        );
        assert_eq!(warning, None);
        assert_eq!(draft.title.as_deref(), Some("Troops arrive"));
        assert_eq!(draft.date.as_deref(), Some("2024-10-18"));
        assert_eq!(draft.source.as_deref(), Some("Herald"));
        assert_eq!(draft.body, "Body text.");
    }

    #[test]
    fn a_leading_heading_is_the_title_without_front_matter() {
        let (draft, _) = parse("# The headline\n\nFirst paragraph.\n\n## Section\n\nSecond.");
        assert_eq!(draft.title.as_deref(), Some("The headline"));
        assert_eq!(draft.body, "First paragraph.\n\nSection\n\nSecond.");
    }

    #[test]
    fn broken_front_matter_is_a_warning_and_the_text_is_kept() {
        let (draft, warning) = parse("---\ntitle: [unclosed\n---\nBody.\n");
        assert!(
            warning.is_some_and(|warning| warning.starts_with("front matter cannot be read ("))
        );
        assert_eq!(draft.body, "Body.");
        assert_eq!(draft.title, None);
    }
}
