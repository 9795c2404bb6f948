"""Writing a segment's postings a term at a time.

Whoosh writes a segment's postings one posting at a time: for each of them
``FieldWriter.add_postings`` compares it with the last one, looks up the
document's field length in the per-document files, and the postings writer
checks its types and updates its block statistics.  On a large ingest that
per-posting Python was about half of writing a segment -- and every posting
is written twice, by its commit and by the end-of-run merge.

The pools here (term_pool.py, merging.py) already hold each term's postings
together, so :func:`write_terms` fills the postings writer's block buffer a
block at a time and lets Whoosh's own code encode and write each block and
each term's entry: the files written are byte for byte those of Whoosh's
``add_postings`` (tests/engine/test_bulk_writing.py).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat

from whoosh.writing import SegmentWriter

from sclerodex.whoosh_engine import w3_internals as w3
from sclerodex.whoosh_engine.bulk_postings import LENGTHS

# A term's postings: field name, term bytes, then its document numbers
# (rising), weights and encoded values, in step.
TermPostings = tuple[str, bytes, Sequence[int], Sequence[float], Sequence]


class TermSegmentWriter(w3.FlushTermsMixin, SegmentWriter):
    """A Whoosh segment writer whose pool, when it can give its postings a
    term at a time (``iter_terms``), has them written that way
    (w3_internals.FlushTermsMixin; Whoosh's own way without FAST_PATHS)."""

    def write_terms(self, fieldwriter, schema, lengths, terms, doc_count) -> None:
        write_terms(fieldwriter, schema, lengths, terms, doc_count)  # the module's function


def postings_of(terms: Iterable[TermPostings]) -> Iterator[tuple]:
    """The same postings one at a time, (fieldname, term bytes, docnum,
    weight, value), as Whoosh's own ``pool.iter_postings`` gives them: what
    a term-at-a-time pool offers Whoosh's writing where write_terms does not
    serve (a codec other than Whoosh 3's)."""
    for fieldname, tbytes, docnums, weights, values in terms:
        yield from zip(repeat(fieldname), repeat(tbytes), docnums, weights, values)


def uncommitted_segment_writer(index) -> TermSegmentWriter:
    """A writer of a new segment of ``index`` (an index generation opened
    with storage.open_generation), for a child process whose parent holds
    the index's lock: ``w3_internals.finalize_segment`` gives the segment,
    which the parent's commit lists (FAST_PATHS only)."""
    return w3.unlocked_writer(TermSegmentWriter, index, compound=False)


def write_terms(fieldwriter, schema, lengths, terms: Iterable[TermPostings], doc_count: int) -> None:
    """What ``fieldwriter.add_postings(schema, lengths, postings)`` writes,
    given the same postings grouped by term, in term order.  ``lengths``:
    the segment's per-document reader (None: no length statistics);
    ``doc_count``: the segment's documents."""
    lastfield = None
    field_lengths: Sequence[int] | None = None
    for fieldname, tbytes, docnums, weights, values in terms:
        if fieldname != lastfield:
            if lastfield is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            field_lengths = _field_lengths(lengths, fieldname, doc_count)
            lastfield = fieldname
        fieldwriter.start_term(tbytes)
        postwriter = w3.postings_writer(fieldwriter)
        limit = w3.block_limit(postwriter)
        for start in range(0, len(docnums), limit):
            if start:
                w3.write_block(postwriter)  # a full block; the last is written by finish_term
            end = start + limit
            _fill_block(postwriter, docnums[start:end], weights[start:end], values[start:end], field_lengths)
        fieldwriter.finish_term()
    if lastfield is not None:
        fieldwriter.finish_field()


def _fill_block(postwriter, docnums, weights, values, field_lengths) -> None:
    """The block buffer and statistics ``add_posting`` leaves after adding
    these postings to an empty block."""
    heaviest = max(weights)
    if field_lengths is None:
        minlength, maxlength = None, 0
    else:
        known = [length for length in map(field_lengths.__getitem__, docnums) if length]
        minlength, maxlength = (min(known), max(known)) if known else (None, 0)
    w3.fill_block(
        postwriter,
        array("I", docnums),
        array("f", weights),
        [value for value in values if value],
        heaviest if heaviest > 0 else 0,
        minlength,
        maxlength,
    )


def _field_lengths(lengths, fieldname: str, doc_count: int) -> Sequence[int] | None:
    """Each document's length in ``fieldname`` as ``add_postings`` looks it
    up (0 where it has none), or None for a field without lengths."""
    if lengths is None:
        return None
    stored = w3.length_column_bytes(lengths, fieldname)
    if stored is w3.NO_COLUMN:
        return None
    if stored is not w3.NOT_BULK:
        return [LENGTHS[byte] if byte else 0 for byte in stored] + [0] * (doc_count + 1 - len(stored))
    return [lengths.doc_field_length(docnum, fieldname) or 0 for docnum in range(doc_count + 1)]
