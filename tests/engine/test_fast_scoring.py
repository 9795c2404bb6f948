"""Bulk scoring (sclerodex.whoosh_engine.bulk_scoring, sclerodex.whoosh_engine.bulk_postings) gives the
scores Whoosh's own matchers give, on an index with several segments and
deleted documents."""

import shutil

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sclerodex.errors import QueryError
from sclerodex.ingest.sources import sample_paths
from sclerodex.search.query import plan_query
from sclerodex.search.ranking import DEFAULT_RANKING
from sclerodex.search.searcher import load_synonyms
from sclerodex.sync.driver import ingest_paths
from sclerodex.whoosh_engine.bm25f import weighting
from sclerodex.whoosh_engine.bulk_postings import LENGTHS, length_bytes, postings
from sclerodex.whoosh_engine.bulk_scoring import BulkScoring
from sclerodex.whoosh_engine.queries import Compiler, QueryLanguage
from sclerodex.whoosh_engine.storage import open_index

WORDS = st.sampled_from(
    "lung skin Raynaud's cyclophosphamide fibrosis kidney blood pressure Imuran ILD PAH xylophone "
    "the patients treatment scleroderma azathioprine nintedanib Ofev heart SSc-ILD sscild IL-6 "
    "anti-Scl-70".split()
)
SYNTAX = st.sampled_from(['"', "AND", "OR", "NOT", "(", ")", "title:", "heading:", "lung*", "^2"])
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    """The samples in one commit, then a few more commits: new articles, and
    changed ones whose old sections stay in a segment as deleted documents."""
    folder = tmp_path_factory.mktemp("pages")
    for path in sample_paths():
        shutil.copy(path, folder)
    index = tmp_path_factory.mktemp("index") / "index"
    ingest_paths(index, [folder])
    seed = next(folder.glob("*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8").replace("lung", "lungs", 3), encoding="utf-8")
    changed = folder / "changed.txt"
    for text in ("Lung fibrosis and skin thickening in scleroderma patients.", "Lung, kidney and heart care for patients."):
        changed.write_text(f"Title: Lung care\n\n{text}\n", encoding="utf-8")
        ingest_paths(index, [folder])
    return index


def whoosh_scores(searcher, query):
    return dict(searcher.search(query, limit=None, optimize=False).items())


def test_the_index_has_segments_and_deletions(index_dir):
    with open_index(index_dir).searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1
        partly_deleted = [
            reader for reader in (leaf.reader() for leaf, _ in searcher.leaf_searchers())
            if 0 < len(reader.deleted_docs_set) < reader.doc_count_all() and min(reader.deleted_docs_set) > 0
        ]
        assert partly_deleted


def test_bulk_postings_and_lengths_match_the_matcher(index_dir):
    with open_index(index_dir).searcher() as searcher:
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            lengths = length_bytes(reader, "body")
            for term in [b"lung", b"scleroderma", b"patient", b"skin"]:
                if ("body", term) not in reader:
                    continue
                bulk = [(d, w) for ids, weights in postings(reader, "body", term) for d, w in zip(ids, weights)]
                one_by_one = list(reader.postings("body", term).items_as("weight"))
                assert bulk == one_by_one
                for docnum, _ in bulk:
                    assert LENGTHS[lengths[docnum]] == reader.doc_field_length(docnum, "body")


@SETTINGS
@given(st.lists(st.one_of(WORDS, SYNTAX), min_size=1, max_size=6))
def test_bulk_scores_equal_whoosh_scores(index_dir, parts):
    language = QueryLanguage(DEFAULT_RANKING, open_index(index_dir).schema)
    try:
        plan = plan_query(" ".join(parts), language, synonyms=load_synonyms())
    except QueryError:
        event("refused: nothing to search")  # counted in the statistics, and bounded below
        return
    event("searched")
    compiled = Compiler(DEFAULT_RANKING)
    with open_index(index_dir).searcher(weighting=weighting(DEFAULT_RANKING)) as searcher:
        expected = whoosh_scores(searcher, compiled(plan.scoring))
        evaluation = BulkScoring(searcher, compiled)
        found = evaluation.scores(plan.scoring)
        assert found.keys() == expected.keys()
        for docnum, score in expected.items():
            assert found[docnum] == pytest.approx(score, rel=1e-9)
        if plan.required is not None:
            assert set(evaluation.docs(plan.required)) == set(searcher.docs_for_query(compiled(plan.required)))
