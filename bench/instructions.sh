#!/usr/bin/env bash
# Instructions executed by `postlint lint DIR --format json`, counted by valgrind's callgrind:
# a figure that barely moves from run to run (about 0.5%, from the two threads' scheduling),
# where wall-clock times on a shared machine move by 10% within the hour. For comparing two
# builds of one change; timings (run.sh) stay the figures that count.
#
#   bench/instructions.sh [-n N] [-top K] BIN...
#
#   -n N     the bench corpus of N posts (default 2000; made by run.sh or gen-corpus.py)
#   -top K   also list the K postlint functions with the most instructions, callees included
#
# The callgrind files stay in ${TMPDIR:-/tmp}/postlint-bench/callgrind/ for callgrind_annotate.
set -euo pipefail

BENCH_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
WORK="${TMPDIR:-/tmp}/postlint-bench"
n=2000
top=0
while [ "$#" -gt 0 ]; do
  case "$1" in
    -n) n=${2:?-n needs a number}; shift 2 ;;
    -top) top=${2:?-top needs a number}; shift 2 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ "$#" -eq 0 ]; then
  echo "usage: bench/instructions.sh [-n N] [-top K] BIN...   (BIN: postlint binaries to compare)" >&2
  exit 2
fi
for tool in valgrind callgrind_annotate; do
  command -v "$tool" >/dev/null || { echo "missing: $tool    install: sudo apt-get install valgrind" >&2; exit 1; }
done
dir="$WORK/$n"
if [ ! -d "$dir/_posts" ]; then
  echo "no corpus at $dir: make it with  python3 $BENCH_DIR/gen-corpus.py $dir $n --seed 20220526" >&2
  exit 1
fi
out="$WORK/callgrind"
mkdir -p "$out"
for bin in "$@"; do
  [ -x "$bin" ] || { echo "not an executable: $bin" >&2; exit 1; }
  name=$(basename -- "$bin")
  file="$out/$name.out"
  rc=0
  valgrind --tool=callgrind --callgrind-out-file="$file" "$bin" lint "$dir" --format json \
    >/dev/null 2>"$out/$name.err" || rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "$bin failed (exit $rc):" >&2; tail -n 20 "$out/$name.err" >&2; exit 1
  fi
  total=$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$out/$name.err" | tail -n 1)
  printf '%12s instructions  %s  (N=%s)\n' "$total" "$bin" "$n"
  if [ "$top" -gt 0 ]; then
    callgrind_annotate --inclusive=yes "$file" 2>/dev/null \
      | grep -E '^ *[0-9,]+ \(.*postlint::[^ ]+ \[' \
      | grep -v -E 'rayon|postlint::(main|cli::main|lint::(run_with|lint_file|check|check_post)) ' \
      | sed -E 's/^ *([0-9,]+) \( *([0-9.]+%)\).*(postlint::[^ ]+) \[.*/    \1  \2  \3/' \
      | head -n "$top"
  fi
done
