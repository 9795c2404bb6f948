"""The records that leave the ingest stage."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from sclerodex.ingest.authors import clean_authors

# Bodies shorter than this (a title-only feed item, a stub) are never taken
# for duplicates of one another.
FINGERPRINT_MIN_CHARS = 200


@dataclass(frozen=True)
class Section:
    """One section of an article.

    The introduction (text before the first heading) has ``heading`` None and
    an empty ``path``; an h3 under an h2 has ``path`` ("h2 text", "h3 text").
    ``text`` holds the section's paragraphs, one per line.
    """

    ordinal: int
    heading: str | None
    path: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Article:
    """An article as read from one source.

    ``id`` is stable: the canonical URL when the source names one, else the
    resolved file path, so re-ingesting the same article replaces it.
    ``authors`` are people's names, cleaned (see :mod:`authors`); ``author``
    joins them, for readers of the one-string field of earlier releases.
    """

    id: str
    source: str
    url: str | None
    site: str | None
    title: str
    authors: tuple[str, ...]
    published: dt.date | None
    tags: tuple[str, ...]
    disclaimer: str | None
    sections: tuple[Section, ...] = field(default_factory=tuple)

    @property
    def author(self) -> str | None:
        """The authors as one string (the field before ``authors`` existed)."""
        return ", ".join(self.authors) or None

    def to_dict(self) -> dict:
        """A JSON-ready dict (dates as ISO strings, tuples as lists)."""
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "site": self.site,
            "title": self.title,
            "authors": list(self.authors),
            "author": self.author,
            "published": self.published.isoformat() if self.published else None,
            "tags": list(self.tags),
            "disclaimer": self.disclaimer,
            "sections": [
                {
                    "ordinal": s.ordinal,
                    "heading": s.heading,
                    "path": list(s.path),
                    "text": s.text,
                }
                for s in self.sections
            ],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Article:
        published = data.get("published")
        return cls(
            id=data["id"],
            source=data["source"],
            url=data.get("url"),
            site=data.get("site"),
            title=data["title"],
            authors=authors_of(data),
            published=dt.date.fromisoformat(published) if published else None,
            tags=tuple(data.get("tags") or ()),
            disclaimer=data.get("disclaimer"),
            sections=tuple(
                Section(s["ordinal"], s.get("heading"), tuple(s.get("path") or ()), s["text"])
                for s in data.get("sections", ())
            ),
        )

    def text_fingerprint(self) -> str | None:
        """A digest of the title and body, whitespace and case folded: the
        same article read from another source (a saved file, its URL, a
        bundled copy) has the same one.  None for an article with too little
        text to tell two apart (under ``FINGERPRINT_MIN_CHARS`` of body)."""
        body = " ".join(section.text for section in self.sections)
        if len(body.strip()) < FINGERPRINT_MIN_CHARS:
            return None
        words = " ".join([self.title, body]).casefold().split()
        return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()

    def content_hash(self) -> str:
        """A digest of everything indexed, to skip rewriting unchanged articles."""
        payload = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def authors_of(data: dict) -> tuple[str, ...]:
    """The authors of a stored or JSON record: its ``authors`` list, or for a
    record saved before that field existed, its one ``author`` string as the
    page declared it, cleaned the way a page's author is now (an outlet or a
    placeholder there names no one, as it would on re-ingesting)."""
    authors = data.get("authors")
    if isinstance(authors, (list, tuple)):
        return tuple(a for a in authors if isinstance(a, str) and a)
    author = data.get("author")
    return clean_authors(author) if isinstance(author, str) else ()
