"""The search side of the engine interface (sclerodex/engine.py): Whoosh's
session, query language and bulk scoring offer exactly what the protocols
say, and a query tree is compiled once per session."""

import inspect

import pytest

from sclerodex import querytree as qt
from sclerodex.engine import QueryLanguage, Scoring, SearchSession
from sclerodex.search.ranking import DEFAULT_RANKING
from sclerodex.whoosh_engine import queries
from sclerodex.whoosh_engine.bulk_scoring import BulkScoring
from sclerodex.whoosh_engine.session import Session, open_session


def methods(cls) -> dict[str, list[str]]:
    return {
        name: list(inspect.signature(member).parameters)
        for name, member in vars(cls).items()
        if callable(member) and not name.startswith("_")
    }


@pytest.mark.parametrize(
    ("protocol", "implementation"),
    [(SearchSession, Session), (QueryLanguage, queries.QueryLanguage), (Scoring, BulkScoring)],
)
def test_the_whoosh_classes_offer_exactly_the_protocols_methods(protocol, implementation):
    wanted = methods(protocol)
    assert wanted and methods(implementation) == wanted
    assert all(vars(protocol)[name].__doc__ for name in wanted)


def test_an_open_session_has_the_protocols_attributes_and_compiles_a_tree_once(samples_index_dir):
    with open_session(samples_index_dir, DEFAULT_RANKING) as session:
        for protocol in (SearchSession,):
            assert all(hasattr(session, name) for name in protocol.__annotations__)
        assert all(hasattr(session.language, name) for name in QueryLanguage.__annotations__)
        tree = qt.AnyOf((qt.Word("lung"), qt.Phrase("body", ("lung", "fibrosi"))))
        first = session.scoring.compiled(tree)
        assert session.scoring.compiled(qt.AnyOf((qt.Word("lung"), qt.Phrase("body", ("lung", "fibrosi"))))) is first
        assert set(session.docs(tree)) == set(session.scoring.docs(tree)) and session.scoring.scores(tree)


def test_every_node_the_parser_makes_compiles_back_to_the_same_whoosh_query():
    """The tree loses nothing of what Whoosh's parser says: compiled again it
    is the parser's query."""
    language = queries.QueryLanguage(DEFAULT_RANKING)
    compiled = queries.Compiler(DEFAULT_RANKING)
    for text in ['lung AND "skin thickening"~2', "title:lung* OR heading:[a TO c]", "lung ANDMAYBE skin",
                 "lung REQUIRE skin^2", "(lung OR kidney) NOT heart", "body:*", "tags:raynaud site:bbc"]:
        parsed = queries.make_parser(language.schema, dict(DEFAULT_RANKING.field_weights)).parse(text, normalize=False)
        whoosh = queries._fields_words(parsed, DEFAULT_RANKING).normalize()
        assert compiled(language.parse(text)) == whoosh, text
