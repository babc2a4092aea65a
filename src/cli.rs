//! Command-line definitions. The doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::dates::DateSpan;

/// Search a folder of news articles by keyword, date and source, and see which passage of
/// which outlet said what, and when.
#[derive(Debug, Parser)]
#[command(name = "newsdex", version, propagate_version = true)]
pub struct Cli {
    /// Index folder [default: $NEWSDEX_INDEX, else .newsdex in the current directory]
    #[arg(long, global = true, value_name = "DIR")]
    pub index: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index a folder of articles, or one file of them (incremental: only changed files are
    /// read again)
    ///
    /// Examples:
    ///   newsdex index                 refresh the index of the corpus it was built from
    ///   newsdex index ~/stories       index another folder (in place of the one before)
    ///   newsdex index scraped.jsonl   index one file (here, one article per line)
    ///   newsdex index --rebuild       start over
    #[command(verbatim_doc_comment)]
    Index(IndexArgs),
    /// Search the index and print ranked passages
    ///
    /// Query syntax: words (ranked by BM25), "exact phrases", AND, OR, NOT, -word (exclude),
    /// +word (require), title:word, source:name, and (groups).
    ///
    /// Examples:
    ///   newsdex search "north korean troops" --since 2024-10-19
    ///   newsdex search '"Storm Corps"' --json
    ///   newsdex search Sergeyevka --fuzzy --source then13
    #[command(verbatim_doc_comment)]
    Search(SearchArgs),
    /// Print one article: its metadata and its text, passage by passage
    ///
    /// Examples:
    ///   newsdex show 003_3093ba6507627192.txt --passage 3
    ///   newsdex show corpus/003_3093ba6507627192.txt --json
    #[command(verbatim_doc_comment)]
    Show(ShowArgs),
    /// Count matching articles per day, week or month and draw them as a bar chart
    ///
    /// Examples:
    ///   newsdex timeline "north korean troops"
    ///   newsdex timeline "oil prices" --by month --by-source
    #[command(verbatim_doc_comment)]
    Timeline(TimelineArgs),
    /// Show what is in the index: articles, passages, sources, dates and date provenance
    Stats(StatsArgs),
    /// Score a TREC run against relevance judgments (nDCG@10, Recall@100, MAP)
    ///
    /// The run comes from `newsdex search --batch FILE --format trec`; the measures are computed
    /// as `trec_eval -c` computes them.
    Eval(EvalArgs),
}

/// Arguments of `newsdex eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Judgments: BEIR qrels TSV (query-id, corpus-id, score) or TREC qrels (qid 0 docid grade)
    #[arg(value_name = "QRELS")]
    pub qrels: PathBuf,

    /// The run: TREC lines QID Q0 DOCID RANK SCORE TAG
    #[arg(value_name = "RUN")]
    pub run: PathBuf,

    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `newsdex index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folder of articles, or one article file [default: the corpus the index was built from,
    /// else ./corpus]
    #[arg(value_name = "CORPUS")]
    pub corpus: Option<PathBuf>,

    /// Discard the index and index every file again
    #[arg(long)]
    pub rebuild: bool,

    /// Where sources come from: `folder` takes the first folder below the corpus root
    /// (corpus/reuters/a.txt → reuters); `file` reads them from each file (the default).
    /// Remembered by the index.
    #[arg(long, value_name = "FROM")]
    pub source_from: Option<SourceFrom>,

    /// Skip files larger than SIZE (bytes, or with K, M, G, KiB, MiB, GiB); JSON Lines
    /// files are read a record at a time and any size is indexed, but a record over SIZE is
    /// skipped
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = parse_size)]
    pub max_file_size: u64,

    /// Commit the index after about SIZE of files read (or 131,072 passages, which only files
    /// of tiny records reach): a killed run loses at most this much work, and the next run
    /// picks up from there (bigger batches index a little faster)
    #[arg(long, value_name = "SIZE", default_value = "32MiB", value_parser = parse_size)]
    pub commit_every: u64,

    /// Exit with code 2 if any file or record was skipped
    #[arg(long)]
    pub strict: bool,
}

/// Where article sources come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourceFrom {
    /// The first folder below the corpus root
    Folder,
    /// Each file's own metadata
    File,
}

/// Arguments of `newsdex show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article: its id or its file's path, as `newsdex search` prints them
    #[arg(value_name = "ID")]
    pub article: String,

    /// Mark this passage (numbers as `newsdex search` prints them, from 0)
    #[arg(long, value_name = "N")]
    pub passage: Option<u64>,

    /// Print one JSON object
    #[arg(long)]
    pub json: bool,

    /// When to use colour
    #[arg(long, value_name = "WHEN", default_value = "auto")]
    pub color: ColorWhen,
}

/// Arguments of `newsdex timeline`.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// What to count, in the same query syntax as `search`
    #[arg(value_name = "QUERY")]
    pub query: String,

    /// Bucket length: day, week (Monday to Sunday) or month; by default chosen from the span
    /// of the matching dates
    #[arg(long, value_name = "INTERVAL")]
    pub by: Option<crate::timeline::Interval>,

    /// One chart per source
    #[arg(long)]
    pub by_source: bool,

    /// Only articles dated on or after DATE (YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339)
    #[arg(long, value_name = "DATE", value_parser = DateSpan::parse)]
    pub since: Option<DateSpan>,

    /// Only articles dated on or before DATE (a year, month or day counts whole)
    #[arg(long, value_name = "DATE", value_parser = DateSpan::parse)]
    pub until: Option<DateSpan>,

    /// Only articles from this source (case-insensitive; repeat for several)
    #[arg(long = "source", value_name = "NAME")]
    pub sources: Vec<String>,

    /// Read the query as plain words (see `search --plain`)
    #[arg(long)]
    pub plain: bool,

    /// Also match words within one letter of the query words
    #[arg(long)]
    pub fuzzy: bool,

    /// Print one JSON object with the series
    #[arg(long)]
    pub json: bool,

    /// When to use colour
    #[arg(long, value_name = "WHEN", default_value = "auto")]
    pub color: ColorWhen,
}

/// Arguments of `newsdex stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
}

/// Parses a size such as `64MiB`, `500K` or `1048576`.
fn parse_size(value: &str) -> Result<u64, String> {
    let value = value.trim();
    let split = value
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(split);
    let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "kib" => 1 << 10,
        "m" | "mb" => 1_000_000,
        "mib" => 1 << 20,
        "g" | "gb" => 1_000_000_000,
        "gib" => 1 << 30,
        _ => {
            return Err(format!(
                "'{value}' is not a size: use bytes or a number with K, M, G, KiB, MiB or GiB"
            ));
        }
    };
    number
        .parse::<u64>()
        .ok()
        .and_then(|number| number.checked_mul(multiplier))
        .ok_or_else(|| {
            format!("'{value}' is not a size: use bytes or a number with K, M, G, KiB, MiB or GiB")
        })
}

/// Arguments of `newsdex search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to search for (may start with '-', as in "-russia troops")
    #[arg(
        value_name = "QUERY",
        allow_hyphen_values = true,
        required_unless_present = "batch",
        conflicts_with = "batch"
    )]
    pub query: Option<String>,

    /// Run every query in FILE: one per line, as ID<TAB>QUERY or as a JSON object with `_id`
    /// and `text` (BEIR queries). A query that cannot be run is reported and the rest go on.
    #[arg(long, value_name = "FILE")]
    pub batch: Option<PathBuf>,

    /// Read the query as plain words: punctuation, quotes and words such as AND are just text,
    /// and a word given twice counts twice
    #[arg(long)]
    pub plain: bool,

    /// With --plain, do not add words from the best-matching articles to the query
    /// (pseudo-relevance feedback; see README "Ranking")
    #[arg(long, requires = "plain")]
    pub no_feedback: bool,

    /// Output format: `human`, `json` (JSON Lines) or `trec` (one line per article:
    /// QID Q0 ARTICLE RANK SCORE newsdex; articles score as their best passage)
    #[arg(long, value_name = "FORMAT", default_value = "human")]
    pub format: OutputFormat,

    /// Only articles dated on or after DATE (YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339)
    #[arg(long, value_name = "DATE", value_parser = DateSpan::parse)]
    pub since: Option<DateSpan>,

    /// Only articles dated on or before DATE (YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339; a year,
    /// month or day counts whole)
    #[arg(long, value_name = "DATE", value_parser = DateSpan::parse)]
    pub until: Option<DateSpan>,

    /// Keep undated articles when filtering by date
    #[arg(long)]
    pub include_undated: bool,

    /// Only articles from this source (case-insensitive; repeat for several)
    #[arg(long = "source", value_name = "NAME")]
    pub sources: Vec<String>,

    /// Most passages to show (with --format trec, most articles per query)
    #[arg(long, short = 'n', value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: u32,

    /// Show every copy of a passage as its own hit (by default near-duplicates, such as the
    /// same wire story in several outlets, are folded into the best-ranked one)
    #[arg(long)]
    pub no_collapse: bool,

    /// At most N hits from one article (the rest are counted)
    #[arg(long, value_name = "N", default_value_t = 2,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub per_article: u32,

    /// Order of hits: relevance, newest or oldest (undated last; ties by relevance)
    #[arg(long, value_name = "ORDER", default_value = "relevance")]
    pub sort: crate::search::Sort,

    /// Also print N passages before and after each hit, from its article
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u32).range(0..=1000))]
    pub context: u32,

    /// Also match words within one letter of the query words (Sergeyevka ~ Sergeevka)
    #[arg(long)]
    pub fuzzy: bool,

    /// Print JSON Lines: one object per hit, then a summary object (same as --format json)
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// When to use colour
    #[arg(long, value_name = "WHEN", default_value = "auto")]
    pub color: ColorWhen,
}

/// How search results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// For people: colour, highlights, trimmed passages
    Human,
    /// JSON Lines: one object per hit, then a summary object per query
    Json,
    /// TREC run lines, ranked by article
    Trec,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour when stdout is a terminal and NO_COLOR is not set
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}
