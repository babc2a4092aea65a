//! Query syntax and filters on the bundled corpus.

use crate::util::*;

#[test]
fn phrases_match_exactly() {
    let env = TestEnv::new();
    assert_eq!(env.article_ids(&["\"Storm Corps\""]), vec![A003]);
}

#[test]
fn apostrophes_brackets_and_times_are_searched_as_text() {
    let env = TestEnv::new();
    // tantivy's grammar reads ' as a quote, [ ] { } as ranges and 9: as a field.
    assert_eq!(env.article_ids(&["Ukraine's Poltava"]), vec![A000]);
    assert_eq!(
        env.article_ids(&["\"Ukraine's Poltava region\""]),
        vec![A000]
    );
    assert_eq!(env.article_ids(&["[Poltava] 9:30"]), vec![A000]);
    assert_eq!(env.article_ids(&["{Poltava} ^x"]), vec![A000]);
    assert_eq!(env.article_ids(&["Poltava > Kursk <= x"]), vec![A000]);
    // A syntax error quotes the query as typed, not as escaped for the parser.
    let output = env.run(&["search", "Kim's (troops"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .starts_with("newsdex: invalid query: this '(' is never closed\n  Kim's (troops\n"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn phrases_highlight_where_they_stand_unless_they_have_slop() {
    let env = TestEnv::new();
    let words = |query: &str| -> Vec<String> {
        let (hits, _) = env.search_json(&[query]);
        let hit = &hits[0];
        let text = hit["text"].as_str().unwrap();
        hit["highlights"]
            .as_array()
            .unwrap()
            .iter()
            .map(|range| {
                let (start, end) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
                text[start as usize..end as usize].to_string()
            })
            .collect()
    };
    // The passage also names the "11th Army Corps": that Corps is not the phrase's.
    assert_eq!(words("\"Storm Corps\""), ["Storm", "Corps"]);
    assert_eq!(words("\"Storm Corps\"~2"), ["Corps", "Storm", "Corps"]);
}

#[test]
fn words_match_in_title_and_text() {
    let env = TestEnv::new();
    assert_eq!(env.article_ids(&["Sergeevka"]), vec![A000, A001, A003]);
    assert_eq!(env.article_ids(&["Sergeyevka"]), vec![A000]);
}

#[test]
fn fuzzy_matches_transliterations() {
    let env = TestEnv::new();
    assert_eq!(
        env.article_ids(&["Sergeyevka", "--fuzzy"]),
        vec![A000, A001, A003]
    );
}

#[test]
fn since_keeps_later_dated_articles_and_counts_undated_ones_left_out() {
    let env = TestEnv::new();
    assert_eq!(
        env.article_ids(&["troops", "--since", "2024-10-19"]),
        vec![A000]
    );
    let all = env.total(&["troops"]);
    let dated = env.total(&["troops", "--since", "1900"]);
    let (hits, summary) =
        env.search_json(&["troops", "--since", "2024-10-19", "--per-article", "100"]);
    let left_out = summary["undated_left_out"].as_u64().unwrap();
    assert!(left_out > 0);
    assert_eq!(left_out, all - dated);
    assert_eq!(summary["total_matches"], hits.len() as u64);

    let output = env.run(&["search", "troops", "--since", "2024-10-19"]);
    assert!(stdout(&output).contains(&format!(
        "{left_out} matching passages from undated articles left out by the date filter; add --include-undated to keep them"
    )));
}

#[test]
fn include_undated_keeps_undated_articles() {
    let env = TestEnv::new();
    assert_eq!(
        env.article_ids(&[
            "troops",
            "--since",
            "2024-10-19",
            "--include-undated",
            "-n",
            "100"
        ]),
        vec![A000, A001, A003]
    );
    let (_, summary) = env.search_json(&["troops", "--since", "2024-10-19", "--include-undated"]);
    assert_eq!(summary["undated_left_out"], serde_json::Value::Null);
}

#[test]
fn until_is_inclusive_of_the_whole_day_month_or_year() {
    let env = TestEnv::new();
    // 002 is dated 2024-10-18 by its marker, 004 ~2024-10-18 by its weekday, 000 2024-10-20.
    assert_eq!(
        env.article_ids(&["troops", "--until", "2024-10-18"]),
        vec![A002, A004]
    );
    assert_eq!(
        env.article_ids(&["troops", "--until", "2024-10-20"]),
        vec![A000, A002, A004]
    );
    assert_eq!(
        env.article_ids(&["troops", "--since", "2024-10", "--until", "2024-10"]),
        vec![A000, A002, A004]
    );
    assert_eq!(
        env.article_ids(&["troops", "--until", "2024-10-19T23:59:59Z"]),
        vec![A002, A004]
    );
    assert_eq!(
        env.article_ids(&["troops", "--since", "2025"]),
        Vec::<String>::new()
    );
}

#[test]
fn sources_filter_case_insensitively() {
    let env = TestEnv::new();
    assert_eq!(
        env.article_ids(&["soldiers", "--source", "then13"]),
        vec![A001]
    );
    assert_eq!(
        env.article_ids(&["soldiers", "--source", "THEN13", "--source", "nowhere"]),
        vec![A001]
    );
    assert_eq!(
        env.article_ids(&["Sergeevka", "--source", "unknown"]),
        vec![A000, A003]
    );
    assert_eq!(env.article_ids(&["+soldiers +source:Then13"]), vec![A001]);
}

#[test]
fn boolean_operators_and_exclusions() {
    let env = TestEnv::new();
    // Operators apply to passages: 000 names Sergeevka and its questionnaires in one passage,
    // 001 in two different passages.
    assert_eq!(
        env.article_ids(&["Sergeevka AND questionnaires"]),
        vec![A000]
    );
    assert_eq!(env.article_ids(&["+Sergeevka +questionnaire"]), vec![A000]);
    assert_eq!(
        env.article_ids(&["Sergeevka -questionnaire"]),
        vec![A001, A003]
    );
    assert_eq!(
        env.article_ids(&["Sergeevka AND NOT questionnaire"]),
        vec![A001, A003]
    );
    assert_eq!(
        env.article_ids(&["Sergeevka NOT questionnaire"]),
        vec![A001, A003]
    );
    assert_eq!(
        env.article_ids(&["Sergeyevka OR \"Storm Corps\""]),
        vec![A000, A003]
    );
    assert_eq!(
        env.total(&["troops AND NOT russia"]),
        env.total(&["+troops -russia"])
    );
}

#[test]
fn fuzzy_matches_rank_below_exact_ones() {
    let env = TestEnv::new();
    let (hits, _) = env.search_json(&["Sergeyevka", "--fuzzy"]);
    assert_eq!(hits[0]["id"], A000);
    assert!(hits[0]["text"].as_str().unwrap().contains("Sergeyevka"));
    assert!(hits[0]["score"].as_f64() > hits[1]["score"].as_f64());
    // Short words are not matched fuzzily: "NIS" does not reach "is" or "his".
    let (hits, _) = env.search_json(&["NIS", "--fuzzy", "--limit", "100"]);
    assert!(!hits.is_empty());
    for hit in hits {
        assert!(
            hit["text"].as_str().unwrap().contains("NIS"),
            "{}",
            hit["text"]
        );
    }
}

#[test]
fn every_hit_contains_what_it_matched() {
    let env = TestEnv::new();
    // "equipment" is in 001's headline; only passages that say it are hits, the headline
    // match ranks them first.
    let (hits, _) = env.search_json(&["equipment", "--limit", "100"]);
    assert!(!hits.is_empty());
    for hit in &hits {
        assert!(
            hit["text"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("equipment"),
            "{}",
            hit["text"]
        );
        assert!(!hit["highlights"].as_array().unwrap().is_empty());
    }
    assert_eq!(hits[0]["id"], A001);
    // Exclusions apply to passages, not to whole articles through their headline.
    let ids = env.article_ids(&["uniforms -russia"]);
    assert!(ids.contains(&A001.to_string()), "{ids:?}");
}

#[test]
fn since_after_until_is_an_error() {
    let env = TestEnv::new();
    let output = env.run(&[
        "search",
        "troops",
        "--since",
        "2024-10-21",
        "--until",
        "2024-10-01",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "newsdex: --since is later than --until, so nothing can match: swap the two dates\n"
    );
}

#[test]
fn title_queries_match_headlines_only() {
    let env = TestEnv::new();
    assert_eq!(env.article_ids(&["title:equipment"]), vec![A001]);
    // 003 has no headline: its derived title is not searchable as a title.
    assert_eq!(env.article_ids(&["title:ukrainian"]), Vec::<String>::new());
}

#[test]
fn stemming_and_folding_match_word_forms() {
    let env = TestEnv::new();
    assert_eq!(env.article_ids(&["questionnaires"]), vec![A000, A001]);
    assert_eq!(env.article_ids(&["KYIV"]), vec![A001, A004]);
}

#[test]
fn limit_caps_the_hits_but_not_the_total() {
    let env = TestEnv::new();
    let (hits, summary) = env.search_json(&["troops", "--limit", "2"]);
    assert_eq!(hits.len(), 2);
    assert_eq!(summary["hits"], 2);
    assert!(summary["total_matches"].as_u64().unwrap() > 2);
    let ranks: Vec<u64> = hits
        .iter()
        .map(|hit| hit["rank"].as_u64().unwrap())
        .collect();
    assert_eq!(ranks, vec![1, 2]);
    assert!(hits[0]["score"].as_f64() >= hits[1]["score"].as_f64());
}

#[test]
fn batch_queries_in_trec_format_rank_articles() {
    let env = TestEnv::new();
    env.index(&[]);
    env.write(
        "queries.tsv",
        "q1\tSergeevka\nq2\t\"Storm Corps\"\nbad line\nq3\tzeppelin\n",
    );
    let output = env.run(&[
        "search",
        "--batch",
        "queries.tsv",
        "--format",
        "trec",
        "--limit",
        "2",
    ]);
    assert_eq!(output.status.code(), Some(2), "one line could not be read");
    assert_eq!(
        stderr(&output),
        "newsdex: warning: queries.tsv:3: expected ID<TAB>QUERY or a JSON object with `_id` and `text`\n\
         newsdex: some queries of queries.tsv could not be run (see above)\n"
    );
    let run = stdout(&output);
    let lines: Vec<Vec<&str>> = run.lines().map(|line| line.split(' ').collect()).collect();
    // Two distinct articles for q1 (000 has two Sergeevka passages, counted once), one for q2.
    assert_eq!(lines.len(), 3, "{run}");
    assert_eq!(lines[0][0], "q1");
    assert_eq!(lines[0][1], "Q0");
    assert_eq!(lines[0][3], "1");
    assert_eq!(lines[1][3], "2");
    assert_ne!(lines[0][2], lines[1][2]);
    assert_eq!(lines[2][..4], ["q2", "Q0", A003, "1"]);
    assert!(
        lines
            .iter()
            .all(|line| line[5] == "newsdex" && line[4].parse::<f64>().is_ok())
    );
}

#[test]
fn batch_mode_reports_bad_queries_and_runs_the_rest() {
    let env = TestEnv::new();
    env.index(&[]);
    env.write(
        "queries.jsonl",
        "{\"_id\": \"a\", \"text\": \"Storm Corps: AND \\\"who\"}\n{\"_id\": \"b\", \"text\": \"Sergeevka\"}\n",
    );
    let output = env.run(&["search", "--batch", "queries.jsonl", "--json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("newsdex: warning: queries.jsonl:1 (query a): invalid query: "),
        "{}",
        stderr(&output)
    );
    let records: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    // The query that could not run has an error record in its place.
    assert_eq!(records[0]["type"], "error");
    assert_eq!(records[0]["query"], "a");
    assert!(
        records[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("invalid query: ")
    );
    assert!(records[1..].iter().all(|record| record["query"] == "b"));
    assert_eq!(records.last().unwrap()["type"], "summary");
    // As plain words, the same claim runs.
    let output = env.run(&["search", "--batch", "queries.jsonl", "--plain", "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("\"query\":\"a\""));
}

#[test]
fn plain_queries_ignore_syntax_and_count_repeated_words() {
    let env = TestEnv::new();
    let output = env.run(&["search", "--plain", "Storm Corps: AND \"who", "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (once, _) = env.search_json(&["--plain", "Storm troops"]);
    let (twice, _) = env.search_json(&["--plain", "Storm Storm troops"]);
    assert_eq!(once[0]["id"], A003);
    assert!(twice[0]["score"].as_f64() > once[0]["score"].as_f64());
}

#[test]
fn eval_scores_a_run_against_judgments() {
    let env = TestEnv::empty();
    env.write(
        "qrels.tsv",
        "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\t1\nq2\td3\t1\n",
    );
    env.write(
        "run.txt",
        "q1 Q0 d1 1 2.0 newsdex\nq1 Q0 d9 2 1.0 newsdex\nq1 Q0 d2 3 0.5 newsdex\n",
    );
    let output = env.run(&["eval", "qrels.tsv", "run.txt"]);
    assert_eq!(output.status.code(), Some(0));
    // q1: DCG = 1 + 1/log2(4) = 1.5, IDCG = 1 + 1/log2(3); AP = (1 + 2/3)/2; q2 scores 0.
    let ndcg = 1.5 / (1.0 + 1.0 / 3f64.log2()) / 2.0;
    assert_eq!(
        stdout(&output),
        format!(
            "nDCG@10     {ndcg:.4}\nRecall@100  0.5000\nMAP         {:.4}\nqueries     2\n",
            (1.0 + 2.0 / 3.0) / 2.0 / 2.0
        )
    );
}

#[test]
fn eval_refuses_files_with_nothing_to_score() {
    let env = TestEnv::empty();
    env.write("qrels.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
    env.write("run.txt", "q1 Q0 d1 1 2.0 newsdex\n");
    env.write("empty.txt", "");
    // The two files swapped: each line of each is reported (up to five), then the error.
    let output = env.run(&["eval", "run.txt", "qrels.tsv"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    assert!(
        stderr(&output).ends_with(
            "newsdex: run.txt holds no judgments (QUERY DOC GRADE lines): give the judgments first, then the run: `newsdex eval QRELS RUN`\n"
        ),
        "{}",
        stderr(&output)
    );
    let output = env.run(&["eval", "qrels.tsv", "empty.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "newsdex: empty.txt holds no run lines (QID Q0 DOC RANK SCORE TAG): give the judgments first, then the run: `newsdex eval QRELS RUN`\n"
    );
    // A run of other queries scores 0, with a warning.
    env.write("other.txt", "q7 Q0 d1 1 2.0 newsdex\n");
    let output = env.run(&["eval", "qrels.tsv", "other.txt"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stderr(&output),
        "newsdex: warning: no query of other.txt is judged in qrels.tsv: every judged query scores 0\n"
    );
}

#[test]
fn batch_files_with_repeated_ids_or_no_queries_are_reported() {
    let env = TestEnv::new();
    env.index(&[]);
    env.write("b.tsv", "q1\tSergeevka\nq2\t\"unclosed\nq1\ttroops\n");
    let output = env.run(&["search", "--batch", "b.tsv", "--format", "trec"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        concat!(
            "newsdex: warning: b.tsv:3: the query id q1 is already used on line 1; this line is skipped: give each query its own id\n",
            "newsdex: warning: b.tsv:2 (query q2): invalid query: this quote is never closed\n",
            "  \"unclosed\n",
            "  ^\n",
            "hint: close the phrase with a second '\"'\n",
            "newsdex: some queries of b.tsv could not be run (see above)\n",
        )
    );
    assert!(
        stdout(&output)
            .lines()
            .all(|line| line.starts_with("q1 Q0 "))
    );
    env.write("empty.tsv", "\n");
    assert_eq!(
        stderr(&env.run(&["search", "--batch", "empty.tsv"])),
        "newsdex: --batch empty.tsv: the file holds no queries: write one per line, as ID<TAB>QUERY or {\"_id\": …, \"text\": …}\n"
    );
    let output = env.run(&["search", "--batch", "missing.tsv"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("newsdex: --batch missing.tsv: cannot read: "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_source_no_article_has_is_warned_about() {
    let env = TestEnv::new();
    env.index(&[]);
    let output = env.run(&["search", "troops", "--source", "Then 13"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "newsdex: warning: no article in the index has the source 'Then 13': names match whole, in any case; `newsdex stats` lists them\n"
    );
    // A known source in another case is no cause for a warning.
    let output = env.run(&["search", "troops", "--source", "THEN13"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "");
}
