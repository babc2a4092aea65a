//! Output of `newsdex stats`, for people and as JSON.

use std::io::Write;

use crate::stats::Stats;

/// Writes the statistics for people.
pub fn human(out: &mut dyn Write, index_dir: &str, stats: &Stats) -> std::io::Result<()> {
    writeln!(out, "index: {index_dir} (corpus: {})", stats.corpus)?;
    writeln!(out, "articles: {}", stats.articles)?;
    writeln!(out, "passages: {}", stats.passages)?;
    let counts = &stats.date_provenance;
    let dated = counts.metadata + counts.text + counts.weekday;
    match (&stats.first_date, &stats.last_date) {
        (Some(first), Some(last)) => writeln!(
            out,
            "dates: {first} to {last} ({dated} dated, {} undated)",
            counts.none
        )?,
        _ => writeln!(out, "dates: none ({} undated)", counts.none)?,
    }
    writeln!(
        out,
        "date provenance: metadata {}, text {}, weekday {}, none {}",
        counts.metadata, counts.text, counts.weekday, counts.none
    )?;
    writeln!(out, "sources: {}", stats.sources.len())?;
    let width = stats
        .sources
        .iter()
        .map(|source| source.articles.to_string().len())
        .max()
        .unwrap_or(1);
    for source in &stats.sources {
        writeln!(out, "  {:>width$}  {}", source.articles, source.source)?;
    }
    out.flush()
}

/// Writes the statistics as one JSON object.
pub fn json(out: &mut dyn Write, stats: &Stats) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, stats)?;
    out.write_all(b"\n")?;
    out.flush()
}
