//! The corpus manifest: an optional `newsdex.csv` or `newsdex.jsonl` at the corpus root that
//! gives title, date, source, URL or author for files that carry no metadata of their own.
//!
//! CSV: a header row naming the columns (`path` first or anywhere, then any of `title`, `date`,
//! `source`, `url`, `author`, under the same names newsdex accepts elsewhere). JSON Lines: one
//! object per line with a `path` and the same fields.

use std::collections::HashMap;
use std::path::Path;

use crate::article::Overrides;
use crate::article::fields::{self, Key};
use crate::skip::{Skip, SkipKind};

/// File names of the manifest, looked for at the corpus root in this order.
pub const MANIFEST_NAMES: [&str; 2] = ["newsdex.csv", "newsdex.jsonl"];

/// Overrides by corpus-relative path, and the lines that could not be used.
#[derive(Debug, Default)]
pub struct Manifest {
    /// Overrides for each listed file.
    pub entries: HashMap<String, Overrides>,
    /// Lines that could not be read.
    pub skips: Vec<Skip>,
    /// The manifest's name, relative to the corpus root, when there is one.
    pub name: Option<&'static str>,
}

/// The largest manifest read: a million rows of metadata is about 200 MiB.
const MAX_MANIFEST_BYTES: u64 = 512 * 1024 * 1024;

/// Reads the manifest at the corpus root, if there is one. `shown` names the corpus folder
/// in messages.
pub fn load(root: &Path, shown: &str) -> Manifest {
    for name in MANIFEST_NAMES {
        let path = root.join(name);
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        let shown = format!("{}/{name}", shown.trim_end_matches('/'));
        // Only a regular file of sane size is read: a pipe would wait forever, and a link to
        // a device would be read without end.
        let refused = if !meta.is_file() {
            Some((
                SkipKind::Unreadable,
                "is not a regular file; ignored".to_string(),
            ))
        } else if meta.len() > MAX_MANIFEST_BYTES {
            Some((
                SkipKind::Unreadable,
                format!(
                    "is larger than {} MiB; ignored",
                    MAX_MANIFEST_BYTES / (1024 * 1024)
                ),
            ))
        } else {
            None
        };
        if let Some((kind, detail)) = refused {
            return Manifest {
                skips: vec![Skip {
                    location: shown,
                    kind,
                    detail,
                }],
                ..Manifest::default()
            };
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = crate::article::decode(&bytes, false).text;
        let mut manifest = if name.ends_with(".csv") {
            from_csv(&text, &shown)
        } else {
            from_json_lines(&text, &shown)
        };
        manifest.name = Some(name);
        return manifest;
    }
    Manifest::default()
}

fn malformed(location: String, detail: impl Into<String>) -> Skip {
    Skip {
        location,
        kind: SkipKind::Malformed,
        detail: detail.into(),
    }
}

fn from_csv(text: &str, shown: &str) -> Manifest {
    let mut manifest = Manifest::default();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(str::to_string).collect(),
        Err(err) => {
            manifest.skips.push(malformed(
                shown.to_string(),
                format!("cannot read the header row: {err}"),
            ));
            return manifest;
        }
    };
    if !headers.iter().any(|header| is_path_column(header)) {
        manifest.skips.push(malformed(
            format!("{shown}:1"),
            "the header row has no `path` column; the manifest is not used",
        ));
        return manifest;
    }
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = err.position().map_or(0, |position| position.line());
                manifest
                    .skips
                    .push(malformed(format!("{shown}:{line}"), err.to_string()));
                continue;
            }
        };
        let line = record.position().map_or(0, |position| position.line());
        let pairs = headers.iter().map(String::as_str).zip(record.iter());
        add_entry(&mut manifest, pairs, format!("{shown}:{line}"));
    }
    manifest
}

fn from_json_lines(text: &str, shown: &str) -> Manifest {
    let mut manifest = Manifest::default();
    for (index, line) in text.lines().enumerate() {
        let location = format!("{shown}:{}", index + 1);
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(line) {
            Ok(object) => {
                let values: Vec<(&str, String)> = object
                    .iter()
                    .filter_map(|(key, value)| match value {
                        serde_json::Value::String(text) => Some((key.as_str(), text.clone())),
                        serde_json::Value::Number(number) => {
                            Some((key.as_str(), number.to_string()))
                        }
                        _ => None,
                    })
                    .collect();
                add_entry(
                    &mut manifest,
                    values.iter().map(|(key, value)| (*key, value.as_str())),
                    location,
                );
            }
            Err(err) => manifest
                .skips
                .push(malformed(location, format!("invalid JSON: {err}"))),
        }
    }
    manifest
}

fn is_path_column(name: &str) -> bool {
    matches!(
        name.trim().to_ascii_lowercase().as_str(),
        "path" | "file" | "filename"
    )
}

fn add_entry<'a>(
    manifest: &mut Manifest,
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
    location: String,
) {
    let mut path = None;
    let mut overrides = Overrides::default();
    for (name, value) in pairs {
        let value = Some(value.trim().to_string()).filter(|value| !value.is_empty());
        if is_path_column(name) {
            path = value;
            continue;
        }
        let slot = match fields::key(name) {
            Some(Key::Title) => &mut overrides.title,
            Some(Key::Date) => &mut overrides.date,
            Some(Key::Source) => &mut overrides.source,
            Some(Key::Url) => &mut overrides.url,
            Some(Key::Author) => &mut overrides.author,
            _ => continue,
        };
        *slot = value;
    }
    match path {
        Some(path) => {
            let normalized = path.replace('\\', "/");
            let normalized = normalized.trim_start_matches("./").to_string();
            manifest.entries.insert(normalized, overrides);
        }
        None => manifest.skips.push(malformed(location, "no path given")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_give_overrides_by_path() {
        let manifest = from_csv(
            "path,Title,published,Source,url\n./a.txt,A title,2024-10-18,Herald,https://x.y/a\nb/c.txt,,,Times,\n,Orphan,,,\n",
            "corpus/newsdex.csv",
        );
        assert_eq!(
            manifest.entries.get("a.txt"),
            Some(&Overrides {
                title: Some("A title".into()),
                date: Some("2024-10-18".into()),
                source: Some("Herald".into()),
                url: Some("https://x.y/a".into()),
                author: None,
            })
        );
        assert_eq!(
            manifest
                .entries
                .get("b/c.txt")
                .and_then(|o| o.source.as_deref()),
            Some("Times")
        );
        assert_eq!(
            manifest.skips,
            vec![malformed("corpus/newsdex.csv:4".into(), "no path given")]
        );
    }

    #[test]
    fn a_csv_without_a_path_column_is_not_used() {
        let manifest = from_csv("title,date\nA,2024\n", "newsdex.csv");
        assert!(manifest.entries.is_empty());
        assert_eq!(manifest.skips[0].location, "newsdex.csv:1");
    }

    #[test]
    fn json_lines_rows_give_overrides_and_bad_lines_are_reported() {
        let manifest = from_json_lines(
            "{\"path\": \"a.txt\", \"date\": \"2024-10-18\"}\nnot json\n",
            "newsdex.jsonl",
        );
        assert_eq!(
            manifest
                .entries
                .get("a.txt")
                .and_then(|o| o.date.as_deref()),
            Some("2024-10-18")
        );
        assert_eq!(manifest.skips.len(), 1);
        assert!(manifest.skips[0].detail.starts_with("invalid JSON: "));
        assert_eq!(manifest.skips[0].location, "newsdex.jsonl:2");
    }
}
