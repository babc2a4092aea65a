//! What newsdex reads from the bundled corpus's articles.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::util::*;

#[test]
fn dates_come_from_the_date_marker() {
    let env = TestEnv::new();
    let articles = env.articles();
    assert_eq!(articles.len(), 5);
    assert_eq!(articles[A000]["date"], "2024-10-20");
    assert_eq!(articles[A000]["date_provenance"], "metadata");
    assert_eq!(articles[A002]["date"], "2024-10-18");
    // 004 says "this Friday, October 18": the weekday fixes the year.
    assert_eq!(articles[A004]["date"], "2024-10-18");
    assert_eq!(articles[A004]["date_provenance"], "weekday");
    for undated in [A001, A003] {
        assert_eq!(articles[undated]["date"], Value::Null, "{undated}");
        assert_eq!(articles[undated]["date_provenance"], "none", "{undated}");
    }
}

#[test]
fn site_icon_gives_the_source_and_the_first_line_the_title() {
    let env = TestEnv::new();
    let articles = env.articles();
    assert_eq!(articles[A001]["source"], "Then13");
    assert_eq!(
        articles[A001]["title"],
        "North Korean soldiers receive equipment in Russia ahead of possible deployment to Ukraine"
    );
    assert_eq!(articles[A001]["title_derived"], false);
    for other in [A000, A002, A003, A004] {
        assert_eq!(articles[other]["source"], "unknown", "{other}");
    }
}

#[test]
fn a_kicker_above_the_headline_is_kept_apart() {
    let env = TestEnv::new();
    let articles = env.articles();
    assert_eq!(articles[A002]["kicker"], "Deployment in Ukraine");
    assert_eq!(
        articles[A002]["title"],
        "Videos allegedly show Kim’s soldiers in Russia"
    );
    assert!(
        articles[A002]["text"]
            .as_str()
            .unwrap()
            .starts_with("According to South Korean information")
    );
}

#[test]
fn articles_without_a_headline_get_a_derived_title() {
    let env = TestEnv::new();
    let articles = env.articles();
    assert_eq!(articles[A003]["title_derived"], true);
    assert_eq!(
        articles[A003]["title"],
        "The Ukrainian Center for Strategic Communications and Information Security recently released videos…"
    );
    // The date marker's line continues with the first sentence, which is body text.
    assert!(
        articles[A000]["text"]
            .as_str()
            .unwrap()
            .starts_with("North Korea has deployed 1,500 soldiers to Russia")
    );
}

#[test]
fn site_boilerplate_is_not_indexed() {
    let env = TestEnv::new();
    let hits = env.all_passages();
    for hit in &hits {
        let text = hit["text"].as_str().unwrap();
        for boilerplate in [
            "Exit mobile version",
            "Image Source",
            "automatically translated",
            "Site icon",
            "North Korean Soldiers Receive Equipment In Russia",
        ] {
            assert!(
                !text.contains(boilerplate),
                "{boilerplate:?} in {}",
                hit["id"]
            );
        }
    }
    assert_eq!(env.total(&["\"exit mobile version\""]), 0);
}

#[test]
fn passages_are_ordered_slices_of_roughly_40_to_150_words() {
    let env = TestEnv::new();
    let hits = env.all_passages();
    let mut by_article: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for hit in &hits {
        by_article
            .entry(hit["id"].as_str().unwrap().to_string())
            .or_default()
            .push(hit);
    }
    for (id, mut passages) in by_article {
        passages.sort_by_key(|hit| hit["passage"].as_u64());
        let mut previous_end = 0;
        for (ordinal, hit) in passages.iter().enumerate() {
            assert_eq!(hit["passage"], ordinal as u64, "{id}");
            let (start, end) = (hit["start"].as_u64().unwrap(), hit["end"].as_u64().unwrap());
            let text = hit["text"].as_str().unwrap();
            assert_eq!(end - start, text.len() as u64, "{id} #{ordinal}");
            assert!(start >= previous_end, "{id} #{ordinal} overlaps");
            previous_end = end;
            let words = text.split_whitespace().count();
            assert!(
                (40..=150).contains(&words),
                "{id} #{ordinal} has {words} words"
            );
        }
    }
}
