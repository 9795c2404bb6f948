"""What the writer holds until its next commit (writer.py): articles with
their source records, source fingerprints, ledger records, and what is to
be removed.  Queuing one change cancels an opposite one queued before it, so
a batch never both writes and deletes the same document."""

from __future__ import annotations

from sclerodex.index.documents import doc_id_of
from sclerodex.index.manifest import SourceRecord
from sclerodex.ingest.records import Article
from sclerodex.whoosh_engine.preanalysis import PackedAnalysis


class WriteQueue:
    def __init__(self):
        self.articles: dict[str, tuple[Article, list[SourceRecord]]] = {}
        self.sources: dict[str, SourceRecord] = {}
        self.ledger: dict[str, dict] = {}
        self.dropped_ledger: set[str] = set()
        self.removals: set[str] = set()
        self.dropped_sources: set[str] = set()
        self.replacing: set[str] = set()  # ids of articles that replace one under another id
        self.analysis: dict[str, PackedAnalysis] = {}  # article id -> its texts analysed ahead
        # Articles queued again from another source (two saved copies of a page): (id, title).
        self.read_again: list[tuple[str, str]] = []
        self.sections = 0  # of the queued articles

    def add(
        self,
        article: Article,
        source: SourceRecord | None = None,
        replaces: str | None = None,
        analysis: PackedAnalysis | None = None,
    ) -> None:
        """Queue an article (replacing any earlier version) and its source record;
        ``replaces``: an article the same source yielded before under another id;
        ``analysis``: its texts analysed ahead (by a parsing worker)."""
        if replaces and replaces != article.id:
            self._drop(replaces)
            self.removals.add(replaces)
            self.replacing.add(article.id)
        previous = self._drop(article.id)
        sources = previous[1] if previous else []
        if source is not None and previous and all(s.key != source.key for s in sources):
            self.read_again.append((article.id, article.title))
        if source is not None:
            sources = [s for s in sources if s.key != source.key] + [source]
            self.sources.pop(source.key, None)
        self.removals.discard(article.id)
        self.articles[article.id] = (article, sources)
        self.sections += len(article.sections)
        if analysis:
            self.analysis[article.id] = analysis

    def source(self, key: str) -> SourceRecord | None:
        """The queued record of source ``key`` (alone, or with its article)."""
        if key in self.sources:
            return self.sources[key]
        for _, sources in self.articles.values():
            for source in sources:
                if source.key == key:
                    return source
        return None

    def keep_first_articles(self, count: int) -> int:
        """Drop the queued articles after the first ``count``, with their
        source records (so the next run reads them again), for a commit that
        must be quick; one replacing an article under another id stays with
        that removal.  Returns how many were dropped."""
        dropped = [article_id for n, article_id in enumerate(self.articles) if n >= count]
        dropped = [article_id for article_id in dropped if article_id not in self.replacing]
        for article_id in dropped:
            self._drop(article_id)
        return len(dropped)

    def touch_source(self, source: SourceRecord) -> None:
        self.sources[source.key] = source

    def _drop(self, article_id: str) -> tuple[Article, list[SourceRecord]] | None:
        """Take an article out of the queue; what it was, or None."""
        dropped = self.articles.pop(article_id, None)
        self.analysis.pop(article_id, None)
        if dropped:
            self.sections -= len(dropped[0].sections)
        return dropped

    def remove_article(self, article_id: str) -> None:
        self._drop(article_id)
        self.removals.add(article_id)

    def drop_source(self, key: str) -> None:
        self.sources.pop(key, None)
        self.dropped_sources.add(key)

    def put_ledger(self, document: dict) -> None:
        self.ledger[doc_id_of(document)] = document
        self.dropped_ledger.discard(doc_id_of(document))

    def drop_ledger(self, doc_id: str) -> None:
        self.ledger.pop(doc_id, None)
        self.dropped_ledger.add(doc_id)

    def size(self) -> int:
        """What counts towards a batch: articles, sources and removals (not ledger records)."""
        return len(self.articles) + len(self.sources) + len(self.removals)

    def holds_changes(self) -> bool:
        return bool(
            self.articles or self.sources or self.removals or self.dropped_sources or self.ledger or self.dropped_ledger
        )

    def clear(self) -> None:
        self.articles.clear()
        self.sources.clear()
        self.ledger.clear()
        self.dropped_ledger.clear()
        self.removals.clear()
        self.dropped_sources.clear()
        self.replacing.clear()
        self.analysis.clear()
        self.read_again.clear()
        self.sections = 0
