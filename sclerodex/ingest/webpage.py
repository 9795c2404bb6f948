"""Saved article pages (HTML) -> Article.

Metadata comes from the page head (Open Graph, article:* meta, JSON-LD) and the
byline; the body comes from the article's content container only, with every
piece of page chrome removed (see :mod:`sclerodex.ingest.selectors`).  The body
is read as a flat run of blocks (headings, paragraphs, list items, table rows)
and split into sections at h2, with h3 and deeper as subsections.
"""

from __future__ import annotations

import re
import lxml.etree
from bs4 import BeautifulSoup, NavigableString, Tag

from sclerodex.errors import UnusableSource
from sclerodex.ingest.boilerplate import Block, clean_blocks
from sclerodex.ingest.disclaimer import looks_like_disclaimer, site_named_in
from sclerodex.ingest.pagemeta import PageMeta
from sclerodex.ingest.records import Article, Section
from sclerodex.ingest.region import PageRegion, drop_element, drop_link_lists, find_region
from sclerodex.ingest.sections import MAX_HEADING_CHARS, bounded_sections
from sclerodex.ingest.selectors import (
    BODY_END_MARKS,
    INVISIBLE_TAGS,
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
_MEDICAL_ADVICE = re.compile(r"medical\s+advice", re.IGNORECASE)
_WORD_SPLIT = re.compile(r"[\s_-]+")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Beyond this many elements an "article" is not one (a hostile or broken page);
# it is skipped with a reason rather than parsed for minutes.
MAX_ARTICLE_ELEMENTS = 200_000


def looks_like_html(text: str) -> bool:
    """Content sniffing: does the document open like an HTML page?"""
    head = text.lstrip()[:2048].lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<meta", "<!--")) or bool(
        re.search(r"<(html|body|article|div|p|h[1-6])[\s>]", head)
    )


def parse_webpage(text: str, source: str) -> Article:
    """The article of a page; UnusableSource when it has none (or is nested
    too deeply for any parser to walk)."""
    try:
        return _article_of(text, source)
    except RecursionError:
        raise UnusableSource("document nested too deeply to read") from None


def _article_of(text: str, source: str) -> Article:
    doc = _parse_page(text)
    meta = PageMeta(doc)
    region = find_region(doc, meta.ld_text("articleBody"))
    if region is None:
        raise UnusableSource("no article text found in the page")
    size = sum(1 for element in region.elements for _ in element.iter())
    if size > MAX_ARTICLE_ELEMENTS:
        raise UnusableSource(f"article has {size:,} elements, more than the {MAX_ARTICLE_ELEMENTS:,} read")
    # Only the article's region is handed to BeautifulSoup: the page chrome
    # around it is never built into a soup (lxml found the region cheaply).
    drop_link_lists(region)
    fragment = "".join(
        lxml.etree.tostring(el, method="html", encoding="unicode", with_tail=False) for el in region.elements
    )
    body = BeautifulSoup(fragment, "lxml").body or BeautifulSoup("", "lxml")
    _strip_chrome(body)
    blocks, disclaimer = _split_disclaimer(_blocks(body))
    if disclaimer is None and _MEDICAL_ADVICE.search(text):
        disclaimer = _disclaimer_elsewhere(doc, region)
    site = meta.site() or site_named_in(disclaimer)
    title = meta.title(site)
    blocks, byline = clean_blocks(blocks, title)
    sections = bounded_sections(_sections(blocks))
    if not sections:
        raise UnusableSource("no article text found in the page")

    url = meta.canonical_url()
    return Article(
        id=url or source,
        source=source,
        url=url,
        site=site,
        title=title or _first_line(sections),
        author=meta.author() or byline.author,
        published=meta.published() or byline.published,
        tags=meta.tags(),
        disclaimer=disclaimer,
        sections=tuple(sections),
    )


def _parse_page(text: str):
    """The whole page as an lxml tree, without what no reader ever sees."""
    parser = lxml.etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    # Characters XML cannot hold make lxml refuse to edit the tree; no reader
    # sees them and every field drops them anyway.
    text = _NOT_XML.sub("", text)
    try:
        doc = lxml.etree.fromstring(text.encode("utf-8", "replace"), parser)
    except (lxml.etree.LxmlError, ValueError):
        raise UnusableSource("no article text found in the page") from None
    if doc is None:
        raise UnusableSource("no article text found in the page")
    for element in doc.xpath("|".join(f"//{tag}" for tag in INVISIBLE_TAGS)):
        drop_element(element)
    return doc


# --- body -------------------------------------------------------------------


def _class_words(tag: Tag) -> set[str]:
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = [classes]
    values = [*classes, tag.get("id") or ""]
    return {word for value in values if isinstance(value, str) for word in _WORD_SPLIT.split(value.lower()) if word}


def _strip_chrome(body: Tag) -> None:
    """Remove furniture from the body: tags that never hold article text, and
    elements whose class or id names chrome (unless it holds most of the body,
    as a wrapper with an unlucky class name would).

    One walk that does not descend into what it removes, so it stays linear
    however deeply the page nests.
    """
    body_length = len(body.get_text())
    doomed: list[Tag] = []
    stack = [body]
    while stack:
        for child in stack.pop().contents:
            if not isinstance(child, Tag):
                continue
            if child.name in CHROME_TAGS or (
                _class_words(child) & CHROME_WORDS and len(child.get_text()) <= 0.5 * body_length
            ):
                doomed.append(child)
            else:
                stack.append(child)
    for tag in doomed:
        tag.extract()


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


def _blocks(body: Tag) -> list[Block]:
    """The body as a flat list of headings and text lines, in document order."""
    blocks: list[Block] = []
    inline: list[str] = []

    def flush() -> None:
        text = clean_text("".join(inline))
        inline.clear()
        if text:
            blocks.append(Block(0, text))

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
            if len(text) > MAX_HEADING_CHARS:
                _append_text(blocks, text)
            elif text:
                blocks.append(Block(max(2, int(name[1])), text))
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


def _append_text(blocks: list[Block], text: str) -> None:
    if text:
        blocks.append(Block(0, text))


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


def _split_disclaimer(blocks: list[Block]) -> tuple[list[Block], str | None]:
    """Body blocks, and the disclaimer: what follows a ``***`` paragraph, and
    any paragraph worded as a disclaimer (it is never a section)."""
    for i, block in enumerate(blocks):
        if block.level == 0 and block.text in BODY_END_MARKS:
            tail = " ".join(b.text for b in blocks[i + 1:] if b.level == 0)
            return blocks[:i], tail or None
    kept = [b for b in blocks if b.level or not looks_like_disclaimer(b.text)]
    found = [b.text for b in blocks if b.level == 0 and looks_like_disclaimer(b.text)]
    return kept, " ".join(found) or None


def _disclaimer_elsewhere(doc, region: PageRegion) -> str | None:
    """A disclaimer outside the body, e.g. in a footer note."""
    matches = doc.xpath(
        "//text()[contains(translate(., 'MEDICALADVIS', 'medicaladvis'), 'medical advice')]"
        "[not(ancestor::script) and not(ancestor::style)]"
    )
    for string in matches:
        block = string.getparent()
        while block is not None and block.tag not in ("p", "div", "section", "footer", "aside", "body"):
            block = block.getparent()
        if block is None or region.contains(block):
            continue
        text = clean_text("".join(block.itertext()))
        if looks_like_disclaimer(text):
            return text
    return None


def _sections(blocks: list[Block]) -> list[Section]:
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
