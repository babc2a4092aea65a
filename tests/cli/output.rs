//! Output formats, colour and exit codes.

use std::io::Read;
use std::process::Stdio;

use assert_cmd::prelude::*;

use crate::util::*;

#[test]
fn human_output_shows_rank_date_source_title_path_passage_and_text() {
    let env = TestEnv::new();
    let output = env.run(&["search", "questionnaire", "--source", "then13"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "1. undated  Then13  North Korean soldiers receive equipment in Russia ahead of possible deployment to Ukraine"
    );
    assert!(
        lines[1].starts_with(&format!("   corpus/{A001} · passage 2 · score ")),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("   Upon arrival in Russia, North Korean recruits"),
        "{}",
        lines[2]
    );
    assert!(
        !text.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    assert!(text.contains("1 hit of 1 matching passage ("), "{text}");
}

#[test]
fn an_article_not_known_by_its_path_shows_its_id() {
    let env = TestEnv::empty();
    env.write(
        "corpus/wire.jsonl",
        concat!(
            r#"{"id": "w1", "title": "Harbour", "body": "A blimp was seen over the harbour."}"#,
            "\n",
            r#"{"id": "w2", "title": "Zeppelin", "body": "The zeppelin landed at dawn."}"#,
            "\n",
        ),
    );
    env.write("corpus/one.txt", "Another zeppelin landed at noon.\n");
    env.index(&[]);
    let text = stdout(&env.run(&["search", "zeppelin", "--color", "never"]));
    let paths: Vec<&str> = text
        .lines()
        .filter(|line| line.contains(" · passage "))
        .map(|line| line.split(" · passage ").next().unwrap_or_default())
        .collect();
    assert_eq!(
        paths,
        ["   corpus/wire.jsonl · id w2", "   corpus/one.txt"],
        "{text}"
    );
}

#[test]
fn inferred_dates_are_marked() {
    let env = TestEnv::new();
    let text = stdout(&env.run(&["search", "Blagoveshchensk"]));
    assert!(
        text.starts_with(
            "1. ~2024-10-18  unknown  [no headline] North Korea has deployed a first contingent"
        ),
        "{text}"
    );
}

#[test]
fn long_passages_are_trimmed_around_the_match() {
    let env = TestEnv::new();
    let text = stdout(&env.run(&["search", "Budanov"]));
    let excerpt = text.lines().nth(2).unwrap();
    assert!(excerpt.starts_with("   …"), "{excerpt}");
    assert!(excerpt.contains("Budanov"), "{excerpt}");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let env = TestEnv::new();
    let coloured = stdout(&env.run(&["search", "Sergeevka", "--color", "always"]));
    assert!(
        coloured.contains("\x1b[1m\x1b[31mSergeevka\x1b[0m"),
        "{coloured}"
    );
    let plain = stdout(&env.run(&["search", "Sergeevka", "--color", "never"]));
    assert!(!plain.contains('\x1b'));
    let auto = env
        .cmd(&["search", "Sergeevka"])
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!stdout(&auto).contains('\x1b'), "NO_COLOR wins over auto");
}

#[test]
fn json_lines_carry_every_field_and_highlights_point_at_matches() {
    let env = TestEnv::new();
    let (hits, summary) = env.search_json(&["north korean troops", "--limit", "5"]);
    assert_eq!(hits.len(), 5);
    for (index, hit) in hits.iter().enumerate() {
        assert_eq!(hit["rank"], index as u64 + 1);
        for field in [
            "score",
            "id",
            "path",
            "title",
            "title_derived",
            "source",
            "date",
            "date_provenance",
            "passage",
            "start",
            "end",
            "text",
            "highlights",
        ] {
            assert!(hit.get(field).is_some(), "missing {field}");
        }
        let text = hit["text"].as_str().unwrap();
        let highlights = hit["highlights"].as_array().unwrap();
        assert!(!highlights.is_empty());
        for range in highlights {
            let (start, end) = (
                range[0].as_u64().unwrap() as usize,
                range[1].as_u64().unwrap() as usize,
            );
            let word = text[start..end].to_lowercase();
            assert!(
                ["north", "korean", "troops", "troop"].contains(&word.as_str()),
                "{word}"
            );
        }
    }
    assert_eq!(summary["hits"], 5);
    assert!(summary["total_matches"].as_u64().unwrap() >= 5);
    assert!(summary["elapsed_ms"].as_f64().is_some());
}

#[test]
fn fuzzy_highlights_the_variant_spellings() {
    let env = TestEnv::new();
    let (hits, _) = env.search_json(&["Sergeyevka", "--fuzzy"]);
    let mut words: Vec<String> = hits
        .iter()
        .flat_map(|hit| {
            let text = hit["text"].as_str().unwrap().to_string();
            hit["highlights"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |range| {
                    text[range[0].as_u64().unwrap() as usize..range[1].as_u64().unwrap() as usize]
                        .to_string()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    words.sort();
    words.dedup();
    assert_eq!(words, vec!["Sergeevka", "Sergeyevka"]);
}

#[test]
fn exit_codes_are_0_for_hits_1_for_none_2_for_errors() {
    let env = TestEnv::new();
    assert_eq!(env.run(&["search", "troops"]).status.code(), Some(0));
    let none = env.run(&["search", "zeppelin"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(stdout(&none).starts_with("0 hits of 0 matching passages"));
    assert_eq!(
        env.run(&["search", "zeppelin", "--json"]).status.code(),
        Some(1)
    );
    assert_eq!(env.run(&["search", "\"troops"]).status.code(), Some(2));
    assert_eq!(
        env.run(&["search", "troops", "--since", "soon"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let env = TestEnv::new();
    env.index(&[]);
    let mut child = env
        .cmd(&["search", "*", "--limit", "1000", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut errors = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut errors)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(errors, "");
}

#[test]
fn a_closed_pipe_keeps_the_exit_code_of_the_search() {
    let env = TestEnv::new();
    env.index(&[]);
    let mut child = env
        .cmd(&["search", "zeppelin"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

#[test]
fn control_characters_in_articles_never_reach_the_terminal() {
    let env = TestEnv::empty();
    env.write(
        "corpus/a.txt",
        "The zeppelin \u{1b}[2J\u{1b}]0;pwned\u{7} attack was reported by several witnesses.\n",
    );
    let text = stdout(&env.run(&["search", "zeppelin", "--color", "never"]));
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    assert!(text.contains("The zeppelin [2J]0;pwned attack"), "{text}");
}

#[test]
fn output_for_programs_holds_no_raw_control_characters() {
    let env = TestEnv::empty();
    env.write(
        "corpus/esc\u{1b}[31m.txt",
        "The zeppelin \u{1b}[2J attack was reported by several witnesses.\n",
    );
    // JSON and TREC are written as they are, never scanned for styles: what keeps control
    // characters out is the escaping of each format, whatever --color says.
    let json = stdout(&env.run(&["search", "zeppelin", "--json", "--color", "always"]));
    assert!(
        !json.chars().any(|c| c.is_control() && c != '\n'),
        "{json:?}"
    );
    assert!(
        json.contains(r#""text":"The zeppelin \u001b[2J attack"#),
        "{json}"
    );
    let trec = stdout(&env.run(&["search", "zeppelin", "--format", "trec"]));
    let fields: Vec<&str> = trec.split(' ').collect();
    assert_eq!(fields[..4], ["1", "Q0", "esc%1B[31m.txt", "1"], "{trec:?}");
    assert_eq!(fields[5], "newsdex\n");
}

#[test]
fn trec_ids_with_spaces_stay_one_field() {
    let env = TestEnv::empty();
    env.write(
        "corpus/Zeppelin raid - Daily News.txt",
        "The zeppelin attack was reported by several witnesses.\n",
    );
    env.write("queries.tsv", "raid 1\tzeppelin\n");
    let output = env.run(&["search", "--batch", "queries.tsv", "--format", "trec"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let trec = stdout(&output);
    let fields: Vec<&str> = trec.split(' ').collect();
    assert_eq!(
        fields[..4],
        [
            "raid%201",
            "Q0",
            "Zeppelin%20raid%20-%20Daily%20News.txt",
            "1"
        ],
        "{trec:?}"
    );
    assert_eq!(fields[5], "newsdex\n");
    // The id as the run writes it shows the article.
    let output = env.run(&["show", fields[2], "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains(r#""id":"Zeppelin raid - Daily News.txt""#));
}

#[test]
fn multibyte_spaces_in_long_passages_are_trimmed_safely() {
    let env = TestEnv::empty();
    let text = format!(
        "Officials said the site was 10\u{a0}km from town. {} A zeppelin was seen. {}\n",
        "y".repeat(61),
        "More text follows here. ".repeat(14)
    );
    env.write("corpus/a.txt", &text);
    let output = env.run(&["search", "zeppelin"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("zeppelin"));
}

#[test]
fn search_builds_the_default_index_on_first_use() {
    let env = TestEnv::new();
    let output = env.run(&["search", "Sergeevka", "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let errors = stderr(&output);
    assert!(
        errors.starts_with("newsdex: no index at .newsdex yet: indexing corpus first\nindexed corpus into .newsdex in "),
        "{errors}"
    );
    assert!(env.path(".newsdex/newsdex.json").is_file());
    // The second search uses the index and says nothing on stderr.
    let again = env.run(&["search", "Sergeevka"]);
    assert_eq!(stderr(&again), "");
}

#[test]
fn index_prints_its_summary_on_stdout_and_nothing_on_stderr() {
    let env = TestEnv::new();
    let output = env.run(&["index"]);
    assert_eq!(stderr(&output), "");
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("indexed corpus into .newsdex in "),
        "{}",
        lines[0]
    );
    assert_eq!(
        lines[1],
        "articles: 5 added, 0 updated, 0 removed, 0 unchanged (5 in the index)"
    );
    assert_eq!(lines[2], "passages: 36");
    assert_eq!(lines.len(), 3);
}

#[test]
fn the_index_folder_comes_from_the_flag_or_the_environment() {
    let env = TestEnv::new();
    env.index(&["--index", "flagged"]);
    assert!(env.path("flagged/newsdex.json").is_file());
    env.cmd(&["index"])
        .env("NEWSDEX_INDEX", "from-env")
        .assert()
        .success();
    assert!(env.path("from-env/newsdex.json").is_file());
    assert!(!env.path(".newsdex").exists());
    let output = env
        .cmd(&["search", "Sergeevka"])
        .env("NEWSDEX_INDEX", "from-env")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "");
}
