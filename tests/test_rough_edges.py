"""Issue 22's rough edges of a search, through the CLI: long input cut out
loud, rejected queries told in plain words, misspelt words corrected among
right ones."""

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

from sclerodex.errors import QueryError
from sclerodex.search.query import plan_query
from sclerodex.search.query_limits import MAX_QUERY_WORDS, MAX_WORD_CHARS, cut_query
from sclerodex.whoosh_engine.schema import build_schema

FUZZ = Path(__file__).resolve().parent.parent / "bench" / "fuzz.py"
SCHEMA = build_schema()


def load_fuzz():
    spec = importlib.util.spec_from_file_location("fuzz", FUZZ)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("fuzz", module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


leaked_internals = load_fuzz().leaked_internals


def short_lines(text: str, limit: int = 200) -> bool:
    return all(len(line) <= limit for line in text.splitlines())


# Long input


def test_a_2000_letter_word_is_cut_said_and_quoted_short(sample_index):
    word = "x" * 2000
    result = sample_index("search", "lung", word)
    assert result.exit_code == 0
    assert f"A word was cut to {MAX_WORD_CHARS} characters: 'xxxxxxxxxxxxxxxxxxxxxxx…' (2,000 characters)." in result.stderr
    assert "not found: " + "x" * 29 + "…" in result.stderr
    assert short_lines(result.stderr) and word[:100] not in result.stderr
    result, answer = sample_index.json("search", "lung", word)
    assert answer["truncated"] is True and len(answer["cuts"]) == 1 and "2,000 characters" in answer["cuts"][0]
    assert answer["hits"]


def test_a_query_is_cut_to_its_first_50_words(sample_index):
    words = ["lung"] * 55 + ["kidney"]
    result = sample_index("search", *words)
    assert result.exit_code == 0
    assert f"The query was cut to its first {MAX_QUERY_WORDS} words (it has 56); left out: 'lung lung lung lung lung kidney'." in result.stderr
    _, answer = sample_index.json("search", *words)
    assert not any("kidney" in hit["article"]["title"].lower() for hit in answer["hits"]) or answer["hits"]
    assert answer["query"].endswith("kidney") and answer["truncated"]


def test_a_query_within_the_limits_is_not_cut(sample_index):
    result, answer = sample_index.json("search", *(["lung"] * (MAX_QUERY_WORDS - 1)), "x" * MAX_WORD_CHARS)
    assert answer["cuts"] == [] and answer["truncated"] is False
    assert "cut" not in sample_index("search", "lung", "x" * MAX_WORD_CHARS).stderr


@given(st.text(alphabet=st.sampled_from("ab -.'(\")"), max_size=3000))
@settings(max_examples=60, deadline=None)
def test_a_cut_query_keeps_to_the_limits_and_says_each_cut(text):
    cut = cut_query(text)
    words = re.findall(r"\w+(?:[-./'’]\w+)*", cut.text)
    assert all(len(w) <= MAX_WORD_CHARS for w in words)
    assert len(re.findall(r"\w+", cut.text)) <= MAX_QUERY_WORDS
    assert (cut.text != text) == bool(cut.cuts)
    event(f"cuts: {len(cut.cuts)}")
    assert all(len(line) <= 200 for line in cut.cuts)


# Rejected queries: plain words only


@pytest.mark.parametrize(
    "query, says",
    [
        ("NOT " * 400 + "lung", "nothing to search for"),
        ("(" * 300 + "lung OR skin", "nests brackets 300 deep: use at most 50 levels of ( )"),
    ],
)
def test_a_rejected_query_says_what_to_change_in_plain_words(sample_index, query, says):
    result = sample_index("search", query)
    assert result.exit_code == 2
    assert says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and len(result.stderr) < 300
    assert not leaked_internals(result.stderr, query)


@pytest.mark.parametrize("query", ["NOT NOT lung", "lung NOT NOT kidney", "NOT NOT NOT skin lung"])
def test_double_negatives_cancel_out(sample_index, query):
    result = sample_index("search", query)
    assert result.exit_code in (0, 1), result.stderr
    assert not leaked_internals(result.stderr, query)
    _, answer = sample_index.json("search", query)
    if query == "NOT NOT lung":
        _, plain = sample_index.json("search", "lung")
        assert answer["total"] == plain["total"]


@pytest.mark.parametrize("query", ["path:x title:lung", "record:lung* title:skin", "author:smith AND lung", "published:2024 lung"])
def test_internal_fields_are_read_as_words(sample_index, query):
    result = sample_index("search", query)
    assert result.exit_code in (0, 1), result.stderr
    assert not leaked_internals(result.stderr, query)


def test_the_fuzz_check_finds_the_leaks_issue_22_reported():
    for message in [
        "cannot read the query 'path:x': STORED(format=None, scorable=None, stored=Tru…",
        "cannot read the query 'x': maximum recursion depth exceeded",
        "cannot read the query 'NOT NOT lung': list index out of range",
        "cannot read the query 'x': 'NoneType' object has no attribute 'text'",
        "Traceback (most recent call last):",
        "cannot read the query 'x': ValueError",
    ]:
        assert leaked_internals(message), message
    for message in [
        "nothing to search for in 'the' (only common words?)",
        "the query '((x' nests brackets 300 deep: use at most 50 levels of ( )",
        "cannot read the query 'x': check its quotes, brackets and AND/OR/NOT, or search plain words",
    ]:
        assert not leaked_internals(message), message
    # The query a message quotes is the user's: "Error" typed is no leak.
    assert not leaked_internals("nothing to search for in 'IndexError'", "IndexError")


QUERY_PARTS = st.one_of(
    st.sampled_from(["lung", "skin", "fibrosis", "NOT", "AND", "OR", "(", ")", '"', "title:", "path:", "record:",
                     "tag:", "*", "~", "^2", "-", "+", "[a TO", "z]", "published:", "kind:"]),
    st.text(max_size=6),
)


@given(st.lists(QUERY_PARTS, min_size=1, max_size=12), st.integers(0, 60))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_query_is_planned_or_refused_in_plain_words(parts, nots):
    text = "NOT " * nots + " ".join(parts)
    try:
        plan_query(text, SCHEMA)
        event("planned")
    except QueryError as problem:
        event("refused")
        message = str(problem)
        assert "\n" not in message and len(message) < 400
        assert not leaked_internals(message, text), message


@given(st.lists(st.sampled_from(["lung", "skin", "kidney", "fibrosis", "Raynaud's", "heart"]), min_size=1, max_size=8),
       st.sampled_from(["", "NOT ", '"', "("]))
@settings(max_examples=60, deadline=None)
def test_known_words_are_never_refused(words, lead):
    # A query of real words, however written, is always planned: a refusal would be a bug.
    plan = plan_query(lead + " ".join(words), SCHEMA)
    assert plan.scoring is not None


# Spelling


@pytest.mark.parametrize(
    "words, shown, replaced",
    [
        (["nintedanb", "lung"], "nintedanib lung", ["nintedanb"]),
        (["raynauds", "fenomenon"], "raynauds phenomenon", ["fenomenon"]),
        (["symptons", "of", "raynauds"], "symptoms of raynauds", ["symptons"]),
    ],
)
def test_a_misspelt_word_among_right_ones_is_corrected(sample_index, words, shown, replaced):
    result = sample_index("search", *words)
    assert result.exit_code == 0
    assert f"Showing results for {shown} (no section holds {', '.join(replaced)})" in result.stderr
    _, answer = sample_index.json("search", *words)
    assert answer["corrected"] == shown and answer["replaced"] == replaced and answer["hits"]


def test_a_word_sections_hold_is_never_changed(sample_index):
    # "raynauds" is held as "Raynaud's" (the search drops the possessive): never proposed for change.
    _, answer = sample_index.json("search", "raynauds", "fingers")
    assert answer["corrected"] is None and answer["did_you_mean"] is None
    _, answer = sample_index.json("search", "symptons", "of", "raynauds")
    assert "raynauds" in answer["corrected"]


def test_many_unknown_words_are_looked_up_to_a_limit_said(sample_index):
    from sclerodex.search.spelling import MAX_LOOKUPS

    words = [f"qzx{letter}plomb" for letter in "abcdefghij"]
    result = sample_index("search", "lung", *words)
    assert result.exit_code == 0
    assert f"Spelling: only the first {MAX_LOOKUPS} unknown words were looked up (5 more were not)." in result.stderr
