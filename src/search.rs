//! Runs a query against the index and returns plain records for the printers.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use chrono::DateTime as ChronoDateTime;
use serde::Serialize;
use std::sync::Arc;

use tantivy::collector::sort_key::NaturalComparator;
use tantivy::collector::{Collector, DocSetCollector, TopDocs, TopNComputer};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{Field, OwnedValue};
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader};

use crate::article::DateProvenance;
use crate::collapse;
use crate::error::Result;
use crate::feedback;
use crate::query::{self, Filters, Syntax};
use crate::signature::Signature;
use crate::store::Store;

/// A search to run.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query text, in newsdex's query syntax.
    pub query: String,
    /// Date and source filters.
    pub filters: Filters,
    /// Most hits to return.
    pub limit: usize,
    /// Match words within one edit.
    pub fuzzy: bool,
    /// Expand plain queries with words from the best-matching articles.
    pub feedback: bool,
    /// Neighbouring passages to show on each side of a hit.
    pub context: u64,
    /// Fold near-duplicate passages into the best-ranked one.
    pub collapse: bool,
    /// Most hits from one article.
    pub per_article: usize,
    /// The order of hits.
    pub sort: Sort,
    /// How the query text is read.
    pub syntax: Syntax,
}

/// One ranked passage.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The id of the query that found it, in batch mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Position in the results, from 1.
    pub rank: usize,
    /// BM25 score.
    pub score: f32,
    /// Article id.
    pub id: String,
    /// Path of the article's file, relative to the current directory when below it.
    pub path: String,
    /// Article headline, or a title derived from its first sentence.
    pub title: String,
    /// True when `title` was derived from the text.
    pub title_derived: bool,
    /// Section kicker above the headline, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kicker: Option<String>,
    /// Outlet.
    pub source: String,
    /// Publication date as `YYYY-MM-DD`, or null when undated.
    pub date: Option<String>,
    /// Where the date came from.
    pub date_provenance: DateProvenance,
    /// The article's URL, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The byline, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Passage number within the article, from 0.
    pub passage: u64,
    /// Byte offset of the passage in the article text.
    pub start: u64,
    /// Byte offset just past the passage in the article text.
    pub end: u64,
    /// Passage text.
    pub text: String,
    /// Byte ranges `[start, end)` of the matched words in `text`.
    pub highlights: Vec<(usize, usize)>,
    /// Passages just before this one in its article, in order: with `--context` only (then
    /// always present, empty at the article's start).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Vec<Neighbour>>,
    /// Passages just after this one in its article, in order: with `--context` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Vec<Neighbour>>,
    /// Near-duplicates of this passage in other places (syndicated copies), earliest first.
    pub copies: Vec<Copy>,
    /// Matching passages of this article neither shown as hits nor listed as copies (over
    /// `--per-article`, or beyond `--limit`); set on the article's first hit only.
    pub more_in_article: u64,
    /// Set when the article's file was modified or deleted since it was indexed: the passage
    /// may no longer be what the file says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_changed: Option<FileChange>,
    /// The file's path relative to the corpus folder (the index's key for it).
    #[serde(skip)]
    pub rel: String,
}

/// How a hit's file differs from the one indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileChange {
    /// Its modification time is not the one indexed.
    Modified,
    /// It is gone.
    Deleted,
}

/// Where else a hit's passage appears, nearly word for word.
#[derive(Debug, Clone, Serialize)]
pub struct Copy {
    /// Article id.
    pub id: String,
    /// Outlet.
    pub source: String,
    /// Publication date as `YYYY-MM-DD`, or null when undated.
    pub date: Option<String>,
    /// Path of the article's file.
    pub path: String,
    /// Passage number within that article.
    pub passage: u64,
}

/// The order of hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Latest date first (undated last), then best match.
    Newest,
    /// Earliest date first (undated last), then best match.
    Oldest,
}

/// A passage next to a hit, shown for context.
#[derive(Debug, Clone, Serialize)]
pub struct Neighbour {
    /// Passage number within the article, from 0.
    pub passage: u64,
    /// Passage text.
    pub text: String,
}

/// Totals for one search.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The id of the query, in batch mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Passages matching the query and filters.
    pub total_matches: usize,
    /// Hits returned.
    pub hits: usize,
    /// Matching passages left out only because their article is undated (null without a
    /// date filter, or with `--include-undated`).
    pub undated_left_out: Option<usize>,
    /// Time taken by the search, in milliseconds.
    pub elapsed_ms: f64,
}

/// Hits and totals of one search.
#[derive(Debug, Clone)]
pub struct SearchResults {
    /// Ranked hits, best first.
    pub hits: Vec<Hit>,
    /// Totals.
    pub summary: Summary,
}

/// How much an article's score as a whole adds to each of its passages' scores.
const ARTICLE_WEIGHT: f32 = 1.0;

/// Ranked passages fetched per hit asked for (at least `MIN_CANDIDATES`), to leave room for
/// copies and for passages over the per-article cap.
const CANDIDATES_PER_HIT: usize = 5;
const MIN_CANDIDATES: usize = 50;

/// How many of the best-matching articles lend their score to their passages, per hit
/// asked for (at least `MIN_ARTICLE_CANDIDATES`).
const ARTICLE_CANDIDATES_PER_HIT: usize = 10;
const MIN_ARTICLE_CANDIDATES: usize = 100;

/// Article keys are hashes already: use them as their own hash.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// The scores of the best-matching articles by article key, each with its slot (0, 1, …) in
/// the per-article match counts.
type ArticleScores = HashMap<u64, (Score, usize), std::hash::BuildHasherDefault<KeyHasher>>;

/// The scores of the articles that best match the query as a whole (the best
/// `ARTICLE_CANDIDATES_PER_HIT` × `limit`), by article key; with feedback for plain queries.
fn article_scores(
    searcher: &Searcher,
    store: &Store,
    columns: &Columns,
    plan: &query::Plan,
    limit: usize,
) -> Result<Arc<ArticleScores>> {
    let candidates = limit
        .saturating_mul(ARTICLE_CANDIDATES_PER_HIT)
        .max(MIN_ARTICLE_CANDIDATES);
    let candidates = TopDocs::with_limit(candidates).order_by_score();
    let mut best_articles = searcher.search(plan.article.as_ref(), &candidates)?;
    if let Some(expanded) = feedback::expand(searcher, store, plan, &best_articles)? {
        best_articles = searcher.search(expanded.as_ref(), &candidates)?;
    }
    let mut article_scores =
        ArticleScores::with_capacity_and_hasher(best_articles.len(), Default::default());
    for (score, address) in best_articles {
        if let Some(key) = columns.article_key(address) {
            // Best first, so the first score seen for an article is its best.
            let slot = article_scores.len();
            article_scores.entry(key).or_insert((score, slot));
        }
    }
    Ok(Arc::new(article_scores))
}

/// Ranks the passages matching a query in one pass over the matches: the `limit` best in
/// `sort` order, each scoring its own match plus `ARTICLE_WEIGHT` times its article's score
/// (from `articles`, if it has one); with the number of matches and the matches of each
/// article in `articles` (other articles are not counted).
struct Ranking {
    columns: Arc<Columns>,
    articles: Arc<ArticleScores>,
    limit: usize,
    sort: Sort,
}

/// A passage's place in a ranking: its date order (`i64::MIN` when sorting by relevance, or
/// undated), then its score.
type SortKey = (i64, Score);

/// What a `Ranking` finds.
struct Ranked {
    /// The best passages, best first.
    top: Vec<(SortKey, DocAddress)>,
    /// Passages matching.
    total: usize,
    /// Matching passages per article slot of `Ranking::articles`.
    per_article: Vec<u64>,
}

/// Matching passages by article key.
type MatchCounts = HashMap<u64, u64, std::hash::BuildHasherDefault<KeyHasher>>;

impl Ranking {
    /// Matching passages of each article in `articles`, by article key.
    fn per_article(&self, counts: &[u64]) -> MatchCounts {
        self.articles
            .iter()
            .map(|(&key, &(_, slot))| (key, counts.get(slot).copied().unwrap_or(0)))
            .collect()
    }
}

impl Collector for Ranking {
    type Fruit = Ranked;
    type Child = SegmentRanking;

    fn for_segment(
        &self,
        segment_ord: u32,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentRanking> {
        Ok(SegmentRanking {
            segment_ord,
            keys: self.columns.keys(segment_ord as usize).cloned(),
            dates: match self.sort {
                Sort::Relevance => None,
                Sort::Newest | Sort::Oldest => segment.fast_fields().date("date").ok(),
            },
            articles: Arc::clone(&self.articles),
            sort: self.sort,
            top: TopNComputer::new_with_comparator(self.limit, NaturalComparator),
            total: 0,
            per_article: vec![0; self.articles.len()],
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Ranked>) -> tantivy::Result<Ranked> {
        let mut top = TopNComputer::new_with_comparator(self.limit, NaturalComparator);
        let mut total = 0;
        let mut per_article = vec![0; self.articles.len()];
        for fruit in fruits {
            for (key, address) in fruit.top {
                top.push(key, address);
            }
            total += fruit.total;
            for (sum, count) in per_article.iter_mut().zip(fruit.per_article) {
                *sum += count;
            }
        }
        Ok(Ranked {
            top: top
                .into_sorted_vec()
                .into_iter()
                .map(|ranked| (ranked.sort_key, ranked.doc))
                .collect(),
            total,
            per_article,
        })
    }
}

/// A `Ranking` of one segment's matches.
struct SegmentRanking {
    segment_ord: u32,
    keys: Option<Column<u64>>,
    dates: Option<Column<tantivy::DateTime>>,
    articles: Arc<ArticleScores>,
    sort: Sort,
    top: TopNComputer<SortKey, DocId, NaturalComparator>,
    total: usize,
    per_article: Vec<u64>,
}

impl tantivy::collector::SegmentCollector for SegmentRanking {
    type Fruit = Ranked;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.total += 1;
        let article = self
            .keys
            .as_ref()
            .and_then(|keys| keys.first(doc))
            .and_then(|key| self.articles.get(&key));
        let article_score = match article {
            Some(&(article_score, slot)) => {
                if let Some(count) = self.per_article.get_mut(slot) {
                    *count += 1;
                }
                article_score
            }
            None => 0.0,
        };
        let date = self
            .dates
            .as_ref()
            .and_then(|dates| dates.first(doc))
            .map(|date| date.into_timestamp_secs());
        // Undated passages come last in either date order.
        let order = match (self.sort, date) {
            (Sort::Relevance, _) | (_, None) => i64::MIN,
            (Sort::Newest, Some(seconds)) => seconds,
            (Sort::Oldest, Some(seconds)) => -seconds,
        };
        self.top
            .push((order, score + ARTICLE_WEIGHT * article_score), doc);
    }

    fn harvest(self) -> Ranked {
        let segment_ord = self.segment_ord;
        Ranked {
            top: self
                .top
                .into_vec()
                .into_iter()
                .map(|ranked| (ranked.sort_key, DocAddress::new(segment_ord, ranked.doc)))
                .collect(),
            total: self.total,
            per_article: self.per_article,
        }
    }
}

/// The fast-field columns a search reads, opened once per search for every segment (opening
/// a column by name costs more than reading a few values from it).
struct Columns {
    /// Article keys and signatures, by segment ordinal.
    by_segment: Vec<SegmentColumns>,
}

/// One segment's article-key and signature columns.
type SegmentColumns = (
    Option<Column<u64>>,
    Option<Column<u64>>,
    Option<Column<i64>>,
);

impl Columns {
    fn of(searcher: &Searcher) -> Arc<Columns> {
        Arc::new(Columns {
            by_segment: searcher
                .segment_readers()
                .iter()
                .map(|segment| {
                    let fast = segment.fast_fields();
                    (
                        fast.u64("article_key").ok(),
                        fast.u64("signature").ok(),
                        fast.i64("file_mtime").ok(),
                    )
                })
                .collect(),
        })
    }

    /// The modification time (nanoseconds) the passage's file had when it was indexed.
    fn file_mtime(&self, address: DocAddress) -> Option<i64> {
        self.by_segment
            .get(address.segment_ord as usize)?
            .2
            .as_ref()?
            .first(address.doc_id)
    }

    /// The article key of a passage.
    fn article_key(&self, address: DocAddress) -> Option<u64> {
        self.keys(address.segment_ord as usize)?
            .first(address.doc_id)
    }

    fn keys(&self, segment_ord: usize) -> Option<&Column<u64>> {
        self.by_segment.get(segment_ord)?.0.as_ref()
    }

    /// The near-duplicate signature of a passage.
    fn signature(&self, address: DocAddress) -> Option<Signature> {
        let column = self
            .by_segment
            .get(address.segment_ord as usize)?
            .1
            .as_ref()?;
        Signature::from_words(column.values_for_doc(address.doc_id))
    }
}

fn plan(store: &Store, request: &SearchRequest) -> Result<query::Plan> {
    query::plan(
        store,
        &request.query,
        request.syntax,
        &request.filters,
        request.fuzzy,
        request.feedback,
    )
}

/// Runs a search.
pub fn search(store: &Store, request: &SearchRequest) -> Result<SearchResults> {
    let started = Instant::now();
    let plan = plan(store, request)?;
    let searcher = store.reader.searcher();
    let limit = request.limit.max(1);
    let rules = collapse::Rules {
        limit,
        per_article: request.per_article.max(1),
        collapse: request.collapse,
    };
    // Ranked passages are fetched in a window wider than the hits asked for, since copies and
    // passages over the per-article cap do not count; the window grows until it holds `limit`
    // hits or every match.
    let columns = Columns::of(&searcher);
    let articles = article_scores(&searcher, store, &columns, &plan, limit)?;
    let mut window = limit.saturating_mul(CANDIDATES_PER_HIT).max(MIN_CANDIDATES);
    let (groups, total_matches, matches_per_article) = loop {
        let ranking = Ranking {
            columns: Arc::clone(&columns),
            articles: Arc::clone(&articles),
            limit: window,
            sort: request.sort,
        };
        let ranked = searcher.search(plan.query.as_ref(), &ranking)?;
        let exhausted = ranked.top.len() < window;
        let candidates = candidates(&columns, ranked.top);
        let groups = collapse::select(candidates, rules);
        if groups.len() == limit || exhausted {
            break (
                groups,
                ranked.total,
                ranking.per_article(&ranked.per_article),
            );
        }
        window = window.saturating_mul(4);
    };
    let undated_left_out = match &plan.undated_left_out {
        Some(query) => Some(searcher.search(query.as_ref(), &tantivy::collector::Count)?),
        None => None,
    };

    let mut hits = Vec::with_capacity(groups.len());
    // Files already checked for changes: hits often share one (a JSON Lines file).
    let mut checked: Vec<(String, Option<FileChange>)> = Vec::new();
    for (rank, group) in groups.into_iter().enumerate() {
        let mut hit = passage_record(store, searcher.doc(group.lead.address)?);
        hit.rank = rank + 1;
        hit.score = group.lead.score;
        hit.file_changed = match checked.iter().find(|(rel, _)| *rel == hit.rel) {
            Some((_, change)) => *change,
            None => {
                let change = file_change(store, &columns, group.lead.address, &hit.rel);
                checked.push((hit.rel.clone(), change));
                change
            }
        };
        hit.highlights = plan.highlighter.ranges(&hit.text);
        for copy in group.copies {
            let passage = passage_record(store, searcher.doc(copy.address)?);
            hit.copies.push(Copy {
                id: passage.id,
                source: passage.source,
                date: passage.date,
                path: passage.path,
                passage: passage.passage,
            });
        }
        // Earliest first (the likely original), undated last.
        hit.copies.sort_by(|a, b| {
            (a.date.is_none(), &a.date, &a.path).cmp(&(b.date.is_none(), &b.date, &b.path))
        });
        if request.context > 0 {
            add_context(store, &searcher, &mut hit, request.context)?;
        }
        hits.push(hit);
    }
    count_more_in_articles(
        &searcher,
        store,
        &columns,
        &plan,
        matches_per_article,
        &mut hits,
    )?;
    let summary = Summary {
        query: None,
        total_matches,
        hits: hits.len(),
        undated_left_out,
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
    };
    Ok(SearchResults { hits, summary })
}

/// Whether the file of the passage at `address` was modified or deleted since it was indexed:
/// one `stat` per hit shown, against the modification time the index holds.
fn file_change(
    store: &Store,
    columns: &Columns,
    address: DocAddress,
    rel: &str,
) -> Option<FileChange> {
    let indexed = columns.file_mtime(address)?;
    match std::fs::metadata(store.meta.corpus.join(rel)) {
        Ok(meta) if crate::corpus::mtime_nanos(&meta) != indexed => Some(FileChange::Modified),
        Ok(_) => None,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Some(FileChange::Deleted),
        Err(_) => None,
    }
}

/// Ranked passages with their article key and signature, from fast fields.
fn candidates(columns: &Columns, top: Vec<((i64, Score), DocAddress)>) -> Vec<collapse::Candidate> {
    top.into_iter()
        .map(|((_, score), address)| collapse::Candidate {
            score,
            address,
            article: columns.article_key(address).unwrap_or(0),
            signature: columns.signature(address),
        })
        .collect()
}

/// Adds the `context` passages before and after the hit in its article.
fn add_context(store: &Store, searcher: &Searcher, hit: &mut Hit, context: u64) -> Result<()> {
    let neighbours = article_passages(store, searcher, &hit.id)?;
    let before = hit.before.get_or_insert_with(Vec::new);
    let after = hit.after.get_or_insert_with(Vec::new);
    for passage in neighbours {
        if passage.passage.abs_diff(hit.passage) > context {
            continue;
        }
        let neighbour = Neighbour {
            passage: passage.passage,
            text: passage.text,
        };
        match passage.passage.cmp(&hit.passage) {
            std::cmp::Ordering::Less => before.push(neighbour),
            std::cmp::Ordering::Greater => after.push(neighbour),
            std::cmp::Ordering::Equal => {}
        }
    }
    Ok(())
}

/// Sets, on each article's first hit, how many more of its passages match than are shown.
/// `counted` holds the matches of some articles already; the others are counted here.
fn count_more_in_articles(
    searcher: &Searcher,
    store: &Store,
    columns: &Columns,
    plan: &query::Plan,
    mut counted: MatchCounts,
    hits: &mut [Hit],
) -> Result<()> {
    // Passages shown as hits or listed as copies.
    let mut shown: HashMap<String, u64> = HashMap::new();
    for hit in hits.iter() {
        *shown.entry(hit.id.clone()).or_default() += 1;
        for copy in &hit.copies {
            *shown.entry(copy.id.clone()).or_default() += 1;
        }
    }
    // One pass over the matches of the hits' articles not counted yet, counted by article.
    let uncounted: HashSet<&str> = hits
        .iter()
        .map(|hit| hit.id.as_str())
        .filter(|id| !counted.contains_key(&crate::schema::article_key(id)))
        .collect();
    if !uncounted.is_empty() {
        let ids: Vec<(Occur, Box<dyn Query>)> = uncounted
            .into_iter()
            .map(|id| {
                let term: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(store.fields.id, id),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, term)
            })
            .collect();
        let in_articles = BooleanQuery::new(vec![
            (Occur::Must, plan.query.box_clone()),
            (
                Occur::Must,
                Box::new(BooleanQuery::new(ids)) as Box<dyn Query>,
            ),
        ]);
        for address in searcher.search(&in_articles, &DocSetCollector)? {
            if let Some(key) = columns.article_key(address) {
                *counted.entry(key).or_default() += 1;
            }
        }
    }
    let mut done: HashSet<String> = HashSet::new();
    for hit in hits.iter_mut() {
        if !done.insert(hit.id.clone()) {
            continue;
        }
        let matching = counted
            .get(&crate::schema::article_key(&hit.id))
            .copied()
            .unwrap_or(0);
        hit.more_in_article = matching.saturating_sub(shown.get(&hit.id).copied().unwrap_or(0));
    }
    Ok(())
}

/// A stored passage's values, owned as they come out of the doc store (a `TantivyDocument`
/// would hold them in an arena, to be copied out again).
pub struct StoredPassage(Vec<(Field, OwnedValue)>);

impl DocumentDeserialize for StoredPassage {
    fn deserialize<'de, D>(mut deserializer: D) -> std::result::Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let mut values = Vec::with_capacity(deserializer.size_hint());
        while let Some(entry) = deserializer.next_field::<OwnedValue>()? {
            values.push(entry);
        }
        Ok(StoredPassage(values))
    }
}

/// A passage record from a stored document, unranked and without highlights. Where a field
/// holds several values (the headline, then the kicker), the first is kept.
fn passage_record(store: &Store, stored: StoredPassage) -> Hit {
    let fields = &store.fields;
    let mut hit = Hit {
        query: None,
        rank: 0,
        score: 0.0,
        id: String::new(),
        path: String::new(),
        title: String::new(),
        title_derived: false,
        kicker: None,
        source: String::new(),
        date: None,
        date_provenance: DateProvenance::None,
        url: None,
        author: None,
        passage: 0,
        start: 0,
        end: 0,
        text: String::new(),
        highlights: Vec::new(),
        before: None,
        after: None,
        copies: Vec::new(),
        more_in_article: 0,
        file_changed: None,
        rel: String::new(),
    };
    let (mut title, mut derived_title, mut rel, mut provenance) = (None, None, None, None);
    let (mut id, mut source, mut text) = (None, None, None);
    let (mut ordinal, mut start, mut end) = (None, None, None);
    for (field, value) in stored.0 {
        let first = |slot: &mut Option<String>, value: OwnedValue| {
            if let (None, OwnedValue::Str(text)) = (&slot, value) {
                *slot = Some(text);
            }
        };
        let number = |slot: &mut Option<u64>, value: &OwnedValue| {
            if let (None, OwnedValue::U64(number)) = (&slot, value) {
                *slot = Some(*number);
            }
        };
        match field {
            f if f == fields.id => first(&mut id, value),
            f if f == fields.path => first(&mut rel, value),
            f if f == fields.headline => first(&mut title, value),
            f if f == fields.derived_title => first(&mut derived_title, value),
            f if f == fields.kicker => first(&mut hit.kicker, value),
            f if f == fields.source => first(&mut source, value),
            f if f == fields.date_provenance => first(&mut provenance, value),
            f if f == fields.url => first(&mut hit.url, value),
            f if f == fields.author => first(&mut hit.author, value),
            f if f == fields.body => first(&mut text, value),
            f if f == fields.ordinal => number(&mut ordinal, &value),
            f if f == fields.start => number(&mut start, &value),
            f if f == fields.end => number(&mut end, &value),
            f if f == fields.date && hit.date.is_none() => {
                if let OwnedValue::Date(date) = value {
                    hit.date = ChronoDateTime::from_timestamp(date.into_timestamp_secs(), 0)
                        .map(|date| crate::dates::format_day(date.date_naive()));
                }
            }
            _ => {}
        }
    }
    (hit.title, hit.title_derived) = match title {
        Some(title) => (title, false),
        None => (derived_title.unwrap_or_default(), true),
    };
    hit.id = id.unwrap_or_default();
    hit.rel = rel.unwrap_or_default();
    hit.path = crate::corpus::display_path(&store.meta.corpus, &hit.rel);
    hit.source = source.unwrap_or_default();
    hit.date_provenance = DateProvenance::from_name(&provenance.unwrap_or_default());
    hit.text = text.unwrap_or_default();
    hit.passage = ordinal.unwrap_or(0);
    hit.start = start.unwrap_or(0);
    hit.end = end.unwrap_or(0);
    hit
}

/// Every passage of the article with this id, in order.
pub fn article_passages(store: &Store, searcher: &Searcher, id: &str) -> Result<Vec<Hit>> {
    passages_where(store, searcher, store.fields.id, id)
}

/// Every passage whose exact-match `field` is `value`, in article and passage order.
pub fn passages_where(
    store: &Store,
    searcher: &Searcher,
    field: tantivy::schema::Field,
    value: &str,
) -> Result<Vec<Hit>> {
    let query = TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    );
    let mut passages = Vec::new();
    for address in searcher.search(&query, &DocSetCollector)? {
        passages.push(passage_record(store, searcher.doc(address)?));
    }
    passages.sort_by(|a, b| a.id.cmp(&b.id).then(a.passage.cmp(&b.passage)));
    Ok(passages)
}

/// One article in an article ranking: scored by its best passage.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArticleHit {
    /// Position in the ranking, from 1.
    pub rank: usize,
    /// The score of the article's best passage.
    pub score: f32,
    /// Article id.
    pub id: String,
}

/// Ranks articles rather than passages: each article scores as its best passage. Returns at
/// most `request.limit` articles.
pub fn search_articles(store: &Store, request: &SearchRequest) -> Result<Vec<ArticleHit>> {
    let plan = plan(store, request)?;
    let searcher = store.reader.searcher();
    let limit = request.limit.max(1);
    // Fetch passages until `limit` distinct articles are among them, or there are no more.
    let mut wanted = limit.saturating_mul(4);
    let columns = Columns::of(&searcher);
    let articles = article_scores(&searcher, store, &columns, &plan, wanted)?;
    loop {
        let ranking = Ranking {
            columns: Arc::clone(&columns),
            articles: Arc::clone(&articles),
            limit: wanted,
            sort: Sort::Relevance,
        };
        let top = searcher.search(plan.query.as_ref(), &ranking)?.top;
        let exhausted = top.len() < wanted;
        let mut ids_by_segment: HashMap<u32, Option<tantivy::columnar::StrColumn>> = HashMap::new();
        let mut articles: Vec<ArticleHit> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        for ((_, score), address) in top {
            let column = match ids_by_segment.entry(address.segment_ord) {
                std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
                std::collections::hash_map::Entry::Vacant(entry) => {
                    let segment = searcher.segment_reader(address.segment_ord);
                    entry.insert(segment.fast_fields().str("id")?)
                }
            };
            let Some(column) = column else {
                continue;
            };
            let Some(ord) = column.term_ords(address.doc_id).next() else {
                continue;
            };
            let mut id = String::new();
            column
                .ord_to_str(ord, &mut id)
                .map_err(|err| crate::error::Error::io(&store.dir, err))?;
            // Passages come best first, so an article's first passage is its best.
            if seen.insert(id.clone()) {
                articles.push(ArticleHit {
                    rank: articles.len() + 1,
                    score,
                    id,
                });
                if articles.len() == limit {
                    return Ok(articles);
                }
            }
        }
        if exhausted {
            return Ok(articles);
        }
        wanted = wanted.saturating_mul(4);
    }
}
