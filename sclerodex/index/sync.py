"""Bringing the index up to date with files, folders, URLs and feeds.

Only what is new or changed is read and written: a file whose size and mtime
match its record is not even opened; one whose bytes hash the same is not
parsed; an article whose content hash is unchanged is not rewritten.  A URL is
fetched with a conditional request, and a feed item the feed describes as
before is not fetched at all.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sclerodex.errors import UnusableSource
from sclerodex.index.manifest import SourceRecord
from sclerodex.index.writer import DEFAULT_BATCH, ArticleWriter, WriteSummary
from sclerodex.ingest.fetch import DEFAULT_TIMEOUT, fetch, is_url
from sclerodex.ingest.limits import DEFAULT_MAX_BYTES
from sclerodex.ingest.pool import map_in_order
from sclerodex.ingest.prepare import PreparedFile, prepare_file
from sclerodex.ingest.sources import expand_paths, parse_document


@dataclass(frozen=True)
class IngestOptions:
    force: bool = False  # re-read and rewrite everything
    prune: bool = False  # remove articles whose file is gone, under the folders given
    wait: float = 0.0  # seconds to wait for another writer
    batch_size: int = DEFAULT_BATCH
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    # Processes that read and parse files.  More than one starts workers
    # with "spawn", which re-imports the caller's main module: call from under
    # ``if __name__ == "__main__":`` (the CLI uses one per core).
    jobs: int = 1


@dataclass(frozen=True)
class Progress:
    """Reported after each source: how many of how many are done."""

    done: int
    total: int
    source: str
    skipped: tuple[tuple[str, str], ...] = ()  # (source, reason) for what this one skipped


def ingest_paths(
    index_dir: Path,
    sources: Iterable[str | os.PathLike],
    options: IngestOptions = IngestOptions(),
    on_progress: Callable[[Progress], None] | None = None,
    on_wait: Callable[[float], None] | None = None,
) -> WriteSummary:
    """Ingest files, folders, page URLs and feeds (files or URLs) into the index.

    A source that cannot be used is recorded in ``summary.skipped`` (and
    reported through ``on_progress``); the rest go on.
    """
    sources = [os.fspath(s) for s in sources]
    with ArticleWriter(index_dir, options.batch_size, options.wait, on_wait, options.force) as writer:
        run = _Run(writer, writer.sources(), options)
        units = [(spec, None) for spec in sources if is_url(spec)]
        units += [unit for spec in sources if not is_url(spec) for unit in expand_paths([spec])]
        # Files that must be read (not merely stat-ed as unchanged) are read
        # and parsed in worker processes, in order, while this one writes.
        to_read = [path for path, problem in units if not problem and not is_url(path) and not run.unchanged_file(path)]
        jobs = options.jobs if len(to_read) >= _POOL_THRESHOLD else 1
        prepared = map_in_order(
            prepare_file, ((path, run.known_sha256(path), options.max_bytes) for path in to_read), jobs
        )
        reading = set(to_read)
        for done, (source, problem) in enumerate(units, 1):
            skipped_before = len(writer.summary.skipped)
            if problem:
                writer.skip(source, problem)
            elif is_url(source):
                run.url(source)
            elif source in reading:
                run.file(next(prepared))
            else:
                run.unchanged()
            if on_progress:
                on_progress(Progress(done, len(units), source, tuple(writer.summary.skipped[skipped_before:])))
        if options.prune:
            run.prune([Path(s).resolve() for s in sources if not is_url(s) and Path(s).is_dir()])
    return writer.summary


class _Run:
    """One ingest run: the index's source records and the writer."""

    def __init__(self, writer: ArticleWriter, known: dict[str, SourceRecord], options: IngestOptions):
        self.writer = writer
        self.known = known
        self.options = options

    def unchanged(self) -> None:
        self.writer.summary.unchanged += 1

    def _record(self, key: str) -> SourceRecord | None:
        return None if self.options.force else self.known.get(key)

    # --- files ---------------------------------------------------------------

    def unchanged_file(self, path: str) -> bool:
        """Same size and mtime as when last read: not even opened."""
        record = self._record(path)
        return bool(record) and _same_size_and_mtime(path, record)

    def known_sha256(self, path: str) -> str | None:
        record = self._record(path)
        return record.sha256 if record else None

    def file(self, prepared: PreparedFile) -> None:
        path = prepared.path
        if prepared.reason:
            return self.writer.skip(path, prepared.reason)
        fresh = SourceRecord(
            key=path, article_id=None, sha256=prepared.sha256, size=prepared.size, mtime_ns=prepared.mtime_ns
        )
        if prepared.same_bytes:
            self.writer.touch_source(fresh.with_changes(article_id=self.known[path].article_id))
            return self.unchanged()
        if prepared.feed is not None:
            self._feed_document(path, prepared.feed, fresh, origin=path)
            return
        article = prepared.article
        self.writer.add(article, fresh.with_changes(article_id=article.id), replaces=self._replaced_article(path, article.id))

    # --- URLs ----------------------------------------------------------------

    def url(self, url: str) -> None:
        record = self._record(url)
        try:
            fetched = self._fetch(url, record)
        except UnusableSource as problem:
            return self.writer.skip(url, str(problem))
        if fetched.status == 304 and record:
            return self.unchanged()
        data = fetched.body or b""
        fresh = SourceRecord(
            key=url, article_id=None, sha256=_digest(data), etag=fetched.etag, last_modified=fetched.last_modified
        )
        if record and record.sha256 == fresh.sha256:
            self.writer.touch_source(fresh.with_changes(article_id=record.article_id))
            return self.unchanged()
        self._document(url, data, fresh, origin=fetched.url)

    def _fetch(self, url: str, record: SourceRecord | None):
        """GET ``url``, conditionally when it was read before."""
        return fetch(
            url,
            etag=record.etag if record else None,
            last_modified=record.last_modified if record else None,
            timeout=self.options.timeout,
            max_bytes=self.options.max_bytes,
        )

    # --- documents and feeds ------------------------------------------------

    def _document(self, key: str, data: bytes, fresh: SourceRecord, origin: str) -> None:
        """Parse a fetched page's bytes: one article, or a feed of them."""
        from sclerodex.ingest.feeds import looks_like_feed

        if looks_like_feed(data):
            return self._feed_document(key, data, fresh, origin)
        try:
            article = parse_document(data, origin)
        except UnusableSource as problem:
            return self.writer.skip(key, str(problem))
        self.writer.add(article, fresh.with_changes(article_id=article.id), replaces=self._replaced_article(key, article.id))

    def _feed_document(self, key: str, data: bytes, fresh: SourceRecord, origin: str) -> None:
        from sclerodex.ingest.feeds import parse_feed

        try:
            feed = parse_feed(data)
        except UnusableSource as problem:
            return self.writer.skip(key, str(problem))
        self._feed(feed, origin)
        self.writer.touch_source(fresh)

    def _feed(self, feed, origin: str) -> None:
        from sclerodex.ingest.feeds import article_from_item

        if feed.truncated:
            self.writer.skip(origin, f"feed has more than {len(feed.items)} items; the rest were not read")
        for item in feed.items:
            record = self._record(item.key)
            fingerprint = item.fingerprint()
            if record and record.fingerprint == fingerprint:
                self.unchanged()
                continue
            try:
                if item.content_html:
                    article = article_from_item(item, feed.site)
                    fresh = SourceRecord(key=item.key, article_id=article.id, fingerprint=fingerprint)
                elif item.link:
                    fetched = self._fetch(item.link, record)
                    if fetched.status == 304 and record:
                        self.writer.touch_source(record.with_changes(fingerprint=fingerprint))
                        self.unchanged()
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
                self.writer.skip(f"{origin} item {item.key}", str(problem))
                continue
            self.writer.add(article, fresh, replaces=self._replaced_article(item.key, article.id))

    def _replaced_article(self, key: str, new_article_id: str) -> str | None:
        """The article this source yielded before, when it now yields another
        (its canonical URL changed): it must not be left behind."""
        record = self.known.get(key)
        old = record.article_id if record else None
        if old and old != new_article_id and not self._others_use(old, key):
            return old
        return None

    def _others_use(self, article_id: str, except_key: str, gone: set[str] = frozenset()) -> bool:
        return any(
            r.article_id == article_id and k != except_key and k not in gone for k, r in self.known.items()
        )

    # --- pruning -------------------------------------------------------------

    def prune(self, folders: list[Path]) -> None:
        """Remove articles whose source file under ``folders`` no longer exists."""
        gone = {
            key
            for key in self.known
            if not is_url(key) and any(_is_under(key, folder) for folder in folders) and not os.path.exists(key)
        }
        for key in sorted(gone):
            self.writer.drop_source(key)
            article_id = self.known[key].article_id
            if article_id and not self._others_use(article_id, key, gone):
                self.writer.remove_article(article_id)


def _is_under(path: str, folder: Path) -> bool:
    try:
        return Path(path).is_relative_to(folder)
    except ValueError:
        return False


# Below this many files to read, starting worker processes costs more than it saves.
_POOL_THRESHOLD = 24


def _same_size_and_mtime(path: str, record: SourceRecord) -> bool:
    try:
        status = os.stat(path)
    except OSError:
        return False
    return (record.size, record.mtime_ns) == (status.st_size, status.st_mtime_ns)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
