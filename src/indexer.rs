//! Incremental indexing: corpus files → articles → passages → tantivy documents.
//!
//! The index itself is the record of what was indexed: every passage carries its file's
//! size, modification time and content hash, so the state used to detect changes is always
//! exactly what was last committed, and a run cut short leaves nothing to reconcile.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use tantivy::schema::Term;
use tantivy::{DateTime, IndexWriter, ReloadPolicy, TantivyDocument};

use crate::article::{self, Article};
use crate::corpus::{self, CorpusFile};
use crate::error::{Error, Result};
use crate::passage;
use crate::schema::Fields;
use crate::store::Store;

/// Memory budget of the tantivy writer, shared by its threads.
const WRITER_MEMORY: usize = 256 * 1024 * 1024;
/// Files read and parsed in parallel before their documents are handed to the writer.
const CHUNK_FILES: usize = 512;

/// What to index, and where.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// The corpus folder; `None` means the one the index remembers, else `corpus`.
    pub corpus: Option<PathBuf>,
    /// The index folder.
    pub index_dir: PathBuf,
    /// Start from an empty index.
    pub rebuild: bool,
    /// Show a progress bar on stderr (when it is a terminal).
    pub progress: bool,
}

/// A file that could not be indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// The file, as given on the command line joined with its corpus path.
    pub path: String,
    /// Why it was skipped.
    pub reason: String,
}

/// What an indexing run did.
#[derive(Debug, Clone, Default)]
pub struct IndexSummary {
    /// The corpus folder that was indexed.
    pub corpus: PathBuf,
    /// Articles in files that were not in the index before.
    pub added: usize,
    /// Articles in files whose content changed.
    pub updated: usize,
    /// Articles whose files were deleted or no longer hold an article.
    pub removed: usize,
    /// Articles in files that did not change.
    pub unchanged: usize,
    /// Articles in the index after the run.
    pub articles: usize,
    /// Passages in the index after the run.
    pub passages: u64,
    /// Files that could not be indexed.
    pub skipped: Vec<Skip>,
    /// Files passed over because of their extension.
    pub ignored: usize,
    /// Wall time of the run.
    pub elapsed: Duration,
}

/// What the index holds for one file.
#[derive(Debug, Clone, Copy)]
struct FileState {
    size: u64,
    mtime: i64,
    hash: u64,
    articles: usize,
}

/// The default corpus folder, relative to the current directory.
pub const DEFAULT_CORPUS: &str = "corpus";

/// Brings the index up to date with the corpus.
pub fn index(options: &IndexOptions, warn: &dyn Fn(&str)) -> Result<IndexSummary> {
    let started = Instant::now();
    let corpus = resolve_corpus(options)?;
    let walk = corpus::walk(&corpus, Some(&options.index_dir))?;
    let store = Store::open_for_update(&options.index_dir, &corpus, options.rebuild)?;
    let state = load_state(&store)?;
    let mut writer: IndexWriter = store.index.writer(WRITER_MEMORY).map_err(|err| match err {
        tantivy::TantivyError::LockFailure(..) => Error::Locked {
            dir: options.index_dir.clone(),
        },
        other => Error::Engine(other),
    })?;

    let mut summary = IndexSummary {
        corpus: corpus.clone(),
        ignored: walk.ignored,
        ..IndexSummary::default()
    };
    for (path, reason) in walk.problems {
        warn(&format!("{path}: {reason}"));
        summary.skipped.push(Skip { path, reason });
    }

    let mut to_read = Vec::new();
    let mut seen = HashMap::with_capacity(walk.files.len());
    for file in walk.files {
        match state.get(&file.rel) {
            Some(old) if old.size == file.size && old.mtime == file.mtime => {
                summary.unchanged += old.articles;
            }
            _ => to_read.push(file.clone()),
        }
        seen.insert(file.rel, ());
    }
    for (rel, old) in &state {
        if !seen.contains_key(rel) {
            writer.delete_term(Term::from_field_text(store.fields.path, rel));
            summary.removed += old.articles;
        }
    }

    let progress = progress_bar(options.progress, to_read.len());
    for chunk in to_read.chunks(CHUNK_FILES) {
        let parsed: Vec<(&CorpusFile, std::io::Result<Parsed>)> = chunk
            .par_iter()
            .map(|file| (file, read_and_parse(file)))
            .collect();
        for (file, result) in parsed {
            progress.inc(1);
            let old = state.get(&file.rel);
            let parsed = match result {
                Ok(parsed) => parsed,
                Err(err) => {
                    // Keep what the index has for a file that cannot be read right now.
                    let skip = skip(&corpus, file, format!("cannot read: {err}"));
                    progress.suspend(|| warn(&format!("{}: {}", skip.path, skip.reason)));
                    summary.skipped.push(skip);
                    summary.unchanged += old.map_or(0, |old| old.articles);
                    continue;
                }
            };
            if let Some(old) = old
                && old.hash == parsed.hash
            {
                // Touched but not changed. Its documents keep the old mtime, so the file is
                // hashed again next time; that costs a read, not a re-index.
                summary.unchanged += old.articles;
                continue;
            }
            if let Some(old) = old {
                writer.delete_term(Term::from_field_text(store.fields.path, &file.rel));
                if parsed.articles.is_empty() {
                    summary.removed += old.articles;
                } else {
                    summary.updated += parsed.articles.len();
                }
            } else {
                summary.added += parsed.articles.len();
            }
            if parsed.articles.is_empty() {
                let skip = skip(&corpus, file, "no article text".to_string());
                progress.suspend(|| warn(&format!("{}: {}", skip.path, skip.reason)));
                summary.skipped.push(skip);
                continue;
            }
            for doc in documents(&store.fields, file, &parsed) {
                writer.add_document(doc)?;
            }
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    progress.finish_and_clear();

    let reader = store
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    summary.passages = reader.searcher().num_docs();
    summary.articles = summary.added + summary.updated + summary.unchanged;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The corpus to index: the one given, else the one the index remembers, else `corpus`.
fn resolve_corpus(options: &IndexOptions) -> Result<PathBuf> {
    let given = match &options.corpus {
        Some(path) => path.clone(),
        None => crate::store::remembered_corpus(&options.index_dir)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_CORPUS)),
    };
    match given.canonicalize() {
        Ok(path) if path.is_dir() => Ok(path),
        Ok(_) => Err(Error::BadCorpus {
            dir: given,
            problem: "is not a folder",
        }),
        Err(_) => Err(Error::BadCorpus {
            dir: given,
            problem: "does not exist",
        }),
    }
}

fn skip(corpus: &Path, file: &CorpusFile, reason: String) -> Skip {
    Skip {
        path: crate::search::display_path(corpus, &file.rel),
        reason,
    }
}

/// A file read and parsed.
struct Parsed {
    hash: u64,
    articles: Vec<(Article, Vec<passage::Passage>)>,
}

fn read_and_parse(file: &CorpusFile) -> std::io::Result<Parsed> {
    let bytes = std::fs::read(&file.path)?;
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    let articles = article::parse(&file.rel, &bytes)
        .into_iter()
        .map(|article| {
            let passages = passage::split(&article.body);
            (article, passages)
        })
        .filter(|(_, passages)| !passages.is_empty())
        .collect();
    Ok(Parsed { hash, articles })
}

/// One document per passage, each carrying its article's metadata and its file's state.
fn documents<'a>(
    fields: &'a Fields,
    file: &'a CorpusFile,
    parsed: &'a Parsed,
) -> impl Iterator<Item = TantivyDocument> + 'a {
    parsed.articles.iter().flat_map(move |(article, passages)| {
        passages.iter().map(move |passage| {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.id, &article.id);
            doc.add_text(fields.path, &file.rel);
            if article.title_derived {
                doc.add_text(fields.derived_title, &article.title);
            } else {
                doc.add_text(fields.title, &article.title);
            }
            if let Some(kicker) = &article.kicker {
                doc.add_text(fields.kicker, kicker);
            }
            doc.add_text(fields.source, &article.source);
            if let Some(day) = article.date {
                let seconds = crate::dates::midnight(day).timestamp();
                doc.add_date(fields.date, DateTime::from_timestamp_secs(seconds));
            }
            doc.add_text(fields.date_provenance, article.date_provenance.as_str());
            doc.add_u64(fields.ordinal, passage.ordinal as u64);
            doc.add_u64(fields.start, passage.start as u64);
            doc.add_u64(fields.end, passage.end as u64);
            doc.add_text(fields.text, passage.text(&article.body));
            doc.add_u64(fields.file_size, file.size);
            doc.add_i64(fields.file_mtime, file.mtime);
            doc.add_u64(fields.file_hash, parsed.hash);
            doc
        })
    })
}

/// Reads, from the fast fields of the committed index, what it holds for each file.
fn load_state(store: &Store) -> Result<HashMap<String, FileState>> {
    let reader = store
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let mut state: HashMap<String, FileState> = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(paths) = fast.str("path")? else {
            continue;
        };
        let sizes = fast.u64("file_size")?;
        let mtimes = fast.i64("file_mtime")?;
        let hashes = fast.u64("file_hash")?;
        let ordinals = fast.u64("ordinal")?;
        // Decode the path dictionary once, in order, rather than one lookup per document.
        let mut names = Vec::with_capacity(paths.num_terms());
        let mut stream = paths
            .dictionary()
            .stream()
            .map_err(|err| Error::io(&store.dir, err))?;
        while stream.advance() {
            names.push(String::from_utf8_lossy(stream.key()).into_owned());
        }
        for doc in segment.doc_ids_alive() {
            let Some(name) = paths
                .term_ords(doc)
                .next()
                .and_then(|ord| names.get(ord as usize))
            else {
                continue;
            };
            let starts_article = usize::from(ordinals.first(doc) == Some(0));
            match state.get_mut(name.as_str()) {
                Some(file) => file.articles += starts_article,
                None => {
                    state.insert(
                        name.clone(),
                        FileState {
                            size: sizes.first(doc).unwrap_or(0),
                            mtime: mtimes.first(doc).unwrap_or(0),
                            hash: hashes.first(doc).unwrap_or(0),
                            articles: starts_article,
                        },
                    );
                }
            }
        }
    }
    Ok(state)
}

fn progress_bar(enabled: bool, files: usize) -> ProgressBar {
    if !enabled || files < 200 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} indexing {bar:30} {pos}/{len} files ({eta} left)")
    {
        bar.set_style(style);
    }
    bar
}
