//! A temporary working directory holding a copy of the bundled corpus, and helpers to run
//! `newsdex` in it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use std::process::Command;

/// A temporary directory with `corpus/` copied from the repository; the index goes to the
/// default `.newsdex` inside it.
pub struct TestEnv {
    dir: tempfile::TempDir,
}

impl TestEnv {
    /// A directory with a copy of the bundled corpus.
    pub fn new() -> TestEnv {
        let env = TestEnv::empty();
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        env.mkdir("corpus");
        for entry in fs::read_dir(&source).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), env.path("corpus").join(entry.file_name())).unwrap();
        }
        env
    }

    /// A directory whose `corpus/` is a copy of `tests/fixtures/NAME`.
    pub fn fixture(name: &str) -> TestEnv {
        let env = TestEnv::empty();
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_tree(&source, &env.path("corpus"));
        env
    }

    /// An empty directory.
    pub fn empty() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A path inside the directory.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn mkdir(&self, rel: &str) {
        fs::create_dir_all(self.path(rel)).unwrap();
    }

    pub fn write(&self, rel: &str, contents: &str) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(path, contents).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.path(rel)).unwrap();
    }

    /// `newsdex ARGS` run in the directory, with no environment that could change its output.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsdex"));
        cmd.current_dir(self.dir.path())
            .args(args)
            .env_remove("NEWSDEX_INDEX")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("TERM")
            .env("NEWSDEX_TODAY", "2026-11-21");
        cmd
    }

    /// Runs `newsdex ARGS` and returns its output, whatever the exit code.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// Runs `newsdex index ARGS`, which must succeed, and returns its stdout.
    pub fn index(&self, args: &[&str]) -> String {
        let mut all = vec!["index"];
        all.extend_from_slice(args);
        let output = self.run(&all);
        assert!(output.status.success(), "index failed: {}", stderr(&output));
        stdout(&output)
    }

    /// Runs `newsdex search ARGS --json` and returns the hits and the summary.
    pub fn search_json(&self, args: &[&str]) -> (Vec<Value>, Value) {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        all.push("--json");
        let output = self.run(&all);
        let code = output.status.code();
        assert!(
            code == Some(0) || code == Some(1),
            "search failed: {}",
            stderr(&output)
        );
        let mut records: Vec<Value> = stdout(&output)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        let summary = records.pop().unwrap();
        assert_eq!(summary["type"], "summary");
        assert!(records.iter().all(|hit| hit["type"] == "hit"));
        (records, summary)
    }

    /// The distinct article ids of the hits of a search, sorted.
    pub fn article_ids(&self, args: &[&str]) -> Vec<String> {
        let (hits, _) = self.search_json(args);
        let mut ids: Vec<String> = hits
            .iter()
            .map(|hit| hit["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// Every passage in the index (up to 1,000): no per-article cap, no collapsing.
    pub fn all_passages(&self) -> Vec<Value> {
        let all = [
            "*",
            "--limit",
            "1000",
            "--per-article",
            "1000",
            "--no-collapse",
        ];
        self.search_json(&all).0
    }

    /// The first passage of every article in the index, by article id.
    pub fn articles(&self) -> BTreeMap<String, Value> {
        let hits = self.all_passages();
        let mut articles = BTreeMap::new();
        for hit in hits {
            if hit["passage"] == 0 {
                articles.insert(hit["id"].as_str().unwrap().to_string(), hit);
            }
        }
        articles
    }

    /// The number of passages matching a search.
    pub fn total(&self, args: &[&str]) -> u64 {
        self.search_json(args).1["total_matches"].as_u64().unwrap()
    }
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A small seeded generator (xorshift64*), so that a failing sequence can be replayed.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }
}

pub const WORDS: [&str; 16] = [
    "troops",
    "harbour",
    "minister",
    "border",
    "election",
    "cocoa",
    "storm",
    "bank",
    "rates",
    "court",
    "ruling",
    "drought",
    "crop",
    "talks",
    "ceasefire",
    "vote",
];

/// An article file: `Key: Value` header (source and date), a headline, two paragraphs.
pub fn article_text(rng: &mut Rng) -> String {
    let sentence = |rng: &mut Rng| -> String {
        let words: Vec<&str> = (0..12).map(|_| WORDS[rng.below(WORDS.len())]).collect();
        format!("The {} said.", words.join(" "))
    };
    let source = ["Daily Post", "Wire", "Gazette"][rng.below(3)];
    let day = 1 + rng.below(28);
    format!(
        "Source: {source}\nDate: 2024-03-{day:02}\n\nHeadline about {}\n\n{} {}\n\n{} {}\n",
        WORDS[rng.below(WORDS.len())],
        sentence(rng),
        sentence(rng),
        sentence(rng),
        sentence(rng)
    )
}

/// Every passage of an index as comparable text: id, date, source, passage number, text.
pub fn snapshot(env: &TestEnv, index: &str) -> Vec<String> {
    let all = [
        "*",
        "--limit",
        "100000",
        "--per-article",
        "100000",
        "--no-collapse",
        "--index",
        index,
    ];
    let output = env.run(&[&["search"][..], &all, &["--json"]].concat());
    let mut rows: Vec<String> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .filter(|record| record["type"] == "hit")
        .map(|hit| {
            format!(
                "{} {} {} {} {}",
                hit["id"], hit["date"], hit["source"], hit["passage"], hit["text"]
            )
        })
        .collect();
    rows.sort();
    rows
}

/// Writes 3,000 articles into `folder`: 1,500 text files in 5 folders, and a JSON Lines file
/// of 1,500 records.
pub fn bulk_corpus(env: &TestEnv, folder: &str) {
    let mut rng = Rng(0x5EED_CAFE);
    for n in 0..1500 {
        env.write(
            &format!("{folder}/desk{}/a{n:04}.txt", n % 5),
            &article_text(&mut rng),
        );
    }
    let mut lines = String::new();
    for n in 0..1500 {
        let text = article_text(&mut rng);
        let record = serde_json::json!({
            "id": format!("wire-{n}"),
            "title": format!("Wire story {n}"),
            "date": format!("2024-04-{:02}", 1 + n % 28),
            "source": "Wire",
            "text": text.split_once("\n\n").map_or(text.as_str(), |(_, body)| body),
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    env.write(&format!("{folder}/wire.jsonl"), &lines);
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub const A000: &str = "000_fd76c5425bd83219.txt";
pub const A001: &str = "001_cff62527002f97f0.txt";
pub const A002: &str = "002_06a37f1e2b73a115.txt";
pub const A003: &str = "003_3093ba6507627192.txt";
pub const A004: &str = "004_511b2ef749c98ef4.txt";
