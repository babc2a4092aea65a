//! The metadata keys newsdex understands, under the names real files and feeds use for them.
//! One table serves `Key: Value` headers, front matter, JSON records and manifests.

/// A metadata field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    Id,
    Title,
    Body,
    Date,
    Source,
    Url,
    Author,
}

/// Maps a field name (any case, `-`/`_`/space ignored) to the field it means.
pub(crate) fn key(name: &str) -> Option<Key> {
    let folded: String = name
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    Some(match folded.as_str() {
        "id" => Key::Id,
        "title" | "headline" => Key::Title,
        "text" | "body" | "content" | "maintext" | "abstract" | "articlebody" => Key::Body,
        "date" | "published" | "datepublish" | "pubdate" | "datepublished" | "publishedat"
        | "publishdate" | "publicationdate" | "publishedtime" => Key::Date,
        "source" | "sourcedomain" | "publisher" | "site" | "sitename" | "outlet" => Key::Source,
        "url" | "link" | "canonicalurl" => Key::Url,
        "author" | "authors" | "by" | "byline" | "creator" => Key::Author,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_names_map_to_fields() {
        assert_eq!(key("Headline"), Some(Key::Title));
        assert_eq!(key("date_publish"), Some(Key::Date));
        assert_eq!(key("pubDate"), Some(Key::Date));
        assert_eq!(key("datePublished"), Some(Key::Date));
        assert_eq!(key("source_domain"), Some(Key::Source));
        assert_eq!(key("maintext"), Some(Key::Body));
        assert_eq!(key("Link"), Some(Key::Url));
        assert_eq!(key("By"), Some(Key::Author));
        assert_eq!(key("tags"), None);
        assert_eq!(key("_id"), Some(Key::Id));
    }
}
