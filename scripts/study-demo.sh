#!/usr/bin/env bash
# The measured study of docs/cluster.md: studies/province-demo.toml (40 generated
# counties × 3 policies = 120 jobs) run three ways on this machine, each timed:
#   1. one process, one job at a time;
#   2. GNU parallel, 2 slots, the study split into SHARDS shards (default 2);
#   3. the same with 4× as many shards as slots (finer load balance);
# then each sharded run merged and its results.csv compared byte for byte with the
# single process's. Needs GNU parallel (apt-get install -y parallel).
#
#   scripts/study-demo.sh [OUT]      # OUT: a new folder (default out/study-demo)
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
OUT=${1:-out/study-demo}
SLOTS=${SLOTS:-2}
SHARDS=${SHARDS:-$SLOTS}
STUDY=studies/province-demo.toml
if [ -e "$OUT" ]; then
  echo "$OUT exists; give a new folder (the study folders in it would be resumed, not timed)" >&2
  exit 2
fi
command -v parallel >/dev/null || { echo "GNU parallel is needed: apt-get install -y parallel" >&2; exit 2; }
cargo build --release --locked --quiet
BIN=target/release/rotation
mkdir -p "$OUT"
echo "jobs: $($BIN study $STUDY --list 2>/dev/null | wc -l); cores: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg)"

seconds() { local s; s=$(date +%s.%N); "$@"; awk -v a="$(date +%s.%N)" -v b="$s" 'BEGIN { printf "%.1f", a - b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

t1=$(seconds $BIN study $STUDY --out "$OUT/one" 2>"$OUT/one.log")
echo "one process:                      ${t1} s"

run_sharded() { # $1: name, $2: shards
  local t
  t=$(seconds parallel -j "$SLOTS" --halt never "$BIN study $STUDY --out $OUT/$1 --shard {}/$2 2>>$OUT/$1.log" ::: $(seq 1 "$2"))
  $BIN study merge "$OUT/$1" --out "$OUT/$1-merged" 2>>"$OUT/$1.log" ||
    { echo "merge of $OUT/$1 failed; see $OUT/$1.log" >&2; return 1; }
  cmp "$OUT/one/results.csv" "$OUT/$1-merged/results.csv" >&2
  cmp "$OUT/one/results.json" "$OUT/$1-merged/results.json" >&2
  echo "$t"
}
t2=$(run_sharded par "$SHARDS") || exit 1
echo "GNU parallel -j $SLOTS, $SHARDS shards:    ${t2} s (speed-up $(ratio "$t1" "$t2")); merged results identical"
fine=$((SLOTS * 4))
t3=$(run_sharded fine "$fine") || exit 1
echo "GNU parallel -j $SLOTS, $fine shards:    ${t3} s (speed-up $(ratio "$t1" "$t3")); merged results identical"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "verdicts: $(cut -d, -f5 "$OUT/one/results.csv" | tail -n +2 | sort | uniq -c | tr '\n' ' ')"
