#!/usr/bin/env python3
"""Times commands in interleaved rounds and prints the median wall, user, system and CPU time.

    bench/interleave.py ROUNDS 'CMD' 'CMD' ...

Each round runs every command once (through the shell, output discarded), in alternating
order: on a machine whose speed drifts over minutes, two builds compared this way see the same
drift. Use it to compare builds of one change (e.g. the build before against the build after);
bench/run.sh gives the published figures.
"""
import resource
import statistics
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    rounds, cmds = int(sys.argv[1]), sys.argv[2:]
    runs = {c: [] for c in cmds}
    for r in range(rounds):
        for c in cmds if r % 2 == 0 else cmds[::-1]:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            done = subprocess.run(c, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wall = time.perf_counter() - t
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if done.returncode > 1:  # postlint exits 1 when it finds something
                print(f"failed (exit {done.returncode}): {c}", file=sys.stderr)
                return 1
            runs[c].append((wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime))
    print(f"medians of {rounds} interleaved rounds (seconds)")
    for c in cmds:
        med = lambda i: statistics.median(x[i] for x in runs[c])  # noqa: E731
        cpu = statistics.median(x[1] + x[2] for x in runs[c])
        print(f"wall {med(0):.3f}  user {med(1):.3f}  sys {med(2):.3f}  cpu {cpu:.3f}  {c}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
