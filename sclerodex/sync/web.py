"""Pages and feeds on a sync run: a URL is fetched conditionally, a feed's
items are read from their bodies or fetched from their links, and each is
written only when it changed (its record says how it was last read).  A feed
item that could not be fetched is remembered (index/failing.py) and tried
again on the next runs, whatever the feed itself says."""

from __future__ import annotations

import hashlib

from sclerodex.errors import SourceGone, UnusableSource
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
    except SourceGone as problem:
        run.failed_source(url, str(problem))
        return run.gone(url, str(problem))
    except UnusableSource as problem:
        run.failed_source(url, str(problem))
        return run.skip(url, _unreachable(run, url, str(problem)))
    if fetched.status == 304 and record:
        return run.unchanged_as_before(record)
    data = fetched.body or b""
    fresh = SourceRecord(
        key=url, article_id=None, sha256=_digest(data), etag=fetched.etag, last_modified=fetched.last_modified
    )
    if record and record.sha256 == fresh.sha256:
        run.writer.touch_source(fresh.with_changes(article_id=record.article_id, excluded=record.excluded))
        return run.unchanged_as_before(record)
    _document(run, url, data, fresh, origin=fetched.url)


def _unreachable(run: SyncRun, url: str, reason: str) -> str:
    """A remembered page or feed that did not answer keeps its articles."""
    if url in run.remembered:
        return f"{reason} (unreachable: its articles are kept; tried again at the next update)"
    return reason


def read_feed(run: SyncRun, key: str, data: bytes, fresh: SourceRecord, origin: str) -> None:
    """A feed's bytes (fetched, or read from a file): each of its items."""
    try:
        feed = parse_feed(data)
    except UnusableSource as problem:
        return run.skip(key, str(problem))
    _feed_items(run, feed, origin)
    run.writer.touch_source(fresh)


def retry_failing(run: SyncRun, via: str) -> None:
    """The feed items read through ``via`` that failed in an earlier run
    and were not tried in this one (their feed is unchanged): tried again,
    unless they wait for their backoff."""
    for failing in run.to_retry(via):
        if run.held_back(failing):
            continue
        _fetch_item(run, failing.key, failing.link, failing.fingerprint, via)


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
            run.unchanged_record(record)
            continue
        failing = run.failing.get(item.key)
        if failing is not None and run.held_back(failing):
            continue
        if item.content_html:
            try:
                article = article_from_item(item, feed.site)
            except UnusableSource as problem:
                run.skip(f"{origin} item {item.key}", str(problem))
                continue
            run.add(article, SourceRecord(key=item.key, article_id=article.id, fingerprint=fingerprint), item.key)
        elif item.link:
            _fetch_item(run, item.key, item.link, fingerprint, origin, record)
        else:
            run.skip(f"{origin} item {item.key}", "feed item has neither a link nor a body")


def _fetch_item(
    run: SyncRun, key: str, link: str, fingerprint: str | None, origin: str, record: SourceRecord | None = None
) -> None:
    """A feed item's page; on failure it is remembered, to be tried again."""
    try:
        fetched = _fetch(run, link, record)
        if fetched.status == 304 and record:
            run.writer.touch_source(record.with_changes(fingerprint=fingerprint))
            return run.unchanged_record(record)
        article = parse_document(fetched.body or b"", link)
    except UnusableSource as problem:
        run.skip(f"{origin} item {key}", f"{problem} (tried again at the next update)")
        return run.failed(key, str(problem), link, fingerprint)
    fresh = SourceRecord(
        key=key,
        article_id=article.id,
        sha256=_digest(fetched.body or b""),
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        fingerprint=fingerprint,
    )
    run.add(article, fresh, key)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
