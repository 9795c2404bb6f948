"""Rebuilding and optimising the index.

A rebuild re-indexes every article from what the index stores (no source is
re-read or re-fetched) into a new generation with the current schema and
analyser, then makes it current in one atomic step; so it is also how an index
written by an older version of sclerodex is upgraded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sclerodex.engine import MERGE_ALL, StoreReader
from sclerodex.errors import IndexDamaged, IndexMissing
from sclerodex.index.documents import (
    LEDGER,
    article_documents,
    article_id_of,
    article_record,
    doc_id_of,
    ledger_copy,
    section_ordinal,
    source_document,
    source_key,
    source_record,
    stored_article,
    stored_role,
)
from sclerodex.index.lock import IndexLock
from sclerodex.index.manifest import SOURCE
from sclerodex.ingest.records import Article
from sclerodex.whoosh_engine.schema import ARTICLE, SECTION
from sclerodex.whoosh_engine.storage import (
    HOW_TO_INGEST,
    current_generation,
    make_current,
    new_generation,
    reading,
    remove_stale_generations,
)
from sclerodex.whoosh_engine.store import open_store, open_store_at


@dataclass
class RebuildSummary:
    """What a rebuild wrote, and what it could not read (from a damaged
    index): ``lost`` names each unreadable document and each article left
    out because some of its sections were unreadable."""

    articles: int = 0
    sections: int = 0
    lost: list[str] = field(default_factory=list)


def rebuild_index(
    index_dir: Path, wait: float = 0.0, on_wait: Callable[[float], None] | None = None
) -> RebuildSummary:
    """Re-index everything the index stores; from a damaged index, keep
    what can still be read."""
    summary = RebuildSummary()
    _must_exist(index_dir)
    with IndexLock(index_dir, wait, on_wait):
        old = current_generation(index_dir)
        if old is None:
            raise IndexMissing(f"no index at {index_dir}: {HOW_TO_INGEST}")
        remove_stale_generations(index_dir, keep=1)
        # Read with the schema the old index was written with, whatever it is.
        try:
            reader = open_store_at(old).reader()
        except Exception as problem:  # nothing of the old index can be read at all
            detail = f"{type(problem).__name__}: {problem}"[:160]
            raise IndexDamaged(
                f"the index at {index_dir} cannot be read ({detail}); "
                "nothing can be rebuilt from it: move it away and ingest your sources again"
            ) from None
        with reader:
            records, sections, sources, ledger = _stored_documents(reader, summary.lost)
        target = new_generation(index_dir)
        writer = open_store_at(target).writer()
        try:
            for article_id, fields in records.items():
                article = _article(fields, sections.get(article_id, {}), summary.lost)
                if article is None:
                    continue
                # A rebuild does not change when an article was last ingested.
                indexed_at = article_record(fields).indexed_at
                for doc in article_documents(article, article.content_hash(), indexed_at):
                    writer.add(doc)
                summary.articles += 1
                summary.sections += len(article.sections)
            for fields in sources.values():
                writer.add(source_document(source_record(fields)))
            for fields in ledger.values():  # remembered sources, the run log, saved searches
                writer.add(ledger_copy(fields))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(merge=MERGE_ALL)
        make_current(index_dir, target)
        remove_stale_generations(index_dir, keep=2)
    return summary


def _stored_documents(reader: StoreReader, report: list[str]):
    """Every stored document, read one by one (no term index needed, so a
    damaged one is skipped and counted): article records, sections by article
    and ordinal, source records, ledger records.  Where a document appears
    twice (a damaged index re-ingested), the later one wins."""
    ledger: dict[str, dict] = {}
    records: dict[str, dict] = {}
    sections: dict[str, dict[int, dict]] = {}
    sources: dict[str, dict] = {}
    for docnum, fields in reader.stored_documents():
        if fields is None:  # a damaged stored-fields block: skip the document, count it
            report.append(f"document {docnum}")
            continue
        role = stored_role(fields)
        if role == ARTICLE:
            records[article_id_of(fields)] = fields
        elif role == SECTION:
            sections.setdefault(article_id_of(fields), {})[section_ordinal(fields)] = fields
        elif role == SOURCE:
            sources[source_key(fields)] = fields
        elif role == LEDGER:
            ledger[doc_id_of(fields)] = fields
    return records, sections, sources, ledger


def _article(fields: dict, sections: dict[int, dict], report: list[str]) -> Article | None:
    """The article from its record and its sections' stored text; None (and
    reported) when some of its sections could not be read."""
    expected = article_record(fields).section_count
    if expected is not None and len(sections) != expected:
        report.append(article_id_of(fields))
        return None
    return stored_article(fields, sections.values())


def optimize_index(index_dir: Path, wait: float = 0.0, on_wait: Callable[[float], None] | None = None) -> None:
    """Merge all segments into one (faster searches after many ingests)."""
    _must_exist(index_dir)
    with IndexLock(index_dir, wait, on_wait), reading(index_dir):
        open_store(index_dir).writer().commit(merge=MERGE_ALL)


def _must_exist(index_dir: Path) -> None:
    """Maintenance never creates an index (nor its folder) where there is none."""
    if current_generation(index_dir) is None:
        raise IndexMissing(f"no index at {index_dir}: {HOW_TO_INGEST}")
