"""Where on a page the article is: candidate blocks scored, not the first
``<article>`` trusted.

Works on the lxml tree in one bottom-up pass and one scoring pass.  Every
element gets its text, link-text and comma counts; every paragraph (a ``<p>``,
or a run of loose text between ``<br>``s) hands points (longer, more commas:
more prose) to the block holding it and, diminishing, to a few blocks around
that.  A block's score is then weighed by its class/id words and cut by its
link density, so a related-articles rail or a comment thread of short linked
lines loses to the story; blocks inside a comment thread, sidebar or menu
(by class or id) hand out no points at all.  The best block's siblings that
score nearly as well join it (stories split over several blocks).

The page's own declarations are checked against that choice: a site
template's body class, ``itemprop="articleBody"`` and the JSON-LD
``articleBody`` name the article when what they name holds at least 30% of
the prose of the best block (a stray ``entry-content`` around a tweet does not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.etree

from sclerodex.ingest.blocks import drop_element
from sclerodex.ingest.classnames import class_factor, names_unlikely
from sclerodex.ingest.selectors import (
    BLOCK_TAGS,
    CANDIDATE_TAGS,
    DECLARED_BODY_CLASSES,
    PARAGRAPH_LIKE_TAGS,
    TEXTLESS_TAGS,
)

# A paragraph shorter than this (characters, outer spaces excluded) is not prose.
MIN_PARAGRAPH_CHARS = 25
# A region with less non-link text than this is no article.
MIN_ARTICLE_CHARS = 80
_TAG_BASE = {"div": 5.0, "article": 10.0, "main": 5.0, "section": 3.0, "td": 3.0, "blockquote": 3.0, "pre": 3.0}
_ANCESTOR_LEVELS = 5
_SIBLING_SHARE = 0.2
# A declared body is taken when it holds at least this share of the best
# candidate's non-link text.
_DECLARED_SHARE = 0.3
_SNIPPET_CHARS = 30
# A block inside the article with more of its text in links than this is a
# list of links (navigation, "related" rails), not prose.
_LINK_LIST_DENSITY = 0.65
_ELEMENTS = lxml.etree.Element


@dataclass(slots=True)
class _Stats:
    chars: int = 0
    link_chars: int = 0
    commas: int = 0
    loose_points: float = 0.0  # paragraphs of text directly inside, between child blocks
    points: float = 0.0
    scored: bool = False


# What an element that lxml's walk did not reach (a broken tree) counts as.
_NOTHING = _Stats()


@dataclass
class PageRegion:
    """The elements that hold the article, in document order, and what was
    measured of the page's elements."""

    elements: list
    stats: dict = field(default_factory=dict, repr=False)

    def contains(self, element) -> bool:
        while element is not None:
            if any(element is el for el in self.elements):
                return True
            element = element.getparent()
        return False


def _points(chars: int, commas: int) -> float:
    """What one paragraph is worth: more for longer, more for more commas."""
    if chars < MIN_PARAGRAPH_CHARS:
        return 0.0
    return 1.0 + commas + min(chars / 100.0, 3.0)


_DECLARED_CLASS_SET = frozenset(DECLARED_BODY_CLASSES)


class _Page:
    """One bottom-up walk over the page for every element's counts; the
    scoring walk also notes the elements that declare themselves the body."""

    def __init__(self, root):
        self.stats: dict = {}
        self.declared: dict[str, list] = {}
        measure = self._measure
        for element in reversed(list(root.iter(_ELEMENTS))):
            self.stats[element] = measure(element)

    def _measure(self, element) -> _Stats:
        entry = _Stats()
        tag = element.tag
        if tag in TEXTLESS_TAGS:
            return entry
        stats = self.stats
        text = element.text
        chars = run_chars = len(text.strip()) if text else 0
        commas = run_commas = text.count(",") if text else 0
        link_chars = 0
        loose = 0.0
        for child in element:
            child_stats = stats.get(child, _NOTHING)
            chars += child_stats.chars
            link_chars += child_stats.link_chars
            commas += child_stats.commas
            if child.tag in BLOCK_TAGS or child.tag == "br":
                if run_chars >= MIN_PARAGRAPH_CHARS:
                    loose += _points(run_chars, run_commas)
                run_chars = run_commas = 0
            else:
                run_chars += child_stats.chars
                run_commas += child_stats.commas
            tail = child.tail
            if tail:
                tail_chars = len(tail.strip())
                tail_commas = tail.count(",")
                chars += tail_chars
                run_chars += tail_chars
                commas += tail_commas
                run_commas += tail_commas
        if run_chars >= MIN_PARAGRAPH_CHARS:
            loose += _points(run_chars, run_commas)
        entry.chars, entry.commas, entry.loose_points = chars, commas, loose
        entry.link_chars = chars if tag == "a" else link_chars
        return entry

    def prose(self, element) -> int:
        entry = self.stats.get(element, _NOTHING)
        return entry.chars - entry.link_chars

    def final(self, element, own_points_only: bool = False) -> float:
        """A block's score; with ``own_points_only``, only what its text earned
        (not the head start its tag gives it)."""
        entry = self.stats.get(element, _NOTHING)
        density = entry.link_chars / entry.chars if entry.chars else 1.0
        points = entry.points - (_TAG_BASE.get(element.tag, 0.0) if own_points_only else 0.0)
        return points * class_factor(element) * (1.0 - density)

    def score(self, root) -> list:
        """Hand every paragraph's points up; the scored candidates."""
        unlikely: set = set()  # inside a comment thread, sidebar, menu...
        for element in root.iter(_ELEMENTS):
            classes = element.get("class")
            if classes:
                for name in _DECLARED_CLASS_SET.intersection(classes.split()):
                    self.declared.setdefault(name, []).append(element)
            if element.get("itemprop") == "articleBody":
                self.declared.setdefault("itemprop", []).append(element)
            tag = element.tag
            if tag not in ("html", "body") and (element.getparent() in unlikely or names_unlikely(element)):
                unlikely.add(element)
                continue
            if tag in PARAGRAPH_LIKE_TAGS:
                entry = self.stats.get(element, _NOTHING)
                if entry.chars - entry.link_chars >= MIN_PARAGRAPH_CHARS:
                    self._hand_up(element.getparent(), _points(entry.chars - entry.link_chars, entry.commas))
            elif tag in CANDIDATE_TAGS:
                loose = self.stats.get(element, _NOTHING).loose_points
                if loose:
                    self._hand_up(element, loose)
        return [element for element, entry in self.stats.items() if entry.scored]

    def _hand_up(self, ancestor, points: float) -> None:
        """Add a paragraph's points to the block holding it, and less to the
        blocks around that."""
        for level in range(_ANCESTOR_LEVELS):
            if ancestor is None:
                return
            if ancestor.tag in CANDIDATE_TAGS:
                candidate = self.stats.setdefault(ancestor, _Stats())
                if not candidate.scored:
                    candidate.scored = True
                    candidate.points = _TAG_BASE.get(ancestor.tag, 0.0)
                candidate.points += points / (1 if level == 0 else 2 if level == 1 else level * 3)
            ancestor = ancestor.getparent()


def _is_ancestor(ancestor, element) -> bool:
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
        while chain and not (chain[0] is other or _is_ancestor(chain[0], other)):
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


def _declared(root, page: _Page, ld_body: str | None) -> list:
    """Elements the page itself names as its article body, most specific first."""
    found = []
    for name in (*DECLARED_BODY_CLASSES, "itemprop"):
        matches = [el for el in page.declared.get(name, ()) if page.prose(el)]
        if len(matches) > 1:
            # One story split over several marked blocks: their common
            # container, when they make up most of it; else the largest.
            ancestor = _common_ancestor(matches)
            together = sum(page.prose(el) for el in matches if not any(_is_ancestor(o, el) for o in matches))
            if ancestor is not None and together >= 0.5 * page.prose(ancestor):
                matches = [ancestor]
            else:
                matches = [max(matches, key=page.prose)]
        found.extend(matches)
    found.extend(_json_ld_body(root, ld_body))
    return found


def find_region(root, ld_body: str | None = None) -> PageRegion | None:
    """The article's region of an lxml page, or None when no block reads as one."""
    body = root.find("body")
    root = body if body is not None else root
    page = _Page(root)
    candidates = sorted(page.score(root), key=page.final, reverse=True)
    top = candidates[0] if candidates else None
    declared = _declared(root, page, ld_body)
    for element in declared:
        if top is None or _is_ancestor(element, top) or page.prose(element) >= _DECLARED_SHARE * page.prose(top):
            return PageRegion([element], page.stats)
    # The best-scoring block with enough prose to be an article.
    for candidate in candidates:
        elements = _with_siblings(candidate, page)
        if sum(page.prose(el) for el in elements) >= MIN_ARTICLE_CHARS:
            return PageRegion(elements, page.stats)
    # Nothing reads as a story: a short one in a container the page marks as
    # its article is still taken.
    marked = declared or root.xpath("//article|//main|//*[@role='main']")
    best = max(marked, key=lambda el: page.stats.get(el, _NOTHING).chars, default=None)
    if best is not None and page.stats.get(best, _NOTHING).chars:
        return PageRegion([best], page.stats)
    return None


def _with_siblings(top, page: _Page) -> list:
    """The top candidate and the siblings that read as more of the same story."""
    parent = top.getparent()
    if parent is None:
        return [top]
    top_score = page.final(top)
    threshold = max(10.0, top_score * _SIBLING_SHARE)
    top_class = top.get("class")
    kept = []
    for sibling in parent.iterchildren(_ELEMENTS):
        if sibling is top:
            kept.append(sibling)
            continue
        entry = page.stats.get(sibling, _NOTHING)
        bonus = top_score * _SIBLING_SHARE if top_class and sibling.get("class") == top_class else 0.0
        if entry.scored and page.final(sibling, own_points_only=True) + bonus >= threshold:
            kept.append(sibling)
        elif sibling.tag == "p" and entry.chars:
            density = entry.link_chars / entry.chars
            text = "".join(sibling.itertext()).strip()
            if (entry.chars > 80 and density < 0.25) or (density == 0 and re.search(r"\.( |$)", text)):
                kept.append(sibling)
    return kept


def drop_link_lists(region: PageRegion) -> None:
    """Remove blocks that are mostly links (navigation, "related" rails, tag
    clouds) from inside the region, never one holding most of its text."""
    for root in region.elements:
        total = region.stats.get(root, _NOTHING).chars
        doomed = []
        stack = [root]
        while stack:
            for child in stack.pop().iterchildren(_ELEMENTS):
                entry = region.stats.get(child, _NOTHING)
                if (
                    child.tag in BLOCK_TAGS
                    and entry.chars
                    and entry.link_chars / entry.chars > _LINK_LIST_DENSITY
                    and entry.chars <= 0.5 * total
                ):
                    doomed.append(child)
                else:
                    stack.append(child)
        for element in doomed:
            drop_element(element)
