//! The index schema: the one place the indexer and the searcher share field names, analyzers
//! and the index format version.

use std::cell::RefCell;

use tantivy::Index;
use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Field, INDEXED, IndexRecordOption, STORED, STRING,
    Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    TextAnalyzerBuilder, Tokenizer,
};

/// Version of the on-disk layout: bump it whenever the schema, the analyzers, the way
/// articles are parsed into passages or the signatures change, so that old indexes are
/// rebuilt, not misread. 5: signatures hashed in 32-bit lanes. 6: the headline and passage
/// text stored in fields of their own (`headline`, `body`), apart from the indexed words;
/// `ordinal` not indexed.
pub const FORMAT_VERSION: u32 = 6;

/// Analyzer for English prose: words, lowercased, folded to ASCII, stemmed. Queries are
/// analysed with it (`register_analyzers`); documents reach the index writer analysed already
/// (`register_for_analysed_documents`).
pub const ENGLISH: &str = "newsdex_en";
/// Analyzer for source names: the whole name, lowercased.
pub const SOURCE: &str = "newsdex_source";

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Article id (exact).
    pub id: Field,
    /// Corpus-relative path of the article's file (exact; used to replace a file's passages).
    pub path: Field,
    /// Headline and kicker, indexed (English analyzer), on every passage.
    pub title: Field,
    /// Headline, stored (absent for a derived title).
    pub headline: Field,
    /// Display title derived from the first sentence, for articles without a headline
    /// (stored only, so that `title:` queries match real headlines alone).
    pub derived_title: Field,
    /// Section kicker above the headline (stored only).
    pub kicker: Field,
    /// Outlet name (exact, case-insensitive; the fast column keeps it as written).
    pub source: Field,
    /// Publication date (absent for undated articles).
    pub date: Field,
    /// Where the date came from: metadata, text, weekday or none.
    pub date_provenance: Field,
    /// The article's URL (stored only).
    pub url: Field,
    /// The byline (stored only).
    pub author: Field,
    /// Passage number within its article, from 0.
    pub ordinal: Field,
    /// Byte offset of the passage in the article text.
    pub start: Field,
    /// Byte offset just past the passage in the article text.
    pub end: Field,
    /// Passage text, indexed (English analyzer, with positions for phrases).
    pub text: Field,
    /// Passage text, stored.
    pub body: Field,
    /// The whole article, headline and text (English analyzer, word counts only), on the
    /// article's first passage only: scores the article as a whole (see `query::plan`).
    pub article: Field,
    /// A hash of the article id, on every passage: joins a passage to its article's score.
    pub article_key: Field,
    /// The passage's near-duplicate signature (`signature::Signature`): its bytes as several
    /// little-endian u64 values of a fast field, in order.
    pub signature: Field,
    /// Size in bytes of the file the passage came from (to detect changes).
    pub file_size: Field,
    /// Modification time of the file, in nanoseconds since the epoch.
    pub file_mtime: Field,
    /// Content hash of the file.
    pub file_hash: Field,
    /// Hash of what else shaped the file's articles (manifest row, folder source).
    pub meta_hash: Field,
}

impl Fields {
    /// Names of the fields a query may name (`title:word`).
    pub const QUERYABLE: &'static [&'static str] = &["title", "text", "source"];

    /// Builds the schema and returns it with its field handles.
    pub fn schema() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        // Indexed only: a document gives these fields its words analysed already, and keeps
        // the text itself in a stored field of its own.
        let english = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ENGLISH)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let whole_article = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ENGLISH)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let source = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(SOURCE)
                    .set_index_option(IndexRecordOption::Basic),
            )
            .set_stored()
            .set_fast("raw");
        let date = DateOptions::from(INDEXED)
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds);
        let fields = Fields {
            id: builder.add_text_field("id", STRING | STORED | FAST),
            path: builder.add_text_field("path", STRING | STORED | FAST),
            title: builder.add_text_field("title", english.clone()),
            headline: builder.add_text_field("headline", STORED),
            derived_title: builder.add_text_field("derived_title", STORED),
            kicker: builder.add_text_field("kicker", STORED),
            source: builder.add_text_field("source", source),
            date: builder.add_date_field("date", date),
            date_provenance: builder.add_text_field("date_provenance", STRING | STORED | FAST),
            url: builder.add_text_field("url", STORED),
            author: builder.add_text_field("author", STORED),
            ordinal: builder.add_u64_field("ordinal", STORED | FAST),
            start: builder.add_u64_field("start", STORED),
            end: builder.add_u64_field("end", STORED),
            text: builder.add_text_field("text", english),
            body: builder.add_text_field("body", STORED),
            article: builder.add_text_field("article", whole_article),
            article_key: builder.add_u64_field("article_key", FAST),
            signature: builder.add_u64_field("signature", FAST),
            file_size: builder.add_u64_field("file_size", FAST),
            file_mtime: builder.add_i64_field("file_mtime", FAST),
            file_hash: builder.add_u64_field("file_hash", FAST),
            meta_hash: builder.add_u64_field("meta_hash", FAST),
        };
        (builder.build(), fields)
    }

    /// Looks up the field handles in an opened index's schema.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let field = |name: &str| schema.get_field(name);
        Ok(Fields {
            id: field("id")?,
            path: field("path")?,
            title: field("title")?,
            headline: field("headline")?,
            derived_title: field("derived_title")?,
            kicker: field("kicker")?,
            source: field("source")?,
            date: field("date")?,
            date_provenance: field("date_provenance")?,
            url: field("url")?,
            author: field("author")?,
            ordinal: field("ordinal")?,
            start: field("start")?,
            end: field("end")?,
            text: field("text")?,
            body: field("body")?,
            article: field("article")?,
            article_key: field("article_key")?,
            signature: field("signature")?,
            file_size: field("file_size")?,
            file_mtime: field("file_mtime")?,
            file_hash: field("file_hash")?,
            meta_hash: field("meta_hash")?,
        })
    }
}

/// Words of this many bytes or more are not indexed (nor highlighted).
pub const MAX_WORD_BYTES: usize = 40;

/// Words, lowercased and folded to ASCII: the English analyzer before stemming.
pub(crate) fn folding() -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
}

/// The English analyzer used for titles and passage text.
pub fn english_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(crate::english::EnglishTokenizer::default())
}

thread_local! {
    static ENGLISH_ANALYZER: RefCell<TextAnalyzer> = RefCell::new(english_analyzer());
    static FOLDING_ANALYZER: RefCell<TextAnalyzer> = RefCell::new(folding().build());
}

/// Runs `f` with this thread's analyzer of unstemmed words (see `folding`).
pub fn with_folding_analyzer<R>(f: impl FnOnce(&mut TextAnalyzer) -> R) -> R {
    FOLDING_ANALYZER.with(|shared| match shared.try_borrow_mut() {
        Ok(mut analyzer) => f(&mut analyzer),
        Err(_) => f(&mut folding().build()),
    })
}

/// Runs `f` with this thread's English analyzer, which remembers the stems it has computed
/// across calls (queries in a batch, hits of a search).
pub fn with_english_analyzer<R>(f: impl FnOnce(&mut TextAnalyzer) -> R) -> R {
    ENGLISH_ANALYZER.with(|shared| match shared.try_borrow_mut() {
        Ok(mut analyzer) => f(&mut analyzer),
        // Only if called from within `f`: use a fresh analyzer rather than fail.
        Err(_) => f(&mut english_analyzer()),
    })
}

/// The analyzer for source names: one token, lowercased.
pub fn source_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .build()
}

/// The key joining an article's passages to its article-level score.
pub fn article_key(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes())
}

/// Normalises a source name the way the source analyzer does, for exact filters.
pub fn normalize_source(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Registers newsdex's analyzers on an index; needed every time an index is opened.
pub fn register_analyzers(index: &Index) {
    index.tokenizers().register(ENGLISH, english_analyzer());
    index.tokenizers().register(SOURCE, source_analyzer());
}

/// Makes the writers of this opened index take the English fields of documents as words
/// analysed already (`english::analyse_into`), so that the writer's threads only post
/// them. Queries analysed through this index would not be stemmed: search opens its own.
pub fn register_for_analysed_documents(index: &Index) {
    index
        .tokenizers()
        .register(ENGLISH, TextAnalyzer::from(crate::english::Replay));
}
