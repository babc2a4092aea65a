//! `newsdex timeline`: matching articles per bucket, checked against counts computed here from
//! the fixture itself. The fixture, `tests/fixtures/reuters/sample.jsonl`, is every 70th record
//! of Reuters-21578 (1987) plus the one record whose date is null: 310 records.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde_json::Value;

use crate::util::*;

/// The fixture's records that mention oil (as the English analyzer reads "oil": oil, oils,
/// oiled, oiling), with their date (None when null).
fn oil_articles() -> Vec<Option<NaiveDate>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/reuters/sample.jsonl"
    );
    let word = regex::Regex::new(r"(?i)\boil(s|ed|ing)?\b").unwrap();
    let mut found = Vec::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        let text = |key: &str| record[key].as_str().unwrap_or("").trim().to_string();
        // A record with no body is indexed with its title as its text.
        let body = if text("body").is_empty() {
            text("title")
        } else {
            text("body")
        };
        if word.is_match(&body) {
            let date = record["date"]
                .as_str()
                .map(|date| NaiveDate::parse_from_str(&date[..10], "%Y-%m-%d").unwrap());
            found.push(date);
        }
    }
    found
}

fn timeline_json(env: &TestEnv, args: &[&str]) -> Value {
    let mut all = vec!["timeline"];
    all.extend_from_slice(args);
    all.push("--json");
    let output = env.run(&all);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_str(stdout(&output).trim()).unwrap()
}

fn counts(timeline: &Value) -> BTreeMap<String, u64> {
    timeline["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|bucket| bucket["count"].as_u64().unwrap() > 0)
        .map(|bucket| {
            let label = bucket["label"].as_str().unwrap().to_string();
            (label, bucket["count"].as_u64().unwrap())
        })
        .collect()
}

#[test]
fn monthly_counts_match_the_articles_that_say_it() {
    let env = TestEnv::fixture("reuters");
    let expected_articles = oil_articles();
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    for date in expected_articles.iter().flatten() {
        *expected
            .entry(format!("{:04}-{:02}", date.year(), date.month()))
            .or_default() += 1;
    }
    assert!(expected.len() >= 5, "{expected:?}");
    let timeline = timeline_json(&env, &["oil", "--by", "month"]);
    assert_eq!(timeline["by"], "month");
    assert_eq!(counts(&timeline), expected);
    assert_eq!(timeline["articles"], expected_articles.len());
    let undated = expected_articles
        .iter()
        .filter(|date| date.is_none())
        .count();
    assert_eq!(timeline["undated"], undated);
    // Months without a match in between are there, with 0.
    let labels: Vec<&str> = timeline["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|bucket| bucket["label"].as_str().unwrap())
        .collect();
    let first = expected.keys().next().unwrap();
    let last = expected.keys().last().unwrap();
    assert_eq!(labels.first(), Some(&first.as_str()));
    assert_eq!(labels.last(), Some(&last.as_str()));
}

#[test]
fn weekly_counts_and_filters_match() {
    let env = TestEnv::fixture("reuters");
    let since = NaiveDate::from_ymd_opt(1987, 3, 1).unwrap();
    let until = NaiveDate::from_ymd_opt(1987, 3, 31).unwrap();
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    for date in oil_articles().into_iter().flatten() {
        if date >= since && date <= until {
            let monday = date - chrono::Days::new(date.weekday().num_days_from_monday().into());
            *expected.entry(monday.to_string()).or_default() += 1;
        }
    }
    let timeline = timeline_json(
        &env,
        &[
            "oil", "--by", "week", "--since", "1987-03", "--until", "1987-03",
        ],
    );
    assert_eq!(counts(&timeline), expected);
    // Undated articles are counted apart, whatever the date filter: the fixture's one
    // undated record is about a listing in Hong Kong.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/reuters/sample.jsonl"
    );
    let undated_about_hong_kong = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter(|record| record["date"].is_null())
        .filter(|record| {
            let body = record["body"].as_str().unwrap_or("").to_lowercase();
            body.contains("hong kong")
        })
        .count();
    assert_eq!(undated_about_hong_kong, 1);
    let timeline = timeline_json(
        &env,
        &["\"hong kong\"", "--since", "1987-03", "--until", "1987-03"],
    );
    assert_eq!(timeline["undated"], 1);
}

#[test]
fn the_chart_is_aligned_and_readable_without_colour() {
    let env = TestEnv::new();
    let output = env.run(&["timeline", "troops", "--color", "never"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "5 articles matching 'troops', by day\n\
         2024-10-18  ████████████████████████████████████████  2\n\
         2024-10-19                                            0\n\
         2024-10-20  ████████████████████                      1\n\
         undated: 2 matching articles (no date known; not on the chart)\n"
    );
    let output = env.run(&["timeline", "zzzz"]);
    assert_eq!(output.status.code(), Some(1));
}
