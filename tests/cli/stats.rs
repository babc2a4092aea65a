//! `newsdex stats`: what the index holds.

use serde_json::{Value, json};

use crate::util::*;

#[test]
fn stats_on_the_bundled_corpus() {
    let env = TestEnv::new();
    env.index(&[]);
    let output = env.run(&["stats"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "index: .newsdex (corpus: corpus)\n\
         articles: 5\n\
         passages: 36\n\
         dates: 2024-10-18 to 2024-10-20 (3 dated, 2 undated)\n\
         date provenance: metadata 2, text 0, weekday 1, none 2\n\
         sources: 2\n  \
         4  unknown\n  \
         1  Then13\n"
    );
}

#[test]
fn stats_as_json() {
    let env = TestEnv::new();
    env.index(&[]);
    let output = env.run(&["stats", "--json"]);
    let stats: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        stats,
        json!({
            "type": "stats",
            "corpus": "corpus",
            "articles": 5,
            "passages": 36,
            "sources": [{"source": "unknown", "articles": 4}, {"source": "Then13", "articles": 1}],
            "first_date": "2024-10-18",
            "last_date": "2024-10-20",
            "date_provenance": {"metadata": 2, "text": 0, "weekday": 1, "none": 2},
        })
    );
}

#[test]
fn stats_without_an_index_is_an_error() {
    let env = TestEnv::empty();
    let output = env.run(&["stats"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "newsdex: no index at .newsdex: build one with `newsdex index CORPUS`\n"
    );
}
