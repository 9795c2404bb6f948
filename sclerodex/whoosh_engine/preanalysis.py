"""Analysing text where the parsing happens, so the index writer only writes.

A section's title, heading and body go through the analyser twice when the
writer adds them (the stemmed postings, then the unstemmed spelling words):
a fifth of the writer's time on a large ingest, spent in the one process that
writes while the parsing workers wait.  :func:`analyse_texts` does that work
in the worker, next to the parsing, and :func:`add_document` adds a document
whose text fields come analysed -- the same postings, lengths and stored
values as Whoosh's own ``add_document`` gives the plain text
(tests/engine/test_preanalysis.py compares the two indexes).  It follows Whoosh
2.7.5's writer step by step (w3_internals.py): without FAST_PATHS the writer
is given plain text and Whoosh analyses it.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from sclerodex.whoosh_engine import w3_internals as w3
from sclerodex.whoosh_engine.schema import build_schema

ANALYSED_FIELDS = ("title", "heading", "body")


@dataclass(frozen=True, slots=True)
class Analysed:
    """A text as the writer needs it: Whoosh's (term bytes, frequency,
    weight, encoded positions) for each of its words, and its unstemmed
    words for the spelling field, UTF-8 encoded."""

    postings: tuple[tuple[bytes, int, float, bytes], ...]
    spelling: tuple[bytes, ...]


@cache
def _text_field():
    # title, heading and body share one analyser and one format: one of
    # them analyses for all three.
    return build_schema()["body"]


def analyse(text: str) -> Analysed:
    field = _text_field()
    return Analysed(
        postings=tuple(field.index(text)),
        spelling=tuple(word.encode("utf-8") for word in field.spellable_words(text)),
    )


@dataclass(frozen=True, slots=True)
class PackedAnalysis:
    """An article's texts analysed (text -> Analysed), pickled where the
    analysis is made.  It crosses the processes -- parsing worker, the
    writer's queue, a segment builder child -- as one bytes object, and only
    the process that writes the segment unpacks it: the writer no longer
    unpickles every posting from the worker and pickles it again for the
    builder, and its queue holds a fraction of the memory (100k ingest: the
    writer's RSS 140 -> 105 MB, the process tree's peak 394 -> 369 MB)."""

    data: bytes

    def unpack(self) -> dict[str, Analysed]:
        return pickle.loads(self.data)


def analyse_texts(texts: Iterable[str]) -> PackedAnalysis:
    """Each distinct text analysed once (a title repeats on every section)."""
    analysed = {text: analyse(text) for text in dict.fromkeys(texts) if text}
    return PackedAnalysis(pickle.dumps(analysed, protocol=pickle.HIGHEST_PROTOCOL))


def add_documents(writer, documents: Iterable[dict], analysis: PackedAnalysis | None) -> None:
    """An article's documents added with :func:`add_document`, their texts'
    ``analysis`` unpacked once for all of them (None: Whoosh analyses)."""
    texts = analysis.unpack() if analysis is not None else {}
    for fields in documents:
        add_document(writer, fields, texts)


def accepts_analysed(schema) -> bool:
    """Whether ``schema`` (an index's own) analyses its text fields as
    :func:`analyse` does; an index from another analyser is given plain text."""
    if not w3.FAST_PATHS:
        return False
    reference = _text_field()
    return all(
        name in schema and schema[name] == reference and schema[name].vector is None for name in ANALYSED_FIELDS
    )


def add_document(writer, fields: dict, analysed: dict[str, Analysed]) -> None:
    """``writer.add_document(**fields)``, taking the analysis of each text
    field from ``analysed`` (text -> Analysed) where it is there.

    It follows Whoosh 2.7's ``SegmentWriter.add_document`` step by step
    (fields in name order, the postings into the writer's pool, the per-
    document writer's stored value and length), but only for plain
    documents: no boosts, no ``_stored_`` values, no term vectors.
    """
    plain = not w3.FAST_PATHS or not analysed or any(name.startswith("_") for name in fields)  # boosts, _stored_ values
    if plain or not any(fields.get(name) in analysed for name in ANALYSED_FIELDS):
        writer.add_document(**fields)
        return
    w3.check_writable(writer)
    schema, perdoc, docnum, add_post = writer.schema, writer.perdocwriter, writer.docnum, writer.pool.add
    names = sorted(fields)
    w3.check_fields(writer, names)
    perdoc.start_doc(docnum)
    try:
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            ready = analysed.get(value) if name in ANALYSED_FIELDS else None
            length = 0
            vbytes = b""
            if field.indexed:
                postings = ready.postings if ready else field.index(value)
                for tbytes, freq, weight, vbytes in postings:
                    if field.scorable:
                        length += freq
                    add_post((name, tbytes, docnum, weight, vbytes))
            if field.separate_spelling():
                spelling_field = field.spelling_fieldname(name)
                words = ready.spelling if ready else (word.encode("utf-8") for word in field.spellable_words(value))
                for word in words:
                    # Whoosh passes on the last posting's encoded value here.
                    add_post((spelling_field, word, 0, 1, vbytes))
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
    except Exception:
        perdoc.cancel_doc()
        raise
    perdoc.finish_doc()
    w3.mark_added(writer)
    writer.docnum += 1
