//! Errors a user can act on: each names the file, flag or value at fault and what to do next.

use std::io;
use std::path::PathBuf;

/// Everything that can stop a newsdex command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No index has been built at the index folder.
    #[error("no index at {}: build one with `newsdex index CORPUS`", .dir.display())]
    NoIndex { dir: PathBuf },

    /// The index folder holds something other than a newsdex index.
    #[error(
        "{} is not a newsdex index (it has no newsdex.json): pass another --index folder, or empty this one",
        .dir.display()
    )]
    NotAnIndex { dir: PathBuf },

    /// The index was written by a newsdex with another format version.
    #[error(
        "the index at {} has format version {found} but this newsdex reads version {expected}: rebuild it with `newsdex index --rebuild`",
        .dir.display()
    )]
    FormatVersion {
        dir: PathBuf,
        found: u32,
        expected: u32,
    },

    /// The index files cannot be read.
    #[error("the index at {} is damaged ({reason}): rebuild it with `newsdex index --rebuild`", .dir.display())]
    Damaged { dir: PathBuf, reason: String },

    /// Another process holds the index writer lock.
    #[error(
        "the index at {} is being updated by another process: wait for it to finish, then run this again",
        .dir.display()
    )]
    Locked { dir: PathBuf },

    /// The corpus is missing, or is neither a folder nor a file newsdex reads.
    #[error("corpus {} {problem}: pass a folder of articles or an article file, e.g. `newsdex index corpus`", .dir.display())]
    BadCorpus { dir: PathBuf, problem: &'static str },

    /// `--strict` was given and inputs were skipped.
    #[error(
        "{count} skipped with --strict: fix or remove them (see the warnings above), or run without --strict"
    )]
    Strict { count: String },

    /// A setting from the environment is invalid.
    #[error("{0}")]
    Config(String),

    /// The query cannot be parsed.
    #[error("invalid query: {message}\n  {query}\n  {caret}\n{hint}")]
    QuerySyntax {
        message: String,
        query: String,
        caret: String,
        hint: String,
    },

    /// The query is well formed but cannot be run.
    #[error("invalid query: {0}")]
    Query(String),

    /// A file or folder could not be read or written.
    #[error("{}: {source}", .path.display())]
    Io { path: PathBuf, source: io::Error },

    /// Writing the output failed (a closed pipe is handled by the caller).
    #[error("cannot write output: {0}")]
    Output(#[from] io::Error),

    /// The search engine reported an error.
    #[error("index error: {0}")]
    Engine(#[from] tantivy::TantivyError),

    /// The system would not start a thread (out of threads or memory).
    #[error(
        "cannot start a thread: {0}; the index keeps what was committed, run again when the system has resources to spare"
    )]
    Thread(io::Error),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// True when the error is a closed output pipe, which is not a failure (`| head`).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(err) if err.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// Result type of the newsdex library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
