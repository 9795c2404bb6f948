"""Bounding what a wildcard, prefix or range may expand to.

``a*`` or ``[a TO z]`` on a large index expands to most of its vocabulary,
and Whoosh would build a matcher for every word: seconds of work for an
answer no one can read.  Each such part of a query is replaced by the
MAX_WORDS most common words it matches (looking at no more than MAX_SCANNED),
and the answer says so.
"""

from __future__ import annotations

import heapq
import itertools

from sclerodex import querytree as qt
from sclerodex.whoosh_engine.queries import as_text
from sclerodex.whoosh_engine.schema import SECTION

MAX_WORDS = 256
MAX_SCANNED = 20_000
# Fields every section document has words in (the article's title; a section
# without body words is one without text).
_IN_EVERY_SECTION = ("title", "body")
_EXPANDING = ("prefix", "wildcard", "range")


def bound_expansions(query: qt.Node, reader, compiled, done: dict | None = None) -> tuple[qt.Node, dict[qt.Pattern, str]]:
    """``query`` with every over-broad expansion cut, and each pattern cut
    with its notice (``compiled``: the tree's nodes as Whoosh queries;
    ``done``: the patterns already bounded, with what they became -- a
    search's plans share their patterns, each scanned once)."""
    notices: dict[qt.Pattern, str] = {}
    done = {} if done is None else done

    def bound(node: qt.Node) -> qt.Node:
        if isinstance(node, qt.Pattern) and node.kind == "every" and node.field in _IN_EVERY_SECTION:
            return qt.FieldTerm("kind", SECTION, node.weight)
        if isinstance(node, qt.Pattern) and node.kind in _EXPANDING:
            if node not in done:
                cut: dict[qt.Pattern, str] = {}
                done[node] = (_bounded(node, reader, compiled(node), cut), cut.get(node))
            bounded, notice = done[node]
            if notice:
                notices[node] = notice
            return bounded
        return qt.mapped(node, bound)

    return bound(query), notices


def pattern_words(pattern: qt.Pattern, reader, compiled) -> set[str]:
    """The index words a prefix, wildcard or range stands for."""
    if pattern.kind not in _EXPANDING:
        return set()
    return {as_text(text) for _, text in compiled(pattern).existing_terms(reader, expand=True)}


def _bounded(node: qt.Pattern, reader, query, notices: dict[qt.Pattern, str]) -> qt.Node:
    scanned = list(itertools.islice((text for _, text in query.expanded_terms(reader)), MAX_SCANNED + 1))
    if len(scanned) <= MAX_WORDS:
        return node
    more = "more than " if len(scanned) > MAX_SCANNED else ""
    scanned = scanned[:MAX_SCANNED]
    common = heapq.nlargest(MAX_WORDS, scanned, key=lambda text: reader.doc_frequency(node.field, text))
    notices[node] = f"{_shown(node)} matches {more}{len(scanned):,} words; searched the {MAX_WORDS} most common of them"
    return qt.AnyOf(tuple(qt.FieldTerm(node.field, as_text(text), node.weight) for text in common))



def _shown(node: qt.Pattern) -> str:
    if node.kind == "prefix":
        return f"'{node.text}*'"
    if node.kind == "range":
        return f"'[{node.text or ''} TO {node.end or ''}]'"
    return f"'{node.text}'"
