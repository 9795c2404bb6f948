#!/usr/bin/env python3
"""Issue 3's benchmark: how much a re-ingest of a folder costs.

    python bench/reingest.py [--articles 5000] [--changed 0.01] [--repeat N] [--out DIR]

Generates a folder of article pages (bench/corpus.py), then through the
`sclerodex ingest` CLI: (1) ingests it into a fresh index, (2) re-ingests
it unchanged, (3) changes 1% of the pages (a sentence added to the body, so
the article's content really changes) and re-ingests.  Prints the three
wall times, their ratios to the full ingest against the targets (unchanged
<= 2%, 1% changed <= 5%), each run's summary line against the expected
counts, and the figures as one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import corpus as gen  # noqa: E402
from bench.perf import checked, fresh, run, sclerodex_cmd  # noqa: E402

TARGET_UNCHANGED = 0.02
TARGET_CHANGED = 0.05
_FIRST_PARAGRAPH = re.compile(r'(<div class="entry-content">\s*<p>)')


def change_pages(pages: list[Path], fraction: float, rng: random.Random, round_: int) -> list[Path]:
    """Add a sentence to the introduction of ``fraction`` of the pages."""
    chosen = rng.sample(pages, max(1, round(len(pages) * fraction)))
    for path in chosen:
        html = path.read_text(encoding="utf-8")
        html, n = _FIRST_PARAGRAPH.subn(rf"\1Updated (revision {round_}) with a correction from the authors. ", html, count=1)
        if n != 1:
            raise SystemExit(f"cannot change {path}: no entry-content paragraph")
        path.write_text(html, encoding="utf-8")
    return chosen


def summary_counts(text: str) -> dict:
    """'N new, N updated, N unchanged, N removed, N skipped' -> dict (None if absent)."""
    match = re.search(r"(\d+) new, (\d+) updated, (\d+) unchanged, (\d+) removed, (\d+) skipped", text)
    keys = ("new", "updated", "unchanged", "removed", "skipped")
    return dict(zip(keys, map(int, match.groups()))) if match else None


def ingest(index_dir: Path, pages: Path) -> tuple[float, str, dict | None, float]:
    m = checked(run([*sclerodex_cmd(), "--index", str(index_dir), "ingest", "--quiet", str(pages)], sample_rss=True), "sclerodex ingest")
    output = (m.stdout + m.stderr).strip()
    line = next((line for line in output.splitlines() if summary_counts(line)), "")
    return m.wall, line, summary_counts(output), m.tree_rss_mb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000, help="pages in the folder (default 5000)")
    parser.add_argument("--changed", type=float, default=0.01, help="fraction of pages changed (default 0.01)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds; medians are reported (default 1)")
    parser.add_argument("--seed", type=int, default=gen.DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=gen.DEFAULT_OUT / "reingest", help="work folder (default bench/out/reingest)")
    args = parser.parse_args(argv)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"{time.perf_counter() - started:7.0f}s {message}", file=sys.stderr, flush=True)

    out = args.out.resolve()
    rng = random.Random(args.seed + 3)
    rounds = []
    for round_ in range(1, args.repeat + 1):
        log(f"round {round_}/{args.repeat}: generating {args.articles:,} pages under {out} ...")
        corpus = gen.write_corpus(out / "corpus", None, args.seed, reuse=False, articles=args.articles)
        pages = corpus.page_files()
        n = len(pages)
        index_dir = fresh(out / "index")
        log("full ingest ...")
        full = ingest(index_dir, corpus.pages)
        log(f"  {full[0]:.1f} s  {full[1]}")
        log("re-ingest, nothing changed ...")
        same = ingest(index_dir, corpus.pages)
        log(f"  {same[0]:.1f} s  {same[1]}")
        changed = change_pages(pages, args.changed, rng, round_)
        log(f"re-ingest, {len(changed)} pages changed ...")
        some = ingest(index_dir, corpus.pages)
        log(f"  {some[0]:.1f} s  {some[1]}")
        k = len(changed)
        rounds.append({
            "articles": n,
            "sections": corpus.manifest["sections"],
            "html_mb": corpus.manifest["html_bytes"] / 2**20,
            "changed": k,
            "full_s": full[0],
            "unchanged_s": same[0],
            "changed_s": some[0],
            "summaries": {"full": full[1], "unchanged": same[1], "changed": some[1]},
            "expected_ok": {
                "full": full[2] == {"new": n, "updated": 0, "unchanged": 0, "removed": 0, "skipped": 0},
                "unchanged": same[2] == {"new": 0, "updated": 0, "unchanged": n, "removed": 0, "skipped": 0},
                "changed": some[2] == {"new": 0, "updated": k, "unchanged": n - k, "removed": 0, "skipped": 0},
            },
            "peak_rss_mb": max(full[3], same[3], some[3]),
        })

    def med(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    full_s, same_s, some_s = med("full_s"), med("unchanged_s"), med("changed_s")
    last = rounds[-1]
    r_same, r_some = same_s / full_s, some_s / full_s

    def verdict(ratio: float, target: float) -> str:
        return "met" if ratio <= target else f"missed: {ratio / target:.1f}x the target ({(ratio - target) * full_s:.1f} s too slow)"

    print(f"re-ingest ({last['articles']:,} pages, {last['sections']:,} sections, {last['html_mb']:.1f} MB of HTML; "
          f"{last['changed']} changed = {args.changed:.0%}; median of {len(rounds)} round(s))")
    print(f"  {'run':<28}{'wall s':>8}{'vs full':>10}  {'target':<10}{'verdict':<44}summary line (expected counts?)")
    print(f"  {'full ingest, fresh index':<28}{full_s:>8.1f}{'100%':>10}  {'':<10}{'':<44}{last['summaries']['full']} "
          f"({'yes' if last['expected_ok']['full'] else 'NO'})")
    print(f"  {'re-ingest, unchanged':<28}{same_s:>8.1f}{r_same:>10.1%}  {'<= 2%':<10}{verdict(r_same, TARGET_UNCHANGED):<44}"
          f"{last['summaries']['unchanged']} ({'yes' if last['expected_ok']['unchanged'] else 'NO'})")
    print(f"  {'re-ingest, ' + format(args.changed, '.0%') + ' changed':<28}{some_s:>8.1f}{r_some:>10.1%}  {'<= 5%':<10}"
          f"{verdict(r_some, TARGET_CHANGED):<44}{last['summaries']['changed']} ({'yes' if last['expected_ok']['changed'] else 'NO'})")
    print(f"  peak RSS of an ingest: {max(r['peak_rss_mb'] for r in rounds):.0f} MB")
    print(json.dumps({
        "command": "python bench/reingest.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "articles": last["articles"], "sections": last["sections"], "changed": last["changed"],
        "full_s": round(full_s, 2), "unchanged_s": round(same_s, 2), "changed_s": round(some_s, 2),
        "unchanged_ratio": round(r_same, 4), "changed_ratio": round(r_some, 4),
        "targets": {"unchanged_ratio": TARGET_UNCHANGED, "changed_ratio": TARGET_CHANGED},
        "met": {"unchanged": r_same <= TARGET_UNCHANGED, "changed": r_some <= TARGET_CHANGED},
        "summaries": last["summaries"], "expected_counts": last["expected_ok"],
        "rounds": len(rounds), "seconds": round(time.perf_counter() - started),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
