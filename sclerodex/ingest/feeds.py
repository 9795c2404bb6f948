"""RSS 2.0 / Atom feeds -> feed items, and an item's full body -> Article.

WordPress feeds (the site's ``/feed/``) usually carry each article's whole body
in ``content:encoded``; then the item is the article and nothing is fetched.
Otherwise the caller fetches the item's link.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass

from sclerodex.errors import UnusableSource
from sclerodex.ingest.records import Article
from sclerodex.textutil import clean_text

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.I)
MAX_ITEMS = 5000


@dataclass(frozen=True)
class FeedItem:
    link: str | None
    title: str
    published: str | None
    author: str | None
    tags: tuple[str, ...]
    content_html: str | None

    @property
    def key(self) -> str:
        return self.link or f"feed-item:{hashlib.sha256(self.title.encode()).hexdigest()[:16]}"

    def fingerprint(self) -> str:
        """Changes when the feed describes the item differently."""
        parts = [self.link or "", self.title, self.published or "", self.content_html or ""]
        return hashlib.sha256("\x00".join(parts).encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True)
class Feed:
    title: str | None
    site: str | None
    items: tuple[FeedItem, ...]
    truncated: int = 0


def parse_feed(data: bytes, max_items: int | None = None) -> Feed:
    """The feed's items, the first ``max_items`` (default ``MAX_ITEMS``)."""
    import feedparser

    max_items = MAX_ITEMS if max_items is None else max_items
    if _ENTITY_DECLARATION.search(data[:65536]):
        # No real feed declares entities; "billion laughs" attacks do.
        raise UnusableSource("feed declares XML entities, which are refused")
    try:
        parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except Exception as problem:  # feedparser lets odd declarations escape (e.g. UnicodeDecodeError)
        raise UnusableSource(f"not a readable feed: {type(problem).__name__}") from None
    if not parsed.entries and parsed.get("bozo"):
        raise UnusableSource(f"not a readable feed: {parsed.get('bozo_exception')}")
    entries = parsed.entries[:max_items]
    items = tuple(_item(entry) for entry in entries)
    title = clean_text(parsed.feed.get("title", "")) or None
    return Feed(title=title, site=_site_name(title), items=items, truncated=len(parsed.entries) - len(entries))


def _item(entry) -> FeedItem:
    content = None
    for part in entry.get("content", []) or []:
        if part.get("value") and "html" in part.get("type", "text/html"):
            content = part["value"]
            break
    tags = tuple(dict.fromkeys(clean_text(t.get("term", "")) for t in entry.get("tags", []) if t.get("term")))
    return FeedItem(
        link=(entry.get("link") or "").strip() or None,
        title=clean_text(entry.get("title", "")) or "Untitled",
        published=entry.get("published") or entry.get("updated"),
        author=clean_text(entry.get("author", "")) or None,
        tags=tags,
        content_html=content,
    )


def _site_name(feed_title: str | None) -> str | None:
    """'Scleroderma News' from a WordPress feed title like 'Scleroderma News' or
    'Archives - Scleroderma News'."""
    if not feed_title:
        return None
    return re.split(r"\s+[-|–—]\s+", feed_title)[-1]


def article_from_item(item: FeedItem, site: str | None) -> Article:
    """The item's full body, read as an article page with the item's metadata."""
    from sclerodex.ingest.webpage import parse_webpage

    head = [f"<title>{html.escape(item.title)}</title>"]
    if item.link:
        head.append(f'<link rel="canonical" href="{html.escape(item.link)}">')
    if site:
        head.append(f'<meta property="og:site_name" content="{html.escape(site)}">')
    if item.author:
        head.append(f'<meta name="author" content="{html.escape(item.author)}">')
    if item.published:
        head.append(f'<meta name="pubdate" content="{html.escape(item.published)}">')
    head += [f'<meta property="article:tag" content="{html.escape(tag)}">' for tag in item.tags]
    page = (
        "<html><head>" + "".join(head) + "</head><body><article><div class=\"entry-content\">"
        + (item.content_html or "") + "</div></article></body></html>"
    )
    return parse_webpage(page, item.key)
