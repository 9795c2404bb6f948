#!/usr/bin/env python3
"""Soak one index with writers and searchers at once, then check nothing was lost.

    python bench/soak.py [--seconds 60] [--writers 2] [--searchers 4] [--articles 40]

Each writer process owns a folder of generated articles (plain-text exports and
HTML pages, each with a canonical URL and 2-5 sections).  Round after round it
changes its folder - rewrites some articles (new text, another number of
sections), deletes some, adds new ones; a few are never touched - and runs
``sclerodex ingest --prune --wait`` on it as a subprocess (or, with
``--library``, ``ingest_paths`` in the process).  Writer 0 also runs ``sclerodex
index optimize`` every few rounds.  Searcher processes loop until the time is
up, and every one of these counts as an error when it fails:

- a search for a word every article holds must find something;
- a search for a marker of an article that is never changed must find exactly
  that section;
- every hit must carry a disclaimer and render as text and as JSON;
- an article read whole (``show``) must be one revision with all its sections
  (every section carries a marker naming its article, revision, section and
  the number of sections);
- now and then the search runs through the ``sclerodex search`` command, which
  must exit 0 with JSON on stdout and no traceback.

When the time is up and the writers have finished their last round, every
article in the writers' folders must be listed, with all its sections, each
section found by a search for its marker, and nothing else may be listed.

Prints searches done, errors, ingests done, articles expected vs found, and a
JSON summary as the last line.  Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MARKER = re.compile(r"\bqz(\d+)x(\d+)x(\d+)x(\d+)y(\d+)\b")  # writer, article, revision, section, sections
COMMON_WORD = "fibrosis"  # in every section of every article
STABLE = 5  # articles per writer that are written once and never changed
QUERIES = ["fibrosis skin", '"lung function"', "skin OR lungs", "fibrosis NOT nothingatall", "lung*", "title:soak",
           "heading:part", "(skin OR lungs) AND fibrosis", "raynaud", "soak article"]
WORDS = ["skin", "lungs", "heart", "kidneys", "vessels", "fingers", "treatment", "trial", "symptoms", "antibodies"]


def stable_sections(article: int) -> int:
    """How many sections a stable article has (searchers know it)."""
    return 2 + article % 4


def marker(writer: int, article: int, revision: int, section: int, sections: int) -> str:
    return f"qz{writer}x{article}x{revision}x{section}y{sections}"


def article_url(writer: int, article: int) -> str:
    return f"https://soak.invalid/w{writer}/a{article}/"


def write_article(folder: Path, writer: int, article: int, revision: int, sections: int, rng: random.Random) -> Path:
    """An article file: a .txt export or an .html page, ``sections`` sections,
    each holding the common word and its own marker."""
    def body(section: int) -> str:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 25)))
        return (f"Section {section} of soak article {article} (revision {revision}) is about {COMMON_WORD} and "
                f"{words}, marker {marker(writer, article, revision, section, sections)}.")

    title = f"Soak article {writer}-{article}"
    if article % 2:
        path = folder / f"a{article:05d}.html"
        parts = [f"<p>{body(0)}</p>"]
        for section in range(1, sections):
            parts.append(f"<h2>Part {section} of article {article}</h2><p>{body(section)}</p>")
        page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
                f"<link rel='canonical' href='{article_url(writer, article)}'></head><body><nav>Menu</nav>"
                f"<article><div class='entry-content'>{''.join(parts)}</div></article></body></html>")
        path.write_text(page, encoding="utf-8")
    else:
        path = folder / f"a{article:05d}.txt"
        lines = [f"Title: {title}", f"URL: {article_url(writer, article)}", "Date: 2024-05-14", "", body(0)]
        for section in range(1, sections):
            lines += [f"Part {section} of article {article}", body(section)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- writers ----------------------------------------------------------------


def sclerodex(index_dir: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sclerodex", "--index", str(index_dir), *args],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def writer_main(number: int, options: dict, deadline, ready, results) -> None:
    """Round 0 writes and ingests the folder and sets ``ready``; then, once the
    shared ``deadline`` is set, rounds of changes and ingests until it passes."""
    index_dir, folder = Path(options["index"]), Path(options["work"]) / f"writer-{number}"
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{options['seed']}:writer:{number}")
    articles: dict[int, tuple[int, int]] = {}  # article -> (revision, sections)
    next_article = 0
    stats = {"writer": number, "ingests": 0, "failed": 0, "rounds": 0, "optimize": 0, "errors": [],
             "written": 0, "deleted": 0, "seconds_in_ingest": 0.0}

    def put(article: int, revision: int) -> None:
        sections = stable_sections(article) if article < STABLE else rng.randint(2, 5)
        write_article(folder, number, article, revision, sections, rng)
        articles[article] = (revision, sections)
        stats["written"] += 1

    def ingest() -> None:
        started = time.monotonic()
        if options["library"]:
            from sclerodex.errors import SclerodexError
            from sclerodex.sync.driver import ingest_paths
            from sclerodex.sync.options import IngestOptions

            try:
                summary = ingest_paths(index_dir, [folder], IngestOptions(prune=True, wait=600, batch_size=options["batch_size"]))
                ok, problem = not summary.skipped, f"skipped: {summary.skipped[:3]}"
            except SclerodexError as error:
                ok, problem = False, f"{type(error).__name__}: {error}"
        else:
            done = sclerodex(index_dir, "ingest", "--wait", "600", "--prune", "--quiet",
                             "--batch-size", str(options["batch_size"]), str(folder))
            ok = done.returncode == 0 and "Traceback" not in done.stderr
            problem = f"exit {done.returncode}: {done.stderr.strip()[-500:]}"
        stats["seconds_in_ingest"] += time.monotonic() - started
        stats["ingests"] += 1
        if not ok:
            stats["failed"] += 1
            stats["errors"].append(f"writer {number} round {stats['rounds']} ingest: {problem}")

    for _ in range(options["articles"]):
        put(next_article, 0)
        next_article += 1
    ingest()
    ready.set()
    while not deadline.value:
        time.sleep(0.05)
    while time.time() < deadline.value:
        stats["rounds"] += 1
        volatile = [a for a in articles if a >= STABLE]
        for article in rng.sample(volatile, k=min(len(volatile), rng.randint(1, max(1, len(volatile) // 4)))):
            put(article, articles[article][0] + 1)  # rewritten: new text, maybe another number of sections
        for article in rng.sample(volatile, k=min(len(volatile), rng.randint(0, 3))):
            if article in articles and len(articles) > STABLE + 1:
                (folder / f"a{article:05d}.{'html' if article % 2 else 'txt'}").unlink()
                del articles[article]
                stats["deleted"] += 1
        for _ in range(rng.randint(0, 3)):
            put(next_article, 0)
            next_article += 1
        ingest()
        if number == 0 and options["optimize_every"] and stats["rounds"] % options["optimize_every"] == 0:
            done = sclerodex(index_dir, "index", "optimize", "--wait", "600")
            stats["optimize"] += 1
            if done.returncode != 0 or "Traceback" in done.stderr:
                stats["failed"] += 1
                stats["errors"].append(f"writer 0 optimize: exit {done.returncode}: {done.stderr.strip()[-500:]}")
    stats["final"] = {str(a): list(v) for a, v in articles.items()}
    results.put(("writer", stats))


# --- searchers --------------------------------------------------------------


def article_consistency(article) -> str | None:
    """Why an article read whole is not one complete revision (None if it is)."""
    found = [MARKER.search(section.text) for section in article.sections]
    if not found or not all(found):
        return f"{article.id}: a section without its marker"
    keys = {(m.group(1), m.group(2), m.group(3), m.group(5)) for m in found}
    if len(keys) != 1:
        return f"{article.id}: sections of different revisions {sorted(keys)}"
    sections = int(found[0].group(5))
    numbers = [int(m.group(4)) for m in found]
    if numbers != list(range(sections)):
        return f"{article.id}: sections {numbers} of {sections}"
    return None


def frames(problem: BaseException, count: int = 6) -> str:
    """Where an unexpected exception was raised: its innermost frames."""
    if isinstance(problem, AssertionError):
        return ""  # a failed check of ours, not a traceback
    stack = traceback.extract_tb(problem.__traceback__)[-count:]
    return " [traceback: " + " <- ".join(
        f"{'/'.join(Path(f.filename).parts[-2:])}:{f.lineno} {f.name}" for f in reversed(stack)) + "]"


def searcher_main(number: int, options: dict, deadline, results) -> None:
    from sclerodex.errors import SclerodexError
    from sclerodex.index.catalog import list_articles, show_article
    from sclerodex.output.hits import render_json, render_text
    from sclerodex.search.searcher import search

    index_dir = Path(options["index"])
    rng = random.Random(f"{options['seed']}:searcher:{number}")
    stats = {"searcher": number, "searches": 0, "errors": 0, "cli": 0, "articles_read": 0, "messages": []}

    def error(message: str) -> None:
        stats["errors"] += 1
        if len(stats["messages"]) < 10:
            stats["messages"].append(f"searcher {number}: {message}")

    while time.time() < deadline.value:
        writer = rng.randrange(options["writers"])
        stable = rng.randrange(STABLE)
        roll = rng.random()
        if roll < 0.3:
            query, expect = COMMON_WORD, "some"
        elif roll < 0.6:
            query, expect = marker(writer, stable, 0, 0, stable_sections(stable)), "stable"
        else:
            query, expect = rng.choice(QUERIES), None
        try:
            if rng.random() < options["cli_share"]:
                stats["cli"] += 1
                done = sclerodex(index_dir, "search", "--format", "json", "--limit", "5", query, timeout=120)
                if done.returncode not in (0, 1) or "Traceback" in done.stderr:
                    raise AssertionError(f"sclerodex search {query!r}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
                answer = json.loads(done.stdout)
                total, hits = answer["total"], [(h["article"]["id"], h["section"]["ordinal"]) for h in answer["hits"]]
            else:
                result = search(index_dir, query, limit=5)
                for hit in result.hits:
                    if not hit.disclaimer:
                        raise AssertionError(f"{query!r}: a hit without a disclaimer")
                render_text(result, color=True)
                json.loads(render_json(result))
                total, hits = result.total, [(h.article.id, h.section.ordinal) for h in result.hits]
            if expect == "some" and not total:
                raise AssertionError(f"{query!r} found nothing")
            if expect == "stable" and (total != 1 or hits != [(article_url(writer, stable), 0)]):
                raise AssertionError(f"{query!r}: total {total}, hits {hits}, expected the stable article's introduction")
        except SclerodexError as problem:
            error(f"{query!r}: {type(problem).__name__}: {problem}")
        except Exception as problem:  # noqa: BLE001 - every failing search counts
            error(f"{query!r}: {type(problem).__name__}: {problem}{frames(problem)}")
        stats["searches"] += 1
        if stats["searches"] % 10 == 0:  # read one article whole: one revision, every section
            try:
                rows = list_articles(index_dir)
                article = show_article(index_dir, rng.choice(rows).id) if rows else None
                if article is not None:  # None: pruned between list and show
                    stats["articles_read"] += 1
                    if problem := article_consistency(article):
                        error(f"show: {problem}")
            except Exception as problem:  # noqa: BLE001
                error(f"list/show: {type(problem).__name__}: {problem}{frames(problem)}")
    results.put(("searcher", stats))


# --- the end check ------------------------------------------------------------


def final_check(index_dir: Path, writers: list[dict]) -> dict:
    """Every article of every writer's final folder is listed, whole, and
    found by its markers; nothing else is listed."""
    from sclerodex.index.catalog import list_articles, show_article
    from sclerodex.search.searcher import search

    expected = {article_url(w["writer"], int(a)): (w["writer"], int(a), rev, sections)
                for w in writers for a, (rev, sections) in w["final"].items()}
    listed = {row.id: row for row in list_articles(index_dir)}
    complete = searchable = 0
    problems: list[str] = []
    for url, (writer, article_number, revision, sections) in sorted(expected.items()):
        article = show_article(index_dir, url) if url in listed else None
        if article is None:
            problems.append(f"missing: {url}")
            continue
        texts = [s.text for s in article.sections]
        wanted = [marker(writer, article_number, revision, s, sections) for s in range(sections)]
        if listed[url].sections == sections and len(texts) == sections and all(m in t for m, t in zip(wanted, texts)):
            complete += 1
        else:
            problems.append(f"incomplete: {url} has {len(texts)} sections (record says {listed[url].sections}), "
                            f"expected revision {revision} with {sections}")
        hits_ok = True
        for section, word in enumerate(wanted):
            result = search(index_dir, word, limit=5)
            if [(h.article.id, h.section.ordinal) for h in result.hits] != [(url, section)]:
                hits_ok = False
                problems.append(f"not searchable: {word} -> {[(h.article.id, h.section.ordinal) for h in result.hits]}")
        searchable += hits_ok
    extra = sorted(set(listed) - set(expected))
    problems += [f"listed but not in any folder: {url}" for url in extra]
    return {"expected": len(expected), "found": len(set(listed) & set(expected)), "listed": len(listed),
            "extra": len(extra), "complete": complete, "searchable": searchable, "problems": problems}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long the searchers run (default 60)")
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--searchers", type=int, default=4)
    parser.add_argument("--articles", type=int, default=40, help="articles per writer at the start (default 40)")
    parser.add_argument("--batch-size", type=int, default=10, help="articles per commit (default 10)")
    parser.add_argument("--optimize-every", type=int, default=5, help="writer 0 optimizes every N rounds; 0: never")
    parser.add_argument("--cli-share", type=float, default=0.03, help="share of searches run through the CLI (default 0.03)")
    parser.add_argument("--library", action="store_true", help="writers call ingest_paths instead of the CLI")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the work folder (index and articles)")
    args = parser.parse_args(argv)
    if args.articles <= STABLE:
        parser.error(f"--articles must be more than {STABLE}")

    work = Path(tempfile.mkdtemp(prefix="sclerodex-soak-"))
    index_dir = work / "index"
    context = multiprocessing.get_context("spawn")
    options = {"index": str(index_dir), "work": str(work), "seed": args.seed, "articles": args.articles,
               "batch_size": args.batch_size, "library": args.library, "writers": args.writers,
               "optimize_every": args.optimize_every, "cli_share": args.cli_share}
    deadline = context.Value("d", 0.0)
    results = context.Queue()
    processes = []
    try:
        # Every writer writes and ingests its first folder; searching starts
        # when the index holds them all.
        setup_started = time.monotonic()
        readies = []
        for number in range(args.writers):
            ready = context.Event()
            processes.append(context.Process(target=writer_main, args=(number, options, deadline, ready, results)))
            readies.append(ready)
        for process in processes:
            process.start()
        for ready, process in zip(readies, processes):
            while not ready.wait(1):
                if not process.is_alive():
                    print(f"a writer died while writing its first folder (exit {process.exitcode})", file=sys.stderr)
                    return 1
        setup = time.monotonic() - setup_started
        started = time.time()
        deadline.value = started + args.seconds
        for number in range(args.searchers):
            process = context.Process(target=searcher_main, args=(number, options, deadline, results))
            process.start()
            processes.append(process)
        reports = []
        while len(reports) < len(processes):
            try:
                reports.append(results.get(timeout=5))
            except Exception:  # noqa: BLE001 - queue.Empty: is anyone still running?
                dead = [p for p in processes if not p.is_alive() and p.exitcode != 0]
                if dead or time.time() > deadline.value + 1800:
                    break
        for process in processes:
            process.join(timeout=60)
        ran = time.time() - started
        writer_stats = sorted((s for kind, s in reports if kind == "writer"), key=lambda s: s["writer"])
        searcher_stats = [s for kind, s in reports if kind == "searcher"]
        crashed = [f"process {p.pid} exited {p.exitcode}" for p in processes if p.exitcode != 0]
        end = None
        if len(writer_stats) == args.writers:
            try:
                end = final_check(index_dir, writer_stats)
            except Exception as problem:  # noqa: BLE001 - the index cannot even be read back
                crashed.append(f"end check: {type(problem).__name__}: {problem}")
        return report(args, setup, ran, writer_stats, searcher_stats, crashed, end)
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
        if args.keep:
            print(f"work folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def report(args, setup: float, ran: float, writers: list[dict], searchers: list[dict], crashed: list[str], end) -> int:
    searches = sum(s["searches"] for s in searchers)
    search_errors = sum(s["errors"] for s in searchers)
    ingests = sum(w["ingests"] for w in writers)
    ingest_errors = sum(w["failed"] for w in writers)
    mode = "ingest_paths" if args.library else "sclerodex ingest"
    print(f"sclerodex soak: {args.writers} writers ({mode} --prune), {args.searchers} searchers, {args.seconds:g} s "
          f"of searching (+{setup:.1f} s for the first ingests; the writers' last round ended at {ran:.1f} s)")
    print(f"searches: {searches} done ({searches / args.seconds:.0f}/s; {sum(s['cli'] for s in searchers)} through the CLI), "
          f"errors: {search_errors}; articles read whole and checked: {sum(s['articles_read'] for s in searchers)}")
    per_writer = ", ".join(f"writer {w['writer']}: {w['ingests']} ({w['written']} files written, {w['deleted']} deleted, "
                           f"{w['seconds_in_ingest']:.0f} s in ingest)" for w in writers)
    print(f"ingests: {ingests} done, failed: {ingest_errors} [{per_writer}]; "
          f"optimize runs: {sum(w['optimize'] for w in writers)}")
    if end:
        print(f"end: articles expected {end['expected']}, found {end['found']} (listed {end['listed']}, "
              f"{end['extra']} not expected), with all their sections {end['complete']}, "
              f"every section found by a search {end['searchable']}")
    else:
        print("end: not checked - a writer did not report")
    messages = [m for s in searchers for m in s["messages"]] + [m for w in writers for m in w["errors"]]
    messages += crashed + (end["problems"] if end else [])
    for message in messages[:30]:
        print(f"  {message}")
    if len(messages) > 30:
        print(f"  ... and {len(messages) - 30} more")
    failed = bool(search_errors or ingest_errors or crashed or not end or end["problems"]
                  or end["found"] != end["expected"])
    summary = {
        "seconds": args.seconds, "writers": args.writers, "searchers": args.searchers,
        "searches": searches, "search_errors": search_errors, "cli_searches": sum(s["cli"] for s in searchers),
        "articles_read_whole": sum(s["articles_read"] for s in searchers),
        "ingests": ingests, "ingest_errors": ingest_errors, "optimize": sum(w["optimize"] for w in writers),
        "crashed": len(crashed),
        "articles_expected": end["expected"] if end else None, "articles_found": end["found"] if end else None,
        "articles_listed": end["listed"] if end else None, "articles_complete": end["complete"] if end else None,
        "articles_searchable": end["searchable"] if end else None,
        "ok": not failed,
    }
    print(json.dumps(summary))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
