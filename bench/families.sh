#!/usr/bin/env bash
# Where postlint's time goes, by rule family: the full lint, the lint with each family turned
# off (`--ignore FAMILY`), the floor (one trivial rule: walk, read, decode) and `rg`, timed side
# by side in interleaved rounds on a bench/run.sh corpus. What a family costs is the CPU time
# turning it off saves (shared work, such as the Markdown pass the link and HTML rules both
# read, is only saved when every family that needs it is off). Single runs on a busy machine
# vary by a fifth: use enough rounds, and trust differences only well above that.
#
#   bench/families.sh [N]        default: 20000 (the corpus bench/run.sh made)
#
# Environment: POSTLINT=path (default: the release build, built here), RUNS=n rounds (default 15).
# Output: a Markdown table on stdout; raw JSON in ${TMPDIR:-/tmp}/postlint-bench/results/.
set -euo pipefail

BENCH_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname -- "$BENCH_DIR")
WORK="${TMPDIR:-/tmp}/postlint-bench"
N="${1:-20000}"
RUNS="${RUNS:-15}"
case "$N$RUNS" in '' | *[!0-9]*) echo "usage: bench/families.sh [N]   (RUNS must be a number)" >&2; exit 2 ;; esac
DIR="$WORK/$N"
if [ ! -d "$DIR/_posts" ]; then
  echo "bench/families.sh: no corpus at $DIR: run bench/run.sh $N first (it makes it)" >&2
  exit 1
fi
for t in rg python3; do
  command -v "$t" >/dev/null || { echo "bench/families.sh: missing $t (see bench/README.md)" >&2; exit 1; }
done
if [ -n "${POSTLINT:-}" ]; then
  BIN=$(command -v -- "$POSTLINT") || { echo "POSTLINT=$POSTLINT is not an executable" >&2; exit 1; }
else
  (cd -- "$REPO" && cargo build --release >&2)
  BIN="$(cd -- "$REPO" && cargo metadata --format-version 1 --no-deps \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')/release/postlint"
fi

# The families, from the rule list itself (so a new family is timed without editing this).
mapfile -t families < <("$BIN" rules | awk '{split($1, a, "/"); print a[1]}' | awk '!seen[$0]++')

mkdir -p "$WORK/results"
# Interleaved rounds (every command once per round, in a rotating order): on a noisy machine,
# drift then hits every command alike, where one command's runs after another's would not.
python3 - "$BIN" "$DIR" "$N" "$RUNS" "$WORK/results/families-$N.json" "${families[@]}" <<'EOF'
import json, os, statistics, subprocess, sys, time

bin_, site, n, runs, out, *families = sys.argv[1:]
lint = [bin_, "lint", site, "--format", "json"]
cmds = [("full", lint)]
cmds += [(f"without {f}", lint + ["--ignore", f]) for f in families]
cmds += [("floor: filename/not-a-post only", lint + ["--select", "filename/not-a-post"])]
cmds += [("rg", ["rg", "-c", "--no-ignore", "文章来源", os.path.join(site, "_posts")])]

def once(argv):
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"bench/families.sh: {' '.join(argv)} exited with {code}")
    return time.perf_counter() - t, ru.ru_utime + ru.ru_stime

for _, argv in cmds:  # warmup
    once(argv)
times = {name: [] for name, _ in cmds}
for r in range(int(runs)):
    k = r % len(cmds)
    for name, argv in cmds[k:] + cmds[:k]:
        times[name].append(once(argv))
    print(f"round {r + 1}/{runs}", file=sys.stderr)
with open(out, "w", encoding="utf-8") as f:
    json.dump(times, f)

med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
       for k, v in times.items()}
full_w, full_c = med["full"]
print(f"# postlint time by rule family, {int(n):,} posts\n")
print(f"`bench/families.sh`: {runs} interleaved rounds, medians. Full lint {full_w:.3f} s wall, "
      f"rg {med['rg'][0]:.4f} s (postlint/rg = {full_w / med['rg'][0]:.2f}×). CPU is user + "
      "system time over both cores; a family's cost is what turning it off saves. Work that "
      "families share (the Markdown pass, the front matter) is saved only when all of them "
      "are off.\n")
print("| run | wall s | CPU s | CPU saved | share of full CPU |")
print("|---|---:|---:|---:|---:|")
for name, _ in cmds:
    w, c = med[name]
    share = f"{100 * (full_c - c) / full_c:.0f}%" if name.startswith("without") else ""
    saved = f"{full_c - c:+.3f}" if name != "full" else ""
    print(f"| {name} | {w:.3f} | {c:.3f} | {saved} | {share} |")
EOF
