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
from contextlib import closing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sclerodex.errors import NothingRemembered, UnusableSource
from sclerodex.index.manifest import SourceRecord
from sclerodex.index.remembered import SAMPLES_SOURCE, RememberedSource, list_remembered, normalise_source
from sclerodex.index.runs import now
from sclerodex.index.writer import COMMIT_SECONDS, DEFAULT_BATCH, ArticleWriter, WriteSummary
from sclerodex.ingest.fetch import DEFAULT_TIMEOUT, fetch, is_url
from sclerodex.ingest.limits import DEFAULT_MAX_BYTES
from sclerodex.ingest.pool import map_in_order
from sclerodex.sync.prepare import PreparedFile, prepare_file
from sclerodex.ingest.sources import (
    SAMPLE_URLS,
    expand_paths,
    is_bundled_sample,
    parse_document,
    sample_paths,
    with_sample_url,
)


@dataclass(frozen=True)
class IngestOptions:
    force: bool = False  # re-read and rewrite everything
    prune: bool = False  # remove articles whose file is gone, under the folders given
    wait: float = 0.0  # seconds to wait for another writer
    batch_size: int = DEFAULT_BATCH
    # Also commit after this many seconds of work (None: only every batch_size).
    commit_seconds: float | None = COMMIT_SECONDS
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
    on_commit: Callable[[int | None], None] | None = None,
) -> WriteSummary:
    """Ingest files, folders, page URLs and feeds (files or URLs) into the index.

    ``SAMPLES_SOURCE`` among ``sources`` stands for the bundled samples.  A
    source that cannot be used is recorded in ``summary.skipped`` (and
    reported through ``on_progress``); the rest go on.  Each source given is
    remembered (remembered.py) for ``update_sources``, and the run is logged.
    ``on_commit`` is told when a commit starts (with its number of articles)
    and ends (None).
    """
    specs = list(dict.fromkeys(normalise_source(os.fspath(s)) for s in sources))
    with ArticleWriter(
        index_dir, options.batch_size, options.wait, on_wait, options.force,
        log_run=True, commit_seconds=options.commit_seconds, on_commit=on_commit,
    ) as writer:
        run = _Run(writer, writer.sources(), writer.remembered(), options)
        units = [unit for number, spec in enumerate(specs) for unit in _units(number, spec)]
        # Files that must be read (not merely stat-ed as unchanged) are read
        # and parsed in worker processes, in order, while this one writes.
        to_read = [
            path for _, path, problem in units if not problem and not is_url(path) and not run.unchanged_file(path)
        ]
        jobs = options.jobs if len(to_read) >= _POOL_THRESHOLD else 1
        prepared = map_in_order(
            prepare_file, ((path, run.known_sha256(path), options.max_bytes) for path in to_read), jobs
        )
        reading = set(to_read)
        with closing(prepared):  # on Ctrl-C or an error, the workers stop at once
            _read_units(run, units, specs, reading, prepared, on_progress)
        if options.prune:
            run.prune([Path(s) for s in specs if not is_url(s) and Path(s).is_dir()])
        if SAMPLES_SOURCE in specs:
            run.repair_samples()
        run.remember(specs)
        writer.close_run()
    return writer.summary


def _read_units(run: _Run, units, specs, reading: set[str], prepared, on_progress) -> None:
    """Each file, page or feed in turn; ``prepared`` yields the files to read."""
    summary = run.writer.summary
    for done, (number, source, problem) in enumerate(units, 1):
        skipped_before = len(summary.skipped)
        run.begin(specs[number], source)
        if problem:
            run.skip(source, problem)
        elif is_url(source):
            run.url(source)
        elif source in reading:
            run.file(next(prepared))
        else:
            run.unchanged_path(source)
        if on_progress:
            on_progress(Progress(done, len(units), source, tuple(summary.skipped[skipped_before:])))


def update_sources(
    index_dir: Path,
    options: IngestOptions = IngestOptions(),
    on_progress: Callable[[Progress], None] | None = None,
    on_wait: Callable[[float], None] | None = None,
    on_commit: Callable[[int | None], None] | None = None,
) -> WriteSummary:
    """Read every remembered source again, as ``ingest_paths`` does."""
    names = [source.source for source in list_remembered(index_dir)]
    if not names:
        raise NothingRemembered(
            f"the index at {index_dir} remembers no sources yet: give them to 'sclerodex ingest' once"
        )
    return ingest_paths(index_dir, names, options, on_progress, on_wait, on_commit)


def _units(number: int, spec: str) -> list[tuple[int, str, str | None]]:
    """(spec number, source, problem) for each file or URL ``spec`` stands for."""
    if spec == SAMPLES_SOURCE:
        return [(number, path, None) for path in sample_paths()]
    if is_url(spec):
        return [(number, spec, None)]
    return [(number, path, problem) for path, problem in expand_paths([spec])]


@dataclass
class _Tally:
    """What one source given gave in this run (see remembered.py)."""

    kind: str
    articles: int = 0
    skipped: int = 0
    problem: str | None = None


class _Run:
    """One ingest run: the index's source records and the writer."""

    def __init__(
        self,
        writer: ArticleWriter,
        known: dict[str, SourceRecord],
        remembered: dict[str, RememberedSource],
        options: IngestOptions,
    ):
        self.writer = writer
        self.known = known
        self.remembered = remembered
        self.options = options
        self.spec = self.source = ""
        self.tally: dict[str, _Tally] = {}  # by source given

    # --- what each source given gave ------------------------------------------

    def begin(self, spec: str, source: str) -> None:
        self.spec, self.source = spec, source
        if spec not in self.tally:
            kind = "samples" if spec == SAMPLES_SOURCE else "page" if is_url(spec) else (
                "folder" if os.path.isdir(spec) else "file"
            )
            self.tally[spec] = _Tally(kind)

    def gave(self) -> None:
        self.tally[self.spec].articles += 1

    def is_feed(self) -> None:
        """The source given is a feed (not merely a folder holding one)."""
        if self.source == self.spec:
            self.tally[self.spec].kind = "feed"

    def skip(self, source: str, reason: str) -> None:
        """Report a skipped source; one that was asked for by name (or its
        folder, unreadable) makes the run fail."""
        self.writer.skip(source, reason)
        tally = self.tally[self.spec]
        tally.skipped += 1
        if source == self.spec:
            tally.problem = reason
            self.writer.summary.failed.append(source)

    def unchanged(self) -> None:
        self.writer.summary.unchanged += 1
        self.gave()

    def unchanged_path(self, path: str) -> None:
        """A file whose size and mtime are as last read."""
        record = self.known[path]
        if record.skipped:
            return self._known_skip(path, record.skipped)
        self.unchanged()

    def _known_skip(self, path: str, reason: str) -> None:
        """A file skipped before for the same bytes: counted, reported only
        when it was asked for by name."""
        if path == self.spec:
            return self.skip(path, reason)
        self.writer.summary.known_skips.append((path, reason))
        self.tally[self.spec].skipped += 1

    def remember(self, specs: list[str]) -> None:
        """Record each source given, with what it gave: a new one only when it
        could be read, so a mistyped path is not read again by every update."""
        when = now()
        for spec in specs:
            tally = self.tally.get(spec) or _Tally("folder")  # an empty folder: no file began
            before = self.remembered.get(spec)
            if before is None and tally.problem:
                continue
            self.writer.put_ledger(
                RememberedSource(
                    source=spec,
                    kind=tally.kind,
                    added=before.added if before else when,
                    last_read=when,
                    articles=tally.articles,
                    skipped=tally.skipped,
                    problem=tally.problem,
                ).to_document()
            )

    def _record(self, key: str) -> SourceRecord | None:
        return None if self.options.force else self.known.get(key)

    # --- files ---------------------------------------------------------------

    def unchanged_file(self, path: str) -> bool:
        """Same size and mtime as when last read: not even opened."""
        record = self._record(path)
        return bool(record) and not _stale_sample(record) and _same_size_and_mtime(path, record)

    def known_sha256(self, path: str) -> str | None:
        record = self._record(path)
        return record.sha256 if record and not _stale_sample(record) else None

    def file(self, prepared: PreparedFile) -> None:
        path = prepared.path
        known = self._record(path)
        if prepared.reason:
            if prepared.sha256 is None:  # not read at all (permissions, size): say so every time
                return self.skip(path, prepared.reason)
            skipped = SourceRecord(
                key=path, article_id=known.article_id if known else None, sha256=prepared.sha256,
                size=prepared.size, mtime_ns=prepared.mtime_ns, skipped=prepared.reason,
            )
            self.writer.touch_source(skipped)  # not reported again while its bytes stay the same
            return self.skip(path, prepared.reason)
        fresh = SourceRecord(
            key=path, article_id=None, sha256=prepared.sha256, size=prepared.size, mtime_ns=prepared.mtime_ns
        )
        if prepared.same_bytes:
            self.writer.touch_source(fresh.with_changes(article_id=known.article_id, skipped=known.skipped))
            if known.skipped:
                return self._known_skip(path, known.skipped)
            return self.unchanged()
        if prepared.feed is not None:
            self.is_feed()
            self._feed_document(path, prepared.feed, fresh, origin=path)
            return
        article = with_sample_url(prepared.article) if is_bundled_sample(path) else prepared.article
        self._add(article, fresh.with_changes(article_id=article.id), path)

    def _add(self, article, source: SourceRecord, key: str) -> None:
        self.writer.add(article, source, replaces=self._replaced_article(key, article.id))
        self.gave()

    # --- URLs ----------------------------------------------------------------

    def url(self, url: str) -> None:
        record = self._record(url)
        try:
            fetched = self._fetch(url, record)
        except UnusableSource as problem:
            return self.skip(url, str(problem))
        if fetched.status == 304 and record:
            return self._unchanged_url()
        data = fetched.body or b""
        fresh = SourceRecord(
            key=url, article_id=None, sha256=_digest(data), etag=fetched.etag, last_modified=fetched.last_modified
        )
        if record and record.sha256 == fresh.sha256:
            self.writer.touch_source(fresh.with_changes(article_id=record.article_id))
            return self._unchanged_url()
        self._document(url, data, fresh, origin=fetched.url)

    def _unchanged_url(self) -> None:
        """A page or feed as it was: it gives what it gave last time."""
        self.unchanged()
        before = self.remembered.get(self.spec)
        if before is not None:
            self.tally[self.spec].kind, self.tally[self.spec].articles = before.kind, before.articles

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
            self.is_feed()
            return self._feed_document(key, data, fresh, origin)
        try:
            article = parse_document(data, origin)
        except UnusableSource as problem:
            return self.skip(key, str(problem))
        self._add(article, fresh.with_changes(article_id=article.id), key)

    def _feed_document(self, key: str, data: bytes, fresh: SourceRecord, origin: str) -> None:
        from sclerodex.ingest.feeds import parse_feed

        try:
            feed = parse_feed(data)
        except UnusableSource as problem:
            return self.skip(key, str(problem))
        self._feed(feed, origin)
        self.writer.touch_source(fresh)

    def _feed(self, feed, origin: str) -> None:
        from sclerodex.ingest.feeds import article_from_item

        if feed.truncated:
            self.skip(origin, f"feed has more than {len(feed.items)} items; the rest were not read")
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
                self.skip(f"{origin} item {item.key}", str(problem))
                continue
            self._add(article, fresh, item.key)

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


    def repair_samples(self) -> None:
        """Forget bundled samples read from another installation (their path
        changed with it), and their articles when the id was that path."""
        current = set(sample_paths())
        stale = {key for key in self.known if not is_url(key) and is_bundled_sample(key) and key not in current}
        for key in sorted(stale):
            self.writer.drop_source(key)
            article_id = self.known[key].article_id
            if article_id == key and not self._others_use(article_id, key, stale):
                self.writer.remove_article(article_id)


def _stale_sample(record: SourceRecord) -> bool:
    """A bundled export indexed under its path, from before it had its URL."""
    url = SAMPLE_URLS.get(Path(record.key).name)
    return url is not None and is_bundled_sample(record.key) and record.article_id not in (url, None)


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
