"""Queries at their worst: each gets results or one clear message, quickly."""

import time

import pytest

from sclerodex.errors import QueryError
from sclerodex.search.searcher import search
from sclerodex.whoosh_engine.expansions import MAX_WORDS


@pytest.mark.parametrize(
    "query",
    ['"lung function', "(lung AND (skin", "lung)", "NOT", "NOT lung", "nosuch:lung", "author:smith", "url:x",
     "*osis", "*", "?", "lung " * 2500, "lu\x1b[2Jng\x07", "the of and", "AND OR NOT", "[a TO z]", "{* TO *}",
     "title:", ":lung", "lung~", "lung^", "\u202elung", "肺", "lung\udcff"],
)
def test_each_query_is_answered_or_refused_in_one_line(sample_index, query):
    started = time.monotonic()
    try:
        result = search(sample_index.index_dir, query, limit=5)
        assert all(hit.disclaimer for hit in result.hits)
    except QueryError as problem:
        assert "\n" not in str(problem)
    assert time.monotonic() - started < 10


def test_a_wildcard_over_the_whole_vocabulary_is_cut_with_a_message(run, tmp_path):
    words = " ".join(f"alpha{n}word" for n in range(3000))
    (tmp_path / "many.txt").write_text(f"Many words.\nVocabulary\n{words}.\n")
    run("ingest", str(tmp_path / "many.txt"))
    started = time.monotonic()
    result = run("search", "alpha*")
    assert time.monotonic() - started < 10
    assert result.exit_code == 0
    assert f"'alpha*' matches 3,000 words; searched the {MAX_WORDS} most common of them" in result.stderr
    answer = run.json("search", "alpha*")[1]
    assert answer["notices"] == [f"'alpha*' matches 3,000 words; searched the {MAX_WORDS} most common of them"]
