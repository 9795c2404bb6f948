"""A query ready to run: the records a plan is made of.

``search/query.py`` makes them (with ``plain_words.py`` and
``query_language.py``); ``ordering.py``, ``hits.py`` and ``searcher.py`` read
them.  Every query in them is a tree of ``sclerodex/querytree.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sclerodex import querytree as qt
from sclerodex.search.synonyms import Expansion


@dataclass(frozen=True)
class Highlights:
    """What to mark in passages: single terms anywhere, phrases only whole."""

    terms: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Added:
    """A synonym added to the query, with the query that finds it alone."""

    expansion: Expansion
    query: qt.Node


@dataclass(frozen=True)
class QueryPlan:
    """A query ready to run, as trees.

    ``scoring`` ranks the matches; for plain words ``required`` matches the
    sections that hold every word (or a synonym of it), which rank first.
    ``relaxed`` is a query-language query's plan with its AND relaxed to
    OR, ready for when this one finds nothing.
    A match must also match every tree of ``must`` (``+word``) and none of
    ``exclude`` (``-word``).  ``searched`` pairs each word searched for, as
    typed, with its index term (to tell which words the index lacks).
    """

    text: str
    scoring: qt.Node
    required: qt.Node | None
    uses_syntax: bool
    highlights: Highlights
    added: tuple[Added, ...] = field(default=())
    must: tuple[qt.Node, ...] = ()
    exclude: tuple[qt.Node, ...] = ()
    searched: tuple[tuple[str, str], ...] = ()
    truncated: bool = False
    cuts: tuple[str, ...] = ()
    # The units of ``required`` (a word, a compound, a run of words naming a
    # synonym entry), each with its index terms: what share of the query's
    # idf a section holds (ordering.py).
    coverage: tuple[tuple[qt.Node, tuple[str, ...]], ...] = ()
    min_share: float = 0.0
    # A query-language query's plan with its AND relaxed to OR, run when the
    # plan finds nothing (None when relaxing changes nothing).
    relaxed: QueryPlan | None = None
    # Whether ``scoring`` can find sections only (tree.finds_sections_only):
    # then no filter on the kind of record is needed.
    sections_only: bool = False
    # The prefix*, wildcards and ranges whose words are highlighted.
    patterns: tuple[qt.Pattern, ...] = ()
    # What bounding the wildcards cut (the engine's session.bounded), said
    # with the answer, and the typed words no section holds: both known once
    # the plan is bounded by an index (``bounded``).
    notices: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    def bounded(self, session) -> QueryPlan:
        """This plan and the plan it relaxes to, each with its over-broad
        wildcards and ranges cut by ``session``'s index (their words no
        longer highlighted, a notice per cut), and the words the index lacks."""
        plans = []
        for plan in (self, self.relaxed):
            if plan is not None:
                scoring, cut = session.bounded(plan.scoring)
                patterns = tuple(p for p in plan.patterns if p not in cut)
                missing = session.missing(plan.searched)
                plan = replace(plan, scoring=scoring, patterns=patterns, notices=tuple(cut.values()), missing=missing)
            plans.append(plan)
        bounded, relaxed = plans
        return replace(bounded, relaxed=relaxed)
