"""Remembered sources: every folder, file, page or feed given to ingest, so
that ``sclerodex update`` can read them all again.

A source is remembered under the name the ingest driver gives it (its
absolute path, its URL, or the bundled samples' name: sync/names.py), with
when it was last read and what it gave.  Forgetting a source keeps its
articles (``ingest --prune`` on its folder, or ``remove``, takes them out).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from sclerodex.engine import StoreReader
from sclerodex.index.documents import ledger_document, ledger_record, ledger_records, stored_ledger_document
from sclerodex.index.ledger import REMEMBERED


@dataclass(frozen=True)
class RememberedSource:
    """A source given to ingest, and what its last reading gave.

    ``kind`` is folder, file, page, feed or samples, as first remembered;
    ``articles`` the articles it yielded (new, changed or unchanged);
    ``excluded`` those 'sclerodex remove' keeps out; ``problem`` why the
    source itself could not be read, the last time.
    """

    source: str
    kind: str
    added: str
    last_read: str
    articles: int = 0
    skipped: int = 0
    problem: str | None = None
    excluded: int = 0

    def with_changes(self, **changes) -> RememberedSource:
        return replace(self, **changes)

    def to_document(self) -> dict:
        return ledger_document(REMEMBERED, self.source, asdict(self))

    @classmethod
    def from_record(cls, record: dict) -> RememberedSource:
        return cls(**{name: record[name] for name in cls.__dataclass_fields__ if name in record})


def remembered_sources(reader: StoreReader) -> list[RememberedSource]:
    """Every remembered source, in the order they were first given."""
    found = [RememberedSource.from_record(record) for record in ledger_records(reader, REMEMBERED)]
    return sorted(found, key=lambda s: (s.added, s.source))


def find_remembered(reader: StoreReader, names: Iterable[str]) -> RememberedSource | None:
    """The source remembered under the first of ``names`` that is one."""
    for candidate in names:
        fields = stored_ledger_document(reader, REMEMBERED, candidate)
        if fields is not None:
            return RememberedSource.from_record(ledger_record(fields))
    return None


def list_remembered(index_dir: Path) -> list[RememberedSource]:
    """Every remembered source of the index at ``index_dir``."""
    from sclerodex.whoosh_engine.storage import read_with_retries
    from sclerodex.whoosh_engine.store import open_store

    def read() -> list[RememberedSource]:
        with open_store(index_dir).reader() as reader:
            return remembered_sources(reader)

    return read_with_retries(index_dir, read)
