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

from sclerodex.errors import IndexDamaged, IndexMissing
from sclerodex.index.catalog import article_from_stored
from sclerodex.index.ledger import KINDS as LEDGER_KINDS
from sclerodex.index.lock import IndexLock
from sclerodex.index.manifest import SOURCE, SourceRecord
from sclerodex.index.schema import ARTICLE, SECTION
from sclerodex.index.store import (
    HOW_TO_INGEST,
    current_generation,
    make_current,
    new_generation,
    open_generation,
    open_index,
    reading,
    remove_stale_generations,
)
from sclerodex.index.writer import article_document, section_documents
from sclerodex.ingest.records import Article

REBUILD_BATCH = 500


def rebuild_index(
    index_dir: Path,
    wait: float = 0.0,
    on_wait: Callable[[float], None] | None = None,
    report: list[str] | None = None,
) -> tuple[int, int]:
    """Re-index everything the index stores; returns (articles, sections).

    From a damaged index it keeps what can still be read; each document or
    article that could not be is appended to ``report``.
    """
    report = [] if report is None else report
    _must_exist(index_dir)
    with IndexLock(index_dir, wait, on_wait):
        old = current_generation(index_dir)
        if old is None:
            raise IndexMissing(f"no index at {index_dir}: {HOW_TO_INGEST}")
        remove_stale_generations(index_dir, keep=1)
        # Read with the schema the old index was written with, whatever it is.
        try:
            source_ix = open_generation(old)
            searcher = source_ix.searcher()
        except Exception as problem:  # nothing of the old index can be read at all
            detail = f"{type(problem).__name__}: {problem}"[:160]
            raise IndexDamaged(
                f"the index at {index_dir} cannot be read ({detail}); "
                "nothing can be rebuilt from it: move it away and ingest your sources again"
            ) from None
        with searcher:
            records, sections, sources, ledger = _stored_documents(searcher.reader(), report)
        target = new_generation(index_dir)
        writer = open_generation(target).writer(compound=False)
        articles = written_sections = 0
        try:
            for article_id, fields in records.items():
                article = _article(fields, sections.get(article_id, {}), report)
                if article is None:
                    continue
                for doc in section_documents(article):
                    writer.add_document(**doc)
                writer.add_document(**_keep_indexed_at(article_document(article), fields))
                articles += 1
                written_sections += len(article.sections)
            for fields in sources.values():
                writer.add_document(**SourceRecord.from_stored(fields).to_document())
            for fields in ledger.values():  # remembered sources, the run log, saved searches
                writer.add_document(doc_id=fields["doc_id"], kind=fields["kind"], record=fields["record"])
        except BaseException:
            writer.cancel()
            raise
        writer.commit(optimize=True)
        make_current(index_dir, target)
        remove_stale_generations(index_dir, keep=2)
    return articles, written_sections


def _stored_documents(reader, report: list[str]):
    """Every stored document, read one by one (no term index needed, so a
    damaged one is skipped and counted): article records, sections by article
    and ordinal, source records, ledger records.  Where a document appears
    twice (a damaged index re-ingested), the later one wins."""
    ledger: dict[str, dict] = {}
    records: dict[str, dict] = {}
    sections: dict[str, dict[int, dict]] = {}
    sources: dict[str, dict] = {}
    for docnum in reader.all_doc_ids():
        try:
            fields = reader.stored_fields(docnum)
        except Exception:  # a damaged stored-fields block: skip the document, count it
            report.append(f"document {docnum}")
            continue
        kind = fields.get("kind")
        if kind == ARTICLE:
            records[fields["article_id"]] = fields
        elif kind == SECTION:
            sections.setdefault(fields["article_id"], {})[fields["ordinal"]] = fields
        elif kind == SOURCE:
            sources[fields["source"]] = fields
        elif kind in LEDGER_KINDS:
            ledger[fields["doc_id"]] = fields
    return records, sections, sources, ledger


def _article(fields: dict, sections: dict[int, dict], report: list[str]) -> Article | None:
    """The article from its record and its sections' stored text; None (and
    reported) when some of its sections could not be read."""
    expected = json.loads(fields["record"]).get("section_count", len(sections))
    if len(sections) != expected:
        report.append(fields["article_id"])
        return None
    return article_from_stored(fields, sections.values())


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
    _must_exist(index_dir)
    with IndexLock(index_dir, wait, on_wait), reading(index_dir):
        open_index(index_dir).writer(compound=False).commit(optimize=True)


def _must_exist(index_dir: Path) -> None:
    """Maintenance never creates an index (nor its folder) where there is none."""
    if current_generation(index_dir) is None:
        raise IndexMissing(f"no index at {index_dir}: {HOW_TO_INGEST}")
