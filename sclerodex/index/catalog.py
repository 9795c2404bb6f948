"""Reading articles back out of the index: show, list, remove, stats.

Everything an article is made of is stored: its record (metadata, disclaimer)
on the article document, each section's text on its section document.  So an
article can be shown whole, and the index rebuilt, without its source.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sclerodex.engine import StoreReader
from sclerodex.index.documents import (
    ArticleRecord,
    article_document_from,
    article_id_of,
    article_record,
    source_key,
    source_record,
    stored_article,
    stored_article_document,
    stored_article_documents,
    stored_sections,
    stored_source_document,
    stored_source_records,
    stored_sources_of,
)
from sclerodex.index.exclusions import Exclusion
from sclerodex.index.remembered import find_remembered
from sclerodex.index.runs import now
from sclerodex.index.writer import ArticleWriter
from sclerodex.ingest.records import Article
from sclerodex.textutil import folded_label
from sclerodex.whoosh_engine.storage import current_generation, read_with_retries, reading
from sclerodex.whoosh_engine.store import open_store


@dataclass(frozen=True)
class ArticleSummary:
    """One line of ``sclerodex list``."""

    id: str
    published: str | None
    title: str
    source: str
    sections: int
    indexed_at: str | None = None  # when it was last added or changed

    @classmethod
    def of(cls, record: ArticleRecord) -> ArticleSummary:
        return cls(record.id, record.published, record.title, record.source, record.section_count or 0, record.indexed_at)


@dataclass(frozen=True)
class IndexStats:
    path: str
    articles: int
    sections: int
    sites: dict[str, int]
    tags: dict[str, int]
    size_bytes: int
    last_update: str | None


def url_variants(key: str) -> list[str]:
    """``key`` and, for an http(s) URL, the same URL with and without its
    trailing slash, ``www.`` and either scheme (``key`` itself first)."""
    scheme, sep, rest = key.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not rest:
        return [key]
    host, slash, path = rest.partition("/")
    bare = host[4:] if host.lower().startswith("www.") else host
    path = (slash + path).rstrip("/")
    variants = [key]
    for name in ("https", "http"):
        for server in (bare, "www." + bare):
            for ending in (path + "/", path) if path else ("/", ""):
                variants.append(f"{name}://{server}{ending}")
    return list(dict.fromkeys(variants))


def resolve_article_id(reader: StoreReader, key: str) -> str | None:
    """The id of the article named by ``key``: its id, URL (with or without
    its trailing slash or ``www.``, http or https), or source path."""
    for variant in url_variants(key):
        if stored_article_document(reader, variant) is not None:
            return variant
    candidates = url_variants(key)
    if "://" not in key:
        candidates.append(str(Path(key).expanduser().resolve()))
    for candidate in candidates:
        source = stored_source_document(reader, candidate)
        if source is not None and source_record(source).article_id:
            return source_record(source).article_id
        article = article_document_from(reader, candidate)
        if article is not None:
            return article_id_of(article)
    return None


def load_article(reader: StoreReader, article_id: str) -> Article | None:
    """The whole article as it was indexed."""
    stored = stored_article_document(reader, article_id)
    if stored is None:
        return None
    return stored_article(stored, stored_sections(reader, article_id))


def show_article(index_dir: Path, key: str) -> Article | None:
    def read() -> Article | None:
        with open_store(index_dir).reader() as reader:
            article_id = resolve_article_id(reader, key)
            return load_article(reader, article_id) if article_id else None

    return read_with_retries(index_dir, read)


def iter_articles(reader: StoreReader) -> Iterator[Article]:
    for fields in stored_article_documents(reader):
        article = load_article(reader, article_id_of(fields))
        if article is not None:
            yield article


def list_articles(index_dir: Path, only: frozenset[str] | None = None) -> list[ArticleSummary]:
    """Every article (or those whose id is in ``only``), newest first
    (undated ones last), then by title."""
    def read() -> list[ArticleSummary]:
        with open_store(index_dir).reader() as reader:
            records = [article_record(fields) for fields in stored_article_documents(reader)]
        return [ArticleSummary.of(record) for record in records if only is None or record.id in only]

    rows = read_with_retries(index_dir, read)
    rows.sort(key=lambda r: r.title.lower())
    rows.sort(key=lambda r: r.published or "", reverse=True)
    return rows


def changed_articles(index_dir: Path, last_run: bool = False, since: dt.date | None = None) -> frozenset[str]:
    """Ids of the articles added or changed by the last ingest or update run
    (``last_run``) and/or on or after the day ``since`` (UTC)."""
    from sclerodex.index.runs import last_run as read_last_run

    def read() -> frozenset[str]:
        with open_store(index_dir).reader() as reader:
            ids: set[str] | None = None
            if last_run:
                run = read_last_run(reader)
                ids = set(run.changed()) if run else set()
            if since is not None:
                start = since.isoformat()
                recent = {
                    article_id_of(fields)
                    for fields in stored_article_documents(reader)
                    if (article_record(fields).indexed_at or "") >= start
                }
                ids = recent if ids is None else ids & recent
            return frozenset(ids or ())

    return read_with_retries(index_dir, read)


@dataclass(frozen=True)
class Removal:
    """The articles one name given to ``remove`` stood for: one article, or
    every article ``under`` a folder or site."""

    key: str
    ids: list[str]
    under: bool = False
    remembered: str | None = None  # the remembered source ``key`` names, still read by update


def remove_articles(
    index_dir: Path, keys: list[str], wait: float = 0.0, on_wait: Callable[[float], None] | None = None
) -> tuple[list[Removal], list[str]]:
    """Remove the articles named by ``keys`` with their sections and source
    records, and keep them out of later runs (exclusions.py).  A key is an
    article's id, URL or path, or else a folder or site URL prefix standing
    for every article under it.  Returns (removed ids by key, keys that name
    nothing in the index)."""
    removed: list[Removal] = []
    missing: list[str] = []
    done: set[str] = set()
    with ArticleWriter(index_dir, wait=wait, on_wait=on_wait, create=False) as writer:
        with reading(index_dir), writer.store.reader() as reader:
            for key in keys:
                article_id = resolve_article_id(reader, key)
                named = [article_id] if article_id is not None else articles_under(reader, key)
                if not named:
                    missing.append(key)
                    continue
                source = find_remembered(reader, (key, key.rstrip("/"), _resolved(key))) if article_id is None else None
                removal = Removal(
                    key, [i for i in named if i not in done], under=article_id is None,
                    remembered=source.source if source else None,
                )
                removed.append(removal)
                for article_id in removal.ids:
                    done.add(article_id)
                    writer.put_ledger(_exclusion(reader, article_id).to_document())
                    writer.remove_article(article_id)
    return removed, missing


def _resolved(key: str) -> str:
    return key if "://" in key else str(Path(key).expanduser().resolve())


def _exclusion(reader: StoreReader, article_id: str) -> Exclusion:
    """What keeps a removed article out: its id and every source that yielded it."""
    fields = stored_article_document(reader, article_id)
    record = article_record(fields) if fields is not None else None
    sources = [source_key(fields) for fields in stored_sources_of(reader, article_id)]
    if record is not None and record.source and record.source not in sources:
        sources.append(record.source)
    return Exclusion(article_id, record.title if record else "", tuple(sources), now())


def articles_under(reader: StoreReader, prefix: str) -> list[str]:
    """The ids of the articles read from a folder (``prefix`` a path, even
    one moved away) or from a site (``prefix`` a URL: every article whose
    id, URL or source starts with it), in id order."""
    if "://" in prefix:
        starts = tuple(dict.fromkeys(v.rstrip("/") for v in url_variants(prefix)))

        def under(text: str | None) -> bool:
            return bool(text) and any(text == s or text.startswith(s + "/") for s in starts)
    else:
        folder = Path(prefix).expanduser().resolve()

        def under(text: str | None) -> bool:
            return bool(text) and "://" not in text and Path(text).is_relative_to(folder)

    found = set()
    for fields in stored_article_documents(reader):
        record = article_record(fields)
        if under(record.id) or under(record.url) or under(record.source):
            found.add(record.id)
    for key, source in stored_source_records(reader).items():
        if source.article_id and under(key):
            found.add(source.article_id)
    return sorted(found)


def index_stats(index_dir: Path) -> IndexStats:
    with reading(index_dir), open_store(index_dir).reader() as reader:
        sites: dict[str, int] = {}
        tags: dict[str, Counter[str]] = {}  # folded tag -> its spellings, counted
        articles = sections = 0
        last = None
        for fields in stored_article_documents(reader):
            articles += 1
            record = article_record(fields)
            sections += record.section_count or 0
            site = record.site or "(no site)"
            sites[site] = sites.get(site, 0) + 1
            spelled = {folded_label(t): t.casefold() for t in record.tags}
            for key, tag in spelled.items():
                tags.setdefault(key, Counter())[tag] += 1
            indexed_at = record.indexed_at
            last = max(last or indexed_at, indexed_at) if indexed_at else last
    generation = current_generation(index_dir)
    size = sum(p.stat().st_size for p in generation.iterdir() if p.is_file()) if generation else 0
    if last is None and generation is not None:
        last = dt.datetime.fromtimestamp(generation.stat().st_mtime, dt.timezone.utc).isoformat(timespec="seconds")
    # A tag spelled several ways ("raynaud's", "raynaud’s") is counted once,
    # under its most common spelling.
    counted = {spellings.most_common(1)[0][0]: spellings.total() for spellings in tags.values()}
    return IndexStats(str(index_dir), articles, sections, _by_count(sites), _by_count(counted), size, last)


def _by_count(counts: dict[str, int]) -> dict[str, int]:
    """``counts`` most first, then alphabetically."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
