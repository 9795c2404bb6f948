"""Small records the index keeps beside its articles: remembered sources,
the run log and saved searches.

Each is one Whoosh document with only stored fields (``doc_id``, ``kind``,
``record`` as JSON), like the source records of manifest.py: no new field, so
an index written before them needs no rebuild, searches never match them, and
they are written in the same commits as the articles they describe.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

REMEMBERED = "remembered"  # a source given to ingest (remembered.py)
RUN = "run"  # one ingest or update run (runs.py)
WATCH = "watch"  # a saved search (watches.py)
KINDS = (REMEMBERED, RUN, WATCH)


def ledger_doc_id(kind: str, key: str) -> str:
    return f"{kind}:{key}"


def ledger_document(kind: str, key: str, record: dict) -> dict:
    return {"doc_id": ledger_doc_id(kind, key), "kind": kind, "record": json.dumps(record, ensure_ascii=False)}


def ledger_records(searcher, kind: str) -> Iterator[dict]:
    """The records of every document of ``kind``."""
    for fields in searcher.documents(kind=kind):
        yield json.loads(fields["record"])
