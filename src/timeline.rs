//! Coverage over time: how many articles match a query per day, week or month, optionally
//! per source.
//!
//! Articles are counted, not passages: the matching passages are collected with their
//! article key, date and source from fast fields, and each article counts once. (tantivy's
//! date histogram counts documents, which here are passages; its cardinality aggregation is
//! approximate. An exact count of distinct articles is cheap enough done directly.)

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use chrono::{DateTime as ChronoDateTime, Datelike, Days, Months, NaiveDate};
use tantivy::collector::DocSetCollector;

use crate::error::{Error, Result};
use crate::query::{self, Filters, Syntax};
use crate::store::Store;

/// Most buckets a timeline may draw.
const MAX_BUCKETS: usize = 2000;

/// The length of a bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    /// One calendar day.
    Day,
    /// A week from Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
}

impl Interval {
    /// The interval that draws a span of `days` in a readable number of bars.
    pub fn for_span(days: i64) -> Interval {
        if days <= 45 {
            Interval::Day
        } else if days <= 200 {
            Interval::Week
        } else {
            Interval::Month
        }
    }

    /// The first day of the bucket holding `day`.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        match self {
            Interval::Day => day,
            Interval::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
            Interval::Month => day.with_day(1).unwrap_or(day),
        }
    }

    /// The first day of the next bucket after the one starting at `start`.
    fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Interval::Day => start.checked_add_days(Days::new(1)),
            Interval::Week => start.checked_add_days(Days::new(7)),
            Interval::Month => start.checked_add_months(Months::new(1)),
        }
    }

    /// How a bucket starting at `start` is named.
    fn label(self, start: NaiveDate) -> String {
        match self {
            Interval::Day | Interval::Week => crate::dates::format_day(start),
            Interval::Month => format!("{:04}-{:02}", start.year(), start.month()),
        }
    }

    /// The interval's name.
    pub fn name(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Week => "week",
            Interval::Month => "month",
        }
    }
}

/// A timeline to draw.
#[derive(Debug, Clone)]
pub struct TimelineRequest {
    /// The query text.
    pub query: String,
    /// How the query text is read.
    pub syntax: Syntax,
    /// Date and source filters (undated articles are always counted, apart).
    pub filters: Filters,
    /// Match words within one edit.
    pub fuzzy: bool,
    /// Bucket length; `None` chooses one from the span of the dates.
    pub by: Option<Interval>,
}

/// One bar of the timeline.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Bucket {
    /// The bucket's name: `YYYY-MM-DD` (day, or the Monday of a week) or `YYYY-MM`.
    pub label: String,
    /// First day of the bucket.
    pub start: String,
    /// Last day of the bucket.
    pub end: String,
    /// Matching articles dated in the bucket.
    pub count: usize,
    /// The same, per source (sources with none are left out).
    pub sources: BTreeMap<String, usize>,
}

/// Matching articles over time.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Timeline {
    /// The bucket length.
    pub by: Interval,
    /// Matching articles, dated or not.
    pub articles: usize,
    /// The buckets, oldest first, with empty ones between the first and the last.
    pub buckets: Vec<Bucket>,
    /// Matching articles without a date (never in a bucket).
    pub undated: usize,
    /// The same, per source.
    pub undated_sources: BTreeMap<String, usize>,
    /// Matching articles per source, over all buckets and undated.
    pub sources: BTreeMap<String, usize>,
    /// Time taken, in milliseconds.
    pub elapsed_ms: f64,
}

/// Counts the articles matching the request per bucket.
pub fn timeline(store: &Store, request: &TimelineRequest) -> Result<Timeline> {
    let started = Instant::now();
    let mut filters = request.filters.clone();
    // Undated articles are counted on their own line whatever the date filter.
    filters.include_undated = true;
    let plan = query::plan(
        store,
        &request.query,
        request.syntax,
        &filters,
        request.fuzzy,
        false,
    )?;
    let searcher = store.reader.searcher();
    let matches = searcher.search(plan.query.as_ref(), &DocSetCollector)?;

    // Each article once: its date and source, from the fast fields of any of its passages.
    let mut by_segment: HashMap<u32, Vec<u32>> = HashMap::new();
    for address in matches {
        by_segment
            .entry(address.segment_ord)
            .or_default()
            .push(address.doc_id);
    }
    let mut articles: HashMap<u64, (Option<NaiveDate>, String)> = HashMap::new();
    for (segment_ord, docs) in by_segment {
        let segment = searcher.segment_reader(segment_ord);
        let fast = segment.fast_fields();
        let keys = fast.u64("article_key")?;
        let dates = fast.date("date")?;
        let sources = fast.str("source")?;
        let mut source = String::new();
        for doc in docs {
            let Some(key) = keys.first(doc) else {
                continue;
            };
            if articles.contains_key(&key) {
                continue;
            }
            let date = dates
                .first(doc)
                .and_then(|date| ChronoDateTime::from_timestamp(date.into_timestamp_secs(), 0))
                .map(|date| date.date_naive());
            source.clear();
            if let Some(column) = &sources
                && let Some(ord) = column.term_ords(doc).next()
            {
                column
                    .ord_to_str(ord, &mut source)
                    .map_err(|err| Error::io(&store.dir, err))?;
            }
            articles.insert(key, (date, source.clone()));
        }
    }

    let dated: Vec<(NaiveDate, &str)> = articles
        .values()
        .filter_map(|(date, source)| date.map(|date| (date, source.as_str())))
        .collect();
    let first = dated.iter().map(|(date, _)| *date).min();
    let last = dated.iter().map(|(date, _)| *date).max();
    // The span drawn: from the first date found to the last (not the whole filter range,
    // which may be open-ended).
    let (from, to) = (first, last);
    let by = request.by.unwrap_or_else(|| match (from, to) {
        (Some(from), Some(to)) => Interval::for_span((to - from).num_days()),
        _ => Interval::Day,
    });

    let mut buckets: Vec<Bucket> = Vec::new();
    if let (Some(from), Some(to)) = (from, to) {
        let mut start = by.start_of(from);
        while start <= to {
            if buckets.len() == MAX_BUCKETS {
                return Err(Error::Config(format!(
                    "the matching articles span more than {MAX_BUCKETS} {}s: use a longer --by or narrow --since/--until",
                    by.name()
                )));
            }
            let Some(next) = by.next(start) else {
                break;
            };
            let end = next.pred_opt().unwrap_or(next);
            buckets.push(Bucket {
                label: by.label(start),
                start: crate::dates::format_day(start),
                end: crate::dates::format_day(end),
                count: 0,
                sources: BTreeMap::new(),
            });
            start = next;
        }
        let index: HashMap<String, usize> = buckets
            .iter()
            .enumerate()
            .map(|(at, bucket)| (bucket.start.clone(), at))
            .collect();
        for (date, source) in &dated {
            let key = crate::dates::format_day(by.start_of(*date));
            if let Some(&at) = index.get(&key) {
                buckets[at].count += 1;
                *buckets[at].sources.entry(source.to_string()).or_default() += 1;
            }
        }
    }

    let mut undated_sources = BTreeMap::new();
    let mut sources = BTreeMap::new();
    for (date, source) in articles.values() {
        *sources.entry(source.clone()).or_default() += 1;
        if date.is_none() {
            *undated_sources.entry(source.clone()).or_default() += 1;
        }
    }
    Ok(Timeline {
        by,
        articles: articles.len(),
        buckets,
        undated: articles.len() - dated.len(),
        undated_sources,
        sources,
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn buckets_start_on_the_first_day_of_their_interval() {
        // 2024-10-20 is a Sunday; its week starts on Monday 2024-10-14.
        assert_eq!(
            Interval::Week.start_of(day("2024-10-20")),
            day("2024-10-14")
        );
        assert_eq!(
            Interval::Week.start_of(day("2024-10-14")),
            day("2024-10-14")
        );
        assert_eq!(
            Interval::Month.start_of(day("2024-02-29")),
            day("2024-02-01")
        );
        assert_eq!(Interval::Day.start_of(day("2024-02-29")), day("2024-02-29"));
        assert_eq!(
            Interval::Month.next(day("2024-01-01")),
            Some(day("2024-02-01"))
        );
        assert_eq!(Interval::Month.label(day("1987-03-01")), "1987-03");
    }

    #[test]
    fn the_default_interval_follows_the_span() {
        assert_eq!(Interval::for_span(0), Interval::Day);
        assert_eq!(Interval::for_span(45), Interval::Day);
        assert_eq!(Interval::for_span(46), Interval::Week);
        assert_eq!(Interval::for_span(200), Interval::Week);
        assert_eq!(Interval::for_span(240), Interval::Month);
    }
}
