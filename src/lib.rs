//! newsdex: a local search tool for collections of news articles.
//!
//! Data flows one way: corpus files → articles → passages → index, and
//! query → hits → printer.

pub mod article;
pub mod batch;
pub mod cli;
pub mod collapse;
pub mod corpus;
pub mod dates;
pub mod english;
pub mod error;
pub mod eval;
pub mod feedback;
pub mod highlight;
pub mod indexer;
pub mod manifest;
pub mod passage;
pub mod pieces;
pub mod print;
pub mod query;
pub mod schema;
pub mod search;
pub mod show;
pub mod signature;
pub mod skip;
pub mod stats;
pub mod stem;
pub mod store;
pub mod timeline;

use std::io::Write;
use std::path::{Path, PathBuf};

use cli::{
    Cli, ColorWhen, Command, IndexArgs, OutputFormat, SearchArgs, ShowArgs, SourceFrom, StatsArgs,
    TimelineArgs,
};
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
    let from_env = std::env::var_os("NEWSDEX_INDEX").filter(|value| !value.is_empty());
    let index_dir = cli
        .index
        .or(from_env.map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX_DIR));
    match cli.command {
        Command::Index(args) => run_index(&index_dir, args),
        Command::Search(args) => run_search(&index_dir, args),
        Command::Show(args) => run_show(&index_dir, args),
        Command::Timeline(args) => run_timeline(&index_dir, args),
        Command::Stats(args) => run_stats(&index_dir, args),
        Command::Eval(args) => run_eval(args),
    }
}

fn run_eval(args: cli::EvalArgs) -> Result<Outcome> {
    let read = |path: &Path| std::fs::read_to_string(path).map_err(|err| Error::io(path, err));
    let (qrels, bad_qrels) = eval::parse_qrels(&read(&args.qrels)?);
    let (run, bad_run) = eval::parse_run(&read(&args.run)?);
    const SHOWN: usize = 5;
    let files = [
        (
            &args.qrels,
            bad_qrels,
            "not QUERY DOC GRADE or QUERY 0 DOC GRADE",
        ),
        (
            &args.run,
            bad_run,
            "not a TREC run line (QID Q0 DOC RANK SCORE TAG)",
        ),
    ];
    for (path, bad, what) in &files {
        for line in bad.iter().take(SHOWN) {
            warn(&format!("{}:{line}: {what}; line ignored", path.display()));
        }
        if bad.len() > SHOWN {
            warn(&format!(
                "{}: {} more like that ignored",
                path.display(),
                plural(bad.len() - SHOWN, "line")
            ));
        }
    }
    // Nothing to score is a mistake (files swapped, the wrong file), not a score of 0.
    if qrels.is_empty() {
        return Err(Error::Config(format!(
            "{} holds no judgments (QUERY DOC GRADE lines): give the judgments first, then the run: `newsdex eval QRELS RUN`",
            args.qrels.display()
        )));
    }
    if run.is_empty() {
        return Err(Error::Config(format!(
            "{} holds no run lines (QID Q0 DOC RANK SCORE TAG): give the judgments first, then the run: `newsdex eval QRELS RUN`",
            args.run.display()
        )));
    }
    if !run.keys().any(|query| qrels.contains_key(query)) {
        warn(&format!(
            "no query of {} is judged in {}: every judged query scores 0",
            args.run.display(),
            args.qrels.display()
        ));
    }
    let scores = eval::evaluate(&qrels, &run);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &scores).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        writeln!(out, "nDCG@10     {:.4}", scores.ndcg_10)?;
        writeln!(out, "Recall@100  {:.4}", scores.recall_100)?;
        writeln!(out, "MAP         {:.4}", scores.map)?;
        writeln!(out, "queries     {}", scores.queries)?;
    }
    Ok(Outcome::Success)
}

/// Today's date: `$NEWSDEX_TODAY` (YYYY-MM-DD, for reproducible runs and tests), else the
/// local date.
fn today() -> Result<chrono::NaiveDate> {
    match std::env::var("NEWSDEX_TODAY") {
        Ok(value) => chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d").map_err(|_| {
            Error::Config(format!(
                "NEWSDEX_TODAY='{value}' is not a date: use YYYY-MM-DD, or unset it"
            ))
        }),
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
}

fn run_show(index_dir: &Path, args: ShowArgs) -> Result<Outcome> {
    let store = store::Store::open(index_dir)?;
    let article = show::find(&store, &args.article)?;
    if let Some(passage) = args.passage {
        article.check_passage(passage)?;
    }
    let mut out = stdout_for(args.color, !args.json);
    if args.json {
        print::show::json(&mut out, &article, args.passage)?;
    } else {
        print::show::human(&mut out, &article, args.passage)?;
    }
    Ok(Outcome::Success)
}

fn run_timeline(index_dir: &Path, args: TimelineArgs) -> Result<Outcome> {
    check_date_order(args.since.as_ref(), args.until.as_ref())?;
    let text = query::without_controls(&args.query);
    let syntax = if args.plain {
        query::Syntax::Plain
    } else {
        query::check_syntax(&text)?;
        query::Syntax::Query
    };
    build_default_index_if_missing(index_dir)?;
    let store = store::Store::open(index_dir)?;
    warn_unknown_sources(&store, &args.sources)?;
    let request = timeline::TimelineRequest {
        query: text.clone(),
        syntax,
        filters: query::Filters {
            since: args.since,
            until: args.until,
            sources: args.sources,
            include_undated: true,
        },
        fuzzy: args.fuzzy,
        by: args.by,
    };
    let timeline = timeline::timeline(&store, &request)?;
    let mut out = stdout_for(args.color, !args.json);
    if args.json {
        print::timeline::json(&mut out, &text, &timeline)?;
    } else {
        print::timeline::human(&mut out, &text, &timeline, args.by_source)?;
    }
    Ok(if timeline.articles > 0 {
        Outcome::Success
    } else {
        Outcome::NoHits
    })
}

/// Refuses a --since later than --until: nothing could match.
fn check_date_order(
    since: Option<&dates::DateSpan>,
    until: Option<&dates::DateSpan>,
) -> Result<()> {
    if let (Some(since), Some(until)) = (since, until)
        && since.start >= until.end
    {
        return Err(Error::Config(
            "--since is later than --until, so nothing can match: swap the two dates".to_string(),
        ));
    }
    Ok(())
}

fn color_choice(when: ColorWhen) -> print::ColorChoice {
    match when {
        ColorWhen::Auto => print::ColorChoice::Auto,
        ColorWhen::Always => print::ColorChoice::Always,
        ColorWhen::Never => print::ColorChoice::Never,
    }
}

/// Standard output for the printers: buffered, so that output reaches the terminal or pipe
/// in one write per flush rather than one per line. Output for people (`styled`) keeps or
/// strips its styles as `when` (and, for `auto`, the terminal and `NO_COLOR`) say; output
/// for programs (JSON, TREC) has no styles and goes out as written, without being scanned
/// for them (stripping cost a batch of JSON queries a quarter of its instructions).
fn stdout_for(when: ColorWhen, styled: bool) -> anstream::AutoStream<Box<dyn Write>> {
    let choice = match color_choice(when) {
        _ if !styled => print::ColorChoice::AlwaysAnsi,
        print::ColorChoice::Auto => anstream::AutoStream::choice(&std::io::stdout()),
        choice => choice,
    };
    let buffered: Box<dyn Write> = Box::new(std::io::BufWriter::new(std::io::stdout().lock()));
    anstream::AutoStream::new(buffered, choice)
}

fn run_stats(index_dir: &Path, args: StatsArgs) -> Result<Outcome> {
    let store = store::Store::open(index_dir)?;
    let stats = stats::stats(&store)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        print::stats::json(&mut out, &stats)?;
    } else {
        print::stats::human(&mut out, &index_dir.display().to_string(), &stats)?;
    }
    Ok(Outcome::Success)
}

fn run_index(index_dir: &Path, args: IndexArgs) -> Result<Outcome> {
    let options = IndexOptions {
        corpus: args.corpus,
        index_dir: index_dir.to_path_buf(),
        rebuild: args.rebuild,
        source_from_folder: args.source_from.map(|from| from == SourceFrom::Folder),
        max_file_size: args.max_file_size,
        commit_every: args.commit_every.max(1),
        today: today()?,
        progress: true,
    };
    say_so_when_interrupted(index_dir);
    let summary = indexer::index(&options, &warn)?;
    let mut out = std::io::stdout().lock();
    print_index_summary(&mut out, index_dir, &summary)?;
    if args.strict && !summary.skipped.is_empty() {
        return Err(Error::Strict {
            count: plural(summary.skipped.len(), "input"),
        });
    }
    Ok(Outcome::Success)
}

fn run_search(index_dir: &Path, args: SearchArgs) -> Result<Outcome> {
    let format = if args.json {
        OutputFormat::Json
    } else {
        args.format
    };
    if format == OutputFormat::Trec {
        // A TREC run ranks whole articles by relevance: flags about passages would be ignored.
        let ignored = [
            (args.sort != search::Sort::Relevance, "--sort"),
            (args.context > 0, "--context"),
            (args.no_collapse, "--no-collapse"),
        ];
        if let Some((_, flag)) = ignored.iter().find(|(given, _)| *given) {
            return Err(Error::Config(format!(
                "{flag} does not apply to --format trec, which ranks whole articles by relevance: leave it out, or use --format json"
            )));
        }
    }
    let syntax = if args.plain {
        query::Syntax::Plain
    } else {
        query::Syntax::Query
    };
    check_date_order(args.since.as_ref(), args.until.as_ref())?;
    let (queries, problems) = match (&args.batch, &args.query) {
        (Some(path), _) => {
            let (queries, problems) = batch::read(path)?;
            if queries.is_empty() && problems.is_empty() {
                return Err(Error::Config(format!(
                    "--batch {}: the file holds no queries: write one per line, as ID<TAB>QUERY or {{\"_id\": …, \"text\": …}}",
                    path.display()
                )));
            }
            (queries, problems)
        }
        (None, Some(text)) => {
            // A mistyped option lands here, as the query may start with '-' ("-russia").
            let looks_like_option = text.strip_prefix("--").is_some_and(|option| {
                let name = option.split_once('=').map_or(option, |(name, _)| name);
                name.starts_with(|c: char| c.is_ascii_alphabetic())
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
            if looks_like_option {
                return Err(Error::Config(format!(
                    "{text} is not an option of `newsdex search` (see `newsdex search --help`), and not a query"
                )));
            }
            let text = query::without_controls(text);
            // A query with a syntax error is reported before anything is built or opened.
            if syntax == query::Syntax::Query {
                query::check_syntax(&text)?;
            }
            let single = batch::BatchQuery {
                id: "1".to_string(),
                text,
                line: 0,
            };
            (vec![single], Vec::new())
        }
        (None, None) => (Vec::new(), Vec::new()),
    };
    let batch_file = args.batch.as_ref().map(|path| path.display().to_string());
    for (line, reason) in &problems {
        warn(&format!(
            "{}:{line}: {reason}",
            batch_file.as_deref().unwrap_or("")
        ));
    }
    build_default_index_if_missing(index_dir)?;
    let store = store::Store::open(index_dir)?;
    warn_unknown_sources(&store, &args.sources)?;
    let filters = query::Filters {
        since: args.since,
        until: args.until,
        sources: args.sources,
        include_undated: args.include_undated,
    };
    let mut out = stdout_for(args.color, format == OutputFormat::Human);
    let mut found = false;
    let mut failed = !problems.is_empty();
    for query in &queries {
        let request = search::SearchRequest {
            query: query.text.clone(),
            filters: filters.clone(),
            limit: args.limit as usize,
            fuzzy: args.fuzzy,
            feedback: !args.no_feedback,
            context: u64::from(args.context),
            collapse: !args.no_collapse,
            per_article: args.per_article as usize,
            sort: args.sort,
            syntax,
        };
        let printed = match run_one(
            &store,
            &request,
            query,
            batch_file.is_some(),
            format,
            &mut out,
        ) {
            Ok((hits, printed)) => {
                found |= hits;
                printed
            }
            // In a batch, a query that cannot be run is reported and the others go on.
            Err(err @ (Error::Query(_) | Error::QuerySyntax { .. })) if batch_file.is_some() => {
                failed = true;
                warn_lines(&format!(
                    "{}:{} (query {}): {err}",
                    batch_file.as_deref().unwrap_or(""),
                    query.line,
                    query.id
                ));
                // Programs reading JSON learn of it in the output too, in the query's place.
                if format == OutputFormat::Json {
                    print::json::print_query_error(&mut out, &query.id, &err.to_string())
                } else {
                    Ok(())
                }
            }
            Err(err) => return Err(err),
        };
        match printed {
            // A reader that stopped early (`| head`) is not an error; the exit code still
            // tells whether anything was found.
            Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => break,
            Err(err) => return Err(err.into()),
            Ok(()) => {}
        }
    }
    if failed {
        return Err(Error::Config(format!(
            "some queries of {} could not be run (see above)",
            batch_file.as_deref().unwrap_or("the batch")
        )));
    }
    Ok(if found {
        Outcome::Success
    } else {
        Outcome::NoHits
    })
}

/// Warns about `--source` names no article of the index has (a typo finds nothing, silently).
fn warn_unknown_sources(store: &store::Store, sources: &[String]) -> Result<()> {
    let searcher = store.reader.searcher();
    for name in sources {
        let term =
            tantivy::Term::from_field_text(store.fields.source, &schema::normalize_source(name));
        if searcher.doc_freq(&term)? == 0 {
            warn(&format!(
                "no article in the index has the source '{name}': names match whole, in any case; `newsdex stats` lists them"
            ));
        }
    }
    Ok(())
}

/// Runs one query and prints its results. Returns whether it found anything, and how the
/// printing went (kept apart, so that a closed pipe is not taken for a failed query).
fn run_one(
    store: &store::Store,
    request: &search::SearchRequest,
    query: &batch::BatchQuery,
    in_batch: bool,
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<(bool, std::io::Result<()>)> {
    if format == OutputFormat::Trec {
        let articles = search::search_articles(store, request)?;
        return Ok((
            !articles.is_empty(),
            print::trec::print(out, &query.id, &articles),
        ));
    }
    let mut results = search::search(store, request)?;
    if in_batch {
        for hit in &mut results.hits {
            hit.query = Some(query.id.clone());
        }
        results.summary.query = Some(query.id.clone());
    }
    let printed = match format {
        OutputFormat::Json => print::json::print(out, &results),
        _ => {
            let header = if in_batch {
                writeln!(out, "query {}: {}", query.id, query.text)
            } else {
                Ok(())
            };
            header.and_then(|()| print::human::print(out, &results))
        }
    };
    Ok((!results.hits.is_empty(), printed))
}

/// True while an index is being built, for the Ctrl-C handler.
static INDEXING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Interrupted, an index keeps every commit (a kill at any point leaves it searchable): Ctrl-C
/// while indexing says so, and how to go on, rather than ending the run in silence. Call it
/// before indexing; `INDEXING` is set here and cleared by the caller when indexing ends.
fn say_so_when_interrupted(index_dir: &Path) {
    let shown = index_dir.display().to_string();
    INDEXING.store(true, std::sync::atomic::Ordering::SeqCst);
    // Set once per process; a second call changes nothing.
    let _ = ctrlc::set_handler(move || {
        if INDEXING.load(std::sync::atomic::Ordering::SeqCst) {
            eprintln!(
                "\nnewsdex: interrupted: {shown} keeps what was committed and can be searched; run `newsdex index` again to finish"
            );
        }
        std::process::exit(130);
    });
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
        source_from_folder: None,
        max_file_size: indexer::DEFAULT_MAX_FILE_SIZE,
        commit_every: indexer::DEFAULT_COMMIT_EVERY,
        today: today()?,
        progress: true,
    };
    say_so_when_interrupted(index_dir);
    let summary = indexer::index(&options, &warn);
    INDEXING.store(false, std::sync::atomic::Ordering::SeqCst);
    print_index_summary(&mut std::io::stderr().lock(), index_dir, &summary?)?;
    Ok(())
}

/// Prints a warning on one line: control characters (a newline in a file name) are escaped.
fn warn(message: &str) {
    eprintln!(
        "newsdex: warning: {}",
        print::human::printable_name(message)
    );
}

/// A warning of several lines (a query error with its caret): the first line as `warn` gives
/// it, the others as they are.
fn warn_lines(message: &str) {
    let mut lines = message.lines();
    warn(lines.next().unwrap_or_default());
    for line in lines {
        eprintln!("{}", print::human::printable(line));
    }
}

fn print_index_summary(
    out: &mut dyn Write,
    index_dir: &Path,
    summary: &IndexSummary,
) -> std::io::Result<()> {
    writeln!(
        out,
        "indexed {} into {} in {:.2} s",
        corpus::display_path(&summary.corpus, ""),
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
        let reasons: Vec<String> = skip::count_by_kind(&summary.skipped)
            .into_iter()
            .map(|(kind, count)| format!("{count} {}", kind.label()))
            .collect();
        writeln!(
            out,
            "skipped: {} ({}; see the warnings above)",
            summary.skipped.len(),
            reasons.join(", ")
        )?;
    }
    if summary.warnings > 0 {
        writeln!(
            out,
            "warnings: {} (see above; those articles are indexed)",
            summary.warnings
        )?;
    }
    if summary.legacy_decoded > 0 {
        writeln!(
            out,
            "decoded from a legacy encoding: {}",
            plural(summary.legacy_decoded, "file")
        )?;
    }
    if summary.ignored > 0 {
        writeln!(
            out,
            "ignored: {} that newsdex does not read (it reads .txt, .md, .json, .jsonl, .html and their variants)",
            plural(summary.ignored, "file")
        )?;
    }
    out.flush()
}

fn plural(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}
