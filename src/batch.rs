//! Query lists for `newsdex search --batch FILE`: one query per line, as `ID<TAB>QUERY` or as a
//! BEIR-style JSON object (`{"_id": "1", "text": "…"}`).

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};

/// One query of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchQuery {
    /// The query's id, as given.
    pub id: String,
    /// The query text.
    pub text: String,
    /// Its line in the file, from 1.
    pub line: usize,
}

/// Lines of a batch file that could not be read: (line, reason).
pub type Problems = Vec<(usize, String)>;

/// The queries of a batch file, and the lines that could not be read.
pub fn read(path: &Path) -> Result<(Vec<BatchQuery>, Problems)> {
    let bytes = std::fs::read(path)
        .map_err(|err| Error::Config(format!("--batch {}: cannot read: {err}", path.display())))?;
    let text = crate::article::decode(&bytes, false).text;
    Ok(parse(&text))
}

/// Parses the text of a batch file.
pub fn parse(text: &str) -> (Vec<BatchQuery>, Problems) {
    let mut queries = Vec::new();
    let mut problems = Vec::new();
    // Query ids, with the line that used each first: a run needs one result list per id.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let parsed = if trimmed.starts_with('{') {
            json_query(trimmed)
        } else {
            match line.split_once('\t') {
                Some((id, query)) if !id.trim().is_empty() => {
                    Ok((id.trim().to_string(), query.trim().to_string()))
                }
                _ => {
                    Err("expected ID<TAB>QUERY or a JSON object with `_id` and `text`".to_string())
                }
            }
        };
        match parsed {
            Ok((id, text)) => {
                let id = crate::query::without_controls(&id);
                if let Some(first) = seen.get(&id) {
                    problems.push((
                        line_number,
                        format!("the query id {id} is already used on line {first}; this line is skipped: give each query its own id"),
                    ));
                    continue;
                }
                seen.insert(id.clone(), line_number);
                queries.push(BatchQuery {
                    id,
                    text: crate::query::without_controls(&text),
                    line: line_number,
                });
            }
            Err(reason) => problems.push((line_number, reason)),
        }
    }
    (queries, problems)
}

fn json_query(line: &str) -> Result<(String, String), String> {
    let object: serde_json::Map<String, Value> =
        serde_json::from_str(line).map_err(|err| format!("invalid JSON: {err}"))?;
    let field = |names: &[&str]| {
        names.iter().find_map(|name| match object.get(*name) {
            Some(Value::String(text)) => Some(text.clone()),
            Some(Value::Number(number)) => Some(number.to_string()),
            _ => None,
        })
    };
    let id = field(&["_id", "id", "qid", "query_id"]).ok_or("no `_id` field")?;
    let text = field(&["text", "query", "title"]).ok_or("no `text` field")?;
    Ok((id, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_separated_and_json_lines_are_read() {
        let (queries, problems) = parse(
            "1\tnorth korean troops\n\n{\"_id\": \"2\", \"text\": \"Storm Corps: AND \\\"who\"}\n{\"_id\": 3, \"text\": \"x\"}\nno tab here\n{\"text\": \"no id\"}\n",
        );
        assert_eq!(
            queries,
            vec![
                BatchQuery {
                    id: "1".into(),
                    text: "north korean troops".into(),
                    line: 1
                },
                BatchQuery {
                    id: "2".into(),
                    text: "Storm Corps: AND \"who".into(),
                    line: 3
                },
                BatchQuery {
                    id: "3".into(),
                    text: "x".into(),
                    line: 4
                },
            ]
        );
        assert_eq!(
            problems,
            vec![
                (
                    5,
                    "expected ID<TAB>QUERY or a JSON object with `_id` and `text`".to_string()
                ),
                (6, "no `_id` field".to_string()),
            ]
        );
    }
}
