#!/usr/bin/env python3
"""Generate a big, real-shaped Jekyll site for postlint benchmarks.

    gen-corpus.py OUT_DIR N [--seed S]

Builds a Jekyll site at OUT_DIR with N posts made from the real ones in the shared
corpus (finews `_posts/` plus the seed post), keeping their real defects: the
undated `-2022…` post with `date:  +0800`, zone-less dates, the front matter that
starts after a blank line, `<>` links, the post without the usual name, and so on.

* `_config.yml`, `_layouts/` and `category/` are copied from the finews site.
* Posts cycle through the real posts (sorted by name, then the seed post). Each gets
  a unique name in the real scheme `YYYY-MM-DD-<YYYYMMDD + 10 digits>.md`, with dates
  spread over 2021-01-01 .. 2022-12-31 (ids increase with the date, as on the real
  site). The front matter date is moved to the same day, in the post's own format
  (zone-less stays zone-less, `+0800` stays `+0800`); the empty `date:  +0800` is kept.
  Odd names stay odd: the undated post becomes `-<YYYYMMDD><10 digits>.md`, the
  `2021-12-01-init.md` post becomes `YYYY-MM-DD-init<n>.md`.
  The article id in the body (e.g. in the source link) follows the new id.
* Bodies vary deterministically: the content paragraphs (or lines, for a one-block
  HTML article) are repeated or trimmed towards a log-normally drawn size, so the
  sizes spread like real posts; the source links and the back-links at the end are
  kept once. 20,000 posts come to about 24 MB, as DESIGN.md's reference figures.
* Deterministic: the same N and seed give the same bytes.

The corpus is found at ../../shared/corpus relative to this script (the `shared/`
folder next to the repository root); set POSTLINT_CORPUS to use another one.
Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import sys
from pathlib import Path

# Bump when the output changes, so bench/run.sh regenerates stale corpora.
GENERATOR_VERSION = "1"
MARKER = ".postlint-bench-corpus"
DEFAULT_SEED = 20220526

FIRST_DAY = dt.date(2021, 1, 1)
DAYS = (dt.date(2022, 12, 31) - FIRST_DAY).days + 1  # 730

# Body size spread: each post's content is scaled by a log-normal factor
# (median exp(MU), spread SIGMA), clamped. Tuned so that 20,000 posts total ~24 MB.
MU = 0.4
SIGMA = 0.75
MAX_FACTOR = 8.0
MAX_UNITS = 400

DATED_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(\d{18})\.md$")
OTHER_DATED_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)\.md$")
UNDATED_NAME = re.compile(r"^-(\d{18})\.md$")
# A front matter date with a real date in it; the zone (if any) is kept as is.
DATE_LINE = re.compile(
    r"^(date:[ \t]*)(\d{4}-\d{2}-\d{2})([ T]\d{2}:\d{2}:\d{2})?", re.MULTILINE
)
# Paragraphs kept once at the end of a post: source links (`<http…>`, the broken `<>`)
# and the back-links (`[返回…](…)`).
TAIL_BLOCK = re.compile(r"^\s*(<(https?://[^>\s]*)?>|\[返回)")


class Source:
    """One real post, split into the parts the generator varies."""

    def __init__(self, path: Path):
        self.name = path.name
        text = path.read_bytes().decode("utf-8")
        # Front matter: everything up to and including the closing `---` line. The
        # opening `---` may come after a blank line (a real defect): keep that as is.
        m = re.match(r"(?s)(\s*---[ \t]*\n.*?\n---[ \t]*(?:\n|$))", text)
        if m:
            self.front, body = m.group(1), text[m.end():]
        else:
            self.front, body = "", text
        parts = body.split("\n\n")
        k = len(parts)
        while k > 1 and TAIL_BLOCK.match(parts[k - 1]):
            k -= 1
        content, tail = parts[:k], parts[k:]
        self.tail = "".join("\n\n" + p for p in tail)
        # Leading newlines of the body stay in front of the first unit.
        first = content[0]
        self.lead = first[: len(first) - len(first.lstrip("\n"))]
        content[0] = first.lstrip("\n")
        if len(content) == 1 and content[0].count("\n") >= 2:
            # One block of many lines (a whole HTML article): vary it by lines.
            self.units, self.sep = content[0].split("\n"), "\n"
        else:
            self.units, self.sep = content, "\n\n"
        self.unit_bytes = [len(u.encode("utf-8")) for u in self.units]
        self.content_bytes = sum(self.unit_bytes)

        name_m = DATED_NAME.match(self.name)
        undated_m = UNDATED_NAME.match(self.name)
        other_m = OTHER_DATED_NAME.match(self.name)
        self.kind = "dated" if name_m else "undated" if undated_m else "other" if other_m else "verbatim"
        self.orig_id = (name_m or undated_m).group(4 if name_m else 1) if (name_m or undated_m) else None
        self.slug = other_m.group(4) if (other_m and not name_m) else None

    def body(self, factor: float) -> str:
        """The content scaled by `factor` (at least one unit; the last unit of a
        multi-unit article, which carries the source credit, is always kept)."""
        target = max(1, int(self.content_bytes * factor))
        units, sizes = self.units, self.unit_bytes
        if len(units) == 1:
            k = min(MAX_UNITS, max(1, round(factor)))
            out = [units[0]] * k
        else:
            first, last = units[0], units[-1]
            middle = list(range(1, len(units) - 1)) or list(range(len(units)))
            out = [first]
            size = sizes[0] + sizes[-1]
            i = 0
            while size < target and i < MAX_UNITS:
                j = middle[i % len(middle)]
                out.append(units[j])
                size += sizes[j]
                i += 1
            out.append(last)
        return self.lead + self.sep.join(out) + self.tail


def find_corpus() -> Path:
    env = os.environ.get("POSTLINT_CORPUS")
    if env:
        return Path(env).resolve()
    return (Path(__file__).resolve().parent / ".." / ".." / "shared" / "corpus").resolve()


def load_sources(corpus: Path) -> list[Source]:
    posts = sorted((corpus / "finews" / "_posts").glob("*.md"))
    seeds = sorted((corpus / "seed").glob("*.md"))
    seeds = [p for p in seeds if p.name.lower() != "readme.md"]
    if not posts:
        sys.exit(f"gen-corpus: no posts in {corpus / 'finews' / '_posts'} (set POSTLINT_CORPUS)")
    return [Source(p) for p in posts + seeds]


def prepare_out(out: Path) -> None:
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        sys.exit(f"gen-corpus: {out} exists, is not empty and was not made by gen-corpus.py; refusing to write there")
    if (out / "_posts").exists():
        shutil.rmtree(out / "_posts")
    out.mkdir(parents=True, exist_ok=True)


def copy_site(corpus: Path, out: Path) -> None:
    site = corpus / "finews"
    shutil.copyfile(site / "_config.yml", out / "_config.yml")
    for d in ("_layouts", "category"):
        if (out / d).exists():
            shutil.rmtree(out / d)
        shutil.copytree(site / d, out / d)


def generate(out: Path, n: int, seed: int, corpus: Path) -> tuple[int, int]:
    sources = load_sources(corpus)
    prepare_out(out)
    copy_site(corpus, out)
    posts = out / "_posts"
    posts.mkdir()
    rng = random.Random(seed)
    total = 0
    for i in range(n):
        src = sources[i % len(sources)]
        day = FIRST_DAY + dt.timedelta(days=i * DAYS // n)
        ymd = day.strftime("%Y%m%d")
        # 10-digit ids, unique and increasing with i (so with the date).
        new_id = ymd + str(2_100_000_000 + i * 100 + rng.randrange(100))
        hh, mm, ss = rng.randrange(7, 24), rng.randrange(60), rng.randrange(60)
        factor = min(MAX_FACTOR, rng.lognormvariate(MU, SIGMA))

        if src.kind == "dated":
            name = f"{day.isoformat()}-{new_id}.md"
        elif src.kind == "undated":
            name = f"-{new_id}.md"
        elif src.kind == "other":
            name = f"{day.isoformat()}-{src.slug}{i}.md"
        else:
            name = f"{Path(src.name).stem}-{i}.md"

        def new_date(m: re.Match[str]) -> str:
            time = f" {hh:02d}:{mm:02d}:{ss:02d}" if m.group(3) else ""
            return f"{m.group(1)}{day.isoformat()}{time}"

        front = DATE_LINE.sub(new_date, src.front, count=1)
        body = src.body(factor)
        if src.orig_id:
            body = body.replace(src.orig_id, new_id)
        data = (front + body).encode("utf-8")
        (posts / name).write_bytes(data)
        total += len(data)

    (out / MARKER).write_text(
        f"postlint-bench-corpus v{GENERATOR_VERSION} n={n} seed={seed}\n"
        f"post_bytes={total}\n"
        f"corpus={corpus}\n",
        encoding="utf-8",
    )
    return n, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args()
    if args.n < 1:
        ap.error("N must be at least 1")
    corpus = find_corpus()
    n, total = generate(args.out_dir.resolve(), args.n, args.seed, corpus)
    print(f"gen-corpus: {n} posts, {total / 1e6:.1f} MB of posts, in {args.out_dir}")


if __name__ == "__main__":
    main()
