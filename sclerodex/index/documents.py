"""The one mapping between the program's records and the index's stored
documents, both ways.

Whatever writes a document builds it here, and whatever reads stored fields
turns them into a record here, so a field's name, the JSON ``record`` and the
article fields copied onto each section are decided in one place:

- section documents: one per ``Section``, with its article's display fields so
  a hit renders without a second lookup; read back as ``ArticleInfo`` and
  ``SectionInfo`` (a search hit) or as the sections of an ``Article``;
- the article document: the article's metadata, disclaimer, content hash,
  section count and indexing time as a JSON record; read back as
  ``ArticleRecord``, or with its sections as the whole ``Article``; its
  text fingerprint is searchable, to find the same article read again from
  another source (``article_with_text``);
- source documents (manifest.py's ``SourceRecord``);
- ledger documents (ledger.py): remembered sources, runs, saved searches,
  each a JSON record of a dataclass of its own module.

The routing keys of a stored document (``doc_id``, ``kind``, ``article_id``,
``ordinal``, ``source``, ``source_of``) are also named only here: which record
a stored document is and what its keys are (``stored_role``, ``article_id_of``
...), and the terms that delete an article's or a document's documents
(``article_term``, ``doc_term`` ...).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict

from sclerodex.engine import StoreReader
from sclerodex.index.ledger import KINDS as LEDGER_KINDS
from sclerodex.index.ledger import ledger_doc_id
from sclerodex.index.manifest import SOURCE, SourceRecord
from sclerodex.index.stored_records import ArticleInfo, ArticleRecord, SectionInfo
from sclerodex.ingest.records import Article, authors_of
from sclerodex.whoosh_engine.schema import ARTICLE, SECTION

# --- articles and their sections --------------------------------------------


def article_doc_id(article_id: str) -> str:
    return f"{ARTICLE}:{article_id}"


def _section_doc_id(article_id: str, ordinal: int) -> str:
    return f"{SECTION}:{article_id}#{ordinal}"


def article_of_section(section_doc_id: str) -> str:
    """``section:ARTICLE#ORDINAL`` -> ARTICLE."""
    return section_doc_id.split(":", 1)[1].rsplit("#", 1)[0]


def article_documents(article: Article, content_hash: str, indexed_at: str | None = None) -> list[dict]:
    """Every document of ``article``: its sections', then its own record
    (``indexed_at`` now unless given: a rebuild keeps the old one)."""
    return [*_section_documents(article), _article_document(article, content_hash, indexed_at)]


def _section_documents(article: Article) -> list[dict]:
    published = _as_datetime(article.published)
    docs = []
    for section in article.sections:
        doc = {
            "doc_id": _section_doc_id(article.id, section.ordinal),
            "kind": SECTION,
            "article_id": article.id,
            "title": article.title,
            "heading": _heading(section.path),
            "body": section.text,
            "path": list(section.path),
            "ordinal": section.ordinal,
            "url": article.url,
            "source": article.source,
            "site": article.site or "",
            # A list (STORED holds any value); documents written before
            # ``authors`` hold the one string (see article_info).
            "author": list(article.authors),
            "tags": ",".join(article.tags),
        }
        if published:
            doc["published"] = published
        docs.append(doc)
    return docs


def _heading(path: Iterable[str]) -> str:
    return " > ".join(path)


def searchable_texts(article: Article) -> list[str]:
    """The texts the section documents of ``article`` search: its title and
    each section's heading and body (analysed ahead of the writer)."""
    return [article.title, *(text for s in article.sections for text in (_heading(s.path), s.text))]


def _article_document(article: Article, content_hash: str, indexed_at: str | None) -> dict:
    record = article.to_dict()
    del record["sections"]
    record["content_hash"] = content_hash
    record["section_count"] = len(article.sections)
    record["indexed_at"] = indexed_at or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    doc = {
        "doc_id": article_doc_id(article.id),
        "kind": ARTICLE,
        "article_id": article.id,
        "site": article.site or "",
        "source": article.source,
        "record": json.dumps(record, ensure_ascii=False),
    }
    if article.published:
        doc["published"] = _as_datetime(article.published)
    fingerprint = article.text_fingerprint()
    if fingerprint:
        # An article document has no source of its own to name: its
        # ``source_of`` holds its text's fingerprint, to find duplicates by.
        doc["source_of"] = _fingerprint_key(fingerprint)
    return doc


def _fingerprint_key(fingerprint: str) -> str:
    return f"text:{fingerprint}"


def article_with_text(reader: StoreReader, fingerprint: str) -> str | None:
    """The id of the article indexed with this text fingerprint (Article.text_fingerprint)."""
    fields = reader.document(source_of=_fingerprint_key(fingerprint))  # only article documents hold "text:"
    return article_id_of(fields) if fields is not None else None


def _as_datetime(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time()) if day else None


def article_record(fields: dict) -> ArticleRecord:
    """The record of an article document's stored ``fields``."""
    data = json.loads(fields["record"])
    return ArticleRecord(
        id=data["id"],
        title=data.get("title", ""),
        source=data.get("source", ""),
        url=data.get("url"),
        site=data.get("site"),
        authors=authors_of(data),
        published=data.get("published"),
        tags=tuple(data.get("tags") or ()),
        disclaimer=data.get("disclaimer"),
        content_hash=data.get("content_hash"),
        section_count=data.get("section_count"),
        indexed_at=data.get("indexed_at"),
    )


def stored_article(article_fields: dict, section_fields: Iterable[dict]) -> Article:
    """The whole Article from its record's and its sections' stored fields."""
    data = json.loads(article_fields["record"])
    data["sections"] = [
        {
            "ordinal": doc["ordinal"],
            "heading": (doc.get("path") or [None])[-1],
            "path": doc.get("path") or [],
            "text": doc.get("body", ""),
        }
        for doc in sorted(section_fields, key=lambda doc: doc["ordinal"])
    ]
    return Article.from_dict(data)


def article_info(fields: dict) -> ArticleInfo:
    """The article of a section document, as a hit shows it."""
    published = fields.get("published")
    return ArticleInfo(
        id=fields["article_id"],
        title=fields.get("title", ""),
        url=fields.get("url"),
        source=fields.get("source", ""),
        site=fields.get("site") or None,
        published=published.date().isoformat() if published else None,
        authors=_stored_authors(fields.get("author")),
        tags=tuple(t for t in fields.get("tags", "").split(",") if t),
    )


def _stored_authors(value) -> tuple[str, ...]:
    """A section document's authors: a list, or the one string of a document
    written before ``authors`` existed (cleaned as a page's author is)."""
    if isinstance(value, (list, tuple)):
        return tuple(a for a in value if isinstance(a, str) and a)
    return authors_of({"author": value})


def section_info(fields: dict) -> SectionInfo:
    path = tuple(fields.get("path") or ())
    return SectionInfo(heading=path[-1] if path else None, path=path, ordinal=fields.get("ordinal", 0))


def section_text(fields: dict) -> str:
    return fields.get("body", "")


# --- sources -----------------------------------------------------------------


def source_doc_id(key: str) -> str:
    return f"{SOURCE}:{key}"


def source_document(source: SourceRecord) -> dict:
    return {
        "doc_id": source_doc_id(source.key),
        "kind": SOURCE,
        "source_of": source.article_id or "",
        "source": source.key,
        "record": json.dumps(asdict(source), ensure_ascii=False),
    }


def source_record(fields: dict) -> SourceRecord:
    data = json.loads(fields["record"])
    return SourceRecord(**{name: data.get(name) for name in SourceRecord.__dataclass_fields__})


# --- ledger records ----------------------------------------------------------


def ledger_document(kind: str, key: str, record: dict) -> dict:
    return {"doc_id": ledger_doc_id(kind, key), "kind": kind, "record": json.dumps(record, ensure_ascii=False)}


def ledger_record(fields: dict) -> dict:
    return json.loads(fields["record"])


def ledger_copy(fields: dict) -> dict:
    """A ledger document as stored, to write again unchanged (a rebuild)."""
    return {"doc_id": fields["doc_id"], "kind": fields["kind"], "record": fields["record"]}


def ledger_records(reader: StoreReader, kind: str) -> Iterator[dict]:
    """The records of every ledger document of ``kind``."""
    for fields in reader.documents(kind=kind):
        yield ledger_record(fields)


# --- which record a stored document is, and its keys -------------------------

LEDGER = "ledger"  # the role of every ledger document, whatever its kind
_REQUIRED = object()


def stored_role(fields: dict) -> str | None:
    """Which record a stored document is: ARTICLE, SECTION, SOURCE or LEDGER;
    None for a kind this version does not know (or damage)."""
    kind = fields.get("kind")
    if kind in (ARTICLE, SECTION, SOURCE):
        return kind
    if kind in LEDGER_KINDS:
        return LEDGER
    return None


def article_id_of(fields: dict, default=_REQUIRED):
    """The id of the article a stored article or section document belongs
    to; without it, ``default`` when given, else KeyError (like a dict)."""
    if default is _REQUIRED:
        return fields["article_id"]
    return fields.get("article_id", default)


def section_ordinal(fields: dict) -> int:
    return fields["ordinal"]


def source_key(fields: dict) -> str:
    """The key (path or URL) of a stored source document."""
    return fields["source"]


def doc_id_of(document: dict) -> str:
    """The unique id of a document, built here or stored."""
    return document["doc_id"]


# --- looking stored documents up --------------------------------------------


def stored_article_document(reader: StoreReader, article_id: str) -> dict | None:
    """The stored fields of an article's own document, None when absent."""
    return reader.document(doc_id=article_doc_id(article_id))


def stored_article_documents(reader: StoreReader) -> Iterator[dict]:
    """The stored fields of every article's own document."""
    return reader.documents(kind=ARTICLE)


def stored_sections(reader: StoreReader, article_id: str) -> Iterator[dict]:
    """The stored fields of an article's sections.  Looked up by the article
    alone and sorted out by kind here: a query on ``kind`` too made Whoosh
    walk every section of the index (40 ms at 10k sections, per article)."""
    return (doc for doc in reader.documents(article_id=article_id) if doc.get("kind") == SECTION)


def article_document_from(reader: StoreReader, key: str) -> dict | None:
    """The stored fields of the document of the article read from the source ``key``."""
    return reader.document(kind=ARTICLE, source=key)


def stored_source_document(reader: StoreReader, key: str) -> dict | None:
    return reader.document(doc_id=source_doc_id(key))


def stored_source_records(reader: StoreReader) -> dict[str, SourceRecord]:
    """Every source record in the index, by key."""
    return {source_key(fields): source_record(fields) for fields in reader.documents(kind=SOURCE)}


def stored_sources_of(reader: StoreReader, article_id: str) -> Iterator[dict]:
    """The stored fields of the source documents that yielded an article."""
    return reader.documents(kind=SOURCE, source_of=article_id)


def stored_ledger_document(reader: StoreReader, kind: str, key: str) -> dict | None:
    return reader.document(doc_id=ledger_doc_id(kind, key))


# --- terms that delete documents ---------------------------------------------
# Each is (field, value), for a store writer's ``delete(*term)`` (sclerodex/engine.py).


def article_term(article_id: str) -> tuple[str, str]:
    """Matches an article's own document and all its sections (not its source records)."""
    return ("article_id", article_id)


def article_sources_term(article_id: str) -> tuple[str, str]:
    """Matches the source records that yielded an article (never an article
    document: its ``source_of`` is ``text:`` and a fingerprint)."""
    return ("source_of", article_id)


def doc_term(doc_id: str) -> tuple[str, str]:
    """Matches the one document with ``doc_id`` (a source's, a ledger record's)."""
    return ("doc_id", doc_id)
