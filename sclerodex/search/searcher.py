"""Running a search: ranking, passages and disclaimers -> SearchResult."""

from __future__ import annotations

import json
from pathlib import Path

from whoosh import scoring
from whoosh.query import Term

from sclerodex.errors import IndexMissing
from sclerodex.index.schema import ARTICLE, SECTION
from sclerodex.index.store import HOW_TO_INGEST, open_index, read_with_retries
from sclerodex.index.writer import article_doc_id
from sclerodex.ingest.disclaimer import GENERIC_NOTICE
from sclerodex.search.passages import build_passages, find_matches
from sclerodex.search.query import parse_query, positive_terms
from sclerodex.textutil import clean_text
from sclerodex.search.records import ArticleInfo, Hit, SearchResult, SectionInfo

DEFAULT_LIMIT = 10


def ranking():
    """BM25F with its usual constants."""
    return scoring.BM25F(B=0.75, K1=1.2)


def search(index_dir: Path, text: str, limit: int = DEFAULT_LIMIT) -> SearchResult:
    """Search the index at ``index_dir`` for ``text`` (Whoosh query language)."""
    return read_with_retries(index_dir, lambda: _search_once(index_dir, text, limit))


def _search_once(index_dir: Path, text: str, limit: int) -> SearchResult:
    with open_index(index_dir).searcher(weighting=ranking()) as searcher:
        if searcher.doc_count() == 0:
            raise IndexMissing(f"the index at {index_dir} is empty: {HOW_TO_INGEST}")
        query = parse_query(text, searcher.schema)
        results = searcher.search(query, limit=max(1, limit), filter=Term("kind", SECTION))
        analyzer = searcher.schema["body"].analyzer
        terms = positive_terms(query)
        disclaimers = _Disclaimers(searcher)
        hits = tuple(_hit(hit.fields(), hit.score, analyzer, terms, disclaimers) for hit in results)
        return SearchResult(
            query=clean_text(text),
            total=len(results),
            hits=hits,
            disclaimers=tuple(dict.fromkeys(h.disclaimer for h in hits)),
        )


def _hit(fields: dict, score: float, analyzer, terms: set[str], disclaimers: _Disclaimers) -> Hit:
    body = fields.get("body", "")
    published = fields.get("published")
    article = ArticleInfo(
        id=fields["article_id"],
        title=fields.get("title", ""),
        url=fields.get("url"),
        source=fields.get("source", ""),
        site=fields.get("site") or None,
        published=published.date().isoformat() if published else None,
        author=fields.get("author"),
        tags=tuple(t for t in fields.get("tags", "").split(",") if t),
    )
    path = tuple(fields.get("path") or ())
    section = SectionInfo(heading=path[-1] if path else None, path=path, ordinal=fields.get("ordinal", 0))
    passages = build_passages(body, find_matches(body, terms, analyzer))
    return Hit(article, section, float(score), passages, disclaimers.for_article(article))


class _Disclaimers:
    """Each article's own disclaimer, else its site's, else a generic notice."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.by_site: dict[str, str | None] = {}

    def for_article(self, article: ArticleInfo) -> str:
        stored = self.searcher.document(doc_id=article_doc_id(article.id))
        own = json.loads(stored["record"]).get("disclaimer") if stored else None
        return own or (self._site(article.site) if article.site else None) or GENERIC_NOTICE

    def _site(self, site: str) -> str | None:
        if site not in self.by_site:
            self.by_site[site] = None
            query = Term("site", site) & Term("kind", ARTICLE)
            for doc in self.searcher.search(query, limit=None):
                disclaimer = json.loads(doc["record"]).get("disclaimer")
                if disclaimer:
                    self.by_site[site] = disclaimer
                    break
        return self.by_site[site]
