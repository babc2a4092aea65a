//! Pseudo-relevance feedback for plain queries (RM3): the words that dominate the few
//! best-matching articles are added, at a small weight, to the query that scores articles as a
//! whole.
//!
//! A claim pasted from a text rarely uses every word the articles about it use; the best
//! matches show which other words go with it. Only the article-level score is expanded:
//! passages must still contain a word of the query itself, so every hit shows what it matched.

use std::collections::{HashMap, HashSet};

use tantivy::schema::Value;
use tantivy::{DocAddress, Score, Searcher, TantivyDocument};

use crate::error::Result;
use crate::query::{Plan, STOP_WORDS};
use crate::search;
use crate::store::Store;

/// How many of the best articles lend their words.
const FEEDBACK_ARTICLES: usize = 3;
/// How many words are added.
const FEEDBACK_WORDS: usize = 20;
/// The share of the query's weight kept by the words the user gave.
const ORIGINAL_WEIGHT: f32 = 0.8;

/// The expanded article query, or `None` when the plan takes no feedback or nothing matched.
/// `best` are the article-query matches, best first.
pub fn expand(
    searcher: &Searcher,
    store: &Store,
    plan: &Plan,
    best: &[(Score, DocAddress)],
) -> Result<Option<Box<dyn tantivy::query::Query>>> {
    let Some(words) = &plan.feedback_words else {
        return Ok(None);
    };
    let Some(&(top_score, _)) = best.first() else {
        return Ok(None);
    };
    let fields = &store.fields;

    // Each feedback article's words, as probabilities, weighted by how well it matched.
    let mut seen_ids = HashSet::new();
    let mut relevance: HashMap<String, f32> = HashMap::new();
    let mut total_weight = 0.0;
    for &(score, address) in best {
        if seen_ids.len() == FEEDBACK_ARTICLES {
            break;
        }
        let doc: TantivyDocument = searcher.doc(address)?;
        let Some(id) = doc.get_first(fields.id).and_then(|value| value.as_str()) else {
            continue;
        };
        if !seen_ids.insert(id.to_string()) {
            continue;
        }
        let mut counts: HashMap<String, f32> = HashMap::new();
        let mut length = 0usize;
        let mut count_words = |text: &str| {
            crate::schema::with_english_analyzer(|analyzer| {
                let mut stream = analyzer.token_stream(text);
                while stream.advance() {
                    length += 1;
                    let word = &stream.token().text;
                    if !STOP_WORDS.contains(&word.as_str()) {
                        *counts.entry(word.clone()).or_default() += 1.0;
                    }
                }
            })
        };
        let passages = search::article_passages(store, searcher, id)?;
        if let Some(first) = passages.first()
            && !first.title_derived
        {
            count_words(&first.title);
            if let Some(kicker) = &first.kicker {
                count_words(kicker);
            }
        }
        for passage in &passages {
            count_words(&passage.text);
        }
        if length == 0 {
            continue;
        }
        let weight = (score - top_score).exp();
        total_weight += weight;
        for (word, count) in counts {
            *relevance.entry(word).or_default() += weight * count / length as f32;
        }
    }
    if relevance.is_empty() || total_weight <= 0.0 {
        return Ok(None);
    }

    let mut added: Vec<(String, f32)> = relevance.into_iter().collect();
    added.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    added.truncate(FEEDBACK_WORDS);
    let added_total: f32 = added.iter().map(|(_, weight)| weight).sum();
    let given_total = words.iter().map(|(_, count)| *count).sum::<usize>() as f32;

    // Weights keep the scale of the original query: its words weigh ORIGINAL_WEIGHT of their
    // count, the added words share the rest.
    let mut weights: Vec<(String, f32)> = words
        .iter()
        .map(|(word, count)| (word.clone(), ORIGINAL_WEIGHT * *count as f32))
        .collect();
    for (word, weight) in added {
        let weight = (1.0 - ORIGINAL_WEIGHT) * given_total * weight / added_total;
        match weights.iter_mut().find(|(known, _)| *known == word) {
            Some((_, known)) => *known += weight,
            None => weights.push((word, weight)),
        }
    }
    Ok(Some(plan.weighted_article_query(fields, &weights)))
}
