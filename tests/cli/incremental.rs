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

/// Segments in the index (one `.idx` file each).
fn segments(env: &TestEnv) -> usize {
    fs::read_dir(env.path(".newsdex"))
        .unwrap()
        .filter(|entry| {
            let path = entry.as_ref().unwrap().path();
            path.extension().is_some_and(|extension| extension == "idx")
        })
        .count()
}

#[test]
fn a_run_leaves_one_segment_and_older_segments_are_still_merged() {
    let env = TestEnv::new();
    // Committed a file or two at a time, the run's segments are merged into one at its end.
    env.index(&["--commit-every", "1KiB"]);
    assert_eq!(segments(&env), 1);
    // Each run adding a file leaves a segment of its own; tantivy's merge policy still looks
    // at them all (without it, 13 segments).
    for n in 0..12 {
        env.write(
            &format!("corpus/more/{n}.txt"),
            &format!(" date 2024-11-02 Item {n}: a blimp was seen over the harbour.\n"),
        );
        env.index(&[]);
    }
    assert_eq!(segments(&env), 6);
    assert_eq!(env.total(&["blimp"]), 12);
}

#[test]
fn a_touched_but_unchanged_file_is_not_reindexed() {
    let env = TestEnv::new();
    env.index(&[]);
    let path = env.path(&format!("corpus/{A001}"));
    let set_time = |time: SystemTime| {
        fs::File::options()
            .append(true)
            .open(&path)
            .unwrap()
            .set_modified(time)
            .unwrap()
    };
    let touched = SystemTime::now() + Duration::from_secs(5);
    set_time(touched);
    let summary = env.index(&[]);
    assert_eq!(
        counts_line(&summary),
        "articles: 0 added, 0 updated, 0 removed, 5 unchanged (5 in the index)"
    );
    // The touch was recorded: a file with the same size and time is not read again, so an
    // edit that keeps both is (by design) not seen...
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("Sergeevka", "Zeppelina")).unwrap();
    set_time(touched);
    env.index(&[]);
    assert_eq!(env.article_ids(&["Zeppelina"]), Vec::<String>::new());
    // ...until its time changes.
    set_time(touched + Duration::from_secs(1));
    let summary = env.index(&[]);
    assert_eq!(
        counts_line(&summary),
        "articles: 0 added, 1 updated, 0 removed, 4 unchanged (5 in the index)"
    );
    assert_eq!(env.article_ids(&["Zeppelina"]), vec![A001]);
}

#[test]
fn file_names_that_are_not_utf8_stay_distinct() {
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::empty();
    env.mkdir("corpus");
    for (byte, word) in [(0xFFu8, "alpha"), (0xFE, "beta")] {
        let bytes = [b'a', byte, b'.', b't', b'x', b't'];
        let name = std::ffi::OsStr::from_bytes(&bytes);
        fs::write(
            env.path("corpus").join(name),
            format!("The zeppelin {word} story is here.\n"),
        )
        .unwrap();
    }
    env.index(&[]);
    let again = env.index(&[]);
    assert_eq!(
        counts_line(&again),
        "articles: 0 added, 0 updated, 0 removed, 2 unchanged (2 in the index)"
    );
    assert_eq!(
        env.article_ids(&["zeppelin"]),
        vec!["a\\xFE.txt", "a\\xFF.txt"]
    );
}

#[test]
fn switching_corpus_says_so() {
    let env = TestEnv::new();
    env.index(&[]);
    env.write(
        "other/a.txt",
        "A zeppelin story that replaces the whole corpus.\n",
    );
    let output = env.run(&["index", "other"]);
    assert!(output.status.success());
    let warning = stderr(&output);
    assert!(
        warning.starts_with("newsdex: warning: the index was built from "),
        "{warning}"
    );
    assert!(
        warning.ends_with(", and the articles of the former are removed\n"),
        "{warning}"
    );
    assert!(counts_line(&stdout(&output)).starts_with("articles: 1 added, 0 updated, 5 removed"));
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
        Some("skipped: 1 (1 no text; see the warnings above)")
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
fn one_file_is_a_corpus_of_its_own() {
    let env = TestEnv::empty();
    env.write(
        "exports/scraped.jsonl",
        concat!(
            r#"{"id": "a1", "title": "Zeppelin lands", "source": "Bugle", "date": "2024-10-20", "body": "The zeppelin landed at dawn, officials said."}"#,
            "\n",
            r#"{"id": "a2", "title": "Harbour", "source": "Herald", "date": "2024-10-21", "body": "A blimp was seen over the harbour."}"#,
            "\n",
        ),
    );
    // Its neighbours are not part of it.
    env.write(
        "exports/other.txt",
        "Another zeppelin story, not asked for.\n",
    );
    let summary = env.index(&["exports/scraped.jsonl"]);
    assert!(
        summary.starts_with("indexed exports/scraped.jsonl into .newsdex"),
        "{summary}"
    );
    assert_eq!(
        counts_line(&summary),
        "articles: 2 added, 0 updated, 0 removed, 0 unchanged (2 in the index)"
    );
    let (hits, _) = env.search_json(&["zeppelin"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["id"], "a1");
    assert_eq!(hits[0]["path"], "exports/scraped.jsonl");
    // A bare run refreshes that file, and only it.
    env.write(
        "exports/scraped.jsonl",
        r#"{"id": "a3", "title": "Zeppelin again", "body": "The zeppelin left at noon."}"#,
    );
    let summary = env.index(&[]);
    assert_eq!(
        counts_line(&summary),
        "articles: 0 added, 1 updated, 1 removed, 0 unchanged (1 in the index)"
    );
    assert_eq!(env.article_ids(&["zeppelin"]), vec!["a3"]);
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
        .replace("\"format\": 2", "\"format\": 0");
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
        Some(
            "ignored: 1 file that newsdex does not read (it reads .txt, .md, .json, .jsonl, .html and their variants)"
        )
    );
    assert_eq!(env.total(&["zeppelin"]), 0);
}

#[test]
fn random_corpus_changes_leave_the_same_index_as_a_rebuild() {
    for seed in [1u64, 7, 2026] {
        let env = TestEnv::empty();
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut files: Vec<String> = Vec::new();
        for n in 0..6 {
            let name = format!("corpus/a{n}.txt");
            env.write(&name, &article_text(&mut rng));
            files.push(name);
        }
        env.index(&[]);
        let mut next = 6;
        for step in 0..12 {
            let action = rng.below(7);
            match action {
                0 => {
                    let name = format!("corpus/sub/a{next}.txt");
                    next += 1;
                    env.write(&name, &article_text(&mut rng));
                    files.push(name);
                }
                1 if !files.is_empty() => {
                    let name = files[rng.below(files.len())].clone();
                    env.write(&name, &article_text(&mut rng));
                }
                2 if !files.is_empty() => {
                    // Metadata only: another date and source, the same text.
                    let name = files[rng.below(files.len())].clone();
                    let text = fs::read_to_string(env.path(&name)).unwrap();
                    let body = text.split_once("\n\n").unwrap().1.to_string();
                    let day = 1 + rng.below(28);
                    env.write(
                        &name,
                        &format!("Source: Other\nDate: 2024-04-{day:02}\n\n{body}"),
                    );
                }
                3 if !files.is_empty() => {
                    let at = rng.below(files.len());
                    let name = files.remove(at);
                    let renamed = format!("corpus/r{next}.txt");
                    next += 1;
                    fs::rename(env.path(&name), env.path(&renamed)).unwrap();
                    files.push(renamed);
                }
                4 if !files.is_empty() => {
                    let name = files.remove(rng.below(files.len()));
                    env.remove(&name);
                }
                5 if !files.is_empty() => {
                    let name = &files[rng.below(files.len())];
                    let file = fs::File::options()
                        .append(true)
                        .open(env.path(name))
                        .unwrap();
                    file.set_modified(SystemTime::now() + Duration::from_secs(5))
                        .unwrap();
                }
                6 if !files.is_empty() => {
                    // A file replaced by a folder holding an article.
                    let name = files.remove(rng.below(files.len()));
                    env.remove(&name);
                    let inside = format!("{name}/inner.txt");
                    env.write(&inside, &article_text(&mut rng));
                    files.push(inside);
                }
                _ => continue,
            }
            env.index(&[]);
            env.index(&["--index", ".rebuild", "--rebuild"]);
            assert_eq!(
                snapshot(&env, ".newsdex"),
                snapshot(&env, ".rebuild"),
                "seed {seed}, step {step}, action {action}"
            );
        }
    }
}

#[test]
fn hits_from_files_changed_since_indexing_are_marked() {
    let env = TestEnv::empty();
    env.write("corpus/a.txt", "Troops arrived at the harbour.\n");
    env.write("corpus/b.txt", "More troops came by sea.\n");
    env.write("corpus/c.txt", "Troops stayed in the city.\n");
    env.index(&[]);
    let (hits, _) = env.search_json(&["troops"]);
    assert!(hits.iter().all(|hit| hit.get("file_changed").is_none()));
    fs::File::options()
        .append(true)
        .open(env.path("corpus/a.txt"))
        .unwrap()
        .set_modified(SystemTime::now() + Duration::from_secs(5))
        .unwrap();
    env.remove("corpus/b.txt");
    let (hits, _) = env.search_json(&["troops"]);
    let changed = |id: &str| {
        hits.iter()
            .find(|hit| hit["id"] == id)
            .map(|hit| hit["file_changed"].clone())
    };
    assert_eq!(changed("a.txt"), Some(serde_json::json!("modified")));
    assert_eq!(changed("b.txt"), Some(serde_json::json!("deleted")));
    assert_eq!(changed("c.txt"), Some(serde_json::Value::Null));
    let text = stdout(&env.run(&["search", "troops", "--color", "never"]));
    assert!(
        text.contains("   corpus/b.txt · passage 0 · score ")
            && text.contains(
                "\n   (the file was deleted since it was indexed: run `newsdex index`)\n"
            ),
        "{text}"
    );
    // Indexed again, nothing is marked.
    env.index(&[]);
    let (hits, _) = env.search_json(&["troops"]);
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|hit| hit.get("file_changed").is_none()));
}

#[test]
fn a_file_corpus_given_as_a_link_follows_the_link() {
    let env = TestEnv::empty();
    env.write(
        "exports/monday.jsonl",
        "{\"id\": \"m1\", \"title\": \"Zeppelin\", \"body\": \"A zeppelin on Monday.\"}\n",
    );
    env.write(
        "exports/tuesday.jsonl",
        "{\"id\": \"t1\", \"title\": \"Zeppelin\", \"body\": \"A zeppelin on Tuesday.\"}\n",
    );
    std::os::unix::fs::symlink("monday.jsonl", env.path("exports/latest.jsonl")).unwrap();
    env.index(&["exports/latest.jsonl"]);
    let (hits, _) = env.search_json(&["zeppelin"]);
    assert_eq!(hits[0]["path"], "exports/latest.jsonl");
    // Pointed elsewhere, the link is followed afresh by a bare run.
    fs::remove_file(env.path("exports/latest.jsonl")).unwrap();
    std::os::unix::fs::symlink("tuesday.jsonl", env.path("exports/latest.jsonl")).unwrap();
    env.index(&[]);
    assert_eq!(env.article_ids(&["zeppelin"]), vec!["t1"]);
}
