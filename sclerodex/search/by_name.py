"""An article named as ``show`` and ``open`` take it: a hit number of the
last search (digits alone), else an id, URL or source path."""

from __future__ import annotations

from pathlib import Path

from sclerodex.errors import NothingMatched
from sclerodex.ingest.records import Article
from sclerodex.search.last_hits import is_hit_number, remembered_hit


def article_named(index_dir: Path, name: str) -> Article | None:
    """The article ``name`` names; None when an id, URL or path is not in
    the index; NothingMatched when a hit number is not one (or its article
    has left the index since the search)."""
    from sclerodex.index.catalog import show_article

    if not is_hit_number(name):
        return show_article(index_dir, name)
    hit = remembered_hit(index_dir, int(name))
    found = show_article(index_dir, hit.article_id)
    if found is None:
        raise NothingMatched(f"hit {hit.number} ({hit.label()}) is no longer in the index: search again")
    return found


def address_of(article: Article) -> str | None:
    """Where a browser finds the article: its URL, else its saved page as a
    file: URI; None when it has neither (the file was moved or deleted)."""
    if article.url:
        return article.url
    if "://" in article.source:
        return article.source
    path = Path(article.source).expanduser()
    return path.resolve().as_uri() if path.is_file() else None
