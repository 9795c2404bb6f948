"""A page's metadata: title, author, date, canonical URL, site and tags.

Read with lxml from the parsed page: the head (Open Graph, article:* meta,
JSON-LD) first, then the visible byline.  Every value is cleaned text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import lxml.etree

from sclerodex.ingest.authors import site_names
from sclerodex.ingest.bylines import page_bylines
from sclerodex.ingest.dates import parse_date
from sclerodex.ingest.selectors import has_rel
from sclerodex.textutil import clean_text

_ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "reportagenewsarticle", "medicalwebpage", "webpage"}
# Compiled once: compiling an XPath costs about as much as running it.
_TITLE_XPATHS = tuple(map(lxml.etree.XPath, (
    "//h1[contains(@class, 'entry-title') and contains(concat(' ', normalize-space(@class), ' '), ' entry-title ')]",
    "//article//h1",
)))
_NOT_IN_COMMENTS = "[not(ancestor::*[contains(@class, 'omment') or contains(@id, 'omment')])]"
_AUTHOR_XPATHS = tuple(map(lxml.etree.XPath, (
    f"//*[@itemprop='author']{_NOT_IN_COMMENTS}",
    f"//a[{has_rel('author')}]{_NOT_IN_COMMENTS}",
)))
_TIME_XPATHS = tuple(map(lxml.etree.XPath, ("(//article//time/@datetime)[1]", "(//time/@datetime)[1]")))
_CANONICAL_XPATH = lxml.etree.XPath(f"(//link[{has_rel('canonical')}]/@href)[1]")
_TAG_LINKS_XPATH = lxml.etree.XPath(f"//a[{has_rel('tag')}]")
_JSON_LD_XPATH = lxml.etree.XPath("//script[@type='application/ld+json']")


def element_text(element) -> str:
    return clean_text("".join(element.itertext()))


class PageMeta:
    """Metadata of an lxml HTML document."""

    def __init__(self, doc):
        self.doc = doc
        self.meta: dict[str, list[str]] = {}
        for tag in doc.iter("meta"):
            key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
            content = clean_text(tag.get("content") or "")
            if key and content:
                self.meta.setdefault(key, []).append(content)
        self.ld = _json_ld_article(doc)

    def first(self, *keys: str) -> str | None:
        for key in keys:
            if self.meta.get(key):
                return self.meta[key][0]
        return None

    def ld_text(self, key: str) -> str | None:
        """A text field of the page's JSON-LD article (e.g. its articleBody)."""
        return _ld_text(self.ld.get(key))

    def _first_text(self, xpaths) -> str | None:
        for xpath in xpaths:
            for element in xpath(self.doc):
                if text := element_text(element):
                    return text
        return None

    def title(self, site: str | None) -> str | None:
        title_tag = self.doc.find(".//title")
        for candidate in (
            self._first_text(_TITLE_XPATHS),
            self.first("og:title", "twitter:title"),
            _ld_text(self.ld.get("headline")),
            element_text(title_tag) if title_tag is not None else None,
        ):
            if candidate:
                return _strip_site_suffix(candidate, site)
        return None

    def head_authors(self) -> Iterator[str]:
        """The authors the page's head declares, as written: JSON-LD, then
        ``meta name=author`` and its kin (not profile URLs)."""
        author = self.ld.get("author")
        for value in author if isinstance(author, list) else [author]:
            if name := _ld_name(value):
                yield name
        for key in ("author", "article:author", "dc.creator", "sailthru.author", "byl", "parsely-author",
                    "search.byline", "article_author"):
            yield from self.meta.get(key, ())

    def marked_authors(self) -> Iterator[str]:
        """The authors the page's body marks, as written: ``itemprop=author``,
        ``rel=author`` links, and elements classed as bylines (outside
        comment threads)."""
        for xpath in _AUTHOR_XPATHS:
            for element in xpath(self.doc):
                if text := element_text(element):
                    yield text
        for byline in page_bylines(self.doc):
            yield byline.text

    def outlets(self, site: str | None) -> tuple[str, ...]:
        """The names the page gives its outlet: the site, the publisher, the
        parts of its <title> beside the headline, its host."""
        title_tag = self.doc.find(".//title")
        parts = re.split(r"\s+[-|–—:»]\s+", element_text(title_tag)) if title_tag is not None else []
        # The first or last part beside the headline (the longest) names the
        # site; a middle one may be the author ("Headline | Polly Toynbee | The Guardian").
        ends = [part for part in (parts[0], parts[-1]) if part != max(parts, key=len)] if len(parts) > 1 else []
        return site_names(
            site, self.first("og:site_name", "application-name"), _ld_name(self.ld.get("publisher")), *ends,
        )

    def published(self) -> dt.date | None:
        for value in (
            self.first("article:published_time", "datepublished", "date", "dc.date", "pubdate"),
            _ld_text(self.ld.get("datePublished")),
            *_TIME_XPATHS[0](self.doc),
            *_TIME_XPATHS[1](self.doc),
        ):
            if (date := parse_date(value)) is not None:
                return date
        return None

    def canonical_url(self) -> str | None:
        main_entity = self.ld.get("mainEntityOfPage")
        for value in (
            *_CANONICAL_XPATH(self.doc),
            self.first("og:url"),
            _ld_text(self.ld.get("url")),
            _ld_text(main_entity.get("@id")) if isinstance(main_entity, dict) else _ld_text(main_entity),
        ):
            if isinstance(value, str) and urlsplit(value.strip()).scheme in ("http", "https"):
                return clean_text(value)
        return None

    def site(self) -> str | None:
        return self.first("og:site_name", "application-name") or _ld_name(self.ld.get("publisher"))

    def tags(self, region: list) -> tuple[str, ...]:
        """The article's own tags (call before the region's link lists are
        dropped): ``article:tag``, else the JSON-LD keywords, else the tag
        links of the article (``rel=tag``, or a list classed as tags inside
        it), else ``meta keywords``.  A list of more than MAX_SITE_LIST tag
        or category links outside the article is the site's, not the
        article's.  De-duplicated whatever the case, at most MAX_TAGS."""
        keywords = self.ld.get("keywords")
        if isinstance(keywords, list):
            keywords = ",".join(k for k in keywords if isinstance(k, str))
        for found in (
            self.meta.get("article:tag", []),
            _split_keywords(keywords) if isinstance(keywords, str) else [],
            _tag_links(self.doc, region),
            [k for value in self.meta.get("keywords", []) + self.meta.get("news_keywords", []) for k in _split_keywords(value)],
        ):
            if tags := _usable_tags(found):
                return tags
        return ()


def _split_keywords(value: str) -> list[str]:
    return [clean_text(k) for k in re.split(r"[,;]", value)]


def _usable_tags(tags) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for tag in tags:
        tag = clean_text(tag).lstrip("#").strip()
        if tag and len(tag) <= MAX_TAG_CHARS and any(c.isalpha() for c in tag):
            seen.setdefault(tag.casefold(), tag)
    return tuple(seen.values())[:MAX_TAGS]


def _tag_links(doc, region: list) -> list[str]:
    """The texts of the page's tag links that belong to the article: inside
    it (or the <article> that holds it), or in a list short enough to be one
    article's."""
    holders = {id(el) for el in region}
    for element in region[:1]:
        holders.update(id(a) for a in element.iterancestors("article"))
    groups: dict[int, list[str]] = {}
    inside_groups: set[int] = set()
    links = list(_TAG_LINKS_XPATH(doc)) + [a for el in region for box in _TAG_BOXES(el) for a in box.iter("a")]
    for link in links:
        inside = any(id(a) in holders for a in link.iterancestors()) or id(link) in holders
        parent = link.getparent()
        while parent is not None and parent.tag in ("li", "span", "strong", "em", "b"):
            parent = parent.getparent()
        key = id(parent)
        groups.setdefault(key, []).append(element_text(link))
        if inside:
            inside_groups.add(key)
    return [t for key, texts in groups.items() if key in inside_groups or len(texts) <= MAX_SITE_LIST for t in texts]


MAX_TAGS = 20
MAX_TAG_CHARS = 60
# More tag or category links than this in one list outside the article: the site's categories.
MAX_SITE_LIST = 15
_TAG_BOXES = lxml.etree.XPath(
    ".//*[contains(@class, 'tags') or contains(@class, 'tag-list') or contains(@class, 'taglist')"
    " or contains(@class, 'tagged')][not(ancestor::*[contains(@class, 'omment')])]"
)


def _json_ld_article(doc) -> dict:
    """The first JSON-LD object typed as an article, or {}."""
    for script in _JSON_LD_XPATH(doc):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        queue = [data]
        while queue:
            item = queue.pop(0)
            if isinstance(item, list):
                queue.extend(item)
            elif isinstance(item, dict):
                types = item.get("@type")
                types = types if isinstance(types, list) else [types]
                if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
                    return item
                if isinstance(item.get("@graph"), list):
                    queue.extend(item["@graph"])
    return {}


def _ld_text(value) -> str | None:
    return (clean_text(value) or None) if isinstance(value, str) else None


def _ld_name(value) -> str | None:
    if isinstance(value, list):
        names = [name for name in (_ld_name(v) for v in value) if name]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return _ld_text(value.get("name"))
    return _ld_text(value)


def _strip_site_suffix(title: str, site: str | None) -> str:
    """'Imuran and SSc - Scleroderma News' -> 'Imuran and SSc'."""
    names = [re.escape(site)] if site else []
    names.append("Scleroderma News")
    stripped = re.sub(r"\s+[-|–—:]\s+(?:" + "|".join(names) + r")\s*$", "", title, flags=re.IGNORECASE)
    return stripped or title
