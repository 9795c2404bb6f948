"""What the index remembers about each source, to re-read only what changed.

A source is a file path, a page URL or a feed item's link.  Its record is kept
as a "source" document in the same Whoosh commit as its article, so the two
can never disagree after a crash (its document: documents.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

SOURCE = "source"


@dataclass(frozen=True)
class SourceRecord:
    """Fingerprint of one source when it was last read.

    Files: ``size`` and ``mtime_ns`` (cheap), ``sha256`` of the bytes (exact).
    URLs: the server's ``etag`` / ``last_modified`` for conditional requests.
    Feed items: ``fingerprint`` of the item as the feed describes it.
    ``skipped``: why the file was skipped (binary, empty...), so that it is
    not reported again until it changes.
    ``excluded``: the id of the article it yields, which 'sclerodex remove'
    keeps out (exclusions.py): counted as excluded while it is unchanged.
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
    excluded: str | None = None

    def with_changes(self, **changes) -> SourceRecord:
        return replace(self, **changes)
