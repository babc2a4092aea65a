//! Bad flags, bad queries, missing or foreign indexes: clear messages and exit code 2.

use std::fs;

use newsdex::schema::FORMAT_VERSION;

use crate::util::*;

fn fails_with(env: &TestEnv, args: &[&str]) -> String {
    let output = env.run(args);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{args:?}: {}",
        stderr(&output)
    );
    assert_eq!(stdout(&output), "", "{args:?}");
    stderr(&output)
}

#[test]
fn a_bad_date_names_the_flag_and_the_accepted_forms() {
    let env = TestEnv::new();
    let message = fails_with(&env, &["search", "troops", "--since", "yesterday"]);
    assert!(
        message.starts_with(
            "error: invalid value 'yesterday' for '--since <DATE>': 'yesterday' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 time such as 2024-10-19T08:00:00Z"
        ),
        "{message}"
    );
    let message = fails_with(&env, &["search", "troops", "--until", "2024-02-30"]);
    assert!(message.contains("'2024-02-30' is not a date"), "{message}");
}

#[test]
fn bad_flags_are_usage_errors() {
    let env = TestEnv::new();
    let message = fails_with(&env, &["search", "troops", "--limit", "0"]);
    assert!(
        message.starts_with("error: invalid value '0' for '--limit <N>': 0 is not in 1..=100000"),
        "{message}"
    );
    let message = fails_with(&env, &["search", "troops", "--colour", "never"]);
    assert!(
        message.starts_with("error: unexpected argument '--colour' found"),
        "{message}"
    );
    let message = fails_with(&env, &["search", "troops", "--color", "sometimes"]);
    assert!(
        message.contains("[possible values: auto, always, never]"),
        "{message}"
    );
}

#[test]
fn query_syntax_errors_show_where_the_problem_is() {
    let env = TestEnv::new();
    assert_eq!(
        fails_with(&env, &["search", "troops \"Storm Corps"]),
        "newsdex: invalid query: this quote is never closed\n  troops \"Storm Corps\n         ^\nhint: close the phrase with a second '\"'\n"
    );
    assert_eq!(
        fails_with(&env, &["search", "korea AND"]),
        "newsdex: invalid query: AND needs a word after it\n  korea AND\n        ^\nhint: write `word AND word`; to search for the word itself, write it in lowercase\n"
    );
    assert_eq!(
        fails_with(&env, &["search", "(north OR south"]),
        "newsdex: invalid query: this '(' is never closed\n  (north OR south\n  ^\nhint: close the group with ')'\n"
    );
    assert_eq!(
        fails_with(&env, &["search", "byline:smith"]),
        "newsdex: invalid query: unknown field 'byline'\n  byline:smith\n  ^\nhint: the fields are title, text, source; to search for a colon, put the words in quotes\n"
    );
    env.index(&[]);
    assert_eq!(
        fails_with(&env, &["search", "-russia"]),
        "newsdex: invalid query: the query only excludes words: add a word to search for, e.g. `troops -russia`\n"
    );
}

#[test]
fn searching_without_an_index_says_how_to_build_one() {
    let env = TestEnv::empty();
    assert_eq!(
        fails_with(&env, &["search", "troops"]),
        "newsdex: no index at .newsdex: build one with `newsdex index CORPUS`\n"
    );
}

#[test]
fn a_missing_corpus_is_an_error() {
    let env = TestEnv::empty();
    assert_eq!(
        fails_with(&env, &["index", "nowhere"]),
        "newsdex: corpus nowhere does not exist: pass a folder of articles or an article file, e.g. `newsdex index corpus`\n"
    );
    env.write("notes.pdf", "%PDF-1.4");
    assert_eq!(
        fails_with(&env, &["index", "notes.pdf"]),
        "newsdex: corpus notes.pdf is not an article file (.txt, .md, .json, .jsonl, .html, …): pass a folder of articles or an article file, e.g. `newsdex index corpus`\n"
    );
}

#[test]
fn an_index_of_another_format_version_asks_for_a_rebuild() {
    let env = TestEnv::new();
    env.index(&[]);
    let meta = env.path(".newsdex/newsdex.json");
    let text = fs::read_to_string(&meta)
        .unwrap()
        .replace(&format!("\"format\": {FORMAT_VERSION}"), "\"format\": 999");
    fs::write(&meta, text).unwrap();
    let expected = format!(
        "newsdex: the index at .newsdex has format version 999 but this newsdex reads version {FORMAT_VERSION}: rebuild it with `newsdex index --rebuild`\n"
    );
    assert_eq!(fails_with(&env, &["search", "troops"]), expected);
    assert_eq!(fails_with(&env, &["index"]), expected);
    env.index(&["--rebuild"]);
    assert_eq!(env.article_ids(&["\"Storm Corps\""]), vec![A003]);
}

#[test]
fn a_garbled_index_file_asks_for_a_rebuild() {
    let env = TestEnv::new();
    env.index(&[]);
    fs::write(env.path(".newsdex/newsdex.json"), "{not json").unwrap();
    let message = fails_with(&env, &["search", "troops"]);
    assert!(
        message.starts_with("newsdex: the index at .newsdex is damaged (newsdex.json: "),
        "{message}"
    );
    assert!(
        message.ends_with("): rebuild it with `newsdex index --rebuild`\n"),
        "{message}"
    );
    env.index(&["--rebuild"]);
    assert_eq!(env.total(&["*"]), 36);
}

#[test]
fn a_folder_that_is_not_an_index_is_never_written_to() {
    let env = TestEnv::new();
    env.write("papers/thesis.txt", "my thesis");
    let expected = "newsdex: papers is not a newsdex index (it has no newsdex.json): pass another --index folder, or empty this one\n";
    assert_eq!(fails_with(&env, &["index", "--index", "papers"]), expected);
    assert_eq!(
        fails_with(&env, &["index", "--index", "papers", "--rebuild"]),
        expected
    );
    assert_eq!(
        fails_with(&env, &["search", "troops", "--index", "papers"]),
        expected
    );
    assert_eq!(
        fs::read_to_string(env.path("papers/thesis.txt")).unwrap(),
        "my thesis"
    );
}

#[test]
fn a_second_writer_is_refused_while_the_index_is_being_updated() {
    let env = TestEnv::new();
    env.index(&[]);
    let index = tantivy::Index::open_in_dir(env.path(".newsdex")).unwrap();
    let writer = index
        .writer_with_num_threads::<tantivy::TantivyDocument>(1, 15_000_000)
        .unwrap();
    let expected = "newsdex: the index at .newsdex is being updated by another process: wait for it to finish, then run this again\n";
    let meta_before = std::fs::read(env.path(".newsdex/newsdex.json")).unwrap();
    assert_eq!(fails_with(&env, &["index"]), expected);
    assert_eq!(fails_with(&env, &["index", "--rebuild"]), expected);
    // Not even the corpus it follows is changed.
    env.write("other/a.txt", "Another corpus.\n");
    assert_eq!(fails_with(&env, &["index", "other", "--rebuild"]), expected);
    assert_eq!(
        std::fs::read(env.path(".newsdex/newsdex.json")).unwrap(),
        meta_before
    );
    // Searching still works on what was committed.
    assert_eq!(env.article_ids(&["\"Storm Corps\""]), vec![A003]);
    drop(writer);
    env.index(&[]);
}

#[test]
fn hostile_queries_get_a_clear_error_or_a_sensible_result() {
    let env = TestEnv::new();
    env.index(&[]);
    // Control characters are spaces: never echoed, never words.
    let escape = "\u{1b}[31mtroops";
    let output = env.run(&["search", escape]);
    assert!(!stderr(&output).contains('\u{1b}'), "{}", stderr(&output));
    assert!(!stdout(&output).contains('\u{1b}'));
    let total = |args: &[&str]| env.total(args);
    assert_eq!(total(&["\u{1}troops\u{7f}"]), total(&["troops"]));
    assert_eq!(total(&["--plain", "\u{1b}[31m troops"]), total(&["troops"]));
    // Empty, or only operators: a clear error, exit 2.
    assert_eq!(
        fails_with(&env, &["search", " \u{1b} "]),
        "newsdex: invalid query: the query is empty: give words to search for\n"
    );
    let message = fails_with(&env, &["search", "AND OR NOT"]);
    assert!(message.starts_with("newsdex: invalid query: "), "{message}");
    // 100 kB of query, and thousands of distinct words, in both syntaxes: answered.
    let long = "troops ".repeat(15_000);
    assert!(long.len() > 100_000);
    assert_eq!(total(&[&long]), total(&["troops"]));
    assert_eq!(total(&["--plain", &long]), total(&["troops"]));
    let many: Vec<String> = (0..5000).map(|n| format!("w{n}")).collect();
    let many = format!("{} troops", many.join(" "));
    assert_eq!(total(&[&many]), total(&["troops"]));
    assert_eq!(total(&["--plain", &many]), total(&["troops"]));
    // `*` alone matches every passage.
    assert_eq!(total(&["*"]), 36);
}

#[test]
fn damaged_segment_and_meta_files_ask_for_a_rebuild_from_every_command() {
    type Harm = fn(&std::path::Path);
    let damage: [(&str, Harm); 3] = [
        ("deleted segment file", |index| {
            let idx = fs::read_dir(index)
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .find(|path| path.extension().is_some_and(|ext| ext == "idx"))
                .unwrap();
            fs::remove_file(idx).unwrap();
        }),
        ("truncated store file", |index| {
            let store = fs::read_dir(index)
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .find(|path| path.extension().is_some_and(|ext| ext == "store"))
                .unwrap();
            let bytes = fs::read(&store).unwrap();
            fs::write(&store, &bytes[..bytes.len() / 2]).unwrap();
        }),
        ("missing meta.json", |index| {
            fs::remove_file(index.join("meta.json")).unwrap();
        }),
    ];
    for (what, harm) in damage {
        let env = TestEnv::new();
        env.index(&[]);
        harm(&env.path(".newsdex"));
        for args in [
            &["search", "troops"][..],
            &["show", A003],
            &["timeline", "troops"],
            &["stats"],
            &["index"],
        ] {
            let message = fails_with(&env, args);
            assert!(
                message.starts_with("newsdex: the index at .newsdex is damaged (")
                    && message.ends_with("): rebuild it with `newsdex index --rebuild`\n"),
                "{what}, {args:?}: {message}"
            );
        }
        env.index(&["--rebuild"]);
        assert_eq!(env.total(&["*"]), 36, "{what}");
    }
}

#[test]
fn flags_that_would_be_ignored_are_refused() {
    let env = TestEnv::new();
    env.index(&[]);
    assert!(
        fails_with(&env, &["search", "troops", "--json", "--format", "trec"])
            .starts_with("error: the argument '--json' cannot be used with '--format <FORMAT>'")
    );
    assert_eq!(
        fails_with(
            &env,
            &["search", "troops", "--format", "trec", "--sort", "oldest"]
        ),
        "newsdex: --sort does not apply to --format trec, which ranks whole articles by relevance: leave it out, or use --format json\n"
    );
    assert_eq!(
        fails_with(
            &env,
            &["search", "troops", "--format", "trec", "--context", "1"]
        ),
        "newsdex: --context does not apply to --format trec, which ranks whole articles by relevance: leave it out, or use --format json\n"
    );
    assert!(
        fails_with(&env, &["search", "troops", "--no-feedback"])
            .starts_with("error: the following required arguments were not provided:\n  --plain")
    );
}

#[test]
fn an_index_path_that_is_a_file_is_named() {
    let env = TestEnv::new();
    assert_eq!(
        fails_with(
            &env,
            &[
                "search",
                "troops",
                "--index",
                "corpus/000_fd76c5425bd83219.txt"
            ]
        ),
        "newsdex: corpus/000_fd76c5425bd83219.txt is not a newsdex index (it has no newsdex.json): pass another --index folder, or empty this one\n"
    );
}

#[test]
fn a_corpus_without_articles_is_warned_about() {
    let env = TestEnv::empty();
    env.mkdir("stories");
    let output = env.run(&["index", "stories"]);
    assert!(output.status.success());
    assert_eq!(
        stderr(&output),
        "newsdex: warning: stories holds no article files (.txt, .md, .json, .jsonl, .html, …): the index is empty\n"
    );
}

#[test]
fn a_mistyped_option_is_not_taken_for_a_query() {
    let env = TestEnv::new();
    env.index(&[]);
    assert_eq!(
        fails_with(&env, &["search", "--jsn"]),
        "newsdex: --jsn is not an option of `newsdex search` (see `newsdex search --help`), and not a query\n"
    );
    assert_eq!(
        fails_with(&env, &["search", "--jsn=1"]),
        "newsdex: --jsn=1 is not an option of `newsdex search` (see `newsdex search --help`), and not a query\n"
    );
    // A query that excludes a word still starts with '-'.
    assert_eq!(
        env.run(&["search", "-russia troops"]).status.code(),
        Some(0)
    );
}
