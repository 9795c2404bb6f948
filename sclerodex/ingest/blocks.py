"""The article's region (lxml elements) -> a flat list of headings and lines.

Chrome is removed first (tags that never hold article text, and elements
whose class or id names chrome); then the region is read in document order:
headings become heading blocks, paragraphs one line each, list items
``- item`` or ``1. item``, table rows their cells joined by `` | ``, and
loose inline text a line per run.  Every walk is iterative, so a deeply
nested page cannot exhaust the stack.
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.etree

from sclerodex.ingest.classnames import class_words
from sclerodex.ingest.sections import MAX_HEADING_CHARS
from sclerodex.ingest.selectors import CHROME_TAGS, CHROME_WORDS, HEADING_TAGS, LIST_TAGS, PARAGRAPH_TAGS
from sclerodex.textutil import clean_text

_INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i",
    "img", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
    "time", "tt", "u", "var", "wbr",
})
_ELEMENTS = lxml.etree.Element


@dataclass(frozen=True)
class Block:
    """A heading (level 2-6) or a paragraph-like line (level 0)."""

    level: int
    text: str


def strip_chrome(roots: list) -> list:
    """Remove furniture: tags that never hold article text, and elements whose
    class or id names chrome (unless it holds most of the text, as a wrapper
    with an unlucky class name would).  The roots that are not furniture
    themselves are returned.

    One walk that does not descend into what it removes, so it stays linear
    however deeply the page nests.
    """
    total = sum(len("".join(root.itertext())) for root in roots)

    def is_chrome(element) -> bool:
        return element.tag in CHROME_TAGS or bool(
            class_words(element) & CHROME_WORDS and len("".join(element.itertext())) <= 0.5 * total
        )

    kept = [root for root in roots if len(roots) == 1 or not is_chrome(root)]
    doomed = []
    stack = list(kept)
    while stack:
        for child in stack.pop().iterchildren(_ELEMENTS):
            if is_chrome(child):
                doomed.append(child)
            else:
                stack.append(child)
    for element in doomed:
        drop_element(element)
    return kept


def drop_element(element) -> None:
    """Remove an element and what it holds, keeping its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    parent.remove(element)
    if tail and tail.strip():
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _pending(element) -> list:
    """An element's text and children with their tails, reversed for a stack."""
    items: list = [element.text or ""]
    for child in element:
        items.append(child)
        items.append(child.tail or "")
    items.reverse()
    return items


def element_text(node, skip: tuple[str, ...] = ()) -> str:
    """The text a reader sees: inline markup joined, block boundaries spaced,
    the subtrees named in ``skip`` left out."""
    parts: list[str] = []
    stack = _pending(node)
    while stack:
        current = stack.pop()
        if isinstance(current, str):
            parts.append(current)
            continue
        if not isinstance(current.tag, str) or current.tag in skip:
            continue
        if current.tag not in _INLINE_TAGS:
            parts.append(" ")
        stack.extend(_pending(current))
    return clean_text("".join(parts))


def read_blocks(roots: list) -> list[Block]:
    """The region as a flat list of headings and text lines, in document order."""
    blocks: list[Block] = []
    inline: list[str] = []

    def flush() -> None:
        text = clean_text("".join(inline))
        inline.clear()
        if text:
            blocks.append(Block(0, text))

    for root in roots:
        stack = [iter(reversed(_pending(root)))]
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
                flush()
                continue
            if isinstance(node, str):
                inline.append(node)
                continue
            name = node.tag
            if not isinstance(name, str):
                continue
            if name in _INLINE_TAGS:
                inline.append(element_text(node) if name != "img" else "")
                continue
            flush()
            if name in HEADING_TAGS:
                text = element_text(node)
                if len(text) > MAX_HEADING_CHARS:
                    _append_text(blocks, text)
                elif text:
                    blocks.append(Block(max(2, int(name[1])), text))
            elif name in PARAGRAPH_TAGS:
                _append_text(blocks, element_text(node))
            elif name in LIST_TAGS:
                for line in _list_lines(node):
                    _append_text(blocks, line)
            elif name == "table":
                for line in _table_lines(node):
                    _append_text(blocks, line)
            else:
                stack.append(iter(reversed(_pending(node))))
        flush()
    return blocks


def _append_text(blocks: list[Block], text: str) -> None:
    if text:
        blocks.append(Block(0, text))


def _list_lines(list_element) -> list[str]:
    """Each list item on a line of its own: '- item' or '1. item'."""
    lines = []
    for item in list_element.iter("li"):
        text = element_text(item, skip=LIST_TAGS)
        if not text:
            continue
        parent = next(item.iterancestors(*LIST_TAGS), None)
        if parent is not None and parent.tag == "ol":
            position = sum(1 for _ in item.itersiblings("li", preceding=True)) + 1
            lines.append(f"{position}. {text}")
        else:
            lines.append(f"- {text}")
    return lines


def _table_lines(table) -> list[str]:
    """A caption line, then each row's cells joined by ' | '."""
    lines = []
    caption = next(table.iter("caption"), None)
    if caption is not None:
        lines.append(element_text(caption))
    for row in table.iter("tr"):
        cells = [element_text(cell) for cell in row.iterchildren("th", "td")]
        if any(cells):
            lines.append(" | ".join(cells))
    return [line for line in lines if line]
