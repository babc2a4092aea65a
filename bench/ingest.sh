#!/usr/bin/env bash
# Ingestion check and speed on the shared collections (needs ../shared/data):
#   - Reuters-21578 as one JSON Lines file: every record accounted for (indexed, or skipped with
#     a warning naming its line), dates from metadata, one undated record with a warning;
#   - SciFact's BEIR corpus: 5,183 articles.
# Prints the figures and exits non-zero if a count is off.
#
#   bash bench/ingest.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data
[ -d "$data" ] || { echo "bench: $data not found" >&2; exit 2; }
work=${1:-$(mktemp -d)}
cargo build --release --quiet
bin=$PWD/target/release/newsdex
fail=0

check() { # label, expected, actual
  if [ "$2" = "$3" ]; then echo "  ok    $1: $3"; else echo "  FAIL  $1: expected $2, got $3"; fail=1; fi
}

run_index() { # name, corpus folder
  rm -rf "$work/$1.index"
  local start end
  start=$(date +%s.%N)
  "$bin" index "$2" --index "$work/$1.index" > "$work/$1.out" 2> "$work/$1.err"
  end=$(date +%s.%N)
  elapsed=$(echo "$end - $start" | bc)
  "$bin" stats --json --index "$work/$1.index" > "$work/$1.stats"
  passages=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['passages'])" "$work/$1.stats")
  printf '%s: %.2f s, %s passages, %.0f passages/s\n' "$1" "$elapsed" "$passages" "$(echo "$passages / $elapsed" | bc -l)"
  sed 's/^/    /' "$work/$1.out"
}

stat() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, d))" "$work/$1.stats" "$2"; }

mkdir -p "$work/reuters" "$work/scifact"
ln -sf "$(realpath "$data/reuters21578.jsonl")" "$work/reuters/reuters21578.jsonl"
ln -sf "$(realpath "$data/scifact/corpus.jsonl")" "$work/scifact/corpus.jsonl"

run_index reuters "$work/reuters"
records=$(grep -c '' "$data/reuters21578.jsonl")
no_text=$(grep -c ': no article text$' "$work/reuters.err" || true)
check "Reuters records in the file" 21578 "$records"
check "Reuters records indexed + skipped for no text" "$records" "$(( $(stat reuters articles) + no_text ))"
check "Reuters articles dated from metadata" "$(( $(stat reuters articles) - 1 ))" "$(stat reuters "date_provenance['metadata']")"
check "Reuters undated articles" 1 "$(stat reuters "date_provenance['none']")"
check "Reuters warnings about unparseable dates" 1 "$(grep -c 'cannot parse the date' "$work/reuters.err" || true)"
grep 'cannot parse the date' "$work/reuters.err" | sed 's/^/    /' || true
echo "    records skipped for having no text at all (no title, no body): $no_text"

run_index scifact "$work/scifact"
check "SciFact articles" 5183 "$(stat scifact articles)"

exit "$fail"
