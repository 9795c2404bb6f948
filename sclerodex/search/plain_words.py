"""Plain words planned: the OR of their words, sections with every word (or a
synonym of it) ranked first, words found next to each other ranked higher.

Function and question words (:mod:`sclerodex.search.stopwords`) do not rank;
``-word`` excludes and ``+word`` requires, as in a web search box.  A compound
("IL-6") is one word, searched whole, joined or as the phrase of its parts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sclerodex import querytree as qt
from sclerodex.errors import QueryError
from sclerodex.querytree import Unit
from sclerodex.search.plans import Added, Highlights, QueryPlan
from sclerodex.search.query_limits import quoted
from sclerodex.search.ranking import Ranking
from sclerodex.search.stopwords import QUERY_STOP_WORDS
from sclerodex.search.synonyms import SynonymMatch, Synonyms


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
        return compound(word.joined, word.parts, ranking, weight * ranking.compound_weight)
    return qt.Word(word.term, weight)


def words_plan(text: str, stems: list[Unit], forms: list[Unit], ranking: Ranking, synonyms: Synonyms) -> QueryPlan:
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
    matches = synonyms.find(tokens)
    unit_of = {w.term: word_query(w, ranking) for w in wanted}
    # For the order of the tiers a compound also counts as there when all
    # its parts are, anywhere in the section ("Rad53-dependent": Rad53 ...
    # dependent); it still never makes a section a match by its parts alone.
    tier_of = {w.term: _present(w, unit_of[w.term]) for w in wanted}
    added = {e.tokens: Added(e, across(ranking, e.tokens, 1.0)) for m in matches for e in m.expansions}
    scoring = [unit_of[term] for term in dict.fromkeys(tokens)]
    scoring += [across(ranking, tokens, ranking.synonym_weight) for tokens in added]
    if ranking.proximity_weight > 0:
        # A compound stands in its joined term, indexed where its first part is.
        scoring += proximity([w.joined or w.term for w in wanted], ranking)
    required, coverage = None, ()
    if ranking.all_words_first and len(set(tokens)) > 1:
        idf_terms = {w.term: (w.joined or w.term,) for w in wanted}
        coverage = _every_word(tokens, matches, tier_of, idf_terms, ranking)
        units = tuple(unit for unit, _ in coverage)
        required = units[0] if len(units) == 1 else qt.AllOf(units)
    matching: qt.Node = qt.AnyOf(tuple(scoring))
    whole_words = set(tokens)
    parts = [p for w in wanted if w.is_compound for p in w.parts if p not in whole_words]
    if parts and ranking.compound_part_weight > 0:
        bonus = tuple(qt.Word(p, ranking.compound_part_weight) for p in dict.fromkeys(parts))
        matching = qt.Adding(matching, qt.AnyOf(bonus))
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
        sections_only=True,  # every match holds one of its words (or a synonym) in title, heading or body
    )


def _present(word: QueryWord, unit: qt.Node) -> qt.Node:
    if not word.is_compound:
        return unit
    return qt.AnyOf((unit, qt.AllOf(tuple(qt.Word(p) for p in word.parts))))


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
            unit = qt.AnyOf((words, *(across(ranking, e.tokens, 1.0) for e in match.expansions)))
            found.setdefault(unit, tuple(t for term in run for t in idf_terms[term]))
            i = match.end
        else:
            found.setdefault(unit_of[tokens[i]], idf_terms[tokens[i]])
            i += 1
    return tuple(found.items())


# Building the tree


def across(ranking: Ranking, tokens: tuple[str, ...], weight: float) -> qt.Node:
    """A word or phrase in any searchable field (a phrase weighted by field)."""
    if len(tokens) == 1:
        return qt.Word(tokens[0], weight)
    return qt.AnyOf(tuple(qt.Phrase(name, tuple(tokens), weight=boost * weight) for name, boost in ranking.field_weights))


def compound(joined: str, parts: tuple[str, ...], ranking: Ranking, weight: float = 1.0) -> qt.Node:
    """A compound as one unit, scored as its best match: its parts joined
    (how "IL-6", "IL/6" and "IL6" are all indexed) or its parts as a phrase
    in any field ("IL 6")."""
    return qt.BestOf((qt.Word(joined, weight), across(ranking, parts, weight)))


def proximity(tokens: list[str], ranking: Ranking) -> list[qt.Node]:
    """The bonus for consecutive query words found near each other."""
    pairs = dict.fromkeys((a, b) for a, b in zip(tokens, tokens[1:]) if a != b)
    return [
        qt.Phrase(name, (a, b), ranking.proximity_slop, boost * ranking.proximity_weight)
        for a, b in pairs
        for name, boost in ranking.field_weights
    ]
