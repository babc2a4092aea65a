//! Incremental indexing: only changed files are read again; the index follows the corpus.

use std::fs;
use std::time::{Duration, SystemTime};

use crate::util::*;

fn counts_line(summary: &str) -> &str {
    summary.lines().nth(1).unwrap()
}

#[test]
fn a_second_run_changes_nothing() {
    let env = TestEnv::new();
    env.index(&[]);
    let again = env.index(&[]);
    assert_eq!(
        counts_line(&again),
        "articles: 0 added, 0 updated, 0 removed, 5 unchanged (5 in the index)"
    );
    assert_eq!(again.lines().nth(2), Some("passages: 36"));
}

#[test]
fn edits_additions_and_deletions_are_picked_up() {
    let env = TestEnv::new();
    env.index(&[]);
    let edited = format!(
        "{}\n\nThe zeppelin fleet was also mentioned by several witnesses at the scene.\n",
        fs::read_to_string(env.path(&format!("corpus/{A003}"))).unwrap()
    );
    env.write(&format!("corpus/{A003}"), &edited);
    env.write(
        "corpus/new/extra.txt",
        " date 2024-11-02 A blimp was seen over the harbour on Saturday, witnesses said.\n",
    );
    env.remove(&format!("corpus/{A004}"));

    let summary = env.index(&[]);
    assert_eq!(
        counts_line(&summary),
        "articles: 1 added, 1 updated, 1 removed, 3 unchanged (5 in the index)"
    );
    assert_eq!(env.article_ids(&["zeppelin"]), vec![A003]);
    assert_eq!(
        env.article_ids(&["blimp", "--since", "2024-11"]),
        vec!["new/extra.txt"]
    );
    assert_eq!(
        env.total(&["\"first contingent\""]),
        0,
        "the deleted article is gone"
    );
    // The edited article has no duplicate passages left over from before.
    assert_eq!(env.total(&["\"Storm Corps\""]), 1);
}

#[test]
fn a_touched_but_unchanged_file_is_not_reindexed() {
    let env = TestEnv::new();
    env.index(&[]);
    let file = fs::File::options()
        .append(true)
        .open(env.path(&format!("corpus/{A001}")))
        .unwrap();
    file.set_modified(SystemTime::now() + Duration::from_secs(5))
        .unwrap();
    let summary = env.index(&[]);
    assert_eq!(
        counts_line(&summary),
        "articles: 0 added, 0 updated, 0 removed, 5 unchanged (5 in the index)"
    );
}

#[test]
fn a_file_emptied_of_text_is_removed_with_a_warning() {
    let env = TestEnv::new();
    env.index(&[]);
    env.write(&format!("corpus/{A002}"), "\n  \nExit mobile version\n");
    let output = env.run(&["index"]);
    assert!(output.status.success());
    assert_eq!(
        stderr(&output),
        format!("newsdex: warning: corpus/{A002}: no article text\n")
    );
    assert_eq!(
        counts_line(&stdout(&output)),
        "articles: 0 added, 0 updated, 1 removed, 4 unchanged (4 in the index)"
    );
    assert_eq!(
        stdout(&output).lines().nth(3),
        Some("skipped: 1 file (see the warnings above)")
    );
}

#[test]
fn rebuild_starts_over() {
    let env = TestEnv::new();
    env.index(&[]);
    let summary = env.index(&["--rebuild"]);
    assert_eq!(
        counts_line(&summary),
        "articles: 5 added, 0 updated, 0 removed, 0 unchanged (5 in the index)"
    );
    assert_eq!(env.total(&["*"]), 36);
}

#[test]
fn a_bare_index_refreshes_the_corpus_it_was_built_from() {
    let env = TestEnv::empty();
    env.write(
        "stories/one.txt",
        "Site icon Daily Bugle\n\nThe zeppelin landed at dawn, officials said.\n",
    );
    env.index(&["stories"]);
    env.write(
        "stories/two.txt",
        "A second zeppelin landed at noon, officials said.\n",
    );
    let summary = env.index(&[]);
    assert!(
        summary.starts_with("indexed stories into .newsdex"),
        "{summary}"
    );
    assert_eq!(
        counts_line(&summary),
        "articles: 1 added, 0 updated, 0 removed, 1 unchanged (2 in the index)"
    );
    assert_eq!(
        env.article_ids(&["zeppelin", "--source", "daily bugle"]),
        vec!["one.txt"]
    );

    // A rebuild of an index of another format version still knows its corpus.
    let meta = env.path(".newsdex/newsdex.json");
    let text = fs::read_to_string(&meta)
        .unwrap()
        .replace("\"format\": 1", "\"format\": 0");
    fs::write(&meta, text).unwrap();
    let summary = env.index(&["--rebuild"]);
    assert!(
        summary.starts_with("indexed stories into .newsdex"),
        "{summary}"
    );
    assert_eq!(
        counts_line(&summary),
        "articles: 2 added, 0 updated, 0 removed, 0 unchanged (2 in the index)"
    );
}

#[test]
fn other_files_are_ignored_and_counted() {
    let env = TestEnv::new();
    env.write("corpus/notes.pdf", "%PDF-1.4");
    env.write(
        "corpus/.hidden/secret.txt",
        "Hidden zeppelin text that is long enough.",
    );
    let summary = env.index(&[]);
    assert_eq!(
        summary.lines().nth(3),
        Some("ignored: 1 file that are not articles (newsdex reads .txt, .text)")
    );
    assert_eq!(env.total(&["zeppelin"]), 0);
}
