#!/usr/bin/env bash
# postlint benchmark: postlint vs. an `rg` scan of every byte vs. markdownlint-cli2,
# on generated real-shaped Jekyll sites (bench/gen-corpus.py).
#
#   bench/run.sh [N...]          default: 2000 20000
#
# Environment:
#   POSTLINT=path   postlint binary to time (default: build with `cargo build --release`
#                   and use the release binary; when set, nothing is built)
#   NO_MDL=1        skip markdownlint-cli2 (the slow one)
#   RUNS=n          hyperfine runs for rg and postlint per round (default 10, after 1 warmup)
#   ROUNDS=n        rounds of rg and postlint, in alternating order (default 3); the
#                   medians are over the runs of all rounds
#   MDL_RUNS=n      hyperfine runs for markdownlint-cli2 below 20,000 posts (default 3,
#                   after 1 warmup); at 20,000 posts or more: 1 run, no warmup
#   RESULTS=path    where to write the Markdown table (default bench/results.md)
#   TMPDIR          corpora and raw results go to ${TMPDIR:-/tmp}/postlint-bench
#   POSTLINT_CORPUS the shared corpus the posts are made from (see gen-corpus.py)
#
# Run it on an otherwise idle machine; the figures depend on the machine.
set -euo pipefail

BENCH_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname -- "$BENCH_DIR")
GEN="$BENCH_DIR/gen-corpus.py"
WORK="${TMPDIR:-/tmp}/postlint-bench"
RAW="$WORK/results"
RESULTS="${RESULTS:-$BENCH_DIR/results.md}"
RUNS="${RUNS:-10}"
ROUNDS="${ROUNDS:-3}"
MDL_RUNS="${MDL_RUNS:-3}"
NO_MDL="${NO_MDL:-}"
SEED=20220526
PATTERN='文章来源'

if [ "$#" -eq 0 ]; then set -- 2000 20000; fi
for n in "$@"; do
  case "$n" in
    '' | *[!0-9]* | 0) echo "usage: bench/run.sh [N...]   (N: number of posts, e.g. 2000 20000)" >&2; exit 2 ;;
  esac
done
case "$RUNS$MDL_RUNS$ROUNDS" in *[!0-9]*) echo "RUNS, MDL_RUNS and ROUNDS must be numbers" >&2; exit 2 ;; esac
if [ "$ROUNDS" -lt 1 ]; then echo "ROUNDS must be at least 1" >&2; exit 2; fi

say() { printf '\n== %s\n' "$*" >&2; }

# ---- required tools, checked up front ---------------------------------------------
missing=0
need() { # need CMD HOW-TO-INSTALL
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "missing: $1    install: $2" >&2
    missing=1
  fi
}
need python3 "sudo apt-get install python3   (3.11 or newer)"
need rg "sudo apt-get install ripgrep   (or: cargo install ripgrep)"
need hyperfine "sudo apt-get install hyperfine   (or: cargo install hyperfine)"
if ! /usr/bin/time -f %M -o /dev/null true >/dev/null 2>&1; then
  echo "missing: /usr/bin/time (GNU time, for peak RSS)    install: sudo apt-get install time" >&2
  missing=1
fi
if [ -z "$NO_MDL" ]; then
  need markdownlint-cli2 "npm install -g markdownlint-cli2   (or set NO_MDL=1 to skip it)"
fi
if [ -z "${POSTLINT:-}" ]; then
  need cargo "https://rustup.rs   (or set POSTLINT=path/to/postlint)"
fi
if [ "$missing" -ne 0 ]; then
  echo "bench/run.sh: install the missing tools above, then rerun." >&2
  exit 1
fi
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "bench/run.sh: python3 is $(python3 -V 2>&1); 3.11 or newer is needed" >&2
  exit 1
fi

# ---- postlint binary ---------------------------------------------------------------
if [ -n "${POSTLINT:-}" ]; then
  if ! POSTLINT_BIN=$(command -v -- "$POSTLINT"); then
    echo "bench/run.sh: POSTLINT=$POSTLINT is not an executable" >&2
    exit 1
  fi
  case "$POSTLINT_BIN" in /*) ;; *) POSTLINT_BIN="$PWD/$POSTLINT_BIN" ;; esac
  say "postlint: using POSTLINT=$POSTLINT_BIN (not building)"
else
  say "building postlint (cargo build --release)"
  (cd -- "$REPO" && cargo build --release)
  target_dir=$(cd -- "$REPO" && cargo metadata --format-version 1 --no-deps \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
  POSTLINT_BIN="$target_dir/release/postlint"
  [ -x "$POSTLINT_BIN" ] || { echo "bench/run.sh: no binary at $POSTLINT_BIN after the build" >&2; exit 1; }
fi

# ---- corpora -------------------------------------------------------------------------
gen_version=$(sed -n 's/^GENERATOR_VERSION = "\(.*\)"$/\1/p' "$GEN")
mkdir -p "$WORK" "$RAW"
for n in "$@"; do
  dir="$WORK/$n"
  marker="postlint-bench-corpus v$gen_version n=$n seed=$SEED"
  count=0
  if [ -d "$dir/_posts" ]; then
    count=$(find "$dir/_posts" -maxdepth 1 -type f -name '*.md' | wc -l)
  fi
  if [ "$count" -eq "$n" ] && [ -f "$dir/.postlint-bench-corpus" ] \
    && [ "$(head -n 1 "$dir/.postlint-bench-corpus")" = "$marker" ]; then
    say "corpus $dir: present ($n posts)"
  else
    say "generating corpus $dir ($n posts)"
    python3 "$GEN" "$dir" "$n" --seed "$SEED"
  fi
done

# ---- measurements ----------------------------------------------------------------
rows="$RAW/rows.tsv"     # n, tool, hyperfine json, index in it, rss KiB, exit code, note
: >"$rows"

# rss_run NAME OUTFILE CMD...: one run under GNU time; prints "RSS_KiB EXIT_CODE".
rss_run() {
  local name=$1 out=$2; shift 2
  local rc=0
  /usr/bin/time -f %M -o "$RAW/$name.rss" "$@" >"$out" 2>"$RAW/$name.stderr" || rc=$?
  echo "$(tail -n 1 "$RAW/$name.rss") $rc"
}

q() { printf "'%s'" "${1//\'/\'\\\'\'}"; } # POSIX-quote one word for hyperfine's command splitting

for n in "$@"; do
  dir="$WORK/$n"
  say "N=$n: peak RSS and sanity runs"
  rg_cmd=(rg -c --no-ignore "$PATTERN" "$dir/_posts")
  pl_cmd=("$POSTLINT_BIN" lint "$dir" --format json)
  mdl_cmd=(markdownlint-cli2 "$dir/_posts/**/*.md")

  read -r rg_rss rg_rc < <(rss_run "rg-$n" /dev/null "${rg_cmd[@]}")
  if [ "$rg_rc" -gt 1 ]; then
    echo "rg failed (exit $rg_rc):" >&2; cat "$RAW/rg-$n.stderr" >&2; exit 1
  fi
  read -r pl_rss pl_rc < <(rss_run "postlint-$n" "$RAW/postlint-$n.json" "${pl_cmd[@]}")
  if [ "$pl_rc" -gt 1 ]; then
    echo "postlint failed (exit $pl_rc, 2 means the run itself failed):" >&2
    head -n 40 "$RAW/postlint-$n.stderr" >&2; exit 1
  fi
  pl_note=$(python3 - "$RAW/postlint-$n.json" <<'EOF'
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    s = doc.get("summary", {})
    print(f"files={doc.get('files')} diagnostics={len(doc.get('diagnostics', []))} "
          f"errors={s.get('errors')} warnings={s.get('warnings')}")
except Exception as e:  # the placeholder prints nothing
    print(f"no JSON report ({type(e).__name__})")
EOF
)
  echo "postlint exit $pl_rc, $pl_note" >&2

  if [ -z "$NO_MDL" ]; then
    read -r mdl_rss mdl_rc < <(rss_run "markdownlint-$n" "$RAW/markdownlint-$n.out" "${mdl_cmd[@]}")
    if [ "$mdl_rc" -gt 1 ]; then
      echo "markdownlint-cli2 failed (exit $mdl_rc):" >&2
      head -n 40 "$RAW/markdownlint-$n.stderr" >&2; exit 1
    fi
    mdl_note=$(cat "$RAW/markdownlint-$n.out" "$RAW/markdownlint-$n.stderr" | grep -m1 -o 'Summary: [0-9]* error(s)' || true)
    echo "markdownlint-cli2 exit $mdl_rc, $mdl_note" >&2
  fi

  # Rounds in alternating order: the machine's speed drifts over minutes, and one tool's runs
  # all before the other's would put that drift into the ratio.
  say "N=$n: hyperfine rg + postlint ($ROUNDS rounds in alternating order, each warmup 1 + $RUNS runs)"
  round_files=()
  for ((r = 1; r <= ROUNDS; r++)); do
    rg_args=(-n rg "rg -c --no-ignore $(q "$PATTERN") $(q "$dir/_posts")")
    pl_args=(-n postlint "$(q "$POSTLINT_BIN") lint $(q "$dir") --format json")
    if ((r % 2)); then order=("${rg_args[@]}" "${pl_args[@]}"); else order=("${pl_args[@]}" "${rg_args[@]}"); fi
    hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$RAW/hyperfine-$n-round$r.json" "${order[@]}"
    round_files+=("$RAW/hyperfine-$n-round$r.json")
  done
  # One result per tool (rg first), over the runs of every round.
  python3 - "$RAW/hyperfine-$n.json" "${round_files[@]}" <<'EOF'
import json, statistics, sys
merged = {}
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        for res in json.load(f)["results"]:
            m = merged.setdefault(res["command"], {"command": res["command"], "times": []})
            m["times"] += res["times"]
results = [merged["rg"], merged["postlint"]]
for m in results:
    m["median"] = statistics.median(m["times"])
    m["mean"] = statistics.fmean(m["times"])
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump({"results": results}, f)
EOF
  printf '%s\trg\t%s\t%s\t%s\t%s\t%s\n' "$n" 0 "$RAW/hyperfine-$n.json" "$rg_rss" "$rg_rc" "" >>"$rows"
  printf '%s\tpostlint\t%s\t%s\t%s\t%s\t%s\n' "$n" 1 "$RAW/hyperfine-$n.json" "$pl_rss" "$pl_rc" "$pl_note" >>"$rows"

  if [ -z "$NO_MDL" ]; then
    if [ "$n" -ge 20000 ]; then mdl_warm=0 mdl_runs=1; else mdl_warm=1 mdl_runs=$MDL_RUNS; fi
    say "N=$n: hyperfine markdownlint-cli2 (warmup $mdl_warm, $mdl_runs runs)"
    hyperfine -N -i --warmup "$mdl_warm" --runs "$mdl_runs" --export-json "$RAW/hyperfine-mdl-$n.json" \
      -n markdownlint-cli2 "markdownlint-cli2 $(q "$dir/_posts/**/*.md")"
    printf '%s\tmarkdownlint-cli2\t%s\t%s\t%s\t%s\t%s\n' "$n" 0 "$RAW/hyperfine-mdl-$n.json" "$mdl_rss" "$mdl_rc" "$mdl_note" >>"$rows"
  fi
done

# ---- table -----------------------------------------------------------------------------
pl_version=$("$POSTLINT_BIN" --version 2>/dev/null | head -n 1 || true)
mdl_version=""
[ -z "$NO_MDL" ] && mdl_version=$(markdownlint-cli2 --help 2>/dev/null | head -n 1 || true)
export BENCH_WORK="$WORK" BENCH_POSTLINT="$POSTLINT_BIN" BENCH_POSTLINT_OVERRIDE="${POSTLINT:-}" \
  BENCH_PL_VERSION="$pl_version" BENCH_MDL_VERSION="$mdl_version" BENCH_RUNS="$RUNS" BENCH_ROUNDS="$ROUNDS" BENCH_MDL_RUNS="$MDL_RUNS" \
  BENCH_RG_VERSION="$(rg --version | head -n 1)" BENCH_HF_VERSION="$(hyperfine --version)"
python3 - "$rows" >"$RAW/results.md" <<'EOF'
import datetime, json, os, platform, sys

def cpu():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"

def mem_gib():
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    return "RAM unknown"

def corpus_mb(n):
    try:
        with open(os.path.join(os.environ["BENCH_WORK"], n, ".postlint-bench-corpus"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("post_bytes="):
                    return int(line.split("=", 1)[1]) / 1e6
    except OSError:
        pass
    return float("nan")

def secs(x):
    return f"{x:.3f}" if x >= 0.1 else f"{x:.4f}"

def times(x):
    return f"{x:.0f}×" if x >= 100 else f"{x:.1f}×" if x >= 10 else f"{x:.2f}×"

rows = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        n, tool, idx, js, rss, rc, note = line.rstrip("\n").split("\t")
        with open(js, encoding="utf-8") as jf:
            res = json.load(jf)["results"][int(idx)]
        rows.append(dict(n=n, tool=tool, median=res["median"], runs=len(res["times"]),
                         rss=int(rss) / 1024, rc=rc, note=note))

override = os.environ.get("BENCH_POSTLINT_OVERRIDE")
pl_name = "postlint"
if override:
    pl_name = f"postlint (POSTLINT={os.environ['BENCH_POSTLINT']})"

out = []
out.append("# postlint benchmark results\n")
out.append(f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC by `bench/run.sh` on "
           f"{cpu()}, {os.cpu_count()} cores, {mem_gib()}, {platform.system()} {platform.release()}. "
           "Figures depend on the machine: rerun `bench/run.sh` to get yours.\n")
out.append(f"Tools: postlint {os.environ.get('BENCH_PL_VERSION') or '(version unknown)'}; "
           f"{os.environ['BENCH_RG_VERSION']}; {os.environ.get('BENCH_MDL_VERSION') or 'markdownlint-cli2 skipped'}; "
           f"{os.environ['BENCH_HF_VERSION']}.\n")
if override:
    out.append(f"**postlint was replaced by `POSTLINT={os.environ['BENCH_POSTLINT']}`: its figures are not postlint's.**\n")
out.append("| N posts | corpus MB | tool | median s | runs | peak RSS MiB | ratio |")
out.append("|---:|---:|---|---:|---:|---:|---|")
by = {(r["n"], r["tool"]): r for r in rows}
for r in rows:
    ratio = ""
    if r["tool"] == "postlint" and (r["n"], "rg") in by:
        ratio = f"postlint/rg = {times(r['median'] / by[(r['n'], 'rg')]['median'])}"
    elif r["tool"] == "markdownlint-cli2" and (r["n"], "postlint") in by:
        ratio = f"markdownlint/postlint = {times(r['median'] / by[(r['n'], 'postlint')]['median'])}"
    name = pl_name if r["tool"] == "postlint" else r["tool"]
    out.append(f"| {int(r['n']):,} | {corpus_mb(r['n']):.1f} | {name} | {secs(r['median'])} | {r['runs']} "
               f"| {r['rss']:.1f} | {ratio} |")
out.append("")
out.append("Commands (DIR = `${TMPDIR:-/tmp}/postlint-bench/N`, made by `bench/gen-corpus.py DIR N`):")
out.append("- rg: `rg -c --no-ignore '文章来源' DIR/_posts` (reads every byte of every post)")
out.append("- postlint: `postlint lint DIR --format json` (exit code 1 expected: the corpus has real defects)")
out.append("- markdownlint-cli2: `markdownlint-cli2 'DIR/_posts/**/*.md'`")
out.append(f"\nhyperfine: rg and postlint side by side in {os.environ['BENCH_ROUNDS']} rounds of 1 warmup + {os.environ['BENCH_RUNS']} runs each, "
           "in alternating order (the machine's speed drifts); markdownlint-cli2 "
           f"1 warmup + {os.environ['BENCH_MDL_RUNS']} runs below 20,000 posts, 1 run without warmup from 20,000. Median wall-clock seconds. "
           "Peak RSS: one separate run under `/usr/bin/time -f %M`.")
notes = [f"- N={int(r['n']):,} {r['tool']}: exit {r['rc']}, {r['note']}" for r in rows if r["note"]]
if notes:
    out.append("\nSanity runs:")
    out.extend(notes)
print("\n".join(out))
EOF
cp -- "$RAW/results.md" "$RESULTS"
say "results (also in $RESULTS; raw hyperfine JSON in $RAW)"
cat -- "$RESULTS"
