"""Postings held by term in memory, instead of Whoosh's external sort.

Whoosh's writer collects every posting of a commit as a tuple in a
``PostingPool`` and, past 128 MB by its own estimate, sorts what it has,
pickles it to a run file one posting at a time, and at the commit reads the
runs back and merges them with a heap.  On a large ingest that sorting and
spilling took about 40% of the writer's time (bench/perf.py; 77 s against
46 s for 30,000 sections with and without spilling).

A commit's postings arrive in document order, so grouped by term they are
already sorted within each term: :class:`TermPool` keeps per term the
document numbers and weights in arrays and the encoded values in a list
(about 70 bytes a posting, a third of a tuple) and at the commit sorts only
the terms.  Whoosh's pool sorts equal document numbers by weight and value
(the spelling postings of Whoosh 2.7 all carry document 0); a term whose
document numbers do not rise is sorted the same way, so the segment written
is the one Whoosh's own pool writes (tests/engine/test_term_pool.py).  It never
spills: the writer bounds a commit by its sections (index/commits.py).
"""

from __future__ import annotations

from array import array

from sclerodex.whoosh_engine.bulk_writing import postings_of


class TermPool:
    """Stands in for a Whoosh ``SegmentWriter``'s ``pool`` (add,
    iter_postings, cleanup)."""

    def __init__(self):
        self._terms: dict[tuple[str, bytes], tuple[array, array, list]] = {}
        self._unsorted: set[tuple[str, bytes]] = set()
        self.postings = 0

    def add(self, item: tuple) -> None:
        fieldname, tbytes, docnum, weight, value = item
        key = (fieldname, tbytes)
        term = self._terms.get(key)
        if term is None:
            term = self._terms[key] = (array("q"), array("d"), [])
        elif docnum <= term[0][-1]:
            self._unsorted.add(key)
        term[0].append(docnum)
        term[1].append(weight)
        term[2].append(value)
        self.postings += 1

    def iter_terms(self):
        """Each term's postings as (fieldname, term bytes, docnums, weights,
        values), in term order and each term's postings in the order
        Whoosh's pool gives them (bulk_writing.py writes them)."""
        for key in sorted(self._terms):
            docnums, weights, values = self._terms[key]
            if key in self._unsorted:
                docnums, weights, values = zip(*sorted(zip(docnums, weights, values)))
            yield (*key, docnums, weights, values)

    def iter_postings(self):
        """Every posting as (fieldname, term bytes, docnum, weight, value),
        in the order Whoosh's pool gives them."""
        return postings_of(self.iter_terms())

    def cleanup(self) -> None:
        self._terms.clear()
        self._unsorted.clear()
