"""Which matches a search shows, and in what order.

Every match is scored (Whoosh's top-N shortcuts are slower here, and its
search filters cost time per hit), then kept or dropped by the filters and
the ``+word`` / ``-word`` signs, and ordered in Python: by relevance, the
tier of sections holding every word first, then by score; by date, newest
first whatever the words (undated last, then by score); at most
``per_article`` sections of one article, counting those held back.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass

from sclerodex.index.documents import article_id_of
from sclerodex.search.filters import Filters
from sclerodex.search.query import QueryPlan


class Allowed:
    """The documents a search may show, for each query.

    Usually no set is built at all: a query whose every match holds one of
    its words is known to find sections only, so without --since, --tag...
    any match may be shown.  Otherwise the filter's documents are collected
    once (at most twice: with and without the "sections only" condition).
    """

    def __init__(self, session, filters: Filters):
        self.session = session
        self.filters = filters
        self.sets: dict[bool, set[int] | None] = {}

    def among(self, sections_only: bool) -> set[int] | None:
        """The documents the matches of a query may be among (one that
        ``sections_only`` finds, QueryPlan.sections_only); None: any match."""
        if sections_only not in self.sets:
            self.sets[sections_only] = self.session.allowed_by(self.filters, sections_known=sections_only)
        return self.sets[sections_only]

    def shows_any(self, query) -> bool:
        """Whether a synonym's ``query`` (a word or phrase in the searchable
        fields: it finds sections only) finds anything that may be shown."""
        allowed = self.among(sections_only=True)
        found = self.session.docs(query)
        return next(iter(found), None) is not None if allowed is None else not allowed.isdisjoint(found)


def matches(session, plan: QueryPlan, allowed: set[int] | None) -> dict[int, float]:
    """docnum -> score of every match of ``plan`` among the ``allowed``
    sections (None: any): ``+word``s present, ``-word``s absent."""
    scoring = session.scoring
    scores = scoring.scores(plan.scoring)
    keep = [scoring.docs(q) for q in plan.must]
    drop = [scoring.docs(q) for q in plan.exclude]
    if allowed is None and not keep and not drop:
        return scores
    return {
        docnum: score
        for docnum, score in scores.items()
        if (allowed is None or docnum in allowed)
        and all(docnum in docs for docs in keep)
        and not any(docnum in docs for docs in drop)
    }


@dataclass(frozen=True)
class Ranked:
    """The hits of a page, and how many matches ranked among them were held
    back because their article already had ``per_article`` sections shown."""

    picked: list[tuple[int, float]]
    held_back: int = 0


def ranked(
    session,
    plan: QueryPlan,
    scores: dict[int, float],
    limit: int,
    sort: str,
    per_article: int | None,
) -> Ranked:
    """The best ``limit`` (docnum, score) pairs among the matches ``scores``,
    at most ``per_article`` of one article."""
    if sort == "date":
        # Newest first, always: the every-word tier orders relevance only.
        dated = session.date_key()
        keys = [(-dated(d), -score, d) for d, score in scores.items()]
    else:
        tier = _tiers(session, plan, scores)
        keys = [(tier(d), -score, d) for d, score in scores.items()]
    picked: list[tuple[int, float]] = []
    shown: Counter[str] = Counter()
    held_back = 0
    for key in _in_order(keys, limit if per_article is None else limit * 4):
        if len(picked) >= limit:
            break
        docnum = key[-1]
        if per_article is not None:
            article = article_id_of(session.stored(docnum))
            if shown[article] >= per_article:
                held_back += 1
                continue
            shown[article] += 1
        picked.append((docnum, scores[docnum]))
    return Ranked(picked, held_back)


def _tiers(session, plan: QueryPlan, scores: dict[int, float]):
    """docnum -> its tier: 0 with every word, 1 with words that carry at
    least ``min_idf_share`` of the query's idf, 2 with fewer (all 0 for a
    query of one word or the query language)."""
    if plan.required is None:
        return lambda docnum: 0
    complete = session.scoring.docs(plan.required)
    share = plan.min_share
    if not share or not plan.coverage:
        return lambda docnum: 0 if docnum in complete else 1
    weights = [sum(session.idf(term) for term in terms) for _, terms in plan.coverage]
    total = sum(weights)
    held: dict[int, float] = {}
    for (unit, _), weight in zip(plan.coverage, weights):
        for docnum in session.scoring.docs(unit):
            held[docnum] = held.get(docnum, 0.0) + weight

    def tier(docnum: int) -> int:
        if docnum in complete:
            return 0
        return 1 if total and held.get(docnum, 0.0) >= share * total else 2

    return tier


def _in_order(keys: list[tuple], first: int):
    """``keys`` in sorted order; sorting them all only if more than the
    ``first`` few are wanted (a heap finds those among 100,000 quickly)."""
    leading = heapq.nsmallest(first, keys)
    yield from leading
    if len(leading) < len(keys):
        yield from sorted(keys)[len(leading) :]
