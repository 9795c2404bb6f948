"""Saved searches ("watches"): queries run again after every ingest or
update, over the articles that run added or changed.

A watch remembers each section it has reported, with a digest of its text,
so it never reports a section twice unless the section changed.  Watches are
ledger documents (index/ledger.py): written under the index's write lock,
kept by ``index rebuild``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from sclerodex.errors import NoSuchWatch, QueryError
from sclerodex.index.documents import article_of_section, ledger_document, ledger_records, section_text
from sclerodex.index.ledger import WATCH, ledger_doc_id
from sclerodex.index.runs import now
from sclerodex.index.writer import ArticleWriter
from sclerodex.search.filters import Filters, date_bound
from sclerodex.search.records import SearchResult
from sclerodex.whoosh_engine.storage import open_index, read_with_retries, reading


@dataclass(frozen=True)
class Watch:
    """A saved query with its options, and what it has reported:
    section doc id -> digest of the section's text."""

    number: int
    query: str
    added: str
    tags: tuple[str, ...] = ()
    site: str | None = None
    since: str | None = None
    until: str | None = None
    synonyms: bool = True
    limit: int = 10
    reported: dict[str, str] = field(default_factory=dict)

    def filters(self, articles: frozenset[str] | None = None, exclude: frozenset[str] = frozenset()) -> Filters:
        return Filters(
            since=date_bound(self.since) if self.since else None,
            until=date_bound(self.until, end=True) if self.until else None,
            tags=self.tags,
            site=self.site,
            articles=articles,
            exclude=exclude,
        )

    def options(self) -> list[str]:
        """The options as they would be typed after ``sclerodex search``."""
        typed = [f"--tag {tag!r}" for tag in self.tags]
        typed += [f"--{name} {value!r}" for name, value in (("site", self.site), ("since", self.since), ("until", self.until)) if value]
        typed += [] if self.synonyms else ["--no-synonyms"]
        typed += [] if self.limit == 10 else [f"--limit {self.limit}"]
        return typed

    def label(self) -> str:
        return " ".join([repr(self.query)] + self.options())

    def to_document(self) -> dict:
        return ledger_document(WATCH, str(self.number), asdict(self))

    @classmethod
    def from_record(cls, record: dict) -> Watch:
        known = {name: record[name] for name in cls.__dataclass_fields__ if name in record}
        known["tags"] = tuple(known.get("tags") or ())
        return cls(**known)


@dataclass(frozen=True)
class WatchReport:
    """What one watch found among a run's new and changed sections."""

    watch: Watch
    result: SearchResult


def _read_watches(searcher) -> list[Watch]:
    return sorted((Watch.from_record(r) for r in ledger_records(searcher, WATCH)), key=lambda w: w.number)


def list_watches(index_dir: Path) -> list[Watch]:
    def read() -> list[Watch]:
        with open_index(index_dir).searcher() as searcher:
            return _read_watches(searcher)

    return read_with_retries(index_dir, read)


def add_watch(
    index_dir: Path,
    query: str,
    *,
    tags: Iterable[str] = (),
    site: str | None = None,
    since: str | None = None,
    until: str | None = None,
    synonyms: bool = True,
    limit: int = 10,
    wait: float = 0.0,
    on_wait: Callable[[float], None] | None = None,
) -> Watch:
    """Save a search; it reports its first matches after the next run.

    Creates the index when there is none, so watches can be set up before
    the first ingest."""
    if not query.strip():
        raise QueryError("a saved search needs a query")
    watch = Watch(0, query.strip(), now(), tuple(tags), site, since, until, synonyms, limit)
    watch.filters()  # refuse unreadable dates now, not after the next run
    with ArticleWriter(index_dir, wait=wait, on_wait=on_wait) as writer:
        with reading(index_dir), writer.index.searcher() as searcher:
            number = max((w.number for w in _read_watches(searcher)), default=0) + 1
        watch = replace(watch, number=number)
        writer.put_ledger(watch.to_document())
    return watch


def remove_watch(
    index_dir: Path, number: int, wait: float = 0.0, on_wait: Callable[[float], None] | None = None
) -> Watch:
    with ArticleWriter(index_dir, wait=wait, on_wait=on_wait, create=False) as writer:
        with reading(index_dir), writer.index.searcher() as searcher:
            found = [w for w in _read_watches(searcher) if w.number == number]
        if not found:
            raise NoSuchWatch(f"no saved search number {number}: 'sclerodex watch list' shows them")
        writer.drop_ledger(ledger_doc_id(WATCH, str(number)))
    return found[0]


def check_watches(
    index_dir: Path,
    changed: Iterable[str],
    wait: float = 0.0,
    on_wait: Callable[[float], None] | None = None,
) -> list[WatchReport]:
    """Run every watch over the sections of the ``changed`` articles; report
    (and remember) the sections it has not reported before, or that changed
    since.  Watches with nothing new are left out."""
    from sclerodex.search.searcher import matching_sections, search

    changed = frozenset(changed)
    watches = list_watches(index_dir)
    if not changed or not watches:
        return []
    reports, updated = [], []
    for watch in watches:
        exclude = _still_reported(index_dir, watch, changed)
        filters = watch.filters(articles=changed, exclude=exclude)
        found = matching_sections(index_dir, watch.query, filters=filters, synonyms=watch.synonyms)
        if not found:
            continue
        result = search(index_dir, watch.query, watch.limit, filters=filters, synonyms=watch.synonyms)
        reported = dict(watch.reported)
        reported.update({doc_id: _digest(text) for doc_id, text in found.items()})
        watch = replace(watch, reported=reported)
        reports.append(WatchReport(watch, result))
        updated.append(watch)
    if updated:
        with ArticleWriter(index_dir, wait=wait, on_wait=on_wait, create=False) as writer:
            for watch in updated:
                writer.put_ledger(watch.to_document())
    return reports


def _still_reported(index_dir: Path, watch: Watch, changed: frozenset[str]) -> frozenset[str]:
    """The sections of ``changed`` articles this watch reported before and
    whose text is still what it reported."""
    candidates = {doc_id: digest for doc_id, digest in watch.reported.items() if article_of_section(doc_id) in changed}
    if not candidates:
        return frozenset()

    def read() -> frozenset[str]:
        with open_index(index_dir).searcher() as searcher:
            same = set()
            for doc_id, digest in candidates.items():
                fields = searcher.document(doc_id=doc_id)
                if fields is not None and _digest(section_text(fields)) == digest:
                    same.add(doc_id)
            return frozenset(same)

    return read_with_retries(index_dir, read)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
