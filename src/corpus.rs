//! Walks a corpus folder and lists the article files in it, with what is needed to tell
//! whether they changed since the last run.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use walkdir::WalkDir;

use crate::article;
use crate::error::{Error, Result};

/// One article file found in the corpus.
#[derive(Debug, Clone)]
pub struct CorpusFile {
    /// Path relative to the corpus root, with `/` separators: the file's key in the index.
    pub rel: String,
    /// Path to open.
    pub path: PathBuf,
    /// Size in bytes.
    pub size: u64,
    /// Modification time in nanoseconds since the epoch.
    pub mtime: i64,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Article files, sorted by path.
    pub files: Vec<CorpusFile>,
    /// Files passed over because their extension is not one newsdex reads.
    pub ignored: usize,
    /// Entries that could not be read, with the reason.
    pub problems: Vec<(String, String)>,
}

/// Lists the article files below `root`, skipping hidden entries and the folder `exclude`
/// (the index itself, when it lives inside the corpus).
pub fn walk(root: &Path, exclude: Option<&Path>) -> Result<Walk> {
    match std::fs::metadata(root) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(Error::BadCorpus {
                dir: root.to_path_buf(),
                problem: "is not a folder",
            });
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::BadCorpus {
                dir: root.to_path_buf(),
                problem: "does not exist",
            });
        }
        Err(err) => return Err(Error::io(root, err)),
    }
    let exclude = exclude.and_then(|dir| dir.canonicalize().ok());
    let mut walk = Walk::default();
    let entries = WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let hidden = entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
            let excluded = entry.file_type().is_dir()
                && exclude
                    .as_deref()
                    .is_some_and(|dir| entry.path().canonicalize().is_ok_and(|path| path == dir));
            !hidden && !excluded
        });
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                let reason = err
                    .io_error()
                    .map_or_else(|| err.to_string(), ToString::to_string);
                walk.problems.push((path, reason));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        if !article::is_article_file(&entry.file_name().to_string_lossy()) {
            walk.ignored += 1;
            continue;
        }
        let meta = match entry.metadata() {
            Ok(meta) => meta,
            Err(err) => {
                walk.problems
                    .push((entry.path().display().to_string(), err.to_string()));
                continue;
            }
        };
        let mtime = meta
            .modified()
            .ok()
            .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |since| {
                i64::try_from(since.as_nanos()).unwrap_or(i64::MAX)
            });
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .components()
            .map(|part| part.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        walk.files.push(CorpusFile {
            rel,
            path: entry.path().to_path_buf(),
            size: meta.len(),
            mtime,
        });
    }
    Ok(walk)
}
