"""Reading one segment's postings and field lengths in bulk.

Ranking scores every match.  Through Whoosh's matcher objects that costs
several Python calls per posting and a file read per field length; here a
term's postings come a block at a time and a field's lengths as one byte
string.  Both use internals of Whoosh's W3 codec (w3_internals.py); any
other reader or matcher, or FAST_PATHS off, goes the public, slower way, with
the same results (tests/engine/test_fast_scoring.py compares them).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from whoosh.util.numeric import byte_to_length, length_to_byte

from sclerodex.whoosh_engine import w3_internals as w3

# Field length as stored (one byte, lossy) -> length in words.
LENGTHS = tuple(byte_to_length(i) for i in range(256))


def postings(reader, fieldname: str, term: bytes) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """(document numbers, weights) of ``term`` in a segment reader, a block at
    a time, deleted documents left out."""
    matcher, deleted = w3.without_deletions_filter(reader.postings(fieldname, term))
    if w3.reads_blocks(matcher):
        blocks = w3.blocks(matcher)
    else:
        blocks = _one_by_one(matcher)
    for ids, weights in blocks:
        if deleted:
            kept = [i for i, docnum in enumerate(ids) if docnum not in deleted]
            ids, weights = [ids[i] for i in kept], [weights[i] for i in kept]
        yield ids, weights


def postings_with_values(reader, fieldname: str, term: bytes) -> Iterator[tuple[Sequence[int], Sequence[float], Sequence]]:
    """(document numbers, weights, encoded values) of ``term`` in a segment
    reader, a block at a time, deleted documents left out."""
    matcher, deleted = w3.without_deletions_filter(reader.postings(fieldname, term))
    for ids, weights, values in blocks_with_values(matcher):
        if deleted:
            kept = [i for i, docnum in enumerate(ids) if docnum not in deleted]
            ids, weights, values = [ids[i] for i in kept], [weights[i] for i in kept], [values[i] for i in kept]
        yield ids, weights, values


def blocks_with_values(matcher) -> Iterator[tuple[Sequence[int], Sequence[float], Sequence]]:
    """(document numbers, weights, encoded values) of a term's remaining
    postings: a block at a time from Whoosh 2.7.5's own matcher, else all in one."""
    if w3.reads_blocks(matcher):
        yield from w3.blocks(matcher, values=True)
        return
    rows = []
    while matcher.is_active():
        rows.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    if rows:
        yield tuple(zip(*rows))


def _one_by_one(matcher) -> Iterator[tuple[list[int], list[float]]]:
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    yield ids, weights


def length_bytes(reader, fieldname: str) -> bytes:
    """Every document's length byte for ``fieldname`` in a segment reader
    (index it with a document number; LENGTHS turns a byte into words).
    Shorter than the segment when its last documents lack the field."""
    stored = w3.length_column_bytes(w3.per_document_reader(reader), fieldname)
    if stored is w3.NO_COLUMN:  # a field without lengths: Whoosh counts 1 word
        return bytes([length_to_byte(1)]) * reader.doc_count_all()
    if stored is not w3.NOT_BULK:
        return stored
    return bytes(
        length_to_byte(reader.doc_field_length(docnum, fieldname, 1) or 0) for docnum in range(reader.doc_count_all())
    )
