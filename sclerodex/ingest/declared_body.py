"""The elements a page itself names as its article body, for region.py.

A site template's body class (``entry-content``...), ``itemprop="articleBody"``
and the JSON-LD ``articleBody`` (found by where its first and last words are)
are only claims: region.py takes one when it holds enough of the prose of
the best-scoring block.
"""

from __future__ import annotations

from sclerodex.ingest.block_scores import ScoredPage
from sclerodex.ingest.selectors import DECLARED_BODY_CLASSES, PARAGRAPH_LIKE_TAGS

_SNIPPET_CHARS = 30


def is_ancestor(ancestor, element) -> bool:
    element = element.getparent()
    while element is not None:
        if element is ancestor:
            return True
        element = element.getparent()
    return False


def _common_ancestor(elements: list):
    chain = []
    node = elements[0]
    while node is not None:
        chain.append(node)
        node = node.getparent()
    for other in elements[1:]:
        while chain and not (chain[0] is other or is_ancestor(chain[0], other)):
            chain.pop(0)
    return chain[0] if chain else None


def _normalised(text: str) -> str:
    return " ".join(text.split()).lower()


def _json_ld_body(root, body_text: str | None) -> list:
    """The smallest element holding the start and the end of the JSON-LD articleBody."""
    words = _normalised(body_text or "")
    if len(words) < 4 * _SNIPPET_CHARS:
        return []
    first, last = words[:_SNIPPET_CHARS], words[-_SNIPPET_CHARS:]
    start = end = None
    for element in root.iter(*PARAGRAPH_LIKE_TAGS):
        text = _normalised("".join(element.itertext()))
        if start is None and first in text:
            start = element
        if last in text:
            end = element
    if start is None or end is None:
        return []
    ancestor = _common_ancestor([start, end])
    return [ancestor] if ancestor is not None else []


def declared_bodies(root, page: ScoredPage, ld_body: str | None) -> list:
    """Elements the page itself names as its article body, most specific first
    (``page`` must have been scored: scoring notes the declaring elements)."""
    found = []
    for name in (*DECLARED_BODY_CLASSES, "itemprop"):
        matches = [el for el in page.declared.get(name, ()) if page.prose(el)]
        if len(matches) > 1:
            # One story split over several marked blocks: their common
            # container, when they make up most of it; else the largest.
            ancestor = _common_ancestor(matches)
            together = sum(page.prose(el) for el in matches if not any(is_ancestor(o, el) for o in matches))
            if ancestor is not None and together >= 0.5 * page.prose(ancestor):
                matches = [ancestor]
            else:
                matches = [max(matches, key=page.prose)]
        found.extend(matches)
    found.extend(_json_ld_body(root, ld_body))
    return found
