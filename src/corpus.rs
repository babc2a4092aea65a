//! Walks a corpus folder and lists the article files in it, with what is needed to tell
//! whether they changed since the last run.

use std::cell::RefCell;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::UNIX_EPOCH;

use walkdir::WalkDir;

use crate::article::{Format, HTML_EXTENSIONS, may_be_served_page};
use crate::error::{Error, Result};
use crate::manifest::MANIFEST_NAMES;
use crate::skip::{Skip, SkipKind};

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
    /// Entries that could not be followed or read.
    pub skips: Vec<Skip>,
}

/// The folder of a corpus and, when the corpus is one file, that file's name in it. Article
/// paths are relative to the folder either way.
pub fn folder_and_file(corpus: &Path) -> (PathBuf, Option<String>) {
    match (corpus.parent(), corpus.file_name()) {
        (Some(parent), Some(name)) if corpus.is_file() => (
            parent.to_path_buf(),
            Some(name.to_string_lossy().into_owned()),
        ),
        _ => (corpus.to_path_buf(), None),
    }
}

/// True for a path given as a corpus that is a file newsdex reads, rather than a folder.
pub fn is_article_path(path: &Path) -> bool {
    path.is_file()
        && path
            .file_name()
            .is_some_and(|name| is_article_file(path, &name.to_string_lossy()))
}

/// Lists the article files below `root`, following symbolic links, skipping hidden entries,
/// the manifest, and the folder `exclude` (the index itself, when it lives inside the corpus).
/// With `only`, the corpus is that one file of `root`.
pub fn walk(root: &Path, exclude: Option<&Path>, only: Option<&str>) -> Result<Walk> {
    if let Some(name) = only {
        return walk_one(root, name);
    }
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
    if let Err(err) = std::fs::read_dir(root) {
        return Err(Error::BadCorpus {
            dir: root.to_path_buf(),
            problem: if err.kind() == std::io::ErrorKind::PermissionDenied {
                "cannot be read (permission denied)"
            } else {
                "cannot be read"
            },
        });
    }
    let exclude = exclude.and_then(|dir| dir.canonicalize().ok());
    let mut walk = Walk::default();
    let entries = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let hidden = entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
            let excluded = entry.file_type().is_dir()
                && exclude
                    .as_deref()
                    .is_some_and(|dir| entry.path().canonicalize().is_ok_and(|path| path == dir));
            let manifest =
                entry.depth() == 1 && MANIFEST_NAMES.iter().any(|name| entry.file_name() == *name);
            let resources = entry.depth() > 0
                && entry.file_type().is_dir()
                && is_saved_page_resources(entry.path());
            !hidden && !excluded && !manifest && !resources
        });
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                walk.skips.push(walk_problem(root, &err));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        if !is_article_file(entry.path(), &entry.file_name().to_string_lossy()) {
            walk.ignored += 1;
            continue;
        }
        let meta = match entry.metadata() {
            Ok(meta) => meta,
            Err(err) => {
                walk.skips.push(walk_problem(root, &err));
                continue;
            }
        };
        walk.files.push(CorpusFile {
            rel: relative(root, entry.path()),
            path: entry.path().to_path_buf(),
            size: meta.len(),
            mtime: mtime_nanos(&meta),
        });
    }
    Ok(walk)
}

/// The walk of a corpus that is one file.
fn walk_one(root: &Path, name: &str) -> Result<Walk> {
    let path = root.join(name);
    let meta = match std::fs::metadata(&path) {
        Ok(meta) if meta.is_file() => meta,
        Ok(_) => {
            return Err(Error::BadCorpus {
                dir: path,
                problem: "is not a file any more",
            });
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::BadCorpus {
                dir: path,
                problem: "does not exist",
            });
        }
        Err(err) => return Err(Error::io(&path, err)),
    };
    Ok(Walk {
        files: vec![CorpusFile {
            rel: escape_name(std::ffi::OsStr::new(name)),
            size: meta.len(),
            mtime: mtime_nanos(&meta),
            path,
        }],
        ..Walk::default()
    })
}

/// A file's modification time in nanoseconds since the epoch (0 if unknown).
pub fn mtime_nanos(meta: &std::fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |since| {
            i64::try_from(since.as_nanos()).unwrap_or(i64::MAX)
        })
}

/// True for a file newsdex reads: one whose extension it knows, or a web page saved under a
/// name without one or with a server's (`story.php?id=5`), as its first kilobyte shows.
fn is_article_file(path: &Path, name: &str) -> bool {
    if Format::from_name(name).is_some() {
        return true;
    }
    if !may_be_served_page(name) {
        return false;
    }
    let mut head = Vec::with_capacity(1024);
    let read = std::fs::File::open(path).and_then(|file| file.take(1024).read_to_end(&mut head));
    read.is_ok() && Format::of_file(name, &head).is_some()
}

/// Suffixes browsers give the folder of a saved page's resources, by language: "Page_files"
/// beside "Page.html" (Chrome, Firefox, Edge), "Seite-Dateien" (German Firefox), and so on.
const RESOURCE_FOLDER_SUFFIXES: &[&str] = &[
    "_files",
    "-Dateien",
    "_fichiers",
    "-fichiers",
    "_archivos",
    "-archivos",
    "_file",
    "-file",
    "_arquivos",
    "-arquivos",
    "_bestanden",
    "-bestanden",
];

/// True for the folder of resources a browser saves beside a page ("Page_files" next to
/// "Page.html"): its scripts, styles and the pages of its frames (ads, players, embedded
/// posts) are not articles.
fn is_saved_page_resources(dir: &Path) -> bool {
    let Some(name) = dir.file_name().and_then(|name| name.to_str()) else {
        return false;
    };
    RESOURCE_FOLDER_SUFFIXES.iter().any(|suffix| {
        name.strip_suffix(suffix).is_some_and(|stem| {
            !stem.is_empty()
                && HTML_EXTENSIONS
                    .iter()
                    .any(|ext| dir.with_file_name(format!("{stem}.{ext}")).is_file())
        })
    })
}

/// The corpus-relative path of a file, with `/` separators. Bytes of a name that are not
/// UTF-8 are written as `\xNN`, so that two such names never become the same key.
pub fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|part| escape_name(part.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
}

fn escape_name(name: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut escaped = String::new();
    for chunk in name.as_bytes().utf8_chunks() {
        escaped.push_str(chunk.valid());
        for byte in chunk.invalid() {
            escaped.push_str(&format!("\\x{byte:02X}"));
        }
    }
    escaped
}

fn walk_problem(root: &Path, err: &walkdir::Error) -> Skip {
    let path = err.path().unwrap_or(root);
    let location = display_path(root, &relative(root, path));
    if let Some(ancestor) = err.loop_ancestor() {
        return Skip {
            location,
            kind: SkipKind::LinkLoop,
            detail: format!(
                "symbolic link loop (leads back to {}); not followed",
                ancestor.display()
            ),
        };
    }
    let is_link = path
        .symlink_metadata()
        .is_ok_and(|meta| meta.file_type().is_symlink());
    let not_found = err
        .io_error()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound);
    if is_link && not_found {
        let target = std::fs::read_link(path)
            .map(|target| target.display().to_string())
            .unwrap_or_default();
        return Skip {
            location,
            kind: SkipKind::BrokenLink,
            detail: format!("broken symbolic link (points to {target})"),
        };
    }
    Skip {
        location,
        kind: SkipKind::Unreadable,
        detail: format!(
            "cannot read: {}",
            err.io_error()
                .map_or_else(|| err.to_string(), ToString::to_string)
        ),
    }
}

/// The path to print for a corpus file: relative to the current directory when the corpus
/// is below it, else absolute.
pub fn display_path(corpus: &Path, rel: &str) -> String {
    thread_local! {
        /// The last corpus shown, with what its files' paths start with, if that is the
        /// same for all of them.
        static SHOWN: RefCell<Option<(PathBuf, Option<String>)>> = const { RefCell::new(None) };
    }
    // Every hit of a search shows a path: the corpus's part is worked out once.
    let fast = SHOWN.with(|shown| {
        let mut shown = shown.try_borrow_mut().ok()?;
        if shown
            .as_ref()
            .is_none_or(|(last, _)| last.as_os_str() != corpus.as_os_str())
        {
            *shown = Some((corpus.to_path_buf(), shown_prefix(corpus)));
        }
        let prefix = shown.as_ref()?.1.as_deref()?;
        Some(match (prefix, rel) {
            ("", _) => rel.to_string(),
            (_, "") => prefix.to_string(),
            _ if prefix.ends_with('/') => format!("{prefix}{rel}"),
            _ => format!("{prefix}/{rel}"),
        })
    });
    if let Some(shown) = fast {
        return shown;
    }
    let full = if rel.is_empty() {
        corpus.to_path_buf()
    } else {
        corpus.join(rel)
    };
    let shown = current_dir()
        .and_then(|cwd| full.strip_prefix(cwd).ok())
        .unwrap_or(&full);
    shown.display().to_string()
}

/// How `display_path` shows `corpus` itself, when its files are shown as that followed by
/// their relative path: the corpus relative to the current directory when below it, else
/// whole. `None` when the current directory is below the corpus (shown from there).
fn shown_prefix(corpus: &Path) -> Option<String> {
    match current_dir() {
        Some(cwd) => match corpus.strip_prefix(cwd) {
            Ok(below) => Some(below.display().to_string()),
            Err(_) if cwd.starts_with(corpus) => None,
            Err(_) => Some(corpus.display().to_string()),
        },
        None => Some(corpus.display().to_string()),
    }
}

/// The current directory, canonical (as corpus paths are), if it can be known.
fn current_dir() -> Option<&'static Path> {
    static CWD: OnceLock<Option<PathBuf>> = OnceLock::new();
    CWD.get_or_init(|| {
        std::env::current_dir()
            .and_then(|cwd| cwd.canonicalize())
            .ok()
    })
    .as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_folders_of_saved_pages_are_skipped() -> std::io::Result<()> {
        let root = tempfile::tempdir()?;
        let write = |path: &str, text: &str| -> std::io::Result<()> {
            let path = root.path().join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, text)
        };
        write("Story.html", "<html><body><p>Text.</p></body></html>")?;
        write(
            "Story_files/ad.html",
            "<html><body><p>Ad.</p></body></html>",
        )?;
        write("Bericht.htm", "<html><body><p>Text.</p></body></html>")?;
        write("Bericht-Dateien/player.htm", "<p>Player.</p>")?;
        // Without a page of that name beside it, a folder so named is the user's own.
        write("old_files/note.txt", "A note.")?;
        let walk = walk(root.path(), None, None).map_err(std::io::Error::other)?;
        let mut found: Vec<&str> = walk.files.iter().map(|file| file.rel.as_str()).collect();
        found.sort_unstable();
        assert_eq!(found, ["Bericht.htm", "Story.html", "old_files/note.txt"]);
        Ok(())
    }

    #[test]
    fn pages_saved_under_server_names_are_found_by_their_content() -> std::io::Result<()> {
        let root = tempfile::tempdir()?;
        let page = "<!DOCTYPE html><html><body><p>Text.</p></body></html>";
        std::fs::create_dir_all(root.path().join("2024/10"))?;
        std::fs::write(root.path().join("2024/10/story"), page)?;
        std::fs::write(root.path().join("article.php?id=5"), page)?;
        std::fs::write(root.path().join("index.php"), "<?php echo 1; ?>")?;
        std::fs::write(root.path().join("README"), "Notes.")?;
        std::fs::write(root.path().join("style.css"), page)?;
        let walk = walk(root.path(), None, None).map_err(std::io::Error::other)?;
        let found: Vec<&str> = walk.files.iter().map(|file| file.rel.as_str()).collect();
        assert_eq!(found, ["2024/10/story", "article.php?id=5"]);
        assert_eq!(walk.ignored, 3);
        Ok(())
    }

    #[test]
    fn paths_below_the_current_directory_are_shown_relative_to_it() {
        let Some(cwd) = current_dir() else {
            return;
        };
        let corpus = cwd.join("corpus");
        // Twice each, the second time from what was worked out for the corpus.
        for _ in 0..2 {
            assert_eq!(display_path(&corpus, "a/b.txt"), "corpus/a/b.txt");
            assert_eq!(display_path(&corpus, ""), "corpus");
            assert_eq!(display_path(cwd, "b.txt"), "b.txt");
            assert_eq!(display_path(cwd, ""), "");
        }
        // A corpus elsewhere is shown whole; one above the current directory, from there.
        let elsewhere = Path::new("/nonexistent-newsdex-corpus");
        for _ in 0..2 {
            let shown = display_path(elsewhere, "b.txt");
            assert_eq!(shown, "/nonexistent-newsdex-corpus/b.txt");
            assert_eq!(display_path(elsewhere, ""), "/nonexistent-newsdex-corpus");
        }
        if let Some((parent, name)) = cwd.parent().zip(cwd.file_name()) {
            let rel = format!("{}/b.txt", name.to_string_lossy());
            assert_eq!(display_path(parent, &rel), "b.txt");
        }
    }
}
