"""A query's plans as a search runs them: what the refactor into query trees
kept, and the two things it mended."""

from sclerodex import querytree as qt
from sclerodex.search.query import plan_query
from sclerodex.search.ranking import DEFAULT_RANKING
from sclerodex.whoosh_engine.queries import QueryLanguage

LANGUAGE = QueryLanguage(DEFAULT_RANKING)


def test_andnot_means_and_not_wherever_it_stands(sample_index):
    """Whoosh's AndNot matcher misses documents; ``a ANDNOT b`` is searched
    as ``a AND NOT b``, under a NOT too."""
    for inner in ("skin ANDNOT scleroderma", "skin AND NOT scleroderma"):
        _, answer = sample_index.json("search", f"lung AND NOT ({inner})", "--limit", "1000", "--per-article", "0")
        assert answer["hits"]
        if inner.startswith("skin ANDNOT"):
            first = answer
    assert [h["section"] for h in first["hits"]] == [h["section"] for h in answer["hits"]]
    assert first["total"] == answer["total"]


def test_a_query_language_plan_carries_the_plan_it_relaxes_to():
    plan = plan_query("lung AND xylophone NOT heart", LANGUAGE)
    assert plan.scoring == qt.AllOf((qt.Word("lung"), qt.Word("xylophone"), qt.Not(qt.Word("heart"))))
    assert plan.relaxed.scoring == qt.AllOf((qt.AnyOf((qt.Word("lung"), qt.Word("xylophone"))), qt.Not(qt.Word("heart"))))
    assert plan_query("lung OR skin", LANGUAGE).relaxed is None  # nothing to relax
    assert plan_query("lung fibrosis", LANGUAGE).relaxed is None  # plain words are an OR already


def test_a_cut_query_says_so_after_its_and_is_relaxed_to_or(sample_index):
    """The AND -> OR plan is the same cut query: the cut is still said (it
    was dropped before the query trees)."""
    words = ["lung", "AND", "xylophone"] + ["skin"] * 60
    _, answer = sample_index.json("search", *words)
    assert answer["any_term_fallback"] is True and answer["hits"]
    assert answer["truncated"] is True and "cut to its first 50 words" in answer["cuts"][0]
    assert "cut to its first 50 words" in sample_index("search", *words).stderr
