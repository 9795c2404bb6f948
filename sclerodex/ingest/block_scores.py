"""Every element's text counts and every candidate block's score, for region.py.

One bottom-up walk counts each element's text, link text and commas; one
top-down walk then hands each paragraph's points (a ``<p>``, or a run of loose
text between ``<br>``s: longer, more commas, more prose) to the block holding
it and, diminishing, to a few blocks around that.  Blocks inside a comment
thread, sidebar or menu (by class or id) hand out no points at all.  A
block's final score is weighed by its class/id words and cut by its link
density, so a rail of short linked lines loses to the story.
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.etree

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
_TAG_BASE = {"div": 5.0, "article": 10.0, "main": 5.0, "section": 3.0, "td": 3.0, "blockquote": 3.0, "pre": 3.0}
_ANCESTOR_LEVELS = 5
ELEMENTS = lxml.etree.Element  # iterate elements only, not comments or processing instructions


@dataclass(slots=True)
class BlockStats:
    chars: int = 0
    link_chars: int = 0
    commas: int = 0
    loose_points: float = 0.0  # paragraphs of text directly inside, between child blocks
    points: float = 0.0
    scored: bool = False


# What an element that lxml's walk did not reach (a broken tree) counts as.
NOTHING = BlockStats()


def _points(chars: int, commas: int) -> float:
    """What one paragraph is worth: more for longer, more for more commas."""
    if chars < MIN_PARAGRAPH_CHARS:
        return 0.0
    return 1.0 + commas + min(chars / 100.0, 3.0)


_DECLARED_CLASS_SET = frozenset(DECLARED_BODY_CLASSES)


class ScoredPage:
    """One bottom-up walk over the page for every element's counts; the
    scoring walk also notes the elements that declare themselves the body."""

    def __init__(self, root):
        self.stats: dict = {}
        self.declared: dict[str, list] = {}
        measure = self._measure
        for element in reversed(list(root.iter(ELEMENTS))):
            self.stats[element] = measure(element)

    def _measure(self, element) -> BlockStats:
        entry = BlockStats()
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
            child_stats = stats.get(child, NOTHING)
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
        entry = self.stats.get(element, NOTHING)
        return entry.chars - entry.link_chars

    def final(self, element, own_points_only: bool = False) -> float:
        """A block's score; with ``own_points_only``, only what its text earned
        (not the head start its tag gives it)."""
        entry = self.stats.get(element, NOTHING)
        density = entry.link_chars / entry.chars if entry.chars else 1.0
        points = entry.points - (_TAG_BASE.get(element.tag, 0.0) if own_points_only else 0.0)
        return points * class_factor(element) * (1.0 - density)

    def score(self, root) -> list:
        """Hand every paragraph's points up; the scored candidates."""
        unlikely: set = set()  # inside a comment thread, sidebar, menu...
        for element in root.iter(ELEMENTS):
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
                entry = self.stats.get(element, NOTHING)
                if entry.chars - entry.link_chars >= MIN_PARAGRAPH_CHARS:
                    self._hand_up(element.getparent(), _points(entry.chars - entry.link_chars, entry.commas))
            elif tag in CANDIDATE_TAGS:
                loose = self.stats.get(element, NOTHING).loose_points
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
                candidate = self.stats.setdefault(ancestor, BlockStats())
                if not candidate.scored:
                    candidate.scored = True
                    candidate.points = _TAG_BASE.get(ancestor.tag, 0.0)
                candidate.points += points / (1 if level == 0 else 2 if level == 1 else level * 3)
            ancestor = ancestor.getparent()
