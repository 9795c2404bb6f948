"""Whoosh's private internals live in one module, behind one gate.

Every private Whoosh name sclerodex uses is in whoosh_engine/w3_internals.py
(each with a line on what it relies on); the rest of the package calls it.
The gate (FAST_PATHS) is read at import, so turning the fast paths off is
checked in a fresh process: the same search over the samples gives the same
hits, in the same order, with the same scores.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sclerodex.whoosh_engine import w3_internals

PACKAGE = Path(__file__).resolve().parents[2] / "sclerodex"
INTERNALS = PACKAGE / "whoosh_engine" / "w3_internals.py"

# Names only Whoosh uses: found anywhere, even on ``self.`` (a subclass of a
# Whoosh class reaching into its base), in a ``def`` (an override) or a docstring.
WHOOSH_ONLY = (
    "_read_ids", "_read_weights", "_read_values", "_next_block",  # W3LeafMatcher
    "_perdoc",  # SegmentReader
    "_cached_reader", "_lenfield",  # W3PerDocReader, whoosh3
    "_fixedlen", "_dbfile", "_basepos",  # NumericColumn.Reader
    "_postfile",  # W3TermsReader
    "_flush_segment", "_finalize_segment", "_check_state", "_check_fields",  # SegmentWriter
    "_postwriter",  # W3FieldWriter
    "_blocklimit", "_write_block", "_maxweight", "_minlength", "_maxlength",  # W3PostingsWriter
)
# Used before and replaced by a public way: MultiTerm._btexts by
# expanded_terms; click's Option._flag_needs_value by an Option subclass.
REPLACED = ("_btexts", "_flag_needs_value")
# Names sclerodex also gives its own attributes (``self._terms``,
# ``self._segments``): found on any other object, as a string (getattr) or
# as a keyword argument.
SHARED = (
    "_ids", "_weights", "_values", "_i",  # W3LeafMatcher's block; FilterMatcher's excluded ids
    "_exclude",  # FilterMatcher
    "_terms", "_codec",  # SegmentReader, W3TermsReader
    "_count",  # NumericColumn.Reader
    "_score",  # BM25FScorer
    "_added", "_lk",  # SegmentWriter
    "_segments",  # FileIndex._segments()
)


def _uses(text: str) -> set[str]:
    found = {name for name in WHOOSH_ONLY if re.search(rf"(?<![\w]){re.escape(name)}\b", text)}
    for name in SHARED:
        on_other = rf"(?:\b(?!self\b|cls\b)[A-Za-z_]\w*|\)|\])\.{re.escape(name)}\b"
        as_string = rf"[\"']{re.escape(name)}[\"']"
        as_keyword = rf"[(,]\s*{re.escape(name)}\s*="
        if re.search(f"{on_other}|{as_string}|{as_keyword}", text):
            found.add(name)
    return found


def test_private_whoosh_names_are_used_in_w3_internals_only():
    outside = {
        str(path.relative_to(PACKAGE)): sorted(used)
        for path in PACKAGE.rglob("*.py")
        if path != INTERNALS and (used := _uses(path.read_text(encoding="utf-8")))
    }
    assert outside == {}


def test_the_search_finds_every_name_where_it_now_lives():
    # The list is what moved: each name is used in w3_internals.py, so the
    # search above would find it if it came back anywhere else.
    assert _uses(INTERNALS.read_text(encoding="utf-8")) == set(WHOOSH_ONLY) | set(SHARED)
    assert _uses("x = matcher._ids[0]; getattr(reader, '_terms'); SegmentWriter(ix, _lk=False)") == {"_ids", "_terms", "_lk"}
    assert _uses("self._terms = {}; self._segments.clear()") == set()


def test_names_replaced_by_a_public_way_are_gone_everywhere():
    assert {
        str(path.relative_to(PACKAGE)): name
        for path in PACKAGE.rglob("*.py")
        for name in REPLACED
        if name in path.read_text(encoding="utf-8")
    } == {}


def test_the_gate_follows_the_version_and_the_environment():
    def gate(env_value: str | None) -> bool:
        env = {k: v for k, v in os.environ.items() if k != "SCLERODEX_FAST_PATHS"}
        if env_value is not None:
            env["SCLERODEX_FAST_PATHS"] = env_value
        code = "from sclerodex.whoosh_engine import w3_internals as w; print(w.FAST_PATHS)"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        return done.stdout.strip() == "True"

    pinned = w3_internals.WHOOSH_VERSION == w3_internals.PINNED_WHOOSH
    assert gate(None) is pinned and gate("1") is pinned
    assert gate("0") is False


_SEARCH = """
import json, sys
from click.testing import CliRunner
from sclerodex.cli import cli
from sclerodex.whoosh_engine import w3_internals
index = sys.argv[1]
runner = CliRunner()
ingested = runner.invoke(cli, ["--index", index, "ingest", "--samples", "--quiet"], catch_exceptions=False)
assert ingested.exit_code == 0, ingested.output
answers = {}
for query in sys.argv[2:]:
    result = runner.invoke(cli, ["--index", index, "search", "--format", "json", "--limit", "1000", "--per-article", "0", *query.split()])
    answers[query] = [result.exit_code, json.loads(result.stdout) if result.stdout.strip() else None]
print(json.dumps({"fast_paths": w3_internals.FAST_PATHS, "answers": answers}))
"""

QUERIES = (
    "lung",
    "cyclophosphamide lung",
    '"interstitial lung disease"',
    "skin OR kidney",
    "raynaud -finger",
    "pulmon*",
    "title:scleroderma treatment",
    "mycophenolate",
)


def _hits(payload: dict) -> list[tuple]:
    """(article, section, score) of each hit, in order."""
    return [(hit["article"]["id"], hit["section"]["ordinal"], hit["score"]) for hit in payload["hits"]]


@pytest.mark.slow
def test_without_fast_paths_the_same_search_gives_the_same_hits_and_scores(tmp_path):
    def search(fast: str) -> dict:
        env = dict(os.environ, SCLERODEX_FAST_PATHS=fast)
        command = [sys.executable, "-c", _SEARCH, str(tmp_path / f"index-{fast}"), *QUERIES]
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=True, timeout=600)
        return json.loads(done.stdout.strip().splitlines()[-1])

    fast, plain = search("1"), search("0")
    assert plain["fast_paths"] is False
    assert fast["fast_paths"] is (w3_internals.WHOOSH_VERSION == w3_internals.PINNED_WHOOSH)
    found = 0
    for query in QUERIES:
        (fast_code, fast_out), (plain_code, plain_out) = fast["answers"][query], plain["answers"][query]
        assert fast_code == plain_code, query
        if fast_out is None:
            continue
        fast_hits, plain_hits = _hits(fast_out), _hits(plain_out)
        assert [hit[:2] for hit in plain_hits] == [hit[:2] for hit in fast_hits], query
        assert [hit[2] for hit in plain_hits] == pytest.approx([hit[2] for hit in fast_hits], abs=2e-4), query  # JSON rounds to 4 places
        found += len(fast_hits)
    assert found >= 20  # the queries find something to compare


_INGEST = """
import sys
sys.path.insert(0, sys.argv[2])
from conftest import varied_articles
from sclerodex.index import writer as writer_module
from sclerodex.index.documents import searchable_texts
from sclerodex.index.writer import ArticleWriter
from sclerodex.whoosh_engine import segment_builder
from sclerodex.whoosh_engine.preanalysis import analyse_texts
writer_module.SECTIONS_WRITTEN_IN_CHILD = 0  # every commit's articles to the builder's children, when there are any
segment_builder.MIN_ARTICLES_PER_SEGMENT = 1
writer_module.MAX_SECTIONS_PER_COMMIT = 40  # commits for memory: the run's segments merged at its end
articles = varied_articles(46)
with ArticleWriter(sys.argv[1], batch_size=1000) as writer:
    for article in articles[:45]:
        writer.add(article, analysis=analyse_texts(searchable_texts(article)))
    for article in articles[:7]:  # rewritten: the first versions are deleted
        writer.add(article, replaces=None)
    writer.add(articles[45])  # the last commit writes something: it merges the run's segments
"""


@pytest.mark.slow
def test_without_fast_paths_a_run_writes_the_same_index(tmp_path):
    """Commits, deletions and the end-of-run merge: with the fast paths, the
    builder's children, texts analysed ahead, the term pool and the streamed
    merge; without, Whoosh's add_document, pool, commit and merge."""
    from test_segment_builder import contents_by_document

    from sclerodex.whoosh_engine.storage import open_index
    from sclerodex.whoosh_engine.w3_internals import segment_ids

    for fast in ("1", "0"):
        env = dict(os.environ, SCLERODEX_FAST_PATHS=fast)
        command = [sys.executable, "-c", _INGEST, str(tmp_path / fast), str(Path(__file__).parents[1])]
        subprocess.run(command, env=env, check=True, timeout=600, capture_output=True)
    fast, plain = contents_by_document(tmp_path / "1"), contents_by_document(tmp_path / "0")
    assert fast == plain
    assert len(fast["documents"]) > 46 and max(fast["documents"].values()) == 1
    for fast in ("1", "0"):  # each run merged its segments at its end, its own way
        assert len(segment_ids(open_index(tmp_path / fast))) == 1
