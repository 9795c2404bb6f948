"""Saved searches ("watches"): queries run again after every ingest or
update, over the articles added or changed since each last ran.

A watch remembers each section it has reported, with a digest of its text,
so it never reports a section twice unless the section changed; and the
last run (index/runs.py) whose changes it has checked, its bookmark, so the
matches of a run it could not check are reported after the next one.
Watches are ledger documents (index/ledger.py): written under the index's
write lock, kept by ``index rebuild``.

After a run, each watch is checked on its own (``check_watches``: one that
fails does not stop the others), the caller prints the reports, and only
then are they marked reported (``mark_reported``): a report that was never
printed is made again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from sclerodex.engine import StoreReader
from sclerodex.errors import IndexMissing, NoSuchWatch, QueryError, SclerodexError
from sclerodex.index.documents import article_of_section, ledger_document, ledger_records, section_text
from sclerodex.index.ledger import WATCH, ledger_doc_id
from sclerodex.index.runs import all_runs, changes_after, last_run, now
from sclerodex.index.writer import ArticleWriter
from sclerodex.search.filters import Filters, date_bound
from sclerodex.search.records import SearchResult
from sclerodex.whoosh_engine.storage import read_with_retries, reading
from sclerodex.whoosh_engine.store import open_store


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
    # The last run whose changes it has checked; None for a watch saved
    # before bookmarks, which checks the current run's changes only.
    checked_run: int | None = None

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

    def search_key(self) -> tuple:
        """What makes two saved searches the same search."""
        return (" ".join(self.query.split()), tuple(sorted(set(self.tags))), self.site, self.since, self.until,
                self.synonyms, self.limit)

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
    """What one watch found: ``result`` None when nothing (new) matched;
    ``found``, section doc id -> digest of its text, and ``through``, the
    run it has checked up to, are what ``mark_reported`` records."""

    watch: Watch
    result: SearchResult | None
    found: dict[str, str] = field(default_factory=dict)
    through: int | None = None
    unchecked_runs: range = range(0)  # runs to check no longer in the run log


@dataclass(frozen=True)
class WatchFailure:
    """A watch that could not run, and why (one line, for the user)."""

    watch: Watch
    reason: str
    bookmark: int | None = None  # for a watch without one: the run before the one it failed to check


@dataclass
class WatchCheck:
    """Every watch's outcome in one run: the ones that ran, the ones that failed."""

    reports: list[WatchReport] = field(default_factory=list)
    failures: list[WatchFailure] = field(default_factory=list)

    def matched(self) -> list[WatchReport]:
        return [report for report in self.reports if report.result is not None]


def _read_watches(reader: StoreReader) -> list[Watch]:
    return sorted((Watch.from_record(r) for r in ledger_records(reader, WATCH)), key=lambda w: w.number)


def list_watches(index_dir: Path) -> list[Watch]:
    def read() -> list[Watch]:
        with open_store(index_dir).reader() as reader:
            return _read_watches(reader)

    return read_with_retries(index_dir, read)


def check_query(watch: Watch) -> None:
    """Raise QueryError for a query ``search`` would refuse, with its message:
    a saved search is read by the same parser (the one of a new index, before
    the index is created for it), with the same synonyms."""
    from sclerodex.search.query import plan_query
    from sclerodex.search.ranking import DEFAULT_RANKING
    from sclerodex.search.searcher import load_synonyms
    from sclerodex.search.synonyms import NO_SYNONYMS
    from sclerodex.whoosh_engine.queries import QueryLanguage

    watch.filters()  # refuse unreadable dates now, not after the next run
    language = QueryLanguage(DEFAULT_RANKING)
    plan_query(watch.query, language, synonyms=load_synonyms() if watch.synonyms else NO_SYNONYMS)


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
) -> tuple[Watch, bool]:
    """Save a search; it reports its first matches after the next run, among
    what that run adds or changes.  Returns the watch and whether it was
    added: False when the same search (query and options) is saved already,
    as the watch returned.

    Creates the index when there is none, so watches can be set up before
    the first ingest."""
    if not query.strip():
        raise QueryError("a saved search needs a query")
    watch = Watch(0, " ".join(query.split()), now(), tuple(tags), site, since, until, synonyms, limit)
    check_query(watch)
    with ArticleWriter(index_dir, wait=wait, on_wait=on_wait) as writer:
        with reading(index_dir), writer.store.reader() as reader:
            saved = _read_watches(reader)
            latest = last_run(reader)
        same = [w for w in saved if w.search_key() == watch.search_key()]
        if same:
            return same[0], False
        number = max((w.number for w in saved), default=0) + 1
        # What was indexed before it is not news to it.
        watch = replace(watch, number=number, checked_run=latest.number if latest else 0)
        writer.put_ledger(watch.to_document())
    return watch, True


def _no_such_watch(number: int) -> NoSuchWatch:
    return NoSuchWatch(f"no saved search number {number}: 'sclerodex watch list' shows them")


def remove_watch(
    index_dir: Path, number: int, wait: float = 0.0, on_wait: Callable[[float], None] | None = None
) -> Watch:
    with ArticleWriter(index_dir, wait=wait, on_wait=on_wait, create=False) as writer:
        with reading(index_dir), writer.store.reader() as reader:
            found = [w for w in _read_watches(reader) if w.number == number]
        if not found:
            raise _no_such_watch(number)
        writer.drop_ledger(ledger_doc_id(WATCH, str(number)))
    return found[0]


def check_watches(index_dir: Path, run: int | None, changed: Iterable[str]) -> WatchCheck:
    """Run every watch over the articles added or changed since its bookmark
    (up to ``run``, the run just done; a watch without a bookmark: the
    ``changed`` articles of that run).  Each reports the sections it has not
    reported before, or that changed since.  Nothing is written: the caller
    prints the reports, then passes them to ``mark_reported``.  A watch that
    fails is in ``failures`` and keeps its bookmark."""
    changed = frozenset(changed)

    def read() -> tuple[list[Watch], list]:
        with open_store(index_dir).reader() as reader:
            return _read_watches(reader), all_runs(reader)

    watches, runs = read_with_retries(index_dir, read)
    check = WatchCheck()
    for watch in watches:
        unchecked = range(0)
        if watch.checked_run is None:
            articles = changed
        else:
            articles, unchecked = changes_after(runs, watch.checked_run, run)
        try:
            report = _new_matches(index_dir, watch, articles)
        except IndexMissing:
            raise
        except SclerodexError as problem:
            first_bookmark = run - 1 if watch.checked_run is None and run is not None else None
            check.failures.append(WatchFailure(watch, str(problem), first_bookmark))
            continue
        check.reports.append(replace(report, through=run, unchecked_runs=unchecked))
    return check


def _new_matches(index_dir: Path, watch: Watch, articles: frozenset[str]) -> WatchReport:
    from sclerodex.search.searcher import matching_sections, search

    if not articles:
        return WatchReport(watch, None)
    exclude = _still_reported(index_dir, watch, articles)
    filters = watch.filters(articles=articles, exclude=exclude)
    found = matching_sections(index_dir, watch.query, filters=filters, synonyms=watch.synonyms)
    if not found:
        return WatchReport(watch, None)
    result = search(index_dir, watch.query, watch.limit, filters=filters, synonyms=watch.synonyms)
    return WatchReport(watch, result, {doc_id: _digest(text) for doc_id, text in found.items()})


def mark_reported(
    index_dir: Path, check: WatchCheck, wait: float = 0.0, on_wait: Callable[[float], None] | None = None
) -> None:
    """Record what the watches of ``check`` reported, and move each one's
    bookmark to the run it checked.  Call it once the reports are printed.
    A watch removed meanwhile stays removed."""
    changes = [r for r in check.reports if r.found or (r.through is not None and r.through != r.watch.checked_run)]
    first_bookmarks = [f for f in check.failures if f.bookmark is not None]
    if not changes and not first_bookmarks:
        return
    with ArticleWriter(index_dir, wait=wait, on_wait=on_wait, create=False) as writer:
        with reading(index_dir), writer.store.reader() as reader:
            stored = {w.number: w for w in _read_watches(reader)}
        for failure in first_bookmarks:  # so that its next run checks this one's changes too
            watch = stored.get(failure.watch.number)
            if watch is not None and watch.checked_run is None:
                writer.put_ledger(replace(watch, checked_run=failure.bookmark).to_document())
        for report in changes:
            watch = stored.get(report.watch.number)
            if watch is None or watch.search_key() != report.watch.search_key():
                continue
            bookmark = watch.checked_run
            if report.through is not None:
                bookmark = max(bookmark or 0, report.through)
            watch = replace(watch, reported={**watch.reported, **report.found}, checked_run=bookmark)
            writer.put_ledger(watch.to_document())


def run_watches(index_dir: Path, number: int | None = None, only_new: bool = False) -> WatchCheck:
    """``watch run``: run the saved searches (or the one numbered ``number``)
    now, over the whole index or, ``only_new``, the articles the last run
    added or changed; what they reported before included.  Nothing is
    marked reported."""
    from sclerodex.index.catalog import changed_articles
    from sclerodex.search.searcher import search

    watches = list_watches(index_dir)
    if number is not None:
        watches = [w for w in watches if w.number == number]
        if not watches:
            raise _no_such_watch(number)
    articles = changed_articles(index_dir, last_run=True) if only_new else None
    check = WatchCheck()
    for watch in watches:
        if articles is not None and not articles:
            check.reports.append(WatchReport(watch, None))
            continue
        try:
            result = search(index_dir, watch.query, watch.limit, filters=watch.filters(articles=articles),
                            synonyms=watch.synonyms)
        except IndexMissing:
            raise
        except SclerodexError as problem:
            check.failures.append(WatchFailure(watch, str(problem)))
            continue
        check.reports.append(WatchReport(watch, result if result.hits else None))
    return check


def _still_reported(index_dir: Path, watch: Watch, changed: frozenset[str]) -> frozenset[str]:
    """The sections of ``changed`` articles this watch reported before and
    whose text is still what it reported."""
    candidates = {doc_id: digest for doc_id, digest in watch.reported.items() if article_of_section(doc_id) in changed}
    if not candidates:
        return frozenset()

    def read() -> frozenset[str]:
        with open_store(index_dir).reader() as reader:
            same = set()
            for doc_id, digest in candidates.items():
                fields = reader.document(doc_id=doc_id)
                if fields is not None and _digest(section_text(fields)) == digest:
                    same.add(doc_id)
            return frozenset(same)

    return read_with_retries(index_dir, read)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
