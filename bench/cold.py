#!/usr/bin/env python3
"""Times one run of rg and of postlint after the machine has sat idle, as a commit hook or a CI
job meets it, and writes the medians as Markdown.

    bench/cold.py [N]            default N = 20000 (the corpus bench/run.sh made)

Environment: POSTLINT (the binary; default target/release/postlint), IDLE (seconds of idle
before each run, default 5), ROUNDS (default 7), RESULTS (default bench/results-cold.md),
TMPDIR (where the corpora are: ${TMPDIR:-/tmp}/postlint-bench/N).

bench/run.sh times back-to-back runs (hyperfine, after a warmup). A run after a pause can cost
more: memory the kernel hands out again after a while may have to be zeroed (on this VM most of
a postlint run went to zeroing transparent huge pages until postlint turned them off). Each
round runs both tools once, in alternating order, each after IDLE seconds of sleep.
"""
import datetime
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PATTERN = "文章来源"


def number(name: str, default: int) -> int:
    value = os.environ.get(name, str(default))
    if not value.isdigit() or int(value) < 1:
        sys.exit(f"{name} must be a positive number, not {value!r}")
    return int(value)


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run; exits on a failed run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode > 1:  # postlint exits 1 when it finds something, rg when nothing matches
        sys.exit(f"failed (exit {done.returncode}): {' '.join(cmd)}\n{done.stderr.decode()[:2000]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    args = sys.argv[1:]
    if len(args) > 1 or (args and not args[0].isdigit()):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    n = int(args[0]) if args else 20000
    idle, rounds = number("IDLE", 5), number("ROUNDS", 7)
    work = os.path.join(os.environ.get("TMPDIR", "/tmp"), "postlint-bench", str(n))
    if not os.path.isdir(os.path.join(work, "_posts")):
        sys.exit(f"no corpus at {work}: make it with  bench/run.sh {n}  (or gen-corpus.py)")
    postlint = os.environ.get("POSTLINT") or os.path.join(HERE, "..", "target", "release", "postlint")
    if not os.access(postlint, os.X_OK):
        sys.exit(f"no postlint binary at {postlint}: run `cargo build --release` or set POSTLINT")
    tools = {
        "rg": ["rg", "-c", "--no-ignore", PATTERN, os.path.join(work, "_posts")],
        "postlint": [postlint, "lint", work, "--format", "json"],
    }
    runs: dict[str, list[tuple[float, float]]] = {t: [] for t in tools}
    for r in range(rounds):
        for name in list(tools) if r % 2 == 0 else list(tools)[::-1]:
            time.sleep(idle)
            runs[name].append(timed(tools[name]))
            print(f"round {r + 1}/{rounds} {name}: {runs[name][-1][0]:.3f} s", file=sys.stderr)
    # Rounded as written: the ratio is of the figures the table shows (as in run.sh).
    med = {t: round(statistics.median(w for w, _ in runs[t]), 3) for t in tools}
    cpu = {t: round(statistics.median(c for _, c in runs[t]), 3) for t in tools}
    version = subprocess.run([postlint, "--version"], capture_output=True, text=True).stdout.strip()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "# postlint after an idle pause",
        "",
        f"Measured {now} by `bench/cold.py {n}` on {platform.machine()}, {os.cpu_count()} cores,"
        f" Linux {platform.release()}; {version}. Each run comes after {idle} s of idle;"
        f" {rounds} round{'s' if rounds > 1 else ''}, both tools once per round in alternating"
        " order.",
        "",
        "| N posts | tool | median wall s | median CPU s | ratio |",
        "|---:|---|---:|---:|---|",
        f"| {n:,} | rg | {med['rg']:.3f} | {cpu['rg']:.3f} |  |",
        f"| {n:,} | postlint | {med['postlint']:.3f} | {cpu['postlint']:.3f} |"
        f" postlint/rg = {med['postlint'] / med['rg']:.2f}× |",
        "",
        "Commands: `rg -c --no-ignore '文章来源' DIR/_posts` and `postlint lint DIR --format json`"
        " (DIR = `${TMPDIR:-/tmp}/postlint-bench/N`).",
        "",
    ]
    text = "\n".join(out)
    print(text)
    with open(os.environ.get("RESULTS", os.path.join(HERE, "results-cold.md")), "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
