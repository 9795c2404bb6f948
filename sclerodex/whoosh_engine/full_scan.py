"""Reading a whole index piece by piece, for ``index check`` and ``index
rebuild`` on an index that may be damaged: one unreadable document or field
is reported and skipped, never the end of the walk."""

from __future__ import annotations

from collections.abc import Iterator


def stored_documents(reader) -> Iterator[tuple[int, dict | None]]:
    """Every stored document of ``reader`` as (number, stored fields), read
    one by one (no term index needed); the fields are None for a document
    whose stored-fields block cannot be read."""
    for docnum in reader.all_doc_ids():
        try:
            fields = reader.stored_fields(docnum)
        except Exception:  # a damaged stored-fields block: whatever Whoosh's parsing hits
            fields = None
        yield docnum, fields


def unreadable_fields(reader) -> Iterator[tuple[str, Exception]]:
    """Each indexed field some of whose terms or postings cannot be read,
    with the first failure."""
    for fieldname in reader.schema.names():
        if not reader.schema[fieldname].indexed:
            continue
        try:
            for term in reader.lexicon(fieldname):
                reader.postings(fieldname, term).all_ids()
        except Exception as problem:
            yield fieldname, problem
