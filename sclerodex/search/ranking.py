"""How matches are ordered: BM25F over title, headings and body, and the
weights of what a query adds.

These are the shipped defaults, the ones ``bench/relevance.py`` measures; the
figures are in the README's "Relevance" section.

A query word is one :class:`~sclerodex.querytree.Word`, scored by BM25F proper: its
occurrences in each field are weighted (a title counts more than the body),
length-normalised per field, summed, and only then saturated with ``k1``.
Whoosh's own "BM25F" scores each field apart and adds the scores up, which
lets a word found in both title and body count twice as much; on the
judged collection that costs about two points of nDCG@10.

Phrases (quoted, synonyms, the proximity bonus) are scored per field by
BM25 with the same constants.  The engine reads these knobs as its
``RankingKnobs`` (``sclerodex/engine.py``): search/ imports nothing of it here.
"""

from __future__ import annotations

from dataclasses import dataclass

# BM25F field weights: a word in the title or a heading says more than one
# in the body.
FIELD_BOOSTS = {"title": 2.0, "heading": 1.5, "body": 1.0}


@dataclass(frozen=True)
class Ranking:
    """The knobs of the ranking; ``DEFAULT_RANKING`` is what search uses."""

    k1: float = 1.2
    b: float = 0.75
    # Weight of each searchable field (a title match says more than a body one).
    field_weights: tuple[tuple[str, float], ...] = tuple(FIELD_BOOSTS.items())
    # Bonus for two consecutive query words found in that order at most
    # ``proximity_slop`` words apart, as a fraction of their own score; 0
    # turns it off.  Small: it orders sections that match alike, it does not
    # outweigh a rarer word (0.15 already costs a point of nDCG@10).
    proximity_weight: float = 0.05
    proximity_slop: int = 3
    # A synonym's weight relative to the word that was typed.
    synonym_weight: float = 0.5
    # Sections with every query word before those with only some.
    all_words_first: bool = True
    # Next, the sections whose words carry at least this share of the
    # query's idf (0 turns it off): one rare word that carries the question
    # ("how do i stop heartburn at night?") outweighs two common ones.
    min_idf_share: float = 0.5
    # In a longer query, the parts of a compound also add to the score of a
    # section the query finds anyway, at this weight ("Rad53-dependent
    # mechanisms": a section on Rad53 and mechanisms); they never make a
    # section a match on their own.  0 turns it off.
    compound_part_weight: float = 1.0
    # The weight of a compound as one word (its joined term or the phrase of
    # its parts), relative to a plain word.
    compound_weight: float = 0.5


DEFAULT_RANKING = Ranking()
