"""The stress benchmarks in bench/ run, tiny, and print their figures.

The real runs (`python bench/fuzz.py`) take minutes; these take seconds and
only prove that the script works end to end and that its JSON summary (the
last line) holds consistent figures.  The fuzz run's verdict (tracebacks found
or not) is its own business, not this test's.
"""

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def run_bench(script: str, *args: str, timeout: float = 180) -> tuple[subprocess.CompletedProcess, dict]:
    done = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=timeout)
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr
    print(done.stdout)
    return done, json.loads(lines[-1])


def test_fuzz_runs_and_prints_its_counts():
    done, figures = run_bench("fuzz.py", "--seed", "3", "--pages", "40", "--queries", "15", "--corpus", "8", "--quiet")
    pages, queries, corpus = figures["pages"], figures["queries"], figures["corpus"]
    assert pages["tried"] == 40
    assert pages["read"] + pages["rejected"] + pages["too_deep"] <= 40
    assert queries["tried"] == 15 and queries["searches"] == 30
    assert queries["answered"] + queries["rejected"] <= 30
    assert corpus["found"] == corpus["expected"] > 0
    failures = figures["tracebacks"] + figures["hangs"] + figures["invariant_failures"] + figures["output_failures"]
    assert done.returncode == (1 if failures else 0)
    for label in ("pages:", "queries:", "slowest:", "tracebacks:"):
        assert label in done.stdout


def test_fuzz_replays_one_input():
    done = subprocess.run([sys.executable, str(BENCH / "fuzz.py"), "--seed", "3", "--only", "page:0"],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1].startswith("page:0: ")
