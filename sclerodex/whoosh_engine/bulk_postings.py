"""Reading one segment's postings and field lengths in bulk.

Ranking scores every match.  Through Whoosh's matcher objects that costs
several Python calls per posting and a file read per field length; here a
term's postings come a block at a time and a field's lengths as one byte
string.  Both use internals of Whoosh's whoosh3 codec (whoosh-reloaded is
pinned to 2.7); any other reader or matcher goes the public, slower way, with
the same results (tests/test_fast_scoring.py compares them).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from whoosh.codec import whoosh3
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length, length_to_byte

# Field length as stored (one byte, lossy) -> length in words.
LENGTHS = tuple(byte_to_length(i) for i in range(256))


def postings(reader, fieldname: str, term: bytes) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """(document numbers, weights) of ``term`` in a segment reader, a block at
    a time, deleted documents left out."""
    matcher = reader.postings(fieldname, term)
    deleted: frozenset[int] | set[int] = frozenset()
    if isinstance(matcher, FilterMatcher) and matcher._exclude:
        matcher, deleted = matcher.child, matcher._ids
    if isinstance(matcher, whoosh3.W3LeafMatcher):
        blocks = _w3_blocks(matcher)
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
    matcher = reader.postings(fieldname, term)
    deleted: frozenset[int] | set[int] = frozenset()
    if isinstance(matcher, FilterMatcher) and matcher._exclude:
        matcher, deleted = matcher.child, matcher._ids
    for ids, weights, values in blocks_with_values(matcher):
        if deleted:
            kept = [i for i, docnum in enumerate(ids) if docnum not in deleted]
            ids, weights, values = [ids[i] for i in kept], [weights[i] for i in kept], [values[i] for i in kept]
        yield ids, weights, values


def blocks_with_values(matcher) -> Iterator[tuple[Sequence[int], Sequence[float], Sequence]]:
    """(document numbers, weights, encoded values) of a term's remaining
    postings: a block at a time from Whoosh 2.7's own matcher, else all in one."""
    if not isinstance(matcher, whoosh3.W3LeafMatcher):
        rows = []
        while matcher.is_active():
            rows.append((matcher.id(), matcher.weight(), matcher.value()))
            matcher.next()
        if rows:
            yield tuple(zip(*rows))
        return
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        matcher._read_values()
        start = matcher._i
        yield matcher._ids[start:], matcher._weights[start:], matcher._values[start:]
        matcher._next_block()


def _w3_blocks(matcher) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        start = matcher._i  # not 0 when a filter already moved past deleted documents
        yield matcher._ids[start:], matcher._weights[start:]
        matcher._next_block()


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
    perdoc = getattr(reader, "_perdoc", None)
    if isinstance(perdoc, whoosh3.W3PerDocReader):
        column = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        if column is None:  # a field without lengths: Whoosh counts 1 word
            return bytes([length_to_byte(1)]) * reader.doc_count_all()
        if type(column) is whoosh3.columns.NumericColumn.Reader and column._fixedlen == 1:
            return bytes(column._dbfile.get(column._basepos, column._count))
    return bytes(
        length_to_byte(reader.doc_field_length(docnum, fieldname, 1) or 0) for docnum in range(reader.doc_count_all())
    )
