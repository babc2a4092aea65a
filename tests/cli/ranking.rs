//! How passages are ranked: their own match, their article's match as a whole, and feedback
//! from the best articles for plain queries.

use serde_json::Value;

use crate::util::*;

/// A paragraph of about fifty words (a passage of its own), naming `topic`.
fn paragraph(topic: &str) -> String {
    format!(
        "Officials met on Tuesday to talk about {topic} and many other matters that came up \
         during a long afternoon session in the council chamber, where residents waited for \
         hours to speak and reporters took notes while the chair kept order and the clerk read \
         out every motion twice."
    )
}

fn article(title: &str, paragraphs: &[String]) -> String {
    format!("{title}\n\n{}\n", paragraphs.join("\n\n"))
}

fn score_of(hits: &[Value], id: &str, passage: u64) -> f64 {
    hits.iter()
        .find(|hit| hit["id"] == id && hit["passage"] == passage)
        .and_then(|hit| hit["score"].as_f64())
        .unwrap_or_else(|| panic!("no hit for {id} passage {passage}: {hits:?}"))
}

#[test]
fn a_passage_ranks_higher_when_its_article_is_about_the_query() {
    let env = TestEnv::empty();
    let same = paragraph("the vaccine");
    env.write(
        "corpus/about.txt",
        &article(
            "Council meeting",
            &[same.clone(), paragraph("vaccine supply and vaccine doubts")],
        ),
    );
    env.write(
        "corpus/aside.txt",
        &article(
            "Council session",
            &[
                same.clone(),
                paragraph("the new bus lanes and parking rules"),
            ],
        ),
    );
    let (hits, _) = env.search_json(&["vaccine", "--limit", "10", "--no-collapse"]);
    // The same first passage scores higher in the article that is about vaccines.
    assert!(score_of(&hits, "about.txt", 0) > score_of(&hits, "aside.txt", 0));
    assert_eq!(hits.len(), 3);
}

#[test]
fn plain_queries_take_feedback_from_the_best_articles() {
    let env = TestEnv::empty();
    env.write(
        "corpus/trial.txt",
        &article(
            "Trial results",
            &[
                "The vaccine trial compared the vaccine with a placebo: vaccine efficacy was \
               high, placebo efficacy low, and the trial went on. Placebo, efficacy, trial: the \
               words every vaccine trial report repeats, placebo and efficacy above all."
                    .to_string(),
            ],
        ),
    );
    let same = paragraph("a vaccine");
    env.write(
        "corpus/related.txt",
        &article(
            "Council meeting",
            &[
                same.clone(),
                paragraph("a placebo and its efficacy in a trial"),
            ],
        ),
    );
    env.write(
        "corpus/unrelated.txt",
        &article(
            "Council session",
            &[
                same.clone(),
                paragraph("a stadium and its seats on a pitch"),
            ],
        ),
    );
    let query = ["vaccine", "--plain", "--limit", "10", "--no-collapse"];
    let (hits, _) = env.search_json(&query);
    // Words of the best article (placebo, efficacy, trial) lift the article that shares them.
    assert!(score_of(&hits, "related.txt", 0) > score_of(&hits, "unrelated.txt", 0));
    // Without feedback the two identical passages in articles of equal weight tie.
    let mut without: Vec<&str> = query.to_vec();
    without.push("--no-feedback");
    let (hits, _) = env.search_json(&without);
    assert_eq!(
        score_of(&hits, "related.txt", 0),
        score_of(&hits, "unrelated.txt", 0)
    );
}
