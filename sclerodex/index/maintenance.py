"""Rebuilding and optimising the index.

A rebuild re-indexes every article from what the index stores (no source is
re-read or re-fetched) into a new generation with the current schema and
analyser, then makes it current in one atomic step; so it is also how an index
written by an older version of sclerodex is upgraded.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sclerodex.errors import IndexMissing
from sclerodex.index.lock import IndexLock
from sclerodex.index.manifest import SOURCE, SourceRecord
from sclerodex.index.catalog import load_article
from sclerodex.index.schema import ARTICLE
from sclerodex.index.store import (
    HOW_TO_INGEST,
    current_generation,
    make_current,
    new_generation,
    open_generation,
    open_index,
    remove_stale_generations,
)
from sclerodex.index.writer import article_document, section_documents

REBUILD_BATCH = 500


def rebuild_index(
    index_dir: Path, wait: float = 0.0, on_wait: Callable[[float], None] | None = None
) -> tuple[int, int]:
    """Re-index everything the index stores; returns (articles, sections)."""
    with IndexLock(index_dir, wait, on_wait):
        old = current_generation(index_dir)
        if old is None:
            raise IndexMissing(f"no index at {index_dir}: {HOW_TO_INGEST}")
        remove_stale_generations(index_dir, keep=1)
        # Read with the schema the old index was written with, whatever it is.
        source_ix = open_generation(old)
        target = new_generation(index_dir)
        target_ix = open_generation(target)
        articles = sections = 0
        with source_ix.searcher() as searcher:
            writer = target_ix.writer()
            try:
                for fields in searcher.documents(kind=ARTICLE):
                    article = load_article(searcher, fields["article_id"])
                    for doc in section_documents(article):
                        writer.add_document(**doc)
                    writer.add_document(**_keep_indexed_at(article_document(article), fields))
                    articles += 1
                    sections += len(article.sections)
                for fields in searcher.documents(kind=SOURCE):
                    writer.add_document(**SourceRecord.from_stored(fields).to_document())
            except BaseException:
                writer.cancel()
                raise
            writer.commit(optimize=True)
        make_current(index_dir, target)
        remove_stale_generations(index_dir, keep=2)
    return articles, sections


def _keep_indexed_at(document: dict, old_fields: dict) -> dict:
    """A rebuild does not change when an article was last ingested."""
    old = json.loads(old_fields["record"]).get("indexed_at")
    if old:
        record = json.loads(document["record"])
        record["indexed_at"] = old
        document["record"] = json.dumps(record, ensure_ascii=False)
    return document


def optimize_index(index_dir: Path, wait: float = 0.0, on_wait: Callable[[float], None] | None = None) -> None:
    """Merge all segments into one (faster searches after many ingests)."""
    with IndexLock(index_dir, wait, on_wait):
        open_index(index_dir).optimize()
