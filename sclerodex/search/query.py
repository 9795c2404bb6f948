"""Reading the user's query: plain words, or Whoosh's query language.

Plain words (what most people type, punctuation and brackets included) are
searched as the OR of their words, sections with every word ranked first and
words found next to each other ranked higher: a long natural-language query
never comes back empty while one of its words matches.  Function and question
words (:mod:`sclerodex.search.stopwords`) do not rank; ``-word`` excludes and
``+word`` requires, as in a web search box.

A query that uses the query language -- a "quoted phrase", AND, OR, NOT,
field:term or a wildcard* -- means what it says: its words are AND-ed.
``tag:``, ``site:`` and ``heading:`` name fields; an unknown field is searched
as plain text.  The parser is lenient: it never raises on what a user types.

Either way the query is a :class:`QueryPlan` (``plans.py``) of query trees
(``sclerodex/querytree.py``; walked with ``search/tree.py``): what ranks, what
every word requires, what to highlight and which synonyms were added.  Plain
words are planned in ``plain_words.py``, the query language in
``query_language.py``; the engine only reads the query language into a tree
(``language.parse``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from sclerodex import querytree as qt
from sclerodex.errors import QueryError
from sclerodex.search.plain_words import words_plan
from sclerodex.search.plans import Added, Highlights, QueryPlan
from sclerodex.search.query_language import language_plan
from sclerodex.search.query_limits import LIMITS_SAID, CutQuery, quoted, searchable_query, shortened
from sclerodex.search.ranking import DEFAULT_RANKING, Ranking
from sclerodex.search.synonyms import NO_SYNONYMS, Synonyms

__all__ = ["QueryPlan", "Highlights", "Added", "plan_query", "plan_cut_query", "plans_for", "quoted", "shortened"]

_FIELD_NAMES = "|".join([*qt.QUERY_FIELDS, *(alias for aliases in qt.FIELD_ALIASES.values() for alias in aliases)])
# What makes a query "written in the query language".  Brackets alone do not:
# "sudden infant death syndrome (SIDS)" is plain words.
QUERY_SYNTAX = re.compile(rf'"|\b(?:AND|OR|NOT|ANDNOT)\b|\b(?:{_FIELD_NAMES}):|\w\*|\*\w')


def uses_query_syntax(text: str) -> bool:
    return bool(QUERY_SYNTAX.search(text))


def plan_query(
    text: str, language, synonyms: Synonyms = NO_SYNONYMS, ranking: Ranking = DEFAULT_RANKING
) -> QueryPlan:
    """The plan for ``text``, cleaned and cut to the limits of query_limits
    (``cuts`` says how), read with the engine's ``language`` (its analyser
    and parser: ``sclerodex.engine.QueryLanguage``) and weighted by
    ``ranking``; QueryError when there is nothing to search."""
    return plan_cut_query(searchable_query(text), language, synonyms, ranking)


def plan_cut_query(
    cut: CutQuery, language, synonyms: Synonyms = NO_SYNONYMS, ranking: Ranking = DEFAULT_RANKING
) -> QueryPlan:
    """The plan for a query as ``searchable_query`` left it."""
    # The text analysed once: its words as indexed (stems), and for plain
    # words also as typed (unstemmed: which are stop words, how they read).
    stems = language.units(cut.text)
    try:
        if uses_query_syntax(cut.text):
            plan = language_plan(cut.text, stems, language, ranking, synonyms)
        else:
            plan = words_plan(cut.text, stems, language.units(cut.text, no_morph=True), ranking, synonyms)
    except QueryError as problem:
        if not cut.cuts:
            raise
        raise QueryError(f"{problem} ({LIMITS_SAID})") from None
    if not cut.cuts:
        return plan
    relaxed = plan.relaxed and replace(plan.relaxed, truncated=True, cuts=cut.cuts)
    return replace(plan, truncated=True, cuts=cut.cuts, relaxed=relaxed)


def plans_for(
    query: CutQuery, correction: str | None, language, synonyms: Synonyms = NO_SYNONYMS, ranking: Ranking = DEFAULT_RANKING
) -> tuple[QueryPlan, QueryPlan | None]:
    """The plans a search may run: the query's, and (None when there is
    none, or when it leaves nothing to search: 'ANDb' -> 'And') the speller's
    ``correction`` of it."""
    plans: list[QueryPlan | None] = []
    for text in (query, correction and CutQuery(correction, query.cuts, correction)):
        try:
            plans.append(plan_cut_query(text, language, synonyms, ranking) if text else None)
        except QueryError:
            if text is query:
                raise
            plans.append(None)
    plan, corrected = plans
    return plan, corrected
