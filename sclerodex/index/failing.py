"""What could not be read, remembered until it can: a feed item whose page
answered 404 or timed out, a page or a file that failed.

``update`` tries each again (a feed item even when its feed is unchanged),
with a bounded backoff: every run for the first ``RETRIES_AT_ONCE`` failures,
then not more often than every ``BACKOFF_SECONDS``.  Nothing is ever given
up: ``sources`` and ``update --verbose`` list what is still failing and since
when, and a success forgets the record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace

from sclerodex.engine import StoreReader
from sclerodex.index.documents import ledger_document, ledger_records
from sclerodex.index.ledger import FAILING, ledger_doc_id

RETRIES_AT_ONCE = 3
BACKOFF_SECONDS = 3600


@dataclass(frozen=True)
class Failing:
    """A source that failed: ``key`` as its source record would name it,
    ``via`` the file, page or feed it was read through (a remembered source's
    unit), ``link`` what to fetch again for a feed item."""


    key: str
    via: str
    reason: str
    since: str  # first failure (ISO time, UTC)
    last_tried: str
    attempts: int = 1
    link: str | None = None
    fingerprint: str | None = None  # the feed item's, to record once read
    given: str | None = None  # the remembered source it belongs to (a folder holding a feed file...)

    def to_document(self) -> dict:
        return ledger_document(FAILING, self.key, asdict(self))

    def doc_id(self) -> str:
        return failing_doc_id(self.key)

    @classmethod
    def from_record(cls, record: dict) -> Failing:
        return cls(**{name: record.get(name) for name in cls.__dataclass_fields__ if name in record})

    def failed_again(self, reason: str, when: str) -> Failing:
        return replace(self, reason=reason, last_tried=when, attempts=self.attempts + 1)

    def with_link(self, link: str | None, fingerprint: str | None) -> Failing:
        """The newest link and fingerprint of a feed item (kept when not given)."""
        return replace(self, link=link or self.link, fingerprint=fingerprint or self.fingerprint)

    def next_try(self) -> dt.datetime | None:
        """When it may be tried again; None: at the next run."""
        if self.attempts < RETRIES_AT_ONCE:
            return None
        return dt.datetime.fromisoformat(self.last_tried) + dt.timedelta(seconds=BACKOFF_SECONDS)

    def held_back(self, now: dt.datetime) -> bool:
        due = self.next_try()
        return due is not None and now < due


def failing_doc_id(key: str) -> str:
    return ledger_doc_id(FAILING, key)


def failing_records(reader: StoreReader) -> dict[str, Failing]:
    """Everything still failing, by key."""
    found = (Failing.from_record(record) for record in ledger_records(reader, FAILING))
    return {failing.key: failing for failing in found}


def failing_by_source(index_dir) -> dict[str, list[Failing]]:
    """Everything still failing in the index at ``index_dir``, by the
    remembered source it belongs to, oldest failure first."""
    from sclerodex.whoosh_engine.storage import read_with_retries
    from sclerodex.whoosh_engine.store import open_store

    def read() -> dict[str, list[Failing]]:
        with open_store(index_dir).reader() as reader:
            found = sorted(failing_records(reader).values(), key=lambda f: (f.since, f.key))
        grouped: dict[str, list[Failing]] = {}
        for failing in found:
            grouped.setdefault(failing.given or failing.via, []).append(failing)
        return grouped

    return read_with_retries(index_dir, read)
