"""The plain baseline that ``bench/relevance.py`` reports beside our ranking.

Whoosh as it comes: each article's title and text in one field analysed by
Whoosh's ``StemmingAnalyzer``, ``BM25F`` with its default constants, and the
query's words OR-ed by Whoosh's parser.  It exists to be measured against,
so it deliberately shares nothing with sclerodex's own analysis or ranking.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import qparser, scoring
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema

from sclerodex.ingest.records import Article


def build_baseline_index(path: Path, articles: Iterable[Article]) -> None:
    """Index ``articles`` at ``path`` (a new folder) the plain way."""
    path.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(path), Schema(id=ID(stored=True, unique=True), content=TEXT(analyzer=StemmingAnalyzer())))
    writer = ix.writer()
    for article in articles:
        text = "\n".join([article.title, *(section.text for section in article.sections)])
        writer.add_document(id=article.id, content=text)
    writer.commit()


class BaselineSearcher:
    """Runs queries against a baseline index; use as a context manager."""

    def __init__(self, path: Path):
        self.index = whoosh_index.open_dir(str(path))
        self.parser = qparser.QueryParser("content", self.index.schema, group=qparser.OrGroup)

    def __enter__(self) -> BaselineSearcher:
        self.searcher = self.index.searcher(weighting=scoring.BM25F())
        return self

    def __exit__(self, *exc) -> None:
        self.searcher.close()

    def article_ids(self, text: str, limit: int) -> list[str]:
        """Ids of the best ``limit`` articles for ``text``, best first."""
        results = self.searcher.search(self.parser.parse(text), limit=limit)
        return [hit["id"] for hit in results]
