"""Where on a page the article is: candidate blocks scored, not the first
``<article>`` trusted.

Every block is scored by the prose it holds (block_scores.py), so a
related-articles rail or a comment thread of short linked lines loses to the
story.  The best block's siblings that score nearly as well join it (stories
split over several blocks).

The page's own declarations (declared_body.py) are checked against that
choice: a site template's body class, ``itemprop="articleBody"`` and the
JSON-LD ``articleBody`` name the article when what they name holds at least
30% of the prose of the best block (a stray ``entry-content`` around a tweet
does not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sclerodex.ingest.block_scores import ELEMENTS, NOTHING, ScoredPage
from sclerodex.ingest.blocks import drop_element
from sclerodex.ingest.declared_body import declared_bodies, is_ancestor
from sclerodex.ingest.selectors import BLOCK_TAGS

# A region with less non-link text than this is no article.
MIN_ARTICLE_CHARS = 80
_SIBLING_SHARE = 0.2
# A declared body is taken when it holds at least this share of the best
# candidate's non-link text.
_DECLARED_SHARE = 0.3
# A block inside the article with more of its text in links than this is a
# list of links (navigation, "related" rails), not prose.
_LINK_LIST_DENSITY = 0.65


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


def find_region(root, ld_body: str | None = None) -> PageRegion | None:
    """The article's region of an lxml page, or None when no block reads as one."""
    body = root.find("body")
    root = body if body is not None else root
    page = ScoredPage(root)
    candidates = sorted(page.score(root), key=page.final, reverse=True)
    top = candidates[0] if candidates else None
    declared = declared_bodies(root, page, ld_body)
    for element in declared:
        if top is None or is_ancestor(element, top) or page.prose(element) >= _DECLARED_SHARE * page.prose(top):
            return PageRegion([element], page.stats)
    # The best-scoring block with enough prose to be an article.
    for candidate in candidates:
        elements = _with_siblings(candidate, page)
        if sum(page.prose(el) for el in elements) >= MIN_ARTICLE_CHARS:
            return PageRegion(elements, page.stats)
    # Nothing reads as a story: a short one in a container the page marks as
    # its article is still taken.
    marked = declared or root.xpath("//article|//main|//*[@role='main']")
    best = max(marked, key=lambda el: page.stats.get(el, NOTHING).chars, default=None)
    if best is not None and page.stats.get(best, NOTHING).chars:
        return PageRegion([best], page.stats)
    return None


def _with_siblings(top, page: ScoredPage) -> list:
    """The top candidate and the siblings that read as more of the same story."""
    parent = top.getparent()
    if parent is None:
        return [top]
    top_score = page.final(top)
    threshold = max(10.0, top_score * _SIBLING_SHARE)
    top_class = top.get("class")
    kept = []
    for sibling in parent.iterchildren(ELEMENTS):
        if sibling is top:
            kept.append(sibling)
            continue
        entry = page.stats.get(sibling, NOTHING)
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
        total = region.stats.get(root, NOTHING).chars
        doomed = []
        stack = [root]
        while stack:
            for child in stack.pop().iterchildren(ELEMENTS):
                entry = region.stats.get(child, NOTHING)
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
