"""One sync run's books: what each source given gave, the index's record of
each file, page and feed item, and the articles to add, replace or prune.
The readers (``files.py``, ``web.py``) report to it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sclerodex.index.manifest import SourceRecord
from sclerodex.index.remembered import RememberedSource
from sclerodex.index.runs import now
from sclerodex.index.writer import ArticleWriter
from sclerodex.ingest.fetch import is_url
from sclerodex.ingest.sources import SAMPLE_URLS, is_bundled_sample, sample_paths
from sclerodex.sync.names import SAMPLES_SOURCE
from sclerodex.sync.options import IngestOptions


@dataclass
class _Tally:
    """What one source given gave in this run (index/remembered.py)."""

    kind: str
    articles: int = 0
    skipped: int = 0
    problem: str | None = None


class SyncRun:
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

    def unchanged_as_before(self) -> None:
        """A page or feed as it was: it gives what it gave last time."""
        self.unchanged()
        before = self.remembered.get(self.spec)
        if before is not None:
            self.tally[self.spec].kind, self.tally[self.spec].articles = before.kind, before.articles

    def unchanged_path(self, path: str) -> None:
        """A file whose size and mtime are as last read."""
        record = self.known[path]
        if record.skipped:
            return self.known_skip(path, record.skipped)
        self.unchanged()

    def known_skip(self, path: str, reason: str) -> None:
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

    def record(self, key: str) -> SourceRecord | None:
        return None if self.options.force else self.known.get(key)

    # --- files ---------------------------------------------------------------

    def unchanged_file(self, path: str) -> bool:
        """Same size and mtime as when last read: not even opened."""
        record = self.record(path)
        return bool(record) and not _stale_sample(record) and _same_size_and_mtime(path, record)

    def known_sha256(self, path: str) -> str | None:
        record = self.record(path)
        return record.sha256 if record and not _stale_sample(record) else None

    # --- articles ------------------------------------------------------------

    def add(self, article, source: SourceRecord, key: str, analysis: dict | None = None) -> None:
        self.writer.add(article, source, replaces=self._replaced_article(key, article.id), analysis=analysis)
        self.gave()

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


def _same_size_and_mtime(path: str, record: SourceRecord) -> bool:
    try:
        status = os.stat(path)
    except OSError:
        return False
    return (record.size, record.mtime_ns) == (status.st_size, status.st_mtime_ns)
