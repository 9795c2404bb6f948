"""bench/extraction.py end to end on a tiny collection built here from the
golden pages, and its shingle measure on texts worked out by hand."""

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "extraction.py"
GOLDEN = Path(__file__).resolve().parent / "golden" / "pages"


def load_bench():
    spec = importlib.util.spec_from_file_location("extraction", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_shingle_scores_by_hand():
    bench = load_bench()
    truth = "one two three four five"  # shingles: 1-4, 2-5
    assert bench.score("one two three four five", truth) == bench.Score(1.0, 1.0)
    half = bench.score("one two three four six", truth)  # 1-4 and 2-6: one of two right
    assert (half.precision, half.recall) == (0.5, 0.5)
    assert bench.score("", truth) == bench.Score(0.0, 0.0)
    assert bench.score("Two words", "two words") == bench.Score(1.0, 1.0)  # shorter than a shingle


def test_author_column_by_hand(tmp_path):
    bench = load_bench()
    table = tmp_path / "authors.tsv"
    table.write_text("# a comment\nkey\tauthors\tdeclared\na\tJane Doe; John Roe\tx\nb\t\toutlet only\nc\tAna Silva\tx\n",
                     encoding="utf-8")
    want = bench.read_authors_table(table)
    assert want == {"a": ("Jane Doe", "John Roe"), "b": (), "c": ("Ana Silva",)}

    class Page:  # what the bench reads of an indexed article
        def __init__(self, authors, site=None):
            self.authors, self.site = authors, site

    articles = {"a": Page(("Jane Doe", "John Roe")), "b": Page(("ABC News",)), "c": Page(("Ana Silva",)),
                "d": Page(("Lim Cheng Soon, 02 July 2012", "admin", "Helen Briggs Health Wire", "kblake"), "Health Wire")}
    figures, misses, dirty = bench.author_figures(articles, want)
    assert (figures["exact"], figures["pages"], figures["share"]) == (2, 3, round(2 / 3, 4))
    assert misses == [("b", (), ("ABC News",))]
    assert [author for _, author in dirty] == ["ABC News", "Lim Cheng Soon, 02 July 2012", "admin", "Helen Briggs Health Wire"]
    assert figures["polluted"] == 4 and figures["with_authors"] == 4


@pytest.mark.slow
def test_extraction_bench_runs_on_a_small_collection(tmp_path):
    pages = tmp_path / "collection" / "pages"
    pages.mkdir(parents=True)
    truth = {}
    bodies = {
        "h1-in-body": "Digital ulcers are painful sores on the fingertips or over the knuckles, and they affect "
                      "about half of people with systemic sclerosis at some point.",
        "comments-first": "A phase 2 trial testing an experimental antifibrotic drug in adults with early diffuse "
                          "systemic sclerosis has begun enrolling patients at twenty hospitals in five countries",
        "no-article": "A caption that no extractor can find.",
    }
    for key, body in bodies.items():
        shutil.copy(GOLDEN / f"{key}.html", pages / f"{key}.html")
        truth[key] = {"articleBody": body, "url": ""}
    (tmp_path / "collection" / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")

    (tmp_path / "authors.tsv").write_text("key\tauthors\tdeclared\nh1-in-body\t\tnone\ncomments-first\tNo One\tx\n",
                                          encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(BENCH), "--pages", str(tmp_path / "collection"), "--jobs", "1", "--no-trafilatura",
         "--authors", str(tmp_path / "authors.tsv")],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    assert figures["pages"] == 3 and figures["skipped"] == 1
    # Two pages found whole (precision is lower: they hold more than the
    # one-paragraph truth), the gallery skipped as an empty body.
    assert figures["recall"] == pytest.approx(2 / 3, abs=0.01)
    assert 0 < figures["precision"] < 2 / 3
    assert figures["ms_per_page"] > 0
    assert figures["authors"] == {"exact": 1, "pages": 2, "share": 0.5, "polluted": 0, "with_authors": 0}
    assert "comments-first     want No One  got (no one)" in run.stdout
    assert "skipped: no article text found in the page" in run.stdout
    assert "no-article" in run.stdout
