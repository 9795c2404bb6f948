"""Passages: sentence-bounded fragments around the densest matches.

A section is cut into sentences; each sentence is scored by the distinct
query terms it holds (then by how many matches); the best sentences become
passages, grown into neighbouring matching sentences while they stay short.
Passages are data (text + highlight offsets), rendered elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sclerodex.search.records import Passage

MAX_PASSAGES = 3
MAX_PASSAGE_CHARS = 320
ELLIPSIS = "…"

# A sentence ends at . ! ? (with any closing quote or bracket) before
# whitespace and a capital, digit or opening quote; and at every line break.
_SENTENCE_END = re.compile(r"""(?<=[.!?])["”’')\]]*\s+(?=["“‘(\[]?[A-Z0-9])|\n""")


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term: str


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; no sentence crosses a line break."""
    spans, start = [], 0
    for boundary in _SENTENCE_END.finditer(text):
        if boundary.start() > start:
            spans.append((start, boundary.start()))
        start = boundary.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _same_paragraph(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    left, right = (a, b) if a[0] < b[0] else (b, a)
    return "\n" not in text[left[1]:right[0]]


def find_matches(text: str, terms: set[str], analyzer) -> list[Match]:
    """Where the analysed tokens of ``text`` equal one of ``terms``."""
    if not terms:
        return []
    return [
        Match(token.startchar, token.endchar, token.text)
        for token in analyzer(text, chars=True, mode="index")
        if token.text in terms
    ]


def build_passages(text: str, matches: list[Match], limit: int = MAX_PASSAGES) -> tuple[Passage, ...]:
    """Up to ``limit`` passages, in text order; the opening sentence when
    nothing in the text matched (a title-only or heading-only hit)."""
    spans = sentence_spans(text)
    if not spans:
        return ()
    per_sentence = [[m for m in matches if s <= m.start < e] for s, e in spans]
    ranked = sorted(
        (i for i, found in enumerate(per_sentence) if found),
        key=lambda i: (-len({m.term for m in per_sentence[i]}), -len(per_sentence[i]), i),
    )
    if not ranked:
        return (_passage(text, spans[0], []),)
    used: set[int] = set()
    windows: list[tuple[int, int]] = []
    for i in ranked:
        if len(windows) >= limit:
            break
        if i in used:
            continue
        first = last = i
        used.add(i)
        # Grow into adjacent matching sentences of the same paragraph while
        # the passage stays short.
        for step in (1, -1):
            j = (last if step == 1 else first) + step
            while (
                0 <= j < len(spans)
                and j not in used
                and per_sentence[j]
                and _same_paragraph(text, spans[i], spans[j])
                and spans[max(last, j)][1] - spans[min(first, j)][0] <= MAX_PASSAGE_CHARS
            ):
                used.add(j)
                first, last = min(first, j), max(last, j)
                j += step
        windows.append((first, last))
    passages = []
    for first, last in sorted(windows):
        span = (spans[first][0], spans[last][1])
        passages.append(_passage(text, span, [m for m in matches if span[0] <= m.start < span[1]]))
    return tuple(passages)


def _passage(text: str, span: tuple[int, int], matches: list[Match]) -> Passage:
    """Cut ``span`` of ``text`` to a passage, trimming a long sentence to a
    window around its matches, with offsets made relative to the passage."""
    start, end = span
    if end - start > MAX_PASSAGE_CHARS:
        centre = matches[0].start if matches else start
        start = max(start, centre - MAX_PASSAGE_CHARS // 3)
        end = min(end, start + MAX_PASSAGE_CHARS)
        start, end = _word_bounds(text, start, end, span)
    prefix = ELLIPSIS if start > span[0] else ""
    suffix = ELLIPSIS if end < span[1] else ""
    offset = len(prefix) - start
    body = text[start:end]
    highlights = tuple(
        (m.start + offset, m.end + offset) for m in matches if m.start >= start and m.end <= end
    )
    return Passage(prefix + body + suffix, highlights)


def _word_bounds(text: str, start: int, end: int, span: tuple[int, int]) -> tuple[int, int]:
    """Move a cut inwards to the nearest spaces so that no word is split."""
    if start > span[0]:
        space = text.find(" ", start, end)
        start = space + 1 if space != -1 else start
    if end < span[1]:
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end
