//! Relevance evaluation of a TREC run against judgments, computed as `trec_eval -c` does:
//! nDCG@10 (gain = judged grade), Recall@100 and MAP over the whole run. Judgments of grade 0
//! are non-relevant; every judged query counts, and one with nothing retrieved scores 0. The run
//! is ordered by score, ties broken by document id in reverse order, as `trec_eval` does.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

/// Mean scores over the judged queries.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "type", rename = "eval")]
pub struct Scores {
    /// Normalised discounted cumulative gain at rank 10.
    pub ndcg_10: f64,
    /// Share of the relevant documents found in the first 100.
    pub recall_100: f64,
    /// Mean average precision.
    pub map: f64,
    /// Judged queries the means are taken over.
    pub queries: usize,
}

/// Judgments: query id → document id → grade.
pub type Qrels = BTreeMap<String, HashMap<String, i64>>;
/// A run: query id → (document id, score).
pub type Run = HashMap<String, Vec<(String, f64)>>;

/// Reads judgments: BEIR TSV (`query-id corpus-id score`, with a header) or TREC qrels
/// (`qid 0 docid grade`). Lines that do not parse are returned with their line number.
pub fn parse_qrels(text: &str) -> (Qrels, Vec<usize>) {
    let mut qrels = Qrels::new();
    let mut bad = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let parsed = match parts.as_slice() {
            [] => continue,
            [query, doc, grade] => grade.parse::<i64>().ok().map(|grade| (query, doc, grade)),
            [query, _, doc, grade] => grade.parse::<i64>().ok().map(|grade| (query, doc, grade)),
            _ => None,
        };
        match parsed {
            Some((query, doc, grade)) => {
                qrels
                    .entry(query.to_string())
                    .or_default()
                    .insert(doc.to_string(), grade);
            }
            // A header row (`query-id corpus-id score`) is not an error.
            None if index == 0 => {}
            None => bad.push(index + 1),
        }
    }
    (qrels, bad)
}

/// Reads a TREC run (`qid Q0 docid rank score tag`). Lines that do not parse are returned
/// with their line number.
pub fn parse_run(text: &str) -> (Run, Vec<usize>) {
    let mut run = Run::new();
    let mut bad = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        match parts.as_slice() {
            [] => {}
            [query, _, doc, _, score, ..] => match score.parse::<f64>() {
                Ok(score) => run
                    .entry(query.to_string())
                    .or_default()
                    .push((doc.to_string(), score)),
                Err(_) => bad.push(index + 1),
            },
            _ => bad.push(index + 1),
        }
    }
    (run, bad)
}

/// Scores a run against judgments.
pub fn evaluate(qrels: &Qrels, run: &Run) -> Scores {
    let mut totals = (0.0, 0.0, 0.0);
    for (query, judged) in qrels {
        let mut ranked: Vec<&(String, f64)> = run
            .get(query)
            .map(|docs| docs.iter().collect())
            .unwrap_or_default();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
        let grade = |doc: &str| judged.get(doc).copied().unwrap_or(0).max(0);
        let relevant = judged.values().filter(|grade| **grade > 0).count();

        let dcg: f64 = ranked
            .iter()
            .take(10)
            .enumerate()
            .map(|(at, (doc, _))| grade(doc) as f64 / (at as f64 + 2.0).log2())
            .sum();
        let mut ideal: Vec<i64> = judged.values().map(|grade| (*grade).max(0)).collect();
        ideal.sort_unstable_by(|a, b| b.cmp(a));
        let idcg: f64 = ideal
            .iter()
            .take(10)
            .enumerate()
            .map(|(at, grade)| *grade as f64 / (at as f64 + 2.0).log2())
            .sum();
        if idcg > 0.0 {
            totals.0 += dcg / idcg;
        }
        if relevant > 0 {
            let found = ranked
                .iter()
                .take(100)
                .filter(|(doc, _)| grade(doc) > 0)
                .count();
            totals.1 += found as f64 / relevant as f64;
            let mut hits = 0;
            let mut precision_sum = 0.0;
            for (at, (doc, _)) in ranked.iter().enumerate() {
                if grade(doc) > 0 {
                    hits += 1;
                    precision_sum += hits as f64 / (at as f64 + 1.0);
                }
            }
            totals.2 += precision_sum / relevant as f64;
        }
    }
    let queries = qrels.len();
    let mean = |total: f64| {
        if queries == 0 {
            0.0
        } else {
            total / queries as f64
        }
    };
    Scores {
        ndcg_10: mean(totals.0),
        recall_100: mean(totals.1),
        map: mean(totals.2),
        queries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn a_hand_computed_example() {
        // q1: relevant d1 (grade 2) and d3 (grade 1); d2 judged non-relevant.
        // Run q1: d2 0.9, d1 0.8, d4 0.8, d3 0.1 → ties (d1, d4) ordered by id descending: d4, d1.
        //   order: d2, d4, d1, d3. DCG = 2/log2(4) + 1/log2(5) = 1 + 0.430677
        //   IDCG = 2/log2(2) + 1/log2(3) = 2 + 0.630930; nDCG = 1.430677 / 2.630930
        //   AP = (1/3 + 2/4) / 2 = 0.416667; recall = 1.
        // q2: relevant d9, nothing retrieved → 0 for all three.
        // q3: only non-relevant judgments → counts, scores 0.
        let (qrels, bad) = parse_qrels(
            "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td3\t1\nq1\td2\t0\nq2 0 d9 1\nq3\td5\t0\n",
        );
        assert!(bad.is_empty());
        let (run, bad) = parse_run(
            "q1 Q0 d2 1 0.9 x\nq1 Q0 d1 2 0.8 x\nq1 Q0 d4 3 0.8 x\nq1 Q0 d3 4 0.1 x\nq9 Q0 d1 1 1.0 x\n",
        );
        assert!(bad.is_empty());
        let scores = evaluate(&qrels, &run);
        let ndcg_q1 = (1.0 + 1.0 / 5f64.log2()) / (2.0 + 1.0 / 3f64.log2());
        assert_eq!(scores.queries, 3);
        assert!(close(scores.ndcg_10, ndcg_q1 / 3.0), "{scores:?}");
        assert!(close(scores.recall_100, 1.0 / 3.0), "{scores:?}");
        assert!(
            close(scores.map, (1.0 / 3.0 + 0.5) / 2.0 / 3.0),
            "{scores:?}"
        );
    }

    #[test]
    fn recall_counts_only_the_first_hundred() {
        let (qrels, _) = parse_qrels("q d150 1\nq d1 1\n");
        let run_text: String = (1..=150)
            .map(|rank| format!("q Q0 d{rank} {rank} {} x\n", 1000 - rank))
            .collect();
        let (run, _) = parse_run(&run_text);
        let scores = evaluate(&qrels, &run);
        assert!(close(scores.recall_100, 0.5));
        assert!(close(scores.map, (1.0 + 2.0 / 150.0) / 2.0));
    }

    #[test]
    fn bad_lines_are_reported() {
        let (_, bad) = parse_qrels("header line here\nq d 1\nq d x\n");
        assert_eq!(bad, vec![3]);
        let (_, bad) = parse_run("q Q0 d 1 0.5 x\nshort line\nq Q0 d 1 high x\n");
        assert_eq!(bad, vec![2, 3]);
    }
}
