//! JSON Lines output: one object per hit, then one summary object.

use std::io::Write;

use serde::Serialize;

use crate::search::{Hit, SearchResults, Summary};

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Record<'a> {
    Hit(&'a Hit),
    Summary(&'a Summary),
    /// A query of a batch that could not be run, in place of its hits and summary.
    Error {
        query: &'a str,
        message: &'a str,
    },
}

/// Writes the results as JSON Lines.
pub fn print(out: &mut dyn Write, results: &SearchResults) -> std::io::Result<()> {
    for hit in &results.hits {
        serde_json::to_writer(&mut *out, &Record::Hit(hit))?;
        out.write_all(b"\n")?;
    }
    serde_json::to_writer(&mut *out, &Record::Summary(&results.summary))?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Writes the record of a batch query that could not be run.
pub fn print_query_error(out: &mut dyn Write, query: &str, message: &str) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &Record::Error { query, message })?;
    out.write_all(b"\n")?;
    out.flush()
}
