//! Crash safety: `newsdex index` killed (SIGKILL) at any point of a run leaves an index that
//! `search` and `stats` can read, and the next run completes it to exactly what a clean
//! rebuild holds.
//!
//! The number of kill points is `NEWSDEX_KILL_POINTS` (6 by default);
//! `bench/killpoints` runs hundreds.

use std::process::{Child, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::util::*;

/// Small commits, so that a run of a few thousand articles commits dozens of times, and the
/// JSON Lines file is read in many pieces.
const COMMIT_EVERY: &str = "32KiB";

/// `newsdex index` of the test corpus into `index`.
fn index_args(index: &str) -> Vec<&str> {
    vec![
        "index",
        "corpus",
        "--index",
        index,
        "--commit-every",
        COMMIT_EVERY,
    ]
}

fn start_index(env: &TestEnv, index: &str, rebuild: bool) -> Child {
    let mut args = index_args(index);
    if rebuild {
        args.push("--rebuild");
    }
    env.cmd(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Runs `newsdex index` and kills it after `delay` (if it is still running).
fn kill_after(env: &TestEnv, index: &str, delay: Duration, rebuild: bool) {
    let mut child = start_index(env, index, rebuild);
    sleep(delay);
    let _ = child.kill();
    let _ = child.wait();
}

/// Article count and passage count from `stats --json`.
fn counts(env: &TestEnv, index: &str) -> Result<(u64, u64), String> {
    let output = env.run(&["stats", "--json", "--index", index]);
    if !output.status.success() {
        return Err(format!("stats failed: {}", stderr(&output)));
    }
    let stats: serde_json::Value =
        serde_json::from_str(&stdout(&output)).map_err(|err| err.to_string())?;
    Ok((
        stats["articles"].as_u64().unwrap_or(u64::MAX),
        stats["passages"].as_u64().unwrap_or(u64::MAX),
    ))
}

/// What must hold of an index after a kill: if an index exists, `stats`, `search` and
/// `timeline` read it without error; if none was created yet, they say so.
fn check_readable(env: &TestEnv, index: &str) -> Result<(), String> {
    let stats = env.run(&["stats", "--index", index]);
    if stats.status.code() == Some(2) {
        let message = stderr(&stats);
        return if message.contains("no index at") {
            Ok(())
        } else {
            Err(format!("stats after the kill: {message}"))
        };
    }
    counts(env, index)?;
    for args in [
        &["search", "troops", "--index", index][..],
        &[
            "search", "harbour", "--since", "2024-04", "--json", "--index", index,
        ],
        &["timeline", "storm", "--index", index],
    ] {
        let output = env.run(args);
        let code = output.status.code();
        if !(code == Some(0) || code == Some(1)) || !stderr(&output).is_empty() {
            return Err(format!("{args:?} after the kill: {}", stderr(&output)));
        }
    }
    Ok(())
}

/// How a kill point is reached.
#[derive(Debug, Clone, Copy)]
enum Scenario {
    /// The first run over the corpus is killed.
    FirstRun,
    /// The first run is killed, then the run after it too.
    Twice,
    /// A `--rebuild` of a complete index is killed.
    Rebuild,
}

/// One kill point: kill a run at `delay` as the scenario says, check what is left, finish with
/// a plain `newsdex index` and compare with the clean build.
fn survive(
    env: &TestEnv,
    index: &str,
    delay: Duration,
    scenario: Scenario,
    expected: &[String],
    expected_counts: (u64, u64),
) -> Result<(), String> {
    if let Scenario::Rebuild = scenario {
        let mut complete = start_index(env, index, false);
        if !complete.wait().is_ok_and(|status| status.success()) {
            return Err("the build before the rebuild failed".to_string());
        }
    }
    kill_after(env, index, delay, matches!(scenario, Scenario::Rebuild));
    check_readable(env, index)?;
    if let Scenario::Twice = scenario {
        kill_after(env, index, delay / 2, false);
        check_readable(env, index)?;
    }
    let rerun = env.run(&index_args(index));
    if !rerun.status.success() {
        return Err(format!("the run after the kill failed: {}", stderr(&rerun)));
    }
    let found = counts(env, index)?;
    if found != expected_counts {
        return Err(format!(
            "articles and passages after the kill and a new run: {found:?}, a clean build has {expected_counts:?}"
        ));
    }
    if snapshot(env, index) != expected {
        return Err("the passages differ from those of a clean build".to_string());
    }
    Ok(())
}

#[test]
fn a_killed_index_run_is_searchable_and_the_next_run_completes_it() {
    let points: u32 = std::env::var("NEWSDEX_KILL_POINTS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(6);
    let env = TestEnv::empty();
    bulk_corpus(&env, "corpus");

    let started = Instant::now();
    let mut clean = start_index(&env, ".clean", false);
    assert!(clean.wait().unwrap().success());
    let full_run = started.elapsed();
    let expected = snapshot(&env, ".clean");
    let expected_counts = counts(&env, ".clean").unwrap();
    assert_eq!(expected_counts.0, 3000);

    let mut failures = Vec::new();
    for point in 0..points {
        // Kill points spread evenly over the length of an uninterrupted run.
        let delay = full_run.mul_f64((f64::from(point) + 0.5) / f64::from(points));
        let index = format!(".killed{point}");
        let scenario = [Scenario::FirstRun, Scenario::Twice, Scenario::Rebuild][point as usize % 3];
        if let Err(problem) = survive(&env, &index, delay, scenario, &expected, expected_counts) {
            failures.push(format!("{scenario:?}, kill after {delay:?}: {problem}"));
        }
        let _ = std::fs::remove_dir_all(env.path(&index));
    }
    println!(
        "kill points: {} survived of {points} (an uninterrupted run takes {full_run:?})",
        points as usize - failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_interrupted_run_says_the_index_is_kept_and_how_to_finish() {
    let env = TestEnv::empty();
    bulk_corpus(&env, "corpus");
    // The handler is installed before the index folder is created: once the folder exists, an
    // interrupt reaches it. A run that finished first is tried again.
    let mut interrupted = None;
    for attempt in 0..5 {
        let index = format!(".interrupted{attempt}");
        let child = env
            .cmd(&index_args(&index))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while !env.path(&index).exists() && started.elapsed() < Duration::from_secs(10) {
            sleep(Duration::from_millis(1));
        }
        let _ = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let output = child.wait_with_output().unwrap();
        if output.status.code() == Some(130) {
            interrupted = Some((index, stderr(&output)));
            break;
        }
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let (index, message) = interrupted.expect("one of five runs was interrupted");
    assert!(
        message.ends_with(&format!(
            "newsdex: interrupted: {index} keeps what was committed and can be searched; run `newsdex index` again to finish\n"
        )),
        "{message}"
    );
    check_readable(&env, &index).unwrap();
}
