//! newsdex: a local search tool for collections of news articles.
//!
//! Data flows one way: corpus files → articles → passages → index, and
//! query → hits → printer.

pub mod article;
pub mod cli;
pub mod corpus;
pub mod dates;
pub mod error;
pub mod highlight;
pub mod indexer;
pub mod passage;
pub mod print;
pub mod query;
pub mod schema;
pub mod search;
pub mod store;

use std::io::Write;
use std::path::{Path, PathBuf};

use cli::{Cli, ColorWhen, Command, IndexArgs, SearchArgs};
pub use error::{Error, Result};
use indexer::{IndexOptions, IndexSummary};

/// The index folder used when neither `--index` nor `$NEWSDEX_INDEX` is given.
pub const DEFAULT_INDEX_DIR: &str = ".newsdex";

/// How a successful command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The command did its work (and a search found hits).
    Success,
    /// A search found nothing.
    NoHits,
}

impl Outcome {
    /// The process exit code: 0 for success, 1 for a search without hits.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::NoHits => 1,
        }
    }
}

/// Runs one command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    let index_dir = cli
        .index
        .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX_DIR));
    match cli.command {
        Command::Index(args) => run_index(&index_dir, args),
        Command::Search(args) => run_search(&index_dir, args),
    }
}

fn run_index(index_dir: &Path, args: IndexArgs) -> Result<Outcome> {
    let options = IndexOptions {
        corpus: args.corpus,
        index_dir: index_dir.to_path_buf(),
        rebuild: args.rebuild,
        progress: true,
    };
    let summary = indexer::index(&options, &warn)?;
    let mut out = std::io::stdout().lock();
    print_index_summary(&mut out, index_dir, &summary)?;
    Ok(Outcome::Success)
}

fn run_search(index_dir: &Path, args: SearchArgs) -> Result<Outcome> {
    // A query with a syntax error is reported before anything is built or opened.
    query::check_syntax(&args.query)?;
    build_default_index_if_missing(index_dir)?;
    let store = store::Store::open(index_dir)?;
    let request = search::SearchRequest {
        query: args.query,
        filters: query::Filters {
            since: args.since,
            until: args.until,
            sources: args.sources,
            include_undated: args.include_undated,
        },
        limit: args.limit as usize,
        fuzzy: args.fuzzy,
    };
    let results = search::search(&store, &request)?;
    if args.json {
        print::json::print(&mut std::io::stdout().lock(), &results)?;
    } else {
        let choice = match args.color {
            ColorWhen::Auto => print::ColorChoice::Auto,
            ColorWhen::Always => print::ColorChoice::Always,
            ColorWhen::Never => print::ColorChoice::Never,
        };
        let mut out = anstream::AutoStream::new(std::io::stdout().lock(), choice);
        print::human::print(&mut out, &results)?;
    }
    Ok(if results.hits.is_empty() {
        Outcome::NoHits
    } else {
        Outcome::Success
    })
}

/// So that a fresh clone can search in one command: with no index yet and the default corpus
/// folder present, index it first.
fn build_default_index_if_missing(index_dir: &Path) -> Result<()> {
    let missing_or_empty = match std::fs::read_dir(index_dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(_) => !index_dir.exists(),
    };
    let corpus = Path::new(indexer::DEFAULT_CORPUS);
    if !missing_or_empty || !corpus.is_dir() {
        return Ok(());
    }
    eprintln!(
        "newsdex: no index at {} yet: indexing {} first",
        index_dir.display(),
        corpus.display()
    );
    let options = IndexOptions {
        corpus: Some(corpus.to_path_buf()),
        index_dir: index_dir.to_path_buf(),
        rebuild: false,
        progress: true,
    };
    let summary = indexer::index(&options, &warn)?;
    print_index_summary(&mut std::io::stderr().lock(), index_dir, &summary)?;
    Ok(())
}

fn warn(message: &str) {
    eprintln!("newsdex: warning: {message}");
}

fn print_index_summary(
    out: &mut dyn Write,
    index_dir: &Path,
    summary: &IndexSummary,
) -> std::io::Result<()> {
    writeln!(
        out,
        "indexed {} into {} in {:.2} s",
        search::display_path(&summary.corpus, "").trim_end_matches('/'),
        index_dir.display(),
        summary.elapsed.as_secs_f64()
    )?;
    writeln!(
        out,
        "articles: {} added, {} updated, {} removed, {} unchanged ({} in the index)",
        summary.added, summary.updated, summary.removed, summary.unchanged, summary.articles
    )?;
    writeln!(out, "passages: {}", summary.passages)?;
    if !summary.skipped.is_empty() {
        writeln!(
            out,
            "skipped: {} (see the warnings above)",
            plural(summary.skipped.len(), "file")
        )?;
    }
    if summary.ignored > 0 {
        writeln!(
            out,
            "ignored: {} that are not articles (newsdex reads {})",
            plural(summary.ignored, "file"),
            article::EXTENSIONS
                .iter()
                .map(|ext| format!(".{ext}"))
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    out.flush()
}

fn plural(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}
