"""Pages and feeds on a sync run: a URL is fetched conditionally, a feed's
items are read from their bodies or fetched from their links, and each is
written only when it changed (its record says how it was last read)."""

from __future__ import annotations

import hashlib

from sclerodex.errors import UnusableSource
from sclerodex.index.manifest import SourceRecord
from sclerodex.ingest.feeds import article_from_item, parse_feed
from sclerodex.ingest.fetch import fetch
from sclerodex.ingest.kinds import looks_like_feed
from sclerodex.ingest.sources import parse_document
from sclerodex.sync.run import SyncRun


def read_url(run: SyncRun, url: str) -> None:
    """A page or feed given as a URL."""
    record = run.record(url)
    try:
        fetched = _fetch(run, url, record)
    except UnusableSource as problem:
        return run.skip(url, str(problem))
    if fetched.status == 304 and record:
        return run.unchanged_as_before()
    data = fetched.body or b""
    fresh = SourceRecord(
        key=url, article_id=None, sha256=_digest(data), etag=fetched.etag, last_modified=fetched.last_modified
    )
    if record and record.sha256 == fresh.sha256:
        run.writer.touch_source(fresh.with_changes(article_id=record.article_id))
        return run.unchanged_as_before()
    _document(run, url, data, fresh, origin=fetched.url)


def read_feed(run: SyncRun, key: str, data: bytes, fresh: SourceRecord, origin: str) -> None:
    """A feed's bytes (fetched, or read from a file): each of its items."""
    try:
        feed = parse_feed(data)
    except UnusableSource as problem:
        return run.skip(key, str(problem))
    _feed_items(run, feed, origin)
    run.writer.touch_source(fresh)


def _fetch(run: SyncRun, url: str, record: SourceRecord | None):
    """GET ``url``, conditionally when it was read before."""
    return fetch(
        url,
        etag=record.etag if record else None,
        last_modified=record.last_modified if record else None,
        timeout=run.options.timeout,
        max_bytes=run.options.max_bytes,
    )


def _document(run: SyncRun, key: str, data: bytes, fresh: SourceRecord, origin: str) -> None:
    """Parse a fetched page's bytes: one article, or a feed of them."""
    if looks_like_feed(data):
        run.is_feed()
        return read_feed(run, key, data, fresh, origin)
    try:
        article = parse_document(data, origin)
    except UnusableSource as problem:
        return run.skip(key, str(problem))
    run.add(article, fresh.with_changes(article_id=article.id), key)


def _feed_items(run: SyncRun, feed, origin: str) -> None:
    if feed.truncated:
        run.skip(origin, f"feed has more than {len(feed.items)} items; the rest were not read")
    for item in feed.items:
        record = run.record(item.key)
        fingerprint = item.fingerprint()
        if record and record.fingerprint == fingerprint:
            run.unchanged()
            continue
        try:
            if item.content_html:
                article = article_from_item(item, feed.site)
                fresh = SourceRecord(key=item.key, article_id=article.id, fingerprint=fingerprint)
            elif item.link:
                fetched = _fetch(run, item.link, record)
                if fetched.status == 304 and record:
                    run.writer.touch_source(record.with_changes(fingerprint=fingerprint))
                    run.unchanged()
                    continue
                article = parse_document(fetched.body or b"", item.link)
                fresh = SourceRecord(
                    key=item.key,
                    article_id=article.id,
                    sha256=_digest(fetched.body or b""),
                    etag=fetched.etag,
                    last_modified=fetched.last_modified,
                    fingerprint=fingerprint,
                )
            else:
                raise UnusableSource("feed item has neither a link nor a body")
        except UnusableSource as problem:
            run.skip(f"{origin} item {item.key}", str(problem))
            continue
        run.add(article, fresh, item.key)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
