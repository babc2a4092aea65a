//! Bad input: one warning line each, the walk goes on, nothing else is lost.

use std::os::unix::fs::symlink;

use crate::util::*;

fn bad_corpus() -> TestEnv {
    let env = TestEnv::empty();
    env.write(
        "corpus/good.txt",
        "A good article about troops that must still be indexed.\n",
    );
    env.write("corpus/empty.txt", "  \n\n");
    std::fs::write(
        env.path("corpus/image.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .unwrap();
    env.write("corpus/big.md", &"Troops. ".repeat(100));
    env.write("corpus/notes.pdf", "%PDF-1.4");
    symlink("nowhere.txt", env.path("corpus/broken.txt")).unwrap();
    env.mkdir("corpus/loop");
    symlink("..", env.path("corpus/loop/up")).unwrap();
    env
}

#[test]
fn every_bad_file_gets_one_warning_and_the_rest_is_indexed() {
    let env = bad_corpus();
    let output = env.run(&["index", "--max-file-size", "500"]);
    assert_eq!(output.status.code(), Some(0));
    let warnings = stderr(&output);
    let mut lines: Vec<&str> = warnings.lines().collect();
    lines.sort();
    assert_eq!(
        lines,
        vec![
            "newsdex: warning: corpus/big.md: 800 bytes is over --max-file-size (500 bytes)",
            "newsdex: warning: corpus/broken.txt: broken symbolic link (points to nowhere.txt)",
            "newsdex: warning: corpus/empty.txt: empty file",
            "newsdex: warning: corpus/image.txt: binary file, not text",
            &format!(
                "newsdex: warning: corpus/loop/up: symbolic link loop (leads back to {}); not followed",
                env.path("corpus").canonicalize().unwrap().display()
            ),
        ]
    );
    let summary = stdout(&output);
    assert!(
        summary.contains("skipped: 5 (1 broken symlink, 1 symlink loop, 1 over --max-file-size, 1 empty, 1 binary; see the warnings above)"),
        "{summary}"
    );
    assert!(
        summary.contains("ignored: 1 file that newsdex does not read"),
        "{summary}"
    );
    assert_eq!(env.article_ids(&["troops"]), vec!["good.txt"]);
}

#[test]
fn strict_turns_skips_into_exit_code_2() {
    let env = bad_corpus();
    let output = env.run(&["index", "--strict"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).ends_with("newsdex: 4 inputs skipped with --strict: fix or remove them (see the warnings above), or run without --strict\n"),
        "{}",
        stderr(&output)
    );
    // What could be indexed was indexed all the same.
    assert_eq!(env.article_ids(&["troops"]), vec!["big.md", "good.txt"]);
    let clean = TestEnv::new();
    assert_eq!(clean.run(&["index", "--strict"]).status.code(), Some(0));
}

#[test]
fn an_unreadable_file_is_reported_and_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::empty();
    env.write("corpus/good.txt", "A good article about troops.\n");
    env.write("corpus/secret.txt", "A secret article about troops.\n");
    let secret = env.path("corpus/secret.txt");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&secret).is_ok() {
        // Running as root: permissions do not stop reads, so there is nothing to test.
        return;
    }
    let output = env.run(&["index"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stderr(&output),
        "newsdex: warning: corpus/secret.txt: cannot read: Permission denied (os error 13)\n"
    );
    assert_eq!(env.article_ids(&["troops"]), vec!["good.txt"]);
}

#[test]
fn a_bad_size_is_a_usage_error() {
    let env = TestEnv::new();
    let output = env.run(&["index", "--max-file-size", "lots"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with(
        "error: invalid value 'lots' for '--max-file-size <SIZE>': 'lots' is not a size: use bytes or a number with K, M, G, KiB, MiB or GiB"
    ));
}

#[test]
fn warnings_come_in_file_order_when_many_commits_overlap_with_parsing() {
    // Two files per commit: each chunk is parsed while the one before it is written, and what
    // reading them gave is still reported, and indexed, in file order.
    let env = TestEnv::empty();
    for n in 0..24 {
        let text = if n % 5 == 2 {
            " \n".to_string()
        } else {
            format!("Report {n:02}: the harbour pilots voted to strike at dawn.\n")
        };
        env.write(&format!("corpus/{n:02}.txt"), &text);
    }
    let output = env.run(&["index", "--commit-every", "120"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        [2, 7, 12, 17, 22]
            .iter()
            .map(|n| format!("newsdex: warning: corpus/{n:02}.txt: empty file\n"))
            .collect::<String>()
    );
    let summary = stdout(&output);
    assert!(
        summary.contains("articles: 19 added, 0 updated, 0 removed, 0 unchanged (19 in the index)"),
        "{summary}"
    );
    let mut ids = env.article_ids(&["pilots", "--limit", "100"]);
    ids.sort();
    let expected: Vec<String> = (0..24)
        .filter(|n| n % 5 != 2)
        .map(|n| format!("{n:02}.txt"))
        .collect();
    assert_eq!(ids, expected);
}

#[test]
fn articles_that_share_an_id_are_named_in_a_warning() {
    let env = TestEnv::empty();
    env.write(
        "corpus/a.jsonl",
        "{\"id\": \"1\", \"title\": \"Otter\", \"body\": \"An otter swam in the river.\"}\n",
    );
    env.write(
        "corpus/b.jsonl",
        "{\"id\": \"1\", \"title\": \"Otter again\", \"body\": \"Another otter.\"}\n{\"id\": \"2\", \"title\": \"Heron\", \"body\": \"A heron.\"}\n",
    );
    let output = env.run(&["index"]);
    assert!(output.status.success());
    assert_eq!(
        stderr(&output),
        "newsdex: warning: 2 articles share the id '1' (corpus/a.jsonl, corpus/b.jsonl): search, `show` and TREC output read them as one article; give each its own id, or remove the copies\n"
    );
    // Ids of their own: no warning.
    env.write(
        "corpus/b.jsonl",
        "{\"id\": \"3\", \"title\": \"Otter again\", \"body\": \"Another otter.\"}\n",
    );
    assert_eq!(stderr(&env.run(&["index"])), "");
}
