"""Property tests: ingest never raises on arbitrary input, search never raises
on arbitrary query strings, highlights are always valid offsets."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sclerodex.errors import QueryError, UnusableSource
from sclerodex.ingest.sources import parse_document
from sclerodex.search.passages import build_passages, find_matches
from sclerodex.search.searcher import search
from sclerodex.whoosh_engine.analysis import text_analyzer

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

TAGS = st.sampled_from(["p", "div", "h2", "h3", "ul", "li", "table", "tr", "td", "article", "script", "nav", "em", "br"])
html_fragments = st.recursive(
    st.text(max_size=40),
    lambda inner: st.builds(lambda tag, body: f"<{tag}>{''.join(body)}</{tag}>", TAGS, st.lists(inner, max_size=4)),
    max_leaves=20,
)


def check_article(article):
    assert article.title
    for section in article.sections:
        assert section.text.strip()
        assert not any(ord(ch) < 32 and ch != "\n" for ch in section.text)


@FAST
@given(st.binary(max_size=2000))
def test_ingest_never_raises_on_bytes(data):
    try:
        check_article(parse_document(data, "fuzz.bin"))
    except UnusableSource:
        pass


@FAST
@given(st.lists(html_fragments, max_size=6))
def test_ingest_never_raises_on_html(parts):
    page = "<html><body><article class='entry-content'>" + "".join(parts) + "</article></body></html>"
    try:
        check_article(parse_document(page.encode("utf-8"), "fuzz.html"))
    except UnusableSource:
        pass


@pytest.fixture(scope="module")
def index_dir(samples_index_dir):
    return samples_index_dir


@FAST
@given(st.text(max_size=80))
def test_search_never_raises_on_any_query(index_dir, text):
    try:
        result = search(index_dir, text, limit=5)
    except QueryError:
        return
    for hit in result.hits:
        assert hit.disclaimer
        for passage in hit.passages:
            assert all(0 <= s < e <= len(passage.text) for s, e in passage.highlights)


@FAST
@given(st.text(max_size=600), st.sets(st.sampled_from(["lung", "skin", "a", "fibrosi", "1"]), max_size=3))
def test_passage_highlights_are_valid_offsets(text, terms):
    analyzer = text_analyzer()
    for passage in build_passages(text, find_matches(text, terms, analyzer)):
        spans = passage.highlights
        assert all(0 <= s < e <= len(passage.text) for s, e in spans)
        assert list(spans) == sorted(spans)
