#!/usr/bin/env python3
"""Where ingest and search spend their time (cProfile, grouped).

    python bench/profile_stages.py [--pages 500] [--queries 100] [--top 15]

Profiles, in this process, the library's ingest (ingest_paths) of the first
--pages pages of the small corpus into a fresh index, then search() +
render_text() of the corpus's queries on the small benchmark's index
(bench/out/small/work/index, made by `bench/perf.py --scale small`). For each
it prints self time grouped by stage (HTML parsing, extraction, analysis,
index writing, searching, highlighting...) and the top functions.
cProfile's overhead inflates small Python functions: read the shares, not
the absolute seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import corpus as gen  # noqa: E402

STAGES = (  # (stage, path fragments of the code whose self time counts there), first match wins
    ("HTML: BeautifulSoup + lxml tree building", ("/bs4/", "lxml", "/html/parser", "_markupbase")),
    ("HTML: soupsieve CSS selectors", ("/soupsieve/",)),
    ("decoding (charset detection)", ("charset_normalizer", "/sclerodex/ingest/decode")),
    ("extraction: sclerodex.ingest", ("/sclerodex/ingest/", "/sclerodex/textutil")),
    ("analysis: tokenize, lowercase, stop, stem", ("/whoosh/analysis/", "/whoosh/lang/")),
    ("searching: query parse, match, score", ("/whoosh/qparser/", "/whoosh/query/", "/whoosh/searching", "/whoosh/matching/", "/whoosh/scoring", "/whoosh/collectors", "/whoosh/idsets", "/whoosh/sorting")),
    ("Whoosh: segments, postings, stored fields, files", ("/whoosh/",)),
    ("highlighting: passages + render", ("/sclerodex/search/",)),
    ("sclerodex.index and sync (writer, store, driver)", ("/sclerodex/index/", "/sclerodex/sync/")),
    ("file system walk (pathlib, os)", ("posixpath", "genericpath", "pathlib", "/os.py")),
    ("json", ("/json/",)),
)


def stage_of(filename: str, funcname: str) -> str:
    key = f"{filename}:{funcname}"
    for stage, fragments in STAGES:
        if any(f in key for f in fragments):
            return stage
    return "other Python"


def stage_seconds(stats: pstats.Stats) -> dict[str, float]:
    """Self time by stage; a builtin's time (filename '~': isinstance, zlib,
    pickle, str methods...) goes to its callers' stages, split by the time
    each caller spent in it."""
    by_stage: dict[str, float] = {}
    for (filename, _, funcname), (_, _, tt, _, callers) in stats.stats.items():
        if filename == "~" and callers:
            spent = sum(edge[2] for edge in callers.values()) or 1.0
            for (cfile, _, cfunc), edge in callers.items():
                stage = stage_of(cfile, cfunc)
                by_stage[stage] = by_stage.get(stage, 0.0) + tt * edge[2] / spent
        else:
            stage = stage_of(filename, funcname)
            by_stage[stage] = by_stage.get(stage, 0.0) + tt
    return by_stage


def report(profile: cProfile.Profile, title: str, top: int) -> dict:
    stats = pstats.Stats(profile)
    total = sum(row[2] for row in stats.stats.values())  # tottime
    by_stage = stage_seconds(stats)
    print(f"\n== {title}: {total:.2f} s of profiled self time ==")
    for stage, seconds in sorted(by_stage.items(), key=lambda kv: -kv[1]):
        print(f"  {seconds / total:6.1%}  {seconds:7.2f} s  {stage}")
    print(f"  top {top} functions by self time:")
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:top]
    for (filename, line, funcname), (cc, nc, tt, ct, _) in rows:
        where = filename.split("site-packages/")[-1].split("/wt-bench/")[-1]
        print(f"  {tt / total:6.1%} {tt:6.2f} s  {nc:>9,} calls  {funcname}  ({where}:{line})")
    return {stage: round(seconds / total, 3) for stage, seconds in by_stage.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--out", type=Path, default=gen.DEFAULT_OUT)
    args = parser.parse_args(argv)

    from sclerodex.sync.driver import ingest_paths

    corpus = gen.write_corpus(args.out / "small", gen.SCALES["small"])
    pages = corpus.page_files()[: args.pages]
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "pages")
        folder.mkdir()
        for page in pages:
            shutil.copy(page, folder / page.name)
        profile = cProfile.Profile()
        profile.enable()
        summary = ingest_paths(Path(tmp, "index"), [folder])
        profile.disable()
        result["ingest"] = report(profile, f"ingest of {len(pages)} pages ({summary.line()})", args.top)

    index_dir = args.out / "small" / "work" / "index"
    queries_file = args.out / "small" / "queries.json"
    if index_dir.is_dir() and queries_file.is_file():
        from sclerodex.output.hits import render_text
        from sclerodex.search.searcher import search

        queries = json.loads(queries_file.read_text())[: args.queries]
        render_text(search(index_dir, queries[0]))  # warm
        profile = cProfile.Profile()
        profile.enable()
        for query in queries:
            render_text(search(index_dir, query))
        profile.disable()
        result["search"] = report(profile, f"warm search() + render_text() of {len(queries)} queries", args.top)
    else:
        print("\n(no small-scale index yet: run `python bench/perf.py --scale small` first to profile search)")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
