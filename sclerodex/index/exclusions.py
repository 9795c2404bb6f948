"""Articles kept out of the index: ``sclerodex remove`` records each article
it removes, so that the folder or feed it came from does not bring it back on
the next ``update``.

An exclusion names the article's id and the sources (paths, URLs, feed item
keys) that yielded it.  The sync driver skips an article whose id or source
is excluded, and counts it as ``excluded``; naming the file or URL itself to
``sclerodex ingest`` brings it back (the exclusion is dropped).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sclerodex.engine import StoreReader
from sclerodex.index.documents import ledger_document, ledger_records
from sclerodex.index.ledger import EXCLUDED, ledger_doc_id


@dataclass(frozen=True)
class Exclusion:
    article_id: str
    title: str
    sources: tuple[str, ...]  # the source keys that yielded it
    removed: str  # when (ISO time, UTC)

    def to_document(self) -> dict:
        record = asdict(self)
        record["sources"] = list(self.sources)
        return ledger_document(EXCLUDED, self.article_id, record)

    def doc_id(self) -> str:
        return exclusion_doc_id(self.article_id)

    @classmethod
    def from_record(cls, record: dict) -> Exclusion:
        return cls(record["article_id"], record.get("title", ""), tuple(record.get("sources") or ()), record.get("removed", ""))


def exclusion_doc_id(article_id: str) -> str:
    return ledger_doc_id(EXCLUDED, article_id)


@dataclass(frozen=True)
class Exclusions:
    """Every exclusion of an index, looked up by article id or by source key."""

    by_article: dict[str, Exclusion]
    by_source: dict[str, Exclusion]

    @classmethod
    def read(cls, reader: StoreReader) -> Exclusions:
        found = [Exclusion.from_record(record) for record in ledger_records(reader, EXCLUDED)]
        return cls(
            {e.article_id: e for e in found},
            {key: e for e in found for key in e.sources},
        )

    def of(self, article_id: str, key: str) -> Exclusion | None:
        """The exclusion that keeps this article (or what this source yields) out."""
        return self.by_article.get(article_id) or self.by_source.get(key)
