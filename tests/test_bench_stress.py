"""The stress benchmarks in bench/ run, tiny, and print their figures.

The real runs (`python bench/fuzz.py`, `python bench/soak.py`) take minutes;
these take seconds and only prove that both scripts work end to end and that
their JSON summary (the last line) holds consistent figures, and that the
small runs find nothing wrong: no traceback, hang or unsafe output from the
fuzzer, and no lost article or failed search in the soak.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def run_bench(script: str, *args: str, timeout: float = 180) -> tuple[subprocess.CompletedProcess, dict]:
    done = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=timeout)
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr
    print(done.stdout)
    return done, json.loads(lines[-1])


@pytest.mark.slow
def test_fuzz_runs_and_prints_its_counts():
    done, figures = run_bench("fuzz.py", "--seed", "3", "--pages", "40", "--queries", "15", "--corpus", "8", "--quiet")
    pages, queries, corpus = figures["pages"], figures["queries"], figures["corpus"]
    assert pages["tried"] == 40
    assert pages["read"] + pages["rejected"] + pages["too_deep"] <= 40
    assert queries["tried"] == 15 and queries["searches"] == 30
    assert queries["answered"] + queries["rejected"] <= 30
    assert corpus["found"] == corpus["expected"] > 0
    failures = figures["tracebacks"] + figures["hangs"] + figures["invariant_failures"] + figures["output_failures"]
    assert failures == 0, done.stdout
    assert done.returncode == 0
    for label in ("pages:", "queries:", "slowest:", "tracebacks:"):
        assert label in done.stdout


@pytest.mark.slow
def test_fuzz_replays_one_input():
    done = subprocess.run([sys.executable, str(BENCH / "fuzz.py"), "--seed", "3", "--only", "page:0"],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1].startswith("page:0: ")


@pytest.mark.slow
def test_soak_runs_and_loses_nothing():
    done, figures = run_bench("soak.py", "--seconds", "3", "--writers", "2", "--searchers", "2", "--articles", "8",
                              "--optimize-every", "1", "--cli-share", "0.2")
    assert figures["searches"] > 0 and figures["ingests"] >= 2 and figures["optimize"] >= 1
    assert figures["ingest_errors"] == 0 and figures["crashed"] == 0, done.stdout
    expected = figures["articles_expected"]
    # Each writer starts with 8 articles; a round may delete more than it
    # adds, but never below the 5 stable ones and one more (soak.STABLE + 1).
    assert expected >= 2 * (5 + 1)
    assert figures["articles_found"] == figures["articles_listed"] == figures["articles_complete"] == expected
    assert figures["articles_searchable"] == expected
    assert figures["search_errors"] == 0, done.stdout
    assert figures["ok"] and done.returncode == 0
    for label in ("searches:", "errors:", "ingests:", "articles expected"):
        assert label in done.stdout
