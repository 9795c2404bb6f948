#!/usr/bin/env python3
"""Where a cold ``sclerodex search`` spends its time, stage by stage.

    python bench/startup.py INDEX QUERY [QUERY...] [--repeat N]

Each run is a new process that runs the CLI in-process, exactly as
``sclerodex --index INDEX search --no-color QUERY`` would, with the library's
stages wrapped in timers: the interpreter (``python -c pass``), imports
(everything the command imports, up to the search), opening the index,
reading the query (synonyms, plan, wildcard bounds), scoring every match,
spelling, ranking, building the hits (passages, disclaimers), rendering and
the rest (the CLI itself, the process exit).  Prints the median of each
stage in ms over every query x --repeat, and the same as JSON on the last line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable
ROOT = Path(__file__).resolve().parent.parent

STAGES = ("interpreter", "imports", "open index", "query", "scoring", "spelling", "ranking", "hits", "render", "other")

# Run in the child: time the imports of the search command, wrap the stages,
# run the CLI, print the times as JSON on stderr's last line.
CHILD = r"""
import sys, time, json
began = time.perf_counter()
import sclerodex.cli
from sclerodex.cli import main
import sclerodex.search.searcher as searcher
import sclerodex.output.hits as hits
import sclerodex.search.hits as search_hits
import sclerodex.search.filters
imported = time.perf_counter()
spent = {}

def timed(stage, function):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - start
    return wrapper

import contextlib
_open = searcher.open_session
@contextlib.contextmanager
def open_session(*args, **kwargs):
    start = time.perf_counter()
    with _open(*args, **kwargs) as session:
        spent["open index"] = spent.get("open index", 0.0) + time.perf_counter() - start
        yield session

searcher.open_session = open_session
searcher.load_synonyms = timed("query", searcher.load_synonyms)
searcher.plans_for = timed("query", searcher.plans_for)
searcher.matches = timed("scoring", searcher.matches)
searcher.Speller.suggest = timed("spelling", searcher.Speller.suggest)
searcher.ranked = timed("ranking", searcher.ranked)
search_hits._hit = timed("hits", search_hits._hit)
search_hits.highlights_in = timed("hits", search_hits.highlights_in)
hits.render_text = timed("render", hits.render_text)
def report():
    spent["imports"] = imported - began
    spent["in process"] = time.perf_counter() - began
    sys.stderr.write("\n" + json.dumps(spent) + "\n")

_exit_now = sclerodex.cli._exit_now
def exit_now(code):  # the program's own way out, timings first
    report()
    _exit_now(code)

sclerodex.cli._exit_now = exit_now
sys.argv = ["sclerodex", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
report()
"""


def run_once(index: Path, query: str) -> dict[str, float]:
    started = time.perf_counter()
    done = subprocess.run(
        [PY, "-c", CHILD, "--index", str(index), "search", "--no-color", query],
        capture_output=True, text=True, cwd="/",
    )
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"search {query!r} failed: {done.stderr.strip()[-500:]}")
    spent = json.loads(done.stderr.strip().splitlines()[-1])
    spent["wall"] = wall
    return spent


def floor_seconds() -> float:
    started = time.perf_counter()
    subprocess.run([PY, "-c", "pass"], check=True)
    return time.perf_counter() - started


def breakdown(index: Path, queries: list[str], repeat: int = 3) -> dict[str, float]:
    """Median ms of each stage of a cold search, over queries x repeat."""
    rows: dict[str, list[float]] = {name: [] for name in (*STAGES, "wall")}
    for _ in range(repeat):
        for query in queries:
            floor = floor_seconds()
            spent = run_once(index, query)
            staged = sum(spent.get(name, 0.0) for name in STAGES[2:-1])
            values = {
                "interpreter": floor,
                "imports": spent["imports"],
                **{name: spent.get(name, 0.0) for name in STAGES[2:-1]},
                # The CLI's own work and the process start and exit beyond the floor.
                "other": max(0.0, spent["wall"] - floor - spent["imports"] - staged),
                "wall": spent["wall"],
            }
            for name, value in values.items():
                rows[name].append(value * 1000)
    return {name: round(statistics.median(values), 1) for name, values in rows.items()}


def print_breakdown(figures: dict[str, float], title: str = "cold search, ms (median)") -> None:
    print(title)
    for name in (*STAGES, "wall"):
        print(f"  {name:<12} {figures[name]:8.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("queries", nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    figures = breakdown(args.index.resolve(), args.queries, args.repeat)
    print_breakdown(figures)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
