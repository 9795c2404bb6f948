"""Reading and parsing one file, as a pure function that can run in a worker
process: no index, no shared state, only the file and what the caller knows
about it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sclerodex.errors import UnusableSource
from sclerodex.index.documents import searchable_texts
from sclerodex.ingest.kinds import looks_like_feed
from sclerodex.ingest.records import Article
from sclerodex.ingest.sources import parse_document, read_file
from sclerodex.whoosh_engine.preanalysis import PackedAnalysis, analyse_texts


@dataclass(frozen=True)
class PreparedFile:
    """What one file turned out to be.

    Exactly one of: ``same_bytes`` (the bytes hash as before: nothing parsed),
    ``article`` (with ``analysis``, its texts analysed for the index
    writer), ``feed`` (the raw bytes of a feed, read by the caller, which
    may need to fetch its items), or ``reason`` (skipped).
    """

    path: str
    size: int | None = None
    mtime_ns: int | None = None
    sha256: str | None = None
    same_bytes: bool = False
    article: Article | None = None
    analysis: PackedAnalysis | None = None
    feed: bytes | None = None
    reason: str | None = None


def prepare_file(path: str, known_sha256: str | None, max_bytes: int) -> PreparedFile:
    try:
        status, data = read_file(path, max_bytes)
    except UnusableSource as problem:
        return PreparedFile(path, reason=str(problem))
    facts = {"size": status.st_size, "mtime_ns": status.st_mtime_ns, "sha256": hashlib.sha256(data).hexdigest()}
    if facts["sha256"] == known_sha256:
        return PreparedFile(path, same_bytes=True, **facts)
    if looks_like_feed(data):
        return PreparedFile(path, feed=data, **facts)
    try:
        article = parse_document(data, path)
    except UnusableSource as problem:
        return PreparedFile(path, reason=str(problem), **facts)
    return PreparedFile(path, article=article, analysis=analyse_texts(searchable_texts(article)), **facts)
