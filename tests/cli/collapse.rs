//! Near-duplicate collapsing, `--per-article` and `--sort`, on `tests/fixtures/syndication`:
//! one Reuters-21578 wire story (reuters-11459) as carried by three outlets on three days, with
//! different headlines and bylines, one with its last paragraph trimmed and a typo fixed, one
//! with a figure spelt out; and a different Reuters story on the same crop (reuters-4470).

use serde_json::Value;

use crate::util::*;

const WIRE: [&str; 3] = [
    "commodity-weekly-bahia.txt",
    "riverside-gazette-cocoa.txt",
    "farm-journal-temporao.txt",
];
const OTHER: &str = "reuters-bahia-pessimism.txt";

fn copies(hit: &Value) -> Vec<(String, String)> {
    hit["copies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|copy| {
            let id = copy["id"].as_str().unwrap().to_string();
            (id, copy["date"].as_str().unwrap_or("").to_string())
        })
        .collect()
}

#[test]
fn filters_leave_scores_as_they_are() {
    let env = TestEnv::fixture("syndication");
    let score_of = |args: &[&str]| -> f64 {
        let mut all = vec!["harsher than thought", "--no-collapse"];
        all.extend_from_slice(args);
        let (hits, _) = env.search_json(&all);
        let farm = hits
            .iter()
            .find(|hit| hit["id"] == "farm-journal-temporao.txt")
            .expect("the Farm Journal copy matches");
        farm["score"].as_f64().unwrap()
    };
    let unfiltered = score_of(&[]);
    assert_eq!(score_of(&["--source", "farm journal"]), unfiltered);
    assert_eq!(score_of(&["--since", "1987-01-01"]), unfiltered);
    assert_eq!(
        score_of(&["--source", "Farm Journal", "--until", "1988"]),
        unfiltered
    );
}

#[test]
fn a_wire_story_in_three_outlets_is_one_hit_with_its_copies_earliest_first() {
    let env = TestEnv::fixture("syndication");
    let (hits, summary) = env.search_json(&["\"harsher than thought\""]);
    assert_eq!(summary["total_matches"], 3);
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    let mut outlets: Vec<String> = copies(hit).into_iter().map(|(id, _)| id).collect();
    outlets.push(hit["id"].as_str().unwrap().to_string());
    outlets.sort();
    let mut wire: Vec<String> = WIRE.iter().map(|id| id.to_string()).collect();
    wire.sort();
    assert_eq!(outlets, wire);
    // The hit is the best-ranked copy; the others follow by date.
    assert_eq!(hit["id"], "riverside-gazette-cocoa.txt");
    assert_eq!(
        copies(hit),
        vec![
            (
                "commodity-weekly-bahia.txt".to_string(),
                "1987-03-31".to_string()
            ),
            (
                "farm-journal-temporao.txt".to_string(),
                "1987-04-02".to_string()
            ),
        ]
    );
    let output = env.run(&["search", "\"harsher than thought\"", "--color", "never"]);
    let text = stdout(&output);
    assert!(
        text.contains(
            "   also in: Commodity Weekly 1987-03-31 corpus/commodity-weekly-bahia.txt · passage 0\n   also in: Farm Journal 1987-04-02 corpus/farm-journal-temporao.txt · passage 0\n"
        ),
        "{text}"
    );
    // --no-collapse shows every copy.
    let (hits, _) = env.search_json(&["\"harsher than thought\"", "--no-collapse"]);
    assert_eq!(hits.len(), 3);
    assert!(hits.iter().all(|hit| copies(hit).is_empty()));
}

#[test]
fn different_articles_on_the_same_topic_do_not_collapse() {
    let env = TestEnv::fixture("syndication");
    let (hits, summary) = env.search_json(&["temporao", "--limit", "100", "--per-article", "100"]);
    let other: Vec<&Value> = hits.iter().filter(|hit| hit["id"] == OTHER).collect();
    // Every passage of the other story that matches is a hit of its own, with no copies.
    let other_matching = env
        .search_json(&[
            "temporao",
            "--limit",
            "100",
            "--per-article",
            "100",
            "--no-collapse",
            "--source",
            "reuters",
        ])
        .0
        .len();
    assert!(other_matching >= 5);
    assert_eq!(other.len(), other_matching);
    assert!(other.iter().all(|hit| copies(hit).is_empty()));
    for hit in &hits {
        assert!(copies(hit).iter().all(|(id, _)| id != OTHER), "{hit}");
    }
    // Collapsing never loses a passage: hits and copies add up to every match.
    let listed: usize = hits.iter().map(|hit| 1 + copies(hit).len()).sum();
    assert_eq!(listed as u64, summary["total_matches"].as_u64().unwrap());
    // Every wire passage that matches is shown once, with its two copies (the trimmed copy's
    // last passage holds the last two of the others).
    for hit in hits.iter().filter(|hit| hit["id"] != OTHER) {
        assert!(!copies(hit).is_empty(), "{hit}");
        let dates: Vec<String> = copies(hit).into_iter().map(|(_, date)| date).collect();
        let mut sorted = dates.clone();
        sorted.sort();
        assert_eq!(dates, sorted);
    }
}

#[test]
fn per_article_caps_hits_and_says_how_many_more_match() {
    let env = TestEnv::fixture("syndication");
    let (all, _) = env.search_json(&[
        "temporao",
        "--source",
        "reuters",
        "--limit",
        "100",
        "--per-article",
        "100",
    ]);
    let (hits, _) = env.search_json(&["temporao", "--source", "reuters", "--limit", "100"]);
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0]["more_in_article"], all.len() as u64 - 2);
    assert_eq!(hits[1]["more_in_article"], 0);
    let (hits, _) = env.search_json(&["temporao", "--source", "reuters", "--per-article", "1"]);
    assert_eq!(hits.len(), 1);
    let output = env.run(&[
        "search", "temporao", "--source", "reuters", "--color", "never",
    ]);
    assert!(
        stdout(&output).contains(&format!(
            "   +{} more matching passages in this article\n",
            all.len() - 2
        )),
        "{}",
        stdout(&output)
    );
}

#[test]
fn sort_orders_hits_by_date() {
    let env = TestEnv::fixture("syndication");
    let dates = |order: &str| -> Vec<String> {
        let (hits, _) = env.search_json(&[
            "temporao",
            "--sort",
            order,
            "--no-collapse",
            "--per-article",
            "100",
            "--limit",
            "100",
        ]);
        hits.iter()
            .map(|hit| hit["date"].as_str().unwrap().to_string())
            .collect()
    };
    let oldest = dates("oldest");
    let newest = dates("newest");
    assert_eq!(oldest.first().map(String::as_str), Some("1987-03-12"));
    assert_eq!(newest.first().map(String::as_str), Some("1987-04-02"));
    let mut sorted = oldest.clone();
    sorted.sort();
    assert_eq!(oldest, sorted);
    sorted.reverse();
    assert_eq!(newest, sorted);
}

#[test]
fn matches_are_counted_in_articles_whose_whole_text_lends_no_score() {
    // The whole-article field keeps an article's first MiB: a passage after it matches on its
    // own, but its article is not among the scored articles, whose matches are counted while
    // ranking. Its article's matches are still counted.
    let env = TestEnv::empty();
    let filler = "Filler paragraph about harbour works and the tides, written only to make the \
        record long; nothing in it is worth finding, and every line of it says the same. ";
    let mut text = String::from("A very long record\n\n");
    while text.len() < 1_100_000 {
        text.push_str(filler);
        text.push_str("\n\n");
    }
    for _ in 0..3 {
        text.push_str("The quokka was seen near the harbour again.\n\n");
        text.push_str(filler);
        text.push_str("\n\n");
    }
    env.write("corpus/long.txt", &text);
    env.write(
        "corpus/short.txt",
        "Short note\n\nA quokka appears here once, near the harbour.\n",
    );
    env.index(&[]);
    // The long record's matching passages are alike: keep them apart.
    let (all, _) = env.search_json(&["quokka", "--per-article", "100", "--no-collapse"]);
    let in_long = all.iter().filter(|hit| hit["id"] == "long.txt").count() as u64;
    assert!(in_long >= 2, "{all:?}");
    assert!(
        all.iter()
            .filter(|hit| hit["id"] == "long.txt")
            .all(|hit| hit["start"].as_u64().unwrap() > 1024 * 1024)
    );
    let (hits, summary) = env.search_json(&["quokka", "--per-article", "1", "--no-collapse"]);
    assert_eq!(summary["total_matches"], in_long + 1);
    let more: Vec<(String, u64)> = hits
        .iter()
        .map(|hit| {
            (
                hit["id"].as_str().unwrap().to_string(),
                hit["more_in_article"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        more,
        vec![
            ("short.txt".to_string(), 0),
            ("long.txt".to_string(), in_long - 1)
        ]
    );
}
