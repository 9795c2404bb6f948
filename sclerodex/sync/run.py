"""One sync run's books: what each source given gave, the index's record of
each file, page and feed item, and the articles to add, replace or prune.
The readers (``files.py``, ``web.py``) report to it."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from sclerodex.index.exclusions import Exclusions
from sclerodex.index.failing import Failing, failing_doc_id
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
    excluded: int = 0
    problem: str | None = None


class SyncRun:
    """One ingest run: the index's source records and the writer.

    ``named``: the sources the user named for this run (``ingest``'s
    arguments; none for ``update``): a removed article whose own file or
    URL is named is brought back.
    """

    def __init__(
        self,
        writer: ArticleWriter,
        known: dict[str, SourceRecord],
        remembered: dict[str, RememberedSource],
        options: IngestOptions,
        exclusions: Exclusions = Exclusions({}, {}),
        failing: dict[str, Failing] | None = None,
        named: frozenset[str] = frozenset(),
    ):
        self.writer = writer
        self.known = known
        self.remembered = remembered
        self.options = options
        self.exclusions = exclusions
        self.failing = dict(failing or {})
        self.named = named
        self.spec = self.source = ""
        self.tally: dict[str, _Tally] = {}  # by source given
        self.tried: set[str] = set()  # keys read (or tried) in this run
        self.gone_urls: set[str] = set()  # pages that answered 404 or 410
        self.started = dt.datetime.now(dt.timezone.utc)

    # --- what each source given gave ------------------------------------------

    def begin(self, spec: str, source: str) -> None:
        """A source given, and the file or URL of it read now.  A remembered
        source keeps the kind it was first remembered as: a folder that is
        gone is still a folder, a feed whose server is down still a feed."""
        self.spec, self.source = spec, source
        if spec not in self.tally:
            before = self.remembered.get(spec)
            kind = before.kind if before else "samples" if spec == SAMPLES_SOURCE else "page" if is_url(spec) else (
                "folder" if os.path.isdir(spec) else "file"
            )
            self.tally[spec] = _Tally(kind)

    def gave(self, count: int = 1) -> None:
        self.tally[self.spec].articles += count

    def gave_again(self, source: str) -> None:
        """A source read already in this run through another source given
        (a file of a folder, named itself too): counted for this one's
        tally, not again in the summary."""
        record = self.writer.queued_source(source) or self.known.get(source)
        if record is not None and record.article_id and not record.excluded:
            self.gave()

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

    def gone(self, source: str, reason: str) -> None:
        """A remembered source that is gone for good (its folder or file is
        missing, its page answers 404 or 410): reported, and removed with
        its articles by ``--prune``."""
        remembered = source in self.remembered
        if remembered and self.options.prune:
            reason += ": gone for good; its articles are removed and it is forgotten"
        elif remembered:
            reason += ": gone for good; 'sclerodex update --prune' removes its articles and forgets it"
        self.skip(source, reason)
        if is_url(source):
            self.gone_urls.add(source)
        if remembered:
            self.writer.summary.gone.append(source)

    def unchanged(self, count: int = 1) -> None:
        self.writer.summary.unchanged += count
        self.gave(count)

    def unchanged_record(self, record: SourceRecord) -> None:
        """A source as it was when last read: unchanged, or still excluded."""
        self.tried.add(record.key)
        self._recovered(record.key)
        if record.excluded:
            return self._count_excluded()
        self.unchanged()

    def unchanged_as_before(self, record: SourceRecord) -> None:
        """A page or feed as it was: it gives what it gave last time (every
        item of a feed counts as unchanged)."""
        before = self.remembered.get(self.spec)
        if self.source == self.spec and before is not None and before.kind == "feed":
            self.tried.add(record.key)
            self._recovered(record.key)
            self.unchanged(before.articles)
            self.tally[self.spec].kind = before.kind
            return
        self.unchanged_record(record)

    def unchanged_path(self, path: str) -> None:
        """A file whose size and mtime are as last read."""
        record = self.known[path]
        if record.skipped:
            return self.known_skip(path, record.skipped)
        self.unchanged_record(record)

    def known_skip(self, path: str, reason: str) -> None:
        """A file skipped before for the same bytes: counted, reported only
        when it was asked for by name."""
        if path == self.spec:
            return self.skip(path, reason)
        self.writer.summary.known_skips.append((path, reason))
        self.tally[self.spec].skipped += 1

    # --- what failed, tried again -------------------------------------------

    def failed(self, key: str, reason: str, link: str | None = None, fingerprint: str | None = None) -> None:
        """Remember that ``key`` could not be read (failing.py); ``link``:
        what to fetch to try a feed item again."""
        self.tried.add(key)
        when = now()
        before = self.failing.get(key)
        failing = (
            before.failed_again(reason, when).with_link(link, fingerprint)
            if before
            else Failing(key, self.source, reason, when, when, 1, link, fingerprint, given=self.spec)
        )
        self.failing[key] = failing
        self.writer.put_ledger(failing.to_document())

    def failed_source(self, key: str, reason: str) -> None:
        """A file, page or feed of a remembered source that could not be
        read: remembered as failing, for 'sources' and 'update -v' to list
        (every update reads it again)."""
        if self.spec in self.remembered:
            self.failed(key, reason)

    def _recovered(self, key: str) -> None:
        if self.failing.pop(key, None) is not None:
            self.writer.drop_ledger(failing_doc_id(key))

    def held_back(self, failing: Failing) -> bool:
        """Whether a failing item waits for its backoff (counted and said)."""
        if not failing.held_back(self.started):
            return False
        self.tried.add(failing.key)
        self.writer.summary.held_back.append((failing.key, failing.next_try().isoformat(timespec="seconds")))
        return True

    def to_retry(self, via: str) -> list[Failing]:
        """The failing feed items read through ``via`` not yet tried in this run."""
        return [f for f in self.failing.values() if f.via == via and f.link and f.key not in self.tried]

    def still_failing(self) -> list[Failing]:
        return sorted(self.failing.values(), key=lambda failing: (failing.since, failing.key))

    def remember(self, specs: list[str], pruned: set[str] = frozenset()) -> None:
        """Record each source given, with what it gave: a new one only when it
        could be read, so a mistyped path is not read again by every update;
        one gone for good and pruned is forgotten."""
        when = now()
        for spec in specs:
            tally = self.tally.get(spec) or _Tally("folder")  # an empty folder: no file began
            before = self.remembered.get(spec)
            if spec in pruned:
                if before is not None:
                    self.writer.drop_ledger(before.to_document()["doc_id"])
                continue
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
                    excluded=tally.excluded,
                    problem=tally.problem,
                ).to_document()
            )

    def record(self, key: str) -> SourceRecord | None:
        """What ``key`` looked like when last read; None when it must be read
        afresh (``--force``, or a removed article whose file or URL is named)."""
        record = None if self.options.force else self.known.get(key)
        if record is not None and record.excluded and key in self.named:
            return None
        return record

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
        """Queue an article read from ``key`` -- unless 'sclerodex remove'
        keeps it out and its own file or URL was not named."""
        self.tried.add(key)
        self._recovered(key)
        exclusion = self.exclusions.of(article.id, key)
        if exclusion is not None:
            if key not in self.named:
                self.writer.touch_source(source.with_changes(article_id=None, excluded=exclusion.article_id))
                return self._count_excluded()
            self.writer.drop_ledger(exclusion.doc_id())
            self.writer.summary.restored.append((article.id, article.title))
        self.writer.add(article, source, replaces=self._replaced_article(key, article.id), analysis=analysis)
        self.gave()

    def _count_excluded(self) -> None:
        self.writer.summary.excluded += 1
        self.tally[self.spec].excluded += 1

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

    def prune(self, specs: list[str]) -> set[str]:
        """Remove the articles of sources gone for good: files no longer
        there under (or named as) the paths given, and pages given that
        answered 404 or 410.  Returns the sources given that are gone
        themselves (to be forgotten).  A source that is only unreachable
        (a timeout, a server error) keeps its articles."""
        paths = [Path(spec) for spec in specs if not is_url(spec) and spec != SAMPLES_SOURCE]
        gone = {
            key
            for key in self.known
            if not is_url(key) and any(_is_under(key, path) for path in paths) and not os.path.exists(key)
        }
        gone |= {url for url in self.gone_urls if url in self.known}
        for key in sorted(gone):
            self.writer.drop_source(key)
            article_id = self.known[key].article_id
            if article_id and not self._others_use(article_id, key, gone):
                self.writer.remove_article(article_id)
        return {spec for spec in specs if spec in self.gone_urls or (not is_url(spec) and not os.path.exists(spec) and spec != SAMPLES_SOURCE)}

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
    """``path`` is ``folder`` or a file below it."""
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
