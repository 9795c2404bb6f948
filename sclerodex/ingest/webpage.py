"""Saved article pages (HTML) -> Article.

The page is parsed once, by lxml.  Metadata comes from the page head (Open
Graph, article:* meta, JSON-LD), else from the byline (:mod:`bylines`, read
and then removed from the body; authors cleaned by :mod:`authors`); the body from the
article's region only (:mod:`region` finds it), read as a flat run of blocks
(:mod:`blocks`), without the furniture inside it (:mod:`boilerplate`), and
split into sections at h2, with h3 and deeper as subsections.
"""

from __future__ import annotations

import re
from itertools import chain

import lxml.etree

from sclerodex.errors import UnusableSource
from sclerodex.ingest.authors import first_authors
from sclerodex.ingest.blocks import Block, drop_element, read_blocks, strip_chrome
from sclerodex.ingest.boilerplate import clean_blocks
from sclerodex.ingest.bylines import take_bylines
from sclerodex.ingest.disclaimer import looks_like_disclaimer, site_named_in
from sclerodex.ingest.pagemeta import PageMeta
from sclerodex.ingest.records import Article, Section
from sclerodex.ingest.region import PageRegion, drop_link_lists, find_region
from sclerodex.ingest.sections import bounded_sections
from sclerodex.ingest.selectors import BODY_END_MARKS, INVISIBLE_TAGS
from sclerodex.textutil import clean_text

_MEDICAL_ADVICE = re.compile(r"medical\s+advice", re.IGNORECASE)
_INVISIBLE_XPATH = lxml.etree.XPath("|".join(f"//{tag}" for tag in INVISIBLE_TAGS))
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Beyond this many elements an "article" is not one (a hostile or broken page);
# it is skipped with a reason rather than parsed for minutes.
MAX_ARTICLE_ELEMENTS = 200_000


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
    # Tags and bylines first: dropping link lists and furniture would lose them unread.
    tags = meta.tags(region.elements)
    bylines = take_bylines(region.elements)
    drop_link_lists(region)
    blocks, disclaimer = _split_disclaimer(read_blocks(strip_chrome(region.elements)))
    if disclaimer is None and _MEDICAL_ADVICE.search(text):
        disclaimer = _disclaimer_elsewhere(doc, region)
    site = meta.site() or site_named_in(disclaimer)
    title = meta.title(site)
    blocks, byline = clean_blocks(blocks, title)
    sections = bounded_sections(_sections(blocks))
    if not sections:
        raise UnusableSource("no article text found in the page")

    url = meta.canonical_url()
    declared = chain(
        meta.head_authors(), (b.text for b in bylines if b.leads), meta.marked_authors(),
        (b.text for b in bylines if not b.leads), [byline.author],
    )
    return Article(
        id=url or source,
        source=source,
        url=url,
        site=site,
        title=title or _first_line(sections),
        authors=first_authors(declared, meta.outlets(site)),
        published=meta.published() or next((b.published for b in bylines if b.published), None) or byline.published,
        tags=tags,
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
    for element in _INVISIBLE_XPATH(doc):
        drop_element(element)
    return doc


# --- body -------------------------------------------------------------------


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
