"""One commit of the writer's queue (write_queue.py), all or nothing.

Deletions go first, so a removed or replaced article's old documents never
survive beside its new ones; then the articles (an article whose content
hash is unchanged is not rewritten, only its source records), source
records, ledger records and the run's record.  Any failure cancels the
whole batch, leaving the index as the last commit left it.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future

from sclerodex.engine import MERGE_NONE, MERGE_SMALL, Merge, Store, StoreReader, StoreWriter
from sclerodex.index.commits import cancel_quietly
from sclerodex.index.documents import (
    article_documents,
    article_record,
    article_sources_term,
    article_term,
    article_with_text,
    doc_term,
    source_doc_id,
    source_document,
    stored_article_document,
)
from sclerodex.index.manifest import SourceRecord
from sclerodex.index.write_queue import WriteQueue
from sclerodex.index.write_summary import WriteSummary
from sclerodex.ingest.records import Article
from sclerodex.whoosh_engine.preanalysis import PackedAnalysis
from sclerodex.whoosh_engine.segment_builder import SegmentBuilder, packed


def commit_batch(
    store: Store,
    queue: WriteQueue,
    summary: WriteSummary,
    force: bool = False,
    log_run: Callable | None = None,
    builder: SegmentBuilder | None = None,
    merge_small: bool = True,
    keep_duplicates: bool = False,
) -> PendingCommit | None:
    """Write everything ``queue`` holds to ``store`` in one commit, counting
    it in ``summary``; ``force`` rewrites unchanged articles too; ``log_run``
    is given the store's writer last, to write the run's record.  The queue
    is kept small enough (writer.py) for its postings to be held in memory.

    With a ``builder``, the articles' sections are written into their
    segments by its child processes and the commit is left pending: the
    caller finishes it (or abandons it) before the next one.
    ``merge_small``: let the engine merge small segments into this commit's,
    as it does by default.  A new article already indexed under another id
    (``_indexed_elsewhere``) is counted as a duplicate and not written,
    unless ``keep_duplicates``."""
    writer = store.writer(in_memory=True)
    articles: list[bytes] = []  # for the builder: each article's documents and analysis, pickled

    def add(documents: list[dict], analysis: PackedAnalysis | None) -> None:
        if builder is not None:
            articles.append(packed(documents, analysis))
        else:
            writer.add_analysed(documents, analysis)

    try:
        with writer.reader() as reader:
            for article_id in queue.removals:
                writer.delete(*article_term(article_id))
                writer.delete(*article_sources_term(article_id))
            for key in queue.dropped_sources:
                writer.delete(*doc_term(source_doc_id(key)))
            # Texts analysed by the parsing workers serve an index whose schema analyses alike.
            analysed = writer.takes_analysis()
            # Text fingerprint -> id, of the new articles of this batch; None: duplicates are kept.
            texts: dict[str, str] | None = None if keep_duplicates else {}
            for article, sources in queue.articles.values():
                analysis = queue.analysis.get(article.id) if analysed else None
                _write_article(writer, reader, queue, summary, force, article, sources, analysis, add, texts)
            # The same article from a second source in this batch: written once.
            summary.duplicates.extend((article_id, article_id, title) for article_id, title in queue.read_again)
            for source in queue.sources.values():
                writer.upsert(source_document(source))
            for doc_id in queue.dropped_ledger:
                writer.delete(*doc_term(doc_id))
            for document in queue.ledger.values():
                writer.upsert(document)
            if log_run is not None:
                log_run(writer)
        segments = builder.start(str(store.location), articles) if articles else []
        pending = PendingCommit(writer, builder, segments, merge_small)
    except BaseException:
        writer.cancel()
        raise
    if builder is not None:
        return pending
    pending.finish()
    return None


class PendingCommit:
    """A commit written but for its articles' segments, which children write
    (``segments``: their futures, in order)."""

    def __init__(
        self, writer: StoreWriter, builder: SegmentBuilder | None, segments: list[Future], merge_small: bool = True
    ):
        self._writer, self._builder, self.segments = writer, builder, segments
        self._merge_small = merge_small

    def finish(self) -> None:
        """Wait for the articles' segments and commit them with the rest."""
        try:
            segments = [future.result() for future in self.segments]
        except BaseException:
            self.abandon()
            raise
        try:
            self._writer.commit(segments, MERGE_SMALL if self._merge_small else MERGE_NONE)
        except BaseException:
            # A commit that fails part-way has not written its table of
            # contents: the index is still the previous commit.  Drop the
            # half-written segment's lock so the next run can clean up.
            cancel_quietly(self._writer)
            raise

    def abandon(self) -> None:
        """Drop the commit: the index stays as the last commit left it."""
        if not all(future.done() for future in self.segments):
            self._builder.stop_at_once()
        cancel_quietly(self._writer)


def commit_merge(store: Store, merge: Merge) -> None:
    """One commit that only merges segments, as ``merge`` chooses (a run's
    merge: whoosh_engine/merging.py); their postings may exceed memory, so
    the writer is not one that holds them in memory."""
    writer = store.writer()
    try:
        writer.commit(merge=merge)
    except BaseException:
        cancel_quietly(writer)
        raise


def _indexed_elsewhere(reader: StoreReader, texts: dict[str, str], article: Article, fingerprint: str | None) -> str | None:
    """The id under which a new ``article`` is already indexed (or about to
    be, in this batch): an article whose id is its canonical URL, or one
    with the same text (``fingerprint``: Article.text_fingerprint)."""
    if article.url and article.url != article.id and stored_article_document(reader, article.url) is not None:
        return article.url
    if fingerprint is None:
        return None
    return texts.get(fingerprint) or article_with_text(reader, fingerprint)


def _write_sources(writer: StoreWriter, sources: list[SourceRecord], **changes) -> None:
    for source in sources:
        writer.upsert(source_document(source.with_changes(**changes) if changes else source))


def _write_article(
    writer: StoreWriter,
    reader: StoreReader,
    queue: WriteQueue,
    summary: WriteSummary,
    force: bool,
    article: Article,
    sources: list[SourceRecord],
    analysis: PackedAnalysis | None,
    add: Callable[[list[dict], PackedAnalysis | None], None],
    texts: dict[str, str] | None,
) -> None:
    """``texts``: the batch's new articles by text fingerprint; None keeps duplicates."""
    content_hash = article.content_hash()
    fingerprint = article.text_fingerprint() if texts is not None else None
    stored = stored_article_document(reader, article.id)
    if stored is not None and article.id not in queue.removals:
        record = article_record(stored)
        unchanged = record.content_hash == content_hash
        if unchanged and not force:
            summary.unchanged += 1
            return _write_sources(writer, sources)
        from_elsewhere = fingerprint is not None and not force and record.source != article.source
        if from_elsewhere and article_with_text(reader, fingerprint) == article.id:
            # The same article read from another source (a saved copy of
            # the page): not an update, and not rewritten under that source.
            summary.duplicates.append((article.id, article.id, article.title))
            return _write_sources(writer, sources)
        writer.delete(*article_term(article.id))
        summary.updated += 1
        summary.updated_articles.append((article.id, article.title))
    elif article.id in queue.replacing:
        summary.updated += 1
        summary.updated_articles.append((article.id, article.title))
    else:
        original = _indexed_elsewhere(reader, texts, article, fingerprint) if texts is not None else None
        if original is not None:
            # Not indexed twice: its sources name the article it repeats.
            summary.duplicates.append((article.id, original, article.title))
            return _write_sources(writer, sources, article_id=original)
        summary.new += 1
        summary.new_articles.append((article.id, article.title))
        if fingerprint:
            texts[fingerprint] = article.id
    add(list(article_documents(article, content_hash)), analysis)
    _write_sources(writer, sources)
