"""A query in the query language planned: it means what it says.

A "quoted phrase", AND, OR, NOT, field:term or a wildcard* -- its words are
AND-ed; ``tag:``, ``site:`` and ``heading:`` name fields, an unknown field is
searched as plain text.  The engine's parser reads the text into a tree
(after ``-x``/``+x`` are read as NOT x / x); the synonyms are added beside
each positive word or phrase, and the plan it relaxes to (AND made OR) is
made with it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sclerodex import querytree as qt
from sclerodex.errors import QueryError
from sclerodex.querytree import Unit
from sclerodex.search import tree
from sclerodex.search.plain_words import across
from sclerodex.search.plans import Added, Highlights, QueryPlan
from sclerodex.search.query_limits import quoted
from sclerodex.search.ranking import Ranking
from sclerodex.search.synonyms import Synonyms

# A + or - starting a word, phrase or group (not the hyphen of "IL-6", not
# the sign of a number).
_SIGN = re.compile(r'(?:^|(?<=[\s(]))([+-])(?=[^\W\d_]|["(])')


def web_signs(text: str) -> str:
    """``-x`` as ``NOT x`` and ``+x`` as ``x`` (the query language ANDs its
    words anyway), outside quoted phrases."""
    parts = text.split('"')
    for i in range(0, len(parts), 2):
        parts[i] = _SIGN.sub(lambda m: "NOT " if m.group(1) == "-" else "", parts[i])
    return '"'.join(parts)


# NOT NOT x is x (Whoosh's parser fails on a run of NOTs).
_DOUBLE_NOT = re.compile(r"\bNOT\s+NOT\s+")
# Deeper brackets than this are refused: no question needs them, and Whoosh's
# parser recurses once per level.
MAX_NESTING = 50


def without_double_negatives(text: str) -> str:
    """``text`` with each NOT NOT dropped, outside quoted phrases."""
    parts = text.split('"')
    for i in range(0, len(parts), 2):
        while _DOUBLE_NOT.search(parts[i]):
            parts[i] = _DOUBLE_NOT.sub("", parts[i])
    return '"'.join(parts)


def nesting(text: str) -> int:
    """How deep the brackets of ``text`` go, outside quoted phrases."""
    deepest = depth = 0
    for i, part in enumerate(text.split('"')):
        if i % 2:
            continue
        for char in part:
            depth = depth + 1 if char == "(" else max(0, depth - 1) if char == ")" else depth
            deepest = max(deepest, depth)
    return deepest


def language_plan(text: str, stems: list[Unit], language, ranking: Ranking, synonyms: Synonyms) -> QueryPlan:
    """The plan of a query in the query language (``stems``: its words as
    indexed), read with the engine's ``language``, and the plan it relaxes to."""
    if (depth := nesting(text)) > MAX_NESTING:
        raise QueryError(
            f"the query {quoted(text)} nests brackets {depth} deep: use at most {MAX_NESTING} levels of ( )"
        )
    try:
        parsed = language.parse(without_double_negatives(web_signs(text)))
    except RecursionError:
        raise QueryError(f"the query {quoted(text)} is nested too deeply: use fewer brackets and NOTs") from None
    except Exception:  # Whoosh's parser raises assorted types on odd input; their text means nothing to a user
        raise QueryError(
            f"cannot read the query {quoted(text)}: check its quotes, brackets and AND/OR/NOT, "
            "or search plain words (without quotes, brackets or capitals AND, OR, NOT)"
        ) from None
    if parsed == qt.NOTHING:
        raise QueryError(f"nothing to search for in {quoted(text)} (only common words?)")
    plan = _tree_plan(text, stems, parsed, ranking, synonyms)
    relaxed = _tree_plan(text, stems, tree.relaxed(parsed), ranking, synonyms)
    return replace(plan, relaxed=relaxed if relaxed.scoring != plan.scoring else None)


def _tree_plan(text: str, stems: list[Unit], parsed: qt.Node, ranking: Ranking, synonyms: Synonyms) -> QueryPlan:
    """The plan of a parsed query: synonyms added, words and phrases to highlight."""
    expansions = {words: synonyms.exact(words) for words in tree.searched_words(parsed)}
    expanded = tree.with_synonyms(parsed, {w: [e.tokens for e in found] for w, found in expansions.items()}, ranking)
    added: dict[tuple[str, ...], Added] = {}
    for found in expansions.values():
        for e in found:
            added.setdefault(e.tokens, Added(e, across(ranking, e.tokens, 1.0)))
    terms, phrases = tree.positive_terms(expanded), tree.positive_phrases(expanded)
    wanted = set(terms).union(*phrases)
    # A compound is named whole ("not found: IL-6"), and looked for joined.
    searched = tuple(
        (text[u.start : u.end], u.joined or u.whole)
        for u in stems
        if wanted.intersection(u.parts) or u.whole in wanted or u.joined in wanted
    )
    return QueryPlan(
        text=text,
        scoring=expanded,
        required=None,
        uses_syntax=True,
        highlights=Highlights(frozenset(terms), tuple(dict.fromkeys(phrases))),
        added=tuple(added.values()),
        searched=searched,
        sections_only=tree.finds_sections_only(expanded),
        patterns=tuple(dict.fromkeys(tree.positive_patterns(expanded))),
    )
