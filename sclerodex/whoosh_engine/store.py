"""The store of sclerodex/engine.py on Whoosh: thin wrappers of its index,
searcher and writer, offering exactly the protocol's methods.

Each method hands its call to the Whoosh object it wraps, as the callers
used to themselves: no copy of a document, no work per document added.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from sclerodex.engine import MERGE_ALL, MERGE_NONE, MERGE_SMALL, Merge, MergeRun
from sclerodex.whoosh_engine import full_scan, preanalysis, w3_internals
from sclerodex.whoosh_engine.storage import open_generation, open_index, open_writer


class WhooshReader:
    """A StoreReader on a Whoosh searcher; ``owned``: closed with the reader
    (a KeptIndex's searcher is not: the KeptIndex closes it)."""

    def __init__(self, searcher, owned: bool = True):
        self._searcher = searcher
        self._owned = owned

    def document(self, **terms: str) -> dict | None:
        return self._searcher.document(**terms)

    def documents(self, **terms: str) -> Iterator[dict]:
        return self._searcher.documents(**terms)

    def document_count(self) -> int:
        return self._searcher.doc_count()

    def stored_documents(self) -> Iterator[tuple[int, dict | None]]:
        return full_scan.stored_documents(self._searcher.reader())

    def unreadable_fields(self) -> Iterator[tuple[str, Exception]]:
        return full_scan.unreadable_fields(self._searcher.reader())

    def close(self) -> None:
        if self._owned:
            self._searcher.close()

    def __enter__(self) -> WhooshReader:
        return self

    def __exit__(self, kind, error, trace) -> None:
        self.close()


class WhooshWriter:
    """A StoreWriter on a Whoosh segment writer (storage.open_writer's)."""

    def __init__(self, writer):
        self._writer = writer

    def upsert(self, document: dict) -> None:
        self._writer.update_document(**document)

    def add(self, document: dict) -> None:
        self._writer.add_document(**document)

    def add_analysed(self, documents: Iterable[dict], analysis: preanalysis.PackedAnalysis | None) -> None:
        preanalysis.add_documents(self._writer, documents, analysis)

    def takes_analysis(self) -> bool:
        return preanalysis.accepts_analysed(self._writer.schema)

    def delete(self, field: str, value: str) -> None:
        self._writer.delete_by_term(field, value)

    def reader(self) -> WhooshReader:
        return WhooshReader(self._writer.searcher())

    def commit(self, segments: Sequence[object] = (), merge: Merge = MERGE_SMALL) -> None:
        self._writer.commit(mergetype=merge_policy(list(segments), merge))

    def cancel(self) -> None:
        self._writer.cancel()


def merge_policy(segments: list, merge: Merge):
    """A Whoosh merge policy (``commit(mergetype=...)``): ``merge`` of the
    existing segments, then the ``segments`` written apart."""
    # Imported here: a search (which never writes) need not import Whoosh's writing.
    from whoosh.writing import MERGE_SMALL as WHOOSH_MERGE_SMALL
    from whoosh.writing import NO_MERGE, OPTIMIZE

    if isinstance(merge, MergeRun):
        from sclerodex.whoosh_engine.merging import merge_segments_except

        chosen = merge_segments_except(set(merge.older))
    else:
        policies = {MERGE_SMALL: WHOOSH_MERGE_SMALL, MERGE_NONE: NO_MERGE, MERGE_ALL: OPTIMIZE}
        if merge not in policies:
            raise ValueError(f"unknown merge {merge!r}")
        chosen = policies[merge]

    def policy(writer, existing):
        return list(chosen(writer, existing)) + segments

    return policy


class WhooshStore:
    """A Store on one Whoosh index generation (storage.py's folders)."""

    def __init__(self, index, location: Path):
        self._index = index
        self.location = location

    def reader(self) -> WhooshReader:
        return WhooshReader(self._index.searcher())

    def writer(self, in_memory: bool = False) -> WhooshWriter:
        return WhooshWriter(open_writer(self._index, in_memory=in_memory))

    def segment_ids(self) -> frozenset[str]:
        return frozenset(w3_internals.segment_ids(self._index))


def open_store(index_dir: Path, create: bool = False) -> WhooshStore:
    """The store of the index's current generation (storage.open_index: its
    errors, and ``create`` for writers holding the lock)."""
    index = open_index(index_dir, create=create)
    return WhooshStore(index, Path(index.storage.folder))


def open_store_at(generation: Path) -> WhooshStore:
    """The store of one generation folder, read with the schema it was written with (a rebuild's source and target)."""
    return WhooshStore(open_generation(generation), Path(generation))
