#!/usr/bin/env python3
"""Extraction benchmark: how much of what sclerodex indexes from a saved page
is the article, and how much of the article it indexes.

    python bench/extraction.py --pages ../shared/data/extraction

The folder holds ``pages/<key>.html`` and ``ground-truth.json``
(``{"<key>": {"articleBody": "..."}}``).  Every page is ingested into a fresh
index through the same code as ``sclerodex ingest``; each article is read back
from the index (its sections' headings and texts, in order) and scored against
the hand-made body with 4-token word shingles: precision, recall and F1 per
page, averaged over pages (the F1 of the averaged precision and recall, which
some tables report instead, is printed beside it).  A skipped page scores an
empty body (precision and recall 0).  trafilatura's
``extract()`` (defaults; ``pip install -e '.[bench]'``) is scored on the same
pages in the same run, as the anchor.

Authors (issue 24): on the pages of ``--authors`` (default ``bench/authors.tsv``,
the names each page declares, written by hand), the share whose authors, as
read back from the index, equal the hand-made names exactly (order and case
count); and over every page ingested, the authors that still hold an outlet
name (a word like News or Press, a domain, the page's own site name), a date
or a placeholder ("admin", "Staff"): the polluted authors, target 0.

The last line printed is one JSON object: ``f1``, ``precision``, ``recall``, ``f1_of_means``,
``pages``, ``skipped``, ``authors`` (``exact``, ``pages``, ``share``, ``polluted``, ``with_authors``), ``ms_per_page`` (the median CPU time to decode and
parse one page: CPU time, not wall time, so that other work on a shared
machine does not inflate it), and the same figures under ``trafilatura``.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sclerodex.errors import SclerodexError
from sclerodex.index.catalog import show_article
from sclerodex.ingest.records import Article
from sclerodex.ingest.sources import parse_document
from sclerodex.sync.driver import ingest_paths
from sclerodex.sync.options import IngestOptions

AUTHORS_TABLE = Path(__file__).resolve().parent / "authors.tsv"
SHINGLE = 4
WORST = 15
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def shingles(text: str) -> set[tuple[str, ...]]:
    """The text's runs of SHINGLE lowercase words (the whole text when shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def score(extracted: str, truth: str) -> Score:
    got, want = shingles(extracted), shingles(truth)
    if not got or not want:
        return Score(0.0, 0.0)
    common = len(got & want)
    return Score(common / len(got), common / len(want))


def article_body(article: Article | None) -> str:
    """The article as indexed: each new heading of a section's path, then its text."""
    if article is None:
        return ""
    lines: list[str] = []
    previous: tuple[str, ...] = ()
    for section in article.sections:
        for depth, heading in enumerate(section.path):
            if previous[: depth + 1] != section.path[: depth + 1]:
                lines.append(heading)
        previous = section.path
        lines.append(section.text)
    return "\n".join(lines)


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def summary(scores: dict[str, Score], skipped: int, parse_ms: list[float]) -> dict:
    values = list(scores.values())
    precision, recall = mean([s.precision for s in values]), mean([s.recall for s in values])
    return {
        "f1": round(mean([s.f1 for s in values]), 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        # The F1 of the averaged precision and recall, as some published
        # tables (and the extraction collection's README) report it.
        "f1_of_means": round(Score(precision, recall).f1, 4),
        "pages": len(values),
        "skipped": skipped,
        "ms_per_page": round(statistics.median(parse_ms), 2) if parse_ms else None,
    }


def run_sclerodex(pages: dict[str, Path], truth: dict[str, str], workdir: Path, jobs: int):
    """Ingest every page, read each back; the scores, the bodies, the skips, the parse times."""
    index_dir = workdir / "index"
    started = time.perf_counter()
    result = ingest_paths(index_dir, [str(p) for p in pages.values()], IngestOptions(jobs=jobs, batch_size=1000))
    ingest_seconds = time.perf_counter() - started
    skipped = {str(Path(source).resolve()): reason for source, reason in result.skipped}
    bodies, scores, articles = {}, {}, {}
    for key, path in pages.items():
        article = None if str(path.resolve()) in skipped else show_article(index_dir, str(path.resolve()))
        articles[key] = article
        bodies[key] = article_body(article)
        scores[key] = score(bodies[key], truth[key])
    parse_ms = []
    for path in pages.values():
        data = path.read_bytes()
        started = time.process_time()
        try:
            parse_document(data, str(path))
        except SclerodexError:
            pass
        parse_ms.append((time.process_time() - started) * 1000)
    reasons = {key: skipped[str(path.resolve())] for key, path in pages.items() if str(path.resolve()) in skipped}
    return scores, bodies, reasons, parse_ms, ingest_seconds, articles


def read_authors_table(path: Path) -> dict[str, tuple[str, ...]]:
    """key -> the hand-made authors (``#`` lines and the header skipped)."""
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("key\t"):
            continue
        key, names = line.split("\t")[:2]
        table[key] = tuple(n.strip() for n in names.split(";") if n.strip())
    return table


_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_POLLUTION = re.compile(
    r"\b(?:19|20)\d\d\b|\d{1,2}[/.:-]\d{1,2}|\b(?:" + _MONTHS + r")[a-z]*\.?\s+\d"  # a date
    r"|\b(?:news|times|press|post|reuters|ap|afp|cnn|bbc|nbc|cbs|abc|npr|associated|magazine|journal|daily"
    r"|digital|media|wire|staff|team|blog)\b|\.(?:com|org|net|co\.uk)\b"  # an outlet
    r"|\b(?:admin|administrator|webmaster|anonymous|unknown|guest|author|editor|editors|no primary)\b",  # a placeholder
    re.IGNORECASE,
)


def polluted(author: str, site: str | None) -> bool:
    """Whether a name still holds an outlet's name, a date or a placeholder."""
    if _POLLUTION.search(author):
        return True
    return bool(site) and len(site) >= 4 and site.casefold() in author.casefold()


def author_figures(articles: dict, table: dict[str, tuple[str, ...]]) -> tuple[dict, list, list]:
    """The exact-match share on the hand-made table, the polluted authors
    over every page, and the pages that missed (for the listing)."""
    scored = {key: names for key, names in table.items() if key in articles}
    misses = []
    for key, names in sorted(scored.items()):
        article = articles[key]
        got = article.authors if article is not None else ()
        if got != names:
            misses.append((key, names, got))
    dirty = [(key, a) for key, article in sorted(articles.items()) if article is not None
             for a in article.authors if polluted(a, article.site)]
    with_authors = sum(1 for article in articles.values() if article is not None and article.authors)
    exact = len(scored) - len(misses)
    figures = {
        "exact": exact, "pages": len(scored), "share": round(exact / len(scored), 4) if scored else None,
        "polluted": len(dirty), "with_authors": with_authors,
    }
    return figures, misses, dirty


def run_trafilatura(pages: dict[str, Path], truth: dict[str, str]):
    try:
        import trafilatura
    except ImportError:
        return None
    scores, parse_ms, empty = {}, [], 0
    for key, path in pages.items():
        data = path.read_bytes()
        started = time.process_time()
        text = trafilatura.extract(data) or ""
        parse_ms.append((time.process_time() - started) * 1000)
        empty += not text
        scores[key] = score(text, truth[key])
    return scores, empty, parse_ms, trafilatura.__version__


_SEMANTIC = re.compile(rb"<(?:article|main)[\s>]|role=[\"']?main", re.IGNORECASE)


def markup_kind(path: Path) -> str:
    """'semantic' for a page with <article>, <main> or role=main; else
    'tables and divs' (written before those existed, or without them)."""
    return "semantic" if _SEMANTIC.search(path.read_bytes()) else "tables and divs"


def row(name: str, figures: dict) -> str:
    return (f"{name:22}{figures['f1']:8.4f}{figures['precision']:11.4f}{figures['recall']:9.4f}"
            f"{figures['skipped']:9d}{figures['ms_per_page']:9.2f}{figures['f1_of_means']:10.4f}")


def first_words(text: str, count: int = 14) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "") if words else "(nothing)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, required=True, help="folder with pages/ and ground-truth.json")
    parser.add_argument("--jobs", type=int, default=2, help="ingest worker processes")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (by name), for a quick look")
    parser.add_argument("--no-trafilatura", action="store_true", help="skip the trafilatura anchor")
    parser.add_argument("--authors", type=Path, default=AUTHORS_TABLE,
                        help="hand-made authors table (key<TAB>names joined by '; '), default bench/authors.tsv")
    args = parser.parse_args(argv)

    truth_file = args.pages / "ground-truth.json"
    truth = {key: value["articleBody"] for key, value in json.loads(truth_file.read_text(encoding="utf-8")).items()}
    pages = {key: args.pages / "pages" / f"{key}.html" for key in sorted(truth)}
    pages = {key: path for key, path in pages.items() if path.is_file()}
    if args.limit:
        pages = dict(list(pages.items())[: args.limit])
    if not pages:
        raise SystemExit(f"no pages with ground truth under {args.pages}")

    with tempfile.TemporaryDirectory(prefix="sclerodex-extraction-") as workdir:
        scores, bodies, reasons, parse_ms, ingest_seconds, articles = run_sclerodex(pages, truth, Path(workdir), args.jobs)
    ours = summary(scores, len(reasons), parse_ms)
    table = read_authors_table(args.authors) if args.authors.is_file() else {}
    ours["authors"], author_misses, dirty = author_figures(articles, table)
    theirs = None if args.no_trafilatura else run_trafilatura(pages, truth)

    print(f"collection: {args.pages} ({len(pages)} pages); sclerodex ingest {ingest_seconds:.1f} s")
    header = f"{'':22}{'f1':>8}{'precision':>11}{'recall':>9}{'skipped':>9}{'ms/page':>9}{'F1(P̄,R̄)':>10}"
    print(header)
    print(row("sclerodex", ours))
    if theirs is not None:
        t_scores, t_empty, t_ms, version = theirs
        anchor = summary(t_scores, t_empty, t_ms)
        anchor["version"] = version
        print(row(f"trafilatura {version}", anchor))
        ours["trafilatura"] = anchor
    else:
        print("trafilatura: not installed (pip install -e '.[bench]'), no anchor row")

    # The same figures on the pages with semantic tags and on those without.
    ms = dict(zip(pages, parse_ms))
    ours["by_markup"] = {}
    kinds = {key: markup_kind(path) for key, path in pages.items()}
    for kind in ("semantic", "tables and divs"):
        keys = [key for key in pages if kinds[key] == kind]
        if not keys:
            continue
        print(f"\n{kind} ({len(keys)} pages)")
        part = summary({k: scores[k] for k in keys}, sum(k in reasons for k in keys), [ms[k] for k in keys])
        print(row("sclerodex", part))
        if theirs is not None:
            t_ms_by_key = dict(zip(pages, t_ms))
            t_part = summary({k: t_scores[k] for k in keys}, 0, [t_ms_by_key[k] for k in keys])
            print(row(f"trafilatura {version}", t_part))
            part["trafilatura"] = t_part
        ours["by_markup"][kind] = part

    print(f"\n{WORST} worst pages (sclerodex F1, P, R; reason or first words kept):")
    for key in sorted(scores, key=lambda k: (scores[k].f1, k))[:WORST]:
        s = scores[key]
        what = f"skipped: {reasons[key]}" if key in reasons else first_words(bodies[key])
        print(f"  {key:18} {s.f1:.2f} {s.precision:.2f} {s.recall:.2f}  {what}")
    figures = ours["authors"]
    if figures["pages"]:
        print(f"\nauthors: {figures['exact']}/{figures['pages']} pages of {args.authors.name} exactly right "
              f"({figures['share']:.1%}); {figures['with_authors']} of {len(pages)} pages have authors")
    else:
        print(f"\nauthors: no page of {args.authors} in this collection; "
              f"{figures['with_authors']} of {len(pages)} pages have authors")
    for key, want, got in author_misses:
        print(f"  {key:18} want {'; '.join(want) or '(no one)'}  got {'; '.join(got) or '(no one)'}")
    print(f"polluted authors (an outlet, a date or a placeholder): {figures['polluted']}")
    for key, author in dirty:
        print(f"  {key:18} {author}")
    if reasons:
        print(f"\nskipped ({len(reasons)}):")
        for key, reason in sorted(reasons.items()):
            print(f"  {key}: {reason} (truth: {len(truth[key].split())} words)")
    print(json.dumps(ours))
    return 0


if __name__ == "__main__":
    sys.exit(main())
