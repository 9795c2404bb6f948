#!/usr/bin/env python3
"""Time the queries a careless paste or a stuck key makes (issue 22).

    python bench/long_queries.py [--index DIR | --pages DIR] [--articles N] [--repeat N]

Each query runs through ``search()`` as the CLI runs it, ``--repeat`` times
(median and worst printed), on an index given with ``--index`` (e.g. the
100k index of bench/perf.py) or built in a temporary folder from the first
``--articles`` saved pages of ``--pages`` (default: the extraction set under
../shared/data, ~250 real news pages, as in the issue).  Every query must
answer or be refused with a one-line message; the target is well under a
second each.  Prints one line per query and a JSON summary last.  Nothing is
asserted on time: the figures are for reading.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sclerodex.errors import SclerodexError  # noqa: E402
from sclerodex.search.searcher import search  # noqa: E402
from sclerodex.sync.driver import ingest_paths  # noqa: E402

DEFAULT_PAGES = ROOT.parent / "shared" / "data" / "extraction" / "pages"


def _letters(rng: random.Random, n: int, alphabet: str = "abcdefghijklmnopqrstuvwxyz") -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def queries() -> list[tuple[str, str]]:
    """(name, query) pairs: the shapes that were slow or leaked internals."""
    rng = random.Random(22)
    return [
        ("one word, 2,000 letters (one letter)", "a" * 2000),
        ("one word, 2,000 random letters", _letters(rng, 2000)),
        ("one word, 1,000 random letters", _letters(rng, 1000)),
        ("one word, 100 random letters", _letters(rng, 100)),
        ("lung + a 2,000-letter word", "lung " + _letters(rng, 2000)),
        ("50 unknown 12-letter words", " ".join(_letters(rng, 12) for _ in range(50))),
        ("400 unknown 4-letter words", " ".join(_letters(rng, 4) for _ in range(400))),
        ("400 x 'lung'", "lung " * 400),
        ("NOT x 400 lung", "NOT " * 400 + "lung"),
        ("( x 1,500 lung", "(" * 1500 + "lung"),
        ("hyphen chain of 2,000 characters", "-".join("ab" for _ in range(667))),
        ("a pasted paragraph (90 words)",
         "Patients with systemic sclerosis often develop interstitial lung disease, and the "
         "treatment with mycophenolate or cyclophosphamide aims to slow the decline of lung "
         "function measured by forced vital capacity; nintedanib was approved for this use. " * 2),
        ("misspelt words among right ones", "nintedanb lung fibrosis raynauds fenomenon symptons"),
    ]


def build(pages: Path, articles: int, where: Path) -> Path:
    paths = sorted(str(p) for p in pages.iterdir() if p.suffix in (".html", ".htm", ".txt"))[:articles]
    if not paths:
        sys.exit(f"no pages in {pages}")
    index = where / "index"
    started = time.perf_counter()
    ingest_paths(index, paths)
    print(f"built an index of {len(paths)} pages in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return index


def time_one(index: Path, text: str, repeat: int) -> tuple[list[float], str]:
    seconds, outcome = [], ""
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            result = search(index, text)
            outcome = f"{result.total} found" + (f", {len(result.cuts)} cut(s) said" if result.cuts else "")
        except SclerodexError as problem:
            outcome = f"refused: {str(problem)[:90]}"
        seconds.append(time.perf_counter() - started)
    return seconds, outcome


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, help="an existing index (default: build one from --pages)")
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="saved pages to build the index from")
    parser.add_argument("--articles", type=int, default=250, help="pages to ingest (default 250)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (default 3)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sclerodex-long-") as work:
        index = args.index or build(args.pages, args.articles, Path(work))
        search(index, "lung")  # warm: open the index once, as a second search in a session would find it
        rows = []
        for name, text in queries():
            seconds, outcome = time_one(index, text, args.repeat)
            median, worst = statistics.median(seconds), max(seconds)
            rows.append({"query": name, "chars": len(text), "median_s": round(median, 3), "worst_s": round(worst, 3),
                         "outcome": outcome})
            print(f"{median:7.3f} s (worst {worst:6.3f})  {name:40}  {outcome}")
    slowest = max(rows, key=lambda row: row["worst_s"])
    print(json.dumps({"index": str(args.index or f"{args.articles} pages of {args.pages}"), "repeat": args.repeat,
                      "slowest": slowest, "queries": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
