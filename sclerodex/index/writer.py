"""Writing articles: each article replaces all of its earlier sections.

Articles are written in batches, each batch one Whoosh commit, so a long
ingest that is interrupted keeps every batch committed before.  An article
whose content hash is unchanged is not rewritten.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.index import LockError
from whoosh.query import Term

from sclerodex.errors import IndexLocked
from sclerodex.index.schema import ARTICLE, SECTION
from sclerodex.index.store import open_index
from sclerodex.ingest.records import Article

DEFAULT_BATCH = 200


@dataclass
class WriteSummary:
    """Counts of one ingest run; ``skipped`` holds (source, reason) pairs."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} removed, {len(self.skipped)} skipped"
        )


def article_doc_id(article_id: str) -> str:
    return f"{ARTICLE}:{article_id}"


def section_documents(article: Article) -> list[dict]:
    """The Whoosh documents of an article's sections."""
    published = dt.datetime.combine(article.published, dt.time()) if article.published else None
    docs = []
    for section in article.sections:
        doc = {
            "doc_id": f"{SECTION}:{article.id}#{section.ordinal}",
            "kind": SECTION,
            "article_id": article.id,
            "title": article.title,
            "heading": " > ".join(section.path),
            "body": section.text,
            "path": list(section.path),
            "ordinal": section.ordinal,
            "url": article.url,
            "source": article.source,
            "site": article.site or "",
            "author": article.author,
            "tags": ",".join(article.tags),
        }
        if published:
            doc["published"] = published
        docs.append(doc)
    return docs


def article_document(article: Article) -> dict:
    """The article's own document: metadata, disclaimer and content hash."""
    record = article.to_dict()
    del record["sections"]
    record["content_hash"] = article.content_hash()
    record["section_count"] = len(article.sections)
    record["indexed_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    return {
        "doc_id": article_doc_id(article.id),
        "kind": ARTICLE,
        "article_id": article.id,
        "site": article.site or "",
        "source": article.source,
        "record": json.dumps(record, ensure_ascii=False),
    }


class ArticleWriter:
    """Writes articles to the index at ``path`` in batched commits.

    Use as a context manager: the last batch is committed on a clean exit and
    dropped (never half-written) on an exception.
    """

    def __init__(self, path: Path, batch_size: int = DEFAULT_BATCH, wait: float = 0.0):
        self.index = open_index(path, create=True)
        self.batch_size = batch_size
        self.wait = wait
        self.summary = WriteSummary()
        self._pending: dict[str, Article] = {}

    def __enter__(self) -> ArticleWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.flush()
        self._pending.clear()

    def add(self, article: Article) -> None:
        # Two sources with one id in a batch: the one ingested last wins.
        self._pending.pop(article.id, None)
        self._pending[article.id] = article
        if len(self._pending) >= self.batch_size:
            self.flush()

    def skip(self, source: str, reason: str) -> None:
        self.summary.skipped.append((source, reason))

    def flush(self) -> None:
        """Commit the pending articles as one batch."""
        if not self._pending:
            return
        writer = self._writer()
        try:
            with writer.searcher() as searcher:
                for article in self._pending.values():
                    self._write(writer, searcher, article)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self._pending.clear()

    def _writer(self):
        try:
            return self.index.writer(timeout=self.wait)
        except LockError:
            raise IndexLocked("another sclerodex process is writing to the index; try again when it ends") from None

    def _write(self, writer, searcher, article: Article) -> None:
        stored = searcher.document(doc_id=article_doc_id(article.id))
        if stored is not None:
            if json.loads(stored["record"]).get("content_hash") == article.content_hash():
                self.summary.unchanged += 1
                return
            writer.delete_by_term("article_id", article.id)
            self.summary.updated += 1
        else:
            self.summary.new += 1
        for doc in section_documents(article):
            writer.add_document(**doc)
        writer.add_document(**article_document(article))


def write_articles(path: Path, articles: Iterable[Article], batch_size: int = DEFAULT_BATCH) -> WriteSummary:
    """Write ``articles`` to the index at ``path`` (created when absent)."""
    with ArticleWriter(path, batch_size) as writer:
        for article in articles:
            writer.add(article)
    return writer.summary
