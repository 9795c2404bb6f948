"""Every match of a query with its score, computed in bulk.

Ranking needs all matches, not Whoosh's top N: sections with every word come
first, then the order is by score or by date, with at most a few sections of
one article.  Whoosh's collector walks a tree of matcher objects a document
at a time, which is most of a search's time on a large index.  Here the
common shapes are added up a posting block at a time instead:

- a word in every field (:class:`FieldsWord`), read with ``bulk_postings``;
- an OR (scores summed where several parts match, as Whoosh's union does);
- a DisjunctionMax without tie-break (a compound: the best of its forms);
- an AndMaybe (a compound's parts adding to what the query finds anyway);
- an AND without NOT (the documents every part matches, scores summed).

Anything else (phrases, NOT, ranges, wildcards...) is handed to Whoosh, whose
scores are the same numbers it would give inside the larger query.
tests/engine/test_fast_scoring.py checks that both ways agree.  Without FAST_PATHS
(w3_internals.py) every query is handed to Whoosh.
"""

from __future__ import annotations

from whoosh import query as wq

from sclerodex.whoosh_engine import w3_internals
from sclerodex.whoosh_engine.bm25f import FieldsWord
from sclerodex.whoosh_engine.phrase_pairs import pair_scores


class BulkScoring:
    """Scores and matching documents of the queries of one search, each
    computed once (a word's scores serve both ranking and the every-word
    tier)."""

    def __init__(self, searcher):
        self.searcher = searcher
        self._scores: dict[wq.Query, dict[int, float]] = {}

    def scores(self, query: wq.Query) -> dict[int, float]:
        """Document number -> score of every match of ``query``."""
        if query not in self._scores:
            self._scores[query] = self._compute(query)
        return self._scores[query]

    def docs(self, query: wq.Query) -> set[int] | dict[int, float]:
        """The documents ``query`` matches (a set, or a dict keyed by them)."""
        if query in self._scores or isinstance(query, FieldsWord):
            return self.scores(query)
        if type(query) is wq.AndMaybe:
            return self.docs(query.a)
        if _plain(query, wq.Or) or _best_of(query):
            found: set[int] = set()
            for child in query.children():
                found.update(self.docs(child))
            return found
        if _plain(query, wq.And):
            parts = sorted((self.docs(child) for child in query.children()), key=len)
            return set(parts[0]).intersection(*parts[1:]) if parts else set()
        return set(self.searcher.docs_for_query(query))

    def _compute(self, query: wq.Query) -> dict[int, float]:
        if not w3_internals.FAST_PATHS:
            return self._whoosh(query)
        if isinstance(query, FieldsWord):
            return query.scores(self.searcher)
        if _pair(query, self.searcher.schema):
            return pair_scores(self.searcher, query)
        if type(query) is wq.AndMaybe:
            return self._maybe(query)
        if not (_plain(query, wq.Or) or _plain(query, wq.And) or _best_of(query)):
            return self._whoosh(query)
        children = list(query.children())
        if not children:
            return {}
        if len(children) == 1:
            return self.scores(children[0])  # Whoosh ignores a lone child's compound boost too
        if isinstance(query, wq.DisjunctionMax):
            return self._best(query, children)
        if isinstance(query, wq.Or):
            return self._or(query, children)
        return self._and(query, children)

    def _whoosh(self, query: wq.Query) -> dict[int, float]:
        return dict(self.searcher.search(query, limit=None, optimize=False).items())

    def _or(self, query: wq.Or, children: list[wq.Query]) -> dict[int, float]:
        own = [c for c in children if _native(c)]
        rest = [c for c in children if not _native(c)]
        parts = [self.scores(c) for c in own]
        if rest:  # one Whoosh search for all of them: the union sums the same scores
            parts.append(self._whoosh(rest[0] if len(rest) == 1 else wq.Or(rest)))
        total: dict[int, float] = {}
        for part in parts:
            for docnum, score in part.items():
                total[docnum] = total.get(docnum, 0.0) + score
        return _boosted(total, query.boost)

    def _maybe(self, query: wq.AndMaybe) -> dict[int, float]:
        """``a``'s matches, ``b``'s score added where it matches too (Whoosh's AndMaybe)."""
        found, extra = self.scores(query.a), self.scores(query.b)
        return _boosted({docnum: score + extra.get(docnum, 0.0) for docnum, score in found.items()}, query.boost)

    def _best(self, query: wq.DisjunctionMax, children: list[wq.Query]) -> dict[int, float]:
        """Each document's best score among the parts (a compound's ways
        of being written), as Whoosh's DisjunctionMax without a tie-break."""
        best: dict[int, float] = {}
        for child in children:
            for docnum, score in self.scores(child).items():
                if score > best.get(docnum, 0.0):
                    best[docnum] = score
        return _boosted(best, query.boost)

    def _and(self, query: wq.And, children: list[wq.Query]) -> dict[int, float]:
        parts = [self.scores(c) for c in children]
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
        return _boosted(total, query.boost)


def _plain(query: wq.Query, kind: type) -> bool:
    """An Or or And (not a subclass with its own matching) without a NOT
    among its parts, and without Or's coordination scaling."""
    return (
        type(query) is kind
        and not getattr(query, "scale", 0)
        and not any(isinstance(c, wq.Not) for c in query.children())
    )


def _best_of(query: wq.Query) -> bool:
    """A DisjunctionMax without a tie-break (a compound searched as a unit)."""
    return type(query) is wq.DisjunctionMax and not query.tiebreak and not any(
        isinstance(c, wq.Not) for c in query.children()
    )


def _native(query: wq.Query) -> bool:
    return (
        isinstance(query, FieldsWord)
        or _plain(query, wq.Or)
        or _plain(query, wq.And)
        or _pair(query)
        or _best_of(query)
        or type(query) is wq.AndMaybe
    )


def _pair(query: wq.Query, schema=None) -> bool:
    """A phrase of two words (the proximity bonus, a two-word synonym)."""
    return (
        type(query) is wq.Phrase
        and len(query.words) == 2
        and (schema is None or query.fieldname in schema and schema[query.fieldname].format.supports("positions"))
    )


def _boosted(scores: dict[int, float], boost: float) -> dict[int, float]:
    if boost == 1.0:
        return scores
    return {docnum: score * boost for docnum, score in scores.items()}
