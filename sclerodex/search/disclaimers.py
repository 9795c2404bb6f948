"""The disclaimer a hit carries: never dropped, whatever the page lacked."""

from __future__ import annotations

from sclerodex.index.documents import ArticleInfo, article_doc_id, article_record
from sclerodex.ingest.disclaimer import GENERIC_NOTICE


class Disclaimers:
    """Each article's own disclaimer, else its site's, else a generic notice."""

    def __init__(self, session):
        self.session = session
        self.by_site: dict[str, str | None] = {}

    def for_article(self, article: ArticleInfo) -> str:
        stored = self.session.stored_by_doc_id(article_doc_id(article.id))
        own = article_record(stored).disclaimer if stored else None
        return own or (self._site(article.site) if article.site else None) or GENERIC_NOTICE

    def _site(self, site: str) -> str | None:
        if site not in self.by_site:
            self.by_site[site] = None
            for record in self.session.article_records_of_site(site):
                disclaimer = article_record(record).disclaimer
                if disclaimer:
                    self.by_site[site] = disclaimer
                    break
        return self.by_site[site]
