//! Every supported format, read from the fixture corpus in `tests/fixtures/formats`.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::util::*;

/// The metadata of an article as one JSON value, for exact comparison.
fn metadata(article: &Value) -> Value {
    json!({
        "title": article["title"],
        "title_derived": article["title_derived"],
        "date": article["date"],
        "date_provenance": article["date_provenance"],
        "source": article["source"],
        "url": article.get("url").cloned().unwrap_or(Value::Null),
        "author": article.get("author").cloned().unwrap_or(Value::Null),
    })
}

fn formats() -> (TestEnv, String, BTreeMap<String, Value>) {
    let env = TestEnv::fixture("formats");
    let output = env.run(&["index"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let summary = stdout(&output);
    let articles = env.articles();
    (env, summary, articles)
}

#[test]
fn text_files_with_a_header_block() {
    let (_, _, articles) = formats();
    let article = &articles["header.txt"];
    assert_eq!(
        metadata(article),
        json!({
            "title": "Seoul says 1,500 North Korean troops reached Vladivostok",
            "title_derived": false,
            "date": "2024-10-18",
            "date_provenance": "metadata",
            "source": "Korea Herald",
            "url": "https://www.koreaherald.example/view.php?ud=20241018000123",
            "author": "Kim Ji-won",
        })
    );
    assert!(
        article["text"]
            .as_str()
            .unwrap()
            .starts_with("South Korea's spy agency said on Friday")
    );
}

#[test]
fn markdown_with_yaml_and_toml_front_matter() {
    let (_, _, articles) = formats();
    assert_eq!(
        metadata(&articles["front-yaml.md"]),
        json!({
            "title": "Kremlin denies North Korean troops are in Russia",
            "title_derived": false,
            "date": "2024-10-21",
            "date_provenance": "metadata",
            "source": "Moscow Wire",
            "url": "https://moscowwire.example/2024/10/21/kremlin-denies",
            "author": "Olga Petrova, Ivan Sokolov",
        })
    );
    let text = articles["front-yaml.md"]["text"].as_str().unwrap();
    assert!(
        text.starts_with("The Kremlin on Monday dismissed as fake news reports"),
        "{text}"
    );
    assert!(
        text.contains("declined to comment on video footage circulating online."),
        "{text}"
    );
    assert_eq!(
        metadata(&articles["front-toml.markdown"]),
        json!({
            "title": "NATO cannot confirm North Korean deployment",
            "title_derived": false,
            "date": "2024-10-17",
            "date_provenance": "metadata",
            "source": "Brussels Brief",
            "url": null,
            "author": "Anne Dupont",
        })
    );
}

#[test]
fn a_json_article_in_news_please_form() {
    let (_, _, articles) = formats();
    let article = &articles["one.json"];
    assert_eq!(
        metadata(article),
        json!({
            "title": "Zelensky says North Korea preparing 10,000 soldiers for Russia",
            "title_derived": false,
            "date": "2024-10-17",
            "date_provenance": "metadata",
            "source": "kyivdaily.example",
            "url": "https://kyivdaily.example/news/zelensky-north-korea-10000",
            "author": "Oksana Marchenko",
        })
    );
    assert_eq!(
        article["text"],
        "Ukrainian President Volodymyr Zelensky said on Thursday that intelligence showed North Korea was preparing 10,000 soldiers to join Russian forces.\n\n\"According to the information I have, they are preparing 10,000 soldiers,\" he told reporters in Brussels."
    );
}

#[test]
fn json_lines_records_briefs_bad_lines_and_empty_records() {
    let (env, summary, articles) = formats();
    let wire = &articles["wire-1"];
    assert_eq!(wire["date"], "2024-10-18");
    assert_eq!(wire["source"], "Wire Service");
    assert_eq!(
        wire["title"],
        "NORTH KOREA SENDS TROOPS TO RUSSIA, SEOUL SAYS"
    );
    assert_eq!(
        wire["text"],
        "North Korea has sent about 1,500 special forces troops to Russia, South Korea said on Friday, citing satellite imagery of Russian navy transport ships.\n\nThe troops are expected to be sent to the front after training, the agency said."
    );
    // A wire brief: a headline and no body is indexed, its headline as its text.
    assert_eq!(
        articles["wire-2"]["text"],
        "KREMLIN CALLS TROOP REPORTS FAKE"
    );
    assert_eq!(
        env.article_ids(&["kremlin", "--source", "wire service"]),
        vec!["wire-2"]
    );
    assert!(
        !articles.contains_key("wire-3"),
        "the malformed line is skipped"
    );
    assert!(
        !articles.contains_key("wire-4"),
        "the record without text is skipped"
    );
    // A date that cannot be parsed: indexed undated, with a warning.
    assert_eq!(articles["wire-5"]["date"], Value::Null);
    assert_eq!(articles["wire-5"]["date_provenance"], "none");
    assert!(
        summary.contains("skipped: 2 (1 malformed, 1 no text; see the warnings above)"),
        "{summary}"
    );
}

#[test]
fn warnings_name_the_file_line_and_reason() {
    let env = TestEnv::fixture("formats");
    let output = env.run(&["index"]);
    let warnings = stderr(&output);
    let lines: Vec<&str> = warnings.lines().collect();
    assert_eq!(
        lines,
        vec![
            "newsdex: warning: corpus/newsdex.csv: lists missing.txt, which is not an article file in the corpus",
            "newsdex: warning: corpus/baddate.md: cannot parse the date 'the week after next'; the article is indexed undated",
            "newsdex: warning: corpus/wire.jsonl:3: invalid JSON at column 110: EOF while parsing a string",
            "newsdex: warning: corpus/wire.jsonl:4: no article text",
            "newsdex: warning: corpus/wire.jsonl:5: cannot parse the date 'sometime next week'; the article is indexed undated",
        ]
    );
}

#[test]
fn saved_web_pages() {
    let (_, _, articles) = formats();
    let article = &articles["page.html"];
    assert_eq!(
        metadata(article),
        json!({
            "title": "North Korean soldiers seen in Russian uniforms",
            "title_derived": false,
            "date": "2024-10-19",
            "date_provenance": "metadata",
            "source": "The Daily Ledger",
            "url": "https://dailyledger.example/world/2024/10/19/north-korean-soldiers-uniforms",
            "author": "Sam Carter",
        })
    );
    let (_, _, all) = formats();
    let text: String = all
        .values()
        .filter(|hit| hit["id"] == "page.html")
        .map(|hit| hit["text"].as_str().unwrap().to_string())
        .collect();
    assert!(
        text.starts_with("Videos released by Ukraine's Center for Strategic Communications"),
        "{text}"
    );
    for furniture in [
        "Subscribe",
        "cookies",
        "Related stories",
        "Oil prices",
        "All rights reserved",
        "dataLayer",
    ] {
        assert!(!text.contains(furniture), "{furniture:?} in {text}");
    }
}

#[test]
fn content_wins_over_a_lying_extension() {
    let (_, _, articles) = formats();
    let article = &articles["lying.txt"];
    assert_eq!(article["title"], "Russia moves troops east");
    assert_eq!(article["source"], "Saved Page Weekly");
    assert_eq!(article["date"], "2024-10-16");
    assert!(!article["text"].as_str().unwrap().contains('<'));
}

#[test]
fn dates_from_the_text_and_from_a_weekday() {
    let (_, _, articles) = formats();
    assert_eq!(articles["textdate.txt"]["date"], "2024-10-18");
    assert_eq!(articles["textdate.txt"]["date_provenance"], "text");
    assert_eq!(articles["weekday.txt"]["date"], "2024-10-18");
    assert_eq!(articles["weekday.txt"]["date_provenance"], "weekday");
}

#[test]
fn legacy_and_utf16_encodings_are_decoded() {
    let (env, summary, articles) = formats();
    assert_eq!(
        articles["legacy-1252.txt"]["title"],
        "Café owners in Vladivostok see new customers"
    );
    assert!(
        articles["legacy-1252.txt"]["text"]
            .as_str()
            .unwrap()
            .contains("The café owner said “no comment”")
    );
    assert_eq!(articles["utf16.txt"]["source"], "Windows Notepad Times");
    assert_eq!(env.article_ids(&["notepad"]), vec!["utf16.txt"]);
    assert!(
        summary.contains("decoded from a legacy encoding: 1 file\n"),
        "{summary}"
    );
}

#[test]
fn the_manifest_overrides_metadata() {
    let (_, _, articles) = formats();
    assert_eq!(
        metadata(&articles["manifest-target.txt"]),
        json!({
            "title": "Seoul vows staged response",
            "title_derived": false,
            "date": "2024-10-22",
            "date_provenance": "metadata",
            "source": "Yonhap Digest",
            "url": "https://yonhap.example/a",
            "author": null,
        })
    );
    assert!(!articles.contains_key("newsdex.csv"));
}

#[test]
fn a_manifest_edit_reindexes_the_file_it_names() {
    let env = TestEnv::fixture("formats");
    env.index(&[]);
    let manifest = std::fs::read_to_string(env.path("corpus/newsdex.csv")).unwrap();
    env.write(
        "corpus/newsdex.csv",
        &manifest.replace("Yonhap Digest", "Yonhap Weekly"),
    );
    let summary = env.index(&[]);
    assert!(
        summary.contains("articles: 0 added, 1 updated, 0 removed,"),
        "{summary}"
    );
    assert_eq!(
        env.article_ids(&["--source", "yonhap weekly", "*"]),
        vec!["manifest-target.txt"]
    );
}

#[test]
fn a_manifest_that_is_not_a_regular_file_is_ignored_with_a_warning() {
    let env = TestEnv::empty();
    env.write("corpus/a.txt", "Troops arrived at the harbour.\n");
    // A pipe or a link to a device would never end; a folder is refused the same way.
    env.mkdir("corpus/newsdex.csv");
    let output = env.run(&["index"]);
    assert!(output.status.success());
    assert_eq!(
        stderr(&output),
        "newsdex: warning: corpus/newsdex.csv: is not a regular file; ignored\n"
    );
    assert_eq!(env.article_ids(&["troops"]), vec!["a.txt"]);
}

#[test]
fn sources_from_folders() {
    let env = TestEnv::fixture("by-outlet");
    env.index(&["--source-from", "folder"]);
    let articles = env.articles();
    assert_eq!(articles["herald/troops.txt"]["source"], "herald");
    assert_eq!(articles["times/troops.txt"]["source"], "times");
    assert_eq!(articles["root-note.txt"]["source"], "unknown");
    // The setting is remembered by a bare refresh, and can be turned off.
    let summary = env.index(&[]);
    assert!(summary.contains("0 updated"), "{summary}");
    env.index(&["--source-from", "file"]);
    assert_eq!(articles_source(&env, "times/troops.txt"), "Times Online");
}

fn articles_source(env: &TestEnv, id: &str) -> String {
    env.articles()[id]["source"].as_str().unwrap().to_string()
}
