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

from whoosh import query as wq

from sclerodex.whoosh_engine.schema import SECTION

MAX_WORDS = 256
MAX_SCANNED = 20_000
# Fields every section document has words in (the article's title; a section
# without body words is one without text).
_IN_EVERY_SECTION = ("title", "body")
_BOUNDED = (wq.Prefix, wq.Wildcard, wq.Regex, wq.TermRange, wq.FuzzyTerm)


def bound_expansions(query: wq.Query, reader) -> tuple[wq.Query, tuple[str, ...]]:
    """``query`` with every over-broad expansion cut, and a notice per cut."""
    notices: list[str] = []

    def bound(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Every) and node.fieldname in _IN_EVERY_SECTION:
            return wq.Term("kind", SECTION, boost=node.boost)
        if isinstance(node, _BOUNDED):
            return _bounded(node, reader, notices)
        if node.is_leaf():
            return node
        return node.apply(bound)

    return bound(query), tuple(dict.fromkeys(notices))


def _bounded(node: wq.Query, reader, notices: list[str]) -> wq.Query:
    scanned = list(itertools.islice((text for _, text in node.expanded_terms(reader)), MAX_SCANNED + 1))
    if len(scanned) <= MAX_WORDS:
        return node
    more = "more than " if len(scanned) > MAX_SCANNED else ""
    scanned = scanned[:MAX_SCANNED]
    common = heapq.nlargest(MAX_WORDS, scanned, key=lambda text: reader.doc_frequency(node.fieldname, text))
    notices.append(
        f"{_shown(node)} matches {more}{len(scanned):,} words; searched the {MAX_WORDS} most common of them"
    )
    return wq.Or([wq.Term(node.fieldname, _word(text), boost=node.boost) for text in common])


def _word(text) -> str:
    return text.decode("utf-8") if isinstance(text, bytes) else text


def _shown(node: wq.Query) -> str:
    if isinstance(node, wq.Prefix):
        return f"'{node.text}*'"
    if isinstance(node, wq.TermRange):
        return f"'[{node.start or ''} TO {node.end or ''}]'"
    return f"'{node.text}'"
