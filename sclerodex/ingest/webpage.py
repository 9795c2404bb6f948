"""Saved article pages (HTML) -> Article.

Metadata comes from the page head (Open Graph, article:* meta, JSON-LD) and the
byline; the body comes from the article's content container only, with every
piece of page chrome removed (see :mod:`sclerodex.ingest.selectors`).  The body
is read as a flat run of blocks (headings, paragraphs, list items, table rows)
and split into sections at h2, with h3 and deeper as subsections.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from sclerodex.errors import UnusableSource
from sclerodex.ingest.dates import parse_date
from sclerodex.ingest.disclaimer import looks_like_disclaimer, site_named_in
from sclerodex.ingest.records import Article, Section
from sclerodex.ingest.selectors import (
    BODY_END_MARKS,
    BODY_SELECTORS,
    CHROME_TAGS,
    CHROME_WORDS,
    HEADING_TAGS,
    LIST_TAGS,
    PARAGRAPH_TAGS,
)
from sclerodex.textutil import clean_text

_INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i",
    "img", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
    "time", "tt", "u", "var", "wbr",
})
_ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "reportagenewsarticle", "medicalwebpage", "webpage"}
_WORD_SPLIT = re.compile(r"[\s_-]+")
_FALLBACK_MIN_WORDS = 30


@dataclass(frozen=True)
class _Block:
    """A heading (level 2-6) or a paragraph-like line (level 0)."""

    level: int
    text: str


def looks_like_html(text: str) -> bool:
    """Content sniffing: does the document open like an HTML page?"""
    head = text.lstrip()[:2048].lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<meta", "<!--")) or bool(
        re.search(r"<(html|body|article|div|p|h[1-6])[\s>]", head)
    )


def parse_webpage(text: str, source: str) -> Article:
    soup = BeautifulSoup(text, "lxml")
    meta = _PageMeta(soup)
    body, is_fallback = _find_body(soup)
    if body is None:
        raise UnusableSource("no article text found in the page")
    for br in body.find_all("br"):
        br.replace_with("\n")
    _strip_chrome(body)
    blocks = _blocks(body)
    blocks, disclaimer = _split_disclaimer(blocks)
    if disclaimer is None:
        disclaimer = _disclaimer_elsewhere(soup)
    sections = _sections(blocks)
    words = sum(len(s.text.split()) for s in sections)
    if not sections or (is_fallback and words < _FALLBACK_MIN_WORDS):
        raise UnusableSource("no article text found in the page")

    url = meta.canonical_url()
    site = meta.site() or site_named_in(disclaimer)
    return Article(
        id=url or source,
        source=source,
        url=url,
        site=site,
        title=meta.title(site) or _first_line(sections),
        author=meta.author(),
        published=meta.published(),
        tags=meta.tags(),
        disclaimer=disclaimer,
        sections=tuple(sections),
    )


# --- metadata ---------------------------------------------------------------


class _PageMeta:
    """Reads title, author, date, URL, site and tags from a page's head and byline."""

    def __init__(self, soup: BeautifulSoup):
        self.soup = soup
        self.meta: dict[str, list[str]] = {}
        for tag in soup.find_all("meta"):
            key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
            content = tag.get("content")
            if key and isinstance(content, str) and content.strip():
                self.meta.setdefault(key, []).append(clean_text(content))
        self.ld = _json_ld_article(soup)

    def first(self, *keys: str) -> str | None:
        for key in keys:
            if self.meta.get(key):
                return self.meta[key][0]
        return None

    def title(self, site: str | None) -> str | None:
        h1 = self.soup.select_one("h1.entry-title") or self.soup.select_one("article h1")
        candidates = [
            _element_text(h1) if h1 else None,
            self.first("og:title", "twitter:title"),
            _ld_text(self.ld.get("headline")),
            clean_text(self.soup.title.get_text()) if self.soup.title else None,
        ]
        for candidate in candidates:
            if candidate:
                return _strip_site_suffix(candidate, site)
        return None

    def author(self) -> str | None:
        author = _ld_name(self.ld.get("author")) or self.first("author", "article:author", "dc.creator")
        if author and not author.startswith(("http://", "https://")):
            return author
        link = self.soup.select_one("a[rel~=author], .author .fn, .byline .author, .author-name")
        return _element_text(link) or None if link else None

    def published(self):
        for value in (
            self.first("article:published_time", "datepublished", "date", "dc.date", "pubdate"),
            _ld_text(self.ld.get("datePublished")),
        ):
            if (date := parse_date(value)) is not None:
                return date
        time = self.soup.select_one("article time[datetime]") or self.soup.select_one("time[datetime]")
        return parse_date(time.get("datetime")) if time else None

    def canonical_url(self) -> str | None:
        link = self.soup.find("link", rel="canonical")
        main_entity = self.ld.get("mainEntityOfPage")
        for value in (
            link.get("href") if link else None,
            self.first("og:url"),
            _ld_text(self.ld.get("url")),
            _ld_text(main_entity.get("@id")) if isinstance(main_entity, dict) else _ld_text(main_entity),
        ):
            if isinstance(value, str) and urlsplit(value.strip()).scheme in ("http", "https"):
                return clean_text(value)
        return None

    def site(self) -> str | None:
        publisher = self.ld.get("publisher")
        return self.first("og:site_name", "application-name") or _ld_name(publisher)

    def tags(self) -> tuple[str, ...]:
        tags = list(self.meta.get("article:tag", []))
        keywords = self.ld.get("keywords")
        if not tags and isinstance(keywords, str):
            tags = [k for k in (clean_text(k) for k in keywords.split(",")) if k]
        elif not tags and isinstance(keywords, list):
            tags = [clean_text(k) for k in keywords if isinstance(k, str) and clean_text(k)]
        if not tags:
            tags = [_element_text(a) for a in self.soup.select("a[rel~=tag]")]
        return tuple(dict.fromkeys(t for t in tags if t))


def _json_ld_article(soup: BeautifulSoup) -> dict:
    """The first JSON-LD object typed as an article, or {}."""
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                types = item.get("@type")
                types = types if isinstance(types, list) else [types]
                if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
                    return item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return {}


def _ld_text(value) -> str | None:
    return clean_text(value) or None if isinstance(value, str) else None


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


# --- body -------------------------------------------------------------------


def _find_body(soup: BeautifulSoup) -> tuple[Tag | None, bool]:
    """The article's content container, and whether it is only a fallback."""
    for selector in BODY_SELECTORS:
        found = [el for el in soup.select(selector) if el.get_text(strip=True)]
        if found:
            return max(found, key=lambda el: len(el.get_text())), False
    return soup.body or soup, True


def _class_words(tag: Tag) -> set[str]:
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = [classes]
    values = [*classes, tag.get("id") or ""]
    return {word for value in values if isinstance(value, str) for word in _WORD_SPLIT.split(value.lower()) if word}


def _strip_chrome(body: Tag) -> None:
    """Remove furniture from the body: tags that never hold article text, and
    elements whose class or id names chrome (unless it holds most of the body,
    as a wrapper with an unlucky class name would)."""
    for tag in body.find_all(CHROME_TAGS):
        if not tag.decomposed:
            tag.decompose()
    body_length = len(body.get_text())
    for tag in body.find_all(True):
        if tag.decomposed or not (_class_words(tag) & CHROME_WORDS):
            continue
        if len(tag.get_text()) <= 0.5 * body_length:
            tag.decompose()


def _element_text(node: Tag, skip: tuple[str, ...] = ()) -> str:
    """The text a reader sees: inline markup joined, block boundaries spaced,
    comments and the subtrees named in ``skip`` left out."""
    parts: list[str] = []
    stack: list = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, NavigableString):
            if type(current) is NavigableString:
                parts.append(str(current))
            continue
        if current is not node:
            if current.name in skip:
                continue
            if current.name not in _INLINE_TAGS:
                parts.append(" ")
        stack.extend(reversed(current.contents))
    return clean_text("".join(parts))


def _blocks(body: Tag) -> list[_Block]:
    """The body as a flat list of headings and text lines, in document order."""
    blocks: list[_Block] = []
    inline: list[str] = []

    def flush() -> None:
        text = clean_text("".join(inline))
        inline.clear()
        if text:
            blocks.append(_Block(0, text))

    stack = [iter(body.contents)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            flush()
            continue
        if isinstance(node, NavigableString):
            if type(node) is NavigableString:
                inline.append(str(node))
            continue
        name = node.name
        if name in _INLINE_TAGS:
            inline.append(_element_text(node) if name != "img" else "")
            continue
        flush()
        if name in HEADING_TAGS:
            text = _element_text(node)
            if text:
                blocks.append(_Block(max(2, int(name[1])), text))
        elif name in PARAGRAPH_TAGS:
            _append_text(blocks, _element_text(node))
        elif name in LIST_TAGS:
            for line in _list_lines(node):
                _append_text(blocks, line)
        elif name == "table":
            for line in _table_lines(node):
                _append_text(blocks, line)
        else:
            stack.append(iter(node.contents))
    flush()
    return blocks


def _append_text(blocks: list[_Block], text: str) -> None:
    if text:
        blocks.append(_Block(0, text))


def _list_lines(list_tag: Tag) -> list[str]:
    """Each list item on a line of its own: '- item' or '1. item'."""
    lines = []
    for item in list_tag.find_all("li"):
        text = _element_text(item, skip=LIST_TAGS)
        if not text:
            continue
        parent = item.find_parent(LIST_TAGS)
        if parent is not None and parent.name == "ol":
            position = len(item.find_previous_siblings("li")) + 1
            lines.append(f"{position}. {text}")
        else:
            lines.append(f"- {text}")
    return lines


def _table_lines(table: Tag) -> list[str]:
    """A caption line, then each row's cells joined by ' | '."""
    lines = []
    caption = table.find("caption")
    if caption is not None:
        lines.append(_element_text(caption))
    for row in table.find_all("tr"):
        cells = [_element_text(cell) for cell in row.find_all(["th", "td"], recursive=False)]
        if any(cells):
            lines.append(" | ".join(cells))
    return [line for line in lines if line]


def _split_disclaimer(blocks: list[_Block]) -> tuple[list[_Block], str | None]:
    """Body blocks, and the disclaimer: what follows a ``***`` paragraph, and
    any paragraph worded as a disclaimer (it is never a section)."""
    for i, block in enumerate(blocks):
        if block.level == 0 and block.text in BODY_END_MARKS:
            tail = " ".join(b.text for b in blocks[i + 1:] if b.level == 0)
            return blocks[:i], tail or None
    kept = [b for b in blocks if b.level or not looks_like_disclaimer(b.text)]
    found = [b.text for b in blocks if b.level == 0 and looks_like_disclaimer(b.text)]
    return kept, " ".join(found) or None


def _disclaimer_elsewhere(soup: BeautifulSoup) -> str | None:
    """A disclaimer outside the body, e.g. in a footer note."""
    for string in soup.find_all(string=re.compile("medical advice", re.IGNORECASE)):
        block = string.find_parent(["p", "div", "section", "footer", "aside"])
        if block is not None:
            text = _element_text(block)
            if looks_like_disclaimer(text):
                return text
    return None


def _sections(blocks: list[_Block]) -> list[Section]:
    """Group blocks under their headings; a heading with no text of its own
    before the next heading (an h2 directly followed by its first h3) is only
    part of the path of what follows."""
    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    lines: list[str] = []

    def close() -> None:
        if lines:
            names = tuple(text for _, text in path)
            sections.append(Section(len(sections), names[-1] if names else None, names, "\n".join(lines)))
            lines.clear()

    for block in blocks:
        if block.level == 0:
            lines.append(block.text)
            continue
        close()
        while path and path[-1][0] >= block.level:
            path.pop()
        path.append((block.level, block.text))
    close()
    return sections


def _first_line(sections: list[Section]) -> str:
    words = sections[0].text.split("\n")[0].split() if sections else []
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "") or "Untitled"
