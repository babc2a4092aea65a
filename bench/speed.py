"""Speed benchmark driver for bench/speed: newsdex against SQLite FTS5 and raw tantivy."""

import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = 20261121
QUERIES = 1000
DATED_SHARE = 0.2
# The x1 build is run this many times, newsdex and raw tantivy in turn, and compared by
# median: on this 2-core machine one build of the same binary varies by up to 40%.
BUILD_RUNS = 5


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def anonymous_mib(pid):
    """The process's anonymous memory (its heap: RssAnon in /proc), or 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0


def timed(command):
    """Runs a command; returns (seconds, peak RSS MiB, peak anonymous memory MiB).

    Peak RSS counts the index files the process maps, which the kernel may take back at any
    time and which grow with the index (the end-of-run merge reads every segment). Anonymous
    memory is what the process itself holds; it is sampled every 20 ms."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        anonymous = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            anonymous = max(anonymous, anonymous_mib(process.pid))
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            sys.exit(f"bench: {' '.join(command)} failed:\n{errors.read().decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024, anonymous


def du_mb(path):
    path = Path(path)
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def make_corpus(data, work, copies):
    """The collection repeated COPIES times with distinct ids, one JSONL file per copy."""
    folder = Path(work) / f"reuters-x{copies}"
    folder.mkdir(parents=True, exist_ok=True)
    with open(data, encoding="utf-8") as source:
        lines = source.readlines()
    for copy in range(copies):
        target = folder / f"reuters-{copy}.jsonl"
        if target.exists():
            continue
        with open(target, "w", encoding="utf-8") as out:
            for line in lines:
                record = json.loads(line)
                record["id"] = f"{record['id']}-c{copy}"
                out.write(json.dumps(record) + "\n")
    return folder, sum(f.stat().st_size for f in folder.iterdir()) / 1e6


def make_queries(data):
    rng = random.Random(SEED)
    words = set()
    months = set()
    with open(data, encoding="utf-8") as source:
        for line in source:
            record = json.loads(line)
            words.update(w.lower() for w in re.findall(r"[A-Za-z]{4,}", record.get("title") or ""))
            if record.get("date"):
                months.add(record["date"][:7])
    words = sorted(words)
    months = sorted(months)
    queries = []
    for index in range(QUERIES):
        text = " ".join(rng.sample(words, rng.randint(1, 3)))
        month = rng.choice(months) if rng.random() < DATED_SHARE else None
        queries.append((f"q{index}", text, month))
    return queries


def month_bounds(month):
    year, mon = map(int, month.split("-"))
    nxt = f"{year + (mon == 12)}-{(mon % 12) + 1:02d}"
    return f"{month}-01", f"{nxt}-01"


def export_passages(newsdex, index):
    """The passages newsdex indexed, so that the peers index the same text."""
    out = subprocess.run([newsdex, "search", "*", "--json", "--limit", "100000", "--per-article", "100000",
                          "--no-collapse", "--index", index],
                         capture_output=True, text=True, check=True).stdout
    passages = []
    for line in out.splitlines():
        record = json.loads(line)
        if record["type"] == "hit":
            passages.append((record["id"], record["date"] or "", record["text"]))
    return passages


def newsdex_warm(newsdex, index, queries, work):
    """In-process latency, as for the peers: each batch runs its queries twice in one process
    and the second pass is timed (by newsdex itself: search + top-10 stored docs)."""
    latencies = []
    groups = {}
    for qid, text, month in queries:
        groups.setdefault(month, []).append((qid, text))
    for month, items in groups.items():
        batch = Path(work) / "batch.tsv"
        passes = [(f"warmup-{qid}", text) for qid, text in items] + items
        batch.write_text("".join(f"{qid}\t{text}\n" for qid, text in passes))
        command = [newsdex, "search", "--batch", str(batch), "--json", "--limit", "10", "--index", index]
        if month:
            since, until = month_bounds(month)
            command += ["--since", since, "--until", month]
        out = subprocess.run(command, capture_output=True, text=True).stdout
        for line in out.splitlines():
            if '"type":"summary"' in line:
                record = json.loads(line)
                if not record["query"].startswith("warmup-"):
                    latencies.append(record["elapsed_ms"])
    return latencies


def newsdex_cold(newsdex, index, queries, runs=100):
    latencies = []
    for qid, text, month in queries[:runs]:
        start = time.perf_counter()
        subprocess.run([newsdex, "search", text, "--index", index, "--color", "never"],
                       capture_output=True)
        latencies.append((time.perf_counter() - start) * 1000)
    return latencies


def fts5(passages, queries, work):
    path = Path(work) / "fts5.db"
    if path.exists():
        path.unlink()
    start = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE p USING fts5(text, id UNINDEXED, date UNINDEXED, tokenize='porter unicode61')")
    db.executemany("INSERT INTO p(text, id, date) VALUES (?, ?, ?)", [(t, i, d) for i, d, t in passages])
    db.commit()
    build = time.perf_counter() - start
    latencies = []
    for _ in range(2):
        latencies = []
        for qid, text, month in queries:
            match = " OR ".join(f'"{w}"' for w in text.split())
            start = time.perf_counter()
            if month:
                since, until = month_bounds(month)
                rows = db.execute("SELECT id, text, bm25(p) FROM p WHERE p MATCH ? AND date >= ? AND date < ? ORDER BY bm25(p) LIMIT 10",
                                  (match, since, until)).fetchall()
            else:
                rows = db.execute("SELECT id, text, bm25(p) FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT 10", (match,)).fetchall()
            latencies.append((time.perf_counter() - start) * 1000)
    db.close()
    return build, du_mb(path), latencies


def raw_tantivy_build(passages, work):
    """Builds raw tantivy's index of the passages; returns (seconds, index)."""
    import tantivy
    folder = Path(work) / "tantivy-py"
    if folder.exists():
        subprocess.run(["rm", "-rf", str(folder)], check=True)
    folder.mkdir()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("id", stored=True)
    builder.add_date_field("date", stored=True, indexed=True, fast=True)
    schema = builder.build()
    start = time.perf_counter()
    index = tantivy.Index(schema, path=str(folder))
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    from datetime import datetime, timezone
    for pid, date, text in passages:
        doc = {"text": text, "id": pid}
        if date:
            doc["date"] = datetime.fromisoformat(date).replace(tzinfo=timezone.utc)
        writer.add_document(tantivy.Document(**doc))
    writer.commit()
    writer.wait_merging_threads()
    return time.perf_counter() - start, index


def raw_tantivy_queries(index, queries):
    """Raw tantivy's in-process latencies (ms), second of two passes."""
    index.reload()
    searcher = index.searcher()
    latencies = []
    for _ in range(2):
        latencies = []
        for qid, text, month in queries:
            words = " ".join(text.split())
            query_text = words if not month else f"({words}) AND date:[{month_bounds(month)[0]}T00:00:00Z TO {month_bounds(month)[1]}T00:00:00Z}}"
            start = time.perf_counter()
            query = index.parse_query(query_text, ["text"])
            hits = searcher.search(query, 10).hits
            for _, address in hits:
                searcher.doc(address)
            latencies.append((time.perf_counter() - start) * 1000)
    return latencies


def newsdex_build(newsdex, folder, index):
    """One build of a fresh index; returns (seconds, (peak RSS MiB, peak anonymous MiB))."""
    subprocess.run(["rm", "-rf", index], check=True)
    build, rss, anonymous = timed([newsdex, "index", str(folder), "--index", index])
    return build, (rss, anonymous)


def build_runs(newsdex, folder, index, passages, work):
    """BUILD_RUNS builds of x1 by newsdex and by raw tantivy, in turn. Returns the median build
    time and highest peaks (RSS, anonymous) of newsdex, the median build time of raw tantivy, raw tantivy's
    last index, and a line comparing the two."""
    ours, theirs, rss = [], [], []
    for _ in range(BUILD_RUNS):
        build, peak = newsdex_build(newsdex, folder, index)
        ours.append(build)
        rss.append(peak)
        build, raw_index = raw_tantivy_build(passages, work)
        theirs.append(build)

    def spread(values):
        return f"median {statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"
    ratio = statistics.median(ours) / statistics.median(theirs)
    line = (f"x1 build, {BUILD_RUNS} runs in turn: newsdex {spread(ours)}, tantivy-py {spread(theirs)}; "
            f"newsdex / tantivy-py = {ratio:.2f} (target ≤ 1.0)")
    peaks = (max(peak[0] for peak in rss), max(peak[1] for peak in rss))
    return statistics.median(ours), peaks, statistics.median(theirs), raw_index, line


def row(name, build=None, mb=None, size=None, rss=None, lat=None, cold=None):
    def f(value, fmt):
        return fmt.format(value) if value is not None else "-"
    p = (lambda share: percentile(lat, share)) if lat else (lambda share: None)
    peak, anonymous = rss if rss else (None, None)
    print(f"| {name} | {f(build, '{:.2f} s')} | {f(mb, '{:.1f}')} | {f(size, '{:.0f} MB')} | {f(peak, '{:.0f} MiB')} | "
          f"{f(anonymous, '{:.0f} MiB')} | "
          f"{f(p(0.5), '{:.2f}')} | {f(p(0.95), '{:.2f}')} | {f(p(0.99), '{:.2f}')} | {f(cold, '{:.1f}')} |")


def main():
    newsdex, data, work = sys.argv[1], sys.argv[2], sys.argv[3]
    queries = make_queries(data)
    print(f"machine: {os.cpu_count()} cores; {QUERIES} queries (seed {SEED}), {int(DATED_SHARE * 100)}% with a one-month date filter; "
          f"x1 builds are medians of {BUILD_RUNS}")
    print("| engine | build | MB/s | index | peak RSS | peak heap | warm p50 ms | p95 ms | p99 ms | cold p50 ms |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    comparison = None
    heaps = []
    for copies in (1, 4):
        folder, size_mb = make_corpus(data, work, copies)
        index = str(Path(work) / f"newsdex-x{copies}")
        build, rss = newsdex_build(newsdex, folder, index)
        if copies == 1:
            passages = export_passages(newsdex, index)
            build, rss, raw_build, raw_index, comparison = build_runs(newsdex, folder, index, passages, work)
        heaps.append(f"x{copies} {rss[1]:.0f} MiB")
        warm = newsdex_warm(newsdex, index, queries, work)
        cold = statistics.median(newsdex_cold(newsdex, index, queries)) if copies == 1 else None
        row(f"newsdex x{copies}", build, size_mb / build, du_mb(index), rss, warm, cold)
        if copies == 1:
            fts_build, size, lat = fts5(passages, queries, work)
            row(f"SQLite FTS5 x1 ({len(passages)} passages)", fts_build, size_mb / fts_build, size, None, lat)
            lat = raw_tantivy_queries(raw_index, queries)
            row("tantivy-py x1 (en_stem)", raw_build, size_mb / raw_build, du_mb(Path(work) / "tantivy-py"), None, lat)
    # Memory must not grow with the corpus: one more build, of x16, for its peak alone.
    folder, _ = make_corpus(data, work, 16)
    index = str(Path(work) / "newsdex-x16")
    build, rss = newsdex_build(newsdex, folder, index)
    subprocess.run(["rm", "-rf", index], check=True)
    heaps.append(f"x16 {rss[1]:.0f} MiB (peak RSS {rss[0]:.0f} MiB, built in {build:.1f} s)")
    print()
    print(comparison)
    print(f"peak heap while indexing: {', '.join(heaps)}")


if __name__ == "__main__":
    main()
