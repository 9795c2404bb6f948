"""Property tests of query handling: reading any text, the order of plain
word results, synonyms matching, spelling distances and phrase matches."""

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sclerodex.errors import QueryError
from sclerodex.search.passages import find_matches
from sclerodex.search.query import plan_query, uses_query_syntax
from sclerodex.search.ranking import DEFAULT_RANKING
from sclerodex.search.searcher import load_synonyms, search
from sclerodex.search.spelling import edit_distance
from sclerodex.search.tree import finds_sections_only
from sclerodex.whoosh_engine.analysis import text_analyzer
from sclerodex.whoosh_engine.queries import Compiler, QueryLanguage
from sclerodex.whoosh_engine.schema import SECTION
from sclerodex.whoosh_engine.storage import open_index

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
LANGUAGE = QueryLanguage(DEFAULT_RANKING)
ANALYZER = text_analyzer()
SYNONYMS = load_synonyms()

# Words of the samples, words they lack, and names from the synonyms file.
WORDS = st.sampled_from(
    "lung skin Raynaud's cyclophosphamide fibrosis kidney blood pressure Imuran ILD SSc-ILD PAH "
    "xylophone zeppelin quartz the of and not IL-6 mRSS azathioprine nintedanib Ofev".split()
)
SYNTAX = st.sampled_from(['"', "AND", "OR", "NOT", "(", ")", "title:", "tag:", "*", "?", "^2", "-", ":"])
FIELDS = st.sampled_from(['site:"Scleroderma News"', "tag:PAH", "kind:article", "source:x"])


@pytest.fixture(scope="module")
def index_dir(samples_index_dir):
    return samples_index_dir


@FAST
@given(st.lists(st.one_of(WORDS, SYNTAX, st.text(max_size=8)), max_size=8))
def test_any_text_is_a_plan_or_a_query_error(parts):
    text = " ".join(parts)
    try:
        plan = plan_query(text, LANGUAGE, synonyms=SYNONYMS)
    except QueryError as problem:
        event("refused")
        assert "\n" not in str(problem) and "Error" not in str(problem).replace(text, "")
        return
    event("planned")
    assert plan.uses_syntax == uses_query_syntax(plan.text)
    if not plan.uses_syntax:
        assert plan.highlights.terms  # plain words always leave something to mark


@FAST
@given(st.lists(WORDS, min_size=1, max_size=5))
def test_plain_words_never_and_into_nothing_and_complete_sections_lead(index_dir, words):
    try:
        result = search(index_dir, " ".join(words), limit=1000, per_article=None)
    except QueryError:
        # Only a query of common words alone is refused.
        event("refused: common words only")
        assert set(words) <= {"the", "of", "and", "not"}, words
        return
    # No sample holds IL-6 (nor IL6 or "IL 6"): a compound never matches its parts alone.
    known = [w for w in words if w not in {"xylophone", "zeppelin", "quartz", "the", "of", "and", "not", "IL-6"}]
    if known:
        assert result.hits, words
    assert result.total == len(result.hits)
    # Sections holding every word first: the same words AND-ed in the query
    # language find exactly the leading run (synonyms aside: plain words
    # match the longest name, "SSc-ILD", the query language each word).
    plain = search(index_dir, " ".join(words), limit=1000, per_article=None, synonyms=False)
    every = search(index_dir, " AND ".join(f"({w})" for w in words), limit=1000, per_article=None, synonyms=False)
    if not every.any_term_fallback and every.hits:
        leading = {(h.article.id, h.section.ordinal) for h in plain.hits[: every.total]}
        assert leading == {(h.article.id, h.section.ordinal) for h in every.hits}


@FAST
@given(st.lists(st.sampled_from(sorted({t for key in SYNONYMS.table for t in key} | {"lung", "skin"})), max_size=12))
def test_synonym_matches_are_in_order_and_never_overlap(tokens):
    matches = SYNONYMS.find(tokens)
    position = 0
    for match in matches:
        assert position <= match.start < match.end <= len(tokens)
        assert tuple(tokens[match.start : match.end]) in SYNONYMS.table
        position = match.end


@given(st.text(max_size=12), st.text(max_size=12))
def test_edit_distance_is_a_distance(a, b):
    d = edit_distance(a, b)
    assert d == edit_distance(b, a)
    assert (d == 0) == (a == b)
    assert abs(len(a) - len(b)) <= d <= max(len(a), len(b))


@given(st.text(min_size=2, max_size=12))
def test_one_swap_or_one_letter_is_distance_one(word):
    swapped = word[1] + word[0] + word[2:]
    if swapped != word:
        assert edit_distance(word, swapped) == 1
    assert edit_distance(word, word + "x") == 1
    assert edit_distance(word, word[1:]) == 1


@FAST
@given(
    st.lists(st.sampled_from(["lung", "function", "skin", "the", "of", "Lung", "fibrosis", ".", ",", "\n"]), max_size=40),
    st.lists(st.lists(st.sampled_from(["lung", "function", "skin", "fibrosi"]), min_size=1, max_size=3), max_size=3),
    st.sets(st.sampled_from(["lung", "skin", "function"]), max_size=2),
)
def test_matches_never_overlap_and_phrases_match_whole(words, phrases, terms):
    text = " ".join(words)
    matches = find_matches(text, terms, ANALYZER, [tuple(p) for p in phrases])
    for before, after in zip(matches, matches[1:]):
        assert before.end <= after.start
    for match in matches:
        found = tuple(token.text for token in ANALYZER(text[match.start : match.end]))
        assert found == tuple(match.term.split()) and (match.term in terms or found in {tuple(p) for p in phrases})


@FAST
@given(st.lists(st.one_of(WORDS, SYNTAX, FIELDS), min_size=1, max_size=6))
def test_a_query_said_to_find_sections_only_finds_no_other_record(index_dir, parts):
    """The searcher skips the "sections only" filter on the strength of the
    plan's ``sections_only`` (tree.finds_sections_only, or a plain-word plan's
    own word for it): it must never be wrong."""
    try:
        plan = plan_query(" ".join(parts), LANGUAGE, synonyms=SYNONYMS)
    except QueryError:
        event("refused")
        return
    assert plan.sections_only == finds_sections_only(plan.scoring)
    if not plan.sections_only:
        event("may find other records: not checked")
        return
    event("finds sections only")
    with open_index(index_dir).searcher() as searcher:
        kinds = {searcher.stored_fields(docnum)["kind"] for docnum in searcher.docs_for_query(Compiler(DEFAULT_RANKING)(plan.scoring))}
    assert kinds <= {SECTION}
