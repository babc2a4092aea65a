//! The index folder: a tantivy index plus `newsdex.json`, which records the format version
//! and the corpus the index was built from.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::store::Compressor;
use tantivy::{Index, IndexReader, IndexSettings, ReloadPolicy};

use crate::error::{Error, Result};
use crate::schema::{self, FORMAT_VERSION, Fields};

/// Stored documents are kept in blocks of this size: a hit reads one block, so smaller blocks
/// make showing hits cheaper (tantivy's default is 16 KiB).
const DOCSTORE_BLOCK_BYTES: usize = 2048;
/// Stored documents are not compressed: decompressing a hit's block was a tenth of a search
/// (lz4 gains only a third of the store's size on blocks this small). Indexes built with lz4
/// keep it until rebuilt; tantivy reads either.
const DOCSTORE_COMPRESSION: Compressor = Compressor::None;
/// Name of newsdex's own file in the index folder.
const META_FILE: &str = "newsdex.json";
/// The list of files tantivy manages in an index folder, written before its `meta.json`.
const MANAGED_FILE: &str = ".managed.json";

/// What newsdex records about an index beyond what tantivy keeps.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexMeta {
    /// Format version the index was written with.
    pub format: u32,
    /// Absolute path of the corpus folder the index was built from; article paths are relative
    /// to it.
    pub corpus: PathBuf,
    /// The one file of that folder the index was built from, when a file was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Sources are taken from the first folder below the corpus root (`--source-from folder`).
    #[serde(default)]
    pub source_from_folder: bool,
}

/// An opened newsdex index.
pub struct Store {
    /// The index folder.
    pub dir: PathBuf,
    /// The tantivy index, with newsdex's analyzers registered.
    pub index: Index,
    /// Field handles.
    pub fields: Fields,
    /// Version and corpus.
    pub meta: IndexMeta,
    /// A reader of the last commit (reloaded by hand, never in the background).
    pub reader: IndexReader,
}

impl Store {
    /// Opens an existing index for reading, checking its format version.
    ///
    /// An index being updated by another process may drop a segment file between the moment
    /// its list of segments is read and the moment the file is opened (a merge finished); the
    /// open is then tried again on the new list, a few times, before the index is called
    /// damaged.
    pub fn open(dir: &Path) -> Result<Store> {
        const ATTEMPTS: usize = 4;
        let mut attempt = 1;
        loop {
            match Store::open_once(dir) {
                Err(Error::Damaged { .. }) if attempt < ATTEMPTS => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                opened => return opened,
            }
        }
    }

    fn open_once(dir: &Path) -> Result<Store> {
        let meta = read_meta(dir)?;
        if is_unfinished(dir) {
            return Err(Error::NoIndex {
                dir: dir.to_path_buf(),
            });
        }
        let index = Index::open_in_dir(dir).map_err(|err| damaged(dir, err))?;
        schema::register_analyzers(&index);
        let fields = Fields::from_schema(&index.schema()).map_err(|err| damaged(dir, err))?;
        let reader = open_reader(dir, &index)?;
        Ok(Store {
            dir: dir.to_path_buf(),
            index,
            fields,
            meta,
            reader,
        })
    }

    /// Opens the index for writing, creating it if the folder is missing or empty. With
    /// `rebuild`, an index that cannot be opened (another version, damaged) is cleared and
    /// created again; one that opens is kept, for the writer to empty in its first commit, so
    /// that a rebuild cut short still leaves a searchable index. A folder that is not a
    /// newsdex index is never touched.
    pub fn open_for_update(
        dir: &Path,
        corpus: &Path,
        source_from_folder: bool,
        rebuild: bool,
    ) -> Result<Store> {
        let state = folder_state(dir)?;
        if state == FolderState::Foreign {
            return Err(Error::NotAnIndex {
                dir: dir.to_path_buf(),
            });
        }
        if state == FolderState::Newsdex && !is_unfinished(dir) {
            match Store::open(dir) {
                // What it should remember is written by `remember`, once the writer's lock is
                // held.
                Ok(store) => return Ok(store),
                Err(err) if !rebuild => return Err(err),
                Err(_) => {
                    ensure_not_locked(dir)?;
                    clear(dir)?;
                }
            }
        }
        fs::create_dir_all(dir).map_err(|err| Error::io(dir, err))?;
        let (schema, fields) = Fields::schema();
        let directory = MmapDirectory::open(dir).map_err(|err| damaged(dir, err))?;
        let settings = IndexSettings {
            docstore_blocksize: DOCSTORE_BLOCK_BYTES,
            docstore_compression: DOCSTORE_COMPRESSION,
            // Blocks are stored as they are (above): handing each to a thread of its own only
            // cost the writer a wake-up per block.
            docstore_compress_dedicated_thread: false,
            ..IndexSettings::default()
        };
        // newsdex.json first: a folder holding it and nothing else is an index whose creation
        // was cut short (see `is_unfinished`), never a foreign folder.
        let meta = IndexMeta {
            format: FORMAT_VERSION,
            corpus: corpus.to_path_buf(),
            file: None,
            source_from_folder,
        };
        write_meta(dir, &meta)?;
        let index = Index::create(directory, schema, settings)?;
        schema::register_analyzers(&index);
        let reader = open_reader(dir, &index)?;
        Ok(Store {
            dir: dir.to_path_buf(),
            index,
            fields,
            meta,
            reader,
        })
    }
}

impl Store {
    /// Records the corpus and the source setting the index now follows, if they changed. Call
    /// it holding the writer's lock, so that a refused second writer changes nothing.
    pub fn remember(
        &mut self,
        corpus: &Path,
        file: Option<&str>,
        source_from_folder: bool,
    ) -> Result<()> {
        if self.meta.corpus != corpus
            || self.meta.file.as_deref() != file
            || self.meta.source_from_folder != source_from_folder
        {
            self.meta.corpus = corpus.to_path_buf();
            self.meta.file = file.map(str::to_string);
            self.meta.source_from_folder = source_from_folder;
            write_meta(&self.dir, &self.meta)?;
        }
        Ok(())
    }
}

/// The corpus an index at `dir` was built from (its folder, or the one file given) and whether
/// its sources come from folders, whatever its format version, if it says.
pub fn remembered(dir: &Path) -> Option<(PathBuf, bool)> {
    #[derive(Deserialize)]
    struct AnyVersion {
        corpus: PathBuf,
        #[serde(default)]
        file: Option<String>,
        #[serde(default)]
        source_from_folder: bool,
    }
    let text = fs::read_to_string(dir.join(META_FILE)).ok()?;
    let meta = serde_json::from_str::<AnyVersion>(&text).ok()?;
    let corpus = match meta.file {
        Some(file) => meta.corpus.join(file),
        None => meta.corpus,
    };
    Some((corpus, meta.source_from_folder))
}

/// True if `dir` holds a newsdex index (of any version).
fn exists(dir: &Path) -> bool {
    dir.join(META_FILE).is_file()
}

#[derive(Debug, PartialEq, Eq)]
enum FolderState {
    Missing,
    Empty,
    Newsdex,
    Foreign,
}

fn folder_state(dir: &Path) -> Result<FolderState> {
    if exists(dir) {
        return Ok(FolderState::Newsdex);
    }
    match fs::read_dir(dir) {
        Ok(mut entries) => Ok(if entries.next().is_none() {
            FolderState::Empty
        } else {
            FolderState::Foreign
        }),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(FolderState::Missing),
        Err(err) if err.kind() == std::io::ErrorKind::NotADirectory => Ok(FolderState::Foreign),
        Err(err) => Err(Error::io(dir, err)),
    }
}

/// Fails if another process is writing to the index, so that a rebuild does not pull the
/// folder from under it.
fn ensure_not_locked(dir: &Path) -> Result<()> {
    let Ok(index) = Index::open_in_dir(dir) else {
        return Ok(());
    };
    match index.writer_with_num_threads::<tantivy::TantivyDocument>(1, 15_000_000) {
        Err(tantivy::TantivyError::LockFailure(..)) => Err(Error::Locked {
            dir: dir.to_path_buf(),
        }),
        _ => Ok(()),
    }
}

/// True for a newsdex folder whose tantivy index was never created: only `newsdex.json`, lock
/// files, tantivy's list of the files it manages and temporary files are there (creating the
/// index was cut short, or clearing it for a rebuild). tantivy writes its `meta.json` last,
/// through a temporary file (`.tmp` and six random characters) renamed when complete, after
/// listing it in `.managed.json`: a kill before the rename leaves those files alone.
fn is_unfinished(dir: &Path) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().all(|entry| {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        name.starts_with(META_FILE)
            || name.starts_with(".tantivy-")
            || name.starts_with(".tmp")
            || name == MANAGED_FILE
    })
}

/// Removes everything in a newsdex index folder, keeping the folder. `newsdex.json` goes
/// last, so that a clearing cut short leaves a folder still known as newsdex's.
fn clear(dir: &Path) -> Result<()> {
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(|err| Error::io(dir, err))? {
        paths.push(entry.map_err(|err| Error::io(dir, err))?.path());
    }
    paths.sort_by_key(|path| path.file_name().is_some_and(|name| name == META_FILE));
    for path in paths {
        let removed = if path.is_dir() {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
        removed.map_err(|err| Error::io(&path, err))?;
    }
    Ok(())
}

fn read_meta(dir: &Path) -> Result<IndexMeta> {
    if dir.is_file() {
        return Err(Error::NotAnIndex {
            dir: dir.to_path_buf(),
        });
    }
    let path = dir.join(META_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let has_files = fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
            return Err(if has_files {
                Error::NotAnIndex {
                    dir: dir.to_path_buf(),
                }
            } else {
                Error::NoIndex {
                    dir: dir.to_path_buf(),
                }
            });
        }
        Err(err) => return Err(Error::io(path, err)),
    };
    let meta: IndexMeta =
        serde_json::from_str(&text).map_err(|err| damaged(dir, format!("{META_FILE}: {err}")))?;
    if meta.format != FORMAT_VERSION {
        return Err(Error::FormatVersion {
            dir: dir.to_path_buf(),
            found: meta.format,
            expected: FORMAT_VERSION,
        });
    }
    Ok(meta)
}

/// Writes `newsdex.json` atomically: a crash leaves the old or the new file, never half.
fn write_meta(dir: &Path, meta: &IndexMeta) -> Result<()> {
    let path = dir.join(META_FILE);
    let temp = dir.join(format!("{META_FILE}.tmp"));
    let text = serde_json::to_string_pretty(meta).map_err(|err| damaged(dir, err))?;
    fs::write(&temp, text).map_err(|err| Error::io(&temp, err))?;
    fs::rename(&temp, &path).map_err(|err| Error::io(&path, err))
}

/// Opens a reader, which opens every segment: a missing or truncated file shows up here.
fn open_reader(dir: &Path, index: &Index) -> Result<IndexReader> {
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|err| damaged(dir, err))
}

fn damaged(dir: &Path, reason: impl ToString) -> Error {
    Error::Damaged {
        dir: dir.to_path_buf(),
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_left_by_a_creation_cut_short_is_unfinished() {
        let Ok(dir) = tempfile::tempdir() else {
            panic!("cannot make a temporary folder");
        };
        let touch = |name: &str| fs::write(dir.path().join(name), b"").is_ok();
        assert!(touch(META_FILE) && touch(".tantivy-writer.lock"));
        assert!(is_unfinished(dir.path()));
        // Killed while tantivy wrote its meta.json through a temporary file, having listed it
        // among the files it manages.
        assert!(touch(".tmpAb12Cd"));
        assert!(is_unfinished(dir.path()));
        assert!(touch(".managed.json"));
        assert!(is_unfinished(dir.path()));
        assert!(touch("meta.json"));
        assert!(!is_unfinished(dir.path()));
    }
}
