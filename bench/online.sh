#!/usr/bin/env bash
# Online link checking benchmark: postlint --online vs lychee, same links, same limits.
#
# A local server (bench/slow-server.py) answers every request after 100 ms, on 10 loopback
# addresses (127.0.0.1 … 127.0.0.10: ten hosts). 300 posts hold 600 distinct links (60 per
# host). Both checkers get the same limits: 32 requests in flight, 4 per host, 20 ms between two
# requests to one host. Timed with hyperfine in one run:
#   - postlint --online, cold (the cache removed before every run),
#   - lychee, same concurrency (its cache is off by default),
#   - postlint --online with a warm cache (the second run of a CI job).
#
#   bench/online.sh
#
# Environment:
#   POSTLINT=path  postlint binary (default: `cargo build --release`, then target/release/postlint)
#   LYCHEE=path    lychee binary (default: `lychee` on PATH, else /tmp/lychee/bin/lychee);
#                  without one, postlint alone is timed
#   RUNS=n         hyperfine runs per command (default 10, after 1 warmup)
#   PORT=n         server port (default 18080)
#   RESULTS=path   the Markdown table (default bench/online-results.md)
set -euo pipefail

BENCH_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname -- "$BENCH_DIR")
WORK="${TMPDIR:-/tmp}/postlint-online-bench"
RUNS="${RUNS:-10}"
PORT="${PORT:-18080}"
RESULTS="${RESULTS:-$BENCH_DIR/online-results.md}"
HOSTS=10
POSTS=300
CONC=32
PER_HOST=4
INTERVAL_MS=20

if [[ -z "${POSTLINT:-}" ]]; then
  (cd "$REPO" && cargo build --release --quiet)
  POSTLINT="${CARGO_TARGET_DIR:-$REPO/target}/release/postlint"
fi
LYCHEE="${LYCHEE:-$(command -v lychee || echo /tmp/lychee/bin/lychee)}"
[[ -x "$LYCHEE" ]] || LYCHEE=""

rm -rf "$WORK" && mkdir -p "$WORK/site/_posts"
SITE="$WORK/site"
printf 'title: bench\ntimezone: Asia/Shanghai\n' > "$SITE/_config.yml"
cat > "$SITE/.postlint.yml" <<YML
links:
  online: true
  allow_private: true
  concurrency: $CONC
  per_host: $PER_HOST
  host_interval_ms: $INTERVAL_MS
YML
for ((i = 0; i < POSTS; i++)); do
  a=$((2 * i)); b=$((2 * i + 1))
  ha=$((a % HOSTS + 1)); hb=$((b % HOSTS + 1))
  printf -- '---\nlayout: post\ntitle: "post %d"\ndate: 2022-02-23 08:00:00 +0800\n---\n原文见[来源](http://127.0.0.%d:%d/news/%d.html)，另见<a href="http://127.0.0.%d:%d/news/%d.html">旧稿</a>。\n' \
    "$i" "$ha" "$PORT" "$a" "$hb" "$PORT" "$b" > "$SITE/_posts/2022-02-23-post-$i.md"
done

python3 "$BENCH_DIR/slow-server.py" "$PORT" "$HOSTS" 0.1 > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q ready "$WORK/server.log" 2>/dev/null && break; sleep 0.1; done

count() { curl -s "http://127.0.0.1:$PORT/__count"; }

# One checked run of each, to be sure both see the 600 links (and count the requests).
before=$(count)
"$POSTLINT" lint "$SITE" --select link --no-cache --format json > "$WORK/postlint.json"
after=$(count)
echo "postlint: $((after - before - 0)) requests for $(grep -o 'http://127' -r "$SITE/_posts" | wc -l) links in $POSTS posts"
if [[ -n "$LYCHEE" ]]; then
  before=$(count)
  "$LYCHEE" --no-progress --max-concurrency $CONC --host-concurrency $PER_HOST \
    --host-request-interval ${INTERVAL_MS}ms "$SITE/_posts" > "$WORK/lychee.txt" 2>&1 || true
  after=$(count)
  echo "lychee: $((after - before)) requests; $(grep -E 'Total|Successful|Errors' "$WORK/lychee.txt" | tr -s ' ' | tr '\n' ' ')"
fi

# Warm the cache for the cached command.
"$POSTLINT" lint "$SITE" --select link --format json > /dev/null

PL_COLD="$POSTLINT lint $SITE --select link --no-cache --format json"
PL_WARM="$POSTLINT lint $SITE --select link --format json"
cmds=(-n "postlint --online (cold)" "$PL_COLD")
prep=(--prepare true)
if [[ -n "$LYCHEE" ]]; then
  cmds+=(-n "lychee" "$LYCHEE --no-progress --max-concurrency $CONC --host-concurrency $PER_HOST --host-request-interval ${INTERVAL_MS}ms $SITE/_posts")
  prep+=(--prepare true)
fi
cmds+=(-n "postlint --online (cached)" "$PL_WARM")
prep+=(--prepare true)

hyperfine --warmup 1 --runs "$RUNS" "${prep[@]}" --export-json "$WORK/hyperfine.json" \
  --export-markdown "$WORK/hyperfine.md" "${cmds[@]}"

python3 - "$WORK/hyperfine.json" "$RESULTS" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
med = {r["command"]: r["median"] for r in runs}
cold = med["postlint --online (cold)"]
warm = med["postlint --online (cached)"]
lines = ["| command | median (s) |", "| --- | ---: |"]
lines += [f"| {c} | {m:.3f} |" for c, m in med.items()]
lines.append("")
if "lychee" in med:
    lines.append(f"postlint cold / lychee: {cold / med['lychee']:.2f}")
lines.append(f"cold / cached: {cold / warm:.1f}x")
text = "\n".join(lines) + "\n"
open(sys.argv[2], "w").write(text)
print(text)
PY
