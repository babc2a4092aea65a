//! One article, found by the id or the path `search` printed: its metadata and passages.

use std::path::Path;

use crate::error::{Error, Result};
use crate::search::{self, Hit};
use crate::store::Store;

/// An article as the index holds it: its passages in order, each carrying the metadata.
#[derive(Debug, Clone)]
pub struct ShownArticle {
    /// The passages, from 0; never empty.
    pub passages: Vec<Hit>,
}

impl ShownArticle {
    /// The article's metadata (that of its first passage).
    pub fn meta(&self) -> &Hit {
        &self.passages[0]
    }

    /// Fails unless the article has passage `number`.
    pub fn check_passage(&self, number: u64) -> Result<()> {
        if self
            .passages
            .iter()
            .any(|passage| passage.passage == number)
        {
            return Ok(());
        }
        let last = self.passages.len() - 1;
        Err(Error::Config(format!(
            "--passage {number}: article {} has passages 0 to {last}",
            self.meta().id
        )))
    }
}

/// Finds the article `key` names: an article id, else the path of a file holding one article
/// (relative to the current folder or to the corpus, as `search` prints it).
pub fn find(store: &Store, key: &str) -> Result<ShownArticle> {
    let searcher = store.reader.searcher();
    let by_id = search::article_passages(store, &searcher, key)?;
    if !by_id.is_empty() {
        return Ok(ShownArticle { passages: by_id });
    }
    // An id as a TREC run writes it (`my%20file.txt`).
    if let Some(decoded) = crate::print::trec::decode_trec_id(key) {
        let by_id = search::article_passages(store, &searcher, &decoded)?;
        if !by_id.is_empty() {
            return Ok(ShownArticle { passages: by_id });
        }
    }
    for rel in corpus_relative(&store.meta.corpus, key) {
        let passages = search::passages_where(store, &searcher, store.fields.path, &rel)?;
        let mut ids: Vec<&str> = passages.iter().map(|passage| passage.id.as_str()).collect();
        ids.dedup();
        match ids.len() {
            0 => continue,
            1 => return Ok(ShownArticle { passages }),
            count => {
                let listed: Vec<&str> = ids.iter().take(5).copied().collect();
                let more = if count > 5 { ", …" } else { "" };
                return Err(Error::Config(format!(
                    "{key} holds {count} articles; show one of them by id: {}{more}",
                    listed.join(", ")
                )));
            }
        }
    }
    Err(Error::Config(format!(
        "no article with the id or path '{key}' in the index of {}: use an id or a path as `newsdex search` prints them",
        store.meta.corpus.display()
    )))
}

/// The corpus-relative keys `key` may stand for: itself, and the path it names on disk
/// relative to the corpus root.
fn corpus_relative(corpus: &Path, key: &str) -> Vec<String> {
    let mut keys = vec![key.trim_start_matches("./").to_string()];
    if let Ok(path) = Path::new(key).canonicalize()
        && let Ok(rel) = path.strip_prefix(corpus)
    {
        let rel: Vec<String> = rel
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        keys.push(rel.join("/"));
    }
    keys
}
