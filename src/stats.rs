//! What is in the index: articles, passages, sources, date range and date provenance.

use std::collections::HashMap;

use serde::Serialize;

use crate::article::DateProvenance;
use crate::error::{Error, Result};
use crate::store::Store;

/// A summary of the index contents.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename = "stats")]
pub struct Stats {
    /// The corpus folder the index was built from.
    pub corpus: String,
    /// Articles in the index.
    pub articles: u64,
    /// Passages in the index.
    pub passages: u64,
    /// Articles per source, most first.
    pub sources: Vec<SourceCount>,
    /// Earliest article date, `YYYY-MM-DD`.
    pub first_date: Option<String>,
    /// Latest article date, `YYYY-MM-DD`.
    pub last_date: Option<String>,
    /// Articles per date provenance.
    pub date_provenance: ProvenanceCounts,
}

/// Articles from one source.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SourceCount {
    /// The source, as written in the articles.
    pub source: String,
    /// Its articles.
    pub articles: u64,
}

/// Articles per date provenance.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ProvenanceCounts {
    /// Dated from metadata.
    pub metadata: u64,
    /// Dated from a full date in the text.
    pub text: u64,
    /// Dated by a weekday that fixes the year (inferred).
    pub weekday: u64,
    /// Undated.
    pub none: u64,
}

impl ProvenanceCounts {
    fn add(&mut self, provenance: DateProvenance) {
        match provenance {
            DateProvenance::Metadata => self.metadata += 1,
            DateProvenance::Text => self.text += 1,
            DateProvenance::Weekday => self.weekday += 1,
            DateProvenance::None => self.none += 1,
        }
    }
}

/// Reads the statistics from the index's fast fields (one pass, no stored documents).
pub fn stats(store: &Store) -> Result<Stats> {
    let searcher = store.reader.searcher();
    let mut sources: HashMap<String, u64> = HashMap::new();
    let mut provenance = ProvenanceCounts::default();
    let mut articles = 0;
    let (mut first, mut last): (Option<i64>, Option<i64>) = (None, None);
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let ordinals = fast.u64("ordinal")?;
        let dates = fast.date("date")?;
        let source_column = fast.str("source")?;
        let provenance_column = fast.str("date_provenance")?;
        let terms = |column: &Option<tantivy::columnar::StrColumn>| -> Result<Vec<String>> {
            let mut names = Vec::new();
            if let Some(column) = column {
                let mut stream = column
                    .dictionary()
                    .stream()
                    .map_err(|err| Error::io(&store.dir, err))?;
                while stream.advance() {
                    names.push(String::from_utf8_lossy(stream.key()).into_owned());
                }
            }
            Ok(names)
        };
        let source_names = terms(&source_column)?;
        let provenance_names = terms(&provenance_column)?;
        for doc in segment.doc_ids_alive() {
            if ordinals.first(doc) != Some(0) {
                continue;
            }
            articles += 1;
            let name_of = |column: &Option<tantivy::columnar::StrColumn>, names: &[String]| {
                column
                    .as_ref()
                    .and_then(|column| column.term_ords(doc).next())
                    .and_then(|ord| names.get(ord as usize))
                    .cloned()
                    .unwrap_or_default()
            };
            *sources
                .entry(name_of(&source_column, &source_names))
                .or_insert(0) += 1;
            provenance.add(DateProvenance::from_name(&name_of(
                &provenance_column,
                &provenance_names,
            )));
            if let Some(date) = dates.first(doc) {
                let seconds = date.into_timestamp_secs();
                first = Some(first.map_or(seconds, |first| first.min(seconds)));
                last = Some(last.map_or(seconds, |last| last.max(seconds)));
            }
        }
    }
    let mut sources: Vec<SourceCount> = sources
        .into_iter()
        .map(|(source, articles)| SourceCount { source, articles })
        .collect();
    sources.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then_with(|| a.source.cmp(&b.source))
    });
    let day = |seconds: i64| {
        chrono::DateTime::from_timestamp(seconds, 0)
            .map(|date| crate::dates::format_day(date.date_naive()))
    };
    Ok(Stats {
        corpus: crate::corpus::display_path(
            &store.meta.corpus,
            store.meta.file.as_deref().unwrap_or_default(),
        ),
        articles,
        passages: searcher.num_docs(),
        sources,
        first_date: first.and_then(day),
        last_date: last.and_then(day),
        date_provenance: provenance,
    })
}
