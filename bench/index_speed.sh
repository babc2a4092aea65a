#!/usr/bin/env bash
# Indexing speed on real articles: writes the Reuters-21578 collection as one plain-text file
# per article (date marker, headline, body), then times a full index, a no-op incremental run,
# and a run after 1% of the files changed. Needs ../shared/data/reuters21578.jsonl.
#
#   bash bench/index_speed.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/reuters21578.jsonl
[ -f "$data" ] || { echo "bench: $data not found" >&2; exit 2; }
work=${1:-$(mktemp -d)}
cargo build --release --quiet
bin=$PWD/target/release/newsdex

rm -rf "$work/reuters" "$work/index"
mkdir -p "$work/reuters"
python3 - "$data" "$work/reuters" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
for n, line in enumerate(open(src, encoding="utf-8")):
    r = json.loads(line)
    date = (r.get("date") or "")[:10]
    head = f" date {date}\n" if len(date) == 10 else ""
    title = (r.get("title") or "").strip()
    body = (r.get("body") or "").strip()
    sub = os.path.join(out, f"{n // 1000:03d}")
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"{r.get('id', n)}.txt"), "w", encoding="utf-8") as f:
        f.write(head + (title + "\n\n" if title else "") + body + "\n")
PY
files=$(find "$work/reuters" -name '*.txt' | wc -l)
mb=$(du -sm --apparent-size "$work/reuters" | cut -f1)

timed() { # label, command...
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss" "$@" > "$work/out" 2> "$work/err"
  end=$(date +%s.%N)
  printf '%-28s %7.2f s  peak RSS %5d MiB\n' "$label" "$(echo "$end - $start" | bc)" "$(( $(cat "$work/rss") / 1024 ))"
  sed 's/^/    /' "$work/out"
  echo "    ($(grep -c 'warning' "$work/err" || true) warnings on stderr)"
}

echo "corpus: $files files, $mb MB"
timed "full index" "$bin" index "$work/reuters" --index "$work/index"
timed "no-op incremental run" "$bin" index --index "$work/index"
find "$work/reuters" -name '*.txt' | sort | awk 'NR % 100 == 0' | while read -r f; do echo "Updated." >> "$f"; done
timed "1% of files edited" "$bin" index --index "$work/index"
echo "index size: $(du -sm "$work/index" | cut -f1) MB"
