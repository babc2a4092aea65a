//! Pathological files: huge lines, JSON Lines files of many records, deep HTML, NUL bytes and
//! odd file names are indexed (or skipped with a clear warning) and never stop the run.
//! `bench/pathological` runs the same at full size and measures memory.

use crate::util::*;

#[test]
fn a_json_lines_file_over_the_size_limit_is_read_record_by_record() {
    let env = TestEnv::empty();
    let mut lines = String::new();
    for n in 0..20_000 {
        lines.push_str(&format!(
            "{{\"id\": \"r{n}\", \"text\": \"Record {n} mentions troops.\"}}\n"
        ));
        if n == 12_345 {
            // One record far over the limit, on a single line.
            lines.push_str(&format!("{{\"text\": \"{}\"}}\n", "troops ".repeat(20_000)));
        }
    }
    env.write("corpus/records.jsonl", &lines);
    env.write("corpus/long-line.txt", &"troops ".repeat(20_000));
    let output = env.run(&[
        "index",
        "--max-file-size",
        "64KiB",
        "--commit-every",
        "256KiB",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut warnings: Vec<String> = stderr(&output).lines().map(str::to_string).collect();
    warnings.sort();
    assert_eq!(
        warnings,
        vec![
            "newsdex: warning: corpus/long-line.txt: 140000 bytes is over --max-file-size (65536 bytes)",
            "newsdex: warning: corpus/records.jsonl:12347: a 140013-byte record is over --max-file-size (65536 bytes)",
        ]
    );
    assert!(
        stdout(&output).contains("articles: 20000 added"),
        "{}",
        stdout(&output)
    );
    // Ids and line numbers hold across pieces.
    assert_eq!(env.article_ids(&["\"record 19999\""]), vec!["r19999"]);
    let again = env.index(&["--max-file-size", "64KiB"]);
    assert!(
        again.contains("0 added, 0 updated, 0 removed, 20000 unchanged"),
        "{again}"
    );
}

#[test]
fn deeply_nested_html_keeps_its_text() {
    let env = TestEnv::empty();
    for (name, open) in [("divs", "<div>"), ("bold", "<b>"), ("lists", "<ul><li>")] {
        env.write(
            &format!("corpus/{name}.html"),
            &format!(
                "<html><head><title>Deep {name}</title></head><body>{}{}</body></html>",
                open.repeat(20_000),
                "Zeppelins were sighted over the harbour on Saturday, officials said. ".repeat(5)
            ),
        );
    }
    env.index(&[]);
    assert_eq!(
        // The same text in three files: not collapsed, to see each.
        env.article_ids(&["zeppelins", "--no-collapse"]),
        vec!["bold.html", "divs.html", "lists.html"]
    );
}

#[test]
fn nul_bytes_in_an_article_do_not_make_it_binary() {
    let env = TestEnv::empty();
    env.write(
        "corpus/scraped.txt",
        "Troops gathered at the harbour\0 on Sunday, officials said.\n\0\nMore were expected.\n",
    );
    std::fs::write(
        env.path("corpus/image.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0",
    )
    .unwrap();
    let output = env.run(&["index"]);
    assert_eq!(
        stderr(&output),
        "newsdex: warning: corpus/image.txt: binary file, not text\n"
    );
    assert_eq!(
        env.article_ids(&["harbour AND expected"]),
        vec!["scraped.txt"]
    );
}

#[test]
fn file_names_with_newlines_and_escapes_stay_on_one_line() {
    let env = TestEnv::empty();
    env.write(
        "corpus/two\nlines.txt",
        "Zeppelins over the harbour, witnesses said.\n",
    );
    env.write(
        "corpus/esc\u{1b}[31m.txt",
        "Zeppelins over the bay, witnesses said.\n",
    );
    std::fs::write(env.path("corpus/bin\nary.txt"), b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    let output = env.run(&["index"]);
    assert_eq!(
        stderr(&output),
        "newsdex: warning: corpus/bin\\nary.txt: binary file, not text\n"
    );
    let output = env.run(&["search", "zeppelins", "--color", "never"]);
    let text = stdout(&output);
    assert!(
        text.contains("   corpus/two\\nlines.txt · passage 0"),
        "{text}"
    );
    assert!(
        text.contains("   corpus/esc\\u{1b}[31m.txt · passage 0"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'));
    // JSON keeps the names exactly; `show` finds the article by its id.
    assert_eq!(
        env.article_ids(&["harbour"]),
        vec!["two\nlines.txt".to_string()]
    );
    let show = env.run(&["show", "two\nlines.txt", "--color", "never"]);
    assert!(show.status.success(), "{}", stderr(&show));
    assert!(stdout(&show).contains("id   two\\nlines.txt\n"));
}
