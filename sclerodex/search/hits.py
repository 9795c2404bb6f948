"""From the matches a search picked to the hits it shows: each section's
stored fields read back as records, its passages with the query's words
marked, its label (article › section path) marked too, and its article's
disclaimer.
"""

from __future__ import annotations

from sclerodex.index.documents import article_info, section_info, section_text
from sclerodex.search.disclaimers import Disclaimers
from sclerodex.search.passages import build_passages, find_matches
from sclerodex.search.query import Highlights, QueryPlan
from sclerodex.search.records import Hit, Passage


def hits_of(session, plan: QueryPlan, picked: list[tuple[int, float]], passages: int | None = None) -> tuple[Hit, ...]:
    """The hits of the (docnum, score) pairs ``picked``, in that order; only
    the first ``passages`` get their passages (None: all)."""
    marks = highlights_in(plan, session)
    disclaimers = Disclaimers(session)
    return tuple(
        _hit(session.stored(docnum), score, session.analyzer, marks, disclaimers, passages is None or n < passages)
        for n, (docnum, score) in enumerate(picked)
    )


def highlights_in(plan: QueryPlan, session) -> Highlights:
    """The plan's highlights plus the words its prefix*, wildcards and ranges found."""
    found = set().union(*(session.pattern_words(p) for p in plan.patterns))
    if not found:
        return plan.highlights
    return Highlights(plan.highlights.terms | found, plan.highlights.phrases)


def _hit(fields: dict, score: float, analyzer, marks: Highlights, disclaimers: Disclaimers, with_passages=True) -> Hit:
    article, section = article_info(fields), section_info(fields)
    path = section.path
    passages = ()
    if with_passages:
        body = section_text(fields)
        passages = build_passages(body, find_matches(body, marks.terms, analyzer, marks.phrases))
    label = " › ".join((article.title, *path)) if path else f"{article.title} › Introduction"
    found = find_matches(label, marks.terms, analyzer, marks.phrases)
    label_marks = Passage(label, tuple((m.start, m.end) for m in found))
    return Hit(article, section, float(score), passages, disclaimers.for_article(article), label_marks)
