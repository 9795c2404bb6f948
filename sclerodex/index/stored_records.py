"""What the program reads back out of stored documents (documents.py maps
the fields onto these): an article and a section as a search hit shows them,
and an article document's record."""

from __future__ import annotations

from dataclasses import dataclass


class _Authors:
    """``author``: the authors as one string, as records had it before
    ``authors`` (kept for one release)."""

    authors: tuple[str, ...]

    @property
    def author(self) -> str | None:
        return ", ".join(self.authors) or None


@dataclass(frozen=True)
class ArticleInfo(_Authors):
    """An article as a search hit shows it (from its section's fields)."""

    id: str
    title: str
    url: str | None
    source: str
    site: str | None
    published: str | None
    authors: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class SectionInfo:
    heading: str | None
    path: tuple[str, ...]
    ordinal: int


@dataclass(frozen=True)
class ArticleRecord(_Authors):
    """An article document's record: the article without its sections.

    ``section_count`` is None when the record does not say (damage)."""

    id: str
    title: str
    source: str
    url: str | None
    site: str | None
    authors: tuple[str, ...]
    published: str | None
    tags: tuple[str, ...]
    disclaimer: str | None
    content_hash: str | None
    section_count: int | None
    indexed_at: str | None
