//! Concurrent use: readers see the last committed state while `newsdex index` runs; a second
//! writer is refused; a lock left by a killed run does not block the next one.

use std::process::Stdio;
use std::thread::sleep;
use std::time::Duration;

use crate::util::*;

#[test]
fn search_show_timeline_and_stats_work_while_the_index_is_updated() {
    let env = TestEnv::new();
    env.index(&[]);
    bulk_corpus(&env, "corpus/bulk");
    let mut indexing = env
        .cmd(&["index", "--commit-every", "32KiB"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    let mut rounds_during_the_run = 0;
    let mut last_articles = 5;
    loop {
        let running = indexing.try_wait().unwrap().is_none();
        // The bundled articles are always there, whatever has been committed of the rest.
        assert_eq!(
            env.article_ids(&["\"Storm Corps\""]),
            vec![A003],
            "search during the run"
        );
        let show = env.run(&["show", A000]);
        assert!(show.status.success(), "show: {}", stderr(&show));
        assert!(stdout(&show).contains("North Korea"));
        let timeline = env.run(&["timeline", "troops", "--by", "month"]);
        assert!(timeline.status.success(), "timeline: {}", stderr(&timeline));
        let stats = env.run(&["stats", "--json"]);
        assert!(stats.status.success(), "stats: {}", stderr(&stats));
        let stats: serde_json::Value = serde_json::from_str(&stdout(&stats)).unwrap();
        let articles = stats["articles"].as_u64().unwrap();
        // Commits only ever add articles here, never take any away.
        assert!(
            (last_articles..=3005).contains(&articles),
            "{articles} articles after {last_articles}"
        );
        last_articles = articles;
        if !running {
            break;
        }
        rounds_during_the_run += 1;
    }
    let output = indexing.wait_with_output().unwrap();
    assert!(output.status.success(), "index: {}", stderr(&output));
    assert!(
        rounds_during_the_run > 0,
        "the index run ended before any reader ran"
    );
    assert_eq!(last_articles, 3005);
}

#[test]
fn a_lock_left_by_a_killed_run_does_not_block_the_next_run() {
    let env = TestEnv::empty();
    bulk_corpus(&env, "corpus");
    let mut indexing = env
        .cmd(&["index", "--commit-every", "32KiB"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the run holds the writer's lock, then kill it.
    let lock = env.path(".newsdex/.tantivy-writer.lock");
    let mut waited = 0;
    while !lock.exists() && waited < 600 {
        sleep(Duration::from_millis(10));
        waited += 1;
    }
    assert!(
        indexing.try_wait().unwrap().is_none(),
        "the run ended first"
    );
    indexing.kill().unwrap();
    indexing.wait().unwrap();
    assert!(lock.exists(), "the killed run leaves its lock file behind");

    let summary = env.index(&[]);
    assert!(
        summary.contains("(3000 in the index)"),
        "the next run completes the index: {summary}"
    );
}
