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

Either way the query is a :class:`QueryPlan` of query trees
(``sclerodex/querytree.py``, built with ``search/tree.py``): what ranks, what
every word requires, what to highlight and which synonyms were added.  The
engine only reads the query language into a tree (``language.parse``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from sclerodex import querytree as qt
from sclerodex.errors import QueryError
from sclerodex.search import tree
from sclerodex.search.query_limits import LIMITS_SAID, CutQuery, searchable_query, shortened
from sclerodex.search.ranking import Ranking
from sclerodex.search.stopwords import QUERY_STOP_WORDS
from sclerodex.search.synonyms import NO_SYNONYMS, Expansion, SynonymMatch, Synonyms
from sclerodex.whoosh_engine.analysis import Unit, units

__all__ = ["QueryPlan", "Highlights", "plan_query", "plan_cut_query", "quoted", "shortened"]

_FIELD_NAMES = "|".join([*qt.QUERY_FIELDS, *(alias for aliases in qt.FIELD_ALIASES.values() for alias in aliases)])
# What makes a query "written in the query language".  Brackets alone do not:
# "sudden infant death syndrome (SIDS)" is plain words.
QUERY_SYNTAX = re.compile(rf'"|\b(?:AND|OR|NOT|ANDNOT)\b|\b(?:{_FIELD_NAMES}):|\w\*|\*\w')


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
    ``any_term`` is set on a query-language query whose AND was relaxed to
    OR; ``relaxed`` is that plan, ready for when this one finds nothing.
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
    any_term: bool = False
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
    # What bounding the wildcards cut (the engine's session.bounded), said with the answer.
    notices: tuple[str, ...] = ()


def uses_query_syntax(text: str) -> bool:
    return bool(QUERY_SYNTAX.search(text))


def quoted(text: str, limit: int = 80) -> str:
    """``text`` in quotes for a message, cut to about ``limit`` characters."""
    return repr(shortened(text, limit))


def plan_query(text: str, language, synonyms: Synonyms = NO_SYNONYMS, any_term: bool = False) -> QueryPlan:
    """The plan for ``text``, cleaned and cut to the limits of query_limits
    (``cuts`` says how), read with the engine's ``language`` (its analyser,
    its parser and the ranking's knobs); QueryError when there is nothing to
    search."""
    return plan_cut_query(searchable_query(text), language, synonyms, any_term)


def plan_cut_query(cut: CutQuery, language, synonyms: Synonyms = NO_SYNONYMS, any_term: bool = False) -> QueryPlan:
    """The plan for a query as ``searchable_query`` left it."""
    # The text analysed once: its words as indexed (stems) and as typed (forms).
    stems = units(language.analyzer, cut.text)
    forms = units(language.analyzer, cut.text, no_morph=True)
    try:
        if uses_query_syntax(cut.text):
            plan = _syntax_plan(cut.text, stems, language, synonyms, any_term)
        else:
            plan = _words_plan(cut.text, stems, forms, language.ranking, synonyms)
    except QueryError as problem:
        if not cut.cuts:
            raise
        raise QueryError(f"{problem} ({LIMITS_SAID})") from None
    if not cut.cuts:
        return plan
    relaxed = plan.relaxed and replace(plan.relaxed, truncated=True, cuts=cut.cuts)
    return replace(plan, truncated=True, cuts=cut.cuts, relaxed=relaxed)


# Plain words


@dataclass(frozen=True)
class QueryWord:
    """A word of a plain-word query: ``text[start:end]`` as typed, its
    unstemmed ``form``, its index ``term``, where its space-separated
    ``chunk`` starts and the ``sign`` typed there ("+", "-" or "").  A
    compound ("IL-6") is one word: ``parts`` holds its parts' terms and
    ``joined`` them joined ("il6"); a plain word's ``parts`` is its term."""

    start: int
    end: int
    form: str
    term: str
    chunk: int
    sign: str
    parts: tuple[str, ...] = ()
    joined: str | None = None

    @property
    def is_compound(self) -> bool:
        return len(self.parts) > 1


def query_words(text: str, stems: list[Unit], forms: list[Unit]) -> list[QueryWord]:
    """The words of ``text`` (its analysed ``stems`` and ``forms``), each
    with the sign of its chunk: ``-SSc-ILD`` signs the compound, ``IL-6`` is
    unsigned, and ``-2`` or ``+1`` are numbers, not signs."""
    stem_at = {u.start: u for u in stems}
    words = []
    for unit in forms:
        stem = stem_at[unit.start]
        chunk = text.rfind(" ", 0, unit.start) + 1
        sign = text[chunk] if text[chunk] in "+-" and text[chunk + 1 : chunk + 2].isalpha() else ""
        words.append(
            QueryWord(unit.start, unit.end, unit.whole, stem.whole, chunk, sign, stem.parts, stem.joined)
        )
    return words


def word_query(word: QueryWord, ranking: Ranking, weight: float = 1.0) -> qt.Node:
    """A plain word, or a compound as one unit: the whole joined ("il6",
    which every way of writing it is indexed as) or its parts as a phrase
    ("IL 6"), never its parts alone."""
    if word.is_compound:
        return tree.compound(word.joined, word.parts, ranking, weight * ranking.compound_weight)
    return tree.word(word.term, weight)


def _words_plan(text: str, stems: list[Unit], forms: list[Unit], ranking: Ranking, synonyms: Synonyms) -> QueryPlan:
    words = query_words(text, stems, forms)
    if not words:
        raise QueryError(f"nothing to search for in {quoted(text)} (only common words?)")
    unsigned = [w for w in words if not w.sign]
    if any(w.form not in QUERY_STOP_WORDS for w in unsigned):
        words = [w for w in words if w.sign or w.form not in QUERY_STOP_WORDS]
    wanted = [w for w in words if w.sign != "-"]
    if not wanted:
        raise QueryError(f"nothing to search for in {quoted(text)}: give a word that is not excluded with -")
    tokens = [w.term for w in wanted]
    unit_of = {w.term: word_query(w, ranking) for w in wanted}
    # For the order of the tiers a compound also counts as there when all
    # its parts are, anywhere in the section ("Rad53-dependent": Rad53 ...
    # dependent); it still never makes a section a match by its parts alone.
    tier_of = {w.term: _present(w, unit_of[w.term]) for w in wanted}
    matches = synonyms.find(tokens)
    added = {e.tokens: Added(e, tree.across(ranking, e.tokens, 1.0)) for m in matches for e in m.expansions}
    scoring = [unit_of[term] for term in dict.fromkeys(tokens)]
    scoring += [tree.across(ranking, tokens, ranking.synonym_weight) for tokens in added]
    if ranking.proximity_weight > 0:
        # A compound stands in its joined term, indexed where its first part is.
        scoring += tree.proximity([w.joined or w.term for w in wanted], ranking)
    required, coverage = None, ()
    if ranking.all_words_first and len(set(tokens)) > 1:
        idf_terms = {w.term: (w.joined or w.term,) for w in wanted}
        coverage = _every_word(tokens, matches, tier_of, idf_terms, ranking)
        required = qt.all_of(unit for unit, _ in coverage)
    matching: qt.Node = qt.any_of(scoring)
    whole_words = set(tokens)
    parts = [p for w in wanted if w.is_compound for p in w.parts if p not in whole_words]
    if parts and ranking.compound_part_weight > 0:
        bonus = [tree.word(p, ranking.compound_part_weight) for p in dict.fromkeys(parts)]
        matching = qt.Adding(matching, qt.any_of(bonus))
    phrases = tuple(t for t in added if len(t) > 1) + tuple(w.parts for w in wanted if w.is_compound)
    terms = frozenset(w.joined if w.is_compound else w.term for w in wanted) | {t[0] for t in added if len(t) == 1}
    return QueryPlan(
        text=text,
        scoring=matching,
        required=required,
        uses_syntax=False,
        highlights=Highlights(terms, tuple(dict.fromkeys(phrases))),
        added=tuple(added.values()),
        must=_signed(words, "+", ranking),
        exclude=_signed(words, "-", ranking),
        searched=tuple((text[w.start : w.end], w.joined or w.term) for w in wanted),
        coverage=coverage,
        min_share=ranking.min_idf_share,
        sections_only=tree.finds_sections_only(matching),
    )


def _present(word: QueryWord, unit: qt.Node) -> qt.Node:
    if not word.is_compound:
        return unit
    return qt.any_of([unit, qt.AllOf(tuple(tree.word(p) for p in word.parts))])


def _signed(words: list[QueryWord], sign: str, ranking: Ranking) -> tuple[qt.Node, ...]:
    """One query per word typed with ``sign`` (a compound such as
    ``-SSc-ILD`` as one unit)."""
    return tuple(dict.fromkeys(word_query(w, ranking) for w in words if w.sign == sign))


def _every_word(
    tokens: list[str],
    matches: list[SynonymMatch],
    unit_of: dict[str, qt.Node],
    idf_terms: dict[str, tuple[str, ...]],
    ranking: Ranking,
) -> tuple[tuple[qt.Node, tuple[str, ...]], ...]:
    """What a section with every word holds, unit by unit (each with its
    index terms); a run of words naming a synonym entry counts as present
    when all its words are, or one of the entry's names."""
    starts = {m.start: m for m in matches}
    found: dict[qt.Node, tuple[str, ...]] = {}
    i = 0
    while i < len(tokens):
        match = starts.get(i)
        if match:
            run = tokens[match.start : match.end]
            words = qt.AllOf(tuple(unit_of[term] for term in run))
            unit = qt.any_of([words, *(tree.across(ranking, e.tokens, 1.0) for e in match.expansions)])
            found.setdefault(unit, tuple(t for term in run for t in idf_terms[term]))
            i = match.end
        else:
            found.setdefault(unit_of[tokens[i]], idf_terms[tokens[i]])
            i += 1
    return tuple(found.items())


# The query language


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


def _syntax_plan(text: str, stems: list[Unit], language, synonyms: Synonyms, any_term: bool) -> QueryPlan:
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
    if any_term:
        return _tree_plan(text, stems, tree.relaxed(parsed), language.ranking, synonyms, any_term=True)
    plan = _tree_plan(text, stems, parsed, language.ranking, synonyms)
    relaxed = _tree_plan(text, stems, tree.relaxed(parsed), language.ranking, synonyms, any_term=True)
    return replace(plan, relaxed=relaxed if relaxed.scoring != plan.scoring else None)


def _tree_plan(text: str, stems: list[Unit], parsed: qt.Node, ranking: Ranking, synonyms: Synonyms, any_term: bool = False) -> QueryPlan:
    """The plan of a parsed query: synonyms added, words and phrases to highlight."""
    expansions = {words: synonyms.exact(words) for words in tree.searched_words(parsed)}
    expanded = tree.with_synonyms(parsed, {w: [e.tokens for e in found] for w, found in expansions.items()}, ranking)
    added: dict[tuple[str, ...], Added] = {}
    for found in expansions.values():
        for e in found:
            added.setdefault(e.tokens, Added(e, tree.across(ranking, e.tokens, 1.0)))
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
        any_term=any_term,
        searched=searched,
        sections_only=tree.finds_sections_only(expanded),
        patterns=tuple(dict.fromkeys(tree.positive_patterns(expanded))),
    )
