#![no_main]
//! Query text, as typed (query syntax) and as plain words, against a small index: every input
//! gives hits, no hits or an error, never a panic.

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::NaiveDate;
use newsdex::indexer::{self, IndexOptions};
use newsdex::query::{self, Filters, Syntax};
use newsdex::search::{self, SearchRequest, Sort};
use newsdex::store::Store;

const ARTICLES: [(&str, &str); 3] = [
    (
        "troops.txt",
        "North Korean troops arrive\n date 2024-10-19\n\nNorth Korean troops arrived in Russia's Kursk region, officials said on Saturday.\n\nThe deployment was confirmed by Seoul.",
    ),
    (
        "oil.md",
        "---\ntitle: Oil prices rise\ndate: 1987-03-02\nsource: Reuters\n---\nOil prices rose sharply \"on Monday\" after OPEC AND its allies cut output.",
    ),
    (
        "wire.jsonl",
        "{\"id\": \"w1\", \"title\": \"Wheat\", \"text\": \"Wheat exports fell 10% (year on year).\", \"date\": \"1987-04-01\", \"source\": \"AP\"}\n{\"id\": \"w2\", \"text\": \"Undated text: field:value and a stray quote \\\" here.\"}",
    ),
];

fn store() -> Option<&'static Store> {
    static STORE: OnceLock<Option<Store>> = OnceLock::new();
    STORE
        .get_or_init(|| {
            let root = std::env::temp_dir().join(format!("newsdex-fuzz-query-{}", std::process::id()));
            let corpus = root.join("corpus");
            std::fs::create_dir_all(&corpus).ok()?;
            for (name, text) in ARTICLES {
                std::fs::write(corpus.join(name), text).ok()?;
            }
            let index_dir: PathBuf = root.join("index");
            let options = IndexOptions {
                corpus: Some(corpus),
                index_dir: index_dir.clone(),
                rebuild: true,
                source_from_folder: None,
                max_file_size: indexer::DEFAULT_MAX_FILE_SIZE,
                commit_every: indexer::DEFAULT_COMMIT_EVERY,
                today: NaiveDate::from_ymd_opt(2026, 11, 21)?,
                progress: false,
            };
            indexer::index(&options, &|_| {}).ok()?;
            Store::open(&index_dir).ok()
        })
        .as_ref()
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(store) = store() else {
        panic!("the fuzz index could not be built");
    };
    let text = query::without_controls(text);
    for (syntax, fuzzy) in [(Syntax::Query, false), (Syntax::Plain, false), (Syntax::Query, true)] {
        let request = SearchRequest {
            query: text.clone(),
            filters: Filters::default(),
            limit: 10,
            fuzzy,
            feedback: syntax == Syntax::Plain,
            context: 1,
            collapse: true,
            per_article: 2,
            sort: Sort::Relevance,
            syntax,
        };
        if let Ok(results) = search::search(store, &request) {
            assert!(results.hits.len() <= 10);
        }
        let _ = search::search_articles(store, &request);
    }
});
