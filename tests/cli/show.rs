//! `newsdex show`: one article by id or path, and `search --context`.

use serde_json::Value;

use crate::util::*;

#[test]
fn show_prints_the_article_with_numbered_passages_and_marks_one() {
    let env = TestEnv::new();
    env.index(&[]);
    let output = env.run(&["show", A003, "--passage", "3"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "[no headline] The Ukrainian Center for Strategic Communications and Information Security recently released videos…",
            "unknown  undated (no date found)",
            "id   003_3093ba6507627192.txt",
            "file corpus/003_3093ba6507627192.txt",
        ]
    );
    assert!(
        text.contains("\n▶ [3] The intelligence report from South Korea suggests"),
        "{text}"
    );
    assert!(text.contains("\n  [7] "), "{text}");
    assert!(!text.contains("[8]"), "{text}");
}

#[test]
fn show_takes_the_path_search_prints_and_gives_json() {
    let env = TestEnv::new();
    env.index(&[]);
    let (hits, _) = env.search_json(&["equipment"]);
    let path = hits[0]["path"].as_str().unwrap();
    let output = env.run(&["show", path, "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let article: Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(article["type"], "article");
    assert_eq!(article["id"], A001);
    assert_eq!(
        article["title"],
        "North Korean soldiers receive equipment in Russia ahead of possible deployment to Ukraine"
    );
    assert_eq!(article["source"], "Then13");
    assert_eq!(article["marked_passage"], Value::Null);
    let passages = article["passages"].as_array().unwrap();
    let numbers: Vec<u64> = passages
        .iter()
        .map(|passage| passage["passage"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (0..passages.len() as u64).collect::<Vec<_>>());
    // The passages are the ones search finds for this article.
    let all = env.all_passages();
    let in_search = all.iter().filter(|hit| hit["id"] == A001).count();
    assert_eq!(passages.len(), in_search);
    // By id, the same article.
    let by_id = env.run(&["show", A001, "--json"]);
    assert_eq!(stdout(&by_id), stdout(&output));
}

#[test]
fn unknown_articles_and_passages_are_clear_errors() {
    let env = TestEnv::new();
    env.index(&[]);
    let output = env.run(&["show", "nope.txt"]);
    assert_eq!(output.status.code(), Some(2));
    let corpus = env.path("corpus").canonicalize().unwrap();
    assert_eq!(
        stderr(&output),
        format!(
            "newsdex: no article with the id or path 'nope.txt' in the index of {}: use an id or a path as `newsdex search` prints them\n",
            corpus.display()
        )
    );
    let output = env.run(&["show", A003, "--passage", "99"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "newsdex: --passage 99: article 003_3093ba6507627192.txt has passages 0 to 7\n"
    );
    assert_eq!(stdout(&output), "");
}

#[test]
fn a_file_of_several_articles_asks_for_an_id() {
    let env = TestEnv::empty();
    env.write(
        "corpus/feed.jsonl",
        "{\"id\": \"a1\", \"title\": \"One\", \"body\": \"First story text.\"}\n\
         {\"id\": \"a2\", \"title\": \"Two\", \"body\": \"Second story text.\"}\n",
    );
    env.index(&[]);
    let output = env.run(&["show", "corpus/feed.jsonl"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "newsdex: corpus/feed.jsonl holds 2 articles; show one of them by id: a1, a2\n"
    );
    let output = env.run(&["show", "a2", "--json"]);
    let article: Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(article["title"], "Two");
    assert_eq!(article["passages"][0]["text"], "Second story text.");
}

#[test]
fn context_adds_the_neighbouring_passages() {
    let env = TestEnv::new();
    let (hits, _) = env.search_json(&["\"Storm Corps\"", "--context", "1"]);
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(hit["passage"], 3);
    assert_eq!(hit["before"].as_array().unwrap().len(), 1);
    assert_eq!(hit["before"][0]["passage"], 2);
    assert!(
        hit["before"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("U.S. Defense Secretary Lloyd Austin")
    );
    assert_eq!(hit["after"][0]["passage"], 4);
    // Two on each side; the last passage has none after it.
    let (hits, _) = env.search_json(&["\"Storm Corps\"", "--context", "2"]);
    let numbers = |side: &str| -> Vec<u64> {
        hits[0][side]
            .as_array()
            .unwrap()
            .iter()
            .map(|neighbour| neighbour["passage"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(numbers("before"), vec![1, 2]);
    assert_eq!(numbers("after"), vec![4, 5]);
    // At an article's start the list is there, and empty.
    let (hits, _) = env.search_json(&["troops", "--context", "1", "--limit", "20"]);
    let opening = hits
        .iter()
        .find(|hit| hit["passage"] == 0)
        .expect("a hit on a first passage");
    assert_eq!(opening["before"], serde_json::json!([]));
    assert_eq!(opening["after"].as_array().map(Vec::len), Some(1));
    // Without --context, no neighbours.
    let (hits, _) = env.search_json(&["\"Storm Corps\""]);
    assert!(hits[0].get("before").is_none());
    // People see them numbered around the hit.
    let output = env.run(&["search", "\"Storm Corps\"", "--context", "1"]);
    let text = stdout(&output);
    assert!(text.contains("\n   [2] U.S. Defense Secretary"), "{text}");
    assert!(text.contains("\n   [3] The intelligence report"), "{text}");
    assert!(
        text.contains("\n   [4] The special forces contingent"),
        "{text}"
    );
}
