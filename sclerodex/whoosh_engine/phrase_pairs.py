"""Two-word phrases scored in bulk, as Whoosh scores them.

Plain-word queries add a bonus for consecutive words found near each other
(a two-word phrase with some slop, in each field); Whoosh's span matchers
walked every section holding both words a posting at a time, half of a warm
search's time at 100,000 sections.  Here both words' postings are read a
block at a time, intersected, and the positions checked only where both
occur.  A match scores what Whoosh's phrase matcher gives: the sum of the two
words' BM25 scores in that field (its own scorer objects), times the boost;
tests/engine/test_fast_scoring.py compares the two.  Only with FAST_PATHS
(bulk_scoring.py): the per-posting score is Whoosh's private ``_score``.
"""

from __future__ import annotations

from bisect import bisect_left

from sclerodex.whoosh_engine import w3_internals as w3
from sclerodex.whoosh_engine.bulk_postings import postings_with_values


def pair_scores(searcher, fieldname: str, words: tuple[str, str], slop: int, boost: float) -> dict[int, float]:
    """Document number -> score of every match of the two-word phrase
    ``words`` in ``fieldname``: the second word 1 to ``slop`` positions after
    the first, the sum of their scores times ``boost``."""
    field = searcher.schema[fieldname]
    try:
        terms = [field.to_bytes(word) for word in words]
    except ValueError:
        return {}
    scores: dict[int, float] = {}
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if any((fieldname, term) not in reader for term in terms):
            continue
        first, second = (_by_document(reader, fieldname, term) for term in terms)
        common = first.keys() & second.keys()
        if not common:
            continue
        first_scorer, second_scorer = (searcher.weighting.scorer(leaf, fieldname, term) for term in terms)
        decode = field.format.decode_positions
        for docnum in sorted(common):
            (first_weight, first_value), (second_weight, second_value) = first[docnum], second[docnum]
            if not _near(decode(first_value), decode(second_value), slop):
                continue
            length = leaf.doc_field_length(docnum, fieldname, 1)
            score = w3.bm25_score(first_scorer, first_weight, length) + w3.bm25_score(second_scorer, second_weight, length)
            scores[docnum + offset] = score * boost if boost != 1.0 else score
    return scores


def _by_document(reader, fieldname: str, term: bytes) -> dict[int, tuple[float, bytes]]:
    return {
        docnum: (weight, value)
        for ids, weights, values in postings_with_values(reader, fieldname, term)
        for docnum, weight, value in zip(ids, weights, values)
    }


def _near(first: list[int], second: list[int], slop: int) -> bool:
    """Whether a position of ``second`` is 1 to ``slop`` after one of ``first``."""
    for position in first:
        i = bisect_left(second, position + 1)
        if i < len(second) and second[i] <= position + slop:
            return True
    return False
