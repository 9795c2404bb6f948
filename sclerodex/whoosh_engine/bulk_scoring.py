"""Every match of a query with its score, computed in bulk.

Ranking needs all matches, not Whoosh's top N: sections with every word come
first, then the order is by score or by date, with at most a few sections of
one article.  Whoosh's collector walks a tree of matcher objects a document
at a time, which is most of a search's time on a large index.  Here the
common shapes are added up a posting block at a time instead:

- a :class:`~sclerodex.querytree.Word` (BM25F over every field), read with ``bulk_postings``;
- a two-word :class:`~sclerodex.querytree.Phrase` (the proximity bonus), ``phrase_pairs``;
- an AnyOf (scores summed where several parts match, as Whoosh's union does);
- a BestOf (a compound: the best of its forms);
- an Adding (a compound's parts adding to what the query finds anyway);
- an AllOf without NOT (the documents every part matches, scores summed).

The dispatch is on the kinds of sclerodex's query tree (``querytree.py``).
Anything else (longer phrases, NOT, ranges, wildcards...) is compiled and
handed to Whoosh, whose scores are the same numbers it would give inside the
larger query.
tests/engine/test_fast_scoring.py checks that both ways agree.  Without FAST_PATHS
(w3_internals.py) every query is handed to Whoosh.
"""

from __future__ import annotations

from whoosh import query as wq

from sclerodex import querytree as qt
from sclerodex.whoosh_engine import w3_internals
from sclerodex.whoosh_engine.phrase_pairs import pair_scores

_GROUPS = (qt.AnyOf, qt.AllOf, qt.BestOf)


class BulkScoring:
    """Scores and matching documents of the queries of one search, each
    computed once (a word's scores serve both ranking and the every-word
    tier).  ``compiled`` turns a tree into Whoosh's query (memoised)."""

    def __init__(self, searcher, compiled):
        self.searcher = searcher
        self.compiled = compiled
        self._scores: dict[qt.Node, dict[int, float]] = {}

    def scores(self, query: qt.Node) -> dict[int, float]:
        """Document number -> score of every match of ``query``."""
        if query not in self._scores:
            self._scores[query] = self._compute(query)
        return self._scores[query]

    def docs(self, query: qt.Node) -> set[int] | dict[int, float]:
        """The documents ``query`` matches (a set, or a dict keyed by them)."""
        if query in self._scores or isinstance(query, qt.Word):
            return self.scores(query)
        if isinstance(query, qt.Adding):
            return self.docs(query.query)
        if isinstance(query, (qt.AnyOf, qt.BestOf)) and _without_not(query):
            found: set[int] = set()
            for child in query.children:
                found.update(self.docs(child))
            return found
        if isinstance(query, qt.AllOf) and _without_not(query):
            parts = sorted((self.docs(child) for child in query.children), key=len)
            return set(parts[0]).intersection(*parts[1:]) if parts else set()
        return set(self.searcher.docs_for_query(self.compiled(query)))

    def _compute(self, query: qt.Node) -> dict[int, float]:
        if not w3_internals.FAST_PATHS:
            return self._whoosh(query)
        if isinstance(query, qt.Word):
            return self.compiled(query).scores(self.searcher)
        if _pair(query, self.searcher.schema):
            return pair_scores(self.searcher, query.field, query.words, query.slop, query.weight)
        if isinstance(query, qt.Adding):
            return self._maybe(query)
        if not (isinstance(query, _GROUPS) and _without_not(query)):
            return self._whoosh(query)
        children = query.children
        if not children:
            return {}
        if len(children) == 1:
            return self.scores(children[0])  # Whoosh ignores a lone child's compound boost too
        if isinstance(query, qt.BestOf):
            return self._best(query)
        if isinstance(query, qt.AnyOf):
            return self._or(query)
        return self._and(query)

    def _whoosh(self, query: qt.Node) -> dict[int, float]:
        return self._whoosh_query(self.compiled(query))

    def _whoosh_query(self, query: wq.Query) -> dict[int, float]:
        return dict(self.searcher.search(query, limit=None, optimize=False).items())

    def _or(self, query: qt.AnyOf) -> dict[int, float]:
        own = [c for c in query.children if _native(c)]
        rest = [self.compiled(c) for c in query.children if not _native(c)]
        parts = [self.scores(c) for c in own]
        if rest:  # one Whoosh search for all of them: the union sums the same scores
            parts.append(self._whoosh_query(rest[0] if len(rest) == 1 else wq.Or(rest)))
        total: dict[int, float] = {}
        for part in parts:
            for docnum, score in part.items():
                total[docnum] = total.get(docnum, 0.0) + score
        return _boosted(total, query.weight)

    def _maybe(self, query: qt.Adding) -> dict[int, float]:
        """``query``'s matches, ``bonus``'s score added where it matches too (Whoosh's AndMaybe)."""
        found, extra = self.scores(query.query), self.scores(query.bonus)
        return _boosted({docnum: score + extra.get(docnum, 0.0) for docnum, score in found.items()}, query.weight)

    def _best(self, query: qt.BestOf) -> dict[int, float]:
        """Each document's best score among the parts (a compound's ways
        of being written), as Whoosh's DisjunctionMax without a tie-break."""
        best: dict[int, float] = {}
        for child in query.children:
            for docnum, score in self.scores(child).items():
                if score > best.get(docnum, 0.0):
                    best[docnum] = score
        return _boosted(best, query.weight)

    def _and(self, query: qt.AllOf) -> dict[int, float]:
        parts = [self.scores(c) for c in query.children]
        smallest = min(parts, key=len)
        total = {}
        for docnum in smallest:
            score = 0.0
            for part in parts:
                found = part.get(docnum)
                if found is None:
                    break
                score += found
            else:
                total[docnum] = score
        return _boosted(total, query.weight)


def _without_not(query) -> bool:
    return not any(isinstance(c, qt.Not) for c in query.children)


def _native(query: qt.Node) -> bool:
    return (
        isinstance(query, (qt.Word, qt.Adding))
        or isinstance(query, _GROUPS) and _without_not(query)
        or _pair(query)
    )


def _pair(query: qt.Node, schema=None) -> bool:
    """A phrase of two words (the proximity bonus, a two-word synonym)."""
    return (
        isinstance(query, qt.Phrase)
        and len(query.words) == 2
        and (schema is None or query.field in schema and schema[query.field].format.supports("positions"))
    )


def _boosted(scores: dict[int, float], boost: float) -> dict[int, float]:
    if boost == 1.0:
        return scores
    return {docnum: score * boost for docnum, score in scores.items()}
