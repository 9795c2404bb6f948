"""What the index remembers about each source, to re-read only what changed.

A source is a file path, a page URL or a feed item's link.  Its record is kept
as a "source" document in the same Whoosh commit as its article, so the two
can never disagree after a crash.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace

SOURCE = "source"


@dataclass(frozen=True)
class SourceRecord:
    """Fingerprint of one source when it was last read.

    Files: ``size`` and ``mtime_ns`` (cheap), ``sha256`` of the bytes (exact).
    URLs: the server's ``etag`` / ``last_modified`` for conditional requests.
    Feed items: ``fingerprint`` of the item as the feed describes it.
    ``skipped``: why the file was skipped (binary, empty...), so that it is
    not reported again until it changes.
    """

    key: str
    article_id: str | None
    sha256: str | None = None
    size: int | None = None
    mtime_ns: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    fingerprint: str | None = None
    skipped: str | None = None

    def with_changes(self, **changes) -> SourceRecord:
        return replace(self, **changes)

    def to_document(self) -> dict:
        return {
            "doc_id": source_doc_id(self.key),
            "kind": SOURCE,
            "source_of": self.article_id or "",
            "source": self.key,
            "record": json.dumps(asdict(self), ensure_ascii=False),
        }

    @classmethod
    def from_stored(cls, fields: dict) -> SourceRecord:
        data = json.loads(fields["record"])
        known = {name: data.get(name) for name in cls.__dataclass_fields__}
        return cls(**known)


def source_doc_id(key: str) -> str:
    return f"{SOURCE}:{key}"
