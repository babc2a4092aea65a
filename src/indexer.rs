//! Incremental indexing: corpus files → articles → passages → tantivy documents.
//!
//! The index itself is the record of what was indexed: every passage carries its file's
//! size, modification time, content hash and metadata hash, so the state used to detect
//! changes is always exactly what was last committed, and a run cut short leaves nothing to
//! reconcile.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use tantivy::schema::Term;
use tantivy::{DateTime, IndexWriter, TantivyDocument};

use crate::article::{self, Article, Notice, Overrides, ParseContext, ParsedFile};
use crate::corpus::display_path;
use crate::corpus::{self, CorpusFile};
use crate::error::{Error, Result};
use crate::manifest::{self, Manifest};
use crate::passage::{self, Passage};
use crate::schema::Fields;
use crate::skip::{Skip, SkipKind};
use crate::store::{self, Store};

/// Memory budget of the tantivy writer, shared by its threads.
const WRITER_MEMORY: usize = 128 * 1024 * 1024;
/// Files read and parsed in parallel before their documents are handed to the writer: at most
/// this many files, and at most `CHUNK_BYTES` of them (a single larger file goes alone), so
/// that memory does not grow with the corpus.
const CHUNK_FILES: usize = 512;
const CHUNK_BYTES: u64 = 16 * 1024 * 1024;
/// Articles whose documents are built at once, in parallel.
const DOCUMENT_BLOCK: usize = 1024;
/// The default `--max-file-size`: larger files are skipped without being read.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;
/// The default corpus folder, relative to the current directory.
pub const DEFAULT_CORPUS: &str = "corpus";

/// What to index, and where.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// The corpus folder; `None` means the one the index remembers, else `corpus`.
    pub corpus: Option<PathBuf>,
    /// The index folder.
    pub index_dir: PathBuf,
    /// Start from an empty index.
    pub rebuild: bool,
    /// Take sources from the first folder below the corpus root; `None` keeps the setting
    /// the index was built with.
    pub source_from_folder: Option<bool>,
    /// Files larger than this many bytes are skipped.
    pub max_file_size: u64,
    /// Today's date, to infer a year from a weekday.
    pub today: NaiveDate,
    /// Show a progress bar on stderr (when it is a terminal).
    pub progress: bool,
}

/// What an indexing run did.
#[derive(Debug, Clone, Default)]
pub struct IndexSummary {
    /// The corpus folder that was indexed.
    pub corpus: PathBuf,
    /// Articles in files that were not in the index before.
    pub added: usize,
    /// Articles in files whose content or metadata changed.
    pub updated: usize,
    /// Articles whose files were deleted or no longer hold an article.
    pub removed: usize,
    /// Articles in files that did not change.
    pub unchanged: usize,
    /// Articles in the index after the run.
    pub articles: usize,
    /// Passages in the index after the run.
    pub passages: u64,
    /// Files and records that were not indexed.
    pub skipped: Vec<Skip>,
    /// Warnings that did not stop a file from being indexed (dates that cannot be parsed).
    pub warnings: usize,
    /// Files decoded from a legacy (non-Unicode) encoding.
    pub legacy_decoded: usize,
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
    meta_hash: u64,
    articles: usize,
}

/// A file to read, with what else shapes its articles.
struct Job<'a> {
    file: CorpusFile,
    overrides: Option<&'a Overrides>,
    folder_source: Option<String>,
    meta_hash: u64,
}

/// What reading one file gave.
enum Outcome {
    /// The file could not be taken at all.
    Skipped(Skip),
    /// The file was read and parsed.
    Parsed {
        hash: u64,
        parsed: ParsedFile,
        passages: Vec<Vec<Passage>>,
    },
}

/// Brings the index up to date with the corpus. `warn` receives one line per problem.
pub fn index(options: &IndexOptions, warn: &dyn Fn(&str)) -> Result<IndexSummary> {
    let started = Instant::now();
    let remembered = store::remembered(&options.index_dir);
    let corpus = resolve_corpus(options.corpus.as_deref(), remembered.as_ref())?;
    let source_from_folder = options
        .source_from_folder
        .or(remembered.as_ref().map(|(_, folder)| *folder))
        .unwrap_or(false);
    if let Some((before, _)) = &remembered
        && before != &corpus
    {
        warn(&format!(
            "the index was built from {}; it now follows {}, and the articles of the former are removed",
            before.display(),
            corpus.display()
        ));
    }
    let walk = corpus::walk(&corpus, Some(&options.index_dir))?;
    let shown_root = display_path(&corpus, "");
    let manifest = manifest::load(&corpus, &shown_root);
    let store = Store::open_for_update(
        &options.index_dir,
        &corpus,
        source_from_folder,
        options.rebuild,
    )?;
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
    let skip = |summary: &mut IndexSummary, skip: Skip, progress: &ProgressBar| {
        progress.suspend(|| warn(&skip.to_string()));
        summary.skipped.push(skip);
    };
    let hidden = ProgressBar::hidden();
    for problem in walk.skips.into_iter().chain(manifest.skips.iter().cloned()) {
        skip(&mut summary, problem, &hidden);
    }
    warn_unlisted(&manifest, &walk.files, &shown_root, &mut summary, warn);

    let mut jobs = Vec::new();
    let mut seen = HashSet::with_capacity(walk.files.len());
    for file in walk.files {
        let overrides = manifest.entries.get(&file.rel);
        let folder_source = source_from_folder
            .then(|| {
                file.rel
                    .split_once('/')
                    .map(|(folder, _)| folder.to_string())
            })
            .flatten();
        let meta_hash = meta_hash(overrides, folder_source.as_deref());
        seen.insert(file.rel.clone());
        match state.get(&file.rel) {
            Some(old)
                if old.size == file.size
                    && old.mtime == file.mtime
                    && old.meta_hash == meta_hash =>
            {
                summary.unchanged += old.articles;
            }
            _ => jobs.push(Job {
                file,
                overrides,
                folder_source,
                meta_hash,
            }),
        }
    }
    for (rel, old) in &state {
        if !seen.contains(rel) {
            writer.delete_term(Term::from_field_text(store.fields.path, rel));
            summary.removed += old.articles;
        }
    }

    let progress = progress_bar(options.progress, jobs.len());
    for chunk in chunks(&jobs) {
        let outcomes: Vec<Outcome> = chunk
            .par_iter()
            .map(|job| read_and_parse(job, &corpus, options))
            .collect();
        for (job, outcome) in chunk.iter().zip(outcomes) {
            progress.inc(1);
            let file = &job.file;
            let old = state.get(&file.rel);
            let (hash, parsed, passages) = match outcome {
                Outcome::Skipped(problem) => {
                    if problem.kind == SkipKind::Unreadable {
                        // Keep what the index has for a file that cannot be read right now.
                        summary.unchanged += old.map_or(0, |old| old.articles);
                    } else if let Some(old) = old {
                        writer.delete_term(Term::from_field_text(store.fields.path, &file.rel));
                        summary.removed += old.articles;
                    }
                    skip(&mut summary, problem, &progress);
                    continue;
                }
                Outcome::Parsed {
                    hash,
                    parsed,
                    passages,
                } => (hash, parsed, passages),
            };
            for notice in parsed.notices {
                match notice {
                    Notice::Skipped(problem) => skip(&mut summary, problem, &progress),
                    Notice::Warning(warning) => {
                        progress.suspend(|| warn(&warning));
                        summary.warnings += 1;
                    }
                }
            }
            // A file touched but not changed is written again with its new modification time
            // (so that it is not read on every run) but counts as unchanged.
            let touched_only =
                old.is_some_and(|old| old.hash == hash && old.meta_hash == job.meta_hash);
            let articles = parsed.articles.len();
            match old {
                Some(old) => {
                    writer.delete_term(Term::from_field_text(store.fields.path, &file.rel));
                    if touched_only {
                        summary.unchanged += articles;
                    } else {
                        summary.updated += articles.min(old.articles);
                        summary.added += articles.saturating_sub(old.articles);
                        summary.removed += old.articles.saturating_sub(articles);
                    }
                }
                None => summary.added += articles,
            }
            if !touched_only {
                summary.legacy_decoded += usize::from(parsed.legacy_encoding.is_some());
            }
            let state = FileState {
                size: file.size,
                mtime: file.mtime,
                hash,
                meta_hash: job.meta_hash,
                articles,
            };
            // Documents are built on all cores, a block of articles at a time (a JSON Lines
            // file may hold many thousands).
            let articles: Vec<(&Article, &Vec<Passage>)> =
                parsed.articles.iter().zip(&passages).collect();
            for block in articles.chunks(DOCUMENT_BLOCK) {
                let documents: Vec<Vec<TantivyDocument>> = block
                    .par_iter()
                    .map(|(article, passages)| {
                        passages
                            .iter()
                            .map(|passage| {
                                document(&store.fields, &file.rel, &state, article, passage)
                            })
                            .collect()
                    })
                    .collect();
                for document in documents.into_iter().flatten() {
                    writer.add_document(document)?;
                }
            }
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    progress.finish_and_clear();

    store.reader.reload()?;
    summary.passages = store.reader.searcher().num_docs();
    summary.articles = summary.added + summary.updated + summary.unchanged;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Splits the jobs into chunks of at most `CHUNK_FILES` files and `CHUNK_BYTES` bytes.
fn chunks<'a, 'b>(jobs: &'a [Job<'b>]) -> Vec<&'a [Job<'b>]> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut bytes = 0u64;
    for (end, job) in jobs.iter().enumerate() {
        let full = end - start == CHUNK_FILES || bytes + job.file.size > CHUNK_BYTES;
        if full && end > start {
            chunks.push(&jobs[start..end]);
            start = end;
            bytes = 0;
        }
        bytes += job.file.size;
    }
    if start < jobs.len() {
        chunks.push(&jobs[start..]);
    }
    chunks
}

/// The corpus to index: the one given, else the one the index remembers, else `corpus`.
fn resolve_corpus(given: Option<&Path>, remembered: Option<&(PathBuf, bool)>) -> Result<PathBuf> {
    let given = given
        .map(Path::to_path_buf)
        .or_else(|| remembered.map(|(corpus, _)| corpus.clone()))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CORPUS));
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

/// Warns about manifest rows naming files that are not in the corpus.
fn warn_unlisted(
    manifest: &Manifest,
    files: &[CorpusFile],
    shown_root: &str,
    summary: &mut IndexSummary,
    warn: &dyn Fn(&str),
) {
    let Some(name) = manifest.name else {
        return;
    };
    let present: HashSet<&str> = files.iter().map(|file| file.rel.as_str()).collect();
    let mut missing: Vec<&String> = manifest
        .entries
        .keys()
        .filter(|path| !present.contains(path.as_str()))
        .collect();
    missing.sort();
    for path in missing {
        warn(&format!(
            "{}/{name}: lists {path}, which is not an article file in the corpus",
            shown_root.trim_end_matches('/')
        ));
        summary.warnings += 1;
    }
}

/// A hash of what shapes a file's articles besides its bytes.
fn meta_hash(overrides: Option<&Overrides>, folder_source: Option<&str>) -> u64 {
    let key = format!("{overrides:?}\u{0}{folder_source:?}");
    xxhash_rust::xxh3::xxh3_64(key.as_bytes())
}

fn read_and_parse(job: &Job, corpus: &Path, options: &IndexOptions) -> Outcome {
    let file = &job.file;
    let shown = display_path(corpus, &file.rel);
    let skipped = |kind, detail: String| {
        Outcome::Skipped(Skip {
            location: shown.clone(),
            kind,
            detail,
        })
    };
    if file.size > options.max_file_size {
        return skipped(
            SkipKind::TooLarge,
            format!(
                "{} bytes is over --max-file-size ({} bytes)",
                file.size, options.max_file_size
            ),
        );
    }
    let bytes = match std::fs::read(&file.path) {
        Ok(bytes) => bytes,
        Err(err) => return skipped(SkipKind::Unreadable, format!("cannot read: {err}")),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return skipped(SkipKind::Empty, "empty file".to_string());
    }
    if article::is_binary(&bytes) {
        return skipped(SkipKind::Binary, "binary file, not text".to_string());
    }
    let context = ParseContext {
        today: options.today,
        overrides: job.overrides,
        folder_source: job.folder_source.as_deref(),
    };
    let parsed = article::parse_file(&file.rel, &shown, &bytes, &context);
    let passages = parsed
        .articles
        .par_iter()
        .map(|article| passage::split(&article.body))
        .collect();
    Outcome::Parsed {
        hash: xxhash_rust::xxh3::xxh3_64(&bytes),
        parsed,
        passages,
    }
}

/// The document for one passage, carrying its article's metadata and its file's state.
fn document(
    fields: &Fields,
    rel: &str,
    file: &FileState,
    article: &Article,
    passage: &Passage,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &article.id);
    doc.add_text(fields.path, rel);
    if article.title_derived {
        doc.add_text(fields.derived_title, &article.title);
    } else {
        doc.add_text(fields.title, &article.title);
    }
    if let Some(kicker) = &article.kicker {
        doc.add_text(fields.kicker, kicker);
        if !article.title_derived {
            // Searchable with the headline (stored after it, so the headline stays first).
            doc.add_text(fields.title, kicker);
        }
    }
    doc.add_text(fields.source, &article.source);
    if let Some(day) = article.date {
        let seconds = crate::dates::midnight(day).timestamp();
        doc.add_date(fields.date, DateTime::from_timestamp_secs(seconds));
    }
    doc.add_text(fields.date_provenance, article.date_provenance.as_str());
    if let Some(url) = &article.url {
        doc.add_text(fields.url, url);
    }
    if let Some(author) = &article.author {
        doc.add_text(fields.author, author);
    }
    doc.add_u64(fields.ordinal, passage.ordinal as u64);
    doc.add_u64(fields.start, passage.start as u64);
    doc.add_u64(fields.end, passage.end as u64);
    doc.add_text(fields.text, passage.text(&article.body));
    doc.add_u64(fields.article_key, crate::schema::article_key(&article.id));
    let signature = crate::signature::Signature::of(passage.text(&article.body));
    for word in signature.to_words() {
        doc.add_u64(fields.signature, word);
    }
    if passage.ordinal == 0 {
        // The whole article is indexed once, with its first passage.
        if !article.title_derived {
            doc.add_text(fields.article, &article.title);
        }
        if let Some(kicker) = &article.kicker {
            doc.add_text(fields.article, kicker);
        }
        doc.add_text(fields.article, &article.body);
    }
    doc.add_u64(fields.file_size, file.size);
    doc.add_i64(fields.file_mtime, file.mtime);
    doc.add_u64(fields.file_hash, file.hash);
    doc.add_u64(fields.meta_hash, file.meta_hash);
    doc
}

/// Reads, from the fast fields of the committed index, what it holds for each file.
fn load_state(store: &Store) -> Result<HashMap<String, FileState>> {
    let searcher = store.reader.searcher();
    let mut state: HashMap<String, FileState> = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(paths) = fast.str("path")? else {
            continue;
        };
        let sizes = fast.u64("file_size")?;
        let mtimes = fast.i64("file_mtime")?;
        let hashes = fast.u64("file_hash")?;
        let meta_hashes = fast.u64("meta_hash")?;
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
                            meta_hash: meta_hashes.first(doc).unwrap_or(0),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn job(size: u64) -> Job<'static> {
        Job {
            file: CorpusFile {
                rel: format!("{size}.txt"),
                path: PathBuf::from(format!("{size}.txt")),
                size,
                mtime: 0,
            },
            overrides: None,
            folder_source: None,
            meta_hash: 0,
        }
    }

    fn chunk_sizes(sizes: &[u64]) -> Vec<usize> {
        let jobs: Vec<Job> = sizes.iter().map(|size| job(*size)).collect();
        chunks(&jobs).iter().map(|chunk| chunk.len()).collect()
    }

    #[test]
    fn chunks_are_bounded_by_files_and_bytes() {
        const MIB: u64 = 1024 * 1024;
        assert_eq!(chunk_sizes(&[]), Vec::<usize>::new());
        assert_eq!(chunk_sizes(&[1; 1300]), vec![512, 512, 276]);
        assert_eq!(chunk_sizes(&[6 * MIB, 6 * MIB, 6 * MIB, 1]), vec![2, 2]);
        // A file larger than a chunk goes alone.
        assert_eq!(chunk_sizes(&[1, 40 * MIB, 1]), vec![1, 1, 1]);
    }
}
