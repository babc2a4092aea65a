//! Incremental indexing: corpus files → articles → passages → tantivy documents.
//!
//! The index itself is the record of what was indexed: every passage carries its file's
//! size, modification time, content hash and metadata hash, so the state used to detect
//! changes is always exactly what was last committed, and a run cut short leaves nothing to
//! reconcile.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use tantivy::index::SegmentId;
use tantivy::indexer::{LogMergePolicy, NoMergePolicy, UserOperation};
use tantivy::schema::Term;
use tantivy::{DateTime, IndexWriter, TantivyDocument};

use crate::article::{self, Article, Format, Notice, Overrides, ParseContext, ParsedFile};
use crate::corpus::display_path;
use crate::corpus::{self, CorpusFile};
use crate::error::{Error, Result};
use crate::manifest::{self, Manifest};
use crate::passage::{self, Passage};
use crate::pieces::{Piece, Pieces};
use crate::schema::{self, Fields};
use crate::skip::{Skip, SkipKind};
use crate::store::{self, Store};

/// Memory budget of the tantivy writer, shared by its threads: past it, a thread writes a
/// segment before the next commit.
const WRITER_MEMORY: usize = 128 * 1024 * 1024;
/// Threads of the tantivy writer for a run of several commits, one per core of the machine
/// the figures come from. Each thread posts the words of the batches it takes into a segment
/// of its own, so a commit leaves that many segments; a run of one commit has one thread and
/// leaves one segment (see `index`).
const WRITER_THREADS: usize = 2;
/// Files read and parsed in parallel, then written, together: at most this many files, and at
/// most `CHUNK_BYTES` bytes of them (a single larger file goes alone), so that memory does not
/// grow with the corpus (two chunks are held at once: one being written, the next being
/// parsed). Reuters as 21,578 text files took 5.0 s in chunks of 512 files and 3.5 s in
/// chunks of 4,096, at the same peak memory; 16,384 gained nothing more and took a quarter
/// more memory.
const CHUNK_FILES: usize = 4096;
/// The bytes of files in a chunk, and of a piece of a JSON Lines file read in pieces (at
/// most `--commit-every`, if that is smaller).
const CHUNK_BYTES: u64 = 16 * 1024 * 1024;
/// The default `--commit-every`. Every commit costs a fixed amount: its segments written and
/// synced, and merged with the others at the end of the run. Reuters (21 MB) in one commit
/// built in 2.1–2.8 s against 3.3–3.4 s in two of 16 MiB; commits of 64 MiB gained nothing
/// more on four copies of it and let the writer's memory fill up (300 MiB peak against 216).
pub const DEFAULT_COMMIT_EVERY: u64 = 32 * 1024 * 1024;
/// Passages whose documents are built at once, in parallel (whole articles, so about this
/// many), and handed to the writer as one batch: one hand-over per document kept the writer's
/// threads waking each other. Batches wait for the writer at most until the next commit, so
/// the memory they hold is bounded by `--commit-every` and `COMMIT_DOCUMENTS`.
const DOCUMENT_BLOCK: usize = 2048;
/// Documents handed to the writer after which a run commits, even before `--commit-every`
/// bytes: a document waiting for the writer costs several hundred bytes however short its
/// text, so a file of tiny records held a commit's worth of them (a million 45-byte JSON
/// Lines records: 461 MiB of heap). Far above what a commit of news articles holds (Reuters,
/// 21 MB: 45,094 passages).
const COMMIT_DOCUMENTS: u64 = 1 << 17;
/// The whole-article field holds the words of the passages that start in this much of an
/// article's text: far more than any news article, and a bound on what one document costs
/// the writer.
const ARTICLE_FIELD_BYTES: usize = 1024 * 1024;
/// The modification time written on the documents of a file whose last part is not committed
/// yet (see `index_in_pieces`): no real file has it, so the file looks changed to the next run.
const PENDING_MTIME: i64 = i64::MIN;
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
    /// Files larger than this many bytes are skipped (records, in JSON Lines files).
    pub max_file_size: u64,
    /// Bytes of files read between commits (about).
    pub commit_every: u64,
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

impl FileState {
    /// True if `file` has the size and modification time recorded: it is not read again
    /// (unless what else shapes its articles changed, `meta_hash`).
    fn looks_unchanged(&self, file: &CorpusFile) -> bool {
        self.size == file.size && self.mtime == file.mtime
    }
}

/// A file to read, with what else shapes its articles.
struct Job<'a> {
    file: CorpusFile,
    overrides: Option<&'a Overrides>,
    folder_source: Option<String>,
    meta_hash: u64,
    /// Read a piece at a time (see `is_streamed`).
    streamed: bool,
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

/// A chunk of files made ready to be written.
enum Prepared<'a, 'b> {
    /// A file read in pieces, which are parsed as they are written (see `index_in_pieces`).
    Pieces(&'a Job<'b>),
    /// Files read and parsed, with what each gave.
    Files(&'a [Job<'b>], Vec<Outcome>),
}

/// Reads and parses the files of a chunk on all cores, unless it is a file read in pieces.
fn prepare_chunk<'a, 'b>(
    chunk: &'a [Job<'b>],
    corpus: &Path,
    options: &IndexOptions,
) -> Prepared<'a, 'b> {
    match chunk {
        [job] if job.streamed => Prepared::Pieces(job),
        _ => Prepared::Files(
            chunk,
            chunk
                .par_iter()
                .map(|job| read_and_parse(job, corpus, options))
                .collect(),
        ),
    }
}

/// Runs `write` (adding documents to the writer and committing them) on this thread while
/// `prepare` (reading and parsing what comes next) runs on another, so that the parser and
/// the writer share the cores instead of waiting for each other.
fn overlapped<T: Send>(
    write: impl FnOnce() -> Result<()>,
    prepare: impl FnOnce() -> T + Send,
) -> Result<T> {
    std::thread::scope(|scope| {
        let next = std::thread::Builder::new()
            .name("newsdex-parse".to_string())
            .spawn_scoped(scope, prepare)
            .map_err(Error::Thread)?;
        let written = write();
        // A panic while parsing is passed on as it is, as if it had happened on this thread.
        let next = next
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        written.map(|()| next)
    })
}

/// A piece of a file read in pieces, parsed.
struct ParsedPiece {
    /// The piece itself, its bytes dropped once parsed.
    piece: Piece,
    parsed: ParsedFile,
    passages: Vec<Vec<Passage>>,
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
    // A corpus that is one file is that file of its folder: paths are relative to the folder.
    let (root, only) = corpus::folder_and_file(&corpus);
    let walk = corpus::walk(&root, Some(&options.index_dir), only.as_deref())?;
    let shown_root = display_path(&root, "");
    if walk.files.is_empty() && walk.skips.is_empty() {
        warn(&format!(
            "{shown_root} holds no article files (.txt, .md, .json, .jsonl, .html, …): the index is empty"
        ));
    }
    let manifest = manifest::load(&root, &shown_root);
    let mut store = Store::open_for_update(
        &options.index_dir,
        &root,
        source_from_folder,
        options.rebuild,
    )?;
    // A rebuild starts from nothing: the writer deletes every document in its first commit.
    let state = if options.rebuild {
        HashMap::new()
    } else {
        load_state(&store)?
    };
    let segments_before: HashSet<SegmentId> =
        store.index.searchable_segment_ids()?.into_iter().collect();
    // The writer threads only post words: they are analysed on all cores as documents are
    // built (`documents`). A run that commits once gets one thread, which leaves one segment
    // and needs no merge. Two would leave two segments: left as they are, they cost every
    // search 15% more; merged, they cost Reuters more time (2.3–2.5 s) than the second thread
    // saved (2.0–2.9 s with one). A longer run is merged at its end anyway
    // (`merge_new_segments`), so it gets two threads (Reuters x4: 8.7–9.3 s against
    // 10.2–11.3 s with one).
    let to_read: u64 = walk
        .files
        .iter()
        .filter(|file| {
            state
                .get(&file.rel)
                .is_none_or(|old| !old.looks_unchanged(file))
        })
        .map(|file| file.size)
        .sum();
    let threads = if to_read > options.commit_every {
        WRITER_THREADS
    } else {
        1
    };
    schema::register_for_analysed_documents(&store.index);
    let writer = store.index.writer_with_num_threads(threads, WRITER_MEMORY);
    let writer: IndexWriter = writer.map_err(|err| match err {
        tantivy::TantivyError::LockFailure(..) => Error::Locked {
            dir: options.index_dir.clone(),
        },
        other => Error::Engine(other),
    })?;
    // No merges while the run commits: the run's segments are merged into one at its end
    // (`merge_new_segments`), and a merge started in between would both redo that work and
    // keep the final merge from taking the segments it holds.
    writer.set_merge_policy(Box::new(NoMergePolicy));
    if let Some((before, _)) = &remembered
        && before != &corpus
    {
        warn(&format!(
            "the index was built from {}; it now follows {}, and the articles of the former are removed",
            before.display(),
            corpus.display()
        ));
    }
    store.remember(&root, only.as_deref(), source_from_folder)?;
    if options.rebuild {
        writer.delete_all_documents()?;
    }
    let mut run = Writing {
        writer,
        uncommitted: 0,
        uncommitted_documents: 0,
        commit_every: options.commit_every,
        fields: &store.fields,
        summary: IndexSummary {
            corpus: corpus.clone(),
            ignored: walk.ignored,
            ..IndexSummary::default()
        },
        progress: ProgressBar::hidden(),
        warn,
    };
    for problem in walk.skips.into_iter().chain(manifest.skips.iter().cloned()) {
        run.skip(problem);
    }
    // The manifest of the folder of a one-file corpus lists the folder's other files too.
    if only.is_none() {
        warn_unlisted(&manifest, &walk.files, &shown_root, &mut run.summary, warn);
    }

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
            Some(old) if old.looks_unchanged(&file) && old.meta_hash == meta_hash => {
                run.summary.unchanged += old.articles;
            }
            _ => jobs.push(Job {
                streamed: is_streamed(&file, options),
                file,
                overrides,
                folder_source,
                meta_hash,
            }),
        }
    }
    for (rel, old) in &state {
        if !seen.contains(rel) {
            run.writer
                .delete_term(Term::from_field_text(store.fields.path, rel));
            run.summary.removed += old.articles;
        }
    }

    // A commit follows every `--commit-every` bytes read (of whole chunks, or of the pieces of
    // a large JSON Lines file), so a run that is killed loses at most that much, and the next
    // run takes up what is missing. The next chunk is read and parsed while this one is
    // written.
    run.progress = progress_bar(options.progress, jobs.len());
    let chunks = chunks(&jobs, chunk_bytes(options));
    let mut upcoming = chunks.into_iter();
    let mut next = || {
        upcoming
            .next()
            .map(|chunk| prepare_chunk(chunk, &root, options))
    };
    let mut current = next();
    while let Some(prepared) = current {
        current = match prepared {
            Prepared::Pieces(job) => {
                run.progress.inc(1);
                index_in_pieces(&mut run, job, state.get(&job.file.rel), &root, options)?;
                next()
            }
            Prepared::Files(chunk, outcomes) => overlapped(
                || {
                    run.write_files(chunk, outcomes, &state)?;
                    run.commit_if_due(chunk.iter().map(|job| job.file.size).sum())
                },
                &mut next,
            )?,
        };
    }
    // What is not committed yet: the last chunks, and deletions alone (no file to read).
    run.writer.commit()?;
    merge_new_segments(&store, &mut run.writer, &segments_before)?;
    let Writing {
        writer,
        mut summary,
        progress,
        ..
    } = run;
    writer.wait_merging_threads()?;
    progress.finish_and_clear();

    store.reader.reload()?;
    // Checked when the index changed: a run that changed nothing repeats no warning.
    if summary.added + summary.updated + summary.removed > 0 {
        for warning in shared_ids(&store, &root)? {
            warn(&warning);
        }
    }
    summary.passages = store.reader.searcher().num_docs();
    summary.articles = summary.added + summary.updated + summary.unchanged;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The writer and the tallies of one indexing run.
struct Writing<'a> {
    writer: IndexWriter,
    /// Bytes read since the last commit, and how many call for the next (`--commit-every`).
    uncommitted: u64,
    commit_every: u64,
    /// Documents handed to the writer since the last commit.
    uncommitted_documents: u64,
    fields: &'a Fields,
    summary: IndexSummary,
    progress: ProgressBar,
    warn: &'a dyn Fn(&str),
}

impl Writing<'_> {
    /// Counts `bytes` more read and written, and commits once they reach `--commit-every` (or
    /// the documents written since the last commit reach `COMMIT_DOCUMENTS`).
    fn commit_if_due(&mut self, bytes: u64) -> Result<()> {
        self.uncommitted += bytes;
        if self.uncommitted >= self.commit_every || self.uncommitted_documents >= COMMIT_DOCUMENTS {
            self.writer.commit()?;
            self.uncommitted = 0;
            self.uncommitted_documents = 0;
        }
        Ok(())
    }

    /// Writes what reading a chunk of files gave (not committed): the documents of every file
    /// parsed, in place of the ones the index held for it.
    fn write_files(
        &mut self,
        chunk: &[Job],
        outcomes: Vec<Outcome>,
        state: &HashMap<String, FileState>,
    ) -> Result<()> {
        for (job, outcome) in chunk.iter().zip(outcomes) {
            self.progress.inc(1);
            let file = &job.file;
            let old = state.get(&file.rel);
            let (hash, parsed, passages) = match outcome {
                Outcome::Skipped(problem) => {
                    if problem.kind == SkipKind::Unreadable {
                        // Keep what the index has for a file that cannot be read right now.
                        self.summary.unchanged += old.map_or(0, |old| old.articles);
                    } else if let Some(old) = old {
                        self.delete(&file.rel);
                        self.summary.removed += old.articles;
                    }
                    self.skip(problem);
                    continue;
                }
                Outcome::Parsed {
                    hash,
                    parsed,
                    passages,
                } => (hash, parsed, passages),
            };
            self.notices(parsed.notices);
            if old.is_some() {
                self.delete(&file.rel);
            }
            let touched_only =
                old.is_some_and(|old| old.hash == hash && old.meta_hash == job.meta_hash);
            self.count(
                old,
                parsed.articles.len(),
                touched_only,
                parsed.legacy_encoding.is_some(),
            );
            let state = FileState {
                size: file.size,
                mtime: file.mtime,
                hash,
                meta_hash: job.meta_hash,
                articles: parsed.articles.len(),
            };
            self.add(&file.rel, &state, &parsed.articles, &passages)?;
        }
        Ok(())
    }

    /// Reports a file or record that is not indexed.
    fn skip(&mut self, problem: Skip) {
        self.progress.suspend(|| (self.warn)(&problem.to_string()));
        self.summary.skipped.push(problem);
    }

    /// Reports what parsing a file had to say, in file order.
    fn notices(&mut self, notices: Vec<Notice>) {
        for notice in notices {
            match notice {
                Notice::Skipped(problem) => self.skip(problem),
                Notice::Warning(warning) => {
                    self.progress.suspend(|| (self.warn)(&warning));
                    self.summary.warnings += 1;
                }
            }
        }
    }

    /// Removes every document of a file (in the next commit).
    fn delete(&self, rel: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.path, rel));
    }

    /// Counts the articles of a file read again. A file touched but not changed is written
    /// again with its new modification time (so that it is not read on every run) but counts
    /// as unchanged.
    fn count(
        &mut self,
        old: Option<&FileState>,
        articles: usize,
        touched_only: bool,
        legacy: bool,
    ) {
        let summary = &mut self.summary;
        match old {
            Some(_) if touched_only => summary.unchanged += articles,
            Some(old) => {
                summary.updated += articles.min(old.articles);
                summary.added += articles.saturating_sub(old.articles);
                summary.removed += old.articles.saturating_sub(articles);
            }
            None => summary.added += articles,
        }
        if !touched_only {
            summary.legacy_decoded += usize::from(legacy);
        }
    }

    /// Adds the documents of articles of the file `rel`. Documents are built (and their words
    /// analysed) on all cores, the articles of about `DOCUMENT_BLOCK` passages at a time (a JSON
    /// Lines file may hold many thousands of articles).
    fn add(
        &mut self,
        rel: &str,
        state: &FileState,
        articles: &[Article],
        passages: &[Vec<Passage>],
    ) -> Result<()> {
        let all: Vec<(&Article, &Vec<Passage>)> = articles.iter().zip(passages).collect();
        let mut rest = all.as_slice();
        while !rest.is_empty() {
            let mut size = 0;
            let block_len = rest
                .iter()
                .position(|(_, passages)| {
                    size += passages.len();
                    size >= DOCUMENT_BLOCK
                })
                .map_or(rest.len(), |last| last + 1);
            let (block, after) = rest.split_at(block_len);
            rest = after;
            let documents: Vec<Vec<TantivyDocument>> = block
                .par_iter()
                .map(|(article, passages)| documents(self.fields, rel, state, article, passages))
                .collect();
            // One batch, not one hand-over per document.
            let batch: Vec<UserOperation> = documents
                .into_iter()
                .flatten()
                .map(UserOperation::Add)
                .collect();
            self.uncommitted_documents += batch.len() as u64;
            self.writer.run(batch)?;
        }
        Ok(())
    }
}

/// True for a file read a piece at a time rather than whole: a JSON Lines file larger than a
/// chunk or than `--max-file-size`. Its records are independent lines, so neither memory nor
/// the work lost to a kill grows with the file, and the size limit applies to each record.
fn is_streamed(file: &CorpusFile, options: &IndexOptions) -> bool {
    file.size > chunk_bytes(options).min(options.max_file_size)
        && Format::from_name(&file.rel) == Some(Format::JsonLines)
        && starts_with_object(&file.path)
}

/// True if the file's first non-blank byte (after a UTF-8 byte-order mark) opens a JSON
/// object; a JSON array or UTF-16 text named `.jsonl` is read whole.
fn starts_with_object(path: &Path) -> bool {
    let mut head = [0u8; 4096];
    let Ok(read) = File::open(path).and_then(|mut file| file.read(&mut head)) else {
        return false;
    };
    let head = head[..read]
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&head[..read]);
    head.iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .is_some_and(|&byte| byte == b'{')
}

/// Indexes a large JSON Lines file in pieces of whole lines, committing each piece.
///
/// The documents of every piece but the last are written as pending: `PENDING_MTIME`, with
/// the length and hash of the file up to the end of their piece, so that a run cut short
/// leaves the file looking changed, and the next run, finding the same bytes up to there,
/// takes up after the last committed piece (else it replaces the file's documents; none is
/// ever doubled). Only the last piece carries the file's real state, once the whole file has
/// been hashed; the next piece is read ahead (as bytes) to know which is the last. (A file
/// whose last piece holds no article at all stays pending: each run checks its hash and finds
/// nothing to do.) A line longer than `--max-file-size` is skipped without being held in
/// memory.
fn index_in_pieces(
    run: &mut Writing,
    job: &Job,
    old: Option<&FileState>,
    corpus: &Path,
    options: &IndexOptions,
) -> Result<()> {
    let file = &job.file;
    let shown = display_path(corpus, &file.rel);
    let unreadable = |run: &mut Writing, err: std::io::Error| {
        run.skip(Skip {
            location: shown.clone(),
            kind: SkipKind::Unreadable,
            detail: format!("cannot read: {err}"),
        });
    };
    let mut pieces = match File::open(&file.path) {
        Ok(handle) => Pieces::new(handle, options.max_file_size, chunk_bytes(options)),
        Err(err) => {
            run.summary.unchanged += old.map_or(0, |old| old.articles);
            unreadable(run, err);
            return Ok(());
        }
    };
    // Articles already in the index from the committed pieces of an interrupted run.
    let mut kept = 0;
    if let Some(old) = old {
        let pending = old.mtime == PENDING_MTIME && old.meta_hash == job.meta_hash;
        match pending.then(|| pieces.resume(old.size, old.hash)) {
            Some(Ok(true)) => kept = old.articles,
            Some(Err(err)) => {
                unreadable(run, err);
                return Ok(());
            }
            Some(Ok(false)) | None => run.delete(&file.rel),
        }
    }
    let context = ParseContext {
        today: options.today,
        overrides: job.overrides,
        folder_source: job.folder_source.as_deref(),
    };
    let parse = |mut piece: Piece| {
        // A panic while parsing (a bug some odd record triggers) leaves this piece's records
        // out, not the run, as `read_and_parse` does for a whole file.
        let parse_piece = std::panic::AssertUnwindSafe(|| {
            let parsed = article::parse_json_lines_part(
                &file.rel,
                &shown,
                &piece.bytes,
                piece.first_line,
                &context,
            );
            let passages = split_articles(&parsed.articles);
            (parsed, passages)
        });
        let (parsed, passages) = std::panic::catch_unwind(parse_piece).unwrap_or_else(|_| {
            let failed = ParsedFile {
                notices: vec![Notice::Skipped(Skip {
                    location: format!("{shown}:{}", piece.first_line),
                    kind: SkipKind::Malformed,
                    detail: "newsdex failed on a piece of this file starting at this line (an internal error, reported above); its records are left out: please report it with the file".to_string(),
                })],
                ..ParsedFile::default()
            };
            (failed, Vec::new())
        });
        piece.bytes = Vec::new();
        ParsedPiece {
            piece,
            parsed,
            passages,
        }
    };
    let mut articles = 0;
    let mut legacy = false;
    let mut written_to = pieces.position();
    let mut current = match pieces.next_piece() {
        Ok(piece) => piece.map(parse),
        Err(err) => {
            unreadable(run, err);
            return Ok(());
        }
    };
    while let Some(mut part) = current {
        // The next piece is read now, to know whether this one is the last, and parsed while
        // this one is written.
        let next = pieces.next_piece();
        let last = matches!(next, Ok(None));
        // Only the last piece carries the file's real state; the others are pending.
        let (size, mtime, hash) = if last {
            (file.size, file.mtime, pieces.hasher.digest())
        } else {
            (part.piece.end, PENDING_MTIME, part.piece.end_hash)
        };
        let state = FileState {
            size,
            mtime,
            hash,
            meta_hash: job.meta_hash,
            articles: 0,
        };
        let piece_bytes = part.piece.end.saturating_sub(written_to);
        written_to = part.piece.end;
        let write = || {
            for (line, bytes) in &part.piece.too_long {
                run.skip(Skip {
                    location: format!("{shown}:{line}"),
                    kind: SkipKind::TooLarge,
                    detail: format!(
                        "a {bytes}-byte record is over --max-file-size ({} bytes)",
                        options.max_file_size
                    ),
                });
            }
            let parsed = &mut part.parsed;
            run.notices(std::mem::take(&mut parsed.notices));
            legacy |= parsed.legacy_encoding.is_some();
            articles += parsed.articles.len();
            run.add(&file.rel, &state, &parsed.articles, &part.passages)?;
            run.commit_if_due(piece_bytes)
        };
        current = match overlapped(write, || next.map(|piece| piece.map(parse)))? {
            Ok(parsed) => parsed,
            Err(err) => {
                // What was committed stays pending: the next run takes up from there.
                unreadable(run, err);
                return Ok(());
            }
        };
    }
    let hash = pieces.hasher.digest();
    if kept > 0 {
        run.summary.unchanged += kept;
        run.summary.added += articles;
    } else {
        let touched_only =
            old.is_some_and(|old| old.hash == hash && old.meta_hash == job.meta_hash);
        run.count(old, articles, touched_only, legacy);
    }
    Ok(())
}

/// The passages of each article, split on all cores.
fn split_articles(articles: &[Article]) -> Vec<Vec<Passage>> {
    articles
        .par_iter()
        .map(|article| passage::split(&article.body))
        .collect()
}

/// Merges the segments this run wrote into one, and deletes the files no segment uses. Each
/// commit leaves a segment per writer thread (more if the writer's memory fills up first),
/// and every segment costs each search a fixed amount (Reuters in 2 segments: +15%
/// instructions per query; in 4: +34%). No merge runs during the run (see `index`), so this
/// one takes all of them; older segments are left to tantivy's merge policy.
fn merge_new_segments(
    store: &Store,
    writer: &mut IndexWriter,
    before: &HashSet<SegmentId>,
) -> Result<()> {
    let new: Vec<SegmentId> = store
        .index
        .searchable_segment_ids()?
        .into_iter()
        .filter(|id| !before.contains(id))
        .collect();
    // Back to tantivy's policy, which looks at every segment once this merge is done, or at
    // an empty commit when there is nothing to merge: older segments are still merged over
    // the runs.
    writer.set_merge_policy(Box::new(LogMergePolicy::default()));
    if new.len() >= 2 {
        match writer.merge(&new).wait() {
            Ok(_) | Err(tantivy::TantivyError::InvalidArgument(_)) => {}
            Err(err) => return Err(err.into()),
        }
    } else {
        writer.commit()?;
    }
    // The merged segments' files are deleted now, not at the next run's first commit.
    writer.garbage_collect_files().wait()?;
    Ok(())
}

/// The most bytes of files in a chunk or a piece: `CHUNK_BYTES`, or `--commit-every` if less.
fn chunk_bytes(options: &IndexOptions) -> u64 {
    CHUNK_BYTES.min(options.commit_every)
}

/// Splits the jobs into chunks of at most `CHUNK_FILES` files and `bytes_per_chunk` bytes; a
/// file read in pieces goes alone.
fn chunks<'a, 'b>(jobs: &'a [Job<'b>], bytes_per_chunk: u64) -> Vec<&'a [Job<'b>]> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut bytes = 0u64;
    for (end, job) in jobs.iter().enumerate() {
        let after_streamed = end
            .checked_sub(1)
            .and_then(|last| jobs.get(last))
            .is_some_and(|last| last.streamed);
        let alone = job.streamed || after_streamed;
        let full = end - start == CHUNK_FILES || bytes + job.file.size > bytes_per_chunk;
        if (full || alone) && end > start {
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

/// The corpus to index: the one given, else the one the index remembers, else `corpus`. A
/// corpus is a folder, or one file newsdex reads (a JSON Lines export, a saved page).
fn resolve_corpus(given: Option<&Path>, remembered: Option<&(PathBuf, bool)>) -> Result<PathBuf> {
    let given = given
        .map(Path::to_path_buf)
        .or_else(|| remembered.map(|(corpus, _)| corpus.clone()))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CORPUS));
    // A file keeps the name it was given (a link `latest.jsonl` stays that link, followed
    // afresh on each run); only its folder is made canonical.
    let canonical = given.canonicalize().map(|path| {
        match (path.is_file(), given.file_name(), given.parent()) {
            (true, Some(name), Some(parent)) => {
                let parent = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
                parent
                    .canonicalize()
                    .map_or(path, |folder| folder.join(name))
            }
            _ => path,
        }
    });
    match canonical {
        Ok(path) if path.is_dir() => Ok(path),
        Ok(path) if path.file_name().is_some_and(|name| name.to_str().is_none()) => {
            Err(Error::BadCorpus {
                dir: given,
                problem: "has a name that is not UTF-8: rename it, or pass its folder",
            })
        }
        Ok(path) if corpus::is_article_path(&path) => Ok(path),
        Ok(path) if path.is_file() => Err(Error::BadCorpus {
            dir: given,
            problem: "is not an article file (.txt, .md, .json, .jsonl, .html, …)",
        }),
        Ok(_) => Err(Error::BadCorpus {
            dir: given,
            problem: "is neither a folder nor a file",
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
    // A panic while parsing (a bug some odd file triggers) leaves that file out, not the run:
    // one bad file never stops the indexing of the others.
    let parse = std::panic::AssertUnwindSafe(|| {
        let parsed = article::parse_file(&file.rel, &shown, &bytes, &context);
        let passages = split_articles(&parsed.articles);
        (parsed, passages)
    });
    let Ok((parsed, passages)) = std::panic::catch_unwind(parse) else {
        return skipped(
            SkipKind::Malformed,
            "newsdex failed on this file (an internal error, reported above); it is left out: please report it with the file".to_string(),
        );
    };
    Outcome::Parsed {
        hash: xxhash_rust::xxh3::xxh3_64(&bytes),
        parsed,
        passages,
    }
}

/// The documents of an article's passages. The headline, the kicker and the text are
/// analysed once, here (`english::analyse_into`): the words of each passage go to its own
/// document, and all of them to the whole-article field of the first.
fn documents(
    fields: &Fields,
    rel: &str,
    file: &FileState,
    article: &Article,
    passages: &[Passage],
) -> Vec<TantivyDocument> {
    let analysed = |text: &str| {
        let mut words = String::new();
        crate::english::analyse_into(text, &mut words);
        words
    };
    let headline = (!article.title_derived).then(|| analysed(&article.title));
    let kicker = article.kicker.as_deref().map(analysed);
    let mut whole = String::new();
    whole.extend(headline.as_deref());
    whole.extend(kicker.as_deref());
    let mut words = String::new();
    let mut covered = 0;
    let mut documents = Vec::with_capacity(passages.len());
    for passage in passages {
        words.clear();
        crate::english::analyse_into(passage.text(&article.body), &mut words);
        if passage.start < ARTICLE_FIELD_BYTES {
            // Passages leave out only white space between them; anything else counts too.
            if let Some(gap) = article.body.get(covered..passage.start)
                && !gap.trim().is_empty()
            {
                crate::english::analyse_into(gap, &mut whole);
            }
            whole.push_str(&words);
            covered = passage.end;
        }
        let mut doc = document(fields, rel, file, article, passage);
        if let Some(headline) = &headline {
            doc.add_text(fields.title, headline);
        }
        // The kicker is searchable with the headline (a derived title is not searchable).
        if let (Some(kicker), Some(_)) = (&kicker, &headline) {
            doc.add_text(fields.title, kicker);
        }
        doc.add_text(fields.text, &words);
        documents.push(doc);
    }
    if let Some(first) = documents.first_mut() {
        first.add_text(fields.article, &whole);
    }
    documents
}

/// A passage's document, but for its indexed words (see `documents`).
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
        doc.add_text(fields.headline, &article.title);
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
    if let Some(url) = &article.url {
        doc.add_text(fields.url, url);
    }
    if let Some(author) = &article.author {
        doc.add_text(fields.author, author);
    }
    doc.add_u64(fields.ordinal, passage.ordinal as u64);
    doc.add_u64(fields.start, passage.start as u64);
    doc.add_u64(fields.end, passage.end as u64);
    doc.add_text(fields.body, passage.text(&article.body));
    doc.add_u64(fields.article_key, crate::schema::article_key(&article.id));
    let signature = crate::signature::Signature::of(passage.text(&article.body));
    for word in signature.to_words() {
        doc.add_u64(fields.signature, word);
    }
    doc.add_u64(fields.file_size, file.size);
    doc.add_i64(fields.file_mtime, file.mtime);
    doc.add_u64(fields.file_hash, file.hash);
    doc.add_u64(fields.meta_hash, file.meta_hash);
    doc
}

/// Ids shown in warnings about articles that share one.
const SHARED_IDS_SHOWN: usize = 5;

/// Warnings about ids that several articles of the index share (the same `id` in two records):
/// search, `show` and TREC output know an article by its id, so such articles are read as
/// one. Found from the columns of first passages; only the articles of the ids named are read.
fn shared_ids(store: &Store, root: &Path) -> Result<Vec<String>> {
    let searcher = store.reader.searcher();
    let mut first_passages: HashMap<u64, Vec<tantivy::DocAddress>> = HashMap::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let fast = segment.fast_fields();
        let keys = fast.u64("article_key")?;
        let ordinals = fast.u64("ordinal")?;
        let segment_ord = u32::try_from(ord).unwrap_or(u32::MAX);
        for doc in segment.doc_ids_alive() {
            if ordinals.first(doc) == Some(0)
                && let Some(key) = keys.first(doc)
            {
                first_passages
                    .entry(key)
                    .or_default()
                    .push(tantivy::DocAddress::new(segment_ord, doc));
            }
        }
    }
    let mut shared: Vec<(u64, Vec<tantivy::DocAddress>)> = first_passages
        .into_iter()
        .filter(|(_, addresses)| addresses.len() > 1)
        .collect();
    shared.sort_unstable_by_key(|(key, _)| *key);
    let mut warnings = Vec::new();
    for (_, addresses) in shared.iter().take(SHARED_IDS_SHOWN) {
        let mut id = String::new();
        let mut files = Vec::new();
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(*address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|value| tantivy::schema::Value::as_str(&value))
                    .unwrap_or_default()
                    .to_string()
            };
            id = text(store.fields.id);
            files.push(display_path(root, &text(store.fields.path)));
        }
        files.sort();
        files.dedup();
        warnings.push(format!(
            "{} articles share the id '{}' ({}): search, `show` and TREC output read them as one article; give each its own id, or remove the copies",
            addresses.len(),
            crate::print::human::printable_name(&id),
            files.join(", ")
        ));
    }
    if shared.len() > SHARED_IDS_SHOWN {
        warnings.push(format!(
            "… and {} more ids shared by several articles",
            shared.len() - SHARED_IDS_SHOWN
        ));
    }
    Ok(warnings)
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
            let read = || FileState {
                size: sizes.first(doc).unwrap_or(0),
                mtime: mtimes.first(doc).unwrap_or(0),
                hash: hashes.first(doc).unwrap_or(0),
                meta_hash: meta_hashes.first(doc).unwrap_or(0),
                articles: 0,
            };
            if !state.contains_key(name) {
                state.insert(name.clone(), read());
            }
            let Some(file) = state.get_mut(name) else {
                continue;
            };
            file.articles += starts_article;
            // A file read in pieces has its real state on the documents of its last piece
            // only; while that piece is not committed, the file stays pending.
            if file.mtime == PENDING_MTIME {
                // Else the pending piece that reaches furthest into the file.
                let found = read();
                if found.mtime != PENDING_MTIME || found.size > file.size {
                    *file = FileState {
                        articles: file.articles,
                        ..found
                    };
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
            streamed: false,
        }
    }

    fn chunk_sizes(sizes: &[u64]) -> Vec<usize> {
        let jobs: Vec<Job> = sizes.iter().map(|size| job(*size)).collect();
        chunks(&jobs, CHUNK_BYTES)
            .iter()
            .map(|chunk| chunk.len())
            .collect()
    }

    #[test]
    fn chunks_are_bounded_by_files_and_bytes() {
        const MIB: u64 = 1024 * 1024;
        assert_eq!(chunk_sizes(&[]), Vec::<usize>::new());
        assert_eq!(chunk_sizes(&[1; 9000]), vec![4096, 4096, 808]);
        assert_eq!(chunk_sizes(&[6 * MIB, 6 * MIB, 6 * MIB, 1]), vec![2, 2]);
        // A file larger than a chunk goes alone.
        assert_eq!(chunk_sizes(&[1, 40 * MIB, 1]), vec![1, 1, 1]);
    }

    /// The tokens `analyzer` makes of `text`, as `word@position`, separated by spaces.
    fn words_at(analyzer: &mut tantivy::tokenizer::TextAnalyzer, text: &str) -> String {
        use tantivy::tokenizer::TokenStream;
        let mut stream = analyzer.token_stream(text);
        let mut words = Vec::new();
        while stream.advance() {
            let token = stream.token();
            words.push(format!("{}@{}", token.text, token.position));
        }
        words.join(" ")
    }

    /// The words a document's value of `field` gives the writer, one string per value.
    fn indexed_words(doc: &TantivyDocument, field: tantivy::schema::Field) -> Vec<String> {
        use tantivy::schema::Value;
        let mut replay = tantivy::tokenizer::TextAnalyzer::from(crate::english::Replay);
        doc.get_all(field)
            .filter_map(|value| value.as_str())
            .map(|text| words_at(&mut replay, text))
            .collect()
    }

    /// What the English analyzer makes of `text`, as `indexed_words` shows it.
    fn analysed_words(text: &str) -> String {
        crate::schema::with_english_analyzer(|analyzer| words_at(analyzer, text))
    }

    #[test]
    fn documents_index_the_words_the_analyzer_makes_of_each_field() {
        let (_, fields) = Fields::schema();
        let long = "x".repeat(crate::schema::MAX_WORD_BYTES);
        let filler = |word: &str| format!("{word} ").repeat(45);
        let body = format!(
            "Troops were RUNNING north, {long} said the generals. {}\n\n{}\n\nCafé naïve {}",
            filler("Kursk"),
            filler("reports").trim_end(),
            filler("ending").trim_end(),
        );
        let article = Article {
            id: "a1".to_string(),
            title: "North Korean troops arrive".to_string(),
            title_derived: false,
            kicker: Some("Deployment in Ukraine".to_string()),
            source: "Example".to_string(),
            date: None,
            date_provenance: crate::article::DateProvenance::None,
            url: None,
            author: None,
            body,
        };
        let passages = passage::split(&article.body);
        assert_eq!(passages.len(), 3);
        let state = FileState {
            size: 1,
            mtime: 2,
            hash: 3,
            meta_hash: 4,
            articles: 0,
        };
        let docs = documents(&fields, "a.txt", &state, &article, &passages);
        assert_eq!(docs.len(), 3);
        for (doc, passage) in docs.iter().zip(&passages) {
            let text = passage.text(&article.body);
            assert_eq!(indexed_words(doc, fields.text), [analysed_words(text)]);
            assert_eq!(
                indexed_words(doc, fields.title),
                [
                    analysed_words(&article.title),
                    analysed_words("Deployment in Ukraine")
                ]
            );
            let stored = doc
                .get_first(fields.body)
                .and_then(|value| tantivy::schema::Value::as_str(&value).map(str::to_string));
            assert_eq!(stored.as_deref(), Some(text));
        }
        // The whole article, on the first passage only: headline, kicker and text, the same
        // words in the same order (positions aside: the field keeps none).
        let whole: Vec<String> = indexed_words(&docs[0], fields.article)
            .iter()
            .flat_map(|value| words_of_indexed(value))
            .collect();
        let expected: Vec<String> = [
            article.title.as_str(),
            "Deployment in Ukraine",
            &article.body,
        ]
        .iter()
        .flat_map(|text| words_of_indexed(&analysed_words(text)))
        .collect();
        assert_eq!(whole, expected);
        assert!(indexed_words(&docs[1], fields.article).is_empty());
        assert!(indexed_words(&docs[2], fields.article).is_empty());
    }

    /// The words of `indexed_words`'s output, without positions.
    fn words_of_indexed(value: &str) -> Vec<String> {
        value
            .split(' ')
            .filter_map(|word| word.split('@').next())
            .filter(|word| !word.is_empty())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_file_read_in_pieces_goes_alone() {
        let mut jobs: Vec<Job> = [1, 2, 3, 4, 5].into_iter().map(job).collect();
        jobs[2].streamed = true;
        let sizes: Vec<usize> = chunks(&jobs, CHUNK_BYTES)
            .iter()
            .map(|chunk| chunk.len())
            .collect();
        assert_eq!(sizes, vec![2, 1, 2]);
        assert!(chunks(&jobs, CHUNK_BYTES)[1][0].streamed);
    }
}
